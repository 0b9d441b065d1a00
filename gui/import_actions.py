"""文件 ▸ 导入报告… and 文件 ▸ 依申请公开台账 ▸ 导出台账模板… / 导入台账…

An imported report opens as a new, unsaved report with the import's result in a panel beside
the findings (a click on an entry shows its cell). A register is read in two steps (which
column is which, when its names differ; then what it gives) and lands as one undo step,
「导入台账」, that also records the register (its file, SHA-256 and the drill-down).
Carry and merge take the same files (gui.files: `ANY_REPORT_FILTER`, `load_or_explain`).
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDockWidget, QMenu, QWidget

from gui import prompts
from gui.commands import SetCellsCommand, Target
from gui.document import ReportDocument
from gui.features import Window
from gui.files import REPORT_FILTER
from model.formats import latest_format_id, load_format
from model.report import YEAR_RANGE, RegisterLink, Report

if TYPE_CHECKING:  # the importers (openpyxl, python-docx, pdfplumber) load when first used
    from gui.import_panel import ImportResultPanel
    from model.importing.reader import ImportResult
    from model.register_import import RegisterImport

REGISTER_FILTER = "Excel 工作簿 (*.xlsx *.xlsm)"
REGISTER_VERB = "导入台账"


def read_report(parent: QWidget | None, path: Path) -> ImportResult | None:
    """Import `path`, asking for the year when the file names none; None after a refusal."""
    from model.importing.reader import YearUnknown, import_report
    from model.importing.source import ImportRefused
    year: int | None = None
    while True:
        try:
            return import_report(path, year=year)
        except YearUnknown as exc:
            year = prompts.ask_integer(parent, "导入报告", f"{exc}：", YEAR_RANGE.stop - 76,
                                       YEAR_RANGE.start, YEAR_RANGE.stop - 1)
            if year is None:
                return None
        except ImportRefused as exc:
            prompts.warn(parent, "无法导入", f"无法导入“{path.name}”：\n{exc}")
            return None


class RegisterImportCommand(SetCellsCommand):
    """「导入台账」: the register's figures and the register itself (the drill-down), one step."""

    def __init__(self, target: Target, result: RegisterImport) -> None:
        super().__init__(target, dict(result.counted.values), REGISTER_VERB)
        self.link_before = target.report.register
        self.link_after: RegisterLink = result.link()

    def _apply(self, after: bool) -> None:
        self.target.report.register = self.link_after if after else self.link_before
        super()._apply(after)


class ImportFeature(QObject):
    """The actions, and the result panel of the last import while its report is shown (owned
    by the window, so it lives as long as the window)."""

    def __init__(self, window: Window) -> None:
        super().__init__(window.window())
        self.window = window
        self.panel: ImportResultPanel | None = None
        self.dock: QDockWidget | None = None
        self.shown: Report | None = None  # the report the panel speaks of
        window.add_action("import_report", "导入报告(&I)…", self.import_report, None,
                          "由 Excel、Word 或 PDF 格式的报告（如上年公开的报告）新建报告", menu="file", group="new")
        register = QMenu("依申请公开台账(&G)", window.window())
        register.addAction(window.add_action("register_template", "导出台账模板(&T)…", self.export_template,
                                             None, "导出带下拉列表的依申请公开办理台账（Excel）"))
        register.addAction(window.add_action("register_import", "导入台账(&R)…", self.import_register, None,
                                             "由依申请公开办理台账计算“收到和处理政府信息公开申请情况”", edits=True))
        window.place(register, "file", "report")
        window.documentChanged.connect(self._document_changed)

    # --- 导入报告 -------------------------------------------------------------------------

    def import_report(self) -> None:
        window = self.window
        if not window.files.confirm_discard():
            return
        parent = window.window()
        path = prompts.open_file(parent, "导入报告", REPORT_FILTER, window.files.near())
        if path is None:
            return
        result = read_report(parent, path)
        if result is None:
            return
        window.open_new_report(result.report, f"已导入“{path.name}”：{result.summary()}")
        self.show_result(result)

    def show_result(self, result: ImportResult) -> None:
        from gui.import_panel import ImportResultPanel
        if self.panel is None or self.dock is None:
            self.panel = ImportResultPanel()
            self.panel.cellActivated.connect(self.window.show_cell)
            self.dock = self.window.add_panel("import_result", "导入结果", self.panel)
        self.panel.show_result(result)
        self.shown = result.report
        self.dock.show()
        self.dock.raise_()

    def _document_changed(self, document: ReportDocument) -> None:
        """The panel speaks of one imported report: another report shown hides it."""
        if self.dock is not None and document.report is not self.shown:
            self.dock.hide()

    # --- 依申请公开台账 -------------------------------------------------------------------

    def export_template(self) -> None:
        from export.common import ExportError
        from export.register_template import write_register_template
        document = self.window.document
        format_id = document.report.format.id if document is not None else latest_format_id()
        name = f"依申请公开办理台账（{load_format(format_id).short_name}）.xlsx"
        parent = self.window.window()
        path = prompts.save_file(parent, "导出台账模板", "Excel 工作簿 (*.xlsx)", ".xlsx", name,
                                 self.window.files.near())
        if path is None:
            return
        try:
            write_register_template(format_id, path)
        except ExportError as exc:
            prompts.warn(parent, "无法导出台账模板", str(exc))
            return
        self.window.show_message(f"已导出台账模板：{path}")

    def import_register(self) -> None:
        from gui.register_dialog import PreviewDialog
        document = self.window.document
        if document is None:
            return
        parent = self.window.window()
        path = prompts.open_file(parent, "导入依申请公开台账", REGISTER_FILTER, self.window.files.near())
        if path is None:
            return
        result = self._read_register(parent, path, document.report)
        if result is None:
            return
        preview = PreviewDialog(result, parent)
        if not preview.exec():
            return
        document.undo_stack.push(RegisterImportCommand(document, result))
        self.window.show_message(f"已由台账“{path.name}”填入{result.counted.year}年度的数据（可撤销）")

    @staticmethod
    def _read_register(parent: QWidget, path: Path, report: Report) -> RegisterImport | None:
        """The register counted for the report, after the mapping step where its sheets or
        columns need one (remembered for the next import); None when the clerk cancels or it
        cannot be read (after saying why)."""
        from gui.register_dialog import MappingDialog, remember_mapping, remembered_mapping
        from model.importing.source import ImportRefused
        from model.register_import import import_register, sheets_to_map
        mapping = remembered_mapping()
        try:
            sheets = sheets_to_map(path, report.format, mapping)
            if sheets.needs_mapping():
                dialog = MappingDialog(sheets, mapping, parent)
                if not dialog.exec():
                    return None
                mapping = dialog.updated()
                remember_mapping(mapping)
            return import_register(path, report.format, report.year, mapping, report)
        except ImportRefused as exc:
            prompts.warn(parent, "无法导入台账", f"无法导入“{path.name}”：\n{exc}")
            return None


def install(window: Window) -> None:
    ImportFeature(window)
