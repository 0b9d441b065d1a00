"""The kinds of deliverable the program writes, in one list.

The window's menu, its export dialog and the command line's flags are all built from
`EXPORTERS`, so a new kind of deliverable is one entry here and its writer module. Writers are
imported only when used: openpyxl and reportlab together cost a quarter of a second of start-up.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, cast

from model.report import Report

# A writer writes the file and returns notes for the clerk (e.g. which face printed a
# missing 仿宋), which the command line prints and the window shows after the export.
Writer = Callable[[Report, Path], list[str]]


@dataclass(frozen=True)
class Exporter:
    """One kind of deliverable: `id` is also its command-line flag (``--xlsx``)."""

    id: str
    name: str
    suffix: str
    file_filter: str
    menu_text: str
    tip: str
    module: str
    function: str

    def writer(self) -> Writer:
        """The writing function, imported on first use."""
        return cast(Writer, getattr(importlib.import_module(self.module), self.function))


EXPORTERS: tuple[Exporter, ...] = (
    Exporter("xlsx", "Excel", ".xlsx", "Excel 工作簿 (*.xlsx)", "导出 Excel(&E)…", "导出为 Excel 工作簿",
             "export.xlsx", "write_xlsx"),
    Exporter("pdf", "PDF", ".pdf", "PDF 文件 (*.pdf)", "导出 PDF(&P)…", "导出为 PDF 文件，可直接打印",
             "export.pdf", "write_pdf"),
    Exporter("docx", "Word", ".docx", "Word 文档 (*.docx)", "导出 Word(&W)…",
             "导出为 Word 文档，可在 Word 或 WPS 中修改后发布", "export.docx", "write_docx"),
    Exporter("submission", "报送版 PDF", ".pdf", "PDF 文件 (*.pdf)", "导出报送版 PDF(&B)…",
             "PDF 末尾附审核情况说明，报送上级机关时用（对外公开请用“导出 PDF”）",
             "export.pdf", "write_submission_pdf"),
)


def exporter(exporter_id: str) -> Exporter:
    """The exporter with this id; KeyError for an unknown one (a programming error)."""
    for candidate in EXPORTERS:
        if candidate.id == exporter_id:
            return candidate
    raise KeyError(exporter_id)
