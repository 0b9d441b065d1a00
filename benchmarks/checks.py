"""How long a full check and an incremental recheck take on the 2021 example.

Targets on a 2-core machine: full check ≤ 1 ms, recheck after one edit ≤ 0.1 ms (text and
completeness rules included). Also measured, without a target: a recheck after a character
typed in a narrative section (the text rules read the new text afresh) and a full check of a
report whose texts were never read before. Run by hand:
    python benchmarks/checks.py [--edits 5000] [--seed 1]
Prints the median of each, the ratio full / incremental, and whether the recheck still agrees
with a full check at the end (it must).
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from model.numbers import NOT_APPLICABLE, Value  # noqa: E402
from model.report import Report  # noqa: E402
from model.rules import Checker, check  # noqa: E402
from model.storage import load_report  # noqa: E402

EXAMPLE = ROOT / "resources" / "examples" / "demo-2025.json"


def random_value(rng: random.Random, kind: str) -> Value | None:
    """What a clerk might leave in a cell: blank, "/", or a plausible number."""
    roll = rng.random()
    if roll < 0.1:
        return None
    if roll < 0.15:
        return NOT_APPLICABLE
    if kind == "amount":
        return Decimal(rng.randint(0, 99_999)) / 100
    return rng.randint(-20 if kind == "signed" else 0, 60)


def time_full(report: Report, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        check(report)
        times.append(time.perf_counter() - start)
    return times


def time_incremental(report: Report, edits: int, rng: random.Random) -> tuple[list[float], Checker]:
    checker = Checker(report)
    kinds = report.format.cell_kinds()
    keys = list(kinds)
    times = []
    for _ in range(edits):
        key = rng.choice(keys)
        report.set_value(key, random_value(rng, kinds[key]))
        start = time.perf_counter()
        checker.recheck([key])
        checker.findings  # what the window reads after each edit
        times.append(time.perf_counter() - start)
    return times, checker


def time_typing(report: Report, keystrokes: int) -> list[float]:
    """A clerk typing at the end of 总体情况: each keystroke rechecks that section's text rules."""
    checker = Checker(report)
    base = report.texts["overview"]
    times = []
    for i in range(keystrokes):
        report.texts["overview"] = base + "字" * (i + 1)
        start = time.perf_counter()
        checker.recheck(texts=["overview"])
        checker.findings
        times.append(time.perf_counter() - start)
    report.texts["overview"] = base
    return times


def time_cold(report: Report, runs: int) -> list[float]:
    """A full check of texts never read before (as on opening a file)."""
    times = []
    originals = dict(report.texts)
    for i in range(runs):
        for section, text in originals.items():
            report.texts[section] = f"{text}（{i}）"
        start = time.perf_counter()
        check(report)
        times.append(time.perf_counter() - start)
    report.texts.update(originals)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=5000, help="random single-cell edits (≥ 1000)")
    parser.add_argument("--full-runs", type=int, default=2000, help="full checks to time")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    report = load_report(EXAMPLE)
    time_full(report, 200)  # warm up caches (the format's checks are built once)
    full = statistics.median(time_full(report, args.full_runs))

    edited = load_report(EXAMPLE)
    incremental_times, checker = time_incremental(edited, args.edits, rng)
    incremental = statistics.median(incremental_times)
    full_after = statistics.median(time_full(edited, args.full_runs))  # a report with many findings
    agrees = checker.findings == check(edited)
    typing = statistics.median(time_typing(load_report(EXAMPLE), 2000))
    cold = statistics.median(time_cold(load_report(EXAMPLE), 500))
    characters = sum(len(t) for t in report.texts.values())

    print(f"example: {EXAMPLE.name} ({len(report.format.cell_keys())} cells)")
    print(f"full check, consistent report:      median {full * 1e3:.4f} ms over {args.full_runs} runs (target ≤ 1 ms)")
    print(f"full check, after random edits:     median {full_after * 1e3:.4f} ms "
          f"({len(check(edited))} findings)")
    print(f"incremental recheck after one edit: median {incremental * 1e3:.4f} ms over {args.edits} edits "
          f"(target ≤ 0.1 ms)")
    print(f"ratio full / incremental: {full_after / incremental:.1f}×")
    print(f"recheck after a keystroke in a text:  median {typing * 1e3:.4f} ms (总体情况, {len(report.texts['overview'])} characters)")
    print(f"full check, texts never read before:  median {cold * 1e3:.4f} ms ({characters} characters of text)")
    print(f"recheck agrees with a full check: {'yes' if agrees else 'NO'}")
    if not agrees:
        sys.exit(1)


if __name__ == "__main__":
    main()
