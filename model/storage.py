"""Project files (JSON): load with validation, migrate old schemas, save atomically.

The clerk owns the file; a broken or foreign file must give a precise Chinese message and
change nothing, and a save must never leave a half-written file behind. Reading takes only
regular files (a pipe would hang, a device never ends) and stops at MAX_FILE_BYTES; the JSON
parser refuses what another reader would take differently (duplicate keys, NaN, absurd numbers)
and keeps numbers exact (Decimal). Text entering the report is cleaned (model.text).
"""
from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import re
import secrets
import stat
import time
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, TypeGuard

from model import explanations as explaining
from model import windows
from model.errors import NianbaoError
from model.fields import FieldError, check_fields
from model.foreign import ForeignFile, identify
from model.formats import Format, FormatError, load_format
from model.numbers import AMOUNT_UNIT, NumberError, Value, check_stored, to_json
from model.os_errors import ACCESS_DENIED, DISK_FULL, FILENAME_TOO_LONG, LOCK_VIOLATION, SHARING_VIOLATION, os_error_text
from model.provenance import (IMPORTED_KEY, REGISTER_KEY, ProvenanceError, provenance_json,
                              read_imported, read_register)
from model.report import YEAR_RANGE, Contribution, Report, unit_refusal
from model.rules import check, rule_ids
from model.text import clean_user_text

APP = "nianbao"
SCHEMA = 1
FILE_SUFFIX = ".json"
TEMP_SUFFIX = ".tmp"
TEMP_RANDOM_CHARS = 8
TEMP_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789_"
STALE_TEMP_SECONDS = 600
# A 汇总 of 5,000 units is about 48 MB; anything far beyond that is not a project file.
MAX_FILE_BYTES = 256 * 1024 * 1024
READ_CHUNK = 1024 * 1024
# No value of a project file needs more than 30 characters; a longer number is damage or an attack
# (Python refuses ints over 4,300 digits with a ValueError, and big ones cost quadratic time).
MAX_NUMBER_CHARS = 100
TOP_LEVEL_KEYS = {"app", "schema", "format", "unit", "year", "texts", "values", "explanations",
                  "previous", "auto_totals", "carried", "merged_from", IMPORTED_KEY, REGISTER_KEY,
                  "amount_unit", "previous_texts", "issued", "intro"}
# os.replace refused by a file someone holds for a moment (antivirus, indexer, backup): retry.
REPLACE_RETRY_SECONDS = (0.05, 0.1, 0.2, 0.4, 0.8)
_HELD_BY_ANOTHER_PROGRAM = {ACCESS_DENIED, SHARING_VIOLATION, LOCK_VIOLATION}
_OFFICE_PROGRAMS = {".xlsx": "Excel 或 WPS 表格", ".xls": "Excel 或 WPS 表格", ".et": "WPS 表格",
                    ".docx": "Word 或 WPS 文字", ".doc": "Word 或 WPS 文字", ".wps": "WPS 文字",
                    ".pdf": "PDF 阅读器"}

# schema n → n+1; a file of schema n passes through every step from n up to SCHEMA.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}

log = logging.getLogger(__name__)


class ProjectError(NianbaoError):
    """A project file cannot be read or written; str() is the Chinese message for the clerk."""

    def __init__(self, message: str) -> None:
        super().__init__(clean_user_text(message))  # it may quote damaged text from the file


def _fail(where: str, what: str) -> ProjectError:
    return ProjectError(f"{where}：{what}" if where else what)


def _expect(value: Any, kind: type | tuple[type, ...], where: str, what: str) -> Any:
    if isinstance(value, bool) and kind is not bool:
        raise _fail(where, what)
    if not isinstance(value, kind):
        raise _fail(where, what)
    return value


# --- JSON ------------------------------------------------------------------------------------

