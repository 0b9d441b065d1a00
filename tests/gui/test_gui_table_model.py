"""The table model passes Qt's model tester and draws the official grid; block edits follow Excel."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.app import create_app
from gui.block_edit import PasteRefused, copy_block, parse_tsv, plan_paste
from gui.document import ReportDocument
from gui.table_model import SectionTableModel
from gui.table_view import SectionTableView
from model.formats import load_format
from model.layout import section_grid
from model.report import Report
from model.storage import load_report

from conftest import DEMO_EXAMPLE, SEED_EXAMPLE


@pytest.mark.parametrize("example", [SEED_EXAMPLE, DEMO_EXAMPLE], ids=["seed", "demo"])
def test_every_table_model_passes_the_model_tester(qtbot: QtBot, qtmodeltester, example) -> None:  # type: ignore[no-untyped-def]
    document = ReportDocument(load_report(example))
    for section in document.report.format.table_sections():
        model = SectionTableModel(document, section.id)
        qtmodeltester.check(model, force_py=True)
        document.set_cells({"requests.new.person": 7}, "t")
        qtmodeltester.check(model, force_py=True)


@pytest.mark.parametrize("format_id", ["2019", "2021"])
def test_the_view_draws_every_label_and_merged_cell_of_the_format(qtbot: QtBot, format_id: str) -> None:
    document = ReportDocument(Report.blank(format_id, "某局", 2025))
    for section in document.report.format.table_sections():
        view = SectionTableView(SectionTableModel(document, section.id))
        qtbot.addWidget(view)
        grid = section_grid(document.report.format, section.id)
        for cell in grid.cells:
            index = view.model().index(cell.row, cell.col)
            assert (view.rowSpan(cell.row, cell.col), view.columnSpan(cell.row, cell.col)) == (cell.row_span, cell.col_span)
            if not cell.is_value:
                assert view.model().data(index) == cell.text
                assert not view.model().flags(index) & Qt.ItemFlag.ItemIsEditable
            width = sum(view.columnWidth(c) for c in range(cell.col, cell.col + cell.col_span))
            height = sum(view.rowHeight(r) for r in range(cell.row, cell.row + cell.row_span))
            needed = view.fontMetrics().boundingRect(0, 0, width - 6, 10_000, int(Qt.TextFlag.TextWordWrap), cell.text)
            assert needed.height() <= height, f"{cell.text} is clipped"


def test_the_longest_row_label_is_not_wrapped(qtbot: QtBot) -> None:
    create_app()
    document = ReportDocument(Report.blank("2021", "某局", 2025))
    view = SectionTableView(SectionTableModel(document, "requests"))
    qtbot.addWidget(view)
    cell = next(c for c in view.table_model.grid.cells if c.text.startswith("2.申请人逾期未按收费通知"))
    assert view.rowHeight(cell.row) == view.rowHeight(cell.row - 1)


def test_tsv_from_excel_is_read_with_quotes_and_line_ends() -> None:
    assert parse_tsv('1\t"2"\r\n3\t\r\n') == [["1", "2"], ["3", ""]]


def test_a_paste_walks_merged_cells_as_one() -> None:
    report = Report.blank("2021", "某局", 2025)
    grid = section_grid(load_format("2021"), "proactive")
    row = grid.cell_for("art20_1.regulations.issued").row
    assert plan_paste(grid, report, row, 1, [["1", "0", "5"], ["2", "1", "9"]]) == {
        "art20_1.regulations.issued": 1, "art20_1.regulations.repealed": 0, "art20_1.regulations.in_force": 5,
        "art20_1.normative.issued": 2, "art20_1.normative.repealed": 1, "art20_1.normative.in_force": 9}
    licensing = grid.cell_for("art20_5.licensing.decisions")
    assert licensing.col_span == 3
    assert plan_paste(grid, report, licensing.row, 1, [["138"]]) == {"art20_5.licensing.decisions": 138}
    with pytest.raises(PasteRefused, match="超出"):
        plan_paste(grid, report, licensing.row, 1, [["138", "1"]])


def test_copy_then_paste_elsewhere_round_trips() -> None:
    report = load_report(DEMO_EXAMPLE)
    grid = section_grid(report.format, "requests")
    first = grid.cell_for("requests.new.person")
    text = copy_block(grid, report, first.row, first.col, first.row + 1, first.col + 5)
    assert text == "19\t3\t1\t1\t4\t1\n0\t2\t0\t2\t0\t2\n"
    target = grid.cell_for("requests.granted.person")
    changes = plan_paste(grid, report, target.row, target.col, parse_tsv(text))
    assert changes["requests.granted.person"] == 19 and changes["requests.partial.other_org"] == 2
