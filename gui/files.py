"""The window's files: open, save, save as, the lock hand-over, history restore, recent files.

One `FileWorkflow` per window decides which file the shown report belongs to and whether the
clerk may leave it; the window only shows documents (`set_document`). The window holds the
lock of the file it shows through this object: a new lock replaces the old one, which is
released unless it is the same. Dialogs that read project files use `load_or_explain` and
`PROJECT_FILTER` from here; 由上年报告新建 and 汇总, which also take reports in Excel, Word or PDF
(imported), use `load_or_explain` with `model.importing.reader.load_any` and `ANY_REPORT_FILTER`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Protocol, TypeVar

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMenu, QWidget

from gui import prompts, recent
from gui.document import ReportDocument
from gui.file_lock import Claim, claim, document_for, is_read_only, same_file
from model.history import Version
from model.importing import SUFFIXES as IMPORT_SUFFIXES
from model.lock import FileInUse, FileLock, acquire
from model.report import Report
from model.storage import (FILE_SUFFIX, ForeignFileError, LoadedProject, ProjectError, changed_on_disk, load_report,
                           open_project)

T = TypeVar("T")
UNTITLED = "未命名报告"
IMPORT_HINT = "也可以通过“文件 ▸ 导入报告”把它导入为新报告。"
PROJECT_FILTER = f"年报项目文件 (*{FILE_SUFFIX})"
REPORT_FILTER = f"Excel、Word 或 PDF 格式的报告 ({' '.join('*' + s for s in IMPORT_SUFFIXES)})"
ANY_REPORT_FILTER = (f"年报项目文件或报告 (*{FILE_SUFFIX} {' '.join('*' + s for s in IMPORT_SUFFIXES)})"
                     f";;{PROJECT_FILTER};;{REPORT_FILTER}")


class Window(Protocol):
    """What the file workflow needs of the window that shows the reports."""

    @property
    def document(self) -> ReportDocument | None: ...

    def set_document(self, document: ReportDocument, lock: FileLock | None = None) -> None: ...

    def show_message(self, message: str) -> None: ...

    def commit_pending_edits(self) -> bool: ...


def document_name(document: ReportDocument) -> str:
    """The name the clerk knows a report by: its file's name, or 未命名报告."""
    return document.path.name if document.path else UNTITLED


def opened_as_new(message: str) -> str:
    """The status line after 由上年报告新建 or 汇总: what happened, and that the result is a new,
    unsaved report (not an edit of the one shown before, so 撤销 does not take it back)."""
    return f"{message}（已作为新报告打开，尚未保存）"


def _or_explain(parent: QWidget | None, path: Path, read: Callable[[Path], T]) -> T | None:
    """What `read` makes of `path`, or None after showing the clerk the loader's reason."""
    try:
        return read(path)
    except ProjectError as exc:
        importable = isinstance(exc, ForeignFileError) and exc.foreign.importable
        prompts.warn(parent, "无法打开", f"无法打开“{path.name}”：\n{exc}" + (f"\n{IMPORT_HINT}" if importable else ""))
        return None


def open_or_explain(parent: QWidget | None, path: Path) -> LoadedProject | None:
    """The project in `path` (report, the file's state, notes), or None after explaining why not."""
    return _or_explain(parent, path, open_project)


def load_or_explain(parent: QWidget | None, path: Path,
                    load: Callable[[Path], Report] = load_report) -> Report | None:
    """The report in `path` (read by `load`: `load_any` also imports Excel, Word and PDF
    reports), or None after explaining why not."""
    return _or_explain(parent, path, load)


