"""Official report formats, loaded from data (resources/formats/*.json) and validated.

One definition per official version drives the editor, the checks and both exporters, so a
broken definition must be refused at load time with a message that names the fault.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Iterator, Literal

from model.bundled import bundled
from model.errors import NianbaoError

FORMATS_DIR = bundled("formats")

CellKind = Literal["count", "signed", "amount"]
Severity = Literal["error", "warning", "hint"]
CELL_KINDS: tuple[str, ...] = ("count", "signed", "amount")
SEVERITIES: tuple[str, ...] = ("error", "warning", "hint")
RELATION_KINDS: tuple[str, ...] = ("equal", "nonnegative", "explain")
PREVIOUS_PREFIX = "previous:"


class FormatError(NianbaoError):
    """A format is unknown or its definition is malformed; str() names the fault."""


@dataclass(frozen=True)
class Node:
    """A row or column header node: a leaf carries values, a group only a label."""

    id: str
    label: str
    short: str = ""
    kind: CellKind | None = None
    children: tuple["Node", ...] = ()
    words: tuple[str, ...] = ()  # the label cut where a printed line may break ("breaks")
    units: tuple[str, ...] = ()  # an amount column whose unit the clerk chooses (first: default)

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def name(self) -> str:
        """The label used in messages: the short form where the official label is long."""
        return self.short or self.label

    def leaves(self) -> Iterator["Node"]:
        if self.is_leaf:
            yield self
        for child in self.children:
            yield from child.leaves()

    def depth(self) -> int:
        return 1 + max((c.depth() for c in self.children), default=0)


def all_nodes(nodes: tuple[Node, ...]) -> list[Node]:
    """Every node of a header tree, each before its children."""
    found: list[Node] = []
    for node in nodes:
        found.append(node)
        found += all_nodes(node.children)
    return found


@dataclass(frozen=True)
class Term:
    """One term of a relation: an id (row or column), its sign, and whether it is last year's."""

    id: str
    sign: int = 1
    previous: bool = False

    @classmethod
    def parse(cls, text: str) -> "Term":
        sign = 1
        if text.startswith("-"):
            sign, text = -1, text[1:]
        previous = text.startswith(PREVIOUS_PREFIX)
        if previous:
            text = text[len(PREVIOUS_PREFIX):]
        return cls(text, sign, previous)


@dataclass(frozen=True, eq=False)
class Relation:
    """A declared relation, instantiated once per row or per column of its table.

    kind "equal": sum(left) = sum(right); "nonnegative": sum(left) >= 0;
    "explain": every left cell is zero unless an explanation is given.
    """

    rule: str
    severity: Severity
    table: str
    per: Literal["row", "column"]
    kind: str
    left: tuple[Term, ...]
    right: tuple[Term, ...] = ()
    computes: bool = False
    title: str = ""
    describe: dict[str, str] = field(default_factory=dict)

    @property
    def uses_previous(self) -> bool:
        return any(t.previous for t in self.left + self.right)


@dataclass(frozen=True, eq=False)
class Instance:
    """A relation applied to one row or column: its cells, each with the term it stands for."""

    relation: Relation
    scope: Node
    left: tuple[tuple[str, Term], ...]
    right: tuple[tuple[str, Term], ...]

    def keys(self, include_previous: bool = False) -> list[str]:
        """This year's cells the instance reads (last year's too if asked)."""
        return [k for k, t in self.left + self.right if include_previous or not t.previous]


@dataclass(frozen=True)
class Table:
    id: str
    rows: tuple[Node, ...]
    columns: tuple[Node, ...]
    heading: str = ""
    corner: str = ""
    note: str = ""
    row_labels: bool = True

    def row_leaves(self) -> list[Node]:
        return [leaf for node in self.rows for leaf in node.leaves()]

    def column_leaves(self) -> list[Node]:
        return [leaf for node in self.columns for leaf in node.leaves()]

    def cell_keys(self) -> list[str]:
        return [f"{self.id}.{r.id}.{c.id}" for r in self.row_leaves() for c in self.column_leaves()]

    def column_trails(self) -> dict[str, list[str]]:
        """For each column leaf, the labels of its header from the top group down to its own:
        「行政诉讼」「复议后起诉」「总计」."""
        trails: dict[str, list[str]] = {}

        def walk(nodes: tuple[Node, ...], trail: list[str]) -> None:
            for node in nodes:
                if node.is_leaf:
                    trails[node.id] = trail + [node.label]
                walk(node.children, trail + [node.label])

        walk(self.columns, [])
        return trails


