"""What a readable file yields before anything is matched: grids of cell texts, runs of
paragraphs, candidate titles and, in a workbook this program exported, the project itself."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from model.importing.grid import Grid


class ImportRefused(ValueError):
    """The file cannot be imported at all; str() is the clerk's message."""


@dataclass
class Source:
    kind: str  # the kind of file as the clerk calls it: Excel, Word, PDF
    grids: list[Grid] = field(default_factory=list)
    documents: list[list[str]] = field(default_factory=list)  # paragraphs, each run in order
    titles: list[str] = field(default_factory=list)  # further title candidates (document properties)
    embedded: dict[str, Any] | None = None  # the project JSON a workbook of ours carries
