"""Live figures in narrative texts: a field names a table cell and prints as its current number.

A field is plain text, so it survives any editor, copy and paste or a file read by another
program: ``{{名称|key}}``, e.g. ``{{三、一、本年新收政府信息公开申请数量·总计|requests.new.total}}``.
The key (``table.row.column``, the cell keys of docs/FORMATS.md) is what counts; the name before
the bar is written for a human reader of the raw text and is ignored when the field is resolved.
Every export, `check` and the text rules see the text with each field replaced by the cell's
number (blank and 「/」 print as 0). A field naming a cell the report's format does not have is
refused when the file is opened.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from model.errors import NianbaoError
from model.formats import Format, Node, column_path
from model.numbers import format_value, numeric
from model.report import Report

FIELD = re.compile(r"\{\{(?:(?P<name>[^{}|\n]{0,80})\|)?(?P<key>[a-z0-9_]+\.[a-z0-9_]+\.[a-z0-9_]+)\}\}")
OPEN = "{{"
NAME_LIMIT = 60


class FieldError(NianbaoError):
    """A text names a cell its format does not have; str() is the Chinese message."""


def field_name(fmt: Format, key: str) -> str:
    """The cell's name as the field shows it: section number, sub-table, row and column labels,
    e.g. 「三、一、本年新收政府信息公开申请数量·总计」 (cut to NAME_LIMIT characters)."""
    table_id, row_id, _ = key.split(".")
    table = fmt.tables[table_id]
    row = next(r for r in table.row_leaves() if r.id == row_id)
    parts = [table.heading] if table.heading else []
    parts += [row.label] if table.row_labels else []
    parts.append(column_path(table, key.split(".")[2]))
    name = f"{fmt.section_of_table(table_id).number}、" + "·".join(parts)
    return name if len(name) <= NAME_LIMIT else name[:NAME_LIMIT - 1] + "…"


def field_text(fmt: Format, key: str) -> str:
    """The field for `key` as inserted into a text."""
    if key not in fmt.cell_kinds():
        raise KeyError(key)
    return f"{{{{{field_name(fmt, key)}|{key}}}}}"


FigureGroup = tuple[str, tuple[tuple[str, str], ...]]  # (row or group name, ((column name, key), …))


def figure_menu(fmt: Format) -> list[tuple[str, list[FigureGroup]]]:
    """The table figures a field can name, by their official names: per table section its rows
    (with the sub-table's heading in 二), and per row its columns — the menu 插入表格数字 shows."""
    menu: list[tuple[str, list[FigureGroup]]] = []
    for section in fmt.table_sections():
        groups: list[FigureGroup] = []
        for table in (fmt.tables[t] for t in section.tables):
            columns = table.column_leaves()
            paths = _row_paths(table.rows, [table.heading] if table.heading else [])
            for row in table.row_leaves():
                if table.row_labels:
                    name = " · ".join(paths[row.id])
                    groups.append((name, tuple((column_path(table, c.id), f"{table.id}.{row.id}.{c.id}")
                                               for c in columns)))
                    continue
                for top in table.columns:  # 四: one unlabelled row, grouped by its column headers
                    leaves = [leaf.id for leaf in top.leaves()]
                    groups.append((top.label, tuple((column_path(table, c), f"{table.id}.{row.id}.{c}")
                                                    for c in leaves)))
        menu.append((section.heading, groups))
    return menu


def _row_paths(nodes: tuple[Node, ...], trail: list[str]) -> dict[str, list[str]]:
    """Each row leaf with the labels above it: 「三、本年度办理结果 · （三）不予公开 · 1.属于国家秘密」."""
    paths: dict[str, list[str]] = {}
    for node in nodes:
        paths[node.id] = trail + [node.label]
        paths.update(_row_paths(node.children, trail + [node.label]))
    return paths


def fields_in(text: str) -> list[tuple[int, int, str]]:
    """Each field of `text`: (start, end, cell key)."""
    if OPEN not in text:
        return []
    return [(m.start(), m.end(), m["key"]) for m in FIELD.finditer(text)]


def field_keys(text: str) -> frozenset[str]:
    """The cells the fields of `text` name."""
    if OPEN not in text:
        return frozenset()
    return frozenset(m["key"] for m in FIELD.finditer(text))


def check_fields(texts: dict[str, str], fmt: Format, section_titles: dict[str, str]) -> None:
    """Refuse (FieldError) a field naming a cell that `fmt` does not have."""
    kinds = fmt.cell_kinds()
    for section_id, text in texts.items():
        for key in sorted(field_keys(text)):
            if key not in kinds:
                raise FieldError(f"“{section_titles.get(section_id, section_id)}”中有一个表格数字指向"
                                 f"{fmt.name}中没有的单元格，请删除它或改为数字")


def figure(report: Report, key: str) -> str:
    """How a field prints: the cell's number, 0 for blank and 「/」."""
    return format_value(numeric(report.values.get(key)))


@dataclass(frozen=True)
class Resolved:
    """A text with its fields replaced by numbers, and the way back to positions in the text
    as stored (to underline a statement where the clerk typed it)."""

    text: str
    _starts: tuple[int, ...] = ()  # where each field starts in the resolved text
    _raw: tuple[tuple[int, int, int], ...] = ()  # (raw start, raw end, resolved end) per field

    def raw_position(self, position: int) -> int:
        """The position in the stored text of resolved `position` (inside a field: its start,
        or its end for a position just after it)."""
        index = bisect.bisect_right(self._starts, position) - 1
        if index < 0:
            return position
        raw_start, raw_end, resolved_end = self._raw[index]
        if position < resolved_end:
            return raw_start
        return raw_end + position - resolved_end

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """[start, end) of the resolved text in the stored text; a field partly inside counts
        whole."""
        if end <= start:
            return self.raw_position(start), self.raw_position(start)
        index = bisect.bisect_right(self._starts, end - 1) - 1
        if index >= 0 and end - 1 < self._raw[index][2]:
            return self.raw_position(start), self._raw[index][1]
        return self.raw_position(start), self.raw_position(end - 1) + 1


def resolve(text: str, report: Report) -> Resolved:
    """`text` as printed: every field replaced by the current number of its cell."""
    if OPEN not in text:
        return Resolved(text)
    parts: list[str] = []
    starts: list[int] = []
    raw: list[tuple[int, int, int]] = []
    last, length = 0, 0
    for match in FIELD.finditer(text):
        parts.append(text[last:match.start()])
        length += match.start() - last
        number = figure(report, match["key"])
        starts.append(length)
        parts.append(number)
        length += len(number)
        raw.append((match.start(), match.end(), length))
        last = match.end()
    parts.append(text[last:])
    return Resolved("".join(parts), tuple(starts), tuple(raw))


def printed_text(report: Report, section_id: str) -> str:
    """A narrative section as every export prints it."""
    return resolve(report.texts.get(section_id, ""), report).text


def keep_known_fields(text: str, source: Report, fmt: Format) -> str:
    """`text` (of `source`) for a report in `fmt`: fields of cells `fmt` does not have become the
    numbers they print in `source`, so the text never names a cell its report lacks."""
    if OPEN not in text:
        return text
    kinds = fmt.cell_kinds()
    return FIELD.sub(lambda m: m.group() if m["key"] in kinds else figure(source, m["key"]), text)
