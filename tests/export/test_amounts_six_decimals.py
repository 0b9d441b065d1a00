"""Amounts to the fen in 万元 (six decimals, e.g. 24252.311082) kept exactly through load, edit,
save, check, merge and both exports; a JSON number is read exactly and written back as the
contract's decimal string."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

import main
from export.pdf import write_pdf
from export.xlsx import GRID_TOP, sheet_name, write_xlsx
from export.xlsx_units import HEADER_ROWS, UNITS_SHEET
from model.layout import report_grid
from model.merge import merge_files
from model.numbers import parse_value
from model.rules import check
from model.storage import load_report, save_report

from conftest import DEMO_EXAMPLE

FEES = "art20_8.fees.amount"


def _project(tmp_path: Path, name: str, amount_json: str) -> Path:
    """The demo report with the fee amount written as `amount_json` (a JSON number or string)."""
    text = DEMO_EXAMPLE.read_text(encoding="utf-8").replace(f'"{FEES}": "12.60"', f'"{FEES}": {amount_json}')
    assert amount_json in text
    path = tmp_path / name
    path.write_text(text.replace("示例市演示区文化和旅游局", name.removesuffix(".json")), encoding="utf-8")
    return path


def test_load_edit_save_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _project(tmp_path, "甲局.json", "24252.311082")  # a JSON number, not a string
    report = load_report(path)
    assert report.values[FEES] == Decimal("24252.311082") and str(report.values[FEES]) == "24252.311082"
    save_report(report, path)
    assert json.loads(path.read_text(encoding="utf-8"))["values"][FEES] == "24252.311082"  # the contract's string
    edited = parse_value("２４，２５２．３１１０８３万元", "amount")
    report.set_value(FEES, edited)
    save_report(report, path)
    again = load_report(path)
    assert again.values[FEES] == Decimal("24252.311083") and json.loads(path.read_text(encoding="utf-8"))["values"][FEES] == "24252.311083"
    assert [f.rule for f in check(again) if f.severity != "hint"] == ["other_explained"]  # checked, no error
    assert main.main(["check", str(path)]) == 0
    capsys.readouterr()


def test_merge_adds_exactly(tmp_path: Path) -> None:
    a = _project(tmp_path, "甲局.json", '"24252.311082"')
    b = _project(tmp_path, "乙局.json", "0.000001")
    merged = merge_files([a, b], "汇总")
    assert merged.values[FEES] == Decimal("24252.311083")
    out = tmp_path / "汇总.json"
    save_report(merged, out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["values"][FEES] == "24252.311083"
    assert [u["values"][FEES] for u in data["merged_from"]] == ["24252.311082", "0.000001"]


def _sheet_xml(path: Path, workbook_sheet_index: int) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(f"xl/worksheets/sheet{workbook_sheet_index}.xml").decode("utf-8")


def test_excel_keeps_every_decimal_with_a_matching_number_format(tmp_path: Path) -> None:
    a = _project(tmp_path, "甲局.json", '"24252.311082"')
    b = _project(tmp_path, "乙局.json", '"1.50"')
    merged = merge_files([a, b], "汇总")
    out = tmp_path / "汇总.xlsx"
    write_xlsx(merged, out)
    workbook = load_workbook(out)
    fmt = merged.format
    names = workbook.sheetnames
    proactive = names.index(sheet_name(fmt.section_of_table("art20_8").heading))
    cell = report_grid(merged, "proactive").cell_for(FEES)
    target = workbook.worksheets[proactive].cell(row=GRID_TOP + cell.row, column=1 + cell.col)
    assert target.data_type == "n" and target.number_format == "0.000000"
    assert re.search(rf'r="{target.coordinate}"[^>]*><v>24253.811082</v>', _sheet_xml(out, proactive + 1))
    units = workbook[UNITS_SHEET]
    row = HEADER_ROWS + 1 + fmt.cell_keys().index(FEES)  # under the units' names and files
    assert [units.cell(row=row, column=c).number_format for c in (3, 4, 5)] == ["0.000000", "0.00", "0.000000"]
    assert re.search(r"<v>24252.311082</v>", _sheet_xml(out, names.index(UNITS_SHEET) + 1))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")
def test_pdf_prints_the_amount_as_entered(tmp_path: Path) -> None:
    report = load_report(_project(tmp_path, "甲局.json", "24252.311082"))
    out = tmp_path / "甲局.pdf"
    write_pdf(report, out)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "24252.311082" in text
