"""Table tabs: header rows stay in sight while a tall table scrolls, tables fit their room exactly,
and a table tab is built when first shown."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QHelpEvent, QWheelEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QToolTip, QWidget
from pytestqt.qtbot import QtBot

from gui.main_window import MainWindow
from gui.palette import GRID_LINE
from gui.report_tabs import fitted_size
from gui.table_view import SectionTableView
from gui_helpers import current_key, discard_on_close, open_window, view_for, visible_editor  # noqa: F401

REQUESTS_TAB = 2
LAST_ROW_PERSON = "requests.carried_out.person"  # 四、结转下年度继续办理 · 自然人


def requests_scrolled_to_bottom(qtbot: QtBot, demo_file: Path, size: QSize = QSize(1360, 700)) -> SectionTableView:
    window = open_window(qtbot, demo_file)
    window.resize(size)
    window.tabs.setCurrentIndex(REQUESTS_TAB)
    view = view_for(window, "requests.new.person")
    qtbot.waitUntil(lambda: view.verticalScrollBar().maximum() > 0)
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    QApplication.processEvents()
    return view


def top_widget_at(window: QWidget, widget: QWidget, point: QPoint) -> QWidget:
    """What the clerk would see (and click) at a point of `widget`."""
    return window.childAt(widget.mapTo(window, point))


def x_in(window: QWidget, view: QAbstractItemView, rect: QRect) -> int:
    """Where a cell's rect of `view` starts across the window."""
    return view.viewport().mapTo(window, rect.topLeft()).x()


def header_index(view: SectionTableView, text: str):  # type: ignore[no-untyped-def]
    cell = next(c for c in view.table_model.grid.cells if c.role == "column" and c.text == text)
    return view.model().index(cell.row, cell.col)


def test_the_column_headings_of_requests_stay_above_the_scrolled_body(qtbot: QtBot, demo_file: Path) -> None:
    view = requests_scrolled_to_bottom(qtbot, demo_file)
    window = view.window()
    frozen = view.frozen
    assert frozen is not None and frozen.isVisible()
    assert frozen.height() == view.header_height() > 0

    person = header_index(view, "自然人")
    heading = frozen.visualRect(person)
    assert frozen.viewport().rect().contains(heading)
    assert frozen.model().data(person) == "自然人"
    assert top_widget_at(window, frozen.viewport(), heading.center()) is frozen.viewport()  # drawn on top

    body_cell = view.visualRect(view.table_model.index_of(LAST_ROW_PERSON))
    assert view.viewport().rect().contains(body_cell)  # the last row is in sight
    assert x_in(window, frozen, heading) == x_in(window, view, body_cell)
    assert heading.width() == body_cell.width()
    assert view.visualRect(person).bottom() < 0  # the body's own copy has scrolled away


def test_the_frozen_header_follows_sideways_scrolling(qtbot: QtBot, demo_file: Path) -> None:
    view = requests_scrolled_to_bottom(qtbot, demo_file, QSize(700, 600))
    assert view.frozen is not None and view.frozen.isVisible()
    bar = view.horizontalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum())
    QApplication.processEvents()
    person = header_index(view, "总计")
    body_cell = view.visualRect(view.table_model.index_of("requests.carried_out.total"))
    heading = view.frozen.visualRect(person)
    window = view.window()
    assert x_in(window, view.frozen, heading) == x_in(window, view, body_cell)


def test_clicks_and_typing_go_to_the_body_below_the_header(qtbot: QtBot, demo_file: Path) -> None:
    view = requests_scrolled_to_bottom(qtbot, demo_file)
    window = view.window()
    assert isinstance(window, MainWindow)
    target = view.visualRect(view.table_model.index_of(LAST_ROW_PERSON)).center()
    assert top_widget_at(window, view.viewport(), target) is view.viewport()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=target)
    assert current_key(view) == LAST_ROW_PERSON
    qtbot.keyClick(view, "7")
    editor = visible_editor(qtbot, view)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)
    assert window.document.report.value(LAST_ROW_PERSON) == 7


def test_a_click_on_the_frozen_header_selects_the_heading_and_keeps_the_body_scrolled(
        qtbot: QtBot, demo_file: Path) -> None:
    view = requests_scrolled_to_bottom(qtbot, demo_file)
    assert view.frozen is not None
    scrolled = view.verticalScrollBar().value()
    person = header_index(view, "自然人")
    qtbot.mouseClick(view.frozen.viewport(), Qt.MouseButton.LeftButton, pos=view.frozen.visualRect(person).center())
    assert view.currentIndex() == person  # one selection for both
    assert view.verticalScrollBar().value() == scrolled
    assert QApplication.focusWidget() is view  # keys still go to the body
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.currentIndex().row() > person.row()
    assert view.visualRect(view.currentIndex()).top() >= view.frozen.height()  # not hidden under the header


