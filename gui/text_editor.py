"""A narrative section (一、五、六): plain paragraphs, the format's guidance, a character count.

The guidance is help, never text: it shows above the editor and as the placeholder of an
empty section, so it can never slip into the published report. The editor keeps no undo of
its own: every change is a step of the report's one undo stack (gui.commands merges a typing
run into one step), so 撤销 undoes the clerk's last edit wherever it was made.

The text checks show in the text itself: the sentence a finding is about is underlined in the
finding's colour, with the finding as its tooltip, and its context menu leads to the cell the
sentence restates. Table figures can be put in as live fields (插入表格数字), which print as
the cell's current number; they are tinted, and their tooltip tells the number of now.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QEvent, QMimeData, QPoint, Qt, Signal
from PySide6.QtGui import (QAction, QContextMenuEvent, QFont, QHelpEvent, QKeyEvent, QKeySequence, QTextCharFormat,
                           QTextCursor, QTextOption, QUndoStack)
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QMenu, QPlainTextEdit, QTextEdit, QToolButton, QToolTip,
                               QVBoxLayout, QWidget)

from gui.commands import TextChange
from gui.document import ReportDocument
from gui.palette import FIELD_BACKGROUND, HINT_TEXT, MARK_COLOUR, use_colour
from gui.zoom import HandsCtrlWheelToZoom, set_relative_font
from model.fields import field_name, field_text, fields_in, figure, figure_menu, printed_text
from model.findings import Finding
from model.formats import Section
from model.rules import STATE_NAMES, state_of
from model.textrules import count_characters, sentence_around

INSERT_FIELD = "插入表格数字"

HEADING_SCALE = 1.15  # a section's heading above its text or table
TEXT_SCALE = 1.1  # the narrative, a little larger than the window's own words


@dataclass(frozen=True)
class Mark:
    """A stretch of the text that means more than its words: the sentence of a finding, or a
    live field (the key of its cell)."""

    start: int
    end: int
    finding: Finding | None = None
    key: str = ""


def marks_of(document: ReportDocument, section_id: str) -> list[Mark]:
    """The sentences the section's findings are about, and its live fields."""
    text = document.report.texts.get(section_id, "")
    marks = [Mark(*sentence_around(text, f.span.start, f.span.end), finding=f)
             for f in document.findings if f.span is not None and f.span.section == section_id]
    return marks + [Mark(start, end, key=key) for start, end, key in fields_in(text)]


