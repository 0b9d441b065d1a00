"""Start-up stays light: the libraries that write or read deliverables load when first used.

openpyxl (with numpy), reportlab, python-docx and pdfplumber together cost a quarter of a
second or more; a feature installer that imports them at start doubles the window's start-up.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import DEMO_EXAMPLE, ROOT

HEAVY = ("openpyxl", "numpy", "reportlab", "docx", "pdfplumber", "pdfminer")

PROBE = """
import json, sys
from gui.app import create_app, start_window
app = create_app()
window, hook = start_window(sys.argv[1])
app.processEvents()
print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {heavy})))
hook.uninstall()
"""


def test_the_window_starts_without_the_export_and_import_libraries(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NIANBAO_HOME=str(tmp_path / "home"))
    code = PROBE.replace("{heavy}", repr(set(HEAVY)))
    result = subprocess.run([sys.executable, "-c", code, str(DEMO_EXAMPLE)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded == []
