"""Tables printed without ruling lines (a report converted to PDF without its table borders),
read from the positions of the words.

Nothing is guessed. A label is recognised only where the lines of one cell read as an official
label of a shipped format (a label broken over lines in a narrow column is put together again
from lines stacked directly under one another, left-aligned or centred alike). A table's
columns are the x-ranges of its column headers, each reaching halfway to its neighbours; where
a header's label occurs more than once in the table (四's three 「结果维持」) the headers must
stand in the format's order under their group's label, or those columns are not read. A row is
its label's lines: the figures whose middle lies within them belong to it. A table whose rows
run on to the next page without the header keeps the header's columns. A cell no single
figure can be placed in (left blank, a figure outside every column, two figures in one place)
is not found, so the import lists it as missing rather than filling it wrongly.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Any, Iterable

from model.formats import Node, Table, all_nodes, available_formats, column_path
from model.importing.detect import format_keys
from model.importing.grid import Found, looks_numeric
from model.importing.labels import label_key, loose_key

GAP = 0.6  # a gap wider than this many characters ends a cell's text on a line
LINE_GAP = 0.8  # the lines of one cell are at most this many characters apart
ALIGN = 0.5  # the lines of one cell start (or are centred) within this many characters
MAX_LINES = 12  # a label is broken over at most this many lines
HEADER_LINES = 8  # a table's column headers start within this many lines of each other
DATA_LINES = 4  # a table without row labels (四) has its figures this close under the header
PLACE = "PDF 第 {page} 页无框线的表格"
# a figure with a counting word or a sign as clerks print them: 「12件」, 「减3」, 「1.50万元」
_FIGURE = re.compile(r"[增减+\-－＋]?\s*[\d０-９][\d０-９,，.．\s]*(?:件|个|项|次|条|万元|元)?")

Position = tuple[int, float]  # page, top


@dataclass(frozen=True)
class Box:
    """Text at a place on a page, as pdfplumber measures it."""

    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    text: str

    @property
    def size(self) -> float:
        return self.bottom - self.top

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def position(self) -> Position:
        return self.page, self.top


class Piece(Box):
    """The text of one cell on one line of a page: characters without a wide gap between them."""


def pieces(page: int, chars: Iterable[dict[str, Any]]) -> list[Piece]:
    """One text line's characters (pdfplumber's) cut into pieces wherever the gap between two
    characters is wider than GAP characters."""
    found: list[Piece] = []
    run: list[dict[str, Any]] = []

    def close() -> None:
        if run:
            text = "".join(c["text"] for c in run).strip()
            if text:
                found.append(Piece(page, run[0]["x0"], run[-1]["x1"], min(c["top"] for c in run),
                                   max(c["bottom"] for c in run), text))
            run.clear()

    for char in sorted((c for c in chars if c["text"].strip()), key=lambda c: c["x0"]):
        if run and char["x0"] - run[-1]["x1"] > GAP * max(char["size"], run[-1]["size"]):
            close()
        if run and char["x0"] - run[-1]["x1"] > 0.2 * char["size"]:
            run.append({**char, "text": " " + char["text"]})  # a word space: labels ignore it
        else:
            run.append(char)
    close()
    return found


@cache
def _anchors() -> tuple[frozenset[str], int]:
    """Every label of every shipped format in comparable form, and the longest one's length."""
    keys = frozenset().union(*(format_keys(f) for f in available_formats()))
    return keys, max(map(len, keys))


class Label(Box):
    """Lines of one cell that read as an official label (one line or several stacked)."""


@dataclass(frozen=True)
class Column:
    """A column of a table as printed: the leaf it is, and the x-range its figures lie in."""

    id: str
    header: Label
    left: float
    right: float


