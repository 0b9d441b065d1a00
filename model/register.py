"""The request register (依申请公开办理台账): one row per request, and 三 computed from it.

Published reports go wrong where 三 is counted by hand from the register (one request counted
both as handled and as carried over; results that do not add up). Counted here, for report
year Y, per applicant column:

- 一、新收 = requests received within Y;
- 二、上年结转 = received before Y and not concluded before Y;
- 三、办理结果 = concluded within Y, in the row of their result category;
- 四、结转下年度 = received by the end of Y and not concluded by 31 December of Y;

so 一 + 二 = 三（总计）+ 四 holds by construction. A second sheet lists 行政复议/行政诉讼
cases (kind, result, concluded or not) and gives 四 when it has rows.

The register's words (applicant types, result categories, case kinds and results) are the
format's own labels, read from the format definition (`Vocabulary`); the register's column
headers are this module's (`REQUEST_FIELDS`, `CASE_FIELDS`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache

from model.carry import last_year_values
from model.formats import Format, Node, all_nodes, column_path, load_format
from model.importing.labels import label_key, loose_key, strip_numbering
from model.numbers import Value
from model.report import Report

REQUESTS_TABLE, APPEALS_TABLE = "requests", "appeals"
NEW, CARRIED_IN, CARRIED_OUT = "new", "carried_in", "carried_out"  # row ids of 三 (FORMATS.md)
PENDING_SUFFIX = "_pending"  # 四: the column of cases not yet concluded, in each group
REQUESTS_SHEET = "依申请公开台账"
CASES_SHEET = "行政复议和行政诉讼"
CHOICES_SHEET = "可选项"
YES, NO = "是", "否"
EARLIEST = date(2008, 5, 1)  # the 条例 came into force: no request can be older


@dataclass(frozen=True)
class Field:
    """One column of the register: its id, its header in the template, whether it must exist,
    whether the count reads it (only those are matched in the mapping step)."""

    id: str
    header: str
    required: bool = True
    width: int = 14  # characters, in the template
    read: bool = True


REQUEST_FIELDS = (
    Field("number", "申请编号", required=False),
    Field("received", "收到日期"),
    Field("applicant", "申请人类型", width=16),
    Field("result", "办理结果", width=48),
    Field("concluded", "办结日期"),
    Field("remark", "备注", required=False, width=30, read=False),
)
CASE_FIELDS = (
    Field("number", "案件编号", required=False),
    Field("kind", "案件类别", width=24),
    Field("result", "结果", width=14),
    Field("closed", "是否审结", width=10),
    Field("remark", "备注", required=False, width=30, read=False),
)


def _matcher(words: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Comparable spellings → the word they stand for; a spelling two words share is dropped."""
    table: dict[str, str] = {}
    shared: set[str] = set()
    for word, spellings in words.items():
        for spelling in spellings:
            for key in (label_key(spelling), loose_key(spelling)):
                if key and table.get(key, word) != word:
                    shared.add(key)
                table.setdefault(key, word)
    return {k: v for k, v in table.items() if k not in shared}


@dataclass(frozen=True, eq=False)
class Vocabulary:
    """The words a register of one format uses, each with the cell it counts in."""

    applicants: dict[str, str]  # word → column id of 三
    results: dict[str, str]  # word → row id of 三
    case_kinds: dict[str, str]  # word → group column id of 四
    case_results: dict[str, dict[str, str]]  # word → group id → its column
    pending: dict[str, str]  # group id → its 尚未审结 column
    _lookup: dict[str, dict[str, str]] = field(default_factory=dict)

    def word(self, which: str, written: str) -> str | None:
        """The official word `written` stands for in list `which`, None if none."""
        return self._lookup[which].get(label_key(written)) or self._lookup[which].get(loose_key(written))

    def choices(self, which: str) -> list[str]:
        """The words of list `which` in order, as the template's drop-down offers them."""
        return [YES, NO] if which == "closed" else list(getattr(self, which))


def _leaf_words(nodes: tuple[Node, ...], keep: set[str], trail: tuple[str, ...], words: dict[str, str],
                spellings: dict[str, tuple[str, ...]], joiner: str | None) -> None:
    """Each kept leaf's word: its label, after its group's (joined by `joiner`) if one is given.
    The leaf's label alone and the whole path are accepted spellings too."""
    for node in nodes:
        if node.is_leaf:
            if node.id in keep:
                word = joiner.join((trail[-1], node.label)) if trail and joiner else node.label
                words[word] = node.id
                spellings[word] = (word, node.label, "".join(trail + (node.label,)), "".join(trail[-1:] + (node.label,)))
        else:
            _leaf_words(node.children, keep, trail + (node.label,), words, spellings, joiner)


def _sum_relation_parts(fmt: Format, table_id: str, per: str) -> tuple[str, list[str]]:
    """The (target, parts) of the table's computed total per row or per column."""
    relation = next(r for r in fmt.relations if r.table == table_id and r.computes and r.per == per)
    return relation.left[0].id, [t.id for t in relation.right]


