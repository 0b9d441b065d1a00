"""Recovery copies: the unsaved state of an open report, written in the background.

The window writes one copy per open file (or one per process for an untitled report) a short
while after the last edit. A copy whose writer process is gone was left by a crash, and the
next start offers it back. A copy is the project file's JSON wrapped with who wrote it, when,
and for which file, written atomically so a crash during the write leaves the previous copy.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from model import appdirs
from model.filekey import path_key
from model.processes import process_alive, process_started
from model.report import Report
from model.storage import ProjectError, report_from_json, report_to_json, write_atomically

KIND = "nianbao-recovery"
SUFFIX = ".recovery.json"


@dataclass(frozen=True)
class Recovery:
    """One recovery copy on disk, described without loading the report."""

    path: Path  # the copy itself
    source: Path | None  # the project file it belongs to; None for an untitled report
    written: datetime  # local time of the write
    pid: int  # the process that wrote it
    started: float | None  # when that process started, telling it from a reuse of its pid
    unit: str
    year: int

    @property
    def source_name(self) -> str:
        """What the clerk calls the file: its name, or 「未命名报告」."""
        return self.source.name if self.source else "未命名报告"


def recovery_dir() -> Path:
    path = appdirs.data_dir() / "recovery"
    path.mkdir(parents=True, exist_ok=True)
    return path


def recovery_path(source: str | os.PathLike[str] | None, pid: int | None = None) -> Path:
    """Where the copy for `source` (or this process's untitled report) is kept."""
    name = path_key(source) if source is not None else f"untitled-{pid or os.getpid()}"
    return recovery_dir() / f"{name}{SUFFIX}"


def write_recovery(report: Report, source: str | os.PathLike[str] | None) -> Path:
    """Write (or replace) the recovery copy of `report`; OSError if the disk refuses."""
    envelope = {
        "kind": KIND,
        "source": os.path.abspath(os.fspath(source)) if source is not None else None,
        "written": datetime.now().astimezone().isoformat(timespec="seconds"),
        "pid": os.getpid(),
        "started": process_started(os.getpid()),
        "report": report_to_json(report),
    }
    target = recovery_path(source)
    write_atomically(target, json.dumps(envelope, ensure_ascii=False).encode("utf-8"))
    return target


def _describe(path: Path) -> Recovery | None:
    """The copy's metadata, or None for anything that is not a readable copy."""
    try:
        envelope = json.loads(path.read_text(encoding="utf-8"))
        if envelope.get("kind") != KIND:
            return None
        report = envelope["report"]
        source, started = envelope["source"], envelope.get("started")
        return Recovery(path, Path(source) if source else None,
                        datetime.fromisoformat(envelope["written"]), int(envelope["pid"]),
                        float(started) if started is not None else None,
                        str(report.get("unit", "")), int(report.get("year", 0)))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def list_recoveries() -> list[Recovery]:
    """Copies left by processes that are no longer running (crashed), newest first."""
    found = [r for r in map(_describe, recovery_dir().glob(f"*{SUFFIX}")) if r is not None]
    return sorted((r for r in found if not process_alive(r.pid, r.started)),
                  key=lambda r: r.written, reverse=True)


def restore(recovery: Recovery) -> Report:
    """The report as it was when the copy was written; ProjectError if the copy is unusable."""
    try:
        envelope: Any = json.loads(recovery.path.read_text(encoding="utf-8"))
        data = envelope["report"]
    except (OSError, ValueError, KeyError, TypeError):
        raise ProjectError(f"恢复副本已损坏或已被删除：{recovery.path}") from None
    return report_from_json(data)


def discard(recovery: Recovery) -> None:
    """Delete a copy the clerk restored (and saved) or chose to give up."""
    recovery.path.unlink(missing_ok=True)


def discard_own(source: str | os.PathLike[str] | None) -> None:
    """Delete this process's copy for `source`: after a normal save or a deliberate 不保存."""
    recovery_path(source).unlink(missing_ok=True)
