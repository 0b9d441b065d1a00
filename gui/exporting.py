"""文件 ▸ 导出 …: choose a file, warn about errors, write, report the outcome.

One dialogue for every kind of deliverable in export.registry (whose writers are imported
only when used); one menu entry per kind.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QWidget

from export.registry import EXPORTERS, Exporter
from gui import prompts
from gui.document import ReportDocument
from gui.features import Window
from model.rules import Finding
from model.storage import save_error_message


def install(window: Window) -> None:
    for exporter in EXPORTERS:
        window.add_action(f"export_{exporter.id}", exporter.menu_text, _exporting(window, exporter),
                          QKeySequence.StandardKey.Print if exporter.id == "pdf" else None, exporter.tip,
                          menu="file", group="export")


def _exporting(window: Window, exporter: Exporter) -> Callable[[], None]:
    def run() -> None:
        assert window.document is not None
        path = export_report(window.window(), window.document, exporter, window.show_finding)
        if path is not None:
            window.show_message(f"已导出：{path}")
    return run


def export_target(parent: QWidget, document: ReportDocument, kind: Exporter) -> Path | None:
    """Ask where to write, with the official title as the suggested name."""
    return prompts.save_file(parent, f"导出 {kind.name}", kind.file_filter, kind.suffix,
                             document.report.file_name(kind.suffix), document.path)


def confirm_despite_errors(parent: QWidget, document: ReportDocument,
                           show: Callable[[Finding], None] | None = None) -> bool:
    """With errors, unexplained warnings or explanations 待复核, show the review list (报送前检查)
    with 仍然导出 / 返回修改; a finding double-clicked there closes it and is shown (`show`)."""
    if not any(f.severity == "error" or f.severity == "warning" and not f.explained for f in document.findings):
        return True
    from gui.review_dialog import ReviewDialog
    dialog = ReviewDialog(document, parent, exporting=True)
    if show is not None:
        dialog.leads_to(show)
    return bool(dialog.exec())


def export_report(parent: QWidget, document: ReportDocument, kind: Exporter,
                  show: Callable[[Finding], None] | None = None) -> Path | None:
    """The whole export dialogue; returns the written file, None if cancelled or failed."""
    if not confirm_despite_errors(parent, document, show):
        return None
    path = export_target(parent, document, kind)
    if path is None:
        return None
    from export.common import ExportError
    try:
        kind.writer()(document.report, path)
    except ExportError as exc:
        prompts.warn(parent, "导出失败", str(exc))
        return None
    except OSError as exc:
        prompts.warn(parent, "导出失败", save_error_message(exc, path))
        return None
    prompts.inform(parent, "导出完成", f"已导出 {kind.name}：\n{path}")
    return path
