"""Evaluate a format's relations on a report: findings with rule id, severity, cells, message.

Checks are pure functions of the document. A `Checker` keeps an index from each cell to the
checks that read it, so that after one edit only those checks run again.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Callable, Iterable

from model.formats import Format, Instance, Relation, Term, column_path
from model.numbers import format_value, numeric
from model.report import Report

SEVERITY_ORDER = {"error": 0, "warning": 1, "hint": 2}
SEVERITY_NAMES = {"error": "错误", "warning": "警告", "hint": "提示"}
BLANK_RULE = "blank"
BLANK_LIST_LIMIT = 8


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    cells: tuple[str, ...]
    message: str
    place: str  # the section (and sub-table) the finding belongs to
    explained: bool = False  # a warning the clerk has given an explanation for
    pending: bool = False  # 待填写: none of its cells entered yet (model.entry; the window's view only)

    @property
    def table(self) -> str:
        return self.cells[0].split(".")[0]


Evaluate = Callable[[Report], list[Finding]]


@dataclass(frozen=True)
class _Check:
    """One unit of checking: the cells it reads and how to evaluate it."""

    reads: tuple[str, ...]
    evaluate: Evaluate
    rule: str


def _place(fmt: Format, table_id: str) -> str:
    section = fmt.section_of_table(table_id)
    heading = fmt.tables[table_id].heading
    return f"{section.heading} · {heading}" if heading else section.heading


def _term_name(fmt: Format, instance: Instance, term: Term) -> str:
    """A term as the message names it; inside a titled group (「行政复议」) the column's own
    label is enough (「总计」, not 「行政复议·总计」)."""
    relation = instance.relation
    table = fmt.tables[relation.table]
    if relation.per == "column":
        name = next(r for r in table.row_leaves() if r.id == term.id).name
    else:
        name = column_path(table, term.id)
        if relation.title and name.startswith(relation.title + "·"):
            name = name[len(relation.title) + 1:]
    return ("上年" if term.previous else "") + name


def _side(fmt: Format, instance: Instance, side: str) -> str:
    terms = [t for _, t in (instance.left if side == "left" else instance.right)]
    described = instance.relation.describe.get(side)
    if described:
        return described
    text = ""
    for i, term in enumerate(terms):
        sign = "−" if term.sign < 0 else ("+" if i else "")
        text += sign + _term_name(fmt, instance, term)
    return text


def _scope(fmt: Format, instance: Instance) -> str:
    relation = instance.relation
    if relation.title:
        return relation.title
    table = fmt.tables[relation.table]
    if relation.per == "column":
        return f"{column_path(table, instance.scope.id)}列"
    if instance.scope.short:  # a code such as 「一」 or 「三（六）2.」 reads as a word unquoted
        return f"“{instance.scope.short}”行"
    return f"{instance.scope.name}行"


def _sum(report: Report, cells: tuple[tuple[str, Term], ...]) -> int | Decimal:
    total: int | Decimal = 0
    for key, term in cells:
        source = report.previous if term.previous else report.values
        total += term.sign * numeric(source.get(key))
    return total


def _difference(a: int | Decimal, b: int | Decimal) -> int | Decimal:
    """|a − b|, an int when both are counts (so it prints without decimals)."""
    if isinstance(a, int) and isinstance(b, int):
        return abs(a - b)
    return abs(Decimal(a) - Decimal(b))


def _equal_check(fmt: Format, instance: Instance, known_if: tuple[str, ...]) -> Evaluate:
    """`known_if`: last year's cells of the whole relation; a cross-year relation is checked
    only when at least one of them is known (a blank one then counts as 0, like any blank)."""
    relation = instance.relation
    place = _place(fmt, relation.table)
    cells = tuple(instance.keys())
    scope, left_name, right_name = _scope(fmt, instance), _side(fmt, instance, "left"), _side(fmt, instance, "right")

    def evaluate(report: Report) -> list[Finding]:
        if known_if and not any(k in report.previous for k in known_if):
            return []
        left, right = _sum(report, instance.left), _sum(report, instance.right)
        if left == right:
            return []
        message = (f"{scope}：{left_name}={format_value(left)}，{right_name}={format_value(right)}，"
                   f"相差{format_value(_difference(left, right))}")
        explained = relation.severity == "warning" and bool(report.explanations.get(relation.rule))
        return [Finding(relation.rule, relation.severity, cells, message, place, explained)]

    return evaluate


def _nonnegative_check(fmt: Format, instance: Instance) -> Evaluate:
    relation = instance.relation
    place = _place(fmt, relation.table)
    cells = tuple(instance.keys())
    scope, left_name = _scope(fmt, instance), _side(fmt, instance, "left")

    def evaluate(report: Report) -> list[Finding]:
        total = _sum(report, instance.left)
        if total >= 0:
            return []
        message = f"{scope}：{left_name}={format_value(total)}，不能为负数"
        return [Finding(relation.rule, relation.severity, cells, message, place)]

    return evaluate


def _explain_check(fmt: Format, instances: list[Instance]) -> Evaluate:
    """All cells of one `explain` relation: one finding naming every non-zero cell."""
    relation = instances[0].relation
    place = _place(fmt, relation.table)
    table = fmt.tables[relation.table]
    named = [(key, f"{column_path(table, i.scope.id)}·{_term_name(fmt, i, t)}")
             for i in instances for key, t in i.left]
    subject = relation.describe.get("left", "")

    def evaluate(report: Report) -> list[Finding]:
        nonzero = [(key, name, numeric(report.values.get(key))) for key, name in named]
        nonzero = [item for item in nonzero if item[2]]
        if not nonzero:
            return []
        listed = "、".join(f"{name}={format_value(v)}" for _, name, v in nonzero)
        explanation = report.explanations.get(relation.rule, "")
        explained = bool(explanation)
        outcome = f"说明：{_excerpt(explanation)}" if explained else "需说明原因"
        message = f"{subject}不为 0（{listed}），{outcome}"
        return [Finding(relation.rule, relation.severity, tuple(k for k, _, _ in nonzero),
                        message, place, explained)]

    return evaluate


def _excerpt(text: str, limit: int = 40) -> str:
    """The clerk's explanation as quoted in a message: one line, cut at `limit` characters."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[:limit] + "…"


