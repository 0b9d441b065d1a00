"""Paths and encodings: the names, folders and bytes real project files come with."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from model import history, lock, recovery, storage
from model.report import Report
from model.storage import ProjectError, load_report, report_to_json, save_report

from conftest import DEMO_EXAMPLE

NAMES = ["南开区文化和旅游局 2020年 年报.json", "  前后有空格 .json", "a b（副本）(2).json",
         "年" * 80 + ".json"]  # 245 bytes in UTF-8: nearly the longest name ext4 allows


@pytest.mark.parametrize("name", NAMES)
def test_awkward_names_save_load_lock_and_keep_history(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    report = load_report(DEMO_EXAMPLE)
    save_report(report, path)
    report.set_value("requests.new.person", 1)
    history.save_with_history(report, path)
    assert load_report(path).values["requests.new.person"] == 1
    assert len(history.list_versions(path)) == 1
    recovery.write_recovery(report, path)
    assert recovery.recovery_path(path).is_file()
    with lock.acquire(path) as held:
        assert held.owned
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_a_deep_folder_beyond_the_old_windows_limit(tmp_path: Path) -> None:
    folder = tmp_path
    while len(str(folder)) < 400:
        folder = folder / "政府信息公开工作年度报告 资料"
    folder.mkdir(parents=True)
    path = folder / "年报.json"
    save_report(load_report(DEMO_EXAMPLE), path)
    assert len(str(path)) > 400
    assert report_to_json(load_report(path)) == report_to_json(load_report(DEMO_EXAMPLE))


def _demo_text() -> str:
    return DEMO_EXAMPLE.read_text(encoding="utf-8")


def test_a_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + _demo_text().encode("utf-8"))
    assert load_report(path).unit == load_report(DEMO_EXAMPLE).unit
    save_report(load_report(path), path)
    assert not path.read_bytes().startswith(b"\xef\xbb\xbf")


def test_crlf_line_ends_in_the_file_and_in_texts_are_normalised(tmp_path: Path) -> None:
    data = json.loads(_demo_text())
    data["texts"]["overview"] = "第一段\r\n第二段\r第三段"
    data["unit"] = "某某局\r\n"
    path = tmp_path / "windows.json"
    path.write_bytes(json.dumps(data, ensure_ascii=False, indent=2).replace("\n", "\r\n").encode("utf-8"))
    report = load_report(path)
    assert report.texts["overview"] == "第一段\n第二段\n第三段"
    assert report.unit == "某某局"


def test_a_file_that_is_not_utf8_is_refused_in_chinese(tmp_path: Path) -> None:
    path = tmp_path / "gbk.json"
    path.write_bytes(_demo_text().encode("gb18030"))
    with pytest.raises(ProjectError, match="文字编码不对"):
        load_report(path)


# --- older schemas --------------------------------------------------------------------------


def _from_schema_1(data: dict[str, Any]) -> dict[str, Any]:
    """A fake step to schema 2, which (in this test only) calls the unit "organisation"."""
    data = dict(data, schema=2)
    data["organisation"] = data.pop("unit")
    return data


def _from_fake_schema_2(data: dict[str, Any]) -> dict[str, Any]:
    """A fake step to schema 3: back to today's keys, proving steps run in order."""
    data = dict(data, schema=3)
    data["unit"] = data.pop("organisation") + "（已迁移）"
    return data