@dataclass(frozen=True)
class Section:
    id: str
    number: str
    title: str
    kind: Literal["text", "tables"]
    tables: tuple[str, ...] = ()
    guidance: str = ""

    @property
    def heading(self) -> str:
        """The official numbered heading, e.g. 「三、收到和处理政府信息公开申请情况」."""
        return f"{self.number}、{self.title}"


@dataclass(frozen=True, eq=False)
class Format:
    id: str
    name: str
    first_year: int
    sections: tuple[Section, ...]
    tables: dict[str, Table]
    relations: tuple[Relation, ...]
    intro: str = ""  # the usual 引言 wording, with {unit}, {year} and {sections} to fill in

    @property
    def short_name(self) -> str:
        """「2021年版」 of 「2021年版（国办公开办函〔2021〕30号）」, where the full name is too long."""
        return self.name.split("（")[0]

    def text_sections(self) -> list[Section]:
        return [s for s in self.sections if s.kind == "text"]

    def table_sections(self) -> list[Section]:
        return [s for s in self.sections if s.kind == "tables"]

    def cell_keys(self) -> list[str]:
        return [key for table in self.tables.values() for key in table.cell_keys()]

    @cache
    def cell_kinds(self) -> dict[str, CellKind]:
        """Every cell key of the format with its kind (count, signed or amount)."""
        kinds: dict[str, CellKind] = {}
        for table in self.tables.values():
            for row in table.row_leaves():
                for col in table.column_leaves():
                    kinds[f"{table.id}.{row.id}.{col.id}"] = col.kind or "count"
        return kinds

    @cache
    def instances(self) -> tuple["Instance", ...]:
        """Every relation applied to every row or column it covers, in declaration order."""
        found: list[Instance] = []
        for relation in self.relations:
            table = self.tables[relation.table]
            scopes = table.column_leaves() if relation.per == "column" else table.row_leaves()
            for scope in scopes:
                def cells(terms: tuple[Term, ...]) -> tuple[tuple[str, Term], ...]:
                    if relation.per == "column":
                        return tuple((f"{table.id}.{t.id}.{scope.id}", t) for t in terms)
                    return tuple((f"{table.id}.{scope.id}.{t.id}", t) for t in terms)
                found.append(Instance(relation, scope, cells(relation.left), cells(relation.right)))
        return tuple(found)

    @cache
    def computed_keys(self) -> frozenset[str]:
        """Cells the program can compute (left side of a relation marked `computes`)."""
        return frozenset(i.left[0][0] for i in self.instances() if i.relation.computes)

    @cache
    def summed_by(self) -> dict[str, tuple[str, ...]]:
        """Each computed total with the cells the first relation that computes it adds up,
        in order (asked for every painted cell that a register filled)."""
        found: dict[str, tuple[str, ...]] = {}
        for instance in self.instances():
            if instance.relation.computes:
                found.setdefault(instance.left[0][0], tuple(key for key, _ in instance.right))
        return found

    @cache
    def unit_choices(self) -> tuple[str, ...]:
        """The units the clerk may choose for amounts whose unit the format leaves open
        (2019: 采购总金额, 万元 or 元), default first; () when every unit is fixed."""
        return next((leaf.units for table in self.tables.values() for leaf in table.column_leaves()
                     if leaf.units), ())

    @cache
    def unit_chosen_keys(self) -> frozenset[str]:
        """Amount cells whose unit is the one the clerk chose (see `unit_choices`)."""
        return frozenset(f"{table.id}.{row.id}.{col.id}" for table in self.tables.values()
                         for col in table.column_leaves() if col.units for row in table.row_leaves())

    def section_of_table(self, table_id: str) -> Section:
        return next(s for s in self.sections if table_id in s.tables)

    def describe_cell(self, key: str, with_table: bool = True, with_section: bool = False) -> str:
        """A human name for a cell, e.g. 「第二十条第（六）项 · 行政处罚 · 本年增/减」; with the
        section's number where the section is not in sight: 「三 · 一 · 自然人」."""
        table_id, row_id, col_id = key.split(".")
        table = self.tables[table_id]
        row = next(r for r in table.row_leaves() if r.id == row_id)
        col = next(c for c in table.column_leaves() if c.id == col_id)
        parts = [self.section_of_table(table_id).number] if with_section else []
        if table.heading and with_table:
            parts.append(table.heading)
        if table.row_labels:
            parts.append(row.name)
        parts.append(column_path(table, col_id))
        return " · ".join(parts)


