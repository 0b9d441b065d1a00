"""What the clerk is told after a carry (由上年报告新建) or a merge (汇总), in one wording.

The command line prints these sentences and the window shows them; each front end only adds
where the result went (a file written, a window opened).
"""
from __future__ import annotations

from dataclasses import dataclass

from model.merge import contributions_with_errors, repeated_units
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
