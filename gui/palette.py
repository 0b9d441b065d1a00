"""Every colour of the window, in one place: finding states, computed totals, the form's labels
and grid, marks, hints, the status line and the read-only badge.

What a state *means* lives in the model (model.rules.state_of, worst_state); this module only
says how it looks. No colour is fixed: each is derived from the application palette (QPalette)
— a tint of the base colour for cell backgrounds, a hue made readable against what it is drawn
on for text and marks — so a dark or high-contrast system theme gets colours that read on it.
`follow(palette)` derives them (at start and whenever the palette changes: the main window
calls it on QEvent.ApplicationPaletteChange) by changing the QColor objects below in place,
so every user that imported them sees the new colours at its next paint; widgets coloured
through `use_colour` are given them again.

Only this module writes colours (a test greps gui/ for colour literals); the hues below are
the identity of each state, never used as they are.
"""
from __future__ import annotations

from functools import cache
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication, QWidget

TEXT_CONTRAST = 4.5  # WCAG AA for text
MARK_CONTRAST = 3.0  # WCAG AA for graphics (dots, corner marks, lines that carry meaning)

# --- hues: what each state looks like, before it is fitted to the palette ---------------------

_HUES = {
    "error": QColor("#c62828"),
    "warning": QColor("#e09100"),
    "stale": QColor("#b5651d"),  # an explanation written for other figures (待复核)
    "hint": QColor("#5b7fa6"),
    "pending": QColor("#8a72b8"),  # an error of a part nothing has been entered into yet (待填写)
    "explained": QColor("#4f9a3c"),
}
_TINT = {  # how strongly a cell's background takes its state's hue
    "error": 0.28, "warning": 0.36, "stale": 0.32, "hint": 0.10, "pending": 0.20, "explained": 0.14,
}
_STATUS_HUES = {"hint": QColor("#4a5a6a"), None: QColor("#2e7d32")}
_FORM_HUE = QColor("#5b7fa6")  # the cool tint of the form's labels and headings
_CARRIED_HUE = QColor("#2f6db5")
_IMPORTED_HUE = QColor("#2e9d6a")

# --- finding states: cell backgrounds and marks (icons, selection, status text) ---------------

STATES = tuple(_HUES)
CELL_BACKGROUND = {state: QColor() for state in STATES}
MARK_COLOUR = {state: QColor() for state in STATES}  # dots in the findings panel and on the tabs
SELECTED_BACKGROUND = {state: QColor() for state in STATES}  # a selected cell keeps its state's colour
STATUS_TEXT: dict[str | None, QColor] = {state: QColor() for state in (*STATES, None)}  # on the window
WARNING_TEXT = QColor()  # a warning written on a list's background (the merge list)

# --- the form ---------------------------------------------------------------------------------

COMPUTED_BACKGROUND = QColor()
COMPUTED_TEXT = QColor()
LABEL_BACKGROUND = QColor()
HEADING_BACKGROUND = QColor()
GRID_LINE = QColor()
FROZEN_EDGE = QColor()  # under header rows kept in sight while a table scrolls
CARRIED_MARK = QColor()  # the corner triangle of a cell carried from last year
IMPORTED_MARK = QColor()  # the top-left triangle of a cell an import filled
LAST_YEAR_TEXT = QColor()  # 「上年 5」 under a cell
FIELD_BACKGROUND = QColor()  # a live field (a table figure) inside a narrative text

# --- words around the form --------------------------------------------------------------------

HINT_TEXT = QColor()  # guidance, character counts, hints in dialogs
BADGE_BACKGROUND = QColor()  # 只读 beside the tabs
BADGE_TEXT = QColor()


# --- deriving ---------------------------------------------------------------------------------

def luminance(colour: QColor) -> float:
    """Relative luminance (WCAG 2)."""
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
    return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF()))


