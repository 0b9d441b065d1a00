"""Helpers for the GUI tests: open a window on a file, type into a cell like a clerk."""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QFileDialog, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from gui import prompts
from gui.app import create_app, initial_document, start_window
from gui.dialogs import due_year
from gui.document import ReportDocument
from gui.error_hook import ErrorHook
from gui.main_window import MainWindow
from gui.table_view import SectionTableView
from model.formats import format_for_year
from model.report import Report


def new_report() -> Report:
    """What 新建 gives with the dialog's defaults, less the unit: a blank report of the year due."""
    year = due_year()
    return Report.blank(format_for_year(year), "", year)


@pytest.fixture
def started(qtbot: QtBot) -> Iterator[Callable[[Path | None], MainWindow]]:
    """start_window as run_app calls it (recovery prompt, lock, first document); the windows and
    their error hooks are cleaned up after the test."""
    made: list[tuple[MainWindow, ErrorHook]] = []

    def start(path: Path | None) -> MainWindow:
        create_app()
        window, hook = start_window(path)
        qtbot.addWidget(window)
        made.append((window, hook))
        return window

    yield start
    for _, hook in made:
        hook.uninstall()


def open_window(qtbot: QtBot, path: Path | None) -> MainWindow:
    """A window on the report in `path`, or on a new untitled report (None)."""
    create_app()
    if path is None:
        document: ReportDocument | None = ReportDocument(new_report())
    else:
        document, problem = initial_document(path)
        assert problem is None
    window = MainWindow(document)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def activate(qtbot: QtBot, window: MainWindow) -> None:
    """Make the window the active one, as the window the clerk types in is: its shortcuts
    (F8, Ctrl+Y …) only work then."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def view_for(window: MainWindow, key: str) -> SectionTableView:
    assert window.tabs is not None
    section = window.document.report.format.section_of_table(key.split(".")[0])  # type: ignore[union-attr]
    return window.tabs.view(section.id)


def type_into(qtbot: QtBot, window: MainWindow, key: str, text: str, finish: Qt.Key = Qt.Key.Key_Return) -> None:
    """Select the cell, type ASCII text (typing starts editing) and press Enter (or Tab)."""
    assert window.tabs is not None
    window.tabs.show_cell(key)
    view = view_for(window, key)
    qtbot.keyClick(view, text[0])
    editor = visible_editor(qtbot, view)
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, finish)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)


def visible_editor(qtbot: QtBot, view: SectionTableView) -> QLineEdit:
    """The cell editor now open: the one of an earlier commit may linger, hidden, until deleted."""
    def open_editors() -> list[QLineEdit]:
        return [e for e in view.findChildren(QLineEdit) if e.isVisible()]

    qtbot.waitUntil(lambda: len(open_editors()) == 1)
    return open_editors()[0]


def current_key(view: SectionTableView) -> str:
    cell = view.table_model.cell_covering(view.currentIndex())
    return cell.key if cell else ""


@pytest.fixture(autouse=True)
def discard_on_close(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows left modified by a test close without a modal prompt at teardown."""
    monkeypatch.setattr(prompts, "ask_save_changes", lambda *args: prompts.SaveChoice.DISCARD)


REAL_ASK_SAVE_CHANGES = prompts.ask_save_changes  # for tests that answer the box itself


def answer_save_prompt(monkeypatch: pytest.MonkeyPatch, choice: prompts.SaveChoice) -> list[str]:
    """Answer 保存修改 with `choice` without showing it; returns the names of the reports asked about."""
    asked: list[str] = []
    monkeypatch.setattr(prompts, "ask_save_changes", lambda parent, name: asked.append(name) or choice)
    return asked


def click_in_message_box(monkeypatch: pytest.MonkeyPatch, label: str | None) -> list[QMessageBox]:
    """Every message box shown is answered with its button labelled `label` (None, or no such
    button: closed without one); returns the boxes. (保存修改 is answered by discard_on_close
    unless a test sets prompts.ask_save_changes back to REAL_ASK_SAVE_CHANGES.)"""
    shown: list[QMessageBox] = []

    def run(box: QMessageBox) -> QAbstractButton | None:
        shown.append(box)
        return next((button for button in box.buttons() if button.text() == label), None)

    monkeypatch.setattr(prompts, "run_box", run)
    return shown


def answer_file_dialogs(monkeypatch: pytest.MonkeyPatch, answer: Path | list[Path] | None) -> list[tuple[str, str]]:
    """Every file dialog returns `answer` (None: cancelled); returns each dialog's title and the
    folder or file name it offered."""
    asked: list[tuple[str, str]] = []

    def one(parent: object, title: str, start: str, *args: object) -> tuple[str, str]:
        asked.append((title, start))
        return (str(answer[0] if isinstance(answer, list) else answer) if answer else "", "")

    def many(parent: object, title: str, start: str, *args: object) -> tuple[list[str], str]:
        asked.append((title, start))
        paths = answer if isinstance(answer, list) else [answer] if answer else []
        return [str(p) for p in paths], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(one))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(one))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(many))
    return asked


def answer_review(monkeypatch: pytest.MonkeyPatch, export_anyway: bool) -> list:  # type: ignore[type-arg]
    """Every review dialog (报送前检查, or the one before an export with problems) shown is
    recorded and answered: 仍然导出 (accepted) or 返回修改 (rejected); returns the dialogs."""
    from gui.review_dialog import ReviewDialog
    shown: list[ReviewDialog] = []

    def exec_(dialog: ReviewDialog) -> int:
        shown.append(dialog)
        return 1 if export_anyway else 0

    monkeypatch.setattr(ReviewDialog, "exec", exec_)
    return shown
