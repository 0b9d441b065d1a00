"""Blocks flowed onto the pages of a PDF: the little of reportlab's platypus the PDFs use, on
reportlab's canvas alone.

Importing platypus compiles a regular expression for URLs in its Paragraph (which no PDF of
ours uses, see export.pdf_text) for 20 ms, a tenth of a command-line export. The rules here
are platypus's, so pages break where they always did: a block that does not fit what is left
of the page is asked to split (a paragraph between lines, a table between the rows it may
break at) and its first part fills the page; a block that cannot split starts the next page.
Spacers count at the top of a page too; a conditional page break and a group kept together
start a new page only when what follows does not fit.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Callable, Sequence

from reportlab.lib.colors import black, toColor
from reportlab.pdfgen.canvas import Canvas

from export.common import ExportError

FUZZ = 1e-6  # platypus's tolerance when a block's height is compared with the space left


TOO_LARGE = "有一项内容太长，一页纸放不下（例如很长的一段说明），无法生成 PDF。请缩短后重试。"


class LayoutError(ExportError):
    """A block too large for an empty page that cannot be split (a table row taller than a page)."""


class Block:
    """Something set in the text block: `wrap` sizes it for the width and height available,
    `split` cuts it to fit a height ([] when no part fits, [self] when all of it does), and
    `draw` draws it with its lower left corner at the canvas's origin."""

    width: float = 0.0
    height: float = 0.0
    postponed = False  # moved to a new page once already: a second time, it fits no page

    def wrap(self, width: float, height: float) -> tuple[float, float]:
        return self.width, self.height

    def split(self, width: float, height: float) -> list[Block]:
        return []

    def draw(self, canvas: Canvas) -> None:
        pass


class Spacer(Block):
    """Empty space of a given height (also at the top of a page)."""

    def __init__(self, height: float) -> None:
        self.height = height


class PageBreak(Block):
    """The next block starts a new page."""


class CondPageBreak(Block):
    """A new page unless at least `height` points are left on this one."""

    def __init__(self, height: float) -> None:
        self.needed = height


class KeepTogether(Block):
    """Blocks that start a new page together where they do not fit on this one (unless the page
    is still empty: then they follow one another as any blocks do)."""

    def __init__(self, blocks: Sequence[Block]) -> None:
        self.blocks = list(blocks)

    def total_height(self, width: float) -> float:
        heights = (block.wrap(width, 0xFFFFFFF)[1] for block in self.blocks)
        return sum(h for h in heights if h > FUZZ)


def draw_block(canvas: Canvas, block: Block, x: float, y: float) -> None:
    """Draw `block` with its lower left corner at (x, y)."""
    canvas.saveState()
    canvas.translate(x, y)
    block.draw(canvas)
    canvas.restoreState()


@dataclass(frozen=True)
class Box:
    """The text block of a page in points: left edge, bottom edge, width, height."""

    left: float
    bottom: float
    width: float
    height: float

    @property
    def top(self) -> float:
        return self.bottom + self.height


@dataclass(frozen=True)
class Info:
    """The document's metadata; `lang` (e.g. zh-CN) tells readers the language of its text."""

    title: str
    author: str
    subject: str | None = None
    creator: str = "年报助手"
    lang: str | None = None


class _Pages:
    """The state of the layout: the page being filled and how far down it is."""

    def __init__(self, canvas: Canvas, box: Box, on_page: Callable[[Canvas, int], None] | None) -> None:
        self.canvas = canvas
        self.box = box
        self.on_page = on_page
        self.number = 0
        self.open = False
        self.y = box.top
        self.at_top = True

    def begin(self) -> None:
        if not self.open:
            self.number += 1
            self.open = True
            self.y = self.box.top
            self.at_top = True
            if self.on_page:
                self.on_page(self.canvas, self.number)

    def end(self) -> None:
        if self.open:
            self.canvas.showPage()
            self.open = False

    @property
    def left(self) -> float:
        return self.y - self.box.bottom

    def add(self, block: Block) -> bool:
        """Draw `block` where the page has come to if it fits there."""
        space = self.left
        if space <= 0:
            return False
        height = block.wrap(self.box.width, space)[1]
        if self.y - height < self.box.bottom - FUZZ:
            return False
        draw_block(self.canvas, block, self.box.left, self.y - height)
        if height:
            self.at_top = False
        self.y -= height
        return True


