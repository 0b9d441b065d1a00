"""The clerk's edits as named undo steps: what 编辑 ▸ 撤销 names and undoes.

Every edit of a report — figures, narrative text, explanations, properties — is one of these
commands on the document's single QUndoStack, so undo follows the order of the clerk's edits
across the whole report. A command keeps both sides of its edit and lets the document apply
either (the document recomputes totals, rechecks and tells the views). Undoing or redoing —
not the first doing, which the clerk just watched — asks the views to show the place of the
edit (its cells, or its text with the cursor there), so what changed is in sight even when
the clerk was on another tab. Each doing, undoing and redoing says what it did (「已粘贴 15 个
单元格（三）」, 「已撤销：…」) for the status bar, so an older message never outlives it; only a
text edit says nothing when first done (the clerk watches it happen, and a note about what was
typed — 「无效字符…」 — must stay in sight).

Typing runs merge as in Word. A text edit joins the step before it while all of these hold:
it is in the same section; that step is the last thing done (any other edit, an undo or a
redo, or saving ends the run: QUndoStack only merges into the latest command, never into the
saved state); it touches the cursor where the run left it (typing on, Backspace or Delete
there — clicking elsewhere and typing starts a new step); and neither is a paste or a change
made by the program. A run that ends where it began (typed, then erased) is no step at all.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple, Protocol

from PySide6.QtGui import QUndoCommand

from model.explanations import Explanation, written_for
from model.findings import Finding
from model.formats import Format
from model.lastyear import LastYearTexts
from model.numbers import Value
from model.report import Report

TEXT_RUN_ID = 1  # QUndoStack tries mergeWith only between commands of the same id


class Properties(NamedTuple):
    """What 报告属性 edits, as one step: the report's unit, year, automatic-totals switch,
    chosen unit of amounts (2019 采购总金额), 成文日期 (None: the day of export) and 引言."""

    unit: str
    year: int
    auto_totals: bool
    amount_unit: str
    issued: date | None
    intro: str

    @classmethod
    def of(cls, report: Report) -> "Properties":
        return cls(report.unit, report.year, report.auto_totals, report.amount_unit, report.issued, report.intro)


class Target(Protocol):
    """What a command needs of the document it edits (gui.document.ReportDocument)."""

    report: Report

    def apply_cells(self, values: dict[str, Value | None]) -> None: ...

    def apply_text(self, section_id: str, text: str) -> None: ...

    def apply_explanation(self, finding: Finding, explanation: Explanation | None) -> None: ...

    def apply_properties(self, props: Properties, values: dict[str, Value] | None = None) -> None: ...

    def apply_previous_texts(self, texts: dict[str, str]) -> None: ...

    def announce(self, message: str) -> None: ...

    def reveal_cells(self, keys: list[str]) -> None: ...

    def reveal_text(self, section_id: str, position: int) -> None: ...


@dataclass(frozen=True)
class TextChange:
    """One edit of a text: `removed` at `start` replaced by `added`."""

    start: int
    removed: str
    added: str

    @classmethod
    def between(cls, old: str, new: str, caret: int | None = None) -> "TextChange":
        """The edit that made `new` from `old`. Where that is ambiguous (typing 「好」 after
        「好」), the caret after the edit decides: the text after it was there before."""
        tail = len(new) - caret if caret is not None else -1
        if not (0 <= tail <= len(old) and old[len(old) - tail:] == new[len(new) - tail:]):
            tail = _common_prefix(old[::-1], new[::-1])
        tail = min(tail, len(old), len(new))
        start = _common_prefix(old[:len(old) - tail], new[:len(new) - tail])
        return cls(start, old[start:len(old) - tail], new[start:len(new) - tail])

    def touches(self, position: int) -> bool:
        """True when the edit starts, ends or lies at `position` of the old text."""
        return self.start <= position <= self.start + len(self.removed)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def cells_text(fmt: Format, verb: str, keys: list[str]) -> str:
    """「输入“三 · 一 · 自然人”」, or 「粘贴 4 个单元格（三）」 for several cells."""
    if len(keys) == 1:
        return f"{verb}“{fmt.describe_cell(keys[0], with_section=True)}”"
    sections = [fmt.section_of_table(key.split(".")[0]) for key in keys]
    numbers = "、".join(dict.fromkeys(s.number for s in sections))
    return f"{verb} {len(keys)} 个单元格（{numbers}）"


class _Edit(QUndoCommand):
    """Do or undo one side of an edit; show where it happened, except when first done."""

    def __init__(self, target: Target, text: str) -> None:
        super().__init__(text)
        self.target = target
        self._done = False

    def redo(self) -> None:
        self._apply(after=True)
        if self._done:
            self._reveal(after=True)
            self.target.announce(f"已重做：{self.text()}")
        elif self.done_message():
            self.target.announce(self.done_message())
        self._done = True

    def undo(self) -> None:
        self._apply(after=False)
        self._reveal(after=False)
        self.target.announce(f"已撤销：{self.text()}")

    def done_message(self) -> str:
        """What the status bar says when the edit is first done ("" for nothing)."""
        return f"已{self.text()}"

    def _apply(self, after: bool) -> None:
        raise NotImplementedError

    def _reveal(self, after: bool) -> None:
        """Show the place of the edit (nothing for edits without one)."""


class SetCellsCommand(_Edit):
    """Figures typed, pasted or cleared: one step however many cells, named after what was
    done to them (`verb`), or `name` where that says more (「将 42 个空白单元格填 0（三）」)."""

    def __init__(self, target: Target, changes: dict[str, Value | None], verb: str, name: str = "") -> None:
        super().__init__(target, name or cells_text(target.report.format, verb, list(changes)))
        self.changes = dict(changes)
        self.old = {key: target.report.values.get(key) for key in changes}

    def _apply(self, after: bool) -> None:
        self.target.apply_cells(self.changes if after else self.old)

    def _reveal(self, after: bool) -> None:
        self.target.reveal_cells(list(self.changes))


class TextEditCommand(_Edit):
    """An edit of a narrative section; a typing run grows into one step (module docstring)."""

    def __init__(self, target: Target, section_id: str, new: str, caret: int | None = None,
                 verb: str | None = None) -> None:
        """`caret`: where the editor's cursor is after the clerk typed; None for a paste or
        a change made by the program, which never merges. `verb` names a step of its own
        (「插入表格数字」)."""
        self.section_id = section_id
        self.before = target.report.texts.get(section_id, "")
        self.after = new
        change = TextChange.between(self.before, new, caret)
        self.change = change
        self.typing = caret is not None and verb is None
        self.caret_before = change.start + len(change.removed)
        self.caret_after = change.start + len(change.added)
        self.open = True  # may still take the next keystroke
        verb = verb or ("粘贴文字" if not self.typing else "删除文字" if change.removed and not change.added else "输入文字")
        section = next(s for s in target.report.format.sections if s.id == section_id)
        super().__init__(target, f"{verb}（{section.heading}）")

    def id(self) -> int:
        return TEXT_RUN_ID

    def done_message(self) -> str:
        return ""  # the text changes where the clerk is looking (and a note on it may need the bar)

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (isinstance(other, TextEditCommand) and other.section_id == self.section_id
                and self.open and self.typing and other.typing and other.change.touches(self.caret_after)):
            return False
        self.after, self.caret_after = other.after, other.caret_after
        self.setObsolete(self.after == self.before)
        return True

    def redo(self) -> None:
        if self._done:
            self.open = False
        super().redo()

    def undo(self) -> None:
        self.open = False
        super().undo()

    def _apply(self, after: bool) -> None:
        self.target.apply_text(self.section_id, self.after if after else self.before)

    def _reveal(self, after: bool) -> None:
        self.target.reveal_text(self.section_id, self.caret_after if after else self.caret_before)


class ExplainCommand(_Edit):
    """The explanation of one warning written, rewritten, confirmed for the figures of now
    (same text) or removed (empty text)."""

    def __init__(self, target: Target, finding: Finding, text: str) -> None:
        old = target.report.explanations.get(finding.key)
        name = "删除说明" if not text else "确认说明" if old is not None and old.text == text else "填写说明"
        super().__init__(target, name)
        self.finding = finding
        self.old = old
        self.new = written_for(finding, text) if text else None

    def _apply(self, after: bool) -> None:
        self.target.apply_explanation(self.finding, self.new if after else self.old)

    def _reveal(self, after: bool) -> None:
        if self.finding.cells:
            self.target.reveal_cells(list(self.finding.cells))


class PropertiesCommand(_Edit):
    """Unit, year, the automatic-totals switch, the chosen unit of amounts, 成文日期 or 引言
    changed (undo brings back the figures the totals had, which switching automatic totals on
    may have recomputed)."""

    def __init__(self, target: Target, props: Properties) -> None:
        super().__init__(target, "修改报告属性")
        report = target.report
        self.new = props
        self.old = Properties.of(report)
        self.old_values = dict(report.values)

    def _apply(self, after: bool) -> None:
        if after:
            self.target.apply_properties(self.new)
        else:
            self.target.apply_properties(self.old, self.old_values)


class LinkLastYearCommand(_Edit):
    """「关联上年报告“…”」: last year's texts, which text_repeated compares with, taken from a
    file; undo brings back the texts known before (from 由上年报告新建 or an earlier link)."""

    def __init__(self, target: Target, linked: LastYearTexts) -> None:
        super().__init__(target, f"关联上年报告“{linked.file}”")
        self.linked = linked
        self.old = dict(target.report.previous_texts)

    def done_message(self) -> str:
        return self.linked.summary()

    def _apply(self, after: bool) -> None:
        self.target.apply_previous_texts(self.linked.texts if after else self.old)
