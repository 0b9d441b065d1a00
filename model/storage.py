"""Project files (JSON): load with validation, migrate old schemas, save atomically.

The clerk owns the file; a broken or foreign file must give a precise Chinese message and
change nothing, and a save must never leave a half-written file behind.
"""
from __future__ import annotations

import errno
import json
import os
import stat
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

from model.errors import NianbaoError
from model.formats import Format, FormatError, load_format
from model.numbers import NumberError, Value, check_stored, to_json
from model.provenance import (IMPORTED_KEY, REGISTER_KEY, ProvenanceError, provenance_json,
                              read_imported, read_register)
from model.report import YEAR_RANGE, Contribution, Report

APP = "nianbao"
SCHEMA = 1
FILE_SUFFIX = ".json"
TEMP_SUFFIX = ".tmp"
TEMP_RANDOM_CHARS = 8  # what tempfile.mkstemp puts between prefix and suffix
STALE_TEMP_SECONDS = 600
# A 汇总 of 5,000 units is about 48 MB; anything far beyond that is not a project file.
MAX_FILE_BYTES = 256 * 1024 * 1024
TOP_LEVEL_KEYS = {"app", "schema", "format", "unit", "year", "texts", "values", "explanations",
                  "previous", "auto_totals", "carried", "merged_from", IMPORTED_KEY, REGISTER_KEY}

# schema n → n+1; a file of schema n passes through every step from n up to SCHEMA.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


class ProjectError(NianbaoError):
    """A project file cannot be read or written; str() is the Chinese message for the clerk."""


def _fail(where: str, what: str) -> ProjectError:
    return ProjectError(f"{where}：{what}" if where else what)


def _expect(value: Any, kind: type | tuple[type, ...], where: str, what: str) -> Any:
    if isinstance(value, bool) and kind is not bool:
        raise _fail(where, what)
    if not isinstance(value, kind):
        raise _fail(where, what)
    return value


def _cells(raw: Any, fmt: Format, where: str) -> dict[str, Value]:
    _expect(raw, dict, where, "应为“单元格 → 数值”的对象")
    kinds = fmt.cell_kinds()
    cells: dict[str, Value] = {}
    for key, value in raw.items():
        if key not in kinds:
            raise _fail(f"{where}中的“{key}”", f"{fmt.name}中没有这个单元格")
        try:
            cells[key] = check_stored(value, kinds[key])
        except NumberError as exc:
            raise _fail(f"{where}中的“{key}”（{fmt.describe_cell(key)}）", str(exc)) from None
    return cells


def _key_list(raw: Any, fmt: Format, where: str) -> set[str]:
    _expect(raw, list, where, "应为单元格列表")
    for key in raw:
        if key not in fmt.cell_kinds():
            raise _fail(f"{where}中的“{key}”", f"{fmt.name}中没有这个单元格")
    return set(raw)


def _strings(raw: Any, allowed: set[str], where: str, what: str) -> dict[str, str]:
    _expect(raw, dict, where, "应为对象")
    for key, value in raw.items():
        if key not in allowed:
            raise _fail(f"{where}中的“{key}”", f"未知的{what}")
        _expect(value, str, f"{where}中的“{key}”", "应为文本")
    return {key: value.replace("\r\n", "\n").replace("\r", "\n") for key, value in raw.items()}


def _contributions(raw: Any, fmt: Format) -> list[Contribution]:
    where = "“merged_from”"
    _expect(raw, list, where, "应为列表")
    result = []
    for i, item in enumerate(raw):
        here = f"{where}第 {i + 1} 项"
        _expect(item, dict, here, "应为对象")
        unit = _expect(item.get("unit"), str, here, "缺少单位名称")
        file = _expect(item.get("file", ""), str, here, "文件名应为文本")
        result.append(Contribution(unit, file, _cells(item.get("values", {}), fmt, here)))
    return result


