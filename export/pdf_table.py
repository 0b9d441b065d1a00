"""A section's grid (model.layout) as a table of the PDF: the official merged headers, label
columns and figures, sized to the text width of the page.

Labels are set by export.typeset and break only between their words; rows are as tall as
model.layout.spread_heights makes them (it sizes rows for spanned cells too), and
the type shrinks (down to the last of SIZES) until the table fits the page width and, where
possible, a single page. A table may break across pages between sub-tables and between rows,
never inside a sub-table or a spanned cell; the continued part starts on a new page under
「……（续）」 and repeats the header rows.
"""
from __future__ import annotations

from typing import Callable

from export.columns import fit_widths, plan_columns
from export.fonts import FontChoice
from export.pdf_layout import Block, Cell, Rules, Table
from export.pdf_text import Align, TextBlock, glyphs, word_glyphs
from model.layout import Grid, GridCell, spread_heights

SIZES = (10.5, 10.0, 9.5, 9.0, 8.5, 8.0, 7.5, 7.0)  # 五号 first
PAD = 2.5
LINE = 0.6
LEADING = 1.25  # of the type size


def _block(cell: GridCell, shown: dict[str, str], fonts: FontChoice, size: float) -> TextBlock:
    """A cell's label or figure, broken only between its words, with fallback fonts."""
    font = fonts.heading if cell.role == "heading" else fonts.body
    if cell.role == "note":
        size -= 1.5
    align: Align = "left" if cell.role == "row" and cell.row_span == 1 else "center"
    if cell.is_value:  # a figure is never broken; if it must, it is drawn narrower
        return TextBlock(glyphs(fonts, shown.get(cell.key, ""), font, size), size * LEADING, align,
                         one_line=True)
    cell_glyphs, bounds = word_glyphs(fonts, cell.words, font, size)
    return TextBlock(cell_glyphs, size * LEADING, align, allowed=bounds)


def unbreakable(grid: Grid) -> list[tuple[int, int]]:
    """Row ranges (first, last) a page must not break: each sub-table (from its heading row to
    the next heading) and every spanned cell."""
    ranges = [(c.row, c.row + c.row_span - 1) for c in grid.cells if c.row_span > 1]
    starts = sorted(c.row for c in grid.cells if c.role == "heading")
    ranges += [(a, b - 1) for a, b in zip(starts, starts[1:] + [grid.rows])]
    return ranges


def first_break(grid: Grid) -> int:
    """The first row after the header rows at which the table may break to a new page."""
    row = max(grid.header_rows, 1)
    while any(a < row <= b for a, b in unbreakable(grid)) and row < grid.rows:
        row += 1
    return row


def grid_table(grid: Grid, shown: dict[str, str], fonts: FontChoice, width: float, height: float,
               caption: Callable[[], list[Block]]) -> tuple[Table, float]:
    """The grid as a Table `width` points wide, one page tall if any type size allows, and the
    height that must stay on the page of its heading: all of a single table that fits one page
    (the official form is read as one sheet), else its rows before the first allowed break.
    `caption` makes the blocks that head a continued part."""
    plan = plan_columns(grid, shown, lambda text: sum(g.advance for g in glyphs(fonts, text, fonts.body, 1.0)))
    fitting = [s for s in SIZES if fit_widths(plan, s, width, 2 * PAD)] or [SIZES[-1]]
    for size in fitting:
        widths = fit_widths(plan, size, width, 2 * PAD) or [width / grid.cols] * grid.cols
        blocks = {c: _block(c, shown, fonts, size) for c in grid.cells}

        def needed(cell: GridCell) -> float:
            inner = sum(widths[cell.col:cell.col + cell.col_span]) - 2 * PAD
            return float(blocks[cell].wrap(inner, 10_000)[1]) + 2 * PAD

        heights = spread_heights(grid, needed, size * LEADING + 2 * PAD)
        if sum(heights) <= height:
            break
    cells = [Cell(c.row, c.col, blocks[c], c.row_span, c.col_span) for c in grid.cells]
    table = Table(cells, widths, Rules(LINE, PAD, PAD, PAD, PAD), heights, grid.header_rows, unbreakable(grid),
                  caption)
    whole = sum(heights)
    return table, whole if grid.header_rows and whole <= height else sum(heights[:first_break(grid)])
