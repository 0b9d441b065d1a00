"""Checks of the narrative texts: they agree with the tables, and they say what a reviewer
looks for (rules text_figures, text_empty, problems_thin, overview_aspects, fees_statement,
text_repeated, text_last_year).

Every check reads its section's text as printed (live fields resolved, model.fields) and
caches what it finds per text, so a full check stays cheap and a check reruns only when its
text or a figure it reads changes. The words looked for are data
(resources/formats/text/patterns.json, section "completeness").
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Callable

from model.fields import resolve
from model.findings import Check, Finding, Item, TextSpan, finding
from model.formats import Format, Section
from model.numbers import format_value, numeric
from model.report import Report
from model.textpatterns import Found, Patterns, find_statements, load_patterns

TEXT_FIGURES = "text_figures"
TEXT_EMPTY = "text_empty"
PROBLEMS_THIN = "problems_thin"
OVERVIEW_ASPECTS = "overview_aspects"
FEES_STATEMENT = "fees_statement"
TEXT_REPEATED = "text_repeated"
TEXT_LAST_YEAR = "text_last_year"
SEVERITIES = {TEXT_FIGURES: "warning", TEXT_EMPTY: "warning", PROBLEMS_THIN: "warning",
              OVERVIEW_ASPECTS: "hint", FEES_STATEMENT: "warning", TEXT_REPEATED: "warning",
              TEXT_LAST_YEAR: "hint"}
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
_DIGIT_RUN = re.compile(r"[0-9０-９]+")
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def count_characters(text: str) -> int:
    """Characters as a clerk counts 字数: everything except spaces and line breaks."""
    return sum(1 for ch in text if not ch.isspace())


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence containing [start, end): from after the previous 。！？； or line break to
    its own end mark (included)."""
    before = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    after = _SENTENCE_END.search(text, end)
    return before, after.end() if after else len(text)


class _Text:
    """A section's text as the checks read it, and the way back to the stored positions."""

    def __init__(self, report: Report, section: Section) -> None:
        self.section = section
        self.resolved = resolve(report.texts.get(section.id, ""), report)
        self.text = self.resolved.text

    def span(self, start: int, end: int) -> TextSpan:
        return TextSpan(self.section.id, *self.resolved.raw_span(start, end))

    def find(self, rule: str, severity: str, report: Report, message: str, anchor: str,
             basis: tuple[tuple[str, str], ...] = (), cells: tuple[str, ...] = (),
             at: tuple[int, int] | None = None) -> Finding:
        span = self.span(*at) if at else None
        return finding(report, rule, severity, cells, message, self.section.heading, anchor, basis,
                       self.section.id, span)


def _item(rule: str, section: Section, anchor: str, description: str) -> Item:
    return Item(rule, SEVERITIES[rule], anchor, section.id, section.heading, description)


# --- text_figures -----------------------------------------------------------------------------

def _figure_name(fmt: Format, name: str, cells: tuple[str, ...]) -> str:
    section = fmt.section_of_table(cells[0].split(".")[0])
    return f"{section.number}“{name}”"


def statement_anchors(found: tuple[Found, ...], section_id: str) -> list[str]:
    """Anchors of the statements of a section: 「section/statement」, numbered from the second
    occurrence of the same statement (「overview/requests_new/2」)."""
    seen: dict[str, int] = {}
    anchors = []
    for item in found:
        seen[item.statement] = seen.get(item.statement, 0) + 1
        count = seen[item.statement]
        anchors.append(f"{section_id}/{item.statement}" + (f"/{count}" if count > 1 else ""))
    return anchors


def statements_of(report: Report, section: Section,
                  patterns: Patterns) -> list[tuple[str, Found, tuple[str, ...], int | None, _Text]]:
    """Each statement of a figure in the section: (anchor, what was found, its cells, the
    table's figure or None when every cell is still blank, the text read)."""
    text = _Text(report, section)
    found = find_statements(text.text, patterns)
    result = []
    for anchor, item in zip(statement_anchors(found, section.id), found):
        cells = patterns.statement(item.statement).cells(report.format)
        if not cells:
            continue
        values = [report.values.get(c) for c in cells]
        table = None if all(v is None for v in values) else int(sum(numeric(v) for v in values))
        result.append((anchor, item, cells, table, text))
    return result


def _text_figures(fmt: Format, section: Section, patterns: Patterns) -> Check:
    reads = tuple(sorted({c for s in patterns.statements for c in s.cells(fmt)}))

    def evaluate(report: Report) -> list[Finding]:
        findings = []
        for anchor, item, cells, table, text in statements_of(report, section, patterns):
            if table is None or table == item.number:
                continue
            name = _figure_name(fmt, patterns.statement(item.statement).name, cells)
            message = (f"文中“{item.quote}”（第 {text.span(item.start, item.end).start + 1} 字起）为 "
                       f"{item.number}，表{name}为 {format_value(table)}")
            basis = (("文中", str(item.number)), ("表中", format_value(table)))
            findings.append(text.find(TEXT_FIGURES, "warning", report, message, anchor, basis, cells,
                                      (item.start, item.end)))
        return findings

    return Check(reads, evaluate, TEXT_FIGURES, texts=(section.id,))


