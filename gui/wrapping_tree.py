"""A tree view whose rows wrap their text to the view's width instead of eliding it: the
review lists sentences (a finding with its figures, an explanation) a clerk must read whole."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QTreeView, QWidget

TALL = 1 << 16  # the height offered to a row's text while it is measured


class _WrappingDelegate(QStyledItemDelegate):
    """Sizes a row for the width its column leaves the text at the row's depth."""

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        depth, parent = 0, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        indent = self.view.indentation() * (depth + int(self.view.rootIsDecorated()))
        width = max(self.view.viewport().width() - indent, 80)
        sized = QStyleOptionViewItem(option)
        sized.rect = QRect(0, 0, width, TALL)  # a valid rect: the style wraps only within one
        sized.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
        return super().sizeHint(sized, index)


class WrappingTreeView(QTreeView):
    """One column, header hidden; every row as tall as its wrapped text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setItemDelegate(_WrappingDelegate(self))
        self.header().sectionResized.connect(lambda *_: self.scheduleDelayedItemsLayout())
