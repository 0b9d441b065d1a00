"""The recent-files list, kept in the program's data folder (model.appdirs.data_dir())."""
from __future__ import annotations

import json
from pathlib import Path

from model.appdirs import data_dir
from model.storage import write_atomically

RECENT_FILE = "recent.json"
RECENT_LIMIT = 10


def _store() -> Path:
    return data_dir() / RECENT_FILE


def recent_files() -> list[Path]:
    """Most recent first; a missing or damaged list is simply empty (it is only a convenience)."""
    try:
        raw = json.loads(_store().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(raw, list):
        return []
    return [Path(p) for p in raw if isinstance(p, str)]


def _write(paths: list[Path]) -> None:
    """Failing to write the list never disturbs the clerk."""
    data = json.dumps([str(p) for p in paths[:RECENT_LIMIT]], ensure_ascii=False, indent=1)
    try:
        write_atomically(_store(), data.encode("utf-8"))
    except OSError:
        pass


def remember(path: Path) -> None:
    """Put `path` at the top of the list."""
    path = Path(path).resolve()
    _write([path] + [p for p in recent_files() if p != path])


def forget(path: Path) -> None:
    """Drop a file that could not be opened."""
    path = Path(path).resolve()
    _write([p for p in recent_files() if p != path])


def last_existing() -> Path | None:
    """The report worked on last, if it still exists."""
    return next((p for p in recent_files() if p.is_file()), None)
