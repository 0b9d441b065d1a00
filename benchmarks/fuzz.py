"""Deep fuzzing of what the clerk's hands and disks can feed the program (run by hand).

    python benchmarks/fuzz.py [--cases 10000] [--export-cases 500] [--seed N]

Runs the properties of tests/model/test_fuzz.py with many more cases and prints, per property,
how many cases ran and how they ended (loaded / refused, number / refused / blank …; project
files also by the hostile draw they carried: lone surrogates, huge numbers, duplicate keys,
special files), the time
taken, and the exports of hostile text when the exporters are present. PDF exports of hostile
text, emoji and symbols must succeed; texts given a CJK extension B character are refused unless
an installed font has it (SimSun-ExtB on Windows), and counted either way. Any broken promise
stops the run with the smallest failing case (hypothesis shrinks it) and a non-zero exit.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "model")]

from hypothesis import HealthCheck, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from fuzz_cases import (HOSTILE_TEXTS, SPECIAL_FILES, cell_kinds, hostile_draws,  # noqa: E402
                        load_untouched, number_texts, parse_or_refuse, pdf_keeps_text, pdf_safe_texts, project_bytes,
                        special_file_refused, xlsx_keeps_text)

RARE = "\U00020000"  # CJK extension B: refused (named in the message) unless a font has it


def _run(name: str, prop: Callable[..., None], counts: Counter[str]) -> None:
    started = time.perf_counter()
    prop()
    elapsed = time.perf_counter() - started
    total = sum(counts.values())
    detail = "，".join(f"{k} {v:,}" for k, v in counts.most_common())
    print(f"{name}: {total:,} cases in {elapsed:.1f} s ({detail})", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--export-cases", type=int, default=500,
                        help="random texts exported to Excel (a fifth as many to PDF)")
    parser.add_argument("--seed", type=int, default=int(time.time()))
    args = parser.parse_args()
    print(f"seed {args.seed}")
    deep = settings(max_examples=args.cases, deadline=None, database=None,
                    suppress_health_check=list(HealthCheck))
    folder = Path(tempfile.mkdtemp(prefix="nianbao-fuzz-"))

    files: Counter[str] = Counter()
    carried: Counter[str] = Counter()  # outcomes by the hostile draw a file carried

    @seed(args.seed)
    @deep
    @given(project_bytes)
    def project_files(raw: bytes) -> None:
        outcome = load_untouched(raw, folder / "年报 项目.json")
        files[outcome] += 1
        for draw in hostile_draws(raw):
            carried[f"{draw} {outcome}"] += 1

    specials: Counter[str] = Counter()

    @seed(args.seed)
    @settings(deep, max_examples=max(1, args.cases // 10))
    @given(st.sampled_from(SPECIAL_FILES))
    def special_files(kind: str) -> None:
        specials[f"{kind} {special_file_refused(kind, folder)}"] += 1

    entries: Counter[str] = Counter()

    @seed(args.seed)
    @deep
    @given(number_texts, cell_kinds)
    def cell_entries(text: str, kind: str) -> None:
        entries[f"{kind} {parse_or_refuse(text, kind)}"] += 1

    hostile = [text for name, text in HOSTILE_TEXTS.items() if name != "long"]
    excel: Counter[str] = Counter()

    @seed(args.seed)
    @settings(deep, max_examples=args.export_cases)
    @given(st.one_of(st.sampled_from(hostile), st.text(max_size=300)))
    def excel_exports(text: str) -> None:
        excel[xlsx_keeps_text(text, folder / "导出.xlsx")] += 1

    pdf: Counter[str] = Counter()

    @seed(args.seed)
    @settings(deep, max_examples=max(1, args.export_cases // 5))
    @given(st.one_of(st.sampled_from(hostile), pdf_safe_texts, pdf_safe_texts.map(lambda t: t + RARE)))
    def pdf_exports(text: str) -> None:
        outcome = pdf_keeps_text(text, folder / "导出.pdf")
        assert outcome == "exported" or RARE in text, f"refused although every font is there: {text!r}"
        pdf[outcome] += 1

    _run("project files", project_files, files)
    print("  of which: " + "，".join(f"{k} {v:,}" for k, v in sorted(carried.items())), flush=True)
    _run("special files", special_files, specials)
    _run("cell entries", cell_entries, entries)
    _run("Excel exports of hostile text", excel_exports, excel)
    _run("PDF exports of hostile text", pdf_exports, pdf)
    return 0


if __name__ == "__main__":
    sys.exit(main())
