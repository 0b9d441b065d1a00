"""Offer back what a crashed window had not saved (恢复 / 放弃 / 以后再说): at start-up, and
any time from 文件 ▸ 恢复副本.

Copies are offered newest first until the clerk restores one; a copy the clerk gives up is
deleted. One the clerk puts off (以后再说, Esc) is kept aside: this session writes its own copies
under other names (model.recovery), so nothing overwrites or deletes it, and it stays listed in
文件 ▸ 恢复副本 (and is offered again at the next start) until restored or discarded. A restored
report is adopted: this process writes its own copy at once, so the crashed one can go without
a moment unprotected; it is bound to its file as the crashed session last had it, so saving
over a file someone changed since asks first (gui.disk_conflict).
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta
from enum import Enum
from pathlib import Path

from PySide6.QtWidgets import QMenu, QWidget

from gui import prompts
from gui.document import ReportDocument
from gui.features import Window
from model.filekey import same_file
from model.lock import FileInUse, FileLock, acquire
from model.recovery import Recovery, discard, list_recoveries, restore, write_recovery
from model.report import Report
from model.storage import ProjectError, changed_on_disk

log = logging.getLogger(__name__)


class Answer(Enum):
    RESTORE = "恢复"
    DISCARD = "放弃"
    LATER = "以后再说"  # also Esc and closing the box: keep the copy aside


def _age(written: datetime, now: datetime) -> str:
    minutes = int((now - written).total_seconds() // 60)
    if minutes < 1:
        return "刚才"
    if minutes < 60:
        return f"{minutes} 分钟前"
    if minutes < 48 * 60:
        return f"{minutes // 60} 小时前"
    return f"{minutes // (24 * 60)} 天前"


def describe(recovery: Recovery, now: datetime | None = None) -> str:
    """The lines the clerk decides by: file, folder, unit and year, when the copy was written."""
    now = now or datetime.now().astimezone()
    lines = [f"文件：{recovery.source_name}"]
    if recovery.source is not None:
        lines.append(f"位置：{recovery.source.parent}")
    unit = recovery.unit or "（未填写单位名称）"
    lines.append(f"报告：{unit} · {recovery.year}年度")
    lines.append(f"最后修改：{recovery.written:%Y-%m-%d %H:%M:%S}（{_age(recovery.written, now)}）")
    if recovery.source is not None:
        lines.extend(source_changes(recovery))
    return "\n".join(lines)


def source_changes(recovery: Recovery) -> list[str]:
    """A warning line when the file is gone or was saved after the crashed session last had it."""
    assert recovery.source is not None
    try:
        saved = datetime.fromtimestamp(recovery.source.stat().st_mtime).astimezone()
    except OSError:
        return ["注意：原文件已不存在，恢复后请“另存为”。"]
    if recovery.base is not None:
        changed = changed_on_disk(recovery.source, recovery.base)
    else:  # a copy written before copies recorded the file's state: `written` is to the second
        changed = saved > recovery.written + timedelta(seconds=2)
    return [f"注意：原文件在此之后（{saved:%Y-%m-%d %H:%M}）又被保存过。"] if changed else []


def ask_restore(parent: QWidget | None, recovery: Recovery) -> Answer:
    """恢复 / 放弃 / 以后再说 for one copy; Esc and closing the box put it off."""
    answers = list(Answer)
    answer = prompts.choose(
        parent, prompts.Icon.Question, "恢复未保存的报告", "年报助手上次没有正常关闭，下面这份报告有尚未保存的修改：",
        [(Answer.RESTORE.value, prompts.Role.AcceptRole), (Answer.DISCARD.value, prompts.Role.DestructiveRole),
         (Answer.LATER.value, prompts.Role.RejectRole)],
        informative=f"{describe(recovery)}\n\n"
                    "“恢复”打开这些修改，请核对后保存；“放弃”删除这份恢复副本，文件保持上次保存时的内容；"
                    "“以后再说”保留这份副本，可随时在“文件 ▸ 恢复副本”中恢复。",
        escape=2, width=prompts.MESSAGE_WIDTH)
    return Answer.LATER if answer is None else answers[answer]


def offer_recovery(parent: QWidget | None) -> tuple[Report, Recovery] | None:
    """Ask about each crashed copy until one is restored; None when none was."""
    for recovery in list_recoveries():
        answer = ask_restore(parent, recovery)
        if answer is Answer.DISCARD:
            discard(recovery)
        elif answer is Answer.RESTORE:
            try:
                return restore(recovery), recovery
            except ProjectError as exc:
                prompts.warn(parent, "无法恢复", str(exc))
    return None


def reopen(report: Report, recovery: Recovery,
           held: FileLock | None = None) -> tuple[ReportDocument, FileLock | None, str | None]:
    """The restored report as a document: unsaved, bound to its file (locked, or with `held`,
    the lock this window already holds on it) as the crashed session last had it; a message
    when that file is being edited elsewhere meanwhile, in which case the report opens untitled."""
    source, lock, problem = recovery.source, None, None
    if source is not None and held is not None and held.owned and same_file(held.project, source):
        lock = held
    elif source is not None:
        try:
            lock = acquire(source)
        except FileInUse as exc:
            problem = (f"“{source.name}”正在另一个年报助手窗口中编辑（{exc.holder.describe()}），"
                       "恢复的报告作为未命名报告打开，请“另存为”。")
            source = None
    document = ReportDocument(report, source, disk_state=recovery.base if source is not None else None)
    document.undo_stack.resetClean()  # the restored edits are not in the file yet
    adopt(recovery, report, source)
    return document, lock, problem


def adopt(recovery: Recovery, report: Report, source: Path | None) -> None:
    """Make the restored report this process's own copy, then remove the crashed one."""
    try:
        written = write_recovery(report, source)
    except OSError:
        log.exception("could not adopt the recovery copy %s", recovery.path)
        return
    if written != recovery.path:
        discard(recovery)


# --- 文件 ▸ 恢复副本 -------------------------------------------------------------------------------

def install(window: Window) -> None:
    """文件 ▸ 恢复副本: the copies crashed sessions left, until each is restored or discarded."""
    menu = QMenu("恢复副本(&V)", window.window())
    menu.setToolTipsVisible(True)

    def fill() -> None:
        menu.clear()
        copies = list_recoveries()
        for recovery in copies:
            action = menu.addAction(f"{recovery.source_name} · {recovery.unit or '（未填写单位名称）'}"
                                    f"（{recovery.written:%Y-%m-%d %H:%M}）")
            action.setToolTip(describe(recovery))
            action.triggered.connect(lambda _=False, r=recovery: offer_one(window, r))
        if not copies:
            menu.addAction("（无）").setEnabled(False)

    menu.aboutToShow.connect(fill)
    window.place(menu, "file", "open")


def offer_one(window: Window, recovery: Recovery) -> None:
    """One copy from the menu: 恢复 shows it (once the current report may be left), 放弃 deletes it."""
    parent = window.window()
    answer = ask_restore(parent, recovery)
    if answer is Answer.DISCARD:
        discard(recovery)
        window.show_message(f"已放弃“{recovery.source_name}”的恢复副本。")
        return
    if answer is not Answer.RESTORE or not window.files.confirm_discard():
        return
    try:
        report = restore(recovery)
    except ProjectError as exc:
        prompts.warn(parent, "无法恢复", str(exc))
        return
    document, lock, problem = reopen(report, recovery, window.files.lock)
    window.files.show_restored(document, lock)
    window.show_message("已恢复未保存的修改，请核对后保存。")
    if problem:
        prompts.warn(parent, "无法按原文件恢复", problem)
