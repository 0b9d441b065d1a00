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
from model.report import Report
from model.storage import ProjectError, load_report, save_report, write_atomically

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


def save_with_history(report: Report, path: str | os.PathLike[str], keep: int = KEEP) -> None:
    """Save like storage.save_report, first keeping the file's current version in history.

    Raises ProjectError exactly when save_report does; history is best effort and a failure
    to keep a version never stops the save (it is logged).
    """
    target = Path(path)
    try:
        previous = target.read_bytes()
    except OSError:
        previous = None
    written = save_report(report, target)
    if previous is None or previous == written:
        return
    try:
        _keep(target, previous, keep)
    except OSError:
        log.exception("could not keep the previous version of %s", target)


def _keep(source: Path, content: bytes, keep: int) -> None:
    folder = history_dir(source)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / _SOURCE_NOTE).write_text(os.path.abspath(source), encoding="utf-8")
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
