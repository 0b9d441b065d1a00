"""The main window: tabs of the open report, the findings panel, menus, files.

Built to grow: menus are created in `_build_menus` and reachable by name through `menu()`;
actions live in `self.actions_by_name`; every change of open report goes through
`set_document()`, which emits `documentChanged` for features that follow the document
(autosave, history, previous-year overlays).
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable
from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent, QUndoGroup
from PySide6.QtWidgets import QDockWidget, QFileDialog, QLabel, QMainWindow, QMenu, QMessageBox, QWidget

from export.registry import EXPORTERS, Exporter
from gui import recent
from gui.autosave import Autosave
from gui.document import ReportDocument
from gui.file_lock import (READ_ONLY_MARK, Claim, claim, document_for, is_read_only, read_only_badge,
                           same_file)
from gui.findings_panel import FindingsPanel
from gui.palette import MARK_COLOUR, worst_state
from gui.report_tabs import ReportTabs
from model.lock import FileInUse, FileLock, acquire
from model.report import Report
from model.rules import Finding, summary
from model.storage import FILE_SUFFIX, ProjectError, load_report

APP_TITLE = "年报助手"
UNTITLED = "未命名报告"
PROJECT_FILTER = "年报项目文件 (*.json)"
STATUS_SECONDS = 8
FINDINGS_HEIGHT = 150


def ask_save_changes(parent: QWidget, name: str) -> QMessageBox.StandardButton:
    """保存 / 不保存 / 取消 (gui.dialogs is imported when first asked; tests replace this name)."""
    from gui.dialogs import ask_save_changes as ask
    return ask(parent, name)


def load_or_explain(parent: QWidget, path: Path) -> Report | None:
    """The report in `path`, or None after showing the clerk the loader's reason."""
    try:
        return load_report(path)
    except ProjectError as exc:
        QMessageBox.warning(parent, "无法打开", f"无法打开“{path.name}”：\n{exc}")
        return None


