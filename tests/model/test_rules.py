"""Every rule of FORMATS.md, holding and failing: rule id, severity, cells and the exact message.

Each case starts from a report whose every cell is 0 (no findings at all), changes a few cells
and asserts the complete list of findings, so a rule that fires too often fails as well. Cases
about what every format has run over every format shipped (FORMATS).
"""
from __future__ import annotations

import random
from decimal import Decimal

import pytest

from model.explanations import Explanation, written_for
from model.numbers import NOT_APPLICABLE, Value
from model.report import Report
from model.formats import RELATION_KINDS, load_format
from model.rules import RELATION_CHECKS, Checker, Finding, check, count_by_severity, summary
from model.storage import load_report

from conftest import DEMO_EXAMPLE, FORMATS, SEED_EXAMPLE

S2 = "二、主动公开政府信息情况"
S3 = "三、收到和处理政府信息公开申请情况"
S4 = "四、政府信息公开行政复议、行政诉讼情况"
APPLICANTS = ["person", "business", "research", "nonprofit", "legal", "other_org"]
RESULTS_2021 = ["granted", "partial", "withheld_secret", "withheld_law", "withheld_security",
                "withheld_third_party", "withheld_internal", "withheld_process", "withheld_case_file",
                "withheld_inquiry", "unavailable_not_held", "unavailable_to_create", "unavailable_unclear",
                "rejected_petition", "rejected_duplicate", "rejected_publication", "rejected_excessive",
                "rejected_confirmation", "other_no_correction", "other_unpaid", "other_misc"]
RESULTS_2019 = RESULTS_2021[:-3] + ["other"]


# Narrative texts that every text and completeness rule accepts (and that restate no figure).
COMPLETE_TEXTS = {
    "overview": "本年度，本局围绕主动公开、依申请公开、政府信息管理、平台建设和监督保障等方面扎实推进政府信息公开工作。",
    "problems": "上一年度报告中提出的政策解读形式单一问题已通过图解和短视频加以改进。本年度存在的主要问题是部分栏目更新不够及时，"
                "答复文书的规范性有待提高；下一步将建立栏目更新台账并组织答复文书集中评查。",
    "other": "信息处理费的收取情况见有关通知。本年度政务公开工作要点已全部落实。",
}


def zeros(version: str) -> Report:
    """A report of `version` with every cell filled with 0 and complete texts: no findings at all."""
    report = Report.blank(version, "测试单位", 2025 if version == "2021" else 2020, auto_totals=False)
    for key, kind in report.format.cell_kinds().items():
        report.values[key] = Decimal("0.00") if kind == "amount" else 0
    report.texts.update(COMPLETE_TEXTS)
    return report


def explain(report: Report, rule: str, text: str) -> None:
    """Explain every current warning of `rule`, as the clerk does one by one."""
    for finding in check(report):
        if finding.rule == rule:
            report.explanations[finding.key] = written_for(finding, text)


def found(report: Report) -> list[tuple[str, str, tuple[str, ...], str, str, bool]]:
    return [(f.rule, f.severity, f.cells, f.place, f.message, f.explained) for f in check(report)]


def row_total_cells(row: str) -> tuple[str, ...]:
    return (f"requests.{row}.total",) + tuple(f"requests.{row}.{c}" for c in APPLICANTS)


def balance_cells(column: str) -> tuple[str, ...]:
    return tuple(f"requests.{row}.{column}" for row in ("new", "carried_in", "results_total", "carried_out"))


def result_rows(version: str) -> list[str]:
    """The rows of 三、本年度办理结果 that （七）总计 adds up: every leaf under it but the total."""
    group = next(n for n in load_format(version).tables["requests"].rows
                 if "results_total" in [leaf.id for leaf in n.leaves()])
    return [leaf.id for leaf in group.leaves() if leaf.id != "results_total"]


def results_cells(column: str, version: str) -> tuple[str, ...]:
    return (f"requests.results_total.{column}",) + tuple(f"requests.{row}.{column}" for row in result_rows(version))


