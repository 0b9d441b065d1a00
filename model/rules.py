"""Evaluate a format's relations on a report: findings with rule id, severity, cells, message.

Checks are pure functions of the document. A `Checker` keeps an index from each cell to the
checks that read it, so that after one edit only those checks run again.
"""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from functools import cache
from typing import Callable, Iterable

from model.completeness import completeness_checks
from model.explanations import key_of
from model.fields import field_keys
from model.findings import Check, Item, finding
from model.findings import Finding as Finding  # re-exported: every reader of findings imports it from here
from model.formats import Format, Instance, Relation, Term, column_path
from model.numbers import format_value, numeric
from model.report import Report
from model.textrules import text_checks

SEVERITY_ORDER = {"error": 0, "warning": 1, "hint": 2}
SEVERITY_NAMES = {"error": "错误", "warning": "警告", "hint": "提示"}
BLANK_RULE = "blank"
BLANK_LIST_LIMIT = 8


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


def _basis(report: Report, instance: Instance) -> tuple[tuple[str, str], ...]:
    """The figures an instance read, this year's and last year's, as shown."""
    return tuple((("previous:" + key, format_value(report.previous.get(key))) if term.previous
                  else (key, format_value(report.values.get(key))))
                 for key, term in instance.left + instance.right)


def _item(fmt: Format, relation_rule: str, severity: str, table_id: str, anchor: str, description: str) -> Item:
    return Item(relation_rule, severity, anchor, fmt.section_of_table(table_id).id, _place(fmt, table_id), description)


def _equal_check(fmt: Format, instance: Instance, known_if: tuple[str, ...]) -> Check:
    """`known_if`: last year's cells of the whole relation; a cross-year relation is checked
    only when at least one of them is known (a blank one then counts as 0, like any blank)."""
    relation = instance.relation
    place = _place(fmt, relation.table)
    section = fmt.section_of_table(relation.table).id
    cells = tuple(instance.keys())
    anchor = instance.left[0][0]
    scope, left_name, right_name = _scope(fmt, instance), _side(fmt, instance, "left"), _side(fmt, instance, "right")

    def evaluate(report: Report) -> list[Finding]:
        if known_if and not any(k in report.previous for k in known_if):
            return []
        left, right = _sum(report, instance.left), _sum(report, instance.right)
        if left == right:
            return []
        message = (f"{scope}：{left_name}={format_value(left)}，{right_name}={format_value(right)}，"
                   f"相差{format_value(_difference(left, right))}")
        return [finding(report, relation.rule, relation.severity, cells, message, place, anchor,
                        _basis(report, instance), section)]

    condition = "（已知上年数据时）" if known_if else ""
    item = _item(fmt, relation.rule, relation.severity, relation.table, anchor,
                 f"{scope}：{left_name}={right_name}{condition}")
    return Check(cells, evaluate, relation.rule, (item,))


def _nonnegative_check(fmt: Format, instance: Instance) -> Check:
    relation = instance.relation
    place = _place(fmt, relation.table)
    section = fmt.section_of_table(relation.table).id
    cells = tuple(instance.keys())
    anchor = instance.left[0][0]
    scope, left_name = _scope(fmt, instance), _side(fmt, instance, "left")

    def evaluate(report: Report) -> list[Finding]:
        total = _sum(report, instance.left)
        if total >= 0:
            return []
        message = f"{scope}：{left_name}={format_value(total)}，不能为负数"
        return [finding(report, relation.rule, relation.severity, cells, message, place, anchor,
                        _basis(report, instance), section)]

    item = _item(fmt, relation.rule, relation.severity, relation.table, anchor, f"{scope}：{left_name}≥0")
    return Check(cells, evaluate, relation.rule, (item,))


def _explain_check(fmt: Format, instances: list[Instance]) -> Check:
    """All cells of one `explain` relation: one finding naming every non-zero cell, explained
    as a whole (its anchor is the relation's first cell)."""
    relation = instances[0].relation
    place = _place(fmt, relation.table)
    section = fmt.section_of_table(relation.table).id
    table = fmt.tables[relation.table]
    named = [(key, f"{column_path(table, i.scope.id)}·{_term_name(fmt, i, t)}")
             for i in instances for key, t in i.left]
    anchor = named[0][0]
    subject = relation.describe.get("left", "")

    def evaluate(report: Report) -> list[Finding]:
        nonzero = [(key, name, numeric(report.values.get(key))) for key, name in named]
        nonzero = [item for item in nonzero if item[2]]
        if not nonzero:
            return []
        listed = "、".join(f"{name}={format_value(v)}" for _, name, v in nonzero)
        basis = tuple((key, format_value(v)) for key, _, v in nonzero)
        explanation = report.explanations.get(key_of(relation.rule, anchor))
        result = finding(report, relation.rule, relation.severity, tuple(k for k, _, _ in nonzero), "",
                         place, anchor, basis, section)
        if explanation is not None and explanation.text:
            outcome = ("说明（待复核）：" if result.stale else "说明：") + _excerpt(explanation.text)
        else:
            outcome = "需说明原因"
        return [replace(result, message=f"{subject}不为 0（{listed}），{outcome}")]

    reads = tuple(k for i in instances for k in i.keys())
    item = _item(fmt, relation.rule, relation.severity, relation.table, anchor, f"{subject}为 0，或已说明原因")
    return Check(reads, evaluate, relation.rule, (item,))


