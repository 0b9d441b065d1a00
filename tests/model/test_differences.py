"""What differs between the window's report and the file on disk, place by place."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from model.differences import Difference, report_differences
from model.explanations import Explanation
from model.report import Report
from model.storage import load_report

from conftest import DEMO_EXAMPLE


def test_identical_reports_have_no_differences() -> None:
    assert report_differences(load_report(DEMO_EXAMPLE), load_report(DEMO_EXAMPLE)) == []


def test_cells_texts_unit_and_explanations_are_named_with_both_sides() -> None:
    ours, theirs = load_report(DEMO_EXAMPLE), load_report(DEMO_EXAMPLE)
    ours.set_value("requests.new.person", 20)
    theirs.set_value("art20_8.fees.amount", Decimal("12.601"))
    theirs.set_value("art20_6.penalty.decisions", None)
    theirs.unit = "另一个单位"
    theirs.texts["problems"] = theirs.texts["problems"] + "\n补充一段。"
    key = next(iter(theirs.explanations))  # the explanation of 其他处理, one finding's
    theirs.explanations[key] = Explanation("另一种说明", theirs.explanations[key].figures)
    found = report_differences(ours, theirs)
    places = [d.place for d in found]
    assert places[0] == "单位名称" and found[0] == Difference("单位名称", ours.unit, "另一个单位")
    person = next(d for d in found if d.place.endswith("一 · 自然人"))
    assert person.place.startswith("三、收到和处理政府信息公开申请情况：")
    assert (person.ours, person.theirs) == ("20", str(load_report(DEMO_EXAMPLE).values["requests.new.person"]))
    fees = next(d for d in found if "行政事业性收费" in d.place)
    assert (fees.ours, fees.theirs) == ("12.60", "12.601")  # exact: the third decimal shows
    penalty = next(d for d in found if "行政处罚" in d.place)
    assert penalty.theirs == "（空）"
    problems = next(d for d in found if d.place == "五、存在的主要问题及改进情况")
    assert "补充一段" in problems.theirs and problems.theirs.startswith("…")
    assert any(d.place == "说明：三、三（六）1. · 自然人" and d.theirs == "另一种说明" for d in found)
    assert len(found) == 6


def test_intro_issue_date_and_amount_unit_are_listed_in_the_reports_order() -> None:
    ours, theirs = load_report(DEMO_EXAMPLE), load_report(DEMO_EXAMPLE)
    theirs.intro = "本报告根据《中华人民共和国政府信息公开条例》编制。"
    theirs.issued = date(2026, 1, 20)
    found = report_differences(ours, theirs)
    assert [d.place for d in found] == ["引言", "成文日期"]
    assert found[0] == Difference("引言", "（空）", theirs.intro)
    assert found[1] == Difference("成文日期", "（导出当天）", "2026年1月20日")
    ours.issued, ours.intro = date(2026, 1, 21), theirs.intro
    assert report_differences(ours, theirs) == [Difference("成文日期", "2026年1月21日", "2026年1月20日")]
    a, b = Report.blank("2019", "甲", 2020), Report.blank("2019", "甲", 2020)
    b.amount_unit = "元"
    assert report_differences(a, b) == [Difference("金额单位", "万元", "元")]
