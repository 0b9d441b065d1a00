"""Recovery copies: the unsaved state of an open report, written in the background.

Each session (process) writes its own copy per open file, or one for an untitled report, a
short while after the last edit. A copy whose writer process is gone was left by a crash and is
offered back. Copies are named by file *and* session, so a new session never overwrites or
deletes a crashed session's copy: that one stays until the clerk restores or discards it.

A copy is the project file's JSON wrapped with who wrote it, when, for which file, and what that
file held when the session last loaded or saved it (to tell whether someone saved it since).
Everything read back is validated field by field; a copy that cannot be used is moved aside to
recovery/damaged/ (named in the log), never deleted.
"""
from __future__ import annotations

import copy
import json
import logging
import os
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from model import appdirs
from model.filekey import path_key
from model.processes import process_alive, process_started
from model.records import YEARS, pid_field, start_time_field, time_field
from model.report import Report
from model.storage import (DiskState, ProjectError, parse_json, read_file_bytes, report_from_json,
                           report_to_json, write_atomically)
from model.text import clean_user_text

KIND = "nianbao-recovery"
SUFFIX = ".recovery.json"
DAMAGED = "damaged"

log = logging.getLogger(__name__)
_sessions: dict[int, str] = {}  # pid → this session's part of copy names (a fork is a new session)


@dataclass(frozen=True)
class Recovery:
    """One recovery copy on disk, described without loading the report."""

    path: Path  # the copy itself
    source: Path | None  # the project file it belongs to; None for an untitled report
    written: datetime  # when it was written (with time zone)
    pid: int  # the process that wrote it
    started: float | None  # when that process started, telling it from a reuse of its pid
    unit: str
    year: int
    base: DiskState | None = None  # the file as that session loaded or last saved it

    @property
    def source_name(self) -> str:
        """What the clerk calls the file: its name, or 「未命名报告」."""
        return self.source.name if self.source else "未命名报告"


def recovery_dir() -> Path:
    path = appdirs.data_dir() / "recovery"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _session() -> str:
    pid = os.getpid()
    if pid not in _sessions:
        _sessions[pid] = f"{pid}-{secrets.token_hex(4)}"
    return _sessions[pid]


def recovery_path(source: str | os.PathLike[str] | None) -> Path:
    """Where this session keeps its copy for `source` (or for its untitled report)."""
    name = path_key(source) if source is not None else "untitled"
    return recovery_dir() / f"{name}-{_session()}{SUFFIX}"


def snapshot(report: Report) -> Report:
    """A copy of `report` that another thread may write while editing goes on here.

    Only what the window edits is copied; the units of a 汇总 (thousands of them, never edited)
    are shared.
    """
    copied = copy.copy(report)
    copied.texts, copied.values = dict(report.texts), dict(report.values)
    copied.explanations, copied.previous = dict(report.explanations), dict(report.previous)
    copied.carried, copied.merged_from = set(report.carried), list(report.merged_from)
    return copied


def _envelope_bytes(report: Report, source: str | os.PathLike[str] | None, base: DiskState | None) -> bytes:
    """The copy's bytes, made piece by piece: a 汇总 of 5,000 units encoded (and checked for
    text UTF-8 cannot hold) in one call would hold the interpreter for a third of a second,
    freezing the window while a background thread writes. The wrapper is ASCII (a path may
    hold any bytes)."""
    head = json.dumps({
        "kind": KIND,
        "source": os.path.abspath(os.fspath(source)) if source is not None else None,
        "written": datetime.now().astimezone().isoformat(timespec="seconds"),
        "pid": os.getpid(),
        "started": process_started(os.getpid()),
        "base": base.to_json() if base is not None else None,
    })
    data = report_to_json(report)
    units = data.pop("merged_from", [])
    body = json.dumps(data, ensure_ascii=False)
    pieces = [f'{head[:-1]}, "report": {body[:-1]}']
    if units:
        pieces.append(', "merged_from": [')
        pieces.extend(("" if i == 0 else ", ") + json.dumps(unit, ensure_ascii=False) for i, unit in enumerate(units))
        pieces.append("]")
    pieces.append("}}")
    return b"".join(clean_user_text(piece).encode("utf-8") for piece in pieces)


