"""The menus: named menus in named groups, filled by the window and by feature installers."""
from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from gui import features
from gui.features import Window
from gui_helpers import discard_on_close, open_window  # noqa: F401

SEPARATOR = "—"


def entries(menu: QMenu) -> list[str]:
    """What the clerk sees: texts of visible entries, separators collapsed as QMenu shows them."""
    shown: list[str] = []
    for action in menu.actions():
        if action.isSeparator():
            if shown and shown[-1] != SEPARATOR:
                shown.append(SEPARATOR)
        elif action.isVisible():
            shown.append(action.text())
    return shown[:-1] if shown and shown[-1] == SEPARATOR else shown


def test_the_menus_by_name_and_the_file_menu_in_order(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    assert [window.menu(name).title() for name in ("file", "edit", "view", "help")] == [
        "文件(&F)", "编辑(&E)", "视图(&V)", "帮助(&H)"]
    assert entries(window.menu("file")) == [
        "新建(&N)…", "由上年报告新建(&L)…", "汇总多个单位报告(&M)…", "导入报告(&I)…", "打开(&O)…", "最近打开(&R)",
        "恢复副本(&V)", SEPARATOR, "保存(&S)", "另存为(&A)…", "历史版本(&H)…", SEPARATOR, "报告属性(&R)…",
        "关联上年报告(&K)…", "报送前检查(&C)…", "依申请公开台账(&G)", SEPARATOR,
        "导出 Excel(&E)…", "导出 PDF(&P)…", "导出 Word(&W)…", "导出报送版 PDF(&B)…", "打印预览(&Y)…",
        SEPARATOR, "退出(&X)"]
    assert entries(window.menu("edit")) == ["撤销", "重做", SEPARATOR, "复制(&C)", "粘贴(&P)", "清除(&D)", "全选(&A)",
                                            "空白单元格填 0", SEPARATOR, "下一个问题(&F)"]
    assert entries(window.menu("view")) == ["校验结果面板", SEPARATOR, "放大(&I)", "缩小(&O)", "原始大小(&Z)"]
    assert entries(window.menu("help")) == ["使用说明(&U)", "颜色和标记说明(&L)", SEPARATOR, "关于年报助手(&A)"]


def test_a_listed_feature_installs_its_entries_in_their_group(qtbot: QtBot, demo_file: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    followed: list[object] = []

    def install(window: Window) -> None:
        window.add_action("check_all", "报送前检查(&C)…", lambda: None, "F9", menu="file", group="report")
        window.add_action("tips", "每日提示(&T)", lambda: None, menu="help")
        window.documentChanged.connect(followed.append)

    module = types.ModuleType("gui_feature_for_test")
    module.install = install  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setattr(features, "FEATURES", features.FEATURES + (module.__name__,))
    window = open_window(qtbot, demo_file)
    file_entries = entries(window.menu("file"))
    report_group = file_entries[file_entries.index("报告属性(&R)…"):]
    assert report_group[report_group.index(SEPARATOR) - 1] == "报送前检查(&C)…"  # the group's end
    assert entries(window.menu("help"))[-1] == "每日提示(&T)"  # the end of the last group
    assert window.actions_by_name["check_all"].shortcut().toString() == "F9"
    assert followed == [window.document]  # told of the first document too
