"""The official grid of every table: header rows, label columns, merged spans. Every format
shipped is drawn without gaps; the official ones are checked span by span."""
from __future__ import annotations

import pytest

from model.formats import load_format
from model.layout import Grid, GridCell, label_words, report_grid, section_grid, spread_heights, table_grid
from model.report import Report

from conftest import FORMATS

VERSIONS = ["2019", "2021"]  # the formats whose official grids are written out below


def cell(grid: Grid, text: str, role: str | None = None) -> GridCell:
    matches = [c for c in grid.cells if c.text == text and (role is None or c.role == role)]
    assert len(matches) == 1, f"{text}: {len(matches)} cells"
    return matches[0]


def box(c: GridCell) -> tuple[int, int, int, int]:
    return (c.row, c.col, c.row_span, c.col_span)


@pytest.mark.parametrize("version", FORMATS)
def test_grid_is_covered_without_gaps_or_overlaps(version: str) -> None:
    fmt = load_format(version)
    for section in fmt.table_sections():
        grid = section_grid(fmt, section.id)  # overlapping cells would raise while building
        for r in range(grid.rows):
            for c in range(grid.cols):
                assert grid.at(r, c) is not None, (section.id, r, c)
        keys = [c.key for c in grid.value_cells()]
        expected = [k for t in section.tables for k in fmt.tables[t].cell_keys()]
        assert keys == expected  # every cell once, in reading order
        for key in keys:
            assert grid.cell_for(key).key == key


