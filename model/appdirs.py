"""Where the program keeps its own files (recent list, recovery copies, history, logs, settings).

NIANBAO_HOME overrides the platform folders, so tests and portable installs stay self-contained.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

APP_NAME = "nianbao"


def _base(kind: str) -> Path:
    override = os.environ.get("NIANBAO_HOME")
    if override:
        return Path(override) / kind
    import platformdirs

    finders: dict[str, Callable[..., str]] = {
        "data": platformdirs.user_data_dir, "log": platformdirs.user_log_dir,
        "config": platformdirs.user_config_dir}
    if kind == "documents":
        return Path(platformdirs.user_documents_dir())
    return Path(finders[kind](APP_NAME, appauthor=False))


def data_dir() -> Path:
    """Recovery copies, history and the recent-files list live here (created on demand)."""
    path = _base("data")
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    path = _base("log")
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    """The window's own settings (size, position, zoom) live here (created on demand)."""
    path = _base("config")
    path.mkdir(parents=True, exist_ok=True)
    return path


def documents_dir() -> Path:
    """The clerk's own 文档 folder, where copies of the bundled examples go (created on demand)."""
    path = _base("documents")
    path.mkdir(parents=True, exist_ok=True)
    return path
