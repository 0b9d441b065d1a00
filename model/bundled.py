"""Files shipped with the program (formats, examples, icons), found wherever it runs.

They live in the `resources` package, so importlib.resources finds them alike in a source
checkout, an editable install, an installed wheel and a PyInstaller-frozen program; no code
computes a path relative to the source tree.
"""
from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

PACKAGE = "resources"


def bundled(*parts: str) -> Traversable:
    """A shipped file or folder, e.g. bundled("formats", "2021.json"), for reading."""
    return files(PACKAGE).joinpath(*parts)


def bundled_path(*parts: str) -> Path:
    """A shipped file as a file-system path, for what needs one (Qt icons, copying).

    Every way the program is installed keeps its files unpacked on disk, so this is a real path;
    a zipped install would be refused here rather than hand out a path that does not exist.
    """
    item = bundled(*parts)
    if not isinstance(item, Path):
        raise RuntimeError(f"bundled file {'/'.join(parts)} is not on disk ({item!r})")
    return item
