"""A real crash: the program (main.py's start path on FILE) is edited, killed, restarted.

The running program is driven through the test-only entry tests/gui/drive_program.py: the first
run keeps typing until it is killed — one edit every 300 ms, alternately a cell and a piece of
narrative text, each logged with its time — so typing never pauses long enough for a
copy written only "once the clerk pauses". While it types, the test keeps reading the recovery
copy on disk: at no moment may it lack an edit older than two seconds. Then it kills the program
(SIGKILL; TerminateProcess on Windows) in the middle of typing, restarts it with the restore
prompt answered 恢复, and asserts that every edit older than two seconds at the kill came back,
unsaved and bound to the file.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Callable

from model.lock import lock_path

from conftest import ROOT

KEYS = ["requests.new.person", "requests.new.business", "requests.granted.person"]
EDIT_MS = 300
EDITS_BEFORE_KILL = 20  # six seconds of typing: several copies are due meanwhile
AGE_SECONDS = 2.0  # every edit at least this old must survive the crash
STEP_TIMEOUT = 60

EDITING_SCRIPT = """
import json, time
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtGui import QTextCursor

KEYS = {keys!r}
LOG = Path({log!r})

def started(window):
    log = LOG.open("a", encoding="utf-8")
    count = [0]

    def edit():
        count[0] += 1
        i = count[0]
        if i % 2:
            window.document.set_cells({{KEYS[i % len(KEYS)]: i}})  # a typed figure
        else:
            editor = window.tabs.texts["overview"].editor  # typed at the end of 一、总体情况
            editor.moveCursor(QTextCursor.MoveOperation.End)
            editor.insertPlainText(f"[{{i}}]")
        log.write(json.dumps({{"i": i, "at": time.time()}}) + "\\n")
        log.flush()

    timer = QTimer(window)
    timer.timeout.connect(edit)
    timer.start({edit_ms})
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


def _wait_until(done: Callable[[], bool], process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STEP_TIMEOUT
    while not done():
        if process.poll() is not None:
            raise AssertionError(f"the program ended early: {process.stderr.read().decode(errors='replace')}")  # type: ignore[union-attr]
        if time.monotonic() > deadline:
            process.kill()
            process.wait()
            raise AssertionError("the program did not get there in time")
        time.sleep(0.05)


def _edits(log: Path) -> list[dict[str, float]]:
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line.endswith("}")]


def _missing(values: dict[str, int], overview: str, edits: list[dict[str, float]], now: float) -> list[str]:
    """The edits made before `now` - AGE_SECONDS that `values` and `overview` do not hold."""
    lost = []
    for edit in edits:
        if edit["at"] >= now - AGE_SECONDS:
            continue
        i = int(edit["i"])
        if i % 2:
            key = KEYS[i % len(KEYS)]
            if not values.get(key, 0) >= i:  # each key only ever gets larger values
                lost.append(f"edit {i} ({key} = {i}), {now - edit['at']:.1f} s old")
        elif f"[{i}]" not in overview:
            lost.append(f"edit {i} (text [{i}]), {now - edit['at']:.1f} s old")
    return lost


def _copy_lags(home: Path, log: Path) -> list[str]:
    """At this moment, what the recovery copy on disk lacks of the edits older than two seconds."""
    now = time.time()
    edits = _edits(log)
    copies = list((home / "data" / "recovery").glob("*.recovery.json"))
    try:
        report = json.loads(copies[0].read_text(encoding="utf-8"))["report"] if copies else {}
    except (OSError, ValueError):
        return []  # replaced while being read: the next look sees it
    return _missing(report.get("values", {}), report.get("texts", {}).get("overview", ""), edits, now)


def test_every_edit_older_than_two_seconds_survives_a_kill_during_typing(demo_file: Path, tmp_path: Path,
                                                                        private_app_home: Path) -> None:
    original = demo_file.read_bytes()
    log, out = tmp_path / "edits.jsonl", tmp_path / "restored.json"
    editing = tmp_path / "editing.py"
    editing.write_text(textwrap.dedent(EDITING_SCRIPT.format(keys=KEYS, log=str(log), edit_ms=EDIT_MS)),
                       encoding="utf-8")
    first = _start(demo_file, editing, private_app_home)
    lags: list[str] = []

    def typed_enough() -> bool:  # meanwhile, the copy on disk is never more than two seconds behind
        lags.extend(_copy_lags(private_app_home, log))
        return len(_edits(log)) >= EDITS_BEFORE_KILL

    _wait_until(typed_enough, first)
    killed_at = time.time()
    first.kill()  # mid-typing: the next edit is due within 0.3 s
    first.wait(STEP_TIMEOUT)  # reaped: a zombie would still count as running
    assert lags == [], "while typing, the recovery copy lacked edits older than two seconds: " + "; ".join(lags[:5])
    assert first.returncode != 0
    assert demo_file.read_bytes() == original  # nothing was saved
    assert lock_path(demo_file).exists()  # the crash left its lock behind
    edits = _edits(log)
    assert len([e for e in edits if e["at"] < killed_at - AGE_SECONDS]) >= EDITS_BEFORE_KILL - 8

    restoring = tmp_path / "restoring.py"
    restoring.write_text(textwrap.dedent(RESTORING_SCRIPT.format(out=str(out))), encoding="utf-8")
    second = _start(demo_file, restoring, private_app_home)
    _wait_until(out.exists, second)
    second.wait(STEP_TIMEOUT)
    restored = json.loads(out.read_text(encoding="utf-8"))

    lost = _missing(restored["values"], restored["overview"], edits, killed_at)
    assert lost == [], "edits older than two seconds at the kill were lost: " + "; ".join(lost)
    [shown] = restored["shown"]
    assert f"文件：{demo_file.name}" in shown and "最后修改：" in shown
    assert restored["path"] == str(demo_file.resolve())
    assert restored["modified"] is True and restored["title"].startswith(demo_file.name)
    assert restored["overview"] == restored["overview_editor"]
    assert demo_file.read_bytes() == original
