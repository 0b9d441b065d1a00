"""The extra sheet of a merged (汇总) report: every cell, one column per unit, and the 合计.

A superior office checks a compiled report by looking at where each figure came from, so
each row names the section (its number) and the cell as the checks do (fmt.describe_cell)
and lists every unit's figure;
under each unit's name stands the file it came from. With many units the sheet is wider than
any page, so it prints landscape at full size, page after page, the names of the cells and
the units repeated on each rather than shrunk to an unreadable width.
"""
from __future__ import annotations

from pathlib import PureWindowsPath

import export.openpyxl_lean  # noqa: F401  (first: openpyxl without numpy)
from openpyxl import Workbook
from openpyxl.styles import Font, NamedStyle

from export.columns import word_lines
from export.common import clean_text, unit_words
from export.xlsx_cells import (BODY_FONT, BORDER, CENTER, LEFT, NUMBER_FORMATS, UNITS_PER_CHAR,
                               amount_format, chars_per_line, line_points, print_setup, put_text,
                               put_value)
from model.merge import sum_of_units
from model.report import Report

UNITS_SHEET = "各单位数据"
FIXED_COLUMNS = ("部分", "单元格")
FILE_LABEL = "来源文件"
TOTAL = "合计"
UNIT_WIDTH = 8.0  # characters of a unit's column
SECTION_WIDTH = 3.0  # the section's number (二、三、四): the cell's name says the rest
CELL_WIDTH = 26.0
FILE_FONT = Font(name="宋体", size=9, color="595959")
HEADER_ROWS = 2  # unit names, then the file each came from


def _named_styles(workbook: Workbook) -> dict[str, str]:
    """One registered style per cell kind (and one for labels): with a thousand units the
    sheet has a hundred thousand cells, and a named style is set in one step."""
    names = {"label": "汇总-标签", "file": "汇总-文件"}
    workbook.add_named_style(NamedStyle(names["label"], font=BODY_FONT, border=BORDER, alignment=LEFT))
    workbook.add_named_style(NamedStyle(names["file"], font=FILE_FONT, border=BORDER, alignment=CENTER))
    for kind, number_format in NUMBER_FORMATS.items():
        names[kind] = f"汇总-{kind}"
        workbook.add_named_style(NamedStyle(names[kind], font=BODY_FONT, border=BORDER,
                                            alignment=CENTER, number_format=number_format))
    return names


def _file_name(file: str) -> str:
    """The file's own name, whether the path was written on Windows or elsewhere."""
    return PureWindowsPath(file).name or file


def write_units_sheet(workbook: Workbook, report: Report) -> None:
    """Rows: every cell of the format in order; columns: 部分, 单元格, each unit, 合计."""
    styles = _named_styles(workbook)
    ws = workbook.create_sheet(UNITS_SHEET)
    fmt = report.format
    units = report.merged_from
    chars = chars_per_line(UNIT_WIDTH * UNITS_PER_CHAR, BODY_FONT)
    names = ["\n".join(word_lines(unit_words(clean_text(u.unit)), chars)) for u in units]
    headers = [*FIXED_COLUMNS, *names, TOTAL]
    files = ["", FILE_LABEL, *(clean_text(_file_name(u.file)) for u in units), ""]
    for col, (name, file) in enumerate(zip(headers, files), start=1):
        put_text(ws, 1, col, name).style = styles["count"]
        put_text(ws, 2, col, file).style = styles["file"]
    lines = max(name.count("\n") + 1 for name in headers)
    ws.row_dimensions[1].height = lines * line_points(BODY_FONT) + 4
    ws.row_dimensions[2].height = line_points(FILE_FONT) * 2 + 4
    kinds = fmt.cell_kinds()
    totals = sum_of_units(report)  # blank where every unit is blank, 「/」 where all said 「/」
    for row, key in enumerate(fmt.cell_keys(), start=HEADER_ROWS + 1):
        table_id = key.split(".")[0]
        put_text(ws, row, 1, fmt.section_of_table(table_id).number).style = styles["count"]
        put_text(ws, row, 2, fmt.describe_cell(key)).style = styles["label"]
        values = [u.values.get(key) for u in units]
        for col, value in enumerate([*values, totals.get(key)], start=3):
            cell = put_value(ws, row, col, value, None)
            cell.style = styles[kinds[key]]
            if kinds[key] == "amount":
                cell.number_format = amount_format(value)  # as many decimals as it has
    ws.column_dimensions["A"].width = SECTION_WIDTH * UNITS_PER_CHAR
    ws.column_dimensions["B"].width = CELL_WIDTH * UNITS_PER_CHAR
    for col in range(3, len(headers) + 1):
        ws.column_dimensions[ws.cell(row=1, column=col).column_letter].width = UNIT_WIDTH * UNITS_PER_CHAR
    ws.freeze_panes = ws.cell(row=HEADER_ROWS + 1, column=len(FIXED_COLUMNS) + 1)
    print_setup(ws, report, f"1:{HEADER_ROWS}")
    ws.print_title_cols = "A:B"
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = False  # full size: many units make many pages
