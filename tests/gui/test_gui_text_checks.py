"""The text checks in the window: the sentence at fault underlined with the finding as tooltip,
the way between the text and the cell, live fields inserted from the editor and following the
table into the exports, explanations 待复核 with 确认说明 and 改写说明, the 2019 unit chooser
in 报告属性, and 文件 ▸ 报送前检查."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from export.xlsx import TEXT_SHEET
from gui import prompts
from gui.dialogs import PropertiesDialog
from gui.main_window import MainWindow
from gui.palette import FIELD_BACKGROUND, MARK_COLOUR
from gui.review_dialog import ReviewDialog
from gui.text_editor import INSERT_FIELD, TextSectionEditor
from gui_helpers import (activate, answer_file_dialogs, click_in_message_box, current_key,  # noqa: F401
                         discard_on_close, open_window, type_into, view_for, visible_editor)
from model.fields import field_text, printed_text

NEW = "requests.new.person"
STATEMENT = "新收政府信息公开申请29件"


def overview(window: MainWindow) -> TextSectionEditor:
    assert window.tabs is not None
    return window.tabs.texts["overview"]


def hovered_tip(editor: TextSectionEditor, position: int) -> str:
    """The tooltip shown when the mouse rests on the text at `position`."""
    cursor = editor.editor.textCursor()
    cursor.setPosition(position)
    point = editor.editor.cursorRect(cursor).center() + QPoint(2, 0)
    QApplication.sendEvent(editor.editor.viewport(),
                           QHelpEvent(QEvent.Type.ToolTip, point, editor.editor.viewport().mapToGlobal(point)))
    return QToolTip.text() if QToolTip.isVisible() else ""


def underlined(editor: TextSectionEditor) -> list[tuple[str, str]]:
    """(underlined text, colour) of every wave-underlined stretch."""
    return [(s.cursor.selectedText(), s.format.underlineColor().name()) for s in editor.editor.extraSelections()
            if s.format.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline]


def test_the_sentence_at_fault_is_underlined_with_the_finding_as_tooltip(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    editor = overview(window)
    assert underlined(editor) == []
    type_into(qtbot, window, NEW, "20")  # 三 now counts 30 new requests; the text says 29
    sentence = "全年新收政府信息公开申请29件，上年结转6件，办结33件，均在法定期限内答复，结转下年度继续办理2件。"
    assert underlined(editor) == [(sentence, MARK_COLOUR["warning"].name())]
    position = editor.text().index(STATEMENT)
    tip = editor.tip_at(position)
    assert tip.startswith("〔警告〕文中“新收政府信息公开申请29件”") and tip.endswith("表三“本年新收政府信息公开申请数量（总计）”为 30")
    assert editor.tip_at(0) == ""
    assert hovered_tip(editor, position) == tip  # what the mouse resting on the sentence shows
    # the clerk corrects the text: the check reruns and the underline goes
    cursor = editor.editor.textCursor()
    cursor.setPosition(position + len("新收政府信息公开申请"))
    cursor.setPosition(position + len(STATEMENT) - 1, QTextCursor.MoveMode.KeepAnchor)
    editor.editor.setTextCursor(cursor)
    activate(qtbot, window)
    window.tabs.setCurrentWidget(editor)
    editor.editor.setFocus()
    qtbot.keyClicks(editor.editor, "30")
    assert STATEMENT.replace("29", "30") in window.document.report.texts["overview"]
    assert underlined(editor) == [] and not [f for f in window.document.findings if f.rule == "text_figures"]


def test_from_the_sentence_to_the_cell_and_from_the_finding_to_the_sentence(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    type_into(qtbot, window, NEW, "20")
    editor = overview(window)
    position = editor.text().index(STATEMENT)
    window.tabs.setCurrentWidget(editor)
    cursor = QTextCursor(editor.editor.document())
    cursor.setPosition(position + 2)
    point = editor.editor.cursorRect(cursor).center()
    menu = editor.editor.context_menu(point)
    go = next(a for a in menu.actions() if a.text().startswith("转到表格："))
    assert go.text() == "转到表格：三、一、本年新收政府信息公开申请数量·总计"
    go.trigger()
    assert window.tabs.currentIndex() == 2 and current_key(view_for(window, NEW)) == "requests.new.total"
    finding = next(f for f in window.document.findings if f.rule == "text_figures")
    window.show_finding(finding)  # as a click in the findings panel does
    assert window.tabs.currentWidget() is editor
    cursor = editor.editor.textCursor()
    assert cursor.selectedText() == STATEMENT


def test_a_live_field_inserted_follows_the_table_into_the_exports(qtbot: QtBot, demo_file: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_file)
    editor = window.tabs.texts["problems"]
    window.tabs.setCurrentWidget(editor)
    cursor = editor.editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    editor.editor.setTextCursor(cursor)
    editor.editor.insertPlainText("本年新收申请")
    menu = editor.insert_button.menu()
    assert menu.actions() == []  # built when first opened
    menu.aboutToShow.emit()
    requests = next(a.menu() for a in menu.actions() if a.text() == "三、收到和处理政府信息公开申请情况")
    new_row = next(a.menu() for a in requests.actions() if a.text() == "一、本年新收政府信息公开申请数量")
    next(a for a in new_row.actions() if a.text() == "总计").trigger()
    field = field_text(window.document.report.format, "requests.new.total")
    assert window.document.report.texts["problems"].endswith("本年新收申请" + field)
    assert window.document.undo_stack.undoText() == f"{INSERT_FIELD}（五、存在的主要问题及改进情况）"
    editor.editor.insertPlainText("件。")
    assert printed_text(window.document.report, "problems").endswith("本年新收申请29件。")
    tinted = [s.cursor.selectedText() for s in editor.editor.extraSelections() if s.format.background().color() == FIELD_BACKGROUND]
    assert tinted == [field]
    assert "当前为 29" in editor.tip_at(editor.text().index(field) + 3)
    type_into(qtbot, window, NEW, "20")  # the table changes: the field follows
    assert printed_text(window.document.report, "problems").endswith("本年新收申请30件。")
    assert "当前为 30" in editor.tip_at(editor.text().index(field) + 3)
    monkeypatch.setattr("gui.exporting.confirm_despite_errors", lambda *a, **k: True)
    click_in_message_box(monkeypatch, "确定")
    answer_file_dialogs(monkeypatch, tmp_path / "报告")
    window.actions_by_name["export_xlsx"].trigger()
    texts = [c.value for c in load_workbook(tmp_path / "报告.xlsx")[TEXT_SHEET]["A"] if c.value]
    assert any(str(t).endswith("本年新收申请30件。") for t in texts) and not any("{{" in str(t) for t in texts)
    if shutil.which("pdftotext"):
        answer_file_dialogs(monkeypatch, tmp_path / "报告")
        window.actions_by_name["export_pdf"].trigger()
        text = "".join(subprocess.run(["pdftotext", str(tmp_path / "报告.pdf"), "-"], capture_output=True,
                                      text=True).stdout.split())
        assert "本年新收申请30件。" in text and "{{" not in text


def test_an_explanation_turns_stale_and_is_confirmed_or_rewritten(qtbot: QtBot, demo_file: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_file)
    panel = window.findings_panel
    [explained] = window.document.findings
    window.document.set_cells({"requests.other_misc.business": 2, "requests.other_misc.person": None,
                               "requests.granted.business": 0})  # the figures it was written for change
    [stale] = [f for f in panel.findings() if f.rule == "other_explained"]
    assert stale.stale and not stale.explained
    row = panel.findings().index(stale)
    text = panel.model.index(row).data()
    assert text.startswith("〔说明待复核〕三、收到和处理政府信息公开申请情况")
    assert "写说明时的数字：三（六）3. · 商业企业=1、三（六）3. · 总计=1，现在已变" in panel.model.index(row).data(Qt.ItemDataRole.ToolTipRole)
    panel.select(row)
    assert panel.confirm_button.isVisible() and panel.explain_button.text() == "改写说明…"
    assert "1 处说明待复核" in panel.summary.text()
    panel.confirm_button.click()
    assert window.document.undo_stack.undoText() == "确认说明"
    [confirmed] = [f for f in panel.findings() if f.rule == "other_explained"]
    assert confirmed.explained and not panel.confirm_button.isVisible()
    window.document.undo_stack.undo()
    assert next(f for f in panel.findings() if f.rule == "other_explained").stale
    monkeypatch.setattr(prompts, "ask_text", lambda *a, **k: "重新核实：均为申请人撤回")
    panel.select(next(i for i, f in enumerate(panel.findings()) if f.rule == "other_explained"))
    panel.explain_button.click()
    rewritten = next(f for f in panel.findings() if f.rule == "other_explained")
    assert rewritten.explained and window.document.report.explanations[rewritten.key].text == "重新核实：均为申请人撤回"
    assert explained.key == rewritten.key


def test_the_2019_amount_unit_is_chosen_in_the_properties(qtbot: QtBot, seed_file: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, seed_file)

    def header() -> list[str]:
        model = window.tabs.view("proactive").table_model
        return [c.text for c in model.grid.cells if c.role == "column" and c.text.startswith("采购总金额")]

    assert header() == ["采购总金额（单位：万元）"]

    def choose_yuan(dialog: PropertiesDialog) -> int:
        assert dialog.amount_unit.isVisible() or not dialog.isVisible()
        assert [dialog.amount_unit.itemText(i) for i in range(dialog.amount_unit.count())] == ["万元", "元"]
        assert dialog.amount_unit_label.text() == "采购总金额的单位："
        dialog.amount_unit.setCurrentText("元")
        return 1

    monkeypatch.setattr(PropertiesDialog, "exec", choose_yuan)
    window.actions_by_name["properties"].trigger()
    assert window.document.report.amount_unit == "元" and header() == ["采购总金额（单位：元）"]
    type_into(qtbot, window, "art20_9.procurement.amount", "3500000")
    assert str(window.document.report.value("art20_9.procurement.amount")) == "3500000"
    window.document.undo_stack.undo()
    window.document.undo_stack.undo()
    assert window.document.report.amount_unit == "万元" and header() == ["采购总金额（单位：万元）"]


def test_the_2021_properties_offer_no_unit(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    dialog = PropertiesDialog(window.document.report, window)
    qtbot.addWidget(dialog)
    assert dialog.amount_unit.isHidden() and dialog.settings().amount_unit == "万元"


def test_review_from_the_file_menu_leads_to_a_finding(qtbot: QtBot, demo_file: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_file)
    type_into(qtbot, window, NEW, "20")
    shown: list[ReviewDialog] = []

    def exec_(dialog: ReviewDialog) -> int:
        shown.append(dialog)
        first = dialog.model.index(0, 0, dialog.model.index(0, 0))
        dialog.tree.doubleClicked.emit(first)  # 一、总体情况 › the sentence restating 29
        return 0

    monkeypatch.setattr(ReviewDialog, "exec", exec_)
    action = window.actions_by_name["review"]
    assert action.text() == "报送前检查(&C)…" and action.shortcut().toString() == "F9"
    action.trigger()
    assert len(shown) == 1 and shown[0].windowTitle() == "报送前检查"
    assert window.tabs.currentWidget() is overview(window)
    assert overview(window).editor.textCursor().selectedText() == STATEMENT


def test_an_amount_to_the_fen_is_typed_shown_and_saved_exactly(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    key = "art20_8.fees.amount"
    type_into(qtbot, window, key, "24252.311082")
    view = view_for(window, key)
    assert view.table_model.data(view.table_model.index_of(key)) == "24252.311082"
    assert window.save()
    assert '"art20_8.fees.amount": "24252.311082"' in demo_file.read_text(encoding="utf-8")
    window.tabs.show_cell(key)
    qtbot.keyClick(view, "1")
    editor = visible_editor(qtbot, view)
    qtbot.keyClicks(editor, ".1234567")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # a seventh decimal is refused: the entry waits in its editor
    qtbot.waitUntil(lambda: editor.selectedText() == "1.1234567")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)  # given up: the figure stays
    assert str(window.document.report.value(key)) == "24252.311082"
