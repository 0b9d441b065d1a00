"""What the clerk has entered, and which parts of the report are still to be filled in.

A cell counts as *entered* when it holds a figure the clerk put there: typed, pasted or
imported — any figure that is not still the one carried from last year's report
(`Report.carried`). A total the program computes counts as entered when one of the cells it
adds up does (it shows the clerk's figures). A relation's finding none of whose cells
holds an entered figure is *pending* (待填写): the clerk has not started that part yet (a fresh
由上年报告新建 report, where only 二、上年结转 is prefilled, is out of balance until the year's
figures are in), so the window shows it as a hint rather than as an error. The state is
derived from the figures each time, never stored; `check`, the exports and the review go by
the finding's severity and treat it as what it is.
"""
from __future__ import annotations

import dataclasses
from functools import cache
from typing import Iterable

from model.carry import last_year_values
from model.formats import Format
from model.numbers import Value
from model.report import Report
from model.rules import SEVERITY_ORDER, Finding

PENDING_SEVERITIES = ("error", "warning")  # what an untouched part may show as 待填写 instead
PENDING_PLACE = (SEVERITY_ORDER["warning"] + SEVERITY_ORDER["hint"]) / 2  # in the list of findings


def still_carried(report: Report, key: str, last_year: dict[str, Value]) -> bool:
    """The cell holds the figure 由上年报告新建 prefilled (`last_year`: `last_year_values(report)`).

    A carried cell whose last-year figure is no longer known counts as carried while filled."""
    if key not in report.carried:
        return False
    value = report.value(key)
    return value is not None if key not in last_year else value == last_year[key]


@cache
def _parts(fmt: Format) -> dict[str, frozenset[str]]:
    """Each total the program can compute, with the cells it adds up (by any of its relations)."""
    parts: dict[str, set[str]] = {}
    for instance in fmt.instances():
        if instance.relation.computes:
            parts.setdefault(instance.left[0][0], set()).update(key for key, _ in instance.right)
    return {key: frozenset(cells) for key, cells in parts.items()}


def entered_cells(report: Report, keys: Iterable[str]) -> set[str]:
    """The cells among `keys` that hold a figure the clerk entered (module docstring)."""
    last_year = last_year_values(report) if report.carried else {}
    parts = _parts(report.format)
    known: dict[str, bool] = {}

    def entered(key: str) -> bool:
        if key not in known:
            if report.is_computed(key):
                known[key] = any(entered(part) for part in parts[key])
            else:
                known[key] = report.value(key) is not None and not still_carried(report, key, last_year)
        return known[key]

    return {key for key in keys if entered(key)}


def mark_pending(report: Report, findings: list[Finding]) -> list[Finding]:
    """`findings` with the pending ones marked (`Finding.pending`), for the window to show: the
    errors and warnings of the format's relations none of whose cells holds an entered figure
    (not the blank hint, not the text and completeness rules, not an explained warning). They
    are listed after the warnings, before the hints, as they are shown; the order is otherwise
    kept."""
    relations = {relation.rule for relation in report.format.relations}
    candidates = [f for f in findings if f.rule in relations and f.severity in PENDING_SEVERITIES
                  and f.cells and not f.explained]
    entered = entered_cells(report, {key for finding in candidates for key in finding.cells})
    pending = {id(f) for f in candidates if entered.isdisjoint(f.cells)}
    marked = [dataclasses.replace(f, pending=True) if id(f) in pending else f for f in findings]
    return sorted(marked, key=lambda f: PENDING_PLACE if f.pending else SEVERITY_ORDER[f.severity])
