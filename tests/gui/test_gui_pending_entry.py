"""A figure typed without Enter is never lost: every action that reads or leaves the report
first puts it in (issue 9 item 1), a refused one stays in its editor and stops the action."""
from __future__ import annotations

import json
import re
import sys
import types
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit
from pytestqt.qtbot import QtBot

from export.registry import EXPORTERS
from gui import features, prompts
from gui.features import Window
from gui.main_window import MainWindow
from gui_helpers import (activate, answer_file_dialogs, answer_review, answer_save_prompt,  # noqa: F401
                         click_in_message_box, current_key, discard_on_close, open_window, view_for,
                         visible_editor)
from model import recovery
from model.report import Report

NEW_PERSON = "requests.new.person"  # 19 in the demo
CTRL = Qt.KeyboardModifier.ControlModifier
REFUSED = "一 · 自然人：请只填数字（不能含“a”）。请改正，或按 Esc 放弃这次输入"


def start_typing(qtbot: QtBot, window: MainWindow, key: str, text: str) -> QLineEdit:
    """Select the cell and type `text` as a clerk does, without pressing Enter."""
    window.tabs.show_cell(key)
    view = view_for(window, key)
    qtbot.keyClick(view, text[0])
    editor = visible_editor(qtbot, view)
    qtbot.keyClicks(editor, text[1:])
    assert window.document.report.value(key) != 88 or text != "88"
    return editor


def saved_value(path: Path) -> object:
    return json.loads(path.read_text(encoding="utf-8"))["values"][NEW_PERSON]


def test_ctrl_s_while_typing_saves_the_typed_figure(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    activate(qtbot, window)
    editor = start_typing(qtbot, window, NEW_PERSON, "88")
    qtbot.keyClick(editor, Qt.Key.Key_S, CTRL)
    assert saved_value(demo_file) == 88
    assert window.statusBar().currentMessage() == f"已保存：{demo_file}"
    assert not window.document.modified and not window.isWindowModified()
    view = view_for(window, NEW_PERSON)
    assert view.state() != view.State.EditingState and current_key(view) == NEW_PERSON


def test_ctrl_p_while_typing_exports_the_typed_figure(qtbot: QtBot, demo_file: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from pypdf import PdfReader
    window = open_window(qtbot, demo_file)
    activate(qtbot, window)
    answer_file_dialogs(monkeypatch, tmp_path / "导出.pdf")
    answer_review(monkeypatch, export_anyway=True)  # 88 breaks the balance: 报送前检查 comes first
    click_in_message_box(monkeypatch, None)  # 导出完成
    editor = start_typing(qtbot, window, NEW_PERSON, "88")
    qtbot.keyClick(editor, Qt.Key.Key_P, CTRL)
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "导出.pdf").pages)
    assert re.search(r"\b88\b", text) and re.search(r"\b98\b", text)  # the figure and its total


