"""The official grid of a table or a section: header rows, label columns, merged spans.

The window, the Excel export and the PDF export all draw this grid, so the three show the
same form. Tables of one section stack into one grid, as in the official form, where a table
with fewer value columns stretches its last column across the rest.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Callable, Literal

from model.formats import CellKind, Format, Node, Table
from model.numbers import AMOUNT_UNIT
from model.report import Report

Role = Literal["heading", "note", "corner", "column", "row", "value"]
# A label may always break after these marks and before an opening bracket (GB/T 15834 keeps
# the marks with the text they close or open); elsewhere only where its format says (Node.words).
_PUNCTUATION_BREAK = re.compile(r"(?<=[、，：；。）])(?=.)|(?<=.)(?=[（])")


def label_words(label: str, words: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The pieces a printed label may be broken into: the format's words, each further cut
    after punctuation, so 「本年收费金额（单位：万元）」 never becomes 「本年收费金额（单/位」.
    Text shown after the format's label (a unit added to it) follows as further pieces."""
    joined = "".join(words)
    if not words or not label.startswith(joined):
        words, joined = (), ""
    pieces = (*words, label[len(joined):]) if label != joined else words
    return tuple(piece for word in pieces for piece in _PUNCTUATION_BREAK.split(word) if piece)


@dataclass(frozen=True)
class GridCell:
    """One (possibly merged) cell: its top-left position, its spans and what it shows."""

    row: int
    col: int
    row_span: int
    col_span: int
    role: Role
    text: str = ""
    key: str = ""  # "table.row.column" for value cells
    kind: CellKind | None = None
    words: tuple[str, ...] = ()  # where the text may break over lines (label_words)

    @property
    def is_value(self) -> bool:
        return self.role == "value"


@dataclass(frozen=True, eq=False)
class Grid:
    rows: int
    cols: int
    label_cols: int
    cells: tuple[GridCell, ...]
    header_rows: int  # rows at the top that repeat on every printed page
    _cover: dict[tuple[int, int], GridCell] = field(default_factory=dict, repr=False)
    _positions: dict[str, GridCell] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for cell in self.cells:
            for r in range(cell.row, cell.row + cell.row_span):
                for c in range(cell.col, cell.col + cell.col_span):
                    if (r, c) in self._cover:
                        raise AssertionError(f"overlapping cells at {(r, c)}")
                    self._cover[(r, c)] = cell
            if cell.key:
                self._positions[cell.key] = cell

    def at(self, row: int, col: int) -> GridCell | None:
        """The cell covering (row, col), merged or not; None for a gap."""
        return self._cover.get((row, col))

    def cell_for(self, key: str) -> GridCell:
        return self._positions[key]

    def value_cells(self) -> list[GridCell]:
        return [c for c in self.cells if c.is_value]

    def merged(self) -> list[GridCell]:
        return [c for c in self.cells if c.row_span > 1 or c.col_span > 1]


