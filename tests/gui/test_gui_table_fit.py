"""Tables in their room: no scroll bar for a few pixels, and a jump lands fully in sight below
the frozen header rows (issue 9, "Also")."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.main_window import MainWindow
from gui.table_view import ROW_SLACK, SectionTableView
from gui_helpers import discard_on_close, open_window, view_for  # noqa: F401


def room_for(qtbot: QtBot, window: MainWindow, view: SectionTableView, height: int) -> None:
    """Resize the window until the room below the table's heading is `height` pixels high."""
    box = view.parentWidget()
    for _ in range(5):
        window.resize(window.width(), window.height() + height - box.height())
        qtbot.wait(20)
        if box.height() == height:
            return
    raise AssertionError(f"room {box.height()} instead of {height}")


@pytest.mark.parametrize("section, key", [("proactive", "art20_1.regulations.issued"),
                                          ("requests", "requests.new.person")])
def test_a_table_a_few_pixels_too_tall_needs_no_scroll_bar(qtbot: QtBot, demo_file: Path,
                                                            section: str, key: str) -> None:
    window = open_window(qtbot, demo_file)
    window.tabs.show_cell(key)
    view = view_for(window, key)
    natural = [view.rowHeight(r) for r in range(view.model().rowCount())]
    room_for(qtbot, window, view, sum(natural) - 10)
    assert view.verticalScrollBar().maximum() == 0
    assert view.height() == sum(natural) - 10
    body = range(view.table_model.grid.header_rows, len(natural))
    assert all(natural[r] - ROW_SLACK <= view.rowHeight(r) <= natural[r] for r in body)
    assert all(view.rowHeight(r) == natural[r] for r in range(view.table_model.grid.header_rows))  # frozen


def test_a_table_much_too_tall_scrolls_with_rows_at_their_height(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    window.tabs.show_cell("requests.new.person")
    view = view_for(window, "requests.new.person")
    natural = view.natural_height()
    room_for(qtbot, window, view, natural // 2)
    assert view.verticalScrollBar().maximum() > 0
    assert sum(view.rowHeight(r) for r in range(view.model().rowCount())) == natural


def test_a_jump_lands_fully_below_the_frozen_header(qtbot: QtBot, demo_file: Path) -> None:
    """From another tab, from the bottom of the table and from its top, to every row of 三."""
    window = open_window(qtbot, demo_file)
    window.tabs.show_cell("requests.new.person")
    view = view_for(window, "requests.new.person")
    room_for(qtbot, window, view, view.header_height() * 3)
    for cell in view.table_model.grid.value_cells()[::7]:
        for start in (0, view.verticalScrollBar().maximum()):
            window.tabs.setCurrentIndex(0)
            view.verticalScrollBar().setValue(start)
            window.tabs.show_cell(cell.key)
            rect = view.visualRect(view.table_model.index_of(cell.key))
            assert view.frozen_height() == view.header_height()
            assert view.frozen_height() <= rect.top() and rect.bottom() < view.viewport().height(), cell.key
    qtbot.keyClick(view, Qt.Key.Key_Up)
    rect = view.visualRect(view.currentIndex())
    assert rect.top() >= view.frozen_height() or view.currentIndex().row() < view.table_model.grid.header_rows
