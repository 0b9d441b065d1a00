"""Issue 9 item 9: 帮助 ▸ 使用说明 (F1), the colour legend (also from the findings panel) and 关于."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QApplication, QDialog, QTextBrowser, QWidget
from pytestqt.qtbot import QtBot

from gui.palette import CELL_BACKGROUND, COMPUTED_BACKGROUND
from gui_helpers import activate, discard_on_close, open_window  # noqa: F401
from model import history
from model.recovery import recovery_dir
from model.rules import STATE_RANK


def help_windows(window: QWidget) -> list[tuple[QDialog, QTextBrowser]]:
    """The help windows `window` shows."""
    found = []
    for widget in QApplication.topLevelWidgets():
        browser = widget.findChild(QTextBrowser)
        if isinstance(widget, QDialog) and widget.parentWidget() is window and widget.isVisible() and browser:
            found.append((widget, browser))
    return found


def sample_colour(browser: QTextBrowser, key: str) -> str:
    """The colour inside the legend's sample of `key`, away from its text and border."""
    image = browser.document().resource(QTextDocument.ResourceType.ImageResource, QUrl(f"legend:{key}"))
    assert isinstance(image, QImage)
    return image.pixelColor(QPoint(4, 4)).name()


def test_f1_opens_the_guide_with_the_legend_totals_and_shortcuts(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    shown = help_windows(window)
    assert [dialog.windowTitle() for dialog, _ in shown] == ["使用说明"]
    text = shown[0][1].toPlainText()
    assert "“/”表示不适用" in text and "自动计算合计" in text and "分项之和" in text
    from model.rules import STATE_NAMES
    for state in STATE_RANK:
        assert STATE_NAMES[state] in text, state
    assert "上年结转" in text and "导入" in text  # the corner marks
    assert "Ctrl+S" in text and "F8" in text and "文件 ▸ 保存" in text  # the menus' own shortcuts
    assert sample_colour(shown[0][1], "error") == CELL_BACKGROUND["error"].name()
    assert sample_colour(shown[0][1], "computed") == COMPUTED_BACKGROUND.name()
    qtbot.keyClick(window, Qt.Key.Key_F1)  # again: the same window, not a second one
    assert len(help_windows(window)) == 1


def test_the_findings_panel_leads_to_the_colour_legend(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    qtbot.mouseClick(window.findings_panel.legend_button, Qt.MouseButton.LeftButton)
    shown = help_windows(window)
    assert [dialog.windowTitle() for dialog, _ in shown] == ["颜色和标记说明"]
    text = shown[0][1].toPlainText()
    from gui.legend import entries
    assert all(entry.name in text for entry in entries())
    for state in STATE_RANK:
        assert sample_colour(shown[0][1], state) == CELL_BACKGROUND[state].name(), state


def test_every_state_of_a_finding_has_words_and_a_colour() -> None:
    from gui.legend import STATE_MEANINGS
    assert set(STATE_RANK) <= set(STATE_MEANINGS) and set(STATE_RANK) <= set(CELL_BACKGROUND)


def test_about_tells_the_version_and_where_the_files_are(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    assert "关于年报助手(&A)" in [a.text() for a in window.menu("help").actions()]
    from gui.help import about_html, program_version
    text = about_html()
    assert program_version() in text and program_version()[0].isdigit()
    for folder in (recovery_dir(), history.history_root()):
        assert str(folder) in text


def test_the_guide_is_a_resource_with_its_marks() -> None:
    from gui.help import guide_text
    text = guide_text()
    assert "<!--LEGEND-->" in text and "<!--SHORTCUTS-->" in text and "\n" not in text
