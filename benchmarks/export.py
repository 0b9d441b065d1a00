"""Export speed: median in-process time of each export of the 2021 example (target ≤ 0.3 s),
and the end-to-end command line export beside LibreOffice converting the same workbook.

Run by hand: python benchmarks/export.py [--runs N]
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from export.pdf import write_pdf  # noqa: E402
from export.xlsx import write_xlsx  # noqa: E402
from model.storage import load_report  # noqa: E402

EXAMPLE = ROOT / "resources" / "examples" / "demo-2025.json"
TARGET = 0.3


def timed(action: Callable[[], object], runs: int) -> tuple[float, float]:
    """(first run, median of the following runs) in seconds."""
    times = []
    for _ in range(runs + 1):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times[0], statistics.median(times[1:])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    report = load_report(EXAMPLE)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        xlsx, pdf = out / "book.xlsx", out / "report.pdf"
        print(f"{EXAMPLE.name}（{report.format.name}），{args.runs} 次取中位数")
        for name, action in (("Excel", lambda: write_xlsx(report, xlsx)), ("PDF", lambda: write_pdf(report, pdf))):
            first, median = timed(action, args.runs)
            verdict = "达标" if median <= TARGET else "超标"
            print(f"  {name:5} 进程内导出：中位数 {median * 1000:6.1f} ms（首次 {first * 1000:6.1f} ms，"
                  f"目标 ≤ {TARGET * 1000:.0f} ms，{verdict}）")
        cli = [sys.executable, str(ROOT / "main.py"), "export", str(EXAMPLE), "--xlsx", str(xlsx), "--pdf", str(pdf)]
        _, cli_median = timed(lambda: subprocess.run(cli, check=True, capture_output=True), 5)
        print(f"  命令行导出 Excel+PDF（含启动）：中位数 {cli_median * 1000:6.1f} ms")
        soffice = shutil.which("soffice")
        if soffice is None:
            print("  未安装 LibreOffice，跳过对比")
            return
        convert = [soffice, f"-env:UserInstallation={(out / 'lo-profile').as_uri()}", "--headless",
                   "--convert-to", "pdf", "--outdir", str(out / "lo"), str(xlsx)]
        _, lo_median = timed(lambda: subprocess.run(convert, check=True, capture_output=True), 3)
        print(f"  LibreOffice 转换同一工作簿为 PDF：中位数 {lo_median * 1000:6.1f} ms")
        print(f"  比值 LibreOffice / 本程序命令行：{lo_median / cli_median:.1f}×")


if __name__ == "__main__":
    main()
