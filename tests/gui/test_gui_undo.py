"""One undo history for the whole report: figures and narrative text in the order the clerk
edited them, each step named in 编辑 ▸ 撤销, typing runs merged as in Word."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gui import prompts
from gui.commands import TextChange
from gui.dialogs import PropertiesDialog
from gui.main_window import MainWindow
from gui.text_editor import TextSectionEditor
from gui_helpers import activate, answer_save_prompt, current_key, discard_on_close, open_window, type_into, view_for  # noqa: F401

PERSON = "requests.new.person"
OVERVIEW_TAB, REQUESTS_TAB = 0, 2


def overview(window: MainWindow) -> TextSectionEditor:
    assert window.tabs is not None
    return window.tabs.texts["overview"]


def type_text(qtbot: QtBot, window: MainWindow, *pieces: str, at: int | None = None) -> TextSectionEditor:
    """Go to 一、总体情况 and type each piece as an input method commits it (at `at`, else where
    the cursor is)."""
    assert window.tabs is not None
    section = overview(window)
    window.tabs.setCurrentWidget(section)
    section.editor.setFocus()
    if at is not None:
        cursor = section.editor.textCursor()
        cursor.setPosition(at)
        section.editor.setTextCursor(cursor)
    for piece in pieces:
        event = QInputMethodEvent()
        event.setCommitString(piece)
        QApplication.sendEvent(section.editor, event)
    return section


def undo_text(window: MainWindow) -> str:
    return window.actions_by_name["undo"].text()


def test_undo_from_a_text_tab_undoes_the_last_edit_wherever_it_was(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    activate(qtbot, window)
    original = overview(window).text()
    end = len(original)
    type_text(qtbot, window, "补充：", "本年度", "运行平稳。", at=end)
    typed = original + "补充：本年度运行平稳。"
    assert window.document.report.texts["overview"] == typed
    type_into(qtbot, window, PERSON, "25")
    section = type_text(qtbot, window)  # back on the text tab, in the editor
    assert window.tabs.currentIndex() == OVERVIEW_TAB
    named = undo_text(window)

    qtbot.keyClick(section.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Z in the editor
    assert window.document.report.value(PERSON) == 19  # the figure, not the text
    assert section.text() == typed == window.document.report.texts["overview"]
    assert named == "撤销 输入“三 · 一 · 自然人”"
    assert window.tabs.currentIndex() == REQUESTS_TAB and current_key(view_for(window, PERSON)) == PERSON
    assert undo_text(window) == "撤销 输入文字（一、总体情况）"

    window.actions_by_name["undo"].trigger()  # 编辑 ▸ 撤销, from the table tab
    assert section.text() == original == window.document.report.texts["overview"]  # the whole run at once
    assert window.tabs.currentIndex() == OVERVIEW_TAB
    assert section.editor.textCursor().position() == end  # where the text was changed
    assert not window.document.modified and not window.isWindowModified()

    qtbot.keyClick(section.editor, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Y: redo
    assert section.text() == typed and section.editor.textCursor().position() == len(typed)
    window.actions_by_name["redo"].trigger()
    assert window.document.report.value(PERSON) == 25 and window.tabs.currentIndex() == REQUESTS_TAB


def test_a_typing_run_is_one_step_until_the_clerk_goes_elsewhere(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    stack = window.document.undo_stack
    section = type_text(qtbot, window, "甲", "乙", "丙", at=0)
    qtbot.keyClick(section.editor, Qt.Key.Key_Backspace)  # a typo put right goes with the run
    type_text(qtbot, window, "丁")
    assert stack.count() == 1 and section.text().startswith("甲乙丁")
    type_text(qtbot, window, "戊", at=len(section.text()))  # typing somewhere else: a new step
    assert stack.count() == 2
    mime = QMimeData()
    mime.setText("粘贴的一段。")
    section.editor.insertFromMimeData(mime)  # a paste is a step of its own…
    type_text(qtbot, window, "己")  # …and so is the typing after it
    assert stack.count() == 4 and stack.text(2) == "粘贴文字（一、总体情况）"
    for _ in range(3):
        stack.undo()
    assert section.text().startswith("甲乙丁") and not section.text().endswith("戊")
    stack.undo()
    assert section.text() == window.document.report.texts["overview"] and not window.document.modified


def test_saving_ends_a_run_and_the_saved_state_decides_the_prompt(qtbot: QtBot, demo_file: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_file)
    section = type_text(qtbot, window, "甲", at=0)
    assert window.isWindowModified() and window.save() and not window.isWindowModified()
    type_text(qtbot, window, "乙")
    assert window.isWindowModified() and window.document.undo_stack.count() == 2
    window.actions_by_name["undo"].trigger()  # back to the saved text
    assert section.text().startswith("甲") and not section.text().startswith("甲乙")
    assert not window.isWindowModified()
    asked = answer_save_prompt(monkeypatch, prompts.SaveChoice.CANCEL)
    assert window.close() and asked == []
    assert json.loads(demo_file.read_text(encoding="utf-8"))["texts"]["overview"] == section.text()


def test_typing_and_erasing_the_same_leaves_no_step(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    section = type_text(qtbot, window, "甲", at=0)
    qtbot.keyClick(section.editor, Qt.Key.Key_Backspace)
    assert window.document.undo_stack.count() == 0 and not window.document.modified


@pytest.mark.parametrize("edit, name", [
    ("paste", "撤销 粘贴 4 个单元格（三）"),
    ("clear", "撤销 清除“三 · 一 · 自然人”"),
    ("explain", "撤销 填写说明"),
    ("properties", "撤销 修改报告属性"),
])
def test_each_step_is_named(qtbot: QtBot, demo_file: Path, monkeypatch: pytest.MonkeyPatch, edit: str, name: str) -> None:
    window = open_window(qtbot, demo_file)
    view = view_for(window, PERSON)
    window.tabs.show_cell(PERSON)
    if edit == "paste":
        QApplication.clipboard().setText("20\t4\n1\t3\n")
        view.paste()
    elif edit == "clear":
        qtbot.keyClick(view, Qt.Key.Key_Delete)
    elif edit == "explain":
        explained = next(f for f in window.document.findings if f.rule == "other_explained")
        window.document.set_explanation(explained, "另一说明")
    else:
        monkeypatch.setattr(PropertiesDialog, "exec", lambda dialog: dialog.unit.setText("新单位") or 1)
        window.actions_by_name["properties"].trigger()
    assert undo_text(window) == name
    window.actions_by_name["undo"].trigger()
    assert not window.document.modified


def test_undo_of_a_paste_selects_the_pasted_cells(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    window.tabs.show_cell(PERSON)
    view = view_for(window, PERSON)
    QApplication.clipboard().setText("20\t4\n1\t3\n")
    view.paste()
    window.tabs.setCurrentIndex(OVERVIEW_TAB)
    window.actions_by_name["undo"].trigger()
    assert window.tabs.currentIndex() == REQUESTS_TAB and current_key(view) == PERSON
    assert len({view.table_model.cell_covering(i).key for i in view.selectedIndexes()}) == 4  # type: ignore[union-attr]


def test_a_read_only_report_refuses_text_edits(qtbot: QtBot, demo_file: Path) -> None:
    from gui.file_lock import ReadOnlyDocument
    from model.storage import load_report
    window = open_window(qtbot, None)
    window.set_document(ReadOnlyDocument(load_report(demo_file), demo_file))
    before = window.document.report.texts["overview"]
    window.document.set_text("overview", "不应写入", 4)
    assert overview(window).editor.isReadOnly()
    assert window.document.report.texts["overview"] == before and window.document.undo_stack.count() == 0


@pytest.mark.parametrize("old, new, caret, change", [
    ("", "甲", 1, TextChange(0, "", "甲")),
    ("好", "好好", 2, TextChange(1, "", "好")),  # the caret says it was typed after
    ("好", "好好", 1, TextChange(0, "", "好")),
    ("甲乙丙", "甲丙", 1, TextChange(1, "乙", "")),  # Backspace after 乙
    ("甲乙丙", "甲丁丙", 2, TextChange(1, "乙", "丁")),
    ("甲乙丙", "丙", None, TextChange(0, "甲乙", "")),
])
def test_the_change_between_two_texts(old: str, new: str, caret: int | None, change: TextChange) -> None:
    assert TextChange.between(old, new, caret) == change


def test_the_editor_context_menu_undoes_on_the_report(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    type_into(qtbot, window, PERSON, "25")
    section = type_text(qtbot, window)
    menu = section.editor.context_menu(section.editor.rect().center())
    undo, redo = menu.actions()[:2]
    assert (undo.text(), redo.text()) == ("撤销 输入“三 · 一 · 自然人”", "重做") and not redo.isEnabled()
    undo.trigger()
    assert window.document.report.value(PERSON) == 19