def build(blocks: Sequence[Block], pagesize: tuple[float, float], box: Box, info: Info,
          on_page: Callable[[Canvas, int], None] | None = None, font: tuple[str, float] | None = None) -> bytes:
    """The PDF of `blocks` flowed through the text block `box` of each page. `on_page(canvas,
    number)` draws what each page has besides (a page number) before its blocks; `font` (name,
    size) is the canvas's initial font, so that no page refers to a font not embedded."""
    buffer = io.BytesIO()
    name, size = font if font else (None, None)
    canvas = Canvas(buffer, pagesize=pagesize, initialFontName=name, initialFontSize=size, lang=info.lang)
    canvas.setAuthor(info.author)
    canvas.setTitle(info.title)
    canvas.setSubject(info.subject)
    canvas.setCreator(info.creator)
    canvas.setProducer(None)
    canvas.setKeywords([])
    pages = _Pages(canvas, box, on_page)
    queue = list(blocks)
    while queue:
        block = queue.pop(0)
        pages.begin()
        if isinstance(block, PageBreak):
            pages.end()
        elif isinstance(block, CondPageBreak):
            if pages.left <= 0 or pages.left < block.needed:
                pages.end()
        elif isinstance(block, KeepTogether):
            if pages.left <= 0:
                queue.insert(0, block)
                pages.end()
                continue
            if block.total_height(box.width) > pages.left and not pages.at_top:
                pages.end()
            queue[0:0] = block.blocks
        elif not pages.add(block):
            parts = block.split(box.width, pages.left) if pages.left > 0 else []
            if parts:
                if not isinstance(parts[0], PageBreak):
                    if not pages.add(parts[0]):
                        raise LayoutError(TOO_LARGE)
                    parts = parts[1:]
                queue[0:0] = parts
            elif block.postponed:
                raise LayoutError(TOO_LARGE)
            else:
                block.postponed = True
                queue.insert(0, block)
                pages.end()
    pages.end()
    canvas.save()
    return buffer.getvalue()


@dataclass(frozen=True)
class Cell:
    """A block in a table's grid, at (row, col), spanning `rows` × `cols`."""

    row: int
    col: int
    block: Block
    rows: int = 1
    cols: int = 1


@dataclass(frozen=True)
class Rules:
    """How a table is ruled and padded: every cell boxed in lines `line` points wide, its
    block `left`/`right`/`top`/`bottom` points from the lines, the header rows filled with
    `header_fill` (a colour name or #rrggbb) where one is given."""

    line: float
    left: float
    right: float
    top: float
    bottom: float
    header_fill: str | None = None


