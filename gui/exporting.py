"""文件 ▸ 导出 … and 文件 ▸ 打印预览: choose a file, warn about errors, write, report the
outcome and offer to open the file or its folder.

One dialogue for every kind of deliverable in export.registry (whose writers are imported
only when used); one menu entry per kind. What a writer notes (a face standing in for a
missing 仿宋 or 小标宋) is said in the dialogue and on the status line.

打印预览 writes the PDF to the program's cache folder and opens it in the system's PDF viewer,
which shows every page exactly as it prints and prints it: Qt's own PDF view (QtPdf) is not
part of pyside6-essentials, and neither reportlab nor anything else the program ships can
draw a PDF page.
"""
from __future__ import annotations

import itertools
import time
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import QWidget

from export.registry import EXPORTERS, Exporter
from gui import prompts
from gui.document import ReportDocument
from gui.features import Window
from model.appdirs import cache_dir
from model.rules import Finding
from model.storage import save_error_message


PREVIEW_FOLDER = "preview"
PREVIEW_KEPT_SECONDS = 24 * 3600
OPEN_FILE, OPEN_FOLDER, CLOSE = "打开文件", "打开所在文件夹", "关闭"


def install(window: Window) -> None:
    for exporter in EXPORTERS:
        window.add_action(f"export_{exporter.id}", exporter.menu_text, _exporting(window, exporter),
                          QKeySequence.StandardKey.Print if exporter.id == "pdf" else None, exporter.tip,
                          menu="file", group="export")
    window.add_action("print_preview", "打印预览(&Y)…", lambda: print_preview(window), None,
                      "在 PDF 阅读器中查看打印效果并打印", menu="file", group="export")


def _exporting(window: Window, exporter: Exporter) -> Callable[[], None]:
    def run() -> None:
        assert window.document is not None
        written = export_report(window.window(), window.document, exporter, window.show_finding)
        if written is not None:
            path, notes = written
            window.show_message("；".join([f"已导出 {path.name}", *notes]))
    return run


def _open(parent: QWidget, target: Path) -> None:
    """Open a file or folder in the program the system uses for it; say so if there is none."""
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(target))):
        prompts.warn(parent, "无法打开", f"系统没有可以打开它的程序：\n{target}")


def _sweep(folder: Path) -> None:
    """Previews older than a day go; one still open in a viewer stays until next time."""
    for old in folder.glob("*.pdf"):
        try:
            if old.stat().st_mtime < time.time() - PREVIEW_KEPT_SECONDS:
                old.unlink()
        except OSError:
            continue


def _preview_path(folder: Path, report_name: str) -> Path:
    """A new file in `folder` each time: a viewer may still hold the last preview open (on
    Windows that blocks replacing it)."""
    stem = f"{Path(report_name).stem}（预览 {time.strftime('%H%M%S')}"
    return next(path for n in itertools.count()
                if not (path := folder / f"{stem}{f'-{n}' if n else ''}）.pdf").exists())


def print_preview(window: Window) -> None:
    """The report as its PDF prints, in the system's PDF viewer (see the module docstring)."""
    assert window.document is not None
    report = window.document.report
    parent = window.window()
    from export.common import ExportError
    from export.pdf import write_pdf
    folder = cache_dir() / PREVIEW_FOLDER
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _sweep(folder)
        path = _preview_path(folder, report.file_name(".pdf"))
        notes = write_pdf(report, path)
    except ExportError as exc:
        prompts.warn(parent, "无法预览", str(exc))
        return
    except OSError as exc:
        prompts.warn(parent, "无法预览", save_error_message(exc, folder))
        return
    window.show_message("；".join(["已在 PDF 阅读器中打开打印预览", *notes]))
    _open(parent, path)


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
                  show: Callable[[Finding], None] | None = None) -> tuple[Path, list[str]] | None:
    """The whole export dialogue; returns the written file and the writer's notes, None if
    cancelled or failed. The clerk may open the file or its folder from the closing box."""
    if not confirm_despite_errors(parent, document, show):
        return None
    path = export_target(parent, document, kind)
    if path is None:
        return None
    from export.common import ExportError
    try:
        notes = kind.writer()(document.report, path)
    except ExportError as exc:
        prompts.warn(parent, "导出失败", str(exc))
        return None
    except OSError as exc:
        prompts.warn(parent, "导出失败", save_error_message(exc, path))
        return None
    choice = prompts.choose(parent, prompts.Icon.Information, "导出完成", f"已导出 {kind.name}：\n{path}",
                            [(OPEN_FILE, prompts.Role.ActionRole), (OPEN_FOLDER, prompts.Role.ActionRole),
                             (CLOSE, prompts.Role.RejectRole)],
                            informative="\n".join(f"{note}。" for note in notes), default=2, escape=2,
                            width=prompts.MESSAGE_WIDTH)
    if choice == 0:
        _open(parent, path)
    elif choice == 1:
        _open(parent, path.parent)
    return path, notes
