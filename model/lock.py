"""One editor per file: a lock file beside the project, as Office and WPS leave one.

The lock (".~<file name>.lock", or ".~<hash of the name>.lock" where that name would be too
long) names the process, computer and user holding the file and since when. It sits beside the
real file (links resolved), so every way of reaching the file meets the same lock. A lock whose
process no longer runs on this computer was left by a crash and is taken over; a lock from
another computer cannot be checked: it is shown with that computer's name and time, and taken
over only when the clerk confirms (`acquire(..., take_over=holder)`).

Taking over is atomic: only the process that creates the take-over guard (create-exclusive)
may remove a stale lock, after judging it again under the guard; the new lock is then created
exclusively like any other. Several processes racing for one stale lock end with one owner.

Where no lock can be written (a read-only share, a name the file system refuses) the file
opens without one, and FileLock.problem says so.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import secrets
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, TypeVar

from model import windows
from model.errors import NianbaoError
from model.os_errors import os_error_text
from model.processes import current_user, process_alive, process_started, this_host
from model.records import pid_field, start_time_field, time_field
from model.storage import ProjectError, parse_json, read_file_bytes

# A lock file that cannot be read is being written right now, unless it is older than this.
UNREADABLE_GRACE_SECONDS = 5.0
# A take-over guard is held for a few milliseconds; one this old was left by a crash.
GUARD_STALE_SECONDS = 10.0
GUARD_WAIT_SECONDS = 0.01
ATTEMPTS = 300  # about three seconds of waiting for another process's take-over
MAX_LOCK_BYTES = 64 * 1024
MAX_NAME_UNITS = 255  # bytes (POSIX) or UTF-16 units (Windows) in one file name
MAX_TEXT = 256

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class LockInfo:
    """Who holds a file."""

    pid: int
    host: str
    user: str
    since: datetime | None
    token: str = ""
    started: float | None = None  # the holder process's start time, telling it from a reused pid

    def describe(self) -> str:
        """「用户 zhang 在计算机 PC-01 上（进程 1234，自 2026-11-25 09:30 起）」."""
        if not self.pid:
            return "另一个年报助手窗口"
        who = f"用户 {self.user} " if self.user else ""
        when = f"，自 {self.since:%Y-%m-%d %H:%M} 起" if self.since else ""
        return f"{who}在计算机 {self.host or '（未知）'} 上（进程 {self.pid}{when}）"

    @property
    def on_this_computer(self) -> bool:
        return self.host == this_host()

    def is_stale(self) -> bool:
        """True when the holder was on this computer and its process is gone."""
        return self.on_this_computer and not process_alive(self.pid, self.started)


UNKNOWN_HOLDER = LockInfo(0, "", "", None)


class FileInUse(NianbaoError):
    """The file is open in another instance; str() is the Chinese message for the clerk."""

    def __init__(self, project: Path, holder: LockInfo) -> None:
        remedy = ("可以只读方式打开，或等对方关闭后再编辑。" if holder.on_this_computer or not holder.pid else
                  "可以只读方式打开；如果确定对方已不再编辑（例如那台计算机已关机），也可以接管编辑。")
        super().__init__(f"文件 {project.name} 已被打开：{holder.describe()}。{remedy}")
        self.project = project
        self.holder = holder

    @property
    def can_take_over(self) -> bool:
        """A lock from another computer: this one cannot tell whether its holder still runs."""
        return bool(self.holder.pid) and not self.holder.on_this_computer


def _fits(name: str) -> bool:
    return len(os.fsencode(name)) <= MAX_NAME_UNITS and len(name.encode("utf-16-le", "surrogatepass")) // 2 <= MAX_NAME_UNITS


def _sibling(project: Path, suffix: str) -> Path:
    """".~<name><suffix>" beside the real file, or ".~<hash of the name><suffix>" if too long.

    The hash is of the name only, so computers reaching the share by different paths agree.
    """
    real = Path(os.path.realpath(project))
    name = f".~{real.name}{suffix}"
    if not _fits(name):
        digest = hashlib.sha256(real.name.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        name = f".~{digest}{suffix}"
    return real.with_name(name)


def lock_path(project: str | os.PathLike[str]) -> Path:
    return _sibling(Path(project), ".lock")


def _guard_path(project: Path) -> Path:
    return _sibling(project, ".takeover")


# --- reading a lock, field by field -------------------------------------------------------------

def _text_field(data: dict[str, Any], key: str, where: Path) -> str | None:
    value = data.get(key, "")
    if isinstance(value, str) and len(value) <= MAX_TEXT and value.isprintable():
        return value
    log.warning("lock file %s: field %r ignored (%.80r)", where, key, value)
    return None


def _optional(data: dict[str, Any], key: str, check: Callable[[Any], T | None], where: Path) -> T | None:
    """An optional field: None when absent, and when unusable (logged)."""
    raw = data.get(key)
    if raw is None:
        return None
    value = check(raw)
    if value is None:
        log.warning("lock file %s: field %r ignored (%.80r)", where, key, raw)
    return value


def read_lock(project: str | os.PathLike[str]) -> LockInfo | None:
    """The current holder, or None when the file is not locked or the lock is unreadable.

    Every field is checked: a lock without a usable pid and computer is unreadable; another
    bad field is left out. What was wrong is logged.
    """
    path = lock_path(project)
    try:
        raw, _ = read_file_bytes(path, MAX_LOCK_BYTES)
        data = parse_json(raw.decode("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, ProjectError) as exc:
        log.warning("lock file %s unreadable: %s", path, exc)
        return None
    pid = pid_field(data.get("pid")) if isinstance(data, dict) else None
    if pid is None:
        log.warning("lock file %s unreadable: no usable pid", path)
        return None
    host = _text_field(data, "host", path)
    if not host:
        log.warning("lock file %s unreadable: no computer name", path)
        return None
    token = _text_field(data, "token", path) or ""
    return LockInfo(pid, host, _text_field(data, "user", path) or "", _optional(data, "since", time_field, path),
                    token, _optional(data, "started", start_time_field, path))


# --- taking a lock -------------------------------------------------------------------------------

class FileLock:
    """A held lock; release() (or leaving a with-block) removes it if it is still ours."""

    def __init__(self, project: Path, info: LockInfo | None, problem: str | None = None) -> None:
        self.project = project
        self.info = info  # None: the file is open without a lock
        self.problem = problem  # why not, for the clerk, when the reason matters to them

    @property
    def owned(self) -> bool:
        return self.info is not None

    def release(self) -> None:
        if self.info is None:
            return
        holder = read_lock(self.project)
        if holder is not None and holder.token == self.info.token:
            try:
                os.unlink(windows.system_path(lock_path(self.project)))
            except OSError:
                pass
        self.info = None

    def __enter__(self) -> "FileLock":
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _no_lock(project: Path, exc: OSError) -> FileLock:
    log.warning("no lock for %s: %s", project, exc)
    return FileLock(project, None, f"无法为“{project.name}”建立编辑锁（{os_error_text(exc)}），"
                                   "其他窗口或其他计算机同时打开此文件时将不会得到提示。")


def _takes_over(holder: LockInfo | None, age: float, take_over: LockInfo | None) -> bool:
    """Whether the lock of `holder` (None: unreadable), `age` seconds old, may be removed:
    stale, or confirmed by the clerk."""
    if holder is None:
        return age >= UNREADABLE_GRACE_SECONDS
    return holder.is_stale() or (take_over is not None and holder.token == take_over.token
                                 and holder.pid == take_over.pid and holder.host == take_over.host)


def _remove_under_guard(project: Path, take_over: LockInfo | None) -> None:
    """Remove the lock if, judged again under the take-over guard, it may be taken over.

    Without the guard (someone else is taking over) wait a moment; the caller tries again.
    OSError when the guard cannot be created at all (a folder we cannot write).
    """
    lock, guard = lock_path(project), _guard_path(project)
    guard_name = windows.system_path(guard)
    try:
        os.close(os.open(guard_name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
    except FileExistsError:
        guard_age = _age(guard)
        if guard_age is not None and guard_age > GUARD_STALE_SECONDS:  # left by a crash mid-take-over
            log.warning("removing a take-over guard left by a crash: %s", guard)
            _unlink(guard_name)
        time.sleep(GUARD_WAIT_SECONDS)
        return
    windows.set_hidden(guard_name, True)
    try:
        holder, age = read_lock(project), _age(lock)
        # Gone already (taken over, and its new owner not yet there): nothing to remove. Judging
        # a missing lock removable would remove the new owner's lock the moment it appears.
        if age is not None and _takes_over(holder, age, take_over):
            _unlink(windows.system_path(lock))
    finally:
        _unlink(guard_name)


def _unlink(name: str) -> None:
    try:
        os.unlink(name)
    except FileNotFoundError:
        pass


def acquire(project: str | os.PathLike[str], take_over: LockInfo | None = None) -> FileLock:
    """Lock `project` for editing, taking over a stale lock (or `take_over`, the holder the clerk
    confirmed to replace); FileInUse if someone else holds it."""
    project = Path(project)
    path = lock_path(project)
    name = windows.system_path(path)
    info = LockInfo(os.getpid(), this_host(), current_user(), datetime.now().astimezone(),
                    secrets.token_hex(8), process_started(os.getpid()))
    content = json.dumps({"pid": info.pid, "host": info.host, "user": info.user,
                          "since": info.since.isoformat(timespec="seconds") if info.since else None,
                          "token": info.token, "started": info.started}).encode("utf-8")
    for _ in range(ATTEMPTS):
        try:
            fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            holder, age = read_lock(project), _age(path)
            if age is None:
                continue  # gone meanwhile: create it again
            if not _takes_over(holder, age, take_over):
                raise FileInUse(project, holder or UNKNOWN_HOLDER) from None
            try:
                _remove_under_guard(project, take_over)
            except OSError as exc:
                return _no_lock(project, exc)  # a stale lock in a folder we cannot write
            continue
        except OSError as exc:
            return _no_lock(project, exc)
        try:
            try:
                os.write(fd, content)
            finally:
                os.close(fd)
        except OSError as exc:
            _unlink(name)
            return _no_lock(project, exc)
        windows.set_hidden(name, True)
        return FileLock(project, info)
    raise FileInUse(project, read_lock(project) or UNKNOWN_HOLDER)


def _age(path: Path) -> float | None:
    """Seconds since `path` was written; None when it does not exist."""
    try:
        return time.time() - os.stat(windows.system_path(path)).st_mtime
    except FileNotFoundError:
        return None
    except OSError:
        return UNREADABLE_GRACE_SECONDS  # there, but not to be looked at: judged as unreadable
