"""Earlier versions of a project file: each save keeps the version it replaces.

Versions live in the program's data folder (history/<key of the file's path>/), not beside
the clerk's file, so shared folders stay clean. The newest KEEP versions are kept.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from model import appdirs
from model.filekey import path_key
from model.os_errors import os_error_text
from model.report import Report
from model.storage import (DiskState, ProjectError, content_digest, load_report, read_file_bytes,
                           save_report, write_atomically)

KEEP = 10
_STAMP = "%Y%m%dT%H%M%S.%f"
_SUFFIX = ".json"
_SOURCE_NOTE = "source.txt"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Version:
    """One kept version: when it was replaced and what it held."""

    path: Path
    saved: datetime  # when a newer save replaced it (local time)
    unit: str
    year: int
    filled: int  # cells the clerk filled (computed totals not counted)
    readable: bool

    @property
    def summary(self) -> str:
        """「南开区文化和旅游局 · 2020年 · 已填 123 格」, or why it cannot be read."""
        if not self.readable:
            return "（此版本无法读取）"
        return f"{self.unit} · {self.year}年 · 已填 {self.filled} 格"


def history_root() -> Path:
    """The folder of every file's kept versions (one subfolder per file)."""
    return appdirs.data_dir() / "history"


def history_dir(source: str | os.PathLike[str]) -> Path:
    return history_root() / path_key(source)


@dataclass(frozen=True)
class Saved:
    """A save that succeeded: what the file now holds, and a warning if no version was kept."""

    state: DiskState
    warning: str | None = None


def save_with_history(report: Report, path: str | os.PathLike[str], keep: int = KEEP) -> Saved:
    """Save like storage.save_report, first keeping the file's current version in history.

    Raises ProjectError exactly when save_report does. A failure to keep a version never stops
    the save: it is logged, and the returned warning tells the clerk (the first time, when the
    program's data folder is the problem).
    """
    target = Path(path)
    try:
        previous: bytes | None = read_file_bytes(target)[0]
    except OSError:
        previous = None  # no file yet, or none that save_report will replace
    state = save_report(report, target)
    if previous is None or content_digest(previous) == state.digest:
        return Saved(state)
    try:
        _keep(target, previous, keep)
    except OSError as exc:
        log.exception("could not keep the previous version of %s", target)
        return Saved(state, appdirs.data_problem(exc)
                     or f"已保存，但未能保留上一版本（{os_error_text(exc)}）。")
    return Saved(state)


def _keep(source: Path, content: bytes, keep: int) -> None:
    folder = history_dir(source)
    folder.mkdir(parents=True, exist_ok=True)
    # The path as the system gives it (bytes): a name that is not valid UTF-8 is kept exactly.
    write_atomically(folder / _SOURCE_NOTE, os.fsencode(os.path.abspath(source)))
    write_atomically(folder / f"{datetime.now().strftime(_STAMP)}{_SUFFIX}", content)
    for old in _version_files(folder)[keep:]:
        old.unlink(missing_ok=True)


def _version_files(folder: Path) -> list[Path]:
    """Version files, newest first (their names are sortable timestamps)."""
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.glob(f"*{_SUFFIX}") if _stamp(p) is not None), reverse=True)


def _stamp(path: Path) -> datetime | None:
    try:
        return datetime.strptime(path.name[: -len(_SUFFIX)], _STAMP)
    except ValueError:
        return None


def list_versions(source: str | os.PathLike[str]) -> list[Version]:
    """The kept versions of `source`, newest first, each with a short summary."""
    versions = []
    for file in _version_files(history_dir(source)):
        saved = _stamp(file)
        assert saved is not None
        try:
            report = load_report(file)
        except ProjectError:
            versions.append(Version(file, saved, "", 0, 0, readable=False))
            continue
        filled = sum(1 for key in report.values if not report.is_computed(key))
        versions.append(Version(file, saved, report.unit, report.year, filled, True))
    return versions


def restore_version(version: Version) -> Report:
    """The report as that version held it (the window opens it as an unsaved change)."""
    return load_report(version.path)
