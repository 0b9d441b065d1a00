"""`python main.py review`: every check passed and failed by section, explanations with their
state, exit codes as `check`, the JSON shape, the 审核结果 PDF (its text and the file's hash);
and the explanations travelling with the exports (报送版 PDF appendix, Excel sheet)."""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_cli import broken_copy, run

from export.review_sheet import REVIEW_SHEET
from model.explanations import Explanation
from model.storage import load_report, save_report

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")
STATUSES = {"passed", "failed", "explained", "stale"}


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_review_lists_passed_and_failed_checks_by_section(demo_file: Path) -> None:
    result = run("review", demo_file)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "审核结果：示例市演示区文化和旅游局2025年政府信息公开工作年度报告 · 2021年版（国办公开办函〔2021〕30号）"
    sha = hashlib.sha256(demo_file.read_bytes()).hexdigest()
    assert lines[1].startswith(f"项目文件：{demo_file.name}  SHA-256：{sha}  审核日期：")
    headings = [line for line in lines if line and not line.startswith(" ") and "、" in line[:2]]
    assert headings == ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    assert "  〔通过〕自然人列：一+二=三（七）+四" in lines  # passed relations are listed too
    assert "  〔通过〕文中“新收政府信息公开申请29件”：表三“本年新收政府信息公开申请数量（总计）”为 29" in lines
    assert any(line.startswith("  〔已说明〕（六）其他处理不为 0") for line in lines)
    assert lines[-1] == "共核对 77 项：通过 76 项；1 处已说明"


def test_review_exit_codes_as_check(demo_file: Path, tmp_path: Path) -> None:
    assert run("review", broken_copy(demo_file)).returncode == 1
    broken = run("review", broken_copy(demo_file))
    assert "  〔错误〕自然人列：一+二=" in broken.stdout
    garbage = tmp_path / "坏.json"
    garbage.write_text("{", encoding="utf-8")
    unreadable = run("review", garbage)
    assert unreadable.returncode == 2 and unreadable.stderr.startswith("错误：文件内容已损坏")
    assert run("review", tmp_path / "没有.json").returncode == 2


def test_review_json_shape(demo_file: Path) -> None:
    report = load_report(demo_file)
    report.values["art20_1.regulations.in_force"] = 9  # a stale explanation and an unmatched one
    finding_key = "in_force_continuity@art20_1.regulations.in_force"
    report.explanations[finding_key] = Explanation("上年数据有误", {"art20_1.regulations.in_force": "3"})
    report.explanations["carry_over@*"] = Explanation("旧说明")
    save_report(report, demo_file)
    result = run("review", demo_file, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"report", "file", "date", "counts", "sections", "explanations", "blank"}
    assert data["report"] == {"unit": "示例市演示区文化和旅游局", "year": 2025, "format": "2021",
                              "format_name": "2021年版（国办公开办函〔2021〕30号）",
                              "title": "示例市演示区文化和旅游局2025年政府信息公开工作年度报告"}
    assert data["file"] == {"name": demo_file.name, "sha256": hashlib.sha256(demo_file.read_bytes()).hexdigest()}
    assert set(data["counts"]) == {"error", "warning", "hint", "explained", "stale", "passed", "checked"}
    assert data["counts"]["stale"] == 1 and data["counts"]["explained"] == 1
    checks = [c for s in data["sections"] for c in s["checks"]]
    assert data["counts"]["checked"] == len(checks)
    assert data["counts"]["passed"] == sum(c["status"] == "passed" for c in checks)
    assert [s["id"] for s in data["sections"]] == ["", "overview", "proactive", "requests", "appeals", "problems", "other"]
    for entry in checks:
        assert set(entry) == {"rule", "severity", "status", "key", "description", "message", "cells", "text", "explanation"}
        assert entry["status"] in STATUSES and entry["severity"] in {"error", "warning", "hint"}
        assert (entry["message"] is None) == (entry["status"] == "passed")
    stale = next(c for c in checks if c["key"] == finding_key)
    assert (stale["status"], stale["explanation"]) == ("stale", "上年数据有误")
    figures = next(c for c in checks if c["rule"] == "text_figures")
    assert figures["text"] is None and figures["status"] == "passed"
    states = {e["key"]: e["state"] for e in data["explanations"]}
    assert states == {"other_explained@requests.other_no_correction.person": "current", finding_key: "stale",
                      "carry_over@*": "unmatched"}
    assert data["blank"] == {"advice": "正式报送时请填写0", "cells": []}


def test_review_json_names_the_text_position(demo_file: Path) -> None:
    result = run("review", broken_copy(demo_file), "--json")
    data = json.loads(result.stdout)
    figures = [c for s in data["sections"] for c in s["checks"] if c["rule"] == "text_figures" and c["status"] == "failed"]
    text = load_report(demo_file).texts["overview"]
    [entry] = figures
    assert text[entry["text"]["start"]:entry["text"]["end"]] == "新收政府信息公开申请29件"
    assert entry["cells"] == ["requests.new.total"]


