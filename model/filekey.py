"""A short stable key for a project file's location, naming its folder of program data."""
from __future__ import annotations

import hashlib
import os


def path_key(path: str | os.PathLike[str]) -> str:
    """16 hex digits from the absolute, case-normalised path (one key per file on this machine)."""
    normal = os.path.normcase(os.path.abspath(os.fspath(path)))
    return hashlib.sha256(normal.encode("utf-8", "surrogatepass")).hexdigest()[:16]
