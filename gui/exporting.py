"""文件 ▸ 导出 …: choose a file, warn about errors, write, report the outcome.

One dialogue for every kind of deliverable in export.registry (whose writers are imported
only when used).
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from gui.document import ReportDocument
from export.registry import Exporter
from model.storage import save_error_message


def export_target(parent: QWidget, document: ReportDocument, kind: Exporter) -> Path | None:
    """Ask where to write, starting beside the project file with the official title as name."""
    chosen, _ = QFileDialog.getSaveFileName(parent, f"导出 {kind.name}",
                                            str(document.folder / document.report.file_name(kind.suffix)),
                                            kind.file_filter)
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == kind.suffix else path.with_name(path.name + kind.suffix)


def confirm_despite_errors(parent: QWidget, document: ReportDocument) -> bool:
    errors = sum(1 for f in document.findings if f.severity == "error")
    if not errors:
        return True
    answer = QMessageBox.question(
        parent, "报告仍有错误", f"报告中仍有 {errors} 处错误（见“校验结果”）。\n仍要导出吗？导出后请核对再报送。",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def export_report(parent: QWidget, document: ReportDocument, kind: Exporter) -> Path | None:
    """The whole export dialogue; returns the written file, None if cancelled or failed."""
    if not confirm_despite_errors(parent, document):
        return None
    path = export_target(parent, document, kind)
    if path is None:
        return None
    from export.common import ExportError
    try:
        kind.writer()(document.report, path)
    except ExportError as exc:
        QMessageBox.warning(parent, "导出失败", str(exc))
        return None
    except OSError as exc:
        QMessageBox.warning(parent, "导出失败", save_error_message(exc, path))
        return None
    QMessageBox.information(parent, "导出完成", f"已导出 {kind.name}：\n{path}")
    return path
