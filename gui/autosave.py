"""Recovery copies of the open report, written in the background a moment after each edit.

The copy is written once the clerk pauses typing (QUIET_MS), and never later than MAX_DELAY_MS
after the first unsaved edit even if typing goes on, so after a crash every edit older than two
seconds is in the copy. The copy is removed when the report is saved, undone back to its saved
state, or closed (saved, deliberately discarded, or clean). Read-only reports write nothing:
their file belongs to another window, whose copy must not be touched.

The copy is written by a background thread from a snapshot of the report (model.recovery
.snapshot): a 汇总 of thousands of units takes a good part of a second to write, which must not
freeze typing. One thread does all writes and removals in order, so a removal is never undone
by a write still under way.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QElapsedTimer, QObject, QTimer, Signal

from gui.document import ReportDocument
from gui.file_lock import is_read_only
from model.appdirs import data_problem
from model.recovery import discard_own, snapshot, write_recovery
from model.report import Report
from model.storage import DiskState

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

_EDIT_SIGNALS = ("cellsChanged", "textChanged", "propertiesChanged", "modifiedChanged", "pendingChanged")

QUIET_MS = 1000
MAX_DELAY_MS = 1500

log = logging.getLogger(__name__)


class Autosave(QObject):
    """Follows the window's document (connect `attach` to documentChanged)."""

    failed = Signal(str)  # a Chinese message when the copy could not be written
    _refused = Signal(object)  # the OSError of a write, from the writing thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document: ReportDocument | None = None
        self._written: Path | None = None  # the copy this window wrote last (used by the writer only)
        self._thread: ThreadPoolExecutor | None = None  # started when first needed, not with the window
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.flush)
        self._pending_since = QElapsedTimer()
        self._refused.connect(self._tell)

    def attach(self, document: ReportDocument) -> None:
        """Follow a new document; the one it replaces was saved, discarded or clean."""
        if self.document is not None:
            if not is_read_only(self.document):
                self._disconnect(self.document)
            self.drop()
        self.document = document
        if is_read_only(document):
            return
        for name in _EDIT_SIGNALS:  # a figure being typed in a cell too (pendingChanged)
            getattr(document, name).connect(self.schedule)
        document.saved.connect(self.flush)
        if document.modified:
            self.schedule()

    def _disconnect(self, document: ReportDocument) -> None:
        for name in _EDIT_SIGNALS:
            getattr(document, name).disconnect(self.schedule)
        document.saved.disconnect(self.flush)

    def schedule(self, *_: object) -> None:
        """An edit happened: write after a pause, but no later than MAX_DELAY_MS from the first."""
        if not self._timer.isActive():
            self._pending_since.start()
        remaining = MAX_DELAY_MS - self._pending_since.elapsed()
        self._timer.start(max(0, min(QUIET_MS, remaining)))

    def flush(self) -> None:
        """Bring the copy up to date: written (in the background) while modified, with the figure
        still being typed in a cell (not committed: the clerk may be typing on), removed once clean."""
        self._timer.stop()
        document = self.document
        if document is None or is_read_only(document):
            return
        if not document.has_unsaved_work:
            self.drop()
            return
        self._writer().submit(self._write, snapshot(document.recovery_report()), document.path, document.disk_state)

    def _writer(self) -> ThreadPoolExecutor:
        """The one thread that writes and removes the copies."""
        if self._thread is None:
            from concurrent.futures import ThreadPoolExecutor
            self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="recovery-copy")
        return self._thread

    def _write(self, report: Report, path: Path | None, base: DiskState | None) -> None:
        """In the writing thread."""
        try:
            written = write_recovery(report, path, base)
        except OSError as exc:
            log.warning("could not write the recovery copy: %s", exc)
            self._refused.emit(exc)
            return
        if self._written is not None and self._written != written:
            self._written.unlink(missing_ok=True)  # the untitled copy of a report now saved as a file
        self._written = written

    def _tell(self, exc: OSError) -> None:
        message = data_problem(exc)  # told once per session, not on every pause in typing
        if message:
            self.failed.emit(message)

    def drop(self) -> None:
        """Remove this window's copies of the current document (it was saved, discarded or
        closed), after any write still under way; returns once they are gone."""
        self._timer.stop()
        document = self.document
        if document is None or is_read_only(document):
            return
        self._writer().submit(self._remove, document.path).result()

    def _remove(self, path: Path | None) -> None:
        """In the writing thread."""
        try:
            if self._written is not None:
                self._written.unlink(missing_ok=True)
            discard_own(path)  # also a copy the error hook wrote
        except OSError as exc:
            log.warning("could not remove the recovery copy: %s", exc)
        self._written = None
