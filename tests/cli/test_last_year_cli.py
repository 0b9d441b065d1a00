"""`check --last-year` and `review --last-year`: last year's texts for text_repeated in one run."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import main
from model.report import Report
from model.storage import load_report, save_report

REPEATED = "与上年报告的文字有 100% 相同"


@pytest.fixture
def next_year(demo_file: Path, tmp_path: Path) -> Path:
    """A 2026 report started from a blank form whose 一 and 五 are last year's (the demo's) texts."""
    last = load_report(demo_file)
    report = Report.blank(last.format.id, last.unit, 2026)
    report.values = dict(last.values)
    report.explanations = dict(last.explanations)
    report.texts.update(last.texts, other="本年度未收取信息处理费，没有其他需要报告的事项。")
    path = tmp_path / "2026.json"
    save_report(report, path)
    return path


def test_check_compares_the_texts_with_last_years(next_year: Path, demo_file: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main.main(["check", str(next_year)]) == main.EXIT_OK
    assert REPEATED not in capsys.readouterr().out
    before = next_year.read_bytes()
    assert main.main(["check", str(next_year), "--last-year", str(demo_file)]) == main.EXIT_OK  # warnings only
    out, err = capsys.readouterr()
    assert f"  · 一、总体情况：{REPEATED}" in out and f"  · 五、存在的主要问题及改进情况：{REPEATED}" in out
    assert "六、其他需要报告的事项：与上年" not in out
    assert err.strip() == f"已关联上年报告“{demo_file.name}”（2025年度）：3 个文字部分将与上年比较"
    assert next_year.read_bytes() == before  # for this run only


def test_check_json_lists_the_finding_and_keeps_stdout_json(next_year: Path, demo_file: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    main.main(["check", str(next_year), "--json", "--last-year", str(demo_file)])
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert [f["severity"] for f in findings if f["rule"] == "text_repeated"] == ["warning", "warning"]


def test_review_lists_the_repetition_as_failed(next_year: Path, demo_file: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main.main(["review", str(next_year), "--json", "--last-year", str(demo_file)]) == main.EXIT_OK
    review = json.loads(capsys.readouterr().out)
    status = {(s["id"], c["status"]) for s in review["sections"] for c in s["checks"] if c["rule"] == "text_repeated"}
    assert status == {("overview", "failed"), ("problems", "failed"), ("other", "passed")}


@pytest.mark.parametrize("command", ["check", "review"])
def test_an_unreadable_last_year_file_exits_2_in_chinese(next_year: Path, tmp_path: Path, command: str,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "上年.json"
    broken.write_text("{", encoding="utf-8")
    assert main.main([command, str(next_year), "--last-year", str(broken)]) == main.EXIT_UNREADABLE
    out, err = capsys.readouterr()
    assert err.startswith("错误：无法关联上年报告“上年.json”：") and "文件内容已损坏" in err
    assert out == ""


def test_a_last_year_file_of_this_year_exits_2(next_year: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main.main(["check", str(next_year), "--last-year", str(next_year)]) == main.EXIT_UNREADABLE
    assert "它是2026年度的报告，而本报告是2026年度的" in capsys.readouterr().err


def test_the_option_is_described_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main.main(["check", "--help"])
    assert "--last-year 上年报告" in capsys.readouterr().out