def _blank_check(fmt: Format, table_id: str) -> Evaluate:
    keys = fmt.tables[table_id].cell_keys()
    place = _place(fmt, table_id)
    described = {key: fmt.describe_cell(key, with_table=False) for key in keys}

    def evaluate(report: Report) -> list[Finding]:
        values = report.values
        blank = [k for k in keys if k not in values]
        if not blank:
            return []
        names = "、".join(described[k] for k in blank[:BLANK_LIST_LIMIT])
        more = f"等 {len(blank)} 格" if len(blank) > BLANK_LIST_LIMIT else ""
        message = f"{len(blank)} 个单元格未填写，按 0 计算（公开的报告应填 0）：{names}{more}"
        return [Finding(BLANK_RULE, "hint", tuple(blank), message, place)]

    return evaluate


CheckBuilder = Callable[[Format, Relation, list[Instance]], list[_Check]]


def _equal_checks(fmt: Format, relation: Relation, instances: list[Instance]) -> list[_Check]:
    """One check per row or column; a cross-year one only once last year is known."""
    known_if = tuple(k for i in instances for k, t in i.left + i.right if t.previous)
    return [_Check(tuple(i.keys()), _equal_check(fmt, i, known_if), relation.rule) for i in instances]


def _nonnegative_checks(fmt: Format, relation: Relation, instances: list[Instance]) -> list[_Check]:
    return [_Check(tuple(i.keys()), _nonnegative_check(fmt, i), relation.rule) for i in instances]


def _explain_checks(fmt: Format, relation: Relation, instances: list[Instance]) -> list[_Check]:
    """One check for the whole relation: one finding names every non-zero cell."""
    reads = tuple(k for i in instances for k in i.keys())
    return [_Check(reads, _explain_check(fmt, instances), relation.rule)]


RELATION_CHECKS: dict[str, CheckBuilder] = {
    "equal": _equal_checks,
    "nonnegative": _nonnegative_checks,
    "explain": _explain_checks,
}
"""How each kind of relation a format may declare (formats.RELATION_KINDS) is checked: a new
kind is one entry here, its name in RELATION_KINDS, and its description in docs/FORMATS.md."""