def test_the_result_rows_are_the_official_ones() -> None:
    assert result_rows("2021") == RESULTS_2021 and result_rows("2019") == RESULTS_2019


@pytest.mark.parametrize("version", FORMATS)
def test_an_all_zero_report_has_no_findings(version: str) -> None:
    assert check(zeros(version)) == []


def test_examples() -> None:
    demo = check(load_report(DEMO_EXAMPLE))
    assert [(f.rule, f.explained) for f in demo] == [("other_explained", True)]
    seed = check(load_report(SEED_EXAMPLE))
    assert {f.rule for f in seed} == {"blank"}  # the published tables are blank but for 第二十条第（六）项


# --- requests_balance ----------------------------------------------------------------------

@pytest.mark.parametrize("version", FORMATS)
def test_requests_balance_fails_per_column(version: str) -> None:
    report = zeros(version)
    report.values["requests.new.person"] = 12
    report.values["requests.granted.person"] = 11
    report.recompute_totals()
    assert found(report) == [
        ("requests_balance", "error", balance_cells("person"), S3, "自然人列：一+二=12，三（七）+四=11，相差1", False),
        ("requests_balance", "error", balance_cells("total"), S3, "总计列：一+二=12，三（七）+四=11，相差1", False),
    ]


def test_requests_balance_holds() -> None:
    report = zeros("2021")
    report.values["requests.new.legal"] = 7
    report.values["requests.carried_in.legal"] = 2
    report.values["requests.granted.legal"] = 5
    report.values["requests.rejected_duplicate.legal"] = 1
    report.values["requests.carried_out.legal"] = 3
    report.recompute_totals()
    assert check(report) == []


def test_requests_balance_counts_not_applicable_and_blank_as_zero() -> None:
    report = zeros("2021")
    report.values["requests.new.person"] = NOT_APPLICABLE
    del report.values["requests.carried_in.person"]
    report.values["requests.carried_out.person"] = 4
    report.values["requests.carried_out.total"] = 4
    rules = [(f.rule, f.message) for f in check(report) if f.rule != "blank"]
    assert rules == [("requests_balance", "自然人列：一+二=0，三（七）+四=4，相差4"),
                     ("requests_balance", "总计列：一+二=0，三（七）+四=4，相差4")]


# --- requests_row_total -------------------------------------------------------------------

def test_requests_row_total_fails() -> None:
    report = zeros("2021")
    report.values["requests.carried_out.business"] = 3
    report.values["requests.carried_out.legal"] = 2
    report.values["requests.carried_out.total"] = 4
    report.values["requests.new.business"] = 3
    report.values["requests.new.legal"] = 2
    report.values["requests.new.total"] = 5
    assert found(report) == [
        ("requests_row_total", "error", row_total_cells("carried_out"), S3,
         "“四”行：总计=4，各类申请人之和=5，相差1", False),
        ("requests_balance", "error", balance_cells("total"), S3, "总计列：一+二=5，三（七）+四=4，相差1", False),
    ]


def test_requests_row_total_names_a_nested_row_by_its_code() -> None:
    report = zeros("2021")
    report.values["requests.other_unpaid.legal"] = 2
    report.values["requests.results_total.legal"] = 2
    report.values["requests.results_total.total"] = 2
    report.values["requests.new.legal"] = 2
    report.values["requests.new.total"] = 2
    explain(report, "other_explained", "逾期未缴费")
    assert found(report) == [
        ("requests_row_total", "error", row_total_cells("other_unpaid"), S3,
         "“三（六）2.”行：总计=0，各类申请人之和=2，相差2", False),
        ("requests_results_total", "error", results_cells("total", "2021"), S3,
         "总计列：三（七）总计=2，三（一）至（六）各项之和=0，相差2", False),
        ("other_explained", "warning", ("requests.other_unpaid.legal",), S3,
         "（六）其他处理不为 0（法律服务机构·三（六）2.=2），说明：逾期未缴费", True),
    ]


# --- requests_results_total ---------------------------------------------------------------

