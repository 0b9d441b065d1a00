"""The PDF export, read back with poppler and pypdf: text, order, fonts, page numbers, escaping."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

import export.pdf
from export.common import ExportError, shown_values
from export.fonts import FONT_DIRS_ENV, choose_fonts
from export.narrative import Block, blocks
from export.pdf import write_pdf
from model.layout import Grid, section_grid
from model.numbers import format_value
from model.report import Report
from model.storage import load_report

from conftest import DEMO_EXAMPLE, FORMATS, SEED_EXAMPLE, font_folder, sample_report

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


CHINESE_FONTS = ("uming.ttc", "ukai.ttc", "wqy-zenhei.ttc")  # installed by scripts/install-system-deps.sh
FALLBACK_FONT = "Symbola_hint.ttf"  # fonts-symbola
SYMBOLS = "😀 ❤️ ✅ 👨\u200d👩\u200d👧 ① ㊣ 👍🏽"


def _font_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *names: str) -> None:
    """Export with only these system fonts (found wherever the system keeps them)."""
    monkeypatch.setenv(FONT_DIRS_ENV, str(font_folder(tmp_path, *names)))


def _fonts_of(reader: PdfReader) -> set[str]:
    """Every embedded font's BaseFont, asserting each is an embedded subset."""
    names = set()
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            assert "/FontFile2" in font["/FontDescriptor"], font["/BaseFont"]
            assert str(font["/BaseFont"]).lstrip("/")[6] == "+", "not a subset"
            names.add(str(font["/BaseFont"]).lstrip("/")[7:])
    return names


@pytest.mark.parametrize("format_id", FORMATS)
def test_every_label_and_value_prints_in_grid_order(format_id: str, tmp_path: Path) -> None:
    report = sample_report(format_id)
    pages = _text(_pdf(report, tmp_path), "-raw")
    # a table may continue on the next page, under its heading and 「（续）」
    text = _squeezed(re.sub(r"— \d+ —|.*（续）\n", "", pages))
    for section in report.format.table_sections():
        grid = section_grid(report.format, section.id)
        cells = sorted(grid.cells, key=lambda c: (c.row, c.col))
        shown = "".join(format_value(report.value(c.key)) if c.is_value else c.text for c in cells)
        assert _squeezed(section.heading + shown) in text, section.id


@pytest.mark.parametrize("format_id", FORMATS)
def test_title_and_six_numbered_sections_in_order_with_their_text(format_id: str, tmp_path: Path) -> None:
    report = sample_report(format_id)
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


def test_a_page_of_text_holds_22_lines_of_28_characters(tmp_path: Path) -> None:
    report = load_report(DEMO_EXAMPLE)
    report.texts["overview"] = "甲" * 28 * 60  # longer than a page: starts under its heading
    pdf = _pdf(report, tmp_path)
    first = [line.strip() for line in _text(pdf, "-layout", "-f", "1", "-l", "1").splitlines()]
    assert first[first.index("一、总体情况") + 1] == "甲" * 26  # two characters indented
    second = [line.strip() for line in _text(pdf, "-layout", "-f", "2", "-l", "2").splitlines()]
    assert [line for line in second if "甲" in line] == ["甲" * 28] * 22


def test_every_font_is_an_embedded_subset(tmp_path: Path) -> None:
    assert _fonts_of(PdfReader(_pdf(load_report(SEED_EXAMPLE), tmp_path)))


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


