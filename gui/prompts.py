"""Every message box and file dialog of the window, built in one place.

Message boxes get Chinese button texts whatever Qt's own translation says, and are shown
through `run_box` (the one function tests replace). File dialogs open in one remembered
folder — the last folder the clerk used in any file dialog this session, else the folder of
the report at hand, else the clerk's Documents folder — and a name typed without the
expected suffix gets it, so no caller repeats either rule.
"""
from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Sequence

from PySide6.QtWidgets import QAbstractButton, QFileDialog, QMessageBox, QWidget

Icon = QMessageBox.Icon
Role = QMessageBox.ButtonRole
OK_TEXT = "确定"
MESSAGE_WIDTH = 460  # QMessageBox wraps narrowly; paths, names and times read better on one line

_last_folder: Path | None = None


# --- message boxes ---------------------------------------------------------------------------

def run_box(box: QMessageBox) -> QAbstractButton | None:
    """Show `box` until the clerk answers; the button pressed (Esc gives the escape button),
    None when the box was closed without one."""
    box.exec()
    return box.clickedButton()


def choose(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str,
           buttons: Sequence[tuple[str, QMessageBox.ButtonRole]], *, informative: str = "",
           details: str = "", default: int = 0, escape: int | None = None,
           width: int = 0) -> int | None:
    """A box with the given buttons (text, role); the index of the one pressed, or None.

    `escape` names the button Esc presses; `width` widens the texts (pixels) where they would
    wrap into many short lines.
    """
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    made = [box.addButton(label, role) for label, role in buttons]
    if informative:
        box.setInformativeText(informative)
    if details:
        box.setDetailedText(details)
    if width:
        box.setStyleSheet("QLabel#qt_msgbox_label, QLabel#qt_msgbox_informativelabel"  # Qt's names
                          f" {{ min-width: {width}px; }}")
    box.setDefaultButton(made[default])
    if escape is not None:
        box.setEscapeButton(made[escape])
    clicked = run_box(box)
    return made.index(clicked) if clicked in made else None


def warn(parent: QWidget | None, title: str, text: str, *, informative: str = "", details: str = "",
         width: int = 0) -> None:
    """Something the clerk asked for did not happen, and why."""
    choose(parent, Icon.Warning, title, text, [(OK_TEXT, Role.AcceptRole)], informative=informative,
           details=details, escape=0, width=width)


def inform(parent: QWidget | None, title: str, text: str, *, informative: str = "", details: str = "",
           width: int = 0) -> None:
    choose(parent, Icon.Information, title, text, [(OK_TEXT, Role.AcceptRole)], informative=informative,
           details=details, escape=0, width=width)


def report_error(parent: QWidget | None, title: str, text: str, details: str = "") -> None:
    """The program itself failed (the error hook): a critical box with the technical details folded."""
    choose(parent, Icon.Critical, title, text, [(OK_TEXT, Role.AcceptRole)], details=details, escape=0)


def ask_yes_no(parent: QWidget | None, title: str, text: str, *, default_yes: bool = False) -> bool:
    """是 / 否; Esc and closing the box answer 否."""
    answer = choose(parent, Icon.Question, title, text, [("是", Role.YesRole), ("否", Role.NoRole)],
                    default=0 if default_yes else 1, escape=1)
    return answer == 0


class SaveChoice(Enum):
    SAVE = "保存"
    DISCARD = "不保存"
    CANCEL = "取消"


def ask_save_changes(parent: QWidget | None, name: str) -> SaveChoice:
    """保存 / 不保存 / 取消 for a report with unsaved changes; Esc and closing the box cancel."""
    choices = list(SaveChoice)
    answer = choose(parent, Icon.Warning, "保存修改", f"“{name}”有尚未保存的修改。\n是否保存？",
                    [(SaveChoice.SAVE.value, Role.AcceptRole), (SaveChoice.DISCARD.value, Role.DestructiveRole),
                     (SaveChoice.CANCEL.value, Role.RejectRole)], escape=2)
    return SaveChoice.CANCEL if answer is None else choices[answer]


def ask_integer(parent: QWidget | None, title: str, label: str, value: int, minimum: int,
                maximum: int) -> int | None:
    """A whole number from the clerk, e.g. a year (None: cancelled)."""
    from PySide6.QtWidgets import QInputDialog  # only when asked: PySide builds the class on first access
    answer, ok = QInputDialog.getInt(parent, title, label, value, minimum, maximum)
    return answer if ok else None


def ask_text(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    """Several lines of text from the clerk (None: cancelled)."""
    from PySide6.QtWidgets import QInputDialog  # only when asked: PySide builds the class on first access
    answer, ok = QInputDialog.getMultiLineText(parent, title, label, text)
    return answer if ok else None


# --- file dialogs ----------------------------------------------------------------------------

def start_folder(near: Path | None = None) -> Path:
    """Where a file dialog opens: the last folder used this session, else the folder of `near`
    (the report's file), else the clerk's Documents folder."""
    if _last_folder is not None:
        return _last_folder
    if near is not None and Path(near).parent.is_dir():
        return Path(near).parent
    from model.appdirs import documents_dir
    try:
        return documents_dir()  # 文档 (created if a fresh account has none yet)
    except OSError:
        return Path.home()


def _remember(chosen: Path) -> None:
    global _last_folder
    _last_folder = chosen.parent


def open_file(parent: QWidget | None, title: str, file_filter: str, near: Path | None = None) -> Path | None:
    """One existing file the clerk picks (None: cancelled)."""
    chosen, _ = QFileDialog.getOpenFileName(parent, title, str(start_folder(near)), file_filter)
    if not chosen:
        return None
    _remember(Path(chosen))
    return Path(chosen)


def open_files(parent: QWidget | None, title: str, file_filter: str, near: Path | None = None) -> list[Path]:
    """Existing files the clerk picks (empty: cancelled)."""
    chosen, _ = QFileDialog.getOpenFileNames(parent, title, str(start_folder(near)), file_filter)
    paths = [Path(p) for p in chosen]
    if paths:
        _remember(paths[0])
    return paths


def save_file(parent: QWidget | None, title: str, file_filter: str, suffix: str, name: str,
              near: Path | None = None) -> Path | None:
    """Where to write a new file, suggested as `name`; a name typed without `suffix` gets it."""
    chosen, _ = QFileDialog.getSaveFileName(parent, title, str(start_folder(near) / name), file_filter)
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() != suffix.lower():
        path = path.with_name(path.name + suffix)
    _remember(path)
    return path
