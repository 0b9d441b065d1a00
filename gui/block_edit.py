"""Copy, paste and clear rectangular blocks of a form grid, as Excel and WPS exchange them.

Pure functions over `model.layout.Grid` and `Report` (no Qt), so the rules of a paste can be
tested on their own. A block walks the grid's distinct cells along each row: a merged cell
counts once, exactly as it looks on screen.

A block copied from the clerk's own workbook often brings its labels: row labels in its first
columns, column headings in its first rows. Where they match the official labels (in any
spelling `model.importing.labels` accepts: spaces, bracket widths, numbering), each figure goes
to the cell its labels name, wherever the cursor is (`plan_labelled_paste`); a block with
labels that name no cell of the table is refused, naming the label.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass

from model.formats import Node, Table
from model.importing.labels import label_key, same_label
from model.layout import Grid, GridCell
from model.numbers import NumberError, Value, format_value, parse_value
from model.report import Report


class PasteRefused(Exception):
    """The whole paste is refused; str() says why, naming the first offending cell."""


def parse_tsv(text: str) -> list[list[str]]:
    """Rows of tab-separated fields; Excel's quoted fields ("a""b") are unquoted."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and lines[-1] == "":
        lines.pop()
    return [[_unquote(field) for field in line.split("\t")] for line in lines]


def _unquote(field: str) -> str:
    if len(field) >= 2 and field[0] == field[-1] == '"':
        return field[1:-1].replace('""', '"')
    return field


def to_tsv(rows: list[list[str]]) -> str:
    return "".join("\t".join(row) + "\n" for row in rows)


def cells_along(grid: Grid, row: int, first_col: int, last_col: int | None = None) -> list[GridCell | None]:
    """The distinct cells of one grid row from `first_col` (to `last_col`, else to the edge)."""
    last = grid.cols - 1 if last_col is None else last_col
    found: list[GridCell | None] = []
    col = first_col
    while col <= last:
        cell = grid.at(row, col)
        found.append(cell)
        col = cell.col + cell.col_span if cell else col + 1
    return found


def shown_text(cell: GridCell, report: Report) -> str:
    return format_value(report.value(cell.key)) if cell.is_value else cell.text


def copy_block(grid: Grid, report: Report, top: int, left: int, bottom: int, right: int) -> str:
    """The rectangle as TSV; a merged label gives its text once, in its first row."""
    rows = []
    for row in range(top, bottom + 1):
        rows.append(["" if cell is None or cell.row != row else shown_text(cell, report)
                     for cell in cells_along(grid, row, left, right)])
    return to_tsv(rows)


def plan_paste(grid: Grid, report: Report, row: int, col: int,
               block: list[list[str]]) -> dict[str, Value | None]:
    """The cell changes a paste at (row, col) would make, or PasteRefused for the whole block.

    Blank fields clear value cells and are ignored elsewhere; a value on a label, outside the
    table or on a computed total that it would change refuses everything.
    """
    plan = _Plan(report)
    for i, fields in enumerate(block):
        targets = cells_along(grid, row + i, col) if row + i < grid.rows else []
        for j, text in enumerate(fields):
            cell = targets[j] if j < len(targets) else None
            if cell is None and text.strip():
                start = grid.at(row, col)
                where = f"从“{report.format.describe_cell(start.key)}”起" if start and start.is_value else ""
                raise PasteRefused(f"粘贴的内容（{len(block)} 行 × {max(map(len, block))} 列）{where}超出了表格范围")
            if cell is not None and not cell.is_value and text.strip():
                raise PasteRefused(f"“{text}”会落在表头“{cell.text}”上，只能粘贴到数字单元格")
            if cell is not None and cell.is_value:
                plan.cell(cell.key, text)
    return plan.changes()


