"""The request register (台账): template, counting 三 and 四 for a year, bad rows, mapping,
carry-over warning, drill-down and what the project file keeps of it."""
from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from export.register_template import build_template, write_register_template
from model.formats import load_format
from model.register import (CASE_FIELDS, CASES_SHEET, CHOICES_SHEET, REQUEST_FIELDS, REQUESTS_SHEET, drill_down,
                            vocabulary)
from model.register_import import RegisterError, import_register, parse_date, sheets_to_map
from model.report import Report
from model.rules import check
from model.storage import load_report, save_report

YEAR = 2025
TODAY = date(2026, 6, 30)
HEADERS = [f.header for f in REQUEST_FIELDS]
CASE_HEADERS = [f.header for f in CASE_FIELDS]


def _register(path: Path, rows: list[list[object]], cases: list[list[object]] | None = None,
              header: list[str] | None = None) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = REQUESTS_SHEET
    sheet.append(header or HEADERS)
    for row in rows:
        sheet.append(row)
    if cases is not None:
        case_sheet = workbook.create_sheet(CASES_SHEET)
        case_sheet.append(CASE_HEADERS)
        for row in cases:
            case_sheet.append(row)
    workbook.save(path)
    return path


def _generated(format_id: str, count: int, seed: int = 7) -> tuple[list[list[object]], dict[str, int]]:
    """`count` requests received 2023–2026 with random applicants, results and conclusion
    dates (some still open), and 三 for YEAR counted the plain way, request by request."""
    vocab = vocabulary(format_id)
    rng = random.Random(seed)
    applicants, results = list(vocab.applicants), list(vocab.results)
    expected: dict[str, int] = {}

    def add(row_id: str, column: str) -> None:
        for key in (f"requests.{row_id}.{column}", f"requests.{row_id}.total"):
            expected[key] = expected.get(key, 0) + 1

    rows: list[list[object]] = []
    for n in range(count):
        received = date(2023, 1, 1) + timedelta(days=rng.randrange(0, 365 * 3 + 120))
        concluded = received + timedelta(days=rng.randrange(0, 60)) if rng.random() < 0.85 else None
        if concluded is not None and concluded > TODAY:
            concluded = None
        applicant, result = rng.choice(applicants), rng.choice(results)
        rows.append([f"依申-{n:05d}", received, applicant, result if concluded else None, concluded, ""])
        column = vocab.applicants[applicant]
        if received.year > YEAR or (concluded is not None and concluded.year < YEAR):
            continue
        add("new" if received.year == YEAR else "carried_in", column)
        if concluded is not None and concluded.year == YEAR:
            add(vocab.results[result], column)
            add("results_total", column)
        else:
            add("carried_out", column)
    return rows, expected


@pytest.mark.parametrize("format_id", ["2019", "2021"])
def test_500_generated_requests_across_years_give_the_expected_table(format_id: str, tmp_path: Path) -> None:
    rows, expected = _generated(format_id, 600)
    fmt = load_format(format_id)
    result = import_register(_register(tmp_path / "台账.xlsx", rows), fmt, YEAR, today=TODAY)
    assert not result.bad
    counted = result.counted
    assert counted.received_later > 0 and counted.concluded_earlier > 0  # the data crosses both year ends
    assert {k: v for k, v in counted.values.items() if v} == expected
    report = Report.blank(format_id, "测试局", YEAR)
    result.apply(report)
    errors = [f for f in check(report) if f.severity == "error"]
    assert errors == []
    assert report.values["requests.new.total"] + report.values["requests.carried_in.total"] == \
        report.values["requests.results_total.total"] + report.values["requests.carried_out.total"]