def test_review_lists_blank_cells_to_fill_with_zero(tmp_path: Path) -> None:
    path = tmp_path / "新.json"
    assert run("new", "--format", "2021", "--year", "2025", "--unit", "甲", "-o", path).returncode == 0
    result = run("review", path, "--json")
    blank = json.loads(result.stdout)["blank"]
    assert blank["advice"] == "正式报送时请填写0"
    assert "requests.new.person" in blank["cells"] and "appeals.cases.review_upheld" in blank["cells"]
    assert not any(c.startswith("art20_") for c in blank["cells"])
    assert "正式报送时请填写0（" in run("review", path).stdout


@needs_poppler
def test_review_pdf_has_the_report_the_hash_and_each_remaining_finding(demo_file: Path, tmp_path: Path) -> None:
    broken_copy(demo_file)
    out = tmp_path / "审核结果.pdf"
    result = run("review", demo_file, "--pdf", out)
    assert result.returncode == 1 and out.exists()
    text = pdf_text(out)
    squeezed = "".join(text.split())
    assert "政府信息公开工作年度报告审核结果" in squeezed
    for expected in ("示例市演示区文化和旅游局", "2025年度", "2021年版", "".join(demo_file.name.split()), "需关注的问题"):
        assert expected in squeezed
    assert hashlib.sha256(demo_file.read_bytes()).hexdigest() in squeezed  # the reviewer recomputes this
    assert "自然人列：一+二=20，三（七）+四=19，相差1" in squeezed
    assert "申请人逾期未补正或未缴费的" in squeezed  # the explained finding with its explanation
    assert "文中“新收政府信息公开申请29件”" in squeezed
    pages = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", pages, re.MULTILINE)  # one page


@needs_poppler
def test_submission_pdf_gains_the_explanations_as_an_appendix(demo_file: Path, tmp_path: Path) -> None:
    public, submitted = tmp_path / "公开版.pdf", tmp_path / "报送版.pdf"
    assert run("export", demo_file, "--pdf", public).returncode == 0
    assert run("export", demo_file, "--submission", submitted).returncode == 0
    public_text, submitted_text = ("".join(pdf_text(p).split()) for p in (public, submitted))
    assert "审核情况说明" not in public_text
    appendix = submitted_text[submitted_text.index("附件审核情况说明"):]
    assert appendix.startswith("附件审核情况说明1.〔已说明〕三、收到和处理政府信息公开申请情况：（六）其他处理不为0")
    assert "说明：申请人逾期未补正或未缴费的，依法不再处理" in appendix


def test_excel_gains_a_sheet_of_explained_findings(demo_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    assert run("export", demo_file, "--xlsx", out).returncode == 0
    ws = load_workbook(out)[REVIEW_SHEET]
    assert [c.value for c in ws[1]] == ["序号", "部分", "问题", "说明", "状态"]
    assert [c.value for c in ws[2]][:2] == ["1", "三、收到和处理政府信息公开申请情况"]
    assert ws.cell(row=2, column=4).value == "申请人逾期未补正或未缴费的，依法不再处理；“其他”为申请人主动撤回申请。"
    assert ws.cell(row=2, column=5).value == "已说明" and ws.max_row == 2
    report = load_report(demo_file)
    report.explanations.clear()
    save_report(report, demo_file)
    assert run("export", demo_file, "--xlsx", out).returncode == 0
    assert REVIEW_SHEET not in load_workbook(out).sheetnames


def test_export_with_problems_lists_them(demo_file: Path, tmp_path: Path) -> None:
    result = run("export", broken_copy(demo_file), "--xlsx", tmp_path / "r.xlsx")
    assert result.returncode == 0
    lines = result.stderr.splitlines()
    assert lines[0] == "警告：报告仍有 2 处错误、1 处未说明的警告，已照常导出，请核对后再报送："
    assert lines[1].startswith("  · 错误：三、收到和处理政府信息公开申请情况：自然人列：一+二=")
    assert lines[3].startswith("  · 警告：一、总体情况：文中“新收政府信息公开申请29件”")


def test_check_marks_a_stale_explanation(demo_file: Path) -> None:
    report = load_report(demo_file)
    report.values.update({"requests.other_misc.business": 2, "requests.other_misc.total": 2,
                          "requests.other_misc.person": 0})
    report.values["requests.granted.business"] -= 1  # type: ignore[operator]
    report.values["requests.granted.total"] -= 1  # type: ignore[operator]
    save_report(report, demo_file)
    lines = run("check", demo_file).stdout.splitlines()
    assert any(line.startswith("  · 三、收到和处理政府信息公开申请情况：（六）其他处理不为 0（商业企业·三（六）3.=2")
               and line.endswith("说明（待复核）：申请人逾期未补正或未缴费的，依法不再处理；“其他”为申请人主动撤回申请。〔说明待复核〕")
               for line in lines), lines
    assert lines[-1] == "1 处说明待复核"
