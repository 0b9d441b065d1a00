"""First guard: both examples load and the 2021 example is fully consistent."""
from model.rules import check
from model.storage import load_report

from conftest import DEMO_EXAMPLE, SEED_EXAMPLE


def test_demo_example_has_no_errors_or_unexplained_warnings() -> None:
    findings = check(load_report(DEMO_EXAMPLE))
    assert [f for f in findings if not f.explained and f.severity != "hint"] == []


def test_seed_example_keeps_the_published_penalty_figures() -> None:
    report = load_report(SEED_EXAMPLE)
    assert report.format.id == "2019"
    assert report.unit == "南开区文化和旅游局" and report.year == 2020
    assert report.values["art20_6.penalty.prev_items"] == 10
    assert report.values["art20_6.penalty.change"] == -5
    assert report.values["art20_6.penalty.decisions"] == 5
