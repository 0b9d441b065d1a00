"""Reading an Excel (or WPS) workbook: each sheet as a grid and as a run of paragraphs."""
from __future__ import annotations

import html
import io
import re
import zipfile
from datetime import date, datetime, time
from functools import lru_cache
from typing import Any, Iterator

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


def open_workbook(data: bytes, name: str) -> Any:
    """The workbook read-only with cached values; ImportRefused with the reason if it is not
    a readable .xlsx (an old .xls, a damaged or password-protected file)."""
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ImportRefused(f"无法读取 Excel 文件 {name}：文件已损坏、加密，或不是 .xlsx 格式"
                            "（旧版 .xls 请先在 Excel/WPS 中另存为 .xlsx）") from None


def _sheet_grid(title: str, rows: list[list[str]]) -> Grid:
    return Grid(f"工作表“{title}”", rows,
                lambda r, c: f"工作表“{title}”{get_column_letter(c + 1)}{r + 1}")


def read_xlsx(data: bytes, name: str) -> Source:
    """Every visible sheet's texts, and the embedded project if the workbook carries one."""
    workbook = open_workbook(data, name)
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


# --- the fast way through a long sheet ----------------------------------------------------
# openpyxl builds an object per cell and takes most of half a second for a 10,000-row
# register; the rows of a register are plain values, read here straight from the sheet's XML.
_CELL = re.compile(rb'<(?:\w+:)?c\b(?=[^>]*?\br="([A-Z]+)(\d+)")([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)', re.S)
_ANY_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")
_TYPE = re.compile(rb'\bt="(\w+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v>(.*?)</(?:\w+:)?v>", re.S)
_TEXT = re.compile(rb"<(?:\w+:)?t(?:\s[^>]*)?>(.*?)</(?:\w+:)?t>", re.S)
_RICH_TEXT = re.compile(rb"<(?:\w+:)?rPh\b.*?</(?:\w+:)?rPh>", re.S)  # phonetic hints are not text


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number - 1


@lru_cache(maxsize=4096)
def _inline_text(body: bytes) -> str:
    """An inline string's text (registers repeat a few dozen words ten thousand times)."""
    return html.unescape(b"".join(_TEXT.findall(_RICH_TEXT.sub(b"", body))).decode("utf-8"))


def _cell_value(kind: bytes | None, body: bytes, shared: Any) -> Any:
    if kind == b"inlineStr":
        return _inline_text(body)
    found = _VALUE.search(body)
    if found is None:
        return None
    raw = found.group(1).decode("utf-8")
    if kind == b"s":
        return shared[int(raw)]
    if kind in (b"str", b"e", b"d"):
        return html.unescape(raw)
    if kind == b"b":
        return raw == "1"
    number = float(raw)
    return int(number) if number.is_integer() and "." not in raw and "E" not in raw.upper() else number


def sheet_rows(workbook: Any, ws: Any, first_row: int) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number, values) of a read-only sheet's non-empty rows from `first_row` on; date
    cells come as Excel serial numbers (the caller knows which columns hold dates). A sheet
    whose cells do not name their places (allowed, never seen from Excel or WPS) is read by
    openpyxl instead."""
    xml = workbook._archive.read(ws._worksheet_path)  # openpyxl keeps the archive open in read-only mode
    shared = workbook.shared_strings
    rows: dict[int, dict[int, Any]] = {}
    columns: dict[bytes, int] = {}
    for cell in _CELL.finditer(xml):
        letters, number, attributes, body = cell.groups()
        row = int(number)
        if row < first_row:
            continue
        column = columns.get(letters)
        if column is None:
            column = columns[letters] = _column_number(letters)
        kind = _TYPE.search(attributes)
        rows.setdefault(row, {})[column] = _cell_value(kind.group(1) if kind else None, body or b"", shared)
    if not columns and _ANY_CELL.search(xml):
        for row, values in enumerate(ws.iter_rows(min_row=first_row, values_only=True), start=first_row):
            yield row, values
        return
    for row in sorted(rows):
        cells = rows[row]
        yield row, tuple(cells.get(c) for c in range(max(cells) + 1))
