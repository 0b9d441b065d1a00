"""History: every save keeps the version it replaces, a few generations deep, restorable."""
from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from model import history
from model.report import Report
from model.storage import ProjectError, load_report, report_to_json, save_report


def _saves(report: Report, path: Path, people: list[int]) -> None:
    for n in people:
        report.set_value("requests.new.person", n)
        history.save_with_history(report, path)


def test_each_save_keeps_the_previous_version_newest_first(demo_file: Path) -> None:
    original = demo_file.read_bytes()
    report = load_report(demo_file)
    _saves(report, demo_file, [101, 102])
    versions = history.list_versions(demo_file)
    assert len(versions) == 2
    assert versions[0].saved > versions[1].saved
    assert versions[1].path.read_bytes() == original
    assert history.restore_version(versions[0]).values["requests.new.person"] == 101
    assert load_report(demo_file).values["requests.new.person"] == 102


def test_summary_names_unit_year_and_filled_cells(seed_file: Path) -> None:
    report = load_report(seed_file)
    filled = len(report.values)
    report.unit = "新名称"
    history.save_with_history(report, seed_file)
    [version] = history.list_versions(seed_file)
    assert version.readable and version.filled == filled
    assert version.summary == f"南开区文化和旅游局 · 2020年 · 已填 {filled} 格"


def test_computed_totals_do_not_count_as_filled(tmp_path: Path) -> None:
    path = tmp_path / "新报告.json"
    report = Report.blank("2021", "某局", 2025)
    save_report(report, path)
    report.set_value("requests.new.person", 3)
    history.save_with_history(report, path)
    assert history.list_versions(path)[0].filled == 0


def test_only_the_newest_generations_are_kept(demo_file: Path) -> None:
    report = load_report(demo_file)
    _saves(report, demo_file, list(range(1, 8)))
    history.save_with_history(report, demo_file, keep=3)
    report.set_value("requests.new.person", 50)
    history.save_with_history(report, demo_file, keep=3)
    versions = history.list_versions(demo_file)
    assert [history.restore_version(v).values["requests.new.person"] for v in versions] == [7, 6, 5]


def test_default_keeps_ten(demo_file: Path) -> None:
    report = load_report(demo_file)
    _saves(report, demo_file, list(range(1, 15)))
    assert len(history.list_versions(demo_file)) == history.KEEP == 10


def test_a_first_save_and_an_unchanged_save_keep_nothing(tmp_path: Path, demo_file: Path) -> None:
    report = load_report(demo_file)
    fresh = tmp_path / "另存 为.json"
    history.save_with_history(report, fresh)
    history.save_with_history(report, demo_file)
    assert history.list_versions(fresh) == []
    assert history.list_versions(demo_file) == []


def test_files_in_different_folders_have_separate_histories(tmp_path: Path, demo_file: Path) -> None:
    other = tmp_path / "sub" / demo_file.name
    other.parent.mkdir()
    other.write_bytes(demo_file.read_bytes())
    report = load_report(demo_file)
    _saves(report, demo_file, [1])
    assert len(history.list_versions(demo_file)) == 1
    assert history.list_versions(other) == []


def test_a_failed_save_keeps_no_version_and_raises(demo_file: Path, monkeypatch) -> None:
    report = load_report(demo_file)
    report.set_value("requests.new.person", 1)

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("model.storage.os.fsync", full_disk)
    with pytest.raises(ProjectError, match="磁盘空间不足"):
        history.save_with_history(report, demo_file)
    assert history.list_versions(demo_file) == []


def test_a_history_folder_that_cannot_be_written_does_not_stop_the_save(demo_file: Path, monkeypatch, caplog) -> None:
    report = load_report(demo_file)
    report.set_value("requests.new.person", 77)
    history.history_dir(demo_file).parent.mkdir(parents=True, exist_ok=True)
    history.history_dir(demo_file).write_text("a file where the folder should be")
    history.save_with_history(report, demo_file)
    assert load_report(demo_file).values["requests.new.person"] == 77
    assert "could not keep the previous version" in caplog.text


def test_an_unreadable_version_is_listed_as_such(demo_file: Path) -> None:
    report = load_report(demo_file)
    _saves(report, demo_file, [1, 2])
    versions = history.list_versions(demo_file)
    versions[0].path.write_text("{", encoding="utf-8")
    first, second = history.list_versions(demo_file)
    assert not first.readable and first.summary == "（此版本无法读取）"
    assert second.readable
    with pytest.raises(ProjectError):
        history.restore_version(first)


def test_restored_version_round_trips(demo_file: Path) -> None:
    before = report_to_json(load_report(demo_file))
    report = load_report(demo_file)
    report.texts["overview"] = "改写"
    history.save_with_history(report, demo_file)
    assert report_to_json(history.restore_version(history.list_versions(demo_file)[0])) == before
