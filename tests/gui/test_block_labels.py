"""Paste with labels: a block from the clerk's own workbook lands where its labels say."""
from __future__ import annotations

from decimal import Decimal

import pytest

from gui.block_edit import PasteRefused, parse_tsv, plan_labelled_paste, plan_paste
from model.layout import section_grid
from model.report import Report

REQUESTS_ROWS = ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量"]


def blank(format_id: str = "2021") -> Report:
    return Report.blank(format_id, "某局", 2025 if format_id == "2021" else 2020)


def paste(report: Report, section: str, key: str | None, text: str) -> dict:  # type: ignore[type-arg]
    """Plan a paste with the cursor on `key` (None: on the first label cell)."""
    grid = section_grid(report.format, section)
    cell = grid.cell_for(key) if key else grid.at(grid.header_rows, 0)
    assert cell is not None
    block = parse_tsv(text)
    return plan_labelled_paste(grid, report, cell.row, block) or plan_paste(
        grid, report, cell.row, cell.col, block)


PLACED = {
    # row labels in the clerk's spelling (half-width brackets, no numbering, extra spaces), any order
    "row labels, cursor anywhere": (
        "requests", "requests.withheld_secret.legal",
        "二、 上年结转政府信息公开申请数量\t1\t2\n(二)部分公开(区分处理的,只计这一情形,不计其他情形)\t3\t4\n"
        "一、本年新收政府信息公开申请数量\t5\t6\n",
        {"requests.carried_in.person": 1, "requests.carried_in.business": 2, "requests.partial.person": 3,
         "requests.partial.business": 4, "requests.new.person": 5, "requests.new.business": 6}),
    # three label columns as the form has them; the group's own row carries no figure
    "group labels in front": (
        "requests", "requests.new.person",
        "三、本年度办理结果\t\t\t\t\n\t（三）不予公开\t1.属于国家秘密\t1\t0\n\t\t2.其他法律行政法规禁止公开\t0\t2\n",
        {"requests.withheld_secret.person": 1, "requests.withheld_secret.business": 0,
         "requests.withheld_law.person": 0, "requests.withheld_law.business": 2}),
    # without headings the figures stand beside their label as in the form
    "no headings": (
        "requests", "requests.new.research", f"{REQUESTS_ROWS[0]}\t7\t8",
        {"requests.new.person": 7, "requests.new.business": 8}),
    "headings in any order": (
        "requests", "requests.carried_out.legal", f"\t商业企业\t自然人\n{REQUESTS_ROWS[0]}\t4\t9\n",
        {"requests.new.business": 4, "requests.new.person": 9}),
    # headings alone: the rows follow from the cursor's row
    "headings alone": (
        "requests", "requests.carried_in.legal", "科研机构\t自然人\n3\t1\n",
        {"requests.carried_in.research": 3, "requests.carried_in.person": 1}),
    # 四 has 结果维持 three times: the group headings over them decide
    "repeated headings": (
        "appeals", "appeals.cases.review_upheld",
        "行政复议\t\t行政诉讼\t\n\t\t未经复议直接起诉\t复议后起诉\n结果维持\t结果纠正\t结果维持\t结果维持\n1\t2\t3\t4\n",
        {"appeals.cases.review_upheld": 1, "appeals.cases.review_corrected": 2,
         "appeals.cases.direct_upheld": 3, "appeals.cases.after_review_upheld": 4}),
    # the stacked tables of 二, each row by its label; the headings name only the first table's columns
    "stacked tables": (
        "proactive", "art20_5.licensing.decisions",
        "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t1\t0\t5\n行政规范性文件\t2\t1\t7\n"
        "行政事业性收费\t12.5\n",
        {"art20_1.regulations.issued": 1, "art20_1.regulations.repealed": 0, "art20_1.regulations.in_force": 5,
         "art20_1.normative.issued": 2, "art20_1.normative.repealed": 1, "art20_1.normative.in_force": 7,
         "art20_8.fees.amount": Decimal("12.50")}),
}


@pytest.mark.parametrize("section, cursor, text, expected", list(PLACED.values()), ids=list(PLACED))
def test_a_block_with_labels_lands_where_its_labels_say(section: str, cursor: str, text: str,
                                                        expected: dict) -> None:  # type: ignore[type-arg]
    assert paste(blank(), section, cursor, text) == expected


def test_a_computed_total_in_the_block_is_accepted_when_it_agrees() -> None:
    report = blank()
    text = ("\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计\n"
            f"{REQUESTS_ROWS[0]}\t1\t2\t0\t0\t0\t0\t3\n")
    assert paste(report, "requests", "requests.new.person", text)["requests.new.business"] == 2
    with pytest.raises(PasteRefused, match="一 · 总计由程序自动计算（应为 3），不能粘贴为 4"):
        paste(report, "requests", "requests.new.person", text.replace("\t3\n", "\t4\n"))


@pytest.mark.parametrize("text, reason", [
    ("本年新收申请\t1\n", None),  # no label matches: an ordinary paste, refused by its text
    (f"{REQUESTS_ROWS[0]}\t1\n本年受理\t2\n", "粘贴内容第 2 行的行标题“本年受理”不是本表的行"),
    (f"\t自然人\t人数\n{REQUESTS_ROWS[0]}\t1\t2\n", "粘贴内容第 3 列的列标题“人数”不是本表的列"),
    (f"{REQUESTS_ROWS[0]}\t1\tabc\n", "一 · 商业企业：“abc”不能粘贴"),
    (f"{REQUESTS_ROWS[0]}\t1\t2\t3\t4\t5\t6\t7\t8\n", "“一、本年新收政府信息公开申请数量”一行的数字（第 9 列）超出了表格范围"),
    ("（三）不予公开\t4\n", "“（三）不予公开”是分组标题，没有可填的单元格"),
])
def test_a_genuinely_wrong_block_is_refused_naming_the_label_or_cell(text: str, reason: str | None) -> None:
    with pytest.raises(PasteRefused) as refused:
        paste(blank(), "requests", "requests.new.person", text)
    assert reason is None or reason in str(refused.value)


def test_a_block_without_labels_is_left_to_the_ordinary_paste() -> None:
    report = blank()
    grid = section_grid(report.format, "requests")
    cell = grid.cell_for("requests.new.person")
    assert plan_labelled_paste(grid, report, cell.row, parse_tsv("1\t2\n3\t4\n")) is None


def test_an_empty_column_with_a_foreign_heading_is_ignored() -> None:
    text = f"\t自然人\t备注\n{REQUESTS_ROWS[0]}\t6\t\n"
    assert paste(blank(), "requests", "requests.new.person", text) == {"requests.new.person": 6}
