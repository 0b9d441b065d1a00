"""Issue 9, "Also": the carry dialog grows to show its hint whole, 报告属性 and 新建 warn about a
year that does not fit the format, and Qt's own file dialog (麒麟/统信 desktops) is Chinese."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QAbstractButton, QComboBox, QFileDialog, QLabel, QLineEdit, QTreeView, QWidget)
from pytestqt.qtbot import QtBot

from conftest import DEMO_EXAMPLE
from gui.app import create_app
from gui.carry_dialog import CarryDialog
from gui.dialogs import NewReportDialog, PropertiesDialog
from gui.files import PROJECT_FILTER
from model.report import Report
from model.storage import load_report

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def shown_whole(label: QLabel) -> bool:
    """The label is visible, inside its window, and as tall as its wrapped text needs."""
    window = label.window()
    inside = window.rect().contains(label.mapTo(window, label.rect().bottomRight()))
    return label.isVisible() and inside and label.height() >= label.heightForWidth(label.width())


def warnings_shown(dialog: QWidget) -> list[str]:
    return [label.text() for label in dialog.findChildren(QLabel) if label.isVisible() and "一般使用" in label.text()]


def test_the_carry_dialog_grows_to_show_its_hint(qtbot: QtBot) -> None:
    dialog = CarryDialog(load_report(DEMO_EXAMPLE), "demo-2025.json")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert warnings_shown(dialog) == []
    before = dialog.height()
    dialog.format.setCurrentIndex(dialog.format.findData("2019"))
    QCoreApplication.processEvents()
    assert len(warnings_shown(dialog)) == 1 and "2026年度的报告一般使用2021年版" in warnings_shown(dialog)[0]
    assert shown_whole(dialog.format_hint) and dialog.height() > before
    assert dialog.buttons.isVisible() and dialog.rect().contains(dialog.buttons.geometry())


def test_the_properties_warn_about_a_year_that_does_not_fit_the_format(qtbot: QtBot) -> None:
    report = Report.blank("2021", "某某局", 2025)
    dialog = PropertiesDialog(report)
    qtbot.addWidget(dialog)
    dialog.show()
    assert warnings_shown(dialog) == []
    dialog.year.setValue(2020)  # the 2021 format began with the 2021 reports
    QCoreApplication.processEvents()
    assert warnings_shown(dialog) == ["2020年度的报告一般使用2019年版（所选为2021年版），请核对年度和格式。"]
    label = next(l for l in dialog.findChildren(QLabel) if l.text() == warnings_shown(dialog)[0])
    assert shown_whole(label)
    assert dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()  # a warning, not a refusal
    dialog.year.setValue(2024)
    assert warnings_shown(dialog) == []


def test_a_new_report_warns_when_the_clerk_picks_another_format(qtbot: QtBot) -> None:
    dialog = NewReportDialog(2025, "某某局")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.format.setCurrentIndex(dialog.format.findData("2019"))
    assert warnings_shown(dialog) == ["2025年度的报告一般使用2021年版（所选为2019年版），请核对年度和格式。"]
    dialog.year.setValue(2020)  # the format follows the year: it fits again
    assert dialog.format.currentData() == "2019" and warnings_shown(dialog) == []


def words_of(dialog: QFileDialog) -> list[str]:
    """What the clerk reads in Qt's own file dialog: labels, buttons, tooltips, the column
    headings and the context menu's commands (not the file names, paths and filters)."""
    words: list[str] = []
    for widget in dialog.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, (QLabel, QAbstractButton)) and widget.text():
            words.append(widget.text())
        if widget.toolTip() and not isinstance(widget, (QComboBox, QLineEdit)):
            words.append(widget.toolTip())
    header = dialog.findChild(QTreeView)
    assert header is not None
    model = header.model()
    words += [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    words += [action.text() for action in dialog.findChildren(QAction) if action.text()]
    return words


@pytest.mark.parametrize("accept", [QFileDialog.AcceptMode.AcceptOpen, QFileDialog.AcceptMode.AcceptSave])
def test_qts_own_file_dialog_speaks_chinese(qtbot: QtBot, tmp_path: Path, accept: QFileDialog.AcceptMode) -> None:
    create_app()
    dialog = QFileDialog(None, "打开报告", str(tmp_path), PROJECT_FILTER)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setAcceptMode(accept)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    english = [w for w in words_of(dialog) if not CHINESE.search(w)]
    assert english == []  # today: 「&Look in:」, 「Files of &type:」
    questions = ["%1 already exists.", "Do you want to replace it?", "File not found.",
                 "Please verify the correct file name was given.", "Are you sure you want to delete '%1'?"]
    assert [q for q in questions if not CHINESE.search(QCoreApplication.translate("QFileDialog", q))] == []
    assert CHINESE.search(QCoreApplication.translate("QAbstractFileIconProvider", "Folder"))
