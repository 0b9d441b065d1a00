"""Who is running: is a process still alive, which host and user is this.

Recovery copies and file locks record their writer's pid and start time; a pid that is no
longer alive on this host means the writer crashed (or quit without cleaning up) and its files
are stale. The start time tells a reused pid (common on Windows after a restart) from the
writer itself, where the system can tell it.
"""
from __future__ import annotations

import getpass
import os
import socket
import sys


# Start times computed twice for one process may differ by clock adjustments, never by this much.
START_TOLERANCE_SECONDS = 2.0


def process_alive(pid: int, started: float | None = None) -> bool:
    """True when process `pid` runs on this machine (ours included) and, if `started` (from
    process_started) is given, is the same process that started then, not a reuse of its id."""
    if not _pid_alive(pid):
        return False
    if started is None:
        return True
    actual = process_started(pid)
    return actual is None or abs(actual - started) < START_TOLERANCE_SECONDS


def process_started(pid: int) -> float | None:
    """When the process started (seconds since the epoch), or None where the system won't say."""
    try:
        if sys.platform == "win32":
            return _windows_process_started(pid)
        if sys.platform.startswith("linux"):
            return _linux_process_started(pid)
    except (OSError, ValueError, IndexError):
        return None
    return None


def _linux_process_started(pid: int) -> float | None:
    with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    ticks = int(fields[19])  # field 22, starttime, counted from field 3 after the command name
    with open("/proc/stat", encoding="ascii") as system:
        boot = next(int(line.split()[1]) for line in system if line.startswith("btime "))
    return boot + ticks / os.sysconf("SC_CLK_TCK")  # type: ignore[attr-defined,no-any-return,unused-ignore]


def _windows_process_started(pid: int) -> float | None:
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined,unused-ignore]
    kernel32.OpenProcess.restype = wintypes.HANDLE
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return None
    try:
        created, exited, kernel, user = (wintypes.FILETIME() for _ in range(4))
        if not kernel32.GetProcessTimes(handle, ctypes.byref(created), ctypes.byref(exited),
                                        ctypes.byref(kernel), ctypes.byref(user)):
            return None
        hundred_ns = (created.dwHighDateTime << 32) | created.dwLowDateTime
        return hundred_ns / 10_000_000 - 11_644_473_600  # FILETIME counts from 1601
    finally:
        kernel32.CloseHandle(handle)


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        return _windows_process_alive(pid)
    try:
        os.kill(pid, 0)  # signal 0 only asks; on Windows os.kill would terminate, hence above
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, owned by another user
    except OSError:
        return False
    return True


def _windows_process_alive(pid: int) -> bool:
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined,unused-ignore]
    kernel32.OpenProcess.restype = wintypes.HANDLE
    process_query_limited_information, still_active, access_denied = 0x1000, 259, 5
    handle = kernel32.OpenProcess(process_query_limited_information, False, pid)
    if not handle:
        return bool(ctypes.get_last_error() == access_denied)  # type: ignore[attr-defined,unused-ignore]
    try:
        code = wintypes.DWORD()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == still_active
    finally:
        kernel32.CloseHandle(handle)


def this_host() -> str:
    return socket.gethostname()


def current_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return ""
