"""The open report as the window sees it: the model, its checker, its undo stack, its file.

Every change to cells, explanations or report properties goes through an undo command here,
so views never touch `Report` directly and each edit is one undo step. Narrative text keeps
its own undo inside the text editor (as in Word); it only marks the document modified here.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from model.explanations import Explanation, written_for
from model.history import save_with_history
from model.numbers import Value
from model.report import Report
from model.rules import Checker, Finding


class ReportDocument(QObject):
    """One open report. Signals tell views what changed, so nothing polls."""

    cellsChanged = Signal(object)  # set[str]: keys whose value or highlight may have changed
    findingsChanged = Signal()
    textChanged = Signal(str)  # section id
    propertiesChanged = Signal()  # unit, year, auto_totals
    modifiedChanged = Signal(bool)
    pathChanged = Signal()
    saved = Signal()

    def __init__(self, report: Report, path: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.checker = Checker(report)
        self.undo_stack = QUndoStack(self)
        self._path = path
        self._texts_modified = False
        self._by_cell: dict[str, list[Finding]] | None = None
        self.undo_stack.cleanChanged.connect(self._clean_changed)

    # --- state -----------------------------------------------------------------------------

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def folder(self) -> Path:
        """Where file dialogs open: the report's own folder, else the home folder."""
        return self._path.parent if self._path else Path.home()

    @property
    def modified(self) -> bool:
        return self._texts_modified or not self.undo_stack.isClean()

    @property
    def findings(self) -> list[Finding]:
        return self.checker.findings

    def findings_for(self, key: str) -> list[Finding]:
        """Findings that involve one cell (for its highlight and tooltip).

        Views ask once per painted cell, so the cell → findings index is built once per change.
        """
        if self._by_cell is None:
            index: dict[str, list[Finding]] = {}
            for finding in self.checker.findings:
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
        self.cellsChanged.emit(cells)
        self.findingsChanged.emit()

    # --- edits -----------------------------------------------------------------------------

    def set_cells(self, changes: dict[str, Value | None], description: str) -> None:
        """Set several cells as one undo step (a typed value, a paste, a clear)."""
        old = {key: self.report.values.get(key) for key in changes}
        if all(old[key] == value for key, value in changes.items()):
            return
        self.undo_stack.push(_Command(description, lambda: self._apply_cells(changes),
                                      lambda: self._apply_cells(old)))

    def set_explanation(self, finding: Finding, text: str) -> None:
        """Write, rewrite or confirm (same text) the explanation of one finding, for its current
        figures; an empty text removes it."""
        old = self.report.explanations.get(finding.key)
        new = written_for(finding, text) if text else None
        if old == new:
            return
        self.undo_stack.push(_Command("填写说明", lambda: self._apply_explanation(finding, new),
                                      lambda: self._apply_explanation(finding, old)))

    def set_properties(self, unit: str, year: int, auto_totals: bool) -> None:
        """Change the report's unit, year or the automatic-totals switch, as one undo step."""
        report = self.report
        new = (unit, year, auto_totals)
        old = (report.unit, report.year, report.auto_totals)
        old_values = dict(report.values)
        if new == old:
            return
        self.undo_stack.push(_Command("修改报告属性", lambda: self._apply_properties(new),
                                      lambda: self._apply_properties(old, old_values)))

    def set_text(self, section_id: str, text: str) -> None:
        """Narrative text typed in its editor (undo lives in the editor itself)."""
        if self.report.texts.get(section_id, "") == text:
            return
        self.report.texts[section_id] = text
        was_modified = self.modified
        self._texts_modified = True
        self.textChanged.emit(section_id)
        if not was_modified:
            self.modifiedChanged.emit(True)

    def _apply_cells(self, values: dict[str, Value | None]) -> None:
        for key, value in values.items():
            self.report.set_value(key, value)
        changed = set(values)
        if self.report.auto_totals:
            changed |= self.report.recompute_totals()
        touched = self.checker.recheck(keys=changed)
        self._announce(changed | touched)

    def _apply_explanation(self, finding: Finding, explanation: Explanation | None) -> None:
        if explanation is not None:
            self.report.explanations[finding.key] = explanation
        else:
            self.report.explanations.pop(finding.key, None)
        self._announce(self.checker.recheck(rules=[finding.rule]) | set(finding.cells))

    def _apply_properties(self, props: tuple[str, int, bool],
                          values: dict[str, Value] | None = None) -> None:
        report = self.report
        report.unit, report.year, report.auto_totals = props
        if values is not None:
            report.values = dict(values)
        elif report.auto_totals:
            report.recompute_totals()
        self.checker.recheck_all()
        self.propertiesChanged.emit()
        self._announce(set(report.format.cell_kinds()))

    # --- file ------------------------------------------------------------------------------

    def save(self, path: Path | None = None) -> None:
        """Save to `path` (or the current file), keeping the version it replaces in the history;
        raises ProjectError, keeping everything as is."""
        target = path or self._path
        if target is None:
            raise ValueError("save() needs a path for a report that has none")
        save_with_history(self.report, target)
        was_modified = self.modified
        self._texts_modified = False
        if target != self._path:
            self._path = target
            self.pathChanged.emit()
        self.undo_stack.setClean()
        self.saved.emit()
        if was_modified:
            self.modifiedChanged.emit(False)


class _Command(QUndoCommand):
    """An undo step from a pair of closures (the document knows how to apply either side)."""

    def __init__(self, text: str, redo: Callable[[], None], undo: Callable[[], None]) -> None:
        super().__init__(text)
        self._redo, self._undo = redo, undo

    def redo(self) -> None:
        self._redo()

    def undo(self) -> None:
        self._undo()
