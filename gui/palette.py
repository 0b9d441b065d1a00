"""Every colour of the window, in one place: finding states, computed totals, the form's labels
and grid, marks, hints, the status line and the read-only badge.

What a state *means* lives in the model (model.rules.state_of, worst_state); this module only
says how it looks. All colours are QColor objects defined here and nowhere else (a test
greps gui/ for colour literals), and style sheets are built from them by functions when a
widget is made — so a theme derived from the application palette (dark, high contrast) is
a matter of changing these objects, not their users.
"""
from __future__ import annotations

from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

# --- finding states: cell backgrounds and marks (icons, selection, status text) ---------------

CELL_BACKGROUND = {
    "error": QColor("#f7c4c4"),
    "warning": QColor("#fbe2a0"),
    "stale": QColor("#f8d3b0"),  # explained for other figures: 待复核
    "pending": QColor("#e6ddf4"),  # 待填写: a part the clerk has not started, a hint, not a fault
    "hint": QColor("#eef3fa"),
    "explained": QColor("#e9f4e4"),
}
MARK_COLOUR = {  # icons in the findings panel and on the tabs, a selected wrong cell, underlines
    "error": QColor("#c62828"),
    "warning": QColor("#d98e04"),
    "stale": QColor("#b8621b"),
    "pending": QColor("#8a72b8"),
    "hint": QColor("#7c93ad"),
    "explained": QColor("#5b9a47"),
}
STATUS_TEXT = {  # the summary at the right of the status bar, by the worst state; None: all passed
    "error": MARK_COLOUR["error"],
    "warning": MARK_COLOUR["warning"],
    "stale": MARK_COLOUR["stale"],
    "pending": QColor("#5e4a86"),
    "hint": QColor("#4a5a6a"),
    "explained": QColor("#2e7d32"),
    None: QColor("#2e7d32"),
}
WARNING_TEXT = MARK_COLOUR["warning"].darker(140)  # a warning written on white (the merge list)

# --- the form ---------------------------------------------------------------------------------

COMPUTED_BACKGROUND = QColor("#eeeeee")
COMPUTED_TEXT = QColor("#606060")
LABEL_BACKGROUND = QColor("#f6f8fb")
HEADING_BACKGROUND = QColor("#e6ecf3")
GRID_LINE = QColor("#9aa5b1")
FROZEN_EDGE = QColor("#5f6b78")  # under header rows kept in sight while a table scrolls
CARRIED_MARK = QColor("#2f6db5")  # the corner triangle of a cell carried from last year
IMPORTED_MARK = QColor("#2e9d6a")  # the top-left triangle of a cell filled by an import
LAST_YEAR_TEXT = QColor("#7a7a7a")  # 「上年 5」 under a cell
FIELD_BACKGROUND = QColor("#dde9f7")  # a live field (a table figure) inside a narrative text

# --- words around the form --------------------------------------------------------------------

HINT_TEXT = QColor("#5a6570")  # guidance, character counts, hints in dialogs
BADGE_BACKGROUND = CELL_BACKGROUND["warning"]  # 只读 beside the tabs
BADGE_TEXT = QColor("#6b4a00")


def colour_style(colour: QColor) -> str:
    """A style sheet giving a label's text this colour."""
    return f"color: {colour.name()};"


def badge_style() -> str:
    """The 只读 badge: dark text on the warning colour, in a rounded box."""
    return (f"QLabel {{ background: {BADGE_BACKGROUND.name()}; color: {BADGE_TEXT.name()}; font-weight: bold;"
            " border-radius: 3px; padding: 2px 8px; margin: 2px 6px 2px 2px; }")


def grid_style() -> str:
    """The grid lines of a form table."""
    return f"QTableView {{ gridline-color: {GRID_LINE.name()}; }}"


@cache
def state_icon(state: str) -> QIcon:
    """A small filled dot in the state's colour (needs a running QGuiApplication)."""
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(MARK_COLOUR[state])
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return QIcon(pixmap)