@pytest.mark.parametrize("version", FORMATS)
def test_requests_results_total_fails(version: str) -> None:
    report = zeros(version)
    report.values["requests.withheld_law.research"] = 2
    report.values["requests.withheld_law.total"] = 2
    assert found(report) == [
        ("requests_results_total", "error", results_cells("research", version), S3,
         "科研机构列：三（七）总计=0，三（一）至（六）各项之和=2，相差2", False),
        ("requests_results_total", "error", results_cells("total", version), S3,
         "总计列：三（七）总计=0，三（一）至（六）各项之和=2，相差2", False),
    ]


@pytest.mark.parametrize("version", FORMATS)
def test_requests_results_total_holds_over_every_result_leaf(version: str) -> None:
    report = zeros(version)
    rows = result_rows(version)
    for n, row in enumerate(rows, start=1):
        report.values[f"requests.{row}.person"] = n
    report.values["requests.new.person"] = sum(range(1, len(rows) + 1))
    explain(report, "other_explained", "见说明")
    report.recompute_totals()
    assert [f.rule for f in check(report)] == ["other_explained"]
    assert report.values["requests.results_total.person"] == sum(range(1, len(rows) + 1))


# --- appeals_total ---------------------------------------------------------------------------

@pytest.mark.parametrize("group, title", [("review", "行政复议"), ("direct", "行政诉讼·未经复议直接起诉"),
                                          ("after_review", "行政诉讼·复议后起诉")])
def test_appeals_total_fails_per_group(group: str, title: str) -> None:
    report = zeros("2021")
    report.values[f"appeals.cases.{group}_pending"] = 3
    report.values[f"appeals.cases.{group}_total"] = 2
    cells = tuple(f"appeals.cases.{group}_{s}" for s in ("total", "upheld", "corrected", "other", "pending"))
    assert found(report) == [
        ("appeals_total", "error", cells, S4, f"{title}：总计=2，结果维持+结果纠正+其他结果+尚未审结=3，相差1", False)]


def test_appeals_total_holds() -> None:
    report = zeros("2019")
    for group in ("review", "direct", "after_review"):
        report.values[f"appeals.cases.{group}_upheld"] = 1
        report.values[f"appeals.cases.{group}_corrected"] = 2
        report.values[f"appeals.cases.{group}_total"] = 3
    assert check(report) == []


# --- items_nonnegative (2019) -------------------------------------------------------------

@pytest.mark.parametrize("table, row, heading, label", [
    ("art20_5", "other_services", "第二十条第（五）项", "其他对外管理服务事项"),
    ("art20_6", "coercion", "第二十条第（六）项", "行政强制"),
    ("art20_8", "fees", "第二十条第（八）项", "行政事业性收费"),
])
def test_items_nonnegative(table: str, row: str, heading: str, label: str) -> None:
    report = zeros("2019")
    report.values[f"{table}.{row}.prev_items"] = 4
    report.values[f"{table}.{row}.change"] = -4
    assert check(report) == []
    report.values[f"{table}.{row}.change"] = -5
    assert found(report) == [
        ("items_nonnegative", "error", (f"{table}.{row}.prev_items", f"{table}.{row}.change"), f"{S2} · {heading}",
         f"{label}行：上一年项目数量+本年增/减=-1，不能为负数", False)]


# --- other_explained --------------------------------------------------------------------------

def test_other_explained_2019_single_row() -> None:
    report = zeros("2019")
    report.values["requests.other.person"] = 1
    report.values["requests.new.person"] = 1
    report.recompute_totals()
    cells = ("requests.other.person", "requests.other.total")
    assert found(report) == [("other_explained", "warning", cells, S3,
                              "（六）其他处理不为 0（自然人·三（六）=1、总计·三（六）=1），需说明原因", False)]
    explain(report, "other_explained", "申请人撤回申请")
    assert found(report) == [("other_explained", "warning", cells, S3,
                              "（六）其他处理不为 0（自然人·三（六）=1、总计·三（六）=1），说明：申请人撤回申请", True)]
    explain(report, "other_explained", "申请人\n撤回申请，" + "并" * 60)
    assert found(report)[0][4].endswith("说明：申请人 撤回申请，" + "并" * 31 + "…")