class FileWorkflow(QObject):
    """Open, save and restore the window's report, holding the lock of its file."""

    def __init__(self, window: Window, parent: QWidget) -> None:
        super().__init__(parent)
        self.window = window
        self.parent_widget = parent
        self.lock: FileLock | None = None
        self.recent_menu = QMenu("最近打开(&R)", parent)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)

    @property
    def document(self) -> ReportDocument:
        document = self.window.document
        assert document is not None
        return document

    def near(self) -> Path | None:
        """The file whose folder file dialogs open in, when the clerk has used none yet."""
        return self.window.document.path if self.window.document else None

    def hold(self, lock: FileLock | None) -> None:
        """Hold `lock` from now on, releasing the one held before unless it is the same."""
        if self.lock is not None and self.lock is not lock:
            self.lock.release()
        self.lock = lock

    # --- leaving the current report --------------------------------------------------------

    def confirm_discard(self) -> bool:
        """True when the current report may be closed: saved, discarded, or unchanged. The
        figure still being typed in a cell counts as a change (a refused one keeps the report)."""
        if not self.window.commit_pending_edits():
            return False
        document = self.window.document
        if document is None or not document.modified:
            return True
        answer = prompts.ask_save_changes(self.parent_widget, document_name(document))
        if answer is prompts.SaveChoice.SAVE:
            return self.save()
        return answer is prompts.SaveChoice.DISCARD

    # --- opening ---------------------------------------------------------------------------

    def choose_and_open(self) -> None:
        """文件 ▸ 打开…"""
        chosen = prompts.open_file(self.parent_widget, "打开报告", PROJECT_FILTER, self.near())
        if chosen is not None:
            self.open_path(chosen)

    def open_path(self, path: Path) -> bool:
        """Open a project file; a broken one is explained and the current report stays.

        A file another window is editing opens read-only if the clerk agrees.
        """
        path = Path(path)
        loaded = open_or_explain(self.parent_widget, path)
        if loaded is None:
            return False
        claimed: Claim | None
        if self.lock is not None and same_file(self.lock.project, path):
            claimed = Claim(self.lock)  # this window already edits it: reopen from disk
        else:
            claimed = claim(self.parent_widget, path)
        if claimed is None:
            return False
        if not self.confirm_discard():
            if claimed.lock is not None and claimed.lock is not self.lock:
                claimed.lock.release()
            return False
        self.window.set_document(document_for(claimed, loaded.report, path, loaded.state), claimed.lock)
        recent.remember(path)
        notes = list(loaded.notes) + ([claimed.lock.problem] if claimed.lock and claimed.lock.problem else [])
        if claimed.read_only:
            notes.insert(0, f"“{path.name}”以只读方式打开：不能修改或保存，可以导出或另存为副本。")
        if notes:
            self.window.show_message("；".join(notes))
        return True

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        paths = recent.recent_files()
        for number, path in enumerate(paths, start=1):
            action = self.recent_menu.addAction(f"&{number % 10} {path.name}")
            action.setToolTip(str(path))
            action.setStatusTip(str(path))
            action.triggered.connect(lambda _=False, p=path: self.open_recent(p))
        if not paths:
            self.recent_menu.addAction("（无）").setEnabled(False)

    def open_recent(self, path: Path) -> None:
        if not path.exists():
            prompts.warn(self.parent_widget, "无法打开", f"文件已不存在：\n{path}")
            recent.forget(path)
            return
        self.open_path(path)

    # --- saving ----------------------------------------------------------------------------

    def save(self) -> bool:
        document = self.document
        if document.path is None or is_read_only(document):
            return self.save_as()
        return self._save_to(document.path)

    def save_as(self) -> bool:
        document = self.document
        suggested = document.path.name if document.path else document.report.file_name(FILE_SUFFIX)
        path = prompts.save_file(self.parent_widget, "另存为", PROJECT_FILTER, FILE_SUFFIX, suggested, self.near())
        return path is not None and self._save_to(path)

    def _save_to(self, path: Path) -> bool:
        """Save, keeping the previous version; a failure is explained and the report stays as is.

        Saving under another name moves the lock to that file (refused if another window edits
        it); a read-only report saved under another name becomes editable there.
        """
        document = self.document
        lock = self.lock
        if not is_read_only(document) and document.path is not None and same_file(document.path, path) \
                and changed_on_disk(path, document.disk_state):
            from gui.disk_conflict import ConflictChoice, ask_about_newer_file
            choice = ask_about_newer_file(self.parent_widget, path, document.report)
            if choice is ConflictChoice.SAVE_AS:
                return self.save_as()
            if choice is not ConflictChoice.OVERWRITE:
                return False
        if is_read_only(document) or document.path is None or not same_file(document.path, path):
            try:
                lock = acquire(path)
            except FileInUse as exc:
                prompts.warn(self.parent_widget, "无法保存", f"“{path.name}”正在另一个年报助手窗口中编辑"
                             f"（{exc.holder.describe()}），不能覆盖。请另存为其他文件名。")
                return False
        target = ReportDocument(document.report) if is_read_only(document) else document
        try:
            warning = target.save(path)
        except ProjectError as exc:
            if lock is not self.lock and lock is not None:
                lock.release()
            prompts.warn(self.parent_widget, "保存失败", str(exc))
            return False
        if target is not document:
            self.window.set_document(target, lock)
        else:
            self.hold(lock)
        recent.remember(path)
        self.window.show_message(f"已保存：{path}" + (f"；{warning}" if warning else ""))
        return True

    def show_restored(self, document: ReportDocument, lock: FileLock | None) -> None:
        """Show a report restored from a recovery copy (already bound to its file, with its
        lock); the caller has confirmed leaving the current one."""
        self.window.set_document(document, lock)

    # --- history ---------------------------------------------------------------------------

    def restore_version(self, version: Version) -> bool:
        """Show an earlier version of this file (文件 ▸ 历史版本…) as an unsaved change of it, once
        the clerk has agreed to leave the current state; nothing on disk changes until saved.
        It replaces the document rather than being an undo step, and says so: 撤销 has nothing
        to undo afterwards, not saving is the way back."""
        from model.history import restore_version
        document = self.document
        try:
            report = restore_version(version)
        except ProjectError as exc:
            prompts.warn(self.parent_widget, "无法恢复", f"无法读取这个历史版本：\n{exc}")
            return False
        if not self.confirm_discard():
            return False
        restored = ReportDocument(report, document.path, disk_state=document.disk_state)
        restored.undo_stack.resetClean()  # differs from the file until the clerk saves it
        self.window.set_document(restored, self.lock)
        self.window.show_message(f"已恢复 {version.saved:%Y-%m-%d %H:%M:%S} 被替换的版本（尚未保存）：核对后请保存；"
                                 "如不需要，关闭时选“不保存”，文件保持原样。")
        return True
