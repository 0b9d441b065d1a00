"""Table commands outside the keyboard (issue 9 item 10): the right-click menu and 编辑 ▸ 复制,
粘贴, 清除, 全选, 空白单元格填 0 (当前表格 / 整个报告, one undo step)."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from gui.main_window import MainWindow
from gui_helpers import activate, current_key, discard_on_close, open_window, view_for  # noqa: F401
from model.report import Report

NEW_PERSON = "requests.new.person"
COMMANDS = ["复制(&C)", "粘贴(&P)", "清除(&D)", "全选(&A)"]


def texts(menu: QMenu) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def blank_window(qtbot: QtBot, demo_file: Path) -> MainWindow:
    window = open_window(qtbot, demo_file)
    window.new_report(Report.blank("2021", "某局", 2025))  # automatic totals
    qtbot.waitUntil(window.tabs.isVisible)
    return window


def test_the_right_click_menu_and_the_edit_menu_offer_the_same_commands(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    window.tabs.show_cell(NEW_PERSON)
    view = view_for(window, NEW_PERSON)
    menu = view.context_menu(view.visualRect(view.table_model.index_of(NEW_PERSON)).center())
    assert texts(menu) == COMMANDS + ["空白单元格填 0"]
    assert texts(menu.actions()[-1].menu()) == ["当前表格(&T)", "整个报告(&W)"]
    edit = window.menu("edit")
    assert [t for t in texts(edit) if t in COMMANDS + ["空白单元格填 0"]] == COMMANDS + ["空白单元格填 0"]
    shortcut = window.actions_by_name["cells_copy"].shortcut().toString()
    assert shortcut == "Ctrl+C"  # shown beside the entry
    edit.aboutToShow.emit()
    assert window.actions_by_name["cells_clear"].isEnabled()
    window.tabs.setCurrentIndex(0)  # a narrative section: the text field has its own menu
    edit.aboutToShow.emit()
    assert not window.actions_by_name["cells_clear"].isEnabled()


def test_copy_paste_clear_and_select_all_from_the_edit_menu(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    window.tabs.show_cell(NEW_PERSON)
    view = view_for(window, NEW_PERSON)
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    window.actions_by_name["cells_copy"].trigger()
    assert QApplication.clipboard().text() == "19\t3\n"
    window.actions_by_name["cells_clear"].trigger()
    report = window.document.report
    assert report.value(NEW_PERSON) is None and report.value("requests.new.business") is None
    assert window.document.undo_stack.undoText() == "清除 2 个单元格（三）"
    window.tabs.show_cell("requests.carried_out.person")
    window.actions_by_name["cells_paste"].trigger()
    assert (report.value("requests.carried_out.person"), report.value("requests.carried_out.business")) == (19, 3)
    window.actions_by_name["cells_select_all"].trigger()
    selected = {view.table_model.cell_covering(i) for i in view.selectedIndexes()}
    assert selected == set(view.table_model.grid.cells)  # every cell of the form, labels too


def test_the_keys_work_through_the_tables_own_commands(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    activate(qtbot, window)
    window.tabs.show_cell(NEW_PERSON)
    view = view_for(window, NEW_PERSON)
    qtbot.waitUntil(view.hasFocus)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert window.document.report.value(NEW_PERSON) is None
    assert current_key(view) == NEW_PERSON


def test_fill_blank_zero_in_the_current_table_is_one_named_step(qtbot: QtBot, demo_file: Path) -> None:
    window = blank_window(qtbot, demo_file)
    window.tabs.show_cell(NEW_PERSON)
    report = window.document.report
    report_before = dict(report.values)
    entry = [k for k in report.format.tables["requests"].cell_keys() if not report.is_computed(k)]
    window.actions_by_name["cells_fill_zero_table"].trigger()
    assert all(report.value(k) == 0 for k in entry)
    assert all(report.value(k) is None for k in report.format.tables["appeals"].cell_keys()
               if not report.is_computed(k))  # another tab
    assert window.document.undo_stack.undoText() == f"将 {len(entry)} 个空白单元格填 0（三）"
    assert window.statusBar().currentMessage() == f"已将 {len(entry)} 个空白单元格填 0（三）"
    window.actions_by_name["undo"].trigger()
    assert report.values == report_before


def test_fill_blank_zero_in_the_whole_report_leaves_figures_and_totals_alone(qtbot: QtBot, demo_file: Path) -> None:
    window = blank_window(qtbot, demo_file)
    window.tabs.show_cell("art20_8.fees.amount")
    window.document.set_cells({NEW_PERSON: 7})
    steps = window.document.undo_stack.count()
    view = view_for(window, "art20_8.fees.amount")
    view.cell_actions["fill_zero_report"].trigger()  # from the right-click menu
    report = window.document.report
    assert report.value(NEW_PERSON) == 7 and report.value("requests.new.total") == 7  # kept, computed
    assert report.value("art20_8.fees.amount") == 0 and report.value("appeals.cases.review_upheld") == 0
    assert window.document.undo_stack.count() == steps + 1
    assert window.document.undo_stack.undoText().endswith("个空白单元格填 0（二、三、四）")
    view.cell_actions["fill_zero_report"].trigger()
    assert window.statusBar().currentMessage() == "没有需要填 0 的空白单元格"


@pytest.mark.parametrize("name", ["cells_copy", "cells_fill_zero_table"])
def test_a_cell_command_puts_the_figure_being_typed_in_first(qtbot: QtBot, demo_file: Path, name: str) -> None:
    window = open_window(qtbot, demo_file)
    window.tabs.show_cell(NEW_PERSON)
    view = view_for(window, NEW_PERSON)
    qtbot.keyClick(view, "8")
    window.actions_by_name[name].trigger()
    assert window.document.report.value(NEW_PERSON) == 8
