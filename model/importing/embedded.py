"""The project itself inside the Excel workbook this program exports, for an exact way back.

The exporter calls `embed_project`: a very hidden, protected sheet holds the project file's
JSON in pieces that fit a cell. Excel and WPS keep such a sheet when they save the workbook,
and a clerk cannot unhide it from the menus. The importer prefers it where the visible tables
still agree with it (`model.importing.reader`), so a workbook edited in Excel is read by what
it shows.
"""
from __future__ import annotations

import json
from typing import Any, Iterable

from openpyxl import Workbook

from model.report import Report

DATA_SHEET = "nianbao-project"
MARKER = "nianbao project file (JSON, in pieces)"
PIECE = 30000  # characters per cell, under Excel's 32,767


def embed_project(workbook: Workbook, report: Report) -> None:
    """Add the hidden sheet with the project file's JSON to an exported workbook."""
    from model.storage import dumps  # storage imports provenance; keep this module light
    text = dumps(report)
    ws = workbook.create_sheet(DATA_SHEET)
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True
    ws.cell(row=1, column=1, value=MARKER).data_type = "s"
    for row, start in enumerate(range(0, len(text), PIECE), start=2):
        cell = ws.cell(row=row, column=1, value=text[start:start + PIECE])
        cell.data_type = "s"


def read_embedded(rows: Iterable[tuple[Any, ...]]) -> dict[str, Any] | None:
    """The project JSON from the data sheet's rows, None if it is not ours or damaged."""
    iterator = iter(rows)
    first = next(iterator, ())
    if not first or first[0] != MARKER:
        return None
    text = "".join(row[0] for row in iterator if row and isinstance(row[0], str))
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None
