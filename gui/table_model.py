"""One table section of the report as a Qt model: the official grid, values, highlights.

Rows and columns are those of `model.layout.section_grid`; merged cells are reported by
`spans()` for the view to apply. Only value cells the program does not compute are editable.

Year to year: a cell prefilled from last year's report (`Report.carried`) keeps its 「结转」
mark only while it still holds the carried figure; once the clerk types another figure the
cell is the clerk's own and the mark goes (undo brings it back). `carried` in the file is left
as written, so the mark is a view of the figures, never a second state to keep in step.
Cells a cross-year check compares show last year's side of that check (「上年 5」). A cell an
import filled or the request register counted (`Report.is_imported`: one notion of 「came from
a file」) is marked the same way while it holds that figure, its tooltip naming the file; a
cell from the register lists its first requests there too (the whole list: 查看台账明细…).
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont

from gui.document import ReportDocument
from gui.palette import CELL_BACKGROUND, COMPUTED_BACKGROUND, COMPUTED_TEXT, HEADING_BACKGROUND, LABEL_BACKGROUND
from model.carry import cross_year_instances, last_year_values
from model.entry import still_carried
from model.formats import Format
from model.layout import Grid, GridCell, report_grid
from model.merge import share_text
from model.numbers import NumberError, Value, format_value, parse_value
from model.report import Report
from model.rules import worst_state

KEY_ROLE = Qt.ItemDataRole.UserRole + 1  # the cell key "table.row.column", "" for labels
STATE_ROLE = Qt.ItemDataRole.UserRole + 2  # error / warning / hint / explained / None
CARRIED_ROLE = Qt.ItemDataRole.UserRole + 3  # True while the cell holds the figure carried from last year
LAST_YEAR_ROLE = Qt.ItemDataRole.UserRole + 4  # 「上年 5」 under a cell a cross-year check compares, or None
COMPUTED_TIP = "合计由程序自动计算（可在“报告属性”中关闭自动计算合计）"
CARRIED_TIP = "由上年报告结转"
PENDING_NOTE = "（待填写：这部分尚未填写）"
IMPORTED_ROLE = Qt.ItemDataRole.UserRole + 5  # True while the cell holds the figure an import put there
DRILL_DOWN_LIMIT = 30  # request numbers listed in a tooltip
DRILL_DOWN_ACTION = "查看台账明细…"
LAST_YEAR_LABEL = "上年"
AnyIndex = QModelIndex | QPersistentModelIndex

_CENTER = Qt.AlignmentFlag.AlignCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_TOP_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop  # tall group labels stay in sight


def provenance_lines(report: Report, key: str) -> list[str]:
    """Where the cell's figure came from, while the cell still holds it: an import, or the
    register with the first DRILL_DOWN_LIMIT requests that make it up (「等共 57 件」 when there
    are more; every one under 查看台账明细…); in a 汇总, each unit's share."""
    lines = [shares] if (shares := share_text(report, key)) else []
    source = report.source_of(key)
    requests = report.register_requests(key)
    if requests is not None:
        lines.append(f"由台账“{source}”计算：{len(requests)} 件")
        if requests:
            more = f" 等共 {len(requests)} 件" if len(requests) > DRILL_DOWN_LIMIT else ""
            lines += ["、".join(requests[:DRILL_DOWN_LIMIT]) + more, f"（右键“{DRILL_DOWN_ACTION}”列出每件的日期和结果）"]
    elif source is not None:
        lines.append(f"由“{source}”导入")
    return lines


