"""Guard rails of the layering: the model imports no Qt, no window and no exporter; the
exporters import no window; no project module imports itself round a circle.

The imports are read from the source (every statement, also one inside a function), by the same
walker that scripts/structure.py prints its figures with.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from conftest import ROOT


def _structure() -> ModuleType:
    spec = importlib.util.spec_from_file_location("structure", ROOT / "scripts" / "structure.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("structure", module)  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


structure = _structure()
IMPORTS = structure.all_imports(ROOT)
MODULES = set(structure.project_modules(ROOT))



def _shown(imports: list) -> list[str]:
    return [f"{i.importer} → {i.imported} (line {i.line})" for i in imports]


def test_every_package_and_the_entry_point_are_read() -> None:
    assert {"main", "model.report", "model.rules", "export.registry", "gui.main_window"} <= MODULES
    assert any(i.importer == "main" and i.imported == "gui.app" for i in IMPORTS)  # inside main()


def test_the_model_imports_no_qt_no_window_and_no_exporter() -> None:
    wrong = [i for i in IMPORTS if structure.layer(i.importer) == "model"
             and (i.imported in ("PySide6", "shiboken6") or structure.layer(i.imported) in ("gui", "export", "main"))]
    assert _shown(wrong) == []


def test_the_exporters_import_no_window() -> None:
    wrong = [i for i in IMPORTS if structure.layer(i.importer) == "export"
             and structure.layer(i.imported) in ("gui", "main")]
    assert _shown(wrong) == []


def test_no_import_runs_from_a_lower_layer_to_a_higher_one() -> None:
    assert _shown(structure.upward_imports(IMPORTS)) == []
    assert _shown(structure.forbidden_imports(IMPORTS)) == []


def test_no_import_cycles() -> None:
    assert structure.import_cycles(IMPORTS, MODULES) == []


# --- the walker itself: it must see what it is there to catch ---------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    files = {
        "main.py": "import model.report\n",
        "model/__init__.py": "",
        "model/report.py": "from . import rules\n",
        "model/rules.py": "def late():\n    from model import report\n    import PySide6.QtCore\n",
        "model/storage.py": "def save():\n    if True:\n        from export.common import x\n",
        "export/__init__.py": "",
        "export/common.py": "from ..gui import window\n",
        "gui/__init__.py": "",
        "gui/window.py": "import main\nfrom model.report import Report\nimport json\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_the_walker_finds_deferred_relative_and_module_imports(tree: Path) -> None:
    found = {(i.importer, i.imported) for i in structure.all_imports(tree)}
    assert found == {("main", "model.report"), ("model.report", "model.rules"), ("model.rules", "model.report"),
                     ("model.rules", "PySide6"), ("model.storage", "export.common"),
                     ("export.common", "gui.window"), ("gui.window", "main"), ("gui.window", "model.report"),
                     ("gui.window", "json")}


def test_the_walker_reports_upward_forbidden_and_circular_imports(tree: Path) -> None:
    imports = structure.all_imports(tree)
    assert {(i.importer, i.imported) for i in structure.upward_imports(imports)} == {
        ("model.storage", "export.common"), ("export.common", "gui.window"), ("gui.window", "main")}
    assert [(i.importer, i.imported) for i in structure.forbidden_imports(imports)] == [("model.rules", "PySide6")]
    modules = set(structure.project_modules(tree))
    assert structure.import_cycles(imports, modules) == [["model.report", "model.rules"]]
