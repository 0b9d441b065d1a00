"""The PDF export: the report as an official document (GB/T 9704 habits) on A4.

Title in 小标宋/宋体, section headings in 黑体, sub-headings in 楷体, body in 仿宋 3号 with a
two-character first-line indent, 22 lines of 28 characters a page, page numbers 「— 1 —」
(odd pages right, even pages left). Tables are drawn from model.layout by export.pdf_table.
All user text is escaped, so <, & and > print as typed, and characters a paragraph's font lacks
(emoji, symbols) are set in the fallback font export.fonts chose for them.
"""
from __future__ import annotations

import io
from pathlib import Path
from typing import Callable

from reportlab.lib import textsplit
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, SimpleDocTemplate, Spacer
from reportlab.platypus import paragraph as rl_paragraph

from export.common import clean_text, shown_values, write_export
from export.fonts import FontChoice, choose_fonts
from export.narrative import blocks
from export.pdf_table import grid_table
from export.review_pdf import appendix_story, appendix_text
from model.fields import printed_text
from model.formats import Section
from model.layout import Grid, report_grid
from model.report import Report
from model.review import explained_findings

BODY_SIZE = 16.0  # 3号
TITLE_SIZE = 22.0  # 2号
PAGE_NUMBER_SIZE = 14.0  # 4号
TEXT_WIDTH = 28 * BODY_SIZE  # 28 characters a line
LEFT = 27 * mm
TOP, BOTTOM = 37 * mm, 35 * mm
TEXT_HEIGHT = A4[1] - TOP - BOTTOM  # 225 mm
LEADING = TEXT_HEIGHT / 22  # 22 lines a page (about 29 pt)
FRAME_PADDING = 6.0  # reportlab's page frame pads the margins by this much on every side
HEADING_KEEPS = 2  # lines of the text after a heading that must fit on the heading's page
PAGE_NUMBER_CHARS = "—0123456789 "
# Chinese punctuation that must not begin a line (GB/T 15834); reportlab's CJK wrapping knows
# only the Japanese set, so without these a line may start with 「，」 or 「”」. Such a character
# hangs in the margin at the end of the line before instead.
CANNOT_START_LINE = "，；：！？”’》）〕】…"
for _module in (textsplit, rl_paragraph):  # each keeps its own copy of the set
    _module.ALL_CANNOT_START += "".join(ch for ch in CANNOT_START_LINE
                                        if ch not in _module.ALL_CANNOT_START)


def write_pdf(report: Report, path: Path, submission: bool = False) -> None:
    """Write the PDF atomically; ExportError (Chinese) when no font can print the report or
    the file cannot be written. The 报送版 (`submission`) ends with the 审核情况说明; the
    default is the 公开版, the report as published."""
    write_export(path, build_pdf(report, submission))


def write_submission_pdf(report: Report, path: Path) -> None:
    """The 报送版: the report and, as an appendix, each explained finding."""
    write_pdf(report, path, submission=True)


def build_pdf(report: Report, submission: bool = False) -> bytes:
    grids = {s.id: report_grid(report, s.id) for s in report.format.table_sections()}
    shown = {s: shown_values(report, g) for s, g in grids.items()}
    appendix = explained_findings(report) if submission else []
    fonts = choose_fonts(_all_text(report, grids, shown) + appendix_text(appendix))
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=LEFT - FRAME_PADDING,
                            rightMargin=A4[0] - LEFT - TEXT_WIDTH - FRAME_PADDING,
                            topMargin=TOP - FRAME_PADDING, bottomMargin=BOTTOM - FRAME_PADDING,
                            title=clean_text(report.title), author=clean_text(report.unit),
                            creator="年报助手", initialFontName=fonts.body, initialFontSize=BODY_SIZE)
    story = _story(report, fonts, grids, shown, TEXT_HEIGHT)
    if appendix:
        styles = _styles(fonts)
        story += appendix_story(appendix, fonts, styles["h1"], styles["body"])
    doc.build(story, onFirstPage=_page_number(fonts), onLaterPages=_page_number(fonts))
    return buffer.getvalue()


def _all_text(report: Report, grids: dict[str, Grid], shown: dict[str, dict[str, str]]) -> str:
    """Every character the document prints, for the font coverage check."""
    parts = [clean_text(report.title), PAGE_NUMBER_CHARS]
    for section in report.format.sections:
        parts.append(section.heading)
        parts.append(clean_text(printed_text(report, section.id)))
    for section_id, grid in grids.items():
        parts.extend(c.text for c in grid.cells)
        parts.extend(shown[section_id].values())
    return "".join(parts)


