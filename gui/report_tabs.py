"""One tab per section of the report, in official order, titled like the official headings.

A tab's title carries the number of open problems in it (errors and unexplained warnings) and
a coloured dot; its tooltip sums up all findings of the section.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from gui.document import ReportDocument
from gui.palette import state_icon
from gui.text_editor import HEADING_SCALE, TextSectionEditor
from gui.zoom import set_relative_font
from model.formats import Section
from model.rules import Finding, summary, worst_state

TITLES_DELAY_MS = 150

if TYPE_CHECKING:
    from gui.table_view import SectionTableView


def open_problems(findings: list[Finding]) -> list[Finding]:
    """What a tab counts: errors and warnings not yet explained, of parts the clerk has started."""
    return [f for f in findings if f.severity != "hint" and not f.explained and not f.pending]


PENDING_MARK = "（待填写）"  # a tab whose only open findings are of parts not started yet


def fitted_size(natural: QSize, available: QSize, bar: int) -> QSize:
    """The size of a view showing `natural` content in `available` room: all of it when it
    fits, else the room there is with a scroll bar (`bar` thick) where needed, so the
    frame never shows an empty band beside the table."""
    vertical = natural.height() > available.height()
    horizontal = natural.width() + (bar if vertical else 0) > available.width()
    if horizontal and not vertical:
        vertical = natural.height() + bar > available.height()
    return QSize(min(available.width(), natural.width() + (bar if vertical else 0)),
                 min(available.height(), natural.height() + (bar if horizontal else 0)))


class _FitBox(QWidget):
    """The room below a table's heading; the table sits in its top-left corner, as large as
    its content or the room allows."""

    def __init__(self, view: SectionTableView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        view.setParent(self)

    def sizeHint(self) -> QSize:
        return QSize(self.view.natural_width(), self.view.natural_height())

    def minimumSizeHint(self) -> QSize:
        return QSize(0, 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A table a few pixels too tall for the room squeezes its rows instead of scrolling."""
        bar = self.view.verticalScrollBar().sizeHint().width()
        wide = self.view.natural_width() > self.width()
        shown = self.view.squeeze_to(self.height() - (bar if wide else 0))
        natural = QSize(self.view.natural_width(), shown)
        self.view.setGeometry(0, 0, *fitted_size(natural, self.size(), bar).toTuple())
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        """A new font (zoom): the table measures its columns and rows again (its own font has
        changed before this box hears of it) and is placed as after a resize."""
        if event.type() == QEvent.Type.FontChange:
            self.view.fit_to_contents()
            self.updateGeometry()
            self.resizeEvent(QResizeEvent(self.size(), self.size()))
        super().changeEvent(event)