class _Refused(ValueError):
    """Raised inside the JSON parser's hooks; becomes a ProjectError with the position if known."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            shown = key if len(key) <= 40 else key[:40] + "…"
            raise _Refused(f"“{shown}”出现了两次，无法确定应取哪一个值")
        result[key] = value
    return result


def _number_guard(convert: Callable[[str], Any]) -> Callable[[str], Any]:
    def parse(text: str) -> Any:
        if len(text) > MAX_NUMBER_CHARS:
            raise _Refused(f"有一个 {len(text)} 位的数字，超出任何数值的范围")
        return convert(text)
    return parse


def _no_constant(name: str) -> Any:
    raise _Refused(f"“{name}”不是有效的数字")


def parse_json(text: str) -> Any:
    """Decode JSON strictly: duplicate keys, NaN/Infinity and absurd numbers are refused,
    numbers with a fraction or exponent become exact Decimals. ProjectError says why not."""
    try:
        return json.loads(text, object_pairs_hook=_unique_keys, parse_int=_number_guard(int),
                          parse_float=_number_guard(Decimal), parse_constant=_no_constant)
    except _Refused as exc:
        raise ProjectError(f"文件内容已损坏：{exc}") from None
    except json.JSONDecodeError as exc:
        raise ProjectError(f"文件内容已损坏（第 {exc.lineno} 行第 {exc.colno} 列），不是年报助手能读取的项目文件") from None
    except RecursionError:
        raise ProjectError("文件内容嵌套过深，不是有效的项目文件") from None


def _shown(value: Any) -> str:
    """A decoded JSON value as the file wrote it, for a message."""
    return json.dumps(value, ensure_ascii=False, default=str)


# --- validation ------------------------------------------------------------------------------

def _cells(raw: Any, fmt: Format, where: str) -> dict[str, Value]:
    _expect(raw, dict, where, "内容的结构不对")
    kinds = fmt.cell_kinds()
    cells: dict[str, Value] = {}
    for key, value in raw.items():
        if key not in kinds:
            raise _fail(where, f"有{fmt.name}中没有的单元格")
        try:
            cells[key] = check_stored(value, kinds[key])
        except NumberError as exc:
            raise _fail(f"{where}中的“{fmt.describe_cell(key)}”", str(exc)) from None
    return cells


def _key_list(raw: Any, fmt: Format, where: str) -> set[str]:
    _expect(raw, list, where, "内容的结构不对")
    for key in raw:
        if key not in fmt.cell_kinds():
            raise _fail(where, f"有{fmt.name}中没有的单元格")
    return set(raw)


def _strings(raw: Any, allowed: dict[str, str], where: str, what: str, notes: list[str]) -> dict[str, str]:
    """A dict of texts keyed by `allowed` (key → the place the clerk knows it by), cleaned."""
    _expect(raw, dict, where, "内容的结构不对")
    for key, value in raw.items():
        if key not in allowed:
            raise _fail(where, f"有本格式没有的{what}")
        _expect(value, str, allowed[key], "应为文字")
    return {key: clean_user_text(value.replace("\r\n", "\n").replace("\r", "\n"), allowed[key], notes)
            for key, value in raw.items()}


def _unit_name(raw: Any, where: str, what: str, place: str, notes: list[str]) -> str:
    unit = clean_user_text(_expect(raw, str, where, what).replace("\r", "").replace("\n", ""), place, notes)
    refusal = unit_refusal(unit)
    if refusal:
        raise _fail("" if refusal.startswith(where) else where, refusal)  # not 「单位名称：单位名称过长」
    return unit


def _contributions(raw: Any, fmt: Format, notes: list[str]) -> list[Contribution]:
    where = "各单位数据"
    _expect(raw, list, where, "内容的结构不对")
    result = []
    for i, item in enumerate(raw):
        here = f"{where}第 {i + 1} 项"
        _expect(item, dict, here, "内容的结构不对")
        unit = _unit_name(item.get("unit"), here, "缺少单位名称", f"汇总明细第 {i + 1} 项的单位名称", notes)
        file = clean_user_text(_expect(item.get("file", ""), str, here, "文件名应为文字"),
                               f"汇总明细第 {i + 1} 项的文件名", notes)
        result.append(Contribution(unit, file, _cells(item.get("values", {}), fmt, here)))
    return result


def report_from_json(data: Any, notes: list[str] | None = None) -> Report:
    """Validate decoded JSON and build the report; ProjectError names the first fault.

    Text that cannot be saved is cleaned (model.text); a note per place goes to `notes`.
    """
    notes = [] if notes is None else notes
    if not isinstance(data, dict) or data.get("app") != APP:
        raise ProjectError("这不是年报助手的项目文件")
    schema = data.get("schema")
    if isinstance(schema, bool) or not isinstance(schema, int) or schema < 1:
        shown = _shown(schema) if "schema" in data else "缺失"
        raise ProjectError(f"无法识别的文件版本（{shown}）")
    if schema > SCHEMA:
        raise ProjectError(f"此文件由更新版本的年报助手保存（文件版本 {schema}），请升级本程序后再打开")
    for version in range(schema, SCHEMA):
        data = MIGRATIONS[version](data)
    unknown = sorted(set(data) - TOP_LEVEL_KEYS)
    if unknown:
        raise ProjectError("文件中有本程序无法识别的内容（可能由更新版本的年报助手或其他程序保存）")
    try:
        fmt = load_format(_expect(data.get("format"), str, "报告格式", "无法识别"))
    except FormatError as exc:
        raise _fail("", str(exc)) from None
    unit = _unit_name(data.get("unit"), "单位名称", "缺失或不是文字", "单位名称", notes)
    year = _expect(data.get("year"), int, "报告年度", "应为年份")
    if year not in YEAR_RANGE:
        raise _fail("报告年度", f"年份 {year} 不在 {YEAR_RANGE.start}–{YEAR_RANGE.stop - 1} 之间")
    sections = {s.id: s.heading for s in fmt.text_sections()}
    texts = _strings(data.get("texts", {}), sections, "文字部分", "部分", notes)
    previous_texts = _strings(data.get("previous_texts", {}), sections, "上年文字部分", "部分", notes)
    try:
        check_fields(texts, fmt, sections)
        explanations = {key: replace(e, text=clean_user_text(e.text, "说明", notes))
                        for key, e in explaining.from_json(data.get("explanations", {}), rule_ids(fmt)).items()}
    except (FieldError, explaining.ExplanationError) as exc:
        raise ProjectError(str(exc)) from None
    report = Report(
        fmt, unit, year,
        texts={s.id: texts.get(s.id, "") for s in fmt.text_sections()},
        values=_cells(data.get("values", {}), fmt, "本年数据"),
        explanations=explanations,
        previous=_cells(data.get("previous", {}), fmt, "上年数据"),
        auto_totals=_expect(data.get("auto_totals", False), bool, "自动计算合计", "设置无效"),
        carried=_key_list(data.get("carried", []), fmt, "结转标记"),
        merged_from=_contributions(data.get("merged_from", []), fmt, notes),
        amount_unit=_amount_unit(data, fmt),
        previous_texts=previous_texts,
        issued=_issued(data.get("issued")),
        intro=clean_user_text(_expect(data.get("intro", ""), str, "引言", "应为文字")
                              .replace("\r\n", "\n").replace("\r", "\n"), "引言", notes),
    )
    explaining.adopt_rule_keys(report.explanations, lambda: check(report))
    try:
        if IMPORTED_KEY in data:
            report.imported, report.imported_from = read_imported(data[IMPORTED_KEY], fmt)
        if REGISTER_KEY in data:
            report.register = read_register(data[REGISTER_KEY], fmt)
    except ProvenanceError as exc:
        raise ProjectError(str(exc)) from None
    return report


def _amount_unit(data: dict[str, Any], fmt: Format) -> str:
    """The unit the clerk chose for amounts the format leaves open (default: the first)."""
    choices = fmt.unit_choices()
    unit = data.get("amount_unit", choices[0] if choices else AMOUNT_UNIT)
    if choices and unit not in choices or not choices and unit != AMOUNT_UNIT:
        allowed = "、".join(choices or (AMOUNT_UNIT,))
        raise _fail("金额单位", f"应为{allowed}")
    return str(unit)


def _issued(raw: Any) -> date | None:
    """成文日期 as an ISO date string ("2026-01-20"); absent: the day of export."""
    if raw is None:
        return None
    try:
        return date.fromisoformat(_expect(raw, str, "成文日期", "应为日期"))
    except ValueError:
        raise _fail("成文日期", f"不是有效的日期（{raw}）") from None


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
        "explanations": explaining.to_json(report.explanations),
        "previous": cells(report.previous),
        "auto_totals": report.auto_totals,
    }
    if report.format.unit_choices():
        data["amount_unit"] = report.amount_unit
    if report.previous_texts:
        data["previous_texts"] = dict(report.previous_texts)
    if report.carried:
        data["carried"] = sorted(report.carried, key=order.__getitem__)
    if report.merged_from:
        data["merged_from"] = [{"unit": c.unit, "file": c.file, "values": cells(c.values)}
                               for c in report.merged_from]
    data.update(provenance_json(report, order))
    if report.issued is not None:
        data["issued"] = report.issued.isoformat()
    if report.intro:
        data["intro"] = report.intro
    return data


def dumps(report: Report) -> str:
    """The project file's text. Text is cleaned where it enters the report; cleaning the whole
    once more guarantees that a lone surrogate slipping past never makes a report unsavable."""
    return clean_user_text(json.dumps(report_to_json(report), ensure_ascii=False, indent=2) + "\n")


def loads(text: str, notes: list[str] | None = None) -> Report:
    return report_from_json(parse_json(text), notes)


# --- reading ---------------------------------------------------------------------------------

class NotARegularFile(OSError):
    """A pipe, device or socket where a file was expected: reading it would hang or never end."""


class FileTooLarge(OSError):
    """More bytes than the caller's limit (counted while reading, not trusted from stat)."""


