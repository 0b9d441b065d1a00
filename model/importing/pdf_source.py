"""Reading a PDF report that has a text layer: ruled tables (pdfplumber) stacked into one grid
in page order, the lines outside them joined back into paragraphs, and kept with their
positions for tables printed without lines (`unruled`).

A printed paragraph starts indented (or after a line that stops short of the right margin); a
page's first or last line made of a page number alone (「— 3 —」) is dropped. A PDF without any text (a scan) is
refused: guessing figures from an image is exactly what must not happen.
"""
from __future__ import annotations

import io
import re
from typing import Any

from model.importing.grid import Grid
from model.importing.source import ImportRefused, Source
from model.importing.unruled import Piece, UnruledText, pieces

_PAGE_NUMBER = re.compile(r"^[\s—–\-－第页]*\d+[\s—–\-－页共/]*\d*[\s页]*$")
SCANNED = ("这是一份扫描（图片）PDF，没有可读取的文字，无法导入。"
           "请改用该报告的 Word、Excel 版本，或带文字的 PDF（可复制文字的 PDF）。")


def _open(data: bytes, name: str) -> Any:
    import pdfplumber  # imported when a PDF is read
    from pdfminer.pdfparser import PDFSyntaxError
    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many kinds for damaged or encrypted files
        if isinstance(exc, (PDFSyntaxError, OSError, ValueError)) or type(exc).__module__.startswith(
                ("pdfminer", "pdfplumber")):
            raise ImportRefused(f"无法读取 PDF 文件 {name}：文件已损坏或已加密") from None
        raise


def _inside(line: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    middle = (line["top"] + line["bottom"]) / 2
    centre = (line["x0"] + line["x1"]) / 2
    return any(x0 <= centre <= x1 and top <= middle <= bottom for x0, top, x1, bottom in boxes)


def _without_page_number(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The page's lines but a page number (「— 3 —」) on its first or last line: a line of
    figures amid a table without lines looks the same and must stay."""
    ends = {0, len(lines) - 1}
    return [line for index, line in enumerate(lines)
            if index not in ends or not _PAGE_NUMBER.match(line["text"].strip())]


def _paragraphs(lines: list[dict[str, Any]], paragraphs: list[str], previous_short: bool,
                page_width: float) -> bool:
    """Append the page's lines to `paragraphs`, joining the lines of one paragraph; returns
    whether the page's last line stopped short (then the next page starts a paragraph).

    A line starts a paragraph when it is indented, follows a line that stopped short of the
    right margin (margins taken as equal), or is set in another size (a heading)."""
    if not lines:
        return True
    left = min(line["x0"] for line in lines)
    right = max(max(line["x1"] for line in lines), page_width - left)
    previous_size = 0.0
    for line in lines:
        text = line["text"].strip()
        size = round(line["chars"][0]["size"], 1) if line.get("chars") else 12.0
        starts = (line["x0"] > left + size * 0.5 or previous_short or not paragraphs
                  or size != previous_size)
        if starts:
            paragraphs.append(text)
        else:
            paragraphs[-1] += text
        previous_short = line["x1"] < right - size * 1.5
        previous_size = size
    return previous_short


def _edges(values: list[float]) -> dict[float, int]:
    """Column (or row) numbers for coordinates, positions within 2 pt of each other sharing one."""
    numbers: dict[float, int] = {}
    last: float | None = None
    index = -1
    for value in sorted(set(values)):
        if last is None or value - last > 2:
            index += 1
        numbers[value] = index
        last = value
    return numbers


Cell = tuple[int, float, float, str]  # page, top, x0, text


def _table_cells(page: Any, tables: list[Any]) -> list[Cell]:
    """Every cell of the page's ruled tables with its position: tables that pdfplumber splits
    (at a merged label column) are put together again by position, not by its column numbers."""
    found = []
    for table in tables:
        for row, texts in zip(table.rows, table.extract()):
            for bbox, text in zip(row.cells, texts):
                if bbox is not None:
                    found.append((page.page_number, bbox[1], bbox[0], (text or "").strip()))
    return found


def _grid(cells: list[Cell]) -> Grid:
    columns = _edges([x0 for _, _, x0, _ in cells])
    rows: dict[tuple[int, int], dict[int, str]] = {}
    for page in sorted({c[0] for c in cells}):
        tops = _edges([top for p, top, _, _ in cells if p == page])
        for p, top, x0, text in cells:
            if p == page:
                rows.setdefault((page, tops[top]), {})[columns[x0]] = text
    width = max(columns.values(), default=-1) + 1
    order = sorted(rows)
    texts = [[rows[key].get(c, "") for c in range(width)] for key in order]

    def describe(r: int, c: int) -> str:
        page, index = order[r]
        return f"PDF 第 {page} 页表格第 {index + 1} 行第 {c + 1} 列"

    return Grid("PDF 表格", texts, describe)


def read_pdf(data: bytes, name: str) -> Source:
    pdf = _open(data, name)
    cells: list[Cell] = []
    loose: list[Piece] = []
    paragraphs: list[str] = []
    any_text = False
    short = True
    try:
        for page in pdf.pages:
            any_text = any_text or bool(page.chars)
            tables = page.find_tables()
            cells += _table_cells(page, tables)
            boxes = [table.bbox for table in tables]
            lines = _without_page_number([line for line in page.extract_text_lines(return_chars=True)
                                          if not _inside(line, boxes)])
            short = _paragraphs(lines, paragraphs, short, page.width)
            loose += [piece for line in lines for piece in pieces(page.page_number, line["chars"])]
        title = (pdf.metadata or {}).get("Title")
    finally:
        pdf.close()
    if not any_text:
        raise ImportRefused(SCANNED)
    source = Source("PDF", grids=[_grid(cells)], documents=[paragraphs], unruled=[UnruledText(loose)])
    if isinstance(title, str) and title:
        source.titles.append(title)
    return source
