"""The window's files: the close prompt, opening broken files, properties, new, start-up, export."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from gui import prompts, recent
from gui.app import initial_document
from gui.dialogs import due_year
from gui.dialogs import NewReportDialog, PropertiesDialog
from gui.palette import COMPUTED_BACKGROUND, CELL_BACKGROUND
from gui_helpers import (REAL_ASK_SAVE_CHANGES, answer_file_dialogs, answer_review, click_in_message_box,  # noqa: F401
                         discard_on_close, open_window, type_into, view_for)

TOTAL = "requests.new.total"


def answer_close_prompt(monkeypatch: pytest.MonkeyPatch, button: str | None) -> list[QMessageBox]:
    """Answer the real 保存/不保存/取消 box with the button labelled `button` (None: closed);
    returns the boxes shown."""
    monkeypatch.setattr(prompts, "ask_save_changes", REAL_ASK_SAVE_CHANGES)
    return click_in_message_box(monkeypatch, button)


@pytest.mark.parametrize("button, closes, saved", [
    ("取消", False, False),
    (None, False, False),  # Esc or the box's close button
    ("不保存", True, False),
    ("保存", True, True),
])
def test_closing_with_unsaved_changes_asks(qtbot: QtBot, demo_file: Path, monkeypatch: pytest.MonkeyPatch,
                                           button: str | None, closes: bool, saved: bool) -> None:
    window = open_window(qtbot, demo_file)
    type_into(qtbot, window, "requests.new.person", "21")
    assert window.windowTitle() == f"{demo_file.name}[*] — 年报助手" and window.isWindowModified()
    shown = answer_close_prompt(monkeypatch, button)
    assert window.close() is closes
    [box] = shown
    assert "有尚未保存的修改" in box.text() and {b.text() for b in box.buttons()} == {"保存", "不保存", "取消"}
    assert json.loads(demo_file.read_text(encoding="utf-8"))["values"]["requests.new.person"] == (21 if saved else 19)
    if not closes:
        assert window.isVisible()


def test_closing_an_unchanged_report_does_not_ask(qtbot: QtBot, demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_file)
    shown = answer_close_prompt(monkeypatch, "取消")
    assert window.close() and shown == []


def test_a_broken_file_is_explained_and_the_report_stays(qtbot: QtBot, demo_file: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_file)
    type_into(qtbot, window, "requests.new.person", "21")
    broken = tmp_path / "坏文件.json"
    broken.write_text('{"app": "nianbao", "schema": 1, "format": "2021", "unit": "x", "year": 2025, "values": {"requests.new.person": -1}}',
                      encoding="utf-8")
    boxes = click_in_message_box(monkeypatch, "确定")
    document = window.document
    assert window.open_path(broken) is False
    [box] = boxes
    assert box.windowTitle() == "无法打开" and "坏文件.json" in box.text() and "不能为负数" in box.text()
    assert window.document is document and document.report.value("requests.new.person") == 21
    assert window.isWindowModified()


def test_opening_another_file_asks_first_and_remembers_it(qtbot: QtBot, demo_file: Path, seed_file: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_file)
    type_into(qtbot, window, "requests.new.person", "21")
    answer_close_prompt(monkeypatch, "取消")
    assert window.open_path(seed_file) is False and window.document.path == demo_file
    answer_close_prompt(monkeypatch, "不保存")
    assert window.open_path(seed_file) is True
    assert window.document.report.unit == "南开区文化和旅游局"
    assert window.windowTitle() == f"{seed_file.name}[*] — 年报助手"
    assert recent.recent_files()[0] == seed_file.resolve()
    assert window.tabs.count() == 6


def test_auto_totals_on_and_off(qtbot: QtBot, demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_file)
    view = view_for(window, TOTAL)
    index = view.table_model.index_of(TOTAL)
    assert not view.model().flags(index) & Qt.ItemFlag.ItemIsEditable
    assert view.model().data(index, Qt.ItemDataRole.BackgroundRole) == COMPUTED_BACKGROUND
    assert view.model().data(index, Qt.ItemDataRole.FontRole).italic()
    window.tabs.show_cell(TOTAL)
    qtbot.keyClick(view, "9")  # typing on a computed cell opens no editor
    qtbot.keyClick(view, Qt.Key.Key_F2)
    assert view.state() != view.State.EditingState
    assert window.document.report.value(TOTAL) == 29

    def switch_off(dialog: PropertiesDialog) -> int:
        assert dialog.auto_totals.isChecked() and not dialog.format.isEnabled()
        dialog.auto_totals.setChecked(False)
        return 1

    monkeypatch.setattr(PropertiesDialog, "exec", switch_off)
    window.actions_by_name["properties"].trigger()
    assert view.model().flags(index) & Qt.ItemFlag.ItemIsEditable
    assert view.model().data(index, Qt.ItemDataRole.BackgroundRole) is None
    type_into(qtbot, window, TOTAL, "30")
    assert window.document.report.value(TOTAL) == 30
    assert view.model().data(index, Qt.ItemDataRole.BackgroundRole) == CELL_BACKGROUND["error"]
    assert any(f.rule == "requests_row_total" for f in window.document.findings)
    assert window.save()
    saved = json.loads(demo_file.read_text(encoding="utf-8"))
    assert saved["auto_totals"] is False and saved["values"][TOTAL] == 30

    def switch_on(dialog: PropertiesDialog) -> int:
        dialog.auto_totals.setChecked(True)
        return 1

    monkeypatch.setattr(PropertiesDialog, "exec", switch_on)
    window.actions_by_name["properties"].trigger()
    assert window.document.report.value(TOTAL) == 29  # recomputed from its parts
    assert not view.model().flags(index) & Qt.ItemFlag.ItemIsEditable


def test_new_report_from_the_dialog(qtbot: QtBot, demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_file)

    def fill(dialog: NewReportDialog) -> int:
        dialog.unit.setText("某某县民政局")
        dialog.year.setValue(2020)
        assert dialog.format.currentData() == "2019"  # follows the year
        return 1

    monkeypatch.setattr(NewReportDialog, "exec", fill)
    window.actions_by_name["new"].trigger()
    report = window.document.report
    assert (report.unit, report.year, report.format.id, report.auto_totals) == ("某某县民政局", 2020, "2019", True)
    assert window.document.path is None and window.windowTitle().startswith("未命名报告")
    assert window.tabs.tabText(0) == "一、总体情况（1）"  # not yet written


def test_save_as_writes_a_new_file_with_the_json_suffix(qtbot: QtBot, demo_file: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_file)
    answer_file_dialogs(monkeypatch, tmp_path / "副本")
    assert window.save_as()
    assert window.document.path == tmp_path / "副本.json"
    assert json.loads((tmp_path / "副本.json").read_text(encoding="utf-8"))["unit"] == window.document.report.unit
    assert window.windowTitle() == "副本.json[*] — 年报助手"


def test_text_sections_show_guidance_count_characters_and_save(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    editor = window.tabs.texts["other"]
    assert "信息处理费" in editor.editor.placeholderText() and "信息处理费" in editor.guidance.text()
    editor.editor.setPlainText("无。\n本年度未收取信息处理费。")
    assert editor.count.text() == "共 14 字"
    assert window.isWindowModified()
    assert window.save()
    assert json.loads(demo_file.read_text(encoding="utf-8"))["texts"]["other"] == "无。\n本年度未收取信息处理费。"


def test_start_up_without_a_report_to_reopen_shows_the_start_page() -> None:
    assert due_year(date(2027, 1, 20)) == 2026  # January: last year's report is due on the 31st
    assert due_year(date(2026, 11, 25)) == 2026
    document, problem = initial_document(None)
    assert problem is None and document is None


def test_start_up_reopens_the_last_report(demo_file: Path) -> None:
    recent.remember(demo_file)
    document, problem = initial_document(None)
    assert problem is None and document is not None and document.path == demo_file.resolve()


def test_start_up_with_a_broken_file_says_why(tmp_path: Path) -> None:
    broken = tmp_path / "x.json"
    broken.write_text("{", encoding="utf-8")
    document, problem = initial_document(broken)
    assert problem is not None and "x.json" in problem and "损坏" in problem
    assert document is None


@pytest.mark.parametrize("action, suffix", [("export_xlsx", ".xlsx"), ("export_pdf", ".pdf"),
                                            ("export_docx", ".docx")])
def test_export_from_the_menu(qtbot: QtBot, demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                              action: str, suffix: str) -> None:
    window = open_window(qtbot, demo_file)
    asked = answer_file_dialogs(monkeypatch, tmp_path / "out")
    told = click_in_message_box(monkeypatch, "关闭")
    window.actions_by_name[action].trigger()
    assert Path(asked[0][1]).name == f"示例市演示区文化和旅游局2025年政府信息公开工作年度报告{suffix}"
    assert (tmp_path / f"out{suffix}").stat().st_size > 1000
    assert told[0].windowTitle() == "导出完成" and str(tmp_path / f"out{suffix}") in told[0].text()


def test_export_with_errors_asks_first(qtbot: QtBot, demo_file: Path, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The review list, not a count: each problem, with 仍然导出 and 返回修改."""
    window = open_window(qtbot, demo_file)
    type_into(qtbot, window, "requests.new.person", "21")
    reviews = answer_review(monkeypatch, export_anyway=False)
    asked = answer_file_dialogs(monkeypatch, tmp_path / "out")
    window.actions_by_name["export_pdf"].trigger()
    [review] = reviews
    assert review.windowTitle() == "导出前检查：报告仍有问题"
    assert [b.text() for b in review.buttons.buttons()] == ["仍然导出", "返回修改"]
    assert "2 处错误 · 1 处警告" in review.headline.text()
    shown = [review.model.index(c, 0, review.model.index(r, 0)).data()
             for r in range(review.model.rowCount()) for c in range(review.model.rowCount(review.model.index(r, 0)))]
    assert "〔错误〕自然人列：一+二=21，三（七）+四=19，相差2" in shown
    assert asked == [] and not (tmp_path / "out.pdf").exists()
    answer_review(monkeypatch, export_anyway=True)
    click_in_message_box(monkeypatch, "确定")
    window.actions_by_name["export_pdf"].trigger()
    assert (tmp_path / "out.pdf").exists()
    assert window.actions_by_name["export_pdf"].shortcut().toString() == "Ctrl+P"