class SectionTableModel(QAbstractTableModel):
    """The grid of one table section over a ReportDocument."""

    inputRefused = Signal(str, str)  # cell key, the parser's reason

    def __init__(self, document: ReportDocument, section_id: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.document = document
        self.section_id = section_id
        self.grid: Grid = report_grid(document.report, section_id)
        self._value_cells = {c.key: c for c in self.grid.value_cells()}
        self._last_year: dict[str, Value] = {k: v for k, v in last_year_values(document.report).items()
                                             if k in self._value_cells}
        self._last_year_sources = _last_year_sources(document.report.format) if self._last_year else {}
        self._bold = QFont()
        self._bold.setBold(True)
        self._italic = QFont()
        self._italic.setItalic(True)
        document.cellsChanged.connect(self._cells_changed)
        document.propertiesChanged.connect(self._properties_changed)

    # --- structure -------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.grid.rows

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.grid.cols

    def spans(self) -> list[GridCell]:
        return self.grid.merged()

    def cell(self, index: AnyIndex) -> GridCell | None:
        """The grid cell whose top-left is at `index` (None for gaps and covered positions)."""
        if not index.isValid():
            return None
        cell = self.grid.at(index.row(), index.column())
        if cell is None or (cell.row, cell.col) != (index.row(), index.column()):
            return None
        return cell

    def cell_covering(self, index: AnyIndex) -> GridCell | None:
        return self.grid.at(index.row(), index.column()) if index.isValid() else None

    def index_of(self, key: str) -> QModelIndex:
        cell = self._value_cells[key]
        return self.index(cell.row, cell.col)

    def has_key(self, key: str) -> bool:
        return key in self._value_cells

    def tables(self) -> tuple[str, ...]:
        """The ids of the tables this section shows."""
        return next(s for s in self.document.report.format.sections if s.id == self.section_id).tables

    def is_carried(self, key: str) -> bool:
        """Prefilled from last year and not changed since (see the module docstring)."""
        return still_carried(self.document.report, key, self._last_year)

    def last_year_text(self, key: str) -> str | None:
        """「上年 5」 for a cell with a known last-year figure."""
        value = self._last_year.get(key)
        return None if value is None else f"{LAST_YEAR_LABEL} {format_value(value)}"

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        cell = self.cell(index)
        if cell is not None and cell.is_value and self.document.is_editable(cell.key):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    # --- contents --------------------------------------------------------------------------

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        cell = self.cell(index)
        if cell is None:
            return None
        if cell.is_value:
            return self._value_data(cell, role)
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.text
        if role == Qt.ItemDataRole.ToolTipRole:
            return cell.text or None
        if role == Qt.ItemDataRole.BackgroundRole:
            return HEADING_BACKGROUND if cell.role == "heading" else LABEL_BACKGROUND
        if role == Qt.ItemDataRole.FontRole and cell.role in ("heading", "column"):
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if cell.role in ("column", "corner"):
                return _CENTER
            return _TOP_LEFT if cell.role == "row" and cell.row_span > 2 else _LEFT
        if role == KEY_ROLE:
            return ""
        return None

    def _value_data(self, cell: GridCell, role: int) -> Any:
        document = self.document
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return format_value(document.report.value(cell.key))
        if role == KEY_ROLE:
            return cell.key
        computed = document.report.is_computed(cell.key)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _CENTER
        if role == STATE_ROLE:
            return worst_state(document.findings_for(cell.key))
        if role == CARRIED_ROLE:
            return self.is_carried(cell.key)
        if role == IMPORTED_ROLE:
            return document.report.is_imported(cell.key)
        if role == LAST_YEAR_ROLE:
            return self.last_year_text(cell.key)
        if role == Qt.ItemDataRole.BackgroundRole:
            state = worst_state(document.findings_for(cell.key))
            if state is not None and (state not in ("hint", "pending") or not computed):
                return CELL_BACKGROUND[state]
            return COMPUTED_BACKGROUND if computed else None
        if role == Qt.ItemDataRole.ForegroundRole and computed:
            return COMPUTED_TEXT
        if role == Qt.ItemDataRole.FontRole and computed:
            return self._italic
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [document.report.format.describe_cell(cell.key)]
            lines += [f"· {f.message}" + ("（已说明）" if f.explained else PENDING_NOTE if f.pending else "")
                      for f in document.findings_for(cell.key)]
            if computed:
                lines.append(COMPUTED_TIP)
            if self.is_carried(cell.key):
                lines.append(CARRIED_TIP)
            lines += provenance_lines(document.report, cell.key)
            if cell.key in self._last_year:
                lines.append(f"{LAST_YEAR_LABEL}：{format_value(self._last_year[cell.key])}"
                             f"（{self._last_year_sources.get(cell.key, '')}）".removesuffix("（）"))
            return "\n".join(lines)
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Parse what the clerk typed; a refusal keeps the old value and says why."""
        cell = self.cell(index)
        if role != Qt.ItemDataRole.EditRole or cell is None or not cell.is_value:
            return False
        if not self.document.is_editable(cell.key):
            self.inputRefused.emit(cell.key, COMPUTED_TIP)
            return False
        try:
            parsed = parse_value("" if value is None else str(value), cell.kind or "count",
                                 self.document.report.unit_of(cell.key))
        except NumberError as exc:
            self.inputRefused.emit(cell.key, str(exc))
            return False
        self.document.set_cells({cell.key: parsed}, "输入" if parsed is not None else "清除")
        return True

    # --- updates ---------------------------------------------------------------------------

    def _properties_changed(self) -> None:
        """The chosen unit of amounts shows in a column header: the same grid, other words."""
        grid = report_grid(self.document.report, self.section_id)
        if grid is not self.grid:
            self.grid = grid
            self.dataChanged.emit(self.index(0, 0), self.index(grid.rows - 1, grid.cols - 1))

    def _cells_changed(self, keys: set[str]) -> None:
        mine = [self._value_cells[k] for k in keys if k in self._value_cells]
        if not mine:
            return
        if len(mine) > 16:
            top = min(c.row for c in mine)
            bottom = max(c.row for c in mine)
            self.dataChanged.emit(self.index(top, 0), self.index(bottom, self.grid.cols - 1))
            return
        for cell in mine:
            index = self.index(cell.row, cell.col)
            self.dataChanged.emit(index, index)


def _last_year_sources(fmt: Format) -> dict[str, str]:
    """Where 「上年 5」 comes from, e.g. 「上年“四 · 自然人”」 under 「二、上年结转」 (which a
    clerk might otherwise read as last year's 二)."""
    sources: dict[str, str] = {}
    for instance in cross_year_instances(fmt):
        cells = [(key, term) for key, term in instance.right if term.previous]
        names = "".join(("−" if term.sign < 0 else "+" if i else "") + f"“{fmt.describe_cell(key, with_table=False)}”"
                        for i, (key, term) in enumerate(cells))
        sources[instance.left[0][0]] = f"{LAST_YEAR_LABEL}{names}"
    return sources
