"""The rooms of gui/: only the start of the program imports the main window (features reach it through
gui.features.Window), message boxes and file dialogs only through gui.prompts, colours only
from gui.palette, no test hook in the product. Read from the source, so a shortcut fails here
at once (import circles and layers: tests/test_layers.py)."""
from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

from conftest import ROOT

GUI = ROOT / "gui"
PROMPT_CLASSES = {"QMessageBox", "QFileDialog", "QInputDialog"}


def gui_modules() -> dict[str, Path]:
    return {f"gui.{path.stem}": path for path in sorted(GUI.glob("*.py")) if path.stem != "__init__"}


@cache
def tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), str(path))


def imported(path: Path) -> set[str]:
    """Every gui module `path` imports, at the top, inside functions or for type checking."""
    found: set[str] = set()
    for node in ast.walk(tree(path)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found & set(gui_modules())


def test_only_the_start_of_the_program_imports_the_main_window() -> None:
    """gui.app starts the window for the clerk, gui.selftest once to prove an install complete."""
    importers = sorted(name for name, path in gui_modules().items() if "gui.main_window" in imported(path))
    assert importers == ["gui.app", "gui.selftest"]


def test_message_boxes_and_file_dialogs_only_through_prompts() -> None:
    users = {name for name, path in gui_modules().items() if name != "gui.prompts"
             for node in ast.walk(tree(path))
             if isinstance(node, (ast.Name, ast.Attribute, ast.alias))
             and (node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute)
                  else node.name) in PROMPT_CLASSES}
    assert users == set()


COLOUR_WORDS = ("red", "green", "blue", "black", "white", "gray", "grey", "yellow", "orange", "purple",
                "brown", "pink", "transparent", "darkred", "lightgray", "lightgrey")
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?(?:[0-9a-fA-F]{2})?\b")
STYLE_COLOUR = re.compile(r"(?:color|background|gridline-color|border)\s*:[^;}]*\b(?:%s|rgb)\b" % "|".join(COLOUR_WORDS))


def colour_literals(path: Path) -> list[str]:
    """Colours written in the code of `path`: hex strings, colour words in style sheets,
    QColor(…) and Qt.GlobalColor (docstrings and comments are not code)."""
    docstrings = {id(node.body[0].value) for node in ast.walk(tree(path))
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and node.body
                  and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    found = []
    for node in ast.walk(tree(path)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            if HEX_COLOUR.search(node.value) or STYLE_COLOUR.search(node.value.lower()):
                found.append(f"{path.name}:{node.lineno}: {node.value!r}")
        elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "QColor":
            found.append(f"{path.name}:{node.lineno}: QColor(…)")
        elif isinstance(node, ast.Attribute) and node.attr == "GlobalColor":
            found.append(f"{path.name}:{node.lineno}: Qt.GlobalColor")
    return found


def test_every_colour_comes_from_the_palette() -> None:
    assert [found for name, path in gui_modules().items() if name != "gui.palette"
            for found in colour_literals(path)] == []


def test_the_colour_check_sees_colours() -> None:
    assert colour_literals(GUI / "palette.py")  # the one module where they belong


def test_the_product_runs_no_code_named_from_outside() -> None:
    sources = [ROOT / "main.py", *GUI.glob("*.py"), *(ROOT / "model").rglob("*.py"), *(ROOT / "export").rglob("*.py")]
    for path in sources:
        text = path.read_text(encoding="utf-8")
        assert "NIANBAO_TEST_SCRIPT" not in text and "exec(compile(" not in text, path
