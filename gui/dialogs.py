"""Dialogs of the file menu: a new report, the report's properties."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QLineEdit, QSpinBox, QVBoxLayout, QWidget)

from gui.palette import HINT_TEXT, colour_style
from model.formats import available_formats, format_for_year, load_format
from model.numbers import AMOUNT_UNIT
from model.report import UNIT_MAX_CHARS, YEAR_RANGE, Report

AUTO_TOTALS_LABEL = "由程序自动计算合计（总计列、总计行）"
AUTO_TOTALS_HELP = ("开启时，合计单元格由程序按分项相加填写，显示为灰色斜体，不能手工修改；"
                    "关闭时，合计单元格与其他单元格一样手工填写，程序检查其是否等于分项之和。")


@dataclass(frozen=True)
class ReportSettings:
    format_id: str
    unit: str
    year: int
    auto_totals: bool
    amount_unit: str = AMOUNT_UNIT  # of amounts whose format leaves the unit open (2019 采购总金额)


class _SettingsDialog(QDialog):
    """The form both dialogs share: unit, year, format, automatic totals, and the unit of
    amounts where the format leaves it to the clerk."""

    def __init__(self, title: str, settings: ReportSettings, format_fixed: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.unit = QLineEdit(settings.unit)
        self.unit.setPlaceholderText("如：某某区文化和旅游局")
        self.unit.setMinimumWidth(320)
        self.unit.setMaxLength(UNIT_MAX_CHARS)  # the loader refuses longer names (model.report)
        self.year = QSpinBox()
        self.year.setRange(YEAR_RANGE.start, YEAR_RANGE.stop - 1)
        self.year.setValue(settings.year)
        self.year.setSuffix(" 年")
        self.format = QComboBox()
        for format_id in available_formats():
            self.format.addItem(load_format(format_id).name, format_id)
        self.format.setCurrentIndex(self.format.findData(settings.format_id))
        self.format.setEnabled(not format_fixed)
        self.auto_totals = QCheckBox(AUTO_TOTALS_LABEL)
        self.auto_totals.setChecked(settings.auto_totals)
        self.auto_totals.setToolTip(AUTO_TOTALS_HELP)
        self.amount_unit = QComboBox()
        self.amount_unit.setToolTip("2019年版的采购总金额没有规定单位：请按填写的数字选择万元或元，表头随之显示")
        self.amount_unit_label = QLabel()
        self._amount_unit_wanted = settings.amount_unit
        help_text = QLabel(AUTO_TOTALS_HELP)
        help_text.setWordWrap(True)
        help_text.setStyleSheet(colour_style(HINT_TEXT))
        form = QFormLayout()
        form.addRow("单位名称：", self.unit)
        form.addRow("报告年度：", self.year)
        form.addRow("报告格式：", self.format)
        form.addRow(self.amount_unit_label, self.amount_unit)
        form.addRow("", self.auto_totals)
        form.addRow("", help_text)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.unit.textChanged.connect(self._validate)
        if not format_fixed:
            self.year.valueChanged.connect(self._follow_year)
        self.format.currentIndexChanged.connect(self._offer_units)
        self._offer_units()
        self._validate()

    def _offer_units(self) -> None:
        """The unit chooser, for a format whose amounts may be in 万元 or 元."""
        fmt = load_format(self.format.currentData())
        choices = fmt.unit_choices()
        self.amount_unit.clear()
        self.amount_unit.addItems(list(choices))
        if self._amount_unit_wanted in choices:
            self.amount_unit.setCurrentText(self._amount_unit_wanted)
        key = min(fmt.unit_chosen_keys(), default="")
        self.amount_unit_label.setText(f"{fmt.describe_cell(key, with_table=False).split(' · ')[-1]}的单位："
                                       if key else "")
        self.amount_unit.setVisible(bool(choices))
        self.amount_unit_label.setVisible(bool(choices))

    def _follow_year(self, year: int) -> None:
        """The format in force for the year is the sensible default (2019 → 2019年版)."""
        self.format.setCurrentIndex(self.format.findData(format_for_year(year)))

    def _validate(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.unit.text().strip()))

    def settings(self) -> ReportSettings:
        return ReportSettings(self.format.currentData(), self.unit.text().strip(), self.year.value(),
                              self.auto_totals.isChecked(), self.amount_unit.currentText() or AMOUNT_UNIT)


class NewReportDialog(_SettingsDialog):
    def __init__(self, year: int, unit: str = "", parent: QWidget | None = None) -> None:
        super().__init__("新建报告", ReportSettings(format_for_year(year), unit, year, True), False, parent)


class PropertiesDialog(_SettingsDialog):
    """The open report's unit, year, totals switch and unit of amounts (its format cannot change)."""

    def __init__(self, report: Report, parent: QWidget | None = None) -> None:
        super().__init__("报告属性", ReportSettings(report.format.id, report.unit, report.year,
                                                  report.auto_totals, report.amount_unit), True, parent)

