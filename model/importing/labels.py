"""Label matching: a label as written in someone's workbook or report against the format's.

Real reports write the official labels with extra or missing spaces, full-width or half-width
brackets and digits, and their own numbering style (（一）, (一), 一、, 1., 1、). A label is
compared through `label_key`: width unified, numbering prefixes and every space, punctuation
mark and quote dropped. `loose_key` also drops bracketed asides (「（区分处理的，…）」,
「（单位：万元）」), for a second try when the exact key finds nothing. No label is written
here: every label comes from the format definition.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Full-width ASCII forms to ASCII, the ideographic space to a space, other brackets to ().
_WIDTH: dict[int, int | str] = {**{code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)},
                                0x3000: " ", ord("〔"): "(", ord("〕"): ")", ord("【"): "(",
                                ord("】"): ")", ord("["): "(", ord("]"): ")", ord("［"): "(",
                                ord("］"): ")"}
_CHINESE_NUMERAL = "一二三四五六七八九十"
# One numbering prefix: (一) 一、 一. (1) 1. 1、 1) ①; repeated prefixes (「三（一）」) all go.
_NUMBERING = re.compile(rf"^\s*(?:\(\s*[{_CHINESE_NUMERAL}]{{1,3}}\s*\)|[{_CHINESE_NUMERAL}]{{1,3}}\s*[、.]"
                        rf"|[{_CHINESE_NUMERAL}]{{1,3}}(?=\(\s*[{_CHINESE_NUMERAL}])"
                        r"|\(\s*\d{1,2}\s*\)|\d{1,2}\s*[、.)](?!\d)|[\u2460-\u2473])\s*")
_ASIDE = re.compile(r"\([^()]*\)")


def unify_width(text: str) -> str:
    """Full-width letters, digits and punctuation as ASCII; other brackets as round ones."""
    return text.translate(_WIDTH)


def strip_numbering(text: str) -> str:
    """`text` without its leading numbering (「（三）1.属于国家秘密」 → 「属于国家秘密」)."""
    text = unify_width(text)
    while True:
        stripped = _NUMBERING.sub("", text, count=1)
        if stripped == text or not stripped.strip():
            return text.strip()
        text = stripped


def _squeeze(text: str) -> str:
    return "".join(ch for ch in text if unicodedata.category(ch)[0] not in "PZC" and ch not in "\"'")


@lru_cache(maxsize=65536)
def label_key(text: str) -> str:
    """The comparable form of a label: no numbering, spaces, punctuation or quotes."""
    return _squeeze(strip_numbering(text))


@lru_cache(maxsize=65536)
def loose_key(text: str) -> str:
    """`label_key` without bracketed asides: 「本年收费金额（单位：万元）」 → 「本年收费金额」."""
    text = strip_numbering(text)
    while True:
        shorter = _ASIDE.sub("", text)
        if shorter == text:
            return _squeeze(text)
        text = shorter


def same_label(written: str, official: str) -> bool:
    """True when `written` is the official label in someone's spelling of it."""
    key = label_key(written)
    return bool(key) and (key == label_key(official) or loose_key(written) == loose_key(official))
