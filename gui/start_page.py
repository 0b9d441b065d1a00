"""What the window shows before its first report: the ways to start one.

On a first start (no report worked on before, no file named) an anonymous blank report would
leave the clerk to find 新建 and 报告属性 alone. The start page offers the four ways instead:
新建, 由上年报告新建, 打开, and the bundled examples. Its buttons trigger the window's own named
actions, so each way behaves exactly as from the menu; an example opens as a copy in the
clerk's documents (model.examples), never the installed file.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import QCommandLinkButton, QGridLayout, QLabel, QVBoxLayout, QWidget

from gui.palette import HINT_TEXT, use_colour
from model.examples import copy_example, example_names, example_path
from model.os_errors import os_error_text
from model.storage import ProjectError, load_report

WAYS = (  # action name, title, description
    ("new", "新建报告", "按官方格式新建一份空白报告，先填写单位名称和年度"),
    ("carry", "由上年报告新建", "选择上年的报告文件：上年结转的数字自动填入，跨年度的勾稽关系一并校验"),
    ("open", "打开报告", "打开以前保存的报告文件"),
)
EXAMPLES_NOTE = "打开示例时复制一份到“文档”文件夹再打开，程序自带的示例不会被改动。"
PAGE_WIDTH = 620


def example_title(name: str) -> tuple[str, str]:
    """The button of an example: whose report of which year, and its format."""
    try:
        report = load_report(example_path(name))
    except ProjectError:
        return name, "示例报告"
    return f"示例：{report.unit} {report.year}年度", f"{report.format.short_name} · 文件“{name}”"


class StartPage(QWidget):
    """The ways to start, centred in the window."""

    def __init__(self, actions: Mapping[str, QAction], open_path: Callable[[Path], object],
                 show_message: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.open_path = open_path
        self.show_message = show_message
        title = QLabel("年报助手")
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        title.setFont(font)
        subtitle = QLabel("编写政府信息公开工作年度报告：按官方格式填写，边填边校验，导出 Excel、PDF 和 Word。")
        subtitle.setWordWrap(True)
        use_colour(subtitle, HINT_TEXT)
        column = QVBoxLayout()
        column.addWidget(title)
        column.addWidget(subtitle)
        column.addSpacing(12)
        self.buttons: dict[str, QCommandLinkButton] = {}
        for name, text, description in WAYS:
            button = self.buttons[name] = QCommandLinkButton(text, description)
            button.clicked.connect(actions[name].trigger)
            column.addWidget(button)
        column.addSpacing(12)
        heading = QLabel("示例报告")
        heading.setFont(_bold(heading.font()))
        note = QLabel(EXAMPLES_NOTE)
        note.setWordWrap(True)
        use_colour(note, HINT_TEXT)
        column.addWidget(heading)
        column.addWidget(note)
        for name in example_names():
            text, description = example_title(name)
            button = self.buttons[f"example:{name}"] = QCommandLinkButton(text, description)
            button.clicked.connect(lambda _=False, n=name: self.open_example(n))
            column.addWidget(button)
        panel = QWidget()
        panel.setLayout(column)
        panel.setMaximumWidth(PAGE_WIDTH)
        outer = QGridLayout(self)
        outer.addWidget(panel, 0, 0, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter)

    def open_example(self, name: str) -> None:
        """Open a fresh copy of a bundled example (the clerk may change and save it)."""
        try:
            copy = copy_example(name)
        except OSError as exc:
            self.show_message(f"无法复制示例：{os_error_text(exc)}")
            return
        self.open_path(copy)


def _bold(font: QFont) -> QFont:
    bold = QFont(font)
    bold.setBold(True)
    bold.setPointSizeF(font.pointSizeF() * 1.1)
    return bold
