"""The pre-submission review (报送前检查): every check of the report, passed or failed, grouped
by section; every explanation with its state; the blank cells a submitted report should fill
with 0. The command line (`review`), the window's dialog and the 审核结果 PDF all show this.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable, Literal, Mapping

from model.completeness import PROPERTIES
from model.explanations import STATE_NAMES, Explanation, figures_text, place_of, split_key, state_of
from model.findings import Finding, Item
from model.formats import Format
from model.numbers import Value
from model.report import Report
from model.rules import SEVERITY_NAMES, check, checks_of, count_by_severity
from model.textrules import TEXT_FIGURES, text_figure_items

Status = Literal["passed", "failed", "explained", "stale"]
STATUS_NAMES: dict[str, str] = {"passed": "通过", "failed": "未通过", "explained": "已说明", "stale": "说明待复核"}
ZERO_ADVICE = "正式报送时请填写0"
SUBMITTED_ZERO_TABLES = ("requests", "appeals")  # 三 and 四: blank cells must read 0 when submitted
BLANK_NAMES_SHOWN = 30


@dataclass(frozen=True)
class Entry:
    """One thing checked: what, whether it holds, and the finding and explanation if not."""

    item: Item
    status: Status
    finding: Finding | None = None
    explanation: str = ""

    @property
    def mark(self) -> str:
        """〔通过〕, 〔错误〕, 〔警告〕, 〔提示〕, 〔已说明〕 or 〔说明待复核〕."""
        if self.status == "failed" and self.finding is not None:
            return f"〔{SEVERITY_NAMES[self.finding.severity]}〕"
        return f"〔{STATUS_NAMES[self.status]}〕"

    @property
    def text(self) -> str:
        return self.finding.message if self.finding is not None else self.item.description


@dataclass(frozen=True)
class SectionReview:
    id: str  # "" for the report's properties (unit, year)
    heading: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class ExplanationEntry:
    """An explanation in the file, the finding it belongs to (None if that problem is gone)."""

    key: str
    rule: str
    explanation: Explanation
    state: str  # current / stale / unmatched
    finding: Finding | None

    @property
    def state_name(self) -> str:
        return STATE_NAMES[self.state]

    def about(self, fmt: Format) -> str:
        """The finding it explains, or where that finding was (问题已消除)."""
        return f"{self.finding.place}：{self.finding.message}" if self.finding else place_of(fmt, self.key)


@dataclass(frozen=True)
class Review:
    report: Report
    sections: tuple[SectionReview, ...]
    findings: tuple[Finding, ...]
    explanations: tuple[ExplanationEntry, ...]
    blank: tuple[str, ...]  # cells of 三 and 四 still blank (正式报送时请填写0)
    counts: Mapping[str, int]

    @property
    def entries(self) -> list[Entry]:
        return [e for s in self.sections for e in s.entries]

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" for f in self.findings)

    @property
    def passed(self) -> int:
        return sum(1 for e in self.entries if e.status == "passed")

    def headline(self) -> str:
        """「共核对 120 项：通过 115 项；2 处错误 · 1 处警告 · 2 处已说明」."""
        counts = self.counts
        parts = [f"{counts[s]} 处{name}" for s, name in SEVERITY_NAMES.items() if counts[s]]
        parts += [f"{counts['stale']} 处说明待复核"] if counts["stale"] else []
        parts += [f"{counts['explained']} 处已说明"] if counts["explained"] else []
        return f"共核对 {len(self.entries)} 项：通过 {self.passed} 项" + (f"；{' · '.join(parts)}" if parts else "")

    def lines(self) -> list[str]:
        """The review as plain text, section by section (the command line prints this)."""
        lines: list[str] = []
        for section in self.sections:
            lines += ["", section.heading]
            lines += [f"  {entry.mark}{entry.text}" for entry in section.entries]
        if self.explanations:
            lines += ["", f"说明（共 {len(self.explanations)} 条）"]
            for e in self.explanations:
                about = e.about(self.report.format)
                lines += [f"  〔{e.state_name}〕{about}", f"      说明：{e.explanation.text}"]
                if e.state == "stale" and e.explanation.figures is not None:
                    lines.append(f"      写说明时的数字：{figures_text(self.report.format, e.explanation.figures)}")
        if self.blank:
            names = "、".join(self.report.format.describe_cell(k) for k in self.blank[:BLANK_NAMES_SHOWN])
            more = f"等 {len(self.blank)} 格" if len(self.blank) > BLANK_NAMES_SHOWN else ""
            lines += ["", f"{ZERO_ADVICE}（{len(self.blank)} 个空白单元格）：{names}{more}"]
        return lines

    def to_json(self, file_name: str, sha256: str, day: str) -> dict[str, Any]:
        """The review as the command line's --json prints it (shape documented in docs/FORMATS.md)."""
        report = self.report
        return {
            "report": {"unit": report.unit, "year": report.year, "format": report.format.id,
                       "format_name": report.format.name, "title": report.title},
            "file": {"name": file_name, "sha256": sha256},
            "date": day,
            "counts": {**self.counts, "passed": self.passed, "checked": len(self.entries)},
            "sections": [{"id": s.id, "heading": s.heading, "checks": [_entry_json(e) for e in s.entries]}
                         for s in self.sections],
            "explanations": [{"key": e.key, "rule": e.rule, "state": e.state, "text": e.explanation.text,
                              "figures": None if e.explanation.figures is None else dict(e.explanation.figures),
                              "finding": e.finding.message if e.finding else None}
                             for e in self.explanations],
            "blank": {"advice": ZERO_ADVICE, "cells": list(self.blank)},
        }