def test_other_explained_2021_every_sub_item() -> None:
    report = zeros("2021")
    for n, row in enumerate(("other_no_correction", "other_unpaid", "other_misc"), start=1):
        report.values[f"requests.{row}.business"] = n
    report.values["requests.new.business"] = 6
    report.recompute_totals()
    assert found(report) == [(
        "other_explained", "warning",
        ("requests.other_no_correction.business", "requests.other_unpaid.business", "requests.other_misc.business",
         "requests.other_no_correction.total", "requests.other_unpaid.total", "requests.other_misc.total"), S3,
        "（六）其他处理不为 0（商业企业·三（六）1.=1、商业企业·三（六）2.=2、商业企业·三（六）3.=3、"
        "总计·三（六）1.=1、总计·三（六）2.=2、总计·三（六）3.=3），需说明原因", False)]


# --- carry_over -------------------------------------------------------------------------------

def _carried_in(report: Report) -> Report:
    report.values["requests.carried_in.nonprofit"] = 2
    report.values["requests.carried_out.nonprofit"] = 2
    report.recompute_totals()
    return report


@pytest.mark.parametrize("version", FORMATS)
def test_carry_over_only_when_last_year_is_known(version: str) -> None:
    report = _carried_in(zeros(version))
    assert check(report) == []  # no previous figures: nothing to compare with


@pytest.mark.parametrize("version", FORMATS)
def test_carry_over_fails(version: str) -> None:
    report = _carried_in(zeros(version))
    report.previous["requests.carried_out.person"] = 0  # last year is known; its blank cells count as 0
    assert found(report) == [
        ("carry_over", "warning", ("requests.carried_in.nonprofit",), S3,
         "社会公益组织列：本年二、上年结转=2，上年四、结转下年度=0，相差2", False),
        ("carry_over", "warning", ("requests.carried_in.total",), S3,
         "总计列：本年二、上年结转=2，上年四、结转下年度=0，相差2", False),
    ]
    explain(report, "carry_over", "上年数据有误")
    assert all(f.explained for f in check(report))


def test_carry_over_holds() -> None:
    report = _carried_in(zeros("2021"))
    report.previous.update({"requests.carried_out.nonprofit": 2, "requests.carried_out.total": 2})
    assert check(report) == []


# --- in_force_continuity (2021) -----------------------------------------------------------

def test_in_force_continuity() -> None:
    report = zeros("2021")
    report.values["art20_1.normative.issued"] = 5
    report.values["art20_1.normative.repealed"] = 2
    report.values["art20_1.normative.in_force"] = 22
    assert check(report) == []  # last year unknown
    report.previous["art20_1.normative.in_force"] = 20
    assert found(report) == [(
        "in_force_continuity", "warning",
        ("art20_1.normative.in_force", "art20_1.normative.issued", "art20_1.normative.repealed"),
        f"{S2} · 第二十条第（一）项",
        "行政规范性文件行：现行有效件数=22，上年现行有效件数+本年制发−本年废止=23，相差1", False)]
    report.values["art20_1.normative.in_force"] = 23
    assert check(report) == []


# --- items_continuity (2019) --------------------------------------------------------------

def test_items_continuity() -> None:
    report = zeros("2019")
    report.values["art20_6.penalty.prev_items"] = 6
    report.values["art20_6.penalty.change"] = -1
    assert check(report) == []  # last year unknown
    report.previous["art20_6.penalty.prev_items"] = 10
    report.previous["art20_6.penalty.change"] = -5
    assert found(report) == [(
        "items_continuity", "warning", ("art20_6.penalty.prev_items",), f"{S2} · 第二十条第（六）项",
        "行政处罚行：上一年项目数量=6，上年报告的上一年项目数量+本年增/减=5，相差1", False)]
    report.values["art20_6.penalty.prev_items"] = 5
    assert check(report) == []


# --- blank -------------------------------------------------------------------------------------

