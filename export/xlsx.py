"""The Excel export: the narrative sheet, then one sheet per statistical section drawn from
model.layout exactly as the official form (and the window) draws it.

The narrative is set as the document reads: paragraphs top-aligned with their two-character
indent, run-in sub-headings in 楷体 (rich text), a paragraph too long for one row (409 pt)
continued in the next rows, cut at sentence ends. Labels break only between their words
(explicit line breaks), rows are as tall as model.layout.spread_heights makes them, and
every table sheet prints on A4 fitted to the page width with its header rows repeated. A
merged (汇总) report gains a sheet with each unit's figures side by side (export.xlsx_units),
and a report with explained findings a 审核情况说明 sheet (export.review_sheet).
"""
from __future__ import annotations

import io
import re
from pathlib import Path

import export.openpyxl_lean  # noqa: F401  (first: openpyxl without numpy)
from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from export.columns import plan_columns, text_width, word_lines
from export.common import SUBJECT, clean_text, paragraphs, shown_values, title_lines, unit_lines, write_export
from export.narrative import blocks
from export.review_sheet import write_review_sheet
from export.xlsx_cells import (BODY_FONT, CENTER, HEADING_FONT, LEFT, TITLE_FONT, UNITS_PER_CHAR,
                               border_range, chars_per_line, line_points, lines_of, max_lines,
                               paragraph_pieces, print_setup, put_text, put_value, row_height)
from model.fields import printed_text
from model.formats import Section
from model.importing.embedded import embed_project
from model.layout import GridCell, report_grid, spread_heights
from model.report import EMPTY_SECTION_TEXT, Report, chinese_date

TEXT_SHEET = "报告正文"
TEXT_WIDTH = 76.0  # width units of the narrative column: about 34 characters of 12 pt a line
# (LibreOffice 7.4 does not shrink a 90-unit column to an A4 page and cuts it off)
PARAGRAPH_INDENT = "\u3000\u3000"
SUBHEADING_FONT = Font(name="楷体", size=12)
PARAGRAPH_FONT = Font(name="仿宋", size=12)
NOTE_FONT = Font(name="宋体", size=9)
LABEL_CELL_FONT = Font(name="宋体", size=11, bold=True)
OVERFLOW = Alignment(horizontal="left", vertical="center")  # runs on over the empty cells
TOP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
SIGNATURE = Alignment(horizontal="right", vertical="top", wrap_text=True, indent=2)
LINK = Alignment(horizontal="left", vertical="center", indent=2)  # no underlined leading spaces
LINK_FONT = Font(name="仿宋", size=12, color="0563C1", underline="single")
GRID_TOP = 3  # the section heading takes row 1, row 2 stays blank
CELL_PADDING = 4.0  # points above and below a table cell's text


def write_xlsx(report: Report, path: Path) -> list[str]:
    """Write the workbook atomically; ExportError (Chinese) if the file cannot be written.
    No notes: Excel sets the text in the reader's own fonts."""
    buffer = io.BytesIO()
    build_workbook(report).save(buffer)
    write_export(path, buffer.getvalue())
    return []


def build_workbook(report: Report) -> Workbook:
    workbook = Workbook()
    text_sheet = workbook.active
    text_sheet.title = TEXT_SHEET
    names = {s.id: sheet_name(s.heading) for s in report.format.table_sections()}
    _write_text_sheet(text_sheet, report, names)
    for section in report.format.table_sections():
        _write_table_sheet(workbook.create_sheet(names[section.id]), report, section)
    if report.merged_from:
        from export.xlsx_units import write_units_sheet  # a 汇总 only: it needs model.merge
        write_units_sheet(workbook, report)
    write_review_sheet(workbook, report)
    workbook.properties.title = clean_text(report.title)
    workbook.properties.subject = SUBJECT
    workbook.properties.creator = clean_text(report.unit)
    workbook.properties.lastModifiedBy = "年报助手"  # model.foreign knows our exports by it
    embed_project(workbook, report)
    return workbook


def sheet_name(text: str) -> str:
    """A legal sheet name: no []:*?/\\ and at most 31 characters."""
    return re.sub(r"[\[\]:*?/\\]", "_", text)[:31]


def _write_line(ws: Worksheet, row: int, text: str, font: Font, alignment: Alignment,
                lead: str = "") -> int:
    """Write a paragraph of the narrative sheet over as many rows as it needs (each at most
    409 pt tall), `lead` a run-in heading in 楷体 before it; returns the next free row."""
    chars = chars_per_line(TEXT_WIDTH, font)
    for number, piece in enumerate(paragraph_pieces(lead + text, chars, max_lines(font))):
        cell = put_text(ws, row, 1, piece)
        if number == 0 and lead.strip():
            cell.value = CellRichText(TextBlock(_inline(SUBHEADING_FONT), lead),
                                      TextBlock(_inline(font), piece[len(lead):]))
        cell.font = font
        cell.alignment = alignment
        ws.row_dimensions[row].height = row_height(lines_of(piece, chars), font)
        row += 1
    return row


