"""The list of every finding of the open report; a click leads to the cells involved.

A warning can be given an explanation here (saved in the report's `explanations` under the
finding's key, rule@anchor); it then shows as explained instead of as an open warning.
"""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from gui.document import ReportDocument
from gui.palette import state_icon, state_of
from model.rules import SEVERITY_NAMES, Finding, summary

FINDING_ROLE = Qt.ItemDataRole.UserRole + 1


def finding_text(finding: Finding) -> str:
    mark = "〔已说明〕" if finding.explained else f"〔{SEVERITY_NAMES[finding.severity]}〕"
    return f"{mark}{finding.place}：{finding.message}"


class FindingsPanel(QWidget):
    """Lists the findings of the current document and offers to explain warnings."""

    findingActivated = Signal(object)  # the Finding the clerk clicked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document: ReportDocument | None = None
        self.summary = QLabel()
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.explain_button = QPushButton("填写说明…")
        self.explain_button.setToolTip("为所选警告填写说明（随报告保存）")
        self.explain_button.setEnabled(False)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.explain_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.list)
        self.list.itemClicked.connect(self._activated)
        self.list.itemActivated.connect(self._activated)
        self.list.currentItemChanged.connect(self._update_button)
        self.explain_button.clicked.connect(self.explain_current)

    def sizeHint(self) -> QSize:
        """Modest by default: the tables above deserve the room (the clerk can drag it larger)."""
        return QSize(600, 150)

    def set_document(self, document: ReportDocument) -> None:
        if self.document is not None:
            self.document.findingsChanged.disconnect(self.refresh)
        self.document = document
        document.findingsChanged.connect(self.refresh)
        self.refresh()

    def findings(self) -> list[Finding]:
        return [self.list.item(i).data(FINDING_ROLE) for i in range(self.list.count())]

    def current_finding(self) -> Finding | None:
        item = self.list.currentItem()
        finding: Finding | None = item.data(FINDING_ROLE) if item is not None else None
        return finding

    def refresh(self) -> None:
        """Rebuild the list, keeping the selected finding selected if it is still there."""
        assert self.document is not None
        current = self.current_finding()
        keep = (current.rule, current.cells[:1]) if current else None
        self.list.blockSignals(True)
        self.list.clear()
        for finding in self.document.findings:
            item = QListWidgetItem(state_icon(state_of(finding)), finding_text(finding))
            item.setData(FINDING_ROLE, finding)
            explanation = self.document.report.explanations.get(finding.key)
            item.setToolTip(f"说明：{explanation.text}" if finding.explained and explanation else finding.message)
            self.list.addItem(item)
            if keep == (finding.rule, finding.cells[:1]):
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self.summary.setText(f"校验结果：{summary(self.document.findings)}")
        self._update_button()

    def _activated(self, item: QListWidgetItem) -> None:
        self.findingActivated.emit(item.data(FINDING_ROLE))

    def _update_button(self) -> None:
        finding = self.current_finding()
        self.explain_button.setEnabled(finding is not None and finding.severity == "warning")

    def explain_current(self) -> None:
        """Ask for (or edit) the explanation of the selected warning; an empty text removes it."""
        from PySide6.QtWidgets import QInputDialog  # only when asked: PySide builds the class on first access
        finding = self.current_finding()
        if finding is None or finding.severity != "warning" or self.document is None:
            return
        old = self.document.report.explanations.get(finding.key)
        text, ok = QInputDialog.getMultiLineText(
            self, "填写说明", f"{finding.place}：{finding.message}\n\n请说明原因（将随报告保存）：",
            old.text if old else "")
        if ok:
            self.document.set_explanation(finding, text.strip())
