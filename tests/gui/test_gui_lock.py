"""One editor per file in the window: a file held by a live instance opens read-only or not at
all; a crashed instance's lock is taken over silently; the lock goes with the document."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui import app as gui_app
from gui.file_lock import ReadOnlyDocument
from gui_helpers import answer_file_dialogs, click_in_message_box, discard_on_close, open_window, view_for  # noqa: F401
from model import recovery
from model.lock import lock_path, read_lock
from model.processes import process_started, this_host
from model.report import Report

PERSON = "requests.new.person"


@pytest.fixture
def other_instance(demo_file: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A live process (sleep) named as the holder of demo_file's lock, as another window would be."""
    child = subprocess.Popen(["sleep", "60"])
    lock_path(demo_file).write_text(json.dumps({
        "pid": child.pid, "host": this_host(), "user": "li", "since": "2026-11-25T09:30:00+08:00",
        "token": "other", "started": process_started(child.pid)}), encoding="utf-8")
    yield child
    child.kill()
    child.wait()



def test_a_file_open_elsewhere_opens_read_only_if_the_clerk_agrees(
        qtbot: QtBot, demo_file: Path, seed_file: Path, other_instance, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, seed_file)
    shown = click_in_message_box(monkeypatch, "只读打开")
    assert window.open_path(demo_file)
    [box] = shown
    assert {b.text() for b in box.buttons()} == {"只读打开", "取消"}
    assert demo_file.name in box.text() and f"进程 {other_instance.pid}" in box.informativeText()
    assert "用户 li" in box.informativeText()
    document = window.document
    assert isinstance(document, ReadOnlyDocument)
    assert window.windowTitle() == f"{demo_file.name}〔只读〕[*] — 年报助手"
    assert not window.actions_by_name["save"].isEnabled() and not window.actions_by_name["properties"].isEnabled()
    assert window.actions_by_name["save_as"].isEnabled()
    view = view_for(window, PERSON)
    assert not view.model().flags(view.table_model.index_of(PERSON)) & Qt.ItemFlag.ItemIsEditable
    assert window.tabs.texts["overview"].editor.isReadOnly()
    document.set_cells({PERSON: 99}, "x")
    assert document.report.value(PERSON) == 19 and not document.modified
    assert read_lock(demo_file).pid == other_instance.pid  # type: ignore[union-attr]
    qtbot.wait(1700)
    assert list(recovery.recovery_dir().iterdir()) == []  # the other window's copy is not ours to write


def test_read_only_save_as_gives_an_editable_copy_and_leaves_the_holder_alone(
        qtbot: QtBot, demo_file: Path, tmp_path: Path, other_instance, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, None)
    click_in_message_box(monkeypatch, "只读打开")
    assert window.open_path(demo_file)
    original = demo_file.read_bytes()
    copy = tmp_path / "副本.json"
    answer_file_dialogs(monkeypatch, copy)
    assert window.save()  # 保存 of a read-only report is 另存为
    assert demo_file.read_bytes() == original
    assert read_lock(demo_file).pid == other_instance.pid  # type: ignore[union-attr]
    document = window.document
    assert not isinstance(document, ReadOnlyDocument) and document.path == copy
    assert window.windowTitle() == "副本.json[*] — 年报助手" and window.actions_by_name["save"].isEnabled()
    assert read_lock(copy).pid == os.getpid()  # type: ignore[union-attr]
    document.set_cells({PERSON: 99}, "x")
    assert window.save()
    assert json.loads(copy.read_text(encoding="utf-8"))["values"][PERSON] == 99


def test_cancel_keeps_the_current_report(qtbot: QtBot, demo_file: Path, seed_file: Path, other_instance,
                                         monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, seed_file)
    document = window.document
    click_in_message_box(monkeypatch, "取消")
    assert not window.open_path(demo_file)
    assert window.document is document


def test_saving_over_a_file_open_elsewhere_is_refused(qtbot: QtBot, demo_file: Path, seed_file: Path,
                                                      other_instance, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, seed_file)
    original = demo_file.read_bytes()
    answer_file_dialogs(monkeypatch, demo_file)
    warnings = click_in_message_box(monkeypatch, "确定")
    assert not window.save_as()
    [warning] = warnings
    assert "另一个年报助手窗口" in warning.text() and "另存为其他文件名" in warning.text()
    assert demo_file.read_bytes() == original and window.document.path == seed_file


def test_a_stale_lock_is_taken_over_silently_and_released_with_the_document(
        qtbot: QtBot, demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dead = subprocess.Popen(["true"])
    dead.wait()
    lock_path(demo_file).write_text(json.dumps({"pid": dead.pid, "host": this_host(), "user": "li"}),
                                    encoding="utf-8")
    shown = click_in_message_box(monkeypatch, "取消")
    window = open_window(qtbot, None)
    assert window.open_path(demo_file)
    assert shown == [] and not isinstance(window.document, ReadOnlyDocument)
    assert read_lock(demo_file).pid == os.getpid()  # type: ignore[union-attr]
    assert window.open_path(demo_file)  # reopening the file this window edits keeps its lock
    assert read_lock(demo_file).pid == os.getpid()  # type: ignore[union-attr]
    window.new_report(Report.blank("2021", "别的单位", 2025))
    assert not lock_path(demo_file).exists()
    assert window.open_path(demo_file)
    window.close()
    assert not lock_path(demo_file).exists()


def test_start_up_on_a_file_open_elsewhere_asks_too(qtbot: QtBot, demo_file: Path, other_instance,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    shown = click_in_message_box(monkeypatch, "只读打开")
    gui_app.create_app()
    window, hook = gui_app.start_window(demo_file)
    qtbot.addWidget(window)
    try:
        assert len(shown) == 1 and isinstance(window.document, ReadOnlyDocument)
        assert "〔只读〕" in window.windowTitle()
    finally:
        hook.uninstall()


def test_start_up_cancelled_shows_the_start_page(qtbot: QtBot, demo_file: Path, other_instance,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    click_in_message_box(monkeypatch, "取消")
    gui_app.create_app()
    window, hook = gui_app.start_window(demo_file)
    qtbot.addWidget(window)
    try:
        assert window.document is None and window.start_page is not None
    finally:
        hook.uninstall()
