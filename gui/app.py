"""Start the window: the Qt application in Chinese, and the report to open first."""
from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication

from gui import prompts, recent
from gui.document import ReportDocument
from gui.error_hook import ErrorHook, install_error_hook
from gui.file_lock import claim, document_for
from gui.main_window import APP_TITLE, MainWindow
from gui.qt_chinese import ChineseGaps
from gui.recovery_prompt import adopt, offer_recovery
from model.bundled import bundled_path
from model.examples import writable_copy
from model.lock import FileInUse, FileLock, acquire
from model.report import Report
from model.storage import ProjectError, load_report

UI_FONTS = ["Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC",
            "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "AR PL UMing CN"]


APP_USER_MODEL_ID = "nianbao.nianbao"  # also on the installer's shortcuts (packaging/nianbao.iss)


def app_icon() -> QIcon:
    """The program's icon in every drawn size (scripts/make_icon.py), for windows and taskbar."""
    icon = QIcon()
    for png in sorted(bundled_path("icons").glob("nianbao-*.png")):
        icon.addFile(str(png))
    return icon


def create_app(argv: list[str] | None = None) -> QApplication:
    """The QApplication (reused if one exists), with Qt's own Chinese texts and a CJK font."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_TITLE)
    app.setOrganizationName("nianbao")
    app.setWindowIcon(app_icon())
    if sys.platform == "win32":  # the taskbar shows our icon, not python.exe's, and groups by it
        import ctypes
        ctypes.windll.shell32.SetCurrentProcessExplicitAppUserModelID(APP_USER_MODEL_ID)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    translator = QTranslator(app)
    if translator.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
    if app.findChild(ChineseGaps) is None:
        app.installTranslator(ChineseGaps(app))  # after Qt's, so asked first
    font = QFont(app.font())
    font.setFamilies(UI_FONTS + font.families())
    font.setPointSizeF(max(font.pointSizeF(), 10.0))
    app.setFont(font)
    return app


def initial_report(path: str | Path | None) -> tuple[Report | None, Path | None, str | None]:
    """The report to show first, its file, and a message if the requested file could not be opened.

    A named file; else the report worked on last; else none: the window shows its start page.
    """
    candidate = writable_copy(Path(path)) if path else recent.last_existing()
    if candidate is None:
        return None, None, None
    try:
        report = load_report(candidate)
    except ProjectError as exc:
        return None, None, f"无法打开“{candidate.name}”：\n{exc}"
    recent.remember(candidate)
    return report, candidate, None


def initial_document(path: str | Path | None) -> tuple[ReportDocument | None, str | None]:
    """initial_report() as an editable document (None: the start page), and the message if any."""
    report, source, problem = initial_report(path)
    return (ReportDocument(report, source) if report is not None else None), problem


def restored_document() -> tuple[ReportDocument, FileLock | None, str | None] | None:
    """After a crash: the report the clerk chose to restore, unsaved and bound to its file.

    If that file is being edited in another window meanwhile, the report opens untitled.
    """
    found = offer_recovery(None)
    if found is None:
        return None
    report, recovery = found
    source, lock, problem = recovery.source, None, None
    if source is not None:
        try:
            lock = acquire(source)
        except FileInUse as exc:
            problem = (f"“{source.name}”正在另一个年报助手窗口中编辑（{exc.holder.describe()}），"
                       "恢复的报告作为未命名报告打开，请“另存为”。")
            source = None
    document = ReportDocument(report, source)
    document.undo_stack.resetClean()  # the restored edits are not in the file yet
    adopt(recovery, report, source)
    return document, lock, problem


def first_document(path: str | Path | None) -> tuple[ReportDocument | None, FileLock | None, str | None]:
    """The document the window starts with (None: the start page), its file's lock, and a
    message to show if any: a restored recovery copy, else initial_report() locked for editing
    (or read-only). Each document is built once: building one runs every check of its report."""
    restored = restored_document()
    if restored is not None:
        return restored
    report, source, problem = initial_report(path)
    if report is None or source is None:
        return None, None, problem
    claimed = claim(None, source)
    if claimed is None:
        return None, None, problem
    return document_for(claimed, report, source), claimed.lock, problem


def start_window(path: str | Path | None = None) -> tuple[MainWindow, ErrorHook]:
    """Everything run_app does before the event loop: the error hook, the first document, the
    window. Keep the returned hook alive (uninstall it when the window is gone)."""
    window: MainWindow | None = None
    hook = install_error_hook(lambda: window.recovery_state() if window is not None else None)
    document, lock, problem = first_document(path)
    window = MainWindow(document, lock=lock)
    window.show()
    if document is not None and document.modified:
        window.show_message("已恢复上次未保存的修改，请核对后保存。")
    if problem:
        prompts.warn(window, "无法打开", problem)
    return window, hook


def run_app(path: str | None = None) -> int:
    app = create_app()
    window, hook = start_window(path)  # both kept referenced while the event loop runs
    try:
        return app.exec()
    finally:
        hook.uninstall()