def test_the_template_lists_the_formats_words_and_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "模板.xlsx"
    write_register_template("2021", path)
    workbook = load_workbook(path)
    assert workbook.sheetnames[:2] == [REQUESTS_SHEET, CASES_SHEET]
    sheet = workbook[REQUESTS_SHEET]
    assert [c.value for c in sheet[1]] == HEADERS
    choices = workbook[CHOICES_SHEET]
    vocab = vocabulary("2021")
    columns = {col[0].value: [c.value for c in col[1:] if c.value] for col in choices.iter_cols()}
    assert columns["申请人类型"] == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert columns["办理结果"] == list(vocab.results) and len(vocab.results) == 21
    assert columns["案件类别"] == list(vocab.case_kinds)
    validations = {str(v.sqref).split(":")[0]: v for v in sheet.data_validations.dataValidation}
    assert validations["C2"].type == "list" and CHOICES_SHEET in validations["C2"].formula1
    assert validations["D2"].type == "list" and validations["B2"].type == "date"
    assert validations["E2"].type == "date"
    case_validations = workbook[CASES_SHEET].data_validations.dataValidation
    assert {v.type for v in case_validations} == {"list"} and len(case_validations) == 3
    # fill it the way a clerk does and import it
    sheet.append(["A-1", date(2025, 2, 3), "自然人", vocab.choices("results")[0], date(2025, 2, 20), ""])
    sheet.append(["A-2", date(2025, 11, 3), "法律服务机构", None, None, "仍在办理"])
    workbook[CASES_SHEET].append(["F-1", "行政复议", "结果纠正", "是"])
    workbook.save(path)
    result = import_register(path, load_format("2021"), YEAR, today=TODAY)
    assert not result.bad
    assert result.counted.values["requests.granted.person"] == 1
    assert result.counted.values["requests.carried_out.legal"] == 1
    assert result.counted.values["appeals.cases.review_corrected"] == 1


def test_2019_template_has_the_2019_result_rows() -> None:
    results = vocabulary("2019").choices("results")
    assert results[-1] == "（六）其他处理" and len(results) == 19
    assert build_template("2019")[CHOICES_SHEET]["B20"].value == "（六）其他处理"


def test_every_kind_of_bad_row_is_reported_with_its_reason(tmp_path: Path) -> None:
    good = ["G-1", date(2025, 3, 1), "自然人", "（一）予以公开", date(2025, 3, 10), ""]
    rows = [
        good,
        ["B-1", date(2025, 3, 1), "公民", "（一）予以公开", date(2025, 3, 10), ""],
        ["B-2", date(2025, 3, 1), "自然人", "同意公开", date(2025, 3, 10), ""],
        ["B-3", date(2025, 3, 1), None, "（一）予以公开", date(2025, 3, 10), ""],
        ["B-4", date(1998, 3, 1), "自然人", "（一）予以公开", date(2025, 3, 10), ""],
        ["B-5", date(2025, 3, 1), "自然人", "（一）予以公开", date(2031, 3, 10), ""],
        ["B-6", date(2025, 3, 10), "自然人", "（一）予以公开", date(2025, 3, 1), ""],
        ["G-1", date(2025, 4, 1), "自然人", "（一）予以公开", date(2025, 4, 10), ""],
        ["B-8", "三月五日", "自然人", "（一）予以公开", date(2025, 3, 10), ""],
        ["B-9", None, "自然人", "（一）予以公开", date(2025, 3, 10), ""],
        ["B-10", date(2025, 3, 1), "自然人", "（一）予以公开", None, ""],
        ["B-11", date(2025, 3, 1), "自然人", None, date(2025, 3, 10), ""],
    ]
    cases = [["F-1", "行政复议", "结果维持", "是"], ["F-2", "民事诉讼", "结果维持", "是"],
             ["F-3", "行政复议", None, "是"], ["F-4", "行政复议", "结果维持", "也许"]]
    path = _register(tmp_path / "台账.xlsx", rows, cases)
    result = import_register(path, load_format("2021"), YEAR, today=TODAY)
    reasons = {(bad.sheet, bad.row): "；".join(bad.reasons) for bad in result.bad}
    expected = {
        3: "申请人类型“公民”不是", 4: "办理结果“同意公开”不是", 5: "缺少申请人类型",
        6: "收到日期 1998-03-01 不在合理范围内", 7: "办结日期 2031-03-10 不在合理范围内",
        8: "办结日期 2025-03-01 早于收到日期 2025-03-10", 9: "编号“G-1”与第 2 行重复",
        10: "收到日期“三月五日”不是有效的日期", 11: "缺少收到日期", 12: "缺少办结日期",
        13: "缺少办理结果",
    }
    for row, reason in expected.items():
        assert reason in reasons[(REQUESTS_SHEET, row)], (row, reasons.get((REQUESTS_SHEET, row)))
    assert "案件类别“民事诉讼”不是" in reasons[(CASES_SHEET, 3)]
    assert "已审结的案件缺少结果" in reasons[(CASES_SHEET, 4)]
    assert "是否审结“也许”不是" in reasons[(CASES_SHEET, 5)]
    assert len(result.bad) == len(expected) + 3
    assert result.counted.requests_used == 1 and result.counted.cases_used == 1  # good rows still count
    assert any(line.startswith("  · “依申请公开台账”第 9 行（G-1）") for line in result.lines())
    report = Report.blank("2021", "测试局", YEAR)
    assert report.register is None and "requests.new.person" not in [k for k, v in report.values.items() if v]


