"""The years a report may have."""
from __future__ import annotations

from model.report import YEAR_RANGE, year_refusal


def test_years_outside_the_range_are_refused_in_the_clerks_words() -> None:
    assert year_refusal(YEAR_RANGE.start) is None and year_refusal(YEAR_RANGE.stop - 1) is None
    assert year_refusal(1999) == "年度 1999 超出本程序支持的范围（2000–2100）"
    assert year_refusal(2101) == "年度 2101 超出本程序支持的范围（2000–2100）"
