"""Importing reports: our own Excel export (exact), someone else's workbook in the official
layout (labels spelled a dozen ways), published Word and PDF reports, and refusals."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest
from openpyxl import load_workbook

from export.pdf import write_pdf
from export.xlsx import write_xlsx
from model.formats import available_formats, load_format
from model.importing.detect import own_labels
from model.importing.embedded import DATA_SHEET
from model.importing.labels import label_key, loose_key, same_label
from model.importing.narrative import clean_imported_text, parse_title
from model.importing.pdf_source import SCANNED
from model.importing.reader import EXIT_COMPLETE, EXIT_INCOMPLETE, YearUnknown, import_report
from model.importing.source import ImportRefused
from model.report import Report
from model.rules import check
from model.storage import load_report, save_report

from conftest import DEMO_EXAMPLE, SEED_EXAMPLE, made_up_report
from import_samples import (LABEL_VARIANTS, official_workbook, published_docx, published_pdf,
                            scanned_pdf, variant_label)

EXAMPLES = [DEMO_EXAMPLE, SEED_EXAMPLE]


def _plain(text: str) -> str:
    """Text as printed and read back: no-break spaces become spaces, nothing else changes."""
    return text.replace("\xa0", " ")


def _same_report(got: Report, want: Report, texts: bool = True) -> None:
    assert got.format.id == want.format.id
    assert (got.unit, got.year) == (want.unit, want.year)
    assert got.values == want.values
    if texts:
        assert {k: _plain(v) for k, v in got.texts.items()} == {k: _plain(v) for k, v in want.texts.items()}


# --- labels -----------------------------------------------------------------------------

@pytest.mark.parametrize("written, official", [
    ("(一)予以公开", "（一）予以公开"),
    ("一、予以公开", "（一）予以公开"),
    ("自 然 人", "自然人"),
    ("１．属于国家秘密", "1.属于国家秘密"),
    ("1、属于国家秘密", "1.属于国家秘密"),
    ("三(三)1.属于国家秘密", "1.属于国家秘密"),
    ('3.危及"三安全一稳定"', "3.危及“三安全一稳定”"),
    ("（二）部分公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("本年收费金额(万元)", "本年收费金额（单位：万元）"),
    ("本年新收政府信息\n公开申请数量", "一、本年新收政府信息公开申请数量"),
    ("\u3000本年增/减 ", "本年增/减"),
])
def test_labels_match_in_any_spelling(written: str, official: str) -> None:
    assert same_label(written, official)


def test_different_labels_do_not_match() -> None:
    assert not same_label("规范性文件", "行政规范性文件")
    assert not same_label("总计", "合计")


@pytest.mark.parametrize("format_id", available_formats())
def test_every_row_and_column_label_of_a_table_is_distinct_after_normalising(format_id: str) -> None:
    """The matching relies on it: no two row leaves (or two sibling columns) share a key."""
    fmt = load_format(format_id)
    for table in fmt.tables.values():
        rows = [label_key(r.label) for r in table.row_leaves()]
        assert len(set(rows)) == len(rows), table.id
        assert len({loose_key(r.label) for r in table.row_leaves()}) == len(rows), table.id
        for group in [table.columns, *(n.children for n in table.columns if n.children)]:
            keys = [label_key(n.label) for n in group]
            assert len(set(keys)) == len(keys), table.id


def test_each_format_has_labels_of_its_own_to_be_told_by() -> None:
    assert all(own_labels(f) for f in available_formats())


@pytest.mark.parametrize("title, expected", [
    ("南开区文化和旅游局2020年政府信息公开工作年度报告", ("南开区文化和旅游局", 2020)),
    ("2020年度南开区文化和旅游局政府信息公开工作年度报告", ("南开区文化和旅游局", 2020)),
    ("示例市演示区文化和旅游局\n２０２５年政府信息公开\n工作年度报告", ("示例市演示区文化和旅游局", 2025)),
    ("关于报送年度报告的通知", None),
])
def test_unit_and_year_from_the_title(title: str, expected: tuple[str, int] | None) -> None:
    assert parse_title(title) == expected


def test_lone_surrogates_in_imported_text_become_replacement_characters() -> None:
    assert clean_imported_text("甲\ud800乙") == "甲\ufffd乙"
    assert clean_imported_text("正常文字") == "正常文字"


# --- our own workbook: exact round trip ---------------------------------------------------

@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_an_exported_workbook_imports_exactly(example: Path, tmp_path: Path) -> None:
    report = load_report(example)
    write_xlsx(report, tmp_path / "报告.xlsx")
    result = import_report(tmp_path / "报告.xlsx")
    assert result.exact and result.exit_code == EXIT_COMPLETE
    got = result.report
    _same_report(got, report)
    assert got.texts == report.texts
    assert got.explanations == report.explanations
    assert got.previous == report.previous
    assert got.auto_totals == report.auto_totals
    assert len(result.filled) == len(report.values)


def test_the_project_sheet_is_very_hidden_and_protected(demo_file: Path, tmp_path: Path) -> None:
    write_xlsx(load_report(demo_file), tmp_path / "报告.xlsx")
    sheet = load_workbook(tmp_path / "报告.xlsx")[DATA_SHEET]
    assert sheet.sheet_state == "veryHidden"
    assert sheet.protection.sheet


def test_a_workbook_edited_after_export_is_read_by_what_it_shows(demo_file: Path, tmp_path: Path) -> None:
    report = load_report(demo_file)
    path = tmp_path / "报告.xlsx"
    write_xlsx(report, path)
    workbook = load_workbook(path)
    sheet = workbook["三、收到和处理政府信息公开申请情况"]
    target = next(c for row in sheet.iter_rows() for c in row if c.value == report.values["requests.new.person"]
                  and c.column == 4)
    target.value = 25
    workbook.save(path)
    result = import_report(path)
    assert not result.exact
    assert result.report.values["requests.new.person"] == 25
    assert result.report.explanations == report.explanations  # what the sheets do not show is kept
    assert any("被修改过" in note and "自然人" in note for note in result.notes)


# --- someone else's workbook in the official layout ---------------------------------------

@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_a_workbook_in_the_official_layout_with_label_variants(example: Path, tmp_path: Path) -> None:
    """Spaces, bracket widths, numbering styles, full-width digits, line breaks, quotes, asides,
    merged / unmerged / repeated headers, an extra 合计 and 备注 column, sheets in reverse order
    after a notes sheet, figures as 「12件」 or full-width digits; format and year detected."""
    assert len(LABEL_VARIANTS) >= 10
    report = load_report(example)
    result = import_report(official_workbook(report, tmp_path / "下级单位.xlsx"))
    assert result.exit_code == EXIT_COMPLETE, result.lines()
    _same_report(result.report, report, texts=False)
    assert not result.report.auto_totals  # totals as the file gives them
    assert 999 not in result.report.values.values()  # the extra 合计 column is not read


def test_every_variant_is_actually_used_on_the_labels(demo_file: Path) -> None:
    report = load_report(demo_file)
    written = {variant_label("（一）予以公开", i) for i in range(len(LABEL_VARIANTS))}
    assert len(written) >= 6  # the variants change this label in at least six ways
    assert all(same_label(w, "（一）予以公开") for w in written)
    assert report.format.id == "2021"


def test_format_is_told_by_the_labels_not_the_year(demo_file: Path, tmp_path: Path) -> None:
    report = load_report(demo_file)
    report.year = 2020  # a 2021-layout report of a year the 2019 format was in force
    result = import_report(official_workbook(report, tmp_path / "x.xlsx"))
    assert result.report.format.id == "2021"
    assert result.report.year == 2020


def test_year_and_unit_given_override_the_title(demo_file: Path, tmp_path: Path) -> None:
    path = official_workbook(load_report(demo_file), tmp_path / "x.xlsx")
    got = import_report(path, year=2026, unit="另一个局").report
    assert (got.unit, got.year) == ("另一个局", 2026)


def _edit(path: Path, change: dict[str, object]) -> Path:
    """Replace cell texts in every sheet (old text → new value; None deletes the row)."""
    workbook = load_workbook(path)
    for sheet in workbook.worksheets:
        for row in list(sheet.iter_rows()):
            for cell in row:
                if cell.value in change and not type(cell).__name__ == "MergedCell":
                    if change[cell.value] is None:
                        sheet.delete_rows(cell.row)
                        break
                    cell.value = change[cell.value]
    workbook.save(path)
    return path


def test_missing_cells_are_listed_and_the_exit_code_says_so(demo_file: Path, tmp_path: Path) -> None:
    report = load_report(demo_file)
    path = official_workbook(report, tmp_path / "x.xlsx")
    label = next(c.value for s in load_workbook(path).worksheets for row in s.iter_rows() for c in row
                 if isinstance(c.value, str) and same_label(c.value, "行政强制"))
    result = import_report(_edit(path, {label: None}))
    assert result.missing == ["art20_6.coercion.decisions"]
    assert result.exit_code == EXIT_INCOMPLETE
    assert any("行政强制" in line for line in result.lines())


def test_a_figure_that_is_not_a_number_is_listed_not_guessed(demo_file: Path, tmp_path: Path) -> None:
    report = load_report(demo_file)
    path = official_workbook(report, tmp_path / "x.xlsx")
    workbook = load_workbook(path)
    sheet = next(s for s in workbook.worksheets if any(c.value == "138" or c.value == 138 or c.value == "138件"
                                                     or c.value == "１３８" for row in s.iter_rows() for c in row))
    cell = next(c for row in sheet.iter_rows() for c in row if c.value in (138, "138", "138件", "１３８"))
    cell.value = "一百三十八"
    workbook.save(path)
    result = import_report(path)
    assert [u.key for u in result.unparsed] == ["art20_5.licensing.decisions"]
    assert result.unparsed[0].text == "一百三十八" and "数字" in result.unparsed[0].reason
    assert "art20_5.licensing.decisions" not in result.report.values
    assert result.exit_code == EXIT_INCOMPLETE


def test_totals_the_file_lacks_are_added_up(demo_file: Path, tmp_path: Path) -> None:
    report = load_report(demo_file)
    path = official_workbook(report, tmp_path / "x.xlsx")
    workbook = load_workbook(path)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and label_key(cell.value) == "总计" and cell.column > 5:
                    cell.value = "全部"  # the 总计 column of 三 becomes unknown
    workbook.save(path)
    result = import_report(path)
    assert "requests.new.total" in result.computed
    assert result.report.values["requests.new.total"] == report.values["requests.new.total"]
    assert "requests.new.total" not in result.missing


def test_nothing_recognisable_is_refused(tmp_path: Path) -> None:
    from openpyxl import Workbook
    workbook = Workbook()
    workbook.active["A1"] = "采购清单"
    workbook.save(tmp_path / "x.xlsx")
    with pytest.raises(ImportRefused, match="没有找到年度报告的表格或文字部分"):
        import_report(tmp_path / "x.xlsx")


def test_a_file_naming_no_year_asks_for_it(demo_file: Path, tmp_path: Path) -> None:
    path = official_workbook(load_report(demo_file), tmp_path / "x.xlsx")
    workbook = load_workbook(path)
    workbook["填报说明"]["A1"] = "统计表"
    workbook.properties.title = None
    workbook.save(path)
    with pytest.raises(YearUnknown, match="请指定年度"):
        import_report(path)
    assert import_report(path, year=2025).report.year == 2025


@pytest.mark.parametrize("name, content, message", [
    ("旧表.xls", b"\xd0\xcf\x11\xe0", "另存为 .xlsx"),
    ("旧文档.doc", b"\xd0\xcf\x11\xe0", "另存为 .docx"),
    ("损坏.xlsx", b"not a zip", "已损坏"),
    ("损坏.docx", b"not a zip", "已损坏"),
    ("损坏.pdf", b"%PDF-1.4 garbage", "已损坏"),
    ("说明.txt", b"text", "只支持"),
])
def test_unreadable_files_get_a_clear_message(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImportRefused, match=message):
        import_report(path)


# --- imported marks -------------------------------------------------------------------------

def test_imported_cells_are_marked_until_edited_and_the_mark_is_saved(demo_file: Path, tmp_path: Path) -> None:
    result = import_report(official_workbook(load_report(demo_file), tmp_path / "x.xlsx"))
    report = result.report
    assert report.is_imported("requests.new.person")
    assert report.imported_from == "x.xlsx"
    save_report(report, tmp_path / "r.json")
    again = load_report(tmp_path / "r.json")
    assert again.imported == report.imported and again.is_imported("requests.new.person")
    again.set_value("requests.new.person", 99)
    assert not again.is_imported("requests.new.person")
    assert again.is_imported("requests.new.business")


# --- published Word and PDF reports ---------------------------------------------------------

@pytest.mark.parametrize("build, name, kind", [(published_docx, "报告.docx", "Word"),
                                               (published_pdf, "报告.pdf", "PDF")], ids=["docx", "pdf"])
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_a_published_report(example: Path, build: Callable[[Report, Path], Path], name: str, kind: str,
                            tmp_path: Path) -> None:
    """Title (unit and year, in either order), the six headings, paragraphs and ruled tables."""
    report = load_report(example)
    result = import_report(build(report, tmp_path / name))
    assert result.exit_code == EXIT_COMPLETE, result.lines()
    assert result.kind == kind
    _same_report(result.report, report)
    assert [f for f in check(result.report) if f.severity == "error"] == [f for f in check(report)
                                                                          if f.severity == "error"]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_our_own_pdf_export_reads_back(example: Path, tmp_path: Path) -> None:
    report = load_report(example)
    write_pdf(report, tmp_path / "报告.pdf")
    result = import_report(tmp_path / "报告.pdf")
    assert result.exit_code == EXIT_COMPLETE
    _same_report(result.report, report)


# --- tables printed without lines ------------------------------------------------------------

@pytest.mark.parametrize("centred", [False, True], ids=["left-aligned", "centred"])
@pytest.mark.parametrize("report", [made_up_report("2019"), made_up_report("2021"), load_report(DEMO_EXAMPLE)],
                         ids=["2019", "2021", "demo"])
def test_tables_printed_without_lines_are_read_from_the_words_positions(report: Report, centred: bool,
                                                                        tmp_path: Path) -> None:
    """Every table of both formats drawn without a single line: labels broken over lines in
    their narrow columns, 三 running on to the next page without its header, 四's three
    groups of the same five headers, a row of figures between the lines of its label."""
    path = published_pdf(report, tmp_path / "无框线.pdf", ruled=False, centred=centred)
    import pdfplumber
    with pdfplumber.open(path) as pdf:
        assert not any(page.find_tables() for page in pdf.pages) and not any(page.lines for page in pdf.pages)
    result = import_report(path)
    assert result.exit_code == EXIT_COMPLETE, result.lines()
    assert result.report.format.id == report.format.id
    assert result.report.values == report.values
    assert any("没有框线，已按文字的位置读取" in note and "三、收到和处理政府信息公开申请情况" in note
               for note in result.notes)
    places = {found.key: found.place for found in result.filled}
    assert places["requests.partial.legal"].endswith(
        "无框线的表格：“（二）部分公开（区分处理的，只计这一情形，不计其他情形）”行、“法律服务机构”列")
    assert places["appeals.cases.after_review_upheld"].endswith("“行政诉讼·复议后起诉·结果维持”列")


def test_what_a_table_without_lines_does_not_show_clearly_is_missing_not_guessed(tmp_path: Path) -> None:
    """A blank cell has no figure to place; 四's 「结果维持」… under an unknown group label could
    be any group's: both are listed as not found, and no figure lands in another cell."""
    report = made_up_report("2021")
    del report.values["requests.granted.person"], report.values["appeals.cases.direct_other"]
    path = published_pdf(report, tmp_path / "无框线.pdf", ruled=False,
                         relabel=lambda label: "复核" if label == "行政复议" else label)
    result = import_report(path)
    review = [key for key in report.format.cell_keys() if key.startswith("appeals.cases.review_")]
    assert sorted(result.missing) == sorted(["requests.granted.person", "appeals.cases.direct_other", *review])
    assert all(report.values[key] == value for key, value in result.report.values.items())


