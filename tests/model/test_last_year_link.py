"""关联上年报告 in the model: last year's texts read from any report file for text_repeated."""
from __future__ import annotations

from pathlib import Path

import pytest

from export.docx import write_docx
from export.xlsx import write_xlsx
from model.carry import carry_forward
from model.fields import printed_text
from model.lastyear import LastYearError, read_last_year_texts
from model.report import Report
from model.rules import check
from model.storage import load_report, save_report

from conftest import DEMO_EXAMPLE, SEED_EXAMPLE


def this_year(last: Report) -> Report:
    """Next year's report started from a blank form (新建), its texts typed from last year's."""
    report = Report.blank(last.format.id, last.unit, last.year + 1)
    report.texts.update(last.texts)
    return report


def repeated(report: Report) -> set[str]:
    return {f.anchor for f in check(report) if f.rule == "text_repeated"}


def test_texts_are_read_from_a_project_file_as_printed() -> None:
    last = load_report(DEMO_EXAMPLE)
    report = this_year(last)
    assert repeated(report) == set()
    linked = read_last_year_texts(DEMO_EXAMPLE, report)
    assert (linked.file, linked.year) == (DEMO_EXAMPLE.name, 2025)
    assert linked.texts == {k: printed_text(last, k) for k in ("overview", "problems", "other")}
    assert linked.summary() == "已关联上年报告“demo-2025.json”（2025年度）：3 个文字部分将与上年比较"
    report.previous_texts = linked.texts
    assert repeated(report) == {"overview", "problems", "other"}


def test_the_texts_are_those_carry_keeps(tmp_path: Path) -> None:
    last = load_report(DEMO_EXAMPLE)
    last.texts["problems"] = "共收到申请{{申请|requests.new.total}}件。"
    save_report(last, tmp_path / "last.json")
    assert read_last_year_texts(tmp_path / "last.json", this_year(last)).texts == carry_forward(last).previous_texts


def test_texts_are_read_from_an_exported_workbook(tmp_path: Path) -> None:
    last = load_report(DEMO_EXAMPLE)
    workbook = tmp_path / "2025年报告.xlsx"
    write_xlsx(last, workbook)
    report = this_year(last)
    report.texts["other"] = "本年度未收取信息处理费。"
    linked = read_last_year_texts(workbook, report)
    assert linked.file == "2025年报告.xlsx" and linked.year == 2025
    assert linked.texts == {k: printed_text(last, k) for k in ("overview", "problems", "other")}
    report.previous_texts = linked.texts
    assert repeated(report) == {"overview", "problems"}


def test_texts_are_read_from_a_word_report(tmp_path: Path) -> None:
    last = load_report(DEMO_EXAMPLE)
    document = tmp_path / "上年报告.docx"
    write_docx(last, document)
    report = this_year(last)
    report.previous_texts = read_last_year_texts(document, report).texts
    assert "overview" in repeated(report)


def test_texts_of_the_sections_this_format_has_are_kept_across_formats() -> None:
    last = load_report(SEED_EXAMPLE)  # 2020, the 2019 format
    report = Report.blank("2021", last.unit, 2021)
    linked = read_last_year_texts(SEED_EXAMPLE, report)
    assert set(linked.texts) <= {s.id for s in report.format.text_sections()} and linked.texts
    assert linked.year == 2020


@pytest.mark.parametrize("year", [2025, 2024])
def test_a_report_of_the_same_or_a_later_year_is_refused(year: int) -> None:
    with pytest.raises(LastYearError) as refused:
        read_last_year_texts(DEMO_EXAMPLE, Report.blank("2021", "某某局", year))
    assert str(refused.value) == (f"无法关联上年报告“demo-2025.json”：它是2025年度的报告，而本报告是{year}年度的，"
                                  "请选择更早年度的报告")


def test_an_earlier_year_than_the_last_is_accepted() -> None:
    assert read_last_year_texts(DEMO_EXAMPLE, Report.blank("2021", "某某局", 2027)).year == 2025


def test_a_report_whose_texts_are_all_empty_is_refused(tmp_path: Path) -> None:
    last = load_report(DEMO_EXAMPLE)
    last.texts = {k: " \n" for k in last.texts}
    save_report(last, tmp_path / "空.json")
    with pytest.raises(LastYearError, match="无法关联上年报告“空.json”：它的文字部分都是空的"):
        read_last_year_texts(tmp_path / "空.json", this_year(last))


@pytest.mark.parametrize("name, content, reason", [
    ("坏文件.json", "{", "文件内容已损坏"),
    ("不存在.xlsx", None, "找不到文件"),
    ("乱码.xlsx", "不是工作簿", ""),
])
def test_an_unreadable_file_is_refused_in_chinese(tmp_path: Path, name: str, content: str | None, reason: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(LastYearError) as refused:
        read_last_year_texts(path, Report.blank("2021", "某某局", 2026))
    message = str(refused.value)
    assert message.startswith(f"无法关联上年报告“{name}”：") and reason in message
    assert "Error" not in message and "errno" not in message.lower()
