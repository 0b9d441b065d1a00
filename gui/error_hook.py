"""One hook for unexpected errors: log the traceback, keep the open report, tell the clerk.

A programming error must not cost the clerk their work or leave them with a vanished window.
The hook writes the traceback to the log (nianbao.log in the platform log folder, rolled over
at start once it outgrows LOG_BYTES), writes a recovery copy of the open report, and says in
Chinese what happened and where the log is. Errors in other threads are shown from the GUI
thread.
"""
from __future__ import annotations

import logging
import os
import sys
import threading
from pathlib import Path
from types import TracebackType
from typing import Callable, Optional

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from gui import prompts
from model import appdirs
from model.recovery import write_recovery
from model.report import Report
from model.storage import DiskState

LOG_NAME = "nianbao.log"
LOG_BYTES = 1024 * 1024
LOG_BACKUPS = 3

# The open report, its file (None while untitled) and what the file held when loaded or last
# saved, or None when no report is open.
WindowState = Optional[tuple[Report, Optional[Path], Optional[DiskState]]]

log = logging.getLogger("nianbao")
_handler: logging.FileHandler | None = None


def log_path() -> Path:
    return appdirs.log_dir() / LOG_NAME


def rotate_log(path: Path) -> None:
    """Roll the log over when it has outgrown LOG_BYTES: nianbao.log → .1 → .2 → .3, the oldest
    dropped. Done once at start: a plain FileHandler then spares start-up logging.handlers
    (which imports socket, pickle and queue). A log that cannot be moved is appended to."""
    try:
        if path.stat().st_size < LOG_BYTES:
            return
        for number in range(LOG_BACKUPS - 1, 0, -1):
            older = path.with_name(f"{path.name}.{number}")
            if older.exists():
                os.replace(older, path.with_name(f"{path.name}.{number + 1}"))
        os.replace(path, path.with_name(f"{path.name}.1"))
    except OSError:
        return


def setup_logging() -> Path:
    """Send the program's log records to the log file (rolled over first if too big); returns its path."""
    global _handler
    path = log_path()
    if _handler is not None and Path(_handler.baseFilename) == path:
        return path
    _close_log()
    rotate_log(path)
    _handler = logging.FileHandler(path, encoding="utf-8")
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(_handler)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
    return path


def _close_log() -> None:
    global _handler
    if _handler is not None:
        logging.getLogger().removeHandler(_handler)
        _handler.close()
        _handler = None


class ErrorHook(QObject):
    """Receives every uncaught exception; create it in the GUI thread."""

    _caught = Signal(str)  # what happened, delivered to the GUI thread

    def __init__(self, get_window_state: Callable[[], WindowState]) -> None:
        super().__init__()
        self._get_window_state = get_window_state
        self._showing = False
        self._caught.connect(self._keep_and_tell)

    def handle(self, exc_type: type[BaseException], exc: BaseException,
               tb: TracebackType | None) -> None:
        """sys.excepthook: log at once (any thread), then keep the report and tell the clerk."""
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log.critical("未处理的异常", exc_info=(exc_type, exc, tb))
        self._caught.emit(f"{exc_type.__name__}：{exc}"[:300])

    def handle_thread(self, args: threading.ExceptHookArgs) -> None:
        """threading.excepthook: the same as handle() for an exception in another thread."""
        if args.exc_type is SystemExit:
            return
        self.handle(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)

    def _keep_and_tell(self, what: str) -> None:
        kept = self._write_recovery()
        if kept is None:
            report_line = ""
        elif kept:
            report_line = "您正在编辑的报告已保存为恢复副本；即使程序随后关闭，下次启动时也可以恢复。\n\n"
        else:
            report_line = "未能保存恢复副本，请立即用“另存为”保存您的报告。\n\n"
        text = (f"年报助手遇到了意外错误，这不是您的操作造成的。\n\n{report_line}"
                f"错误详情已记录在日志文件：\n{log_path()}\n\n"
                "建议先保存报告，再重新启动程序。如果问题反复出现，请把该日志文件发给技术支持。")
        log.info("已提示用户：%s", what)
        if self._showing:  # an error while the message is open: logged, not shown twice
            return
        self._showing = True
        try:
            prompts.report_error(QApplication.activeWindow(), "程序出错", text, details=what)
        finally:
            self._showing = False

    def _write_recovery(self) -> bool | None:
        """True if the open report was kept, False if that failed, None if none is open."""
        try:
            state = self._get_window_state()
            if state is None:
                return None
            write_recovery(*state)
            return True
        except Exception:
            log.exception("写入恢复副本失败")
            return False

    def uninstall(self) -> None:
        """Give the interpreter its own hooks back (tests, and the end of the program)."""
        if sys.excepthook == self.handle:
            sys.excepthook = sys.__excepthook__
        if threading.excepthook == self.handle_thread:
            threading.excepthook = threading.__excepthook__
        _close_log()


def install_error_hook(get_window_state: Callable[[], WindowState]) -> ErrorHook:
    """Catch every uncaught exception from now on; keep the returned hook alive."""
    setup_logging()
    hook = ErrorHook(get_window_state)
    sys.excepthook = hook.handle
    threading.excepthook = hook.handle_thread
    return hook