def test_nothing_is_written_until_the_import_is_applied(tmp_path: Path) -> None:
    rows, _ = _generated("2021", 50)
    report = Report.blank("2021", "测试局", YEAR)
    before = dict(report.values)
    result = import_register(_register(tmp_path / "台账.xlsx", rows), report.format, YEAR, report=report,
                             today=TODAY)
    assert report.values == before and report.register is None
    result.apply(report)
    assert report.values != before and report.register is not None


def test_columns_of_another_tool_are_matched_by_a_mapping(tmp_path: Path) -> None:
    theirs = ["受理编号", "受理 日期", "申请人身份", "答复类型", "答复日期", "承办科室"]
    rows = [["X-1", "2025年3月5日", "自然人", "予以公开", "2025/3/9", "办公室"],
            ["X-2", 45731, "商业企业", "属于国家秘密", "20250320", "法规科"]]  # an Excel serial date
    path = _register(tmp_path / "他们的台账.xlsx", rows, header=theirs)
    fmt = load_format("2021")
    with pytest.raises(RegisterError, match="收到日期"):
        import_register(path, fmt, YEAR, today=TODAY)
    mapping = {"申请编号": "受理编号", "收到日期": "受理日期", "申请人类型": "申请人身份",
               "办理结果": "答复类型", "办结日期": "答复日期"}
    sheets = sheets_to_map(path, fmt, mapping)
    assert sheets.requests.columns["received"] == 1 and sheets.cases is None and not sheets.needs_mapping()
    assert list(sheets.rows) == [REQUESTS_SHEET]
    result = import_register(path, fmt, YEAR, mapping, today=TODAY)
    assert not result.bad
    assert result.counted.values["requests.granted.person"] == 1
    assert result.counted.values["requests.withheld_secret.business"] == 1
    assert result.counted.cells["requests.new.business"] == ("X-2",)


@pytest.mark.parametrize("written, expected", [
    ("2025-03-05", date(2025, 3, 5)), ("2025/3/5", date(2025, 3, 5)), ("2025.3.5", date(2025, 3, 5)),
    ("2025年3月5日", date(2025, 3, 5)), ("20250305", date(2025, 3, 5)), ("２０２５－０３－０５", date(2025, 3, 5)),
    (45721, date(2025, 3, 5)), ("", None), (None, None),
])
def test_dates_as_registers_hold_them(written: object, expected: date | None) -> None:
    assert parse_date(written) == expected


@pytest.mark.parametrize("written", ["2025-02-30", "下周", "3/5", 12.5])
def test_impossible_dates_are_refused(written: object) -> None:
    with pytest.raises(ValueError, match="不是有效的日期"):
        parse_date(written)


def test_a_carry_over_that_disagrees_with_last_years_report_is_a_warning(tmp_path: Path) -> None:
    rows = [["A", date(2024, 12, 1), "自然人", None, None, ""],
            ["B", date(2024, 12, 2), "自然人", "（一）予以公开", date(2025, 1, 5), ""]]
    report = Report.blank("2021", "测试局", YEAR)
    report.previous = {"requests.carried_out.person": 3, "requests.carried_out.total": 3}
    result = import_register(_register(tmp_path / "台账.xlsx", rows), report.format, YEAR, report=report,
                             today=TODAY)
    assert len(result.warnings) == 2
    assert "台账计得 2" in result.warnings[0] and "上年报告为 3" in result.warnings[0]
    assert "自然人" in result.warnings[0]


