"""Reading a request register workbook: its header row, each row checked, 三 (and 四) counted.

Registers kept by other tools name their columns (and sheets) differently: columns are matched
by header text (any spelling `labels` accepts) and a mapping from this program's column names
to the register's own can be given, also naming the sheet of requests or of cases (or "" for
no cases sheet). Every row that cannot be counted is reported with its reasons;
nothing reaches a report until `RegisterImport.apply` is called (the clerk's acceptance).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Iterable, Iterator

from model.formats import Format
from model.importing.labels import label_key, unify_width
from model.importing.source import ImportRefused, read_bytes
from model.importing.xlsx_source import cell_text, open_workbook, sheet_rows
from model.register import (APPEALS_TABLE, CASE_FIELDS, CASES_SHEET, CHOICES_SHEET, EARLIEST, REQUEST_FIELDS,
                            REQUESTS_SHEET, YES, BadRow,
                            Case, Counted, Field, Request, carry_over_warnings,
                            count_cases, count_requests, vocabulary)
from model.report import RegisterLink, Report
from model.storage import content_digest

Mapping = dict[str, str]  # this program's column (or sheet) name → the register's ("" : no such sheet)
HEADER_SCAN_ROWS = 10
LIST_LIMIT = 8
EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's serial dates (a Mac workbook may use 1904)
_DATE_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")


class RegisterError(ImportRefused):
    """The register cannot be read at all (no such sheet or column); str() is the message."""


@dataclass(frozen=True)
class Header:
    """A sheet's header row: its 1-based row number, its texts, and which column is which field."""

    sheet: str
    row: int
    texts: tuple[str, ...]
    columns: dict[str, int]  # field id → 0-based column

    def missing(self, fields: tuple[Field, ...]) -> list[Field]:
        return [f for f in fields if f.required and f.id not in self.columns]


def match_columns(texts: Iterable[str], fields: tuple[Field, ...], mapping: Mapping | None = None) -> dict[str, int]:
    """Which column holds each field: its header is the field's name or the name `mapping`
    gives for it (compared as labels are: spaces, widths and brackets do not matter)."""
    wanted = {label_key(f.header): f.id for f in fields}  # this program's names, and the mapped ones
    wanted.update({label_key(mapping[f.header]): f.id for f in fields if mapping and f.header in mapping})
    columns: dict[str, int] = {}
    for index, text in enumerate(texts):
        field_id = wanted.get(label_key(text)) if text else None
        if field_id is not None and field_id not in columns:
            columns[field_id] = index
    return columns


def _header(sheet: str, rows: list[list[str]], fields: tuple[Field, ...], mapping: Mapping | None) -> Header | None:
    """The row among the first few that names most of the fields (at least two)."""
    best: Header | None = None
    for index, texts in enumerate(rows[:HEADER_SCAN_ROWS]):
        columns = match_columns(texts, fields, mapping)
        if len(columns) >= 2 and (best is None or len(columns) > len(best.columns)):
            best = Header(sheet, index + 1, tuple(texts), columns)
    return best


