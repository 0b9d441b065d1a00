"""查看台账明细…: every request (or case) behind a cell filled from the request register, with
its dates and result, where the cell's tooltip can only begin the list."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from model.register import drill_down
from model.report import Report


class DrillDownDialog(QDialog):
    """The register's rows behind one cell, in a read-only table the clerk can sort."""

    def __init__(self, report: Report, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        details = drill_down(report, key)
        assert details is not None, key  # offered only on cells from the register
        name = report.format.describe_cell(key)
        self.setWindowTitle(f"台账明细：{name}")
        summary = QLabel(f"“{name}”由台账“{details.file}”计算：{len(details.rows)} 件")
        summary.setWordWrap(True)
        self.table = QTableWidget(len(details.rows), len(details.headers))
        self.table.setHorizontalHeaderLabels(list(details.headers))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for r, row in enumerate(details.rows):
            for c, text in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the register's order
        self.table.setSortingEnabled(True)  # until the clerk clicks a header
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox()
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(760, 480)
