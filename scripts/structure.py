"""The shape of the code, in figures for a closing note; also the import graph the layer test reads.

    python scripts/structure.py [ROOT]

Prints the modules per package, the largest module and the largest function (in lines), the
import cycles between the project's own modules and the imports that run from a lower layer
to a higher one. Every import counts, also one inside a function or under TYPE_CHECKING: a
deferred import is still a dependency. ROOT defaults to the checkout this script lives in.
"""
from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

PACKAGES = ("model", "export", "gui")
ENTRY = "main"
# Lower layers never import higher ones: the model knows no exporter and no window, the
# exporters know no window, and nothing imports the entry point.
LAYERS = {"model": 0, "export": 1, "gui": 2, ENTRY: 3}
# Third-party packages a layer must not import (the model runs without a display).
FORBIDDEN = {"model": ("PySide6", "shiboken6")}


@dataclass(frozen=True)
class Import:
    """One import statement of a project module: who imports what, and where."""

    importer: str
    imported: str  # a project module, or the top-level name of anything else
    line: int


def project_modules(root: Path) -> dict[str, Path]:
    """Every module of the packages and the entry point, by dotted name."""
    modules = {ENTRY: root / f"{ENTRY}.py"} if (root / f"{ENTRY}.py").is_file() else {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            modules[name] = path
    return modules


def _resolve(name: str, modules: dict[str, Path]) -> str:
    """The project module `name` refers to (or its longest importable prefix); other names
    are reduced to their top-level package."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in modules:
            return candidate
    return parts[0]


def imports_of(module: str, path: Path, modules: dict[str, Path]) -> list[Import]:
    """Every import in the module's source, at any depth."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    found = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".")
                package = package if is_package else package[:-1]
                package = package[:len(package) - (node.level - 1)]
                base = ".".join(package + ([base] if base else []))
            # `from model import appdirs` imports the module model.appdirs
            names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                     for alias in node.names]
        for name in names:
            found.append(Import(module, _resolve(name, modules), node.lineno))
    return found


def all_imports(root: Path) -> list[Import]:
    modules = project_modules(root)
    return [i for name, path in modules.items() for i in imports_of(name, path, modules)]


def layer(module: str) -> str:
    return module.split(".")[0]


def upward_imports(imports: list[Import]) -> list[Import]:
    """Imports from a lower layer to a higher one (model → export/gui/main, export → gui/main, …)."""
    return [i for i in imports if layer(i.imported) in LAYERS and layer(i.importer) in LAYERS
            and LAYERS[layer(i.imported)] > LAYERS[layer(i.importer)]]


def forbidden_imports(imports: list[Import]) -> list[Import]:
    """Imports of third-party packages a layer must do without (Qt in the model)."""
    return [i for i in imports if i.imported in FORBIDDEN.get(layer(i.importer), ())]


def import_cycles(imports: list[Import], modules: set[str]) -> list[list[str]]:
    """Groups of project modules that import each other, directly or round a circle
    (strongly connected components of more than one module, or a module importing itself)."""
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for i in imports:
        if i.imported in modules:
            graph[i.importer].add(i.imported)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(start: str) -> None:  # Tarjan's algorithm, iterative (no recursion limit)
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in graph[node]:
                    cycles.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return sorted(cycles)


def _largest_function(modules: dict[str, Path], root: Path) -> tuple[str, int]:
    best = ("", 0)
    for path in modules.values():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        prefix = path.relative_to(root).as_posix()

        def walk(node: ast.AST, trail: str) -> None:
            nonlocal best
            for child in ast.iter_child_nodes(node):
                if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    name = f"{trail}.{child.name}" if trail else child.name
                    if not isinstance(child, ast.ClassDef):
                        lines = (child.end_lineno or child.lineno) - child.lineno + 1
                        if lines > best[1]:
                            best = (f"{prefix}:{name}", lines)
                    walk(child, name)
                else:
                    walk(child, trail)

        walk(tree, "")
    return best


def report(root: Path) -> str:
    modules = project_modules(root)
    imports = all_imports(root)
    lines = {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in modules.items()}
    counts = {package: sum(1 for m in modules if layer(m) == package) for package in PACKAGES}
    biggest = max(lines, key=lines.__getitem__)
    function, function_lines = _largest_function(modules, root)
    cycles = import_cycles(imports, set(modules))
    upward = upward_imports(imports)
    forbidden = forbidden_imports(imports)
    out = [
        "modules per package: " + ", ".join(f"{p} {n}" for p, n in counts.items())
        + f" (+ {ENTRY}.py); {sum(lines.values())} lines in all",
        f"largest module: {modules[biggest].relative_to(root).as_posix()} ({lines[biggest]} lines)",
        f"largest function: {function} ({function_lines} lines)",
        f"import cycles: {len(cycles)}",
    ]
    out += [f"  {' ↔ '.join(c)}" for c in cycles]
    out.append(f"imports from a lower layer to a higher one: {len(upward)}")
    out += [f"  {i.importer} → {i.imported} (line {i.line})" for i in upward]
    out.append(f"forbidden third-party imports: {len(forbidden)}")
    out += [f"  {i.importer} → {i.imported} (line {i.line})" for i in forbidden]
    return "\n".join(out)


if __name__ == "__main__":
    print(report(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent))
