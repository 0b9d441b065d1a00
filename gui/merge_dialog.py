"""文件 ▸ 汇总多个单位报告: a list of the units' files, the total's unit, the merge with progress.

Each file is read once when added so the clerk sees whose report it is (or why it cannot be
read) before merging; the merge itself reads the files again (they may have changed) and keeps
the window responsive by handling events between files. A refusal names its files in the list.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeyEvent
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QDialog, QDialogButtonBox, QFormLayout,
                               QHBoxLayout, QHeaderView, QLabel, QLineEdit, QProgressDialog, QPushButton,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from gui import prompts
from gui.features import Window
from gui.files import ANY_REPORT_FILTER, opened_as_new
from gui.palette import CELL_BACKGROUND, STATUS_TEXT, WARNING_TEXT
from model.formats import Format
from model.merge import Listing, MergeCancelled, MergeError, merge_files, read_unit, units_in_several_files
from model.report import Report
from model.importing import SUFFIXES as IMPORT_SUFFIXES
from model.storage import FILE_SUFFIX, ProjectError
from model.summaries import MergeSummary, merge_summary

COLUMNS = ("文件", "单位", "年度", "格式", "状态")
FILE, UNIT, YEAR, FORMAT, STATUS = range(len(COLUMNS))
READY = "可以汇总"
YEAR_TAKEN = "{year}年度（文件未写明，按其他文件）"
YEAR_UNKNOWN = "未写明"
SAME_UNIT = "与其他文件的单位相同"
LIST_LIMIT = 10  # units named in the result message; the rest are in its details
PROGRESS_DELAY_MS = 400  # a quick merge finishes without flashing a progress window
RESULT_TEXT_WIDTH = 560
PROGRESS_WIDTH = 360


@dataclass(frozen=True)
class ListedFile:
    """What the list shows about one file: whose report, which format and year (None: the file
    names none, the merge takes the others'), or why it fails."""

    path: Path
    unit: str = ""
    format: Format | None = None
    year: int | None = None
    amount_unit: str = ""
    error: str = ""

    @classmethod
    def read(cls, path: Path) -> "ListedFile":
        """The file read as the merge reads it (`model.merge.read_unit`)."""
        try:
            report, year_named = read_unit(path)
        except ProjectError as exc:
            return cls(path, error=str(exc))
        return cls(path, report.unit, report.format, report.year if year_named else None, report.amount_unit)


class MergeDialog(QDialog):
    """Choose the reports to add up and the name of the total; `merged` holds the result."""

    def __init__(self, near: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("汇总多个单位报告")
        self.near = near  # the report open in the window: file dialogs may start in its folder
        self.merged: Report | None = None
        self.setAcceptDrops(True)
        self.listed: list[ListedFile] = []
        self.list = QTreeWidget()
        self.list.setHeaderLabels(list(COLUMNS))
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setMinimumSize(880, 260)
        header = self.list.header()
        header.setStretchLastSection(True)
        for column in (FILE, UNIT, FORMAT, YEAR):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.add_button = QPushButton("添加文件…")
        self.remove_button = QPushButton("移除")
        self.clear_button = QPushButton("清空")
        self.add_button.clicked.connect(self.choose_files)
        self.remove_button.clicked.connect(self.remove_selected)
        self.clear_button.clicked.connect(self.clear)
        self.list.itemSelectionChanged.connect(self._update)
        side = QVBoxLayout()
        for button in (self.add_button, self.remove_button, self.clear_button):
            side.addWidget(button)
        side.addStretch(1)
        files_row = QHBoxLayout()
        files_row.addWidget(self.list, 1)
        files_row.addLayout(side)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.unit = QLineEdit()
        self.unit.setPlaceholderText("如：某某区人民政府办公室")
        self.unit.textChanged.connect(self._update)
        form = QFormLayout()
        form.addRow("汇总单位名称：", self.unit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.merge_button.setText("汇总")
        self.buttons.accepted.connect(self.merge)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("参与汇总的报告（同一格式、同一年度；也可将文件拖到列表中）："))
        layout.addLayout(files_row, 1)
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._update()

    # --- the list --------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _dropped_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Files dragged from the file manager are added like chosen ones."""
        files = _dropped_files(event.mimeData())
        if files:
            event.acceptProposedAction()
            self.add_paths(files)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete and self.list.selectedItems():
            self.remove_selected()
        else:
            super().keyPressEvent(event)

    def paths(self) -> list[Path]:
        return [entry.path for entry in self.listed]

    def choose_files(self) -> None:
        chosen = prompts.open_files(self, "添加要汇总的报告", ANY_REPORT_FILTER, self.near)
        if chosen:
            self.add_paths(chosen)

    def add_paths(self, paths: Sequence[Path]) -> None:
        """Add files not yet listed, reading each to show whose report it is."""
        known = {p.resolve() for p in self.paths()}
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            for path in paths:
                if path.resolve() in known:
                    continue
                known.add(path.resolve())
                entry = ListedFile.read(path)
                self.listed.append(entry)
                self.list.addTopLevelItem(self._item(entry))
        finally:
            QApplication.restoreOverrideCursor()
        self._clear_highlights()
        self._update()

    def remove_selected(self) -> None:
        rows = sorted((self.list.indexOfTopLevelItem(i) for i in self.list.selectedItems()), reverse=True)
        for row in rows:
            self.list.takeTopLevelItem(row)
            del self.listed[row]
        self._clear_highlights()
        self._update()

    def clear(self) -> None:
        self.list.clear()
        self.listed.clear()
        self._update()

    def _item(self, entry: ListedFile) -> QTreeWidgetItem:
        fmt = entry.format
        item = QTreeWidgetItem([entry.path.name, entry.unit, "", fmt.short_name if fmt else "", ""])
        item.setToolTip(FILE, str(entry.path))
        item.setToolTip(FORMAT, fmt.name if fmt else "")
        return item

    def listing(self) -> Listing:
        """The listed files as the merge sees them: its own rule decides what it refuses and
        which year a file naming none is taken as of."""
        listing = Listing()
        for entry in self.listed:
            if entry.format is None:
                listing.add_broken(entry.path, entry.error)
            else:
                listing.add(entry.path, entry.format.id, entry.year, entry.amount_unit)
        return listing

    def _show_statuses(self, refused: dict[Path, str], year: int | None) -> None:
        """Each file's year (the merge's for a file naming none) and state: ready, refused
        (why), or ready but of a unit another file has too."""
        repeated = units_in_several_files((e.unit, e.path.name) for e in self.listed if not e.error)
        for row, entry in enumerate(self.listed):
            item = self._row_item(row)
            if entry.format is not None:
                shown = f"{entry.year}年度" if entry.year is not None else \
                    YEAR_TAKEN.format(year=year) if year is not None else YEAR_UNKNOWN
                item.setText(YEAR, shown)
            if entry.path in refused:
                text, colour = refused[entry.path], STATUS_TEXT["error"]
            elif entry.unit in repeated:
                others = "、".join(f for f in repeated[entry.unit] if f != entry.path.name)
                text, colour = f"{READY}；{SAME_UNIT}（{others}），请确认没有重复", WARNING_TEXT
            else:
                text, colour = READY, None
            item.setText(STATUS, text)
            item.setToolTip(STATUS, text)
            item.setData(STATUS, Qt.ItemDataRole.ForegroundRole, colour)

    def highlight(self, files: Sequence[Path]) -> None:
        """Colour the rows of the files a refusal names (not selected: the colour must show)."""
        self._clear_highlights()
        self.list.clearSelection()
        named = {Path(f).resolve() for f in files}
        first = None
        for row, entry in enumerate(self.listed):
            if entry.path.resolve() in named:
                item = self._row_item(row)
                for column in range(len(COLUMNS)):
                    item.setBackground(column, CELL_BACKGROUND["error"])
                first = first or item
        if first is not None:
            self.list.scrollToItem(first)

    def _row_item(self, row: int) -> QTreeWidgetItem:
        item = self.list.topLevelItem(row)
        assert item is not None, row
        return item

    def highlighted_rows(self) -> list[int]:
        return [row for row in range(self.list.topLevelItemCount())
                if self._row_item(row).background(FILE).color() == CELL_BACKGROUND["error"]]

    def _clear_highlights(self) -> None:
        for row in range(self.list.topLevelItemCount()):
            item = self._row_item(row)
            for column in range(len(COLUMNS)):
                item.setData(column, Qt.ItemDataRole.BackgroundRole, None)

    def _update(self) -> None:
        """Statuses, the summary and the buttons: 汇总 only while no listed file is refused."""
        listing = self.listing()
        refused = listing.refusals()
        self.remove_button.setEnabled(bool(self.list.selectedItems()))
        self.clear_button.setEnabled(bool(self.listed))
        self.merge_button.setEnabled(bool(self.listed) and not refused and bool(self.unit.text().strip()))
        self.merge_button.setToolTip("请先移除或更换标为红字的文件" if refused else "")
        self.summary.setText(self._summary_text(refused, listing.year()))
        self._show_statuses(refused, listing.year())

    def _summary_text(self, refused: dict[Path, str], year: int | None) -> str:
        if not self.listed:
            return "请添加要汇总的报告文件。"
        parts = [f"共 {len(self.listed)} 个文件"]
        usual = [e for e in self.listed if e.path not in refused]
        if usual and usual[0].format is not None and year is not None:
            parts.append(f"{usual[0].format.short_name} · {year}年度")
        broken = sum(1 for e in self.listed if e.error)
        if broken:
            parts.append(f"{broken} 个无法读取")
        unnamed = sum(1 for e in self.listed if e.format is not None and e.year is None)
        if unnamed:
            parts.append(f"{unnamed} 个未写明年度，按 {year} 年度汇总" if year is not None else
                         f"{unnamed} 个未写明年度，也没有其他文件可参照")
        odd = len(refused) - broken - (unnamed if year is None else 0)
        if odd:
            parts.append(f"{odd} 个与其他文件的格式、年度或金额单位不同")
        text = "，".join(parts) + "。"
        return text + "请移除或更换标为红字的文件后再汇总。" if refused else text

    # --- merging ---------------------------------------------------------------------------

    def merge(self) -> None:
        """Merge the listed files; a refusal is explained and the dialog stays open."""
        try:
            merged = merge_with_progress(self, self.paths(), self.unit.text().strip())
        except MergeError as exc:
            self.highlight(exc.files)
            prompts.warn(self, "无法汇总", str(exc))
            return
        if merged is None:
            self.summary.setText("已取消汇总。")
            return
        self.merged = merged
        self.accept()


def _dropped_files(mime: QMimeData) -> list[Path]:
    """The reports among dropped URLs: project files and importable ones (folders and other
    files are ignored)."""
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [p for p in paths if p.suffix.lower() in (FILE_SUFFIX, *IMPORT_SUFFIXES) and p.is_file()]


def merge_with_progress(parent: QWidget, paths: Sequence[Path], unit: str) -> Report | None:
    """merge_files with a progress window whose 取消 stops it (None); raises MergeError."""
    progress = QProgressDialog("正在汇总…", "取消", 0, len(paths), parent)
    progress.setWindowTitle("汇总")
    progress.setMinimumWidth(PROGRESS_WIDTH)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(PROGRESS_DELAY_MS)
    progress.setAutoClose(False)

    def step(done: int, total: int) -> bool:
        progress.setLabelText(f"正在汇总第 {min(done + 1, total)} / {total} 份报告…")
        progress.setValue(done)
        QApplication.processEvents()
        return not progress.wasCanceled()

    try:
        return merge_files(paths, unit, step)
    except MergeCancelled:
        return None
    finally:
        progress.close()
        progress.deleteLater()




def merge_into(window: Window) -> None:
    """文件 ▸ 汇总多个单位报告: after the clerk agreed to leave the current report."""
    if not window.files.confirm_discard():
        return
    merged = ask_merged_report(window.window(), window.files.near())
    if merged is None:
        return
    window.new_report(merged)
    assert window.document is not None
    result = merge_summary(merged, window.document.findings, LIST_LIMIT)
    window.show_message(opened_as_new(result.headline))
    show_merge_result(window.window(), result)


def ask_merged_report(parent: QWidget, near: Path | None) -> Report | None:
    """Show the merge dialog; the merged report, or None if the clerk cancelled."""
    dialog = MergeDialog(near, parent)
    try:
        return dialog.merged if dialog.exec() else None
    finally:
        dialog.deleteLater()


def show_merge_result(parent: QWidget, result: MergeSummary) -> None:
    """What the merge produced and which units to look at, in a box (details folded)."""
    show = prompts.warn if result.has_errors else prompts.inform
    show(parent, "汇总完成", f"{result.headline}，汇总结果已作为新报告打开（尚未保存）。\n{result.checked}",
         informative=result.body, details=result.details, width=RESULT_TEXT_WIDTH)  # long unit names wrap less