class UnruledText:
    """The text of a PDF outside its ruled tables, with positions: where tables printed without
    lines are found (`find_table`), their labels known to format detection (`keys`)."""

    def __init__(self, all_pieces: list[Piece]) -> None:
        self.pieces = sorted(all_pieces, key=lambda p: (p.page, p.top, p.x0))
        self.figures = [p for p in self.pieces if _is_figure(p.text)]
        self._exact: dict[str, list[Label]] = {}
        self._loose: dict[str, list[Label]] = {}
        for index, piece in enumerate(self.pieces):
            label = self._label_from(index) if not _is_figure(piece.text) else None
            if label is not None:
                self._exact.setdefault(label_key(label.text), []).append(label)
                self._loose.setdefault(loose_key(label.text), []).append(label)

    # --- labels ------------------------------------------------------------------------------

    def _below(self, index: int) -> int | None:
        """The piece on the next line of the same cell: directly under, aligned left or centred."""
        piece = self.pieces[index]
        size = piece.size
        for other in range(index + 1, len(self.pieces)):
            candidate = self.pieces[other]
            if candidate.page != piece.page or candidate.top > piece.bottom + LINE_GAP * size:
                return None
            if candidate.top < piece.middle:
                continue  # the same line
            if abs(candidate.x0 - piece.x0) <= ALIGN * size or abs(candidate.centre - piece.centre) <= ALIGN * size:
                return other
        return None

    def _label_from(self, index: int) -> Label | None:
        """The longest run of stacked lines from this piece down that reads as a label."""
        anchors, longest = _anchors()
        lines = [self.pieces[index]]
        last = index
        best: Label | None = None
        while True:
            text = "".join(p.text for p in lines)
            key = label_key(text)
            if len(key) > longest:
                break
            if key in anchors or loose_key(text) in anchors:
                best = Label(lines[0].page, min(p.x0 for p in lines), max(p.x1 for p in lines),
                             lines[0].top, lines[-1].bottom, text)
            below = self._below(last) if len(lines) < MAX_LINES else None
            if below is None or _is_figure(self.pieces[below].text):
                break
            lines.append(self.pieces[below])
            last = below
        return best

    def hits(self, label: str) -> list[Label]:
        """Where `label` is printed (exact spelling first, then without bracketed asides)."""
        return self._exact.get(label_key(label)) or self._loose.get(loose_key(label), [])

    def keys(self) -> set[str]:
        """Every official label found, in its comparable forms (for format detection)."""
        return set(self._exact) | set(self._loose)

    def label_texts(self) -> list[str]:
        """The labels as printed (e.g. to read the unit a header names)."""
        return [label.text for labels in self._exact.values() for label in labels]

    # --- tables ------------------------------------------------------------------------------

    def find_table(self, table: Table) -> dict[str, Found]:
        """The value cells of `table` that can be placed, by cell key."""
        headers = [columns for columns in (_columns(self, table, band) for band in _bands(self, table)) if columns]
        return _labelled(self, table, headers) if table.row_labels else _unlabelled(self, table, headers)

    def shows(self, table: Table) -> bool:
        """Whether the table's labels are printed here (its rows', or its columns' without them)."""
        labels = table.row_leaves() if table.row_labels else table.column_leaves()
        return any(self.hits(leaf.label) for leaf in labels)

    def row_figures(self, row: Label | Piece, columns: list[Column]) -> dict[str, Piece]:
        """The figures on `row`'s lines right of its label, each in the one column that holds
        its middle; a column with two figures has none."""
        placed: dict[str, list[Piece]] = {}
        for figure in self.figures:
            if figure.page != row.page or not row.top <= figure.middle <= row.bottom or figure.x0 < row.x1:
                continue
            column = next((c for c in columns if c.left <= figure.centre <= c.right), None)
            if column is not None:
                placed.setdefault(column.id, []).append(figure)
        return {column: figures[0] for column, figures in placed.items() if len(figures) == 1}


def _is_figure(text: str) -> bool:
    """A figure as printed: no Chinese characters, or digits with a sign or a unit (「12件」)."""
    return looks_numeric(text) or _FIGURE.fullmatch(text) is not None


Hit = tuple[Label, str]  # a header as printed, and the comparable form of the label it reads


def _bands(text: UnruledText, table: Table) -> list[list[Hit]]:
    """The table's column headers as printed, grouped into header rows: hits on one page
    starting within HEADER_LINES lines of the first, each label at most as often as the table
    has it (the same header printed again starts another)."""
    wanted = Counter(label_key(leaf.label) for leaf in table.column_leaves())
    hits: dict[int, Hit] = {}
    for leaf in table.column_leaves():
        hits.update({id(h): (h, label_key(leaf.label)) for h in text.hits(leaf.label)})
    bands: list[list[Hit]] = []
    for hit, key in sorted(hits.values(), key=lambda item: (item[0].page, item[0].top, item[0].x0)):
        band = bands[-1] if bands else []
        first = band[0][0] if band else None
        if first is not None and hit.page == first.page and hit.top <= first.top + HEADER_LINES * first.size \
                and sum(1 for _, k in band if k == key) < wanted[key]:
            band.append((hit, key))
        else:
            bands.append([(hit, key)])
    return bands


def _columns(text: UnruledText, table: Table, band: list[Hit]) -> list[Column]:
    """The table's columns in one header row: each leaf's header, and the x-range its figures
    lie in. Empty when the hits are no header row: fewer than two, out of the format's order,
    stacked rather than side by side, or with figures among them (row labels)."""
    leaves = table.column_leaves()
    keys = [label_key(leaf.label) for leaf in leaves]
    ordered = sorted(band, key=lambda item: item[0].centre)
    chosen: dict[str, Label] = {}
    if [k for _, k in ordered] == keys:
        chosen = {leaf.id: hit for leaf, (hit, _) in zip(leaves, ordered)}
    else:  # only labels the table has once can be told apart without the whole row
        for leaf, key in zip(leaves, keys):
            if keys.count(key) == 1:
                chosen.update({leaf.id: hit for hit, k in ordered if k == key})
    trails = table.column_trails()
    for leaf, key in zip(leaves, keys):
        if keys.count(key) > 1 and leaf.id in chosen and not _under_group(text, table, leaf, chosen, trails):
            del chosen[leaf.id]
    headers = [(leaf.id, chosen[leaf.id]) for leaf in leaves if leaf.id in chosen]  # the format's order
    if len(headers) < min(2, len(leaves)) or any(a.x1 >= b.x0 for (_, a), (_, b) in zip(headers, headers[1:])) \
            or _figures_among(text, [h for _, h in headers]):
        return []
    columns: list[Column] = []
    for index, (leaf_id, header) in enumerate(headers):
        before = (headers[index - 1][1].x1 + header.x0) / 2 if index else None
        after = (header.x1 + headers[index + 1][1].x0) / 2 if index + 1 < len(headers) else None
        width = header.x1 - header.x0
        left = before if before is not None else header.x0 - (after - header.x1 if after is not None else width)
        right = after if after is not None else header.x1 + (header.x0 - before if before is not None else width)
        columns.append(Column(leaf_id, header, left, right))
    return columns


