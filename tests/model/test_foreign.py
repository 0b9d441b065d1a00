"""A document of another program opened as a project file is named for what it is, in the
clerk's words, with the file to open instead (issue 9, "Also")."""
from __future__ import annotations

import re
from pathlib import Path

import docx
import openpyxl
import pytest

from conftest import DEMO_EXAMPLE
from export.docx import write_docx
from export.xlsx import write_xlsx
from model.storage import ProjectError, load_report, save_report

JARGON = ("JSON", "json", "UTF-8", "utf-8", "app", "schema")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the first bytes of .xls, .doc, .et, .wps


def refusal(path: Path) -> ProjectError:
    with pytest.raises(ProjectError) as caught:
        load_report(path)
    message = re.sub(r"“[^”]*”", "", str(caught.value))  # file names may end in .json
    assert not [word for word in JARGON if word in message], message
    return caught.value


def test_our_excel_export_names_the_project_file_beside_it(tmp_path: Path) -> None:
    report = load_report(DEMO_EXAMPLE)
    exported = tmp_path / report.file_name(".xlsx")
    write_xlsx(report, exported)
    project = tmp_path / report.file_name(".json")
    save_report(report, project)
    error = refusal(exported)
    assert str(error) == (f"“{exported.name}”是年报助手导出的 Excel 表格，用于打印和报送，不能作为报告打开或修改。"
                          f"请打开同一文件夹中的“{project.name}”。")
    assert error.foreign.importable  # type: ignore[attr-defined]
    project.unlink()
    assert "请打开保存报告时的项目文件" in str(refusal(exported))


def test_our_word_export_is_ours_too(tmp_path: Path) -> None:
    """Its author is the report's unit, its last author this program (as in the Excel export)."""
    report = load_report(DEMO_EXAMPLE)
    exported = tmp_path / report.file_name(".docx")
    write_docx(report, exported)
    assert str(refusal(exported)).startswith(f"“{exported.name}”是年报助手导出的 Word 文档，用于打印和报送")


@pytest.mark.parametrize("name, expected", [("别人的.xlsx", "是 Excel 表格，不是年报助手的项目文件"),
                                            ("通知.docx", "是 Word 文档，不是年报助手的项目文件"),
                                            ("报告.pdf", "是 PDF 文件，不是年报助手的项目文件"),
                                            ("旧表.xls", "是旧版 Excel 表格，不是年报助手的项目文件"),
                                            ("台账.et", "是 WPS 表格，不是年报助手的项目文件")])
def test_other_documents_are_named(tmp_path: Path, name: str, expected: str) -> None:
    path = tmp_path / name
    if name.endswith(".xlsx"):
        openpyxl.Workbook().save(path)
    elif name.endswith(".docx"):
        docx.Document().save(str(path))
    elif name.endswith(".pdf"):
        path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    else:
        path.write_bytes(OLE_MAGIC + bytes(504))
    assert str(refusal(path)) == f"“{name}”{expected}。"


def test_a_damaged_project_file_is_still_explained_by_the_loader(tmp_path: Path) -> None:
    path = tmp_path / "坏.json"
    path.write_bytes(b"PK but not a zip")
    assert not hasattr(refusal(path), "foreign")
