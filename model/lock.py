"""One editor per file: a lock file beside the project, as Office and WPS leave one.

The lock (".~<file name>.lock") names the process, host and user holding the file and since
when. A lock whose process no longer runs on this host was left by a crash and is taken over;
a lock from another host cannot be checked and is respected. A folder where no lock can be
written (a read-only share) opens without one: nothing can be saved there anyway.
"""
from __future__ import annotations

import json
import os
import secrets
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from model.errors import NianbaoError
from model.processes import current_user, process_alive, process_started, this_host

# A lock file that cannot be read is being written right now, unless it is older than this.
UNREADABLE_GRACE_SECONDS = 5.0


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

    def is_stale(self) -> bool:
        """True when the holder was on this host and its process is gone."""
        return self.host == this_host() and not process_alive(self.pid, self.started)


class FileInUse(NianbaoError):
    """The file is open in another instance; str() is the Chinese message for the clerk."""

    def __init__(self, project: Path, holder: LockInfo) -> None:
        super().__init__(f"文件 {project.name} 已被打开：{holder.describe()}。"
                         "可以只读方式打开，或等对方关闭后再编辑。")
        self.project = project
        self.holder = holder


def lock_path(project: str | os.PathLike[str]) -> Path:
    project = Path(project)
    return project.with_name(f".~{project.name}.lock")


def read_lock(project: str | os.PathLike[str]) -> LockInfo | None:
    """The current holder, or None when the file is not locked (or the lock is unreadable)."""
    try:
        data = json.loads(lock_path(project).read_text(encoding="utf-8"))
        since, started = data.get("since"), data.get("started")
        return LockInfo(int(data["pid"]), str(data["host"]), str(data.get("user", "")),
                        datetime.fromisoformat(since) if since else None, str(data.get("token", "")),
                        float(started) if started is not None else None)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


class FileLock:
    """A held lock; release() (or leaving a with-block) removes it if it is still ours."""

    def __init__(self, project: Path, info: LockInfo | None) -> None:
        self.project = project
        self.info = info  # None: the folder takes no lock file, the file is open unlocked

    @property
    def owned(self) -> bool:
        return self.info is not None

    def release(self) -> None:
        if self.info is None:
            return
        holder = read_lock(self.project)
        if holder is not None and holder.token == self.info.token:
            try:
                lock_path(self.project).unlink()
            except OSError:
                pass
        self.info = None

    def __enter__(self) -> "FileLock":
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def acquire(project: str | os.PathLike[str]) -> FileLock:
    """Lock `project` for editing, taking over a stale lock; FileInUse if someone holds it."""
    project = Path(project)
    path = lock_path(project)
    info = LockInfo(os.getpid(), this_host(), current_user(), datetime.now().astimezone(),
                    secrets.token_hex(8), process_started(os.getpid()))
    content = json.dumps({"pid": info.pid, "host": info.host, "user": info.user,
                          "since": info.since.isoformat(timespec="seconds") if info.since else None,
                          "token": info.token, "started": info.started},
                         ensure_ascii=False).encode("utf-8")
    for _ in range(3):
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            holder = read_lock(project)
            if holder is None:
                if _age(path) < UNREADABLE_GRACE_SECONDS:
                    raise FileInUse(project, LockInfo(0, "", "", None)) from None
            elif not holder.is_stale():
                raise FileInUse(project, holder) from None
            try:
                path.unlink(missing_ok=True)
            except OSError:
                return FileLock(project, None)  # a stale lock in a folder we cannot write
            continue
        except OSError:
            return FileLock(project, None)
        try:
            os.write(fd, content)
        finally:
            os.close(fd)
        _hide(path)
        return FileLock(project, info)
    raise FileInUse(project, read_lock(project) or LockInfo(0, "", "", None))


def _age(path: Path) -> float:
    try:
        return time.time() - path.stat().st_mtime
    except OSError:
        return UNREADABLE_GRACE_SECONDS


def _hide(path: Path) -> None:
    """Give the lock file the hidden attribute on Windows, as Office does with its own."""
    if sys.platform == "win32":
        import ctypes

        ctypes.windll.kernel32.SetFileAttributesW(str(path), 0x2)