def test_emoji_and_symbols_print_in_a_fallback_font(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _font_dir(tmp_path, monkeypatch, *CHINESE_FONTS, FALLBACK_FONT)
    report = load_report(DEMO_EXAMPLE)
    report.unit = "示例✅单位"
    report.texts["other"] = f"符号{SYMBOLS}结束\n（一）小标题❤️\n（二）引导😀。正文<b>&amp;</b>①"
    reader = PdfReader(_pdf(report, tmp_path))
    text = "".join("".join(page.extract_text() for page in reader.pages).split())
    assert "示例✅单位" in text
    assert "符号😀❤️✅👨👩👧①㊣👍结束" in text  # the joiners were never printed; the skin tone is left out
    assert "（一）小标题❤️" in text and "（二）引导😀。正文<b>&amp;</b>①" in text
    assert "🏽" not in text
    assert "Symbola" in _fonts_of(reader)
    with pdfplumber.open(tmp_path / "报告.pdf") as pdf:
        chars = [c for page in pdf.pages for c in page.chars]
    font = {c["text"]: c["fontname"].split("+")[-1] for c in chars}
    assert font["😀"] == font["✅"] == font["❤"] == "Symbola"
    assert "Symbola" not in (font["①"], font["㊣"], font["符"])  # the Chinese fonts have these


def test_emoji_in_a_table_cell_print_in_a_fallback_font(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _font_dir(tmp_path, monkeypatch, *CHINESE_FONTS, FALLBACK_FONT)

    def with_emoji(report: Report, grid: Grid) -> dict[str, str]:
        shown = shown_values(report, grid)
        return {key: f"✅{value}<&" for key, value in shown.items()}

    monkeypatch.setattr(export.pdf, "shown_values", with_emoji)
    report = load_report(DEMO_EXAMPLE)
    reader = PdfReader(_pdf(report, tmp_path))
    text = "".join(page.extract_text() for page in reader.pages)
    cells = sum(len(section_grid(report.format, s.id).value_cells()) for s in report.format.table_sections())
    assert text.count("✅") == cells
    assert f"✅{format_value(report.value('art20_1.normative.issued'))}<&" in _squeezed(text)
    assert "Symbola" in _fonts_of(reader)


def test_a_broken_fallback_font_is_passed_over(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _font_dir(tmp_path, monkeypatch, *CHINESE_FONTS, FALLBACK_FONT)
    (tmp_path / "fonts" / "seguisym.ttf").write_bytes(b"\x00\x01\x00\x00" + bytes(40))  # tried first
    report = load_report(DEMO_EXAMPLE)
    report.texts["other"] = "表情😀"
    reader = PdfReader(_pdf(report, tmp_path))
    assert "表情😀" in "".join(page.extract_text() for page in reader.pages)
    assert "Symbola" in _fonts_of(reader)


def test_without_a_fallback_font_emoji_are_refused_naming_them(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    _font_dir(tmp_path, monkeypatch, *CHINESE_FONTS)
    report = load_report(DEMO_EXAMPLE)
    report.texts["other"] = f"符号{SYMBOLS}"
    with pytest.raises(ExportError, match="本机已安装的字体都无法显示报告中的") as refused:
        write_pdf(report, tmp_path / "报告.pdf")
    assert all(f"“{ch}”" in str(refused.value) for ch in "😀❤✅👨👩👧👍")
    assert "①" not in str(refused.value) and "🏽" not in str(refused.value)
    assert not (tmp_path / "报告.pdf").exists()
    report.texts["other"] = "符号① ㊣ 好\ufe0f的"  # a variation selector no font has is left out
    text = _squeezed(_text(_pdf(report, tmp_path)))
    assert "符号①㊣好的" in text


def test_a_character_no_font_has_stops_the_export_naming_it(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    _font_dir(tmp_path, monkeypatch, *CHINESE_FONTS, FALLBACK_FONT)
    report = load_report(DEMO_EXAMPLE)
    report.texts["other"] = "本年度无\U00020000\U0001F600"  # CJK extension B: none of these fonts has it
    with pytest.raises(ExportError, match="“\U00020000”，为免打印成方框") as refused:
        write_pdf(report, tmp_path / "报告.pdf")
    assert "\U0001F600" not in str(refused.value)
    assert not (tmp_path / "报告.pdf").exists()


def test_windows_font_names_are_preferred(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(FONT_DIRS_ENV, str(font_folder(tmp_path, "uming.ttc", **{"SIMFANG.TTF": "uming.ttc"})))
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


def test_an_explanation_longer_than_a_page_runs_on_under_the_table_whole(tmp_path: Path) -> None:
    """A row of the 审核结果 table cannot break over pages: a long explanation shows its
    beginning in its row and follows whole under 说明全文, running over pages (it was refused
    as 「太长，一页纸放不下」, and a crash in English before that)."""
    import dataclasses

    from export.review_pdf import write_review_pdf
    from model.review import build_review
    report = load_report(DEMO_EXAMPLE)
    key = next(iter(report.explanations))
    text = "".join(f"第{n}句说明。" for n in range(1500))
    report.explanations[key] = dataclasses.replace(report.explanations[key], text=text)
    path = tmp_path / "审核结果.pdf"
    write_review_pdf(build_review(report), path, "x.json", "0" * 64, "2026-01-01")
    reader = PdfReader(path)
    assert len(reader.pages) > 2
    printed = "".join("".join(page.extract_text().split()) for page in reader.pages)
    assert "（全文见表后“说明全文”第1项）" in printed and "说明全文第1项：" in printed
    assert text in printed  # every sentence, in order, across the pages
