"""Issue 9 item 12: Ctrl++ / Ctrl+− / Ctrl+0 and Ctrl+wheel scale the tables and texts; the
window remembers its size, position and zoom, tolerates a damaged settings file and never
comes back on a screen that is gone."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QGuiApplication, QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gui.main_window import MainWindow
from gui_helpers import activate, discard_on_close, open_window  # noqa: F401
from model import appdirs


def sizes(window: MainWindow) -> tuple[float, int, float, float]:
    """The point size of table 三, its widest column, the narrative editor's and its guidance's."""
    assert window.tabs is not None
    view = window.tabs.view("requests")
    text = window.tabs.texts["overview"]
    return (view.font().pointSizeF(), max(view.columnWidth(c) for c in range(view.model().columnCount())),
            text.editor.font().pointSizeF(), text.guidance.font().pointSizeF())


def show_table(qtbot: QtBot, window: MainWindow) -> None:
    assert window.tabs is not None
    window.tabs.setCurrentIndex(2)
    qtbot.waitUntil(lambda: window.tabs is not None and window.tabs.view("requests").isVisible())


def test_ctrl_plus_minus_and_zero_scale_tables_and_texts(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    show_table(qtbot, window)
    activate(qtbot, window)
    before = sizes(window)
    qtbot.keyClick(window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)  # Ctrl+= (no Shift)
    larger = sizes(window)
    assert larger[0] == pytest.approx(before[0] * 1.25)
    assert larger[1] > before[1]  # the columns are measured again for the larger text
    assert larger[2] == pytest.approx(before[2] * 1.25) and larger[3] == pytest.approx(before[3] * 1.25)
    assert window.statusBar().currentMessage() == "缩放：125%"
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert sizes(window)[0] == pytest.approx(before[0] * 1.1)
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert sizes(window) == before


def wheel(widget: QApplication | object, modifiers: Qt.KeyboardModifier, turn: int = 120) -> None:
    assert hasattr(widget, "rect")
    centre = QPointF(widget.rect().center())  # type: ignore[union-attr]
    event = QWheelEvent(centre, centre, QPoint(0, 0), QPoint(0, turn), Qt.MouseButton.NoButton, modifiers,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)  # type: ignore[arg-type]


def test_ctrl_wheel_over_a_table_or_a_text_zooms(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    show_table(qtbot, window)
    assert window.tabs is not None
    before = sizes(window)
    wheel(window.tabs.view("requests").viewport(), Qt.KeyboardModifier.ControlModifier)
    assert sizes(window)[0] == pytest.approx(before[0] * 1.1)
    wheel(window.tabs.view("requests").viewport(), Qt.KeyboardModifier.NoModifier)  # scrolls, no zoom
    assert sizes(window)[0] == pytest.approx(before[0] * 1.1)
    for _ in range(2):  # a touchpad's small turns add up to one step
        wheel(window.tabs.texts["overview"].editor.viewport(), Qt.KeyboardModifier.ControlModifier, -60)
    assert sizes(window) == before  # the editor's own Ctrl+wheel zoom did not run either


def test_ctrl_wheel_over_a_scroll_bar_or_the_tab_bar_zooms_too(qtbot: QtBot, demo_file: Path) -> None:
    """The zoom watches the zoomed area, not every event of the application: widgets that take
    wheels for themselves hand a Ctrl+wheel on (scroll bars through their scroll area)."""
    window = open_window(qtbot, demo_file)
    show_table(qtbot, window)
    assert window.tabs is not None
    before = sizes(window)
    wheel(window.tabs.view("requests").verticalScrollBar(), Qt.KeyboardModifier.ControlModifier)
    assert sizes(window)[0] == pytest.approx(before[0] * 1.1)
    wheel(window.tabs.texts["overview"].editor.verticalScrollBar(), Qt.KeyboardModifier.ControlModifier)
    wheel(window.tabs.tabBar(), Qt.KeyboardModifier.ControlModifier)
    assert sizes(window)[0] == pytest.approx(before[0] * 1.5)
    assert window.tabs.currentIndex() == 2  # the tab bar zoomed rather than switched tabs


def test_size_position_and_zoom_are_remembered(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    window.setGeometry(QRect(40, 30, 700, 500))
    window.zoom.zoom_in()
    window.zoom.zoom_in()
    assert window.close()
    again = open_window(qtbot, demo_file)
    assert again.geometry() == QRect(40, 30, 700, 500)
    assert again.zoom.factor == 1.25
    show_table(qtbot, again)
    assert again.tabs is not None and again.tabs.view("requests").font().pointSizeF() == pytest.approx(
        QApplication.font().pointSizeF() * 1.25)


def test_a_damaged_settings_file_gives_the_defaults(qtbot: QtBot, demo_file: Path) -> None:
    (appdirs.config_dir() / "window.ini").write_bytes(b"\xff\xfe[window]\ngeometry=a,b\nzoom=x\x00\x01")
    window = open_window(qtbot, demo_file)
    assert window.zoom.factor == 1.0 and window.isVisible()
    assert window.close()  # and writing over it works


def test_a_place_on_a_screen_that_is_gone_is_not_restored(qtbot: QtBot, demo_file: Path) -> None:
    (appdirs.config_dir() / "window.ini").write_text("[window]\ngeometry=5000, 4000, 600, 400\nzoom=1.5\n", encoding="utf-8")
    window = open_window(qtbot, demo_file)
    screen = QGuiApplication.primaryScreen().availableGeometry()
    assert screen.contains(window.geometry()) and window.zoom.factor == 1.5
