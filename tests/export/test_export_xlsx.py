"""The Excel export, read back with openpyxl: the official grid, numbers, text, print set-up."""
from __future__ import annotations

import errno
import os
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from export.common import ExportError
from export.xlsx import GRID_TOP, TEXT_SHEET, sheet_name, write_xlsx
from export.xlsx_units import UNITS_SHEET
from model.importing.embedded import DATA_SHEET
from model.layout import section_grid
from model.numbers import NOT_APPLICABLE
from model.report import Contribution, Report
from model.storage import load_report

from conftest import DEMO_EXAMPLE, FORMATS, SEED_EXAMPLE, sample_report

HOSTILE = ["=HYPERLINK(\"http://example.com\",\"点我\")", "+1", "-2", "@x", "#N/A", "<b>粗</b> &amp;"]


def _export(report: Report, tmp_path: Path):
    """The exported workbook as the clerk sees it: without the very hidden project sheet (its
    own tests are with the import's, tests/model/test_import_reports.py)."""
    out = tmp_path / "报告.xlsx"
    write_xlsx(report, out)
    workbook = load_workbook(out)
    del workbook[DATA_SHEET]
    return workbook, out


@pytest.mark.parametrize("format_id", FORMATS)
def test_every_label_and_value_sits_where_the_layout_puts_it(format_id: str, tmp_path: Path) -> None:
    report = sample_report(format_id)
    workbook, _ = _export(report, tmp_path)
    for section in report.format.table_sections():
        ws = workbook[sheet_name(section.heading)]
        assert ws.cell(row=1, column=1).value == section.heading
        grid = section_grid(report.format, section.id)
        for cell in grid.cells:
            got = ws.cell(row=GRID_TOP + cell.row, column=1 + cell.col).value
            if not cell.is_value:
                assert got.replace("\n", "") == cell.text
                bounds = {len("".join(cell.words[:i])) for i in range(1, len(cell.words))}
                breaks = {len("".join(got.split("\n")[:i])) for i in range(1, got.count("\n") + 1)}
                assert breaks <= bounds, got  # broken only between words
                continue
            value = report.value(cell.key)
            if value is None:
                assert got is None, cell.key
            elif value == NOT_APPLICABLE:
                assert got == "/"
            else:
                assert isinstance(got, (int, float)) and not isinstance(got, bool), cell.key
                assert Decimal(str(got)) == Decimal(value), cell.key


@pytest.mark.parametrize("format_id", FORMATS)
def test_merged_ranges_match_the_layout_and_every_part_is_bordered(format_id: str, tmp_path: Path) -> None:
    report = sample_report(format_id)
    workbook, _ = _export(report, tmp_path)
    for section in report.format.table_sections():
        ws = workbook[sheet_name(section.heading)]
        grid = section_grid(report.format, section.id)
        expected = set()
        for cell in grid.merged():
            top, left = GRID_TOP + cell.row, 1 + cell.col
            expected.add((top, left, top + cell.row_span - 1, left + cell.col_span - 1))
        got = {(r.min_row, r.min_col, r.max_row, r.max_col) for r in ws.merged_cells.ranges}
        assert got == expected
        for cell in grid.cells:  # every edge of every (merged) cell is drawn
            top, left = GRID_TOP + cell.row, 1 + cell.col
            bottom, right = top + cell.row_span - 1, left + cell.col_span - 1
            for r in range(top, bottom + 1):
                assert ws.cell(row=r, column=left).border.left.style == "thin", (r, left)
                assert ws.cell(row=r, column=right).border.right.style == "thin", (r, right)
            for c in range(left, right + 1):
                assert ws.cell(row=top, column=c).border.top.style == "thin", (top, c)
                assert ws.cell(row=bottom, column=c).border.bottom.style == "thin", (bottom, c)


