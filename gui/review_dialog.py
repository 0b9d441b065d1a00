"""文件 ▸ 报送前检查: the review of the open report (model.review) in a dialog.

Every check by section (failed ones always, passed ones on request), every explanation with
its state, the blank cells of 三 and 四 with the one-step 空白单元格填 0, and the 审核结果 PDF.
Before an export of a report with open problems the same list is shown with 仍然导出.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPushButton,
                               QVBoxLayout, QWidget)

from gui import prompts
from gui.document import ReportDocument
from gui.features import Window
from gui.palette import state_icon
from gui.wrapping_tree import WrappingTreeView
from model.findings import Finding
from model.review import ZERO_ADVICE, Entry, Review, blank_for_submission, build_review, zero_for_blanks

FINDING_ROLE = Qt.ItemDataRole.UserRole + 1
STATE_OF_STATUS = {"explained": "explained", "stale": "stale"}
FILL_ZERO = "空白单元格填 0"


def _entry_state(entry: Entry) -> str | None:
    if entry.status == "passed":
        return None
    if entry.status == "failed" and entry.finding is not None:
        return entry.finding.severity
    return STATE_OF_STATUS[entry.status]


def _item(text: str, state: str | None = None, bold: bool = False) -> QStandardItem:
    item = QStandardItem(text)
    item.setEditable(False)
    item.setToolTip(text)
    if state is not None:
        item.setIcon(state_icon(state))
    if bold:
        font = QFont(item.font())
        font.setBold(True)
        item.setFont(font)
    return item


def review_model(review: Review, show_passed: bool) -> QStandardItemModel:
    """The review as a two-level tree: sections, then their checks; then the explanations and
    the blank cells to fill with 0."""
    model = QStandardItemModel()
    for section in review.sections:
        entries = [e for e in section.entries if show_passed or e.status != "passed"]
        open_count = sum(1 for e in section.entries if e.status == "stale"
                         or e.status == "failed" and e.item.severity != "hint")
        hints = sum(1 for e in section.entries if e.status == "failed" and e.item.severity == "hint")
        title = (f"{section.heading}（{open_count} 项需处理）" if open_count
                 else f"{section.heading}（{hints} 项提示）" if hints else f"{section.heading}（全部通过）")
        group = _item(title, bold=True)
        for entry in entries:
            child = _item(f"{entry.mark}{entry.text}", _entry_state(entry))
            child.setData(entry.finding, FINDING_ROLE)
            if entry.explanation:
                child.setToolTip(f"{entry.text}\n说明：{entry.explanation}")
            group.appendRow(child)
        if entries or show_passed:
            model.appendRow(group)
    if review.explanations:
        group = _item(f"说明（{len(review.explanations)} 条）", bold=True)
        for e in review.explanations:
            about = e.about(review.report.format)
            state = {"current": "explained", "stale": "stale"}.get(e.state)
            child = _item(f"〔{e.state_name}〕{about}\n说明：{e.explanation.text}", state)  # as `review` prints it
            child.setData(e.finding, FINDING_ROLE)
            group.appendRow(child)
        model.appendRow(group)
    if review.blank:
        names = "、".join(review.report.format.describe_cell(k) for k in review.blank[:12])
        more = f"等 {len(review.blank)} 格" if len(review.blank) > 12 else ""
        group = _item(f"{ZERO_ADVICE}（{len(review.blank)} 个空白单元格）", "hint", bold=True)
        group.appendRow(_item(names + more))
        model.appendRow(group)
    return model


class ReviewDialog(QDialog):
    """The review of `document`; with `exporting`, a 仍然导出 / 返回修改 choice before an export."""

    findingActivated = Signal(object)  # the Finding the clerk double-clicked

    def __init__(self, document: ReportDocument, parent: QWidget | None = None, exporting: bool = False) -> None:
        super().__init__(parent)
        self.document = document
        self.setWindowTitle("报送前检查" if not exporting else "导出前检查：报告仍有问题")
        self.resize(860, 620)
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        self.show_passed = QCheckBox("显示已通过的校验项")
        self.tree = WrappingTreeView()
        self.fill_zero = QPushButton(FILL_ZERO)
        self.fill_zero.setToolTip("把三、四两部分的空白单元格填为 0（可撤销）")
        self.pdf_button = QPushButton("导出审核结果 PDF…")
        top = QHBoxLayout()
        top.addWidget(self.headline, 1)
        top.addWidget(self.show_passed)
        self.buttons = QDialogButtonBox()
        if exporting:
            self.export_button = self.buttons.addButton("仍然导出", QDialogButtonBox.ButtonRole.AcceptRole)
            self.buttons.addButton("返回修改", QDialogButtonBox.ButtonRole.RejectRole)
        else:
            self.buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        bottom = QHBoxLayout()
        bottom.addWidget(self.fill_zero)
        bottom.addWidget(self.pdf_button)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        layout.addLayout(bottom)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.show_passed.toggled.connect(self.refresh)
        self.tree.doubleClicked.connect(self._activated)
        self.fill_zero.clicked.connect(self.fill_blank_zero)
        self.pdf_button.clicked.connect(self.export_pdf)
        document.findingsChanged.connect(self.refresh)
        document.modifiedChanged.connect(self._update_pdf_button)
        document.pathChanged.connect(self._update_pdf_button)
        self.review: Review
        self.refresh()

    def refresh(self) -> None:
        self.review = build_review(self.document.report)
        self.model = review_model(self.review, self.show_passed.isChecked())
        self.tree.setModel(self.model)
        self.tree.expandAll()
        self.headline.setText(f"{self.document.report.title}\n{self.review.headline()}")
        self.fill_zero.setEnabled(bool(zero_for_blanks(self.document.report, self.review.blank))
                                  and self.document.is_editable(self.review.blank[0]))
        self._update_pdf_button()

    def _update_pdf_button(self) -> None:
        saved = self.document.path is not None and not self.document.modified
        self.pdf_button.setEnabled(saved)
        self.pdf_button.setToolTip("审核结果记录已保存的项目文件及其 SHA-256" if saved
                                   else "请先保存报告：审核结果记录的是已保存文件的 SHA-256")

    def leads_to(self, show: Callable[[Finding], None]) -> None:
        """A double-clicked finding closes the dialog and is shown by `show` (the window)."""
        def close_and_show(finding: Finding) -> None:
            self.reject()
            show(finding)
        self.findingActivated.connect(close_and_show)

    def _activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        finding = index.data(FINDING_ROLE)
        if finding is not None:
            self.findingActivated.emit(finding)

    def fill_blank_zero(self) -> None:
        """One undo step: every blank cell of 三 and 四 becomes 0."""
        changes = zero_for_blanks(self.document.report, blank_for_submission(self.document.report))
        if changes:
            self.document.set_cells(dict(changes), FILL_ZERO)

    def export_pdf(self) -> Path | None:
        """Write the 审核结果 PDF of the saved file beside it (the clerk chooses the name)."""
        path = self.document.path
        if path is None or self.document.modified:
            return None
        from export.common import ExportError
        from export.review_pdf import write_review_pdf
        from model.review import file_sha256, today
        target = prompts.save_file(self, "导出审核结果 PDF", "PDF 文件 (*.pdf)", ".pdf", f"{path.stem}-审核结果.pdf", path)
        if target is None:
            return None
        try:
            write_review_pdf(self.review, target, path.name, file_sha256(path), today())
        except ExportError as exc:
            prompts.warn(self, "导出失败", str(exc))
            return None
        prompts.inform(self, "导出完成", f"已导出审核结果：\n{target}")
        return target


def show_review(window: Window) -> None:
    """文件 ▸ 报送前检查: the review of the report shown; a double-clicked finding is shown."""
    assert window.document is not None
    dialog = ReviewDialog(window.document, window.window())
    dialog.leads_to(window.show_finding)
    dialog.exec()
