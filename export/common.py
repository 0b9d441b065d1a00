"""What every exporter shares: the refusal it raises, atomic writing, user text and figures
as printed, and where a unit's name may break over lines."""
from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Callable

from model.errors import NianbaoError
from model.layout import Grid
from model.numbers import format_value
from model.report import TITLE_SUFFIX, Report
from model.storage import save_error_message, write_atomically


# A unit's name may break after an administrative level or a body (「示例市演示区 / 文化和旅游局」),
# but not inside the words these characters begin (市场, 区域, 市委, 委员会 …).
_BREAK_AFTER = set("省市县区州盟旗镇乡局厅委会处室部院队站所府心科")
_NO_BREAK = {a + b for a in "省市县区州" for b in "场域级属直政委辖民"} | {"委员", "部门", "会议", "所属"}
SUBJECT = TITLE_SUFFIX  # the documents' subject (PDF, Excel and Word properties)


class ExportError(NianbaoError):
    """An export cannot be written; str() is the Chinese message for the clerk."""


def write_export(path: Path, data: bytes) -> None:
    """Write a finished export atomically, so a failure never leaves a half file behind."""
    if path.is_dir():
        raise ExportError(f"这是一个文件夹，不能作为导出文件：{path}")
    try:
        write_atomically(path, data)
    except OSError as exc:
        raise ExportError(save_error_message(exc, path)) from exc


def clean_text(text: str) -> str:
    """User text as printed: control and invisible format characters dropped, tabs and
    no-break spaces made plain spaces; line breaks kept."""
    kept = []
    for ch in text:
        if ch == "\n":
            kept.append(ch)
        elif ch in "\t\xa0":
            kept.append(" ")
        elif unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn"):
            kept.append(ch)
    return "".join(kept)


def paragraphs(text: str) -> list[str]:
    """User text (the 引言) as the paragraphs it prints: its non-empty lines, trimmed."""
    return [line.strip() for line in clean_text(text).split("\n") if line.strip()]


def shown_values(report: Report, grid: Grid) -> dict[str, str]:
    """Each value cell of the grid as printed: "" for blank, amounts with the decimals they
    were entered with (model.numbers.format_value)."""
    return {c.key: format_value(report.value(c.key)) for c in grid.value_cells()}


def unit_breaks(name: str) -> list[int]:
    """Positions in a unit's name where a line may break: 「示例市|演示区|文化和旅游局」."""
    return [i for i in range(1, len(name)) if name[i - 1] in _BREAK_AFTER and name[i - 1:i + 1] not in _NO_BREAK]


def unit_words(name: str) -> tuple[str, ...]:
    """A unit's name cut where it may break over lines."""
    bounds = [0, *unit_breaks(name), len(name)]
    return tuple(name[a:b] for a, b in zip(bounds, bounds[1:]) if b > a)


def unit_lines(name: str, width: float, measure: Callable[[str], float], after: str | None = None) -> list[str]:
    """A unit's name in balanced lines at most `width` wide (as `measure` measures), broken
    between its words, or inside a word only where that word alone is too wide; where a title
    goes on with `after` (the year and subject) on a line of its own, shaped with it as a 梯形
    or 菱形."""
    from export.columns import balanced_lines

    words = [piece for word in unit_words(name)
             for piece in (list(word) if measure(word) > width else [word])]
    return balanced_lines(words, width, measure, None if after is None else measure(after))


def title_lines(title: str, unit: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """The title as every exporter breaks it: one line where it fits in `width` (or where it
    does not begin with the unit's name); else the unit's name in lines shaped as a 梯形 or
    菱形 with the year and subject, which follow on a line of their own."""
    if measure(title) <= width or not unit or not title.startswith(unit):
        return [title]
    subject = title[len(unit):]
    return [*unit_lines(unit, width, measure, subject), subject]