def test_the_recent_menu_lists_and_reopens_files(qtbot: QtBot, demo_file: Path, seed_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    assert window.open_path(seed_file)
    window.files.recent_menu.aboutToShow.emit()
    actions = window.files.recent_menu.actions()
    assert [a.text() for a in actions] == [f"&1 {seed_file.name}", f"&2 {demo_file.name}"]
    actions[1].trigger()
    assert window.document.path == demo_file.resolve()
    assert window.document.report.year == 2025


def test_opening_an_exported_workbook_says_what_it_is_and_what_to_open(
        qtbot: QtBot, demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from export.xlsx import write_xlsx
    from model.storage import load_report
    window = open_window(qtbot, demo_file)
    exported = demo_file.with_suffix(".xlsx")
    write_xlsx(load_report(demo_file), exported)
    boxes = click_in_message_box(monkeypatch, "确定")
    assert not window.open_path(exported)
    text = boxes[0].text()
    assert f"“{exported.name}”是年报助手导出的 Excel 表格" in text and f"请打开同一文件夹中的“{demo_file.name}”" in text
    assert "“文件 ▸ 导入报告”" in text  # it can be imported too
    assert "JSON" not in text and "UTF-8" not in text  # today: 「文件不是 UTF-8 文本…」
    assert window.document is not None and window.document.path == demo_file
