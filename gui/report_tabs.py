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
    """What a tab counts: errors and warnings not yet explained."""
    return [f for f in findings if f.severity != "hint" and not f.explained]


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
        bar = self.view.verticalScrollBar().sizeHint().width()
        natural = QSize(self.view.natural_width(), self.view.natural_height())
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
        box = _FitBox(view)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(box, 1)
        title.show()  # on a page already on screen, Qt would show them only after a first paint
        box.show()
        layout.activate()
        return view


class ReportTabs(QTabWidget):
    """The sections of one document as tabs."""

    messageRequested = Signal(str)

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
                self.addTab(table, section.heading)
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

    def findings_of(self, section: Section) -> list[Finding]:
        return [f for f in self.document.findings if f.section == section.id]

    def update_titles(self) -> None:
        for index, section in enumerate(self.sections):
            findings = self.findings_of(section)
            problems = open_problems(findings)
            text = f"{section.heading}（{len(problems)}）" if problems else section.heading
            state = worst_state(problems)
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
