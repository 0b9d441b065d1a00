"""How wide each column of a grid should be, in Chinese characters, for both exporters.

The official forms give group labels (「三、本年度办理结果」) a narrow column of their own,
let column headers wrap onto two lines and leave the rest to the innermost row labels.
Excel uses the natural widths as they are; the PDF stretches the innermost label column
(`flexible`) to fill the page or shrinks the type when even the minimum does not fit.
"""
from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

from model.layout import Grid

HEADER_LINES = 2  # column headers may wrap onto this many lines
LABEL_CAP = 18.0  # innermost row labels wrap beyond this many characters
MIN_VALUE = 2.0
MIN_FLEXIBLE = 8.0


def text_width(text: str) -> float:
    """Width in Chinese characters: wide (CJK, full-width) characters count 1, others 0.5."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55 for ch in text)


@dataclass(frozen=True)
class ColumnPlan:
    natural: list[float]
    minimum: list[float]
    flexible: int | None  # the innermost label column, which takes what is left


def plan_columns(grid: Grid, shown: dict[str, str]) -> ColumnPlan:
    """Widths from the single-column cells of each column; `shown` maps value keys to text."""
    natural: list[float] = [MIN_VALUE] * grid.cols
    flexible = grid.label_cols - 1 if grid.label_cols else None
    for cell in grid.cells:
        if cell.col_span != 1:
            continue
        width = text_width(shown.get(cell.key, "") if cell.is_value else cell.text)
        need: float
        if cell.role == "column":
            need = math.ceil(width / HEADER_LINES)
        elif cell.role == "row" and cell.col != flexible:
            need = max(2, math.ceil(width / cell.row_span))
        elif cell.role == "row":
            need = min(width, LABEL_CAP)
        else:
            need = math.ceil(width)
        natural[cell.col] = max(natural[cell.col], float(need))
    minimum = list(natural)
    if flexible is not None:
        minimum[flexible] = min(natural[flexible], MIN_FLEXIBLE)
    return ColumnPlan(natural, minimum, flexible)
