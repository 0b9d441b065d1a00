"""A section's grid (model.layout) as a reportlab Table: the official merged headers, label
columns and figures, sized to the text width of the page.

reportlab does not size rows for text in spanned cells, so row heights are computed here from
the wrapped paragraphs, and the type shrinks (down to MIN_SIZE) until the table fits the page
width and, where possible, a single page.
"""
from __future__ import annotations

from xml.sax.saxutils import escape

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


def grid_table(grid: Grid, shown: dict[str, str], fonts: FontChoice, width: float,
               height: float) -> Table:
    """The grid as a Table `width` points wide; one page tall if any type size allows."""
    plan = plan_columns(grid, shown)
    fitting = [s for s in SIZES if _widths(plan, s, width)] or [SIZES[-1]]
    for size in fitting:
        widths = _widths(plan, size, width) or [width / grid.cols] * grid.cols
        paragraphs = {c: Paragraph(escape(shown.get(c.key, "") if c.is_value else c.text),
                                   _style(c, fonts, size)) for c in grid.cells}
        heights = _row_heights(grid, paragraphs, widths, size)
        if sum(heights) <= height:
            break
    data: list[list[object]] = [[""] * grid.cols for _ in range(grid.rows)]
    commands: list[tuple] = [
        ("GRID", (0, 0), (-1, -1), LINE, "black"),
        ("FONTNAME", (0, 0), (-1, -1), fonts.body),  # the empty parts of spans, else Helvetica
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD), ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), PAD), ("BOTTOMPADDING", (0, 0), (-1, -1), PAD),
    ]
    for cell in grid.cells:
        data[cell.row][cell.col] = paragraphs[cell]
        if cell.row_span > 1 or cell.col_span > 1:
            commands.append(("SPAN", (cell.col, cell.row),
                             (cell.col + cell.col_span - 1, cell.row + cell.row_span - 1)))
    return Table(data, colWidths=widths, rowHeights=heights, repeatRows=grid.header_rows,
                 style=TableStyle(commands), hAlign="LEFT")
