"""The editing window: typing, live highlights, the findings panel, tabs, undo, paste."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QInputDialog
from pytestqt.qtbot import QtBot

from gui.palette import CELL_BACKGROUND, COMPUTED_BACKGROUND
from gui.table_model import KEY_ROLE
from model.numbers import NumberError, parse_value
from gui_helpers import current_key, discard_on_close, open_window, type_into, view_for, visible_editor  # noqa: F401

NEW_PERSON = "requests.new.person"
REQUESTS_TAB = 2


def refusal(text: str, kind: str = "count") -> str:
    """The parser's own reason, which the window must pass on unchanged."""
    with pytest.raises(NumberError) as caught:
        parse_value(text, kind)
    return str(caught.value)


def background(window, key: str):  # type: ignore[no-untyped-def]
    view = view_for(window, key)
    return view.model().data(view.table_model.index_of(key), Qt.ItemDataRole.BackgroundRole)


def test_typing_a_number_that_breaks_a_relation(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    assert window.tabs.tabText(REQUESTS_TAB) == "三、收到和处理政府信息公开申请情况"
    assert background(window, NEW_PERSON) is None
    type_into(qtbot, window, NEW_PERSON, "20")

    assert window.document.report.value(NEW_PERSON) == 20
    assert window.document.report.value("requests.new.total") == 30  # auto totals follow
    assert background(window, NEW_PERSON) == CELL_BACKGROUND["error"]
    tip = view_for(window, NEW_PERSON).model().data(
        view_for(window, NEW_PERSON).table_model.index_of(NEW_PERSON), Qt.ItemDataRole.ToolTipRole)
    assert "自然人列" in tip and "相差1" in tip
    errors = [f for f in window.findings_panel.findings() if f.severity == "error"]
    assert {f.rule for f in errors} == {"requests_balance"}
    assert len(errors) == 2  # the 自然人 column and the 总计 column
    model = window.findings_panel.model
    item_texts = [model.index(i).data() for i in range(model.rowCount())]
    assert any("〔错误〕" in t and "自然人列" in t for t in item_texts)
    qtbot.waitUntil(lambda: window.tabs.tabText(REQUESTS_TAB) == "三、收到和处理政府信息公开申请情况（2）")
    assert window.tabs.tabText(0) == "一、总体情况（1）"  # the text now restates 29 new requests, not 30
    assert window.status_summary.text() == "2 处错误 · 1 处警告 · 1 处已说明"
    assert window.isWindowModified()
    assert window.windowTitle().startswith(demo_file.name)

    assert window.save()
    saved = json.loads(demo_file.read_text(encoding="utf-8"))
    assert saved["values"][NEW_PERSON] == 20 and saved["values"]["requests.new.total"] == 30
    assert not window.isWindowModified()


def test_enter_moves_down_and_tab_moves_right(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    type_into(qtbot, window, NEW_PERSON, "19")
    view = view_for(window, NEW_PERSON)
    assert current_key(view) == "requests.carried_in.person"
    type_into(qtbot, window, NEW_PERSON, "19", finish=Qt.Key.Key_Tab)
    assert current_key(view) == "requests.new.business"
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert current_key(view) == "requests.new.research"
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert current_key(view) == "requests.carried_in.person"  # back to where the Tabs began, as in Excel


def test_enter_skips_headings_between_stacked_tables(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    window.tabs.show_cell("art20_1.normative.issued")
    view = view_for(window, "art20_1.normative.issued")
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert current_key(view) == "art20_5.licensing.decisions"


def test_refused_input_stays_in_its_editor_with_the_reason(qtbot: QtBot, demo_file: Path) -> None:
    """Nothing typed vanishes: the editor keeps the entry, selected for retyping; Esc gives it up."""
    window = open_window(qtbot, demo_file)
    steps = window.document.undo_stack.count()
    view = view_for(window, NEW_PERSON)
    for typed in ("abc", "-3", "1.5"):
        window.tabs.show_cell(NEW_PERSON)
        qtbot.keyClick(view, typed[0])
        editor = visible_editor(qtbot, view)
        qtbot.keyClicks(editor, typed[1:])
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: editor.selectedText() == typed)  # Qt commits once the key is handled
        assert view.state() == view.State.EditingState and editor.isVisible() and editor.text() == typed
        assert current_key(view) == NEW_PERSON
        assert window.statusBar().currentMessage() == f"一 · 自然人：{refusal(typed)}。请改正，或按 Esc 放弃这次输入"
        qtbot.keyClick(editor, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: view.state() != view.State.EditingState)
        assert window.document.report.value(NEW_PERSON) == 19
        assert window.document.undo_stack.count() == steps
        assert view.model().data(view.table_model.index_of(NEW_PERSON)) == "19"


def test_undo_and_redo_an_edit(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    type_into(qtbot, window, NEW_PERSON, "25")
    undo, redo = window.actions_by_name["undo"], window.actions_by_name["redo"]
    assert "撤销" in undo.text()
    undo.trigger()
    assert window.document.report.value(NEW_PERSON) == 19
    assert window.document.report.value("requests.new.total") == 29
    assert background(window, NEW_PERSON) is None
    assert not window.isWindowModified()
    redo.trigger()
    assert window.document.report.value(NEW_PERSON) == 25
    assert background(window, NEW_PERSON) == CELL_BACKGROUND["error"]
    qtbot.keyClick(view_for(window, NEW_PERSON), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.document.report.value(NEW_PERSON) == 19


def test_paste_a_block_is_one_undo_step(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    window.tabs.show_cell(NEW_PERSON)
    view = view_for(window, NEW_PERSON)
    QApplication.clipboard().setText("20\t4\r\n１\t3\r\n")  # Excel's line ends, a full-width digit
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    values = window.document.report.values
    assert (values[NEW_PERSON], values["requests.new.business"]) == (20, 4)
    assert (values["requests.carried_in.person"], values["requests.carried_in.business"]) == (1, 3)
    assert sorted(view.table_model.data(i, KEY_ROLE) for i in view.selectedIndexes()) == sorted(
        [NEW_PERSON, "requests.new.business", "requests.carried_in.person", "requests.carried_in.business"])
    window.actions_by_name["undo"].trigger()
    assert (values[NEW_PERSON], values["requests.new.business"], values["requests.carried_in.person"]) == (19, 3, 0)


@pytest.mark.parametrize("clipboard, anchor, reason", [
    ("5\tabc", NEW_PERSON, refusal("abc")),
    ("5\t6", "requests.new.other_org", "自动计算"),  # the second value lands on the computed 总计
    ("5\n6\n7", "requests.carried_out.person", "超出了表格范围"),
])
def test_a_bad_paste_is_refused_whole(qtbot: QtBot, demo_file: Path, clipboard: str, anchor: str, reason: str) -> None:
    window = open_window(qtbot, demo_file)
    before = dict(window.document.report.values)
    window.tabs.show_cell(anchor)
    QApplication.clipboard().setText(clipboard)
    view_for(window, anchor).paste()
    assert window.document.report.values == before
    assert reason in window.statusBar().currentMessage()
    assert not window.document.modified


def test_paste_onto_labels_is_refused(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    view = view_for(window, NEW_PERSON)
    window.tabs.setCurrentIndex(REQUESTS_TAB)
    view.setCurrentIndex(view.model().index(3, 0))  # the label 一、本年新收…
    QApplication.clipboard().setText("7")
    view.paste()
    assert "表头" in window.statusBar().currentMessage()
    assert not window.document.modified


def test_copy_a_block_as_tab_separated_text(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    window.tabs.show_cell(NEW_PERSON)
    view = view_for(window, NEW_PERSON)
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == "19\t3\n0\t2\n"


def test_delete_clears_the_selection_as_one_step(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    window.tabs.show_cell(NEW_PERSON)
    view = view_for(window, NEW_PERSON)
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    report = window.document.report
    assert report.value(NEW_PERSON) is None and report.value("requests.new.business") is None
    assert background(window, NEW_PERSON) == CELL_BACKGROUND["error"]  # the balance now fails
    window.actions_by_name["undo"].trigger()
    assert (report.value(NEW_PERSON), report.value("requests.new.business")) == (19, 3)


def test_a_click_on_a_finding_selects_its_cell(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    type_into(qtbot, window, NEW_PERSON, "20")
    view = view_for(window, NEW_PERSON)
    assert current_key(view) == "requests.carried_in.person"  # Enter moved down
    window.tabs.setCurrentIndex(0)
    panel = window.findings_panel
    row = next(i for i, f in enumerate(panel.findings()) if "自然人列" in f.message)
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton,
                     pos=panel.list.visualRect(panel.model.index(row)).center())
    assert window.tabs.currentIndex() == REQUESTS_TAB
    assert current_key(view) == NEW_PERSON


def test_a_warning_can_be_explained_from_the_panel(qtbot: QtBot, demo_file: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_file)
    explained = next(f for f in window.document.findings if f.rule == "other_explained")
    window.document.set_explanation(explained, "")
    panel = window.findings_panel
    row = next(i for i, f in enumerate(panel.findings()) if f.rule == "other_explained")
    assert not panel.findings()[row].explained
    qtbot.waitUntil(lambda: window.tabs.tabText(REQUESTS_TAB).endswith("（1）"))
    panel.list.setCurrentIndex(panel.model.index(row))
    assert panel.explain_button.isEnabled()
    monkeypatch.setattr(QInputDialog, "getMultiLineText", staticmethod(lambda *a, **k: ("依市局要求单列说明。", True)))
    qtbot.mouseClick(panel.explain_button, Qt.MouseButton.LeftButton)
    finding = next(f for f in panel.findings() if f.rule == "other_explained")
    assert finding.explained
    assert background(window, finding.cells[0]) == CELL_BACKGROUND["explained"]
    qtbot.waitUntil(lambda: window.tabs.tabText(REQUESTS_TAB) == "三、收到和处理政府信息公开申请情况")
    assert window.status_summary.text() == "1 处已说明"
    assert window.save()
    saved = json.loads(demo_file.read_text(encoding="utf-8"))["explanations"]
    assert saved == {"other_explained@requests.other_no_correction.person": {
        "text": "依市局要求单列说明。", "figures": {"requests.other_misc.business": "1", "requests.other_misc.total": "1"}}}


def test_hints_are_subtle_and_blank_cells_listed(qtbot: QtBot, seed_file: Path) -> None:
    window = open_window(qtbot, seed_file)
    assert background(window, NEW_PERSON) == CELL_BACKGROUND["hint"]
    assert window.tabs.tabText(REQUESTS_TAB) == "三、收到和处理政府信息公开申请情况"  # hints are not counted
    assert window.status_summary.text() == "7 处提示"


def test_chinese_input_method_starts_editing_and_clerk_spellings_are_accepted(qtbot: QtBot, seed_file: Path) -> None:
    window = open_window(qtbot, seed_file)
    key = "art20_5.licensing.change"  # a signed 本年增/减 cell of the 2019 format
    window.tabs.show_cell(key)
    view = view_for(window, key)
    QApplication.sendEvent(view, QInputMethodEvent("jian", []))  # an input method composes…
    event = QInputMethodEvent()
    event.setCommitString("减５")  # …and commits what the clerk chose
    QApplication.sendEvent(view, event)
    editor = visible_editor(qtbot, view)
    assert editor.text() == "减５"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.document.report.value(key) == -5)
    assert view.model().data(view.table_model.index_of(key)) == "-5"
