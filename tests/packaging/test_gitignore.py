"""What the program leaves beside a file it writes (a window's lock, the guard of a lock's
take-over, a save's or an export's temporary file) never shows up as a change in a checkout."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from model import lock
from model.storage import _temp_prefix, create_temporary

from conftest import ROOT


def _left_beside(folder: Path) -> list[str]:
    """The names of everything the program may leave beside a project and its exports."""
    project = folder / "示例区2025年报告.json"
    names = [lock.lock_path(project).name, lock._guard_path(project).name]
    for target in (project, folder / "示例区2025年报告.xlsx", folder / "示例区2025年报告.pdf"):
        fd, name = create_temporary(str(folder), _temp_prefix(target))
        os.close(fd)
        names.append(Path(name).name)
    return names


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(), reason="needs git and a checkout")
def test_files_left_beside_a_project_are_ignored_by_git(tmp_path: Path) -> None:
    names = _left_beside(tmp_path)
    paths = [f"reports/{name}" for name in names] + ["reports/示例区2025年报告.json"]
    done = subprocess.run(["git", "-C", str(ROOT), "check-ignore", "--no-index", "--stdin", "-z"],
                           input="\0".join(paths), capture_output=True, text=True, encoding="utf-8")
    assert done.returncode in (0, 1), done.stderr  # 1: nothing ignored
    ignored = set(filter(None, done.stdout.split("\0")))
    assert {p for p in paths[:-1] if p not in ignored} == set(), ignored
    assert "reports/示例区2025年报告.json" not in ignored  # the report itself stays visible