def column_path(table: Table, col_id: str) -> str:
    """The column's name in messages: its label, or its whole header path where the label
    repeats (section 四 has three 总计 columns: 「行政诉讼·复议后起诉·总计」)."""
    trails = table.column_trails()
    trail = trails[col_id]
    if sum(1 for t in trails.values() if t[-1] == trail[-1]) == 1:
        return trail[-1]
    return "·".join(trail)


# --- loading and validation -------------------------------------------------------------

_FORMAT_KEYS = {"id", "name", "first_year", "sections", "tables", "relations", "intro"}
INTRO_FIELDS = ("{unit}", "{year}", "{sections}")
_SECTION_KEYS = {"id", "number", "title", "kind", "tables", "guidance"}
_TABLE_KEYS = {"id", "heading", "corner", "note", "row_labels", "rows", "columns"}
_NODE_KEYS = {"id", "label", "short", "kind", "children", "breaks", "units"}
BREAK_MARK = "|"
_RELATION_KEYS = {"rule", "severity", "table", "per", "kind", "left", "right", "computes",
                  "title", "describe"}


def _object(raw: Any, allowed: set[str], where: str) -> dict[str, Any]:
    """`raw` as a JSON object with no keys but `allowed` (a typo such as "lable" is a fault)."""
    if not isinstance(raw, dict):
        raise FormatError(f"{where}：应为对象")
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise FormatError(f"{where}：未知的项“{'、'.join(unknown)}”")
    return raw


def _id_of(raw: Any, where: str) -> str:
    """The id of an object, read first so that later messages can name it."""
    if not isinstance(raw, dict):
        raise FormatError(f"{where}：应为对象")
    identifier: str = _require(raw, "id", str, where)
    return identifier


def _require(obj: dict[str, Any], key: str, kind: type, where: str) -> Any:
    if key not in obj:
        raise FormatError(f"{where}：缺少“{key}”")
    return _optional(obj, key, kind, None, where)


def _optional(obj: dict[str, Any], key: str, kind: type, default: Any, where: str) -> Any:
    if key not in obj:
        return default
    value = obj[key]
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise FormatError(f"{where}：“{key}”的类型不对")
    if isinstance(value, str) and key in ("id", "label", "title", "number", "rule") and not value.strip():
        raise FormatError(f"{where}：“{key}”不能为空")
    return value


def _node(raw: Any, where: str, is_column: bool) -> Node:
    node_id = _id_of(raw, where)
    where = f"{where} “{node_id}”"
    raw = _object(raw, _NODE_KEYS, where)
    label = _require(raw, "label", str, where)
    children = tuple(_node(c, where, is_column) for c in _optional(raw, "children", list, [], where))
    kind = raw.get("kind")
    if kind is not None and not is_column:
        raise FormatError(f"{where}：单元格类型只能写在列上")
    if children and kind is not None:
        raise FormatError(f"{where}：分组节点不能有单元格类型")
    if not children and is_column and kind not in CELL_KINDS:
        raise FormatError(f"{where}：单元格类型应为 {'/'.join(CELL_KINDS)} 之一")
    units = _optional(raw, "units", list, [], where)
    if units and (kind != "amount" or len(units) < 2 or len(set(units)) != len(units)
                  or not all(isinstance(u, str) and u.strip() for u in units)):
        raise FormatError(f"{where}：“units”只能写在金额列上，应为两个以上不同的单位")
    return Node(node_id, label, _optional(raw, "short", str, "", where), kind, children,
                _words(raw, label, where), tuple(units))