def test_two_figures_in_one_place_of_a_table_without_lines_fill_neither(tmp_path: Path) -> None:
    from model.importing.unruled import Piece, UnruledText

    def line(top: float, *cells: tuple[float, str]) -> list[Piece]:
        return [Piece(1, x, x + 7 * len(text), top, top + 7, text) for x, text in cells]

    table = load_format("2021").tables["art20_1"]
    text = UnruledText(line(100, (60, "信息内容"), (150, "本年制发件数"), (250, "本年废止件数"), (350, "现行有效件数"))
                       + line(115, (60, "规章"), (150, "3"), (170, "4"), (250, "1"), (350, "9"), (560, "7"))
                       + line(130, (60, "行政规范性"), (150, "2"), (250, "0"), (350, "12"))
                       + line(139, (60, "文件")))
    found = {key: f.text for key, f in text.find_table(table).items()}
    assert found == {"art20_1.regulations.repealed": "1", "art20_1.regulations.in_force": "9",
                     "art20_1.normative.issued": "2", "art20_1.normative.repealed": "0",
                     "art20_1.normative.in_force": "12"}


def test_a_table_without_lines_whose_columns_cannot_be_told_apart_is_named(tmp_path: Path) -> None:
    swapped = {"商业企业": "科研机构", "科研机构": "商业企业"}  # not the official order: not read by position
    path = published_pdf(made_up_report("2021"), tmp_path / "无框线.pdf", ruled=False,
                         relabel=lambda label: swapped.get(label, label))
    result = import_report(path)
    assert not [key for key in result.report.values if key.startswith("requests.")]
    assert "“三、收到和处理政府信息公开申请情况”的表格没有框线，无法按文字的位置确定数字所在的行和列" \
        "（列标题与官方表样不同），未读取：请改用该报告的 Word、Excel 版本，或手工填写" in result.notes
    assert result.report.values["appeals.cases.review_upheld"] == made_up_report("2021").values[
        "appeals.cases.review_upheld"]