def _excerpt(text: str, limit: int = 40) -> str:
    """The clerk's explanation as quoted in a message: one line, cut at `limit` characters."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[:limit] + "…"


@cache
def _cell_name(fmt: Format, key: str) -> str:
    """A blank cell's name in the hint, worked out when a hint names it (not for every cell
    of every table whenever a format's checks are built, which slowed every opening)."""
    return fmt.describe_cell(key, with_table=False)


def _blank_check(fmt: Format, table_id: str) -> Check:
    keys = fmt.tables[table_id].cell_keys()
    place = _place(fmt, table_id)
    section = fmt.section_of_table(table_id).id

    def evaluate(report: Report) -> list[Finding]:
        values = report.values
        blank = [k for k in keys if k not in values]
        if not blank:
            return []
        names = "、".join(_cell_name(fmt, k) for k in blank[:BLANK_LIST_LIMIT])
        more = f"等 {len(blank)} 格" if len(blank) > BLANK_LIST_LIMIT else ""
        message = f"{len(blank)} 个单元格未填写，按 0 计算（公开的报告应填 0）：{names}{more}"
        return [finding(report, BLANK_RULE, "hint", tuple(blank), message, place, table_id, (), section)]

    heading = fmt.tables[table_id].heading
    item = Item(BLANK_RULE, "hint", table_id, section, place,
                (f"{heading}：" if heading else "") + "每个单元格都已填写（不适用的填“/”）")
    return Check(tuple(keys), evaluate, BLANK_RULE, (item,))


CheckBuilder = Callable[[Format, Relation, list[Instance]], list[Check]]


def _equal_checks(fmt: Format, relation: Relation, instances: list[Instance]) -> list[Check]:
    """One check per row or column; a cross-year one only once last year is known."""
    known_if = tuple(k for i in instances for k, t in i.left + i.right if t.previous)
    return [_equal_check(fmt, i, known_if) for i in instances]


def _nonnegative_checks(fmt: Format, relation: Relation, instances: list[Instance]) -> list[Check]:
    return [_nonnegative_check(fmt, i) for i in instances]


def _explain_checks(fmt: Format, relation: Relation, instances: list[Instance]) -> list[Check]:
    """One check for the whole relation: one finding names every non-zero cell."""
    return [_explain_check(fmt, instances)]


RELATION_CHECKS: dict[str, CheckBuilder] = {
    "equal": _equal_checks,
    "nonnegative": _nonnegative_checks,
    "explain": _explain_checks,
}
"""How each kind of relation a format may declare (formats.RELATION_KINDS) is checked: a new
kind is one entry here, its name in RELATION_KINDS, and its description in docs/FORMATS.md."""


@cache
def checks_of(fmt: Format) -> tuple[Check, ...]:
    """Every check of the format: its relations in the format's order (so findings of one
    severity come in that order), its blank cells table by table, then completeness and texts."""
    instances: dict[Relation, list[Instance]] = {relation: [] for relation in fmt.relations}
    for instance in fmt.instances():
        instances[instance.relation].append(instance)
    checks: list[Check] = []
    for relation, applied in instances.items():
        checks.extend(RELATION_CHECKS[relation.kind](fmt, relation, applied))
    checks += [_blank_check(fmt, table_id) for table_id in fmt.tables]
    checks += completeness_checks(fmt) + text_checks(fmt)
    return tuple(checks)


def rule_ids(fmt: Format) -> set[str]:
    """The rule ids findings of this format can have (explanations may name only these)."""
    return {c.rule for c in checks_of(fmt)} | {r.rule for r in fmt.relations}


@cache
def _index(fmt: Format) -> tuple[dict[str, tuple[int, ...]], dict[str, tuple[int, ...]], dict[str, tuple[int, ...]]]:
    """Index cell → checks that read it, rule → its checks, text section → checks that read it."""
    by_cell: dict[str, list[int]] = {}
    by_rule: dict[str, list[int]] = {}
    by_text: dict[str, list[int]] = {}
    for index, check in enumerate(checks_of(fmt)):
        for key in check.reads:
            by_cell.setdefault(key, []).append(index)
        by_rule.setdefault(check.rule, []).append(index)
        for section in check.texts:
            by_text.setdefault(section, []).append(index)
    frozen = ({k: tuple(v) for k, v in d.items()} for d in (by_cell, by_rule, by_text))
    return next(frozen), next(frozen), next(frozen)


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: SEVERITY_ORDER[f.severity])


