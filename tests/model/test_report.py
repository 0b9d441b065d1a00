"""The report's own names: the file name offered for it, the years it may have."""
from __future__ import annotations

import pytest

from model.report import YEAR_RANGE, Report, year_refusal


def test_file_name_is_the_official_title() -> None:
    report = Report.blank("2019", "南开区文化和旅游局", 2020)
    assert report.file_name(".pdf") == "南开区文化和旅游局2020年政府信息公开工作年度报告.pdf"


@pytest.mark.parametrize("unit, name", [
    ('某局/办公室:"一"<二>|?*', '某局_办公室__一__二____2025年政府信息公开工作年度报告.json'),
    ("某局\t\n", "某局__2025年政府信息公开工作年度报告.json"),
    ("..某局", "某局2025年政府信息公开工作年度报告.json"),
])
def test_file_name_is_safe_on_windows(unit: str, name: str) -> None:
    assert Report.blank("2021", unit, 2025).file_name(".json") == name


def test_years_outside_the_range_are_refused_in_the_clerks_words() -> None:
    assert year_refusal(YEAR_RANGE.start) is None and year_refusal(YEAR_RANGE.stop - 1) is None
    assert year_refusal(1999) == "年度 1999 超出本程序支持的范围（2000–2100）"
    assert year_refusal(2101) == "年度 2101 超出本程序支持的范围（2000–2100）"
