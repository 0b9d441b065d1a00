"""The table commands a clerk can reach without the keyboard: 复制, 粘贴, 清除, 全选 and
空白单元格填 0, defined once for the table's right-click menu and the 编辑 menu (gui.edit_menu).

Each table view owns one QAction per command (`SectionTableView.cell_actions`), whose keys
work while the table has the focus; the 编辑 menu's entries run the actions of the table in
sight.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

FILL_ZERO_MENU = "空白单元格填 0"


@dataclass(frozen=True)
class CellCommand:
    name: str
    text: str
    shortcuts: tuple[QKeySequence.StandardKey | str, ...] = ()
    tip: str = ""
    in_fill_zero_menu: bool = False  # an entry of the 空白单元格填 0 submenu

    def keys(self) -> list[QKeySequence]:
        return [QKeySequence(key) for key in self.shortcuts]


CELL_COMMANDS: tuple[CellCommand, ...] = (
    CellCommand("copy", "复制(&C)", (QKeySequence.StandardKey.Copy,), "复制所选单元格（可粘贴到 Excel/WPS）"),
    CellCommand("paste", "粘贴(&P)", (QKeySequence.StandardKey.Paste,),
                "粘贴从 Excel/WPS 复制的数字；带行标题或列标题时按标题对应填入"),
    CellCommand("clear", "清除(&D)", ("Delete", "Backspace"), "清除所选单元格中的数字"),
    CellCommand("select_all", "全选(&A)", (QKeySequence.StandardKey.SelectAll,), "选中本表全部单元格"),
    CellCommand("fill_zero_table", "当前表格(&T)", (), "将当前标签页表格中的空白单元格填 0（自动计算的合计除外）",
                in_fill_zero_menu=True),
    CellCommand("fill_zero_report", "整个报告(&W)", (), "将全部表格中的空白单元格填 0（自动计算的合计除外）",
                in_fill_zero_menu=True),
)


def fill_zero_menu(actions: dict[str, QAction], parent: QWidget) -> QMenu:
    """The submenu 空白单元格填 0 ▸ 当前表格 / 整个报告 over these actions."""
    menu = QMenu(FILL_ZERO_MENU, parent)
    for command in CELL_COMMANDS:
        if command.in_fill_zero_menu:
            menu.addAction(actions[command.name])
    return menu


def cell_menu(actions: dict[str, QAction], parent: QWidget) -> QMenu:
    """A table's right-click menu: the commands over these actions."""
    menu = QMenu(parent)
    for command in CELL_COMMANDS:
        if not command.in_fill_zero_menu:
            menu.addAction(actions[command.name])
    menu.addSeparator()
    menu.addMenu(fill_zero_menu(actions, menu))
    return menu
