"""The bundled example reports, and the writable copies a clerk works on instead of them.

Examples are installed beside the program, in a folder the clerk cannot (and must not) write
to; opening one therefore means copying it to the clerk's documents first, so that saving,
the file lock and the history all happen in a folder of the clerk's own.
"""
from __future__ import annotations

from pathlib import Path

from model.appdirs import documents_dir
from model.bundled import bundled, bundled_path

COPY_PREFIX = "示例 "


def example_names() -> list[str]:
    """The names of the bundled examples (their file names without .json), sorted."""
    return sorted(p.name.removesuffix(".json") for p in bundled("examples").iterdir()
                  if p.name.endswith(".json"))


def example_path(name: str) -> Path:
    """The bundled (read-only) file of an example; KeyError for an unknown name."""
    if name not in example_names():
        raise KeyError(name)
    return bundled_path("examples", f"{name}.json")


def is_bundled_example(path: Path) -> bool:
    """True for a file in the bundled examples folder, however the path is spelled."""
    return path.resolve().parent == bundled_path("examples").resolve()


def copy_example(name: str, folder: Path | None = None) -> Path:
    """Copy an example into `folder` (default: the clerk's documents) and return the copy.

    The copy never replaces a file: a clerk who copied an example before and worked on it keeps
    that work, and the new copy gets the next free name (“示例 demo-2025 (2).json”).
    """
    data = example_path(name).read_bytes()
    folder = folder if folder is not None else documents_dir()
    stem = f"{COPY_PREFIX}{name}"
    number = 1
    while True:
        target = folder / (f"{stem}.json" if number == 1 else f"{stem} ({number}).json")
        try:
            with open(target, "xb") as out:  # "x": never over an existing file
                out.write(data)
        except FileExistsError:
            number += 1
            continue
        return target


def writable_copy(path: Path, folder: Path | None = None) -> Path:
    """The file to open for `path`: a fresh copy if it is a bundled example, else itself."""
    if is_bundled_example(path) and path.name.endswith(".json"):
        return copy_example(path.name.removesuffix(".json"), folder)
    return path
