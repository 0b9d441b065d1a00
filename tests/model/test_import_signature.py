"""What the exports add around the text (引言, 「无。」 for an empty section, the 落款 of unit
and 成文日期) does not leak into the texts an import reads back."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from export.docx import write_docx
from export.pdf import write_pdf
from export.xlsx import write_xlsx
from model.importing.narrative import without_signature
from model.importing.reader import import_report
from model.storage import load_report

from conftest import DEMO_EXAMPLE


@pytest.mark.parametrize("write, suffix", [(write_pdf, ".pdf"), (write_docx, ".docx"), (write_xlsx, ".xlsx")],
                         ids=["pdf", "docx", "xlsx"])
def test_an_export_with_intro_empty_section_and_signature_reads_back_its_texts(write, suffix: str,  # type: ignore[no-untyped-def]
                                                                              tmp_path: Path) -> None:
    report = load_report(DEMO_EXAMPLE)
    report.intro = report.default_intro()
    report.issued = date(2026, 1, 20)
    report.texts["problems"] = ""
    path = tmp_path / f"报告{suffix}"
    write(report, path)
    got = import_report(path).report
    assert got.texts["other"].replace("\n", "") == report.texts["other"].replace("\n", "")
    assert got.texts["problems"] in ("", "无。")
    if suffix == ".xlsx":  # the embedded project: the export reads back exactly
        assert import_report(path).exact and got.texts == report.texts


def test_a_closing_signature_is_recognised_but_a_closing_wu_is_text() -> None:
    assert without_signature(["正文。", "某某区文化和旅游局", "2026年1月20日"]) == ["正文。"]
    assert without_signature(["正文。", "某某自治区某某市人民政府办公室", "政务公开科", "2026年1月20日"]) == ["正文。"]
    assert without_signature(["无", "2026年1月20日"]) == ["无"]
    assert without_signature(["本年度无收费。"]) == ["本年度无收费。"]
