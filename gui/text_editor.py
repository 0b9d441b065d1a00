"""A narrative section (一、五、六): plain paragraphs, the format's guidance, a character count.

The guidance is help, never text: it shows above the editor and as the placeholder of an
empty section, so it can never slip into the published report. The editor keeps no undo of
its own: every change is a step of the report's one undo stack (gui.commands merges a typing
run into one step), so 撤销 undoes the clerk's last edit wherever it was made.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QMimeData, QPoint
from PySide6.QtGui import QContextMenuEvent, QKeyEvent, QKeySequence, QTextCursor, QTextOption, QUndoStack
from PySide6.QtWidgets import QLabel, QMenu, QPlainTextEdit, QVBoxLayout, QWidget

from gui.commands import TextChange
from gui.document import ReportDocument
from gui.palette import HINT_TEXT, use_colour
from gui.zoom import set_relative_font
from model.formats import Section

HEADING_SCALE = 1.15  # a section's heading above its text or table
TEXT_SCALE = 1.1  # the narrative, a little larger than the window's own words


def count_characters(text: str) -> int:
    """Characters as a clerk counts 字数: everything except spaces and line breaks."""
    return sum(1 for ch in text if not ch.isspace())


class NarrativeEdit(QPlainTextEdit):
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
        """Qt's menu, with the report's 撤销 / 重做 in place of the editor's own."""
        menu = self.createStandardContextMenu(position)
        for name, make in (("edit-undo", self.stack.createUndoAction), ("edit-redo", self.stack.createRedoAction)):
            own = next((a for a in menu.actions() if a.objectName() == name), None)
            if own is not None:
                menu.insertAction(own, make(menu, "撤销" if name == "edit-undo" else "重做"))
                menu.removeAction(own)
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.context_menu(event.pos())
        menu.exec(event.globalPos())
        menu.deleteLater()


class TextSectionEditor(QWidget):
    """Edits one narrative section of the document."""

    def __init__(self, document: ReportDocument, section: Section, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.section = section
        self._showing = False  # the document's text is being put into the editor
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
        self.count = QLabel()
        use_colour(self.count, HINT_TEXT)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.guidance)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.count)
        self.editor.textChanged.connect(self._typed)
        document.textChanged.connect(self._text_changed)
        self._show_count()

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
        cursor = self.editor.textCursor()
        cursor.setPosition(min(position, len(self.text())))
        self.editor.setTextCursor(cursor)
        self.editor.ensureCursorVisible()
        self.editor.setFocus()

    def _show_count(self) -> None:
        self.count.setText(f"共 {count_characters(self.text())} 字")