class _Builder:
    def __init__(self, label_cols: int, value_cols: int, amount_unit: str) -> None:
        self.label_cols = label_cols
        self.value_cols = value_cols
        self.amount_unit = amount_unit
        self.cells: list[GridCell] = []
        self.row = 0

    def add(self, row: int, col: int, rows: int, cols: int, role: Role, text: str = "",
            key: str = "", kind: CellKind | None = None, words: tuple[str, ...] = ()) -> None:
        self.cells.append(GridCell(row, col, rows, cols, role, text, key, kind,
                                   label_words(text, words) if text else ()))

    def table(self, table: Table, with_heading: bool) -> None:
        width = self.label_cols + self.value_cols
        if with_heading and table.heading:
            self.add(self.row, 0, 1, width, "heading", table.heading)
            self.row += 1
        leaves = table.column_leaves()
        extra = self.value_cols - len(leaves)  # the last leaf column stretches over the rest
        spans = {leaf.id: 1 + (extra if i == len(leaves) - 1 else 0) for i, leaf in enumerate(leaves)}
        depth = max(node.depth() for node in table.columns)
        top = self.row
        if self.label_cols:
            self.add(top, 0, depth, self.label_cols, "note" if table.note else "corner",
                     table.note or table.corner)
        col = self.label_cols
        for node in table.columns:
            col = self._column(node, top, 0, col, depth, spans)
        self.row = top + depth
        for node in table.rows:
            self._row(node, 0, table, spans)

    def _column(self, node: Node, top: int, level: int, col: int, depth: int,
                spans: dict[str, int]) -> int:
        width = sum(spans[leaf.id] for leaf in node.leaves())
        label = f"{node.label}（单位：{self.amount_unit}）" if node.units else node.label
        self.add(top + level, col, 1 if node.children else depth - level, width, "column", label,
                 words=node.words)
        child_col = col
        for child in node.children:
            child_col = self._column(child, top, level + 1, child_col, depth, spans)
        return col + width

    def _row(self, node: Node, level: int, table: Table, spans: dict[str, int]) -> None:
        height = sum(1 for _ in node.leaves())
        if self.label_cols:
            width = self.label_cols - level if node.is_leaf else 1
            self.add(self.row, level, height, width, "row", node.label, words=node.words)
        if node.children:
            for child in node.children:
                self._row(child, level + 1, table, spans)
            return
        col = self.label_cols
        for leaf in table.column_leaves():
            self.add(self.row, col, 1, spans[leaf.id], "value",
                     key=f"{table.id}.{node.id}.{leaf.id}", kind=leaf.kind)
            col += spans[leaf.id]
        self.row += 1


def _label_cols(table: Table) -> int:
    return max(node.depth() for node in table.rows) if table.row_labels else 0


def table_grid(table: Table, amount_unit: str = AMOUNT_UNIT) -> Grid:
    """One table alone, with its heading (if any) and its header rows."""
    return section_grid_of([table], amount_unit)


def section_grid_of(tables: list[Table], amount_unit: str = AMOUNT_UNIT) -> Grid:
    """`amount_unit` is shown in the header of an amount column whose unit the clerk chooses."""
    label_cols = max(_label_cols(t) for t in tables)
    value_cols = max(len(t.column_leaves()) for t in tables)
    builder = _Builder(label_cols, value_cols, amount_unit)
    for table in tables:
        builder.table(table, with_heading=True)
    first = tables[0]
    header_rows = 0 if len(tables) > 1 else (1 if first.heading else 0) + max(n.depth() for n in first.columns)
    return Grid(builder.row, label_cols + value_cols, label_cols, tuple(builder.cells), header_rows)


@cache
def section_grid(fmt: Format, section_id: str, amount_unit: str = AMOUNT_UNIT) -> Grid:
    """The grid of a table section as the official form draws it (all its tables stacked)."""
    section = next(s for s in fmt.sections if s.id == section_id)
    if section.kind != "tables":
        raise ValueError(f"section {section_id} has no tables")
    return section_grid_of([fmt.tables[t] for t in section.tables], amount_unit)


def report_grid(report: Report, section_id: str) -> Grid:
    """The grid of a table section of this report (its chosen unit of amounts in the header)."""
    return section_grid(report.format, section_id, report.amount_unit)


def spread_heights(grid: Grid, needed: Callable[[GridCell], float], least: float) -> list[float]:
    """Row heights (any unit) that give every cell what it `needed`: each row at least `least`,
    single-row cells first, then each spanned cell spreads what its rows still lack evenly over
    them. The window, the PDF and Excel all size rows by this one rule."""
    heights = [least] * grid.rows
    for cell in sorted(grid.cells, key=lambda c: c.row_span):
        rows = range(cell.row, cell.row + cell.row_span)
        lack = needed(cell) - sum(heights[r] for r in rows)
        if lack > 0:
            for r in rows:
                heights[r] += lack / cell.row_span
    return heights