def read_file_bytes(path: str | os.PathLike[str], limit: int | None = None) -> tuple[bytes, os.stat_result]:
    """The content of a regular file and its status, read through one descriptor.

    Raises IsADirectoryError, NotARegularFile, FileTooLarge (over `limit`, by default
    MAX_FILE_BYTES) or the OSError of the system.
    """
    limit = MAX_FILE_BYTES if limit is None else limit
    name = windows.system_path(path)
    mode = os.stat(name).st_mode
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, "is a directory", os.fspath(path))
    if not stat.S_ISREG(mode):
        raise NotARegularFile(errno.EINVAL, "not a regular file", os.fspath(path))
    # O_NONBLOCK: should a pipe take the file's place after the check, opening it must not hang.
    fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise NotARegularFile(errno.EINVAL, "not a regular file", os.fspath(path))
        if status.st_size > limit:
            raise FileTooLarge(errno.EFBIG, "file too large", os.fspath(path))
        chunks, total = [], 0
        while chunk := os.read(fd, READ_CHUNK):
            total += len(chunk)
            if total > limit:
                raise FileTooLarge(errno.EFBIG, "file too large", os.fspath(path))
            chunks.append(chunk)
        return b"".join(chunks), status
    finally:
        os.close(fd)


def content_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class DiskState:
    """A file as this process last read or wrote it, to tell whether anyone wrote it since.

    The content decides (SHA-256): the modification time alone misses copies made with
    ``cp -p``, unzip or sync tools, and a rewrite of identical bytes is no conflict.
    """

    size: int
    mtime_ns: int
    digest: str

    @classmethod
    def of(cls, data: bytes, status: os.stat_result) -> "DiskState":
        return cls(len(data), status.st_mtime_ns, content_digest(data))

    def to_json(self) -> dict[str, Any]:
        return {"size": self.size, "mtime_ns": self.mtime_ns, "sha256": self.digest}

    @classmethod
    def from_json(cls, raw: Any) -> "DiskState | None":
        """The state as recorded in a recovery copy; None unless every field is sound."""
        if not isinstance(raw, dict):
            return None
        size, mtime, digest = raw.get("size"), raw.get("mtime_ns"), raw.get("sha256")
        if not (_natural(size) and _natural(mtime) and isinstance(digest, str)
                and re.fullmatch(r"[0-9a-f]{64}", digest)):
            return None
        return cls(size, mtime, digest)