def write_recovery(report: Report, source: str | os.PathLike[str] | None,
                   base: DiskState | None = None) -> Path:
    """Write (or replace) this session's copy of `report`; OSError if the disk refuses.

    `base` is what the file held when this session loaded or last saved it.
    """
    target = recovery_path(source)
    write_atomically(target, _envelope_bytes(report, source, base))
    return target


# --- reading copies back, field by field ----------------------------------------------------------

def _fields(path: Path, envelope: Any) -> Recovery:
    """The copy's description; ValueError naming the first unusable field."""
    if not isinstance(envelope, dict) or envelope.get("kind") != KIND:
        raise ValueError("not a recovery copy")
    source, report = envelope.get("source"), envelope.get("report")
    if source is not None and (not isinstance(source, str) or not source or "\0" in source):
        raise ValueError("source")
    written, pid = time_field(envelope.get("written")), pid_field(envelope.get("pid"))
    if written is None:
        raise ValueError("written")
    if pid is None:
        raise ValueError("pid")
    if not isinstance(report, dict):
        raise ValueError("report")
    started = start_time_field(envelope.get("started"))
    if started is None and envelope.get("started") is not None:
        log.warning("recovery copy %s: field 'started' ignored", path)
    unit, year = report.get("unit"), report.get("year")
    return Recovery(path, Path(source) if source else None, written, pid, started,
                    clean_user_text(unit)[:200] if isinstance(unit, str) else "",
                    year if isinstance(year, int) and not isinstance(year, bool) and year in YEARS else 0,
                    DiskState.from_json(envelope.get("base")))


def _read(path: Path) -> Any:
    raw, _ = read_file_bytes(path)
    return parse_json(raw.decode("utf-8"))


def set_aside(path: Path, why: object) -> Path | None:
    """Move an unusable copy to recovery/damaged/ (never deleted: it may still hold work) and log it."""
    folder = path.parent / DAMAGED
    try:
        folder.mkdir(exist_ok=True)
        kept = folder / path.name
        os.replace(path, kept)
    except OSError as exc:
        log.error("recovery copy %s is unusable (%s) and could not be moved aside: %s", path, why, exc)
        return None
    log.error("recovery copy %s is unusable (%s); kept as %s", path, why, kept)
    return kept


def _describe(path: Path) -> Recovery | None:
    """The copy's metadata, or None (after moving it aside) for a copy that cannot be used."""
    try:
        return _fields(path, _read(path))
    except FileNotFoundError:
        return None  # restored or discarded by another window meanwhile
    except (OSError, UnicodeDecodeError, ProjectError, ValueError) as exc:
        set_aside(path, exc)
        return None


def list_recoveries() -> list[Recovery]:
    """Copies left by processes that are no longer running (crashed), newest first."""
    found = [r for r in map(_describe, sorted(recovery_dir().glob(f"*{SUFFIX}"))) if r is not None]
    return sorted((r for r in found if not process_alive(r.pid, r.started)),
                  key=lambda r: r.written, reverse=True)


def restore(recovery: Recovery) -> Report:
    """The report as it was when the copy was written; ProjectError if the copy is unusable
    (it is then moved aside, and the message says where)."""
    try:
        data = _read(recovery.path)["report"]
        return report_from_json(data)
    except FileNotFoundError:
        raise ProjectError(f"恢复副本已被删除：{recovery.path}") from None
    except (OSError, UnicodeDecodeError, ProjectError, KeyError, TypeError) as exc:
        kept = set_aside(recovery.path, exc)
        where = f"已移到 {kept}" if kept else f"仍在 {recovery.path}"
        raise ProjectError(f"恢复副本已损坏，无法恢复（{where}，可交技术支持查看）。") from None


def discard(recovery: Recovery) -> None:
    """Delete a copy the clerk restored (and saved) or chose to give up."""
    recovery.path.unlink(missing_ok=True)


def discard_own(source: str | os.PathLike[str] | None) -> None:
    """Delete this session's copy for `source`: after a normal save or a deliberate 不保存."""
    recovery_path(source).unlink(missing_ok=True)
