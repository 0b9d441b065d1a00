"""Recovery copies from the window: written after edits, gone after save / 不保存 / clean close,
offered back at start-up (恢复 opens the unsaved report bound to its file, 放弃 deletes it)."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from gui import recovery_prompt
from gui_helpers import (answer_file_dialogs, click_in_message_box, discard_on_close, open_window,  # noqa: F401
                         started, type_into)
from model import recovery
from model.lock import lock_path, read_lock

from conftest import write_recovery_and_crash

PERSON = "requests.new.person"
WAIT_MS = 5000  # the copy is due within 1.5 s of an edit


def copy_of(path: Path | None) -> dict:
    """The report JSON inside this process's recovery copy for `path`."""
    return json.loads(recovery.recovery_path(path).read_text(encoding="utf-8"))["report"]


def wait_for_copy(qtbot: QtBot, path: Path | None, check=lambda data: True) -> dict:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: recovery.recovery_path(path).exists() and check(copy_of(path)), timeout=WAIT_MS)
    return copy_of(path)


def test_a_cell_edit_is_copied_after_a_pause_and_the_copy_goes_on_save(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    assert not recovery.recovery_path(demo_file).exists()
    type_into(qtbot, window, PERSON, "21")
    assert not recovery.recovery_path(demo_file).exists()  # not on the typing path
    assert wait_for_copy(qtbot, demo_file)["values"][PERSON] == 21
    assert window.save()
    assert not recovery.recovery_path(demo_file).exists()


def test_narrative_text_is_copied_and_an_undo_back_to_the_saved_state_removes_the_copy(
        qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    window.tabs.texts["problems"].editor.setPlainText("尚未保存的问题及改进。")
    assert wait_for_copy(qtbot, demo_file)["texts"]["problems"] == "尚未保存的问题及改进。"
    type_into(qtbot, window, PERSON, "21")
    wait_for_copy(qtbot, demo_file, lambda data: data["values"][PERSON] == 21)
    window.save()
    type_into(qtbot, window, PERSON, "22")
    wait_for_copy(qtbot, demo_file, lambda data: data["values"][PERSON] == 22)
    window.actions_by_name["undo"].trigger()
    assert not window.document.modified
    qtbot.waitUntil(lambda: not recovery.recovery_path(demo_file).exists(), timeout=WAIT_MS)


def test_closing_with_不保存_removes_the_copy(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    type_into(qtbot, window, PERSON, "21")
    wait_for_copy(qtbot, demo_file)
    assert window.close()  # discard_on_close answers 不保存
    assert not recovery.recovery_path(demo_file).exists()
    qtbot.wait(1700)
    assert list(recovery.recovery_dir().iterdir()) == []


def test_an_untitled_report_is_copied_and_its_copy_goes_when_saved_as_a_file(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, None)
    type_into(qtbot, window, PERSON, "5")
    assert wait_for_copy(qtbot, None)["values"][PERSON] == 5
    answer_file_dialogs(monkeypatch, tmp_path / "新报告")
    assert window.save_as()
    assert list(recovery.recovery_dir().iterdir()) == []


def test_opening_another_report_removes_the_copy_of_the_one_discarded(qtbot: QtBot, demo_file: Path,
                                                                      seed_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    type_into(qtbot, window, PERSON, "21")
    wait_for_copy(qtbot, demo_file)
    assert window.open_path(seed_file)  # 不保存
    assert list(recovery.recovery_dir().iterdir()) == []


# --- after a crash ---------------------------------------------------------------------------

def crash_with_copy(source: Path | None, person: int, text: str) -> None:
    """Another process (that had loaded `source`) writes a recovery copy and dies without cleaning up."""
    write_recovery_and_crash(source, None if source else "崩溃的单位", person, text)


def test_restore_opens_the_unsaved_report_bound_to_its_file(started, demo_file: Path, seed_file: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    original = demo_file.read_bytes()
    crash_with_copy(demo_file, 444, "崩溃前的总体情况")
    shown = click_in_message_box(monkeypatch, "恢复")
    window = started(seed_file)  # the crashed report wins over the file asked for
    [box] = shown
    assert box.windowTitle() == "恢复未保存的报告"
    assert {b.text() for b in box.buttons()} == {"恢复", "放弃", "以后再说"}
    assert f"文件：{demo_file.name}" in box.informativeText()
    assert f"位置：{demo_file.parent}" in box.informativeText() and "最后修改：" in box.informativeText()
    document = window.document
    assert document.path == demo_file.resolve() and document.modified and window.isWindowModified()
    assert document.report.value(PERSON) == 444
    assert window.tabs.texts["overview"].text() == "崩溃前的总体情况"
    assert demo_file.read_bytes() == original
    assert read_lock(demo_file).pid == os.getpid()  # type: ignore[union-attr]
    [kept] = recovery_dir_files()
    assert json.loads(kept.read_text(encoding="utf-8"))["pid"] == os.getpid()  # adopted
    assert window.save()
    assert recovery_dir_files() == []
    assert json.loads(demo_file.read_text(encoding="utf-8"))["values"][PERSON] == 444


def recovery_dir_files() -> list[Path]:
    return sorted(recovery.recovery_dir().iterdir())


def test_discard_deletes_the_copy_and_opens_the_file_as_saved(started, demo_file: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    crash_with_copy(demo_file, 444, "x")
    click_in_message_box(monkeypatch, "放弃")
    window = started(demo_file)
    assert recovery_dir_files() == []
    assert not window.document.modified and window.document.report.value(PERSON) == 19


def test_closing_the_prompt_keeps_the_copy_for_the_next_start(started, demo_file: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    crash_with_copy(demo_file, 444, "x")
    click_in_message_box(monkeypatch, None)
    window = started(demo_file)
    assert not window.document.modified
    assert len(recovery.list_recoveries()) == 1


def test_an_untitled_report_is_restored_untitled(started, monkeypatch: pytest.MonkeyPatch) -> None:
    crash_with_copy(None, 8, "未命名报告的文字")
    shown = click_in_message_box(monkeypatch, "恢复")
    window = started(None)
    assert "文件：未命名报告" in shown[0].informativeText()
    assert window.document.path is None and window.document.modified
    assert window.document.report.unit == "崩溃的单位" and window.document.report.value(PERSON) == 8
    [kept] = recovery_dir_files()
    assert kept == recovery.recovery_path(None)  # this process's own copy replaced the crashed one


def test_no_prompt_without_crashed_copies(started, demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shown = click_in_message_box(monkeypatch, "恢复")
    window = started(demo_file)
    assert shown == [] and window.document.path == demo_file
    assert lock_path(demo_file).exists()
    window.close()
    assert not lock_path(demo_file).exists()


def test_the_prompt_says_when_the_file_was_saved_after_the_copy(demo_file: Path) -> None:
    crash_with_copy(demo_file, 444, "x")
    [found] = recovery.list_recoveries()
    later = found.written.timestamp() + 120
    os.utime(demo_file, (later, later))
    assert "原文件在此之后" not in recovery_prompt.describe(found)  # touched, not changed
    demo_file.write_bytes(demo_file.read_bytes().replace("年".encode(), "月".encode(), 1))
    os.utime(demo_file, (later, later))
    assert "原文件在此之后" in recovery_prompt.describe(found)
