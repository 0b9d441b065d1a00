"""The Word export read back with python-docx (every label and figure, the merged cells, the
公文 page and fonts) and converted by LibreOffice where it is installed."""
from __future__ import annotations

import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn

from export.columns import text_width, waisted
from export.common import shown_values
from export.docx import write_docx
from model.layout import section_grid
from model.report import Report
from model.storage import load_report

from conftest import DEMO_EXAMPLE, FORMATS, sample_report
from hard_case import UNIT, hard_report

HOSTILE = "<b>粗</b> & =1+1 \x07控制"


def _docx(report: Report, tmp_path: Path, name: str = "报告.docx") -> Path:
    out = tmp_path / name
    assert write_docx(report, out) == []
    return out


def _open(report: Report, tmp_path: Path) -> DocumentObject:
    return Document(str(_docx(report, tmp_path)))


@pytest.mark.parametrize("format_id", FORMATS)
def test_every_label_and_figure_in_the_official_merged_grid(format_id: str, tmp_path: Path) -> None:
    report = sample_report(format_id)
    document = _open(report, tmp_path)
    sections = report.format.table_sections()
    assert len(document.tables) == len(sections)
    for table, section in zip(document.tables, sections):
        grid = section_grid(report.format, section.id)
        shown = shown_values(report, grid)
        assert (len(table.rows), len(table.columns)) == (grid.rows, grid.cols)
        for cell in grid.cells:
            got = table.cell(cell.row, cell.col)
            expected = shown[cell.key] if cell.is_value else cell.text
            assert got.text.replace("\n", "") == expected, (cell.row, cell.col)
            if not cell.is_value:  # broken only between the label's words
                bounds = {len("".join(cell.words[:i])) for i in range(1, len(cell.words))}
                pieces = got.text.split("\n")
                assert {len("".join(pieces[:i])) for i in range(1, len(pieces))} <= bounds
            covered = {table.cell(r, c)._tc for r in range(cell.row, cell.row + cell.row_span)
                       for c in range(cell.col, cell.col + cell.col_span)}
            assert covered == {got._tc}  # one merged cell over its whole span …
            beyond = [(cell.row + cell.row_span, cell.col), (cell.row, cell.col + cell.col_span)]
            assert all(table.cell(r, c)._tc is not got._tc for r, c in beyond  # … and no further
                       if r < grid.rows and c < grid.cols)
        for index, row in enumerate(table.rows):
            header = row._tr.trPr.find(qn("w:tblHeader")) is not None
            assert header == (index < grid.header_rows)
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None


def test_the_text_in_order_with_intro_headings_signature_and_empty_sections(tmp_path: Path) -> None:
    report = load_report(DEMO_EXAMPLE)
    report.intro = report.default_intro()
    report.issued = date(2026, 1, 20)
    report.texts["other"] = ""
    paragraphs = [p for p in _open(report, tmp_path).paragraphs if p.text.strip()]
    texts = [p.text for p in paragraphs]
    assert texts[0].replace("\n", "") == report.title and texts[1] == report.intro
    headings = [p.text for p in paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert headings == [s.heading for s in report.format.sections]
    assert texts[texts.index("六、其他需要报告的事项") + 1] == "无。"
    assert texts[-2:] == [report.unit, "2026年1月20日"]
    assert "（一）主动公开" in [p.text for p in paragraphs if p.style is not None and p.style.name == "Heading 2"]


def test_page_fonts_and_grid_of_an_official_document(tmp_path: Path) -> None:
    document = _open(load_report(DEMO_EXAMPLE), tmp_path)
    section = document.sections[0]
    sizes = [section.page_width, section.page_height, section.top_margin, section.bottom_margin,
             section.left_margin, section.right_margin]
    assert [round(size.mm, 1) for size in sizes] == [210, 297, 37, 35, 28, 26]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines" and int(grid.get(qn("w:linePitch"))) == 580  # 22 lines
    normal = document.styles["Normal"]
    fonts = normal.element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "仿宋" and normal.font.name == "Times New Roman"
    assert normal.font.size.pt == 16
    assert normal.element.rPr.find(qn("w:spacing")).get(qn("w:val")) == "-5"  # 28 to the line
    for name, face in (("Heading 1", "黑体"), ("Heading 2", "楷体")):
        assert document.styles[name].element.rPr.rFonts.get(qn("w:eastAsia")) == face
    assert document.settings.odd_and_even_pages_header_footer
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd.alignment == 2 and even.alignment == 0  # right on odd pages, left on even
    assert 'w:instr="PAGE"' in odd._p.xml and odd.text.startswith("— ")


def test_title_in_xiaobiaosong_or_bold_songti_and_the_properties(tmp_path: Path) -> None:
    report = hard_report()
    document = _open(report, tmp_path)
    title = document.paragraphs[0]
    lines = title.text.split("\n")
    assert "".join(lines[:-1]) == UNIT and lines[-1] == "2025年政府信息公开工作年度报告"
    assert not waisted([*map(text_width, lines)]), lines  # shaped as the PDF's title
    face = title.runs[0].element.rPr.rFonts.get(qn("w:eastAsia"))
    assert (face, title.runs[0].font.bold) in (("方正小标宋简体", False), ("宋体", True))
    properties = document.core_properties
    assert properties.title == report.title and properties.author == UNIT
    assert properties.subject == "政府信息公开工作年度报告" and properties.language == "zh-CN"


def test_hostile_text_is_written_as_text(tmp_path: Path) -> None:
    report = load_report(DEMO_EXAMPLE)
    report.texts["overview"] = HOSTILE
    out = _docx(report, tmp_path)
    texts = [p.text for p in Document(str(out)).paragraphs]
    assert "<b>粗</b> & =1+1 控制" in texts
    with zipfile.ZipFile(out) as archive:
        assert archive.testzip() is None


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_converts_it_with_every_section_and_table(tmp_path: Path) -> None:
    report = hard_report()
    out = _docx(report, tmp_path, "hard.docx")
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
        capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "hard.pdf"
    assert pdf.exists()
    if shutil.which("pdftotext"):
        text = "".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split())
        for needle in [s.heading for s in report.format.sections] + ["自然人", "2026年1月20日", "1234567"]:
            assert needle in text, needle
