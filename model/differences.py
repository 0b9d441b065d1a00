"""What differs between two versions of a report, place by place, for the clerk to compare.

When the file on disk changed since the window loaded it (someone else saved it, a sync tool
brought another copy), the clerk decides between 覆盖 and 另存为 after seeing, cell by cell,
what the file holds and what the window holds.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from model.explanations import place_of
from model.numbers import Value
from model.report import Report, chinese_date

EXCERPT_CHARS = 40
INTRO_PLACE, ISSUED_PLACE, AMOUNT_UNIT_PLACE = "引言", "成文日期", "金额单位"
ON_EXPORT_DAY = "（导出当天）"  # no 成文日期 set: the exports print the day they are made


@dataclass(frozen=True)
class Difference:
    """One place where the versions differ, each side as the clerk would read it."""

    place: str  # 「三、收到和处理政府信息公开申请情况：一 · 自然人」, 「单位名称」, 「一、总体情况」, 「引言」
    ours: str  # what this window holds
    theirs: str  # what the file on disk holds


def _shown(value: Value | None) -> str:
    """A value exactly (no rounding: a difference in the third decimal must show)."""
    return "（空）" if value is None else str(value)


def _excerpts(ours: str, theirs: str) -> tuple[str, str]:
    """Both texts around their first difference, so a long section shows where it changed."""
    start = next((i for i, (a, b) in enumerate(zip(ours, theirs)) if a != b), min(len(ours), len(theirs)))
    begin = max(0, start - EXCERPT_CHARS // 4)

    def cut(text: str) -> str:
        part = text[begin:begin + EXCERPT_CHARS].replace("\n", "↵")
        return ("…" if begin else "") + part + ("…" if begin + EXCERPT_CHARS < len(text) else "") or "（空）"

    return cut(ours), cut(theirs)


def _issued(day: date | None) -> str:
    return ON_EXPORT_DAY if day is None else chinese_date(day)


def report_differences(ours: Report, theirs: Report) -> list[Difference]:
    """Every place where `ours` and `theirs` differ, in the order of the report."""
    found: list[Difference] = []
    if ours.format.id != theirs.format.id:
        found.append(Difference("报告格式", ours.format.name, theirs.format.name))
    for place, a, b in (("单位名称", ours.unit, theirs.unit), ("年度", str(ours.year), str(theirs.year)),
                        ("自动计算合计", "是" if ours.auto_totals else "否", "是" if theirs.auto_totals else "否"),
                        (AMOUNT_UNIT_PLACE, ours.amount_unit, theirs.amount_unit)):
        if a != b:
            found.append(Difference(place, a, b))
    if ours.intro != theirs.intro:  # printed before 一、
        found.append(Difference(INTRO_PLACE, *_excerpts(ours.intro, theirs.intro)))
    fmt = ours.format
    for section in fmt.sections:
        if section.kind == "text":
            a, b = ours.texts.get(section.id, ""), theirs.texts.get(section.id, "")
            if a != b:
                found.append(Difference(section.heading, *_excerpts(a, b)))
            continue
        for table_id in section.tables:
            for key in fmt.tables[table_id].cell_keys():
                a_value, b_value = ours.values.get(key), theirs.values.get(key)
                if a_value != b_value:
                    found.append(Difference(f"{section.heading}：{fmt.describe_cell(key)}",
                                            _shown(a_value), _shown(b_value)))
    if ours.issued != theirs.issued:  # the 落款's date, after the last section
        found.append(Difference(ISSUED_PLACE, _issued(ours.issued), _issued(theirs.issued)))
    for key in dict.fromkeys([*ours.explanations, *theirs.explanations]):  # one per finding (rule@anchor)
        mine, other = ours.explanations.get(key), theirs.explanations.get(key)
        a, b = (mine.text if mine else ""), (other.text if other else "")
        if a != b:
            found.append(Difference(f"说明：{place_of(fmt, key)}", *_excerpts(a, b)))
    return found
