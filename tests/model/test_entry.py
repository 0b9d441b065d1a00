"""What the clerk has entered, and 待填写 (pending) findings of parts not started."""
from __future__ import annotations

import pytest

from conftest import DEMO_EXAMPLE
from model.carry import carry_forward
from model.entry import entered_cells, mark_pending
from model.report import Report
from model.rules import Checker, check, summary
from model.storage import load_report

PERSON = "requests.new.person"


def carried() -> Report:
    """A fresh 由上年报告新建 report: only 二、上年结转 (and last year's figures) are in."""
    return carry_forward(load_report(DEMO_EXAMPLE))


def balance_of(findings: list, column: str):  # type: ignore[no-untyped-def]
    return next(f for f in findings if f.rule == "requests_balance" and f"requests.new.{column}" in f.cells)


def test_an_untouched_carried_report_is_pending_not_wrong() -> None:
    report = carried()
    findings = check(report)
    assert {f.severity for f in findings if f.rule != "blank"} == {"error", "warning"}
    shown = mark_pending(report, findings)
    relations = {r.rule for r in report.format.relations}
    assert all(f.pending for f in shown if f.rule in relations)
    assert not any(f.pending for f in shown if f.rule not in relations)  # blank hints, empty texts
    assert {f.rule for f in shown if f.severity == "warning" and not f.pending} == {"text_empty"}
    assert summary(shown) == "3 处警告 · 5 处待填写 · 6 处提示"
    assert [f.rule for f in shown][:4] == ["text_empty"] * 3 + ["requests_balance"]  # listed as shown
    assert summary(findings) == "3 处错误 · 5 处警告 · 6 处提示"  # check, exports: unchanged


@pytest.mark.parametrize("typed", [3, 0])
def test_a_figure_typed_in_a_part_makes_its_findings_real(typed: int) -> None:
    """Even a 0 typed into a blank cell is an entry: the part has been started."""
    report = carried()
    report.set_value(PERSON, typed)
    report.recompute_totals()
    shown = mark_pending(report, check(report))
    assert not balance_of(shown, "person").pending
    assert balance_of(shown, "nonprofit").pending  # another column, still untouched


def test_a_carried_cell_changed_by_the_clerk_counts_as_entered() -> None:
    report = carried()
    carried_key = next(iter(sorted(report.carried)))
    assert not entered_cells(report, [carried_key])
    report.set_value(carried_key, 7)
    assert entered_cells(report, [carried_key]) == {carried_key}


def test_a_computed_total_is_entered_once_a_figure_it_adds_up_is() -> None:
    """So the 总计 column's balance is real once the clerk has typed in its rows."""
    report = carried()
    totals = ["requests.new.total", "requests.carried_in.total", "requests.results_total.total"]
    assert not entered_cells(report, totals)  # 0 and carried figures only
    report.set_value("requests.partial.person", 5)
    report.recompute_totals()
    assert entered_cells(report, totals) == {"requests.results_total.total"}  # a total of totals
    shown = mark_pending(report, check(report))
    assert not balance_of(shown, "total").pending and balance_of(shown, "nonprofit").pending


def test_manual_totals_are_entered_when_filled() -> None:
    report = carried()
    report.auto_totals = False
    report.set_value("requests.new.total", 4)
    assert entered_cells(report, ["requests.new.total", PERSON]) == {"requests.new.total"}


def test_imported_or_opened_figures_count_as_entered() -> None:
    """Figures from elsewhere (an import, an opened file) were entered by someone."""
    report = load_report(DEMO_EXAMPLE)
    report.set_value(PERSON, 25)
    report.recompute_totals()
    assert not any(f.pending for f in mark_pending(report, check(report)))


def test_pending_follows_the_incremental_checker() -> None:
    report = carried()
    checker = Checker(report)
    assert balance_of(mark_pending(report, checker.findings), "person").pending
    report.set_value("requests.granted.person", 1)
    report.recompute_totals()
    checker.recheck(keys={"requests.granted.person", "requests.results_total.person"})
    assert not any(f.rule == "requests_balance" and PERSON in f.cells for f in checker.findings)
