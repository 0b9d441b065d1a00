"""How long importing takes: an exported workbook, a published Word report, a PDF report (its
tables ruled, and printed without lines) and a 10,000-row request register.

Targets: at most 0.5 s each, except the PDFs (2 s); peak memory at most 200 MB. Run by hand:
    python benchmarks/import.py [--repeat 5] [--rows 10000]
Prints, per case: the median wall time (each case in a fresh process after an untimed warm-up
in the same process, so module imports are not counted), its ratio to the target, and the
peak memory of the process (VmHWM; ru_maxrss where there is no /proc) after all runs of
the case.
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

TARGETS = {"workbook": 0.5, "docx": 0.5, "pdf": 2.0, "pdf-unruled": 2.0, "register": 0.5}
MEMORY_TARGET_MB = 200

_CHILD = r"""
import json, resource, statistics, sys, time
sys.path.insert(0, {root!r})
case, path, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3])
if case == "register":
    from model.formats import load_format
    from model.register_import import import_register
    fmt = load_format("2021")
    run = lambda: import_register(path, fmt, 2025)
else:
    from model.importing.reader import import_report
    run = lambda: import_report(path)
run()  # warm-up: imports, format loading, caches
times = []
for _ in range(repeat):
    start = time.perf_counter()
    result = run()
    times.append(time.perf_counter() - start)
try:  # the high-water mark of this process (ru_maxrss would include the parent's before exec)
    rss = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM")) / 1024
except OSError:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"median": statistics.median(times), "rss_mb": rss}}))
"""


def _register(path: Path, rows: int) -> Path:
    from openpyxl import Workbook

    from model.register import REQUEST_FIELDS, REQUESTS_SHEET, vocabulary
    vocab = vocabulary("2021")
    rng = random.Random(rows)
    workbook = Workbook()  # saved as Excel and WPS save: shared strings, a dimension record
    sheet = workbook.active
    sheet.title = REQUESTS_SHEET
    sheet.append([f.header for f in REQUEST_FIELDS])
    applicants, results = list(vocab.applicants), list(vocab.results)
    for n in range(rows):
        received = date(2024, 6, 1) + timedelta(days=rng.randrange(0, 640))
        concluded = received + timedelta(days=rng.randrange(0, 40)) if rng.random() < 0.9 else None
        sheet.append([f"R{n:06d}", received, rng.choice(applicants),
                      rng.choice(results) if concluded else None, concluded, ""])
    workbook.save(path)
    return path


def _samples(folder: Path, rows: int) -> dict[str, Path]:
    from export.xlsx import write_xlsx
    from import_samples import published_docx, published_pdf
    from model.storage import load_report
    report = load_report(ROOT / "resources" / "examples" / "demo-2025.json")
    write_xlsx(report, folder / "exported.xlsx")
    return {"workbook": folder / "exported.xlsx",
            "docx": published_docx(report, folder / "published.docx"),
            "pdf": published_pdf(report, folder / "published.pdf"),
            "pdf-unruled": published_pdf(report, folder / "unruled.pdf", ruled=False),
            "register": _register(folder / "register.xlsx", rows)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        samples = _samples(Path(folder), args.rows)
        print(f"{'case':<12} {'median s':>9} {'target s':>9} {'ratio':>6} {'peak MB':>8}")
        for case, path in samples.items():
            child = subprocess.run([sys.executable, "-c", _CHILD.format(root=str(ROOT)), case, str(path),
                                    str(args.repeat)], capture_output=True, text=True, check=True)
            figures = json.loads(child.stdout)
            ratio = figures["median"] / TARGETS[case]
            print(f"{case:<12} {figures['median']:>9.3f} {TARGETS[case]:>9.1f} {ratio:>6.2f} "
                  f"{figures['rss_mb']:>8.0f}")
        print(f"(targets: ratio ≤ 1.00; peak memory ≤ {MEMORY_TARGET_MB} MB; register of {args.rows} rows)")


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"total {time.perf_counter() - started:.1f} s")
