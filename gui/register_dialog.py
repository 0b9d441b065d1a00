"""The two steps of importing a request register in the window: which of the register's sheets
and columns is which, for the requests and for the 行政复议/行政诉讼 cases (remembered for the
next import), then what it gives, to be accepted.

Nothing reaches the report before the clerk presses 「接受并填入报告」 in the second step.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QHeaderView, QLabel,
                               QListWidget, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from gui.palette import state_icon
from model.appdirs import data_dir
from model.importing.labels import label_key
from model.register import CASE_FIELDS, CASES_SHEET, REQUEST_FIELDS, REQUESTS_SHEET, Field
from model.register_import import Mapping, RegisterImport, RegisterSheets, likely_header, match_columns
from model.storage import write_atomically

MAPPING_FILE = "register-mapping.json"
NOT_IMPORTED = "（无此列）"
NOT_IMPORTED_SHEET = "（不导入）"


def remembered_mapping() -> Mapping:
    """The mapping the clerk chose last time ({} when none, or the file is damaged)."""
    try:
        raw = json.loads((data_dir() / MAPPING_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(raw, dict):
        return {}
    return {k: v for k, v in raw.items() if isinstance(k, str) and isinstance(v, str)}


def remember_mapping(mapping: Mapping) -> None:
    """Keep the mapping for the next import; failing to write it never disturbs the clerk."""
    data = json.dumps(mapping, ensure_ascii=False, indent=1).encode("utf-8")
    try:
        write_atomically(data_dir() / MAPPING_FILE, data)
    except OSError:
        pass


@dataclass(frozen=True)
class SheetPart:
    """One sheet the count reads: the template's name for it, its columns, whether a register
    may lack it."""

    name: str
    title: str
    fields: tuple[Field, ...]
    optional: bool


PARTS = (SheetPart(REQUESTS_SHEET, "申请登记", REQUEST_FIELDS, False),
         SheetPart(CASES_SHEET, "行政复议、行政诉讼案件", CASE_FIELDS, True))


class MappingDialog(QDialog):
    """For the requests and the cases: which sheet of the register holds them, and one
    drop-down per column the count reads, offering the headers of that sheet."""

    def __init__(self, sheets: RegisterSheets, mapping: Mapping, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("导入台账：对应台账的工作表和列")
        self.setMinimumWidth(520)
        self.sheets = sheets
        self.remembered = mapping
        explanation = QLabel("台账的工作表或列名与本程序不同。请选择申请登记（及行政复议、行政诉讼案件）所在的"
                             "工作表，并为每一项选择台账中对应的列（下次导入时会记住）：")
        explanation.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        self.sheet_boxes: dict[str, QComboBox] = {}  # the template's sheet name → the register's sheet
        self.header_rows: dict[str, QLabel] = {}
        self.boxes: dict[str, QComboBox] = {}  # this program's column → the register's column
        found = {REQUESTS_SHEET: sheets.requests, CASES_SHEET: sheets.cases}
        for part in PARTS:
            if part.optional and len(sheets.rows) < 2:
                continue  # a register of one sheet has no cases sheet to choose
            group = QGroupBox(part.title)
            form = QFormLayout(group)
            sheet_box = QComboBox()
            sheet_box.addItems(([NOT_IMPORTED_SHEET] if part.optional else []) + list(sheets.rows))
            header = found[part.name]
            sheet_box.setCurrentText(header.sheet if header is not None else NOT_IMPORTED_SHEET)
            self.header_rows[part.name] = QLabel()
            form.addRow("工作表：", sheet_box)
            form.addRow("", self.header_rows[part.name])
            self.sheet_boxes[part.name] = sheet_box
            for item in part.fields:
                if item.read:
                    box = QComboBox()
                    self.boxes[item.header] = box
                    form.addRow(f"{item.header}{'（必需）' if item.required else ''}：", box)
                    box.currentIndexChanged.connect(self._check)
            sheet_box.currentIndexChanged.connect(lambda _=0, p=part: self._fill(p))
            layout.addWidget(group)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.ok = self.buttons.addButton("下一步", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        for part in PARTS:
            if part.name in self.sheet_boxes:
                self._fill(part)

    def _parts(self) -> list[SheetPart]:
        return [part for part in PARTS if part.name in self.sheet_boxes]

    def _fill(self, part: SheetPart) -> None:
        """The column drop-downs of a part from the header row of the sheet chosen for it."""
        sheet = self.sheet_boxes[part.name].currentText()
        rows = self.sheets.rows.get(sheet)
        header = likely_header(sheet, rows, part.fields, self.remembered) if rows is not None else None
        chosen = match_columns(header.texts, part.fields, self.remembered) if header is not None else {}
        self.header_rows[part.name].setText(f"（第 {header.row} 行为表头）" if header is not None else "")
        for item in part.fields:
            box = self.boxes.get(item.header)
            if box is None:
                continue
            box.blockSignals(True)
            box.clear()
            if header is not None:
                box.addItems([NOT_IMPORTED, *(t for t in header.texts if t)])
                column = chosen.get(item.id)
                if column is not None:
                    box.setCurrentText(header.texts[column])
            box.setEnabled(header is not None)
            box.blockSignals(False)
        self._check()

    def mapping(self) -> Mapping:
        """{this program's sheet or column: the register's} for every one chosen that differs
        ("" for no cases sheet)."""
        chosen: Mapping = {}
        for part in self._parts():
            sheet = self.sheet_boxes[part.name].currentText()
            if sheet == NOT_IMPORTED_SHEET:
                chosen[part.name] = ""
                continue
            if sheet != part.name:
                chosen[part.name] = sheet
            for item in part.fields:
                box = self.boxes.get(item.header)
                if box is not None and box.currentText() != NOT_IMPORTED and \
                        label_key(box.currentText()) != label_key(item.header):
                    chosen[item.header] = box.currentText()
        return chosen

    def updated(self) -> Mapping:
        """What to remember: the remembered mapping, its sheets and columns shown here as
        chosen now (a part not shown, e.g. the cases of a one-sheet register, kept)."""
        shown = {part.name for part in self._parts()} | {f.header for part in self._parts() for f in part.fields}
        return {**{k: v for k, v in self.remembered.items() if k not in shown}, **self.mapping()}

    def _check(self) -> None:
        missing: list[str] = []
        twice: set[str] = set()
        for part in self._parts():
            if self.sheet_boxes[part.name].currentText() == NOT_IMPORTED_SHEET:
                continue
            boxes = {f.header: self.boxes[f.header] for f in part.fields if f.header in self.boxes}
            missing += [f.header for f in part.fields if f.required and boxes[f.header].currentText() == NOT_IMPORTED]
            chosen = [b.currentText() for b in boxes.values() if b.currentText() != NOT_IMPORTED]
            twice |= {t for t in chosen if chosen.count(t) > 1}
        sheets = [b.currentText() for b in self.sheet_boxes.values() if b.currentText() != NOT_IMPORTED_SHEET]
        if len(set(sheets)) < len(sheets):
            self.problem.setText("申请登记和行政复议、行政诉讼案件不能在同一个工作表中")
        elif missing:
            self.problem.setText(f"还需要选择：{'、'.join(missing)}")
        elif twice:
            self.problem.setText(f"同一列不能对应两项：{'、'.join(sorted(twice))}")
        else:
            self.problem.setText("")
        self.ok.setEnabled(not self.problem.text())


class PreviewDialog(QDialog):
    """What the register gives for the report's year, its problem rows, and the accept button."""

    def __init__(self, result: RegisterImport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        counted = result.counted
        fmt = counted.format
        self.setWindowTitle(f"导入台账：{result.file}")
        summary = QLabel(result.summary() + "。")
        summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        table = fmt.tables["requests"]
        rows, columns = table.row_leaves(), table.column_leaves()
        self.table = QTableWidget(len(rows), len(columns))
        self.table.setHorizontalHeaderLabels([c.label for c in columns])
        self.table.setVerticalHeaderLabels([r.name for r in rows])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, row in enumerate(rows):
            for c, column in enumerate(columns):
                value = counted.values.get(f"requests.{row.id}.{column.id}")
                item = QTableWidgetItem("" if value is None else str(value))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                item.setToolTip(fmt.describe_cell(f"requests.{row.id}.{column.id}"))
                self.table.setItem(r, c, item)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(QLabel(f"由台账计算的“{fmt.section_of_table('requests').heading}”："))
        layout.addWidget(self.table, 1)
        if counted.cases_used:
            appeals = [f"{fmt.describe_cell(k)} {v}" for k, v in counted.values.items()
                       if k.startswith("appeals.") and v]
            cases = QLabel(f"“{fmt.section_of_table('appeals').heading}”：{'，'.join(appeals)}")
            cases.setWordWrap(True)
            layout.addWidget(cases)
        self.problems = QListWidget()
        for bad in result.bad:
            self.problems.addItem(bad.text())
            self.problems.item(self.problems.count() - 1).setIcon(state_icon("error"))
        for warning in result.warnings:
            self.problems.addItem(f"与上年报告不一致：{warning}")
            self.problems.item(self.problems.count() - 1).setIcon(state_icon("warning"))
        for note in result.notes:
            self.problems.addItem(note)
            self.problems.item(self.problems.count() - 1).setIcon(state_icon("warning"))
        if self.problems.count():
            layout.addWidget(QLabel("有问题的行（未计入）和提醒："))
            layout.addWidget(self.problems)
        note = ("接受后，上表及“四、政府信息公开行政复议、行政诉讼情况”将按台账填入报告（可撤销）。"
                if counted.cases_used else "接受后，上表将按台账填入报告（可撤销）。")
        if result.bad:
            note += f"有问题的 {len(result.bad)} 行不计入；也可以取消，改正台账后重新导入。"
        hint = QLabel(note)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        buttons = QDialogButtonBox()
        self.accept_button = buttons.addButton("接受并填入报告", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.accept_button.setEnabled(result.usable)
        layout.addWidget(buttons)
        self.resize(900, 640)