def check(report: Report) -> list[Finding]:
    """Every finding of the report, errors first."""
    return sort_findings(f for c in checks_of(report.format) for f in c.evaluate(report))


class Checker:
    """Findings of one report kept up to date by rechecking only what an edit touches.

    A text check reads its section and, through live fields, the cells those fields name;
    which cells these are changes with the text, so it is tracked here (`_field_cells`).
    """

    def __init__(self, report: Report) -> None:
        self.report = report
        self._checks = checks_of(report.format)
        self._by_cell, self._by_rule, self._by_text = _index(report.format)
        self._field_cells: dict[str, frozenset[str]] = {}
        self._results: list[list[Finding]] = []
        self._flat: list[Finding] | None = None
        self.version = 0  # grows whenever the findings change (a text finding may name no cell)
        self.recheck_all()

    @property
    def findings(self) -> list[Finding]:
        """All current findings, errors first, in the format's order within a severity."""
        if self._flat is None:
            self._flat = sort_findings(f for result in self._results for f in result)
        return self._flat

    def recheck(self, keys: Iterable[str] = (), rules: Iterable[str] = (),
                texts: Iterable[str] = ()) -> set[str]:
        """Rerun the checks that read `keys` (directly or through a live field), belong to
        `rules` or read the narrative sections `texts`.

        Returns the cells whose findings may have changed (to refresh their highlight).
        """
        indices: set[int] = set()
        for key in keys:
            indices.update(self._by_cell.get(key, ()))
        for rule in rules:
            indices.update(self._by_rule.get(rule, ()))
        for section in texts:
            self._track_fields(section)
            indices.update(self._by_text.get(section, ()))
        if self._field_cells and keys:
            keys = set(keys)
            for section, cells in self._field_cells.items():
                if not cells.isdisjoint(keys):
                    indices.update(self._by_text.get(section, ()))
        touched: set[str] = set()
        for index in indices:
            old = self._results[index]
            new = self._checks[index].evaluate(self.report)
            if new != old:
                self._results[index] = new
                self._flat = None
                self.version += 1
                for finding in old + new:
                    touched.update(finding.cells)
        return touched

    def recheck_all(self) -> None:
        """Rerun everything (after the unit, year, last year's texts or the format changed)."""
        for section in self.report.texts:
            self._track_fields(section)
        self._results = [c.evaluate(self.report) for c in self._checks]
        self._flat = None
        self.version += 1

    def _track_fields(self, section: str) -> None:
        cells = field_keys(self.report.texts.get(section, ""))
        if cells:
            self._field_cells[section] = cells
        else:
            self._field_cells.pop(section, None)


# A finding's state is its severity, "explained" for a warning the clerk has explained for its
# current figures, "stale" (待复核) for one explained for other figures — still open, just below
# a warning — or "pending" (待填写) for an error or warning of a part the clerk has not started
# (model.entry, the window's view only); ranked from the most serious, which is the one that
# colours a cell or a tab.
STATE_RANK = {"error": 0, "warning": 1, "stale": 2, "pending": 3, "hint": 4, "explained": 5}
STATE_NAMES = {**SEVERITY_NAMES, "stale": "说明待复核", "pending": "待填写", "explained": "已说明"}
SUMMARY_ORDER = ("error", "warning", "pending", "hint", "stale", "explained")  # the status line's parts


def state_of(finding: Finding) -> str:
    """error / warning / hint, "explained" for an explained warning, "stale" for a warning
    explained for other figures, "pending" for a finding marked pending."""
    if finding.explained:
        return "explained"
    return "stale" if finding.stale else "pending" if finding.pending else finding.severity


def worst_state(findings: Iterable[Finding]) -> str | None:
    """The most serious state among `findings` (None for none)."""
    return min((state_of(f) for f in findings), key=STATE_RANK.__getitem__, default=None)


def count_by_severity(findings: Iterable[Finding]) -> dict[str, int]:
    """Findings per state: severities, explained warnings under "explained", warnings explained
    for other figures under "stale" (待复核); "pending" only where findings are marked so (the
    window's), so what `check` and `review` report keeps its shape."""
    counts = {state: 0 for state in STATE_RANK if state != "pending"}
    for finding in findings:
        state = state_of(finding)
        counts[state] = counts.get(state, 0) + 1
    return counts


def summary(findings: Iterable[Finding]) -> str:
    """The status line, e.g. 「2 处错误 · 1 处提示」 or 「校验通过」."""
    counts = count_by_severity(findings)
    parts = [f"{counts[s]} 处{STATE_NAMES[s]}" for s in SUMMARY_ORDER if counts.get(s)]
    return " · ".join(parts) if parts else "校验通过"
