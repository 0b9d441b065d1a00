"""The colours and looks of the window, in one place: severities, computed totals, the form's
labels, wide message boxes."""
from __future__ import annotations

from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap


CELL_BACKGROUND = {
    "error": QColor("#f7c4c4"),
    "warning": QColor("#fbe2a0"),
    "hint": QColor("#eef3fa"),
    "explained": QColor("#e9f4e4"),
}
MARK_COLOUR = {  # icons in the findings panel and on the tabs, status text
    "error": QColor("#c62828"),
    "warning": QColor("#d98e04"),
    "hint": QColor("#7c93ad"),
    "explained": QColor("#5b9a47"),
}
COMPUTED_BACKGROUND = QColor("#eeeeee")
COMPUTED_TEXT = QColor("#606060")
LABEL_BACKGROUND = QColor("#f6f8fb")
HEADING_BACKGROUND = QColor("#e6ecf3")
GRID_LINE = "#9aa5b1"
FROZEN_EDGE = QColor("#5f6b78")  # under header rows kept in sight while a table scrolls
CARRIED_MARK = QColor("#2f6db5")  # the corner triangle of a cell carried from last year
LAST_YEAR_TEXT = QColor("#7a7a7a")  # 「上年 5」 under a cell
HINT_TEXT = QColor("#5a6570")  # guidance, character counts, hints in dialogs


def colour_style(colour: QColor) -> str:
    """A style sheet giving a label's text this colour."""
    return f"color: {colour.name()};"


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
