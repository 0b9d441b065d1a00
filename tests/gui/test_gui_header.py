"""Issue 9 item 8: the report's identity (unit, year, format) is always in sight, and a missing
unit is shown in red with a way to fill it in."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget
from pytestqt.qtbot import QtBot

from gui.dialogs import PropertiesDialog
from gui.palette import STATUS_TEXT
from gui_helpers import discard_on_close, open_window  # noqa: F401


def visible_words(window: QWidget) -> str:
    """The window's title and every label and button text the clerk can see."""
    shown = [w.text() for w in window.findChildren(QLabel) + window.findChildren(QAbstractButton)
             if w.isVisible() and w.text()]
    return "\n".join([window.windowTitle(), *shown])


def test_unit_year_and_format_are_in_sight_on_every_tab(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    assert window.tabs is not None
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        words = visible_words(window)
        assert "示例市演示区文化和旅游局" in words and "2025年度" in words and "2021年版" in words, index


def test_a_2019_format_report_says_so(qtbot: QtBot, seed_file: Path) -> None:
    window = open_window(qtbot, seed_file)
    words = visible_words(window)
    assert "南开区文化和旅游局" in words and "2020年度" in words and "2019年版" in words


def missing_unit_buttons(window: QWidget) -> list[QAbstractButton]:
    return [b for b in window.findChildren(QAbstractButton) if b.isVisible() and "未填写单位名称" in b.text()]


def test_a_missing_unit_is_shown_in_red_and_a_click_opens_the_properties(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, None)  # 新建 without a unit
    missing = missing_unit_buttons(window)
    assert len(missing) == 1
    assert missing[0].palette().color(QPalette.ColorRole.ButtonText) == STATUS_TEXT["error"]
    opened: list[str] = []

    def fill_in(dialog: PropertiesDialog) -> int:
        opened.append(dialog.windowTitle())
        dialog.unit.setText("某某区司法局")
        return 1

    monkeypatch.setattr(PropertiesDialog, "exec", fill_in)
    qtbot.mouseClick(missing[0], Qt.MouseButton.LeftButton)
    assert opened == ["报告属性"]
    assert window.document is not None and window.document.report.unit == "某某区司法局"
    assert missing_unit_buttons(window) == [] and "某某区司法局" in visible_words(window)
    window.actions_by_name["undo"].trigger()  # 撤销 takes the unit back: the header follows
    assert len(missing_unit_buttons(window)) == 1


def test_another_report_replaces_the_tabs_at_once(qtbot: QtBot, demo_file: Path, seed_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    old = window.tabs
    assert old is not None and old.isVisible()
    assert window.open_path(seed_file)
    assert not old.isVisible()  # out of sight at once, not when the event loop deletes it
    qtbot.waitUntil(lambda: window.tabs is not None and window.tabs.isVisible())
    assert "南开区文化和旅游局" in visible_words(window) and "示例市演示区文化和旅游局" not in visible_words(window)
