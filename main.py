"""年报助手 entry point: no arguments or a file → the window; a subcommand → the command line."""
from __future__ import annotations

import argparse
import atexit
import gc
import io
import json
import os
import re
import sys
from pathlib import Path
from typing import NoReturn, Sequence

from export.registry import EXPORTERS
from model.errors import NianbaoError
from model.formats import available_formats, format_for_year
from model.os_errors import os_error_text
from model.report import Report, unit_refusal, year_refusal
from model.rules import SEVERITY_NAMES, Finding, check, summary
from model.storage import open_project

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl+C
# The subcommands, known before their parser is built: anything else starts the window.
COMMANDS = ("check", "new", "export", "review", "carry", "merge", "import", "register", "example", "selftest")

# What a terminal would obey rather than print: escape sequences (CSI, OSC, others), the other
# C0 and C1 control characters, and the bidirectional overrides that reorder what is shown.
_TERMINAL_CONTROLS = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]|\x9b[0-?]*[ -/]*[@-~]"
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    """`text` with everything a terminal would interpret removed (line breaks and tabs stay)."""
    return _TERMINAL_CONTROLS.sub("", text)


class TerminalSafeStream(io.TextIOBase):
    """An output stream that strips terminal controls from everything written (user text in a
    unit name or an explanation must not recolour, retitle or clear the clerk's terminal)."""

    def __init__(self, stream: io.TextIOBase) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(terminal_safe(text))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()


class UsageError(NianbaoError):
    """The command line was given something it cannot act on; str() says what to give."""


def _load(path: str) -> Report:
    """The report in `path`; notes about damaged text it held go to stderr."""
    loaded = open_project(Path(path))
    for note in loaded.notes:
        print(f"注意：{Path(path).name}：{note}", file=sys.stderr)
    return loaded.report


def _load_checked(args: argparse.Namespace) -> Report:
    """The report `check` and `review` look at: with --last-year, last year's texts from that
    file for text_repeated in this run (the project file is not changed); a note says which."""
    report = _load(args.file)
    if args.last_year:
        from model.lastyear import read_last_year_texts
        linked = read_last_year_texts(args.last_year, report)
        report.previous_texts = linked.texts
        print(linked.summary(), file=sys.stderr)
    return report


def _finding_text(finding: Finding) -> str:
    """A finding as the command line prints it: its place, its message, 〔已说明〕 if explained,
    〔说明待复核〕 if explained for other figures."""
    mark = "〔已说明〕" if finding.explained else "〔说明待复核〕" if finding.stale else ""
    return f"{finding.place}：{finding.message}{mark}"


def cmd_check(args: argparse.Namespace) -> int:
    """Print the findings grouped by severity; exit 1 when there are errors."""
    report = _load_checked(args)
    findings = check(report)
    if args.json:
        print(json.dumps({"findings": [
            {"rule": f.rule, "severity": f.severity, "message": _finding_text(f), "cells": list(f.cells)}
            for f in findings]}, ensure_ascii=False, indent=2))
    else:
        print(f"{report.title} · {report.format.name}")
        for severity, name in SEVERITY_NAMES.items():
            group = [f for f in findings if f.severity == severity]
            if group:
                print(f"\n{name}（{len(group)}）：")
                for f in group:
                    print(f"  · {_finding_text(f)}")
        print(f"\n{summary(findings)}")
    return EXIT_FINDINGS if any(f.severity == "error" for f in findings) else EXIT_OK


def cmd_review(args: argparse.Namespace) -> int:
    """The pre-submission review: every check, passed or not, by section; every explanation
    with its state; optionally the 审核结果 PDF. Exit codes as `check`."""
    from model.review import build_review, file_sha256, today
    path = Path(args.file)
    report = _load_checked(args)
    sha256, day = file_sha256(path), today()
    review = build_review(report)
    if args.json:
        print(json.dumps(review.to_json(path.name, sha256, day), ensure_ascii=False, indent=2))
    else:
        print(f"审核结果：{report.title} · {report.format.name}")
        print(f"项目文件：{path.name}  SHA-256：{sha256}  审核日期：{day}")
        print("\n".join(review.lines()))
        print(f"\n{review.headline()}")
    if args.pdf:
        from export.review_pdf import write_review_pdf
        write_review_pdf(review, Path(args.pdf), path.name, sha256, day)
        print(f"已导出审核结果 PDF：{args.pdf}", file=sys.stderr if args.json else sys.stdout)
    return EXIT_FINDINGS if review.has_errors else EXIT_OK


