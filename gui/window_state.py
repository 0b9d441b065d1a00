"""The window's size, position and zoom, kept between runs (window.ini in the config folder).

Only a convenience: a missing, damaged or unwritable file gives the defaults and is never
mentioned to the clerk. A position saved on a screen that is gone (a projector, a second
monitor taken away) is not restored off-screen: the window goes to a screen that exists,
at most as large as that screen.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRect, QSettings, QSize
from PySide6.QtGui import QGuiApplication

from model.appdirs import config_dir

SETTINGS_FILE = "window.ini"


@dataclass(frozen=True)
class WindowState:
    geometry: QRect | None = None  # the normal (not maximised) geometry; None: never saved
    maximized: bool = False
    zoom: float = 1.0


def _settings() -> QSettings:
    return QSettings(str(config_dir() / SETTINGS_FILE), QSettings.Format.IniFormat)


def _number(value: object, kind: type[int] | type[float]) -> int | float | None:
    """`value` read back from the file as a number of `kind`, None if it is none."""
    if not isinstance(value, (str, int, float)):
        return None
    try:
        return kind(value)
    except ValueError:
        return None


def load() -> WindowState:
    """The saved state; the defaults for whatever is missing or unreadable."""
    settings = _settings()
    raw = settings.value("window/geometry")
    numbers = [_number(n, int) for n in raw] if isinstance(raw, list) and len(raw) == 4 else []
    geometry = None
    if numbers and all(n is not None for n in numbers):
        x, y, width, height = (int(n) for n in numbers if n is not None)
        geometry = QRect(x, y, width, height) if width > 0 and height > 0 else None
    zoom = _number(settings.value("window/zoom"), float)
    maximized = str(settings.value("window/maximized", "false")).lower() == "true"
    return WindowState(geometry, maximized, float(zoom) if zoom and 0.1 < zoom < 10 else 1.0)


def save(state: WindowState) -> None:
    """Write the state (QSettings writes a whole new file, and fails silently)."""
    settings = _settings()
    if state.geometry is not None:
        rect = state.geometry
        settings.setValue("window/geometry", [rect.x(), rect.y(), rect.width(), rect.height()])
    settings.setValue("window/maximized", state.maximized)
    settings.setValue("window/zoom", state.zoom)
    settings.sync()


def placed(saved: QRect | None, preferred: QSize) -> QRect:
    """Where the window goes: its saved place on the screen under the place's centre; when that
    screen is gone, its saved (else the preferred) size centred on the primary screen; never
    larger than the screen."""
    screen = QGuiApplication.screenAt(saved.center()) if saved is not None else None
    on_its_screen = screen is not None
    screen = screen or QGuiApplication.primaryScreen()
    if screen is None:
        return saved or QRect(QPoint(0, 0), preferred)
    room = screen.availableGeometry()
    size = (saved.size() if saved is not None else preferred).boundedTo(room.size())
    if saved is not None and on_its_screen:
        top_left = QPoint(min(max(saved.x(), room.left()), room.right() - size.width() + 1),
                          min(max(saved.y(), room.top()), room.bottom() - size.height() + 1))
    else:
        top_left = room.center() - QPoint(size.width() // 2, size.height() // 2)
    return QRect(top_left, size)
