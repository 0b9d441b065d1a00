"""The two steps of importing a request register in the window: which of the register's
columns is which (remembered for the next import), then what it gives, to be accepted.

Nothing reaches the report before the clerk presses 「接受并填入报告」 in the second step.
"""
from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHeaderView, QLabel, QListWidget,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from gui.palette import state_icon
from model.appdirs import data_dir
from model.importing.labels import label_key
from model.register import REQUEST_FIELDS
from model.register_import import Header, Mapping, RegisterImport, match_columns
from model.storage import write_atomically

MAPPING_FILE = "register-mapping.json"
NOT_IMPORTED = "（无此列）"


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


class MappingDialog(QDialog):
    """One drop-down per column this program needs, offering the register's own headers."""

    def __init__(self, header: Header, mapping: Mapping, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("导入台账：对应台账的列")
        self.setMinimumWidth(480)
        self.header = header
        texts = [t for t in header.texts if t]
        chosen = match_columns(header.texts, REQUEST_FIELDS, mapping)
        explanation = QLabel(f"台账“{header.sheet}”第 {header.row} 行的列名与本程序不同。"
                             "请为每一项选择台账中对应的列（下次导入时会记住）：")
        explanation.setWordWrap(True)
        form = QFormLayout()
        self.boxes: dict[str, QComboBox] = {}
        for item in REQUEST_FIELDS:
            box = QComboBox()
            box.addItems([NOT_IMPORTED, *texts])
            column = chosen.get(item.id)
            if column is not None:
                box.setCurrentText(header.texts[column])
            self.boxes[item.header] = box
            form.addRow(f"{item.header}{'（必需）' if item.required else ''}：", box)
            box.currentIndexChanged.connect(self._check)
        self.problem = QLabel()
        self.buttons = QDialogButtonBox()
        self.ok = self.buttons.addButton("下一步", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self._check()

    def mapping(self) -> Mapping:
        """{this program's column: the register's column} for every column chosen."""
        return {ours: box.currentText() for ours, box in self.boxes.items()
                if box.currentText() != NOT_IMPORTED and label_key(box.currentText()) != label_key(ours)}

    def _check(self) -> None:
        missing = [f.header for f in REQUEST_FIELDS if f.required and self.boxes[f.header].currentText() == NOT_IMPORTED]
        chosen = [b.currentText() for b in self.boxes.values() if b.currentText() != NOT_IMPORTED]
        twice = sorted({t for t in chosen if chosen.count(t) > 1})
        if missing:
            self.problem.setText(f"还需要选择：{'、'.join(missing)}")
        elif twice:
            self.problem.setText(f"同一列不能对应两项：{'、'.join(twice)}")
        else:
            self.problem.setText("")
        self.ok.setEnabled(not missing and not twice)


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
