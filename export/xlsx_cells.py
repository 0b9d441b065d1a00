"""Writing cells and pages of the workbook: text that stays text, numbers that stay numbers,
borders, and the A4 print set-up every sheet shares.

openpyxl turns a string starting with "=" into a formula (and "#N/A" into an error), so every
piece of text goes through `put_text`, which forces the string type. Excel never grows a row
for wrapped text in merged cells, so heights are estimated here from the column widths.
"""
from __future__ import annotations

import math

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.worksheet import Worksheet

from export.columns import text_width
from export.common import clean_text
from model.numbers import NOT_APPLICABLE, Value, decimals
from model.report import Report

EXCEL_TEXT_LIMIT = 32767  # characters a cell holds
MAX_ROW_POINTS = 409.0  # the tallest row Excel allows
HEADER_CHARS = 120  # Excel "repairs" a page header longer than 255 characters
UNITS_PER_CHAR = 2.0  # column width units per Chinese character (11 pt)
LINE_POINTS = 15.0  # row height per line of 11 pt text
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BODY_FONT = Font(name="宋体", size=11)
HEADING_FONT = Font(name="黑体", size=14)
TITLE_FONT = Font(name="宋体", size=18, bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
NUMBER_FORMATS = {"count": "0", "signed": "0", "amount": "0.00"}


def amount_format(value: Value | None) -> str:
    """An amount's number format with as many decimals as the clerk entered (「24252.311082」
    keeps six, 「1.50」 two, 「592」 none)."""
    places = decimals(value)
    return "0." + "0" * places if places else "0"


def put_text(ws: Worksheet, row: int, col: int, text: str) -> Cell:
    """Store `text` as a string whatever it looks like (=, +, -, @, #N/A …). Text longer than a
    cell holds is cut, so callers with paragraphs split them first (`text_pieces`)."""
    cell = ws.cell(row=row, column=col)
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", text)[:EXCEL_TEXT_LIMIT]
    cell.data_type = "s"
    return cell


def text_pieces(text: str) -> list[str]:
    """A paragraph in pieces that each fit one cell, so nothing is lost to the cell limit."""
    return [text[i:i + EXCEL_TEXT_LIMIT] for i in range(0, len(text), EXCEL_TEXT_LIMIT)] or [""]


def put_value(ws: Worksheet, row: int, col: int, value: Value | None, kind: str | None) -> Cell:
    """A figure as a number, 「/」 as text, blank as an empty cell; with a `kind` (count, signed,
    amount) the cell gets that kind's number format, without one the caller styles it."""
    if value is None:
        return ws.cell(row=row, column=col)
    if value == NOT_APPLICABLE:
        return put_text(ws, row, col, NOT_APPLICABLE)
    cell = ws.cell(row=row, column=col, value=value)
    if kind:
        cell.number_format = amount_format(value) if kind == "amount" else NUMBER_FORMATS[kind]
    return cell


def border_range(ws: Worksheet, row: int, col: int, rows: int, cols: int) -> None:
    """Border every cell of a (merged) range: Excel draws a merged cell's edges from its parts."""
    for r in range(row, row + rows):
        for c in range(col, col + cols):
            ws.cell(row=r, column=c).border = BORDER


def row_height(lines: int, line_points: float) -> float:
    return min(MAX_ROW_POINTS, lines * line_points)


def lines_needed(text: str, width_units: float) -> int:
    """Printed lines of `text` wrapped in a cell `width_units` wide."""
    chars_per_line = max(1.0, (width_units - 1) / UNITS_PER_CHAR)
    return sum(max(1, math.ceil(text_width(part) / chars_per_line)) for part in text.split("\n"))


def print_setup(ws: Worksheet, report: Report, title_rows: str | None = None) -> None:
    """A4, fitted to the page width, centred, the report title in the page header."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.6
    ws.oddHeader.center.text = clean_text(report.title)[:HEADER_CHARS].replace("&", "&&")
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    if title_rows:
        ws.print_title_rows = title_rows
