"""Faults that lost work or stopped the window (issue 15, issue 10 §3), driven as a clerk would.

Each test failed on the code before the fix.
"""
from __future__ import annotations

import json
import os
import shutil
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from gui import prompts, recent
from gui_helpers import (answer_file_dialogs, click_in_message_box, discard_on_close, open_window,  # noqa: F401
                         started, type_into)
from model import history, lock, recovery
from model.processes import this_host
from model.storage import load_report, save_report

from conftest import DEMO_EXAMPLE, write_recovery_and_crash

PERSON = "requests.new.person"
WAIT_MS = 5000


def answer_boxes(monkeypatch: pytest.MonkeyPatch, labels: list[str | None]) -> list[QMessageBox]:
    """Message boxes are answered in turn with the buttons labelled `labels` (None: Esc/closed)."""
    shown: list[QMessageBox] = []
    answers = iter(labels)

    def run(box: QMessageBox) -> QAbstractButton | None:
        shown.append(box)
        label = next(answers, None)  # a box not expected: closed (the test sees it in `shown`)
        if label is None:
            return box.escapeButton()
        return next(button for button in box.buttons() if button.text() == label)

    monkeypatch.setattr(prompts, "run_box", run)
    return shown


def recovery_menu(window) -> QMenu:  # type: ignore[no-untyped-def]
    menu = next(m for m in window.findChildren(QMenu) if m.title() == "恢复副本(&V)")
    menu.aboutToShow.emit()
    return menu


# issue 15, item 1 ---------------------------------------------------------------------------------

def test_1_a_copy_put_off_with_esc_survives_the_new_session_and_is_restored_from_the_menu(
        started, demo_file: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot) -> None:
    write_recovery_and_crash(demo_file, people=444, text="崩溃前写下的文字")
    [crashed] = recovery.list_recoveries()
    kept = crashed.path.read_bytes()
    boxes = answer_boxes(monkeypatch, [None])  # Esc on 恢复未保存的报告
    window = started(demo_file)
    assert [b.windowTitle() for b in boxes] == ["恢复未保存的报告"]
    assert not window.document.modified
    type_into(qtbot, window, PERSON, "21")  # the clerk goes on editing the same file
    qtbot.waitUntil(lambda: recovery.recovery_path(demo_file).exists(), timeout=WAIT_MS)
    qtbot.wait(1700)
    assert window.save()
    assert crashed.path.read_bytes() == kept, "the crashed session's copy was overwritten or deleted"
    [entry] = [a for a in recovery_menu(window).actions() if a.isEnabled()]
    assert entry.text().startswith(f"{demo_file.name} · ")
    boxes = answer_boxes(monkeypatch, ["恢复"])
    entry.trigger()
    assert [b.windowTitle() for b in boxes] == ["恢复未保存的报告"]
    assert window.document.path == demo_file and window.files.lock is not None and window.files.lock.owned
    assert window.document.modified and window.document.report.value(PERSON) == 444
    assert window.tabs.texts["overview"].text() == "崩溃前写下的文字"
    assert not crashed.path.exists()  # adopted: this session's copy replaces it
    assert [a.text() for a in recovery_menu(window).actions()] == ["（无）"]


