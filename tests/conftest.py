"""Shared fixtures: no display, a private app folder per test, the bundled examples."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from model.bundled import bundled_path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = bundled_path("examples")
SEED_EXAMPLE = EXAMPLES / "nankai-2020.json"
DEMO_EXAMPLE = EXAMPLES / "demo-2025.json"


@pytest.fixture(autouse=True)
def private_app_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep recent files, recovery copies and logs of each test away from the user's."""
    home = tmp_path_factory.mktemp("nianbao-home")
    monkeypatch.setenv("NIANBAO_HOME", str(home))
    return home


@pytest.fixture
def seed_file(tmp_path: Path) -> Path:
    """A writable copy of the seed report (南开区文化和旅游局, 2020, 2019 format)."""
    return Path(shutil.copy(SEED_EXAMPLE, tmp_path / "南开区 2020.json"))


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    """A writable copy of the consistent 2021-format example."""
    return Path(shutil.copy(DEMO_EXAMPLE, tmp_path / "demo 2025.json"))