def _words(raw: dict[str, Any], label: str, where: str) -> tuple[str, ...]:
    """The label's words from "breaks", the label with BREAK_MARK wherever a printed line may
    break (「社会|公益|组织」): exports never split a word such as 自然人 over two lines."""
    marked = _optional(raw, "breaks", str, None, where)
    if marked is None:
        return ()
    words = tuple(marked.split(BREAK_MARK))
    if "".join(words) != label or not all(words):
        raise FormatError(f"{where}：“breaks”应为标签本身，在可以换行处加“{BREAK_MARK}”")
    return words


def _unique_ids(nodes: tuple[Node, ...], where: str) -> None:
    seen: set[str] = set()

    def walk(ns: tuple[Node, ...]) -> None:
        for n in ns:
            if not n.id.isascii() or not n.id.replace("_", "").isalnum():
                raise FormatError(f"{where}：标识“{n.id}”应为 ASCII 字母、数字和下划线")
            if n.id in seen:
                raise FormatError(f"{where}：标识“{n.id}”重复")
            seen.add(n.id)
            walk(n.children)

    walk(nodes)


def _table(raw: Any, index: int) -> Table:
    where = f"表格第 {index + 1} 个"
    table_id = _id_of(raw, where)
    where = f"表格“{table_id}”"
    raw = _object(raw, _TABLE_KEYS, where)
    rows = tuple(_node(r, f"{where}的行", False) for r in _require(raw, "rows", list, where))
    cols = tuple(_node(c, f"{where}的列", True) for c in _require(raw, "columns", list, where))
    if not rows or not cols:
        raise FormatError(f"{where}：行和列都不能为空")
    _unique_ids(rows, f"{where}的行")
    _unique_ids(cols, f"{where}的列")
    return Table(table_id, rows, cols, _optional(raw, "heading", str, "", where),
                 _optional(raw, "corner", str, "", where), _optional(raw, "note", str, "", where),
                 _optional(raw, "row_labels", bool, True, where))


def _terms(raw: dict[str, Any], key: str, where: str) -> tuple[Term, ...]:
    items = _optional(raw, key, list, [], where)
    if not all(isinstance(t, str) and t.strip("-") for t in items):
        raise FormatError(f"{where}：“{key}”应为行或列标识的列表")
    return tuple(Term.parse(t) for t in items)


def _relation(raw: Any, tables: dict[str, Table], index: int) -> Relation:
    where = f"关系第 {index + 1} 条"
    raw = _object(raw, _RELATION_KEYS, where)
    rule = _require(raw, "rule", str, where)
    where = f"{where}（{rule}）"
    severity = _require(raw, "severity", str, where)
    if severity not in SEVERITIES:
        raise FormatError(f"{where}：严重程度“{severity}”未知")
    table_id = _require(raw, "table", str, where)
    if table_id not in tables:
        raise FormatError(f"{where}：表格“{table_id}”不存在")
    per = _require(raw, "per", str, where)
    if per not in ("row", "column"):
        raise FormatError(f"{where}：“per”应为 row 或 column")
    kind = _optional(raw, "kind", str, "equal", where)
    if kind not in RELATION_KINDS:
        raise FormatError(f"{where}：关系类型“{kind}”未知")
    table = tables[table_id]
    allowed = {n.id for n in (table.row_leaves() if per == "column" else table.column_leaves())}
    _require(raw, "left", list, where)
    left, right = _terms(raw, "left", where), _terms(raw, "right", where)
    for term in left + right:
        if term.id not in allowed:
            raise FormatError(f"{where}：“{term.id}”不是表格“{table_id}”的{'行' if per == 'column' else '列'}")
    if not left or (kind == "equal" and not right):
        raise FormatError(f"{where}：关系两边不能为空")
    if kind != "equal" and right:
        raise FormatError(f"{where}：“{kind}”关系只有左边")
    computes = _optional(raw, "computes", bool, False, where)
    if computes and (kind != "equal" or len(left) != 1
                     or any(t.previous or t.sign < 0 for t in left + right)):
        raise FormatError(f"{where}：可自动计算的关系只能是“一个格 = 若干格之和”")
    describe = _optional(raw, "describe", dict, {}, where)
    if not set(describe) <= {"left", "right"} or not all(isinstance(v, str) for v in describe.values()):
        raise FormatError(f"{where}：“describe”只能有文本项 left 和 right")
    return Relation(rule, severity, table_id, per, kind, left, right, computes,
                    _optional(raw, "title", str, "", where), dict(describe))


