"""Guard against a PySide6 release that crashes the interpreter under ordinary model traffic.

PySide6 6.12.0 on CPython 3.11 died (none_dealloc) after a few thousand data()/index() calls,
which no single test noticed because the crash comes late and kills the process. Here the
real table model serves that many calls in a child process, so a crash fails this test
instead of the whole run (pyproject.toml keeps 6.11.x on 3.11 for this reason).
"""
from __future__ import annotations

import os
import subprocess
import sys

from conftest import DEMO_EXAMPLE, ROOT

CALLS = 20_000

CHILD = f"""
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from gui.document import ReportDocument
from gui.table_model import KEY_ROLE, STATE_ROLE, SectionTableModel
from model.storage import load_report

app = QApplication([])
document = ReportDocument(load_report({str(DEMO_EXAMPLE)!r}))
models = [SectionTableModel(document, s.id) for s in document.report.format.table_sections()]
roles = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole,
         Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.FontRole, Qt.ItemDataRole.TextAlignmentRole,
         KEY_ROLE, STATE_ROLE]
calls = 0
while calls < {CALLS}:
    for model in models:
        for row in range(model.rowCount()):
            for col in range(model.columnCount()):
                index = model.index(row, col)
                for role in roles:
                    index.data(role)  # through C++: Qt calls the Python data()
                model.flags(index)
                calls += len(roles) + 2
print("calls", calls)
"""


def test_thousands_of_model_calls_do_not_crash_the_interpreter() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", CHILD], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, f"child died ({result.returncode}):\n{result.stderr[-2000:]}"
    assert int(result.stdout.split()[-1]) >= CALLS
