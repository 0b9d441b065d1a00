"""Reading an Excel (or WPS) workbook: each sheet as a grid and as a run of paragraphs."""
from __future__ import annotations

import zipfile
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from model.importing.embedded import DATA_SHEET, read_embedded
from model.importing.grid import Grid
from model.importing.source import ImportRefused, Source


def cell_text(value: Any) -> str:
    """A cell's value as text: whole floats without 「.0」, other numbers as Python writes them
    (the shortest form that reads back to the same number), dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def open_workbook(path: Path | BinaryIO, name: str = "") -> Any:
    """The workbook read-only with cached values; ImportRefused with the reason if it is not
    a readable .xlsx (an old .xls, a damaged or password-protected file)."""
    name = name or getattr(path, "name", "")
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        if isinstance(exc, FileNotFoundError):
            raise ImportRefused(f"找不到文件：{path}") from None
        if isinstance(exc, PermissionError):
            raise ImportRefused(f"没有权限读取文件：{path}（如已在 Excel/WPS 中打开，请先关闭）") from None
        raise ImportRefused(f"无法读取 Excel 文件 {name}：文件已损坏、加密，或不是 .xlsx 格式"
                            "（旧版 .xls 请先在 Excel/WPS 中另存为 .xlsx）") from None


def _sheet_grid(title: str, rows: list[list[str]]) -> Grid:
    return Grid(f"工作表“{title}”", rows,
                lambda r, c: f"工作表“{title}”{get_column_letter(c + 1)}{r + 1}")


def read_xlsx(path: Path) -> Source:
    """Every visible sheet's texts, and the embedded project if the workbook carries one."""
    workbook = open_workbook(path)
    source = Source("Excel")
    try:
        for ws in workbook.worksheets:
            if ws.title == DATA_SHEET:
                source.embedded = read_embedded(ws.iter_rows(values_only=True))
                continue
            rows = [[cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
            while len(rows) > 1 and not any(rows[-1]) and not any(rows[-2]):
                rows.pop()  # one blank row stays: a table's last row of figures may be empty
            source.grids.append(_sheet_grid(ws.title, rows))
            source.documents.append([next((t for t in row if t), "") for row in rows])
        title = workbook.properties.title if workbook.properties else None
        if title:
            source.titles.append(title)
    finally:
        workbook.close()
    return source
