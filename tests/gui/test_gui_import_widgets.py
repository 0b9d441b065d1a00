"""The import's widgets on their own: the result list, the register's mapping and accept steps."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook
from PySide6.QtCore import Qt

from gui.import_panel import KEY_ROLE, ImportResultPanel
from gui.register_dialog import NOT_IMPORTED, MappingDialog, PreviewDialog, remember_mapping, remembered_mapping
from model.formats import load_format
from model.importing.reader import import_report
from model.register_import import header_to_map, import_register
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
    header = header_to_map(_their_register(tmp_path / "台账.xlsx"))
    dialog = MappingDialog(header, {})
    qtbot.addWidget(dialog)
    assert not dialog.ok.isEnabled() and "收到日期" in dialog.problem.text()
    for ours, theirs in {"申请编号": "受理编号", "收到日期": "受理日期", "申请人类型": "申请人身份",
                         "办理结果": "答复类型", "办结日期": "答复日期"}.items():
        dialog.boxes[ours].setCurrentText(theirs)
    assert dialog.ok.isEnabled()
    dialog.boxes["备注"].setCurrentText("答复日期")
    assert not dialog.ok.isEnabled() and "答复日期" in dialog.problem.text()
    dialog.boxes["备注"].setCurrentText(NOT_IMPORTED)
    mapping = dialog.mapping()
    assert mapping["收到日期"] == "受理日期" and "备注" not in mapping
    remember_mapping(mapping)
    assert remembered_mapping() == mapping
    again = MappingDialog(header, remembered_mapping())  # remembered: already chosen next time
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
