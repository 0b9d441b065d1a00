"""How long 汇总 takes and how much memory it needs for 100, 1,000 and 5,000 unit files.

Target: 1,000 units in at most 2 s, growing linearly. Run by hand:
    python benchmarks/merge.py [--sizes 100 1000 5000] [--repeat 3]
Prints, per size: median wall time of merge_files (load + sum), the time per unit, the ratio
to the smallest size per unit (1.0 = linear), the time to check the total and to find the
units with errors, and the peak Python memory (tracemalloc, in a separate run).
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from model.formats import load_format  # noqa: E402
from model.merge import contributions_with_errors, merge_files  # noqa: E402
from model.numbers import NOT_APPLICABLE, Value  # noqa: E402
from model.report import Report  # noqa: E402
from model.rules import check  # noqa: E402
from model.storage import dumps  # noqa: E402


def _random_value(kind: str, rng: random.Random) -> Value | None:
    roll = rng.random()
    if roll < 0.03:
        return None
    if roll < 0.06:
        return NOT_APPLICABLE
    if kind == "amount":
        return Decimal(rng.randint(0, 100_000)) / 100
    if kind == "signed":
        return rng.randint(-3, 5)
    return rng.randint(0, 30)


def random_consistent_report(format_id: str, unit: str, year: int, rng: random.Random) -> Report:
    """A report whose every error rule holds: random leaves, balanced requests, computed totals."""
    report = Report.blank(format_id, unit, year)
    fmt = report.format
    for key, kind in fmt.cell_kinds().items():
        if key in fmt.computed_keys():
            continue
        table = key.split(".")[0]
        value = rng.randint(0, 30) if table in ("requests", "appeals") else _random_value(kind, rng)
        report.set_value(key, value)
        if key.endswith(".change") and isinstance(value, int):  # 2019: prev_items + change >= 0
            prev = report.values.get(key.replace(".change", ".prev_items"), 0)
            report.values[key] = max(value, -prev) if isinstance(prev, int) else abs(value)
    report.recompute_totals()
    for column in fmt.tables["requests"].column_leaves():
        if f"requests.new.{column.id}" in fmt.computed_keys():
            continue
        outflow = report.values[f"requests.results_total.{column.id}"] + report.values[f"requests.carried_out.{column.id}"]
        carried_in = rng.randint(0, outflow)  # type: ignore[arg-type]
        report.values[f"requests.carried_in.{column.id}"] = carried_in
        report.values[f"requests.new.{column.id}"] = outflow - carried_in  # type: ignore[operator]
    report.recompute_totals()
    return report


def write_units(folder: Path, count: int, format_id: str = "2021", year: int = 2025) -> list[Path]:
    rng = random.Random(count)
    paths = []
    for i in range(count):
        path = folder / f"单位{i:05d}.json"
        path.write_text(dumps(random_consistent_report(format_id, f"测试单位{i:05d}", year, rng)), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    load_format("2021")
    base: float | None = None
    print(f"{'units':>6} {'merge s':>8} {'ms/unit':>8} {'ratio':>6} {'check s':>8} {'unit errs s':>11} {'peak MB':>8}")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            paths = write_units(Path(tmp), size)
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                merged = merge_files(paths, "汇总单位")
                times.append(time.perf_counter() - start)
            start = time.perf_counter()
            findings = check(merged)
            check_time = time.perf_counter() - start
            start = time.perf_counter()
            faulty = contributions_with_errors(merged)
            faulty_time = time.perf_counter() - start
            assert not [f for f in findings if f.severity == "error"] and not faulty
            del merged
            tracemalloc.start()
            merge_files(paths, "汇总单位")
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        median = statistics.median(times)
        per_unit = median / size
        base = base or per_unit
        print(f"{size:>6} {median:>8.3f} {per_unit * 1000:>8.3f} {per_unit / base:>6.2f} "
              f"{check_time:>8.4f} {faulty_time:>11.3f} {peak / 1024 / 1024:>8.1f}")


if __name__ == "__main__":
    main()