def test_1_放弃_from_the_menu_deletes_the_copy(started, demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_recovery_and_crash(demo_file, people=444)
    answer_boxes(monkeypatch, ["以后再说"])
    window = started(demo_file)
    [entry] = recovery_menu(window).actions()
    answer_boxes(monkeypatch, ["放弃"])
    entry.trigger()
    assert recovery.list_recoveries() == [] and not window.document.modified


# issue 15, item 4 ---------------------------------------------------------------------------------

def _someone_else_saves(path: Path) -> bytes:
    """Another version of the same size and modification time, as `cp -p` or a sync tool leaves."""
    status = path.stat()
    other = path.read_bytes().replace("年".encode(), "月".encode(), 1)
    path.write_bytes(other)
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    return other


def test_4_saving_over_a_file_changed_on_disk_asks_and_shows_the_differences(
        qtbot: QtBot, demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_file)
    type_into(qtbot, window, PERSON, "21")
    other = _someone_else_saves(demo_file)
    from gui.disk_conflict import DifferencesDialog
    compared: list[DifferencesDialog] = []
    monkeypatch.setattr(DifferencesDialog, "exec", lambda dialog: compared.append(dialog) or 0)
    boxes = answer_boxes(monkeypatch, ["查看差异", None])
    assert not window.save()
    assert demo_file.read_bytes() == other, "the other version was overwritten"
    assert [b.windowTitle() for b in boxes] == ["文件已被修改", "文件已被修改"]
    assert {b.text() for b in boxes[0].buttons()} == {"覆盖", "另存为", "查看差异", "取消"}
    [dialog] = compared
    places = [dialog.table.item(row, 0).text() for row in range(dialog.table.rowCount())]
    assert any(p.endswith("一 · 自然人") for p in places) and len(places) >= 2
    answer_boxes(monkeypatch, ["覆盖"])
    assert window.save()
    assert load_report(demo_file).value(PERSON) == 21
    assert history.list_versions(demo_file)[0].path.read_bytes() == other  # the overwritten version is kept


def test_4_另存为_leaves_the_changed_file_alone(qtbot: QtBot, demo_file: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_file)
    type_into(qtbot, window, PERSON, "21")
    other = _someone_else_saves(demo_file)
    answer_boxes(monkeypatch, ["另存为"])
    answer_file_dialogs(monkeypatch, tmp_path / "我的版本.json")
    assert window.save()
    assert demo_file.read_bytes() == other
    assert load_report(tmp_path / "我的版本.json").value(PERSON) == 21


def test_4_an_unchanged_file_and_a_touched_one_save_without_a_question(qtbot: QtBot, demo_file: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_file)
    boxes = answer_boxes(monkeypatch, [])
    type_into(qtbot, window, PERSON, "21")
    assert window.save()
    os.utime(demo_file)  # a backup program touched it
    type_into(qtbot, window, PERSON, "22")
    assert window.save()
    assert boxes == []


def test_4_restoring_a_copy_checks_the_file_the_crashed_session_had(started, demo_file: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    write_recovery_and_crash(demo_file, people=444)
    other = _someone_else_saves(demo_file)  # saved by someone else after the crash
    boxes = answer_boxes(monkeypatch, ["恢复", None])
    window = started(demo_file)
    assert "原文件在此之后" in boxes[0].informativeText()
    assert not window.save()
    assert boxes[1].windowTitle() == "文件已被修改"
    assert demo_file.read_bytes() == other


# issue 15, items 6, 8 and 9 at start-up ------------------------------------------------------------

def test_6_damaged_recovery_copies_and_locks_do_not_stop_the_start(started, demo_file: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    write_recovery_and_crash(demo_file, people=444)
    [copy] = recovery.recovery_dir().glob("*.recovery.json")
    envelope = json.loads(copy.read_text(encoding="utf-8"))
    copy.write_text(json.dumps(dict(envelope, pid=10**30, written="9999-12-31T23:59:59")), encoding="utf-8")
    lock.lock_path(demo_file).write_text(json.dumps({"pid": 10**30, "host": this_host(), "since": "9999-01-01"}),
                                         encoding="utf-8")
    an_hour_ago = lock.time.time() - 3600
    os.utime(lock.lock_path(demo_file), (an_hour_ago, an_hour_ago))
    boxes = click_in_message_box(monkeypatch, None)
    window = started(demo_file)
    assert boxes == []  # neither 程序出错 nor a prompt
    assert window.document.path == demo_file and window.files.lock is not None and window.files.lock.owned
    assert (recovery.recovery_dir() / recovery.DAMAGED / copy.name).exists()


def test_8_a_file_with_an_absurd_number_is_explained_at_start(started, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "巨大.json"
    path.write_text(DEMO_EXAMPLE.read_text(encoding="utf-8").replace(
        f'"{PERSON}": ', f'"{PERSON}": ' + "9" * 5000 + ', "x": ', 1), encoding="utf-8")
    recent.remember(path)  # the report worked on last
    boxes = click_in_message_box(monkeypatch, "确定")
    window = started(None)
    [box] = boxes
    assert box.windowTitle() == "无法打开" and "5000 位的数字" in box.text()
    assert window.document is None and window.start_page is not None  # the ways to begin, not a blank report


def test_9_a_recent_file_whose_name_is_not_utf8_opens_at_start(started, tmp_path: Path) -> None:
    path = Path(os.fsdecode(os.fsencode(str(tmp_path)) + b"/\xc4\xea\xb1\xa8.json"))
    try:
        shutil.copy(DEMO_EXAMPLE, path)
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system takes only valid names")
    recent.remember(path)
    window = started(None)
    assert window.document.path == path
    window.files.recent_menu.aboutToShow.emit()
    assert len(window.files.recent_menu.actions()) == 1


# the rest ------------------------------------------------------------------------------------------

def test_another_computers_lock_can_be_taken_over_after_confirmation(qtbot: QtBot, demo_file: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    lock.lock_path(demo_file).write_text(json.dumps(
        {"pid": 4321, "host": "财务科-PC", "user": "zhang", "since": "2026-01-05T09:30:00+08:00", "token": "t"}),
        encoding="utf-8")
    window = open_window(qtbot, None)
    boxes = answer_boxes(monkeypatch, ["接管编辑"])
    assert window.open_path(demo_file)
    [box] = boxes
    assert {b.text() for b in box.buttons()} == {"只读打开", "接管编辑", "取消"}
    assert "财务科-PC" in box.text() and "2026-01-05 09:30" in box.informativeText()
    assert window.files.lock is not None and window.files.lock.owned
    assert lock.read_lock(demo_file).host == this_host()  # type: ignore[union-attr]
    qtbot.waitUntil(window.tabs.isVisible)  # the new report's tabs are shown by the event loop
    type_into(qtbot, window, PERSON, "21")
    assert window.save()


def test_the_recovery_copy_is_written_off_the_gui_thread(qtbot: QtBot, demo_file: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A 汇总 of 5,000 units took 1.3 s per copy on the GUI thread, freezing typing."""
    from gui import autosave
    threads: list[threading.Thread] = []
    real_write = autosave.write_recovery

    def spy(*args: object) -> Path:
        threads.append(threading.current_thread())
        return real_write(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(autosave, "write_recovery", spy)
    window = open_window(qtbot, demo_file)
    type_into(qtbot, window, PERSON, "21")
    qtbot.waitUntil(lambda: recovery.recovery_path(demo_file).exists(), timeout=WAIT_MS)
    assert threads and all(t is not threading.main_thread() for t in threads)


def test_typed_or_pasted_text_is_cleaned_with_a_note(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    window.document.set_text("problems", "半个表情\ud83d")  # what the editor hands on for a bad paste
    assert window.document.report.texts["problems"] == "半个表情\ufffd"
    assert "无效字符" in window.statusBar().currentMessage()
    window.document.set_properties("某局\udfff", 2025, True)
    assert window.document.report.unit == "某局\ufffd"
    assert window.save()


def test_reopening_from_recent_through_a_linked_folder_keeps_the_window_in_its_file(
        qtbot: QtBot, demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    linked = tmp_path / "快捷方式"
    try:
        linked.symlink_to(demo_file.parent, target_is_directory=True)
    except (OSError, NotImplementedError):
        pytest.skip("this system (or user) cannot make symbolic links")
    window = open_window(qtbot, None)
    assert window.open_path(demo_file)
    boxes = click_in_message_box(monkeypatch, "只读打开")
    window.files.open_recent(linked / demo_file.name)
    assert boxes == [], "the window was locked out of its own file"
    assert window.document.path == linked / demo_file.name
    qtbot.waitUntil(window.tabs.isVisible)  # the new report's tabs are shown by the event loop
    type_into(qtbot, window, PERSON, "21")
    assert window.save() and load_report(demo_file).value(PERSON) == 21


def test_a_file_that_cannot_be_locked_says_so(qtbot: QtBot, demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = os.open

    def no_lock(name, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(name).endswith(".lock"):
            raise OSError(36, "File name too long")
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(lock.os, "open", no_lock)
    window = open_window(qtbot, None)
    assert window.open_path(demo_file)
    assert "无法为" in window.statusBar().currentMessage() and "建立编辑锁" in window.statusBar().currentMessage()


def test_a_unit_name_is_limited_to_200_characters_in_the_dialogs(qtbot: QtBot, demo_file: Path) -> None:
    from gui.dialogs import PropertiesDialog
    dialog = PropertiesDialog(load_report(demo_file))
    qtbot.addWidget(dialog)
    dialog.unit.setText("长" * 300)
    assert len(dialog.settings().unit) == 200


def test_history_warning_is_shown_after_a_save(qtbot: QtBot, demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    real_write = history.write_atomically

    def full(path: Path, data: bytes):  # type: ignore[no-untyped-def]
        if "history" in Path(path).parts:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(path, data)

    monkeypatch.setattr(history, "write_atomically", full)
    window = open_window(qtbot, demo_file)
    type_into(qtbot, window, PERSON, "21")
    assert window.save()
    assert "磁盘已满" in window.statusBar().currentMessage()
    save_report(load_report(demo_file), demo_file)  # unchanged bytes keep no version: no warning either