def parse_date(value: Any, epoch: date = EXCEL_EPOCH) -> date | None:
    """A date as registers hold it: a date cell, an Excel serial number, 「2025-03-05」,
    「2025/3/5」, 「2025.3.5」, 「2025年3月5日」 or 「20250305」. None for blank; ValueError
    (Chinese) for anything else."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 20000 <= value <= 80000:
            return epoch + timedelta(days=int(value))
        value = cell_text(value)
    text = unify_width(str(value)).strip()
    match = _DATE_TEXT.fullmatch(text) or _COMPACT_DATE.fullmatch(text)
    if match:
        try:
            return date(*map(int, match.groups()))
        except ValueError:
            pass
    raise ValueError(f"“{text}”不是有效的日期")


def _checked_date(value: Any, name: str, today: date, reasons: list[str], epoch: date) -> date | None:
    try:
        when = parse_date(value, epoch)
    except ValueError as exc:
        reasons.append(f"{name}{exc}")
        return None
    if when is not None and not EARLIEST <= when <= today:
        reasons.append(f"{name} {when.isoformat()} 不在合理范围内（{EARLIEST.isoformat()} 至今）")
        return None
    return when


def _text(row: tuple[Any, ...], columns: dict[str, int], field_id: str) -> str:
    index = columns.get(field_id)
    if index is None or index >= len(row):
        return ""
    return cell_text(row[index]).strip()


def _raw(row: tuple[Any, ...], columns: dict[str, int], field_id: str) -> Any:
    index = columns.get(field_id)
    return row[index] if index is not None and index < len(row) else None


def _word(fmt: Format, which: str, written: str, what: str, reasons: list[str]) -> str | None:
    if not written:
        reasons.append(f"缺少{what}")
        return None
    word = vocabulary(fmt.id).word(which, written)
    if word is None:
        choices = vocabulary(fmt.id).choices(which)
        shown = "、".join(choices[:LIST_LIMIT]) + ("等" if len(choices) > LIST_LIMIT else "")
        reasons.append(f"{what}“{written}”不是{fmt.name}中的类别（可选：{shown}）")
    return word


@dataclass
class _Numbers:
    """申请编号 seen so far, to refuse a duplicate; a row without one is named by its row."""

    sheet: str
    seen: dict[str, int] = field(default_factory=dict)

    def take(self, number: str, row: int, reasons: list[str]) -> str:
        if not number:
            return f"{self.sheet}第{row}行"
        if number in self.seen:
            reasons.append(f"编号“{number}”与第 {self.seen[number]} 行重复")
        else:
            self.seen[number] = row
        return number


def _request(fmt: Format, row: tuple[Any, ...], number: int, columns: dict[str, int], numbers: _Numbers,
             today: date, epoch: date) -> Request | BadRow:
    vocab = vocabulary(fmt.id)
    reasons: list[str] = []
    written_number = _text(row, columns, "number")
    ident = numbers.take(written_number, number, reasons)
    received = _checked_date(_raw(row, columns, "received"), "收到日期", today, reasons, epoch)
    if received is None and not _text(row, columns, "received"):
        reasons.append("缺少收到日期")
    applicant = _word(fmt, "applicants", _text(row, columns, "applicant"), "申请人类型", reasons)
    result_text = _text(row, columns, "result")
    result = _word(fmt, "results", result_text, "办理结果", reasons) if result_text else None
    concluded = _checked_date(_raw(row, columns, "concluded"), "办结日期", today, reasons, epoch)
    if concluded is not None and received is not None and concluded < received:
        reasons.append(f"办结日期 {concluded.isoformat()} 早于收到日期 {received.isoformat()}")
    concluded_text = _text(row, columns, "concluded")
    if concluded_text and not result_text:
        reasons.append("已填写办结日期，但缺少办理结果")
    if result_text and not concluded_text:
        reasons.append("已填写办理结果，但缺少办结日期（仍在办理的请留空办理结果）")
    if reasons or received is None or applicant is None:
        return BadRow(numbers.sheet, number, written_number, tuple(reasons))
    return Request(number, ident, received, vocab.applicants[applicant],
                   vocab.results[result] if result else None, concluded)


def _case(fmt: Format, row: tuple[Any, ...], number: int, columns: dict[str, int], numbers: _Numbers) -> Case | BadRow:
    vocab = vocabulary(fmt.id)
    reasons: list[str] = []
    written_number = _text(row, columns, "number")
    ident = numbers.take(written_number, number, reasons)
    kind = _word(fmt, "case_kinds", _text(row, columns, "kind"), "案件类别", reasons)
    closed = _word(fmt, "closed", _text(row, columns, "closed"), "是否审结", reasons)
    result_text = _text(row, columns, "result")
    result = _word(fmt, "case_results", result_text, "结果", reasons) if result_text else None
    if closed == YES and not result_text:
        reasons.append("已审结的案件缺少结果")
    if reasons or kind is None or closed is None:
        return BadRow(numbers.sheet, number, written_number, tuple(reasons))
    group = vocab.case_kinds[kind]
    column = vocab.case_results[result][group] if closed == YES and result else vocab.pending[group]
    return Case(number, ident, group, column)


@dataclass
class RegisterImport:
    """A register read and counted for one report: shown to the clerk, applied on acceptance."""

    file: str
    sha256: str
    counted: Counted
    requests_header: Header
    cases_header: Header | None
    bad: list[BadRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was not read, and why

    @property
    def usable(self) -> bool:
        return self.counted.requests_used > 0 or self.counted.cases_used > 0

    def summary(self) -> str:
        counted = self.counted
        parts = [f"台账中计入{counted.year}年度的申请 {counted.requests_used} 件"]
        if counted.cases_used:
            parts.append(f"行政复议、行政诉讼案件 {counted.cases_used} 件")
        if counted.received_later:
            parts.append(f"{counted.received_later} 件收到于{counted.year}年之后，不计入")
        if counted.concluded_earlier:
            parts.append(f"{counted.concluded_earlier} 件在{counted.year}年之前已办结，不计入")
        if self.bad:
            parts.append(f"{len(self.bad)} 行有问题，未计入")
        return "；".join(parts)

    def lines(self) -> list[str]:
        fmt = self.counted.format
        out = [f"已读取台账 {self.file}（SHA-256 {self.sha256[:12]}…）", self.summary(), *self.notes]
        if self.bad:
            out.append("有问题的行（未计入）：")
            out += [f"  · {bad.text()}" for bad in self.bad]
        if self.warnings:
            out.append("与上年报告不一致：")
            out += [f"  · {w}" for w in self.warnings]
        out.append("计算结果：")
        values = self.counted.values
        out += [f"  · {fmt.describe_cell(key, with_section=True)} = {values[key]}" for key in fmt.cell_keys() if values.get(key)]
        return out

    def link(self) -> RegisterLink:
        """What the report keeps of the register: its file, its SHA-256, the drill-down."""
        return RegisterLink(self.file, self.sha256, dict(self.counted.cells), dict(self.counted.dates))

    def apply(self, report: Report) -> None:
        """Write 三 (and 四 when the cases sheet has rows) into `report`, with the drill-down."""
        for key, value in self.counted.values.items():
            report.set_value(key, value)
        report.register = self.link()


def _rows(ws: Any) -> list[list[str]]:
    return [[cell_text(v) for v in row] for row in ws.iter_rows(max_row=HEADER_SCAN_ROWS, values_only=True)]


def likely_header(sheet: str, rows: list[list[str]], fields: tuple[Field, ...], mapping: Mapping | None) -> Header:
    """The sheet's header row for `fields`: the one naming most of them (by their names or the
    mapping), else the fullest of its first rows (nothing matched yet: the mapping step)."""
    found = _header(sheet, rows, fields, mapping)
    if found is not None:
        return found
    index = max(range(len(rows)), key=lambda i: sum(1 for t in rows[i] if t), default=0)
    texts = tuple(rows[index]) if rows else ()
    return Header(sheet, index + 1, texts, match_columns(texts, fields, mapping))


@dataclass(frozen=True)
class RegisterSheets:
    """A register's sheets as the mapping step shows them: the requests sheet's header row, the
    cases sheet's (found by its columns, named in the mapping, or a sheet that speaks of 行政复议
    or 行政诉讼; None when there is none or the clerk chose to import none), and the first rows
    of every sheet (the template's list of choices left out), to choose another."""

    requests: Header
    cases: Header | None
    rows: dict[str, list[list[str]]]

    def needs_mapping(self) -> bool:
        """Whether a sheet lacks a column the count needs (then the clerk maps them)."""
        return bool(self.requests.missing(REQUEST_FIELDS)) or (
            self.cases is not None and bool(self.cases.missing(CASE_FIELDS)))


def sheets_to_map(path: str | os.PathLike[str], fmt: Format, mapping: Mapping | None = None) -> RegisterSheets:
    """The register's sheets for the mapping step in the window."""
    path = Path(path)
    workbook = open_workbook(read_bytes(path), path.name)
    try:
        rows = {ws.title: _rows(ws) for ws in _sheets(workbook)}
        if not rows:
            raise RegisterError(f"{path.name} 中没有工作表")
        requests, cases = _find_headers(workbook, mapping)
        if requests is None:
            first = next(iter(rows))
            requests = likely_header(first, rows[first], REQUEST_FIELDS, mapping)
        if cases is None and not _declined(mapping):
            title = next((t for t in rows if t != requests.sheet and _speaks_of_cases(fmt, t, rows[t])), None)
            cases = likely_header(title, rows[title], CASE_FIELDS, mapping) if title is not None else None
        return RegisterSheets(requests, cases, rows)
    finally:
        workbook.close()


def _sheets(workbook: Any) -> list[Any]:
    """The sheets that can hold requests or cases: not the template's list of choices."""
    return [ws for ws in workbook.worksheets if ws.title != CHOICES_SHEET]


def _declined(mapping: Mapping | None) -> bool:
    """The clerk chose to import no cases sheet (the mapping names none for it)."""
    return (mapping or {}).get(CASES_SHEET) == ""


def _speaks_of_cases(fmt: Format, title: str, rows: list[list[str]]) -> bool:
    """A sheet whose name or first rows use the words of 四's groups (行政复议, 行政诉讼)."""
    words = [group.label for group in fmt.tables[APPEALS_TABLE].columns]
    return any(word in text for word in words for text in (title, *(t for row in rows for t in row)))


def _find_headers(workbook: Any, mapping: Mapping | None) -> tuple[Header | None, Header | None]:
    """The requests and cases sheets' header rows: in the sheet the mapping names, else in the
    sheet whose columns match best (the template's sheet name first); None where not found."""
    found: dict[str, Header] = {}
    sheets = _sheets(workbook)
    for fields, sheet_name in ((REQUEST_FIELDS, REQUESTS_SHEET), (CASE_FIELDS, CASES_SHEET)):
        chosen = (mapping or {}).get(sheet_name)
        if chosen == "":
            continue  # no such sheet to import
        named = next((ws for ws in sheets if ws.title == chosen), None)
        if named is not None:
            found[sheet_name] = likely_header(named.title, _rows(named), fields, mapping)
            continue
        best: Header | None = None
        for ws in sheets:
            if any(h.sheet == ws.title for h in found.values()):
                continue
            header = _header(ws.title, _rows(ws), fields, mapping)
            if header is None:
                continue
            rank = (ws.title == sheet_name, len(header.columns))
            if best is None or rank > (best.sheet == sheet_name, len(best.columns)):
                best = header
        if best is not None:
            found[sheet_name] = best
    return found.get(REQUESTS_SHEET), found.get(CASES_SHEET)


def _data_rows(workbook: Any, header: Header) -> Iterator[tuple[int, tuple[Any, ...]]]:
    for number, row in sheet_rows(workbook, workbook[header.sheet], header.row + 1):
        if any(v is not None and v != "" for v in row):
            yield number, row


def _first_row(workbook: Any) -> str:
    """The first non-empty row of the first sheet, to show which columns the register has."""
    rows = _rows(workbook.worksheets[0]) if workbook.worksheets else []
    return "、".join(t for t in next((r for r in rows if any(r)), []) if t) or "无"


def _refuse_missing(header: Header | None, fields: tuple[Field, ...], what: str, first_row: str = "") -> Header:
    needed = "、".join(f.header for f in fields if f.required)
    if header is None:
        raise RegisterError(f"在台账中找不到{what}的表头（需要的列：{needed}；台账第一行：{first_row}）。"
                            "如果台账用其他列名，请指定列的对应关系")
    missing = header.missing(fields)
    if missing:
        present = "、".join(t for t in header.texts if t) or "无"
        raise RegisterError(f"台账“{header.sheet}”第 {header.row} 行的表头中找不到"
                            f"{'、'.join(f'“{f.header}”' for f in missing)}列（现有的列：{present}）。"
                            "请指定列的对应关系")
    return header


def _unread_cases(workbook: Any, fmt: Format, requests: Header, mapping: Mapping | None) -> list[str]:
    """A note for a sheet that speaks of 行政复议/行政诉讼 but whose columns were not found."""
    for ws in _sheets(workbook):
        rows = _rows(ws)
        if ws.title != requests.sheet and _speaks_of_cases(fmt, ws.title, rows):
            header = likely_header(ws.title, rows, CASE_FIELDS, mapping)
            needed = "、".join(f"“{f.header}”" for f in header.missing(CASE_FIELDS))
            return [f"工作表“{ws.title}”像是行政复议、行政诉讼案件，但其表头中找不到{needed}列，未计入"
                    f"“{fmt.section_of_table(APPEALS_TABLE).heading}”：请指定列的对应关系"]
    return []


def import_register(path: str | os.PathLike[str], fmt: Format, year: int, mapping: Mapping | None = None,
                    report: Report | None = None, today: date | None = None) -> RegisterImport:
    """Read and count the register at `path` for `year`; RegisterError if it has no usable
    requests sheet. `report` (the one to be filled) gives last year's figures to compare."""
    path = Path(path)
    data = read_bytes(path)
    workbook = open_workbook(data, path.name)
    today = today or date.today()
    try:
        epoch = workbook.epoch.date() if isinstance(workbook.epoch, datetime) else EXCEL_EPOCH
        requests_header, cases_header = _find_headers(workbook, mapping)
        requests_header = _refuse_missing(requests_header, REQUEST_FIELDS, "申请登记", _first_row(workbook))
        notes = [] if cases_header is not None or _declined(mapping) else _unread_cases(workbook, fmt, requests_header, mapping)
        if cases_header is not None and cases_header.missing(CASE_FIELDS):
            cases_header = _refuse_missing(cases_header, CASE_FIELDS, "行政复议和行政诉讼案件")
        bad: list[BadRow] = []
        requests: list[Request] = []
        numbers = _Numbers(requests_header.sheet)
        for number, row in _data_rows(workbook, requests_header):
            item = _request(fmt, row, number, requests_header.columns, numbers, today, epoch)
            (bad if isinstance(item, BadRow) else requests).append(item)  # type: ignore[arg-type]
        cases: list[Case] = []
        if cases_header is not None:
            case_numbers = _Numbers(cases_header.sheet)
            for number, row in _data_rows(workbook, cases_header):
                case = _case(fmt, row, number, cases_header.columns, case_numbers)
                (bad if isinstance(case, BadRow) else cases).append(case)  # type: ignore[arg-type]
    finally:
        workbook.close()
    counted = count_requests(fmt, year, requests)
    if cases:
        count_cases(fmt, cases, counted)
    result = RegisterImport(path.name, content_digest(data), counted, requests_header,
                            cases_header, bad, notes=notes)
    if report is not None:
        result.warnings = carry_over_warnings(report, counted)
    return result
