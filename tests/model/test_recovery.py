"""Recovery copies: written for the open report, offered back only after their writer died."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from model import recovery
from model.report import Report
from model.storage import ProjectError, load_report, report_to_json

from conftest import write_recovery_and_crash


def test_copy_of_a_crashed_process_is_offered_with_file_and_time(seed_file: Path) -> None:
    write_recovery_and_crash(seed_file, "崩溃前的单位")
    [found] = recovery.list_recoveries()
    assert found.source == seed_file.resolve()
    assert found.source_name == seed_file.name
    assert found.unit == "崩溃前的单位" and found.year == 2025
    assert found.written.tzinfo is not None
    restored = recovery.restore(found)
    assert restored.unit == "崩溃前的单位"
    assert restored.values["requests.new.person"] == 7


def test_untitled_copies_of_two_crashed_processes_are_both_offered() -> None:
    write_recovery_and_crash(None, "甲单位")
    write_recovery_and_crash(None, "乙单位")
    found = recovery.list_recoveries()
    assert sorted(r.unit for r in found) == ["乙单位", "甲单位"]
    assert all(r.source is None and r.source_name == "未命名报告" for r in found)


def test_copies_of_this_running_process_are_not_offered(demo_file: Path) -> None:
    report = load_report(demo_file)
    written = recovery.write_recovery(report, demo_file)
    assert written.is_file() and written.parent == recovery.recovery_dir()
    assert recovery.list_recoveries() == []


def test_a_later_write_replaces_the_copy_for_the_same_file(demo_file: Path) -> None:
    report = load_report(demo_file)
    first = recovery.write_recovery(report, demo_file)
    report.set_value("requests.new.person", 99)
    second = recovery.write_recovery(report, str(demo_file))
    assert first == second
    assert len(list(recovery.recovery_dir().iterdir())) == 1
    assert recovery.recovery_path(demo_file) == first


def test_restore_gives_back_the_report_exactly(demo_file: Path, monkeypatch) -> None:
    report = load_report(demo_file)
    report.texts["overview"] = "未保存的修改\n第二行"
    recovery.write_recovery(report, demo_file)
    monkeypatch.setattr(recovery, "process_alive", lambda pid, started=None: False)  # as seen after a crash
    [found] = recovery.list_recoveries()
    assert report_to_json(recovery.restore(found)) == report_to_json(report)


def test_discard_and_discard_own_delete_the_copy(demo_file: Path, monkeypatch) -> None:
    report = Report.blank("2019", "某单位", 2020)
    recovery.write_recovery(report, None)
    recovery.write_recovery(report, demo_file)
    recovery.discard_own(None)
    assert not recovery.recovery_path(None).exists()
    monkeypatch.setattr(recovery, "process_alive", lambda pid, started=None: False)
    [found] = recovery.list_recoveries()
    recovery.discard(found)
    assert recovery.list_recoveries() == []
    recovery.discard(found)  # twice is harmless


def test_foreign_and_broken_files_in_the_folder_are_ignored(monkeypatch) -> None:
    folder = recovery.recovery_dir()
    (folder / "x.recovery.json").write_text("{ broken", encoding="utf-8")
    (folder / "y.recovery.json").write_text('{"kind": "other"}', encoding="utf-8")
    (folder / "z.recovery.json").write_bytes(b"\xff\xfe")
    monkeypatch.setattr(recovery, "process_alive", lambda pid, started=None: False)
    assert recovery.list_recoveries() == []


def test_a_damaged_copy_is_refused_with_a_chinese_message(monkeypatch) -> None:
    write_recovery_and_crash(None, "某单位")
    [found] = recovery.list_recoveries()
    found.path.write_text(found.path.read_text(encoding="utf-8")[:-40], encoding="utf-8")
    with pytest.raises(ProjectError, match="恢复副本已损坏"):
        recovery.restore(found)


def test_a_copy_whose_pid_now_belongs_to_another_process_is_offered(demo_file: Path) -> None:
    """After a restart Windows soon hands the crashed writer's pid to some other program."""
    written = recovery.write_recovery(load_report(demo_file), demo_file)
    envelope = json.loads(written.read_text(encoding="utf-8"))
    assert envelope["pid"] == os.getpid() and envelope["started"] is not None
    envelope["started"] -= 3600  # the writer started an hour before the process now holding its pid
    written.write_text(json.dumps(envelope, ensure_ascii=False), encoding="utf-8")
    [found] = recovery.list_recoveries()
    assert found.pid == os.getpid()