def report_from_json(data: Any) -> Report:
    """Validate decoded JSON and build the report; ProjectError names the first fault."""
    if not isinstance(data, dict) or data.get("app") != APP:
        raise ProjectError("这不是年报助手的项目文件（缺少 \"app\": \"nianbao\" 标记）")
    schema = data.get("schema")
    if isinstance(schema, bool) or not isinstance(schema, int) or schema < 1:
        shown = json.dumps(schema, ensure_ascii=False) if "schema" in data else "缺失"
        raise ProjectError(f"“schema”：无法识别的文件版本（{shown}）")
    if schema > SCHEMA:
        raise ProjectError(f"此文件由更新版本的年报助手保存（文件版本 {schema}），请升级本程序后再打开")
    for version in range(schema, SCHEMA):
        data = MIGRATIONS[version](data)
    unknown = sorted(set(data) - TOP_LEVEL_KEYS)
    if unknown:
        raise ProjectError(f"文件中有无法识别的项目：{'、'.join(unknown)}")
    try:
        fmt = load_format(_expect(data.get("format"), str, "“format”", "应为报告格式编号，如 \"2021\""))
    except FormatError as exc:
        raise _fail("“format”", str(exc)) from None
    unit = _expect(data.get("unit"), str, "“unit”", "应为单位名称")
    year = _expect(data.get("year"), int, "“year”", "应为年份（整数）")
    if year not in YEAR_RANGE:
        raise _fail("“year”", f"年份 {year} 不在 {YEAR_RANGE.start}–{YEAR_RANGE.stop - 1} 之间")
    texts = _strings(data.get("texts", {}), {s.id for s in fmt.text_sections()}, "“texts”", "文字部分")
    rules = {r.rule for r in fmt.relations}
    explanations = _strings(data.get("explanations", {}), rules, "“explanations”", "校验规则")
    report = Report(
        fmt, unit.replace("\r", "").replace("\n", ""), year,
        texts={s.id: texts.get(s.id, "") for s in fmt.text_sections()},
        values=_cells(data.get("values", {}), fmt, "“values”"),
        explanations=explanations,
        previous=_cells(data.get("previous", {}), fmt, "“previous”"),
        auto_totals=_expect(data.get("auto_totals", False), bool, "“auto_totals”", "应为 true 或 false"),
        carried=_key_list(data.get("carried", []), fmt, "“carried”"),
        merged_from=_contributions(data.get("merged_from", []), fmt),
    )
    try:
        if IMPORTED_KEY in data:
            report.imported, report.imported_from = read_imported(data[IMPORTED_KEY], fmt)
        if REGISTER_KEY in data:
            report.register = read_register(data[REGISTER_KEY], fmt)
    except ProvenanceError as exc:
        raise ProjectError(str(exc)) from None
    return report


def report_to_json(report: Report) -> dict[str, Any]:
    """The file contract of FORMATS.md: blank cells absent, amounts as exact strings."""
    order = {key: i for i, key in enumerate(report.format.cell_keys())}

    def cells(values: dict[str, Value]) -> dict[str, int | str]:
        return {k: to_json(values[k]) for k in sorted(values, key=order.__getitem__)}

    data: dict[str, Any] = {
        "app": APP, "schema": SCHEMA, "format": report.format.id,
        "unit": report.unit, "year": report.year,
        "texts": dict(report.texts),
        "values": cells(report.values),
        "explanations": dict(report.explanations),
        "previous": cells(report.previous),
        "auto_totals": report.auto_totals,
    }
    if report.carried:
        data["carried"] = sorted(report.carried, key=order.__getitem__)
    if report.merged_from:
        data["merged_from"] = [{"unit": c.unit, "file": c.file, "values": cells(c.values)}
                               for c in report.merged_from]
    data.update(provenance_json(report, order))
    return data


def dumps(report: Report) -> str:
    return json.dumps(report_to_json(report), ensure_ascii=False, indent=2) + "\n"


