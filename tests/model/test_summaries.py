"""The clerk's wording after a carry and a merge, shared by the command line and the window."""
from __future__ import annotations

from pathlib import Path

from model.carry import carry_forward
from model.merge import merge_reports
from model.report import Report
from model.rules import check
from model.summaries import carry_summary, merge_summary, recompute_totals_on_open


def _unit(unit: str, total: int) -> Report:
    report = Report.blank("2021", unit, 2025, auto_totals=False)
    report.set_value("appeals.cases.review_upheld", 1)
    report.set_value("appeals.cases.review_total", total)
    return report


def test_carry_summary_says_what_came_from_last_year() -> None:
    last = Report.blank("2021", "某局", 2024)
    last.set_value("requests.carried_out.person", 2)
    last.recompute_totals()
    new = carry_forward(last, "2021")
    expected = ("已由2024年度报告新建2025年度报告（2021年版（国办公开办函〔2021〕30号））："
                "从上年结转 1 个单元格，2 项上年数据用于跨年度校验")
    assert new.carried == {"requests.carried_in.person"} and len(new.previous) == 2
    assert carry_summary(last, new, False) == expected + "。"
    assert carry_summary(last, new, True) == expected + "；已复制上年文字部分作为初稿。"


def test_merge_summary_of_consistent_units() -> None:
    merged = merge_reports([(Path(f"{u}.json"), _unit(u, 1)) for u in ("甲局", "乙局")], "某区")
    result = merge_summary(merged, check(merged))
    # the texts of a 汇总 are the compiling office's to write: empty until then
    assert (result.headline, result.checked) == ("已汇总 2 个单位的报告", "汇总结果校验：3 处警告 · 6 处提示")
    assert (result.body, result.details, result.has_errors) == ("各单位的报告本身均无错误。", "", False)


def test_merge_summary_names_repeated_units_and_at_most_limit_units_with_errors() -> None:
    parts = [(Path("甲.json"), _unit("甲局", 1)), (Path("甲 (1).json"), _unit("甲局", 1))]
    parts += [(Path(f"{n}.json"), _unit(f"{n}局", 5)) for n in ("乙", "丙", "丁")]
    merged = merge_reports(parts, "某区")
    result = merge_summary(merged, check(merged), limit=2)
    body = result.body.splitlines()
    assert body[0] == "注意：“甲局”出现在 2 个文件中（甲.json、甲 (1).json），请确认没有重复汇总。"
    assert body[1:3] == ["", "以下 3 个单位的报告本身有错误："]
    assert body[3].startswith("  · 乙局（乙.json）：1 处错误，如 四、政府信息公开行政复议、行政诉讼情况：行政复议：总计=5")
    assert body[5] == "  另有 1 个单位，见详细信息。" and len(body) == 6
    assert result.details.splitlines()[-2:] == [
        "丁局（丁.json）：", "  · 四、政府信息公开行政复议、行政诉讼情况：行政复议：总计=5，结果维持+结果纠正+其他结果+尚未审结=1，相差4"]
    assert result.has_errors
    assert len(merge_summary(merged, check(merged)).body.splitlines()) == 6  # no limit: every unit, no 另有


def test_totals_that_disagree_with_their_rows_are_recomputed_on_opening_with_a_note() -> None:
    """E.g. a merge of a file whose totals were inconsistent (its 总计 edited by hand)."""
    unit = Report.blank("2021", "甲局", 2025)
    unit.set_value("requests.new.person", 3)
    unit.recompute_totals()
    unit.set_value("requests.new.total", 30)  # inconsistent, yet the file says auto_totals
    merged = merge_reports([(Path("甲局.json"), unit), (Path("乙局.json"), _consistent("乙局"))], "某市")
    assert merged.auto_totals and merged.value("requests.new.total") == 31
    note = recompute_totals_on_open(merged)
    assert merged.value("requests.new.total") == 4
    assert note == "自动计算的合计与各行之和不符，已重新计算 1 处：三 · 一 · 总计（原为 31，现为 4）。请核对后保存。"
    assert recompute_totals_on_open(merged) is None  # settled


def test_typed_totals_are_left_as_the_file_gives_them() -> None:
    report = _unit("甲局", 5)  # 总计 5 ≠ 1, typed
    assert recompute_totals_on_open(report) is None
    assert report.value("appeals.cases.review_total") == 5


def _consistent(unit: str) -> Report:
    report = Report.blank("2021", unit, 2025)
    report.set_value("requests.new.person", 1)
    report.recompute_totals()
    return report
