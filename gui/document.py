"""The open report as the window sees it: the model, its checker, its undo stack, its file.

Every change to cells, narrative text, explanations or report properties goes through a named
undo command (gui.commands) on the one undo stack, so views never touch `Report` directly,
each edit is one undo step in the order the clerk made them, and the stack's clean state is
the report's saved state.
"""
from __future__ import annotations

import copy
from datetime import date
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from gui.commands import (ExplainCommand, LinkLastYearCommand, Properties, PropertiesCommand, SetCellsCommand,
                          TextEditCommand)
from model.entry import mark_pending
from model.explanations import Explanation
from model.history import save_with_history
from model.lastyear import LastYearTexts
from model.numbers import Value
from model.report import Report
from model.rules import Checker, Finding
from model.storage import DiskState
from model.summaries import recompute_totals_on_open
from model.text import clean_user_text
from model.textrules import TEXT_REPEATED


class Keep(Enum):
    """A property set_properties leaves as it is."""

    CURRENT = "current"


class ReportDocument(QObject):
    """One open report. Signals tell views what changed, so nothing polls."""

    cellsChanged = Signal(object)  # set[str]: keys whose value or highlight may have changed
    findingsChanged = Signal()
    textChanged = Signal(str)  # section id
    propertiesChanged = Signal()  # unit, year, auto_totals, amount_unit, issued, intro
    modifiedChanged = Signal(bool)
    pathChanged = Signal()
    saved = Signal()
    cellsRevealed = Signal(object)  # list[str]: cells an undo or redo changed, to be shown
    textRevealed = Signal(str, int)  # section id, cursor position: text an undo or redo changed
    noted = Signal(str)  # something the clerk should know, e.g. damaged characters replaced
    announced = Signal(str)  # what an edit, undo or redo just did, for the status bar
    pendingChanged = Signal()  # the figure in an open cell editor changed (see set_pending)

    def __init__(self, report: Report, path: Path | None = None, parent: QObject | None = None, *,
                 disk_state: DiskState | None = None) -> None:
        """Totals the program computes that disagree with their rows are recomputed first
        (`totals_note` says which, for the window to show); the document then differs from
        its file until saved."""
        super().__init__(parent)
        self.report = report
        self.totals_note = recompute_totals_on_open(report)
        # What the file held when this document was loaded from it or last saved to it: saving
        # over anything else asks first (model.storage.changed_on_disk).
        self.disk_state = disk_state
        self.checker = Checker(report)
        self.undo_stack = QUndoStack(self)
        self._path = path
        self._by_cell: dict[str, list[Finding]] | None = None
        self._shown: list[Finding] | None = None
        self.pending: dict[str, Value | None] = {}
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        if self.totals_note:
            self.undo_stack.resetClean()

    # --- state -----------------------------------------------------------------------------

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def modified(self) -> bool:
        return not self.undo_stack.isClean()

    @property
    def findings(self) -> list[Finding]:
        """The checker's findings as the window shows them: parts the clerk has not started
        marked 待填写 (model.entry)."""
        if self._shown is None:
            self._shown = mark_pending(self.report, self.checker.findings)
        return self._shown

    def findings_for(self, key: str) -> list[Finding]:
        """Findings that involve one cell (for its highlight and tooltip).

        Views ask once per painted cell, so the cell → findings index is built once per change.
        """
        if self._by_cell is None:
            index: dict[str, list[Finding]] = {}
            for finding in self.findings:
                for cell in finding.cells:
                    index.setdefault(cell, []).append(finding)
            self._by_cell = index
        return self._by_cell.get(key, [])

    def is_editable(self, key: str) -> bool:
        """A value cell the clerk may type into (not a total the program computes)."""
        return not self.report.is_computed(key)

    def _clean_changed(self, _clean: bool) -> None:
        self.modifiedChanged.emit(self.modified)

    def _announce(self, cells: set[str]) -> None:
        """Tell the views which cells changed, after the findings index is rebuilt on demand."""
        self._by_cell = None
        self._shown = None
        self.cellsChanged.emit(cells)
        self.findingsChanged.emit()

    def announce(self, message: str) -> None:
        """Say what an edit, an undo or a redo did (gui.commands)."""
        self.announced.emit(message)

    # --- edits -----------------------------------------------------------------------------

    def set_cells(self, changes: dict[str, Value | None], verb: str = "输入", name: str = "") -> None:
        """Set several cells as one undo step named by `verb` (输入, 粘贴, 清除 …) or `name`."""
        if all(self.report.values.get(key) == value for key, value in changes.items()):
            return
        self.undo_stack.push(SetCellsCommand(self, changes, verb, name))

    def fill_blank_zero(self, table_ids: list[str]) -> int:
        """空白单元格填 0 in these tables, as one undo step; how many cells were filled."""
        from model.review import zero_for_blanks  # the review's rule, loaded with the review (not at start)
        tables = self.report.format.tables
        changes = zero_for_blanks(self.report, [key for table in table_ids for key in tables[table].cell_keys()])
        if changes:
            fmt = self.report.format
            numbers = "、".join(dict.fromkeys(fmt.section_of_table(t).number for t in table_ids))
            self.set_cells(dict(changes), name=f"将 {len(changes)} 个空白单元格填 0（{numbers}）")
        return len(changes)

    def set_pending(self, changes: dict[str, Value | None]) -> None:
        """The figure the clerk is typing in a cell editor, not yet committed ({} when none):
        kept in recovery copies (`recovery_report`), never in the report or the undo history."""
        if changes != self.pending:
            self.pending = dict(changes)
            self.pendingChanged.emit()

    @property
    def has_unsaved_work(self) -> bool:
        """Changes since the last save, or a figure still being typed."""
        return self.modified or bool(self.pending)

    def recovery_report(self) -> Report:
        """What a recovery copy keeps: the report with the figure still being typed."""
        if not self.pending:
            return self.report
        report = copy.copy(self.report)
        report.values = dict(self.report.values)
        for key, value in self.pending.items():
            report.set_value(key, value)
        if report.auto_totals:
            report.recompute_totals()
        return report

    def _clean(self, text: str, place: str) -> str:
        """Typed or pasted text as the report can keep it (model.text), telling the clerk if not."""
        notes: list[str] = []
        cleaned = clean_user_text(text, place, notes)
        for note in notes:
            self.noted.emit(note)
        return cleaned

    def set_explanation(self, finding: Finding, text: str) -> None:
        """Write, rewrite or confirm (same text) the explanation of one finding, for its current
        figures; an empty text removes it."""
        text = self._clean(text, "说明")
        old = self.report.explanations.get(finding.key)
        if old is None and not text or old is not None and old.text == text and not finding.stale:
            return
        self.undo_stack.push(ExplainCommand(self, finding, text))

    def set_properties(self, unit: str, year: int, auto_totals: bool, amount_unit: str | Keep = Keep.CURRENT,
                       issued: date | None | Keep = Keep.CURRENT, intro: str | Keep = Keep.CURRENT) -> None:
        """Change the report's unit, year, automatic-totals switch, chosen unit of amounts,
        成文日期 (None: the day of export) or 引言 (empty: none), all as one undo step;
        Keep.CURRENT leaves one as it is."""
        report = self.report
        unit = self._clean(unit, "单位名称")
        new = Properties(unit, year, auto_totals,
                         report.amount_unit if amount_unit is Keep.CURRENT else amount_unit,
                         report.issued if issued is Keep.CURRENT else issued,
                         report.intro if intro is Keep.CURRENT else self._clean(intro, "引言"))
        if new == Properties.of(report):
            return
        self.undo_stack.push(PropertiesCommand(self, new))

    def link_last_year(self, linked: LastYearTexts) -> None:
        """Compare the texts with last year's from now on (关联上年报告), as one undo step; texts
        the same as those known already change nothing, which the status bar says."""
        if linked.texts == self.report.previous_texts:
            self.announce(f"上年报告“{linked.file}”的文字已关联，未作改动")
            return
        self.undo_stack.push(LinkLastYearCommand(self, linked))

    def set_text(self, section_id: str, text: str, caret: int | None = None, verb: str | None = None) -> None:
        """A section's new text, as an undo step. `caret`, the editor's cursor after the clerk
        typed, lets a typing run merge into one step (see gui.commands); None (a paste, a
        change made by the program) keeps the step separate, as does a `verb` naming it."""
        text = self._clean(text, next(s.heading for s in self.report.format.sections if s.id == section_id))
        if self.report.texts.get(section_id, "") == text:
            return
        self.undo_stack.push(TextEditCommand(self, section_id, text, caret, verb))

    # --- applying either side of an edit (for gui.commands) --------------------------------

    def apply_cells(self, values: dict[str, Value | None]) -> None:
        for key, value in values.items():
            self.report.set_value(key, value)
        changed = set(values)
        if self.report.auto_totals:
            changed |= self.report.recompute_totals()
        touched = self.checker.recheck(keys=changed)
        started = {key for f in self.findings if not changed.isdisjoint(f.cells) for key in f.cells}
        self._announce(changed | touched | started)  # `started`: a part may be 待填写 no more

    def apply_text(self, section_id: str, text: str) -> None:
        self.report.texts[section_id] = text
        version = self.checker.version
        touched = self.checker.recheck(texts=[section_id])  # the text rules of this section
        self.textChanged.emit(section_id)  # after the recheck: the editor underlines once, with the new findings
        if self.checker.version != version:
            self._announce(touched)

    def apply_explanation(self, finding: Finding, explanation: Explanation | None) -> None:
        if explanation is not None:
            self.report.explanations[finding.key] = explanation
        else:
            self.report.explanations.pop(finding.key, None)
        self._announce(self.checker.recheck(rules=[finding.rule]) | set(finding.cells))

    def apply_properties(self, props: Properties, values: dict[str, Value] | None = None) -> None:
        report = self.report
        report.unit, report.year, report.auto_totals, report.amount_unit, report.issued, report.intro = props
        if values is not None:
            report.values = dict(values)
        elif report.auto_totals:
            report.recompute_totals()
        self.checker.recheck_all()
        self.propertiesChanged.emit()
        self._announce(set(report.format.cell_kinds()))

    def apply_previous_texts(self, texts: dict[str, str]) -> None:
        self.report.previous_texts = dict(texts)
        self._announce(self.checker.recheck(rules=[TEXT_REPEATED]))

    def reveal_cells(self, keys: list[str]) -> None:
        self.cellsRevealed.emit(keys)

    def reveal_text(self, section_id: str, position: int) -> None:
        self.textRevealed.emit(section_id, position)

    # --- file ------------------------------------------------------------------------------

    def save(self, path: Path | None = None) -> str | None:
        """Save to `path` (or the current file), keeping the version it replaces in the history;
        raises ProjectError, keeping everything as is. Returns a warning for the clerk when the
        version replaced could not be kept."""
        target = path or self._path
        if target is None:
            raise ValueError("save() needs a path for a report that has none")
        saved = save_with_history(self.report, target)
        self.disk_state = saved.state
        if target != self._path:
            self._path = target
            self.pathChanged.emit()
        self.undo_stack.setClean()  # modifiedChanged follows through cleanChanged
        self.saved.emit()
        return saved.warning

