"""The list of every finding of the open report; a click leads to the cells involved.

`FindingsModel` is the findings of a document as a Qt list model (text, state icon, tooltip,
the Finding itself under FINDING_ROLE); `FindingsPanel` shows it in a QListView with a summary
line, 填写说明… and 确认说明. A warning can be given an explanation here (saved in the report's
`explanations` under the finding's key, rule@anchor); it then shows as explained instead of as
an open warning, until its figures change: then it is 待复核 until the clerk confirms the
explanation for the figures of now or rewrites it.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListView, QPushButton, QToolButton, QVBoxLayout, QWidget

from gui import prompts
from gui.document import ReportDocument
from gui.help import show_legend
from gui.palette import state_icon
from model.explanations import Explanation, figures_text
from model.formats import Format
from model.rules import STATE_NAMES, Finding, state_of, summary

FINDING_ROLE = Qt.ItemDataRole.UserRole + 1
AnyIndex = QModelIndex | QPersistentModelIndex


PENDING_TIP = "这部分尚未填写，所以暂不算错误；填写其中任一单元格后即按{severity}校验（报送前检查和导出仍按{severity}计）。"


def finding_text(finding: Finding) -> str:
    return f"〔{STATE_NAMES[state_of(finding)]}〕{finding.place}：{finding.message}"


def finding_tip(finding: Finding, explanation: Explanation | None, fmt: Format) -> str:
    """The message, and the explanation with what became of it (待复核: the figures changed), or
    why a part not started is 待填写."""
    if finding.pending:
        return f"{finding.message}\n{PENDING_TIP.format(severity=STATE_NAMES[finding.severity])}"
    if explanation is None:
        return finding.message
    if finding.stale:
        return (f"{finding.message}\n说明（待复核）：{explanation.text}\n"
                f"写说明时的数字：{figures_text(fmt, explanation.figures or {})}，现在已变。\n"
                "请确认说明仍然适用（确认说明），或改写说明。")
    return f"说明：{explanation.text}"


class FindingsModel(QAbstractListModel):
    """The findings of one document, in the checker's order, reset whenever they change."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.document: ReportDocument | None = None
        self._findings: list[Finding] = []

    def set_document(self, document: ReportDocument) -> None:
        if self.document is not None:
            self.document.findingsChanged.disconnect(self.refresh)
        self.document = document
        document.findingsChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        assert self.document is not None
        self.beginResetModel()
        self._findings = list(self.document.findings)
        self.endResetModel()

    def finding(self, row: int) -> Finding:
        return self._findings[row]

    def findings(self) -> list[Finding]:
        return list(self._findings)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._findings)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._findings):
            return None
        finding = self._findings[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return finding_text(finding)
        if role == Qt.ItemDataRole.DecorationRole:
            return state_icon(state_of(finding))
        if role == Qt.ItemDataRole.ToolTipRole:
            assert self.document is not None
            report = self.document.report
            return finding_tip(finding, report.explanations.get(finding.key), report.format)
        if role == FINDING_ROLE:
            return finding
        return None


class FindingsPanel(QWidget):
    """Lists the findings of the current document and offers to explain warnings."""

    findingActivated = Signal(object)  # the Finding the clerk clicked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = FindingsModel(self)
        self.summary = QLabel()
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.explain_button = QPushButton("填写说明…")
        self.explain_button.setToolTip("为所选警告填写说明（随报告保存）")
        self.explain_button.setEnabled(False)
        self.confirm_button = QPushButton("确认说明")
        self.confirm_button.setToolTip("数字变了，但原来的说明仍然适用：按现在的数字保留这条说明")
        self.confirm_button.setVisible(False)
        self.legend_button = QToolButton()
        self.legend_button.setText("颜色说明")
        self.legend_button.setToolTip("单元格颜色、角标和各种状态表示什么")
        self.legend_button.setAutoRaise(True)
        self.legend_button.clicked.connect(self._show_legend)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.legend_button)
        top.addWidget(self.confirm_button)
        top.addWidget(self.explain_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.list)
        self._keep: str | None = None  # the key of the finding selected before a refresh
        self.model.modelAboutToBeReset.connect(self._remember_current)
        self.model.modelReset.connect(self._refreshed)
        self.list.clicked.connect(self._activated)
        self.list.activated.connect(self._activated)
        self.list.selectionModel().currentChanged.connect(self._update_button)
        self.explain_button.clicked.connect(self.explain_current)
        self.confirm_button.clicked.connect(self.confirm_current)

    def sizeHint(self) -> QSize:
        """Modest by default: the tables above deserve the room (the clerk can drag it larger)."""
        return QSize(600, 150)

    @property
    def document(self) -> ReportDocument | None:
        return self.model.document

    def set_document(self, document: ReportDocument) -> None:
        self.model.set_document(document)

    def findings(self) -> list[Finding]:
        return self.model.findings()

    def current_finding(self) -> Finding | None:
        index = self.list.currentIndex()
        return self.model.finding(index.row()) if index.isValid() else None

    def select(self, row: int) -> Finding:
        """Make the finding in `row` the current one (in sight)."""
        index = self.model.index(row)
        self.list.setCurrentIndex(index)
        self.list.scrollTo(index)
        return self.model.finding(row)

    def next_finding(self) -> Finding | None:
        """Select the finding after the current one (the first after the last); None if none."""
        count = self.model.rowCount()
        if not count:
            return None
        return self.select((self.list.currentIndex().row() + 1) % count)

    def _remember_current(self) -> None:
        current = self.current_finding()
        self._keep = current.key if current else None

    def _refreshed(self) -> None:
        """Keep the selected finding selected if it is still there; update the summary."""
        for row, finding in enumerate(self.model.findings()):
            if self._keep == finding.key:
                self.list.setCurrentIndex(self.model.index(row))
                break
        assert self.document is not None
        self.summary.setText(f"校验结果：{summary(self.document.findings)}")
        self._update_button()

    def _show_legend(self) -> None:
        show_legend(self)

    def _activated(self, index: QModelIndex) -> None:
        self.findingActivated.emit(self.model.finding(index.row()))

    def _update_button(self) -> None:
        finding = self.current_finding()
        self.explain_button.setEnabled(finding is not None and finding.severity == "warning")
        explained = finding is not None and (finding.explained or finding.stale)
        self.explain_button.setText("改写说明…" if explained else "填写说明…")
        self.confirm_button.setVisible(finding is not None and finding.stale)

    def explain_current(self) -> None:
        """Ask for (or edit) the explanation of the selected warning; an empty text removes it."""
        finding = self.current_finding()
        if finding is None or finding.severity != "warning" or self.document is None:
            return
        old = self.document.report.explanations.get(finding.key)
        text = prompts.ask_text(self, "填写说明", f"{finding.place}：{finding.message}\n\n请说明原因（将随报告保存）：",
                                old.text if old else "")
        if text is not None:
            self.document.set_explanation(finding, text.strip())

    def confirm_current(self) -> None:
        """Keep the explanation of the selected 待复核 warning, now for the figures of now."""
        finding = self.current_finding()
        if finding is None or not finding.stale or self.document is None:
            return
        explanation = self.document.report.explanations.get(finding.key)
        if explanation is not None:
            self.document.set_explanation(finding, explanation.text)