def test_drill_down_lists_the_requests_of_a_cell_and_is_kept_in_the_file(tmp_path: Path) -> None:
    rows = [["A", date(2025, 1, 3), "自然人", "（一）予以公开", date(2025, 1, 9), ""],
            ["B", date(2025, 2, 3), "自然人", "（一）予以公开", date(2025, 2, 9), ""],
            ["C", date(2025, 2, 4), "商业企业", "（一）予以公开", date(2025, 2, 9), ""]]
    cases = [["F-1", "行政诉讼·复议后起诉", None, "否"]]
    path = _register(tmp_path / "台账.xlsx", rows, cases)
    report = Report.blank("2021", "测试局", YEAR)
    import_register(path, report.format, YEAR, today=TODAY).apply(report)
    assert report.register_requests("requests.granted.person") == ("A", "B")
    assert report.register_requests("requests.granted.total") == ("A", "B", "C")
    assert report.register_requests("requests.results_total.total") == ("A", "B", "C")
    assert report.register_requests("appeals.cases.after_review_pending") == ("F-1",)
    assert report.register_requests("art20_5.licensing.decisions") is None
    save_report(report, tmp_path / "r.json")
    again = load_report(tmp_path / "r.json")
    assert again.register is not None and again.register.file == "台账.xlsx"
    import hashlib
    assert again.register.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert again.register_requests("requests.granted.person") == ("A", "B")
    again.set_value("requests.granted.person", 5)  # edited: no longer the register's figure
    assert again.register_requests("requests.granted.person") is None