class NarrativeEdit(HandsCtrlWheelToZoom, QPlainTextEdit):
    """The editing field: Ctrl+Z / Ctrl+Y and the context menu's 撤销 / 重做 act on the report's
    undo stack; a paste, a drop or a cut is marked so it becomes a step of its own."""

    def __init__(self, stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stack = stack
        self.separate_step = False  # true while a paste, drop or cut changes the text
        self.setUndoRedoEnabled(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Undo):
            self.stack.undo()
        elif event.matches(QKeySequence.StandardKey.Redo):
            self.stack.redo()
        elif event.matches(QKeySequence.StandardKey.Cut):
            self._separately(lambda: super(NarrativeEdit, self).keyPressEvent(event))
        else:
            super().keyPressEvent(event)

    def insertFromMimeData(self, source: QMimeData) -> None:
        self._separately(lambda: super(NarrativeEdit, self).insertFromMimeData(source))

    def _separately(self, change: Callable[[], None]) -> None:
        self.separate_step = True
        try:
            change()
        finally:
            self.separate_step = False

    def context_menu(self, position: QPoint) -> QMenu:
        """Qt's menu, with the report's 撤销 / 重做 in place of the editor's own, and what the
        editor adds at this place (`extend_menu`: 转到表格, 插入表格数字)."""
        menu = self.createStandardContextMenu(position)
        self.extend_menu(menu, self.cursorForPosition(position).position())
        for name, make in (("edit-undo", self.stack.createUndoAction), ("edit-redo", self.stack.createRedoAction)):
            own = next((a for a in menu.actions() if a.objectName() == name), None)
            if own is not None:
                menu.insertAction(own, make(menu, "撤销" if name == "edit-undo" else "重做"))
                menu.removeAction(own)
        return menu

    def extend_menu(self, menu: QMenu, position: int) -> None:
        """Entries for the text at `position` (set by the section editor)."""

    def tip_for(self, position: int) -> str:
        """The tooltip of the text at `position`, "" for none (set by the section editor)."""
        return ""

    def viewportEvent(self, event: QEvent) -> bool:
        """A tooltip for the sentence or field under the mouse. (Handled here rather than by a
        filter on the viewport: asking Qt for the viewport object costs the window's start-up
        the set-up of every widget class's enumerations.)"""
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            tip = self.tip_for(self.cursorForPosition(event.pos()).position())
            if tip:
                QToolTip.showText(event.globalPos(), tip, self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.context_menu(event.pos())
        menu.exec(event.globalPos())
        menu.deleteLater()


class TextSectionEditor(QWidget):
    """Edits one narrative section of the document."""

    cellRequested = Signal(str)  # the clerk asked to see the cell a sentence or field is about

    def __init__(self, document: ReportDocument, section: Section, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.section = section
        self._showing = False  # the document's text is being put into the editor
        self.marks: list[Mark] = []
        title = QLabel(section.heading, self)
        set_relative_font(title, HEADING_SCALE, bold=True)
        self.guidance = QLabel(f"填写要求：{section.guidance}" if section.guidance else "")
        self.guidance.setWordWrap(True)
        self.guidance.setVisible(bool(section.guidance))
        use_colour(self.guidance, HINT_TEXT)
        self.editor = NarrativeEdit(document.undo_stack)
        self.editor.setPlaceholderText(section.guidance)
        self.editor.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        set_relative_font(self.editor, TEXT_SCALE)
        self.editor.document().setDocumentMargin(10)
        self.editor.setPlainText(document.report.texts.get(section.id, ""))
        self.editor.extend_menu = self._extend_menu  # type: ignore[method-assign]
        self.editor.tip_for = self.tip_at  # type: ignore[method-assign]
        self.insert_button = QToolButton()
        self.insert_button.setText(INSERT_FIELD)
        self.insert_button.setToolTip("在光标处插入表格中的数字：打印和导出时显示为该单元格当前的数字，随表格修改而更新")
        self.insert_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.insert_button.setMenu(QMenu(INSERT_FIELD, self.insert_button))
        self.insert_button.menu().aboutToShow.connect(self._fill_insert_menu)  # ~200 entries: built when opened
        self.count = QLabel()
        use_colour(self.count, HINT_TEXT)
        top = QHBoxLayout()
        top.addWidget(title, 1)
        top.addWidget(self.insert_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.guidance)
        layout.addWidget(self.editor, 1)
        layout.addLayout(bottom)
        self.editor.textChanged.connect(self._typed)
        document.textChanged.connect(self._text_changed)
        document.findingsChanged.connect(self.decorate)
        document.cellsChanged.connect(self._cells_changed)
        self._show_count()
        self.decorate(text_changed=True)

    def text(self) -> str:
        return self.editor.toPlainText()

    def _typed(self) -> None:
        if self._showing:
            return
        caret = None if self.editor.separate_step else self.editor.textCursor().position()
        self.document.set_text(self.section.id, self.text(), caret)

    def _text_changed(self, section_id: str) -> None:
        """The section's text in the report changed: by typing here, or by an undo or redo."""
        if section_id != self.section.id:
            return
        text = self.document.report.texts.get(section_id, "")
        if text != self.text():
            self._show(text)
        self._show_count()
        self.decorate(text_changed=True)

    def _cells_changed(self, _keys: set[str]) -> None:
        if any(mark.key for mark in self.marks):  # a field's number may have changed
            self._show_count()

    def _show(self, text: str) -> None:
        """Put the report's text in the editor by replacing only what differs, so the view
        does not jump to the top."""
        change = TextChange.between(self.text(), text)
        cursor = QTextCursor(self.editor.document())
        cursor.setPosition(change.start)
        cursor.setPosition(change.start + len(change.removed), QTextCursor.MoveMode.KeepAnchor)
        self._showing = True
        try:
            cursor.insertText(change.added)
        finally:
            self._showing = False

    def reveal(self, position: int) -> None:
        """Put the cursor at `position` (where an undo or redo changed the text), in sight."""
        self.select(position, position)

    def select(self, start: int, end: int) -> None:
        """Select characters [start, end) of the text, in sight (a finding's statement)."""
        cursor = self.editor.textCursor()
        length = len(self.text())
        cursor.setPosition(min(start, length))
        cursor.setPosition(min(end, length), QTextCursor.MoveMode.KeepAnchor)
        self.editor.setTextCursor(cursor)
        self.editor.ensureCursorVisible()
        self.editor.setFocus()

    def _show_count(self) -> None:
        self.count.setText(f"共 {count_characters(printed_text(self.document.report, self.section.id))} 字")

    # --- findings and fields in the text ---------------------------------------------------

    def decorate(self, text_changed: bool = False) -> None:
        """Underline the sentences of this section's findings and tint its live fields (after
        an edit of the tables only when they changed; after an edit of the text always, as Qt
        stretches a selection over characters typed at its end)."""
        marks = marks_of(self.document, self.section.id)
        if marks == self.marks and not text_changed:
            return
        self.marks = marks
        selections = []
        for mark in self.marks:
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.editor.document())
            cursor.setPosition(min(mark.start, len(self.text())))
            cursor.setPosition(min(mark.end, len(self.text())), QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            look = QTextCharFormat()
            if mark.finding is not None:
                look.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
                look.setUnderlineColor(MARK_COLOUR[state_of(mark.finding)])
            else:
                look.setBackground(FIELD_BACKGROUND)
            selection.format = look
            selections.append(selection)
        self.editor.setExtraSelections(selections)

    def marks_at(self, position: int) -> list[Mark]:
        """What is at `position`: a statement a finding names there (else every finding of
        the sentence), or a live field."""
        here = [m for m in self.marks if m.start <= position < m.end]
        precise = [m for m in here if m.finding is not None and m.finding.span is not None
                   and m.finding.span.start <= position < m.finding.span.end]
        return precise or here

    def tip_at(self, position: int) -> str:
        """What the text at `position` means: its findings, or the live field and its number."""
        tips = []
        report = self.document.report
        for mark in self.marks_at(position):
            if mark.finding is not None:
                finding = mark.finding
                explanation = report.explanations.get(finding.key)
                tips.append(f"〔{STATE_NAMES[state_of(finding)]}〕{finding.message}"
                            + (f"\n说明：{explanation.text}" if explanation else ""))
            else:
                tips.append(f"表格数字：{field_name(report.format, mark.key)}\n当前为 {figure(report, mark.key)}"
                            "（打印和导出时显示为这个数字，随表格修改而更新）")
        return "\n\n".join(tips)

    def _extend_menu(self, menu: QMenu, position: int) -> None:
        """转到表格 for a sentence restating a figure or a live field at `position`; and the
        figures to insert."""
        fmt = self.document.report.format
        actions = []
        for mark in self.marks_at(position):
            keys = mark.finding.cells if mark.finding is not None else (mark.key,)
            if keys:
                action = QAction(f"转到表格：{field_name(fmt, keys[0])}", menu)
                action.triggered.connect(lambda _=False, key=keys[0]: self.cellRequested.emit(key))
                actions.append(action)
        menu.addSeparator()
        menu.addActions(actions)
        menu.addMenu(self.figures_menu(menu))

    def _fill_insert_menu(self) -> None:
        menu = self.insert_button.menu()
        if not menu.actions():
            self.figures_menu(self.insert_button, menu)

    def figures_menu(self, parent: QWidget, menu: QMenu | None = None) -> QMenu:
        """Every table figure by its official names: section, row, column (into `menu`)."""
        menu = menu if menu is not None else QMenu(INSERT_FIELD, parent)
        for heading, groups in figure_menu(self.document.report.format):
            section_menu = menu.addMenu(heading)
            for name, leaves in groups:
                target = section_menu.addMenu(name) if len(leaves) > 1 else section_menu
                for column, key in leaves:
                    action = target.addAction(column if len(leaves) > 1 else f"{name} · {column}")
                    action.triggered.connect(lambda _=False, key=key: self.insert_field(key))
        return menu

    def insert_field(self, key: str) -> None:
        """Put the field of `key` where the cursor is (replacing a selection), as one undo step."""
        cursor = self.editor.textCursor()
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        field = field_text(self.document.report.format, key)
        text = self.text()
        self.document.set_text(self.section.id, text[:start] + field + text[end:], None, INSERT_FIELD)
        self.reveal(start + len(field))