def _styles(fonts: FontChoice) -> dict[str, ParagraphStyle]:
    common = dict(fontSize=BODY_SIZE, leading=LEADING, firstLineIndent=2 * BODY_SIZE, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", fontName=fonts.title, fontSize=TITLE_SIZE,
                                leading=TITLE_SIZE * 1.5, alignment=TA_CENTER, wordWrap="CJK",
                                spaceAfter=LEADING),
        "h1": ParagraphStyle("h1", fontName=fonts.heading, **common),
        "h2": ParagraphStyle("h2", fontName=fonts.subheading, **common),
        "body": ParagraphStyle("body", fontName=fonts.body, alignment=TA_JUSTIFY, **common),
    }


def _title(report: Report, fonts: FontChoice) -> str:
    """The title on two lines where it would not fit one: the unit, then year and subject."""
    title, unit = clean_text(report.title), clean_text(report.unit)
    if _width(fonts.runs(title, fonts.title), TITLE_SIZE) <= TEXT_WIDTH or not unit:
        return fonts.markup(title, fonts.title)
    return f"{fonts.markup(unit, fonts.title)}<br/>{fonts.markup(title[len(unit):], fonts.title)}"


def _width(runs: list[tuple[str, str]], size: float) -> float:
    """The printed width of (font name, text) runs, in points."""
    return sum((float(stringWidth(text, font, size)) for font, text in runs), 0.0)


def _story(report: Report, fonts: FontChoice, grids: dict[str, Grid],
           shown: dict[str, dict[str, str]], frame_height: float) -> list[Flowable]:
    styles = _styles(fonts)
    story: list[Flowable] = [Paragraph(_title(report, fonts), styles["title"])]
    for section in report.format.sections:
        heading = Paragraph(fonts.markup(section.heading, fonts.heading), styles["h1"])
        if section.kind == "tables":
            grid = grids[section.id]
            table, lead = grid_table(grid, shown[section.id], fonts, TEXT_WIDTH, frame_height - LEADING)
            story += [CondPageBreak(LEADING + 4 + lead),  # the heading keeps with the first rows
                      heading, Spacer(1, 4), table, Spacer(1, LEADING / 2)]
            story += _keep_headings(_narrative(report, section, fonts, styles))
        else:
            story += _keep_headings([(True, heading)] + _narrative(report, section, fonts, styles))
    return story


def _keep_headings(items: list[tuple[bool, Flowable]]) -> list[Flowable]:
    """The flowables of (is heading, flowable) pairs, each run of headings preceded by a
    conditional page break: the headings and HEADING_KEEPS lines after them fit on the page, or
    they start the next one. (reportlab's keepWithNext instead moves a heading and all of a
    paragraph longer than the rest of the page, leaving the page empty.)"""
    story: list[Flowable] = []
    for i, (is_heading, flowable) in enumerate(items):
        if is_heading and (i == 0 or not items[i - 1][0]):
            run = next((j for j in range(i, len(items)) if not items[j][0]), len(items)) - i
            story.append(CondPageBreak((run + HEADING_KEEPS) * LEADING))
        story.append(flowable)
    return story


def _narrative(report: Report, section: Section, fonts: FontChoice,
               styles: dict[str, ParagraphStyle]) -> list[tuple[bool, Flowable]]:
    """The section's text as (is heading, paragraph) pairs."""
    paragraphs: list[tuple[bool, Flowable]] = []
    for block in blocks(clean_text(printed_text(report, section.id))):
        if block.heading:
            paragraphs.append((True, Paragraph(fonts.markup(block.text, fonts.subheading), styles["h2"])))
            continue
        lead = (f'<font name="{fonts.subheading}">{fonts.markup(block.lead, fonts.subheading)}</font>'
                if block.lead else "")
        paragraphs.append((False, Paragraph(lead + fonts.markup(block.text, fonts.body), styles["body"])))
    return paragraphs


def _page_number(fonts: FontChoice) -> Callable[[Canvas, SimpleDocTemplate], None]:
    """Draw 「— n —」 7 mm under the text block: odd pages right, even pages left, one
    character in from the edge of the text block."""
    def draw(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        runs = fonts.runs(f"— {doc.page} —", fonts.title)
        x = LEFT + PAGE_NUMBER_SIZE
        if doc.page % 2:
            x = LEFT + TEXT_WIDTH - PAGE_NUMBER_SIZE - _width(runs, PAGE_NUMBER_SIZE)
        y = BOTTOM - 7 * mm - PAGE_NUMBER_SIZE
        canvas.saveState()
        for font, text in runs:
            canvas.setFont(font, PAGE_NUMBER_SIZE)
            canvas.drawString(x, y, text)
            x += stringWidth(text, font, PAGE_NUMBER_SIZE)
        canvas.restoreState()
    return draw