def test_a_register_without_a_requests_sheet_is_refused(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.append(["姓名", "电话"])
    workbook.save(tmp_path / "通讯录.xlsx")
    with pytest.raises(RegisterError, match="找不到申请登记的表头"):
        import_register(tmp_path / "通讯录.xlsx", load_format("2021"), YEAR)


def test_cells_from_the_register_count_as_imported_from_it_until_edited(tmp_path: Path) -> None:
    """One notion of 「came from a file」: the register's cells are imported cells naming the
    register, also after an import from a report; gone when edited or the register removed."""
    rows = [["A", date(2025, 1, 3), "自然人", "（一）予以公开", date(2025, 1, 9), ""]]
    report = Report.blank("2021", "测试局", YEAR)
    report.imported, report.imported_from = {"requests.new.person": 4, "art20_8.fees.amount": 1}, "上年报告.docx"
    report.values.update(report.imported)
    import_register(_register(tmp_path / "台账.xlsx", rows), report.format, YEAR, today=TODAY).apply(report)
    assert report.source_of("requests.new.person") == "台账.xlsx" and report.is_imported("requests.new.person")
    assert report.is_imported("requests.new.total") and report.is_imported("requests.granted.business")  # a 0
    assert report.source_of("art20_8.fees.amount") == "上年报告.docx"
    report.set_value("requests.granted.person", 3)
    assert not report.is_imported("requests.granted.person")
    report.register = None
    assert not report.is_imported("requests.new.total") and not report.is_imported("requests.new.person")


def test_the_drill_down_lists_every_request_with_its_dates_and_result(tmp_path: Path) -> None:
    rows = [[f"N-{n:02d}", date(2025, 3, 1) + timedelta(days=n), "自然人", "（一）予以公开",
             date(2025, 4, 1) + timedelta(days=n), ""] for n in range(57)]
    rows += [["C-1", date(2024, 12, 20), "商业企业", None, None, ""],
             ["C-2", date(2025, 12, 1), "自然人", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
              date(2026, 1, 5), ""]]
    cases = [["F-1", "行政诉讼·复议后起诉", "结果纠正", "是"], ["F-2", "行政复议", None, "否"]]
    report = Report.blank("2021", "测试局", YEAR)
    import_register(_register(tmp_path / "台账.xlsx", rows, cases), report.format, YEAR, today=TODAY).apply(report)
    granted = drill_down(report, "requests.granted.person")
    assert granted is not None and granted.file == "台账.xlsx"
    assert granted.headers == ("申请编号", "申请人类型", "收到日期", "办结日期", "办理结果")
    assert len(granted.rows) == 57
    assert granted.rows[0] == ("N-00", "自然人", "2025-03-01", "2025-04-01", "（一）予以公开")
    carried = drill_down(report, "requests.carried_out.total")
    assert carried is not None and sorted(carried.rows) == [
        ("C-1", "商业企业", "2024-12-20", "", "结转下年度继续办理"),
        ("C-2", "自然人", "2025-12-01", "2026-01-05", "结转下年度继续办理")]
    new = drill_down(report, "requests.new.total")
    assert new is not None and {row[0] for row in new.rows} == {f"N-{n:02d}" for n in range(57)} | {"C-2"}
    appeals = drill_down(report, "appeals.cases.after_review_corrected")
    assert appeals is not None and appeals.headers == ("案件编号", "案件类别", "结果")
    assert appeals.rows == [("F-1", "行政诉讼·复议后起诉", "结果纠正")]
    pending = drill_down(report, "appeals.cases.review_pending")
    assert pending is not None and pending.rows == [("F-2", "行政复议", "尚未审结")]
    assert drill_down(report, "art20_5.licensing.decisions") is None
    save_report(report, tmp_path / "r.json")  # the dates are kept in the project file
    again = load_report(tmp_path / "r.json")
    assert drill_down(again, "requests.carried_out.total") == carried
    report.set_value("requests.granted.person", 5)
    assert drill_down(report, "requests.granted.person") is None


def _their_cases_register(path: Path) -> Path:
    """Requests in the template's columns, and a sheet of cases another tool keeps: its own
    sheet name, its own column names, a title row above the header."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "受理登记"
    sheet.append(HEADERS)
    sheet.append(["A-1", date(2025, 2, 3), "自然人", "（一）予以公开", date(2025, 2, 9), ""])
    cases = workbook.create_sheet("复议诉讼")
    cases.append(["2025年度行政复议、行政诉讼案件登记"])
    cases.append(["案号", "类型", "审理结果", "审结情况", "承办人"])
    cases.append(["F-1", "行政复议", "结果纠正", "是", "甲"])
    cases.append(["F-2", "行政诉讼·复议后起诉", None, "否", "乙"])
    workbook.save(path)
    return path


CASE_MAPPING = {"案件编号": "案号", "案件类别": "类型", "结果": "审理结果", "是否审结": "审结情况"}


def test_a_cases_sheet_with_other_column_names_is_mapped_like_the_requests(tmp_path: Path) -> None:
    path = _their_cases_register(tmp_path / "台账.xlsx")
    fmt = load_format("2021")
    sheets = sheets_to_map(path, fmt)
    assert sheets.requests.sheet == "受理登记" and not sheets.requests.missing(REQUEST_FIELDS)
    assert sheets.cases is not None and sheets.cases.sheet == "复议诉讼"  # it speaks of 行政复议
    assert sheets.needs_mapping() and {f.header for f in sheets.cases.missing(CASE_FIELDS)} == {"案件类别", "结果", "是否审结"}
    unmapped = import_register(path, fmt, YEAR, today=TODAY)  # the command line without --map: said, not dropped silently
    assert unmapped.counted.cases_used == 0
    assert any("工作表“复议诉讼”像是行政复议、行政诉讼案件" in line and "“案件类别”" in line for line in unmapped.lines())
    mapped = sheets_to_map(path, fmt, CASE_MAPPING)
    assert mapped.cases is not None and mapped.cases.row == 2 and not mapped.needs_mapping()
    result = import_register(path, fmt, YEAR, CASE_MAPPING, today=TODAY)
    assert result.counted.cases_used == 2 and not result.notes
    assert result.counted.values["appeals.cases.review_corrected"] == 1
    assert result.counted.values["appeals.cases.after_review_pending"] == 1
    declined = {**CASE_MAPPING, CASES_SHEET: ""}  # the clerk chose to import no cases sheet
    assert sheets_to_map(path, fmt, declined).cases is None
    assert import_register(path, fmt, YEAR, declined, today=TODAY).counted.cases_used == 0


def test_the_templates_list_of_choices_is_never_read_as_cases(tmp_path: Path) -> None:
    """A template whose (empty) cases sheet was deleted still has the sheet of drop-down
    choices, whose columns look like a cases sheet's: its lists are no cases."""
    path = tmp_path / "模板.xlsx"
    write_register_template("2021", path)
    workbook = load_workbook(path)
    del workbook[CASES_SHEET]
    workbook[REQUESTS_SHEET].append(["A-1", date(2025, 2, 3), "自然人", "（一）予以公开", date(2025, 2, 9), ""])
    workbook.save(path)
    result = import_register(path, load_format("2021"), YEAR, today=TODAY)
    assert result.counted.cases_used == 0 and result.cases_header is None
    assert not any(key.startswith("appeals.") for key in result.counted.values)