def text_figure_items(report: Report, section: Section) -> list[Item]:
    """What text_figures verified in a section: every statement found, for the review."""
    patterns = load_patterns()
    items = []
    for anchor, item, cells, table, _ in statements_of(report, section, patterns):
        name = _figure_name(report.format, patterns.statement(item.statement).name, cells)
        state = "表格尚未填写" if table is None else f"表{name}为 {format_value(table)}"
        items.append(_item(TEXT_FIGURES, section, anchor, f"文中“{item.quote}”：{state}"))
    return items


# --- completeness of the texts ------------------------------------------------------------------

def _text_empty(section: Section, settings: dict[str, Any]) -> Check:
    advice = settings.get("empty_advice", {}).get(section.id, "")

    def evaluate(report: Report) -> list[Finding]:
        if report.texts.get(section.id, "").strip():
            return []
        message = "尚未填写" + (f"（{advice}）" if advice else "")
        return [_Text(report, section).find(TEXT_EMPTY, "warning", report, message, section.id)]

    return Check((), evaluate, TEXT_EMPTY, (_item(TEXT_EMPTY, section, section.id, "内容已填写"),), (section.id,))


def _problems_thin(section: Section, settings: dict[str, Any]) -> Check:
    minimum = int(settings["problems"]["min_chars"])
    none_words = set(settings.get("none_words", []))

    def evaluate(report: Report) -> list[Finding]:
        text = _Text(report, section)
        stripped = text.text.strip()
        if not stripped:
            return []  # text_empty says so
        if stripped in none_words:
            message = f"只写了“{stripped}”：应写明上一年度问题的整改情况和本年度存在的主要问题及改进措施"
        elif count_characters(stripped) < minimum:
            message = (f"只有 {count_characters(stripped)} 字（少于 {minimum} 字）：应写明上一年度问题的整改情况"
                       "和本年度存在的主要问题及改进措施")
        else:
            return []
        return [text.find(PROBLEMS_THIN, "warning", report, message, section.id, (("字数", str(count_characters(stripped))),))]

    item = _item(PROBLEMS_THIN, section, section.id, f"不少于 {minimum} 字，且不只是“无”")
    return Check((), evaluate, PROBLEMS_THIN, (item,), (section.id,))


def _overview_aspects(section: Section, settings: dict[str, Any]) -> Check:
    aspects: dict[str, list[str]] = settings["overview_aspects"]["aspects"]

    def evaluate(report: Report) -> list[Finding]:
        text = _Text(report, section)
        if not text.text.strip():
            return []
        missing = [name for name, words in aspects.items() if not any(w in text.text for w in words)]
        if not missing:
            return []
        message = f"未提到{'、'.join(missing)}方面的工作（2021 年版要求从{'、'.join(aspects)}等方面总结）"
        return [text.find(OVERVIEW_ASPECTS, "hint", report, message, section.id)]

    item = _item(OVERVIEW_ASPECTS, section, section.id, f"提到{'、'.join(aspects)}各方面")
    return Check((), evaluate, OVERVIEW_ASPECTS, (item,), (section.id,))


def _fees_statement(fmt: Format, section: Section, settings: dict[str, Any]) -> Check:
    fees = settings["fees"]
    unpaid = fees["unpaid_cell"]
    mentions: list[str] = fees["mentions"]
    none_charged = [re.compile(p) for p in fees["none_charged"]]
    table_id, row_id, _ = unpaid.split(".")
    row = next(r for r in fmt.tables[table_id].row_leaves() if r.id == row_id)
    unpaid_name = f"表{fmt.section_of_table(table_id).number}“{row.short} {row.label.split('、')[0][2:]}”"

    def evaluate(report: Report) -> list[Finding]:
        text = _Text(report, section)
        if not text.text.strip():
            return []
        if not any(word in text.text for word in mentions):
            return [text.find(FEES_STATEMENT, "warning", report,
                              "未说明信息处理费的收取情况（如“本年度未收取信息处理费”，或发出收费通知的件数和金额）",
                              section.id)]
        said_none = next((m for p in none_charged for m in [p.search(text.text)] if m), None)
        count = numeric(report.values.get(unpaid))
        if said_none is None or not count:
            return []
        message = (f"文中“{said_none.group()}”，但{unpaid_name}为 {format_value(count)}，说明曾发出收费通知："
                   "请写明发出收费通知的件数和金额")
        return [text.find(FEES_STATEMENT, "warning", report, message, section.id,
                          (("逾期未缴费", format_value(count)),), (unpaid,), said_none.span())]

    item = _item(FEES_STATEMENT, section, section.id, "说明了信息处理费的收取情况，且与表三（六）2 一致")
    return Check((unpaid,), evaluate, FEES_STATEMENT, (item,), (section.id,))