@cache
def vocabulary(format_id: str) -> Vocabulary:
    fmt = load_format(format_id)
    requests, appeals = fmt.tables[REQUESTS_TABLE], fmt.tables[APPEALS_TABLE]
    spellings: dict[str, dict[str, tuple[str, ...]]] = {}
    _, applicant_ids = _sum_relation_parts(fmt, REQUESTS_TABLE, "row")
    _, result_ids = _sum_relation_parts(fmt, REQUESTS_TABLE, "column")
    applicants: dict[str, str] = {}
    # the applicant group (申请人情况) heads every column: a word starts below it
    _leaf_words(requests.columns, set(applicant_ids), (), applicants, spellings.setdefault("applicants", {}),
                None)
    results: dict[str, str] = {}
    for top in requests.rows:  # below 三、本年度办理结果: 「（三）不予公开：1.属于国家秘密」
        _leaf_words(top.children, set(result_ids), (), results, spellings.setdefault("results", {}), "：")
    computed = {i.left[0][0].split(".")[2] for i in fmt.instances()
                if i.relation.computes and i.relation.table == APPEALS_TABLE}
    groups = [n for n in all_nodes(appeals.columns) if n.children and all(c.is_leaf for c in n.children)]
    case_kinds = {column_path(appeals, g.children[0].id).rsplit("·", 1)[0]: g.id for g in groups}
    spellings["case_kinds"] = {w: (w, g.label) for w, g in zip(case_kinds, groups)}
    case_results: dict[str, dict[str, str]] = {}
    for group in groups:
        for child in group.children:
            if child.id not in computed and not child.id.endswith(PENDING_SUFFIX):
                case_results.setdefault(child.label, {})[group.id] = child.id
    spellings["case_results"] = {w: (w,) for w in case_results}
    pending = {g.id: next(c.id for c in g.children if c.id.endswith(PENDING_SUFFIX)) for g in groups}
    pending_words = {next(c.label for c in g.children if c.id.endswith(PENDING_SUFFIX)) for g in groups}
    spellings["closed"] = {YES: (YES, "已审结"), NO: (NO, *pending_words)}
    lookup = {which: _matcher(words) for which, words in spellings.items()}
    return Vocabulary(applicants, results, case_kinds, case_results, pending, lookup)


@dataclass(frozen=True)
class Request:
    """One valid row of the register."""

    row: int
    number: str
    received: date
    applicant: str  # column id of 三
    result: str | None  # row id of 三, None while being handled
    concluded: date | None


@dataclass(frozen=True)
class Case:
    """One valid row of the cases sheet."""

    row: int
    number: str
    group: str  # group column id of 四
    column: str  # the column it counts in (its result's, or 尚未审结)


@dataclass(frozen=True)
class BadRow:
    sheet: str
    row: int
    number: str
    reasons: tuple[str, ...]

    def text(self) -> str:
        named = f"（{self.number}）" if self.number else ""
        return f"“{self.sheet}”第 {self.row} 行{named}：{'；'.join(self.reasons)}"


@dataclass
class Counted:
    """What the register gives for one report year, before anything is written."""

    format: Format
    year: int
    values: dict[str, Value] = field(default_factory=dict)
    cells: dict[str, tuple[str, ...]] = field(default_factory=dict)  # drill-down (no totals)
    dates: dict[str, tuple[date, date | None]] = field(default_factory=dict)  # request → received, concluded
    requests_used: int = 0
    received_later: int = 0  # received after the year: next year's
    concluded_earlier: int = 0  # concluded before the year: earlier years'
    cases_used: int = 0

    def tables(self) -> set[str]:
        return {key.split(".")[0] for key in self.values}


