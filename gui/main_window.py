"""The main window: tabs of the open report, the findings panel, menus.

Built to grow: menus are reachable by name through `menu()` ("file", "edit", "view", "help"),
each in named groups (`MENU_GROUPS`) so features add entries where they belong without
knowing what else is there; actions live in `actions_by_name`; features install themselves
(gui.features). Every change of open report goes through `set_document()`, which emits
`documentChanged` for features that follow the document (autosave, history, exports). Files
are the job of `self.files` (gui.files.FileWorkflow).

Until its first report the window shows the start page (gui.start_page) instead, and the menu
groups that act on a report (`REPORT_GROUPS`) are disabled: every feature's action in those
groups is covered without the feature knowing. Above the tabs, a header line names the
report (gui.report_header).

Every action added through `add_action` — the window's, and every feature's — first puts the
figure still being typed in a cell into the report (`commit_pending_edits`), so 保存, 导出 and
the rest never work on the figure as it was before; a refused entry cancels the action and
stays in its editor with the reason. Leaving the report (closing, opening another) does the
same through `files.confirm_discard`, switching tabs through the tabs.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent, QUndoGroup
from PySide6.QtWidgets import (QDockWidget, QLabel, QMainWindow, QMenu, QStackedWidget, QToolButton, QVBoxLayout,
                               QWidget)

from gui.autosave import Autosave
from gui.document import ReportDocument
from gui.features import install_features
from gui.file_lock import READ_ONLY_MARK, is_read_only, read_only_badge
from gui.files import FileWorkflow, document_name, opened_as_new
from gui import palette, prompts, window_state
from gui.findings_panel import FindingsPanel
from gui.palette import STATUS_TEXT, use_colour
from gui.report_header import ReportHeader
from gui.report_tabs import ReportTabs
from gui.zoom import RESET_KEYS, ZOOM_IN_KEYS, ZOOM_OUT_KEYS, Zoom, refit_relative_fonts
from model.lock import FileLock
from model.report import Report
from model.rules import Finding, summary, worst_state
from model.storage import DiskState

if TYPE_CHECKING:  # the table modules load when a table is first shown (gui.report_tabs)
    from gui.table_view import SectionTableView

APP_TITLE = "年报助手"
STATUS_SECONDS = 8
FINDINGS_HEIGHT = 150
PREFERRED_SIZE = QSize(1360, 880)

# name → (title, groups in order); "|" is a separator. An entry goes at the end of its group.
MENU_GROUPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "file": ("文件(&F)", ("new", "open", "|", "save", "|", "report", "|", "export", "|", "quit")),
    "edit": ("编辑(&E)", ("undo", "|", "cells", "|", "findings")),
    "view": ("视图(&V)", ("panels", "|", "zoom")),
    "help": ("帮助(&H)", ("help", "|", "about")),
}
# The groups whose entries act on the shown report: disabled while the start page shows.
REPORT_GROUPS = (("file", "save"), ("file", "report"), ("file", "export"), ("edit", "undo"),
                 ("edit", "cells"), ("edit", "findings"), ("view", "panels"))


class MainWindow(QMainWindow):
    documentChanged = Signal(object)  # the new ReportDocument

    def __init__(self, document: ReportDocument | None, parent: QWidget | None = None, *,
                 lock: FileLock | None = None) -> None:
        """Show `document`, or the start page when None (the clerk chooses how to begin)."""
        super().__init__(parent)
        palette.follow_application()
        self.document: ReportDocument | None = None
        self.files = FileWorkflow(self, self)
        self.autosave = Autosave(self)
        self.autosave.failed.connect(self.show_message)
        self.documentChanged.connect(self.autosave.attach)
        self.tabs: ReportTabs | None = None
        self.header = ReportHeader()
        self.header.propertiesRequested.connect(self.action_properties)
        self.report_area = QWidget()
        self.report_layout = QVBoxLayout(self.report_area)
        self.report_layout.setContentsMargins(0, 0, 0, 0)
        self.report_layout.setSpacing(0)
        self.report_layout.addWidget(self.header)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.report_area)
        self.setCentralWidget(self.pages)
        self.start_page: QWidget | None = None
        self._idle_actions: list[QAction] = []
        self.undo_group = QUndoGroup(self)
        self.findings_panel = FindingsPanel()
        self.findings_panel.findingActivated.connect(self.show_finding)
        self.findings_dock = QDockWidget("校验结果", self)
        self.findings_dock.setObjectName("findings")
        self.findings_dock.setWidget(self.findings_panel)
        self.findings_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable
                                       | QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.findings_dock)
        self.status_summary = QLabel()
        self.status_summary.setContentsMargins(8, 0, 8, 0)
        self.offer_button = QToolButton()  # beside a status message that offers an action
        self.offer_button.setAutoRaise(True)
        self.offer_button.hide()
        self.offer_button.clicked.connect(self._take_offer)
        self._offered: tuple[str, str] | None = None  # the message and the action it offers
        self.statusBar().addPermanentWidget(self.offer_button)
        self.statusBar().addPermanentWidget(self.status_summary)
        self.statusBar().messageChanged.connect(self._message_changed)
        self.actions_by_name: dict[str, QAction] = {}
        self._edit_actions: list[QAction] = []  # disabled while the report is read-only (add_action's `edits`)
        self.menus: dict[str, QMenu] = {}
        self._group_ends: dict[tuple[str, str], QAction] = {}
        self.zoom = Zoom([self.pages], self)
        self.zoom.changed.connect(lambda factor: self.show_message(f"缩放：{round(factor * 100)}%"))
        self._build_menus()
        self._build_actions()
        install_features(self)
        self._restore_state()
        self._docks_sized = False
        if document is None:
            self._show_start_page()
        else:
            self.set_document(document, lock)

    # --- extension points ------------------------------------------------------------------

    def menu(self, name: str) -> QMenu:
        """A top-level menu by name: "file", "edit", "view", "help"."""
        return self.menus[name]

    def add_action(self, name: str, text: str, slot: Callable[[], object],
                   shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
                   tip: str = "", *, menu: str | None = None, group: str | None = None,
                   edits: bool = False) -> QAction:
        """Create a named action; `actions_by_name[name]` finds it later. With `menu`, it is
        placed at the end of `group` of that menu (else of the menu's last group). An action
        that `edits` the shown report is disabled while that report is open read-only."""
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda _=False: self.commit_pending_edits(action) and slot())
        self.actions_by_name[name] = action
        if edits:
            self._edit_actions.append(action)
            action.setEnabled(self.document is None or not is_read_only(self.document))
        if menu is not None:
            self.place(action, menu, group)
        return action

    def place(self, entry: QAction | QMenu, menu: str, group: str | None = None) -> None:
        """Put an action or a submenu at the end of a group of a menu."""
        groups = [g for g in MENU_GROUPS[menu][1] if g != "|"]
        end = self._group_ends[(menu, group or groups[-1])]
        if isinstance(entry, QMenu):
            self.menus[menu].insertMenu(end, entry)
        else:
            self.menus[menu].insertAction(end, entry)

    def commit_pending_edits(self, action: QAction | None = None) -> bool:
        """Put the figure still being typed in a cell into the report before anything reads or
        leaves it. False when its entry is refused: the editor stays open with the reason, and
        `action` (if given) is not done, which the status bar says."""
        refusal = self.tabs.commit_pending_edits() if self.tabs is not None else None
        if refusal is not None and action is not None:
            name = action.text().split("(&")[0].rstrip("…")
            self.show_message(f"“{name}”未执行：{refusal}")
        return refusal is None

    def current_table_view(self) -> SectionTableView | None:
        """The table in sight (None on a narrative tab or the start page)."""
        return self.tabs.current_table_view() if self.tabs is not None else None

    def set_document(self, document: ReportDocument, lock: FileLock | None = None) -> None:
        """Show another report: the one place where the open document changes.

        The window holds the lock of the file it shows (through `files`): `lock` replaces the
        current one, which is released unless it is the same lock (a document replaced by
        another of the same file).
        """
        old = self.document
        self.files.hold(lock)
        if old is not None:
            self.undo_group.removeStack(old.undo_stack)
        document.setParent(self)
        self.document = document
        if self.tabs is not None:  # out of sight at once: deleteLater waits for the event loop
            self.report_layout.removeWidget(self.tabs)
            self.tabs.hide()
            self.tabs.deleteLater()
        self.tabs = ReportTabs(document)
        self.tabs.messageRequested.connect(self.show_message)
        self.tabs.actionOffered.connect(self.offer)
        self.tabs.actionRequested.connect(lambda name: self.actions_by_name[name].trigger())
        self.report_layout.addWidget(self.tabs)
        self.zoom.watch(self.tabs.tabBar())  # it takes wheels itself (to switch tabs)
        refit_relative_fonts(self.tabs)  # sizes relative to the zoomed report area
        self.header.set_document(document)
        self._leave_start_page()
        if self.isVisible():
            QTimer.singleShot(0, self._size_docks)  # once the new tabs are laid out
        self.undo_group.addStack(document.undo_stack)
        self.undo_group.setActiveStack(document.undo_stack)
        self.findings_panel.set_document(document)
        document.modifiedChanged.connect(self._update_title)
        document.pathChanged.connect(self._update_title)
        document.pathChanged.connect(self._update_file_actions)
        document.findingsChanged.connect(self._update_status)
        document.noted.connect(self.show_message)
        self._update_file_actions()
        self._update_title()
        self._update_status()
        if old is not None:
            old.deleteLater()
        if document.totals_note:
            prompts.inform(self, "合计已重新计算", document.totals_note)
        self.documentChanged.emit(document)

    def recovery_state(self) -> tuple[Report, Path | None, DiskState | None] | None:
        """What the error hook keeps as a recovery copy: the report while it has unsaved changes
        (with the figure still being typed in a cell), its file and what that file held when
        loaded or last saved."""
        document = self.document
        if document is None or is_read_only(document) or not document.has_unsaved_work:
            return None
        return document.recovery_report(), document.path, document.disk_state

    # --- files (the work of self.files) ----------------------------------------------------

    def confirm_discard(self) -> bool:
        """True when the current report may be closed: saved, discarded, or unchanged."""
        return self.files.confirm_discard()

    def open_path(self, path: Path) -> bool:
        return self.files.open_path(path)

    def save(self) -> bool:
        return self.files.save()

    def save_as(self) -> bool:
        return self.files.save_as()

    def new_report(self, report: Report) -> None:
        """Show an unsaved new report (the caller has already confirmed discarding)."""
        self.set_document(ReportDocument(report))

    def open_new_report(self, report: Report, message: str) -> None:
        """Show a report made from others (由上年报告新建, 汇总) as a new, untitled document, and
        say so: it is not an edit of the report shown before, so it is not undone by 撤销."""
        self.new_report(report)
        self.show_message(opened_as_new(message))

    def show_message(self, message: str) -> None:
        self.statusBar().showMessage(message, STATUS_SECONDS * 1000)

    def offer(self, message: str, action_name: str) -> None:
        """A status message with a button beside it for the action it suggests (e.g. 报告属性
        after typing on a computed total); both go with the message."""
        action = self.actions_by_name[action_name]
        self._offered = (message, action_name)
        self.show_message(message)
        self.offer_button.setText(f"打开{action.text().split('(&')[0]}…")
        self.offer_button.setVisible(action.isEnabled())  # not for a read-only report

    def _take_offer(self) -> None:
        if self._offered is not None:
            self.actions_by_name[self._offered[1]].trigger()

    def _message_changed(self, message: str) -> None:
        if self._offered is not None and message != self._offered[0]:
            self._offered = None
            self.offer_button.hide()

    # --- the start page --------------------------------------------------------------------

    def _show_start_page(self) -> None:
        """No report yet: the ways to start one, and the report groups of the menus disabled."""
        from gui.start_page import StartPage
        self.start_page = StartPage(self.actions_by_name, self.open_path, self.show_message)
        self.pages.addWidget(self.start_page)
        self.pages.setCurrentWidget(self.start_page)
        self.findings_dock.hide()
        for menu, group in REPORT_GROUPS:
            self._idle_actions += [a for a in self._group_actions(menu, group) if a.isEnabled()]
        for action in self._idle_actions:
            action.setEnabled(False)
        self.setWindowTitle(APP_TITLE)

    def _leave_start_page(self) -> None:
        if self.start_page is None:
            return
        self.pages.setCurrentWidget(self.report_area)
        self.start_page.deleteLater()
        self.start_page = None
        self.findings_dock.show()
        for action in self._idle_actions:
            action.setEnabled(True)
        self._idle_actions = []

    def _group_actions(self, menu: str, group: str) -> list[QAction]:
        """The entries of a menu group (between the end of the group before and its own end)."""
        actions = self.menus[menu].actions()
        end = actions.index(self._group_ends[(menu, group)])
        ends = {a for (m, _), a in self._group_ends.items() if m == menu}
        start = max((i for i, a in enumerate(actions[:end]) if a in ends), default=-1) + 1
        return [a for a in actions[start:end] if not a.isSeparator()]

    def show_finding(self, finding: Finding) -> None:
        """Lead to what a finding is about: the statement in a text (its cells are a right-click
        away there), else its cells, else its text section, else 报告属性 (unit, year)."""
        assert self.tabs is not None
        if finding.span is not None:
            self.tabs.show_text(finding.span.section, finding.span.start, finding.span.end)
        elif finding.cells:
            self.show_cell(finding.cells[0])
        elif finding.section in self.tabs.texts:
            self.tabs.show_text(finding.section, 0)
        else:
            self.action_properties()

    def show_cell(self, key: str) -> None:
        assert self.tabs is not None
        self.tabs.show_cell(key)

    def add_panel(self, name: str, title: str, widget: QWidget) -> QDockWidget:
        """A panel of a feature, docked as a tab beside the findings (closable, shown at once)."""
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(self.findings_dock.features())
        self.tabifyDockWidget(self.findings_dock, dock)
        dock.show()
        dock.raise_()
        return dock

    # --- menus -----------------------------------------------------------------------------

    def _build_menus(self) -> None:
        """The menus with an invisible marker at the end of each group (see place())."""
        for name, (title, groups) in MENU_GROUPS.items():
            menu = self.menus[name] = self.menuBar().addMenu(title)
            for group in groups:
                if group == "|":
                    menu.addSeparator()
                else:
                    end = menu.addAction("")
                    end.setVisible(False)
                    self._group_ends[(name, group)] = end

    def _build_actions(self) -> None:
        add = self.add_action
        add("new", "新建(&N)…", self.action_new, QKeySequence.StandardKey.New, "新建一份报告",
            menu="file", group="new")
        add("open", "打开(&O)…", self.files.choose_and_open, QKeySequence.StandardKey.Open, "打开项目文件",
            menu="file", group="open")
        self.place(self.files.recent_menu, "file", "open")
        add("save", "保存(&S)", self.save, QKeySequence.StandardKey.Save, "保存报告", menu="file", group="save",
            edits=True)
        add("save_as", "另存为(&A)…", self.save_as, "Ctrl+Shift+S", "将报告保存为另一个文件",
            menu="file", group="save")
        add("properties", "报告属性(&R)…", self.action_properties, None, "单位名称、年度、自动计算合计、成文日期、引言",
            menu="file", group="report", edits=True)
        add("quit", "退出(&X)", self.close, QKeySequence.StandardKey.Quit, menu="file", group="quit")
        undo = self.undo_group.createUndoAction(self, "撤销")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_group.createRedoAction(self, "重做")
        redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.actions_by_name.update(undo=undo, redo=redo)
        self.place(undo, "edit", "undo")
        self.place(redo, "edit", "undo")
        add("next_finding", "下一个问题(&F)", self.action_next_finding, "F8", "跳到校验结果中的下一个问题",
            menu="edit", group="findings")
        for name, text, slot, keys in (("zoom_in", "放大(&I)", self.zoom.zoom_in, ZOOM_IN_KEYS),
                                       ("zoom_out", "缩小(&O)", self.zoom.zoom_out, ZOOM_OUT_KEYS),
                                       ("zoom_reset", "原始大小(&Z)", self.zoom.reset, RESET_KEYS)):
            add(name, text, slot, None, "表格和文字的大小（也可按住 Ctrl 滚动鼠标滚轮）",
                menu="view", group="zoom").setShortcuts([QKeySequence(k) for k in keys])
        toggle = self.findings_dock.toggleViewAction()
        toggle.setText("校验结果面板")
        self.place(toggle, "view", "panels")

    # --- actions ---------------------------------------------------------------------------

    def action_new(self) -> None:
        if not self.confirm_discard():
            return
        from gui.dialogs import NewReportDialog
        report = self.document.report if self.document is not None else None
        dialog = NewReportDialog(report.year if report else None, report.unit if report else "", self)
        if dialog.exec():
            s = dialog.settings()
            report = Report.blank(s.format_id, s.unit, s.year, s.auto_totals)
            report.amount_unit = s.amount_unit
            self.new_report(report)

    def action_properties(self) -> None:
        assert self.document is not None
        from gui.dialogs import PropertiesDialog
        dialog = PropertiesDialog(self.document.report, self)
        if dialog.exec():
            s = dialog.settings()
            self.document.set_properties(s.unit, s.year, s.auto_totals, s.amount_unit, s.issued, s.intro)

    def action_next_finding(self) -> None:
        finding = self.findings_panel.next_finding()
        if finding is not None:
            self.show_finding(finding)

    # --- window ----------------------------------------------------------------------------

    def _update_title(self) -> None:
        assert self.document is not None
        mark = READ_ONLY_MARK if is_read_only(self.document) else ""
        self.setWindowTitle(f"{document_name(self.document)}{mark}[*] — {APP_TITLE}")
        self.setWindowModified(self.document.modified)

    def _update_file_actions(self) -> None:
        """A read-only report cannot be changed or saved (另存为 still works)."""
        assert self.document is not None and self.tabs is not None
        read_only = is_read_only(self.document)
        for action in self._edit_actions:
            action.setEnabled(not read_only)
        for editor in self.tabs.texts.values():
            editor.editor.setReadOnly(read_only)
        if read_only and self.tabs.cornerWidget(Qt.Corner.TopLeftCorner) is None:
            self.tabs.setCornerWidget(read_only_badge(), Qt.Corner.TopLeftCorner)

    def _update_status(self) -> None:
        assert self.document is not None
        findings = self.document.findings
        self.status_summary.setText(summary(findings))
        use_colour(self.status_summary, STATUS_TEXT[worst_state(findings)])

    def _restore_state(self) -> None:
        """Size, position and zoom as the clerk left them; the first time, a size that shows
        the widest table (三) whole where the screen allows."""
        state = window_state.load()
        self.setGeometry(window_state.placed(state.geometry, PREFERRED_SIZE))
        if state.maximized:
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
        if state.zoom != self.zoom.factor:  # at 100 % the report area keeps the window's own font
            self.zoom.set_factor(state.zoom)

    def _save_state(self) -> None:
        geometry = self.normalGeometry() if self.isMaximized() else self.geometry()
        window_state.save(window_state.WindowState(geometry, self.isMaximized(), self.zoom.factor))

    def showEvent(self, event: QShowEvent) -> None:
        """Give the findings panel a modest height the first time (Qt ignores it before showing)."""
        super().showEvent(event)
        if not self._docks_sized:
            self._docks_sized = True
            self._size_docks()

    def _size_docks(self) -> None:
        self.resizeDocks([self.findings_dock], [FINDINGS_HEIGHT], Qt.Orientation.Vertical)

    def changeEvent(self, event: QEvent) -> None:
        """A new system theme (dark, high contrast): the colours follow the palette."""
        if event.type() in (QEvent.Type.ApplicationPaletteChange, QEvent.Type.PaletteChange):
            palette.follow_application()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.confirm_discard():
            self.autosave.drop()  # saved, deliberately not saved, or unchanged
            self.files.hold(None)
            self._save_state()
            event.accept()
        else:
            event.ignore()
