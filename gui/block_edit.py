"""Copy, paste and clear rectangular blocks of a form grid, as Excel and WPS exchange them.

Pure functions over `model.layout.Grid` and `Report` (no Qt), so the rules of a paste can be
tested on their own. A block walks the grid's distinct cells along each row: a merged cell
counts once, exactly as it looks on screen.
"""
from __future__ import annotations

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
    fmt = report.format
    changes: dict[str, Value | None] = {}
    for i, fields in enumerate(block):
        targets = cells_along(grid, row + i, col) if row + i < grid.rows else []
        for j, text in enumerate(fields):
            cell = targets[j] if j < len(targets) else None
            if not text.strip():
                if cell is not None and cell.is_value and not report.is_computed(cell.key):
                    changes[cell.key] = None
                continue
            if cell is None:
                raise PasteRefused(f"粘贴的内容（{len(block)} 行 × {max(map(len, block))} 列）超出了表格范围")
            if not cell.is_value:
                raise PasteRefused(f"“{text}”会落在表头“{cell.text}”上，只能粘贴到数字单元格")
            try:
                value = parse_value(text, cell.kind or "count", report.unit_of(cell.key))
            except NumberError as exc:
                raise PasteRefused(f"{fmt.describe_cell(cell.key)}：“{text}”不能粘贴，{exc}") from None
            if report.is_computed(cell.key):
                if value != report.value(cell.key):
                    raise PasteRefused(f"{fmt.describe_cell(cell.key)}由程序自动计算，不能粘贴（可在“报告属性”中关闭自动计算合计）")
                continue
            changes[cell.key] = value
    return changes


def clear_changes(report: Report, keys: list[str]) -> dict[str, Value | None]:
    """Clearing a selection: every filled cell the clerk may edit becomes blank."""
    return {key: None for key in keys if report.value(key) is not None and not report.is_computed(key)}