@cache
def _checks(fmt: Format) -> tuple[tuple[_Check, ...], dict[str, tuple[int, ...]], dict[str, tuple[int, ...]]]:
    """The format's checks, an index cell → checks that read it, and rule → its checks.

    Relations are checked in the format's order (so findings of one severity come in that
    order), then blank cells table by table.
    """
    instances: dict[Relation, list[Instance]] = {relation: [] for relation in fmt.relations}
    for instance in fmt.instances():
        instances[instance.relation].append(instance)
    checks: list[_Check] = []
    for relation, applied in instances.items():
        checks.extend(RELATION_CHECKS[relation.kind](fmt, relation, applied))
    for table_id in fmt.tables:
        checks.append(_Check(tuple(fmt.tables[table_id].cell_keys()), _blank_check(fmt, table_id), BLANK_RULE))
    by_cell: dict[str, list[int]] = {}
    by_rule: dict[str, list[int]] = {}
    for index, check in enumerate(checks):
        for key in check.reads:
            by_cell.setdefault(key, []).append(index)
        by_rule.setdefault(check.rule, []).append(index)
    return (tuple(checks), {k: tuple(v) for k, v in by_cell.items()},
            {k: tuple(v) for k, v in by_rule.items()})


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: SEVERITY_ORDER[f.severity])


def check(report: Report) -> list[Finding]:
    """Every finding of the report, errors first."""
    checks, _, _ = _checks(report.format)
    return sort_findings(f for c in checks for f in c.evaluate(report))


class Checker:
    """Findings of one report kept up to date by rechecking only what an edit touches."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self._checks, self._by_cell, self._by_rule = _checks(report.format)
        self._results: list[list[Finding]] = [c.evaluate(report) for c in self._checks]
        self._flat: list[Finding] | None = None

    @property
    def findings(self) -> list[Finding]:
        """All current findings, errors first, in the format's order within a severity."""
        if self._flat is None:
            self._flat = sort_findings(f for result in self._results for f in result)
        return self._flat

    def recheck(self, keys: Iterable[str] = (), rules: Iterable[str] = ()) -> set[str]:
        """Rerun the checks that read `keys` or belong to `rules`.

        Returns the cells whose findings may have changed (to refresh their highlight).
        """
        indices: set[int] = set()
        for key in keys:
            indices.update(self._by_cell.get(key, ()))
        for rule in rules:
            indices.update(self._by_rule.get(rule, ()))
        touched: set[str] = set()
        for index in indices:
            old = self._results[index]
            new = self._checks[index].evaluate(self.report)
            if new != old:
                self._results[index] = new
                self._flat = None
                for finding in old + new:
                    touched.update(finding.cells)
        return touched

    def recheck_all(self) -> None:
        self._results = [c.evaluate(self.report) for c in self._checks]
        self._flat = None


# A finding's state is its severity, "explained" for a warning the clerk has explained, or
# "pending" (待填写) for an error or warning of a part the clerk has not started (model.entry);
# ranked from the most serious, which is the one that colours a cell or a tab.
STATE_RANK = {"error": 0, "warning": 1, "pending": 2, "hint": 3, "explained": 4}
STATE_NAMES = {**SEVERITY_NAMES, "pending": "待填写", "explained": "已说明"}


def state_of(finding: Finding) -> str:
    """error / warning / hint, "explained" for a warning the clerk has explained, "pending"
    for a finding marked pending."""
    return "explained" if finding.explained else "pending" if finding.pending else finding.severity


def worst_state(findings: Iterable[Finding]) -> str | None:
    """The most serious state among `findings` (None for none)."""
    return min((state_of(f) for f in findings), key=STATE_RANK.__getitem__, default=None)


def count_by_severity(findings: Iterable[Finding]) -> dict[str, int]:
    """Findings per state: severities, and explained warnings under "explained"."""
    counts = dict.fromkeys(STATE_RANK, 0)
    for finding in findings:
        counts[state_of(finding)] += 1
    return counts


def summary(findings: Iterable[Finding]) -> str:
    """The status line, e.g. 「2 处错误 · 1 处提示」 or 「校验通过」."""
    counts = count_by_severity(findings)
    parts = [f"{counts[s]} 处{STATE_NAMES[s]}" for s in STATE_RANK if counts[s]]
    return " · ".join(parts) if parts else "校验通过"
