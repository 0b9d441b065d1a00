"""Window figures: start-up beside a bare Qt window, cell edit → highlights, peak memory.

    python benchmarks/gui.py [--runs 7] [--edits 300]

Each start-up is a fresh process (interpreter, imports, window shown and exposed), timed from
the parent. The window starts the way `python main.py FILE` does — main's imports and its
pause of the cycle collector, then gui.app's start path with the error hook and log, the
recovery scan and the file lock — on a copy of the 2021 example in
a fresh NIANBAO_HOME, so no recovery prompt, recent file or stale lock interferes. The bare
reference is a QMainWindow with six empty tabs, started in turn with the window. As after a
normal install, modules load from cached bytecode (kept in a temporary PYTHONPYCACHEPREFIX,
filled by an untimed first run of each child) even where PYTHONDONTWRITEBYTECODE is set.
Targets: ratio ≤ 2, median edit ≤ 5 ms, peak memory ≤ 150 MB. Runs offscreen unless
QT_QPA_PLATFORM is set.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if sys.path and Path(sys.path[0]).resolve() == ROOT / "benchmarks":
    sys.path[0] = str(ROOT)  # this file is named gui.py: let `import gui` find the package
EXAMPLE = ROOT / "resources" / "examples" / "demo-2025.json"
PYCACHE = Path(tempfile.gettempdir()) / "nianbao-bench-pycache"


def _shown(app, window) -> None:  # type: ignore[no-untyped-def]
    """Return once the window is on screen and painted."""
    window.show()
    while not (window.windowHandle() and window.windowHandle().isExposed()):
        app.processEvents()
    app.processEvents()


def child_bare() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow, QTabWidget, QWidget
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    tabs = QTabWidget()
    for i in range(6):
        tabs.addTab(QWidget(), f"第 {i + 1} 部分")
    window.setCentralWidget(tabs)
    _shown(app, window)


def _started_window():  # type: ignore[no-untyped-def]
    """The app and its window, started as main.py starts them, on screen and painted."""
    import main
    main.pause_collector()
    from gui.app import create_app, start_window
    app = create_app()
    window, _hook = start_window(Path(os.environ["NIANBAO_HOME"]) / EXAMPLE.name)
    _shown(app, window)
    return app, window


def child_app() -> None:
    _started_window()


def child_edit(edits: int) -> None:
    """Median time of one typed value → model, checks, then every repaint it causes.

    Tab titles are not in this figure: they follow 150 ms after the last edit (see
    gui/report_tabs.py), since a new tab title repaints the whole page.
    """
    app, window = _started_window()
    window.tabs.setCurrentIndex(2)
    view = window.tabs.view("requests")
    index = view.table_model.index_of("requests.new.person")
    app.processEvents()
    times = []
    for i in range(edits):
        start = time.perf_counter()
        view.model().setData(index, str(19 + i % 2))  # alternately breaks and restores the balance
        app.processEvents()  # paints what the edit marked dirty: cells, panel, tab bar, status
        times.append(time.perf_counter() - start)
    peak = _peak_memory_mb()
    print(f"{statistics.median(times) * 1000:.2f} {max(times) * 1000:.2f} {peak:.1f}")


def _peak_memory_mb() -> float:
    """This process's peak resident memory in MB (resource on POSIX, psapi on Windows)."""
    try:
        import resource
    except ImportError:
        import ctypes
        from ctypes import wintypes

        class Counters(ctypes.Structure):
            _fields_ = [("cb", wintypes.DWORD), ("PageFaultCount", wintypes.DWORD),
                        ("PeakWorkingSetSize", ctypes.c_size_t), ("WorkingSetSize", ctypes.c_size_t),
                        ("QuotaPeakPagedPoolUsage", ctypes.c_size_t), ("QuotaPagedPoolUsage", ctypes.c_size_t),
                        ("QuotaPeakNonPagedPoolUsage", ctypes.c_size_t),
                        ("QuotaNonPagedPoolUsage", ctypes.c_size_t), ("PagefileUsage", ctypes.c_size_t),
                        ("PeakPagefileUsage", ctypes.c_size_t)]

        counters = Counters(cb=ctypes.sizeof(Counters))
        process = ctypes.windll.kernel32.GetCurrentProcess()
        if not ctypes.windll.psapi.GetProcessMemoryInfo(process, ctypes.byref(counters), counters.cb):
            return float("nan")
        return counters.PeakWorkingSetSize / 1024 / 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / (1024 if sys.platform == "darwin" else 1)  # bytes on macOS, KB elsewhere


def run_child(mode: str, *extra: str) -> tuple[float, str]:
    """Run one child in a fresh NIANBAO_HOME holding a copy of the example; its time and output."""
    home = Path(tempfile.mkdtemp(prefix="nianbao-bench-"))
    shutil.copy(EXAMPLE, home / EXAMPLE.name)
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONPATH"] = str(ROOT)
    env["NIANBAO_HOME"] = str(home)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    try:
        start = time.perf_counter()
        out = subprocess.run([sys.executable, __file__, "--child", mode, *extra], env=env, cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout
        return time.perf_counter() - start, out.strip()
    finally:
        shutil.rmtree(home, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--edits", type=int, default=300)
    args = parser.parse_args()
    if args.child:
        {"bare": child_bare, "app": child_app}.get(args.child, lambda: child_edit(args.edits))()
        sys.stdout.flush()
        os._exit(0)  # teardown is not part of start-up
    run_child("bare")
    run_child("app")  # untimed: fills the bytecode cache
    bare_runs, app_runs = [], []
    for _ in range(args.runs):  # alternately, so a shared machine's changing load hits both alike
        bare_runs.append(run_child("bare")[0])
        app_runs.append(run_child("app")[0])
    bare, app = statistics.median(bare_runs), statistics.median(app_runs)
    median_ms, worst_ms, peak_mb = run_child("edit", "--edits", str(args.edits))[1].split()
    print(f"start-up, bare QMainWindow with six tabs : {bare * 1000:7.0f} ms (median of {args.runs})")
    print(f"start-up, main.py with the 2021 example  : {app * 1000:7.0f} ms (median of {args.runs})")
    print(f"ratio                                     : {app / bare:7.2f}   (target ≤ 2)")
    print(f"cell edit → highlights updated            : {float(median_ms):7.2f} ms median, {float(worst_ms):.2f} ms worst"
          f" of {args.edits} (target ≤ 5 ms)")
    print(f"peak memory                               : {float(peak_mb):7.1f} MB (target ≤ 150 MB)")


if __name__ == "__main__":
    main()
