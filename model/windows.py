"""What Windows does differently with the clerk's files: the path limit and hidden files.

Without the system-wide long-path setting, Windows refuses paths of MAX_PATH (260) characters
or more, though clerks' folders on shares get that deep. Such a path works in its extended form
(``\\\\?\\C:\\…``, ``\\\\?\\UNC\\server\\share\\…``), so every file operation on the clerk's files
goes through `system_path`. Elsewhere these functions change nothing.
"""
from __future__ import annotations

import functools
import os
import sys

MAX_PATH = 260  # characters, the terminating NUL included
EXTENDED_PREFIX = "\\\\?\\"
UNC_PREFIX = "\\\\"
FILE_ATTRIBUTE_HIDDEN, FILE_ATTRIBUTE_NORMAL = 0x2, 0x80


@functools.lru_cache(maxsize=1)
def _long_paths_enabled() -> bool:
    import winreg  # type: ignore[import-not-found,unused-ignore]

    try:
        with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE,  # type: ignore[attr-defined,unused-ignore]
                            r"SYSTEM\CurrentControlSet\Control\FileSystem") as key:
            value, _ = winreg.QueryValueEx(key, "LongPathsEnabled")  # type: ignore[attr-defined,unused-ignore]
            return bool(value)
    except OSError:
        return False


def path_limit() -> int | None:
    """The longest path (in characters) plain file functions accept, None where unlimited."""
    if sys.platform != "win32" or _long_paths_enabled():
        return None
    return MAX_PATH - 1


def system_path(path: str | os.PathLike[str]) -> str:
    """`path` as file functions need it: absolute, in extended form where it exceeds the limit."""
    text = os.path.abspath(os.fspath(path))
    limit = path_limit()
    if limit is None or len(text) <= limit or text.startswith(EXTENDED_PREFIX):
        return text
    if text.startswith(UNC_PREFIX):
        return f"{EXTENDED_PREFIX}UNC\\{text[len(UNC_PREFIX):]}"
    return EXTENDED_PREFIX + text


def set_hidden(path: str | os.PathLike[str], hidden: bool) -> None:
    """Give a file the hidden attribute (or take it away) on Windows; elsewhere a dot name hides it."""
    if sys.platform != "win32":
        return
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]
    name = system_path(path)
    attributes = kernel32.GetFileAttributesW(name)
    if attributes == 0xFFFFFFFF:  # INVALID_FILE_ATTRIBUTES: the file is gone
        return
    wanted = attributes | FILE_ATTRIBUTE_HIDDEN if hidden else attributes & ~FILE_ATTRIBUTE_HIDDEN
    if wanted != attributes:
        kernel32.SetFileAttributesW(name, wanted or FILE_ATTRIBUTE_NORMAL)
