"""The Word export: the report as an official document (GB/T 9704) that opens in Word, WPS
and LibreOffice and can be edited there, which is how websites publish these reports and how
superior offices work with them.

A4 with margins 37/35/28/26 mm, 22 lines × 28 characters: Word's 文档网格 fixes the 22 lines
(w:docGrid type "lines"), the 正文 style's character spacing (−0.25 pt) the 28 characters,
as Word's grid of characters would, because LibreOffice spreads a 3号 character over two
cells of a character grid narrower than the character. Title 2号
小标宋 (宋体 bold where this machine lacks 小标宋), body 3号 仿宋, headings 黑体 and 楷体 as
Word's 标题 1/2 (so they show in the navigation pane), Latin text in Times New Roman; the
tables with the official merged headers, header rows repeated on each page and rows kept
whole; the 落款; page numbers 「— 1 —」 on the outside edge. Chinese fonts are named in
w:eastAsia, where Word looks for them (python-docx sets only the Latin name).
"""
from __future__ import annotations

import io
import math
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_SECTION_START
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt
from docx.styles.style import ParagraphStyle
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from export.columns import fit_widths, plan_columns, text_width, word_lines
from export.common import SUBJECT, clean_text, paragraphs, shown_values, title_lines, unit_lines, write_export
from export.fonts import own_face_installed
from export.narrative import blocks
from model.fields import printed_text
from model.layout import Grid, GridCell, report_grid
from model.report import EMPTY_SECTION_TEXT, Report, chinese_date

BODY_SIZE, TITLE_SIZE, PAGE_NUMBER_SIZE = 16.0, 22.0, 14.0  # 3号, 2号, 4号
TABLE_SIZES = (10.5, 10.0, 9.5, 9.0, 8.5, 8.0, 7.5, 7.0)  # 五号 first, as the PDF
TEXT_WIDTH_MM, LINES, CHARS = 156.0, 22, 28
LINE_PITCH = round(225 / LINES / 25.4 * 1440)  # twips: 22 lines in the 225 mm text block
# the spacing that fits 28 characters of 3号 in the 156 mm line, in Word's steps of 1/20 pt
CHAR_SPACING = math.floor((TEXT_WIDTH_MM / 25.4 * 72 / CHARS - BODY_SIZE) * 4) / 4
LATIN = "Times New Roman"
BODY, HEADING, SUBHEADING, SONG = "仿宋", "黑体", "楷体", "宋体"
TITLE_FACE = "方正小标宋简体"
CELL_PADDING_PT = 2 * 5.4  # Word's default cell margins, left and right


def write_docx(report: Report, path: Path) -> list[str]:
    """Write the .docx atomically; ExportError (Chinese) if the file cannot be written. No
    notes: Word sets the text in the reader's own fonts."""
    buffer = io.BytesIO()
    build_document(report).save(buffer)
    write_export(path, buffer.getvalue())
    return []


def build_document(report: Report) -> DocumentObject:
    document = Document()
    _page(document)
    _styles(document)
    _properties(document, report)
    _title(document, report)
    for line in paragraphs(report.intro):
        _paragraph(document, line)
    for section in report.format.sections:
        document.add_paragraph(section.heading, style="Heading 1")
        if section.kind == "tables":
            grid = report_grid(report, section.id)
            _table(document, grid, shown_values(report, grid))
            continue
        text_blocks = blocks(clean_text(printed_text(report, section.id)))
        for block in text_blocks:
            if block.heading:
                document.add_paragraph(block.text, style="Heading 2")
            else:
                _paragraph(document, block.text, block.lead)
        if not text_blocks:
            _paragraph(document, EMPTY_SECTION_TEXT)
    _signature(document, report)
    return document


# --- page, styles and properties ------------------------------------------------------

def _page(document: DocumentObject) -> None:
    """A4, GB/T 9704 margins, the 22 × 28 grid, page numbers 「— n —」 outside."""
    section = document.sections[0]
    section.start_type = WD_SECTION_START.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(22)  # the number's line 7 mm under the text block
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH))
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)  # odd pages
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def _page_number(paragraph: Paragraph, alignment: WD_ALIGN_PARAGRAPH) -> None:
    """「— n —」 in 4号 宋体, one character in from the edge of the text block."""
    paragraph.alignment = alignment
    _indent_chars(paragraph, right=100 if alignment == WD_ALIGN_PARAGRAPH.RIGHT else 0,
                  left=100 if alignment == WD_ALIGN_PARAGRAPH.LEFT else 0)
    _fonts(paragraph.add_run("— "), SONG, PAGE_NUMBER_SIZE)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    number = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    number.append(text)
    field.append(number)
    paragraph._p.append(field)
    _fonts(Run(number, paragraph), LATIN, PAGE_NUMBER_SIZE, latin=LATIN)
    _fonts(paragraph.add_run(" —"), SONG, PAGE_NUMBER_SIZE)


