"""`main.py export`: both files written, a warning for a report with errors, refusals in Chinese."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from export.fonts import FONT_DIRS_ENV
from model.rules import check
from model.storage import save_report

from conftest import FORMATS, ROOT, font_folder, sample_report


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "export", *args], capture_output=True,
                          text=True, encoding="utf-8", env={**os.environ, **(env or {})}, timeout=120)


@pytest.mark.parametrize("format_id", FORMATS)
def test_exports_both_files_warning_only_about_errors(format_id: str, tmp_path: Path) -> None:
    report = sample_report(format_id)
    source, xlsx, pdf = tmp_path / "报告.json", tmp_path / "表.xlsx", tmp_path / "报告.pdf"
    save_report(report, source)
    result = _run(str(source), "--xlsx", str(xlsx), "--pdf", str(pdf))
    assert result.returncode == 0, result.stderr
    assert ("警告" in result.stderr) == any(f.severity == "error" for f in check(report))
    assert "已导出 Excel" in result.stdout and "已导出 PDF" in result.stdout
    assert load_workbook(xlsx).sheetnames[0] == "报告正文"
    assert pdf.read_bytes().startswith(b"%PDF")


def test_a_report_with_errors_is_exported_with_a_warning(demo_file: Path, tmp_path: Path) -> None:
    data = json.loads(demo_file.read_text(encoding="utf-8"))
    data["values"]["requests.new.total"] += 1
    demo_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    pdf = tmp_path / "报告.pdf"
    result = _run(str(demo_file), "--pdf", str(pdf))
    assert result.returncode == 0
    assert "警告" in result.stderr and "错误" in result.stderr
    assert pdf.exists()


def test_no_font_is_a_clear_refusal_and_no_file(demo_file: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "报告.pdf"
    empty = tmp_path / "fonts"
    empty.mkdir()
    result = _run(str(demo_file), "--pdf", str(pdf), env={FONT_DIRS_ENV: str(empty)})
    assert result.returncode == 2
    assert "找不到可用的中文字体" in result.stderr
    assert not pdf.exists()


def test_an_unwritable_target_is_refused_in_chinese(demo_file: Path, tmp_path: Path) -> None:
    result = _run(str(demo_file), "--xlsx", str(tmp_path / "没有这个文件夹" / "表.xlsx"))
    assert result.returncode == 2
    assert "错误：" in result.stderr and "不存在" in result.stderr


def test_the_faces_standing_in_for_missing_ones_are_named(demo_file: Path, tmp_path: Path) -> None:
    fonts = font_folder(tmp_path, "uming.ttc")
    result = _run(str(demo_file), "--pdf", str(tmp_path / "报告.pdf"), env={FONT_DIRS_ENV: str(fonts)})
    assert result.returncode == 0, result.stderr
    assert "提示：本机没有仿宋字体，正文改用“AR PL UMing CN”。" in result.stderr
    assert "提示：本机没有小标宋字体，标题改用“AR PL UMing CN”。" in result.stderr


def test_exports_a_word_document(demo_file: Path, tmp_path: Path) -> None:
    from docx import Document
    out = tmp_path / "报告.docx"
    result = _run(str(demo_file), "--docx", str(out))
    assert result.returncode == 0, result.stderr
    assert "已导出 Word" in result.stdout
    assert Document(str(out)).paragraphs[0].text.replace("\n", "").endswith("政府信息公开工作年度报告")
