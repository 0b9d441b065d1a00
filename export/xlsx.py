"""The Excel export: the narrative sheet, then one sheet per statistical section drawn from
model.layout exactly as the official form (and the window) draws it.

Every table sheet prints on A4 fitted to the page width with its header rows repeated, a
merged (汇总) report gains a sheet with each unit's figures side by side (export.xlsx_units),
and a report with explained findings a 审核情况说明 sheet (export.review_sheet).
"""
from __future__ import annotations

import io
import math
import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from export.columns import plan_columns
from export.common import clean_text, shown_values, write_export
from export.narrative import blocks
from export.xlsx_cells import (BODY_FONT, CENTER, HEADING_FONT, LEFT, LINE_POINTS, TITLE_FONT,
                               UNITS_PER_CHAR, border_range, lines_needed, print_setup, put_text,
                               put_value, row_height, text_pieces)
from export.review_sheet import write_review_sheet
from export.xlsx_units import write_units_sheet
from model.fields import printed_text
from model.formats import Section
from model.importing.embedded import embed_project
from model.layout import GridCell, report_grid
from model.report import Report

TEXT_SHEET = "报告正文"
TEXT_WIDTH = 76.0  # width units of the narrative column: about 37 characters a line
# (LibreOffice 7.4 does not shrink a 90-unit column to an A4 page and cuts it off)
PARAGRAPH_INDENT = "\u3000\u3000"
SUBHEADING_FONT = Font(name="楷体", size=12)
PARAGRAPH_FONT = Font(name="仿宋", size=12)
NOTE_FONT = Font(name="宋体", size=9)
LABEL_CELL_FONT = Font(name="宋体", size=11, bold=True)
OVERFLOW = Alignment(horizontal="left", vertical="center")  # runs on over the empty cells
LINK = Alignment(horizontal="left", vertical="center", indent=2)  # no underlined leading spaces
LINK_FONT = Font(name="仿宋", size=12, color="0563C1", underline="single")
GRID_TOP = 3  # the section heading takes row 1, row 2 stays blank


def write_xlsx(report: Report, path: Path) -> None:
    """Write the workbook atomically; ExportError (Chinese) if the file cannot be written."""
    buffer = io.BytesIO()
    build_workbook(report).save(buffer)
    write_export(path, buffer.getvalue())


def build_workbook(report: Report) -> Workbook:
    workbook = Workbook()
    text_sheet = workbook.active
    text_sheet.title = TEXT_SHEET
    names = {s.id: sheet_name(s.heading) for s in report.format.table_sections()}
    _write_text_sheet(text_sheet, report, names)
    for section in report.format.table_sections():
        _write_table_sheet(workbook.create_sheet(names[section.id]), report, section)
    if report.merged_from:
        write_units_sheet(workbook, report)
    write_review_sheet(workbook, report)
    workbook.properties.title = clean_text(report.title)
    workbook.properties.creator = "年报助手"
    embed_project(workbook, report)
    return workbook


def sheet_name(text: str) -> str:
    """A legal sheet name: no []:*?/\\ and at most 31 characters."""
    return re.sub(r"[\[\]:*?/\\]", "_", text)[:31]


def _write_line(ws: Worksheet, row: int, text: str, font: Font, alignment: Alignment,
                width: float) -> int:
    """Write a line of the narrative sheet (over several rows if it exceeds a cell); returns
    the next free row."""
    for piece in text_pieces(text):
        cell = put_text(ws, row, 1, piece)
        cell.font = font
        cell.alignment = alignment
        lines = lines_needed(piece, width * 11 / font.size)
        ws.row_dimensions[row].height = row_height(lines, font.size * 1.45)
        row += 1
    return row


def _write_text_sheet(ws: Worksheet, report: Report, table_sheets: dict[str, str]) -> None:
    """Title, then the six sections in order; table sections point to their sheets."""
    ws.column_dimensions["A"].width = TEXT_WIDTH
    row = _write_line(ws, 1, clean_text(report.title), TITLE_FONT, CENTER, TEXT_WIDTH) + 1
    for section in report.format.sections:
        row = _write_line(ws, row, section.heading, HEADING_FONT, LEFT, TEXT_WIDTH)
        if section.kind == "tables":
            name = table_sheets[section.id]
            ws.cell(row=row, column=1).hyperlink = Hyperlink(ref=f"A{row}", location=f"'{name}'!A1")
            row = _write_line(ws, row, f"见工作表“{name}”。", LINK_FONT, LINK, TEXT_WIDTH)
        for block in blocks(clean_text(printed_text(report, section.id))):
            font = SUBHEADING_FONT if block.heading else PARAGRAPH_FONT
            row = _write_line(ws, row, PARAGRAPH_INDENT + block.lead + block.text, font, LEFT, TEXT_WIDTH)
        row += 1
    print_setup(ws, report)



def _style(cell: GridCell) -> tuple[Font, Alignment]:
    if cell.role == "note":
        return NOTE_FONT, CENTER
    if cell.role == "heading":
        return LABEL_CELL_FONT, CENTER
    if cell.role == "row" and cell.row_span == 1:
        return BODY_FONT, LEFT
    return BODY_FONT, CENTER


def _write_table_sheet(ws: Worksheet, report: Report, section: Section) -> None:
    """The section's grid at GRID_TOP, merged, bordered and sized like the official form."""
    grid = report_grid(report, section.id)
    widths = [w * UNITS_PER_CHAR + 2 for w in plan_columns(grid, shown_values(report, grid)).natural]
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[ws.cell(row=1, column=col).column_letter].width = width
    heading = put_text(ws, 1, 1, section.heading)
    heading.font, heading.alignment = HEADING_FONT, OVERFLOW
    ws.row_dimensions[1].height = 24
    lines = [1] * grid.rows
    for cell in grid.cells:
        row, col = GRID_TOP + cell.row, 1 + cell.col
        if cell.is_value:
            target = put_value(ws, row, col, report.value(cell.key), cell.kind)
            target.font, target.alignment = BODY_FONT, CENTER
        else:
            target = put_text(ws, row, col, cell.text)
            target.font, target.alignment = _style(cell)
            span_width = sum(widths[cell.col:cell.col + cell.col_span])
            need = lines_needed(cell.text, span_width * 11 / target.font.size)
            for r in range(cell.row, cell.row + cell.row_span):
                lines[r] = max(lines[r], math.ceil(need / cell.row_span))
        if cell.row_span > 1 or cell.col_span > 1:
            ws.merge_cells(start_row=row, start_column=col, end_row=row + cell.row_span - 1,
                           end_column=col + cell.col_span - 1)
        border_range(ws, row, col, cell.row_span, cell.col_span)
    for r, count in enumerate(lines):
        ws.row_dimensions[GRID_TOP + r].height = row_height(count, LINE_POINTS) + 4
    title_rows = None
    if grid.header_rows:
        title_rows = f"{GRID_TOP}:{GRID_TOP + grid.header_rows - 1}"
        ws.freeze_panes = ws.cell(row=GRID_TOP + grid.header_rows, column=grid.label_cols + 1)
    print_setup(ws, report, title_rows)
