"""The line above the tabs that says whose report this is: unit, year and format.

The window's title names the file (what 保存 writes); this line names the report (what the
clerk is writing), always in sight. A report without a unit says so here in the error colour,
and a click on that opens 报告属性 — a missing unit is not a passing status message.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from gui.document import ReportDocument
from PySide6.QtGui import QPalette

from gui.palette import HINT_TEXT, STATUS_TEXT, use_colour

MISSING_UNIT = "未填写单位名称"
MISSING_UNIT_TIP = "单位名称会出现在报告标题和落款中。点击打开“报告属性”填写。"


class ReportHeader(QWidget):
    """Unit · year · format of the shown document, updated when its properties change."""

    propertiesRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document: ReportDocument | None = None
        self.unit = QLabel()
        self.unit.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bold = QFont(self.unit.font())
        bold.setBold(True)
        self.unit.setFont(bold)
        self.missing_unit = QToolButton()
        self.missing_unit.setText(f"{MISSING_UNIT}（点击填写）")
        self.missing_unit.setToolTip(MISSING_UNIT_TIP)
        self.missing_unit.setAutoRaise(True)
        self.missing_unit.setCursor(Qt.CursorShape.PointingHandCursor)
        self.missing_unit.setFont(bold)
        use_colour(self.missing_unit, STATUS_TEXT["error"], QPalette.ColorRole.ButtonText)
        self.missing_unit.clicked.connect(self.propertiesRequested)
        self.details = QLabel()
        use_colour(self.details, HINT_TEXT)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 0)
        layout.addWidget(self.unit)
        layout.addWidget(self.missing_unit)
        layout.addWidget(self.details)
        layout.addStretch(1)

    def set_document(self, document: ReportDocument) -> None:
        if self.document is not None:
            self.document.propertiesChanged.disconnect(self.refresh)
        self.document = document
        document.propertiesChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        assert self.document is not None
        report = self.document.report
        self.unit.setText(report.unit)
        self.unit.setVisible(bool(report.unit))
        self.missing_unit.setVisible(not report.unit)
        self.details.setText(f"{report.year}年度 · {report.format.short_name}")
        self.details.setToolTip(f"报告年度：{report.year}年\n报告格式：{report.format.name}")
