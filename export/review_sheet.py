"""The 审核情况说明 sheet of the Excel export: each explained finding and its explanation, so
the explanations travel with the figures to the superior office."""
from __future__ import annotations

from openpyxl import Workbook

from export.common import clean_text
from export.xlsx_cells import (BODY_FONT, BORDER, CENTER, LEFT, UNITS_PER_CHAR, chars_per_line, lines_of,
                               print_setup, put_text, row_height)
from model.report import Report
from model.review import explained_findings

REVIEW_SHEET = "审核情况说明"
HEADERS = ("序号", "部分", "问题", "说明", "状态")
WIDTHS = (3, 14, 26, 26, 5)  # in Chinese characters: landscape A4 at nearly full size


def write_review_sheet(workbook: Workbook, report: Report) -> bool:
    """Add the sheet when the report has explained findings; True if it was added."""
    entries = explained_findings(report)
    if not entries:
        return False
    ws = workbook.create_sheet(REVIEW_SHEET)
    for col, (header, width) in enumerate(zip(HEADERS, WIDTHS), start=1):
        ws.column_dimensions[ws.cell(row=1, column=col).column_letter].width = width * UNITS_PER_CHAR + 2
        cell = put_text(ws, 1, col, header)
        cell.font, cell.alignment, cell.border = BODY_FONT, CENTER, BORDER
    for row, entry in enumerate(entries, start=2):
        assert entry.finding is not None
        texts = (str(row - 1), entry.finding.place, entry.finding.message, entry.explanation.text, entry.state_name)
        lines = 1
        for col, (text, width) in enumerate(zip(texts, WIDTHS), start=1):
            cell = put_text(ws, row, col, clean_text(text))
            cell.font, cell.border = BODY_FONT, BORDER
            cell.alignment = LEFT if col in (2, 3, 4) else CENTER
            lines = max(lines, lines_of(text, chars_per_line(width * UNITS_PER_CHAR, BODY_FONT)))
        ws.row_dimensions[row].height = row_height(lines, BODY_FONT) + 4
    ws.freeze_panes = "A2"
    print_setup(ws, report, "1:1")
    ws.page_setup.orientation = "landscape"  # the texts readable rather than shrunk to a portrait width
    return True
