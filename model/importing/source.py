"""What a readable file yields before anything is matched: grids of cell texts, runs of
paragraphs, candidate titles and, in a workbook this program exported, the project itself."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from model.errors import NianbaoError
from model.importing.grid import Grid
from model.importing.unruled import UnruledText
from model.storage import read_file_bytes, read_refusal


class ImportRefused(NianbaoError):
    """The file cannot be imported at all; str() is the clerk's message."""


@dataclass
class Source:
    kind: str  # the kind of file as the clerk calls it: Excel, Word, PDF
    grids: list[Grid] = field(default_factory=list)
    documents: list[list[str]] = field(default_factory=list)  # paragraphs, each run in order
    titles: list[str] = field(default_factory=list)  # further title candidates (document properties)
    embedded: dict[str, Any] | None = None  # the project JSON a workbook of ours carries
    unruled: list[UnruledText] = field(default_factory=list)  # a PDF's text outside ruled tables

    def label_keys(self) -> set[str]:
        """Every label-like text found, in comparable forms (for format detection)."""
        return set().union(*(g.keys() for g in self.grids), *(u.keys() for u in self.unruled))

    def label_texts(self) -> list[str]:
        """Every label-like text as written."""
        return [t for g in self.grids for row in g.rows for t in row if t] + \
            [t for u in self.unruled for t in u.label_texts()]


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or ImportRefused saying why not (in the clerk's words). Read like a
    project file: only a regular file, within the size limit, so a pipe or a device never hangs
    or floods the program."""
    try:
        return read_file_bytes(path)[0]
    except OSError as exc:
        raise ImportRefused(read_refusal(exc, path, "报告", "（如已在 Excel、WPS 或 Word 中打开，请先关闭）")) from None
