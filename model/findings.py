"""What a check finds, and what a check is: the vocabulary shared by the relation rules
(model.rules) and the text and completeness rules (model.textrules)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from model.explanations import key_of, lookup
from model.report import Report


@dataclass(frozen=True)
class TextSpan:
    """Where in a narrative section a finding is: characters [start, end) of its text."""

    section: str
    start: int
    end: int


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    cells: tuple[str, ...]
    message: str
    place: str  # the section (and sub-table) the finding belongs to, as the clerk reads it
    explained: bool = False  # a warning the clerk has explained for its current figures
    anchor: str = ""  # what identifies the finding within its rule (a cell, a section, …)
    basis: tuple[tuple[str, str], ...] = ()  # the figures it was found with (name → as shown)
    stale: bool = False  # explained, but for other figures: 待复核
    section: str = ""  # the id of the section it belongs to
    span: TextSpan | None = None  # the statement in a narrative text, for text findings
    pending: bool = False  # 待填写: a part the clerk has not started (model.entry; the window's view only)

    @property
    def table(self) -> str:
        return self.cells[0].split(".")[0] if self.cells else ""

    @property
    def key(self) -> str:
        """The key of its explanation in the project file: 「rule@anchor」."""
        return key_of(self.rule, self.anchor)


Evaluate = Callable[[Report], list[Finding]]


@dataclass(frozen=True)
class Item:
    """One thing a check verifies, as the review lists it whether it holds or not."""

    rule: str
    severity: str
    anchor: str
    section: str
    place: str
    description: str

    @property
    def key(self) -> str:
        return key_of(self.rule, self.anchor)


@dataclass(frozen=True)
class Check:
    """One unit of checking: the cells and texts it reads, how to evaluate it, what it verifies.

    `texts` are narrative sections read through live fields, so the check also reads the cells
    those fields name (model.fields), which the Checker tracks as the texts change.
    """

    reads: tuple[str, ...]
    evaluate: Evaluate
    rule: str
    items: tuple[Item, ...] = ()
    texts: tuple[str, ...] = ()


def finding(report: Report, rule: str, severity: str, cells: tuple[str, ...], message: str,
            place: str, anchor: str, basis: tuple[tuple[str, str], ...], section: str,
            span: TextSpan | None = None) -> Finding:
    """A finding with its explanation state looked up (only warnings can be explained)."""
    explained = stale = False
    if severity == "warning":
        explained, stale = lookup(report.explanations, rule, anchor, basis)
    return Finding(rule, severity, cells, message, place, explained, anchor, basis, stale, section, span)