@pytest.mark.parametrize("version", VERSIONS)
def test_requests_grid(version: str) -> None:
    fmt = load_format(version)
    grid = section_grid(fmt, "requests")
    leaves = 23 if version == "2019" else 25
    assert (grid.rows, grid.cols, grid.label_cols, grid.header_rows) == (3 + leaves, 3 + 7, 3, 3)
    note = cell(grid, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "note")
    assert box(note) == (0, 0, 3, 3)  # over all the label columns and header rows
    assert box(cell(grid, "申请人情况")) == (0, 3, 1, 7)
    assert box(cell(grid, "自然人")) == (1, 3, 2, 1)
    assert box(cell(grid, "法人或其他组织")) == (1, 4, 1, 5)
    assert [box(cell(grid, label)) for label in ("商业企业", "科研机构", "社会公益组织", "法律服务机构")] == [
        (2, 4, 1, 1), (2, 5, 1, 1), (2, 6, 1, 1), (2, 7, 1, 1)]
    assert box(cell(grid, "其他", "column")) == (2, 8, 1, 1)
    assert box(cell(grid, "总计", "column")) == (1, 9, 2, 1)
    assert box(cell(grid, "一、本年新收政府信息公开申请数量")) == (3, 0, 1, 3)
    assert box(cell(grid, "二、上年结转政府信息公开申请数量")) == (4, 0, 1, 3)
    assert box(cell(grid, "三、本年度办理结果")) == (5, 0, leaves - 3, 1)  # spans the rows of its leaves
    assert box(cell(grid, "（一）予以公开")) == (5, 1, 1, 2)
    assert box(cell(grid, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")) == (6, 1, 1, 2)
    assert box(cell(grid, "（三）不予公开")) == (7, 1, 8, 1)
    assert box(cell(grid, "1.属于国家秘密")) == (7, 2, 1, 1)
    assert box(cell(grid, "8.属于行政查询事项")) == (14, 2, 1, 1)
    assert box(cell(grid, "（四）无法提供")) == (15, 1, 3, 1)
    assert box(cell(grid, "（五）不予处理")) == (18, 1, 5, 1)
    assert box(cell(grid, "5.要求行政机关确认或重新出具已获取信息")) == (22, 2, 1, 1)
    if version == "2019":
        assert box(cell(grid, "（六）其他处理")) == (23, 1, 1, 2)
    else:
        assert box(cell(grid, "（六）其他处理")) == (23, 1, 3, 1)
        assert box(cell(grid, "3.其他")) == (25, 2, 1, 1)
    last = grid.rows - 1
    assert box(cell(grid, "（七）总计")) == (last - 1, 1, 1, 2)
    assert box(cell(grid, "四、结转下年度继续办理")) == (last, 0, 1, 3)
    assert grid.cell_for("requests.new.person") == GridCell(3, 3, 1, 1, "value", "", "requests.new.person", "count")
    assert box(grid.cell_for("requests.carried_out.total")) == (last, 9, 1, 1)


@pytest.mark.parametrize("version", VERSIONS)
def test_appeals_grid(version: str) -> None:
    grid = section_grid(load_format(version), "appeals")
    assert (grid.rows, grid.cols, grid.label_cols, grid.header_rows) == (4, 15, 0, 3)
    assert box(cell(grid, "行政复议")) == (0, 0, 1, 5)
    assert box(cell(grid, "行政诉讼")) == (0, 5, 1, 10)
    assert box(cell(grid, "未经复议直接起诉")) == (1, 5, 1, 5)
    assert box(cell(grid, "复议后起诉")) == (1, 10, 1, 5)
    headers = sorted((c for c in grid.cells if c.role == "column" and c.text in
                      ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")), key=lambda c: c.col)
    assert [(c.text, box(c)) for c in headers[:5]] == [
        (label, (1, i, 2, 1)) for i, label in enumerate(("结果维持", "结果纠正", "其他结果", "尚未审结", "总计"))]
    assert [(c.text, c.row, c.row_span) for c in headers[5:]] == [
        (label, 2, 1) for label in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计") * 2]
    values = grid.value_cells()
    assert len(values) == 15 and {c.row for c in values} == {3}
    assert [c.key for c in values][-1] == "appeals.cases.after_review_total"
    assert not any(c.role in ("row", "corner", "note") for c in grid.cells)  # the data row has no label


PROACTIVE = {
    "2021": [
        ("第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "行政规范性文件"]),
        ("第二十条第（五）项", ["本年处理决定数量"], ["行政许可"]),
        ("第二十条第（六）项", ["本年处理决定数量"], ["行政处罚", "行政强制"]),
        ("第二十条第（八）项", ["本年收费金额（单位：万元）"], ["行政事业性收费"]),
    ],
    "2019": [
        ("第二十条第（一）项", ["本年新制作数量", "本年新公开数量", "对外公开总数量"], ["规章", "规范性文件"]),
        ("第二十条第（五）项", ["上一年项目数量", "本年增/减", "处理决定数量"], ["行政许可", "其他对外管理服务事项"]),
        ("第二十条第（六）项", ["上一年项目数量", "本年增/减", "处理决定数量"], ["行政处罚", "行政强制"]),
        ("第二十条第（八）项", ["上一年项目数量", "本年增/减"], ["行政事业性收费"]),
        ("第二十条第（九）项", ["采购项目数量", "采购总金额（单位：万元）"], ["政府集中采购"]),
    ],
}


@pytest.mark.parametrize("version", VERSIONS)
def test_section_two_stacks_its_tables_under_headings(version: str) -> None:
    grid = section_grid(load_format(version), "proactive")
    assert (grid.cols, grid.label_cols, grid.header_rows) == (4, 1, 0)
    row = 0
    for heading, columns, rows in PROACTIVE[version]:
        assert box(cell(grid, heading, "heading")) == (row, 0, 1, 4)
        corner = grid.at(row + 1, 0)
        assert corner is not None and (corner.role, corner.text, box(corner)) == ("corner", "信息内容", (row + 1, 0, 1, 1))
        header = [grid.at(row + 1, c) for c in range(1, 4)]
        shown = [c for i, c in enumerate(header) if c is not None and c.col == i + 1]
        assert [(c.role, c.text) for c in shown] == [("column", label) for label in columns]
        assert shown[-1].col_span == 4 - len(columns)  # the last column stretches over the rest
        for offset, label in enumerate(rows, start=2):
            label_cell = grid.at(row + offset, 0)
            assert label_cell is not None and (label_cell.role, label_cell.text) == ("row", label)
            values = [grid.at(row + offset, c) for c in range(1, 4)]
            assert all(v is not None and v.is_value for v in values)
            assert values[-1].col_span == 4 - len(columns)  # type: ignore[union-attr]
        row += 2 + len(rows)
    assert grid.rows == row


def test_a_table_alone_repeats_its_header_rows() -> None:
    fmt = load_format("2019")
    grid = table_grid(fmt.tables["art20_6"])
    assert (grid.rows, grid.cols, grid.header_rows) == (4, 4, 2)
    assert box(cell(grid, "第二十条第（六）项")) == (0, 0, 1, 4)
    kinds = {c.key: c.kind for c in grid.value_cells()}
    assert kinds["art20_6.penalty.change"] == "signed" and kinds["art20_6.penalty.decisions"] == "count"
    assert [c.text for c in grid.merged()] == ["第二十条第（六）项"]


@pytest.mark.parametrize("version", FORMATS)
def test_text_sections_have_no_grid(version: str) -> None:
    fmt = load_format(version)
    for section in fmt.text_sections():
        with pytest.raises(ValueError):
            section_grid(fmt, section.id)


def test_labels_break_only_between_their_words_and_after_punctuation() -> None:
    grid = section_grid(load_format("2021"), "requests")
    assert cell(grid, "社会公益组织").words == ("社会", "公益", "组织")
    assert cell(grid, "自然人").words == ("自然人",)
    note = cell(grid, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
    assert note.words == ("（本列数据的勾稽关系为：", "第一项加第二项之和，", "等于第三项加第四项之和）")
    assert label_words("本年收费金额（单位：万元）") == ("本年收费金额", "（单位：", "万元）")


def test_a_spanned_cell_spreads_what_its_rows_lack_evenly() -> None:
    grid = section_grid(load_format("2021"), "requests")
    group = cell(grid, "（三）不予公开")  # spans the eight rows of its items
    tall = {group: 16 * 10.0}
    heights = spread_heights(grid, lambda c: tall.get(c, 10.0), 12.0)
    rows = range(group.row, group.row + group.row_span)
    assert [heights[r] for r in rows] == [20.0] * group.row_span
    assert all(h == 12.0 for r, h in enumerate(heights) if r not in rows)


def test_the_chosen_unit_of_amounts_shows_in_the_header() -> None:
    report = Report.blank("2019", "甲", 2020)

    def labels() -> list[str]:
        return [c.text for c in report_grid(report, "proactive").cells if c.role == "column"]

    assert "采购总金额（单位：万元）" in labels()
    report.amount_unit = "元"
    assert "采购总金额（单位：元）" in labels() and "采购总金额（单位：万元）" not in labels()
    assert "本年收费金额（单位：万元）" in [c.text for c in report_grid(Report.blank("2021", "甲", 2025), "proactive").cells]


def test_the_chosen_unit_follows_the_labels_words() -> None:
    report = Report.blank("2019", "甲", 2020)
    report.amount_unit = "元"
    amount = cell(report_grid(report, "proactive"), "采购总金额（单位：元）")
    assert amount.words == ("采购", "总金额", "（单位：", "元）")