def loads(text: str) -> Report:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProjectError(f"文件内容已损坏：第 {exc.lineno} 行第 {exc.colno} 列不是有效的 JSON") from None
    except RecursionError:
        raise ProjectError("文件内容嵌套过深，不是有效的项目文件") from None
    return report_from_json(data)


def read_text(path: Path) -> str:
    """The file's text (UTF-8, with or without BOM), or ProjectError saying why not."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ProjectError(f"文件过大（{size // 1024 // 1024} MB），不是年报助手的项目文件")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ProjectError(f"找不到文件：{path}") from None
    except IsADirectoryError:
        raise ProjectError(f"这是一个文件夹，不是项目文件：{path}") from None
    except PermissionError:
        raise ProjectError(f"没有权限读取文件：{path}") from None
    except OSError as exc:
        raise ProjectError(f"无法读取文件 {path}：{exc.strerror or exc}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ProjectError("文件不是 UTF-8 文本，不是年报助手的项目文件") from None


def load_report(path: str | os.PathLike[str]) -> Report:
    """Read and validate a project file; never changes anything on disk."""
    return loads(read_text(Path(path)))


def save_error_message(exc: OSError, path: Path) -> str:
    """A Chinese explanation of why writing `path` failed."""
    code = exc.errno
    if code == errno.ENOSPC or getattr(exc, "winerror", None) == 112:
        return f"磁盘空间不足，无法保存到 {path}。原文件未受影响，请清理磁盘或“另存为”到其他位置。"
    if getattr(exc, "winerror", None) in (32, 33):
        return f"文件 {path.name} 正被其他程序占用（例如 WPS 或 Excel），无法保存。请关闭该程序后重试，或“另存为”。"
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"没有权限写入 {path.parent}（文件夹只读或文件被占用）。原文件未受影响，请“另存为”到其他位置。"
    if code == errno.ENOENT:
        return f"文件夹 {path.parent} 不存在，无法保存。"
    return f"无法保存到 {path}：{exc.strerror or exc}。原文件未受影响。"


def _keep_mode(fd: int, path: Path) -> None:
    """Give the new file the old one's permissions (mkstemp creates it private, 0600)."""
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        return
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)


def _temp_prefix(path: Path) -> str:
    """A short prefix: the temporary name must stay legal for the longest legal file name."""
    return f".{path.name[:40]}."


def _sweep_stale_temporaries(path: Path) -> None:
    """Remove temporary files that a save killed mid-write left beside `path`.

    Only names of exactly our pattern (prefix, mkstemp's 8 random characters, ".tmp") and only
    when older than any save could take, so another process's save in progress is never touched.
    """
    prefix = _temp_prefix(path)
    stale_before = time.time() - STALE_TEMP_SECONDS
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if (name.startswith(prefix) and name.endswith(TEMP_SUFFIX)
                and len(name) == len(prefix) + TEMP_RANDOM_CHARS + len(TEMP_SUFFIX)):
            try:
                if entry.is_file(follow_symlinks=False) and entry.stat().st_mtime < stale_before:
                    os.unlink(entry.path)
            except OSError:
                continue


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, fsync it, then rename it over `path`.

    Either the old file or the complete new one exists at every moment.
    """
    fd, tmp_name = tempfile.mkstemp(prefix=_temp_prefix(path), suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as tmp:
            _keep_mode(tmp.fileno(), path)
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        raise
    _sweep_stale_temporaries(path)
    if hasattr(os, "O_DIRECTORY"):
        try:
            dir_fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:
            return
        try:
            os.fsync(dir_fd)
        except OSError:
            pass
        finally:
            os.close(dir_fd)


def save_report(report: Report, path: str | os.PathLike[str]) -> bytes:
    """Save atomically and return the bytes written; ProjectError with a Chinese message if
    the disk refuses."""
    target = Path(path)
    data = dumps(report).encode("utf-8")
    try:
        write_atomically(target, data)
    except OSError as exc:
        raise ProjectError(save_error_message(exc, target)) from exc
    return data