def test_numbers_are_numbers_with_formats_and_not_applicable_is_text(tmp_path: Path) -> None:
    report = load_report(DEMO_EXAMPLE)
    report.set_value("appeals.cases.review_upheld", NOT_APPLICABLE)
    report.set_value("art20_1.regulations.issued", None)
    workbook, _ = _export(report, tmp_path)
    fmt = report.format
    amount = workbook[sheet_name(fmt.section_of_table("art20_8").heading)]
    grid = section_grid(fmt, "proactive")
    cell = grid.cell_for("art20_8.fees.amount")
    target = amount.cell(row=GRID_TOP + cell.row, column=1 + cell.col)
    assert target.value == pytest.approx(12.60) and target.data_type == "n" and target.number_format == "0.00"
    cell = grid.cell_for("art20_1.regulations.issued")
    assert amount.cell(row=GRID_TOP + cell.row, column=1 + cell.col).value is None
    appeals = workbook[sheet_name(fmt.section_of_table("appeals").heading)]
    cell = section_grid(fmt, "appeals").cell_for("appeals.cases.review_upheld")
    target = appeals.cell(row=GRID_TOP + cell.row, column=1 + cell.col)
    assert target.value == "/" and target.data_type == "s"


def test_hostile_text_stays_text_everywhere(tmp_path: Path) -> None:
    report = load_report(DEMO_EXAMPLE)
    report.unit = HOSTILE[0]
    report.texts["overview"] = "\n".join(HOSTILE)
    report.merged_from = [Contribution(text, f"{i}.json", {}) for i, text in enumerate(HOSTILE)]
    workbook, out = _export(report, tmp_path)
    text_sheet = workbook[TEXT_SHEET]
    assert text_sheet.cell(row=1, column=1).value.replace("\n", "") == report.title
    texts = [c.value for c in text_sheet["A"] if c.value]
    for line in HOSTILE:
        assert any(t.strip() == line for t in texts), line
    units = workbook[UNITS_SHEET]
    assert [units.cell(row=1, column=3 + i).value for i in range(len(HOSTILE))] == HOSTILE
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
    with zipfile.ZipFile(out) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)


def test_text_sheet_has_the_title_and_six_sections_in_order(tmp_path: Path) -> None:
    report = load_report(SEED_EXAMPLE)
    workbook, _ = _export(report, tmp_path)
    assert workbook.sheetnames[0] == TEXT_SHEET
    values = [c.value for c in workbook[TEXT_SHEET]["A"] if c.value]
    assert values[0] == "南开区文化和旅游局\n2020年政府信息公开工作年度报告"  # the subject on its own line
    positions = [values.index(s.heading) for s in report.format.sections]
    assert positions == sorted(positions) and len(positions) == 6
    assert values[positions[0] + 2].strip() == "（一）强化组织领导"
    assert workbook.sheetnames[1:] == [sheet_name(s.heading) for s in report.format.table_sections()]


def test_every_sheet_prints_on_a4_fitted_to_width_with_repeated_headers(tmp_path: Path) -> None:
    report = load_report(DEMO_EXAMPLE)
    workbook, _ = _export(report, tmp_path)
    for ws in workbook.worksheets:
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    requests = workbook[sheet_name(report.format.section_of_table("requests").heading)]
    header_rows = section_grid(report.format, "requests").header_rows
    assert requests.print_title_rows == f"${GRID_TOP}:${GRID_TOP + header_rows - 1}"


def test_label_columns_are_wide_enough_for_chinese_labels(tmp_path: Path) -> None:
    report = load_report(DEMO_EXAMPLE)
    workbook, _ = _export(report, tmp_path)
    ws = workbook[sheet_name(report.format.section_of_table("requests").heading)]
    grid = section_grid(report.format, "requests")
    innermost = ws.column_dimensions[ws.cell(row=1, column=grid.label_cols).column_letter].width
    assert innermost >= 2 * len("1.本机关不掌握相关政府信息")
    for col in range(1, grid.cols + 1):
        assert ws.column_dimensions[ws.cell(row=1, column=col).column_letter].width >= 4


