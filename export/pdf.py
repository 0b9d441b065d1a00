"""The PDF export: the report as an official document (GB/T 9704) on A4.

Page: top margin 37 mm, left 28 mm, a text block of 156 × 225 mm holding 22 lines of 28
characters (Chinese characters on a grid, as Word's 文档网格 sets them). Title in 小标宋 2号,
broken into balanced lines with the subject on the last; an optional 引言; section headings
in 黑体, sub-headings in 楷体, body in 仿宋 3号 with a two-character indent, justified and
broken by GB/T 15834 (export.typeset); an empty section reads 「无。」; the 落款 (unit and
成文日期) closes it. Page numbers 「— 1 —」 in 4号, odd pages right, even pages left. Tables
are drawn from model.layout by export.pdf_table. User text is drawn glyph by glyph, never
parsed as markup, so <, & and > print as typed.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Sequence

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from export.common import SUBJECT, clean_text, paragraphs, shown_values, title_lines, unit_lines, write_export
from export.fonts import FontChoice, choose_fonts
from export.narrative import blocks
from export.pdf_layout import Block, Box, CondPageBreak, Info, KeepTogether, PageBreak, Spacer, build
from export.pdf_table import grid_table
from export.pdf_text import TextBlock, draw_line, glyphs
from export.review_pdf import APPENDIX_LABEL, APPENDIX_TITLE, appendix_entries, appendix_text
from export.typeset import Glyph, Line, set_lines
from model.fields import printed_text
from model.formats import Section
from model.layout import Grid, report_grid
from model.report import EMPTY_SECTION_TEXT, Report, chinese_date
from model.review import explained_findings

BODY_SIZE = 16.0  # 3号
TITLE_SIZE = 22.0  # 2号
PAGE_NUMBER_SIZE = 14.0  # 4号
LINE_CHARS, PAGE_LINES = 28, 22
LEFT = 28 * mm
TEXT_WIDTH = 156 * mm
PITCH = TEXT_WIDTH / LINE_CHARS  # the character grid: 28 characters fill the line exactly
TOP, BOTTOM = 37 * mm, 35 * mm
TEXT_HEIGHT = A4[1] - TOP - BOTTOM  # 225 mm
LEADING = TEXT_HEIGHT / PAGE_LINES  # about 29 pt
TITLE_LEADING = TITLE_SIZE * 1.5
HEADING_KEEPS = 2  # lines of the text after a heading that must fit on the heading's page
CONTINUED = "（续）"
PAGE_NUMBER_CHARS = "—0123456789 "


def write_pdf(report: Report, path: Path, submission: bool = False) -> list[str]:
    """Write the PDF atomically; ExportError (Chinese) when no font can print the report or
    the file cannot be written. Returns the notes for the clerk (faces standing in for 仿宋,
    小标宋 … where those are missing). The 报送版 (`submission`) ends with the 审核情况说明;
    the default is the 公开版, the report as published."""
    data, notes = build_pdf(report, submission)
    write_export(path, data)
    return notes


def write_submission_pdf(report: Report, path: Path) -> list[str]:
    """The 报送版: the report and, as an appendix, each explained finding."""
    return write_pdf(report, path, submission=True)


def build_pdf(report: Report, submission: bool = False) -> tuple[bytes, list[str]]:
    """The PDF's bytes and the notes on substituted faces."""
    grids = {s.id: report_grid(report, s.id) for s in report.format.table_sections()}
    shown = {s: shown_values(report, g) for s, g in grids.items()}
    appendix = appendix_entries(explained_findings(report)) if submission else []
    fonts = choose_fonts(_all_text(report, grids, shown) + appendix_text(appendix))
    story = _story(report, fonts, grids, shown)
    if appendix:
        story += _appendix(appendix, fonts)
    info = Info(clean_text(report.title), clean_text(report.unit), SUBJECT, lang="zh-CN")
    data = build(story, A4, Box(LEFT, BOTTOM, TEXT_WIDTH, TEXT_HEIGHT), info, _page_number(fonts),
                 (fonts.body, BODY_SIZE))
    return data, list(fonts.notes)


