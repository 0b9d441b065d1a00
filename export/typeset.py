"""Break text into lines as a Chinese official document is set (GB/T 15834, Word's 两端对齐).

Pure arithmetic on glyph advances, so the PDF can draw exactly what was decided here:

- closing marks (，。、；：！？”’）》 …) never start a line and opening marks (“‘（《〔【「『)
  never end one; a dash 「——」 or an ellipsis 「……」 is never split; Latin words, numbers
  and URLs break only at spaces, or after / . - ? & = where one is longer than a line;
- a justified line spreads its spare width over the gaps next to Chinese characters and at
  spaces; where a closing mark would stick out past the edge, the full-width punctuation of
  the line is squeezed (by at most half its width) to take it in, and only when that is not
  enough does the last piece move to the next line;
- a closing mark at the end of a line is set half-width, so a justified line ends flush with
  the edge rather than half a character short;
- where the text comes with word boundaries (table labels), a line breaks only there.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Iterable, Sequence

# GB/T 15834: marks that may not begin a line (closing and pause marks) …
CANNOT_START = set("，。、；：！？”’）》〕】」』〉〗·%‰℃,.;:!?)]}")
# … and marks that may not end one (opening marks).
CANNOT_END = set("“‘（《〔【「『〈〖([{")
# Full-width marks whose glyph fills one half of the square: the other half may be squeezed.
INK_LEFT = set("，。、；：！？”’）》〕】」』〉〗")
INK_RIGHT = set("“‘（《〔【「『〈〖")
NEVER_SPLIT_PAIRS = set("—…")
URL_BREAK_AFTER = set("/.-?&=_#")
FIT_TOLERANCE = 0.01  # points: widths are sums of floats
LONG_RUN = 0.3  # a piece wider than this share of the line may break inside (URLs)
LONG_RUN_GAP = 1.5  # em of spare width that a break at a URL's mark may leave


@dataclass(frozen=True)
class Glyph:
    """One character as it will be set: its font, size and natural advance on the line
    (already on the document grid where the caller uses one)."""

    char: str
    font: str
    size: float
    advance: float
    natural: float | None = None  # the font's own advance where `advance` is the grid's

    @property
    def wide(self) -> bool:
        """A Chinese character or full-width mark; the quotation marks “” ‘’ are of
        ambiguous width in Unicode and full-width in a Chinese face."""
        kind = unicodedata.east_asian_width(self.char)
        drawn = self.advance if self.natural is None else self.natural
        return kind in "WF" or (kind == "A" and drawn >= 0.9 * self.size)

    @property
    def space(self) -> bool:
        return self.char == " "


@dataclass
class Line:
    """A set line: its glyphs, the extra advance after each (spread, squeeze) and its width
    from the first glyph's left edge to the last glyph's ink."""

    glyphs: list[Glyph]
    shifts: list[float] = field(default_factory=list)
    width: float = 0.0
    indent: float = 0.0
    last: bool = False  # the paragraph's last line (never spread)

    @property
    def text(self) -> str:
        return "".join(g.char for g in self.glyphs)


def _latin(glyph: Glyph) -> bool:
    return not glyph.wide and not glyph.space


def break_opportunities(glyphs: Sequence[Glyph], allowed: set[int] | None = None) -> list[bool]:
    """For each position i (0 < i < len), whether a line may break before glyph i."""
    result = [False] * (len(glyphs) + 1)
    result[len(glyphs)] = True
    for i in range(1, len(glyphs)):
        before, after = glyphs[i - 1], glyphs[i]
        if allowed is not None and i not in allowed:
            continue
        if after.char in CANNOT_START or before.char in CANNOT_END or after.space:
            continue
        if before.char == after.char and before.char in NEVER_SPLIT_PAIRS:
            continue
        if _latin(before) and _latin(after):
            continue
        result[i] = True
    return result


def _url_breaks(glyphs: Sequence[Glyph], start: int, end: int) -> list[int]:
    """Positions inside a Latin run (a URL, a long number) where it may break if it must."""
    return [i for i in range(start + 1, end)
            if glyphs[i - 1].char in URL_BREAK_AFTER and glyphs[i].char not in URL_BREAK_AFTER]


def _end_advance(glyph: Glyph) -> float:
    """A closing mark at the end of a line is set half-width (its empty half dropped)."""
    return glyph.advance / 2 if glyph.char in INK_LEFT and glyph.wide else glyph.advance


def _squeezable(glyph: Glyph) -> float:
    return glyph.advance / 2 if glyph.wide and (glyph.char in INK_LEFT or glyph.char in INK_RIGHT) else 0.0


def _width(glyphs: Sequence[Glyph], start: int, end: int) -> float:
    """Natural width of glyphs[start:end] set as one line (trailing spaces hang)."""
    while end > start and glyphs[end - 1].space:
        end -= 1
    if end == start:
        return 0.0
    return sum(g.advance for g in glyphs[start:end - 1]) + _end_advance(glyphs[end - 1])


def _squeeze_room(glyphs: Sequence[Glyph], start: int, end: int) -> float:
    """How much the full-width marks of the line can give up (not the last, already halved;
    not an opening mark that starts the line, whose empty half is before the line)."""
    room = 0.0
    for i in range(start, end - 1):
        glyph = glyphs[i]
        if glyph.char in INK_RIGHT and i == start:
            continue
        room += _squeezable(glyph)
    return room


def set_lines(glyphs: Sequence[Glyph], width: float, first_indent: float = 0.0,
              justify: bool = True, allowed: Iterable[int] | None = None) -> list[Line]:
    """The glyphs as lines at most `width` wide (the first `first_indent` narrower).
    `allowed` restricts breaks to those positions (word boundaries); where even one piece
    is wider than the line it is broken anywhere, so nothing is ever lost."""
    if not glyphs:
        return [Line([], [], 0.0, first_indent, last=True)]
    opportunities = break_opportunities(glyphs, None if allowed is None else set(allowed))
    lines: list[Line] = []
    start = 0
    while start < len(glyphs):
        indent = first_indent if not lines else 0.0
        room = width - indent
        end, squeeze = _choose_break(glyphs, start, room, opportunities)
        last = end == len(glyphs)  # the last line keeps its natural spacing
        lines.append(_make_line(glyphs, start, end, room, indent, justify and not last, squeeze, last))
        start = end
        while start < len(glyphs) and glyphs[start].space:  # a line never starts with a space
            start += 1
    return lines


def _choose_break(glyphs: Sequence[Glyph], start: int, room: float,
                  opportunities: list[bool]) -> tuple[int, bool]:
    """(end of the line, whether its punctuation must be squeezed to fit)."""
    fit = None
    for end in range(start + 1, len(glyphs) + 1):
        if not opportunities[end]:
            continue
        natural = _width(glyphs, start, end)
        if natural <= room + FIT_TOLERANCE:
            fit = end
            continue
        piece = glyphs[fit if fit is not None else start:end]
        if (any(g.char in CANNOT_START for g in piece)
                and natural - _squeeze_room(glyphs, start, end) <= room + FIT_TOLERANCE):
            return end, True  # rather than send a character and its closing mark down
        if fit is not None and _long_latin(glyphs[fit:end], room):
            return _inside_long_run(glyphs, start, fit, end, room), False
        break
    if fit is not None:
        return fit, False
    return _forced_break(glyphs, start, room), False


def _long_latin(piece: Sequence[Glyph], room: float) -> bool:
    """A Latin run (a URL, a long number) wider than LONG_RUN of the line."""
    latin = [g for g in piece if _latin(g)]
    return len(latin) >= len(piece) - 1 and sum(g.advance for g in latin) > room * LONG_RUN


def _inside_long_run(glyphs: Sequence[Glyph], start: int, fit: int, end: int, room: float) -> int:
    """Where a long Latin run (a URL) that does not fit starts on this line and breaks, rather
    than leaving a wide gap: after one of its marks, or after any of its characters where
    breaking at a mark would still leave more than LONG_RUN_GAP em to spread."""
    fitting = [i for i in range(fit + 1, end) if _width(glyphs, start, i) <= room + FIT_TOLERANCE]
    if not fitting:
        return fit
    marks = [i for i in _url_breaks(glyphs, fit, end) if i in fitting]
    if marks and room - _width(glyphs, start, marks[-1]) <= LONG_RUN_GAP * glyphs[fit].size:
        return marks[-1]
    return fitting[-1]


def _forced_break(glyphs: Sequence[Glyph], start: int, room: float) -> int:
    """A piece longer than the line: break after a URL mark if one is near, else anywhere,
    never leaving a line empty."""
    end = start + 1
    while end < len(glyphs) and _width(glyphs, start, end + 1) <= room + FIT_TOLERANCE:
        end += 1
    marks = [i for i in _url_breaks(glyphs, start, end + 1) if i > start + (end - start) // 2]
    if end < len(glyphs) and marks:
        return marks[-1]
    return end


def _make_line(glyphs: Sequence[Glyph], start: int, end: int, room: float, indent: float,
               justify: bool, squeeze: bool, last: bool = False) -> Line:
    part = list(glyphs[start:end])
    shifts = [0.0] * len(part)
    natural = _width(part, 0, len(part))
    if squeeze:
        _squeeze(part, shifts, natural - room)
    elif justify and natural < room:
        _spread(part, shifts, room - natural)
    width = natural + sum(shifts[:-1]) if part else 0.0
    return Line(part, shifts, width, indent, last)


def _squeeze(part: list[Glyph], shifts: list[float], excess: float) -> None:
    """Take `excess` out of the line's marks, each in proportion to what it can give."""
    room = _squeeze_room(part, 0, len(part))
    if room <= 0 or excess <= 0:
        return
    share = min(1.0, excess / room)
    for i, glyph in enumerate(part[:-1]):
        give = _squeezable(glyph) * share
        if glyph.char in INK_LEFT:
            shifts[i] -= give
        elif glyph.char in INK_RIGHT and i > 0:
            shifts[i - 1] -= give  # the empty half is before the mark


def _spread(part: list[Glyph], shifts: list[float], spare: float) -> None:
    """Spread `spare` evenly over the gaps a justified Chinese line may widen: next to a
    Chinese character or after a space, never inside a Latin word."""
    last = len(part)
    while last > 0 and part[last - 1].space:
        last -= 1
    gaps = [i for i in range(last - 1)
            if part[i].wide or part[i + 1].wide or part[i].space]
    if not gaps:
        return
    each = spare / len(gaps)
    for i in gaps:
        shifts[i] += each