class Table(Block):
    """Cells on a grid of fixed column widths, each cell's block centred vertically between
    its paddings, ruled all round (no line through a spanned cell). Rows are as tall as given,
    or else as their tallest cell (no row spans then). It breaks between rows, never inside
    the header rows, a spanned cell or a range of `keep` (first, last row); each later part
    repeats the header rows and, where `caption` is given, starts a new page under what
    `caption()` makes."""

    def __init__(self, cells: Sequence[Cell], widths: Sequence[float], rules: Rules,
                 heights: Sequence[float] | None = None, header_rows: int = 0,
                 keep: Sequence[tuple[int, int]] = (), caption: Callable[[], list[Block]] | None = None) -> None:
        self.cells = list(cells)
        self.widths = list(widths)
        self.rules = rules
        self.heights = list(heights) if heights is not None else None
        self.header_rows = header_rows
        self.keep = list(keep)
        self.caption = caption
        self.rows = 1 + max((c.row + c.rows - 1 for c in self.cells), default=-1)
        if self.heights is not None:
            self.rows = max(self.rows, len(self.heights))

    def _row_heights(self) -> list[float]:
        if self.heights is None:
            heights = [0.0] * self.rows
            pad = self.rules.top + self.rules.bottom
            for cell in self.cells:
                inner = sum(self.widths[cell.col:cell.col + cell.cols]) - self.rules.left - self.rules.right
                needed = cell.block.wrap(inner, 72000 - pad)[1] + pad
                heights[cell.row] = max(heights[cell.row], needed)
            self.heights = heights
        return self.heights

    def _row_positions(self) -> list[float]:
        """Each row's top edge from the table's bottom, then 0 (summed from the bottom up and
        compensated, as platypus sums them, so that lines meet exactly)."""
        heights = self._row_heights()
        positions = []
        height = carry = 0.0
        for row_height in reversed(heights):
            positions.append(height)
            y = row_height - carry
            total = height + y
            carry = (total - height) - y
            height = total
        positions.append(height)
        positions.reverse()
        return positions

    def _col_positions(self) -> list[float]:
        positions = [0.0]
        for width in self.widths:
            positions.append(positions[-1] + width)
        return positions

    def wrap(self, width: float, height: float) -> tuple[float, float]:
        self.width = self._col_positions()[-1]
        self.height = self._row_positions()[0]
        return self.width, self.height

    def split(self, width: float, height: float) -> list[Block]:
        rows = self._row_heights()
        impossible: set[int] = set()  # rows a page may not start with
        for top, bottom in self.keep + [(c.row, c.row + c.rows - 1) for c in self.cells if c.rows > 1]:
            impossible.update(range(top + 1, bottom + 1))
        used, at = 0.0, 0
        for n, row_height in enumerate(rows, start=1):
            if used + row_height > height:
                break
            if n not in impossible:
                at = n
            used += row_height
        if at <= self.header_rows:
            return []
        if at == self.rows:
            return [self]
        first = Table([c for c in self.cells if c.row < at], self.widths, self.rules, rows[:at],
                      self.header_rows, [k for k in self.keep if k[1] < at])
        shift = self.header_rows - at
        header = [c for c in self.cells if c.row < self.header_rows]
        rest = Table(header + [Cell(c.row + shift, c.col, c.block, c.rows, c.cols) for c in self.cells if c.row >= at],
                     self.widths, self.rules, rows[:self.header_rows] + rows[at:], self.header_rows,
                     [(a + shift, b + shift) for a, b in self.keep if a >= at], self.caption)
        if self.caption is None:
            return [first, rest]
        return [first, PageBreak(), *self.caption(), rest]

    def draw(self, canvas: Canvas) -> None:
        rows, cols = self._row_positions(), self._col_positions()
        rules = self.rules
        if rules.header_fill and self.header_rows:
            canvas.saveState()
            canvas.setFillColor(toColor(rules.header_fill))
            canvas.rect(cols[0], rows[self.header_rows], cols[-1] - cols[0], rows[0] - rows[self.header_rows],
                        stroke=0, fill=1)
            canvas.restoreState()
        for cell in sorted(self.cells, key=lambda c: (c.row, c.col)):
            x, y = cols[cell.col], rows[cell.row + cell.rows]
            width, height = cols[cell.col + cell.cols] - x, rows[cell.row] - y
            block_height = cell.block.wrap(width - rules.left - rules.right, height - rules.top - rules.bottom)[1]
            top = y + (height + rules.bottom - rules.top + block_height) / 2
            draw_block(canvas, cell.block, x + rules.left, top - block_height)
        self._draw_lines(canvas, rows, cols)

    def _draw_lines(self, canvas: Canvas, rows: list[float], cols: list[float]) -> None:
        """Every row and column line, left out where it would cross a spanned cell."""
        across: dict[int, list[tuple[int, int]]] = {}  # row line → column ranges a span covers
        down: dict[int, list[tuple[int, int]]] = {}  # column line → row ranges a span covers
        for cell in self.cells:
            for line in range(cell.row + 1, cell.row + cell.rows):
                across.setdefault(line, []).append((cell.col, cell.col + cell.cols))
            for line in range(cell.col + 1, cell.col + cell.cols):
                down.setdefault(line, []).append((cell.row, cell.row + cell.rows))
        canvas.saveState()
        canvas.setLineCap(1)
        canvas.setStrokeColor(black)
        canvas.setLineWidth(self.rules.line)
        for line, y in enumerate(rows):
            for a, b in _open_ranges(len(cols) - 1, across.get(line, [])):
                canvas.line(cols[a], y, cols[b], y)
        for line, x in enumerate(cols):
            for a, b in _open_ranges(len(rows) - 1, down.get(line, [])):
                canvas.line(x, rows[b], x, rows[a])
        canvas.restoreState()


def _open_ranges(count: int, covered: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The ranges of 0…count not inside any of `covered`, as (start, end) index pairs."""
    result = []
    start = 0
    for a, b in sorted(covered):
        if a > start:
            result.append((start, a))
        start = max(start, b)
    if start < count:
        result.append((start, count))
    return result
