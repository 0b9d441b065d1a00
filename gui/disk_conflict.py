"""Saving over a file that changed on disk since this window loaded or saved it: ask first.

Someone else saved it, a sync tool brought another copy, a colleague copied theirs over it:
the clerk chooses 覆盖 (the version on disk is kept in the history), 另存为, or first 查看差异,
a list of every place where the two differ (model.differences). Nothing is overwritten silently.
"""
from __future__ import annotations

from datetime import datetime
from enum import Enum
from pathlib import Path

from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QLabel, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from gui import prompts
from model.differences import Difference, report_differences
from model.report import Report
from model.storage import ProjectError, open_project


COLUMN_WIDTHS = (300, 270, 270)  # 位置, 本窗口中, 磁盘上的文件中 (pixels)


class ConflictChoice(Enum):
    OVERWRITE = "覆盖"
    SAVE_AS = "另存为"
    COMPARE = "查看差异"
    CANCEL = "取消"


def _saved_at(path: Path) -> str:
    try:
        return f"（{datetime.fromtimestamp(path.stat().st_mtime):%Y-%m-%d %H:%M}）"
    except OSError:
        return ""


def ask_about_newer_file(parent: QWidget | None, path: Path, ours: Report) -> ConflictChoice:
    """覆盖 / 另存为 / 查看差异 / 取消 until the clerk decides (查看差异 shows, then asks again);
    Esc and closing the box cancel."""
    choices = list(ConflictChoice)
    while True:
        answer = prompts.choose(
            parent, prompts.Icon.Warning, "文件已被修改",
            f"“{path.name}”在本窗口打开（或上次保存）之后已被修改{_saved_at(path)}。",
            [(c.value, role) for c, role in zip(choices, (prompts.Role.DestructiveRole, prompts.Role.AcceptRole,
                                                         prompts.Role.ActionRole, prompts.Role.RejectRole))],
            informative="可能是其他人、其他计算机或同步软件保存了它。\n\n"
                        "“覆盖”用本窗口的内容替换它（被替换的版本保留在“历史版本”中）；"
                        "“另存为”把本窗口的内容存为另一个文件；“查看差异”逐项比较两者。",
            default=2, escape=3, width=prompts.MESSAGE_WIDTH)
        choice = ConflictChoice.CANCEL if answer is None else choices[answer]
        if choice is not ConflictChoice.COMPARE:
            return choice
        show_differences(parent, path, ours)


def show_differences(parent: QWidget | None, path: Path, ours: Report) -> None:
    try:
        theirs = open_project(path).report
    except ProjectError as exc:
        prompts.warn(parent, "无法比较", f"无法读取磁盘上的“{path.name}”：\n{exc}")
        return
    DifferencesDialog(path, report_differences(ours, theirs), parent).exec()


class DifferencesDialog(QDialog):
    """Every place where the window's report and the file on disk differ, side by side."""

    def __init__(self, path: Path, differences: list[Difference], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"查看差异 — {path.name}")
        layout = QVBoxLayout(self)
        count = f"共 {len(differences)} 处不同：" if differences else "两者内容相同（只是文件被重新保存过）。"
        layout.addWidget(QLabel(count))
        self.table = QTableWidget(len(differences), 3, self)
        self.table.setHorizontalHeaderLabels(["位置", "本窗口中", "磁盘上的文件中"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        for row, difference in enumerate(differences):
            for column, text in enumerate((difference.place, difference.ours, difference.theirs)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        for column, width in enumerate(COLUMN_WIDTHS):
            self.table.setColumnWidth(column, width)
        self.table.setWordWrap(True)  # long places and texts wrap instead of being cut
        self.table.resizeRowsToContents()
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(sum(COLUMN_WIDTHS) + 80, 460)
