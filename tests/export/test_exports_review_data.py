"""What the review brought to the report, in every deliverable: the chosen unit of the 2019
采购总金额 in the header of the PDF, Excel and Word tables; live fields printed as their
numbers and amounts with their own decimals in Word; the 报送版's 审核情况说明 and the 审核结果
page set by the PDF's own text setting (export.pdf_text), not by a second typesetter; the
审核情况说明 sheet printed readably."""
from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

import pdfplumber
import pytest
from docx import Document
from openpyxl import load_workbook

from export.docx import write_docx
from export.pdf import write_pdf, write_submission_pdf
from export.review_pdf import write_review_pdf
from export.review_sheet import REVIEW_SHEET
from export.typeset import CANNOT_END, CANNOT_START
from export.xlsx import GRID_TOP, sheet_name, write_xlsx
from model.fields import field_text
from model.layout import report_grid
from model.report import Report
from model.review import build_review
from model.storage import load_report

from conftest import DEMO_EXAMPLE, sample_report
from test_pdf_typesetting import RIGHT_EDGE, TOLERANCE, body_lines, ink_end, joined

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")
PURCHASE = "采购总金额（单位：元）"
FEES = "art20_8.fees.amount"
LANDSCAPE_UNITS = 170  # Excel's width units across a landscape A4 page at about 90 %
# An explanation long enough to run over several lines, with marks a line must not start or end
# with and characters markup would swallow.
EXPLANATION = ("申请人逾期未补正或未缴费的，依法不再处理；“其他”为申请人主动撤回申请（见Q&A<答复>）。"
               "经核对《条例》第三十条，上述情形均已书面告知申请人，并在台账中逐件登记、归档备查。") * 2


def _squeezed(text: str) -> str:
    return "".join(text.split())


def _written_text(write: Callable[[Report, Path], object], report: Report, path: Path) -> str:
    """The text of the PDF `write` makes of `report`, without white space."""
    write(report, path)
    return _squeezed(subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True,
                                    check=True).stdout)


def _in_yuan() -> Report:
    report = sample_report("2019")
    report.amount_unit = "元"
    return report


def _with_long_explanation() -> Report:
    report = load_report(DEMO_EXAMPLE)
    key = next(iter(report.explanations))
    report.explanations[key] = replace(report.explanations[key], text=EXPLANATION)
    return report


@needs_poppler
def test_the_pdf_table_shows_the_chosen_unit(tmp_path: Path) -> None:
    text = _written_text(write_pdf, _in_yuan(), tmp_path / "报告.pdf")
    assert PURCHASE in text and "采购总金额（单位：万元）" not in text


def test_the_excel_table_shows_the_chosen_unit(tmp_path: Path) -> None:
    report = _in_yuan()
    out = tmp_path / "报告.xlsx"
    write_xlsx(report, out)
    section = report.format.section_of_table("art20_9")
    cell = next(c for c in report_grid(report, section.id).cells if c.text.startswith("采购总金额"))
    ws = load_workbook(out)[sheet_name(section.heading)]
    assert ws.cell(row=GRID_TOP + cell.row, column=1 + cell.col).value.replace("\n", "") == PURCHASE


def test_the_word_table_shows_the_chosen_unit(tmp_path: Path) -> None:
    out = tmp_path / "报告.docx"
    write_docx(_in_yuan(), out)
    cells = {c.text.replace("\n", "") for table in Document(str(out)).tables for row in table.rows for c in row.cells}
    assert PURCHASE in cells and "采购总金额（单位：万元）" not in cells


def test_word_prints_live_fields_as_their_numbers_and_amounts_with_their_own_decimals(tmp_path: Path) -> None:
    report = load_report(DEMO_EXAMPLE)
    report.texts["overview"] = f"本年新收申请{field_text(report.format, 'requests.new.total')}件。"
    report.values[FEES] = Decimal("24252.311082")
    out = tmp_path / "报告.docx"
    write_docx(report, out)
    document = Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"本年新收申请{report.values['requests.new.total']}件。" in text
    assert "{{" not in text and "requests.new.total" not in text
    figures = {c.text for table in document.tables for row in table.rows for c in row.cells}
    assert "24252.311082" in figures


@needs_poppler
def test_the_submission_appendix_is_set_as_the_report_is(tmp_path: Path) -> None:
    out = tmp_path / "报送版.pdf"
    text = _written_text(write_submission_pdf, _with_long_explanation(), out)
    appendix = text[text.index("附件审核情况说明"):]
    assert _squeezed(f"说明：{EXPLANATION}") in appendix  # Q&A<答复> as typed, whole
    with pdfplumber.open(out) as document:
        last = len(document.pages) - 1
    lines = body_lines(out, last)
    texts = [joined(line) for line in lines]
    assert texts[0] == "附件" and texts[1].startswith("1.〔已说明〕三、收到和处理政府信息公开申请情况：")
    start = max(i for i, t in enumerate(texts) if t.startswith("说明："))  # the finding quotes it too
    assert len(lines[start:-1]) >= 4
    for text in texts:
        assert text[0] not in CANNOT_START and text[-1] not in CANNOT_END, text
    for line in lines[start:-1]:  # the 说明 justified, flush with the edge, but its last line
        assert abs(ink_end(line) - RIGHT_EDGE) <= TOLERANCE, joined(line)


@needs_poppler
def test_the_review_page_prints_text_as_typed_and_breaks_lines_by_the_rules(tmp_path: Path) -> None:
    report = _with_long_explanation()
    out = tmp_path / "审核结果.pdf"
    text = _written_text(lambda r, p: write_review_pdf(build_review(r), p, "报告.json", "0" * 64, "2026年1月20日"),
                         report, out)
    assert _squeezed(EXPLANATION) in text.replace("—", "")  # Q&A<答复> as typed, whole
    with pdfplumber.open(out) as document:
        chars = [c for page in document.pages for c in page.chars if c["text"].strip()]
    baselines: dict[int, list[dict[str, Any]]] = {}
    for char in chars:
        baselines.setdefault(-round(char["matrix"][5]), []).append(char)
    starts = []
    for line in baselines.values():  # a line of each table cell: cut where a cell border is crossed
        line.sort(key=lambda c: c["x0"])
        starts.append(line[0]["text"])
        starts += [b["text"] for a, b in zip(line, line[1:]) if b["x0"] - a["x1"] > 4]
    assert len(starts) > 20 and not [s for s in starts if s in CANNOT_START]


def test_a_blank_2019_report_in_yuan_exports_in_every_kind(tmp_path: Path) -> None:
    report = Report.blank("2019", "某局", 2020)
    report.amount_unit = "元"
    for name, write in (("r.pdf", write_pdf), ("r.xlsx", write_xlsx), ("r.docx", write_docx),
                        ("s.pdf", write_submission_pdf)):
        write(report, tmp_path / name)
        assert (tmp_path / name).stat().st_size > 0


def test_the_explanations_sheet_prints_readably(tmp_path: Path) -> None:
    """Landscape and narrow enough to print at nearly full size, not shrunk to a portrait width."""
    out = tmp_path / "报告.xlsx"
    write_xlsx(_with_long_explanation(), out)
    ws = load_workbook(out)[REVIEW_SHEET]
    assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
    assert sum(ws.column_dimensions[c].width for c in "ABCDE") <= LANDSCAPE_UNITS
    row = ws.row_dimensions[2].height
    assert row >= 3 * 11 and ws.cell(row=2, column=4).value == EXPLANATION  # wrapped, complete
