"""Where the program keeps its own files (recent list, recovery copies, history, logs, settings,
caches).

NIANBAO_HOME overrides the platform folders, so tests and portable installs stay self-contained.
When that folder cannot be written (its disk is full, it is read-only), recovery copies and
history stop working: the clerk is told once per session, not on every edit.
"""
from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Callable

from model.os_errors import DISK_FULL, os_error_text

APP_NAME = "nianbao"

_reported: set[tuple[Path, str]] = set()  # (data folder, kind of problem) the clerk was told about


def _base(kind: str) -> Path:
    override = os.environ.get("NIANBAO_HOME")
    if override:
        return Path(override) / kind
    import platformdirs

    finders: dict[str, Callable[..., str]] = {
        "data": platformdirs.user_data_dir, "log": platformdirs.user_log_dir,
        "config": platformdirs.user_config_dir, "cache": platformdirs.user_cache_dir}
    if kind == "documents":
        return Path(platformdirs.user_documents_dir())
    return Path(finders[kind](APP_NAME, appauthor=False))


def _made(kind: str) -> Path:
    """The folder of `kind`, created on demand."""
    path = _base(kind)
    path.mkdir(parents=True, exist_ok=True)
    return path


def data_dir() -> Path:
    """Recovery copies, history and the recent-files list live here."""
    return _made("data")


def log_dir() -> Path:
    return _made("log")


def cache_dir() -> Path:
    """Files the program can rebuild at any time (parsed fonts, print previews)."""
    return _made("cache")


def config_dir() -> Path:
    """The window's own settings (size, position, zoom)."""
    return _made("config")


def documents_dir() -> Path:
    """The clerk's own 文档 folder, where copies of the bundled examples go."""
    return _made("documents")


def data_problem(exc: OSError) -> str | None:
    """What to tell the clerk when writing the program's own data failed with `exc`: a Chinese
    message the first time this kind of problem happens in this session, None afterwards."""
    full = exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)) or getattr(exc, "winerror", None) == DISK_FULL
    folder = _base("data")
    kind = (folder, "full" if full else "other")
    if kind in _reported:
        return None
    _reported.add(kind)
    if full:
        return (f"程序数据文件夹所在的磁盘已满（{folder}）：恢复副本和历史版本暂时无法保存。"
                "请清理该磁盘；报告文件本身仍可照常保存到其他磁盘。")
    return (f"无法写入程序数据文件夹 {folder}（{os_error_text(exc)}）：恢复副本和历史版本暂时无法保存。"
            "请及时保存报告。")

