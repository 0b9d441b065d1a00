"""The PDF set as an official document: GB/T 15834 line breaks, justified lines flush with the
edge, paragraphs split over pages reading as one, labels never broken inside a word, title,
引言, 落款, 「无。」, continued tables, metadata and the faces that stood in for missing ones."""
from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

import export.pdf
from export.columns import text_width, waisted
from export.common import unit_lines, unit_words
from export.fonts import FONT_DIRS_ENV
from export.pdf import write_pdf
from export.pdf_text import TextBlock
from export.typeset import CANNOT_END, CANNOT_START, INK_LEFT, Glyph
from model.formats import load_format
from model.layout import section_grid
from model.report import Report
from model.storage import load_report

from conftest import DEMO_EXAMPLE, FORMATS, font_folder, sample_report
from hard_case import UNIT, URL, hard_report

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")

RIGHT_EDGE = 28 * mm + 156 * mm
TOLERANCE = 1 * mm
BODY = 16.0


def _pdf(report: Report, tmp_path: Path, name: str = "报告.pdf") -> Path:
    out = tmp_path / name
    write_pdf(report, out)
    return out


def _text(pdf: Path, *options: str) -> str:
    return subprocess.run(["pdftotext", *options, str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def body_lines(pdf: Path, first_page: int = 0) -> list[list[dict[str, Any]]]:
    """The 3号 lines of every page (from `first_page` on) in reading order, each as its
    characters left to right."""
    lines: list[list[dict[str, Any]]] = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages[first_page:]:
            rows: dict[int, list[dict[str, Any]]] = {}
            for char in page.chars:
                if abs(char["size"] - BODY) < 0.5 and char["text"].strip():
                    rows.setdefault(-round(char["matrix"][5]), []).append(char)  # by baseline
            lines += [sorted(rows[top], key=lambda c: c["x0"]) for top in sorted(rows)]
    return lines


def joined(line: list[dict[str, Any]]) -> str:
    return "".join(c["text"] for c in line)


def ink_end(line: list[dict[str, Any]]) -> float:
    """Where the line's ink ends: a closing mark's glyph fills only its left half."""
    last = line[-1]
    return last["x0"] + last["size"] / 2 if last["text"] in INK_LEFT else last["x1"]


def test_a_paragraph_split_over_pages_reads_exactly_as_unsplit(tmp_path: Path) -> None:
    paragraph = ("在政务服务专栏开设Q&A问答板块，针对R&D经费答复<常见问题>，" * 12).rstrip("，") + "。"
    report = load_report(DEMO_EXAMPLE)
    report.texts["overview"] = paragraph
    alone = _text(_pdf(report, tmp_path, "alone.pdf"), "-raw")
    report.texts["overview"] = "甲" * 28 * 14 + "\n" + paragraph  # now it runs onto page 2
    split = _text(_pdf(report, tmp_path, "split.pdf"), "-raw")
    assert "\f" in split[split.index("在政务服务"):split.index("常见问题>。")]  # it does split

    def lines_of(text: str) -> str:
        kept = [line for line in text.split("\n") if not re.fullmatch(r"\f?— \d+ —", line)]
        joined = "".join(kept).replace("\f", "")
        return joined[joined.index("在政务服务"):joined.index("常见问题>。") + len("常见问题>。")]

    assert lines_of(split) == lines_of(alone) == paragraph


def test_no_line_starts_with_a_closing_mark_or_ends_with_an_opening_one(tmp_path: Path) -> None:
    report = hard_report()
    report.texts["other"] = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥天地“宙（宇）”，《书》。" * 30  # drifts
    lines = body_lines(_pdf(report, tmp_path))
    assert len(lines) > 150
    for line in lines:
        text = joined(line)
        assert text[0] not in CANNOT_START, text
        assert text[-1] not in CANNOT_END, text
        assert "——" not in (text[:1] + text[-1:]) and "……" not in (text[:1] + text[-1:])


def test_justified_lines_end_flush_with_the_edge_and_nothing_hangs_past_it(tmp_path: Path) -> None:
    report = hard_report()
    lines = body_lines(_pdf(report, tmp_path))
    texts = [joined(line) for line in lines]
    start = texts.index("一、总体情况") + 1
    checked = 0
    for paragraph in report.texts["overview"].split("\n"):
        consumed = ""
        while consumed != paragraph.replace(" ", ""):
            line = lines[start]
            consumed += joined(line)
            start += 1
            end = ink_end(line)
            assert end <= RIGHT_EDGE + TOLERANCE, joined(line)  # nothing hangs in the margin
            if consumed != paragraph.replace(" ", ""):  # all but the paragraph's last line
                assert abs(end - RIGHT_EDGE) <= TOLERANCE, joined(line)
                checked += 1
    assert checked > 80


@pytest.mark.parametrize("format_id", FORMATS)
def test_every_label_is_found_whole_broken_only_between_its_words(format_id: str, tmp_path: Path) -> None:
    report = sample_report(format_id)
    raw = _text(_pdf(report, tmp_path), "-raw")
    for section in report.format.table_sections():
        for cell in section_grid(report.format, section.id).cells:
            if not cell.text:
                continue
            pattern = "\n?".join(re.escape(word) for word in cell.words)
            assert re.search(pattern, raw), cell.text


def test_pdftotext_finds_a_one_word_label_whole(tmp_path: Path) -> None:
    plain = _text(_pdf(load_report(DEMO_EXAMPLE), tmp_path))
    assert re.search(r"(^|\s)自然人(\s|$)", plain)  # the issue: pdftotext found no 自然人


def test_title_unit_in_balanced_lines_with_the_subject_last(tmp_path: Path) -> None:
    report = hard_report()
    with pdfplumber.open(_pdf(report, tmp_path)) as pdf:
        chars = [c for c in pdf.pages[0].chars if abs(c["size"] - 22) < 0.5]
    rows: dict[int, str] = {}
    for char in sorted(chars, key=lambda c: (-round(c["matrix"][5]), c["x0"])):
        rows[-round(char["matrix"][5])] = rows.get(-round(char["matrix"][5]), "") + char["text"]
    lines = list(rows.values())
    assert lines[-1] == "2025年政府信息公开工作年度报告"
    assert "".join(lines[:-1]) == UNIT
    assert all(line in words_joined(unit_words(UNIT)) for line in lines[:-1])  # broken between words only
    widths = [float(len(line)) for line in lines[:-1]] + [text_width(lines[-1])]
    assert not waisted(widths), lines  # a 梯形 or 菱形, never the 沙漏 15/12/13/15 of before


def words_joined(words: tuple[str, ...]) -> set[str]:
    """Every run of whole consecutive words."""
    return {"".join(words[a:b]) for a in range(len(words)) for b in range(a + 1, len(words) + 1)}


def test_a_title_is_shaped_as_a_trapezoid_or_a_diamond_never_an_hourglass() -> None:
    assert not waisted([5, 10, 12, 13, 15.2]) and not waisted([18, 22, 15.2]) and not waisted([10, 10, 15.2])
    assert waisted([15, 12, 13, 15.2]) and waisted([14, 9, 15.2])
    subject = "2025年政府信息公开工作年度报告"
    for unit in [UNIT, "国家税务总局某某省某某市某某区税务局第一税务所办公室", "某某省某某市人民政府办公厅政务公开办公室"]:
        for width in (14.0, 16.0, 20.0, 22.0):
            lines = unit_lines(unit, width, text_width, subject)
            assert "".join(lines) == unit and max(map(text_width, lines)) <= width
            assert not waisted([*map(text_width, lines), text_width(subject)]), (unit, width, lines)


def test_intro_before_section_one_and_the_signature_at_the_end(tmp_path: Path) -> None:
    report = load_report(DEMO_EXAMPLE)
    report.intro = report.default_intro()
    report.issued = date(2026, 1, 20)
    report.texts["other"] = ""
    pdf = _pdf(report, tmp_path)
    text = "".join(_text(pdf, "-raw").split())
    assert text.index("本报告根据《中华人民共和国政府信息公开条例》") < text.index("一、总体情况")
    assert re.search(r"六、其他需要报告的事项无。" + re.escape(report.unit) + r"2026年1月20日(—\d+—)?$", text)
    lines = body_lines(pdf)
    unit_line, date_line = lines[-2], lines[-1]
    assert joined(date_line) == "2026年1月20日"
    pitch = 156 * mm / 28
    assert abs(unit_line[-1]["x1"] - (RIGHT_EDGE - 2 * pitch)) < TOLERANCE  # 右空二字
    assert abs(date_line[0]["x0"] - (unit_line[0]["x0"] + 2 * pitch)) < TOLERANCE  # 首字右移二字


def test_the_signature_date_defaults_to_today(tmp_path: Path) -> None:
    today = date.today()
    text = "".join(_text(_pdf(load_report(DEMO_EXAMPLE), tmp_path)).split())
    assert f"{today.year}年{today.month}月{today.day}日" in text


def test_a_continued_table_repeats_its_header_under_a_continued_caption(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export.pdf, "BOTTOM", 112 * mm)  # a short page: 三 cannot fit one
    monkeypatch.setattr(export.pdf, "TEXT_HEIGHT", 297 * mm - 37 * mm - 112 * mm)
    pdf = _pdf(load_report(DEMO_EXAMPLE), tmp_path)
    pages = _text(pdf, "-raw").split("\f")
    continued = [page for page in pages if "三、收到和处理政府信息公开申请情况（续）" in page]
    assert continued
    for page in continued:
        assert "申请人情况" in page and "法人或其他组织" in page  # the header rows again


def test_metadata_names_the_report_the_unit_and_the_language(tmp_path: Path) -> None:
    report = load_report(DEMO_EXAMPLE)
    reader = PdfReader(_pdf(report, tmp_path))
    assert reader.metadata is not None
    assert reader.metadata.title == report.title
    assert reader.metadata.subject == "政府信息公开工作年度报告"
    assert reader.metadata.author == report.unit
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"


def test_latin_letters_and_digits_in_a_latin_serif(tmp_path: Path) -> None:
    report = load_report(DEMO_EXAMPLE)
    report.texts["other"] = f"网址{URL}，电话12345。"
    with pdfplumber.open(_pdf(report, tmp_path)) as pdf:
        chars = [c for page in pdf.pages for c in page.chars]
    fonts = {c["text"]: c["fontname"].split("+")[-1] for c in chars if c["size"] == BODY}
    assert fonts["l"] == fonts["1"] != fonts["网"]
    assert "Serif" in fonts["l"] or "Times" in fonts["l"]


def _fonts_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **names: str) -> None:
    """Export with only these fonts, each under the file name given (as on a clerk's PC)."""
    monkeypatch.setenv(FONT_DIRS_ENV, str(font_folder(tmp_path, **names)))


def test_missing_faces_are_named_with_the_face_used_instead(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fonts_only(tmp_path, monkeypatch, **{"uming.ttc": "uming.ttc", "simhei.ttf": "wqy-zenhei.ttc",
                                          "simkai.ttf": "ukai.ttc"})
    notes = write_pdf(load_report(DEMO_EXAMPLE), tmp_path / "报告.pdf")
    assert notes == ["本机没有仿宋字体，正文改用“AR PL UMing CN”", "本机没有小标宋字体，标题改用“AR PL UMing CN”"]


def test_nothing_to_say_when_every_face_is_there(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fonts_only(tmp_path, monkeypatch, **{"simfang.ttf": "uming.ttc", "simhei.ttf": "wqy-zenhei.ttc",
                                          "simkai.ttf": "ukai.ttc", "fzxbsjw.ttf": "uming.ttc"})
    assert write_pdf(load_report(DEMO_EXAMPLE), tmp_path / "报告.pdf") == []


def test_no_widows_and_no_orphans() -> None:
    glyphs = [Glyph("甲", "f", 10.0, 10.0)] * 95  # ten lines of ten characters (indent 5)
    block = TextBlock(glyphs, 12.0, first_indent=50.0)
    assert block.wrap(100.0, 1000.0) == (100.0, 120.0)
    assert block.split(100.0, 12.0 * 1.5) == []  # one line alone at the foot: all moves down
    first, rest = block.split(100.0, 12.0 * 9)  # nine fit, but the last would stand alone
    assert len(first.lines) == 8 and len(rest.lines) == 2
    assert [line.text for line in first.lines + rest.lines] == [line.text for line in block.lines]


def test_every_label_has_its_words_in_every_format() -> None:
    for version in FORMATS:
        for section in load_format(version).table_sections():
            for cell in section_grid(load_format(version), section.id).cells:
                assert "".join(cell.words) == cell.text
