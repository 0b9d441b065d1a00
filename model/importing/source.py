"""What a readable file yields before anything is matched: grids of cell texts, runs of
paragraphs, candidate titles and, in a workbook this program exported, the project itself."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from model.errors import NianbaoError
from model.importing.grid import Grid


class ImportRefused(NianbaoError):
    """The file cannot be imported at all; str() is the clerk's message."""


@dataclass
class Source:
    kind: str  # the kind of file as the clerk calls it: Excel, Word, PDF
    grids: list[Grid] = field(default_factory=list)
    documents: list[list[str]] = field(default_factory=list)  # paragraphs, each run in order
    titles: list[str] = field(default_factory=list)  # further title candidates (document properties)
    embedded: dict[str, Any] | None = None  # the project JSON a workbook of ours carries


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or ImportRefused saying why not (in the clerk's words)."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ImportRefused(f"找不到文件：{path}") from None
    except IsADirectoryError:
        raise ImportRefused(f"这是一个文件夹，不是文件：{path}") from None
    except PermissionError:
        raise ImportRefused(f"没有权限读取文件：{path}（如已在 Excel、WPS 或 Word 中打开，请先关闭）") from None
    except OSError as exc:
        raise ImportRefused(f"无法读取文件 {path}：{exc.strerror or os.strerror(exc.errno or 0)}") from None
