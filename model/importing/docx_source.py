"""Reading a Word report (.docx): its paragraphs in order, and its tables stacked into one grid
(a table split over pages, or 二 written as four tables, is then read as the form is)."""
from __future__ import annotations

import io
import zipfile
from typing import Any

from model.importing.grid import Grid
from model.importing.source import ImportRefused, Source


def _open(data: bytes, name: str) -> Any:
    import docx  # python-docx: imported when a Word file is read
    from docx.opc.exceptions import PackageNotFoundError
    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ImportRefused(f"无法读取 Word 文件 {name}：文件已损坏、加密，或不是 .docx 格式"
                            "（旧版 .doc 请先在 Word/WPS 中另存为 .docx）") from None


def _table_rows(table: Any) -> list[list[str]]:
    """The table's rows; a merged cell's text only at its top-left position."""
    cells = table._cells  # python-docx resolves horizontal and vertical merges here, once
    width = len(table.columns)
    seen: set[int] = set()
    rows: list[list[str]] = []
    for start in range(0, len(cells), width):
        row = []
        for cell in cells[start:start + width]:
            identity = id(cell._tc)
            row.append("" if identity in seen else cell.text.strip())
            seen.add(identity)
        rows.append(row)
    return rows


def read_docx(data: bytes, name: str) -> Source:
    document = _open(data, name)
    rows: list[list[str]] = []
    origins: list[tuple[int, int]] = []  # (table number, row in that table) of each grid row
    for number, table in enumerate(document.tables, start=1):
        for index, row in enumerate(_table_rows(table), start=1):
            rows.append(row)
            origins.append((number, index))
        rows.append([])
        origins.append((number, 0))

    def describe(r: int, c: int) -> str:
        number, index = origins[r]
        return f"Word 第 {number} 个表格第 {index} 行第 {c + 1} 列"

    source = Source("Word", grids=[Grid("Word 表格", rows, describe)],
                    documents=[[p.text for p in document.paragraphs]])
    title = document.core_properties.title
    if title:
        source.titles.append(title)
    return source
