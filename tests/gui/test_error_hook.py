"""The global error hook: traceback logged, open report kept, the clerk told in Chinese."""
from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path
from typing import Iterator

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from gui import error_hook, prompts
from model import appdirs, recovery
from model.report import Report
from model.storage import load_report, report_to_json


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[QMessageBox]:
    """The message boxes shown, recorded instead of blocking the test on a modal dialog."""
    shown: list[QMessageBox] = []
    monkeypatch.setattr(prompts, "run_box", lambda box: shown.append(box))
    return shown


@pytest.fixture
def state() -> dict[str, object]:
    """What the window would answer: the open report and its file (None = nothing open)."""
    return {"value": None}


@pytest.fixture
def hook(qapp, boxes, state) -> Iterator[error_hook.ErrorHook]:  # type: ignore[no-untyped-def]
    installed = error_hook.install_error_hook(lambda: state["value"])  # type: ignore[arg-type, return-value]
    yield installed
    installed.uninstall()


def _fail(message: str) -> None:
    try:
        raise ValueError(message)
    except ValueError:
        sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]


def test_installing_replaces_both_hooks_and_uninstall_restores_them(hook) -> None:  # type: ignore[no-untyped-def]
    assert sys.excepthook == hook.handle
    assert threading.excepthook == hook.handle_thread
    hook.uninstall()
    assert sys.excepthook is sys.__excepthook__
    assert threading.excepthook is threading.__excepthook__


def test_an_error_is_logged_with_its_traceback_and_explained_in_chinese(hook, boxes) -> None:  # type: ignore[no-untyped-def]
    _fail("坏了的内部状态")
    logged = (appdirs.log_dir() / "nianbao.log").read_text(encoding="utf-8")
    assert "Traceback" in logged and "_fail" in logged and "ValueError: 坏了的内部状态" in logged
    [box] = boxes
    assert box.windowTitle() == "程序出错" and box.icon() == QMessageBox.Icon.Critical
    assert "意外错误" in box.text() and str(appdirs.log_dir() / "nianbao.log") in box.text()
    assert "恢复副本" not in box.text()  # no report was open
    assert box.detailedText() == "ValueError：坏了的内部状态"


def test_the_open_report_is_kept_as_a_recovery_copy(hook, boxes, state, demo_file: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    report = load_report(demo_file)
    report.set_value("requests.new.person", 555)
    state["value"] = (report, demo_file)
    _fail("x")
    assert "已保存为恢复副本" in boxes[0].text()
    monkeypatch.setattr(recovery, "process_alive", lambda pid, started=None: False)  # as after the crash
    [kept] = recovery.list_recoveries()
    assert kept.source == demo_file.resolve()
    assert report_to_json(recovery.restore(kept)) == report_to_json(report)


def test_an_untitled_report_is_kept_too(hook, boxes, state) -> None:  # type: ignore[no-untyped-def]
    state["value"] = (Report.blank("2021", "未保存的单位", 2025), None)
    _fail("x")
    assert recovery.recovery_path(None).is_file()
    assert "已保存为恢复副本" in boxes[0].text()


def test_when_the_copy_cannot_be_written_the_clerk_is_told_to_save(qapp, boxes) -> None:  # type: ignore[no-untyped-def]
    def broken_window() -> None:
        raise RuntimeError("window half torn down")

    hook = error_hook.install_error_hook(broken_window)
    try:
        _fail("x")
    finally:
        hook.uninstall()
    assert "未能保存恢复副本" in boxes[0].text() and "另存为" in boxes[0].text()
    assert "写入恢复副本失败" in (appdirs.log_dir() / "nianbao.log").read_text(encoding="utf-8")


def test_an_error_in_another_thread_is_shown_from_the_gui_thread(hook, boxes, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shown_in: list[threading.Thread] = []
    record = prompts.run_box

    def run_here(box: QMessageBox) -> None:
        shown_in.append(threading.current_thread())
        record(box)

    monkeypatch.setattr(prompts, "run_box", run_here)
    worker = threading.Thread(target=lambda: 1 / 0)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(boxes) == 1)
    assert shown_in == [threading.main_thread()]
    assert boxes[0].detailedText().startswith("ZeroDivisionError")


def test_an_exception_in_a_qt_slot_reaches_the_hook(hook, boxes, qtbot) -> None:  # type: ignore[no-untyped-def]
    def slot() -> None:
        raise KeyError("来自槽函数")

    QTimer.singleShot(0, slot)
    qtbot.waitUntil(lambda: len(boxes) == 1)
    assert "KeyError" in boxes[0].detailedText()


def test_an_error_while_the_message_is_open_is_logged_not_shown_twice(hook, boxes, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    record = prompts.run_box

    def run_and_fail_again(box: QMessageBox) -> None:
        _fail("second")
        record(box)

    monkeypatch.setattr(prompts, "run_box", run_and_fail_again)
    _fail("first")
    assert len(boxes) == 1
    logged = (appdirs.log_dir() / "nianbao.log").read_text(encoding="utf-8")
    assert "ValueError: first" in logged and "ValueError: second" in logged


def test_ctrl_c_goes_to_the_default_hook(hook, boxes, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    seen: list[type] = []
    monkeypatch.setattr(sys, "__excepthook__", lambda t, v, tb: seen.append(t))
    hook.handle(KeyboardInterrupt, KeyboardInterrupt(), None)
    assert seen == [KeyboardInterrupt] and boxes == []


def test_the_log_is_set_up_once(hook) -> None:  # type: ignore[no-untyped-def]
    error_hook.setup_logging()
    ours = [h for h in logging.getLogger().handlers if isinstance(h, logging.FileHandler)
            and Path(h.baseFilename) == error_hook.log_path()]
    assert len(ours) == 1


def test_a_full_log_rolls_over_at_start_keeping_three(hook) -> None:  # type: ignore[no-untyped-def]
    path = error_hook.log_path()
    hook.uninstall()  # closes the log, as at the end of a run
    for number in (1, 2, 3):
        path.with_name(f"{path.name}.{number}").write_text(f"old {number}\n", encoding="utf-8")
    path.write_text("x" * error_hook.LOG_BYTES, encoding="utf-8")
    error_hook.setup_logging()
    try:
        logging.getLogger("nianbao").error("after the roll-over")
        names = sorted(p.name for p in path.parent.glob(f"{path.name}*"))
        assert names == [path.name] + [f"{path.name}.{n}" for n in (1, 2, 3)]
        assert path.with_name(f"{path.name}.1").stat().st_size == error_hook.LOG_BYTES
        assert path.with_name(f"{path.name}.2").read_text(encoding="utf-8") == "old 1\n"
        assert path.with_name(f"{path.name}.3").read_text(encoding="utf-8") == "old 2\n"
        assert "after the roll-over" in path.read_text(encoding="utf-8")
    finally:
        error_hook._close_log()


def test_a_small_log_is_appended_to(hook) -> None:  # type: ignore[no-untyped-def]
    path = error_hook.log_path()
    hook.uninstall()
    path.write_text("earlier run\n", encoding="utf-8")
    error_hook.setup_logging()
    try:
        logging.getLogger("nianbao").error("this run")
        text = path.read_text(encoding="utf-8")
        assert text.startswith("earlier run\n") and "this run" in text
        assert not path.with_name(f"{path.name}.1").exists()
    finally:
        error_hook._close_log()
