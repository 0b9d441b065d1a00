"""The frozen program (PyInstaller, packaging/nianbao.spec) works on its own: from a folder
outside the checkout its command line copies, checks and exports the bundled example, and both
programs pass the self-test, which opens the window — so the build carries the formats and
examples, Qt's plugins and Chinese translation, the icon, and finds the fonts for the PDF.

Built here once per test run (under a minute on Linux) when PyInstaller is installed
(the `build` extra). The Windows workflow builds the program first and names its folder in
NIANBAO_FROZEN_DIR, which this test then uses instead of building.
"""
from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

FROZEN_DIR = "NIANBAO_FROZEN_DIR"
PRODUCT = "年报助手"
EXE = ".exe" if os.name == "nt" else ""


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
                            encoding="utf-8", errors="replace", timeout=900)
    if result.returncode != 0:
        pytest.fail(f"{args} exited {result.returncode}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result


@pytest.fixture(scope="module")
def frozen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of the frozen program: NIANBAO_FROZEN_DIR, else built here."""
    given = os.environ.get(FROZEN_DIR)
    if given:
        return Path(given)
    if os.name == "nt":
        pytest.skip(f"on Windows the workflow builds the program first and sets {FROZEN_DIR}")
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.skip('PyInstaller is not installed (pip install -e ".[build]")')
    work = tmp_path_factory.mktemp("frozen")
    run(sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN", "--distpath", work / "dist",
        "--workpath", work / "build", ROOT / "packaging" / "nianbao.spec", cwd=work)
    return work / "dist" / PRODUCT


@pytest.fixture
def outside(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(QT_QPA_PLATFORM="offscreen", NIANBAO_HOME=str(tmp_path / "home"), PYTHONIOENCODING="utf-8")
    return tmp_path, env


def test_the_folder_holds_a_windowed_and_a_console_program(frozen: Path) -> None:
    assert (frozen / f"{PRODUCT}{EXE}").is_file() and (frozen / f"nianbao{EXE}").is_file()
    data = frozen / "_internal" / "resources"
    assert (data / "formats" / "2021.json").is_file() and (data / "icons" / "nianbao.ico").is_file()


def test_the_command_line_copies_checks_and_exports_the_example(
        frozen: Path, outside: tuple[Path, dict[str, str]]) -> None:
    folder, env = outside
    nianbao = frozen / f"nianbao{EXE}"
    run(nianbao, "example", "demo-2025", "--folder", folder, cwd=folder, env=env)
    example = folder / "示例 demo-2025.json"
    checked = run(nianbao, "check", example, cwd=folder, env=env)
    assert "示例市演示区文化和旅游局2025年政府信息公开工作年度报告" in checked.stdout
    run(nianbao, "export", example, "--xlsx", folder / "报告.xlsx", "--pdf", folder / "报告.pdf", cwd=folder, env=env)
    assert (folder / "报告.xlsx").read_bytes()[:2] == b"PK"
    pdf = (folder / "报告.pdf").read_bytes()
    assert pdf[:5] == b"%PDF-" and b"/FontFile2" in pdf  # a TrueType font embedded


@pytest.mark.parametrize("program", ["nianbao", PRODUCT])
def test_both_programs_pass_the_self_test_which_opens_the_window(
        frozen: Path, outside: tuple[Path, dict[str, str]], program: str) -> None:
    folder, env = outside
    result = run(frozen / f"{program}{EXE}", "selftest", cwd=folder, env=env)  # exit 0: every check passed
    if program == "nianbao":  # the windowed program has no console on Windows to print to
        assert "Qt 中文翻译：已加载" in result.stdout and "主窗口：已打开并关闭" in result.stdout