def _section(raw: Any, index: int, tables: dict[str, Table]) -> Section:
    where = f"第 {index + 1} 部分"
    raw = _object(raw, _SECTION_KEYS, where)
    section_id = _require(raw, "id", str, where)
    kind = _require(raw, "kind", str, where)
    if kind not in ("text", "tables"):
        raise FormatError(f"{where}：类型“{kind}”未知")
    section_tables = tuple(_optional(raw, "tables", list, [], where))
    if (kind == "tables") != bool(section_tables):
        raise FormatError(f"{where}：{'表格部分应列出表格' if kind == 'tables' else '文字部分不能有表格'}")
    for t in section_tables:
        if t not in tables:
            raise FormatError(f"{where}：表格“{t}”不存在")
    return Section(section_id, _require(raw, "number", str, where), _require(raw, "title", str, where),
                   kind, section_tables, _optional(raw, "guidance", str, "", where))


def parse_format(raw: Any) -> Format:
    """Build a Format from decoded JSON, refusing anything inconsistent."""
    raw = _object(raw, _FORMAT_KEYS, "格式定义")
    format_id = _require(raw, "id", str, "格式定义")
    tables_list = [_table(t, i) for i, t in enumerate(_require(raw, "tables", list, "格式定义"))]
    tables = {t.id: t for t in tables_list}
    if len(tables) != len(tables_list):
        raise FormatError("格式定义：表格标识重复")
    sections = tuple(_section(s, i, tables) for i, s in enumerate(_require(raw, "sections", list, "格式定义")))
    if len({s.id for s in sections}) != len(sections):
        raise FormatError("格式定义：部分标识重复")
    used = [t for s in sections for t in s.tables]
    unused = set(tables) - set(used)
    if unused or len(used) != len(set(used)):
        raise FormatError(f"格式定义：每个表格应恰好属于一个部分（{', '.join(sorted(unused)) or '有重复'}）")
    relations = tuple(_relation(r, tables, i)
                      for i, r in enumerate(_optional(raw, "relations", list, [], "格式定义")))
    return Format(format_id, _require(raw, "name", str, "格式定义"),
                  _require(raw, "first_year", int, "格式定义"), sections, tables, relations,
                  _intro(raw))


def _intro(raw: dict[str, Any]) -> str:
    """The 引言 template; a brace that is not one of INTRO_FIELDS is a typo."""
    intro: str = _optional(raw, "intro", str, "", "格式定义")
    rest = intro
    for name in INTRO_FIELDS:
        rest = rest.replace(name, "")
    if "{" in rest or "}" in rest:
        raise FormatError(f"格式定义：“intro”只能使用 {'、'.join(INTRO_FIELDS)}")
    return intro


def available_formats() -> list[str]:
    """Ids of the formats shipped in resources/formats, oldest first."""
    return sorted(p.name.removesuffix(".json") for p in FORMATS_DIR.iterdir() if p.name.endswith(".json"))


@cache
def load_format(format_id: str) -> Format:
    """Load a shipped format by id; FormatError if unknown or broken."""
    path = FORMATS_DIR / f"{format_id}.json"
    if format_id not in available_formats():
        raise FormatError(f"未知的报告格式“{format_id}”（支持：{'、'.join(available_formats())}）")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise FormatError(f"格式文件 {path.name} 无法读取：{exc}") from exc
    return parse_format(raw)


def latest_format_id() -> str:
    return available_formats()[-1]


def format_for_year(year: int) -> str:
    """The format in force for a report year (the newest whose first year is not after it)."""
    candidates = [f for f in available_formats() if load_format(f).first_year <= year]
    return candidates[-1] if candidates else available_formats()[0]
