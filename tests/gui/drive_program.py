"""Test-only entry point: the real program, started as `python main.py …` starts it, driven by
a scenario file of a test (the product itself never runs code named from outside).

    python tests/gui/drive_program.py SCENARIO.py [arguments of main.py …]

SCENARIO.py is run first, so it can replace a prompt (e.g. answer the restore prompt). If it
defines `started(window)`, that is called with the main window once the event loop runs.
Then `main.main` runs with the remaining arguments: the error hook, the recovery scan, the
file lock and the window, exactly as for the clerk.
"""
from __future__ import annotations

import runpy
import sys
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[2]


def drive(scenario: str, arguments: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QTimer

    import gui.app
    import main as program

    started: Callable[[Any], None] | None = runpy.run_path(scenario).get("started")
    real_start = gui.app.start_window

    def start_window(path: str | Path | None = None) -> Any:
        window, hook = real_start(path)
        if started is not None:
            QTimer.singleShot(0, lambda: started(window))
        return window, hook

    gui.app.start_window = start_window  # type: ignore[assignment]
    return program.main(arguments)


if __name__ == "__main__":
    sys.exit(drive(sys.argv[1], sys.argv[2:]))
