"""Issue 9 item 13: dark and high-contrast system themes stay readable. Every colour of the
window follows the application palette when it changes; contrast ratios (WCAG 2) are computed
here, independently of gui.palette: text 4.5, marks and lines that carry meaning 3."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gui import palette as colours
from gui_helpers import discard_on_close, open_window  # noqa: F401

Role = QPalette.ColorRole
THEMES = {  # the roles a theme sets: Window, WindowText, Base, Text, Highlight, HighlightedText
    "dark": ("#2b2b2b", "#e6e6e6", "#1f1f1f", "#e6e6e6", "#2f65ca", "#ffffff"),
    "high contrast black": ("#000000", "#ffffff", "#000000", "#ffffff", "#1aebff", "#000000"),
    "high contrast white": ("#ffffff", "#000000", "#ffffff", "#000000", "#37006e", "#ffffff"),
}
TEXT, MARK = 4.5, 3.0


def ratio(a: QColor, b: QColor) -> float:
    def luminance(c: QColor) -> float:
        def linear(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        return 0.2126 * linear(c.redF()) + 0.7152 * linear(c.greenF()) + 0.0722 * linear(c.blueF())
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def theme_palette(name: str) -> QPalette:
    palette = QPalette(QApplication.palette())
    for role, value in zip((Role.Window, Role.WindowText, Role.Base, Role.Text, Role.Highlight,
                            Role.HighlightedText), THEMES[name]):
        palette.setColor(role, QColor(value))
    for role in (Role.Button, Role.AlternateBase, Role.ToolTipBase):
        palette.setColor(role, QColor(THEMES[name][0]))
    palette.setColor(Role.ButtonText, QColor(THEMES[name][1]))
    return palette


@pytest.fixture(params=list(THEMES))
def theme(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[QPalette]:
    """The system switched to a theme while the program runs; back to the light one after."""
    light = QPalette(QApplication.palette())
    yield theme_palette(request.param)
    QApplication.setPalette(light)
    colours.follow_application()


def test_colours_follow_the_theme_and_stay_readable(qtbot: QtBot, demo_file: Path, theme: QPalette) -> None:
    window = open_window(qtbot, demo_file)
    assert window.document is not None and window.tabs is not None
    window.document.set_cells({"requests.new.person": 25}, "输入")  # an error in 三
    window.tabs.setCurrentIndex(2)
    QApplication.setPalette(theme)  # as when the clerk switches Windows to a dark theme
    QApplication.processEvents()  # the window hears of it through a posted event
    base, text, window_colour = theme.color(Role.Base), theme.color(Role.Text), theme.color(Role.Window)
    dark = base.lightness() < 128
    model = window.tabs.view("requests").table_model
    shown = model.index_of("requests.new.person").data(Qt.ItemDataRole.BackgroundRole)
    assert shown == colours.CELL_BACKGROUND["error"]  # what the table paints is the derived colour
    assert (shown.lightness() < 128) == dark  # today: #f7c4c4, a light pink under light text
    backgrounds = [base, colours.COMPUTED_BACKGROUND, *colours.CELL_BACKGROUND.values()]
    for state, background in colours.CELL_BACKGROUND.items():
        assert ratio(text, background) >= TEXT, state
        assert ratio(colours.MARK_COLOUR[state], base) >= MARK, state
        assert ratio(colours.STATUS_TEXT[state], window_colour) >= TEXT, state
        assert ratio(colours.SELECTED_BACKGROUND[state], theme.color(Role.HighlightedText)) >= TEXT, state
    for background in backgrounds:
        assert ratio(colours.COMPUTED_TEXT, background) >= TEXT
        assert ratio(colours.LAST_YEAR_TEXT, background) >= TEXT
        assert ratio(colours.CARRIED_MARK, background) >= MARK
        assert ratio(colours.IMPORTED_MARK, background) >= MARK
    for label_background in (colours.LABEL_BACKGROUND, colours.HEADING_BACKGROUND):
        assert ratio(text, label_background) >= TEXT
    assert ratio(colours.FROZEN_EDGE, base) >= MARK and ratio(colours.GRID_LINE, base) >= 2
    assert ratio(colours.HINT_TEXT, window_colour) >= TEXT and ratio(colours.HINT_TEXT, base) >= TEXT
    assert ratio(colours.STATUS_TEXT[None], window_colour) >= TEXT
    assert ratio(colours.BADGE_TEXT, colours.BADGE_BACKGROUND) >= TEXT
    assert ratio(colours.WARNING_TEXT, base) >= TEXT
    details = window.header.details  # a label coloured through the palette gets the new colour
    assert details.palette().color(Role.WindowText) == colours.HINT_TEXT
    assert window.status_summary.palette().color(Role.WindowText) == colours.STATUS_TEXT["error"]


def test_the_light_theme_comes_back(qtbot: QtBot, demo_file: Path, qapp: QApplication) -> None:
    light = QPalette(QApplication.palette())
    before = colours.CELL_BACKGROUND["error"].name()
    window = open_window(qtbot, demo_file)
    try:
        QApplication.setPalette(theme_palette("dark"))
        QApplication.processEvents()
        assert colours.CELL_BACKGROUND["error"].name() != before
    finally:
        QApplication.setPalette(light)
        QApplication.processEvents()
    assert colours.CELL_BACKGROUND["error"].name() == before and window.isVisible()
