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


def test_row_labels_place_the_rows_wherever_the_cursor_is() -> None:
    """Labels in the clerk's spelling: half-width brackets, no numbering, extra spaces."""
    text = ("二、 上年结转政府信息公开申请数量\t1\t2\n"
            "(二)部分公开(区分处理的,只计这一情形,不计其他情形)\t3\t4\n"
            "一、本年新收政府信息公开申请数量\t5\t6\n")
    changes = paste(blank(), "requests", "requests.withheld_secret.legal", text)
    assert changes == {"requests.carried_in.person": 1, "requests.carried_in.business": 2,
                       "requests.partial.person": 3, "requests.partial.business": 4,
                       "requests.new.person": 5, "requests.new.business": 6}


def test_row_labels_with_the_group_labels_in_front_and_a_group_row_between() -> None:
    """Three label columns as the official form has them; the group's own row carries no figure."""
    text = ("三、本年度办理结果\t\t\t\t\n"
            "\t（三）不予公开\t1.属于国家秘密\t1\t0\n"
            "\t\t2.其他法律行政法规禁止公开\t0\t2\n")
    changes = paste(blank(), "requests", "requests.new.person", text)
    assert changes == {"requests.withheld_secret.person": 1, "requests.withheld_secret.business": 0,
                       "requests.withheld_law.person": 0, "requests.withheld_law.business": 2}


def test_without_headings_the_figures_stand_beside_their_label_as_in_the_form() -> None:
    changes = paste(blank(), "requests", "requests.new.research", f"{REQUESTS_ROWS[0]}\t7\t8")
    assert changes == {"requests.new.person": 7, "requests.new.business": 8}


def test_column_headings_place_the_columns_in_any_order() -> None:
    text = ("\t商业企业\t自然人\n"
            f"{REQUESTS_ROWS[0]}\t4\t9\n")
    changes = paste(blank(), "requests", "requests.carried_out.legal", text)
    assert changes == {"requests.new.business": 4, "requests.new.person": 9}


def test_headings_alone_place_the_columns_from_the_cursors_row() -> None:
    text = "科研机构\t自然人\n3\t1\n"
    changes = paste(blank(), "requests", "requests.carried_in.legal", text)
    assert changes == {"requests.carried_in.research": 3, "requests.carried_in.person": 1}


def test_repeated_headings_are_told_apart_by_their_groups() -> None:
    """四 has 结果维持 three times: the group headings over them decide."""
    text = ("行政复议\t\t行政诉讼\t\n"
            "\t\t未经复议直接起诉\t复议后起诉\n"
            "结果维持\t结果纠正\t结果维持\t结果维持\n"
            "1\t2\t3\t4\n")
    changes = paste(blank(), "appeals", "appeals.cases.review_upheld", text)
    assert changes == {"appeals.cases.review_upheld": 1, "appeals.cases.review_corrected": 2,
                       "appeals.cases.direct_upheld": 3, "appeals.cases.after_review_upheld": 4}


def test_stacked_tables_of_section_two_by_their_row_labels() -> None:
    text = ("信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"
            "规章\t1\t0\t5\n"
            "行政规范性文件\t2\t1\t7\n"
            "行政事业性收费\t12.5\n")
    changes = paste(blank(), "proactive", "art20_5.licensing.decisions", text)
    assert changes == {"art20_1.regulations.issued": 1, "art20_1.regulations.repealed": 0,
                       "art20_1.regulations.in_force": 5, "art20_1.normative.issued": 2,
                       "art20_1.normative.repealed": 1, "art20_1.normative.in_force": 7,
                       "art20_8.fees.amount": Decimal("12.50")}


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
