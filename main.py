"""年报助手 entry point: no arguments or a file → the window; a subcommand → the command line."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Sequence

from export.registry import EXPORTERS
from model.errors import NianbaoError
from model.formats import available_formats, format_for_year
from model.os_errors import os_error_text
from model.report import Report, year_refusal
from model.rules import SEVERITY_NAMES, Finding, check, summary
from model.storage import load_report, save_report

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2


class UsageError(NianbaoError):
    """The command line was given something it cannot act on; str() says what to give."""


def _load(path: str) -> Report:
    return load_report(Path(path))


def _finding_text(finding: Finding) -> str:
    """A finding as the command line prints it: its place, its message, 〔已说明〕 if explained,
    〔说明待复核〕 if explained for other figures."""
    mark = "〔已说明〕" if finding.explained else "〔说明待复核〕" if finding.stale else ""
    return f"{finding.place}：{finding.message}{mark}"


def cmd_check(args: argparse.Namespace) -> int:
    """Print the findings grouped by severity; exit 1 when there are errors."""
    report = _load(args.file)
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
    report = _load(args.file)
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


def cmd_new(args: argparse.Namespace) -> int:
    """Write a blank report of the given format, year and unit."""
    refusal = year_refusal(args.year)
    if refusal:
        raise UsageError(refusal)
    format_id = args.format or format_for_year(args.year)
    out = Path(args.output)
    _refuse_overwrite(out, args.force)
    save_report(Report.blank(format_id, args.unit, args.year), out)
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
        if args.submission and exporter.id == "pdf":
            from export.pdf import write_submission_pdf
            write_submission_pdf(report, path)
        else:
            exporter.writer()(report, path)
        print(f"已导出 {exporter.name}：{path}")
    return EXIT_OK


def _refuse_same_file(out: Path, sources: Sequence[str], what: str) -> None:
    for source in sources:
        if out.exists() and Path(source).exists() and os.path.samefile(out, source):
            raise UsageError(f"输出文件不能是{what}本身：{out}")


def cmd_carry(args: argparse.Namespace) -> int:
    """Start next year's report from last year's: unit, last year's figures, carried cells."""
    from model.carry import carry_forward
    from model.summaries import carry_summary
    out = Path(args.output)
    _refuse_same_file(out, [args.file], "上年报告")
    _refuse_overwrite(out, args.force)
    last = _load(args.file)
    new = carry_forward(last, args.format, copy_texts=args.texts)
    save_report(new, out)
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
    out = Path(args.output)
    _refuse_same_file(out, args.files, "参与汇总的报告")
    _refuse_overwrite(out, args.force)
    merged = merge_files(args.files, args.unit.strip())
    save_report(merged, out)
    findings = check(merged)
    result = merge_summary(merged, findings)
    print(f"{result.headline}：{out}")
    print(result.checked)
    for f in findings:
        if f.severity != "hint":
            print(f"  · {SEVERITY_NAMES[f.severity]}：{f.place}：{f.message}")
    print(result.body)
    return EXIT_FINDINGS if result.has_errors else EXIT_OK


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


def build_parser() -> tuple[argparse.ArgumentParser, set[str]]:
    """The command-line parser and the names of its subcommands."""
    argparse._ = lambda text: ARGPARSE_CHINESE.get(text, text)  # type: ignore[attr-defined]
    parser = argparse.ArgumentParser(
        prog="nianbao", description="年报助手：政府信息公开工作年度报告的编写、校验与导出。"
        "不带参数运行时打开窗口；“nianbao 文件.json”用窗口打开该文件。")
    commands = parser.add_subparsers(dest="command", metavar="命令")
    p = commands.add_parser("check", help="校验项目文件，按严重程度列出问题")
    p.add_argument("file", help="项目文件（.json）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
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
    p.add_argument("--submission", action="store_true",
                   help="报送版：PDF 末尾附审核情况说明（默认公开版，即对外公开的报告）")
    p.set_defaults(run=cmd_export)
    p = commands.add_parser("review", help="报送前检查：列出全部校验项（通过与未通过）和说明，可导出审核结果 PDF")
    p.add_argument("file", help="项目文件（.json）")
    p.add_argument("--pdf", help="导出的审核结果 PDF 文件")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(run=cmd_review)
    p = commands.add_parser("carry", help="由上年报告新建本年报告（上年结转）")
    p.add_argument("file", help="上年的项目文件（.json）")
    p.add_argument("-o", "--output", required=True, help="新报告的文件")
    p.add_argument("--format", choices=available_formats(), help="新报告的格式（默认最新格式）")
    p.add_argument("--texts", action="store_true", help="复制上年的文字部分作为初稿")
    p.add_argument("--force", action="store_true", help="覆盖已有文件")
    p.set_defaults(run=cmd_carry)
    p = commands.add_parser("merge", help="汇总多个单位的报告")
    p.add_argument("files", nargs="+", help="参与汇总的项目文件（同一格式、同一年度）")
    p.add_argument("-o", "--output", required=True, help="汇总结果的文件")
    p.add_argument("--unit", required=True, help="汇总单位的名称")
    p.add_argument("--force", action="store_true", help="覆盖已有文件")
    p.set_defaults(run=cmd_merge)
    from model.examples import example_names
    p = commands.add_parser("example", help="列出示例报告，或复制一份到“文档”文件夹")
    p.add_argument("name", nargs="?", choices=example_names(), metavar="示例",
                   help=f"要复制的示例：{'、'.join(example_names())}（不填则列出全部示例）")
    p.add_argument("--folder", metavar="文件夹", help="复制到此文件夹（默认“文档”文件夹）")
    p.set_defaults(run=cmd_example)
    p = commands.add_parser("selftest", help="检查程序是否完整安装（报告格式、示例、界面翻译、窗口）")
    p.set_defaults(run=cmd_selftest)
    return parser, set(commands.choices)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure:
            reconfigure(errors="replace")
    parser, subcommands = build_parser()
    if not argv or not (argv[0] in subcommands or argv[0].startswith("-")):
        from gui.app import run_app
        return run_app(argv[0] if argv else None)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_OK
    try:
        code: int = args.run(args)
        return code
    except NianbaoError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    except OSError as exc:  # what no refusal of the model explains more precisely
        name = f" {exc.filename}" if exc.filename else ""
        print(f"错误：无法访问文件{name}：{os_error_text(exc)}", file=sys.stderr)
        return EXIT_UNREADABLE


if __name__ == "__main__":
    sys.exit(main())
