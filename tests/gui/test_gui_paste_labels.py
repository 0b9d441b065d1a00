"""Paste with labels in the window (issue 9 item 7): a block copied from Excel/WPS with its row
labels or column headings lands where they say; a genuinely wrong block is refused."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gui_helpers import discard_on_close, open_window, view_for  # noqa: F401

# As a clerk's own workbook writes them: half-width brackets, no numbering, spaces, CR LF.
CLERKS_BLOCK = ("申请人\t自然人\t商业企业\r\n"
                "上年结转政府信息公开申请数量\t4\t1\r\n"
                "(一) 予以公开\t6\t2\r\n")


def test_a_block_with_labels_lands_by_its_labels_wherever_the_cursor_is(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    window.tabs.show_cell("requests.carried_out.legal")  # anywhere in 三
    view = view_for(window, "requests.new.person")
    QApplication.clipboard().setText(CLERKS_BLOCK)
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    report = window.document.report
    assert [report.value(f"requests.{row}.{col}") for row in ("carried_in", "granted")
            for col in ("person", "business")] == [4, 1, 6, 2]
    assert window.statusBar().currentMessage() == "已粘贴 4 个单元格（三）"
    assert window.document.undo_stack.undoText() == "粘贴 4 个单元格（三）"


def test_a_block_whose_labels_are_not_the_forms_is_refused_naming_the_label(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    window.tabs.show_cell("requests.new.person")
    before = dict(window.document.report.values)
    QApplication.clipboard().setText("本年新收政府信息公开申请数量\t5\n本年受理\t3\n")
    view_for(window, "requests.new.person").paste()
    assert window.document.report.values == before and not window.document.modified
    assert window.statusBar().currentMessage() == "未粘贴：粘贴内容第 2 行的行标题“本年受理”不是本表的行"
