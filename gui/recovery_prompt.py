"""At start-up: offer back what a crashed window had not saved (恢复 / 放弃).

Copies are offered newest first until the clerk restores one; a copy the clerk gives up is
deleted, one the dialog was closed on stays for the next start. A restored report is adopted:
this process writes its own copy at once, so the crashed one can go without a moment unprotected.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta
from enum import Enum
from pathlib import Path

from PySide6.QtWidgets import QWidget

from gui import prompts
from model.recovery import Recovery, discard, list_recoveries, restore, write_recovery
from model.report import Report
from model.storage import ProjectError

log = logging.getLogger(__name__)


class Answer(Enum):
    RESTORE = "恢复"
    DISCARD = "放弃"
    LATER = "later"  # the dialog was closed: keep the copy, ask again next time


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
        try:
            saved = datetime.fromtimestamp(recovery.source.stat().st_mtime).astimezone()
        except OSError:
            lines.append("注意：原文件已不存在，恢复后请“另存为”。")
        else:
            if saved > recovery.written + timedelta(seconds=2):  # `written` is to the second
                lines.append(f"注意：原文件在此之后（{saved:%Y-%m-%d %H:%M}）又被保存过。")
    return "\n".join(lines)


def ask_restore(parent: QWidget | None, recovery: Recovery) -> Answer:
    answer = prompts.choose(
        parent, prompts.Icon.Question, "恢复未保存的报告", "年报助手上次没有正常关闭，下面这份报告有尚未保存的修改：",
        [(Answer.RESTORE.value, prompts.Role.AcceptRole), (Answer.DISCARD.value, prompts.Role.DestructiveRole)],
        informative=f"{describe(recovery)}\n\n"
                    "“恢复”打开这些修改，请核对后保存；“放弃”删除这份恢复副本，文件保持上次保存时的内容。",
        width=prompts.MESSAGE_WIDTH)
    return [Answer.RESTORE, Answer.DISCARD][answer] if answer is not None else Answer.LATER


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
                prompts.warn(parent, "无法恢复", f"{exc}\n\n这份恢复副本无法使用，已删除。")
                discard(recovery)
    return None


def adopt(recovery: Recovery, report: Report, source: Path | None) -> None:
    """Make the restored report this process's own copy, then remove the crashed one."""
    try:
        written = write_recovery(report, source)
    except OSError:
        log.exception("could not adopt the recovery copy %s", recovery.path)
        return
    if written != recovery.path:
        discard(recovery)