def _refuse_overwrite(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise UsageError(f"文件已存在：{path}（如需覆盖，请加 --force）")


def _check_unit(unit: str) -> None:
    refusal = unit_refusal(unit)
    if refusal:
        raise UsageError(refusal)


def _write_output(report: Report, out: Path) -> None:
    """Save a new or --force'd output like the window would: under the file's lock (refused
    while a window edits it, naming who), keeping the version it replaces in the history."""
    from model.history import save_with_history
    from model.lock import FileInUse, acquire
    try:
        held = acquire(out)
    except FileInUse as exc:
        raise UsageError(f"“{out.name}”正在年报助手中编辑（{exc.holder.describe()}），不能覆盖。"
                         "请先在那里关闭它，或换一个输出文件名。") from None
    with held:
        if held.problem:
            print(f"注意：{held.problem}", file=sys.stderr)
        saved = save_with_history(report, out)
    if saved.warning:
        print(f"注意：{saved.warning}", file=sys.stderr)


def cmd_new(args: argparse.Namespace) -> int:
    """Write a blank report of the given format, year and unit."""
    refusal = year_refusal(args.year)
    if refusal:
        raise UsageError(refusal)
    format_id = args.format or format_for_year(args.year)
    out = Path(args.output)
    _check_unit(args.unit)
    _refuse_overwrite(out, args.force)
    _write_output(Report.blank(format_id, args.unit, args.year), out)
    print(f"已创建：{out}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """Write each deliverable asked for; a report with errors is exported with a warning."""
    chosen = [(e, Path(getattr(args, e.id))) for e in EXPORTERS if getattr(args, e.id)]
    if not chosen:
        flags = " 或 ".join(f"--{e.id} 文件{e.suffix}" for e in EXPORTERS)
        raise UsageError(f"请至少指定一种导出格式：{flags}")
    report = _load(args.file)
    open_problems = [f for f in check(report) if f.severity == "error" or f.severity == "warning" and not f.explained]
    if open_problems:
        errors = sum(1 for f in open_problems if f.severity == "error")
        print(f"警告：报告仍有 {errors} 处错误、{len(open_problems) - errors} 处未说明的警告，已照常导出，"
              "请核对后再报送：", file=sys.stderr)
        for finding in open_problems:
            print(f"  · {SEVERITY_NAMES[finding.severity]}：{_finding_text(finding)}", file=sys.stderr)
    for exporter, path in chosen:
        notes = exporter.writer()(report, path)
        print(f"已导出 {exporter.name}：{path}")
        for note in notes:
            print(f"提示：{note}。", file=sys.stderr)
    return EXIT_OK


def _refuse_same_file(out: Path, sources: Sequence[str], what: str) -> None:
    for source in sources:
        if out.exists() and Path(source).exists() and os.path.samefile(out, source):
            raise UsageError(f"输出文件不能是{what}本身：{out}")


def cmd_carry(args: argparse.Namespace) -> int:
    """Start next year's report from last year's: unit, last year's figures, carried cells."""
    from model.carry import carry_forward
    from model.importing.reader import load_any
    from model.summaries import carry_summary
    out = Path(args.output)
    _refuse_same_file(out, [args.file], "上年报告")
    _refuse_overwrite(out, args.force)
    last = load_any(args.file)
    new = carry_forward(last, args.format, copy_texts=args.texts)
    _write_output(new, out)
    print(carry_summary(last, new, args.texts))
    print(f"已保存：{out}")
    return EXIT_OK


def cmd_merge(args: argparse.Namespace) -> int:
    """Add up units' reports into one; print the total's findings and the units with errors.

    Exit 1 when the total or any contributing report has errors (the total is still written).
    """
    from model.merge import merge_files
    from model.summaries import merge_summary
    if not args.unit.strip():
        raise UsageError("请用 --unit 给出汇总单位的名称")
    _check_unit(args.unit.strip())
    out = Path(args.output)
    _refuse_same_file(out, args.files, "参与汇总的报告")
    _refuse_overwrite(out, args.force)
    merged = merge_files(args.files, args.unit.strip())
    _write_output(merged, out)
    findings = check(merged)
    result = merge_summary(merged, findings)
    print(f"{result.headline}：{out}")
    print(result.checked)
    for f in findings:
        if f.severity != "hint":
            print(f"  · {SEVERITY_NAMES[f.severity]}：{f.place}：{f.message}")
    print(result.body)
    return EXIT_FINDINGS if result.has_errors else EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    """Read a report from a workbook, Word or PDF file; list what was read and what was not.

    Exit 0 when every official cell was found, 1 when some are missing or unreadable (the
    report is still written), 2 when nothing could be read.
    """
    from model.importing.reader import import_report
    out = Path(args.output)
    _refuse_same_file(out, [args.source], "导入的文件")
    _refuse_overwrite(out, args.force)
    result = import_report(args.source, args.format, args.year, args.unit)
    for line in result.lines():
        print(line, file=sys.stderr)
    _write_output(result.report, out)
    print(f"已导入：{out}（{result.summary()}）")
    return result.exit_code


def _mapping(pairs: Sequence[str]) -> dict[str, str]:
    """--map 收到日期=受理时间 … as {this program's column: the register's column}."""
    mapping = {}
    for pair in pairs:
        ours, sep, theirs = pair.partition("=")
        if not sep or not ours.strip() or not theirs.strip():
            raise UsageError(f"--map 的写法应为“本程序的列名=台账中的列名”，如 收到日期=受理时间（收到：{pair}）")
        mapping[ours.strip()] = theirs.strip()
    return mapping


def _register_target(args: argparse.Namespace) -> tuple[Path, Report]:
    """The report the register fills (--into) or the new one it starts (-o … --year …)."""
    if bool(args.into) == bool(args.output):
        raise UsageError("请用 --into 指定要填入的报告，或用 -o 指定新报告的文件（二者选一）")
    if args.into:
        return Path(args.into), _load(args.into)
    if args.year is None:
        raise UsageError("新建报告时请用 --year 给出报告年度")
    refusal = year_refusal(args.year)
    if refusal:
        raise UsageError(refusal)
    target = Path(args.output)
    _refuse_overwrite(target, args.force)
    return target, Report.blank(args.format or format_for_year(args.year), args.unit or "", args.year)


def cmd_register(args: argparse.Namespace) -> int:
    """Write the register template, or compute 三 (and 四) from a register into a report.

    Rows with problems are listed; unless --skip-bad is given nothing is written while there
    are any (exit 1). Exit 2 when the register cannot be read or counts nothing.
    """
    from model.register_import import RegisterError, import_register
    if args.template:
        return _write_template(args)
    if not args.ledger:
        raise UsageError("请给出台账文件（.xlsx），或用 --template 导出台账模板")
    target, report = _register_target(args)
    _refuse_same_file(target, [args.ledger], "台账")
    try:
        result = import_register(args.ledger, report.format, report.year, _mapping(args.map), report)
    except RegisterError as exc:
        if "对应关系" not in str(exc):
            raise
        raise UsageError(f"{exc}（用 --map 本程序列名=台账列名 指定）") from None
    for line in result.lines():
        print(line, file=sys.stderr)
    if not result.usable:
        print("错误：台账中没有可计入本年度的申请，未写入报告", file=sys.stderr)
        return EXIT_UNREADABLE
    if result.bad and not args.skip_bad:
        print(f"台账有 {len(result.bad)} 行有问题，未写入报告。请改正后重新导入，"
              "或加 --skip-bad 只计入没有问题的行", file=sys.stderr)
        return EXIT_FINDINGS
    result.apply(report)
    _write_output(report, target)
    print(f"已由台账计算{report.year}年度的“{report.format.section_of_table('requests').title}”"
          f"{'及行政复议、行政诉讼情况' if result.counted.cases_used else ''}：{target}")
    return EXIT_OK


def _write_template(args: argparse.Namespace) -> int:
    from export.register_template import write_register_template
    from model.formats import latest_format_id, load_format
    out = Path(args.template)
    _refuse_overwrite(out, args.force)
    format_id = args.format or (format_for_year(args.year) if args.year else latest_format_id())
    write_register_template(format_id, out)
    print(f"已导出台账模板（{load_format(format_id).name}）：{out}")
    return EXIT_OK
def cmd_example(args: argparse.Namespace) -> int:
    """List the bundled examples, or copy one into the clerk's documents to work on.

    The installed examples are read-only; the clerk edits a copy of their own."""
    from model.examples import copy_example, example_names, example_path
    if args.name is None:
        for name in example_names():
            report = _load(str(example_path(name)))
            print(f"{name}：{report.title} · {report.format.name}")
        return EXIT_OK
    copy = copy_example(args.name, Path(args.folder) if args.folder else None)
    print(f"已复制示例，请打开这份副本：{copy}")
    return EXIT_OK


def cmd_selftest(args: argparse.Namespace) -> int:
    """Check that the program is complete (formats, examples, Qt plugins and translation, window)."""
    from gui.selftest import run_selftest
    return run_selftest()


# argparse's own words (usage line, group titles, errors), as every other word the clerk reads.
ARGPARSE_CHINESE = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择：%(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的值：%(value)r",
    "expected one argument": "需要一个值",
}


def _add_last_year(p: argparse.ArgumentParser) -> None:
    p.add_argument("--last-year", metavar="上年报告",
                   help="与上年报告的文字比较（检查照搬上年的文字）：项目文件（.json），或 Excel、Word、PDF 格式的报告；"
                        "只用于本次检查，不改动项目文件")


def build_parser() -> argparse.ArgumentParser:
    """The command-line parser, one subcommand per entry of COMMANDS."""
    argparse._ = lambda text: ARGPARSE_CHINESE.get(text, text)  # type: ignore[attr-defined]
    parser = argparse.ArgumentParser(
        prog="nianbao", description="年报助手：政府信息公开工作年度报告的编写、校验与导出。"
        "不带参数运行时打开窗口；“nianbao 文件.json”用窗口打开该文件。")
    commands = parser.add_subparsers(dest="command", metavar="命令")
    p = commands.add_parser("check", help="校验项目文件，按严重程度列出问题")
    p.add_argument("file", help="项目文件（.json）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    _add_last_year(p)
    p.set_defaults(run=cmd_check)
    p = commands.add_parser("new", help="新建空白报告")
    p.add_argument("--format", choices=available_formats(), help="报告格式（默认按年度选择）")
    p.add_argument("--year", type=int, required=True, help="报告年度")
    p.add_argument("--unit", required=True, help="单位名称")
    p.add_argument("-o", "--output", required=True, help="输出文件")
    p.add_argument("--force", action="store_true", help="覆盖已有文件")
    p.set_defaults(run=cmd_new)
    p = commands.add_parser("export", help=f"导出 {'、'.join(e.name for e in EXPORTERS)}")
    p.add_argument("file", help="项目文件（.json）")
    for exporter in EXPORTERS:
        p.add_argument(f"--{exporter.id}", help=f"导出的 {exporter.name} 文件")
    p.set_defaults(run=cmd_export)
    p = commands.add_parser("review", help="报送前检查：列出全部校验项（通过与未通过）和说明，可导出审核结果 PDF")
    p.add_argument("file", help="项目文件（.json）")
    p.add_argument("--pdf", help="导出的审核结果 PDF 文件")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    _add_last_year(p)
    p.set_defaults(run=cmd_review)
    p = commands.add_parser("carry", help="由上年报告新建本年报告（上年结转）")
    p.add_argument("file", help="上年的报告：项目文件（.json），或 Excel、Word、PDF 格式的报告")
    p.add_argument("-o", "--output", required=True, help="新报告的文件")
    p.add_argument("--format", choices=available_formats(), help="新报告的格式（默认最新格式）")
    p.add_argument("--texts", action="store_true", help="复制上年的文字部分作为初稿")
    p.add_argument("--force", action="store_true", help="覆盖已有文件")
    p.set_defaults(run=cmd_carry)
    p = commands.add_parser("merge", help="汇总多个单位的报告")
    p.add_argument("files", nargs="+", help="参与汇总的报告：项目文件（.json）或各单位填报的 Excel（同一格式、同一年度）")
    p.add_argument("-o", "--output", required=True, help="汇总结果的文件")
    p.add_argument("--unit", required=True, help="汇总单位的名称")
    p.add_argument("--force", action="store_true", help="覆盖已有文件")
    p.set_defaults(run=cmd_merge)
    p = commands.add_parser("import", help="由 Excel、Word 或 PDF 格式的报告导入（识别表格和文字）")
    p.add_argument("source", help="要导入的文件（.xlsx、.docx 或 .pdf）")
    p.add_argument("-o", "--output", required=True, help="导入后保存的项目文件（.json）")
    p.add_argument("--format", choices=available_formats(), help="报告格式（默认按表格标签识别）")
    p.add_argument("--year", type=int, help="报告年度（默认取自标题）")
    p.add_argument("--unit", help="单位名称（默认取自标题）")
    p.add_argument("--force", action="store_true", help="覆盖已有文件")
    p.set_defaults(run=cmd_import)
    p = commands.add_parser("register", help="由依申请公开台账计算“收到和处理政府信息公开申请情况”，或导出台账模板")
    p.add_argument("ledger", nargs="?", help="台账文件（.xlsx）")
    p.add_argument("--into", help="填入这份报告（.json）")
    p.add_argument("-o", "--output", help="新建报告的文件（需同时给出 --year）")
    p.add_argument("--year", type=int, help="新报告的年度")
    p.add_argument("--format", choices=available_formats(), help="报告格式（默认按年度选择）")
    p.add_argument("--unit", help="新报告的单位名称")
    p.add_argument("--map", action="append", default=[], metavar="本程序列名=台账列名",
                   help="台账的列名（或工作表名）与本程序不同时指定对应关系，可多次使用，"
                        "如 --map 收到日期=受理时间 --map 行政复议和行政诉讼=复议诉讼案件")
    p.add_argument("--skip-bad", action="store_true", help="台账有问题的行不计入，其余照常写入")
    p.add_argument("--template", metavar="模板.xlsx", help="导出台账模板（带下拉列表）到此文件")
    p.add_argument("--force", action="store_true", help="覆盖已有文件")
    p.set_defaults(run=cmd_register)
    from model.examples import example_names
    p = commands.add_parser("example", help="列出示例报告，或复制一份到“文档”文件夹")
    p.add_argument("name", nargs="?", choices=example_names(), metavar="示例",
                   help=f"要复制的示例：{'、'.join(example_names())}（不填则列出全部示例）")
    p.add_argument("--folder", metavar="文件夹", help="复制到此文件夹（默认“文档”文件夹）")
    p.set_defaults(run=cmd_example)
    p = commands.add_parser("selftest", help="检查程序是否完整安装（报告格式、示例、界面翻译、窗口）")
    p.set_defaults(run=cmd_selftest)
    return parser


def run() -> None:
    """The program's entry point (`python main.py`, the installed scripts, the frozen program)."""
    argv = sys.argv[1:]
    if not is_command(argv):
        pause_collector()
    code = main(argv)
    if is_command(argv):
        _leave(code)
    sys.exit(code)


def pause_collector() -> None:
    """No cycle collection while the window starts: loading its modules allocates hundreds of
    thousands of objects that live as long as the program, and Python's collector would walk
    them again every 700 allocations (5 ms of the start-up). gui.app.start_window resumes it
    once the window is built."""
    gc.disable()


def is_command(argv: Sequence[str]) -> bool:
    """Whether `argv` asks for the command line (a subcommand, or an option such as --help)
    rather than the window (nothing, or a file to open)."""
    return bool(argv) and (argv[0] in COMMANDS or argv[0].startswith("-"))


def _leave(code: int) -> NoReturn:
    """End the process once a command is done, without tearing down every module and object
    one by one (a tenth of a command-line export's time): what the usual exit would still do
    — the atexit handlers (logging's flush among them), flushing the output — is done first.
    Threads that may still be running (none of ours) get the usual exit instead."""
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        sys.exit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure:
            reconfigure(errors="replace")
    if not is_command(argv):
        from gui.app import run_app
        return run_app(argv[0] if argv else None)
    parser = build_parser()
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = TerminalSafeStream(sys.stdout), TerminalSafeStream(sys.stderr)  # type: ignore[arg-type]
    try:
        return _run(parser, argv)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout(streams[0])
        return EXIT_OK
    finally:
        sys.stdout, sys.stderr = streams


def _run(parser: argparse.ArgumentParser, argv: list[str]) -> int:
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_OK
    try:
        code: int = args.run(args)
        sys.stdout.flush()  # a closed pipe shows here, inside the handler of main()
        return code
    except BrokenPipeError:
        raise
    except NianbaoError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    except OSError as exc:  # what no refusal of the model explains more precisely
        name = f" {exc.filename}" if exc.filename else ""
        print(f"错误：无法访问文件{name}：{os_error_text(exc)}", file=sys.stderr)
        return EXIT_UNREADABLE


def _silence_stdout(stdout: object) -> None:
    """The reader of our output went away (`nianbao check … | head`): drop what is left, so the
    interpreter's last flush at exit does not complain either."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stdout.fileno())  # type: ignore[attr-defined]
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


if __name__ == "__main__":
    run()
