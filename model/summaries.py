"""What the clerk is told after a carry (由上年报告新建) or a merge (汇总), or when totals are
recomputed on opening a report, in one wording.

The command line prints these sentences and the window shows them; each front end only adds
where the result went (a file written, a window opened).
"""
from __future__ import annotations

from dataclasses import dataclass

from model.merge import contributions_with_errors, repeated_units
from model.numbers import format_value
from model.report import Report
from model.rules import Finding, summary


def carry_summary(last: Report, new: Report, copied_texts: bool) -> str:
    """「已由2024年度报告新建2025年度报告（…）：从上年结转 6 个单元格，12 项上年数据用于跨年度校验。」"""
    texts = "；已复制上年文字部分作为初稿" if copied_texts else ""
    return (f"已由{last.year}年度报告新建{new.year}年度报告（{new.format.name}）："
            f"从上年结转 {len(new.carried)} 个单元格，{len(new.previous)} 项上年数据用于跨年度校验{texts}。")


@dataclass(frozen=True)
class MergeSummary:
    """What a merge produced and what to look at.

    `headline`: how many units were added up; `checked`: how the total checks out; `body`: the
    units to look at (a unit in several files, units whose own figures break an error rule);
    `details`: every error of those units; `has_errors`: the total or a unit has errors.
    """

    headline: str
    checked: str
    body: str
    details: str
    has_errors: bool


def merge_summary(merged: Report, findings: list[Finding], limit: int | None = None) -> MergeSummary:
    """The summary of `merged` whose own findings are `findings`; `body` names at most `limit`
    units with errors (all when None), `details` all of them."""
    lines = [f"注意：“{unit}”出现在 {len(files)} 个文件中（{'、'.join(files)}），请确认没有重复汇总。"
             for unit, files in repeated_units(merged).items()]
    details: list[str] = []
    faulty = contributions_with_errors(merged)
    if faulty:
        lines.append(f"{chr(10) if lines else ''}以下 {len(faulty)} 个单位的报告本身有错误：")
        for contribution, errors in faulty[:limit]:
            first = errors[0]
            lines.append(f"  · {contribution.unit}（{contribution.file}）：{len(errors)} 处错误，"
                         f"如 {first.place}：{first.message}")
        if limit is not None and len(faulty) > limit:
            lines.append(f"  另有 {len(faulty) - limit} 个单位，见详细信息。")
        for contribution, errors in faulty:
            details.append(f"{contribution.unit}（{contribution.file}）：")
            details.extend(f"  · {e.place}：{e.message}" for e in errors)
    else:
        lines.append("各单位的报告本身均无错误。")
    has_errors = bool(faulty) or any(f.severity == "error" for f in findings)
    return MergeSummary(f"已汇总 {len(merged.merged_from)} 个单位的报告", f"汇总结果校验：{summary(findings)}",
                        "\n".join(lines), "\n".join(details), has_errors)


TOTALS_LISTED = 3


def recompute_totals_on_open(report: Report) -> str | None:
    """A report whose totals the program computes must show totals that agree with their rows.
    A file can hold others (a merge of a file whose totals were inconsistent, a file edited by
    hand): recompute them, and say which changed — 「自动计算的合计与各行之和不符，已重新计算 2
    处：三 · 一 · 总计（原为 30，现为 29）、…」. None when every total agreed (or totals are typed)."""
    if not report.auto_totals:
        return None
    before = dict(report.values)
    changed = report.recompute_totals()
    if not changed:
        return None
    order = report.format.cell_keys()
    keys = sorted(changed, key=order.index)
    listed = "、".join(f"{report.format.describe_cell(key, with_section=True)}（原为 {format_value(before.get(key)) or '空白'}，"
                      f"现为 {format_value(report.value(key))}）" for key in keys[:TOTALS_LISTED])
    more = f"等 {len(keys)} 处" if len(keys) > TOTALS_LISTED else ""
    return f"自动计算的合计与各行之和不符，已重新计算 {len(keys)} 处：{listed}{more}。请核对后保存。"