def _entry_json(entry: Entry) -> dict[str, Any]:
    finding = entry.finding
    span = finding.span if finding is not None else None
    return {"rule": entry.item.rule, "severity": entry.item.severity, "status": entry.status,
            "key": entry.item.key, "description": entry.item.description,
            "message": finding.message if finding else None,
            "cells": list(finding.cells) if finding else [],
            "text": None if span is None else {"section": span.section, "start": span.start, "end": span.end},
            "explanation": entry.explanation or None}


def _items(report: Report) -> list[Item]:
    """Everything the report's checks verify, in check order (text figures as found)."""
    items: list[Item] = []
    text_sections = {s.id: s for s in report.format.text_sections()}
    for check_ in checks_of(report.format):
        if check_.rule == TEXT_FIGURES:
            items += text_figure_items(report, text_sections[check_.texts[0]])
        else:
            items += check_.items
    return items


def _entry(item: Item, finding: Finding | None, report: Report) -> Entry:
    if finding is None:
        return Entry(item, "passed")
    explanation = report.explanations.get(finding.key)
    text = explanation.text if explanation is not None else ""
    status: Status = "explained" if finding.explained else "stale" if finding.stale else "failed"
    return Entry(item, status, finding, text)


def _headings(fmt: Format) -> dict[str, str]:
    return {"": PROPERTIES, **{s.id: s.heading for s in fmt.sections}}


def blank_for_submission(report: Report) -> list[str]:
    """Blank cells of 三 and 四, which the submitted report must show as 0."""
    return [key for table in SUBMITTED_ZERO_TABLES if table in report.format.tables
            for key in report.format.tables[table].cell_keys() if key not in report.values]


def zero_for_blanks(report: Report, keys: Iterable[str]) -> dict[str, Value]:
    """The changes that fill the blank cells among `keys` with 0 (Decimal 0 for amounts),
    leaving totals the program computes alone."""
    kinds = report.format.cell_kinds()
    return {key: Decimal(0) if kinds[key] == "amount" else 0 for key in keys
            if key in kinds and key not in report.values and not report.is_computed(key)}


def build_review(report: Report) -> Review:
    """The review of the report as it is now."""
    findings = check(report)
    by_key = {f.key: f for f in findings}
    grouped: dict[str, list[Entry]] = {key: [] for key in _headings(report.format)}
    covered: set[str] = set()
    for item in _items(report):
        finding = by_key.get(item.key)
        covered.add(item.key)
        grouped[item.section].append(_entry(item, finding, report))
    for finding in findings:  # a finding no item names still shows (never hidden)
        if finding.key not in covered:
            item = Item(finding.rule, finding.severity, finding.anchor, finding.section, finding.place, finding.message)
            grouped[finding.section].append(_entry(item, finding, report))
    headings = _headings(report.format)
    sections = tuple(SectionReview(section_id, headings[section_id], tuple(entries))
                     for section_id, entries in grouped.items() if entries)
    explanations = tuple(
        ExplanationEntry(key, split_key(key)[0], explanation, state_of(key, explanation, by_key), by_key.get(key))
        for key, explanation in report.explanations.items())
    return Review(report, sections, tuple(findings), explanations, tuple(blank_for_submission(report)),
                  count_by_severity(findings))


def explained_findings(report: Report) -> list[ExplanationEntry]:
    """Each finding that has an explanation (current or 待复核), for the 审核情况说明 that
    travels with the deliverables. Without explanations there is nothing to review for it (every
    Excel export asks)."""
    if not report.explanations:
        return []
    return [e for e in build_review(report).explanations if e.finding is not None]


def file_sha256(path: str | Path) -> str:
    """The SHA-256 of the project file as received, so a reviewer can recompute it."""
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def today() -> str:
    return date.today().isoformat()