@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".xlsx"])
def test_the_chosen_unit_of_amounts_is_read_from_the_header(suffix: str, tmp_path: Path) -> None:
    """A 2019 report in 元 prints 「采购总金额（单位：元）」; read as 万元 it would be 10,000×."""
    from export.registry import exporter
    report = load_report(SEED_EXAMPLE)
    report.amount_unit = "元"
    target = tmp_path / f"报告{suffix}"
    exporter(suffix[1:]).writer()(report, target)
    if suffix == ".xlsx":  # read by its labels, as a workbook from elsewhere would be
        workbook = load_workbook(target)
        del workbook[DATA_SHEET]
        workbook.save(target)
    result = import_report(target)
    assert result.report.amount_unit == "元"
    assert result.report.values == report.values


def test_a_scanned_pdf_is_refused_not_guessed(tmp_path: Path) -> None:
    from PIL import Image, ImageDraw
    picture = tmp_path / "page.png"
    image = Image.new("RGB", (600, 800), "white")
    ImageDraw.Draw(image).text((50, 50), "2025 report 12 34 56", fill="black")
    image.save(picture)
    with pytest.raises(ImportRefused) as refusal:
        import_report(scanned_pdf(tmp_path / "扫描件.pdf", picture))
    assert str(refusal.value) == SCANNED
    assert "扫描" in SCANNED


@pytest.mark.parametrize("year, expected", [(2020, "2019"), (2025, "2021")])
def test_without_labels_of_its_own_the_format_follows_the_year(year: int, expected: str, tmp_path: Path) -> None:
    """三 alone (in the 2019 layout its rows are all in the 2021 one too): the title's year decides."""
    report = Report.blank("2019", "某局", year)
    report.values["requests.new.person"] = 3
    path = official_workbook(report, tmp_path / "x.xlsx")
    workbook = load_workbook(path)
    for sheet in list(workbook.worksheets):
        if not any(isinstance(c.value, str) and "申请人情况" in c.value for row in sheet.iter_rows() for c in row) \
                and sheet.title != "填报说明":
            del workbook[sheet.title]
    workbook.save(path)
    result = import_report(path)
    assert result.report.format.id == expected
    assert result.report.values["requests.new.person"] == 3
    assert any("按年度" in note for note in result.notes)
