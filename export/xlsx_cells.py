"""Writing cells and pages of the workbook: text that stays text, numbers that stay numbers
(amounts with as many decimals as they have), borders, and the A4 print set-up every sheet
shares.

openpyxl turns a string starting with "=" into a formula (and "#N/A" into an error), so every
piece of text goes through `put_text`, which forces the string type. Excel never grows a row
for wrapped text in merged cells, so heights are estimated here from the column widths and
the font's size; a row holds at most 409 pt, so a long paragraph is cut into pieces at
sentence ends (`paragraph_pieces`), each in a row of its own.
"""
from __future__ import annotations

import math
import re

import export.openpyxl_lean  # noqa: F401  (first: openpyxl without numpy)
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
BASE_SIZE = 11.0  # the type size UNITS_PER_CHAR is measured at
LINE_SPACING = 1.45  # row height per line, in type sizes (宋体, 仿宋 and 楷体 need about 1.3)
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BODY_FONT = Font(name="宋体", size=11)
HEADING_FONT = Font(name="黑体", size=14)
TITLE_FONT = Font(name="宋体", size=18, bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
NUMBER_FORMATS = {"count": "0", "signed": "0", "amount": "0.00"}
_SENTENCE_END = re.compile(r"(?<=[。！？；…])(?![”’」』）》。！？；…])")
_CLAUSE_END = re.compile(r"(?<=[，、：])")


def amount_format(value: Value | None) -> str:
    """An amount's number format with as many decimals as the clerk entered (「24252.311082」
    keeps six, 「1.50」 two, 「592」 none)."""
    places = decimals(value)
    return "0." + "0" * places if places else "0"


def put_text(ws: Worksheet, row: int, col: int, text: str) -> Cell:
    """Store `text` as a string whatever it looks like (=, +, -, @, #N/A …). Text longer than a
    cell holds is cut, so callers with paragraphs split them first (`paragraph_pieces`)."""
    cell = ws.cell(row=row, column=col)
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", text)[:EXCEL_TEXT_LIMIT]
    cell.data_type = "s"
    return cell


def line_points(font: Font) -> float:
    """The height of one line of `font` in a row, generous enough for the Chinese faces."""
    return float(font.size) * LINE_SPACING


def chars_per_line(width_units: float, font: Font) -> float:
    """How many Chinese characters of `font` a cell `width_units` wide holds on one line."""
    return max(1.0, (width_units * BASE_SIZE / float(font.size) - 1) / UNITS_PER_CHAR)


def paragraph_pieces(text: str, chars: float, max_lines: int) -> list[str]:
    """A paragraph in consecutive pieces of at most `max_lines` lines of `chars` characters,
    cut at sentence ends where it can (else after a comma, else anywhere), so each piece fits
    a row of at most 409 pt and nothing is lost to Excel's limits."""
    pieces: list[str] = []
    for sentence in _SENTENCE_END.split(text):
        if pieces and lines_of(pieces[-1] + sentence, chars) <= max_lines:
            pieces[-1] += sentence
        else:
            pieces += _cut(sentence, chars, max_lines)
    return pieces or [""]


def _cut(text: str, chars: float, max_lines: int) -> list[str]:
    """Text too long for one piece: after commas where possible, else at the line limit."""
    if lines_of(text, chars) <= max_lines:
        return [text]
    parts: list[str] = []
    for clause in _CLAUSE_END.split(text):
        if parts and lines_of(parts[-1] + clause, chars) <= max_lines:
            parts[-1] += clause
        elif lines_of(clause, chars) <= max_lines:
            parts.append(clause)
        else:
            size = max(1, int(chars) * max_lines)
            parts += [clause[i:i + size] for i in range(0, len(clause), size)]
    return parts


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


def lines_of(text: str, chars: float) -> int:
    """Printed lines of `text` wrapped at `chars` characters a line (its own breaks kept)."""
    return sum(max(1, math.ceil(text_width(part) / chars)) for part in text.split("\n"))


def row_height(lines: int, font: Font) -> float:
    return min(MAX_ROW_POINTS, lines * line_points(font))


def max_lines(font: Font) -> int:
    """Lines of `font` the tallest row Excel allows can show."""
    return max(1, int(MAX_ROW_POINTS // line_points(font)))


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
