"""The command line, run as a clerk's script would run it: exit codes, output, messages."""
from __future__ import annotations

import errno
import json
import subprocess
import sys
from pathlib import Path

import pytest

import main
from model.formats import load_format
from model.storage import load_report, save_report

from conftest import FORMATS, ROOT

SEVERITIES = {"error", "warning", "hint"}


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], capture_output=True,
                          text=True, encoding="utf-8", timeout=60, cwd=ROOT)


def broken_copy(demo_file: Path) -> Path:
    """The demo with one more natural-person request that was never handled."""
    report = load_report(demo_file)
    report.values["requests.new.person"] += 1  # type: ignore[operator]
    report.values["requests.new.total"] += 1  # type: ignore[operator]
    save_report(report, demo_file)
    return demo_file


def test_check_a_consistent_report_exits_0(demo_file: Path) -> None:
    result = run("check", demo_file)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "示例市演示区文化和旅游局2025年政府信息公开工作年度报告 · 2021年版（国办公开办函〔2021〕30号）"
    assert "警告（1）：" in lines
    assert lines[-1] == "1 处已说明"
    assert result.stderr == ""


def test_check_groups_findings_by_severity(seed_file: Path, demo_file: Path) -> None:
    seed = run("check", seed_file)
    assert seed.returncode == 0  # hints only
    assert "提示（7）：" in seed.stdout and "错误（" not in seed.stdout
    assert seed.stdout.splitlines()[-1] == "7 处提示"
    broken = run("check", broken_copy(demo_file))
    assert broken.returncode == 1
    lines = broken.stdout.splitlines()
    assert lines.index("错误（2）：") < lines.index("警告（2）：")
    person = (f"  · 三、收到和处理政府信息公开申请情况：自然人列：一+二={_new_plus_carried(demo_file)}，"
              f"三（七）+四={_new_plus_carried(demo_file) - 1}，相差1")
    assert person in lines
    assert "  · 一、总体情况：文中“新收政府信息公开申请29件”（第 171 字起）为 29，表三“本年新收政府信息公开申请数量（总计）”为 30" in lines
    assert lines[-1] == "2 处错误 · 1 处警告 · 1 处已说明"


def _new_plus_carried(path: Path) -> int:
    values = load_report(path).values
    return values["requests.new.person"] + values["requests.carried_in.person"]  # type: ignore[operator,return-value]


