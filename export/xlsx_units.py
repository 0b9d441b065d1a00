"""The extra sheet of a merged (汇总) report: every cell, one column per unit, and the 合计.

A superior office checks a compiled report by looking at where each figure came from, so
each row names the cell as the checks do (fmt.describe_cell) and lists every unit's figure.
"""
from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import NamedStyle

from export.common import clean_text
from export.xlsx_cells import (BODY_FONT, BORDER, CENTER, LEFT, NUMBER_FORMATS, UNITS_PER_CHAR,
                               amount_format, print_setup, put_text, put_value)
from model.merge import sum_of_units
from model.report import Report

UNITS_SHEET = "各单位数据"
FIXED_COLUMNS = ("部分", "单元格")
TOTAL = "合计"


def _named_styles(workbook: Workbook) -> dict[str, str]:
    """One registered style per cell kind (and one for labels): with a thousand units the
    sheet has a hundred thousand cells, and a named style is set in one step."""
    names = {"label": "汇总-标签"}
    workbook.add_named_style(NamedStyle(names["label"], font=BODY_FONT, border=BORDER, alignment=LEFT))
    for kind, number_format in NUMBER_FORMATS.items():
        names[kind] = f"汇总-{kind}"
        workbook.add_named_style(NamedStyle(names[kind], font=BODY_FONT, border=BORDER,
                                            alignment=CENTER, number_format=number_format))
    return names


def write_units_sheet(workbook: Workbook, report: Report) -> None:
    """Rows: every cell of the format in order; columns: 部分, 单元格, each unit, 合计."""
    styles = _named_styles(workbook)
    ws = workbook.create_sheet(UNITS_SHEET)
    fmt = report.format
    units = report.merged_from
    headers = [*FIXED_COLUMNS, *(clean_text(u.unit) for u in units), TOTAL]
    for col, text in enumerate(headers, start=1):
        cell = put_text(ws, 1, col, text)
        cell.style = styles["count"]
    kinds = fmt.cell_kinds()
    totals = sum_of_units(report)  # blank where every unit is blank, 「/」 where all said 「/」
    for row, key in enumerate(fmt.cell_keys(), start=2):
        table_id = key.split(".")[0]
        put_text(ws, row, 1, fmt.section_of_table(table_id).heading).style = styles["label"]
        put_text(ws, row, 2, fmt.describe_cell(key)).style = styles["label"]
        values = [u.values.get(key) for u in units]
        for col, value in enumerate([*values, totals.get(key)], start=3):
            cell = put_value(ws, row, col, value, None)
            cell.style = styles[kinds[key]]
            if kinds[key] == "amount":
                cell.number_format = amount_format(value)
    ws.column_dimensions["A"].width = 18 * UNITS_PER_CHAR
    ws.column_dimensions["B"].width = 30 * UNITS_PER_CHAR
    for col in range(3, len(headers) + 1):
        ws.column_dimensions[ws.cell(row=1, column=col).column_letter].width = 8 * UNITS_PER_CHAR
    ws.freeze_panes = "C2"
    print_setup(ws, report, "1:1")
