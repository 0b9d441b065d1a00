"""The open report as the window sees it: the model, its checker, its undo stack, its file.

Every change to cells, narrative text, explanations or report properties goes through a named
undo command (gui.commands) on the one undo stack, so views never touch `Report` directly,
each edit is one undo step in the order the clerk made them, and the stack's clean state is
the report's saved state.
"""
from __future__ import annotations

import copy
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from gui.commands import ExplainCommand, Properties, PropertiesCommand, SetCellsCommand, TextEditCommand
from model.entry import fill_blank_zero, mark_pending
from model.history import save_with_history
from model.numbers import Value
from model.report import Report
from model.rules import Checker, Finding
from model.summaries import recompute_totals_on_open


class ReportDocument(QObject):
    """One open report. Signals tell views what changed, so nothing polls."""

    cellsChanged = Signal(object)  # set[str]: keys whose value or highlight may have changed
    findingsChanged = Signal()
    textChanged = Signal(str)  # section id
    propertiesChanged = Signal()  # unit, year, auto_totals
    modifiedChanged = Signal(bool)
    pathChanged = Signal()
    saved = Signal()
    cellsRevealed = Signal(object)  # list[str]: cells an undo or redo changed, to be shown
    textRevealed = Signal(str, int)  # section id, cursor position: text an undo or redo changed
    announced = Signal(str)  # what an edit, undo or redo just did, for the status bar
    pendingChanged = Signal()  # the figure in an open cell editor changed (see set_pending)

    def __init__(self, report: Report, path: Path | None = None, parent: QObject | None = None) -> None:
        """Totals the program computes that disagree with their rows are recomputed first
        (`totals_note` says which, for the window to show); the document then differs from
        its file until saved."""
        super().__init__(parent)
        self.report = report
        self.totals_note = recompute_totals_on_open(report)
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
        changes = fill_blank_zero(self.report, table_ids)
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

    def set_explanation(self, rule: str, text: str) -> None:
        if self.report.explanations.get(rule, "") == text:
            return
        self.undo_stack.push(ExplainCommand(self, rule, text))

    def set_properties(self, unit: str, year: int, auto_totals: bool) -> None:
        """Change the report's unit, year or the automatic-totals switch, as one undo step."""
        report = self.report
        if (unit, year, auto_totals) == (report.unit, report.year, report.auto_totals):
            return
        self.undo_stack.push(PropertiesCommand(self, (unit, year, auto_totals)))

    def set_text(self, section_id: str, text: str, caret: int | None = None) -> None:
        """A section's new text, as an undo step. `caret`, the editor's cursor after the clerk
        typed, lets a typing run merge into one step (see gui.commands); None (a paste, a
        change made by the program) keeps the step separate."""
        if self.report.texts.get(section_id, "") == text:
            return
        self.undo_stack.push(TextEditCommand(self, section_id, text, caret))

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
        self.textChanged.emit(section_id)

    def apply_explanation(self, rule: str, text: str) -> None:
        if text:
            self.report.explanations[rule] = text
        else:
            self.report.explanations.pop(rule, None)
        self._announce(self.checker.recheck(rules=[rule]))

    def apply_properties(self, props: Properties, values: dict[str, Value] | None = None) -> None:
        report = self.report
        report.unit, report.year, report.auto_totals = props
        if values is not None:
            report.values = dict(values)
        elif report.auto_totals:
            report.recompute_totals()
        self.checker.recheck_all()
        self.propertiesChanged.emit()
        self._announce(set(report.format.cell_kinds()))

    def reveal_cells(self, keys: list[str]) -> None:
        self.cellsRevealed.emit(keys)

    def reveal_text(self, section_id: str, position: int) -> None:
        self.textRevealed.emit(section_id, position)

    # --- file ------------------------------------------------------------------------------

    def save(self, path: Path | None = None) -> None:
        """Save to `path` (or the current file), keeping the version it replaces in the history;
        raises ProjectError, keeping everything as is."""
        target = path or self._path
        if target is None:
            raise ValueError("save() needs a path for a report that has none")
        save_with_history(self.report, target)
        if target != self._path:
            self._path = target
            self.pathChanged.emit()
        self.undo_stack.setClean()  # modifiedChanged follows through cleanChanged
        self.saved.emit()

