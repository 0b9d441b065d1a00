"""Finding the format's tables in a rectangle of cell texts, by their labels, not by addresses.

A `Grid` is what every source gives: a worksheet, the Word tables of a document stacked in
order, or the ruled tables of a PDF. A merged cell's text sits at its top-left position and the
rest of its area is empty, as in an unmerged sheet whose group headings are written once.

A value is found where a row label (the format's row leaf, in any spelling `labels` accepts)
meets a column header above it and to its right. When a column label occurs more than once
(四 has three 「结果维持」; the 2019 二 has 「处理决定数量」 under two articles), the candidate
whose headings above (the nearest text to the left on each of the rows over it) name the most
of the column's groups wins, then the nearest above, then the leftmost.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from model.formats import Node, Table
from model.importing.labels import label_key, loose_key

Position = tuple[int, int]
HEADING_ROWS_ABOVE = 4  # a column's groups and its table's heading sit at most this far above
DATA_ROWS_BELOW = 3  # a table without row labels has its figures this close under the header


@dataclass(frozen=True)
class Found:
    """A value cell of the format found in a source: its text as written and where it is."""

    key: str
    text: str
    place: str


@dataclass(eq=False)
class Grid:
    """Cell texts row by row ("" for empty), and how to name a position for the clerk."""

    name: str
    rows: list[list[str]]
    describe: Callable[[int, int], str]
    _exact: dict[str, list[Position]] = field(default_factory=dict, repr=False)
    _loose: dict[str, list[Position]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for r, row in enumerate(self.rows):
            for c, text in enumerate(row):
                if text and not looks_numeric(text):
                    self._exact.setdefault(label_key(text), []).append((r, c))
                    self._loose.setdefault(loose_key(text), []).append((r, c))

    def text(self, r: int, c: int) -> str:
        row = self.rows[r] if 0 <= r < len(self.rows) else []
        return row[c] if 0 <= c < len(row) else ""

    def hits(self, label: str) -> list[Position]:
        """Where `label` is written (exact spelling first, then without bracketed asides)."""
        return self._exact.get(label_key(label)) or self._loose.get(loose_key(label), [])

    def keys(self) -> set[str]:
        """Every label-like text of the grid in its comparable forms (for format detection)."""
        return set(self._exact) | set(self._loose)

    def nearest_left(self, r: int, c: int) -> str:
        row = self.rows[r] if 0 <= r < len(self.rows) else []
        for cc in range(min(c, len(row) - 1), -1, -1):
            if row[cc]:
                return row[cc]
        return ""


def looks_numeric(text: str) -> bool:
    """No Chinese character in it: a figure, not a label."""
    return not any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _groups(table: Table) -> dict[str, list[str]]:
    """For each column leaf, the labels above it: the table heading and its group headers."""
    paths: dict[str, list[str]] = {}

    def walk(nodes: tuple[Node, ...], trail: list[str]) -> None:
        for node in nodes:
            if node.is_leaf:
                paths[node.id] = trail
            walk(node.children, trail + [node.label])

    walk(table.columns, [table.heading] if table.heading else [])
    return paths


def _score(grid: Grid, pos: Position, groups: list[str]) -> int:
    """How many of the column's groups are written over the candidate header at `pos`."""
    if not groups:
        return 0
    above = [grid.nearest_left(r, pos[1]) for r in range(pos[0] - 1, pos[0] - 1 - HEADING_ROWS_ABOVE, -1)]
    wanted = {label_key(g) for g in groups} | {loose_key(g) for g in groups}
    return sum(1 for text in above if text and (label_key(text) in wanted or loose_key(text) in wanted))


def _cell(grid: Grid, key: str, r: int, c: int) -> Found:
    return Found(key, grid.text(r, c).strip(), grid.describe(r, c))


def _columns_for_row(grid: Grid, table: Table, at: Position, groups: dict[str, list[str]],
                     scores: dict[tuple[str, Position], int]) -> dict[str, int]:
    """The column of each column leaf for a row label at `at`: headers above it, to its right."""
    chosen: dict[str, int] = {}
    for leaf in table.column_leaves():
        best: tuple[int, int, int] | None = None
        for pos in grid.hits(leaf.label):
            if pos[0] >= at[0] or pos[1] <= at[1]:
                continue
            score = scores.setdefault((leaf.id, pos), _score(grid, pos, groups[leaf.id]))
            rank = (score, pos[0], -pos[1])
            if best is None or rank > best:
                best = rank
        if best is not None:
            chosen[leaf.id] = -best[2]
    return chosen


def _find_labelled(grid: Grid, table: Table) -> dict[str, Found]:
    groups = _groups(table)
    scores: dict[tuple[str, Position], int] = {}
    found: dict[str, Found] = {}
    for row in table.row_leaves():
        best: dict[str, int] = {}
        best_at: Position = (0, 0)
        for at in grid.hits(row.label):
            columns = _columns_for_row(grid, table, at, groups, scores)
            if len(columns) > len(best):
                best, best_at = columns, at
        for col_id, c in best.items():
            key = f"{table.id}.{row.id}.{col_id}"
            found[key] = _cell(grid, key, best_at[0], c)
    return found


def _find_unlabelled(grid: Grid, table: Table) -> dict[str, Found]:
    """A table without row labels (四): its header columns, then the first row of figures."""
    groups = _groups(table)
    chosen: dict[str, Position] = {}
    anchor: int | None = None
    for leaf in table.column_leaves():
        candidates = [p for p in grid.hits(leaf.label) if p not in chosen.values()
                      and (anchor is None or abs(p[0] - anchor) <= HEADING_ROWS_ABOVE)]
        if not candidates:
            continue
        pick = min(candidates, key=lambda p: (-_score(grid, p, groups[leaf.id]),
                                              abs(p[0] - anchor) if anchor is not None else p[0], p[1]))
        chosen[leaf.id] = pick
        anchor = pick[0] if anchor is None else anchor
    if not chosen:
        return {}
    header_labels = {label_key(leaf.label) for leaf in table.column_leaves()}
    first = max(r for r, _ in chosen.values()) + 1
    rows = range(first, min(first + DATA_ROWS_BELOW, len(grid.rows)))
    data_row = next((r for r in rows if any(
        (t := grid.text(r, c).strip()) and label_key(t) not in header_labels for _, c in chosen.values())),
        first if first < len(grid.rows) else None)  # no figures at all: the row under the header, blank
    if data_row is None:
        return {}
    key_of = {leaf_id: f"{table.id}.{table.row_leaves()[0].id}.{leaf_id}" for leaf_id in chosen}
    return {key_of[leaf_id]: _cell(grid, key_of[leaf_id], data_row, c) for leaf_id, (_, c) in chosen.items()}


def find_table(grid: Grid, table: Table) -> dict[str, Found]:
    """The value cells of `table` found in `grid`, by cell key."""
    return _find_labelled(grid, table) if table.row_labels else _find_unlabelled(grid, table)