def _natural(value: Any) -> TypeGuard[int]:
    """A non-negative integer a file's size or time can be (not a bool, not absurd)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**63


def disk_state(path: str | os.PathLike[str]) -> DiskState | None:
    """What `path` holds now; None when there is no file. OSError when it cannot be read."""
    try:
        data, status = read_file_bytes(path)
    except FileNotFoundError:
        return None
    return DiskState.of(data, status)


def changed_on_disk(path: str | os.PathLike[str], known: DiskState | None) -> bool:
    """True when `path` no longer holds what this process loaded or saved last (`known`).

    A file that is gone is no conflict (saving writes it anew); a file that cannot be read,
    or one this process never saw (`known` None), counts as changed: ask before overwriting.
    """
    try:
        current = disk_state(path)
    except OSError:
        return True
    if current is None:
        return False
    if known is None:
        return True
    return current.size != known.size or current.digest != known.digest


def read_refusal(exc: OSError, path: Path, what: str = "项目文件", busy_hint: str = "") -> str:
    """Why `path` could not be read, in the clerk's words; `what` names what it was to be
    (项目文件, 报告), `busy_hint` what to do when another program holds it."""
    if isinstance(exc, FileNotFoundError):
        return f"找不到文件：{path}"
    if isinstance(exc, IsADirectoryError):
        return f"这是一个文件夹，不是{what}：{path}"
    if isinstance(exc, NotARegularFile):
        return f"这不是普通文件（可能是管道或设备），不能作为{what}打开：{path}"
    if isinstance(exc, FileTooLarge):
        return f"文件过大（超过 {MAX_FILE_BYTES // 1024 // 1024} MB），不是年报助手能读取的{what}"
    if isinstance(exc, PermissionError):
        return f"没有权限读取文件：{path}{busy_hint}"
    return f"无法读取文件 {path}：{os_error_text(exc)}"


def read_text(path: Path) -> tuple[str, DiskState]:
    """The file's text (UTF-8, with or without BOM) and its state, or ProjectError saying why not."""
    try:
        raw, status = read_file_bytes(path)
    except OSError as exc:
        raise ProjectError(read_refusal(exc, path)) from None
    try:
        return raw.decode("utf-8-sig"), DiskState.of(raw, status)
    except UnicodeDecodeError:
        raise ProjectError("文件的文字编码不对（可能被其他程序以别的编码另存过），年报助手无法读取") from None


