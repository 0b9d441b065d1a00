"""A section's grid (model.layout) as a reportlab Table: the official merged headers, label
columns and figures, sized to the text width of the page.

reportlab does not size rows for text in spanned cells, so row heights are computed here from
the wrapped paragraphs, and the type shrinks (down to the last of SIZES) until the table fits
the page width and, where possible, a single page. A table may break across pages between
sub-tables and between rows, never inside a sub-table or a spanned cell; its header rows repeat.
"""
from __future__ import annotations

from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, Table, TableStyle

from export.columns import ColumnPlan, plan_columns
from export.fonts import FontChoice
from model.layout import Grid, GridCell

SIZES = (10.5, 10.0, 9.5, 9.0, 8.5, 8.0, 7.5, 7.0)  # 五号 first
PAD = 2.5
LINE = 0.6


def _widths(plan: ColumnPlan, size: float, total: float) -> list[float] | None:
    """Column widths in points filling `total`, or None if the minimum does not fit."""
    widths = [w * size + 2 * PAD for w in plan.minimum]
    spare = total - sum(widths)
    if spare < 0:
        return None
    if plan.flexible is not None:
        grow = min(spare, (plan.natural[plan.flexible] - plan.minimum[plan.flexible]) * size)
        widths[plan.flexible] += grow
        spare -= grow
    base = sum(widths)
    return [w + spare * w / base for w in widths]


def _style(cell: GridCell, fonts: FontChoice, size: float) -> ParagraphStyle:
    font = fonts.heading if cell.role == "heading" else fonts.body
    if cell.role == "note":
        size -= 1.5
    centred = not (cell.role == "row" and cell.row_span == 1)
    return ParagraphStyle(f"cell-{cell.role}-{size}", fontName=font, fontSize=size,
                          leading=size * 1.25, alignment=TA_CENTER if centred else TA_LEFT,
                          wordWrap="CJK")


def _paragraph(cell: GridCell, shown: dict[str, str], fonts: FontChoice, size: float) -> Paragraph:
    """A cell's label or figure, with fallback fonts for characters its font lacks."""
    style = _style(cell, fonts, size)
    text = shown.get(cell.key, "") if cell.is_value else cell.text
    return Paragraph(fonts.markup(text, style.fontName), style)


def _row_heights(grid: Grid, paragraphs: dict[GridCell, Paragraph], widths: list[float],
                 size: float) -> list[float]:
    """Each row as tall as its tallest single-row cell; spanned cells spread what they lack."""
    heights = [size * 1.25 + 2 * PAD] * grid.rows
    for cell in sorted(grid.cells, key=lambda c: c.row_span):
        para = paragraphs[cell]
        width = sum(widths[cell.col:cell.col + cell.col_span]) - 2 * PAD
        need = para.wrap(width, 10_000)[1] + 2 * PAD
        rows = range(cell.row, cell.row + cell.row_span)
        lack = need - sum(heights[r] for r in rows)
        if lack > 0:
            for r in rows:
                heights[r] += lack / cell.row_span
    return heights


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


def grid_table(grid: Grid, shown: dict[str, str], fonts: FontChoice, width: float,
               height: float) -> tuple[Table, float]:
    """The grid as a Table `width` points wide, one page tall if any type size allows, and the
    height that must stay on the page of its heading: all of a single table that fits one page
    (the official form is read as one sheet), else its rows before the first allowed break."""
    plan = plan_columns(grid, shown)
    fitting = [s for s in SIZES if _widths(plan, s, width)] or [SIZES[-1]]
    for size in fitting:
        widths = _widths(plan, size, width) or [width / grid.cols] * grid.cols
        paragraphs = {c: _paragraph(c, shown, fonts, size) for c in grid.cells}
        heights = _row_heights(grid, paragraphs, widths, size)
        if sum(heights) <= height:
            break
    data: list[list[object]] = [[""] * grid.cols for _ in range(grid.rows)]
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), LINE, "black"),
        ("FONTNAME", (0, 0), (-1, -1), fonts.body),  # the empty parts of spans, else Helvetica
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD), ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), PAD), ("BOTTOMPADDING", (0, 0), (-1, -1), PAD),
    ]
    commands += [("NOSPLIT", (0, a), (-1, b)) for a, b in unbreakable(grid)]
    for cell in grid.cells:
        data[cell.row][cell.col] = paragraphs[cell]
        if cell.row_span > 1 or cell.col_span > 1:
            commands.append(("SPAN", (cell.col, cell.row),
                             (cell.col + cell.col_span - 1, cell.row + cell.row_span - 1)))
    table = Table(data, colWidths=widths, rowHeights=heights, repeatRows=grid.header_rows,
                  style=TableStyle(commands), hAlign="LEFT")
    whole = sum(heights)
    return table, whole if grid.header_rows and whole <= height else sum(heights[:first_break(grid)])