def _normal_sentences(text: str) -> list[str]:
    """Sentences compared across years: spaces dropped, every number made alike (a text
    copied with only its figures changed is still a copy)."""
    sentences = (re.sub(r"\s+", "", s) for s in _SENTENCE_END.split(text.translate(_FULL_WIDTH_DIGITS)))
    return [_DIGIT_RUN.sub("#", s) for s in sentences if s]


@lru_cache(maxsize=256)
def repeated_share(text: str, last: str) -> float:
    """The share of `text` (in characters) made of sentences that last year's text has too."""
    sentences = _normal_sentences(text)
    total = sum(len(s) for s in sentences)
    if not total:
        return 0.0
    known = set(_normal_sentences(last))
    return sum(len(s) for s in sentences if s in known) / total


def _text_repeated(section: Section, settings: dict[str, Any]) -> Check:
    share = float(settings["repeated"]["share"])

    def evaluate(report: Report) -> list[Finding]:
        last = report.previous_texts.get(section.id, "")
        text = _Text(report, section)
        if not last.strip() or not text.text.strip():
            return []
        same = repeated_share(text.text, last)
        if same <= share:
            return []
        percent = f"{same:.0%}"
        message = f"与上年报告的文字有 {percent} 相同，请按本年度情况改写（有的考核对照搬上年扣分）"
        return [text.find(TEXT_REPEATED, "warning", report, message, section.id, (("相同", percent),))]

    item = _item(TEXT_REPEATED, section, section.id, f"与上年报告相同的文字不超过 {share:.0%}")
    return Check((), evaluate, TEXT_REPEATED, (item,), (section.id,))


@lru_cache(maxsize=256)
def _last_year_mention(text: str, year: int, words: tuple[str, ...], before: tuple[str, ...],
                       after: tuple[str, ...]) -> tuple[int, int] | None:
    """Where a sentence that speaks of this year (本年/今年) names last year instead."""
    target = f"{year - 1}年"
    normal = text.translate(_FULL_WIDTH_DIGITS)
    for match in re.finditer(re.escape(target), normal):
        start, end = sentence_around(normal, match.start(), match.end())
        sentence = normal[start:end]
        if not any(w in sentence for w in words):
            continue
        lead = normal[max(start, match.start() - 4):match.start()]
        tail = normal[match.end():match.end() + 4]
        if any(lead.endswith(w) or w in lead[-2:] for w in before) or any(tail.startswith(w) for w in after):
            continue
        if f"{year}年" in sentence:
            continue
        return match.span()
    return None


def _text_last_year(section: Section, settings: dict[str, Any]) -> Check:
    words = tuple(settings["this_year_words"])
    before, after = tuple(settings["comparison_before"]), tuple(settings["comparison_after"])

    def evaluate(report: Report) -> list[Finding]:
        text = _Text(report, section)
        at = _last_year_mention(text.text, report.year, words, before, after)
        if at is None:
            return []
        message = (f"本报告为 {report.year} 年度，文中在“本年/今年”旁写的是“{report.year - 1}年”"
                   f"（第 {text.span(*at).start + 1} 字起），是否沿用了上年的文字？")
        return [text.find(TEXT_LAST_YEAR, "hint", report, message, section.id, (), (), at)]

    item = _item(TEXT_LAST_YEAR, section, section.id, "写“本年/今年”处没有写成上一年")
    return Check((), evaluate, TEXT_LAST_YEAR, (item,), (section.id,))


def _applies(settings: dict[str, Any], fmt: Format) -> bool:
    return fmt.id in settings.get("formats", [fmt.id])


def text_checks(fmt: Format) -> list[Check]:
    """Every text check of the format, section by section."""
    patterns = load_patterns()
    settings = patterns.completeness
    sections = {s.id: s for s in fmt.text_sections()}
    checks: list[Check] = []
    builders: list[Callable[[Section], Check]] = [
        lambda s: _text_figures(fmt, s, patterns), lambda s: _text_empty(s, settings),
        lambda s: _text_repeated(s, settings), lambda s: _text_last_year(s, settings)]
    for section in sections.values():
        checks += [build(section) for build in builders]
    problems = sections.get(settings["problems"]["section"])
    if problems is not None:
        checks.append(_problems_thin(problems, settings))
    overview = sections.get(settings["overview_aspects"]["section"])
    if overview is not None and _applies(settings["overview_aspects"], fmt):
        checks.append(_overview_aspects(overview, settings))
    other = sections.get(settings["fees"]["section"])
    if other is not None and _applies(settings["fees"], fmt) and settings["fees"]["unpaid_cell"] in fmt.cell_kinds():
        checks.append(_fees_statement(fmt, other, settings))
    return checks
