"""The import and register commands as a clerk's script runs them, and carry/merge from
importable files."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Callable

import pytest
from openpyxl import Workbook, load_workbook

from export.xlsx import write_xlsx
from model.register import REQUEST_FIELDS, REQUESTS_SHEET
from model.report import Report
from model.storage import load_report

from conftest import ROOT
from import_samples import official_workbook, published_docx, published_pdf, scanned_pdf


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], capture_output=True,
                          text=True, encoding="utf-8", timeout=120, cwd=ROOT)


def test_import_an_exported_workbook_exits_0(demo_file: Path, tmp_path: Path) -> None:
    write_xlsx(load_report(demo_file), tmp_path / "报告.xlsx")
    result = run("import", tmp_path / "报告.xlsx", "-o", tmp_path / "回来.json")
    assert result.returncode == 0, result.stderr
    assert load_report(tmp_path / "回来.json").values == load_report(demo_file).values
    assert "已填入 200 个单元格" in result.stderr
    assert "已导入" in result.stdout


def test_import_with_missing_cells_exits_1_and_names_them(demo_file: Path, tmp_path: Path) -> None:
    path = official_workbook(load_report(demo_file), tmp_path / "下级.xlsx")
    workbook = load_workbook(path)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and "许可" in cell.value:
                    cell.value = "许可事项"
    workbook.save(path)
    result = run("import", path, "-o", tmp_path / "r.json")
    assert result.returncode == 1
    assert "未找到的单元格：" in result.stderr and "行政许可 · 本年处理决定数量" in result.stderr
    assert (tmp_path / "r.json").exists()  # what was read is kept


def test_import_of_a_scan_exits_2_with_the_reason(tmp_path: Path) -> None:
    from PIL import Image
    Image.new("RGB", (60, 80), "white").save(tmp_path / "p.png")
    result = run("import", scanned_pdf(tmp_path / "扫描.pdf", tmp_path / "p.png"), "-o", tmp_path / "r.json")
    assert result.returncode == 2
    assert "扫描" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "r.json").exists()


def test_import_overrides_format_year_and_unit(demo_file: Path, tmp_path: Path) -> None:
    path = official_workbook(load_report(demo_file), tmp_path / "下级.xlsx")
    result = run("import", path, "-o", tmp_path / "r.json", "--year", "2026", "--unit", "某局")
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert (data["year"], data["unit"], data["format"]) == (2026, "某局", "2021")
    assert "imported" in data and data["imported"]["file"] == "下级.xlsx"


def _ledger(path: Path, rows: list[list[object]], header: list[str] | None = None) -> Path:
    workbook = Workbook()
    workbook.active.title = REQUESTS_SHEET
    workbook.active.append(header or [f.header for f in REQUEST_FIELDS])
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


GOOD = [["A", date(2025, 1, 3), "自然人", "（一）予以公开", date(2025, 1, 9), ""],
        ["B", date(2025, 12, 3), "商业企业", None, None, ""]]


def test_register_template_then_a_new_report(tmp_path: Path) -> None:
    result = run("register", "--template", tmp_path / "模板.xlsx", "--format", "2019")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "模板.xlsx").exists()
    ledger = _ledger(tmp_path / "台账.xlsx", GOOD)
    result = run("register", ledger, "-o", tmp_path / "新.json", "--year", "2025", "--unit", "测试局")
    assert result.returncode == 0, result.stderr
    report = load_report(tmp_path / "新.json")
    assert report.values["requests.new.total"] == 2 and report.values["requests.carried_out.business"] == 1
    assert report.register is not None and report.register.file == "台账.xlsx"
    assert run("check", tmp_path / "新.json").returncode == 0


def test_register_with_bad_rows_writes_nothing_unless_told(demo_file: Path, tmp_path: Path) -> None:
    ledger = _ledger(tmp_path / "台账.xlsx", GOOD + [["C", date(2025, 2, 1), "公民", None, None, ""]])
    before = demo_file.read_bytes()
    result = run("register", ledger, "--into", demo_file)
    assert result.returncode == 1
    assert "第 4 行（C）：申请人类型“公民”不是" in result.stderr
    assert demo_file.read_bytes() == before
    result = run("register", ledger, "--into", demo_file, "--skip-bad")
    assert result.returncode == 0, result.stderr
    assert load_report(demo_file).values["requests.new.total"] == 2
    assert "台账计得" in result.stderr  # the demo carried 6 requests in from last year; the register has none


def test_register_with_other_column_names_needs_a_map(tmp_path: Path) -> None:
    theirs = ["编号", "受理日期", "申请人", "答复结果", "答复日期"]
    ledger = _ledger(tmp_path / "台账.xlsx", [row[:5] for row in GOOD], header=theirs)
    out = tmp_path / "新.json"
    result = run("register", ledger, "-o", out, "--year", "2025")
    assert result.returncode == 2 and "受理日期" in result.stderr and "--map" in result.stderr
    result = run("register", ledger, "-o", out, "--year", "2025", "--map", "收到日期=受理日期",
                 "--map", "申请人类型=申请人", "--map", "办理结果=答复结果", "--map", "办结日期=答复日期")
    assert result.returncode == 0, result.stderr
    assert load_report(out).values["requests.granted.person"] == 1
    assert run("register", ledger, "-o", out, "--year", "2025", "--map", "收到日期").returncode == 2


def test_register_maps_a_cases_sheet_of_other_names(tmp_path: Path) -> None:
    ledger = _ledger(tmp_path / "台账.xlsx", GOOD)
    workbook = load_workbook(ledger)
    cases = workbook.create_sheet("诉讼")  # its name says nothing of 行政复议: found by the --map of its columns
    cases.append(["案号", "类型", "审理结果", "审结情况"])
    cases.append(["F-1", "行政复议", "结果纠正", "是"])
    workbook.create_sheet("复议").append(["案号", "类型"])  # speaks of 复议, but it is not the cases sheet
    workbook.save(ledger)
    out = tmp_path / "新.json"
    maps = ["--map", "案件类别=类型", "--map", "结果=审理结果", "--map", "是否审结=审结情况"]
    result = run("register", ledger, "-o", out, "--year", "2025", "--skip-bad", *maps)
    assert result.returncode == 0, result.stderr
    assert load_report(out).values["appeals.cases.review_corrected"] == 1
    result = run("register", ledger, "-o", out, "--force", "--year", "2025", "--skip-bad", *maps,
                 "--map", "行政复议和行政诉讼=复议")  # the wrong sheet named: its missing columns are told
    assert result.returncode == 2 and "“复议”第 1 行的表头中找不到“结果”、“是否审结”列" in result.stderr


@pytest.mark.parametrize("published", [official_workbook, published_docx, published_pdf],
                         ids=["workbook", "docx", "pdf"])
def test_carry_from_last_years_published_report(demo_file: Path, tmp_path: Path,
                                               published: Callable[[Report, Path], Path]) -> None:
    last = load_report(demo_file)
    suffix = {"official_workbook": ".xlsx", "published_docx": ".docx", "published_pdf": ".pdf"}[published.__name__]
    path = published(last, tmp_path / f"上年{suffix}")
    result = run("carry", path, "-o", tmp_path / "本年.json")
    assert result.returncode == 0, result.stderr
    new = load_report(tmp_path / "本年.json")
    assert new.year == last.year + 1 and new.unit == last.unit
    for column in ("person", "business", "total"):
        assert new.values[f"requests.carried_in.{column}"] == last.values[f"requests.carried_out.{column}"]
    if published is not official_workbook:  # a workbook in the official layout holds the tables only
        assert new.previous_texts["overview"].startswith(last.texts["overview"][:20])  # for text_repeated


def test_merge_takes_sub_units_workbooks_alongside_project_files(demo_file: Path, tmp_path: Path) -> None:
    report = load_report(demo_file)
    report.unit = "乙局"
    path = official_workbook(report, tmp_path / "乙局.xlsx")
    result = run("merge", demo_file, path, "-o", tmp_path / "汇总.json", "--unit", "某区")
    assert result.returncode in (0, 1), result.stderr
    merged = load_report(tmp_path / "汇总.json")
    assert merged.values["requests.new.total"] == 2 * report.values["requests.new.total"]  # type: ignore[operator]
    assert [c.unit for c in merged.merged_from] == ["示例市演示区文化和旅游局", "乙局"]
