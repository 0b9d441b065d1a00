"""A command loads only what it needs: the speed of the command line rests on it.

The window (PySide6), openpyxl and reportlab each cost 50–100 ms to import; `nianbao check`
needs none of them, an Excel export no reportlab, a PDF export no openpyxl, and no PDF needs
reportlab's platypus (export.pdf_layout lays the pages out; importing platypus alone costs
20 ms). Each command runs in a fresh interpreter, which then lists the libraries it loaded.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DEMO_EXAMPLE, ROOT

WATCHED = ("PySide6", "shiboken6", "openpyxl", "numpy", "reportlab", "docx", "pdfplumber", "pdfminer", "PIL")

PROBE = """
import json, sys
import main
code = main.main(sys.argv[1:])
print(json.dumps([code, sorted(m for m in sys.modules if m.split('.')[0] in {watched}
                               or m.startswith('reportlab.platypus'))]))
"""


def loaded_by(tmp_path: Path, *args: str) -> set[str]:
    """The watched top-level libraries (and platypus modules) the command imported."""
    env = dict(os.environ, NIANBAO_HOME=str(tmp_path / "home"))
    code = PROBE.replace("{watched}", repr(set(WATCHED)))
    result = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=env, capture_output=True,
                            text=True, encoding="utf-8", timeout=120)
    assert result.returncode == 0, result.stderr
    exit_code, modules = json.loads(result.stdout.strip().splitlines()[-1])
    assert exit_code in (0, 1), result.stderr
    return {m if m.startswith("reportlab.platypus") else m.split(".")[0] for m in modules}


def test_check_loads_no_window_and_no_export_library(tmp_path: Path) -> None:
    assert loaded_by(tmp_path, "check", str(DEMO_EXAMPLE)) == set()


def test_an_excel_export_loads_openpyxl_only(tmp_path: Path) -> None:
    loaded = loaded_by(tmp_path, "export", str(DEMO_EXAMPLE), "--xlsx", str(tmp_path / "a.xlsx"))
    assert loaded == {"openpyxl"}  # without numpy (export.openpyxl_lean) and without Pillow


@pytest.mark.parametrize("flag", ["pdf", "submission"])
def test_a_pdf_export_loads_reportlab_without_platypus(tmp_path: Path, flag: str) -> None:
    loaded = loaded_by(tmp_path, "export", str(DEMO_EXAMPLE), f"--{flag}", str(tmp_path / "a.pdf"))
    assert loaded == {"reportlab", "PIL"}  # reportlab imports Pillow whether it draws pictures or not


def test_the_review_page_loads_reportlab_without_platypus(tmp_path: Path) -> None:
    loaded = loaded_by(tmp_path, "review", str(DEMO_EXAMPLE), "--pdf", str(tmp_path / "r.pdf"))
    assert loaded == {"reportlab", "PIL"}
