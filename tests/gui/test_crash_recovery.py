"""A real crash: the program (main.py's start path on FILE) is edited, killed with SIGKILL, restarted.

The running program is driven through the test-only entry tests/gui/drive_program.py: the first
run types into cells and a narrative section over about a second and a half, then reports its
last edit; the test waits a little over two seconds, kills it, and restarts it with the restore
prompt answered 恢复. Every edit must come back, unsaved and bound to the original file.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

EDITS = {"requests.new.person": 211, "requests.new.business": 37, "requests.granted.person": 123}
NARRATIVE = "崩溃前写下的总体情况。\n第二段：本年度共受理申请。"
AGE_SECONDS = 2.2  # every edit at least this old must survive the crash
STEP_TIMEOUT = 60

EDITING_SCRIPT = """
import json, time
from pathlib import Path
from PySide6.QtCore import QTimer

EDITS = {edits!r}
NARRATIVE = {narrative!r}
DONE = Path({done!r})

def started(window):
    steps = [lambda key=key, value=value: window.document.set_cells({{key: value}})
             for key, value in EDITS.items()]
    steps.append(lambda: window.tabs.texts["overview"].editor.setPlainText(NARRATIVE))
    steps.append(lambda: DONE.write_text(json.dumps({{"pid": __import__("os").getpid()}})))
    for i, step in enumerate(steps):  # one edit every 0.3 s: typing never pauses for a full second
        QTimer.singleShot(300 * i, step)
"""

RESTORING_SCRIPT = """
import json, os
from pathlib import Path
import gui.recovery_prompt as prompt

SHOWN = []
OUT = Path({out!r})

def answer(parent, recovery):
    SHOWN.append(prompt.describe(recovery))
    return prompt.Answer.RESTORE

prompt.ask_restore = answer

def started(window):
    document = window.document
    OUT.write_text(json.dumps({{
        "shown": SHOWN, "path": str(document.path), "modified": document.modified,
        "values": document.report.values, "overview": document.report.texts["overview"],
        "overview_editor": window.tabs.texts["overview"].editor.toPlainText(),
        "title": window.windowTitle(),
    }}, ensure_ascii=False, default=str), encoding="utf-8")
    os._exit(0)
"""


DRIVER = Path(__file__).with_name("drive_program.py")


def _start(project: Path, script: Path, home: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NIANBAO_HOME=str(home))
    return subprocess.Popen([sys.executable, str(DRIVER), str(script), str(project)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _wait_for(path: Path, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STEP_TIMEOUT
    while not path.exists():
        if process.poll() is not None:
            raise AssertionError(f"the program ended early: {process.stderr.read().decode(errors='replace')}")  # type: ignore[union-attr]
        if time.monotonic() > deadline:
            process.kill()
            process.wait()
            raise AssertionError("the program did not get there in time")
        time.sleep(0.05)


def test_every_edit_older_than_two_seconds_survives_sigkill(demo_file: Path, tmp_path: Path,
                                                           private_app_home: Path) -> None:
    original = demo_file.read_bytes()
    done, out = tmp_path / "edits-done.json", tmp_path / "restored.json"
    editing = tmp_path / "editing.py"
    editing.write_text(textwrap.dedent(EDITING_SCRIPT.format(edits=EDITS, narrative=NARRATIVE, done=str(done))),
                       encoding="utf-8")
    first = _start(demo_file, editing, private_app_home)
    _wait_for(done, first)
    time.sleep(AGE_SECONDS)
    first.send_signal(signal.SIGKILL)
    first.wait(STEP_TIMEOUT)  # reaped: a zombie would still count as running
    assert first.returncode == -signal.SIGKILL
    assert demo_file.read_bytes() == original  # nothing was saved
    assert (demo_file.parent / f".~{demo_file.name}.lock").exists()  # the crash left its lock behind

    restoring = tmp_path / "restoring.py"
    restoring.write_text(textwrap.dedent(RESTORING_SCRIPT.format(out=str(out))), encoding="utf-8")
    second = _start(demo_file, restoring, private_app_home)
    _wait_for(out, second)
    second.wait(STEP_TIMEOUT)
    restored = json.loads(out.read_text(encoding="utf-8"))

    [shown] = restored["shown"]
    assert f"文件：{demo_file.name}" in shown and "最后修改：" in shown
    assert restored["path"] == str(demo_file.resolve())
    assert restored["modified"] is True and restored["title"].startswith(demo_file.name)
    for key, value in EDITS.items():
        assert restored["values"][key] == value, key
    assert restored["overview"] == NARRATIVE == restored["overview_editor"]
    assert demo_file.read_bytes() == original
