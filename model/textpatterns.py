"""The statements of a narrative text that restate table figures, found with patterns kept as
data (resources/formats/text/patterns.json) beside the format definitions.

A statement is a keyword (「收到政府信息公开申请」), a short gap without a clause break or a
digit (「共计」), a number (29, ２９, 二十九, 两) and a counting unit (件/起/条…):
「本年共收到政府信息公开申请29件」. Dates, 文号 (〔2021〕30号), percentages and phone numbers
have no counting unit after the number and so never match; a clause that counts a part
(「其中通过网络收到申请20件」) or a change (「较上年增加5件」) is skipped by the data's
`unless_before` and `unless_gap` words. A few sentences state zero without a number
(「未发生行政复议和行政诉讼」).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from model.bundled import bundled
from model.formats import Format, FormatError

PATTERNS_FILE = bundled("formats", "text", "patterns.json")
_DIGITS = {**{ch: i for i, ch in enumerate("0123456789")}, **{ch: i for i, ch in enumerate("０１２３４５６７８９")}}
_CHINESE_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
                   "七": 7, "八": 8, "九": 9}
_CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUMBER = r"(?P<n>[0-9０-９]{1,3}(?:,[0-9]{3})+|[0-9０-９]+|[零〇一二两三四五六七八九十百千万]+)"


def chinese_number(text: str) -> int | None:
    """二十九 → 29, 一百零五 → 105, 两 → 2, 十二 → 12, 三万二千 → 32000; None if malformed."""
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _CHINESE_DIGITS:
            if digit is not None and digit != 0 and _CHINESE_DIGITS[ch] != 0:
                return None  # 二三: two digits in a row is not a number
            digit = _CHINESE_DIGITS[ch]
        elif ch in _CHINESE_UNITS:
            if digit == 0:
                return None
            section += (1 if digit is None else digit) * _CHINESE_UNITS[ch]
            digit = None
        elif ch == "万":
            if total or (not section and not digit):
                return None
            total += (section + (digit or 0)) * 10_000
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


def number_value(text: str) -> int | None:
    """A number as a report writes it: ASCII or full-width digits (with thousands commas) or
    Chinese numerals."""
    if text[0] in _DIGITS:
        value = 0
        for ch in text.replace(",", ""):
            value = value * 10 + _DIGITS[ch]
        return value
    return chinese_number(text)


@dataclass(frozen=True)
class Statement:
    """A kind of figure the texts restate: the table cells it stands for (summed) and the
    patterns that find it."""

    id: str
    name: str
    alternatives: tuple[tuple[str, ...], ...]  # cell lists; the first the format has is used
    patterns: tuple[re.Pattern[str], ...]
    requires_before: tuple[str, ...]
    unless_before: tuple[str, ...]
    unless_gap: tuple[str, ...]

    def cells(self, fmt: Format) -> tuple[str, ...]:
        """The cells this statement restates in `fmt`, or () when the format has none of them."""
        kinds = fmt.cell_kinds()
        return next((cells for cells in self.alternatives if all(c in kinds for c in cells)), ())


@dataclass(frozen=True)
class Found:
    """One statement in a text: which, the number it gives, and where ([start, end))."""

    statement: str
    number: int
    start: int
    end: int
    quote: str


@dataclass(frozen=True, eq=False)
class Patterns:
    statements: tuple[Statement, ...]
    zero: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]
    clause_breaks: str
    completeness: dict[str, Any]

    def statement(self, statement_id: str) -> Statement:
        return next(s for s in self.statements if s.id == statement_id)


def _strings(raw: Any, where: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(s, str) and s for s in raw):
        raise FormatError(f"文字规则 {where}：应为非空文本的列表")
    return tuple(raw)


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise FormatError(f"文字规则 {where}：正则表达式无效（{exc}）") from None


def parse_patterns(raw: Any) -> Patterns:
    """Build the patterns from decoded JSON, refusing anything malformed."""
    if not isinstance(raw, dict):
        raise FormatError("文字规则：应为对象")
    units = "|".join(re.escape(u) for u in _strings(raw.get("units"), "units"))
    if not units:
        raise FormatError("文字规则 units：应为非空文本的列表")
    gap = raw.get("gap")
    breaks = raw.get("clause_breaks")
    if not isinstance(gap, int) or not isinstance(breaks, str) or not breaks:
        raise FormatError("文字规则：“gap”应为整数，“clause_breaks”应为文本")
    gap_chars = f"[^{re.escape(breaks)}0-9０-９]{{0,{gap}}}?"
    unless_before = _strings(raw.get("unless_before", []), "unless_before")
    unless_gap = _strings(raw.get("unless_gap", []), "unless_gap")
    statements = []
    for item in raw.get("statements", []):
        where = f"“{item.get('id')}”"
        keywords = _strings(item.get("keywords"), f"{where}的 keywords")
        alternatives = item.get("cells")
        if not isinstance(alternatives, list) or not alternatives:
            raise FormatError(f"文字规则 {where}：“cells”应为单元格列表的列表")
        patterns = tuple(_compile(f"(?P<k>{k})(?P<gap>{gap_chars}){_NUMBER}\\s*(?:{units})", where)
                         for k in keywords)
        statements.append(Statement(
            item["id"], item.get("name", item["id"]),
            tuple(_strings(cells, f"{where}的 cells") for cells in alternatives), patterns,
            _strings(item.get("requires_before", []), where),
            unless_before + _strings(item.get("unless_before", []), where),
            unless_gap + _strings(item.get("unless_gap", []), where)))
    ids = {s.id for s in statements}
    zero = []
    for item in raw.get("zero", []):
        named = _strings(item.get("statements"), "zero")
        if not set(named) <= ids:
            raise FormatError(f"文字规则 zero：未知的陈述“{'、'.join(sorted(set(named) - ids))}”")
        zero.append((_compile(item.get("pattern", ""), "zero"), named))
    completeness = raw.get("completeness")
    if not isinstance(completeness, dict):
        raise FormatError("文字规则：缺少“completeness”")
    return Patterns(tuple(statements), tuple(zero), breaks, completeness)


@cache
def load_patterns() -> Patterns:
    try:
        raw = json.loads(PATTERNS_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise FormatError(f"文字规则文件 {PATTERNS_FILE.name} 无法读取：{exc}") from exc
    return parse_patterns(raw)


def _clause_start(text: str, position: int, breaks: str) -> int:
    return max(text.rfind(ch, 0, position) for ch in breaks) + 1


def find_statements(text: str, patterns: Patterns | None = None) -> tuple[Found, ...]:
    """Every statement of a figure in `text`, in order; overlapping candidates keep the first
    (zero statements are tried first, then statements in the data's order)."""
    return _find(text, patterns or load_patterns())


@lru_cache(maxsize=512)
def _find(text: str, patterns: Patterns) -> tuple[Found, ...]:
    found: list[Found] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    for pattern, named in patterns.zero:
        for match in pattern.finditer(text):
            if free(*match.span()):
                taken.append(match.span())
                found += [Found(s, 0, match.start(), match.end(), match.group()) for s in named]
    for statement in patterns.statements:
        for pattern in statement.patterns:
            for match in pattern.finditer(text):
                if not free(*match.span()) or not _fits(text, match, statement, patterns.clause_breaks):
                    continue
                number = number_value(match["n"])
                if number is None:
                    continue
                taken.append(match.span())
                found.append(Found(statement.id, number, match.start(), match.end(), match.group()))
    return tuple(sorted(found, key=lambda f: (f.start, f.statement)))


def _fits(text: str, match: re.Match[str], statement: Statement, breaks: str) -> bool:
    """The clause before the keyword has the words the statement requires and, with the gap,
    none of those that make it a part or a change; the gap has none of its own stop words."""
    before = text[_clause_start(text, match.start(), breaks):match.start()]
    if statement.requires_before and not any(w in before for w in statement.requires_before):
        return False
    if any(w in before or w in match["gap"] for w in statement.unless_before):
        return False
    return not any(w in match["gap"] for w in statement.unless_gap)
