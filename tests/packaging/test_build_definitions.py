"""The build definitions that only run elsewhere stay consistent with the program.

The workflow runs only on GitHub and the installer script only under Inno Setup on Windows,
so here the workflow is linted (actionlint) and the installer script is checked against the
PyInstaller spec and the program: the names, paths, icon and ids they share.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gui.app import APP_USER_MODEL_ID

from conftest import ROOT

ISS = (ROOT / "packaging" / "nianbao.iss").read_text(encoding="utf-8-sig")
SPEC = (ROOT / "packaging" / "nianbao.spec").read_text(encoding="utf-8")


def iss_setting(name: str) -> str:
    match = re.search(rf"^{name}=(.*)$", ISS, re.MULTILINE)
    assert match, f"{name} missing from nianbao.iss"
    return match.group(1).strip()


def test_the_workflow_is_lint_clean() -> None:
    scripts = Path(sys.executable).parent  # the environment's own, also when it is not on PATH
    actionlint = shutil.which("actionlint", path=os.pathsep.join([str(scripts), os.environ.get("PATH", "")]))
    if actionlint is None:
        pytest.skip("actionlint is not installed (the test extra brings it on Linux x86-64)")
    result = subprocess.run([actionlint, "-no-color"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_installer_is_per_user_with_a_fixed_id_and_a_chinese_wizard() -> None:
    assert iss_setting("PrivilegesRequired") == "lowest"
    assert "PrivilegesRequiredOverridesAllowed" not in ISS  # never offers to elevate
    assert iss_setting("DefaultDirName").startswith("{autopf}")
    assert re.fullmatch(r"\{\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}", iss_setting("AppId"))
    assert re.search(r'^Name: "chinesesimplified"; MessagesFile: "\{#ChineseMessages\}"$', ISS, re.MULTILINE)
    assert re.search(r"^Name: \"desktopicon\".*Flags: unchecked$", ISS, re.MULTILINE)
    assert "{autoprograms}" in ISS and "{autodesktop}" in ISS


def test_the_installer_packs_what_the_spec_builds() -> None:
    product = re.search(r'^PRODUCT = "(.+)"$', SPEC, re.MULTILINE)
    assert product and f'#define AppName "{product.group(1)}"' in ISS
    assert '#define Built "..\\dist\\" + AppName' in ISS  # scripts/build_frozen.sh: --distpath dist
    assert "--distpath dist" in (ROOT / "scripts" / "build_frozen.sh").read_text(encoding="utf-8")
    assert (ROOT / "packaging" / iss_setting("SetupIconFile").replace("\\", "/")).is_file()
    assert f'AppUserModelID: "{APP_USER_MODEL_ID}"' in ISS

