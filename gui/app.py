"""Start the window: the Qt application in Chinese, and the report to open first."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QMessageBox

from gui import recent
from gui.document import ReportDocument
from gui.main_window import APP_TITLE, MainWindow
from model.formats import format_for_year
from model.report import Report
from model.storage import ProjectError, load_report

UI_FONTS = ["Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC",
            "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "AR PL UMing CN"]


def due_year(today: date) -> int:
    """The year whose report is due next: reports are due by 31 January for the year before."""
    return today.year - 1 if today.month == 1 else today.year


def create_app(argv: list[str] | None = None) -> QApplication:
    """The QApplication (reused if one exists), with Qt's own Chinese texts and a CJK font."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_TITLE)
    app.setOrganizationName("nianbao")
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    translator = QTranslator(app)
    if translator.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
    font = QFont(app.font())
    font.setFamilies(UI_FONTS + font.families())
    font.setPointSizeF(max(font.pointSizeF(), 10.0))
    app.setFont(font)
    return app


def blank_for_today(today: date | None = None) -> Report:
    year = due_year(today or date.today())
    return Report.blank(format_for_year(year), "", year)


def initial_document(path: str | Path | None) -> tuple[ReportDocument, str | None]:
    """The document to show first, and a message if the requested file could not be opened.

    A named file; else the report worked on last; else a new report for the year due next.
    """
    candidate = Path(path) if path else recent.last_existing()
    if candidate is not None:
        try:
            document = ReportDocument(load_report(candidate), candidate)
        except ProjectError as exc:
            return ReportDocument(blank_for_today()), f"无法打开“{candidate.name}”：\n{exc}"
        recent.remember(candidate)
        return document, None
    return ReportDocument(blank_for_today()), None


def run_app(path: str | None = None) -> int:
    app = create_app()
    document, problem = initial_document(path)
    window = MainWindow(document)
    window.show()
    if problem:
        QMessageBox.warning(window, "无法打开", problem)
    return app.exec()
