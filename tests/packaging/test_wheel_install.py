"""The wheel installs and runs anywhere: built from the checkout's sources, installed into a
fresh virtual environment and run from a folder outside the checkout, as a new user would.

The new environment sees the test interpreter's packages through a .pth file, so PySide6 and
the other dependencies are not downloaded again (--system-site-packages would not do: when the
tests run in a virtual environment themselves, it shows the base Python's packages, not these).
The wheel's own copy of nianbao is installed into it, and the test proves that this copy — not
the checkout, not an editable install of it — is the one that runs.
"""
from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

SOURCES = ("pyproject.toml", "README.md", "main.py", "model", "gui", "export", "resources")
MODULES = ("main", "model", "gui", "export", "resources")


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None,
        check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
                            encoding="utf-8", errors="replace", timeout=600)
    if check and result.returncode != 0:
        pytest.fail(f"{args} exited {result.returncode}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the wheel, the scripts folder of a fresh environment it is installed in)."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"  # a clean copy: an in-tree build would leave build/ behind
    source.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(ROOT / name, source / name)
    run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", work / "dist", source, cwd=work)
    wheel = next((work / "dist").glob("nianbao-*.whl"))
    venv = work / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=work)
    scripts = venv / ("Scripts" if os.name == "nt" else "bin")
    python = scripts / ("python.exe" if os.name == "nt" else "python")
    purelib = run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=work).stdout.strip()
    # After the environment's own site-packages, as --system-site-packages would put them.
    (Path(purelib) / "test-dependencies.pth").write_text(
        "".join(f"import site; site.addsitedir({d!r})\n" for d in site.getsitepackages()), encoding="utf-8")
    run(sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", "--force-reinstall",
        wheel, cwd=work)
    return wheel, scripts


@pytest.fixture
def outside(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A folder outside the checkout to run in, and an environment that does not point back."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(QT_QPA_PLATFORM="offscreen", NIANBAO_HOME=str(tmp_path / "home"), PYTHONIOENCODING="utf-8")
    return tmp_path, env


def test_the_wheel_carries_every_file_read_at_run_time(installed: tuple[Path, Path]) -> None:
    names = set(zipfile.ZipFile(installed[0]).namelist())
    shipped = {p.relative_to(ROOT).as_posix() for p in (ROOT / "resources").rglob("*")
               if p.is_file() and "__pycache__" not in p.parts}
    assert {"resources/formats/2021.json", "resources/examples/demo-2025.json",
            "resources/icons/nianbao.ico"} <= shipped
    assert shipped <= names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(installed[0]).read(entry_points).decode()
    assert "[console_scripts]\nnianbao = main:run" in text and "[gui_scripts]\nnianbao-gui = main:run" in text


def test_the_environment_runs_its_own_copy(installed: tuple[Path, Path], outside: tuple[Path, dict[str, str]]) -> None:
    folder, env = outside
    scripts = installed[1]
    python = scripts / ("python.exe" if os.name == "nt" else "python")
    code = f"import {', '.join(MODULES)}; print('\\n'.join(m.__file__ for m in ({', '.join(MODULES)})))"
    files = run(python, "-c", code, cwd=folder, env=env).stdout.split()
    venv = scripts.parent.resolve()
    assert len(files) == len(MODULES)
    for file in files:
        assert Path(file).resolve().is_relative_to(venv), f"{file} is not the wheel's copy in {venv}"
    assert (scripts / ("nianbao-gui.exe" if os.name == "nt" else "nianbao-gui")).exists()


def test_check_export_and_the_window_from_outside_the_checkout(
        installed: tuple[Path, Path], outside: tuple[Path, dict[str, str]]) -> None:
    folder, env = outside
    nianbao = installed[1] / ("nianbao.exe" if os.name == "nt" else "nianbao")
    copied = run(nianbao, "example", "demo-2025", "--folder", folder, cwd=folder, env=env)
    example = folder / "示例 demo-2025.json"
    assert str(example) in copied.stdout
    checked = run(nianbao, "check", example, cwd=folder, env=env)
    assert "示例市演示区文化和旅游局2025年政府信息公开工作年度报告" in checked.stdout
    run(nianbao, "export", example, "--xlsx", folder / "报告.xlsx", "--pdf", folder / "报告.pdf", cwd=folder, env=env)
    assert (folder / "报告.xlsx").read_bytes()[:2] == b"PK"
    assert (folder / "报告.pdf").read_bytes()[:5] == b"%PDF-"
    selftest = run(nianbao, "selftest", cwd=folder, env=env)
    assert "[失败]" not in selftest.stdout and "主窗口：已打开并关闭" in selftest.stdout
