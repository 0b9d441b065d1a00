"""How wide each column of a grid should be, in Chinese characters, for both exporters.

The official forms give group labels (「三、本年度办理结果」) a narrow column of their own,
let column headers wrap onto two lines and leave the rest to the innermost row labels.
Labels break only between their words (GridCell.words), so no column is narrower than the
widest word it shows: 「自然人」 is never printed as 「自然/人」. Excel uses the natural widths as they are; the PDF stretches the innermost label column
(`flexible`) to fill the page or shrinks the type when even the minimum does not fit.
"""
from __future__ import annotations

import itertools
import math
import unicodedata
from dataclasses import dataclass
from typing import Callable, Sequence

from model.layout import Grid

HEADER_LINES = 2  # column headers may wrap onto this many lines
LABEL_CAP = 18.0  # innermost row labels wrap beyond this many characters
MIN_VALUE = 2.0
MIN_FLEXIBLE = 8.0
BALANCED_LINES = 4
WAIST_SLACK = 0.5  # a line less than this many characters narrower than the others does not yet waist a title


def text_width(text: str) -> float:
    """Width in Chinese characters: wide (CJK, full-width) characters count 1, others 0.55."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55 for ch in text)


Measure = Callable[[str], float]  # a text's width in Chinese characters


def word_lines(words: Sequence[str], width: float, measure: Measure = text_width) -> list[str]:
    """The words filled greedily into lines at most `width` characters wide (a word wider
    than that has a line of its own): a label broken only between its words."""
    lines: list[str] = []
    for word in words:
        if lines and measure(lines[-1] + word) <= width:
            lines[-1] += word
        else:
            lines.append(word)
    return lines or [""]


def waisted(widths: Sequence[float], char: float = 1.0) -> bool:
    """Whether a line is narrower (by WAIST_SLACK characters of width `char` or more) than a
    line above it and a line below it: the 沙漏 a title must not take. Lines that only grow,
    only shrink, or grow and then shrink make the 梯形 and 菱形 of an official title."""
    slack = WAIST_SLACK * char
    return any(widths[i] + slack <= min(max(widths[:i]), max(widths[i + 1:])) for i in range(1, len(widths) - 1))


def balanced_lines(words: Sequence[str], width: float, measure: Measure = text_width,
                   after: float | None = None) -> list[str]:
    """The words on as few lines as fit `width` (at most BALANCED_LINES), breaking between
    them where the longest line comes out shortest; ties go to lines growing downwards, the
    梯形 of an official title. Where a line of width `after` follows (a title's subject), the
    lines and it take the shape of a 梯形 or 菱形, on one more line if that is what it takes;
    only where no breaking does may they waist. Words that no breaking fits are filled greedily."""
    text = "".join(words)
    if measure(text) <= width or len(words) < 2:
        return [text]
    fallback: list[str] | None = None
    for count in range(2, min(len(words), BALANCED_LINES) + 1):
        best: tuple[bool, float, list[float], list[str]] | None = None
        for cuts in itertools.combinations(range(1, len(words)), count - 1):
            bounds = [0, *cuts, len(words)]
            lines = ["".join(words[a:b]) for a, b in zip(bounds, bounds[1:])]
            widths = [measure(line) for line in lines]
            if max(widths) > width:
                continue
            shape = waisted(widths + [after], measure("国")) if after is not None else False
            key = (shape, max(widths), [-w for w in widths])
            if best is None or key < best[:3]:
                best = (*key, lines)
        if best is not None and not best[0]:
            return best[3]
        fallback = fallback or (best[3] if best is not None else None)
    return fallback or word_lines(words, width, measure)


def narrowest(words: Sequence[str], lines: int, measure: Measure = text_width) -> float:
    """The narrowest whole number of characters in which the words fit on `lines` lines, or
    else the widest word (a label then takes more lines, but never splits a word)."""
    widest = max((math.ceil(measure(w)) for w in words), default=0)
    total = math.ceil(measure("".join(words)))
    for width in range(max(widest, 1), total + 1):
        if len(word_lines(words, width, measure)) <= lines:
            return float(width)
    return float(max(widest, total, 1))


@dataclass(frozen=True)
class ColumnPlan:
    natural: list[float]
    minimum: list[float]
    flexible: int | None  # the innermost label column, which takes what is left


def plan_columns(grid: Grid, shown: dict[str, str], measure: Measure = text_width) -> ColumnPlan:
    """Widths from the single-column cells of each column; `shown` maps value keys to text;
    `measure` is the exporter's own estimate of printed widths."""
    natural: list[float] = [MIN_VALUE] * grid.cols
    flexible = grid.label_cols - 1 if grid.label_cols else None
    widest_word = 0.0  # of the flexible column, which may never be narrower
    for cell in grid.cells:
        if cell.col_span != 1:
            continue
        if cell.is_value:
            need = float(math.ceil(measure(shown.get(cell.key, ""))))
        elif cell.role == "column":
            need = narrowest(cell.words, HEADER_LINES, measure)
        elif cell.role == "row" and cell.col != flexible:
            need = max(2.0, narrowest(cell.words, cell.row_span, measure))
        elif cell.role == "row":
            need = min(measure(cell.text), LABEL_CAP)
            widest_word = max([widest_word] + [measure(w) for w in cell.words])
        else:
            need = float(math.ceil(measure(cell.text)))
        natural[cell.col] = max(natural[cell.col], need)
    minimum = list(natural)
    if flexible is not None:
        natural[flexible] = max(natural[flexible], widest_word)
        minimum[flexible] = max(min(natural[flexible], MIN_FLEXIBLE), widest_word)
    return ColumnPlan(natural, minimum, flexible)


def fit_widths(plan: ColumnPlan, size: float, total: float, padding: float) -> list[float] | None:
    """Column widths in points filling `total` at type `size` (each with `padding`): the
    minimum widths, the flexible column grown towards its natural width, the rest spread in
    proportion; None if even the minimum does not fit."""
    widths = [w * size + padding for w in plan.minimum]
    spare = total - sum(widths)
    if spare < 0:
        return None
    if plan.flexible is not None:
        grow = min(spare, (plan.natural[plan.flexible] - plan.minimum[plan.flexible]) * size)
        widths[plan.flexible] += grow
        spare -= grow
    base = sum(widths)
    return [w + spare * w / base for w in widths]