def _fonts(run: Run, east_asian: str, size: float, latin: str = LATIN, bold: bool = False) -> Run:
    """Set a run's Latin and East Asian faces (w:eastAsia, which python-docx leaves unset)."""
    run.font.name = latin
    run.font.size = Pt(size)
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian)
    return run


def _style_fonts(style: ParagraphStyle, east_asian: str, size: float, bold: bool = False) -> None:
    style.font.name = LATIN
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = None
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)


def _styles(document: DocumentObject) -> None:
    """正文 in 仿宋 3号 justified; 标题 1 in 黑体 and 标题 2 in 楷体, as body text in size and
    indent, kept with the next paragraph; Chinese as the language of the text."""
    styles = document.styles
    normal = styles["Normal"]
    assert isinstance(normal, ParagraphStyle)
    _style_fonts(normal, BODY, BODY_SIZE)
    language = normal.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:eastAsia"), "zh-CN")
    language.append(lang)
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(round(CHAR_SPACING * 20)))
    language.append(spacing)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0  # one line of the grid (not the template's 1.15)
    normal.paragraph_format.widow_control = True
    for name, face in (("Heading 1", HEADING), ("Heading 2", SUBHEADING)):
        style = styles[name]
        assert isinstance(style, ParagraphStyle)
        _style_fonts(style, face, BODY_SIZE)
        style.paragraph_format.space_before = style.paragraph_format.space_after = Pt(0)
        style.paragraph_format.keep_with_next = True
        style.paragraph_format.first_line_indent = Pt(2 * BODY_SIZE)
        _first_line_chars(style.element.get_or_add_pPr(), 200)


def _properties(document: DocumentObject, report: Report) -> None:
    properties = document.core_properties
    properties.title = clean_text(report.title)
    properties.subject = SUBJECT
    properties.author = clean_text(report.unit)
    properties.last_modified_by = "年报助手"  # model.foreign knows our exports by it
    properties.created = properties.modified = datetime.now(timezone.utc).replace(microsecond=0)
    properties.language = "zh-CN"
    properties.comments = ""


def _first_line_chars(paragraph_properties: BaseOxmlElement, chars: int) -> None:
    """A first-line indent in hundredths of a character (w:firstLineChars), as Word's 首行缩进."""
    indent = paragraph_properties.find(qn("w:ind"))
    if indent is None:
        indent = OxmlElement("w:ind")
        paragraph_properties.append(indent)
    indent.set(qn("w:firstLineChars"), str(chars))
    indent.set(qn("w:firstLine"), str(int(chars / 100 * BODY_SIZE * 20)))


def _indent_chars(paragraph: Paragraph, left: int = 0, right: int = 0) -> None:
    """Left and right indents in hundredths of a character (w:leftChars, w:rightChars)."""
    indent = OxmlElement("w:ind")
    if left:
        indent.set(qn("w:leftChars"), str(left))
    if right:
        indent.set(qn("w:rightChars"), str(right))
    paragraph._p.get_or_add_pPr().append(indent)


# --- text ------------------------------------------------------------------------------

def _title(document: DocumentObject, report: Report) -> None:
    """The title centred in 2号 小标宋, or 宋体 bold where this machine lacks 小标宋; the
    subject after a line break where the title takes more than a line."""
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.line_spacing = Pt(TITLE_SIZE * 1.5)  # off the body's line grid
    paragraph.paragraph_format.space_after = Pt(BODY_SIZE * 1.8)  # 标题下空一行
    face, bold = (TITLE_FACE, False) if own_face_installed("title") else (SONG, True)
    title, unit = clean_text(report.title), clean_text(report.unit)
    chars = TEXT_WIDTH_MM / 25.4 * 72 / TITLE_SIZE
    _lines_in(paragraph, title_lines(title, unit, chars, text_width), face, TITLE_SIZE, bold)