@dataclass(frozen=True)
class LoadedProject:
    """A project file as opened: the report, the file's state, and notes for the clerk
    (e.g. damaged characters replaced)."""

    report: Report
    state: DiskState
    notes: tuple[str, ...]


class ForeignFileError(ProjectError):
    """A document of another program (an export, an Excel table …) opened as a project file."""

    def __init__(self, foreign: ForeignFile, path: Path) -> None:
        super().__init__(foreign.message(path))
        self.foreign = foreign


def open_project(path: str | os.PathLike[str]) -> LoadedProject:
    """Read and validate a project file; never changes anything on disk."""
    path = Path(path)
    foreign = identify(path)
    if foreign is not None:
        raise ForeignFileError(foreign, path)
    text, state = read_text(path)
    notes: list[str] = []
    report = loads(text, notes)
    return LoadedProject(report, state, tuple(notes))


def load_report(path: str | os.PathLike[str]) -> Report:
    """open_project() when only the report matters (notes are logged)."""
    loaded = open_project(path)
    for note in loaded.notes:
        log.info("%s: %s", os.fspath(path), note)
    return loaded.report


# --- writing ---------------------------------------------------------------------------------

class WriteFailure(OSError):
    """Writing a file failed; `stage` tells where, which decides what the clerk is told:
    "directory", "read-only", "special" (the target is not a writable regular file),
    "create" (no temporary file in the folder), "write", "replace"."""

    def __init__(self, stage: str, cause: OSError) -> None:
        super().__init__(cause.errno, cause.strerror)
        self.stage = stage
        self.cause = cause


