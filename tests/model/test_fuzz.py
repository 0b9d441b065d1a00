"""Fuzzing (bounded for CI; benchmarks/fuzz.py runs the same properties much deeper).

Mutated and random project files (lone surrogates, huge numbers, duplicate keys among the
mutations) give a report that can be saved again or a Chinese refusal, and stay untouched;
special files (FIFO, device, folder, link loop) are refused at once; any
string typed into a cell gives a value or a Chinese refusal; hostile text, emoji included,
exports literally (the PDF sets emoji and symbols in a fallback font).
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz_cases import (HOSTILE_TEXTS, SPECIAL_FILES, cell_kinds, load_untouched, number_texts,
                        parse_or_refuse, pdf_keeps_text, pdf_safe_texts, project_bytes, special_file_refused,
                        xlsx_keeps_text)

BOUNDED = settings(max_examples=200, deadline=None, derandomize=True,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
_FOLDER = Path(tempfile.mkdtemp(prefix="nianbao-fuzz-"))


@BOUNDED
@given(project_bytes)
def test_any_project_file_loads_or_is_refused_in_chinese_and_stays_untouched(raw: bytes) -> None:
    load_untouched(raw, _FOLDER / "年报 项目.json")


@pytest.mark.parametrize("kind", SPECIAL_FILES)
def test_special_files_are_refused_at_once_in_chinese(kind: str, tmp_path: Path) -> None:
    special_file_refused(kind, tmp_path)


@BOUNDED
@given(number_texts, cell_kinds)
def test_any_cell_entry_is_a_value_or_a_chinese_refusal(text: str, kind: str) -> None:
    parse_or_refuse(text, kind)


HOSTILE = [pytest.param(t, id=name) for name, t in HOSTILE_TEXTS.items()]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_exports_to_excel_literally(text: str, tmp_path: Path) -> None:
    xlsx_keeps_text(text, tmp_path / "导出.xlsx")


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_exports_to_pdf_literally(text: str, tmp_path: Path) -> None:
    assert pdf_keeps_text(text, tmp_path / "导出.pdf") == "exported"


EXPORTS = settings(max_examples=30, deadline=None, derandomize=True,
                   suppress_health_check=[HealthCheck.too_slow])


@EXPORTS
@given(st.text(max_size=300))
def test_random_text_exports_to_excel_literally(text: str) -> None:
    xlsx_keeps_text(text, _FOLDER / "导出.xlsx")


@EXPORTS
@given(pdf_safe_texts)
def test_random_text_exports_to_pdf_literally(text: str) -> None:
    assert pdf_keeps_text(text, _FOLDER / "导出.pdf") == "exported"