def test_a_cell_brought_into_sight_is_not_hidden_under_the_header(qtbot: QtBot, demo_file: Path) -> None:
    view = requests_scrolled_to_bottom(qtbot, demo_file)
    assert view.frozen is not None
    window = view.window()
    window.tabs.show_cell("requests.new.person")  # the first body row, scrolled under the header
    rect = view.visualRect(view.table_model.index_of("requests.new.person"))
    assert rect.top() >= view.frozen.height()
    assert top_widget_at(window, view.viewport(), rect.center()) is view.viewport()


def test_typing_into_a_cell_half_under_the_header_edits_it_in_sight(qtbot: QtBot, demo_file: Path) -> None:
    view = requests_scrolled_to_bottom(qtbot, demo_file)
    assert view.frozen is not None
    window = view.window()
    window.tabs.show_cell("requests.new.person")
    view.verticalScrollBar().setValue(view.verticalScrollBar().value() + 10)  # the wheel moves it under the header
    assert view.visualRect(view.currentIndex()).top() < view.frozen.height()
    qtbot.keyClick(view, "5")
    editor = visible_editor(qtbot, view)
    assert editor.geometry().top() >= view.frozen.height()


def test_stacked_tables_scroll_whole_and_short_tables_fit_their_frame(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    window.resize(1360, 880)
    window.tabs.setCurrentIndex(3)
    appeals = view_for(window, "appeals.cases.review_upheld")
    proactive = view_for(window, "art20_1.normative.issued")
    assert proactive.frozen is None  # 二 stacks several tables under their own headings
    qtbot.waitUntil(lambda: appeals.isVisible())
    assert (appeals.width(), appeals.height()) == (appeals.natural_width(), appeals.natural_height())
    qtbot.waitUntil(lambda: appeals.viewport().size() == appeals.size())  # no frame, no band, no scroll bar


def test_the_top_edge_is_one_clean_grid_line(qtbot: QtBot, demo_file: Path) -> None:
    """Qt leaves 1-pixel ticks of the column lines at the top of merged first-row cells."""
    window = open_window(qtbot, demo_file)
    window.resize(1360, 880)
    window.tabs.setCurrentIndex(3)
    view = view_for(window, "appeals.cases.review_upheld")
    qtbot.waitUntil(lambda: view.isVisible())
    image = view.viewport().grab().toImage()
    line = GRID_LINE.rgb()
    assert {image.pixel(x, 0) for x in range(view.natural_width())} == {line}
    review = view.model().index(0, 0)  # 行政复议, merged over five columns
    inside = view.visualRect(review).adjusted(2, 0, -2, 0)
    assert line not in {image.pixel(x, 1) for x in range(inside.left(), inside.right())}


def test_fitted_size_adds_scroll_bars_only_where_needed() -> None:
    bar = 15
    assert fitted_size(QSize(500, 300), QSize(800, 600), bar) == QSize(500, 300)
    assert fitted_size(QSize(500, 900), QSize(800, 600), bar) == QSize(515, 600)
    assert fitted_size(QSize(900, 300), QSize(800, 600), bar) == QSize(800, 315)
    assert fitted_size(QSize(790, 590), QSize(800, 600), bar) == QSize(790, 590)
    assert fitted_size(QSize(790, 900), QSize(800, 600), bar) == QSize(800, 600)  # both bars


def test_a_table_tab_is_built_when_first_shown_and_shows_at_once(qtbot: QtBot, demo_file: Path) -> None:
    """Opening a report builds only the tab in sight (一, text); a table appears whole on first sight."""
    window = open_window(qtbot, demo_file)
    assert window.findChildren(SectionTableView) == []
    window.tabs.setCurrentIndex(REQUESTS_TAB)  # no event processed after the switch
    views = window.findChildren(SectionTableView)
    assert len(views) == 1 and views[0].isVisible()
    assert views[0].width() > 0 and views[0].height() > 0
    window.tabs.show_cell("appeals.cases.review_upheld")  # a finding or F8 builds its tab too
    assert len(window.findChildren(SectionTableView)) == 2


def test_the_wheel_over_the_header_scrolls_the_body_and_headings_have_tooltips(qtbot: QtBot, demo_file: Path) -> None:
    view = requests_scrolled_to_bottom(qtbot, demo_file)
    frozen = view.frozen
    assert frozen is not None
    bottom = view.verticalScrollBar().value()
    centre = QPointF(frozen.viewport().rect().center())
    wheel = QWheelEvent(centre, QPointF(frozen.viewport().mapToGlobal(centre.toPoint())), QPoint(0, 0), QPoint(0, 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(frozen.viewport(), wheel)
    assert view.verticalScrollBar().value() < bottom
    assert frozen.verticalScrollBar().value() == 0  # the header itself never scrolls away

    heading = frozen.visualRect(header_index(view, "法律服务机构")).center()
    tip = QHelpEvent(QEvent.Type.ToolTip, heading, frozen.viewport().mapToGlobal(heading))
    QApplication.sendEvent(frozen.viewport(), tip)
    qtbot.waitUntil(lambda: QToolTip.text() == "法律服务机构")