def test_blank_one_hint_per_table_listing_the_cells() -> None:
    report = zeros("2021")
    del report.values["art20_8.fees.amount"]
    del report.values["appeals.cases.review_upheld"]
    del report.values["appeals.cases.direct_total"]
    assert found(report) == [
        ("blank", "hint", ("art20_8.fees.amount",), f"{S2} · 第二十条第（八）项",
         "1 个单元格未填写，按 0 计算（公开的报告应填 0）：行政事业性收费 · 本年收费金额（单位：万元）", False),
        ("blank", "hint", ("appeals.cases.review_upheld", "appeals.cases.direct_total"), S4,
         "2 个单元格未填写，按 0 计算（公开的报告应填 0）：行政复议·结果维持、行政诉讼·未经复议直接起诉·总计", False),
    ]


def test_blank_lists_the_first_cells_of_a_long_list() -> None:
    report = Report.blank("2019", "测试单位", 2025, auto_totals=False)
    requests = [f for f in check(report) if f.place == S3]
    assert len(requests) == 1 and len(requests[0].cells) == 7 * 23
    assert requests[0].message == (
        "161 个单元格未填写，按 0 计算（公开的报告应填 0）：一 · 自然人、一 · 商业企业、一 · 科研机构、"
        "一 · 社会公益组织、一 · 法律服务机构、一 · 其他、一 · 总计、二 · 自然人等 161 格")


def test_not_applicable_is_not_blank() -> None:
    report = zeros("2019")
    report.values["art20_9.procurement.amount"] = NOT_APPLICABLE
    assert check(report) == []


# --- order, summary -------------------------------------------------------------------------

def test_findings_are_ordered_errors_warnings_hints_and_summarised() -> None:
    report = _carried_in(zeros("2021"))
    report.previous["requests.carried_out.person"] = 0
    report.values["appeals.cases.review_total"] = 1
    del report.values["art20_5.licensing.decisions"]
    findings = check(report)
    assert [f.severity for f in findings] == ["error", "warning", "warning", "hint"]
    assert count_by_severity(findings) == {"error": 1, "warning": 2, "hint": 1, "explained": 0, "stale": 0}
    assert summary(findings) == "1 处错误 · 2 处警告 · 1 处提示"
    explain(report, "carry_over", "已核实")
    assert summary(check(report)) == "1 处错误 · 1 处提示 · 2 处已说明"
    assert summary([]) == "校验通过"


def test_findings_of_one_severity_come_in_the_formats_order() -> None:
    report = _carried_in(zeros("2021"))
    report.previous["requests.carried_out.person"] = 0
    report.values["requests.other_misc.person"] = 1
    report.values["requests.new.person"] = 1
    report.recompute_totals()
    declared = [r.rule for r in report.format.relations]
    rules = [f.rule for f in check(report) if f.severity == "warning"]
    assert rules == ["other_explained", "carry_over", "carry_over"]
    assert rules == sorted(rules, key=declared.index)


def test_every_kind_of_relation_a_format_may_declare_has_a_check() -> None:
    assert set(RELATION_CHECKS) == set(RELATION_KINDS)
    for format_id in FORMATS:
        assert {r.kind for r in load_format(format_id).relations} <= set(RELATION_CHECKS)


# --- incremental rechecks ---------------------------------------------------------------------

def _random_value(rng: random.Random, kind: str) -> Value | None:
    choice = rng.random()
    if choice < 0.15:
        return None
    if choice < 0.2:
        return NOT_APPLICABLE
    if kind == "amount":
        return Decimal(rng.randint(0, 500)) / 100
    low = -5 if kind == "signed" else 0
    return rng.choice([0, 0, 1, 2, rng.randint(low, 30)])


TEXT_EDITS = ["本年共收到政府信息公开申请{n}件，上年结转{m}件。", "办结{n}件，结转下年度继续办理{m}件。",
              "本年共收到政府信息公开申请{{{{三、一·自然人|requests.new.person}}}}件。", "制发规范性文件{n}件。", "无",
              "未发生因政府信息公开引起的行政复议和行政诉讼。", "本年度未收取信息处理费。", ""]


