"""编辑 ▸ 复制, 粘贴, 清除, 全选 and 空白单元格填 0: the table commands outside the keyboard.

The entries run the commands of the table in sight (its `cell_actions`, gui.cell_commands),
so the menu, the table's right-click menu and its keys do exactly the same; on a narrative tab
the entries are disabled (the text field has its own menu). The keys shown beside the entries
belong to the table: the window's entries take no keys themselves.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from gui.cell_commands import CELL_COMMANDS, fill_zero_menu
from gui.features import Window


def install(window: Window) -> None:
    actions: dict[str, QAction] = {}
    for command in CELL_COMMANDS:
        action = window.add_action(f"cells_{command.name}", command.text, _on_table(window, command.name),
                                   None, command.tip, menu=None if command.in_fill_zero_menu else "edit",
                                   group="cells")
        action.setShortcuts(command.keys())
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # shown here, taken by the table
        actions[command.name] = action
    edit = window.menu("edit")
    window.place(fill_zero_menu(actions, edit), "edit", "cells")

    def enable() -> None:
        in_sight = window.current_table_view() is not None
        for action in actions.values():
            action.setEnabled(in_sight)

    edit.aboutToShow.connect(enable)


def _on_table(window: Window, name: str) -> Callable[[], None]:
    def run() -> None:
        view = window.current_table_view()
        if view is not None:
            view.cell_actions[name].trigger()
    return run
