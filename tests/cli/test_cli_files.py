"""The command line and the clerk's files: locks, history, hostile files, quiet exits."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import main
from model import history
from model.storage import load_report, save_report

from conftest import DEMO_EXAMPLE, ROOT, holding_lock

ENGLISH = re.compile(r"[A-Za-z]{4,}")


def run(*args: str | Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], capture_output=True,
                          text=True, encoding="utf-8", timeout=timeout, cwd=ROOT)


@pytest.fixture
def window_holding(demo_file: Path):
    """Another process (a window, for the lock's purposes) holding demo_file until the test ends."""
    with holding_lock(demo_file) as child:
        yield child


# issue 15, item 5 -----------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["new", "carry", "merge"])
def test_force_onto_a_file_a_window_holds_is_refused_naming_the_holder(
        command: str, demo_file: Path, window_holding: subprocess.Popen[str]) -> None:
    before = demo_file.read_bytes()
    args = {"new": ["new", "--year", "2025", "--unit", "甲", "-o", demo_file, "--force"],
            "carry": ["carry", DEMO_EXAMPLE, "-o", demo_file, "--force"],
            "merge": ["merge", DEMO_EXAMPLE, "-o", demo_file, "--unit", "汇总", "--force"]}[command]
    result = run(*args)
    assert result.returncode == 2, result.stdout
    assert f"进程 {window_holding.pid}" in result.stderr and "不能覆盖" in result.stderr
    assert demo_file.read_bytes() == before


@pytest.mark.parametrize("command", ["new", "carry", "merge"])
def test_force_over_an_existing_project_keeps_a_history_version(command: str, demo_file: Path, tmp_path: Path) -> None:
    before = demo_file.read_bytes()
    source = tmp_path / "上年.json"
    save_report(load_report(DEMO_EXAMPLE), source)
    args = {"new": ["new", "--year", "2025", "--unit", "甲", "-o", demo_file, "--force"],
            "carry": ["carry", source, "-o", demo_file, "--force"],
            "merge": ["merge", source, "-o", demo_file, "--unit", "汇总", "--force"]}[command]
    result = run(*args)
    assert result.returncode in (0, 1), result.stderr
    [version] = history.list_versions(demo_file)
    assert version.path.read_bytes() == before
    assert not [p for p in demo_file.parent.iterdir() if p.name.endswith(".lock")], "the lock was not released"


# issue 15, items 7 and 8 ------------------------------------------------------------------------

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
@pytest.mark.parametrize("command, name", [("check", "管道.json"), ("import", "管道.xlsx")])
def test_a_fifo_is_refused_instead_of_hanging(tmp_path: Path, command: str, name: str) -> None:
    fifo = tmp_path / name
    os.mkfifo(fifo)
    extra = ["-o", tmp_path / "导入.json"] if command == "import" else []
    try:
        result = run(command, fifo, *extra, timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{command} hangs on a FIFO")
    assert result.returncode == 2
    assert "这不是普通文件" in result.stderr, result.stderr


def test_check_refuses_an_absurd_number_in_chinese_without_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "巨大.json"
    path.write_text(DEMO_EXAMPLE.read_text(encoding="utf-8").replace(
        '"requests.new.person": ', '"requests.new.person": ' + "7" * 5000 + ', "x": ', 1), encoding="utf-8")
    result = run("check", path)
    assert result.returncode == 2
    assert result.stderr == "错误：文件内容已损坏：有一个 5000 位的数字，超出任何数值的范围\n"


# smaller ----------------------------------------------------------------------------------------

def test_ctrl_c_ends_the_command_line_quietly_with_130(demo_file: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    def interrupted(report: object) -> list[object]:
        raise KeyboardInterrupt

    monkeypatch.setattr(main, "check", interrupted)
    assert main.main(["check", str(demo_file)]) == 130
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "KeyboardInterrupt" not in captured.err


def test_a_closed_pipe_ends_the_command_line_quietly_with_0(demo_file: Path) -> None:
    reader = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "check", str(demo_file)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert reader.stdout is not None
    reader.stdout.close()  # like `nianbao check … | head -0`
    _, err = reader.communicate(timeout=60)
    assert reader.returncode == 0
    assert err == b""


def test_check_strips_terminal_control_sequences_from_user_text(tmp_path: Path) -> None:
    data = json.loads(DEMO_EXAMPLE.read_text(encoding="utf-8"))
    data["unit"] = "\x1b]0;已被篡改的标题\x07某局\x1b[2J\x1b[31m\u202e"
    data["explanations"]["other_explained"] = "说明\x1b[8m隐藏\x9b1m\x07"
    path = tmp_path / "控制字符.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    for args in ([], ["--json"]):
        result = run("check", path, *args)
        assert result.returncode == 0, result.stderr
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", result.stdout), repr(result.stdout[:300])
    assert run("check", path).stdout.startswith("某局2025年")  # the title-setting sequence went whole


def test_messages_about_unreadable_files_are_chinese(tmp_path: Path) -> None:
    plain = tmp_path / "文件.json"
    plain.write_text("{}", encoding="utf-8")
    result = run("check", plain / "里面.json")  # a path through a file: ENOTDIR
    assert result.returncode == 2
    assert not ENGLISH.search(result.stderr.replace(str(plain / "里面.json"), "")), result.stderr


def test_a_unit_name_over_200_characters_is_refused(tmp_path: Path) -> None:
    result = run("new", "--year", "2025", "--unit", "长" * 201, "-o", tmp_path / "长.json")
    assert result.returncode == 2
    assert result.stderr == "错误：单位名称过长（201 个字符，最多 200 个）\n"
    assert not (tmp_path / "长.json").exists()


def test_damaged_text_is_noted_when_loaded(tmp_path: Path) -> None:
    data = json.loads(DEMO_EXAMPLE.read_text(encoding="utf-8"))
    data["texts"]["problems"] = "半个表情\ud83d"
    path = tmp_path / "坏字符.json"
    path.write_text(json.dumps(data), encoding="ascii")
    result = run("check", path)
    assert result.returncode == 0, result.stderr
    assert "注意：坏字符.json：“五、存在的主要问题及改进情况”中有 1 个无效字符" in result.stderr
    result = run("carry", path, "-o", tmp_path / "下一年.json", "--texts")
    assert result.returncode == 0, result.stderr
    assert load_report(tmp_path / "下一年.json").texts["problems"] == "半个表情\ufffd"
