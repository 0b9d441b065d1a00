"""NIANBAO_TEST_SCRIPT: lets a test drive the real program started as `python main.py`.

Only when the environment variable names a Python file: the file is executed once before the
window is built (so it can replace a dialog, e.g. answer the restore prompt), and if it defines
`started(window)`, that is called with the main window once the event loop runs. Used by
tests/test_crash_recovery.py, which must kill a real process; never set by the program itself.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable

VARIABLE = "NIANBAO_TEST_SCRIPT"


def load_test_script() -> Callable[[Any], None] | None:
    """Run the script named by NIANBAO_TEST_SCRIPT; its `started` function, if any."""
    script = os.environ.get(VARIABLE)
    if not script:
        return None
    namespace: dict[str, Any] = {"__name__": "nianbao_test_script", "__file__": script}
    exec(compile(Path(script).read_text(encoding="utf-8"), script, "exec"), namespace)
    return namespace.get("started")
