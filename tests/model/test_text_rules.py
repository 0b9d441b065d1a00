"""The text and completeness rules, holding and failing: text_figures, text_empty, problems_thin,
overview_aspects, fees_statement, text_repeated, text_last_year, unit_missing, year_format and
amount_plausible. Each case starts from a report with no findings at all (tests/model/test_rules.zeros)."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest
from test_rules import COMPLETE_TEXTS, zeros

from conftest import FORMATS, ROOT

from model.findings import TextSpan
from model.formats import load_format
from model.report import Report
from model.rules import Checker, Finding, check, checks_of
from model.textrules import SEVERITIES as TEXT_SEVERITIES
from model.textrules import count_characters, repeated_share, sentence_around

S1, S5, S6 = "一、总体情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"
PROPERTIES = "报告属性"


def only(report: Report, rule: str) -> list[Finding]:
    return [f for f in check(report) if f.rule == rule]


# --- text_figures --------------------------------------------------------------------------------

def test_text_figures_fails_naming_both_numbers_the_text_position_and_the_cell() -> None:
    report = zeros("2021")
    report.values.update({"requests.new.person": 30, "requests.new.total": 30,
                          "requests.granted.person": 30, "requests.granted.total": 30,
                          "requests.results_total.person": 30, "requests.results_total.total": 30})
    sentence = "本年共收到政府信息公开申请29件。"
    report.texts["overview"] = COMPLETE_TEXTS["overview"] + sentence
    at = len(COMPLETE_TEXTS["overview"]) + 3  # 「收到…」: 「本年共」 is not part of the statement
    [finding] = check(report)
    assert (finding.rule, finding.severity, finding.place, finding.cells) == (
        "text_figures", "warning", S1, ("requests.new.total",))
    assert finding.message == (f"文中“收到政府信息公开申请29件”（第 {at + 1} 字起）为 29，"
                               "表三“本年新收政府信息公开申请数量（总计）”为 30")
    assert finding.span == TextSpan("overview", at, at + len("收到政府信息公开申请29件"))
    assert finding.section == "overview" and finding.anchor == "overview/requests_new"
    assert finding.basis == (("文中", "29"), ("表中", "30"))


def test_text_figures_holds_when_the_text_agrees() -> None:
    report = zeros("2021")
    report.values.update({"appeals.cases.review_upheld": 2, "appeals.cases.review_total": 2,
                          "appeals.cases.direct_pending": 1, "appeals.cases.direct_total": 1})
    report.texts["overview"] += "因政府信息公开被申请行政复议2件，被提起行政诉讼1件。"
    assert check(report) == []
    report.texts["overview"] = COMPLETE_TEXTS["overview"] + "未发生因政府信息公开引起的行政复议和行政诉讼。"
    assert [(f.cells, f.message.split("，")[-1]) for f in check(report)] == [
        (("appeals.cases.direct_total", "appeals.cases.after_review_total"),
         "表四“行政诉讼总计（未经复议直接起诉与复议后起诉之和）”为 1"),
        (("appeals.cases.review_total",), "表四“行政复议总计”为 2"),
    ]


def test_text_figures_waits_for_the_table() -> None:
    """A statement whose cells are all still blank is not compared (the blank hint covers them)."""
    report = zeros("2021")
    del report.values["requests.new.total"]
    report.texts["overview"] += "本年共收到政府信息公开申请29件。"
    assert [f.rule for f in check(report)] == ["blank"]


def test_text_figures_in_the_2019_format_reads_its_own_cells() -> None:
    report = zeros("2019")
    report.texts["overview"] += "本年度新制作规范性文件3件。"
    [finding] = check(report)
    assert finding.cells == ("art20_1.normative.made",)
    report.values["art20_1.normative.made"] = 3
    assert check(report) == []


def test_second_statement_of_the_same_figure_has_its_own_anchor() -> None:
    report = zeros("2021")
    report.texts["overview"] += "收到政府信息公开申请1件。"
    report.texts["problems"] += "全年收到政府信息公开申请2件，又收到政府信息公开申请3件。"
    assert [f.anchor for f in only(report, "text_figures")] == [
        "overview/requests_new", "problems/requests_new", "problems/requests_new/2"]


# --- completeness of the texts ----------------------------------------------------------------------

@pytest.mark.parametrize("section, place, message", [
    ("overview", S1, "尚未填写"), ("problems", S5, "尚未填写"),
    ("other", S6, "尚未填写（没有需要报告的事项请写“无”）")])
def test_text_empty(section: str, place: str, message: str) -> None:
    report = zeros("2021")
    report.texts[section] = " \n\u3000 " if section == "overview" else ""
    assert [(f.rule, f.severity, f.place, f.message, f.section) for f in check(report)] == [
        ("text_empty", "warning", place, message, section)]
    report.texts[section] = COMPLETE_TEXTS[section]
    assert check(report) == []


def test_other_may_say_none_in_the_2019_format() -> None:
    report = zeros("2019")
    report.texts["other"] = "无"
    assert check(report) == []


@pytest.mark.parametrize("text, message", [
    ("无", "只写了“无”：应写明上一年度问题的整改情况和本年度存在的主要问题及改进措施"),
    ("暂无。", "只写了“暂无。”：应写明上一年度问题的整改情况和本年度存在的主要问题及改进措施"),
    ("部分栏目更新不及时，下一步加强管理。", "只有 18 字（少于 60 字）：应写明上一年度问题的整改情况和本年度存在的主要问题及改进措施"),
])
def test_problems_thin(text: str, message: str) -> None:
    report = zeros("2021")
    report.texts["problems"] = text
    assert [(f.rule, f.severity, f.place, f.message) for f in check(report)] == [
        ("problems_thin", "warning", S5, message)]


def test_problems_of_sixty_characters_are_enough() -> None:
    report = zeros("2021")
    report.texts["problems"] = "问" * 59
    assert [f.rule for f in check(report)] == ["problems_thin"]
    report.texts["problems"] = "问" * 30 + "\n  " + "题" * 30
    assert count_characters(report.texts["problems"]) == 60 and check(report) == []


def test_overview_aspects_names_the_missing_ones() -> None:
    report = zeros("2021")
    report.texts["overview"] = "本年度围绕主动公开和依申请公开开展工作，加强政务新媒体平台建设。"
    assert [(f.rule, f.severity, f.message) for f in check(report)] == [
        ("overview_aspects", "hint", "未提到政府信息管理、监督保障方面的工作（2021 年版要求从主动公开、依申请公开、"
                                     "政府信息管理、平台建设、监督保障等方面总结）")]


def test_overview_aspects_only_in_the_2021_format() -> None:
    report = zeros("2019")
    report.texts["overview"] = "本年度扎实推进政府信息公开工作。"
    assert check(report) == []


def test_fees_statement_missing() -> None:
    report = zeros("2021")
    report.texts["other"] = "本年度政务公开工作要点已全部落实。"
    assert [(f.rule, f.severity, f.place, f.message) for f in check(report)] == [
        ("fees_statement", "warning", S6,
         "未说明信息处理费的收取情况（如“本年度未收取信息处理费”，或发出收费通知的件数和金额）")]
    report.texts["other"] = "本年度未收取信息处理费。"
    assert check(report) == []


@pytest.mark.parametrize("text", ["本年度未收取信息处理费。", "本年度共发出收费通知0件，收取信息处理费0万元。",
                                  "本机关没有收取信息处理费。"])
def test_fees_statement_says_none_while_a_fee_went_unpaid(text: str) -> None:
    report = zeros("2021")
    report.texts["other"] = text
    report.values.update({"requests.other_unpaid.person": 2, "requests.other_unpaid.total": 2,
                          "requests.results_total.person": 2, "requests.results_total.total": 2,
                          "requests.new.person": 2, "requests.new.total": 2})
    fees = only(report, "fees_statement")
    assert len(fees) == 1 and fees[0].cells == ("requests.other_unpaid.total",)
    assert "但表三“三（六）2. 申请人逾期未按收费通知要求缴纳费用”为 2，说明曾发出收费通知" in fees[0].message
    assert fees[0].span is not None and fees[0].span.section == "other"
    report.texts["other"] = "本年度发出收费通知2件，金额共计300元，申请人均未缴纳，未实际收取信息处理费。"
    assert only(report, "fees_statement") == []  # the notices are reported: nothing contradicts


def test_fees_statement_only_in_the_2021_format() -> None:
    report = zeros("2019")
    report.texts["other"] = "本年度政务公开工作要点已全部落实。"
    assert check(report) == []


def test_text_repeated_against_last_years_text() -> None:
    report = zeros("2021")
    last = ("本局高度重视政府信息公开工作，部分栏目更新仍不够及时。2024年共发布信息12条，全部按期更新。"
            "下一步将加强培训和考核，建立栏目更新台账。")
    report.previous_texts = {"problems": last}
    report.texts["problems"] = last.replace("2024", "2025").replace("12", "15") + "新增一句不同的话。"
    [finding] = check(report)
    assert (finding.rule, finding.severity, finding.place) == ("text_repeated", "warning", S5)
    assert finding.message == "与上年报告的文字有 89% 相同，请按本年度情况改写（有的考核对照搬上年扣分）"
    report.texts["problems"] = COMPLETE_TEXTS["problems"]
    assert check(report) == []


def test_repeated_share_counts_sentences_with_only_their_numbers_changed() -> None:
    assert repeated_share("甲乙丙。丁戊己。", "甲乙丙。") == 0.5
    assert repeated_share("共收到申请29件。", "共收到申请12件。") == 1.0
    assert repeated_share("", "甲") == 0.0


def test_text_last_year_where_the_text_speaks_of_this_year() -> None:
    report = zeros("2021")
    report.texts["overview"] = "2024年，本年度我局扎实推进。" + COMPLETE_TEXTS["overview"]
    [finding] = check(report)
    assert (finding.rule, finding.severity, finding.place, finding.span) == (
        "text_last_year", "hint", S1, TextSpan("overview", 0, 5))
    assert finding.message == "本报告为 2025 年度，文中在“本年/今年”旁写的是“2024年”（第 1 字起），是否沿用了上年的文字？"


@pytest.mark.parametrize("text", ["本年收到申请较2024年增加5件。", "与2024年相比，本年度公开信息更多。",
                                  "2024年报告中所列问题已整改。", "2024年本局机构改革。", "2025年，本年度我局扎实推进。"])
def test_text_last_year_leaves_comparisons_alone(text: str) -> None:
    report = zeros("2021")
    report.texts["overview"] = text + COMPLETE_TEXTS["overview"]
    assert [f.rule for f in check(report) if f.rule == "text_last_year"] == []


def test_sentence_around() -> None:
    text = "第一句。第二句有问题；第三句"
    assert sentence_around(text, 6, 7) == (4, 11)
    assert sentence_around(text, 12, 13) == (11, len(text))


# --- completeness of the report ---------------------------------------------------------------------

def test_unit_missing() -> None:
    report = zeros("2021")
    report.unit = "  "
    assert [(f.rule, f.severity, f.place, f.message, f.cells) for f in check(report)] == [
        ("unit_missing", "error", PROPERTIES, "未填写单位名称（在“报告属性”中填写）", ())]


@pytest.mark.parametrize("version, year, message", [
    ("2019", 2021, "2019年版用于 2019–2020 年度的报告，本报告为 2021 年度：请核对年度或改用相应格式"),
    ("2019", 2018, "2019年版用于 2019–2020 年度的报告，本报告为 2018 年度：请核对年度或改用相应格式"),
    ("2021", 2020, "2021年版（国办公开办函〔2021〕30号）用于 2021 年度及以后的报告，本报告为 2020 年度："
                   "请核对年度或改用相应格式"),
])
def test_year_format(version: str, year: int, message: str) -> None:
    report = zeros(version)
    report.year = year
    [finding] = check(report)
    assert (finding.rule, finding.severity, finding.place, finding.message) == ("year_format", "warning", PROPERTIES, message)


@pytest.mark.parametrize("version, year", [("2019", 2019), ("2019", 2020), ("2021", 2021), ("2021", 2030)])
def test_year_format_holds(version: str, year: int) -> None:
    report = zeros(version)
    report.year = year
    assert check(report) == []


@pytest.mark.parametrize("version, unit, amount, why", [
    ("2021", "万元", "250000", "250000 万元超过 10 亿元，对一个机关而言过大：请核对单位（是否按元填写了）"),
    ("2019", "万元", "35000", "35000 万元是不带小数的大数，像是按元填写的：请核对单位"),
    ("2019", "元", "12.5", "只有 12.5 元，像是按万元填写的：请核对单位"),
    ("2019", "元", "1250.311082", "1250.311082 元有 6 位小数（元只到分）：是否按万元填写了？"),
])
def test_amount_plausible(version: str, unit: str, amount: str, why: str) -> None:
    report = zeros(version)
    report.amount_unit = unit
    key = "art20_8.fees.amount" if version == "2021" else "art20_9.procurement.amount"
    report.values[key] = Decimal(amount)
    [finding] = check(report)
    assert (finding.rule, finding.severity, finding.cells) == ("amount_plausible", "hint", (key,))
    assert finding.message.endswith("：" + why)


@pytest.mark.parametrize("version, unit, amount", [
    ("2021", "万元", "24252.311082"), ("2021", "万元", "12.60"), ("2019", "万元", "35000.50"),
    ("2019", "元", "3500000"), ("2019", "元", "0"), ("2019", "万元", "0")])
def test_amount_plausible_holds(version: str, unit: str, amount: str) -> None:
    report = zeros(version)
    report.amount_unit = unit
    report.values["art20_8.fees.amount" if version == "2021" else "art20_9.procurement.amount"] = Decimal(amount)
    assert check(report) == []


# --- rechecks -------------------------------------------------------------------------------------

def test_text_rules_rerun_only_for_their_text_or_the_figures_they_read() -> None:
    report = zeros("2021")
    checker = Checker(report)
    report.texts["overview"] += "本年共收到政府信息公开申请29件。"
    assert checker.findings == []  # the checker has not been told
    assert checker.recheck(texts=["problems"]) == set() and checker.findings == []
    assert checker.recheck(texts=["overview"]) == {"requests.new.total"}
    assert [f.rule for f in checker.findings] == ["text_figures"]
    report.values["requests.new.person"] = report.values["requests.new.total"] = 29
    report.values["requests.granted.person"] = report.values["requests.granted.total"] = 29
    report.values["requests.results_total.person"] = report.values["requests.results_total.total"] = 29
    checker.recheck(["requests.new.person", "requests.new.total", "requests.granted.person",
                     "requests.granted.total", "requests.results_total.person", "requests.results_total.total"])
    assert checker.findings == check(report) == []


def test_every_check_of_every_format_is_documented_with_its_severity() -> None:
    documented = dict(re.findall(r"^\| `([a-z_]+)` \| (error|warning|hint) \|",
                                 (ROOT / "docs" / "FORMATS.md").read_text(encoding="utf-8"), re.MULTILINE))
    shipped = {item.rule: item.severity for f in FORMATS for c in checks_of(load_format(f)) for item in c.items}
    shipped.update(TEXT_SEVERITIES)
    assert {rule: documented.get(rule) for rule in shipped} == shipped


def test_the_checker_counts_changes_of_findings_that_name_no_cell() -> None:
    report = zeros("2021")
    checker = Checker(report)
    version = checker.version
    report.texts["other"] = ""
    assert checker.recheck(texts=["other"]) == set()  # text_empty names no cell …
    assert checker.version > version and [f.rule for f in checker.findings] == ["text_empty"]  # … but counts
    version = checker.version
    checker.recheck(texts=["other"])
    assert checker.version == version  # nothing changed