def _winerror(exc: OSError) -> int | None:
    cause = exc.cause if isinstance(exc, WriteFailure) else exc
    code = getattr(cause, "winerror", None)
    return code if isinstance(code, int) else None


def _intact(path: Path) -> str:
    """「原文件未受影响，」 where there is an original file; a failed save never touches it."""
    return "原文件未受影响，" if os.path.isfile(windows.system_path(path)) else ""


def save_error_message(exc: OSError, path: Path) -> str:
    """A Chinese explanation of why writing `path` failed (never the system's English)."""
    stage = exc.stage if isinstance(exc, WriteFailure) else ""
    cause = exc.cause if isinstance(exc, WriteFailure) else exc
    code, winerror = cause.errno, _winerror(exc)
    if stage == "directory":
        return f"“{path}”是一个文件夹，不能保存为文件。请“另存为”其他文件名。"
    if stage == "special":
        return f"“{path}”不是普通文件（可能是设备或管道），不能保存到这里。请“另存为”其他文件名。"
    if stage == "read-only":
        return (f"文件“{path.name}”是只读的，无法保存。{_intact(path)}"
                "请“另存为”其他文件，或在文件属性中取消“只读”后再保存。")
    if code == errno.ENOSPC or winerror == DISK_FULL or code == getattr(errno, "EDQUOT", -1):
        return f"磁盘空间不足，无法保存到 {path}。{_intact(path)}请清理磁盘或“另存为”到其他位置。"
    if winerror in (SHARING_VIOLATION, LOCK_VIOLATION) or stage == "replace" and (
            winerror == ACCESS_DENIED or code in (errno.EBUSY, getattr(errno, "ETXTBSY", -1))):
        program = _OFFICE_PROGRAMS.get(path.suffix.lower())
        if program:
            return (f"文件“{path.name}”正被其他程序占用（可能正在{program}中打开），无法替换。"
                    f"{_intact(path)}请先在{program}中关闭它再重试，或换一个文件名。")
        return (f"文件“{path.name}”正被其他程序占用（例如 WPS、Excel、杀毒或同步软件），稍候重试后仍无法替换。"
                f"{_intact(path)}请关闭该程序后再保存，或“另存为”。")
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (f"没有权限写入文件夹 {path.parent}（文件夹只读或没有写入权限）。"
                f"{_intact(path)}请“另存为”到其他位置。")
    if code == errno.ENAMETOOLONG or winerror == FILENAME_TOO_LONG:
        return f"文件名或路径过长，无法保存到 {path}。请保存到层级较浅的文件夹，或使用较短的文件名。"
    if code == errno.ENOENT:
        return f"文件夹 {path.parent} 不存在，无法保存。"
    return f"无法保存到 {path}：{os_error_text(cause)}。{_intact(path)}".rstrip("，")


def _check_target(target: str) -> os.stat_result | None:
    """The target's status if it exists; WriteFailure when it is no writable regular file."""
    try:
        status = os.stat(target)
    except FileNotFoundError:
        return None
    except OSError as exc:  # a link loop, a folder on the way we may not enter
        raise WriteFailure("create", exc) from exc
    if stat.S_ISDIR(status.st_mode):
        raise WriteFailure("directory", IsADirectoryError(errno.EISDIR, "is a directory"))
    if not stat.S_ISREG(status.st_mode):
        raise WriteFailure("special", OSError(errno.EINVAL, "not a regular file"))
    if not status.st_mode & stat.S_IWUSR:  # read-only attribute on Windows, no write bit elsewhere
        raise WriteFailure("read-only", PermissionError(errno.EACCES, "read-only file"))
    return status


