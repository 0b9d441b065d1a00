"""Checks of what a report must say about itself: whose it is, which year in which format, and
amounts in a plausible unit (rules unit_missing, year_format, amount_plausible)."""
from __future__ import annotations

from decimal import Decimal

from model.findings import Check, Finding, Item, finding
from model.formats import Format, available_formats, load_format
from model.numbers import AMOUNT_UNIT, decimals, format_value
from model.report import Report

UNIT_MISSING = "unit_missing"
YEAR_FORMAT = "year_format"
AMOUNT_PLAUSIBLE = "amount_plausible"
SEVERITIES = {UNIT_MISSING: "error", YEAR_FORMAT: "warning", AMOUNT_PLAUSIBLE: "hint"}
PROPERTIES = "报告属性"  # where the clerk fixes these: the place findings name
MOST_WAN = Decimal(100_000)  # 10 亿元: more than one body's procurement or fees in a year
YUAN_LOOKING_WAN = Decimal(10_000)  # a whole number this large in 万元 is likely typed in 元
LEAST_YUAN = Decimal(100)  # an amount in 元 below this is likely typed in 万元


def _unit_missing() -> Check:
    def evaluate(report: Report) -> list[Finding]:
        if report.unit.strip():
            return []
        return [finding(report, UNIT_MISSING, "error", (), "未填写单位名称（在“报告属性”中填写）",
                        PROPERTIES, "unit", (), "")]

    item = Item(UNIT_MISSING, "error", "unit", "", PROPERTIES, "单位名称已填写")
    return Check((), evaluate, UNIT_MISSING, (item,))


def years_of(fmt: Format) -> tuple[int, int | None]:
    """The report years a format is meant for: its first year, and the last one before the
    next format (None while it is the newest)."""
    later = sorted(f.first_year for f in map(load_format, available_formats()) if f.first_year > fmt.first_year)
    return fmt.first_year, (later[0] - 1 if later else None)


def _year_format(fmt: Format) -> Check:
    first, last = years_of(fmt)
    span = f"{first} 年度及以后" if last is None else f"{first}–{last} 年度"

    def evaluate(report: Report) -> list[Finding]:
        year = report.year
        if first <= year and (last is None or year <= last):
            return []
        message = f"{fmt.name}用于 {span}的报告，本报告为 {year} 年度：请核对年度或改用相应格式"
        return [finding(report, YEAR_FORMAT, "warning", (), message, PROPERTIES, "year",
                        (("年度", str(year)), ("格式", fmt.id)), "")]

    item = Item(YEAR_FORMAT, "warning", "year", "", PROPERTIES, f"年度与格式相符（{fmt.name}：{span}）")
    return Check((), evaluate, YEAR_FORMAT, (item,))


def _implausible(value: Decimal, unit: str) -> str:
    """Why an amount looks typed in the wrong unit, or ""."""
    shown = format_value(value)
    if unit == AMOUNT_UNIT:
        if value > MOST_WAN:
            return f"{shown} 万元超过 10 亿元，对一个机关而言过大：请核对单位（是否按元填写了）"
        if value >= YUAN_LOOKING_WAN and not decimals(value) and value == value.to_integral_value():
            return f"{shown} 万元是不带小数的大数，像是按元填写的：请核对单位"
        return ""
    if decimals(value) > 2:
        return f"{shown} 元有 {decimals(value)} 位小数（元只到分）：是否按万元填写了？"
    if 0 < value < LEAST_YUAN:
        return f"只有 {shown} 元，像是按万元填写的：请核对单位"
    return ""


def _amount_plausible(fmt: Format, key: str) -> Check:
    table_id = key.split(".")[0]
    section = fmt.section_of_table(table_id)
    heading = fmt.tables[table_id].heading
    place = f"{section.heading} · {heading}" if heading else section.heading
    name = fmt.describe_cell(key, with_table=False)

    def evaluate(report: Report) -> list[Finding]:
        value = report.values.get(key)
        if not isinstance(value, Decimal):
            return []
        unit = report.unit_of(key)
        why = _implausible(value, unit)
        if not why:
            return []
        return [finding(report, AMOUNT_PLAUSIBLE, "hint", (key,), f"{name}：{why}", place, key,
                        ((key, format_value(value)), ("单位", unit)), section.id)]

    item = Item(AMOUNT_PLAUSIBLE, "hint", key, section.id, place, f"{name}：金额与单位相称")
    return Check((key,), evaluate, AMOUNT_PLAUSIBLE, (item,))


def completeness_checks(fmt: Format) -> list[Check]:
    amounts = [key for key, kind in fmt.cell_kinds().items() if kind == "amount"]
    return [_unit_missing(), _year_format(fmt)] + [_amount_plausible(fmt, key) for key in amounts]