def test_an_older_schema_passes_through_every_migration_in_order(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(storage, "SCHEMA", 3)
    monkeypatch.setitem(storage.MIGRATIONS, 1, _from_schema_1)
    monkeypatch.setitem(storage.MIGRATIONS, 2, _from_fake_schema_2)
    path = tmp_path / "旧版本.json"
    path.write_text(_demo_text(), encoding="utf-8")
    before = path.read_bytes()
    report = load_report(path)
    assert report.unit == "示例市演示区文化和旅游局（已迁移）"
    assert path.read_bytes() == before, "loading must not rewrite the old file"
    save_report(report, tmp_path / "新版本.json")
    assert json.loads((tmp_path / "新版本.json").read_text(encoding="utf-8"))["schema"] == 3


def test_a_file_from_a_newer_program_is_refused(tmp_path: Path) -> None:
    data = json.loads(_demo_text())
    data["schema"] = storage.SCHEMA + 1
    path = tmp_path / "新版本.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ProjectError, match="请升级本程序"):
        load_report(path)


def test_every_older_schema_has_its_migration_step() -> None:
    assert set(storage.MIGRATIONS) == set(range(1, storage.SCHEMA))
    assert report_to_json(Report.blank("2021", "某局", 2025))["schema"] == storage.SCHEMA


# --- one file, many paths: Windows' letter case and mapped drives, simulated anywhere --------------

def test_windows_paths_differing_in_case_or_drive_mapping_are_one_file(monkeypatch) -> None:
    import ntpath

    from model import filekey
    monkeypatch.setattr(filekey, "_flavour", ntpath)
    monkeypatch.setattr(filekey, "_mapped_share", lambda drive: "\\\\fileserver\\公共" if drive.upper() == "Z:" else None)
    same = ["Z:\\年报\\2025\\年报.json", "z:\\年报\\2025\\年报.JSON", "\\\\FILESERVER\\公共\\年报\\2025\\年报.json",
            "Z:\\年报\\临时\\..\\2025\\年报.json"]
    assert len({filekey.path_key(p) for p in same}) == 1
    assert filekey.path_key("C:\\年报\\2025\\年报.json") != filekey.path_key(same[0])


# --- the Windows path limit, simulated anywhere ----------------------------------------------------

SIMULATED_LIMIT = 150


def _simulate_windows_path_limit(monkeypatch) -> list[str]:
    """File functions refuse paths over the limit unless in extended form, as Windows does without
    the long-path setting. Extended form is simulated by a leading "//" (POSIX reads it as "/")."""
    from model import windows
    monkeypatch.setattr(windows, "path_limit", lambda: SIMULATED_LIMIT)
    monkeypatch.setattr(windows, "EXTENDED_PREFIX", "//")
    refused: list[str] = []

    def limited(function):  # type: ignore[no-untyped-def]
        def call(path, *args, **kwargs):  # type: ignore[no-untyped-def]
            text = os.fspath(path)
            if isinstance(text, str) and len(text) > SIMULATED_LIMIT and not text.startswith("//"):
                refused.append(text)
                raise FileNotFoundError(2, "The system cannot find the path specified", text)
            return function(path, *args, **kwargs)
        return call

    # Not lstat: posixpath.realpath walks the components with it (ntpath's degrades gracefully).
    for name in ("open", "stat", "unlink", "scandir", "replace"):
        monkeypatch.setattr(os, name, limited(getattr(os, name)))
    return refused


def test_a_file_beyond_the_windows_path_limit_is_saved_loaded_and_locked(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path
    while len(str(folder)) < SIMULATED_LIMIT + 20:
        folder = folder / "政府信息公开工作年度报告"
    folder.mkdir(parents=True)
    path = folder / "年报.json"
    refused = _simulate_windows_path_limit(monkeypatch)
    report = load_report(DEMO_EXAMPLE)
    save_report(report, path)
    report.set_value("requests.new.person", 3)
    history.save_with_history(report, path)
    assert load_report(path).values["requests.new.person"] == 3
    with lock.acquire(path) as held:
        assert held.owned
        with pytest.raises(lock.FileInUse):
            lock.acquire(path)
    monkeypatch.undo()
    assert refused == [], "a file function got a long path in plain form"
    assert sorted(p.name for p in folder.iterdir()) == ["年报.json"]


def test_the_simulated_limit_does_refuse_plain_long_paths(tmp_path: Path, monkeypatch) -> None:
    """Control: without the extended form the same save fails, so the test above can fail."""
    from model import windows
    folder = tmp_path
    while len(str(folder)) < SIMULATED_LIMIT + 20:
        folder = folder / "政府信息公开工作年度报告"
    folder.mkdir(parents=True)
    _simulate_windows_path_limit(monkeypatch)
    monkeypatch.setattr(windows, "system_path", lambda path: os.path.abspath(os.fspath(path)))
    with pytest.raises(ProjectError):
        save_report(load_report(DEMO_EXAMPLE), folder / "年报.json")
