"""Issue 9 item 11: with no report to reopen, the window offers 新建, 由上年报告新建, 打开 and the
bundled examples instead of an anonymous blank report."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton
from pytestqt.qtbot import QtBot

from gui import app as gui_app
from gui.dialogs import NewReportDialog
from gui.main_window import MainWindow
from gui_helpers import answer_file_dialogs, discard_on_close  # noqa: F401
from model.appdirs import documents_dir
from model.examples import example_names, is_bundled_example

WAYS = ["新建报告", "由上年报告新建", "打开报告"]
NEEDS_A_REPORT = ["save", "save_as", "properties", "export_xlsx", "export_pdf", "next_finding", "undo"]


@pytest.fixture
def first_start(qtbot: QtBot) -> Iterator[MainWindow]:
    """The program started as on a new computer: no file named, none worked on before."""
    gui_app.create_app()
    window, hook = gui_app.start_window(None)
    qtbot.addWidget(window)
    qtbot.waitExposed(window)
    try:
        yield window
    finally:
        hook.uninstall()


def buttons(window: MainWindow) -> dict[str, QAbstractButton]:
    return {b.text(): b for b in window.findChildren(QAbstractButton) if b.isVisible() and b.text()}


def test_a_first_start_offers_the_ways_to_begin_and_no_blank_report(first_start: MainWindow) -> None:
    window = first_start
    assert window.document is None  # today: an untitled blank report of the year due
    shown = buttons(window)
    assert all(way in shown for way in WAYS)
    examples = [text for text in shown if text.startswith("示例：")]
    assert len(examples) == len(example_names()) == 2
    assert "示例：南开区文化和旅游局 2020年度" in examples
    assert [name for name in NEEDS_A_REPORT if window.actions_by_name[name].isEnabled()] == []
    assert window.actions_by_name["open"].isEnabled() and window.actions_by_name["carry"].isEnabled()
    assert window.windowTitle() == "年报助手"


def test_an_example_opens_as_a_copy_in_the_documents_folder(qtbot: QtBot, first_start: MainWindow) -> None:
    window = first_start
    qtbot.mouseClick(buttons(window)["示例：南开区文化和旅游局 2020年度"], Qt.MouseButton.LeftButton)
    document = window.document
    assert document is not None and document.path is not None
    assert document.path.parent == documents_dir() and not is_bundled_example(document.path)
    assert document.report.unit == "南开区文化和旅游局" and not document.modified
    assert window.start_page is None and window.findings_dock.isVisible()
    assert all(window.actions_by_name[name].isEnabled() for name in ("save", "properties", "export_pdf"))


def test_new_from_the_start_page(qtbot: QtBot, first_start: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    def fill_in(dialog: NewReportDialog) -> int:
        dialog.unit.setText("某某区民政局")
        dialog.year.setValue(2025)
        return 1

    monkeypatch.setattr(NewReportDialog, "exec", fill_in)
    qtbot.mouseClick(buttons(first_start)["新建报告"], Qt.MouseButton.LeftButton)
    document = first_start.document
    assert document is not None and document.path is None
    assert (document.report.unit, document.report.year, document.report.format.id) == ("某某区民政局", 2025, "2021")
    assert first_start.actions_by_name["save"].isEnabled()


def test_a_cancelled_new_report_keeps_the_start_page(qtbot: QtBot, first_start: MainWindow,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(NewReportDialog, "exec", lambda dialog: 0)
    qtbot.mouseClick(buttons(first_start)["新建报告"], Qt.MouseButton.LeftButton)
    assert first_start.document is None and "打开报告" in buttons(first_start)


def test_open_from_the_start_page(qtbot: QtBot, first_start: MainWindow, demo_file: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    answer_file_dialogs(monkeypatch, demo_file)
    qtbot.mouseClick(buttons(first_start)["打开报告"], Qt.MouseButton.LeftButton)
    assert first_start.document is not None and first_start.document.path == demo_file


def test_a_report_worked_on_before_opens_without_the_start_page(qtbot: QtBot, demo_file: Path) -> None:
    from gui import recent
    recent.remember(demo_file)
    gui_app.create_app()
    window, hook = gui_app.start_window(None)
    qtbot.addWidget(window)
    try:
        assert window.document is not None and window.document.path == demo_file.resolve()
        assert window.start_page is None
    finally:
        hook.uninstall()