@pytest.mark.parametrize("kind", [e.id for e in EXPORTERS])
def test_every_export_writes_the_figure_being_typed(qtbot: QtBot, demo_file: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    exporter = next(e for e in EXPORTERS if e.id == kind)
    written: list[object] = []
    def write(report: Report, path: Path) -> list[str]:  # a writer returns its notes (faces used)
        written.append(report.value(NEW_PERSON))
        return []

    monkeypatch.setattr(f"{exporter.module}.{exporter.function}", write)
    answer_file_dialogs(monkeypatch, tmp_path / f"导出{exporter.suffix}")
    answer_review(monkeypatch, export_anyway=True)
    click_in_message_box(monkeypatch, None)
    window = open_window(qtbot, demo_file)
    start_typing(qtbot, window, NEW_PERSON, "88")
    window.actions_by_name[f"export_{kind}"].trigger()
    assert written == [88]


def test_closing_while_typing_asks_to_save_and_saves_the_figure(qtbot: QtBot, demo_file: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_file)
    asked = answer_save_prompt(monkeypatch, prompts.SaveChoice.SAVE)
    start_typing(qtbot, window, NEW_PERSON, "88")
    assert window.close()
    assert asked == [demo_file.name]
    assert saved_value(demo_file) == 88


@pytest.mark.parametrize("how", ["open", "recent"])
def test_opening_another_file_while_typing_asks_to_save(qtbot: QtBot, demo_file: Path, seed_file: Path,
                                                        monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    window = open_window(qtbot, demo_file)
    asked = answer_save_prompt(monkeypatch, prompts.SaveChoice.CANCEL)
    start_typing(qtbot, window, NEW_PERSON, "88")
    if how == "open":
        answer_file_dialogs(monkeypatch, seed_file)
        window.actions_by_name["open"].trigger()
    else:
        window.files.open_recent(seed_file)  # 文件 ▸ 最近打开 ▸ …
    assert asked == [demo_file.name]
    assert window.document.path == demo_file and window.document.report.value(NEW_PERSON) == 88


def test_switching_tab_while_typing_keeps_the_figure(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    start_typing(qtbot, window, NEW_PERSON, "88")
    window.tabs.setCurrentIndex(0)
    assert window.document.report.value(NEW_PERSON) == 88
    assert window.document.undo_stack.undoText() == "输入“三 · 一 · 自然人”"


def window_actions(window: MainWindow) -> list[str]:
    """Every action the window and its features added, but undo/redo, 退出 and the cell commands
    (which change the cell: test_gui_cell_commands)."""
    return [name for name in window.actions_by_name if name not in ("undo", "redo", "quit")
            and not name.startswith("cells_")]


def test_every_action_of_the_window_puts_the_figure_in_first(qtbot: QtBot, demo_file: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """保存, 另存为, 报告属性, 由上年报告新建, 汇总, 历史版本, 导入 … — each cancelled at its first
    question, each after the figure is in the report."""
    answer_file_dialogs(monkeypatch, None)
    click_in_message_box(monkeypatch, None)
    answer_review(monkeypatch, export_anyway=False)
    monkeypatch.setattr(QDialog, "exec", lambda self: 0)
    window = open_window(qtbot, demo_file)
    names = window_actions(window)
    assert {"save", "save_as", "properties", "carry", "merge", "history", "new", "open"} <= set(names)
    for name in names:
        start_typing(qtbot, window, NEW_PERSON, "88")
        document = window.document
        window.actions_by_name[name].trigger()
        assert document.report.value(NEW_PERSON) == 88, name
        document.undo_stack.undo()  # back to 19 for the next one
        assert document.report.value(NEW_PERSON) == 19


def test_a_feature_added_later_reads_the_figure_being_typed(qtbot: QtBot, demo_file: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[object] = []

    def install(window: Window) -> None:
        window.add_action("look", "查看", lambda: seen.append(window.document.report.value(NEW_PERSON)),
                          menu="file", group="report")

    module = types.ModuleType("gui_feature_reading_the_report")
    module.install = install  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setattr(features, "FEATURES", features.FEATURES + (module.__name__,))
    window = open_window(qtbot, demo_file)
    start_typing(qtbot, window, NEW_PERSON, "88")
    window.actions_by_name["look"].trigger()
    assert seen == [88]


def test_a_refused_entry_stops_the_save_and_stays_in_its_editor(qtbot: QtBot, demo_file: Path) -> None:
    before = demo_file.read_bytes()
    window = open_window(qtbot, demo_file)
    activate(qtbot, window)
    editor = start_typing(qtbot, window, NEW_PERSON, "8a")
    qtbot.keyClick(editor, Qt.Key.Key_S, CTRL)
    assert demo_file.read_bytes() == before
    assert window.statusBar().currentMessage() == f"“保存”未执行：{REFUSED}"
    view = view_for(window, NEW_PERSON)
    assert view.state() == view.State.EditingState and editor.isVisible() and editor.text() == "8a"
    assert editor.selectedText() == "8a"  # ready to be typed over
    qtbot.keyClicks(editor, "8")
    qtbot.keyClick(editor, Qt.Key.Key_S, CTRL)
    assert saved_value(demo_file) == 8


def test_a_refused_entry_keeps_the_window_open(qtbot: QtBot, demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_file)
    asked = answer_save_prompt(monkeypatch, prompts.SaveChoice.DISCARD)
    editor = start_typing(qtbot, window, NEW_PERSON, "8a")
    assert not window.close()
    assert window.isVisible() and asked == [] and editor.text() == "8a"
    assert REFUSED in window.statusBar().currentMessage()
    qtbot.keyClick(editor, Qt.Key.Key_Escape)  # given up: now the window may close
    assert window.close()


def test_the_recovery_copy_keeps_the_figure_being_typed_without_ending_the_typing(qtbot: QtBot,
                                                                                 demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    editor = start_typing(qtbot, window, NEW_PERSON, "88")
    path = recovery.recovery_path(demo_file)
    qtbot.waitUntil(path.exists, timeout=5000)  # the autosave follows the typing, as it follows edits
    assert json.loads(path.read_text(encoding="utf-8"))["report"]["values"][NEW_PERSON] == 88
    assert editor.isVisible() and editor.hasFocus() and editor.text() == "88"  # the clerk types on
    assert window.document.report.value(NEW_PERSON) == 19 and not window.document.modified
    report, source, _ = window.recovery_state()  # what the error hook keeps
    assert report.value(NEW_PERSON) == 88 and report.value("requests.new.total") == 98 and source == demo_file
    qtbot.keyClick(editor, Qt.Key.Key_Escape)  # given up: the copy goes
    qtbot.waitUntil(lambda: not path.exists(), timeout=5000)


def test_a_refused_entry_brings_the_clerk_back_to_its_tab(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    editor = start_typing(qtbot, window, NEW_PERSON, "8a")
    window.tabs.setCurrentIndex(0)
    qtbot.waitUntil(lambda: window.tabs.currentIndex() == 2)
    assert editor.isVisible() and editor.text() == "8a" and window.document.report.value(NEW_PERSON) == 19