def test_merged_report_gains_a_sheet_with_each_units_figures(tmp_path: Path) -> None:
    report = load_report(DEMO_EXAMPLE)
    report.merged_from = [
        Contribution("甲局", "a.json", {"requests.new.person": 3, "art20_8.fees.amount": Decimal("1.50")}),
        Contribution("乙局", "b.json", {"requests.new.person": 4, "appeals.cases.review_upheld": NOT_APPLICABLE}),
    ]
    workbook, _ = _export(report, tmp_path)
    ws = workbook[UNITS_SHEET]
    assert [c.value for c in ws[1]] == ["部分", "单元格", "甲局", "乙局", "合计"]
    assert [c.value for c in ws[2]] == [None, "来源文件", "a.json", "b.json", None]
    keys = report.format.cell_keys()
    assert ws.max_row == len(keys) + 2
    rows = {ws.cell(row=r, column=2).value: [c.value for c in ws[r]] for r in range(3, ws.max_row + 1)}
    person = rows[report.format.describe_cell("requests.new.person")]
    assert person[0] == "三" and person[2:] == [3, 4, 7]
    assert rows[report.format.describe_cell("art20_8.fees.amount")][2:] == [1.5, None, 1.5]
    assert rows[report.format.describe_cell("appeals.cases.review_upheld")][2:] == [None, "/", "/"]
    assert rows[report.format.describe_cell("requests.new.business")][2:] == [None, None, None]
    amount_row = 3 + keys.index("art20_8.fees.amount")
    assert ws.cell(row=amount_row, column=5).number_format == "0.00"
    for cell in (ws["A1"], ws["E1"], ws.cell(row=amount_row, column=4), ws.cell(row=ws.max_row, column=5)):
        assert cell.border.left.style == cell.border.bottom.style == "thin"
    assert ws.freeze_panes == "C3"


def test_unwritable_target_gives_a_chinese_message_and_no_file(tmp_path: Path) -> None:
    blocker = tmp_path / "不是文件夹"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="无法保存|不存在|没有权限"):
        write_xlsx(load_report(DEMO_EXAMPLE), blocker / "报告.xlsx")
    with pytest.raises(ExportError, match="文件夹"):
        write_xlsx(load_report(DEMO_EXAMPLE), tmp_path)


def test_a_failed_write_keeps_the_old_file_and_leaves_no_half_file(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "报告.xlsx"
    out.write_bytes(b"old export")

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(ExportError, match="磁盘空间不足"):
        write_xlsx(load_report(DEMO_EXAMPLE), out)
    assert out.read_bytes() == b"old export"
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_workbook_and_prints_every_sheet(tmp_path: Path) -> None:
    report = load_report(DEMO_EXAMPLE)
    report.merged_from = [Contribution("甲局", "a.json", {"requests.new.person": 3})]
    out = tmp_path / "book.xlsx"
    write_xlsx(report, out)
    profile = tmp_path / "lo-profile"
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(out)], capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "book.pdf"
    assert pdf.exists()
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        text = "".join(text.split())
        for needle in (report.title, "三、收到和处理政府信息公开申请情况", "行政复议", "甲局"):
            assert needle in text


def test_a_paragraph_longer_than_a_cell_continues_in_the_next_rows(tmp_path: Path) -> None:
    report = load_report(DEMO_EXAMPLE)
    report.texts["other"] = "长" * 70_000 + "尾"
    workbook, _ = _export(report, tmp_path)
    ws = workbook[TEXT_SHEET]
    pieces = [c.value for c in ws["A"] if c.value and "长" in c.value]
    assert len(pieces) > 3 and "".join(pieces) == "\u3000\u3000" + "长" * 70_000 + "尾"
    rows = [c.row for c in ws["A"] if c.value and "长" in c.value]
    assert rows == list(range(rows[0], rows[0] + len(pieces)))
    assert all(ws.row_dimensions[r].height <= 409 for r in rows)


def test_a_long_unit_name_keeps_the_page_header_within_excels_limit(tmp_path: Path) -> None:
    report = load_report(DEMO_EXAMPLE)
    report.unit = "某某&" * 100
    workbook, _ = _export(report, tmp_path)
    assert workbook[TEXT_SHEET].cell(row=1, column=1).value.replace("\n", "") == report.title
    for ws in workbook.worksheets:
        assert len(ws.oddHeader.center.text) <= 255