def _all_text(report: Report, grids: dict[str, Grid], shown: dict[str, dict[str, str]]) -> str:
    """Every character the document prints, for the font coverage check."""
    parts = [clean_text(report.title), PAGE_NUMBER_CHARS, EMPTY_SECTION_TEXT, CONTINUED,
             clean_text(report.intro), chinese_date(report.issue_date())]
    for section in report.format.sections:
        parts.append(section.heading)
        parts.append(clean_text(printed_text(report, section.id)))
    for section_id, grid in grids.items():
        parts.extend(c.text for c in grid.cells)
        parts.extend(shown[section_id].values())
    return "".join(parts)


def _story(report: Report, fonts: FontChoice, grids: dict[str, Grid],
           shown: dict[str, dict[str, str]]) -> list[Block]:
    story: list[Block] = [_title(report, fonts), Spacer(LEADING)]
    story += [_paragraph(fonts, line) for line in paragraphs(report.intro)]
    for section in report.format.sections:
        heading = _heading(fonts, section.heading)
        if section.kind == "tables":
            grid = grids[section.id]

            def caption(text: str = section.heading + CONTINUED) -> list[Block]:
                return [_heading(fonts, text), Spacer(4)]

            table, lead = grid_table(grid, shown[section.id], fonts, TEXT_WIDTH, TEXT_HEIGHT - LEADING,
                                     caption)
            story += [CondPageBreak(LEADING + 4 + lead),  # the heading keeps with the first rows
                      heading, Spacer(4), table, Spacer(LEADING / 2)]
        else:
            story += _keep_headings([(True, heading)] + _narrative(report, section, fonts))
    story.append(_signature(report, fonts))
    return story


def _heading(fonts: FontChoice, text: str) -> TextBlock:
    return TextBlock(glyphs(fonts, text, fonts.heading, BODY_SIZE, PITCH), LEADING, "justify", 2 * PITCH)


def _paragraph(fonts: FontChoice, text: str, lead: str = "") -> TextBlock:
    """A body paragraph, a run-in sub-heading (楷体) before it where there is one."""
    body = glyphs(fonts, lead, fonts.subheading, BODY_SIZE, PITCH) + glyphs(fonts, text, fonts.body, BODY_SIZE, PITCH)
    return TextBlock(body, LEADING, "justify", 2 * PITCH)


def _keep_headings(items: list[tuple[bool, Block]]) -> list[Block]:
    """The flowables of (is heading, flowable) pairs, each run of headings preceded by a
    conditional page break: the headings and HEADING_KEEPS lines after them fit on the page, or
    they start the next one. (reportlab's keepWithNext instead moves a heading and all of a
    paragraph longer than the rest of the page, leaving the page empty.)"""
    story: list[Block] = []
    for i, (is_heading, flowable) in enumerate(items):
        if is_heading and (i == 0 or not items[i - 1][0]):
            run = next((j for j in range(i, len(items)) if not items[j][0]), len(items)) - i
            story.append(CondPageBreak((run + HEADING_KEEPS) * LEADING))
        story.append(flowable)
    return story


def _narrative(report: Report, section: Section, fonts: FontChoice) -> list[tuple[bool, Block]]:
    """The section's text as (is heading, paragraph) pairs; 「无。」 for an empty section."""
    items: list[tuple[bool, Block]] = []
    for block in blocks(clean_text(printed_text(report, section.id))):
        if block.heading:
            items.append((True, TextBlock(glyphs(fonts, block.text, fonts.subheading, BODY_SIZE, PITCH),
                                               LEADING, "justify", 2 * PITCH)))
        else:
            items.append((False, _paragraph(fonts, block.text, block.lead)))
    return items or [(False, _paragraph(fonts, EMPTY_SECTION_TEXT))]


def _appendix(entries: list[tuple[str, str]], fonts: FontChoice) -> list[Block]:
    """The 审核情况说明 of the 报送版 as an attachment (GB/T 9704 7.5): on a page of its own,
    「附件」 in 黑体 at the left, its title centred in the title's face, then each finding and
    its 说明 kept together on a page."""
    label = TextBlock(glyphs(fonts, APPENDIX_LABEL, fonts.heading, BODY_SIZE, PITCH), LEADING, "left")
    title = TextBlock(glyphs(fonts, APPENDIX_TITLE, fonts.title, TITLE_SIZE), TITLE_LEADING, "center")
    story: list[Block] = [PageBreak(), label, title, Spacer(LEADING)]
    for about, explanation in entries:
        story += [CondPageBreak(4 * LEADING), _paragraph(fonts, about), _paragraph(fonts, explanation)]
    return story


