"""Bundled examples are opened as copies in the clerk's documents, never in the install folder."""
from __future__ import annotations

from pathlib import Path

import pytest

from main import main
from model.appdirs import documents_dir
from model.examples import copy_example, example_names, example_path, is_bundled_example, writable_copy
from model.storage import load_report

from conftest import DEMO_EXAMPLE, SEED_EXAMPLE


def test_the_bundled_examples_are_found_by_name() -> None:
    assert example_names() == ["demo-2025", "nankai-2020"]
    assert example_path("demo-2025").samefile(DEMO_EXAMPLE)
    with pytest.raises(KeyError):
        example_path("no-such-example")


def test_a_copy_goes_to_the_documents_folder_and_loads(private_app_home: Path) -> None:
    copy = copy_example("nankai-2020")
    assert copy == documents_dir() / "示例 nankai-2020.json"
    assert copy.is_relative_to(private_app_home)
    assert copy.read_bytes() == SEED_EXAMPLE.read_bytes()
    assert load_report(copy).unit == "南开区文化和旅游局"


def test_a_second_copy_never_replaces_the_clerks_work(tmp_path: Path) -> None:
    first = copy_example("demo-2025", tmp_path)
    first.write_text("the clerk's edits", encoding="utf-8")
    second = copy_example("demo-2025", tmp_path)
    assert second.name == "示例 demo-2025 (2).json"
    assert first.read_text(encoding="utf-8") == "the clerk's edits"
    assert copy_example("demo-2025", tmp_path).name == "示例 demo-2025 (3).json"


def test_opening_a_bundled_example_opens_a_copy(tmp_path: Path) -> None:
    spelled_oddly = example_path("demo-2025").parent / ".." / "examples" / "demo-2025.json"
    assert is_bundled_example(spelled_oddly)
    opened = writable_copy(spelled_oddly, tmp_path)
    assert opened == tmp_path / "示例 demo-2025.json" and not is_bundled_example(opened)
    own = Path(copy_example("demo-2025", tmp_path))
    assert writable_copy(own, tmp_path) == own


def test_the_window_opens_a_copy_of_a_bundled_example() -> None:
    from gui.app import initial_report
    report, source, problem = initial_report(str(example_path("demo-2025")))
    assert problem is None and source is not None and report is not None
    assert source.parent == documents_dir() and not is_bundled_example(source)
    assert report.unit == load_report(DEMO_EXAMPLE).unit


def test_the_example_command_lists_and_copies(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["example"]) == 0
    listed = capsys.readouterr().out
    assert "nankai-2020：南开区文化和旅游局2020年政府信息公开工作年度报告 · 2019年版" in listed
    assert main(["example", "nankai-2020", "--folder", str(tmp_path)]) == 0
    assert str(tmp_path / "示例 nankai-2020.json") in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["example", "nankai-2099"])
    assert "无效的选择" in capsys.readouterr().err
