"""文件 ▸ 历史版本…: each save from the window keeps the version it replaces; one can be
restored as an unsaved change of the same file."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from gui.history_dialog import HistoryDialog, differences
from gui import prompts
from gui_helpers import answer_save_prompt, discard_on_close, open_window, type_into  # noqa: F401
from model import history
from model.storage import load_report

PERSON = "requests.new.person"


def saved_person(path: Path) -> int:
    return json.loads(path.read_text(encoding="utf-8"))["values"][PERSON]


def choose_version(monkeypatch: pytest.MonkeyPatch, row: int | None) -> list[HistoryDialog]:
    """Select a row of the real dialog and press 恢复此版本 (None: 关闭)."""
    shown: list[HistoryDialog] = []

    def exec_(dialog: HistoryDialog) -> int:
        shown.append(dialog)
        if row is None:
            return 0
        dialog.list.setCurrentItem(dialog.list.topLevelItem(row))
        assert dialog.restore_button.isEnabled()
        return 1

    monkeypatch.setattr(HistoryDialog, "exec", exec_)
    return shown


def test_saves_keep_versions_and_one_is_restored_unsaved(qtbot: QtBot, demo_file: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_file)
    for value in ("21", "22"):
        type_into(qtbot, window, PERSON, value)
        assert window.save()
    assert saved_person(demo_file) == 22
    shown = choose_version(monkeypatch, 1)  # the oldest: the file as it was opened
    window.actions_by_name["history"].trigger()
    [dialog] = shown
    rows = [dialog.list.topLevelItem(i) for i in range(dialog.list.topLevelItemCount())]
    assert len(rows) == 2
    assert all("示例市演示区文化和旅游局 · 2025年 · 已填" in row.text(1) for row in rows)
    assert [row.text(2) for row in rows] == ["1 个单元格不同"] * 2  # 21 and 19 against the current 22
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", row.text(0)) for row in rows)
    assert rows[0].text(0) >= rows[1].text(0)  # newest first
    document = window.document
    assert document.path == demo_file and document.modified and window.isWindowModified()
    assert document.report.value(PERSON) == 19
    assert "尚未保存" in window.statusBar().currentMessage() and "不保存" in window.statusBar().currentMessage()
    assert not window.actions_by_name["undo"].isEnabled()  # a restore is not an undo step: not saving is the way back
    assert saved_person(demo_file) == 22  # nothing on disk changes until the clerk saves
    assert window.save()
    assert saved_person(demo_file) == 19
    assert [history.restore_version(v).value(PERSON) for v in history.list_versions(demo_file)] == [22, 21, 19]


def test_restoring_over_unsaved_changes_asks_first(qtbot: QtBot, demo_file: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_file)
    type_into(qtbot, window, PERSON, "21")
    window.save()
    type_into(qtbot, window, PERSON, "30")
    choose_version(monkeypatch, 0)
    asked = answer_save_prompt(monkeypatch, prompts.SaveChoice.CANCEL)
    window.actions_by_name["history"].trigger()
    assert asked == [demo_file.name]
    assert window.document.report.value(PERSON) == 30


def test_closing_the_dialog_changes_nothing(qtbot: QtBot, demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_file)
    type_into(qtbot, window, PERSON, "21")
    window.save()
    document = window.document
    choose_version(monkeypatch, None)
    window.actions_by_name["history"].trigger()
    assert window.document is document and not document.modified


def test_no_versions_yet_and_untitled_reports(qtbot: QtBot, demo_file: Path) -> None:
    dialog = HistoryDialog(demo_file)
    qtbot.addWidget(dialog)
    assert dialog.list.topLevelItemCount() == 0 and not dialog.restore_button.isEnabled()
    window = open_window(qtbot, None)
    assert not window.actions_by_name["history"].isEnabled()


def test_differences_name_cells_texts_and_properties(demo_file: Path) -> None:
    current, version = load_report(demo_file), load_report(demo_file)
    assert differences(version, current) == "与当前相同"
    version.set_value(PERSON, 1)
    version.texts["other"] = "旧的文字"
    version.unit = "旧名称"
    assert differences(version, current) == "1 个单元格、1 段文字、单位或年度不同"
