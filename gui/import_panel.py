"""What an import read and what it could not, as a list beside the tables; a click on an entry
leads to its cell.

Entries come in the order the clerk has to act on them: figures that could not be read, then
official cells not found, then notes, then every cell filled (with where it was found).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QListView, QVBoxLayout, QWidget

from gui.palette import state_icon
from model.importing.reader import ImportResult
from model.numbers import format_value

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Entry:
    text: str
    key: str = ""  # the cell it leads to, "" for headings and notes
    state: str | None = None  # the icon: error, warning or hint; None for a filled cell
    heading: bool = False


def entries(result: ImportResult) -> list[Entry]:
    """The result as list entries, headed group by group."""
    fmt, report = result.report.format, result.report
    found: list[Entry] = []

    def group(title: str, items: list[Entry]) -> None:
        if items:
            found.append(Entry(f"{title}（{len(items)}）", heading=True))
            found.extend(items)

    group("无法识别的数值，未填入", [Entry(f"{fmt.describe_cell(u.key, with_section=True)}：“{u.text}”，{u.reason}（{u.place}）",
                                       u.key, "error") for u in result.unparsed])
    group("文件中未找到", [Entry(fmt.describe_cell(key, with_section=True), key, "warning") for key in result.missing])
    missing_texts = [s.heading for s in fmt.text_sections() if s.id not in result.texts]
    notes = list(result.notes) + ([f"未找到文字部分：{'、'.join(missing_texts)}"] if missing_texts else [])
    notes += [f"文件中没有、由程序合计：{fmt.describe_cell(key, with_section=True)}" for key in result.computed]
    group("说明", [Entry(note, state="hint") for note in notes])
    group("已填入", [Entry(f"{fmt.describe_cell(f.key, with_section=True)} = {format_value(report.value(f.key))}（{f.place}）", f.key)
                    for f in result.filled])
    return found


@cache
def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


class ImportResultModel(QAbstractListModel):
    """The entries of one import result."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._entries: list[Entry] = []

    def set_result(self, result: ImportResult | None) -> None:
        self.beginResetModel()
        self._entries = entries(result) if result is not None else []
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._entries)

    def entry(self, index: AnyIndex) -> Entry | None:
        return self._entries[index.row()] if index.isValid() and index.row() < len(self._entries) else None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        entry = self.entry(index)
        if entry is None:
            return Qt.ItemFlag.NoItemFlags
        if entry.heading:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        entry = self.entry(index)
        if entry is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return entry.text
        if role == KEY_ROLE:
            return entry.key
        if role == Qt.ItemDataRole.DecorationRole and entry.state:
            return state_icon(entry.state)
        if role == Qt.ItemDataRole.FontRole and entry.heading:
            return _bold()
        return None


class ImportResultPanel(QWidget):
    """The summary line and the list; `cellActivated` carries the key of a clicked cell."""

    cellActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.model = ImportResultModel(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.addWidget(self.summary)
        layout.addWidget(self.list)
        self.list.clicked.connect(self._activated)
        self.list.activated.connect(self._activated)

    def sizeHint(self) -> QSize:
        return QSize(600, 150)

    def show_result(self, result: ImportResult) -> None:
        self.summary.setText(f"导入 {result.file}（{result.kind}）：{result.summary()}")
        self.model.set_result(result)

    def _activated(self, index: QModelIndex) -> None:
        key = index.data(KEY_ROLE)
        if key:
            self.cellActivated.emit(key)
