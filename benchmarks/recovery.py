"""How long the window stops while it writes the recovery copy of a large 汇总 (run by hand).

    python benchmarks/recovery.py [--units 5000] [--repeat 5]

Builds a 汇总 of N units in memory, then prints medians of: writing its recovery copy on the
calling thread (what the window did before copies moved to a background thread), the snapshot
the window still takes on its own thread, and — with the real Autosave of the window — the
longest pause of a 10 ms timer on the GUI thread while a copy is written in the background
(the time a keystroke could wait), beside the time the copy takes to appear.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["NIANBAO_HOME"] = tempfile.mkdtemp(prefix="nianbao-bench-")

from merge import random_consistent_report  # noqa: E402

from model.recovery import recovery_path, snapshot, write_recovery  # noqa: E402
from model.report import Contribution, Report  # noqa: E402


def big_merge(units: int) -> Report:
    rng = random.Random(units)
    total = random_consistent_report("2021", "汇总单位", 2025, rng)
    samples = [random_consistent_report("2021", f"单位{i}", 2025, rng).values for i in range(50)]
    total.merged_from = [Contribution(f"测试单位{i:05d}", f"测试单位{i:05d}.json", dict(samples[i % 50]))
                         for i in range(units)]
    return total


def timed(action: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def gui_pause(report: Report, repeat: int) -> tuple[float, float, int]:
    """Longest gap between 10 ms timer ticks while Autosave writes in the background, the time
    until the copy is on disk (medians), and its size."""
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from gui.autosave import Autosave
    from gui.document import ReportDocument

    app = QApplication.instance() or QApplication([])
    document = ReportDocument(report)
    autosave = Autosave()
    autosave.attach(document)
    pauses, waits = [], []
    for _ in range(repeat):
        target = recovery_path(None)
        target.unlink(missing_ok=True)
        clock, gaps = QElapsedTimer(), [0]
        ticker = QTimer()
        last = [0]

        def tick() -> None:
            now = clock.elapsed()
            gaps[0] = max(gaps[0], now - last[0])
            last[0] = now

        ticker.timeout.connect(tick)
        document.set_cells({"requests.new.person": random.randint(1, 999)})
        clock.start()
        ticker.start(10)
        autosave.flush()
        while not target.exists():
            app.processEvents()
        waits.append(clock.elapsed() / 1000)
        ticker.stop()
        pauses.append(gaps[0] / 1000)
    size = recovery_path(None).stat().st_size  # renamed into place whole
    autosave.drop()
    return statistics.median(pauses), statistics.median(waits), size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    report = big_merge(args.units)
    on_caller = timed(lambda: write_recovery(report, None), args.repeat)
    snap = timed(lambda: snapshot(report), args.repeat)
    pause, wait, size = gui_pause(report, args.repeat)
    print(f"汇总 of {args.units:,} units, copy {size / 1024 / 1024:.1f} MB (medians of {args.repeat})")
    print(f"  copy written on the calling thread (before): {on_caller * 1000:8.1f} ms")  # the GUI's stop then
    print(f"  snapshot on the GUI thread (now):            {snap * 1000:8.1f} ms")
    print(f"  longest GUI-thread pause while writing:      {pause * 1000:8.1f} ms")
    print(f"  until the copy is on disk:                   {wait * 1000:8.1f} ms")
    print(f"  ratio, stop before / longest pause now:      {on_caller / max(pause, 1e-3):8.1f}")


if __name__ == "__main__":
    main()
