"""The view of a table section: the official form, with the keys clerks know from Excel/WPS.

Typing starts editing, Enter moves down, Tab moves right, F2 edits, Delete clears the
selection, Ctrl+C/Ctrl+V exchange blocks as tab-separated text. Every edit, paste and clear
is one undo step in the document.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import cache

from PySide6.QtCore import (QEvent, QItemSelection, QItemSelectionModel, QModelIndex, QPersistentModelIndex, QPoint,
                            QRect, Qt, QTimer, Signal)
from PySide6.QtGui import (QAction, QColor, QContextMenuEvent, QFont, QFontMetrics, QInputMethodEvent, QKeyEvent,
                           QKeySequence, QMouseEvent, QPainter, QPaintEvent, QPalette, QPolygon, QWheelEvent)
from PySide6.QtWidgets import (QAbstractItemDelegate, QAbstractItemView, QApplication, QFrame, QLineEdit, QMenu,
                               QProxyStyle, QStyle, QStyledItemDelegate, QStyleHintReturn, QStyleOption,
                               QStyleOptionViewItem, QTableView, QToolTip, QWidget)

from gui.block_edit import PasteRefused, clear_changes, copy_block, parse_tsv, plan_labelled_paste, plan_paste
from gui.cell_commands import CELL_COMMANDS, cell_menu
from gui.palette import CARRIED_MARK, FROZEN_EDGE, GRID_LINE, IMPORTED_MARK, LAST_YEAR_TEXT, SELECTED_BACKGROUND
from gui.table_model import CARRIED_ROLE, DRILL_DOWN_ACTION, IMPORTED_ROLE, LAST_YEAR_ROLE, STATE_ROLE, SectionTableModel
from gui.zoom import HandsCtrlWheelToZoom
from model.layout import GridCell, spread_heights
from model.numbers import NumberError, parse_value

LABEL_CAP_CHARS = 40  # the widest label column (the longest official row label fits on one line)
GROUP_CAP_CHARS = 5  # label columns of groups (rows spanning several leaves) wrap early
VALUE_MIN_CHARS, VALUE_MAX_CHARS = 5, 8
PADDING = 14
NOTE_SCALE = 0.8  # 「上年 5」 is drawn in this fraction of the table's font size
CARRIED_MARK_SIZE = 8  # pixels along each side of the corner triangle
ROW_SLACK = 3  # pixels of padding a body row gives up so that a table a little too tall needs no scroll bar
PROPERTIES_ACTION = "properties"  # the window's 报告属性, where automatic totals are switched off
MANUAL_TOTALS_HINT = "如需手工填写合计，请在“报告属性”中取消“自动计算合计”"


def note_font(font: QFont) -> QFont:
    small = QFont(font)
    small.setPointSizeF(font.pointSizeF() * NOTE_SCALE)
    return small


class CellDelegate(QStyledItemDelegate):
    """A selected cell keeps its finding's colour as the selection colour, so selecting a red
    cell does not hide that it is wrong. A cell with a last-year figure shows it in small grey
    type under its own value; a cell carried from last year has a triangle in its top-right
    corner (like a note in Excel; the tooltip says where the figure came from), a cell an import
    filled has one in its top-left corner. A tall group
    label partly scrolled under the frozen header rows shows its text just below them."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        if option.state & QStyle.StateFlag.State_Selected:
            state = index.data(STATE_ROLE)
            if state in ("error", "warning"):
                option.palette.setColor(QPalette.ColorRole.Highlight, SELECTED_BACKGROUND[state])

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        note = index.data(LAST_YEAR_ROLE)
        if note:
            note_height = QFontMetrics(note_font(option.font)).height()
            opt = self._paint_text_in(painter, option, index, option.rect.adjusted(0, 0, 0, -note_height))
            self._paint_note(painter, opt, option.rect, note)
        elif (in_sight := self._below_frozen_header(option, index)) is not None:
            self._paint_text_in(painter, option, index, in_sight)
        else:
            super().paint(painter, option, index)
        if index.data(CARRIED_ROLE):
            self._paint_corner(painter, option.rect, CARRIED_MARK, right=True)
        if index.data(IMPORTED_ROLE):
            self._paint_corner(painter, option.rect, IMPORTED_MARK, right=False)

    @staticmethod
    def _below_frozen_header(option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QRect | None:
        """The part of a top-aligned label below the frozen header, when the header hides its top."""
        widget = option.widget
        covered = widget.frozen_height() if isinstance(widget, SectionTableView) else 0
        if not option.rect.top() < covered < option.rect.bottom():
            return None
        alignment = index.data(Qt.ItemDataRole.TextAlignmentRole)
        if alignment is None or not alignment & Qt.AlignmentFlag.AlignTop:
            return None
        return option.rect.adjusted(0, covered - option.rect.top(), 0, 0)

    def _paint_text_in(self, painter: QPainter, option: QStyleOptionViewItem,
                       index: QModelIndex | QPersistentModelIndex,
                       text_rect: QRect) -> QStyleOptionViewItem:
        """The cell's background over its whole rect, its text within `text_rect`."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        text = opt.text
        opt.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        opt.text = text
        opt.rect = text_rect
        opt.state &= ~QStyle.StateFlag.State_HasFocus
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        return opt

    @staticmethod
    def _paint_note(painter: QPainter, opt: QStyleOptionViewItem, rect: QRect, note: str) -> None:
        """「上年 5」 in small grey type at the bottom of the cell."""
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setFont(note_font(opt.font))
        painter.setPen(opt.palette.color(QPalette.ColorRole.HighlightedText) if selected else LAST_YEAR_TEXT)
        painter.drawText(rect.adjusted(2, 0, -2, -3),
                         int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom), note)
        painter.restore()

    @staticmethod
    def _paint_corner(painter: QPainter, rect: QRect, colour: QColor, right: bool) -> None:
        """A small triangle in the top-right (carried from last year) or top-left (imported)
        corner of the cell."""
        x, top, size = (rect.right() + 1, rect.top(), -CARRIED_MARK_SIZE - 1) if right else \
            (rect.left(), rect.top(), CARRIED_MARK_SIZE + 1)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawPolygon(QPolygon([QPoint(x, top), QPoint(x + size, top), QPoint(x, top + abs(size))]))
        painter.restore()


class _FormStyle(QProxyStyle):
    """The application's style, with the form's grid colour (Qt's table asks its style for it;
    a style sheet would do too, but a widget with a style sheet stops following the zoom)."""

    def styleHint(self, hint: QStyle.StyleHint, option: QStyleOption | None = None,
                  widget: QWidget | None = None, data: QStyleHintReturn | None = None) -> int:
        if hint == QStyle.StyleHint.SH_Table_GridLineColor:
            rgba = GRID_LINE.rgba()
            return rgba - (1 << 32) if rgba >= 1 << 31 else rgba  # Qt's int is signed
        return super().styleHint(hint, option, widget, data)


@cache
def form_style() -> QStyle:
    """The style of the form's tables (one, shared; it reads GRID_LINE when it paints)."""
    return _FormStyle()


class _FormGrid(HandsCtrlWheelToZoom, QTableView):
    """The look of the printed form, shared by the editing view and its frozen header rows:
    merged cells, grid lines all round, no Qt headers, our cell painting."""

    def __init__(self, model: SectionTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.table_model = model
        self.setItemDelegate(CellDelegate(self))
        for cell in model.spans():
            self.setSpan(cell.row, cell.col, cell.row_span, cell.col_span)
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWordWrap(True)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setStyle(form_style())  # the grid lines in GRID_LINE

    def paintEvent(self, event: QPaintEvent) -> None:
        """Qt draws each cell's right and bottom lines; the table's top and left lines are drawn
        here. They also cover Qt's 1-pixel ticks of the column lines along the top edge of
        merged cells in the first row (Qt leaves that edge unclipped for these lines)."""
        super().paintEvent(event)
        top, left = self.rowViewportPosition(0), self.columnViewportPosition(0)
        right = left + self.horizontalHeader().length() - 1
        bottom = top + self.verticalHeader().length() - 1
        painter = QPainter(self.viewport())
        painter.setPen(GRID_LINE)
        if top == 0:
            painter.drawLine(left, 0, right, 0)
        if left == 0:
            painter.drawLine(0, top, 0, bottom)
        painter.end()


class _FrozenHeader(_FormGrid):
    """The header rows of a tall table, kept in sight over the top of the scrolled body (like
    Excel's 冻结窗格). It shows the same model and selection as the body; it never takes focus,
    so keys go to the body, and a click selects its cell there."""

    def __init__(self, body: SectionTableView) -> None:
        super().__init__(body.table_model, body)
        self.body = body
        self.setSelectionModel(body.selectionModel())
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAutoScroll(False)
        self.setSelectionMode(body.selectionMode())
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body.horizontalScrollBar().valueChanged.connect(self.horizontalScrollBar().setValue)
        body.verticalScrollBar().valueChanged.connect(self.viewport().update)  # the edge line
        body.viewport().stackUnder(self)

    def dataChanged(self, top_left: QModelIndex | QPersistentModelIndex,
                    bottom_right: QModelIndex | QPersistentModelIndex, roles: Sequence[int] = ()) -> None:
        """Values change below the header rows: nothing here to repaint after an edit."""
        if top_left.row() < self.body.table_model.grid.header_rows:
            super().dataChanged(top_left, bottom_right, roles)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.body.setFocus(Qt.FocusReason.MouseFocusReason)
        super().mousePressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        self.body.wheelEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        """While the body is scrolled, a darker line under the header shows where it is frozen."""
        super().paintEvent(event)
        if self.body.verticalScrollBar().value() > 0:
            painter = QPainter(self.viewport())
            painter.setPen(FROZEN_EDGE)
            painter.drawLine(0, self.height() - 1, self.viewport().width(), self.height() - 1)
            painter.end()


class SectionTableView(_FormGrid):
    """Draws a SectionTableModel like the printed form and edits it like a spreadsheet.

    A table taller than the window keeps its header rows (`Grid.header_rows`) in sight while
    the body scrolls; stacked tables (section 二) have none and scroll whole.
    """

    messageRequested = Signal(str)  # a refusal or notice for the status bar
    actionOffered = Signal(str, str)  # a notice, and the name of the window's action it offers
    actionRequested = Signal(str)  # the name of a window action the clerk chose here
    frozen: _FrozenHeader | None = None  # a class default: Qt calls viewportEvent before __init__ ends
    _tabbing = False  # a class default: Qt calls currentChanged before __init__ ends
    _tab_origin: int | None = None  # the column where the current run of Tabs began

    def __init__(self, model: SectionTableModel, parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        self._editing: QPersistentModelIndex | None = None  # the cell whose editor is open
        self._refusal: str | None = None  # why the entry in the open editor was refused
        self.cell_actions: dict[str, QAction] = {}
        self._build_actions()
        self.addActions(list(self.cell_actions.values()))
        self.setTabKeyNavigation(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked)
        model.inputRefused.connect(self._input_refused)
        if model.grid.header_rows:
            self.frozen = _FrozenHeader(self)
        self.fit_to_contents()
        first = model.grid.value_cells()
        if first:
            self.setCurrentIndex(model.index(first[0].row, first[0].col))

    # --- frozen header ---------------------------------------------------------------------

    def header_height(self) -> int:
        return sum(self.rowHeight(r) for r in range(self.table_model.grid.header_rows))

    def frozen_height(self) -> int:
        """How much of the viewport's top the frozen header covers."""
        return 0 if self.frozen is None or self.frozen.isHidden() else self.frozen.height()

    def _place_frozen(self) -> None:
        """Over the top of the viewport, unless the viewport is too short to leave the body as
        much room as the header takes."""
        if self.frozen is None:
            return
        viewport = self.viewport().geometry()
        height = self.header_height()
        self.frozen.setGeometry(viewport.x(), viewport.y(), viewport.width(), height)
        self.frozen.setVisible(viewport.height() >= 2 * height)
        self.frozen.horizontalScrollBar().setValue(self.horizontalScrollBar().value())

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        """Qt moves the drawn pixels; group labels kept below the frozen header need a repaint."""
        super().scrollContentsBy(dx, dy)
        if dy and self.frozen_height():
            self.viewport().update()

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._place_frozen()
        return super().viewportEvent(event)

    def scrollTo(self, index: QModelIndex | QPersistentModelIndex,
                 hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible) -> None:
        """Scroll so the cell is not hidden under the frozen header; header cells are always in
        sight, so reaching one scrolls sideways only."""
        covered = self.frozen_height()
        if not covered or not index.isValid():
            super().scrollTo(index, hint)
            return
        bar = self.verticalScrollBar()
        value = bar.value()
        super().scrollTo(index, hint)
        if index.row() < self.table_model.grid.header_rows:
            bar.setValue(value)
        elif (top := self.visualRect(index).top()) < covered:
            bar.setValue(bar.value() - (covered - top))

    # --- layout ----------------------------------------------------------------------------

    def fit_to_contents(self) -> None:
        """Column widths and row heights from the labels, so nothing is clipped.

        Qt's own resize ignores merged cells, so the grid is measured here: single columns
        first, then merged cells widen or heighten the last column or row they cover.
        """
        grid = self.table_model.grid
        plain = QFontMetrics(self.font())
        bold_font = QFont(self.font())
        bold_font.setBold(True)
        bold = QFontMetrics(bold_font)
        char = plain.horizontalAdvance("国")

        def metrics(cell: GridCell) -> QFontMetrics:
            return bold if cell.role in ("heading", "column") else plain

        def natural(cell: GridCell) -> int:
            return metrics(cell).horizontalAdvance(cell.text) + PADDING

        widths = [VALUE_MIN_CHARS * char + PADDING] * grid.cols
        for col in range(grid.label_cols):
            widths[col] = 2 * char + PADDING
        for cell in grid.cells:
            if cell.col_span != 1 or cell.is_value:
                continue
            if cell.col < grid.label_cols:
                cap = GROUP_CAP_CHARS if cell.row_span > 1 and cell.col < grid.label_cols - 1 else LABEL_CAP_CHARS
            else:
                cap = VALUE_MAX_CHARS
            widths[cell.col] = max(widths[cell.col], min(natural(cell), cap * char + PADDING))
        for cell in grid.cells:
            if cell.col_span > 1 and cell.role == "row":
                span = range(cell.col, cell.col + cell.col_span)
                missing = min(natural(cell), LABEL_CAP_CHARS * char + PADDING) - sum(widths[c] for c in span)
                if missing > 0:
                    widths[cell.col + cell.col_span - 1] += missing
        for col, width in enumerate(widths):
            self.setColumnWidth(col, width)
            if self.frozen is not None:
                self.frozen.setColumnWidth(col, width)

        base = plain.height() + 12

        def needed(cell: GridCell) -> int:
            if not cell.text:
                return 0
            width = sum(widths[c] for c in range(cell.col, cell.col + cell.col_span)) - PADDING
            flags = int(Qt.TextFlag.TextWordWrap)
            return metrics(cell).boundingRect(QRect(0, 0, width, 10_000), flags, cell.text).height() + 12

        heights = [math.ceil(h) for h in spread_heights(grid, needed, base)]  # as the exports do
        note = QFontMetrics(note_font(self.font())).height()
        for cell in grid.value_cells():
            if self.table_model.last_year_text(cell.key):
                heights[cell.row] = max(heights[cell.row], base + note)
        self._natural_heights = heights
        for row, height in enumerate(heights):
            self.setRowHeight(row, height)
            if self.frozen is not None and row < grid.header_rows:
                self.frozen.setRowHeight(row, height)
        self._place_frozen()

    def squeeze_to(self, height: int) -> int:
        """Fit `height` without a scroll bar when the table is only a few pixels taller: each
        body row gives up at most ROW_SLACK pixels of its padding (the header rows, frozen,
        keep theirs). Otherwise every row has its natural height. Returns the height shown."""
        natural = self._natural_heights
        body = range(self.table_model.grid.header_rows, len(natural))
        excess = sum(natural) - height
        cut = [0] * len(natural)
        if 0 < excess <= ROW_SLACK * len(body):
            share, extra = divmod(excess, len(body))
            for i, row in enumerate(body):
                cut[row] = share + (1 if i < extra else 0)
        for row, (natural_height, less) in enumerate(zip(natural, cut)):
            if self.rowHeight(row) != natural_height - less:
                self.setRowHeight(row, natural_height - less)
        return sum(natural) - sum(cut)

    def natural_width(self) -> int:
        """The width that shows every column without a horizontal scroll bar."""
        return sum(self.columnWidth(c) for c in range(self.table_model.columnCount()))

    def natural_height(self) -> int:
        """The height that shows every row at its natural height."""
        return sum(self._natural_heights)

    # --- keys ------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter moves down (back to where a run of Tabs began), Tab to the next cell the clerk
        fills; typing on a total the program computes says why it cannot be typed. Copy, paste
        and clear are the view's actions (`cell_actions`)."""
        key = event.key()
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        pressed = QKeySequence(event.keyCombination())
        command = next((a for a in self.cell_actions.values() if pressed in a.shortcuts()), None)
        if command is not None:  # where the window is not active, shortcuts come as key presses
            command.trigger()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.state() != QAbstractItemView.State.EditingState:  # else closing the editor moves
                self.step(-1 if shift else 1, 0)
        elif key == Qt.Key.Key_Tab:
            self.tab(forward=True)
        elif key == Qt.Key.Key_Backtab:
            self.tab(forward=False)
        elif key == Qt.Key.Key_F2 or event.text().isprintable() and event.text():
            if self._explain_if_computed(self.currentIndex()):
                return
            self.scrollTo(self.currentIndex())  # the editor opens where the clerk can see it
            super().keyPressEvent(event)
        else:
            super().keyPressEvent(event)

    def keyboardSearch(self, search: str) -> None:
        """Typing on a label or a total never jumps the cursor to a cell that starts with the
        typed letter (Qt's keyboard search): the clerk meant to type a figure."""

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        """Chinese input starts editing too: in sight, as when typing."""
        if self._explain_if_computed(self.currentIndex()):
            event.accept()
            return
        self.scrollTo(self.currentIndex())
        super().inputMethodEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if not self._explain_if_computed(self.indexAt(event.position().toPoint())):
            super().mouseDoubleClickEvent(event)

    def step(self, rows: int, cols: int) -> None:
        """Move the cursor to the next value cell in a direction, skipping labels and headings.
        Down after a run of Tabs goes to the column where the run began (as in Excel)."""
        grid = self.table_model.grid
        here = self.table_model.cell_covering(self.currentIndex())
        if here is None:
            return
        row, col = self.currentIndex().row(), self.currentIndex().column()
        if rows:
            row = here.row + here.row_span if rows > 0 else here.row - 1
            if rows > 0 and self._tab_origin is not None:
                col = self._tab_origin
        else:
            col = here.col + here.col_span if cols > 0 else here.col - 1
        while 0 <= row < grid.rows and 0 <= col < grid.cols:
            cell = grid.at(row, col)
            if cell is not None and cell.is_value:
                self.setCurrentIndex(self.table_model.index(cell.row, cell.col))
                return
            if cell is None:
                row, col = row + rows, col + cols
            elif rows:
                row = cell.row + cell.row_span if rows > 0 else cell.row - 1
            else:
                col = cell.col + cell.col_span if cols > 0 else cell.col - 1

    def tab(self, forward: bool) -> None:
        """Tab: the next cell the clerk fills (not a computed total), after the row's last the
        first of the next row; Shift+Tab the other way. Enter then returns to the column where
        the run of Tabs began."""
        here = self.table_model.cell_covering(self.currentIndex())
        if here is None:
            return
        entries = [c for c in self.table_model.grid.value_cells() if self.table_model.document.is_editable(c.key)]
        entries.sort(key=lambda c: (c.row, c.col), reverse=not forward)
        sign = 1 if forward else -1
        target = next((c for c in entries if sign * (c.row - here.row or c.col - here.col) > 0), None)
        if target is None:
            return
        origin = self._tab_origin if self._tab_origin is not None else here.col
        self._tabbing = True
        try:
            self.setCurrentIndex(self.table_model.index(target.row, target.col))
        finally:
            self._tabbing = False
        self._tab_origin = origin if target.row == here.row else None  # a new row starts a new run

    def currentChanged(self, current: QModelIndex | QPersistentModelIndex,
                       previous: QModelIndex | QPersistentModelIndex) -> None:
        """Any move but a Tab ends a run of Tabs."""
        super().currentChanged(current, previous)
        if not self._tabbing:
            self._tab_origin = None

    # --- the cell editor -------------------------------------------------------------------

    def edit(self, index: QModelIndex | QPersistentModelIndex,  # type: ignore[override]
             trigger: QAbstractItemView.EditTrigger = QAbstractItemView.EditTrigger.AllEditTriggers,
             event: QEvent | None = None) -> bool:
        """Open the cell editor; what the clerk types in it is told to the document as it is
        typed (`ReportDocument.set_pending`), so a recovery copy keeps it before it is committed."""
        opened = super().edit(index, trigger, event)  # type: ignore[arg-type]
        cell = self.table_model.cell(index)
        editor = self.indexWidget(index) if opened and cell is not None else None
        if isinstance(editor, QLineEdit) and cell is not None and self._editing != index:
            self._editing = QPersistentModelIndex(index)
            editor.textEdited.connect(lambda text, key=cell.key: self._typing(key, text))
        return opened

    def _typing(self, key: str, text: str) -> None:
        document = self.table_model.document
        try:
            value = parse_value(text, document.report.format.cell_kinds()[key], document.report.unit_of(key))
        except NumberError:
            document.set_pending({})  # nothing a recovery copy could keep
            return
        document.set_pending({} if value == document.report.value(key) else {key: value})

    def open_editor(self) -> QWidget | None:
        """The cell editor now open, if any."""
        if self._editing is None or not self._editing.isValid():
            return None
        return self.indexWidget(self._editing)

    def commit_edit(self) -> str | None:
        """Put what the open cell editor holds into the report, as leaving the cell would.
        None when no editor is left open; else why its entry was refused — the editor stays
        open with the clerk's text and the reason, so nothing typed is dropped unseen."""
        editor = self.open_editor()
        if editor is None:
            return None
        self.commitData(editor)
        self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        return self._refusal

    def commitData(self, editor: QWidget) -> None:
        self._refusal = None
        super().commitData(editor)  # the model's setData: a refusal arrives in _input_refused

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        """After Enter the cursor goes down, after Tab right, like Excel (not into the next
        editor). A refused entry keeps the editor open (Esc gives it up)."""
        if hint == QAbstractItemDelegate.EndEditHint.RevertModelCache:
            if self._refusal is not None and self._editing is not None:  # the refusal is over
                cell = self.table_model.cell(self._editing)
                name = self.table_model.document.report.format.describe_cell(cell.key) if cell else ""
                self.messageRequested.emit(f"已放弃输入，“{name}”保留原值")
            self._refusal = None
        elif self._refusal is not None:
            self._keep_editing(editor)
            return
        at_editor = self._editing is not None and self._editing == self.currentIndex()
        super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        self._editing = None
        self.table_model.document.set_pending({})
        if not at_editor:  # the clerk moved elsewhere (a click): the cursor is where they went
            return
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            self.step(1, 0)
        elif hint == QAbstractItemDelegate.EndEditHint.EditNextItem:
            self.tab(forward=True)
        elif hint == QAbstractItemDelegate.EndEditHint.EditPreviousItem:
            self.tab(forward=False)

    def _keep_editing(self, editor: QWidget) -> None:
        """Leave the refused entry in its editor, selected for retyping, with the cursor there."""
        editing = self._editing
        if editing is not None and editing != self.currentIndex():
            QTimer.singleShot(0, lambda: self.setCurrentIndex(editing))  # once Qt's move is done
        editor.setFocus()
        if isinstance(editor, QLineEdit):
            editor.selectAll()

    # --- totals the program computes --------------------------------------------------------

    def _explain_if_computed(self, index: QModelIndex | QPersistentModelIndex) -> bool:
        """On a total the program computes, say why it cannot be typed and offer 报告属性
        (where automatic totals are switched off); True when it was one."""
        cell = self.table_model.cell_covering(index)
        document = self.table_model.document
        if cell is None or not cell.is_value or not document.report.is_computed(cell.key):
            return False
        message = (f"“{document.report.format.describe_cell(cell.key)}”是合计，由程序按各项自动计算，不能直接输入；"
                   f"{MANUAL_TOTALS_HINT}")
        self._note(message, self.table_model.index(cell.row, cell.col))
        self.actionOffered.emit(message, PROPERTIES_ACTION)
        return True

    # --- blocks ----------------------------------------------------------------------------

    def select_keys(self, keys: list[str]) -> None:
        """Select these cells, the first one current and in sight."""
        index = self.table_model.index_of(keys[0])
        self.setCurrentIndex(index)
        if len(keys) > 1:
            self._select_keys(keys)
        self.scrollTo(index)
        self.setFocus()

    def _bounds(self) -> tuple[int, int, int, int]:
        indexes = self.selectedIndexes() or [self.currentIndex()]
        covering = [self.table_model.cell_covering(i) for i in indexes if i.isValid()]
        cells = [c for c in covering if c is not None]
        return (min(c.row for c in cells), min(c.col for c in cells),
                max(c.row + c.row_span - 1 for c in cells), max(c.col + c.col_span - 1 for c in cells))

    def _selected_value_keys(self) -> list[str]:
        keys = []
        for index in self.selectedIndexes() or [self.currentIndex()]:
            cell = self.table_model.cell_covering(index)
            if cell is not None and cell.is_value and cell.key not in keys:
                keys.append(cell.key)
        return keys

    def copy_selection(self) -> None:
        top, left, bottom, right = self._bounds()
        report = self.table_model.document.report
        QApplication.clipboard().setText(copy_block(self.table_model.grid, report, top, left, bottom, right))
        cells = len(self._selected_value_keys()) or 1
        self.messageRequested.emit(f"已复制 {cells} 个单元格" if cells > 1 else "已复制")

    def clear_selection(self) -> None:
        document = self.table_model.document
        changes = clear_changes(document.report, self._selected_value_keys())
        if changes:
            document.set_cells(changes, "清除")
        else:
            self.messageRequested.emit("所选单元格没有可清除的内容")

    def paste(self) -> None:
        """Paste the clipboard's block at the selection — or where its labels say, when it
        brings labels of the form — or refuse all of it with the reason and the cell."""
        block = parse_tsv(QApplication.clipboard().text())
        if not block:
            self.messageRequested.emit("剪贴板中没有可粘贴的内容")
            return
        document = self.table_model.document
        grid = self.table_model.grid
        top, left, _, _ = self._bounds()
        try:
            keys = self._selected_value_keys()
            labelled = plan_labelled_paste(grid, document.report, top, block)
            if labelled is not None:
                changes = labelled
            elif len(block) == 1 and len(block[0]) == 1 and len(keys) > 1:
                changes = {}
                for key in keys:
                    cell = grid.cell_for(key)
                    changes.update(plan_paste(grid, document.report, cell.row, cell.col, block))
            else:
                changes = plan_paste(grid, document.report, top, left, block)
        except PasteRefused as exc:
            self._refuse(f"未粘贴：{exc}", self.currentIndex())
            return
        if not any(document.report.value(key) != value for key, value in changes.items()):
            self.messageRequested.emit("粘贴的内容与表中已有的相同，未作改动")
            return
        document.set_cells(changes, "粘贴")
        self._select_keys(list(changes))

    def fill_blank_zero(self, whole_report: bool) -> None:
        """空白单元格填 0: in this tab's tables, or in every table of the report."""
        document = self.table_model.document
        fmt = document.report.format
        tables = list(fmt.tables) if whole_report else list(self.table_model.tables())
        if not document.fill_blank_zero(tables):
            self.messageRequested.emit("没有需要填 0 的空白单元格" + ("" if whole_report else "（本表）"))

    def _select_keys(self, keys: list[str]) -> None:
        selection = QItemSelection()
        for key in keys:
            index = self.table_model.index_of(key)
            selection.select(index, index)
        self.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    # --- the cell commands in a menu --------------------------------------------------------

    def _build_actions(self) -> None:
        """复制, 粘贴, 清除, 全选 and 空白单元格填 0 as actions of the view: their keys work while
        the table has the focus, and its right-click menu shows them (CELL_COMMANDS)."""
        slots: dict[str, Callable[[], object]] = {
            "copy": self.copy_selection, "paste": self.paste, "clear": self.clear_selection,
            "select_all": self.selectAll, "fill_zero_table": lambda: self.fill_blank_zero(False),
            "fill_zero_report": lambda: self.fill_blank_zero(True)}
        for command in CELL_COMMANDS:
            action = QAction(command.text, self)
            action.setShortcuts(command.keys())
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.setStatusTip(command.tip)
            action.triggered.connect(lambda _=False, slot=slots[command.name]: self._gated(slot))
            self.cell_actions[command.name] = action

    def _gated(self, slot: Callable[[], object]) -> None:
        """Run a cell command once the open editor's entry is in (or refused: then not at all)."""
        if self.commit_edit() is None:
            slot()

    def context_menu(self, position: QPoint) -> QMenu:
        """The right-click menu at `position` (in the viewport): the cell commands, on a
        computed total the way to type totals by hand, on a cell counted from the register
        the list of its requests. A click outside the selection selects the cell clicked
        first, as in Excel."""
        index = self.indexAt(position)
        if index.isValid() and not self.selectionModel().isSelected(index):
            self.setCurrentIndex(index)
        menu = cell_menu(self.cell_actions, self)
        cell = self.table_model.cell_covering(index)
        report = self.table_model.document.report
        if cell is not None and cell.is_value and report.register_requests(cell.key):
            menu.addSeparator()
            details = menu.addAction(DRILL_DOWN_ACTION)
            details.triggered.connect(lambda: self.show_drill_down(cell.key))
        if cell is not None and cell.is_value and report.is_computed(cell.key):
            menu.addSeparator()
            manual = menu.addAction("改为手工填写合计（报告属性）…")
            manual.triggered.connect(lambda: self.actionRequested.emit(PROPERTIES_ACTION))
        return menu

    def show_drill_down(self, key: str) -> None:
        """查看台账明细…: every request behind the cell, with its dates and result."""
        from gui.register_details import DrillDownDialog  # the register's words load when first used
        dialog = DrillDownDialog(self.table_model.document.report, key, self)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.context_menu(event.pos())
        menu.exec(event.globalPos())
        menu.deleteLater()

    # --- refusals and notes ----------------------------------------------------------------

    def _input_refused(self, key: str, reason: str) -> None:
        name = self.table_model.document.report.format.describe_cell(key)
        self._refusal = f"{name}：{reason}。请改正，或按 Esc 放弃这次输入"
        self._refuse(self._refusal, self.table_model.index_of(key))

    def _refuse(self, message: str, index: QModelIndex) -> None:
        self._note(message, index)
        self.messageRequested.emit(message)

    def _note(self, message: str, index: QModelIndex) -> None:
        """A brief note under the cell, like a tooltip."""
        rect = self.visualRect(index)
        QToolTip.showText(self.viewport().mapToGlobal(rect.bottomLeft()), message, self.viewport())