def _width(line: Sequence[Glyph]) -> float:
    return sum(g.advance for g in line)


def balanced(fonts: FontChoice, text: str, font: str, size: float, width: float) -> list[list[Glyph]]:
    """A unit's name in balanced lines that fit `width` (export.common.unit_lines)."""
    return [glyphs(fonts, line, font, size) for line in unit_lines(text, width, _measure(fonts, text, font, size))]


def _measure(fonts: FontChoice, text: str, font: str, size: float) -> Callable[[str], float]:
    """The printed width of any run of `text`'s characters, from one shaping of `text`."""
    advance = {g.char: g.advance for g in glyphs(fonts, text, font, size)}
    return lambda line: sum(advance.get(ch, 0.0) for ch in line)


def _fixed(lines: list[list[Glyph]], indents: Sequence[float] | None = None) -> list[Line]:
    """Lines decided here (title, 落款) as set lines, at their natural spacing."""
    result = []
    for i, line in enumerate(lines):
        set_line = set_lines(line, float("inf"), justify=False)[0]
        set_line.indent = indents[i] if indents else 0.0
        result.append(set_line)
    return result


def _title(report: Report, fonts: FontChoice) -> Block:
    """The unit's name in balanced lines, then the year and subject on the last line; one
    line where the whole title fits (export.common.title_lines)."""
    title, unit = clean_text(report.title), clean_text(report.unit)
    lines = title_lines(title, unit, TEXT_WIDTH, _measure(fonts, title, fonts.title, TITLE_SIZE))
    if len(lines) == 1:  # it fits, or, naming no unit to break by, it wraps as text does
        shaped = [line.glyphs for line in set_lines(glyphs(fonts, title, fonts.title, TITLE_SIZE), TEXT_WIDTH,
                                                    justify=False)]
    else:
        shaped = [glyphs(fonts, line, fonts.title, TITLE_SIZE) for line in lines]
    return TextBlock([], TITLE_LEADING, "center", lines=_fixed(shaped))


def _signature(report: Report, fonts: FontChoice) -> Block:
    """The 落款 of a document without a seal (GB/T 9704 7.3.5.2): a blank line, the unit two
    characters in from the right, the date below it starting two characters further right;
    where the date is the longer, it keeps two characters from the edge and the unit moves."""
    unit = balanced(fonts, clean_text(report.unit), fonts.body, BODY_SIZE, TEXT_WIDTH - 4 * PITCH)
    day = glyphs(fonts, chinese_date(report.issue_date()), fonts.body, BODY_SIZE, PITCH)
    unit_width = max(_width(line) for line in unit)
    right = TEXT_WIDTH - 2 * PITCH
    unit_x = right - unit_width
    day_x = unit_x + 2 * PITCH
    if day_x + _width(day) > right:
        day_x = right - _width(day)
        unit_x = min(unit_x, day_x - 2 * PITCH)
    indents = [unit_x + unit_width - _width(line) for line in unit] + [day_x]
    block = TextBlock([], LEADING, "left", lines=_fixed([*unit, day], indents))
    return KeepTogether([Spacer(LEADING), block])


def _page_number(fonts: FontChoice) -> Callable[[Canvas, int], None]:
    """Draw 「— n —」 7 mm under the text block: odd pages right, even pages left, one
    character in from the edge of the text block."""
    def draw(canvas: Canvas, page: int) -> None:
        line = _fixed([glyphs(fonts, f"— {page} —", fonts.title, PAGE_NUMBER_SIZE)])[0]
        x = LEFT + PAGE_NUMBER_SIZE
        if page % 2:
            x = LEFT + TEXT_WIDTH - PAGE_NUMBER_SIZE - line.width
        draw_line(canvas, line, x, BOTTOM - 7 * mm - PAGE_NUMBER_SIZE)
    return draw
