"""The import's widgets on their own: the result list, the register's mapping and accept steps."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook
from PySide6.QtCore import Qt

from gui.import_panel import KEY_ROLE, ImportResultPanel
from gui.register_dialog import (NOT_IMPORTED, NOT_IMPORTED_SHEET, MappingDialog, PreviewDialog, remember_mapping,
                                 remembered_mapping)
from model.formats import load_format
from model.importing.reader import import_report
from model.register import CASES_SHEET, REQUESTS_SHEET
from model.register_import import import_register, sheets_to_map
from model.storage import load_report

from conftest import DEMO_EXAMPLE
from import_samples import workbook_with_problems


def test_the_result_list_leads_to_cells(qtbot, qtmodeltester, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = import_report(workbook_with_problems(load_report(DEMO_EXAMPLE), tmp_path / "下级.xlsx"))
    panel = ImportResultPanel()
    qtbot.addWidget(panel)
    panel.show_result(result)
    qtmodeltester.check(panel.model)
    model = panel.model
    texts = [model.index(r).data() for r in range(model.rowCount())]
    assert texts[0] == "无法识别的数值，未填入（1）"
    assert "“很多”" in texts[1] and "行政许可" in texts[1]
    assert texts[2] == "文件中未找到（1）" and "行政强制" in texts[3]
    assert any(t.startswith("已填入（") for t in texts)
    assert "下级.xlsx" in panel.summary.text()
    heading = model.index(0)
    assert not model.flags(heading) & Qt.ItemFlag.ItemIsSelectable
    with qtbot.waitSignal(panel.cellActivated) as signal:
        panel.list.clicked.emit(model.index(1))
    assert signal.args == ["art20_5.licensing.decisions"]
    assert model.index(3).data(KEY_ROLE) == "art20_6.coercion.decisions"
    with qtbot.assertNotEmitted(panel.cellActivated):
        panel.list.clicked.emit(heading)


def _their_register(path: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["受理编号", "受理日期", "申请人身份", "答复类型", "答复日期", "承办科室"])
    sheet.append(["X-1", date(2025, 3, 5), "自然人", "（一）予以公开", date(2025, 3, 9), "办公室"])
    sheet.append(["X-2", date(2025, 3, 5), "公民", "（一）予以公开", date(2025, 3, 9), "办公室"])
    workbook.save(path)
    return path


def test_the_mapping_step_needs_every_required_column_once(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sheets = sheets_to_map(_their_register(tmp_path / "台账.xlsx"), load_format("2021"))
    dialog = MappingDialog(sheets, {})
    qtbot.addWidget(dialog)
    assert set(dialog.sheet_boxes) == {REQUESTS_SHEET}  # one sheet: no cases to choose
    assert "备注" not in dialog.boxes  # never read: not asked
    assert not dialog.ok.isEnabled() and "收到日期" in dialog.problem.text()
    for ours, theirs in {"申请编号": "受理编号", "收到日期": "受理日期", "申请人类型": "申请人身份",
                         "办理结果": "答复类型", "办结日期": "答复日期"}.items():
        dialog.boxes[ours].setCurrentText(theirs)
    assert dialog.ok.isEnabled()
    dialog.boxes["申请编号"].setCurrentText("答复日期")
    assert not dialog.ok.isEnabled() and "答复日期" in dialog.problem.text()
    dialog.boxes["申请编号"].setCurrentText(NOT_IMPORTED)
    mapping = dialog.mapping()
    assert mapping["收到日期"] == "受理日期" and "申请编号" not in mapping
    remember_mapping(mapping)
    assert remembered_mapping() == mapping
    again = MappingDialog(sheets, remembered_mapping())  # remembered: already chosen next time
    qtbot.addWidget(again)
    assert again.ok.isEnabled() and again.boxes["办理结果"].currentText() == "答复类型"


def test_the_accept_step_shows_the_table_and_the_bad_rows(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _their_register(tmp_path / "台账.xlsx")
    mapping = {"申请编号": "受理编号", "收到日期": "受理日期", "申请人类型": "申请人身份",
               "办理结果": "答复类型", "办结日期": "答复日期"}
    result = import_register(path, load_format("2021"), 2025, mapping)
    dialog = PreviewDialog(result)
    qtbot.addWidget(dialog)
    assert dialog.accept_button.isEnabled()
    assert dialog.problems.count() == 1 and "公民" in dialog.problems.item(0).text()
    assert dialog.table.item(0, 0).text() == "1"  # 一、新收 · 自然人
    assert dialog.table.horizontalHeaderItem(0).text() == "自然人"


def _their_cases_register(path: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "受理登记"
    sheet.append(["受理编号", "受理日期", "申请人身份", "答复类型", "答复日期"])
    sheet.append(["X-1", date(2025, 3, 5), "自然人", "（一）予以公开", date(2025, 3, 9)])
    workbook.create_sheet("说明").append(["本表由某系统导出"])
    cases = workbook.create_sheet("复议诉讼")
    cases.append(["行政复议、行政诉讼案件"])
    cases.append(["案号", "类型", "审理结果", "审结情况"])
    cases.append(["F-1", "行政复议", "结果纠正", "是"])
    workbook.save(path)
    return path


def test_the_mapping_step_offers_the_cases_sheet_and_its_columns(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sheets = sheets_to_map(_their_cases_register(tmp_path / "台账.xlsx"), load_format("2021"))
    dialog = MappingDialog(sheets, {})
    qtbot.addWidget(dialog)
    cases = dialog.sheet_boxes[CASES_SHEET]
    assert [cases.itemText(i) for i in range(cases.count())] == [NOT_IMPORTED_SHEET, "受理登记", "说明", "复议诉讼"]
    assert cases.currentText() == "复议诉讼" and dialog.header_rows[CASES_SHEET].text() == "（第 2 行为表头）"
    box = dialog.boxes["案件类别"]
    assert [box.itemText(i) for i in range(box.count())] == [NOT_IMPORTED, "案号", "类型", "审理结果", "审结情况"]
    theirs = {"申请编号": "受理编号", "收到日期": "受理日期", "申请人类型": "申请人身份", "办理结果": "答复类型",
              "办结日期": "答复日期"}
    for ours, column in theirs.items():
        dialog.boxes[ours].setCurrentText(column)
    assert not dialog.ok.isEnabled() and dialog.problem.text() == "还需要选择：案件类别、结果、是否审结"
    for ours, column in {"案件编号": "案号", "案件类别": "类型", "结果": "审理结果", "是否审结": "审结情况"}.items():
        dialog.boxes[ours].setCurrentText(column)
    assert dialog.ok.isEnabled()
    assert dialog.mapping() == {REQUESTS_SHEET: "受理登记", **theirs, CASES_SHEET: "复议诉讼", "案件编号": "案号",
                                "案件类别": "类型", "结果": "审理结果", "是否审结": "审结情况"}
    cases.setCurrentText("受理登记")  # the requests' sheet
    assert not dialog.ok.isEnabled() and "同一个工作表" in dialog.problem.text()
    cases.setCurrentText(NOT_IMPORTED_SHEET)  # no cases: nothing more to choose
    assert dialog.ok.isEnabled() and not dialog.boxes["案件类别"].isEnabled()
    assert dialog.mapping()[CASES_SHEET] == ""
    remember_mapping({"案件类别": "别的列", "收到日期": "旧的列", "其他表的列": "x"})
    again = MappingDialog(sheets, remembered_mapping())  # what it shows is chosen anew, the rest kept
    qtbot.addWidget(again)
    again.boxes["收到日期"].setCurrentText("受理日期")
    assert again.updated() == {"其他表的列": "x", REQUESTS_SHEET: "受理登记", "收到日期": "受理日期",
                               CASES_SHEET: "复议诉讼"}
