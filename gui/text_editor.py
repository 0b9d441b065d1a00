"""A narrative section (一、五、六): plain paragraphs, the format's guidance, a character count.

The guidance is help, never text: it shows above the editor and as the placeholder of an
empty section, so it can never slip into the published report.
"""
from __future__ import annotations

from PySide6.QtGui import QFont, QTextOption
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from gui.document import ReportDocument
from model.formats import Section


def count_characters(text: str) -> int:
    """Characters as a clerk counts 字数: everything except spaces and line breaks."""
    return sum(1 for ch in text if not ch.isspace())


class TextSectionEditor(QWidget):
    """Edits one narrative section of the document; its own undo works as in Word."""

    def __init__(self, document: ReportDocument, section: Section, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.section = section
        title = QLabel(section.heading)
        title_font = QFont(title.font())
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.15)
        title.setFont(title_font)
        self.guidance = QLabel(f"填写要求：{section.guidance}" if section.guidance else "")
        self.guidance.setWordWrap(True)
        self.guidance.setVisible(bool(section.guidance))
        self.guidance.setStyleSheet("color: #5a6570;")
        self.editor = QPlainTextEdit()
        self.editor.setPlaceholderText(section.guidance)
        self.editor.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        editor_font = QFont(self.editor.font())
        editor_font.setPointSizeF(editor_font.pointSizeF() * 1.1)
        self.editor.setFont(editor_font)
        self.editor.document().setDocumentMargin(10)
        self.editor.setPlainText(document.report.texts.get(section.id, ""))
        self.count = QLabel()
        self.count.setStyleSheet("color: #5a6570;")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.guidance)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.count)
        self.editor.textChanged.connect(self._typed)
        self._show_count()

    def text(self) -> str:
        return self.editor.toPlainText()

    def _typed(self) -> None:
        self.document.set_text(self.section.id, self.text())
        self._show_count()

    def _show_count(self) -> None:
        self.count.setText(f"共 {count_characters(self.text())} 字")