class _Plan:
    """The changes of one paste, cell by cell; totals the program computes are checked last."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self._changes: dict[str, Value | None] = {}
        self._totals: dict[str, Value] = {}

    def cell(self, key: str, text: str) -> None:
        """Pasting `text` into one value cell: a blank field clears it, a figure is parsed (or
        the paste refused naming the cell); a computed total is only compared (`changes`)."""
        report, fmt = self.report, self.report.format
        if not text.strip():
            if not report.is_computed(key):
                self._changes[key] = None
            return
        try:
            value = parse_value(text, fmt.cell_kinds()[key], report.unit_of(key))
        except NumberError as exc:
            raise PasteRefused(f"{fmt.describe_cell(key)}：“{text.strip()}”不能粘贴，{exc}") from None
        if value is not None and report.is_computed(key):
            self._totals[key] = value
        else:
            self._changes[key] = value

    def changes(self) -> dict[str, Value | None]:
        """The changes, once every total the block gives agrees with what the program computes
        after them (a block copied with its 总计 column pastes; a wrong 总计 is refused)."""
        if self._totals:
            after = copy.copy(self.report)
            after.values = dict(self.report.values)
            for key, value in self._changes.items():
                after.set_value(key, value)
            after.recompute_totals()
            for key, value in self._totals.items():
                if after.value(key) != value:
                    raise PasteRefused(f"{self.report.format.describe_cell(key)}由程序自动计算"
                                       f"（应为 {format_value(after.value(key))}），不能粘贴为 {format_value(value)}"
                                       "（可在“报告属性”中关闭自动计算合计）")
        return self._changes


# --- blocks with labels ----------------------------------------------------------------------

def is_label(text: str) -> bool:
    """Words, not a figure: 「一、本年新收政府信息公开申请数量」, 「自然人」 — not 「12」, 「12件」 or
    「不适用」 (a figure in the clerk's spelling)."""
    text = text.strip()
    if not any("\u4e00" <= ch <= "\u9fff" for ch in text):
        return False
    for kind in ("signed", "amount"):
        try:
            parse_value(text, kind)
            return False
        except NumberError:
            pass
    return True


@dataclass(frozen=True)
class _Shape:
    """How many of a block's first columns hold row labels and first rows column headings."""

    label_cols: int
    heading_rows: int


def _shape(block: list[list[str]]) -> _Shape:
    width = max(map(len, block))

    def column(c: int) -> list[str]:
        return [row[c] for row in block if c < len(row) and row[c].strip()]

    label_cols = 0
    while label_cols < width and (fields := column(label_cols)) and all(map(is_label, fields)):
        label_cols += 1
    heading_rows = 0
    while heading_rows < len(block) and (fields := [f for f in block[heading_rows][label_cols:] if f.strip()]) \
            and all(map(is_label, fields)):
        heading_rows += 1
    return _Shape(label_cols, heading_rows)


def _tables(grid: Grid, report: Report) -> list[Table]:
    ids = dict.fromkeys(cell.key.split(".")[0] for cell in grid.value_cells())
    return [report.format.tables[table_id] for table_id in ids]


def _row_nodes(table: Table) -> list[Node]:
    """Every row node of a table, groups included, in the form's order."""
    found: list[Node] = []

    def walk(nodes: tuple[Node, ...]) -> None:
        for node in nodes:
            found.append(node)
            walk(node.children)

    walk(table.rows)
    return found


class _LabelledBlock:
    """A block with labels, read against the tables of one grid."""

    def __init__(self, grid: Grid, report: Report, block: list[list[str]], shape: _Shape) -> None:
        self.report, self.block, self.shape = report, block, shape
        self.tables = _tables(grid, report)
        self.rows = [(table, node) for table in self.tables for node in _row_nodes(table)]
        self._columns: dict[str, dict[int, str | None]] = {}

    def field(self, r: int, c: int) -> str:
        row = self.block[r]
        return row[c].strip() if c < len(row) else ""

    def row_label(self, r: int) -> str:
        """A body row's label: the last text in its label columns (a group label comes first)."""
        texts = [self.field(r, c) for c in range(self.shape.label_cols) if self.field(r, c)]
        return texts[-1] if texts else ""

    def heading(self, c: int) -> str:
        """A column's heading: the lowest text above it (a heading over two rows sits on top)."""
        texts = [self.field(r, c) for r in range(self.shape.heading_rows) if self.field(r, c)]
        return texts[-1] if texts else ""

    def groups_over(self, c: int) -> list[str]:
        """The texts a column's heading sits under: on each heading row, the nearest text at or
        left of the column (a merged group heading is copied into its first column)."""
        found = []
        for r in range(self.shape.heading_rows):
            for cc in range(c, self.shape.label_cols - 1, -1):
                if self.field(r, cc):
                    found.append(self.field(r, cc))
                    break
        return found

    def match_row(self, label: str, after: int) -> int | None:
        """The index into `rows` of the node `label` names, the first after `after` if several."""
        hits = [i for i, (_, node) in enumerate(self.rows) if same_label(label, node.label)]
        return next((i for i in hits if i > after), hits[0] if hits else None)

    def columns(self, table: Table) -> dict[int, str | None]:
        """Block column → the table's column leaf its heading names (None: names none)."""
        if table.id not in self._columns:
            leaves = table.column_leaves()
            above = {leaf_id: trail[:-1] for leaf_id, trail in table.column_trails().items()}
            taken: set[str] = set()
            mapping: dict[int, str | None] = {}
            for c in range(self.shape.label_cols, max(map(len, self.block))):
                heading = self.heading(c)
                hits = [leaf for leaf in leaves if heading and same_label(heading, leaf.label)]
                groups = {label_key(g) for g in self.groups_over(c)}

                def rank(leaf: Node) -> tuple[int, int]:
                    return (sum(1 for g in above[leaf.id] if label_key(g) in groups), leaf.id not in taken)

                best = max(hits, key=rank, default=None)  # max keeps the first of equals: form order
                mapping[c] = best.id if best is not None else None
                if best is not None:
                    taken.add(best.id)
            self._columns[table.id] = mapping
        return self._columns[table.id]

    def any_heading_matches(self) -> bool:
        return self.shape.heading_rows > 0 and any(
            leaf is not None for table in self.tables for leaf in self.columns(table).values())


def _grid_rows(grid: Grid) -> dict[int, tuple[str, str]]:
    """Grid row → (table id, row id) of the value cells on it."""
    return {cell.row: (cell.key.split(".")[0], cell.key.split(".")[1]) for cell in grid.value_cells()}


def plan_labelled_paste(grid: Grid, report: Report, row: int,
                        block: list[list[str]]) -> dict[str, Value | None] | None:
    """The cell changes of a block that carries labels matching the form's, placed by those
    labels; None when the block carries none (paste it where the cursor is, `plan_paste`).

    Row labels place the rows; column headings place the columns. Without headings the
    figures follow the labels in the form's order, as they stand beside the form's labels;
    without row labels the rows follow from the cursor's row. A row
    or column whose label names nothing in the table is skipped when it holds no figure and
    refuses the paste otherwise, naming the label.
    """
    shape = _shape(block)
    if not shape.label_cols and not shape.heading_rows:
        return None
    labelled = _LabelledBlock(grid, report, block, shape)
    body = range(shape.heading_rows, len(block))
    matched: dict[int, int | None] = {}
    after = -1
    for r in body:
        label = labelled.row_label(r)
        matched[r] = labelled.match_row(label, after) if label else None
        if matched[r] is not None:
            after = matched[r]  # type: ignore[assignment]
    by_labels = shape.label_cols > 0 and any(m is not None for m in matched.values())
    by_headings = labelled.any_heading_matches()
    if not by_labels and not by_headings:
        return None
    grid_rows = _grid_rows(grid)
    anchor_rows = [r for r in sorted(grid_rows) if r >= row] or sorted(grid_rows)
    plan = _Plan(report)
    for offset, r in enumerate(body):
        figures = [(c, labelled.field(r, c)) for c in range(shape.label_cols, len(block[r]))]
        if all(not text or is_label(text) for _, text in figures):
            continue  # a heading or an empty row inside the block
        if by_labels:
            found = matched[r]
            if found is None:
                raise PasteRefused(f"粘贴内容第 {r + 1} 行的行标题“{labelled.row_label(r)}”不是本表的行")
            table, node = labelled.rows[found]
            if not node.is_leaf:
                raise PasteRefused(f"“{node.label}”是分组标题，没有可填的单元格（粘贴内容第 {r + 1} 行）")
        else:
            if offset >= len(anchor_rows):
                raise PasteRefused(f"粘贴的内容（{len(block) - shape.heading_rows} 行）超出了表格范围")
            table_id, row_id = grid_rows[anchor_rows[offset]]
            table = report.format.tables[table_id]
            node = next(leaf for leaf in table.row_leaves() if leaf.id == row_id)
        _plan_row(labelled, table, node, figures, plan)
    return plan.changes()


def _plan_row(labelled: _LabelledBlock, table: Table, node: Node, figures: list[tuple[int, str]],
              plan: _Plan) -> None:
    """One body row of a labelled block, whose row is `node` of `table`: by the headings where
    they name this table's columns, else in the form's order from its first column of figures
    (the block's labels stand where the form's are)."""
    columns = labelled.columns(table)
    if not any(columns.values()):
        leaves = table.column_leaves()
        first = labelled.shape.label_cols
        columns = {c: leaves[c - first].id if c - first < len(leaves) else None for c, _ in figures}
    for c, text in figures:
        leaf_id = columns.get(c)
        if leaf_id is None:
            if text:
                heading = labelled.heading(c)
                raise PasteRefused(f"粘贴内容第 {c + 1} 列的列标题“{heading}”不是本表的列" if heading else
                                   f"“{node.label}”一行的数字（第 {c + 1} 列）超出了表格范围")
            continue
        plan.cell(f"{table.id}.{node.id}.{leaf_id}", text)


def clear_changes(report: Report, keys: list[str]) -> dict[str, Value | None]:
    """Clearing a selection: every filled cell the clerk may edit becomes blank."""
    return {key: None for key in keys if report.value(key) is not None and not report.is_computed(key)}
