"""One file, one identity: the normal form of a project file's path, and a short key from it.

A clerk reaches the same file in several ways: through a symbolic link or a linked folder, a
mapped network drive (Z:\\ for \\\\server\\share), in another letter case on Windows. Locks,
history, recovery copies and the recent list must all see one file there, so they all go
through `normal_path` (the real path: links, junctions and, on Windows, mapped and substituted
drives resolved where the system reports them; case folded where the file system ignores it).
"""
from __future__ import annotations

import functools
import hashlib
import os
import sys


# The path rules in force: os.path (ntpath on Windows); a test sets ntpath to see Windows' rules.
_flavour = os.path


def normal_path(path: str | os.PathLike[str]) -> str:
    """The one spelling of `path` that every way of reaching the same file shares."""
    real = _flavour.realpath(os.fspath(path))
    drive, rest = _flavour.splitdrive(real)
    share = _mapped_share(drive) if len(drive) == 2 and drive[1] == ":" else None
    return _flavour.normcase(share + rest if share else real)


@functools.lru_cache(maxsize=32)
def _mapped_share(drive: str) -> str | None:
    """\\\\server\\share for a drive letter mapped to a network share, where Windows can tell."""
    if sys.platform != "win32":
        return None
    import ctypes

    buffer = ctypes.create_unicode_buffer(1024)
    size = ctypes.c_ulong(len(buffer))
    mpr = ctypes.WinDLL("mpr")  # type: ignore[attr-defined,unused-ignore]
    if mpr.WNetGetConnectionW(drive, buffer, ctypes.byref(size)) != 0:
        return None  # a local drive, or one whose share cannot be named
    return str(buffer.value).rstrip("\\")


def path_key(path: str | os.PathLike[str]) -> str:
    """16 hex digits from normal_path (one key per file on this machine)."""
    return hashlib.sha256(normal_path(path).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    return normal_path(a) == normal_path(b)