def _edit_text(rng: random.Random, report: Report) -> str:
    section = rng.choice(sorted(report.texts))
    kept = report.texts[section] if rng.random() < 0.5 else ""
    report.texts[section] = kept + rng.choice(TEXT_EDITS).format(n=rng.randint(0, 40), m=rng.randint(0, 5))
    return section


def _toggle_explanation(rng: random.Random, report: Report, findings: list[Finding]) -> str | None:
    warnings = [f for f in findings if f.severity == "warning"]
    if not warnings:
        return None
    chosen = rng.choice(warnings)
    if report.explanations.pop(chosen.key, None) is None:
        stale = rng.random() < 0.3
        report.explanations[chosen.key] = Explanation("说明", {} if stale else dict(chosen.basis))
    return chosen.rule


@pytest.mark.parametrize("source", [*FORMATS, "demo"])
def test_recheck_after_random_edits_equals_a_full_check(source: str) -> None:
    """Cells, last year's figures, explanations and texts (with live fields) edited at random:
    the checker's incremental findings always equal a full check."""
    rng = random.Random(f"recheck-{source}")
    report = load_report(DEMO_EXAMPLE) if source == "demo" else zeros(source)
    kinds = report.format.cell_kinds()
    keys = list(kinds)
    rules = sorted({r.rule for r in report.format.relations})
    checker = Checker(report)
    assert checker.findings == check(report)
    for step in range(1500):
        action = rng.random()
        if action < 0.75:
            key = rng.choice(keys)
            before = {f: None for f in checker.findings}
            report.set_value(key, _random_value(rng, kinds[key]))
            touched = checker.recheck([key])
            after = checker.findings
            changed = set(before) ^ set(after)
            assert {c for f in changed for c in f.cells} <= touched
        elif action < 0.82:
            key = rng.choice(keys)
            value = _random_value(rng, kinds[key])
            if value is None:
                report.previous.pop(key, None)
            else:
                report.previous[key] = value
            checker.recheck(rules=[r for r in rules if r in ("carry_over", "in_force_continuity", "items_continuity")])
        elif action < 0.9:
            checker.recheck(texts=[_edit_text(rng, report)])
        else:
            rule = _toggle_explanation(rng, report, checker.findings)
            checker.recheck(rules=[rule] if rule else [])
        assert checker.findings == check(report), f"step {step}"


def test_recheck_touches_only_the_rules_that_read_the_cell() -> None:
    report = zeros("2021")
    checker = Checker(report)
    report.values["appeals.cases.review_upheld"] = 1
    touched = checker.recheck(["appeals.cases.review_upheld"])
    assert touched == {"appeals.cases.review_total", "appeals.cases.review_upheld", "appeals.cases.review_corrected",
                       "appeals.cases.review_other", "appeals.cases.review_pending"}
    assert [f.rule for f in checker.findings] == ["appeals_total"]
    assert checker.recheck(["requests.new.person"]) == set()  # unchanged cell: nothing new
    report.values["appeals.cases.review_upheld"] = 0
    checker.recheck(["appeals.cases.review_upheld"])
    assert checker.findings == []


def test_finding_knows_its_table() -> None:
    finding = Finding("blank", "hint", ("appeals.cases.review_total",), "x", S4)
    assert finding.table == "appeals"


def test_recompute_totals_fills_every_total_from_its_parts() -> None:
    report = Report.blank("2021", "测试单位", 2025)
    assert report.auto_totals and report.is_computed("requests.results_total.person")
    assert not report.is_computed("requests.new.person")
    report.values.update({"requests.granted.person": 2, "requests.other_misc.legal": 1,
                          "appeals.cases.direct_upheld": 4, "requests.new.person": NOT_APPLICABLE})
    changed = report.recompute_totals()
    assert changed == {"requests.granted.total", "requests.results_total.person", "requests.results_total.legal",
                       "requests.results_total.total", "requests.other_misc.total", "appeals.cases.direct_total"}
    assert report.values["requests.results_total.total"] == 3  # a total of totals settles
    assert report.values["requests.new.total"] == 0  # "/" counts as 0
    assert report.recompute_totals() == set()
