"""Text in the PDF: lines set by export.typeset, drawn glyph by glyph where they were set.

reportlab's Paragraph breaks Chinese anywhere, lets closing marks hang past the edge, leaves
justified lines short, and when it splits a paragraph over two pages it rebuilds the text
with a space between its pieces. TextBlock instead sets its lines once (export.typeset) and,
split over pages, hands the same lines on, so the text reads and extracts the same either way.
A page never starts with a paragraph's last line nor ends with its first (no widows, no
orphans, as reportlab's allowWidows=0 and allowOrphans=0 would have it).
"""
from __future__ import annotations

import itertools
from typing import Iterator, Literal, Sequence

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from export.fonts import FontChoice
from export.pdf_layout import Block
from export.typeset import Glyph, Line, set_lines

Align = Literal["justify", "left", "center", "right"]
ASCENT = 0.88  # of the em, above the baseline, for the Chinese faces (descent 0.12)
KEEP_LINES = 2  # lines of a paragraph that stay together at a page break, at either end


def glyphs(fonts: FontChoice, text: str, font: str, size: float, pitch: float | None = None) -> list[Glyph]:
    """`text` as glyphs of a paragraph set in `font`: characters the font lacks in their
    fallback font, Latin ones in the Latin serif; wide characters on a grid of `pitch`
    points (Word's 文档网格) where one is given, else at their own width."""
    result = []
    for name, part in fonts.runs(text, font):
        face = pdfmetrics.getFont(name).face
        widths, default = face.charWidths, face.defaultWidth
        for ch in part:
            natural = widths.get(ord(ch), default) * size / 1000
            wide = pitch is not None and natural >= size * 0.9
            result.append(Glyph(ch, name, size, pitch if wide and pitch else natural, natural))
    return result


def word_glyphs(fonts: FontChoice, words: Sequence[str], font: str,
                size: float) -> tuple[list[Glyph], list[int]]:
    """A label's glyphs and the positions between its words, where alone it may break."""
    result: list[Glyph] = []
    bounds = []
    for word in words:
        if result:
            bounds.append(len(result))
        result += glyphs(fonts, word, font, size)
    return result, bounds


class TextBlock(Block):
    """A paragraph (or a label in a table cell) as set lines."""

    def __init__(self, glyph_list: Sequence[Glyph], leading: float, align: Align = "justify",
                 first_indent: float = 0.0, allowed: Sequence[int] | None = None,
                 lines: list[Line] | None = None, keep: int = KEEP_LINES, one_line: bool = False) -> None:
        """`one_line`: never break (a figure); where the line is too wide it is drawn narrower."""
        self.one_line = one_line
        self.glyph_list = list(glyph_list)
        self.leading = leading
        self.align = align
        self.first_indent = first_indent
        self.allowed = allowed
        self.keep = keep
        self.lines: list[Line] = lines or []
        self._fixed = lines is not None  # a part of a split paragraph keeps its lines
        self._set_width: float | None = None

    def _set(self, width: float) -> list[Line]:
        if not self._fixed and width != self._set_width:
            self.lines = set_lines(self.glyph_list, float("inf") if self.one_line else width,
                                   self.first_indent, self.align == "justify", self.allowed)
            self._set_width = width
        return self.lines

    def wrap(self, width: float, height: float) -> tuple[float, float]:
        self.width = width
        self.height = len(self._set(width)) * self.leading
        return self.width, self.height

    def split(self, width: float, height: float) -> list[Block]:
        lines = self._set(width)
        fits = int((height + 1e-6) // self.leading)
        if fits >= len(lines):
            return [self]
        if len(lines) - fits < self.keep:  # the last lines go down together
            fits = len(lines) - self.keep
        if fits < self.keep:  # too few lines would stay behind: move the paragraph down
            return []
        return [self._part(lines[:fits]), self._part(lines[fits:])]

    def _part(self, lines: list[Line]) -> TextBlock:
        return TextBlock(self.glyph_list, self.leading, self.align, lines=lines, keep=self.keep)

    def draw(self, canvas: Canvas) -> None:
        for number, line in enumerate(self.lines):
            top = self.height - number * self.leading
            size = max((g.size for g in line.glyphs), default=0.0)
            baseline = top - (self.leading - size) / 2 - size * ASCENT
            scale = min(1.0, self.width / line.width) if line.width else 1.0
            draw_line(canvas, line, self._x(line, scale), baseline, scale)

    def _x(self, line: Line, scale: float) -> float:
        if self.align == "center":
            return (self.width - line.width * scale) / 2
        if self.align == "right":
            return self.width - line.width * scale
        return line.indent


def draw_line(canvas: Canvas, line: Line, x: float, baseline: float, scale: float = 1.0) -> None:
    """One set line as a single text object, a run of glyphs per font and spacing: each run
    starts where typeset placed it, and within a run each glyph advances by its font's own
    width plus the character spacing (Tc) that keeps it in place, so readers (pdftotext,
    copy and paste) see one continuous line. `scale` < 1 draws the line narrower."""
    text = canvas.beginText(x, baseline)
    if scale < 1.0:
        text.setHorizScale(scale * 100)
    offset = started = 0.0
    for (font, size, delta), run in _runs(line):
        for part in _subset_parts(canvas, font, run):
            if offset:
                text.moveCursor((offset - started) * scale, 0)  # from where the last part started
                started = offset
            text.setFont(font, size)
            text.setCharSpace(delta)
            text.textOut("".join(g.char for g, _ in part))
            offset += sum(g.advance + shift for g, shift in part)
    canvas.drawText(text)


def _runs(line: Line) -> Iterator[tuple[tuple[str, float, float], list[tuple[Glyph, float]]]]:
    """The line's glyphs (with their shifts) grouped by font, size and character spacing."""
    def key(pair: tuple[Glyph, float]) -> tuple[str, float, float]:
        glyph, shift = pair
        natural = glyph.advance if glyph.natural is None else glyph.natural
        return glyph.font, glyph.size, round(glyph.advance - natural + shift, 3)

    for run_key, run in itertools.groupby(zip(line.glyphs, line.shifts), key=key):
        yield run_key, list(run)


def _subset_parts(canvas: Canvas, font: str, run: list[tuple[Glyph, float]]) -> list[list[tuple[Glyph, float]]]:
    """The run cut where reportlab switches to another 256-glyph subset of the font: it
    writes a new string there, and a reader such as pdfminer drops the character spacing of
    a string's last glyph, so each part is placed on its own."""
    pieces = pdfmetrics.getFont(font).splitString("".join(g.char for g, _ in run), canvas._doc)
    parts = []
    start = 0
    for _, piece in pieces:
        length = len(piece)  # one byte per glyph in a subset
        parts.append(run[start:start + length])
        start += length
    return parts if start == len(run) else [run]


def text_block(fonts: FontChoice, text: str, font: str, size: float, leading: float,
               align: Align = "justify", first_indent: float = 0.0,
               pitch: float | None = None) -> TextBlock:
    """A paragraph of plain text in `font` (with its fallbacks and Latin serif)."""
    return TextBlock(glyphs(fonts, text, font, size, pitch), leading, align, first_indent)
