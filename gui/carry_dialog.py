"""文件 ▸ 由上年报告新建: choose last year's file, the options, and get next year's report.

Loading and carrying fail with Chinese messages and return None, so the caller's report stays.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QVBoxLayout, QWidget)

from gui import prompts
from gui.dialogs import show_fitted, year_format_warning
from gui.features import Window
from gui.files import ANY_REPORT_FILTER, load_or_explain
from gui.palette import HINT_TEXT, STATUS_TEXT, use_colour
from model.carry import CarryError, carry_forward
from model.formats import available_formats, latest_format_id, load_format
from model.importing.reader import load_any
from model.report import Report
from model.summaries import carry_summary

COPY_TEXTS_LABEL = "复制上年报告的文字部分（一、五、六）作为初稿"


@dataclass(frozen=True)
class CarrySettings:
    format_id: str
    unit: str
    copy_texts: bool


class CarryDialog(QDialog):
    """The options of a carry: the new report's format and unit, and whether to copy the texts."""

    def __init__(self, last: Report, file_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("由上年报告新建")
        self.new_year = last.year + 1
        source = QLabel(f"{last.unit or '（未填单位）'} · {last.year}年度 · {last.format.name}\n{file_name}")
        source.setWordWrap(True)
        self.format = QComboBox()
        for format_id in available_formats():
            self.format.addItem(load_format(format_id).name, format_id)
        self.format.setCurrentIndex(self.format.findData(latest_format_id()))
        self.format_hint = QLabel()
        use_colour(self.format_hint, STATUS_TEXT["warning"])
        self.format_hint.setWordWrap(True)
        self.unit = QLineEdit(last.unit)
        self.unit.setPlaceholderText("如：某某区文化和旅游局")
        self.unit.setMinimumWidth(320)
        self.copy_texts = QCheckBox(COPY_TEXTS_LABEL)
        explained = QLabel("由上年数据即可确定的单元格（如本年“上年结转”的申请数）将预先填好，"
                           "右上角以蓝色三角标出；跨年度校验所用的上年数据以灰色小字显示在单元格下方。")
        use_colour(explained, HINT_TEXT)
        explained.setWordWrap(True)
        form = QFormLayout()
        form.addRow("上年报告：", source)
        form.addRow("新报告年度：", QLabel(f"{self.new_year} 年"))
        form.addRow("报告格式：", self.format)
        form.addRow("", self.format_hint)
        form.addRow("单位名称：", self.unit)
        form.addRow("", self.copy_texts)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("新建")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(explained)
        layout.addWidget(self.buttons)
        self.unit.textChanged.connect(self._validate)
        self.format.currentIndexChanged.connect(self._update_hint)
        self._validate()
        self._update_hint()

    def _update_hint(self) -> None:
        """Say so when the chosen format is not the one in force for the new year; the dialog
        grows to show the hint whole."""
        show_fitted(self.format_hint, year_format_warning(self.new_year, self.format.currentData()))

    def _validate(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.unit.text().strip()))

    def settings(self) -> CarrySettings:
        return CarrySettings(self.format.currentData(), self.unit.text().strip(), self.copy_texts.isChecked())


def carried_report(last: Report, settings: CarrySettings) -> Report:
    """Next year's report with the chosen options; raises CarryError."""
    new = carry_forward(last, settings.format_id, copy_texts=settings.copy_texts)
    new.unit = settings.unit
    return new


def carry_into(window: Window) -> None:
    """文件 ▸ 由上年报告新建: after the clerk agreed to leave the current report."""
    if not window.files.confirm_discard():
        return
    carried = ask_carried_report(window.window(), window.files.near())
    if carried is not None:
        window.open_new_report(*carried)


def ask_carried_report(parent: QWidget, near: Path | None) -> tuple[Report, str] | None:
    """Ask for last year's file and the options; next year's report and a status line, or None."""
    path = prompts.open_file(parent, "选择上年报告", ANY_REPORT_FILTER, near)
    if path is None:
        return None
    last = load_or_explain(parent, path, load_any)
    if last is None:
        return None
    dialog = CarryDialog(last, path.name, parent)
    if not dialog.exec():
        return None
    settings = dialog.settings()
    try:
        new = carried_report(last, settings)
    except CarryError as exc:
        prompts.warn(parent, "无法由上年报告新建", str(exc))
        return None
    return new, carry_summary(last, new, settings.copy_texts)