def _temp_prefix(path: Path) -> str:
    """A short prefix: the temporary name must stay legal for the longest legal file name."""
    return f".{path.name[:40]}."


def create_temporary(folder: str, prefix: str) -> tuple[int, str]:
    """A new, empty temporary file in `folder`, opened for writing: (descriptor, path).

    Created like any file the program writes, so it gets the user's umask permissions (not
    mkstemp's 0600); hidden on Windows (a dot name hides it elsewhere) until it replaces the target.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOINHERIT", 0)
    for _ in range(100):
        random = "".join(secrets.choice(TEMP_ALPHABET) for _ in range(TEMP_RANDOM_CHARS))
        name = os.path.join(folder, f"{prefix}{random}{TEMP_SUFFIX}")
        try:
            fd = os.open(name, flags, 0o666)
        except FileExistsError:
            continue
        windows.set_hidden(name, True)
        return fd, name
    raise FileExistsError(errno.EEXIST, "no free temporary name", folder)


def _sweep_stale_temporaries(path: Path) -> None:
    """Remove temporary files that a save killed mid-write left beside `path`.

    Only names of exactly our pattern (prefix, 8 random characters, ".tmp") and only when older
    than any save could take, so another process's save in progress is never touched.
    """
    prefix = _temp_prefix(path)
    stale_before = time.time() - STALE_TEMP_SECONDS
    try:
        entries = list(os.scandir(windows.system_path(path.parent)))
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


def _replace(source: str, target: str) -> None:
    """os.replace, retried for a moment while another program (antivirus, indexer, backup)
    holds the target, as Windows then refuses with a sharing violation or access denied."""
    for delay in (*REPLACE_RETRY_SECONDS, None):
        try:
            os.replace(source, target)
            return
        except PermissionError as exc:
            if delay is None or _winerror(exc) not in _HELD_BY_ANOTHER_PROGRAM:
                raise
            time.sleep(delay)


def _sync_folder(folder: str) -> None:
    """Make the rename itself durable (POSIX; Windows has no directory handles to flush)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def write_atomically(path: str | os.PathLike[str], data: bytes) -> DiskState:
    """Write to a temporary file in the same folder, fsync it, then rename it over `path`.

    Either the old file or the complete new one exists at every moment. A symbolic link is
    followed: its target gets the content and the link stays. The new file keeps the old one's
    permissions, or gets the user's umask ones. Raises WriteFailure (an OSError).
    """
    link = Path(path)
    target = Path(os.path.realpath(link)) if os.path.islink(windows.system_path(link)) else link
    target_name = windows.system_path(target)
    old = _check_target(target_name)
    try:
        fd, tmp_name = create_temporary(os.path.dirname(target_name), _temp_prefix(target))
    except OSError as exc:
        raise WriteFailure("create", exc) from exc
    stage = "write"
    try:
        with os.fdopen(fd, "wb") as tmp:
            if old is not None and hasattr(os, "fchmod"):
                os.fchmod(tmp.fileno(), stat.S_IMODE(old.st_mode))
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        windows.set_hidden(tmp_name, False)
        stage = "replace"
        _replace(tmp_name, target_name)
    except BaseException as exc:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        if isinstance(exc, OSError) and not isinstance(exc, WriteFailure):
            raise WriteFailure(stage, exc) from exc
        raise
    _sweep_stale_temporaries(target)
    _sync_folder(os.path.dirname(target_name))
    try:
        mtime_ns = os.stat(target_name).st_mtime_ns
    except OSError:
        mtime_ns = 0
    return DiskState(len(data), mtime_ns, content_digest(data))


def save_report(report: Report, path: str | os.PathLike[str]) -> DiskState:
    """Save atomically and return what the file now holds; ProjectError with a Chinese message
    if the disk refuses."""
    target = Path(path)
    data = dumps(report).encode("utf-8")
    try:
        return write_atomically(target, data)
    except OSError as exc:
        raise ProjectError(save_error_message(exc, target)) from exc
