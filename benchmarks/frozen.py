"""Size and start-up time of the frozen program (PyInstaller onedir) beside `python main.py`.

Build it first (`bash scripts/build_frozen.sh`), then run by hand:
    python benchmarks/frozen.py [--frozen dist/年报助手] [--runs 7]
Prints the folder's size and file count, and for two commands the median wall time of each
way of running it and the ratio frozen / source:
  selftest  start, build the window on the 2021 example, show every tab, close, quit;
  check     start, check the 2021 example, print the findings, quit.
Each child runs from a folder outside the checkout with a fresh NIANBAO_HOME, after one
untimed warm-up run per command (disk cache; the source run's bytecode cache).
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
EXAMPLE = ROOT / "resources" / "examples" / "demo-2025.json"
EXE = ".exe" if os.name == "nt" else ""


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def median_time(command: list[str], cwd: Path, env: dict[str, str], runs: int) -> float:
    timed(command, cwd, env)  # warm-up
    return statistics.median(timed(command, cwd, env) for _ in range(runs))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frozen", type=Path, default=ROOT / "dist" / "年报助手")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    program = args.frozen / f"nianbao{EXE}"
    if not program.is_file():
        print(f"no frozen program at {args.frozen}: run `bash scripts/build_frozen.sh` first", file=sys.stderr)
        return 2
    size, count = folder_size(args.frozen)
    print(f"frozen folder {args.frozen}: {size / 2**20:.1f} MiB in {count} files")
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        example = Path(shutil.copy(EXAMPLE, work / "demo.json"))
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONDONTWRITEBYTECODE")}
        env.update(QT_QPA_PLATFORM="offscreen", NIANBAO_HOME=str(work / "home"),
                   PYTHONPYCACHEPREFIX=str(work / "pycache"))
        ways = {"frozen": [str(program)], "source": [sys.executable, str(ROOT / "main.py")]}
        for name, extra in (("selftest", []), ("check", [str(example)])):
            times = {way: median_time([*command, name, *extra], work, env, args.runs)
                     for way, command in ways.items()}
            print(f"{name:9} frozen {times['frozen'] * 1000:6.0f} ms   python main.py {times['source'] * 1000:6.0f} ms"
                  f"   ratio {times['frozen'] / times['source']:.2f}  (median of {args.runs})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
