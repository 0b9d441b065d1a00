"""Computed cells explain themselves; the cursor moves as in Excel (issue 9 item 6)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from gui.dialogs import PropertiesDialog
from gui.main_window import MainWindow
from gui_helpers import (answer_file_dialogs, click_in_message_box, current_key, discard_on_close,  # noqa: F401
                         open_window, type_into, view_for, visible_editor)

TOTAL = "requests.new.total"  # computed in the demo (automatic totals)
WHY = ("“一 · 总计”是合计，由程序按各项自动计算，不能直接输入；"
       "如需手工填写合计，请在“报告属性”中取消“自动计算合计”")


def on_cell(qtbot: QtBot, window: MainWindow, key: str):  # type: ignore[no-untyped-def]
    window.tabs.show_cell(key)
    return view_for(window, key)


@pytest.mark.parametrize("how", ["typing", "F2", "double-click", "input method"])
def test_typing_on_a_computed_total_says_why_and_offers_报告属性(qtbot: QtBot, demo_file: Path,
                                                             monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    window = open_window(qtbot, demo_file)
    view = on_cell(qtbot, window, TOTAL)
    if how == "typing":
        qtbot.keyClick(view, "5")
    elif how == "F2":
        qtbot.keyClick(view, Qt.Key.Key_F2)
    elif how == "double-click":
        rect = view.visualRect(view.table_model.index_of(TOTAL))
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    else:
        event = QInputMethodEvent()
        event.setCommitString("五")
        QApplication.sendEvent(view, event)
    assert view.state() != view.State.EditingState and current_key(view) == TOTAL
    assert window.statusBar().currentMessage() == WHY
    assert QToolTip.isVisible() and QToolTip.text() == WHY
    assert window.offer_button.isVisible() and window.offer_button.text() == "打开报告属性…"
    opened: list[bool] = []
    monkeypatch.setattr(PropertiesDialog, "exec", lambda self: opened.append(self.auto_totals.isChecked()) or 0)
    qtbot.mouseClick(window.offer_button, Qt.MouseButton.LeftButton)
    assert opened == [True]  # where the clerk unticks 自动计算合计
    window.show_message("另一条消息")
    assert not window.offer_button.isVisible()  # the offer goes with its message


def test_the_right_click_menu_of_a_computed_total_leads_to_报告属性(qtbot: QtBot, demo_file: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_file)
    view = on_cell(qtbot, window, TOTAL)
    menu = view.context_menu(view.visualRect(view.table_model.index_of(TOTAL)).center())
    manual = next(a for a in menu.actions() if a.text() == "改为手工填写合计（报告属性）…")
    opened: list[bool] = []
    monkeypatch.setattr(PropertiesDialog, "exec", lambda self: opened.append(True) or 0)
    manual.trigger()
    assert opened == [True]


@pytest.mark.parametrize("key, typed", [(None, "2"), (None, "5"), (TOTAL, "1")])
def test_typing_never_jumps_the_cursor(qtbot: QtBot, demo_file: Path, key: str | None, typed: str) -> None:
    """Qt's keyboard search would move to the cell below whose text starts with the letter
    typed: from 1.属于国家秘密 to 2.其他法律行政法规禁止公开 on typing 2."""
    window = open_window(qtbot, demo_file)
    view = on_cell(qtbot, window, TOTAL)
    if key is None:
        view.setCurrentIndex(view.table_model.index(7, 2))  # the label 1.属于国家秘密
    before = view.currentIndex()
    qtbot.keyClick(view, typed)
    assert view.currentIndex() == before and view.state() != view.State.EditingState


def test_tab_at_the_end_of_a_rows_entry_cells_goes_to_the_next_row(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    view = on_cell(qtbot, window, "requests.new.other_org")
    qtbot.keyClick(view, Qt.Key.Key_Tab)  # past 总计, which the program computes
    assert current_key(view) == "requests.carried_in.person"
    qtbot.keyClick(view, Qt.Key.Key_Backtab)
    assert current_key(view) == "requests.new.other_org"
    view = on_cell(qtbot, window, "appeals.cases.review_pending")
    qtbot.keyClick(view, Qt.Key.Key_Tab)  # 四: over 行政复议·总计 to the next group
    assert current_key(view) == "appeals.cases.direct_upheld"


def test_enter_after_a_run_of_tabs_returns_to_where_it_began(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    type_into(qtbot, window, "requests.granted.research", "1", finish=Qt.Key.Key_Tab)
    view = view_for(window, "requests.granted.research")
    type_into(qtbot, window, "requests.granted.nonprofit", "2", finish=Qt.Key.Key_Tab)
    assert current_key(view) == "requests.granted.legal"
    qtbot.keyClick(view, "3")
    editor = visible_editor(qtbot, view)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)
    assert current_key(view) == "requests.partial.research"  # under the first figure of the run
    report = window.document.report
    assert [report.value(f"requests.granted.{c}") for c in ("research", "nonprofit", "legal")] == [1, 2, 3]
    qtbot.keyClick(view, Qt.Key.Key_Return)  # no run any more: straight down
    assert current_key(view) == "requests.withheld_secret.research"


def test_an_arrow_key_ends_the_run_of_tabs(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    view = on_cell(qtbot, window, "requests.granted.research")
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert current_key(view) == "requests.partial.legal"


def inconsistent_copy(source: Path, target: Path) -> Path:
    """A project file that says automatic totals but holds a 总计 its row does not add up to."""
    data = json.loads(source.read_text(encoding="utf-8"))
    data["values"][TOTAL] = 99
    target.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return target


def test_a_total_that_disagrees_with_its_row_is_recomputed_on_opening_with_a_note(
        qtbot: QtBot, demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = inconsistent_copy(demo_file, tmp_path / "改过的.json")
    boxes = click_in_message_box(monkeypatch, "确定")
    window = open_window(qtbot, demo_file)
    assert window.files.open_path(path)
    assert [box.windowTitle() for box in boxes] == ["合计已重新计算"]
    assert boxes[0].text() == ("自动计算的合计与各行之和不符，已重新计算 1 处：三 · 一 · 总计（原为 99，现为 29）。"
                               "请核对后保存。")
    assert window.document.report.value(TOTAL) == 29 and window.document.modified
    assert json.loads(path.read_text(encoding="utf-8"))["values"][TOTAL] == 99  # until the clerk saves


def test_a_merge_of_an_inconsistent_file_recomputes_its_totals_with_a_note(
        qtbot: QtBot, demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from gui.merge_dialog import MergeDialog
    odd = inconsistent_copy(demo_file, tmp_path / "乙局.json")
    answer_file_dialogs(monkeypatch, [demo_file, odd])

    def run(dialog: MergeDialog) -> int:
        dialog.add_button.click()
        dialog.unit.setText("某区")
        dialog.merge_button.click()
        return int(dialog.result())

    monkeypatch.setattr(MergeDialog, "exec", run)
    boxes = click_in_message_box(monkeypatch, "确定")
    window = open_window(qtbot, demo_file)
    window.actions_by_name["merge"].trigger()
    note = next(box for box in boxes if box.windowTitle() == "合计已重新计算")
    assert "三 · 一 · 总计（原为 128，现为 58）" in note.text()
    assert window.document.report.value(TOTAL) == 58