class MainWindow(QMainWindow):
    documentChanged = Signal(object)  # the new ReportDocument

    def __init__(self, document: ReportDocument, parent: QWidget | None = None, *,
                 lock: FileLock | None = None) -> None:
        super().__init__(parent)
        self.document: ReportDocument | None = None
        self.file_lock: FileLock | None = None  # the lock of the file shown (see set_document)
        self.autosave = Autosave(self)
        self.autosave.failed.connect(self.show_message)
        self.documentChanged.connect(self.autosave.attach)
        self.tabs: ReportTabs | None = None
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
        self._status_colour = ""
        self.statusBar().addPermanentWidget(self.status_summary)
        self.actions_by_name: dict[str, QAction] = {}
        self.menus: dict[str, QMenu] = {}
        self._build_actions()
        self._build_menus()
        self._fit_to_screen(QSize(1360, 880))
        self._docks_sized = False
        self.set_document(document, lock)

    # --- extension points ------------------------------------------------------------------

    def menu(self, name: str) -> QMenu:
        """A top-level menu by name: "file", "edit", "view" (a new one: menuBar().addMenu + self.menus)."""
        return self.menus[name]

    def add_action(self, name: str, text: str, slot: Callable[[], object],
                   shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
                   tip: str = "") -> QAction:
        """Create a named action (not yet in any menu); `actions_by_name[name]` finds it later."""
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.actions_by_name[name] = action
        return action

    def set_document(self, document: ReportDocument, lock: FileLock | None = None) -> None:
        """Show another report: the one place where the open document changes.

        The window holds the lock of the file it shows: `lock` replaces the current one, which is
        released unless it is the same lock (a document replaced by another of the same file).
        """
        old = self.document
        self._hold_lock(lock)
        if old is not None:
            self.undo_group.removeStack(old.undo_stack)
        document.setParent(self)
        self.document = document
        self.tabs = ReportTabs(document)
        self.tabs.messageRequested.connect(self.show_message)
        self.setCentralWidget(self.tabs)
        if self.isVisible():
            QTimer.singleShot(0, self._size_docks)  # once the new tabs are laid out
        self.undo_group.addStack(document.undo_stack)
        self.undo_group.setActiveStack(document.undo_stack)
        self.findings_panel.set_document(document)
        document.modifiedChanged.connect(self._update_title)
        document.pathChanged.connect(self._update_title)
        document.pathChanged.connect(self._update_file_actions)
        document.findingsChanged.connect(self._update_status)
        self._update_file_actions()
        self._update_title()
        self._update_status()
        if old is not None:
            old.deleteLater()
        if not document.report.unit:
            self.show_message("请在“文件 ▸ 报告属性”中填写单位名称。")
        self.documentChanged.emit(document)

    def _hold_lock(self, lock: FileLock | None) -> None:
        if self.file_lock is not None and self.file_lock is not lock:
            self.file_lock.release()
        self.file_lock = lock

    def recovery_state(self) -> tuple[Report, Path | None] | None:
        """What the error hook keeps as a recovery copy: the report, while it has unsaved changes."""
        document = self.document
        if document is None or is_read_only(document) or not document.modified:
            return None
        return document.report, document.path

    def confirm_discard(self) -> bool:
        """True when the current report may be closed: saved, discarded, or unchanged."""
        if self.document is None or not self.document.modified:
            return True
        answer = ask_save_changes(self, self.document_name())
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def open_path(self, path: Path) -> bool:
        """Open a project file; a broken one is explained and the current report stays.

        A file another window is editing opens read-only if the clerk agrees.
        """
        path = Path(path)
        report = load_or_explain(self, path)
        if report is None:
            return False
        claimed: Claim | None
        if self.file_lock is not None and same_file(self.file_lock.project, path):
            claimed = Claim(self.file_lock)  # this window already edits it: reopen from disk
        else:
            claimed = claim(self, path)
        if claimed is None:
            return False
        if not self.confirm_discard():
            if claimed.lock is not None and claimed.lock is not self.file_lock:
                claimed.lock.release()
            return False
        self.set_document(document_for(claimed, report, path), claimed.lock)
        recent.remember(path)
        if claimed.read_only:
            self.show_message(f"“{path.name}”以只读方式打开：不能修改或保存，可以导出或另存为副本。")
        return True

    def new_report(self, report: Report) -> None:
        """Show an unsaved new report (the caller has already confirmed discarding)."""
        self.set_document(ReportDocument(report))

    def document_name(self) -> str:
        assert self.document is not None
        return self.document.path.name if self.document.path else UNTITLED

    def show_message(self, message: str) -> None:
        self.statusBar().showMessage(message, STATUS_SECONDS * 1000)

    def show_finding(self, finding: Finding) -> None:
        assert self.tabs is not None
        self.tabs.show_cell(finding.cells[0])

    # --- menus -----------------------------------------------------------------------------

    def _build_actions(self) -> None:
        add = self.add_action
        add("new", "新建(&N)…", self.action_new, QKeySequence.StandardKey.New, "新建一份报告")
        add("open", "打开(&O)…", self.action_open, QKeySequence.StandardKey.Open, "打开项目文件")
        add("carry", "由上年报告新建(&L)…", self.action_carry, None, "以上年报告为基础新建本年报告（上年结转）")
        add("merge", "汇总多个单位报告(&M)…", self.action_merge, None, "将多个单位的报告相加，汇总为一份报告")
        add("save", "保存(&S)", self.save, QKeySequence.StandardKey.Save, "保存报告")
        add("save_as", "另存为(&A)…", self.save_as, "Ctrl+Shift+S", "将报告保存为另一个文件")
        add("history", "历史版本(&H)…", self.action_history, None, "查看此文件以前保存的版本，恢复其中之一")
        add("properties", "报告属性(&R)…", self.action_properties, None, "单位名称、年度、自动计算合计")
        for exporter in EXPORTERS:
            add(f"export_{exporter.id}", exporter.menu_text,
                self._export_action(exporter),
                QKeySequence.StandardKey.Print if exporter.id == "pdf" else None, exporter.tip)
        add("quit", "退出(&X)", self.close, QKeySequence.StandardKey.Quit)
        undo = self.undo_group.createUndoAction(self, "撤销")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_group.createRedoAction(self, "重做")
        redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.actions_by_name.update(undo=undo, redo=redo)
        add("next_finding", "下一个问题(&F)", self.action_next_finding, "F8", "跳到校验结果中的下一个问题")

    def _build_menus(self) -> None:
        bar = self.menuBar()
        a = self.actions_by_name
        file_menu = self.menus["file"] = bar.addMenu("文件(&F)")
        self.recent_menu = QMenu("最近打开(&R)", self)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        for name in ("new", "carry", "merge", "open"):
            file_menu.addAction(a[name])
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        file_menu.addActions([a["save"], a["save_as"], a["history"]])
        file_menu.addSeparator()
        file_menu.addAction(a["properties"])
        file_menu.addSeparator()
        file_menu.addActions([a[f"export_{e.id}"] for e in EXPORTERS])
        file_menu.addSeparator()
        file_menu.addAction(a["quit"])
        edit_menu = self.menus["edit"] = bar.addMenu("编辑(&E)")
        edit_menu.addActions([a["undo"], a["redo"]])
        edit_menu.addSeparator()
        edit_menu.addAction(a["next_finding"])
        view_menu = self.menus["view"] = bar.addMenu("视图(&V)")
        toggle = self.findings_dock.toggleViewAction()
        toggle.setText("校验结果面板")
        view_menu.addAction(toggle)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        paths = recent.recent_files()
        for number, path in enumerate(paths, start=1):
            action = self.recent_menu.addAction(f"&{number % 10} {path.name}")
            action.setToolTip(str(path))
            action.setStatusTip(str(path))
            action.triggered.connect(lambda _=False, p=path: self._open_recent(p))
        if not paths:
            self.recent_menu.addAction("（无）").setEnabled(False)

    def _open_recent(self, path: Path) -> None:
        if not path.exists():
            QMessageBox.warning(self, "无法打开", f"文件已不存在：\n{path}")
            recent.forget(path)
            return
        self.open_path(path)

    # --- actions ---------------------------------------------------------------------------

    def action_new(self) -> None:
        assert self.document is not None
        if not self.confirm_discard():
            return
        from gui.dialogs import NewReportDialog
        dialog = NewReportDialog(self.document.report.year, self.document.report.unit, self)
        if dialog.exec():
            s = dialog.settings()
            self.new_report(Report.blank(s.format_id, s.unit, s.year, s.auto_totals))

    def start_folder(self) -> Path:
        """Where file dialogs open: the open report's folder, else the home folder."""
        return self.document.folder if self.document else Path.home()

    def action_carry(self) -> None:
        from gui.carry_dialog import ask_carried_report
        if not self.confirm_discard():
            return
        carried = ask_carried_report(self, self.start_folder())
        if carried is not None:
            report, message = carried
            self.new_report(report)
            self.show_message(message)

    def action_merge(self) -> None:
        from gui.merge_dialog import ask_merged_report, show_merge_result
        if not self.confirm_discard():
            return
        merged = ask_merged_report(self, self.start_folder())
        if merged is not None:
            self.new_report(merged)
            assert self.document is not None
            show_merge_result(self, merged, self.document.findings)

    def action_open(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "打开报告", str(self.start_folder()), PROJECT_FILTER)
        if chosen:
            self.open_path(Path(chosen))

    def save(self) -> bool:
        assert self.document is not None
        if self.document.path is None or is_read_only(self.document):
            return self.save_as()
        return self._save_to(self.document.path)

    def save_as(self) -> bool:
        assert self.document is not None
        document = self.document
        suggested = document.path.name if document.path else document.report.file_name(FILE_SUFFIX)
        chosen, _ = QFileDialog.getSaveFileName(self, "另存为", str(self.start_folder() / suggested),
                                                PROJECT_FILTER)
        if not chosen:
            return False
        path = Path(chosen)
        if path.suffix.lower() != FILE_SUFFIX:
            path = path.with_name(path.name + FILE_SUFFIX)
        return self._save_to(path)

    def _save_to(self, path: Path) -> bool:
        """Save, keeping the previous version; a failure is explained and the report stays as is.

        Saving under another name moves the lock to that file (refused if another window edits
        it); a read-only report saved under another name becomes editable there.
        """
        document = self.document
        assert document is not None
        lock = self.file_lock
        if is_read_only(document) or document.path is None or not same_file(document.path, path):
            try:
                lock = acquire(path)
            except FileInUse as exc:
                QMessageBox.warning(self, "无法保存", f"“{path.name}”正在另一个年报助手窗口中编辑"
                                    f"（{exc.holder.describe()}），不能覆盖。请另存为其他文件名。")
                return False
        target = ReportDocument(document.report) if is_read_only(document) else document
        try:
            target.save(path)
        except ProjectError as exc:
            if lock is not self.file_lock and lock is not None:
                lock.release()
            QMessageBox.warning(self, "保存失败", str(exc))
            return False
        if target is not document:
            self.set_document(target, lock)
        else:
            self._hold_lock(lock)
        recent.remember(path)
        self.show_message(f"已保存：{path}")
        return True

    def action_history(self) -> None:
        """文件 ▸ 历史版本…: restore an earlier version as an unsaved change of this file."""
        from gui.history_dialog import HistoryDialog
        from model.history import restore_version
        document = self.document
        if document is None or document.path is None or is_read_only(document):
            return
        dialog = HistoryDialog(document.path, document.report, self)
        version = dialog.selected() if dialog.exec() else None
        if version is None:
            return
        try:
            report = restore_version(version)
        except ProjectError as exc:
            QMessageBox.warning(self, "无法恢复", f"无法读取这个历史版本：\n{exc}")
            return
        if not self.confirm_discard():
            return
        restored = ReportDocument(report, document.path)
        restored.undo_stack.resetClean()  # differs from the file until the clerk saves it
        self.set_document(restored, self.file_lock)
        self.show_message(f"已恢复 {version.saved:%Y-%m-%d %H:%M:%S} 被替换的版本，尚未保存：核对后请保存。")

    def action_properties(self) -> None:
        assert self.document is not None
        from gui.dialogs import PropertiesDialog
        dialog = PropertiesDialog(self.document.report, self)
        if dialog.exec():
            s = dialog.settings()
            self.document.set_properties(s.unit, s.year, s.auto_totals)

    def _export_action(self, exporter: Exporter) -> Callable[[], None]:
        return lambda: self.action_export(exporter)

    def action_export(self, exporter: Exporter) -> None:
        assert self.document is not None
        from gui.exporting import export_report
        path = export_report(self, self.document, exporter)
        if path is not None:
            self.show_message(f"已导出：{path}")

    def action_next_finding(self) -> None:
        panel = self.findings_panel
        count = panel.list.count()
        if count:
            row = (panel.list.currentRow() + 1) % count
            panel.list.setCurrentRow(row)
            self.show_finding(panel.findings()[row])

    # --- window ----------------------------------------------------------------------------

    def _update_title(self) -> None:
        assert self.document is not None
        mark = READ_ONLY_MARK if is_read_only(self.document) else ""
        self.setWindowTitle(f"{self.document_name()}{mark}[*] — {APP_TITLE}")
        self.setWindowModified(self.document.modified)

    def _update_file_actions(self) -> None:
        """A read-only report cannot be changed or saved (另存为 still works); history needs a file."""
        assert self.document is not None and self.tabs is not None
        read_only = is_read_only(self.document)
        for name in ("save", "properties"):
            self.actions_by_name[name].setEnabled(not read_only)
        self.actions_by_name["history"].setEnabled(not read_only and self.document.path is not None)
        for editor in self.tabs.texts.values():
            editor.editor.setReadOnly(read_only)
        if read_only and self.tabs.cornerWidget(Qt.Corner.TopLeftCorner) is None:
            self.tabs.setCornerWidget(read_only_badge(), Qt.Corner.TopLeftCorner)

    def _update_status(self) -> None:
        assert self.document is not None
        findings = self.document.findings
        state = worst_state(findings)
        colour = {"error": MARK_COLOUR["error"].name(), "warning": MARK_COLOUR["warning"].name(),
                  "hint": "#4a5a6a"}.get(state or "", "#2e7d32")
        self.status_summary.setText(summary(findings))
        if colour != self._status_colour:  # a style sheet re-polishes the label: only on a change
            self._status_colour = colour
            self.status_summary.setStyleSheet(f"color: {colour}; padding: 0 8px;")

    def _fit_to_screen(self, preferred: QSize) -> None:
        """The preferred size shows the widest table (三) whole; smaller screens get what they have."""
        screen = self.screen().availableGeometry() if self.screen() else None
        self.resize(preferred.boundedTo(screen.size()) if screen else preferred)

    def showEvent(self, event: QShowEvent) -> None:
        """Give the findings panel a modest height the first time (Qt ignores it before showing)."""
        super().showEvent(event)
        if not self._docks_sized:
            self._docks_sized = True
            self._size_docks()

    def _size_docks(self) -> None:
        self.resizeDocks([self.findings_dock], [FINDINGS_HEIGHT], Qt.Orientation.Vertical)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.confirm_discard():
            self.autosave.drop()  # saved, deliberately not saved, or unchanged
            self._hold_lock(None)
            event.accept()
        else:
            event.ignore()
