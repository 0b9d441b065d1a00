"""文件 ▸ 历史版本…: the versions earlier saves replaced, newest first; one can be restored.

A restored version opens as an unsaved change of the current file, so nothing on disk changes
until the clerk saves it deliberately (and that save keeps the current version in turn).
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHeaderView, QLabel, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from gui.document import ReportDocument
from gui.features import Window
from gui.file_lock import is_read_only
from model.history import Version, list_versions, restore_version
from model.report import Report
from model.storage import ProjectError

VERSION_ROLE = Qt.ItemDataRole.UserRole


def differences(version: Report, current: Report) -> str:
    """What restoring would change, in the clerk's words: 「3 个单元格、1 段文字不同」."""
    cells = sum(1 for key in set(version.values) | set(current.values)
                if version.values.get(key) != current.values.get(key) and not current.is_computed(key))
    texts = sum(1 for key in set(version.texts) | set(current.texts)
                if version.texts.get(key, "") != current.texts.get(key, ""))
    parts = [f"{cells} 个单元格" if cells else "", f"{texts} 段文字" if texts else "",
             "单位或年度" if (version.unit, version.year) != (current.unit, current.year) else ""]
    changed = "、".join(p for p in parts if p)
    return f"{changed}不同" if changed else "与当前相同"


def install(window: Window) -> None:
    """文件 ▸ 历史版本…, enabled for a report that has a file this window may change."""
    action = window.add_action("history", "历史版本(&H)…", lambda: choose_and_restore(window), None,
                               "查看此文件以前保存的版本，恢复其中之一", menu="file", group="save")

    def follow(document: ReportDocument) -> None:
        def update() -> None:
            action.setEnabled(document.path is not None and not is_read_only(document))
        document.pathChanged.connect(update)
        update()

    window.documentChanged.connect(follow)


def choose_and_restore(window: Window) -> None:
    """文件 ▸ 历史版本…: the clerk picks a kept version; the file workflow restores it."""
    document = window.document
    if document is None or document.path is None or is_read_only(document):
        return
    dialog = HistoryDialog(document.path, document.report, window.window())
    version = dialog.selected() if dialog.exec() else None
    if version is not None:
        window.files.restore_version(version)


class HistoryDialog(QDialog):
    """Lists the kept versions of one file; accept() means: restore the selected one."""

    def __init__(self, path: Path, current: Report | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("历史版本")
        self.versions = list_versions(path)
        intro = QLabel(f"“{path.name}”每次保存前的内容都保留在这里（最近 {len(self.versions)} 个版本）。"
                       "恢复某个版本后，报告显示为尚未保存，核对无误后再保存。"
                       if self.versions else f"“{path.name}”还没有历史版本：每次保存时，保存前的内容会保留在这里。")
        intro.setWordWrap(True)
        self.list = QTreeWidget()
        self.list.setHeaderLabels(["保存时间", "内容", "与当前报告相比"] if current else ["保存时间", "内容"])
        self.list.setRootIsDecorated(False)
        self.list.setAlternatingRowColors(True)
        self.list.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.list.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        for version in self.versions:
            columns = [f"{version.saved:%Y-%m-%d %H:%M:%S}", version.summary]
            if current is not None and version.readable:
                try:
                    columns.append(differences(restore_version(version), current))
                except ProjectError:
                    columns.append("")
            item = QTreeWidgetItem(columns)
            item.setData(0, VERSION_ROLE, version)
            if not version.readable:
                item.setDisabled(True)
            self.list.addTopLevelItem(item)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton("恢复此版本", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("关闭")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.list.itemDoubleClicked.connect(lambda *_: self.accept() if self.selected() else None)
        self.list.currentItemChanged.connect(self._update_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
        self.resize(760, 360)
        items = [self.list.topLevelItem(i) for i in range(self.list.topLevelItemCount())]
        readable = [item for item in items if item is not None and not item.isDisabled()]
        if readable:
            self.list.setCurrentItem(readable[0])
        self._update_button()

    def selected(self) -> Version | None:
        item = self.list.currentItem()
        version = item.data(0, VERSION_ROLE) if item is not None else None
        return version if version is not None and version.readable else None

    def _update_button(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)
