"""The PDF export, read back with poppler and pypdf: text, order, fonts, page numbers, escaping."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from export.common import ExportError
from export.fonts import FONT_DIRS_ENV, choose_fonts
from export.narrative import Block, blocks
from export.pdf import write_pdf
from model.layout import section_grid
from model.numbers import format_value
from model.report import Report
from model.storage import load_report

from conftest import DEMO_EXAMPLE, SEED_EXAMPLE

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")


def _pdf(report: Report, tmp_path: Path) -> Path:
    out = tmp_path / "报告.pdf"
    write_pdf(report, out)
    return out


def _text(pdf: Path, *options: str) -> str:
    return subprocess.run(["pdftotext", *options, str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def _squeezed(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("example", [SEED_EXAMPLE, DEMO_EXAMPLE], ids=["2019", "2021"])
def test_every_label_and_value_prints_in_grid_order(example: Path, tmp_path: Path) -> None:
    report = load_report(example)
    pages = _text(_pdf(report, tmp_path), "-raw")
    text = _squeezed(re.sub(r"— \d+ —", "", pages))  # a table may continue on the next page
    for section in report.format.table_sections():
        grid = section_grid(report.format, section.id)
        cells = sorted(grid.cells, key=lambda c: (c.row, c.col))
        shown = "".join(format_value(report.value(c.key)) if c.is_value else c.text for c in cells)
        assert _squeezed(section.heading + shown) in text, section.id


@pytest.mark.parametrize("example", [SEED_EXAMPLE, DEMO_EXAMPLE], ids=["2019", "2021"])
def test_title_and_six_numbered_sections_in_order_with_their_text(example: Path, tmp_path: Path) -> None:
    report = load_report(example)
    text = _squeezed(_text(_pdf(report, tmp_path), "-raw"))
    assert text.find(report.title) != -1
    positions = [text.find(s.heading) for s in report.format.sections]
    assert -1 not in positions and positions == sorted(positions)
    assert [s.heading[:2] for s in report.format.sections] == ["一、", "二、", "三、", "四、", "五、", "六、"]
    for section in report.format.text_sections():
        for line in report.texts[section.id].split("\n"):
            assert _squeezed(line.replace("\xa0", " ")) in text


def test_a4_pages_numbered_in_the_official_style(tmp_path: Path) -> None:
    pdf = _pdf(load_report(DEMO_EXAMPLE), tmp_path)
    reader = PdfReader(pdf)
    assert len(reader.pages) >= 2
    for number, page in enumerate(reader.pages, start=1):
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
        page_text = _text(pdf, "-f", str(number), "-l", str(number))
        assert f"— {number} —" in page_text


def test_every_font_is_an_embedded_subset(tmp_path: Path) -> None:
    reader = PdfReader(_pdf(load_report(SEED_EXAMPLE), tmp_path))
    names = set()
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            names.add(str(font["/BaseFont"]))
            assert "/FontFile2" in font["/FontDescriptor"], font["/BaseFont"]
            assert str(font["/BaseFont"]).lstrip("/")[6] == "+", "not a subset"
    assert names


def test_headings_use_their_own_fonts(tmp_path: Path) -> None:
    report = load_report(SEED_EXAMPLE)
    fonts = choose_fonts(report.title + "".join(report.texts.values()))
    assert len({fonts.body, fonts.heading, fonts.subheading}) == 3  # the test machine has all three
    with pdfplumber.open(_pdf(report, tmp_path)) as pdf:
        chars = pdf.pages[0].chars
    text = "".join(c["text"] for c in chars)

    def font_of(needle: str) -> str:
        start = text.index(needle)
        return {c["fontname"].split("+")[-1] for c in chars[start:start + len(needle)]}.pop()

    body, heading, sub = font_of("在区委"), font_of("总体情况"), font_of("强化组织领导")
    assert len({body, heading, sub}) == 3


def test_hostile_text_prints_literally(tmp_path: Path) -> None:
    report = load_report(DEMO_EXAMPLE)
    report.unit = "<b>单位</b> & 局"
    report.texts["other"] = "第一行 <i>斜</i> &amp; a<b\n第二行 =1+1 > 0"
    text = _text(_pdf(report, tmp_path), "-raw")
    assert "<b>单位</b> & 局" in text
    assert "第一行 <i>斜</i> &amp; a<b" in text
    assert "第二行 =1+1 > 0" in text
    assert "<br" not in text


def test_no_usable_font_stops_with_a_chinese_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "fonts"
    empty.mkdir()
    monkeypatch.setenv(FONT_DIRS_ENV, str(empty))
    out = tmp_path / "报告.pdf"
    with pytest.raises(ExportError, match="找不到可用的中文字体"):
        write_pdf(load_report(DEMO_EXAMPLE), out)
    assert not out.exists()


def test_a_character_no_font_has_stops_the_export_naming_it(tmp_path: Path) -> None:
    report = load_report(DEMO_EXAMPLE)
    report.texts["other"] = "本年度无\U0001F600"
    with pytest.raises(ExportError, match="\U0001F600"):
        write_pdf(report, tmp_path / "报告.pdf")


def test_windows_font_names_are_preferred(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    uming = Path("/usr/share/fonts/truetype/arphic/uming.ttc")
    if not uming.exists():
        pytest.skip("fonts-arphic-uming missing")
    fonts = tmp_path / "Fonts"
    fonts.mkdir()
    (fonts / "uming.ttc").symlink_to(uming)
    (fonts / "SIMFANG.TTF").symlink_to(uming)
    monkeypatch.setenv(FONT_DIRS_ENV, str(fonts))
    choice = choose_fonts("政府信息公开")
    assert Path(choice.files[0]).name == "SIMFANG.TTF"


def test_narrative_lines_that_are_sub_headings() -> None:
    text = ("2020年，在区委的领导下开展工作。\n（一）强化组织领导\n正文。\n"
            "（二）规范公开内容。充分发挥门户网站作用。\n1.本年度共发出收费通知0件。\n\n"
            "（三）这一行虽然以序号开头，但是句子很长，而且有逗号，所以是正文段落。")
    assert blocks(text) == [
        Block("2020年，在区委的领导下开展工作。"),
        Block("（一）强化组织领导", heading=True),
        Block("正文。"),
        Block("充分发挥门户网站作用。", lead="（二）规范公开内容。"),
        Block("1.本年度共发出收费通知0件。"),
        Block("（三）这一行虽然以序号开头，但是句子很长，而且有逗号，所以是正文段落。"),
    ]
