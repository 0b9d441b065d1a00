"""The recent-files list, kept in the program's data folder (model.appdirs.data_dir()).

Any path the system gives is kept exactly, including names that are not valid UTF-8 (a zip made
on Windows, unpacked elsewhere): the list is written as ASCII JSON, whose escapes carry them.
One file reached by several paths (a linked folder, a mapped drive, another letter case) is one
entry (model.filekey).
"""
from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from model.appdirs import data_dir
from model.filekey import same_file
from model.storage import ProjectError, parse_json, read_file_bytes, write_atomically

RECENT_FILE = "recent.json"
RECENT_LIMIT = 10
MAX_LIST_BYTES = 1024 * 1024
MAX_PATH_CHARS = 32_767  # the longest path Windows knows

log = logging.getLogger(__name__)


def _store() -> Path:
    return data_dir() / RECENT_FILE


def _usable(entry: object) -> bool:
    return isinstance(entry, str) and 0 < len(entry) <= MAX_PATH_CHARS and "\0" not in entry


def recent_files() -> list[Path]:
    """Most recent first; a missing or damaged list is simply empty (it is only a convenience)."""
    try:
        raw = parse_json(read_file_bytes(_store(), MAX_LIST_BYTES)[0].decode("utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError, ProjectError) as exc:
        log.warning("recent-files list ignored: %s", exc)
        return []
    if not isinstance(raw, list):
        return []
    return [Path(p) for p in raw if _usable(p)]


def _write(paths: list[Path]) -> None:
    """Failing to write the list never disturbs the clerk."""
    data = json.dumps([os.fspath(p) for p in paths[:RECENT_LIMIT]], indent=1)
    try:
        write_atomically(_store(), data.encode("ascii"))
    except OSError as exc:
        log.warning("recent-files list not written: %s", exc)


def remember(path: Path) -> None:
    """Put `path` at the top of the list (as the clerk reached it, absolute)."""
    path = Path(os.path.abspath(path))
    _write([path] + [p for p in recent_files() if not same_file(p, path)])


def forget(path: Path) -> None:
    """Drop a file that could not be opened."""
    _write([p for p in recent_files() if not same_file(p, path)])


def last_existing() -> Path | None:
    """The report worked on last, if it still exists."""
    return next((p for p in recent_files() if p.is_file()), None)
