"""Line breaking by GB/T 15834 and Word's 两端对齐, on glyph widths alone (export.typeset)."""
from __future__ import annotations

from export.typeset import CANNOT_END, CANNOT_START, Glyph, set_lines

SIZE = 10.0
WIDTH = 28 * SIZE


def _glyphs(text: str) -> list[Glyph]:
    return [Glyph(ch, "f", SIZE, SIZE if ord(ch) > 0x2000 else SIZE / 2) for ch in text]


def _texts(text: str, width: float = WIDTH, **options: object) -> list[str]:
    return [line.text for line in set_lines(_glyphs(text), width, **options)]  # type: ignore[arg-type]


def test_marks_land_in_every_column_yet_never_open_a_line_or_close_one() -> None:
    chunk = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥天地“宙（宇）”，《书》。"  # 29 wide: drifts
    lines = _texts(chunk * 40)
    assert "".join(lines) == chunk * 40
    for line in lines:
        assert line[0] not in CANNOT_START and line[-1] not in CANNOT_END, line


def test_a_closing_mark_past_the_edge_is_squeezed_in_not_hung_and_not_pushed() -> None:
    text = "甲" * 25 + "“乙”，丙丁戊"  # 「，」 would be the 29th character
    first = set_lines(_glyphs(text), WIDTH)[0]
    assert first.text == "甲" * 25 + "“乙”，"
    assert abs(first.width - WIDTH) < 0.01  # flush: the marks gave up what the line lacked
    assert min(first.shifts) < 0


def test_a_line_that_cannot_squeeze_enough_moves_a_character_down_and_spreads() -> None:
    first = set_lines(_glyphs("甲" * 27 + "乙，丙丁"), WIDTH)[0]  # no marks inside to squeeze
    assert first.text == "甲" * 27
    assert abs(first.width - WIDTH) < 0.01 and max(first.shifts) > 0


def test_dashes_and_ellipses_stay_whole_and_latin_words_unbroken() -> None:
    for line in _texts(("甲乙丙——丁戊……己" + "Q&A R&D 1234567 ") * 30):
        assert not line.endswith(("—", "…")) or line.endswith(("——", "……"))
        assert not line.startswith(("&", "A", "D", "234")), line


def test_a_long_url_breaks_after_its_marks_rather_than_leaving_a_gap() -> None:
    url = "https://www.example.gov.cn/zwgk/xxgkml/index.html"
    lines = _texts("公众可通过" + url + "查阅。")
    assert lines[0].startswith("公众可通过https://")
    assert "".join(lines) == "公众可通过" + url + "查阅。"


def test_words_break_only_between_them() -> None:
    glyphs = _glyphs("社会公益组织")
    lines = set_lines(glyphs, 5 * SIZE, justify=False, allowed=[2, 4])
    assert [line.text for line in lines] == ["社会公益", "组织"]


def test_the_last_line_keeps_its_natural_spacing() -> None:
    lines = set_lines(_glyphs("甲" * 40), WIDTH, first_indent=2 * SIZE)
    assert [len(line.text) for line in lines] == [26, 14]
    assert lines[-1].last and set(lines[-1].shifts) == {0.0}
