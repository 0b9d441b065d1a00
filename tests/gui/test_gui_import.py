"""文件 ▸ 导入报告… and 文件 ▸ 依申请公开台账 in the window, driven as a clerk does; carry and
merge from a workbook."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Callable

import pytest
from openpyxl import Workbook, load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDockWidget, QLabel
from pytestqt.qtbot import QtBot

from gui import prompts
from gui.carry_dialog import CarryDialog
from gui.import_panel import ImportResultPanel
from gui.merge_dialog import READY, STATUS, YEAR, YEAR_UNKNOWN, ListedFile, MergeDialog
from gui.register_details import DrillDownDialog
from gui.register_dialog import MappingDialog, PreviewDialog, remembered_mapping
from gui.table_model import IMPORTED_ROLE
from gui_helpers import (answer_file_dialogs, click_in_message_box, current_key, discard_on_close,  # noqa: F401
                         open_window, type_into, view_for)
from model.importing.pdf_source import SCANNED
from model.merge import NO_YEAR
from model.register import CASES_SHEET, REQUEST_FIELDS, REQUESTS_SHEET
from model.storage import load_report

from conftest import DEMO_EXAMPLE
from import_samples import official_workbook, scanned_pdf, workbook_with_problems, yearless_workbook


def _dock(window: object) -> QDockWidget:
    return next(d for d in window.findChildren(QDockWidget) if d.objectName() == "import_result")  # type: ignore[attr-defined]


def test_import_a_report_shows_what_was_read_and_leads_to_the_cells(qtbot: QtBot, demo_file: Path, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_file)
    asked = answer_file_dialogs(monkeypatch, workbook_with_problems(load_report(DEMO_EXAMPLE), tmp_path / "下级单位.xlsx"))
    window.actions_by_name["import_report"].trigger()
    assert asked[0][0] == "导入报告"
    document = window.document
    assert document is not None and document.path is None and not document.modified
    assert document.report.unit == "示例市演示区文化和旅游局"
    assert "已导入“下级单位.xlsx”" in window.statusBar().currentMessage()
    dock = _dock(window)
    assert dock.isVisible() and dock.windowTitle() == "导入结果"
    panel = dock.widget()
    assert isinstance(panel, ImportResultPanel)
    model = panel.model
    texts = [model.index(r).data() for r in range(model.rowCount())]
    assert texts[0] == "无法识别的数值，未填入（1）" and texts[2] == "文件中未找到（1）"
    panel.list.clicked.emit(model.index(3))  # 行政强制, not found: shown, to be typed in
    assert current_key(view_for(window, "art20_6.coercion.decisions")) == "art20_6.coercion.decisions"
    panel.list.clicked.emit(model.index(1))
    assert current_key(view_for(window, "art20_5.licensing.decisions")) == "art20_5.licensing.decisions"

    key = "requests.new.person"
    model_of = view_for(window, key).table_model
    assert model_of.index_of(key).data(IMPORTED_ROLE) is True
    assert "由“下级单位.xlsx”导入" in model_of.index_of(key).data(Qt.ItemDataRole.ToolTipRole)
    window.tabs.show_cell(key)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: view_for(window, key).isVisible())  # the new document's tabs are shown after an event
    type_into(qtbot, window, key, "77")
    assert model_of.index_of(key).data(IMPORTED_ROLE) is False  # the clerk's own figure now
    document.undo_stack.undo()
    assert model_of.index_of(key).data(IMPORTED_ROLE) is True

    answer_file_dialogs(monkeypatch, demo_file)
    window.files.choose_and_open()
    assert not dock.isVisible()  # it spoke of the imported report only


def test_a_file_naming_no_year_asks_for_it(qtbot: QtBot, demo_file: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    path = yearless_workbook(load_report(DEMO_EXAMPLE), tmp_path / "无标题.xlsx")
    window = open_window(qtbot, demo_file)
    answer_file_dialogs(monkeypatch, path)
    asked: list[str] = []
    monkeypatch.setattr(prompts, "ask_integer", lambda parent, title, label, *rest: asked.append(label) or 2024)
    window.actions_by_name["import_report"].trigger()
    assert "请指定年度" in asked[0]
    assert window.document is not None and window.document.report.year == 2024


def test_a_scan_is_refused_with_the_reason_and_the_report_stays(qtbot: QtBot, demo_file: Path, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import Image
    Image.new("RGB", (60, 80), "white").save(tmp_path / "p.png")
    window = open_window(qtbot, demo_file)
    before = window.document
    answer_file_dialogs(monkeypatch, scanned_pdf(tmp_path / "扫描件.pdf", tmp_path / "p.png"))
    boxes = click_in_message_box(monkeypatch, "确定")
    window.actions_by_name["import_report"].trigger()
    assert len(boxes) == 1 and SCANNED in boxes[0].text()
    assert window.document is before


# --- the register ---------------------------------------------------------------------------

THEIRS = ["受理编号", "受理日期", "申请人身份", "答复类型", "答复日期", "承办科室"]
MAPPING = {"申请编号": "受理编号", "收到日期": "受理日期", "申请人类型": "申请人身份", "办理结果": "答复类型",
           "办结日期": "答复日期"}


def _their_register(path: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "登记"
    sheet.append(THEIRS)
    sheet.append(["X-1", date(2024, 12, 20), "自然人", "（一）予以公开", date(2025, 1, 9), "办公室"])
    sheet.append(["X-2", date(2025, 3, 5), "自然人", "（一）予以公开", date(2025, 3, 9), "办公室"])
    sheet.append(["X-3", date(2025, 4, 5), "商业企业", None, None, "法规科"])
    sheet.append(["X-4", date(2025, 4, 6), "公民", None, None, "法规科"])
    workbook.save(path)
    return path


def _answer(monkeypatch: pytest.MonkeyPatch, dialog: type[QDialog], act: Callable[[QDialog], None],
            accept: bool = True) -> list[QDialog]:
    shown: list[QDialog] = []

    def exec_(self: QDialog) -> int:
        shown.append(self)
        act(self)
        (self.accept if accept else self.reject)()
        return int(self.result())

    monkeypatch.setattr(dialog, "exec", exec_)
    return shown


def _map_columns(dialog: QDialog) -> None:
    assert isinstance(dialog, MappingDialog)
    for ours, theirs in MAPPING.items():
        dialog.boxes[ours].setCurrentText(theirs)


def test_import_a_register_with_mapping_and_acceptance_then_undo(qtbot: QtBot, demo_file: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_file)
    document = window.document
    assert document is not None
    before = dict(document.report.values)
    answer_file_dialogs(monkeypatch, _their_register(tmp_path / "台账.xlsx"))
    mapped = _answer(monkeypatch, MappingDialog, _map_columns)
    previews = _answer(monkeypatch, PreviewDialog, lambda d: None)
    window.actions_by_name["register_import"].trigger()
    assert len(mapped) == 1 and len(previews) == 1
    preview = previews[0]
    assert isinstance(preview, PreviewDialog) and "公民" in preview.problems.item(0).text()
    assert remembered_mapping() == {REQUESTS_SHEET: "登记", **MAPPING}
    report = document.report
    assert report.values["requests.new.person"] == 1 and report.values["requests.carried_in.person"] == 1
    assert report.values["requests.carried_out.business"] == 1
    assert report.register is not None and report.register.file == "台账.xlsx"
    assert document.modified and document.undo_stack.undoText() == "导入台账 175 个单元格（三）"
    tip = view_for(window, "requests.granted.person").table_model.index_of(
        "requests.granted.person").data(Qt.ItemDataRole.ToolTipRole)
    assert "由台账“台账.xlsx”计算：2 件\nX-1、X-2" in tip
    document.undo_stack.undo()
    assert report.values == before and report.register is None
    document.undo_stack.redo()
    assert report.register is not None and report.values["requests.new.person"] == 1

    # the next import remembers the mapping: no mapping step
    mapped.clear()
    window.actions_by_name["register_import"].trigger()
    assert mapped == [] and len(previews) == 2


def test_the_cases_sheet_of_another_tool_is_mapped_in_the_window_and_remembered(
        qtbot: QtBot, demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _their_register(tmp_path / "台账.xlsx")
    workbook = load_workbook(path)
    cases = workbook.create_sheet("复议诉讼案件")
    cases.append(["案号", "类型", "审理结果", "审结情况"])
    cases.append(["F-1", "行政诉讼·未经复议直接起诉", "结果维持", "是"])
    cases.append(["F-2", "行政复议", None, "否"])
    workbook.save(path)
    window = open_window(qtbot, demo_file)
    document = window.document
    assert document is not None
    answer_file_dialogs(monkeypatch, path)
    case_columns = {"案件编号": "案号", "案件类别": "类型", "结果": "审理结果", "是否审结": "审结情况"}

    def map_both(dialog: QDialog) -> None:
        _map_columns(dialog)
        assert isinstance(dialog, MappingDialog) and dialog.sheet_boxes[CASES_SHEET].currentText() == "复议诉讼案件"
        assert not dialog.ok.isEnabled()  # the cases' columns are still to be chosen
        for ours, theirs in case_columns.items():
            dialog.boxes[ours].setCurrentText(theirs)
        assert dialog.ok.isEnabled()

    mapped = _answer(monkeypatch, MappingDialog, map_both)
    previews = _answer(monkeypatch, PreviewDialog, lambda d: None)
    window.actions_by_name["register_import"].trigger()
    assert len(mapped) == 1 and len(previews) == 1
    report = document.report
    assert report.values["appeals.cases.direct_upheld"] == 1 and report.values["appeals.cases.review_pending"] == 1
    assert report.values["appeals.cases.review_total"] == 1
    assert remembered_mapping() == {REQUESTS_SHEET: "登记", **MAPPING, CASES_SHEET: "复议诉讼案件", **case_columns}
    mapped.clear()
    window.actions_by_name["register_import"].trigger()  # remembered: straight to the accept step
    assert mapped == [] and len(previews) == 2
    assert any(label.text().startswith("“四、政府信息公开行政复议、行政诉讼情况”：") for label in previews[1].findChildren(QLabel))


def test_cancelling_the_accept_step_changes_nothing(qtbot: QtBot, demo_file: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_file)
    document = window.document
    assert document is not None
    answer_file_dialogs(monkeypatch, _their_register(tmp_path / "台账.xlsx"))
    _answer(monkeypatch, MappingDialog, _map_columns)
    _answer(monkeypatch, PreviewDialog, lambda d: None, accept=False)
    window.actions_by_name["register_import"].trigger()
    assert not document.modified and document.report.register is None


def test_the_template_is_written_in_the_reports_format(qtbot: QtBot, seed_file: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, seed_file)
    asked = answer_file_dialogs(monkeypatch, tmp_path / "模板.xlsx")
    window.actions_by_name["register_template"].trigger()
    assert asked[0][1].endswith("依申请公开办理台账（2019年版）.xlsx")
    workbook = load_workbook(tmp_path / "模板.xlsx")
    assert workbook.sheetnames[0] == REQUESTS_SHEET
    assert "（六）其他处理" in [c.value for c in workbook["可选项"]["B"]]


def _template_register(path: Path, rows: list[list[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = REQUESTS_SHEET
    sheet.append([f.header for f in REQUEST_FIELDS])
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_cells_from_the_register_are_marked_like_imported_ones_until_edited_or_undone(
        qtbot: QtBot, demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_file)
    document = window.document
    assert document is not None
    key, total = "requests.granted.person", "requests.results_total.total"
    model = view_for(window, key).table_model
    assert model.index_of(key).data(IMPORTED_ROLE) is False
    answer_file_dialogs(monkeypatch, _template_register(tmp_path / "台账.xlsx", [
        ["A-1", date(2025, 2, 3), "自然人", "（一）予以公开", date(2025, 2, 9), ""]]))
    _answer(monkeypatch, PreviewDialog, lambda d: None)
    window.actions_by_name["register_import"].trigger()
    assert model.index_of(key).data(IMPORTED_ROLE) is True and model.index_of(total).data(IMPORTED_ROLE) is True
    assert model.index_of("requests.granted.business").data(IMPORTED_ROLE) is True  # a 0 counted from it too
    assert "由台账“台账.xlsx”计算：1 件\nA-1" in model.index_of(key).data(Qt.ItemDataRole.ToolTipRole)
    window.tabs.show_cell(key)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: view_for(window, key).isVisible())
    type_into(qtbot, window, key, "3")
    assert model.index_of(key).data(IMPORTED_ROLE) is False and "台账" not in model.index_of(key).data(
        Qt.ItemDataRole.ToolTipRole)
    document.undo_stack.undo()  # the typing
    assert model.index_of(key).data(IMPORTED_ROLE) is True
    document.undo_stack.undo()  # 导入台账
    assert model.index_of(key).data(IMPORTED_ROLE) is False and model.index_of(total).data(IMPORTED_ROLE) is False


def test_a_cell_of_many_requests_says_how_many_and_lists_them_all(qtbot: QtBot, demo_file: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    rows: list[list[object]] = [[f"N-{n:02d}", date(2025, 3, 1), "自然人", "（一）予以公开", date(2025, 3, 20), ""]
                                for n in range(57)]
    rows.append(["C-1", date(2025, 12, 1), "自然人", None, None, "仍在办理"])
    window = open_window(qtbot, demo_file)
    answer_file_dialogs(monkeypatch, _template_register(tmp_path / "台账.xlsx", rows))
    _answer(monkeypatch, PreviewDialog, lambda d: None)
    window.actions_by_name["register_import"].trigger()
    key = "requests.granted.person"
    view = view_for(window, key)
    tip = view.table_model.index_of(key).data(Qt.ItemDataRole.ToolTipRole)
    assert "由台账“台账.xlsx”计算：57 件" in tip
    assert "、".join(f"N-{n:02d}" for n in range(30)) + " 等共 57 件" in tip and "N-30" not in tip
    assert "右键“查看台账明细…”" in tip
    shown = _answer(monkeypatch, DrillDownDialog, lambda d: None)
    menu = view.context_menu(view.visualRect(view.table_model.index_of(key)).center())
    action = next(a for a in menu.actions() if a.text() == "查看台账明细…")
    action.trigger()
    dialog = shown[0]
    assert isinstance(dialog, DrillDownDialog) and dialog.windowTitle() == "台账明细：三（一） · 自然人"
    table = dialog.table
    assert table.rowCount() == 57
    assert [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())] == \
        ["申请编号", "申请人类型", "收到日期", "办结日期", "办理结果"]
    assert [table.item(56, c).text() for c in range(5)] == ["N-56", "自然人", "2025-03-01", "2025-03-20", "（一）予以公开"]
    out = "requests.carried_out.person"
    menu = view.context_menu(view.visualRect(view.table_model.index_of(out)).center())
    next(a for a in menu.actions() if a.text() == "查看台账明细…").trigger()
    assert [shown[1].table.item(0, c).text() for c in range(5)] == ["C-1", "自然人", "2025-12-01", "", "结转下年度继续办理"]
    zero = "requests.partial.person"  # counted from the register as 0: nothing to list
    menu = view.context_menu(view.visualRect(view.table_model.index_of(zero)).center())
    assert "查看台账明细…" not in [a.text() for a in menu.actions()]


# --- carry and merge from workbooks ---------------------------------------------------------

def test_carry_from_last_years_workbook(qtbot: QtBot, seed_file: Path, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    last = load_report(DEMO_EXAMPLE)
    window = open_window(qtbot, seed_file)
    answer_file_dialogs(monkeypatch, official_workbook(last, tmp_path / "上年.xlsx"))
    _answer(monkeypatch, CarryDialog, lambda d: None)
    window.actions_by_name["carry"].trigger()
    report = window.document.report  # type: ignore[union-attr]
    assert report.year == last.year + 1
    assert report.values["requests.carried_in.person"] == last.values["requests.carried_out.person"]


def test_the_merge_list_reads_a_sub_units_workbook(tmp_path: Path) -> None:
    listed = ListedFile.read(official_workbook(load_report(DEMO_EXAMPLE), tmp_path / "乙局.xlsx"))
    assert (listed.unit, listed.year, listed.error) == ("示例市演示区文化和旅游局", 2025, "")


def test_the_merge_dialog_takes_a_workbook_without_a_year_as_the_merge_does(
        qtbot: QtBot, demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Listed first, before any file naming a year: shown as of the others' year, ready, and
    merged so; alone it is refused, saying why."""
    sheet = yearless_workbook(load_report(DEMO_EXAMPLE), tmp_path / "乙局.xlsx")
    dialog = MergeDialog()
    qtbot.addWidget(dialog)
    dialog.unit.setText("某区")
    dialog.add_paths([sheet])
    row = dialog.list.topLevelItem(0)
    assert row.text(YEAR) == YEAR_UNKNOWN and row.text(STATUS) == NO_YEAR
    assert not dialog.merge_button.isEnabled() and "1 个未写明年度，也没有其他文件可参照" in dialog.summary.text()
    dialog.add_paths([demo_file])
    assert row.text(YEAR) == "2025年度（文件未写明，按其他文件）" and row.text(STATUS) == READY
    assert dialog.list.topLevelItem(1).text(YEAR) == "2025年度"
    assert "1 个未写明年度，按 2025 年度汇总" in dialog.summary.text()
    assert dialog.merge_button.isEnabled()
    dialog.merge_button.click()
    assert dialog.merged is not None and dialog.merged.year == 2025
    assert [c.file for c in dialog.merged.merged_from] == ["乙局.xlsx", demo_file.name]


def test_a_register_cannot_fill_a_report_open_read_only(qtbot: QtBot, demo_file: Path) -> None:
    from gui.document import ReportDocument
    from gui.file_lock import ReadOnlyDocument
    window = open_window(qtbot, demo_file)
    action = window.actions_by_name["register_import"]
    assert action.isEnabled()
    window.set_document(ReadOnlyDocument(load_report(demo_file), demo_file))
    assert not action.isEnabled()
    window.set_document(ReportDocument(load_report(demo_file), demo_file))
    assert action.isEnabled()
