"""视图 ▸ 放大 / 缩小 / 原始大小, Ctrl+wheel: the tables and texts of the report larger or smaller.

Zooming sets the font of the window's report area and findings panel; Qt passes it on to every
widget inside that has no font size of its own, and the tables measure their columns and rows
from their font when it changes (gui.report_tabs). A widget whose text is deliberately larger
or smaller than its surroundings (a section heading, the narrative editor) says so with
`set_relative_font` instead of a fixed size, and keeps that proportion at every zoom.

Ctrl+wheel is caught on the zoomed areas themselves, not by a filter on the whole application
(through which every event of every object, Qt's internal ones too, would pass into Python: a
seventh of the window's start-up). A wheel that no widget takes travels up to them; a widget of
ours that scrolls hands a Ctrl+wheel to the zoom (`wheel_zooms`), and one that is not ours (the
tab bar) is watched (`Zoom.watch`); our scroll areas take `HandsCtrlWheelToZoom` first among
their bases.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QWheelEvent
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from PySide6.QtWidgets import QAbstractScrollArea as _ScrollArea
else:
    _ScrollArea = object

STEPS = (0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0)
WHEEL_NOTCH = 120  # angleDelta of one notch of a mouse wheel
RELATIVE_SCALE = "relativeFontScale"  # the dynamic property set_relative_font leaves on a widget
ZOOM_IN_KEYS = (QKeySequence.StandardKey.ZoomIn, QKeySequence("Ctrl+="))  # Ctrl++ needs Shift on most keyboards
ZOOM_OUT_KEYS = (QKeySequence.StandardKey.ZoomOut,)
RESET_KEYS = (QKeySequence("Ctrl+0"),)


def set_relative_font(widget: QWidget, scale: float, bold: bool = False) -> None:
    """Give `widget` text `scale` times as large as its parent's (bold if asked), now and at
    every zoom."""
    widget.setProperty(RELATIVE_SCALE, scale)
    if bold:
        font = QFont(widget.font())
        font.setBold(True)
        widget.setFont(font)
    _fit_relative(widget, scale)


def _fit_relative(widget: QWidget, scale: float) -> None:
    parent = widget.parentWidget()
    size = (parent.font() if parent is not None else QApplication.font()).pointSizeF()
    font = QFont(widget.font())
    font.setPointSizeF(size * scale)
    widget.setFont(font)


def refit_relative_fonts(root: QWidget) -> None:
    """Sizes relative to their parents, again (after a zoom or when widgets joined `root`)."""
    for widget in root.findChildren(QWidget):
        scale = widget.property(RELATIVE_SCALE)
        if scale:
            _fit_relative(widget, float(scale))


def nearest_step(factor: float) -> float:
    return min(STEPS, key=lambda step: abs(step - factor))


class Zoom(QObject):
    """The zoom of some parts of a window; Ctrl+wheel over them zooms in or out."""

    changed = Signal(float)

    def __init__(self, roots: list[QWidget], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.roots = roots
        self.factor = 1.0
        self._turned = 0  # wheel turn not yet used: a touchpad sends many small turns
        for root in roots:
            self.watch(root)

    def watch(self, widget: QWidget) -> None:
        """Zoom on a Ctrl+wheel that reaches `widget` (a root, or a widget inside one that takes
        wheels for itself, such as a tab bar)."""
        widget.installEventFilter(self)

    def set_factor(self, factor: float) -> None:
        factor = nearest_step(factor)
        size = QApplication.font().pointSizeF()
        for root in self.roots:
            font = QFont(root.font())
            font.setPointSizeF(size * factor)
            root.setFont(font)
            refit_relative_fonts(root)
        if factor != self.factor:
            self.factor = factor
            self.changed.emit(factor)

    def step(self, steps: int) -> None:
        index = STEPS.index(nearest_step(self.factor)) + steps
        self.set_factor(STEPS[max(0, min(len(STEPS) - 1, index))])

    def zoom_in(self) -> None:
        self.step(1)

    def zoom_out(self) -> None:
        self.step(-1)

    def reset(self) -> None:
        self.set_factor(1.0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Wheel:
            return False
        assert isinstance(event, QWheelEvent)
        return self.wheel(watched, event)

    def wheel(self, widget: QObject, event: QWheelEvent) -> bool:
        """Zoom if the wheel was turned with Ctrl over a zoomed area; whether it did."""
        if not event.modifiers() & Qt.KeyboardModifier.ControlModifier or not self._inside(widget):
            return False
        self._turned += event.angleDelta().y()
        while abs(self._turned) >= WHEEL_NOTCH:
            self.step(1 if self._turned > 0 else -1)
            self._turned -= WHEEL_NOTCH if self._turned > 0 else -WHEEL_NOTCH
        return True

    def _inside(self, watched: QObject) -> bool:
        return isinstance(watched, QWidget) and any(root is watched or root.isAncestorOf(watched)
                                                    for root in self.roots)


def wheel_zooms(widget: QWidget, event: QWheelEvent) -> bool:
    """For a widget that scrolls: whether its window's zoom took this wheel (a Ctrl+wheel over
    a zoomed area), so the widget neither scrolls nor zooms its own font."""
    if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
        return False  # a plain wheel scrolls: no search of the window for its zoom
    zoom = widget.window().findChild(Zoom)
    return zoom is not None and zoom.wheel(widget, event)


class HandsCtrlWheelToZoom(_ScrollArea):
    """For a scroll area of ours (listed before its Qt class): a Ctrl+wheel over it, or over its
    scroll bars (which Qt's scroll area watches), zooms the window instead of scrolling it or
    zooming the widget's own font."""

    def wheelEvent(self, event: QWheelEvent) -> None:
        if not wheel_zooms(self, event):
            super().wheelEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QWheelEvent) and wheel_zooms(self, event):
            return True
        return super().eventFilter(watched, event)
