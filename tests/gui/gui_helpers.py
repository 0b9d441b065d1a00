"""Helpers for the GUI tests: open a window on a file, type into a cell like a clerk."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from gui.app import create_app, initial_document
from gui.main_window import MainWindow
from gui.table_view import SectionTableView


def open_window(qtbot: QtBot, path: Path | None) -> MainWindow:
    create_app()
    document, problem = initial_document(path)
    assert problem is None
    window = MainWindow(document)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


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
    monkeypatch.setattr("gui.main_window.ask_save_changes",
                        lambda *args: QMessageBox.StandardButton.Discard)


def click_in_message_box(monkeypatch: pytest.MonkeyPatch, label: str | None) -> list[QMessageBox]:
    """Every QMessageBox shown clicks its button labelled `label` (None: closed); returns the boxes."""
    shown: list[QMessageBox] = []

    def exec_(box: QMessageBox) -> int:
        shown.append(box)
        for button in box.buttons():
            if button.text() == label:
                button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return shown
