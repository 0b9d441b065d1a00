"""Dialogs of the file menu: a new report, the report's properties (with the 落款's 成文日期
and the 引言 the exports print)."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QSpinBox, QVBoxLayout, QWidget)

from gui.palette import HINT_TEXT, STATUS_TEXT, use_colour
from model.formats import available_formats, format_for_year, load_format
from model.numbers import AMOUNT_UNIT
from model.report import UNIT_MAX_CHARS, YEAR_RANGE, Report, intro_wording

AUTO_TOTALS_LABEL = "由程序自动计算合计（总计列、总计行）"
DATE_FORMAT = "yyyy年M月d日"  # as the 落款 prints it
EXPORT_DAY_LABEL = "用导出当天的日期"
INTRO_LABEL = "在“一、总体情况”之前加引言（可修改下面的常用写法）"
AUTO_TOTALS_HELP = ("开启时，合计单元格由程序按分项相加填写，显示为灰色斜体，不能手工修改；"
                    "关闭时，合计单元格与其他单元格一样手工填写，程序检查其是否等于分项之和。")


def due_year(today: date | None = None) -> int:
    """The year whose report is due next: reports are due by 31 January for the year before."""
    today = today or date.today()
    return today.year - 1 if today.month == 1 else today.year


def year_format_warning(year: int, format_id: str) -> str:
    """Why a year and a format do not fit together ("" when they do): the format in force for
    that year is another one."""
    due = format_for_year(year)
    if due == format_id:
        return ""
    return (f"{year}年度的报告一般使用{load_format(due).short_name}（所选为{load_format(format_id).short_name}），"
            "请核对年度和格式。")


def show_fitted(note: QLabel, text: str) -> None:
    """Show a wrapped note (hidden when `text` is empty), its dialog growing or shrinking to
    fit it whole, since a dialog keeps its size when a label appears in it."""
    note.setText(text)
    if note.isHidden() != (not text):
        note.setVisible(bool(text))
        note.window().adjustSize()


@dataclass(frozen=True)
class ReportSettings:
    format_id: str
    unit: str
    year: int
    auto_totals: bool
    amount_unit: str = AMOUNT_UNIT  # of amounts whose format leaves the unit open (2019 采购总金额)
    issued: date | None = None  # 成文日期; None: the day of export
    intro: str = ""  # 引言; empty: none


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
        self.year_warning = QLabel()
        self.year_warning.setWordWrap(True)
        use_colour(self.year_warning, STATUS_TEXT["warning"])
        help_text = QLabel(AUTO_TOTALS_HELP)
        help_text.setWordWrap(True)
        use_colour(help_text, HINT_TEXT)
        self.form = form = QFormLayout()
        form.addRow("单位名称：", self.unit)
        form.addRow("报告年度：", self.year)
        form.addRow("报告格式：", self.format)
        form.addRow("", self.year_warning)
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
        self.year.valueChanged.connect(self._check_year)
        self.format.currentIndexChanged.connect(self._check_year)
        self._validate()
        self._check_year()

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

    def _check_year(self) -> None:
        """Warn (without refusing) when the year does not fit the format."""
        show_fitted(self.year_warning, year_format_warning(self.year.value(), self.format.currentData()))

    def _validate(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.unit.text().strip()))

    def settings(self) -> ReportSettings:
        return ReportSettings(self.format.currentData(), self.unit.text().strip(), self.year.value(),
                              self.auto_totals.isChecked(), self.amount_unit.currentText() or AMOUNT_UNIT)


class NewReportDialog(_SettingsDialog):
    def __init__(self, year: int | None = None, unit: str = "", parent: QWidget | None = None) -> None:
        year = year or due_year()
        super().__init__("新建报告", ReportSettings(format_for_year(year), unit, year, True), False, parent)


class PropertiesDialog(_SettingsDialog):
    """The open report's unit, year, totals switch and unit of amounts (its format cannot
    change), and what the exports print around the text: the 成文日期 of the 落款 and an
    optional 引言."""

    def __init__(self, report: Report, parent: QWidget | None = None) -> None:
        super().__init__("报告属性", ReportSettings(report.format.id, report.unit, report.year,
                                                  report.auto_totals, report.amount_unit, report.issued,
                                                  report.intro), True, parent)
        self.report_format = report.format
        self.issued = QDateEdit(_qdate(report.issue_date()))
        self.issued.setCalendarPopup(True)
        self.issued.setDisplayFormat(DATE_FORMAT)
        self.on_export_day = QCheckBox(EXPORT_DAY_LABEL)
        self.on_export_day.toggled.connect(lambda checked: self.issued.setEnabled(not checked))
        self.on_export_day.setChecked(report.issued is None)
        self.issued.setEnabled(report.issued is not None)
        self.with_intro = QCheckBox(INTRO_LABEL)
        self.intro = QPlainTextEdit(report.intro or report.default_intro())
        self.intro.setFixedHeight(self.intro.fontMetrics().lineSpacing() * 6)
        self.with_intro.toggled.connect(self.intro.setEnabled)
        self.with_intro.setChecked(bool(report.intro))
        self.intro.setEnabled(bool(report.intro))
        dated = QHBoxLayout()
        dated.addWidget(self.issued)
        dated.addWidget(self.on_export_day)
        dated.addStretch()
        self.form.addRow("成文日期：", dated)
        self.form.addRow("", self.with_intro)
        self.form.addRow("", self.intro)
        self._usual_intro = intro_wording(report.format, report.unit, report.year)
        self.unit.textChanged.connect(self._follow_unit_and_year)
        self.year.valueChanged.connect(self._follow_unit_and_year)

    def _follow_unit_and_year(self) -> None:
        """The usual wording names the unit and the year: it follows them while unedited."""
        usual = intro_wording(self.report_format, self.unit.text().strip(), self.year.value())
        if self.intro.toPlainText() == self._usual_intro:
            self.intro.setPlainText(usual)
        self._usual_intro = usual

    def settings(self) -> ReportSettings:
        base = super().settings()
        chosen = self.issued.date()
        issued = None if self.on_export_day.isChecked() else date(chosen.year(), chosen.month(), chosen.day())
        intro = self.intro.toPlainText().strip() if self.with_intro.isChecked() else ""
        return replace(base, issued=issued, intro=intro)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)

