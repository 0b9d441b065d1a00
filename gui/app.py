"""Start the window: the Qt application in Chinese, and the report to open first."""
from __future__ import annotations

import gc
import sys
from dataclasses import dataclass
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
from gui.recovery_prompt import offer_recovery, reopen
from model.bundled import bundled_path
from model.examples import writable_copy
from model.lock import FileLock
from model.report import Report
from model.storage import DiskState, ProjectError, open_project

UI_FONTS = ["Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC",
            "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "AR PL UMing CN"]


GAPS_INSTALLED = "nianbaoChineseGaps"  # a property of the application once ChineseGaps is installed
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
    if not app.property(GAPS_INSTALLED):  # (not findChild: it wraps all of Qt's own children)
        app.installTranslator(ChineseGaps(app))  # after Qt's, so asked first
        app.setProperty(GAPS_INSTALLED, True)
    font = QFont(app.font())
    font.setFamilies(UI_FONTS + font.families())
    font.setPointSizeF(max(font.pointSizeF(), 10.0))
    app.setFont(font)
    return app


@dataclass(frozen=True)
class Opening:
    """The report the window starts with (None: the start page) and what to tell the clerk."""

    report: Report | None
    source: Path | None = None
    state: DiskState | None = None  # what `source` held when read
    problem: str | None = None  # a file that could not be opened (shown in a box)
    notes: tuple[str, ...] = ()  # e.g. damaged characters replaced (shown in the status line)


def initial_opening(path: str | Path | None) -> Opening:
    """A named file; else the report worked on last; else none: the window shows its start page."""
    candidate = writable_copy(Path(path)) if path else recent.last_existing()
    if candidate is None:
        return Opening(None)
    try:
        loaded = open_project(candidate)
    except ProjectError as exc:
        return Opening(None, problem=f"无法打开“{candidate.name}”：\n{exc}")
    recent.remember(candidate)
    return Opening(loaded.report, candidate, loaded.state, notes=loaded.notes)


def initial_report(path: str | Path | None) -> tuple[Report | None, Path | None, str | None]:
    """initial_opening() as the report, its file, and a message if the file could not be opened."""
    opening = initial_opening(path)
    return opening.report, opening.source, opening.problem


def initial_document(path: str | Path | None) -> tuple[ReportDocument | None, str | None]:
    """initial_opening() as an editable document (None: the start page), and the message if any."""
    opening = initial_opening(path)
    if opening.report is None:
        return None, opening.problem
    return ReportDocument(opening.report, opening.source, disk_state=opening.state), opening.problem


def first_document(path: str | Path | None) -> tuple[ReportDocument | None, FileLock | None, str | None, list[str]]:
    """The document the window starts with (None: the start page), its file's lock, a problem to
    show in a box if any, and notes for the status line: a restored recovery copy, else
    initial_opening() locked for editing (or read-only). Each document is built once: building
    one runs every check."""
    found = offer_recovery(None)
    if found is not None:
        document, lock, problem = reopen(*found)
        return document, lock, problem, ["已恢复上次未保存的修改，请核对后保存。"]
    opening = initial_opening(path)
    notes = list(opening.notes)
    if opening.report is None or opening.source is None:
        return None, None, opening.problem, notes
    claimed = claim(None, opening.source)
    if claimed is None:
        return None, None, opening.problem, notes
    if claimed.lock is not None and claimed.lock.problem:
        notes.append(claimed.lock.problem)
    return document_for(claimed, opening.report, opening.source, opening.state), claimed.lock, opening.problem, notes


def start_window(path: str | Path | None = None) -> tuple[MainWindow, ErrorHook]:
    """Everything run_app does before the event loop: the error hook, the first document, the
    window. Keep the returned hook alive (uninstall it when the window is gone)."""
    window: MainWindow | None = None
    hook = install_error_hook(lambda: window.recovery_state() if window is not None else None)
    document, lock, problem, notes = first_document(path)
    window = MainWindow(document, lock=lock)
    window.show()
    gc.enable()  # start-up is over: the cycle collector runs again (main.pause_collector)
    if notes:
        window.show_message("；".join(notes))
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
