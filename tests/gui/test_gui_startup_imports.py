"""Start-up stays light: the libraries that write or read deliverables load when first used.

openpyxl (with numpy), reportlab, python-docx and pdfplumber together cost a quarter of a
second or more; a feature installer that imports them at start doubles the window's start-up.
Our own modules that only a later step needs load then too: the tables (the window opens on a
narrative section), the dialogs of commands not yet chosen, the importers, the review, the
help's legend and the package metadata.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import DEMO_EXAMPLE, ROOT

HEAVY = ("openpyxl", "numpy", "reportlab", "docx", "pdfplumber", "pdfminer")
LATER = ("gui.table_view", "gui.table_model", "gui.block_edit", "gui.legend", "gui.carry_dialog", "gui.merge_dialog",
         "gui.review_dialog", "gui.dialogs", "gui.last_year", "model.importing.reader", "model.review",
         "importlib.metadata", "concurrent.futures")

PROBE = """
import json, sys
from gui.app import create_app, start_window
app = create_app()
window, hook = start_window(sys.argv[1])
app.processEvents()
print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {heavy})))
print(json.dumps(sorted(m for m in sys.modules if m in {later})))
hook.uninstall()
"""


def _started(tmp_path) -> tuple[list[str], list[str]]:
    """(the heavy libraries, the modules for later) loaded once the window has started."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NIANBAO_HOME=str(tmp_path / "home"))
    code = PROBE.replace("{heavy}", repr(set(HEAVY))).replace("{later}", repr(set(LATER)))
    result = subprocess.run([sys.executable, "-c", code, str(DEMO_EXAMPLE)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    heavy, later = result.stdout.strip().splitlines()[-2:]
    return json.loads(heavy), json.loads(later)


def test_the_window_starts_without_the_export_and_import_libraries(tmp_path):
    assert _started(tmp_path)[0] == []


def test_the_window_starts_without_what_only_a_later_step_needs(tmp_path):
    assert _started(tmp_path)[1] == []