def _lines_in(paragraph: Paragraph, lines: list[str], face: str, size: float, bold: bool = False) -> None:
    """Lines of one paragraph, separated by line breaks (Word's Shift+Enter)."""
    for number, line in enumerate(lines):
        run = paragraph.add_run()
        if number:
            run.add_break()
        run.add_text(line)
        _fonts(run, face, size, bold=bold)


def _paragraph(document: DocumentObject, text: str, lead: str = "") -> Paragraph:
    """A body paragraph with its two-character indent, a run-in heading in 楷体 before it."""
    paragraph = document.add_paragraph()
    _first_line_chars(paragraph._p.get_or_add_pPr(), 200)
    if lead:
        _fonts(paragraph.add_run(lead), SUBHEADING, BODY_SIZE)
    _fonts(paragraph.add_run(text), BODY, BODY_SIZE)
    return paragraph


def _signature(document: DocumentObject, report: Report) -> None:
    """The 落款 as GB/T 9704 sets it without a seal: a blank line, the unit two characters in
    from the right, the date under it starting two characters further right (where the date
    is the longer, it keeps two characters from the edge and the unit moves left)."""
    unit = unit_lines(clean_text(report.unit), CHARS - 4, text_width)
    day = chinese_date(report.issue_date())
    unit_width, day_width = max(text_width(line) for line in unit), text_width(day)
    unit_right, day_right = 2.0, 2.0 + unit_width - 2.0 - day_width
    if day_right < 2.0:
        unit_right, day_right = 2.0 + (2.0 - day_right), 2.0
    document.add_paragraph()
    for lines, right in ((unit, unit_right), ([day], day_right)):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.keep_with_next = lines is unit
        _indent_chars(paragraph, right=round(right * 100))
        _lines_in(paragraph, lines, BODY, BODY_SIZE)


# --- tables ----------------------------------------------------------------------------

def _table(document: DocumentObject, grid: Grid, shown: dict[str, str]) -> None:
    """The grid with its merged cells, borders and widths, in the largest type size that fits
    the text width; labels broken only between their words; header rows repeated."""
    total = TEXT_WIDTH_MM / 25.4 * 72
    plan = plan_columns(grid, shown)
    size = next((s for s in TABLE_SIZES if fit_widths(plan, s, total, CELL_PADDING_PT)), TABLE_SIZES[-1])
    widths = fit_widths(plan, size, total, CELL_PADDING_PT) or [total / grid.cols] * grid.cols
    table = document.add_table(rows=grid.rows, cols=grid.cols)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    layout = OxmlElement("w:tblLayout")  # the widths as given, not fitted to the contents
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for column, width in zip(table.columns, widths):
        column.width = Pt(width)  # the grid, which LibreOffice follows
    # The cells, taken once: python-docx's table.cell() walks the whole table on every call.
    cells = [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]
    for row in cells:
        for index, each in enumerate(row):
            each.width = Pt(widths[index])  # each cell, which Word follows
    for cell in grid.cells:
        target = cells[cell.row][cell.col]
        if cell.row_span > 1 or cell.col_span > 1:
            target = target.merge(cells[cell.row + cell.row_span - 1][cell.col + cell.col_span - 1])
        chars = (sum(widths[cell.col:cell.col + cell.col_span]) - CELL_PADDING_PT) / size
        _cell_text(target, cell, shown, size, chars)
    for index, row in enumerate(table.rows):
        properties = row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))
        if index < grid.header_rows:
            properties.append(OxmlElement("w:tblHeader"))
    document.add_paragraph()


def _cell_text(target: _Cell, cell: GridCell, shown: dict[str, str], size: float, chars: float) -> None:
    """A cell's label (broken between its words) or figure, off the page's line grid."""
    paragraph = target.paragraphs[0]
    left = cell.role == "row" and cell.row_span == 1
    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if left else WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Pt(0)
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    paragraph._p.get_or_add_pPr().append(snap)
    target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    face = HEADING if cell.role == "heading" else SONG
    lines: Iterable[str] = ([shown.get(cell.key, "")] if cell.is_value
                            else word_lines(cell.words, chars) if cell.role != "heading" else [cell.text])
    _lines_in(paragraph, list(lines), face, size - (1.5 if cell.role == "note" else 0))
