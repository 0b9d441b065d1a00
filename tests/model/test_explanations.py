"""Explanations belong to one finding: keyed by rule and anchor, written for its figures, 待复核
when those change, and older files (keyed by rule) attached to the findings of that rule."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_rules import zeros

from model.explanations import Explanation, adopt_rule_keys, state_of, written_for
from model.report import Report
from model.rules import check, count_by_severity, summary
from model.storage import dumps, load_report, loads, save_report


def in_force_report() -> Report:
    """Both rows of 第二十条第（一）项 break 现行有效件数 continuity."""
    report = zeros("2021")
    report.values.update({"art20_1.regulations.in_force": 5, "art20_1.normative.in_force": 22})
    report.previous.update({"art20_1.regulations.in_force": 4, "art20_1.normative.in_force": 20})
    return report


def test_explaining_one_row_leaves_the_other_unexplained() -> None:
    report = in_force_report()
    regulations, normative = check(report)
    assert (regulations.key, normative.key) == ("in_force_continuity@art20_1.regulations.in_force",
                                                "in_force_continuity@art20_1.normative.in_force")
    report.explanations[regulations.key] = written_for(regulations, "上年数据有误，已更正")
    assert [(f.cells[0], f.explained, f.stale) for f in check(report)] == [
        ("art20_1.regulations.in_force", True, False), ("art20_1.normative.in_force", False, False)]
    assert summary(check(report)) == "1 处警告 · 1 处已说明"


def test_a_later_warning_of_the_same_rule_is_not_born_explained() -> None:
    report = zeros("2021")
    report.values["art20_1.regulations.in_force"] = 5
    report.previous["art20_1.regulations.in_force"] = 4
    [first] = check(report)
    report.explanations[first.key] = written_for(first, "已核实")
    report.values["art20_1.normative.in_force"] = 3
    assert [(f.cells[0], f.explained) for f in check(report)] == [
        ("art20_1.regulations.in_force", True), ("art20_1.normative.in_force", False)]


def test_changed_figures_make_the_explanation_stale_until_confirmed_or_rewritten() -> None:
    report = in_force_report()
    regulations = check(report)[0]
    report.explanations[regulations.key] = written_for(regulations, "上年数据有误")
    report.values["art20_1.regulations.in_force"] = 6  # the figure the explanation was written for changes
    stale = check(report)[0]
    assert (stale.explained, stale.stale) == (False, True)
    assert count_by_severity(check(report)) == {"error": 0, "warning": 1, "hint": 0, "explained": 0, "stale": 1}
    assert summary(check(report)) == "1 处警告 · 1 处说明待复核"
    report.explanations[stale.key] = written_for(stale, report.explanations[stale.key].text)  # confirmed
    assert (check(report)[0].explained, check(report)[0].stale) == (True, False)
    report.values["art20_1.regulations.in_force"] = 5  # back to the figures it was first written for
    assert check(report)[0].stale
    rewritten = check(report)[0]
    report.explanations[rewritten.key] = written_for(rewritten, "重新核实")
    assert check(report)[0].explained


def test_stale_explanation_of_other_explained_says_so_in_its_message() -> None:
    report = zeros("2021")
    report.values.update({"requests.other_misc.person": 1, "requests.other_misc.total": 1,
                          "requests.new.person": 1, "requests.new.total": 1,
                          "requests.results_total.person": 1, "requests.results_total.total": 1})
    [finding] = check(report)
    report.explanations[finding.key] = written_for(finding, "申请人撤回")
    assert check(report)[0].message.endswith("说明：申请人撤回")
    report.values.update({"requests.other_misc.person": 2, "requests.other_misc.total": 2,
                          "requests.new.person": 2, "requests.new.total": 2,
                          "requests.results_total.person": 2, "requests.results_total.total": 2})
    assert check(report)[0].message.endswith("说明（待复核）：申请人撤回")


def test_a_text_finding_is_explained_for_its_numbers() -> None:
    report = zeros("2021")
    report.values.update({"requests.new.person": 30, "requests.new.total": 30, "requests.granted.person": 30,
                          "requests.granted.total": 30, "requests.results_total.person": 30,
                          "requests.results_total.total": 30})
    report.texts["overview"] += "本年共收到政府信息公开申请29件。"
    [finding] = check(report)
    report.explanations[finding.key] = written_for(finding, "文中数字不含一件重复申请")
    assert check(report)[0].explained
    report.texts["overview"] = report.texts["overview"].replace("29件", "28件")
    assert check(report)[0].stale


OLD_FILE = {
    "app": "nianbao", "schema": 1, "format": "2021", "unit": "甲局", "year": 2025,
    "values": {"art20_1.regulations.in_force": 5, "art20_1.normative.in_force": 22},
    "previous": {"art20_1.regulations.in_force": 4, "art20_1.normative.in_force": 20},
    "explanations": {"in_force_continuity": "上年数据有误", "carry_over": "上年结转已核实"},
}


def test_old_files_keyed_by_rule_attach_to_the_matching_findings(tmp_path: Path) -> None:
    report = loads(json.dumps(OLD_FILE, ensure_ascii=False))
    assert report.explanations == {
        "in_force_continuity@art20_1.regulations.in_force": Explanation(
            "上年数据有误", {"art20_1.regulations.in_force": "5", "previous:art20_1.regulations.in_force": "4",
                          "art20_1.regulations.issued": "", "art20_1.regulations.repealed": ""}),
        "in_force_continuity@art20_1.normative.in_force": Explanation(
            "上年数据有误", {"art20_1.normative.in_force": "22", "previous:art20_1.normative.in_force": "20",
                          "art20_1.normative.issued": "", "art20_1.normative.repealed": ""}),
        "carry_over@*": Explanation("上年结转已核实"),  # no carry_over warning now: kept, attached to nothing
    }
    assert [f.explained for f in check(report) if f.rule == "in_force_continuity"] == [True, True]
    # a carry_over warning that appears later is not born explained, also after saving and reopening
    report.values["requests.carried_in.person"] = 2
    report.values["requests.carried_in.total"] = 2
    report.previous["requests.carried_out.person"] = 1
    path = tmp_path / "r.json"
    save_report(report, path)
    again = load_report(path)
    assert [(f.rule, f.explained) for f in check(again) if f.rule == "carry_over"] == [
        ("carry_over", False), ("carry_over", False)]
    assert json.loads(dumps(again))["explanations"]["carry_over@*"] == "上年结转已核实"


def test_adopting_calls_for_findings_only_when_there_are_old_keys() -> None:
    explanations = {"carry_over@requests.carried_in.total": Explanation("x")}

    def no_findings() -> list[object]:
        raise AssertionError("findings computed for nothing")

    adopt_rule_keys(explanations, no_findings)  # type: ignore[arg-type]
    assert list(explanations) == ["carry_over@requests.carried_in.total"]


def test_state_of_each_explanation() -> None:
    report = in_force_report()
    regulations, normative = check(report)
    report.explanations[regulations.key] = written_for(regulations, "甲")
    report.explanations[normative.key] = written_for(normative, "乙")
    report.explanations["carry_over@requests.carried_in.total"] = Explanation("丙", {})
    report.values["art20_1.normative.in_force"] = 21
    current = {f.key: f for f in check(report)}
    assert {key: state_of(key, e, current) for key, e in report.explanations.items()} == {
        regulations.key: "current", normative.key: "stale", "carry_over@requests.carried_in.total": "unmatched"}


@pytest.mark.parametrize("key", ["nothing@x", "nothing"])
def test_explanations_for_unknown_rules_are_refused(key: str) -> None:
    data = dict(OLD_FILE, explanations={key: "…"})
    with pytest.raises(Exception, match="有本格式没有的校验规则"):
        loads(json.dumps(data, ensure_ascii=False))


def test_explanations_of_text_and_completeness_rules_load() -> None:
    data = dict(OLD_FILE, explanations={"text_figures@overview/requests_new": {"text": "含重复申请", "figures": {}},
                                        "year_format@year": "按上级要求沿用旧格式"})
    report = loads(json.dumps(data, ensure_ascii=False))
    assert report.explanations["year_format@year"] == Explanation("按上级要求沿用旧格式")
