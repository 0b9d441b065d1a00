"""Saving under faults from the window: a full disk or a read-only folder is explained in
Chinese, the file and the report in memory stay as they were, and 另存为 still works."""
from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from gui_helpers import answer_file_dialogs, click_in_message_box, discard_on_close, open_window, type_into  # noqa: F401
from model import recovery, storage

PERSON = "requests.new.person"


@pytest.mark.parametrize("code, words", [(errno.ENOSPC, "磁盘空间不足"), (errno.EROFS, "没有权限写入")])
def test_a_failed_save_keeps_everything_and_save_as_still_works(
        qtbot: QtBot, demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        code: int, words: str) -> None:
    window = open_window(qtbot, demo_file)
    original = demo_file.read_bytes()
    type_into(qtbot, window, PERSON, "21")
    window.tabs.texts["other"].editor.setPlainText("保存失败也不能丢的文字")
    real_write = storage.write_atomically

    def failing_here(path: Path, data: bytes) -> None:
        if path.parent == demo_file.parent:
            raise OSError(code, "refused")
        real_write(path, data)

    monkeypatch.setattr(storage, "write_atomically", failing_here)
    warnings = click_in_message_box(monkeypatch, "确定")
    assert not window.save()
    [warning] = warnings
    assert warning.windowTitle() == "保存失败" and words in warning.text() and "另存为" in warning.text()
    assert demo_file.read_bytes() == original
    document = window.document
    assert document.modified and window.isWindowModified() and document.path == demo_file
    assert document.report.value(PERSON) == 21 and document.report.texts["other"] == "保存失败也不能丢的文字"
    qtbot.waitUntil(lambda: recovery.recovery_path(demo_file).exists(), timeout=5000)  # still protected

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    answer_file_dialogs(monkeypatch, elsewhere / "另存的报告.json")
    assert window.save_as()
    saved = json.loads((elsewhere / "另存的报告.json").read_text(encoding="utf-8"))
    assert saved["values"][PERSON] == 21 and saved["texts"]["other"] == "保存失败也不能丢的文字"
    assert not document.modified and document.path == elsewhere / "另存的报告.json"
    assert demo_file.read_bytes() == original
    assert list(recovery.recovery_dir().iterdir()) == []
