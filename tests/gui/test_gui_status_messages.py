"""Status messages never contradict the last action (issue 9 item 5): each edit, undo and redo
says what it did, replacing an earlier refusal; a refusal names the cell."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from gui_helpers import discard_on_close, open_window, type_into, view_for, visible_editor  # noqa: F401

NEW_PERSON = "requests.new.person"


def message(window) -> str:  # type: ignore[no-untyped-def]
    return window.statusBar().currentMessage()


def type_refused(qtbot: QtBot, window) -> QLineEdit:  # type: ignore[no-untyped-def]
    """Type x and Enter into 三 · 一 · 自然人: refused, the editor stays open."""
    window.tabs.show_cell(NEW_PERSON)
    view = view_for(window, NEW_PERSON)
    qtbot.keyClick(view, "x")
    editor = visible_editor(qtbot, view)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: message(window).startswith("一 · 自然人：请只填数字"))  # names the cell
    return editor


def test_a_corrected_entry_replaces_the_refusal(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    editor = type_refused(qtbot, window)
    view = view_for(window, NEW_PERSON)
    qtbot.keyClicks(editor, "20")  # over the refused entry, which is selected
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)
    assert window.document.report.value(NEW_PERSON) == 20
    assert message(window) == "已输入“三 · 一 · 自然人”"


def test_a_good_paste_after_a_refused_one_says_what_it_pasted(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    window.tabs.show_cell(NEW_PERSON)
    view = view_for(window, NEW_PERSON)
    QApplication.clipboard().setText("1\t2\t3\t4\t5\t6\t7\t8\n")
    view.paste()
    assert message(window) == "未粘贴：粘贴的内容（1 行 × 8 列）从“一 · 自然人”起超出了表格范围"
    QApplication.clipboard().setText("1\t2\t3\t4\t5\n" * 3)
    view.paste()
    assert message(window) == "已粘贴 15 个单元格（三）"
    window.actions_by_name["undo"].trigger()
    assert message(window) == "已撤销：粘贴 15 个单元格（三）"
    window.actions_by_name["redo"].trigger()
    assert message(window) == "已重做：粘贴 15 个单元格（三）"


def test_a_refused_paste_names_the_cell_it_would_spoil(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    window.tabs.show_cell("requests.granted.research")
    QApplication.clipboard().setText("3\t二\n")
    view_for(window, NEW_PERSON).paste()
    assert message(window) == "未粘贴：三（一） · 社会公益组织：“二”不能粘贴，请只填数字（不能含“二”）"


def test_clearing_and_typing_say_what_they_did(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    window.tabs.show_cell(NEW_PERSON)
    view = view_for(window, NEW_PERSON)
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert message(window) == "已清除 2 个单元格（三）"
    type_into(qtbot, window, "requests.new.research", "4")
    assert message(window) == "已输入“三 · 一 · 科研机构”"


def test_giving_up_a_refused_entry_says_so(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    editor = type_refused(qtbot, window)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert message(window) == "已放弃输入，“一 · 自然人”保留原值"
