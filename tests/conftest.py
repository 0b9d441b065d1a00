"""Shared fixtures: no display, a private app folder per test, the bundled examples."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Iterator

import pytest

from model.bundled import bundled_path
from model.formats import available_formats, load_format
from model.report import Report
from model.storage import load_report

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = bundled_path("examples")
SEED_EXAMPLE = EXAMPLES / "nankai-2020.json"
DEMO_EXAMPLE = EXAMPLES / "demo-2025.json"
FORMATS = available_formats()
"""Every format in resources/formats. A test of what every format has runs over each of them,
so a new official format is tested without editing tests."""


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


def made_up_report(format_id: str) -> Report:
    """A report in `format_id` with every text and every cell the clerk fills filled (distinct
    figures, no "/"), and totals computed; not consistent."""
    fmt = load_format(format_id)
    report = Report.blank(format_id, "示例市示例区某某局", fmt.first_year)
    report.texts = {s.id: f"{s.title}：示例文字，第一段。\n第二段。" for s in fmt.text_sections()}
    for index, (key, kind) in enumerate(fmt.cell_kinds().items(), start=1):
        if not report.is_computed(key):
            report.values[key] = Decimal(f"{index}.25") if kind == "amount" else index % 17
    report.recompute_totals()
    return report


def sample_report(format_id: str) -> Report:
    """A full report in `format_id`: the bundled example in that format, or a made-up one."""
    for example in sorted(EXAMPLES.glob("*.json")):
        report = load_report(example)
        if report.format.id == format_id:
            return report
    return made_up_report(format_id)


def link_or_copy(link: Path, target: Path) -> None:
    """A symbolic link to `target`, or a copy where the system or user may not make links
    (Windows without developer mode)."""
    try:
        link.symlink_to(target)
    except (OSError, NotImplementedError):
        shutil.copyfile(target, link)


# --- other processes: a crashed one, one holding a file --------------------------------------------

def dead_pid() -> int:
    """The id of a process that has certainly ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@contextmanager
def holding_lock(project: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process (a window, as far as the lock goes) holds `project` until the block ends."""
    code = textwrap.dedent(f"""
        import sys
        from model.lock import acquire
        held = acquire({str(project)!r})
        print("locked", flush=True)
        sys.stdin.read()
        held.release()
    """)
    child = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline() == "locked\n"
        yield child
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()


def write_recovery_and_crash(source: Path | None, unit: str | None = None, people: int = 7,
                             text: str | None = None) -> None:
    """A separate process writes a recovery copy and ends without cleaning up, as a crash would.

    The report is `source` as loaded (its state recorded as the crashed session's base), or a
    blank one of `unit`; then `people` requests and, if given, `text` as 一、总体情况.
    """
    code = textwrap.dedent(f"""
        import os
        from model.report import Report
        from model.recovery import write_recovery
        from model.storage import open_project
        source, unit, text = {str(source) if source else None!r}, {unit!r}, {text!r}
        loaded = open_project(source) if source and unit is None else None
        report = loaded.report if loaded else Report.blank("2021", unit or "崩溃的单位", 2025)
        report.set_value("requests.new.person", {people})
        report.recompute_totals()  # as the window keeps them
        if text is not None:
            report.texts["overview"] = text
        write_recovery(report, source, loaded.state if loaded else None)
        os._exit(9)
    """)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 9, done.stderr


def font_folder(tmp_path: Path, *names: str, **renamed: str) -> Path:
    """A folder holding only these installed fonts, each of `renamed` under the file name given
    (as on a clerk's PC: {"SIMFANG.TTF": "uming.ttc"}); skips the test where one is missing.
    Point NIANBAO_FONT_DIRS at it to export with these fonts alone."""
    from export.fonts import font_dirs
    wanted = {**{name: name for name in names}, **renamed}
    found = {p.name: p for folder in font_dirs() if folder.is_dir() for p in folder.rglob("*")}
    missing = sorted(set(wanted.values()) - set(found))
    if missing:
        pytest.skip(f"fonts missing: {missing}")
    folder = tmp_path / "fonts"
    folder.mkdir()
    for target, source in wanted.items():
        link_or_copy(folder / target, found[source])
    return folder