def _figures_among(text: UnruledText, headers: list[Label]) -> bool:
    """Whether a figure is printed within the lines and the width of these labels."""
    top, bottom = min(h.top for h in headers), max(h.bottom for h in headers)
    x0, x1 = min(h.x0 for h in headers), max(h.x1 for h in headers)
    return any(f.page == headers[0].page and top <= f.middle <= bottom and x0 <= f.centre <= x1
               for f in text.figures)


def _siblings(table: Table, leaf: Node) -> list[Node]:
    parent = next(n for n in all_nodes(table.columns) if leaf in n.children)
    return list(parent.children)


def _under_group(text: UnruledText, table: Table, leaf: Node, chosen: dict[str, Label],
                 trails: dict[str, list[str]]) -> bool:
    """Whether a header whose label the table repeats stands under its group's label: printed
    above it, centred or starting within the span of the group's headers."""
    if len(trails[leaf.id]) < 2:
        return False
    heads = [chosen[s.id] for s in _siblings(table, leaf) if s.id in chosen]
    x0, x1 = min(h.x0 for h in heads), max(h.x1 for h in heads)
    top = min(h.top for h in heads)
    return any(g.page == heads[0].page and g.bottom <= top + 0.5 * g.size
               and top - g.top <= HEADER_LINES * g.size and x0 <= g.centre <= x1
               for g in text.hits(trails[leaf.id][-2]))


def _header_for(headers: list[list[Column]], at: Position) -> list[Column] | None:
    """The last header printed before `at` (a table running on to the next page keeps it)."""
    before = [h for h in headers if (h[0].header.page, h[0].header.top) < at]
    return max(before, key=lambda h: (h[0].header.page, h[0].header.top)) if before else None


def _place(page: int, row: str, column: str) -> str:
    return PLACE.format(page=page) + (f"：“{row}”行、“{column}”列" if row else f"：“{column}”列")


def _labelled(text: UnruledText, table: Table, headers: list[list[Column]]) -> dict[str, Found]:
    """Each row leaf at the printed label with most figures beside it (a tie reads nothing)."""
    found: dict[str, Found] = {}
    used: dict[int, list[str]] = {}  # figure → the cells it was placed in
    for leaf in table.row_leaves():
        best: dict[str, Piece] = {}
        best_row: Label | None = None
        tie = False
        for hit in text.hits(leaf.label):
            columns = _header_for(headers, (hit.page, hit.top))
            placed = text.row_figures(hit, columns) if columns else {}
            if len(placed) > len(best):
                best, best_row, tie = placed, hit, False
            elif placed and len(placed) == len(best):
                tie = True
        if tie or best_row is None:
            continue
        names = {c.id: column_path(table, c.id) for c in _header_for(headers, (best_row.page, best_row.top)) or []}
        for column_id, figure in best.items():
            key = f"{table.id}.{leaf.id}.{column_id}"
            found[key] = Found(key, figure.text, _place(figure.page, leaf.label, names[column_id]))
            used.setdefault(id(figure), []).append(key)
    for keys in used.values():
        if len(keys) > 1:  # one figure in the lines of two labels: it belongs to neither for sure
            for key in keys:
                del found[key]
    return found


def _unlabelled(text: UnruledText, table: Table, headers: list[list[Column]]) -> dict[str, Found]:
    """A table without row labels (四): the first line of figures under a header, read where
    most of its figures can be placed."""
    row_id = table.row_leaves()[0].id
    best: dict[str, Found] = {}
    for columns in headers:
        bottom = max(c.header.bottom for c in columns)
        page = columns[0].header.page
        size = columns[0].header.size
        under = [f for f in text.figures if f.page == page and bottom < f.top <= bottom + DATA_LINES * 2 * size]
        if not under:
            continue
        first = min(under, key=lambda f: f.top)
        left = min(c.left for c in columns)
        placed = text.row_figures(Piece(page, left, left, first.top, first.bottom, ""), columns)
        found = {f"{table.id}.{row_id}.{column_id}": Found(f"{table.id}.{row_id}.{column_id}", figure.text,
                                                           _place(page, "", column_path(table, column_id)))
                 for column_id, figure in placed.items()}
        if len(found) > len(best):
            best = found
    return best
