"""Reading a PDF report that has a text layer: ruled tables (pdfplumber) stacked into one grid
in page order, and the lines outside them joined back into paragraphs.

A printed paragraph starts indented (or after a line that stops short of the right margin); a
line alone made of a page number (「— 3 —」) is dropped. A PDF without any text (a scan) is
refused: guessing figures from an image is exactly what must not happen.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from model.importing.grid import Grid
from model.importing.source import ImportRefused, Source

_PAGE_NUMBER = re.compile(r"^[\s—–\-－第页]*\d+[\s—–\-－页共/]*\d*[\s页]*$")
SCANNED = ("这是一份扫描（图片）PDF，没有可读取的文字，无法导入。"
           "请改用该报告的 Word、Excel 版本，或带文字的 PDF（可复制文字的 PDF）。")


def _open(path: Path) -> Any:
    import pdfplumber  # imported when a PDF is read
    from pdfminer.pdfparser import PDFSyntaxError
    try:
        return pdfplumber.open(str(path))
    except FileNotFoundError:
        raise ImportRefused(f"找不到文件：{path}") from None
    except PermissionError:
        raise ImportRefused(f"没有权限读取文件：{path}") from None
    except Exception as exc:  # pdfminer raises many kinds for damaged or encrypted files
        if isinstance(exc, (PDFSyntaxError, OSError, ValueError)) or type(exc).__module__.startswith(
                ("pdfminer", "pdfplumber")):
            raise ImportRefused(f"无法读取 PDF 文件 {path.name}：文件已损坏或已加密") from None
        raise


def _inside(line: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    middle = (line["top"] + line["bottom"]) / 2
    centre = (line["x0"] + line["x1"]) / 2
    return any(x0 <= centre <= x1 and top <= middle <= bottom for x0, top, x1, bottom in boxes)


def _paragraphs(lines: list[dict[str, Any]], paragraphs: list[str], previous_short: bool) -> bool:
    """Append the page's lines to `paragraphs`, joining the lines of one paragraph; returns
    whether the page's last line stopped short (then the next page starts a paragraph)."""
    if not lines:
        return True
    left = min(line["x0"] for line in lines)
    right = max(line["x1"] for line in lines)
    for line in lines:
        text = line["text"].strip()
        size = line["chars"][0]["size"] if line.get("chars") else 12.0
        starts = line["x0"] > left + size * 0.5 or previous_short or not paragraphs
        if starts:
            paragraphs.append(text)
        else:
            paragraphs[-1] += text
        previous_short = line["x1"] < right - size * 1.5
    return previous_short


def read_pdf(path: Path) -> Source:
    pdf = _open(path)
    rows: list[list[str]] = []
    origins: list[tuple[int, int]] = []
    paragraphs: list[str] = []
    any_text = False
    short = True
    try:
        for page in pdf.pages:
            any_text = any_text or bool(page.chars)
            tables = page.find_tables()
            for table in tables:
                for index, row in enumerate(table.extract(), start=1):
                    rows.append([(text or "").strip() for text in row])
                    origins.append((page.page_number, index))
            boxes = [table.bbox for table in tables]
            lines = [line for line in page.extract_text_lines(return_chars=True)
                     if not _inside(line, boxes) and not _PAGE_NUMBER.match(line["text"].strip())]
            short = _paragraphs(lines, paragraphs, short)
        title = (pdf.metadata or {}).get("Title")
    finally:
        pdf.close()
    if not any_text:
        raise ImportRefused(SCANNED)

    def describe(r: int, c: int) -> str:
        page, index = origins[r]
        return f"PDF 第 {page} 页表格第 {index} 行第 {c + 1} 列"

    source = Source("PDF", grids=[Grid("PDF 表格", rows, describe)], documents=[paragraphs])
    if isinstance(title, str) and title:
        source.titles.append(title)
    return source