def contrast(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio of two colours, 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def mix(a: QColor, b: QColor, share: float) -> QColor:
    """`a` with `share` (0–1) of `b` mixed in."""
    return QColor.fromRgbF(a.redF() + (b.redF() - a.redF()) * share,
                           a.greenF() + (b.greenF() - a.greenF()) * share,
                           a.blueF() + (b.blueF() - a.blueF()) * share)


_BLACK, _WHITE = QColor(0, 0, 0), QColor(255, 255, 255)


def readable(colour: QColor, backgrounds: list[QColor], ratio: float = TEXT_CONTRAST) -> QColor:
    """`colour`, darkened on light backgrounds or lightened on dark ones just enough to reach
    `ratio` against every one of them."""
    toward = _BLACK if sum(luminance(b) for b in backgrounds) / len(backgrounds) > 0.18 else _WHITE
    for step in range(21):
        candidate = mix(colour, toward, step / 20)
        if all(contrast(candidate, b) >= ratio for b in backgrounds):
            return candidate
    return QColor(toward)


def _tint(base: QColor, hue: QColor, share: float, text: QColor) -> QColor:
    """A background of `base` tinted with `hue`, lightened or darkened until `text` reads on it."""
    for step in range(11):
        candidate = mix(base, hue, share * (1 - step / 10))
        if contrast(candidate, text) >= TEXT_CONTRAST:
            return candidate
    return QColor(base)


def _set(target: QColor, value: QColor) -> None:
    target.setRgba(value.rgba())


_followed: tuple[int, ...] | None = None


def follow(palette: QPalette) -> bool:
    """Derive every colour from `palette`; False when it gives the colours already derived."""
    global _followed
    role = QPalette.ColorRole
    base, text = palette.color(role.Base), palette.color(role.Text)
    window, window_text = palette.color(role.Window), palette.color(role.WindowText)
    highlighted_text = palette.color(role.HighlightedText)
    key = tuple(c.rgba() for c in (base, text, window, window_text, highlighted_text))
    if key == _followed:
        return False
    _followed = key
    for state in STATES:
        hue = _HUES[state]
        _set(CELL_BACKGROUND[state], _tint(base, hue, _TINT[state], text))
        _set(MARK_COLOUR[state], readable(hue, [base, window], MARK_CONTRAST))
        _set(SELECTED_BACKGROUND[state], readable(hue, [highlighted_text]))
        _set(STATUS_TEXT[state], readable(_STATUS_HUES.get(state, hue), [window]))
    _set(STATUS_TEXT[None], readable(_STATUS_HUES[None], [window]))
    _set(WARNING_TEXT, readable(_HUES["warning"], [base]))
    _set(COMPUTED_BACKGROUND, mix(base, text, 0.07))
    cell_backgrounds = [base, COMPUTED_BACKGROUND, *CELL_BACKGROUND.values()]
    _set(COMPUTED_TEXT, readable(mix(text, base, 0.38), cell_backgrounds))
    _set(LABEL_BACKGROUND, _tint(base, _FORM_HUE, 0.05, text))
    _set(HEADING_BACKGROUND, _tint(base, _FORM_HUE, 0.17, text))
    _set(FIELD_BACKGROUND, _tint(base, _FORM_HUE, 0.2, text))
    _set(GRID_LINE, readable(mix(base, text, 0.4), [base], 2.0))
    _set(FROZEN_EDGE, readable(mix(base, text, 0.62), [base], MARK_CONTRAST))
    _set(CARRIED_MARK, readable(_CARRIED_HUE, cell_backgrounds, MARK_CONTRAST))
    _set(IMPORTED_MARK, readable(_IMPORTED_HUE, cell_backgrounds, MARK_CONTRAST))
    _set(LAST_YEAR_TEXT, readable(mix(text, base, 0.48), cell_backgrounds))
    _set(HINT_TEXT, readable(mix(window_text, window, 0.4), [window, base]))
    _set(BADGE_BACKGROUND, CELL_BACKGROUND["warning"] if base.lightness() > 127
         else _tint(window, _HUES["warning"], 0.5, window_text))
    _set(BADGE_TEXT, readable(mix(window_text, _HUES["warning"], 0.4), [BADGE_BACKGROUND]))
    state_icon.cache_clear()
    _repaint_widgets()
    return True


def follow_application() -> None:
    """Derive the colours from the running application's palette and repaint what shows them."""
    if follow(QApplication.palette()):
        for widget in QApplication.allWidgets():
            widget.update()


# --- colours on widgets ----------------------------------------------------------------------

PALETTE_COLOURS = "paletteColours"  # the dynamic property use_colour leaves on a widget: role → colour name


def use_colour(widget: QWidget, colour: QColor, role: QPalette.ColorRole = QPalette.ColorRole.WindowText) -> None:
    """Draw `widget`'s `role` (its text, for a label) in one of this module's colours, now and
    after every change of theme. A palette, not a style sheet: a widget with a style sheet no
    longer takes its font from its parent, so it would not follow the zoom (gui.zoom)."""
    roles = dict(widget.property(PALETTE_COLOURS) or {})
    roles[str(role.value)] = _name_of(colour)
    widget.setProperty(PALETTE_COLOURS, roles)
    _paint(widget, roles)


def _paint(widget: QWidget, roles: dict[str, str]) -> None:
    palette = widget.palette()
    for role, name in roles.items():
        palette.setColor(QPalette.ColorRole(int(role)), _named()[name])
    widget.setPalette(palette)


def badge_style() -> str:
    """The 只读 badge: dark text on the warning colour, in a rounded box (a style sheet: the
    rounded box needs one), rebuilt after a change of theme."""
    return (f"{BADGE_STYLE_MARK} QLabel {{ background: {BADGE_BACKGROUND.name()}; color: {BADGE_TEXT.name()};"
            " font-weight: bold; border-radius: 3px; padding: 2px 8px; margin: 2px 6px 2px 2px; }")


BADGE_STYLE_MARK = "/* badge */"


@cache
def _named() -> dict[str, QColor]:
    """Every colour of this module by name: 「HINT_TEXT」, 「STATUS_TEXT[error]」."""
    named: dict[str, QColor] = {}
    for name, value in globals().items():
        if name.startswith("_") or not name.isupper():
            continue
        if isinstance(value, QColor):
            named[name] = value
        elif isinstance(value, dict):
            named.update({f"{name}[{key}]": entry for key, entry in value.items() if isinstance(entry, QColor)})
    return named


def _name_of(colour: QColor) -> str:
    found = next((name for name, value in _named().items() if value is colour), None)
    if found is None:
        raise ValueError("use_colour takes one of gui.palette's colours")
    return found


def _repaint_widgets() -> None:
    """Widgets given colours by this module get the new ones."""
    if QApplication.instance() is None:
        return
    for widget in QApplication.allWidgets():
        roles = widget.property(PALETTE_COLOURS)
        if roles:
            _paint(widget, dict(roles))
        elif widget.styleSheet().startswith(BADGE_STYLE_MARK):
            widget.setStyleSheet(badge_style())


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


def _light_palette() -> QPalette:
    """The palette the colours have before an application exists (Qt's own light one)."""
    palette = QPalette()
    for role, colour in ((QPalette.ColorRole.Base, _WHITE), (QPalette.ColorRole.Text, _BLACK),
                         (QPalette.ColorRole.Window, QColor(239, 239, 239)),
                         (QPalette.ColorRole.WindowText, _BLACK), (QPalette.ColorRole.HighlightedText, _WHITE)):
        palette.setColor(role, colour)
    return palette


follow(_light_palette())