def test_check_json_shape(demo_file: Path) -> None:
    result = run("check", broken_copy(demo_file), "--json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert set(data) == {"findings"}
    for finding in data["findings"]:
        assert set(finding) == {"rule", "severity", "message", "cells"}
        assert finding["severity"] in SEVERITIES
        assert isinstance(finding["message"], str) and finding["message"]
        assert finding["cells"] and all(len(c.split(".")) == 3 for c in finding["cells"])
    assert [(f["rule"], f["severity"]) for f in data["findings"]] == [
        ("requests_balance", "error"), ("requests_balance", "error"), ("other_explained", "warning"),
        ("text_figures", "warning")]
    first = data["findings"][0]
    assert first["cells"] == ["requests.new.person", "requests.carried_in.person",
                              "requests.results_total.person", "requests.carried_out.person"]
    assert first["message"].startswith("三、收到和处理政府信息公开申请情况：自然人列：一+二=")
    assert data["findings"][2]["message"].endswith("说明：申请人逾期未补正或未缴费的，依法不再处理；“其他”为申请人主动撤回申请。〔已说明〕")


@pytest.mark.parametrize("format_id", FORMATS)
def test_check_json_of_a_clean_report(format_id: str, tmp_path: Path) -> None:
    path = tmp_path / "new.json"
    year = str(load_format(format_id).first_year)
    assert run("new", "--format", format_id, "--year", year, "--unit", "甲", "-o", path).returncode == 0
    result = run("check", path, "--json")
    assert result.returncode == 0
    assert {f["rule"] for f in json.loads(result.stdout)["findings"]} == {"blank", "text_empty"}


def test_check_unreadable_files_exit_2_with_a_message_on_stderr(tmp_path: Path) -> None:
    missing = run("check", tmp_path / "没有.json")
    assert (missing.returncode, missing.stdout) == (2, "")
    assert missing.stderr == f"错误：找不到文件：{tmp_path / '没有.json'}\n"
    broken = tmp_path / "坏.json"
    broken.write_text('{"app": "nianbao", "schema": 1, "format": "2021", "unit": "甲", "year": 2025, "values": {"x": 1}}',
                      encoding="utf-8")
    before = broken.read_bytes()
    result = run("check", broken, "--json")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "错误：本年数据：有2021年版（国办公开办函〔2021〕30号）中没有的单元格\n"
    assert broken.read_bytes() == before
    foreign = tmp_path / "package.json"
    foreign.write_text('{"name": "x"}', encoding="utf-8")
    result = run("check", foreign)
    assert result.returncode == 2
    assert result.stderr == "错误：这不是年报助手的项目文件\n"


@pytest.mark.parametrize("format_id", FORMATS)
def test_new_writes_a_loadable_blank_report(format_id: str, tmp_path: Path) -> None:
    path = tmp_path / "2026.json"
    result = run("new", "--format", format_id, "--year", "2026", "--unit", "某某区文化和旅游局", "-o", path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"已创建：{path}\n"
    report = load_report(path)
    assert (report.format.id, report.year, report.unit, report.auto_totals) == (format_id, 2026, "某某区文化和旅游局", True)
    assert report.texts == {s.id: "" for s in report.format.text_sections()}
    assert set(report.texts) == {"overview", "problems", "other"}
    assert set(report.values) == set(report.format.computed_keys())  # only the computed totals, all 0
    assert set(report.values.values()) == {0}
    assert report.previous == {} and report.explanations == {}


def test_new_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "已有.json"
    path.write_text("不要覆盖我", encoding="utf-8")
    result = run("new", "--format", "2021", "--year", "2026", "--unit", "甲", "-o", path)
    assert result.returncode == 2
    assert result.stderr == f"错误：文件已存在：{path}（如需覆盖，请加 --force）\n"
    assert path.read_text(encoding="utf-8") == "不要覆盖我"
    forced = run("new", "--format", "2021", "--year", "2026", "--unit", "甲", "-o", path, "--force")
    assert forced.returncode == 0
    assert load_report(path).unit == "甲"


def test_new_picks_the_format_in_force_for_the_year(tmp_path: Path) -> None:
    in_force = [(load_format(f).first_year, f) for f in FORMATS]
    newest_by_2026 = max((first, f) for first, f in in_force if first <= 2026)[1]
    for n, (year, expected) in enumerate(((2020, "2019"), (2021, "2021"), *in_force, (2026, newest_by_2026))):
        path = tmp_path / f"{n}.json"
        assert run("new", "--year", str(year), "--unit", "甲", "-o", path).returncode == 0
        assert load_report(path).format.id == expected


def test_new_refuses_an_unknown_format(tmp_path: Path) -> None:
    result = run("new", "--format", "2030", "--year", "2030", "--unit", "甲", "-o", tmp_path / "x.json")
    assert result.returncode == 2
    assert "2030" in result.stderr
    assert not (tmp_path / "x.json").exists()


def test_help_lists_the_subcommands() -> None:
    result = run("--help")
    assert result.returncode == 0
    for command in ("check", "new", "export"):
        assert command in result.stdout


def test_usage_and_argument_errors_are_in_chinese() -> None:
    assert run("--help").stdout.startswith("用法：nianbao")
    missing = run("check")
    assert missing.returncode == 2
    assert "nianbao check：错误：缺少必需的参数：file" in missing.stderr
    bad_year = run("new", "--year", "明年", "--unit", "甲", "-o", "x.json")
    assert "参数 --year：无效的值：'明年'" in bad_year.stderr


def test_new_refuses_a_year_no_report_can_have(tmp_path: Path) -> None:
    result = run("new", "--year", "1990", "--unit", "甲", "-o", tmp_path / "x.json")
    assert (result.returncode, result.stderr) == (2, "错误：年度 1990 超出本程序支持的范围（2000–2100）\n")
    assert not (tmp_path / "x.json").exists()


def test_a_refusal_of_the_system_is_told_in_chinese(monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    def refuse(path: Path) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(main, "open_project", refuse)
    assert main.main(["check", "报告.json"]) == main.EXIT_UNREADABLE
    assert capsys.readouterr().err == "错误：无法访问文件 报告.json：没有权限\n"


def test_every_subcommand_is_known_before_its_parser_is_built() -> None:
    """main.COMMANDS decides window or command line without building the parser (and importing
    what its choices need); it must name every subcommand the parser has."""
    import argparse
    parser = main.build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert tuple(commands.choices) == main.COMMANDS
