"""The window's features beyond showing and saving a report, each installed by one function.

A feature module defines `install(window: Window)`, which adds its actions with
`window.add_action(..., menu=..., group=...)` and follows the shown report through
`window.documentChanged`. A feature that is one menu command and nothing else is declared as
a `MenuEntry` instead: its module (a dialog, the readers it uses) loads when the clerk first
chooses the command, not when the window starts. Both kinds are listed once, in `FEATURES`, so
a new feature touches this list in one line and no feature imports the main window.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Protocol

from PySide6.QtCore import SignalInstance
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMenu, QWidget

from gui.document import ReportDocument
from gui.files import FileWorkflow
from model.report import Report
from model.rules import Finding

if TYPE_CHECKING:
    from gui.table_view import SectionTableView


@dataclass(frozen=True)
class MenuEntry:
    """A menu command whose `module` loads when it is first chosen; it then calls
    `module.function(window)`."""

    name: str
    text: str
    module: str
    function: str
    tip: str
    menu: str
    group: str
    shortcut: str | None = None
    edits: bool = False  # it changes the shown report: disabled while that report is read-only

    def install(self, window: Window) -> None:
        def run() -> None:
            getattr(importlib.import_module(self.module), self.function)(window)
        window.add_action(self.name, self.text, run, self.shortcut, self.tip, menu=self.menu, group=self.group,
                          edits=self.edits)


FEATURES: tuple[str | MenuEntry, ...] = (  # installed in this order; within a menu group, entries follow it
    MenuEntry("carry", "由上年报告新建(&L)…", "gui.carry_dialog", "carry_into",
              "以上年报告为基础新建本年报告（上年结转）", "file", "new"),
    MenuEntry("merge", "汇总多个单位报告(&M)…", "gui.merge_dialog", "merge_into",
              "将多个单位的报告相加，汇总为一份报告", "file", "new"),
    "gui.history_dialog",
    "gui.exporting",
    MenuEntry("link_last_year", "关联上年报告(&K)…", "gui.last_year", "link_last_year",
              "选择上年的报告（项目文件或 Excel、Word、PDF），检查本年文字是否照搬上年", "file", "report", edits=True),
    MenuEntry("review", "报送前检查(&C)…", "gui.review_dialog", "show_review",
              "列出全部校验项、说明和空白单元格，可导出审核结果 PDF", "file", "report", "F9"),
    "gui.import_actions",
    "gui.recovery_prompt",
    "gui.help",
    "gui.edit_menu",
)


class Window(Protocol):
    """What a feature may use of the main window (gui.main_window.MainWindow)."""

    @property
    def document(self) -> ReportDocument | None: ...

    @property
    def files(self) -> FileWorkflow: ...

    @property
    def documentChanged(self) -> SignalInstance: ...  # emits the new ReportDocument

    def window(self) -> QWidget: ...  # QWidget.window(): the main window itself, parent of dialogs

    def menu(self, name: str) -> QMenu: ...

    def place(self, entry: QAction | QMenu, menu: str, group: str | None = None) -> None: ...  # e.g. a submenu

    def show_cell(self, key: str) -> None: ...  # bring a cell into sight and select it

    def add_panel(self, name: str, title: str, widget: QWidget) -> QDockWidget: ...  # beside the findings

    def add_action(self, name: str, text: str, slot: Callable[[], object],
                   shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
                   tip: str = "", *, menu: str | None = None, group: str | None = None,
                   edits: bool = False) -> QAction: ...
    # The slot runs once the figure still being typed in a cell is in the report (not at all
    # when its entry is refused): every action reads the report as the clerk sees it.

    def commit_pending_edits(self) -> bool: ...  # for work that starts otherwise than by an action

    def current_table_view(self) -> SectionTableView | None: ...  # the table in sight

    def new_report(self, report: Report) -> None: ...  # shown as a new, unsaved report

    def open_new_report(self, report: Report, message: str) -> None: ...  # and says so (files.opened_as_new)

    def show_message(self, message: str) -> None: ...

    def show_finding(self, finding: Finding) -> None: ...  # lead to what a finding is about


def install_features(window: Window) -> None:
    """Let every listed feature add its actions to the window."""
    for feature in FEATURES:
        if isinstance(feature, MenuEntry):
            feature.install(window)
        else:
            importlib.import_module(feature).install(window)
