"""Export speed, in one run:

- the first PDF in a fresh process (target ≤ 0.3 s), with the font cache filled by an earlier
  export and with an empty one (every Chinese font parsed);
- the median in-process time of each export (Excel, PDF, Word) of the 2021 example;
- the command-line export of Excel + PDF beside LibreOffice converting the same workbook to
  PDF (target: LibreOffice ≥ 4× slower).

Each fresh process gets a private NIANBAO_HOME, so the user's own font cache is never touched.
Run by hand: python benchmarks/export.py [--runs N]
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
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EXAMPLE = ROOT / "resources" / "examples" / "demo-2025.json"
FIRST_PDF_TARGET = 0.3
RATIO_TARGET = 4.0
# Times the first PDF of a fresh process: with and without the imports it needs.
FIRST_PDF = """
import sys, time
start = time.perf_counter()
sys.path.insert(0, {root!r})
from pathlib import Path
from export.pdf import write_pdf
from model.storage import load_report
report = load_report({example!r})
ready = time.perf_counter()
write_pdf(report, Path({out!r}))
done = time.perf_counter()
print(done - start, done - ready)
"""


def timed(action: Callable[[], object], runs: int) -> tuple[float, float]:
    """(first run, median of the following runs) in seconds."""
    times = []
    for _ in range(runs + 1):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times[0], statistics.median(times[1:])


def first_pdf(home: Path, out: Path) -> tuple[float, float]:
    """(imports + first PDF, first PDF alone) in a fresh process using `home`."""
    code = FIRST_PDF.format(root=str(ROOT), example=str(EXAMPLE), out=str(out))
    env = {**os.environ, "NIANBAO_HOME": str(home)}
    result = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env)
    whole, alone = (float(x) for x in result.stdout.split())
    return whole, alone


def report_first_pdf(folder: Path, runs: int) -> None:
    warm = folder / "warm-home"
    first_pdf(warm, folder / "warm.pdf")  # fills the font cache
    samples = [first_pdf(warm, folder / "warm.pdf") for _ in range(runs)]
    whole = statistics.median(s[0] for s in samples)
    alone = statistics.median(s[1] for s in samples)
    verdict = "达标" if whole <= FIRST_PDF_TARGET else "超标"
    print(f"  进程内首个 PDF（字体缓存已建立）：含导入 {whole * 1000:6.1f} ms，其中导出 {alone * 1000:6.1f} ms"
          f"（目标 ≤ {FIRST_PDF_TARGET * 1000:.0f} ms，{verdict}；{runs} 次中位数）")
    cold = [first_pdf(folder / f"cold-home-{i}", folder / "cold.pdf") for i in range(2)]
    print(f"  进程内首个 PDF（无字体缓存，需解析字体）：含导入 {statistics.median(c[0] for c in cold) * 1000:6.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        os.environ["NIANBAO_HOME"] = str(folder / "home")
        from export.docx import write_docx
        from export.pdf import write_pdf
        from export.xlsx import write_xlsx
        from model.storage import load_report

        report = load_report(EXAMPLE)
        print(f"{EXAMPLE.name}（{report.format.name}）")
        report_first_pdf(folder, args.runs)
        xlsx, pdf, docx = folder / "book.xlsx", folder / "report.pdf", folder / "report.docx"
        for kind, action in (("Excel", lambda: write_xlsx(report, xlsx)), ("PDF", lambda: write_pdf(report, pdf)),
                             ("Word", lambda: write_docx(report, docx))):
            _, median = timed(action, args.runs)
            print(f"  {kind:5} 进程内导出（此后各次）：中位数 {median * 1000:6.1f} ms")
        cli = [sys.executable, str(ROOT / "main.py"), "export", str(EXAMPLE), "--xlsx", str(xlsx), "--pdf", str(pdf)]
        _, cli_median = timed(lambda: subprocess.run(cli, check=True, capture_output=True), 5)
        print(f"  命令行导出 Excel+PDF（含启动）：中位数 {cli_median * 1000:6.1f} ms")
        soffice = shutil.which("soffice")
        if soffice is None:
            print("  未安装 LibreOffice，跳过对比")
            return
        convert = [soffice, f"-env:UserInstallation={(folder / 'lo-profile').as_uri()}", "--headless",
                   "--convert-to", "pdf", "--outdir", str(folder / "lo"), str(xlsx)]
        _, lo_median = timed(lambda: subprocess.run(convert, check=True, capture_output=True), 3)
        ratio = lo_median / cli_median
        verdict = "达标" if ratio >= RATIO_TARGET else "未达标"
        print(f"  LibreOffice 转换同一工作簿为 PDF：中位数 {lo_median * 1000:6.1f} ms")
        print(f"  比值 LibreOffice / 本程序命令行：{ratio:.1f}×（目标 ≥ {RATIO_TARGET:.0f}×，{verdict}）")


if __name__ == "__main__":
    main()
