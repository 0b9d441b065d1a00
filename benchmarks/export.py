"""Export speed, in one run:

- the first PDF in a fresh process (target ≤ 0.3 s), with the font cache filled by an earlier
  export and with an empty one (every Chinese font parsed);
- the median in-process time of each export (Excel, PDF, Word) of the 2021 example;
- the command-line export of Excel + PDF beside LibreOffice converting the same workbook to
  PDF, run alternately (target: LibreOffice ≥ 4× slower), and where the command line's time
  goes: the bare interpreter, each step of `nianbao export` timed inside a fresh process, and
  the rest (process start and exit).

Each fresh process gets a private NIANBAO_HOME, so the user's own font cache is never touched.
As after a normal install, modules load from cached bytecode (kept in a temporary
PYTHONPYCACHEPREFIX, filled by an untimed first run) even where PYTHONDONTWRITEBYTECODE is set.
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
PYCACHE = Path(tempfile.gettempdir()) / "nianbao-bench-pycache"
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
# The steps of `nianbao export FILE --xlsx … --pdf …` one by one, each timed (milliseconds).
CLI_STEPS = """
import sys, time
marks = [time.perf_counter()]
sys.path.insert(0, {root!r})
from pathlib import Path
import main
marks.append(time.perf_counter())
from export.registry import exporter
from model.rules import check
report = main._load({example!r})
check(report)
marks.append(time.perf_counter())
for kind in ("xlsx", "pdf"):
    writer = exporter(kind).writer()
    marks.append(time.perf_counter())
    writer(report, Path({folder!r}) / ("steps." + kind))
    marks.append(time.perf_counter())
print(" ".join(str((b - a) * 1000) for a, b in zip(marks, marks[1:])))
"""
STEP_NAMES = ("main 及模型导入", "读取报告并校验", "导入 openpyxl 等", "生成 Excel", "导入 reportlab 等", "生成 PDF")


def child_env(home: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    if home is not None:
        env["NIANBAO_HOME"] = str(home)
    return env


def timed(action: Callable[[], object], runs: int) -> tuple[float, float]:
    """(first run, median of the following runs) in seconds."""
    times = []
    for _ in range(runs + 1):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times[0], statistics.median(times[1:])


def run_timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def first_pdf(home: Path, out: Path) -> tuple[float, float]:
    """(imports + first PDF, first PDF alone) in a fresh process using `home`."""
    code = FIRST_PDF.format(root=str(ROOT), example=str(EXAMPLE), out=str(out))
    result = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True,
                            env=child_env(home))
    whole, alone = (float(x) for x in result.stdout.split())
    return whole, alone


def report_first_pdf(folder: Path, runs: int) -> None:
    warm = folder / "warm-home"
    first_pdf(warm, folder / "warm.pdf")  # fills the font cache (and the bytecode cache)
    samples = [first_pdf(warm, folder / "warm.pdf") for _ in range(runs)]
    whole = statistics.median(s[0] for s in samples)
    alone = statistics.median(s[1] for s in samples)
    verdict = "达标" if whole <= FIRST_PDF_TARGET else "超标"
    print(f"  进程内首个 PDF（字体缓存已建立）：含导入 {whole * 1000:6.1f} ms，其中导出 {alone * 1000:6.1f} ms"
          f"（目标 ≤ {FIRST_PDF_TARGET * 1000:.0f} ms，{verdict}；{runs} 次中位数）")
    cold = [first_pdf(folder / f"cold-home-{i}", folder / "cold.pdf") for i in range(2)]
    print(f"  进程内首个 PDF（无字体缓存，需解析字体）：含导入 {statistics.median(c[0] for c in cold) * 1000:6.1f} ms")


def report_breakdown(folder: Path, home: Path, runs: int, cli_median: float) -> None:
    """Where the command line's time goes: medians of the steps timed inside fresh processes."""
    code = CLI_STEPS.format(root=str(ROOT), example=str(EXAMPLE), folder=str(folder))
    bare = [run_timed([sys.executable, "-c", "pass"], child_env(home)) for _ in range(runs)]
    steps = [[float(x) for x in subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                                               text=True, env=child_env(home)).stdout.split()]
             for _ in range(runs)]
    medians = [statistics.median(s[i] for s in steps) for i in range(len(STEP_NAMES))]
    interpreter = statistics.median(bare) * 1000
    print(f"  命令行用时分解（{runs} 次中位数）：")
    print(f"    {interpreter:6.1f} ms  空解释器（python -c pass）")
    for name, value in zip(STEP_NAMES, medians):
        print(f"    {value:6.1f} ms  {name}")
    rest = cli_median * 1000 - interpreter - sum(medians)
    print(f"    {rest:6.1f} ms  其余（命令行解析、输出、进程退出等）")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        home = folder / "home"
        os.environ["NIANBAO_HOME"] = str(home)
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
        run_timed(cli, child_env(home))  # untimed: fills the bytecode cache
        soffice = shutil.which("soffice")
        convert = [soffice or "", f"-env:UserInstallation={(folder / 'lo-profile').as_uri()}", "--headless",
                   "--convert-to", "pdf", "--outdir", str(folder / "lo"), str(xlsx)]
        if soffice:
            run_timed(convert, child_env())  # untimed: creates LibreOffice's profile
        cli_times, lo_times = [], []
        for _ in range(max(5, args.runs // 2)):  # alternately, so a shared machine's load hits both alike
            cli_times.append(run_timed(cli, child_env(home)))
            if soffice:
                lo_times.append(run_timed(convert, child_env()))
        cli_median = statistics.median(cli_times)
        print(f"  命令行导出 Excel+PDF（含启动）：中位数 {cli_median * 1000:6.1f} ms"
              f"（{len(cli_times)} 次，{min(cli_times) * 1000:.0f}–{max(cli_times) * 1000:.0f} ms）")
        report_breakdown(folder, home, args.runs, cli_median)
        if not soffice:
            print("  未安装 LibreOffice，跳过对比")
            return
        lo_median = statistics.median(lo_times)
        ratio = lo_median / cli_median
        verdict = "达标" if ratio >= RATIO_TARGET else "未达标"
        print(f"  LibreOffice 转换同一工作簿为 PDF：中位数 {lo_median * 1000:6.1f} ms"
              f"（{len(lo_times)} 次，{min(lo_times) * 1000:.0f}–{max(lo_times) * 1000:.0f} ms）")
        print(f"  比值 LibreOffice / 本程序命令行：{ratio:.1f}×（目标 ≥ {RATIO_TARGET:.0f}×，{verdict}）")


if __name__ == "__main__":
    main()
