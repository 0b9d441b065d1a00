"""Where figures came from, as kept in the project file: imported cells and the register.

Two optional top-level keys of the project file:

- ``"imported": {"file": "上年报告.docx", "cells": {"requests.new.person": 12, …}}`` — the
  cells an import filled, with the value it put there. A cell shows as imported while it still
  holds that value; once the clerk types another figure the mark goes (undo brings it back).
- ``"register": {"file": "台账.xlsx", "sha256": "…", "cells": {"requests.new.person":
  ["2025-001", …]}, "dates": {"2025-001": ["2025-01-03", "2025-01-09"], …}}`` — the request
  register 三 (and 四) were computed from, its SHA-256, for each cell filled from it the
  requests or cases that make it up (totals are not listed: their requests are those of their
  parts), and each request's 收到日期 and 办结日期 (null while being handled).
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any

from model.errors import NianbaoError
from model.formats import Format
from model.numbers import NumberError, Value, check_stored, to_json
from model.report import RegisterLink, Report

IMPORTED_KEY = "imported"
REGISTER_KEY = "register"
_SHA256 = re.compile(r"[0-9a-f]{64}")


class ProvenanceError(NianbaoError):
    """One of the keys is malformed; str() is the Chinese message (the storage adds the place)."""


def _cell_keys(raw: Any, fmt: Format, where: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise ProvenanceError(f"{where}应为“单元格 → 内容”的对象")
    for key in raw:
        if key not in fmt.cell_kinds():
            raise ProvenanceError(f"{where}中的“{key}”：{fmt.name}中没有这个单元格")
    return raw


def _object(raw: Any, where: str, allowed: set[str]) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise ProvenanceError(f"{where}应为对象")
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise ProvenanceError(f"{where}中有无法识别的项目：{'、'.join(unknown)}")
    if not isinstance(raw.get("file", ""), str):
        raise ProvenanceError(f"{where}中的文件名应为文本")
    return raw


def read_imported(raw: Any, fmt: Format) -> tuple[dict[str, Value], str]:
    """The imported cells and the source file's name from the file's "imported" key."""
    where = f"“{IMPORTED_KEY}”"
    obj = _object(raw, where, {"file", "cells"})
    kinds = fmt.cell_kinds()
    cells: dict[str, Value] = {}
    for key, value in _cell_keys(obj.get("cells", {}), fmt, where).items():
        try:
            cells[key] = check_stored(value, kinds[key])
        except NumberError as exc:
            raise ProvenanceError(f"{where}中的“{key}”：{exc}") from None
    return cells, obj.get("file", "")


def read_register(raw: Any, fmt: Format) -> RegisterLink:
    """The register link from the file's "register" key."""
    where = f"“{REGISTER_KEY}”"
    obj = _object(raw, where, {"file", "sha256", "cells", "dates"})
    sha = obj.get("sha256", "")
    if not isinstance(sha, str) or not _SHA256.fullmatch(sha):
        raise ProvenanceError(f"{where}中的“sha256”应为 64 位十六进制校验值")
    cells: dict[str, tuple[str, ...]] = {}
    for key, ids in _cell_keys(obj.get("cells", {}), fmt, where).items():
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise ProvenanceError(f"{where}中的“{key}”应为申请编号的列表")
        cells[key] = tuple(ids)
    return RegisterLink(obj.get("file", ""), sha, cells, _dates(obj.get("dates", {}), where))


def _dates(raw: Any, where: str) -> dict[str, tuple[date, date | None]]:
    if not isinstance(raw, dict):
        raise ProvenanceError(f"{where}中的“dates”应为“申请编号 → 日期”的对象")
    dates: dict[str, tuple[date, date | None]] = {}
    for number, pair in raw.items():
        try:
            received, concluded = pair
            dates[number] = (date.fromisoformat(received),
                             None if concluded is None else date.fromisoformat(concluded))
        except (TypeError, ValueError):
            raise ProvenanceError(f"{where}中申请“{number}”的日期应为 [收到日期, 办结日期或 null]") from None
    return dates


def provenance_json(report: Report, order: dict[str, int]) -> dict[str, Any]:
    """The two keys as written to the project file (absent when empty), cells in format order."""
    data: dict[str, Any] = {}
    if report.imported:
        data[IMPORTED_KEY] = {"file": report.imported_from,
                              "cells": {k: to_json(report.imported[k])
                                        for k in sorted(report.imported, key=order.__getitem__)}}
    link = report.register
    if link is not None:
        data[REGISTER_KEY] = {"file": link.file, "sha256": link.sha256,
                              "cells": {k: list(link.cells[k])
                                        for k in sorted(link.cells, key=order.__getitem__)}}
        if link.dates:
            data[REGISTER_KEY]["dates"] = {number: [received.isoformat(), concluded and concluded.isoformat()]
                                           for number, (received, concluded) in link.dates.items()}
    return data
