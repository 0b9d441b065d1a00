"""An exception in a slot of the running window: the dialog, the traceback in the log, and a
recovery copy of the open report (the hook as run_app installs it)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from gui import app as gui_app
from gui import error_hook
from gui_helpers import click_in_message_box  # noqa: F401
from gui_helpers import discard_on_close  # noqa: F401
from model import recovery

PERSON = "requests.new.person"


def broken_slot() -> None:
    raise LookupError("窗口里的程序错误")


@pytest.mark.parametrize("via", ["timer", "action"])
def test_an_error_in_a_slot_is_shown_logged_and_the_report_kept(qtbot: QtBot, demo_file: Path,
                                                               monkeypatch: pytest.MonkeyPatch, via: str) -> None:
    shown = click_in_message_box(monkeypatch, "确定")
    gui_app.create_app()
    window, hook = gui_app.start_window(demo_file)
    qtbot.addWidget(window)
    try:
        window.document.set_cells({PERSON: 777}, "x")
        window.tabs.texts["overview"].editor.setPlainText("出错前的文字")
        if via == "timer":
            QTimer.singleShot(0, broken_slot)
        else:
            window.add_action("broken", "坏命令", broken_slot).trigger()
        qtbot.waitUntil(lambda: len(shown) == 1)
    finally:
        hook.uninstall()
    [box] = shown
    assert box.windowTitle() == "程序出错" and "已保存为恢复副本" in box.text()
    assert str(error_hook.log_path()) in box.text()
    logged = error_hook.log_path().read_text(encoding="utf-8")
    assert "Traceback" in logged and "broken_slot" in logged and "LookupError: 窗口里的程序错误" in logged
    copy = json.loads(recovery.recovery_path(demo_file).read_text(encoding="utf-8"))["report"]
    assert copy["values"][PERSON] == 777 and copy["texts"]["overview"] == "出错前的文字"
    assert window.isVisible() and window.document.report.value(PERSON) == 777