def count_requests(fmt: Format, year: int, requests: list[Request]) -> Counted:
    """三 for `year` from the register's valid rows, with the requests behind each cell."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    counted = Counted(fmt, year)
    vocab = vocabulary(fmt.id)
    rows = [NEW, CARRIED_IN, CARRIED_OUT, *vocab.results.values()]
    ids: dict[str, list[str]] = {f"{REQUESTS_TABLE}.{r}.{c}": [] for r in rows for c in vocab.applicants.values()}
    for request in requests:
        if request.received > end:
            counted.received_later += 1
            continue
        if request.concluded is not None and request.concluded < start:
            counted.concluded_earlier += 1
            continue
        counted.requests_used += 1
        counted.dates[request.number] = (request.received, request.concluded)
        column = request.applicant
        ids[f"{REQUESTS_TABLE}.{NEW if request.received >= start else CARRIED_IN}.{column}"].append(request.number)
        if request.concluded is not None and request.concluded <= end:
            ids[f"{REQUESTS_TABLE}.{request.result}.{column}"].append(request.number)
        else:
            ids[f"{REQUESTS_TABLE}.{CARRIED_OUT}.{column}"].append(request.number)
    counted.cells = {key: tuple(numbers) for key, numbers in ids.items()}
    counted.values = {key: len(numbers) for key, numbers in ids.items()}
    _add_totals(fmt, REQUESTS_TABLE, counted.values)
    return counted


def count_cases(fmt: Format, cases: list[Case], counted: Counted) -> None:
    """四 from the cases sheet's valid rows (all of them: the sheet lists the year's cases)."""
    vocab = vocabulary(fmt.id)
    table = fmt.tables[APPEALS_TABLE]
    row_id = table.row_leaves()[0].id
    columns = {c for by_group in vocab.case_results.values() for c in by_group.values()} | set(vocab.pending.values())
    ids: dict[str, list[str]] = {f"{APPEALS_TABLE}.{row_id}.{c}": [] for c in sorted(columns)}
    for case in cases:
        ids[f"{APPEALS_TABLE}.{row_id}.{case.column}"].append(case.number)
    counted.cases_used = len(cases)
    counted.cells.update({key: tuple(numbers) for key, numbers in ids.items()})
    counted.values.update({key: len(numbers) for key, numbers in ids.items()})
    _add_totals(fmt, APPEALS_TABLE, counted.values)


def _add_totals(fmt: Format, table_id: str, values: dict[str, Value]) -> None:
    computing = [i for i in fmt.instances() if i.relation.computes and i.relation.table == table_id]
    for _ in range(2):  # totals of totals (三（七）总计 · 总计) settle in the second pass
        for instance in computing:
            values[instance.left[0][0]] = sum(int(values.get(k, 0)) for k, _ in instance.right)


def carry_over_warnings(report: Report, counted: Counted) -> list[str]:
    """Where the register's 上年结转 differs from the figures carried from last year's report."""
    warnings = []
    for key, last in last_year_values(report).items():
        if key in counted.values and counted.values[key] != last:
            warnings.append(f"{report.format.describe_cell(key)}：台账计得 {counted.values[key]}，"
                            f"上年报告为 {last}")
    return warnings


@dataclass(frozen=True)
class DrillDown:
    """Every request (or case) behind a cell filled from the register, one row each, in the
    words of the register's template."""

    file: str
    headers: tuple[str, ...]
    rows: list[tuple[str, ...]]


def _headers(fields: tuple[Field, ...], *ids: str) -> tuple[str, ...]:
    by_id = {f.id: f.header for f in fields}
    return tuple(by_id[i] for i in ids)


def drill_down(report: Report, key: str) -> DrillDown | None:
    """The requests behind `key` with their applicant type, dates and result in the report's
    year (「四、结转下年度继续办理」 for one still being handled on 31 December), or the cases
    with their kind and result; None for a cell not (or no longer) from the register. Dates a
    file does not record show blank."""
    ids = report.register_requests(key)
    link = report.register
    if ids is None or link is None:
        return None
    counted_in: dict[str, dict[str, str]] = {}  # request → row id → the column it counts in
    for cell, numbers in link.cells.items():
        _, row, column = cell.split(".")
        for number in numbers:
            counted_in.setdefault(number, {})[row] = column
    words = vocabulary(report.format.id)
    if key.startswith(f"{APPEALS_TABLE}."):
        return DrillDown(link.file, _headers(CASE_FIELDS, "number", "kind", "result"),
                         [(number, *_case_words(report.format, words, counted_in.get(number, {})))
                          for number in ids])
    applicants = {column: word for word, column in words.applicants.items()}
    results = {row: word for word, row in words.results.items()}
    carried_out = next(strip_numbering(r.label) for r in report.format.tables[REQUESTS_TABLE].row_leaves()
                       if r.id == CARRIED_OUT)
    rows: list[tuple[str, ...]] = []
    for number in ids:
        cells = counted_in.get(number, {})
        result = next((results[row] for row in cells if row in results), carried_out if CARRIED_OUT in cells else "")
        received, concluded = link.dates.get(number, (None, None))
        rows.append((number, applicants.get(cells.get(NEW) or cells.get(CARRIED_IN) or "", ""),
                     received.isoformat() if received else "", concluded.isoformat() if concluded else "", result))
    return DrillDown(link.file, _headers(REQUEST_FIELDS, "number", "applicant", "received", "concluded", "result"),
                     rows)


def _case_words(fmt: Format, words: Vocabulary, cells: dict[str, str]) -> tuple[str, str]:
    """A case's kind and result (or 尚未审结) from the column of 四 it counts in."""
    column = next(iter(cells.values()), "")
    group_of = {c: g for by_group in words.case_results.values() for g, c in by_group.items()}
    group_of.update({c: g for g, c in words.pending.items()})
    kinds = {group: word for word, group in words.case_kinds.items()}
    trails = fmt.tables[APPEALS_TABLE].column_trails()
    return kinds.get(group_of.get(column, ""), ""), trails[column][-1] if column in trails else ""
