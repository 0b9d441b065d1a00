"""Text entering the report is cleaned to what UTF-8 can hold, with a note naming the place."""
from __future__ import annotations

from model.text import REPLACEMENT, clean_user_text


def test_lone_surrogates_become_the_replacement_character_with_a_note() -> None:
    notes: list[str] = []
    cleaned = clean_user_text("残缺\ud83d的表情\udfff", "一、总体情况", notes)
    assert cleaned == f"残缺{REPLACEMENT}的表情{REPLACEMENT}"
    cleaned.encode("utf-8")
    assert notes == [f"“一、总体情况”中有 2 个无效字符（如残缺的表情符号），已替换为“{REPLACEMENT}”"]


def test_a_surrogate_pair_becomes_its_character() -> None:
    notes: list[str] = []
    assert clean_user_text("笑\ud83d\ude00", "单位名称", notes) == "笑😀"
    assert notes == []


def test_clean_text_is_returned_as_is_without_a_note() -> None:
    notes: list[str] = []
    text = f"正常文字 😀 {REPLACEMENT} \x00"
    assert clean_user_text(text, "说明", notes) is text
    assert notes == []
