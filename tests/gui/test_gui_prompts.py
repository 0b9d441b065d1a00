"""gui.prompts: Chinese buttons on every box, one start folder for every file dialog, the suffix
added once."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from gui import prompts
from model import appdirs
from gui_helpers import (REAL_ASK_SAVE_CHANGES, answer_file_dialogs, click_in_message_box,  # noqa: F401
                         discard_on_close, open_window)


@pytest.fixture(autouse=True)
def fresh_session(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No folder used yet in this session; the clerk's Documents folder is a private one."""
    documents = tmp_path / "文档"
    documents.mkdir()
    monkeypatch.setattr(prompts, "_last_folder", None)
    monkeypatch.setattr(appdirs, "documents_dir", lambda: documents)
    return documents


def test_file_dialogs_start_in_the_reports_folder_then_in_the_last_folder_used(
        qtbot: QtBot, demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_file)
    elsewhere = tmp_path / "导出"
    elsewhere.mkdir()
    asked = answer_file_dialogs(monkeypatch, elsewhere / "报告")
    click_in_message_box(monkeypatch, "确定")
    window.actions_by_name["export_xlsx"].trigger()
    assert Path(asked[0][1]).parent == demo_file.parent  # nothing used yet: beside the report
    assert (elsewhere / "报告.xlsx").exists()  # the suffix was added
    window.actions_by_name["save_as"].trigger()
    assert asked[1] == ("另存为", str(elsewhere / demo_file.name))  # where the clerk went last
    assert window.document.path == elsewhere / "报告.json"
    answer_file_dialogs(monkeypatch, None)  # cancelled: remembers nothing
    window.actions_by_name["open"].trigger()
    assert prompts.start_folder() == elsewhere


def test_an_untitled_report_starts_in_the_documents_folder(qtbot: QtBot, fresh_session: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, None)
    asked = answer_file_dialogs(monkeypatch, None)
    window.actions_by_name["open"].trigger()
    window.actions_by_name["save_as"].trigger()
    assert asked[0] == ("打开报告", str(fresh_session))
    assert Path(asked[1][1]).parent == fresh_session and asked[1][1].endswith(".json")


def test_a_chosen_suffix_in_capitals_is_kept(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    answer_file_dialogs(monkeypatch, tmp_path / "报告.JSON")
    assert prompts.save_file(None, "另存为", "年报项目文件 (*.json)", ".json", "x.json") == tmp_path / "报告.JSON"


def test_boxes_speak_chinese(qapp, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    shown = click_in_message_box(monkeypatch, "是")
    assert prompts.ask_yes_no(None, "问", "要继续吗？")
    prompts.warn(None, "警告", "出了问题")
    prompts.inform(None, "完成", "已完成")
    assert REAL_ASK_SAVE_CHANGES(None, "甲.json") is prompts.SaveChoice.CANCEL  # no 是 here: closed
    question, warning, information, save = shown
    assert {b.text() for b in question.buttons()} == {"是", "否"}
    assert question.escapeButton().text() == "否" and question.defaultButton().text() == "否"
    assert [b.text() for b in warning.buttons()] == ["确定"] and warning.icon() == QMessageBox.Icon.Warning
    assert [b.text() for b in information.buttons()] == ["确定"]
    assert {b.text() for b in save.buttons()} == {"保存", "不保存", "取消"}
    assert save.defaultButton().text() == "保存" and save.escapeButton().text() == "取消"


@pytest.mark.parametrize("label, choice", [("保存", prompts.SaveChoice.SAVE), ("不保存", prompts.SaveChoice.DISCARD),
                                           ("取消", prompts.SaveChoice.CANCEL)])
def test_the_save_prompt_answers(qapp, monkeypatch: pytest.MonkeyPatch, label: str,  # type: ignore[no-untyped-def]
                                 choice: prompts.SaveChoice) -> None:
    click_in_message_box(monkeypatch, label)
    assert REAL_ASK_SAVE_CHANGES(None, "甲.json") is choice
