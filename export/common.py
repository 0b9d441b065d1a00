"""What every exporter shares: the refusal it raises, atomic writing, and user text and
figures as printed."""
from __future__ import annotations

import unicodedata
from pathlib import Path

from model.errors import NianbaoError
from model.layout import Grid
from model.numbers import format_value
from model.report import Report
from model.storage import save_error_message, write_atomically


class ExportError(NianbaoError):
    """An export cannot be written; str() is the Chinese message for the clerk."""


def write_export(path: Path, data: bytes) -> None:
    """Write a finished export atomically, so a failure never leaves a half file behind."""
    if path.is_dir():
        raise ExportError(f"这是一个文件夹，不能作为导出文件：{path}")
    try:
        write_atomically(path, data)
    except OSError as exc:
        raise ExportError(save_error_message(exc, path)) from exc


def clean_text(text: str) -> str:
    """User text as printed: control and invisible format characters dropped, tabs and
    no-break spaces made plain spaces; line breaks kept."""
    kept = []
    for ch in text:
        if ch == "\n":
            kept.append(ch)
        elif ch in "\t\xa0":
            kept.append(" ")
        elif unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn"):
            kept.append(ch)
    return "".join(kept)


def shown_values(report: Report, grid: Grid) -> dict[str, str]:
    """Each value cell of the grid as printed: "" for blank, amounts with two decimals."""
    return {c.key: format_value(report.value(c.key)) for c in grid.value_cells()}
