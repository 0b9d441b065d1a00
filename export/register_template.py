"""The register template (依申请公开台账模板): an Excel workbook with one row per request and
drop-down lists holding the format's own words, so that what the clerk records can be counted.

The lists live on a protected sheet of their own (an Excel list typed into the validation
itself may not exceed 255 characters, and 三's result categories are longer than that).
"""
from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import export.openpyxl_lean  # noqa: F401  (first: openpyxl without numpy)
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from export.common import write_export
from export.xlsx_cells import BORDER, UNITS_PER_CHAR, put_text
from model.formats import load_format
from model.register import (CASE_FIELDS, CASES_SHEET, CHOICES_SHEET, EARLIEST, REQUEST_FIELDS,
                            REQUESTS_SHEET, Field, vocabulary)

TEMPLATE_ROWS = 5000  # rows that carry the drop-downs and date checks
HEADER_FONT = Font(name="宋体", size=11, bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")
DATE_FORMAT = "yyyy-mm-dd"
LAST_DATE = date(2100, 12, 31)
_DATE_FIELDS = ("received", "concluded")


def _header(ws: Worksheet, fields: tuple[Field, ...]) -> dict[str, str]:
    """Write the header row; returns each field's column letter."""
    letters = {}
    for col, item in enumerate(fields, start=1):
        cell = put_text(ws, 1, col, item.header)
        cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center")
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = item.width * UNITS_PER_CHAR
        letters[item.id] = letter
    ws.freeze_panes = "A2"
    return letters


def _choices(workbook: Workbook, lists: dict[str, list[str]]) -> dict[str, str]:
    """The lists on their own sheet, one per column; returns each list's range formula."""
    ws = workbook.create_sheet(CHOICES_SHEET)
    ranges = {}
    for col, (name, words) in enumerate(lists.items(), start=1):
        put_text(ws, 1, col, name).font = HEADER_FONT
        for row, word in enumerate(words, start=2):
            put_text(ws, row, col, word)
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = max(len(w) for w in words) * UNITS_PER_CHAR
        ranges[name] = f"{quote_sheetname(CHOICES_SHEET)}!${letter}$2:${letter}${len(words) + 1}"
    ws.protection.sheet = True
    return ranges


def _list_check(ws: Worksheet, letter: str, formula: str, what: str) -> None:
    check = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True,
                           errorTitle="请从列表中选择", error=f"请从下拉列表中选择{what}")
    check.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
    ws.add_data_validation(check)


def _date_check(ws: Worksheet, letter: str, what: str) -> None:
    check = DataValidation(type="date", operator="between", allow_blank=True, showErrorMessage=True,
                           formula1=f"DATE({EARLIEST.year},{EARLIEST.month},{EARLIEST.day})",
                           formula2=f"DATE({LAST_DATE.year},{LAST_DATE.month},{LAST_DATE.day})",
                           errorTitle="日期无效", error=f"{what}应为日期，如 2025-03-05")
    check.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
    ws.add_data_validation(check)
    for row in range(2, TEMPLATE_ROWS + 2):
        ws[f"{letter}{row}"].number_format = DATE_FORMAT


def build_template(format_id: str) -> Workbook:
    fmt = load_format(format_id)
    vocab = vocabulary(fmt.id)
    ours = {f.id: f.header for f in REQUEST_FIELDS}
    case = {f.id: f.header for f in CASE_FIELDS}
    workbook = Workbook()
    requests = workbook.active
    requests.title = REQUESTS_SHEET
    cases = workbook.create_sheet(CASES_SHEET)
    lists = [(ours, "applicant", "applicants"), (ours, "result", "results"), (case, "kind", "case_kinds"),
             (case, "result", "case_results"), (case, "closed", "closed")]
    ranges = _choices(workbook, {headers[field_id]: vocab.choices(which) for headers, field_id, which in lists})
    letters = _header(requests, REQUEST_FIELDS)
    for field_id in ("applicant", "result"):
        _list_check(requests, letters[field_id], ranges[ours[field_id]], ours[field_id])
    for field_id in _DATE_FIELDS:
        _date_check(requests, letters[field_id], ours[field_id])
    letters = _header(cases, CASE_FIELDS)
    for field_id in ("kind", "result", "closed"):
        _list_check(cases, letters[field_id], ranges[case[field_id]], case[field_id])
    workbook.properties.title = f"依申请公开办理台账（{fmt.name}）"
    workbook.properties.creator = "年报助手"
    return workbook


def write_register_template(format_id: str, path: Path) -> None:
    """Write the template atomically; ExportError (Chinese) if the file cannot be written."""
    buffer = io.BytesIO()
    build_template(format_id).save(buffer)
    write_export(path, buffer.getvalue())
