"""The Excel export set as a document: long paragraphs over rows at sentence ends, run-in
headings in 楷体, 引言 and 落款, labels broken between words, properties, first page without
a header, amounts with their own decimals, and a readable 各单位数据 sheet."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText

from export.xlsx import GRID_TOP, TEXT_SHEET, sheet_name, write_xlsx
from export.xlsx_units import UNITS_SHEET
from model.layout import section_grid
from model.report import Contribution, Report
from model.storage import load_report

from conftest import DEMO_EXAMPLE
from hard_case import UNIT, hard_report, hard_text

SENTENCE_ENDS = "。！？；…”）"


def _book(report: Report, tmp_path: Path, rich: bool = False):  # type: ignore[no-untyped-def]
    out = tmp_path / "报告.xlsx"
    write_xlsx(report, out)
    return load_workbook(out, rich_text=rich)


def test_a_long_paragraph_runs_over_rows_cut_at_sentence_ends_all_complete(tmp_path: Path) -> None:
    report = load_report(DEMO_EXAMPLE)
    paragraph = hard_text(3000).replace("\n", "")
    report.texts["overview"] = paragraph
    ws = _book(report, tmp_path)[TEXT_SHEET]
    start = next(c.row for c in ws["A"] if c.value == "一、总体情况") + 1
    end = next(c.row for c in ws["A"] if c.value == "二、主动公开政府信息情况")
    pieces = [ws.cell(row=r, column=1).value for r in range(start, end) if ws.cell(row=r, column=1).value]
    assert "".join(pieces) == "\u3000\u3000" + paragraph
    assert len(pieces) >= 3
    assert all(piece[-1] in SENTENCE_ENDS for piece in pieces)
    for r in range(start, start + len(pieces)):
        assert ws.row_dimensions[r].height <= 409
        assert ws.cell(row=r, column=1).alignment.vertical == "top"
        assert ws.cell(row=r, column=1).alignment.wrap_text


def test_row_heights_give_every_paragraph_its_lines(tmp_path: Path) -> None:
    ws = _book(hard_report(), tmp_path)[TEXT_SHEET]
    for cell in ws["A"]:
        if cell.value and cell.alignment.vertical == "top" and len(cell.value) > 40:
            lines = len(cell.value) / 33  # at most 34 characters of 12 pt a line in 76 units
            assert ws.row_dimensions[cell.row].height >= lines * 12 * 1.2, cell.value[:20]


def test_run_in_headings_keep_their_kaiti_and_the_indent(tmp_path: Path) -> None:
    report = load_report(DEMO_EXAMPLE)
    report.texts["problems"] = "（一）加强培训。全年开展业务培训2次。"
    ws = _book(report, tmp_path, rich=True)[TEXT_SHEET]
    cell = next(c for c in ws["A"] if isinstance(c.value, CellRichText) and "加强培训" in str(c.value))
    lead, body = cell.value
    assert lead.text == "\u3000\u3000（一）加强培训。" and lead.font.rFont == "楷体"
    assert body.text == "全年开展业务培训2次。" and body.font.rFont == "仿宋"


def test_intro_signature_and_empty_sections(tmp_path: Path) -> None:
    report = load_report(DEMO_EXAMPLE)
    report.intro = report.default_intro()
    report.issued = date(2026, 1, 20)
    report.texts["other"] = ""
    ws = _book(report, tmp_path)[TEXT_SHEET]
    values = [c.value for c in ws["A"] if c.value]
    assert values[1] == "\u3000\u3000" + report.default_intro()
    assert values[values.index("六、其他需要报告的事项") + 1] == "\u3000\u3000无。"
    assert values[-2:] == [report.unit, "2026年1月20日"]
    assert ws.cell(row=ws.max_row, column=1).alignment.horizontal == "right"


def test_column_headers_break_between_words_and_rows_are_tall_enough(tmp_path: Path) -> None:
    report = hard_report()
    ws = _book(report, tmp_path)[sheet_name(report.format.section_of_table("requests").heading)]
    grid = section_grid(report.format, "requests")
    for label in ("社会公益组织", "法律服务机构"):
        cell = next(c for c in grid.cells if c.text == label)
        value = ws.cell(row=GRID_TOP + cell.row, column=1 + cell.col).value
        assert value.replace("\n", "") == label and "组\n织" not in value and "机\n构" not in value
        assert ws.row_dimensions[GRID_TOP + cell.row].height >= (value.count("\n") + 1) * 15


def test_document_properties_and_no_header_on_the_first_page(tmp_path: Path) -> None:
    report = load_report(DEMO_EXAMPLE)
    book = _book(report, tmp_path)
    assert book.properties.title == report.title
    assert book.properties.subject == "政府信息公开工作年度报告"
    assert book.properties.creator == report.unit
    text = book[TEXT_SHEET]
    assert text.HeaderFooter.differentFirst and not text.firstHeader.center.text
    assert text.firstFooter.center.text == text.oddFooter.center.text
    assert text.oddHeader.center.text  # later pages keep the title


def test_amounts_print_with_as_many_decimals_as_they_have(tmp_path: Path) -> None:
    report = load_report(DEMO_EXAMPLE)
    fmt = report.format
    ws_name = sheet_name(fmt.section_of_table("art20_8").heading)
    cell = section_grid(fmt, "proactive").cell_for("art20_8.fees.amount")
    # exactly as entered, as the PDF and the window show them (model.numbers.format_value)
    for stored, shown in ((Decimal("24252.311082"), "0.000000"), (Decimal("12.6"), "0.0"),
                          (Decimal("1.50"), "0.00"), (Decimal("7"), "0"), (Decimal("1.125"), "0.000")):
        report.values["art20_8.fees.amount"] = stored
        target = _book(report, tmp_path)[ws_name].cell(row=GRID_TOP + cell.row, column=1 + cell.col)
        assert target.number_format == shown and Decimal(str(target.value)) == stored


def test_units_sheet_names_each_file_and_prints_readably(tmp_path: Path) -> None:
    report = load_report(DEMO_EXAMPLE)
    report.merged_from = [Contribution(UNIT, r"C:\报告\甲.json", {"art20_8.fees.amount": Decimal("0.123456")}),
                          Contribution("乙局", "/home/x/乙.json", {})]
    ws = _book(report, tmp_path)[UNITS_SHEET]
    assert ws.cell(row=1, column=3).value.replace("\n", "") == UNIT
    assert [ws.cell(row=2, column=c).value for c in (3, 4)] == ["甲.json", "乙.json"]
    lines = ws.cell(row=1, column=3).value.count("\n") + 1
    assert lines > 1 and ws.row_dimensions[1].height >= lines * 15
    assert ws.page_setup.orientation == "landscape" and not ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$1:$2" and ws.print_title_cols == "$A:$B"
    keys = report.format.cell_keys()
    amount = ws.cell(row=3 + keys.index("art20_8.fees.amount"), column=3)
    assert amount.number_format == "0.000000"