def _inline(font: Font) -> InlineFont:
    return InlineFont(rFont=font.name, sz=font.size, b=font.bold)


def _write_text_sheet(ws: Worksheet, report: Report, table_sheets: dict[str, str]) -> None:
    """Title, 引言, the six sections in order (table sections point to their sheets, an
    empty text section reads 「无。」), then the 落款."""
    ws.column_dimensions["A"].width = TEXT_WIDTH
    row = _write_line(ws, 1, _title(report), TITLE_FONT, CENTER) + 1
    for line in paragraphs(report.intro):
        row = _write_line(ws, row, PARAGRAPH_INDENT + line, PARAGRAPH_FONT, TOP_LEFT)
    for section in report.format.sections:
        row = _write_line(ws, row, section.heading, HEADING_FONT, LEFT)
        if section.kind == "tables":
            name = table_sheets[section.id]
            ws.cell(row=row, column=1).hyperlink = Hyperlink(ref=f"A{row}", location=f"'{name}'!A1")
            row = _write_line(ws, row, f"见工作表“{name}”。", LINK_FONT, LINK)
        text_blocks = blocks(clean_text(printed_text(report, section.id)))
        if section.kind == "text" and not text_blocks:
            row = _write_line(ws, row, PARAGRAPH_INDENT + EMPTY_SECTION_TEXT, PARAGRAPH_FONT, TOP_LEFT)
        for block in text_blocks:
            font = SUBHEADING_FONT if block.heading else PARAGRAPH_FONT
            row = _write_line(ws, row, block.text, font, TOP_LEFT, PARAGRAPH_INDENT + block.lead)
        row += 1
    unit = unit_lines(clean_text(report.unit), chars_per_line(TEXT_WIDTH, PARAGRAPH_FONT) - 4, text_width)
    row = _write_line(ws, row, "\n".join(unit), PARAGRAPH_FONT, SIGNATURE)
    _write_line(ws, row, chinese_date(report.issue_date()), PARAGRAPH_FONT, SIGNATURE)
    print_setup(ws, report)
    ws.HeaderFooter.differentFirst = True  # the first page shows the title itself
    ws.firstFooter.center.text = ws.oddFooter.center.text


def _title(report: Report) -> str:
    """The title, where it takes more than a line: the unit's name in balanced lines, then
    the year and subject on a line of their own (as the PDF sets it)."""
    title, unit = clean_text(report.title), clean_text(report.unit)
    return "\n".join(title_lines(title, unit, chars_per_line(TEXT_WIDTH, TITLE_FONT), text_width))


def _style(cell: GridCell) -> tuple[Font, Alignment]:
    if cell.role == "note":
        return NOTE_FONT, CENTER
    if cell.role == "heading":
        return LABEL_CELL_FONT, CENTER
    if cell.role == "row" and cell.row_span == 1:
        return BODY_FONT, LEFT
    return BODY_FONT, CENTER


def _write_table_sheet(ws: Worksheet, report: Report, section: Section) -> None:
    """The section's grid at GRID_TOP, merged, bordered and sized like the official form;
    labels broken between their words with explicit line breaks."""
    grid = report_grid(report, section.id)
    widths = [w * UNITS_PER_CHAR + 2 for w in plan_columns(grid, shown_values(report, grid)).natural]
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[ws.cell(row=1, column=col).column_letter].width = width
    heading = put_text(ws, 1, 1, section.heading)
    heading.font, heading.alignment = HEADING_FONT, OVERFLOW
    ws.row_dimensions[1].height = 24
    lines: dict[GridCell, int] = {}
    for cell in grid.cells:
        row, col = GRID_TOP + cell.row, 1 + cell.col
        font, alignment = _style(cell)
        if cell.is_value:
            target = put_value(ws, row, col, report.value(cell.key), cell.kind)
            lines[cell] = 1
        else:
            chars = chars_per_line(sum(widths[cell.col:cell.col + cell.col_span]), font)
            broken = word_lines(cell.words, chars) if cell.role != "heading" else [cell.text]
            target = put_text(ws, row, col, "\n".join(broken))
            lines[cell] = len(broken)
        target.font, target.alignment = font, alignment
        if cell.row_span > 1 or cell.col_span > 1:
            ws.merge_cells(start_row=row, start_column=col, end_row=row + cell.row_span - 1,
                           end_column=col + cell.col_span - 1)
        border_range(ws, row, col, cell.row_span, cell.col_span)
    heights = spread_heights(grid, lambda c: lines[c] * line_points(_style(c)[0]) + CELL_PADDING,
                             line_points(BODY_FONT) + CELL_PADDING)
    for r, height in enumerate(heights):
        ws.row_dimensions[GRID_TOP + r].height = round(height, 1)
    title_rows = None
    if grid.header_rows:
        title_rows = f"{GRID_TOP}:{GRID_TOP + grid.header_rows - 1}"
        ws.freeze_panes = ws.cell(row=GRID_TOP + grid.header_rows, column=grid.label_cols + 1)
    print_setup(ws, report, title_rows)
