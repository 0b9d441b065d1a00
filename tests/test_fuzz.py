"""Fuzzing (bounded for CI; benchmarks/fuzz.py runs the same properties much deeper).

Mutated and random project files give a report or a Chinese refusal and stay untouched; any
string typed into a cell gives a value or a Chinese refusal.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from fuzz_cases import cell_kinds, load_untouched, number_texts, parse_or_refuse, project_bytes

BOUNDED = settings(max_examples=200, deadline=None, derandomize=True,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
_FOLDER = Path(tempfile.mkdtemp(prefix="nianbao-fuzz-"))


@BOUNDED
@given(project_bytes)
def test_any_project_file_loads_or_is_refused_in_chinese_and_stays_untouched(raw: bytes) -> None:
    load_untouched(raw, _FOLDER / "年报 项目.json")


@BOUNDED
@given(number_texts, cell_kinds)
def test_any_cell_entry_is_a_value_or_a_chinese_refusal(text: str, kind: str) -> None:
    parse_or_refuse(text, kind)