class TablePage(QWidget):
    """A table section: its official heading above the form.

    The form is built the first time the page is shown or its view is asked for, so opening a
    report builds (and imports) only what the tab in sight needs.
    """

    messageRequested = Signal(str)
    actionOffered = Signal(str, str)  # see SectionTableView
    actionRequested = Signal(str)

    def __init__(self, document: ReportDocument, section: Section, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.section = section
        self._view: SectionTableView | None = None

    @property
    def view(self) -> SectionTableView:
        if self._view is None:
            self._view = self._build()
        return self._view

    @property
    def built_view(self) -> SectionTableView | None:
        """The view, if the page has been shown (nothing to commit otherwise)."""
        return self._view

    def showEvent(self, event: QShowEvent) -> None:
        if self._view is None:
            self._view = self._build()
        super().showEvent(event)

    def _build(self) -> SectionTableView:
        from gui.table_model import SectionTableModel
        from gui.table_view import SectionTableView
        title = QLabel(self.section.heading, self)
        set_relative_font(title, HEADING_SCALE, bold=True)
        view = SectionTableView(SectionTableModel(self.document, self.section.id, self))
        view.messageRequested.connect(self.messageRequested)
        view.actionOffered.connect(self.actionOffered)
        view.actionRequested.connect(self.actionRequested)
        box = _FitBox(view)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(box, 1)
        title.show()  # on a page already on screen, Qt would show them only after a first paint
        box.show()
        layout.activate()
        return view


class ReportTabs(QTabWidget):
    """The sections of one document as tabs. Leaving a table's tab puts the figure being typed
    in it into the report first (`commit_pending_edits`)."""

    messageRequested = Signal(str)  # for the status bar: what an edit did, a refusal, a notice
    actionOffered = Signal(str, str)  # a notice and the window action it offers (SectionTableView)
    actionRequested = Signal(str)  # a window action chosen in a table's menu

    def __init__(self, document: ReportDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.sections = list(document.report.format.sections)
        self.tables: dict[str, TablePage] = {}
        self.texts: dict[str, TextSectionEditor] = {}
        self._shown: dict[int, tuple[str, str | None]] = {}
        self.setDocumentMode(True)
        self.setUsesScrollButtons(True)
        self.setElideMode(Qt.TextElideMode.ElideNone)
        for section in self.sections:
            if section.kind == "text":
                editor = self.texts.setdefault(section.id, TextSectionEditor(document, section))
                editor.cellRequested.connect(self.show_cell)
                self.addTab(editor, section.heading)
            else:
                table = self.tables.setdefault(section.id, TablePage(document, section))
                table.messageRequested.connect(self.messageRequested)
                table.actionOffered.connect(self.actionOffered)
                table.actionRequested.connect(self.actionRequested)
                self.addTab(table, section.heading)
        self._current = self.currentIndex()
        self.currentChanged.connect(self._tab_changed)
        document.announced.connect(self.messageRequested)
        # A new tab text or icon makes QTabWidget relayout and repaint the whole page (~4 ms for
        # table 三), so titles follow the findings shortly after the clerk pauses, not per keystroke.
        self._titles_timer = QTimer(self)
        self._titles_timer.setSingleShot(True)
        self._titles_timer.setInterval(TITLES_DELAY_MS)
        self._titles_timer.timeout.connect(self.update_titles)
        document.findingsChanged.connect(self._titles_timer.start)
        document.cellsRevealed.connect(self.show_cells)
        document.textRevealed.connect(self.show_text)
        self.update_titles()

    def view(self, section_id: str) -> SectionTableView:
        return self.tables[section_id].view

    def current_table_view(self) -> SectionTableView | None:
        """The table in sight, None on a narrative tab."""
        page = self.currentWidget()
        return page.view if isinstance(page, TablePage) else None

    def commit_pending_edits(self) -> str | None:
        """Put the figure being typed in any table into the report (see SectionTableView.commit_edit).
        None when done; else the refusal, with its tab brought back in sight and the editor open."""
        for page in self.tables.values():
            refusal = page.built_view.commit_edit() if page.built_view is not None else None
            if refusal is not None:
                self.setCurrentWidget(page)
                return refusal
        return None

    def _tab_changed(self, index: int) -> None:
        """Leaving a table's tab commits its editor; a refused entry brings the clerk back."""
        previous, self._current = self._current, index
        page = self.widget(previous)
        if isinstance(page, TablePage) and page.built_view is not None and page.built_view.commit_edit() is not None:
            QTimer.singleShot(0, lambda: self.setCurrentWidget(page))  # once this switch is over

    def findings_of(self, section: Section) -> list[Finding]:
        return [f for f in self.document.findings if f.section == section.id]

    def update_titles(self) -> None:
        for index, section in enumerate(self.sections):
            findings = self.findings_of(section)
            problems = open_problems(findings)
            pending = [f for f in findings if f.pending]
            text = (f"{section.heading}（{len(problems)}）" if problems
                    else section.heading + PENDING_MARK if pending else section.heading)
            state = worst_state(problems or pending)
            if (text, state) != self._shown.get(index):  # relaying out the tab bar costs a paint
                self._shown[index] = (text, state)
                self.setTabText(index, text)
                self.setTabIcon(index, state_icon(state) if state else QIcon())
            self.setTabToolTip(index, f"{section.heading}：{summary(findings)}")

    def show_cell(self, key: str) -> None:
        """Switch to the tab holding a cell and select it."""
        self.show_cells([key])

    def show_cells(self, keys: list[str]) -> None:
        """Switch to the tab holding the first cell and select the cells of that tab."""
        section = self.document.report.format.section_of_table(keys[0].split(".")[0])
        self.setCurrentIndex(self.sections.index(section))
        self.view(section.id).select_keys([k for k in keys if k.split(".")[0] in section.tables])

    def show_text(self, section_id: str, position: int, end: int | None = None) -> None:
        """Switch to a narrative section with the cursor at `position` (selecting up to `end`)."""
        editor = self.texts[section_id]
        self.setCurrentWidget(editor)
        editor.select(position, position if end is None else end)
