"""One editor per file, in the window: claim the file's lock, or offer 只读打开 / 取消 (and
接管编辑 for a lock from another computer, which this one cannot check).

The lock itself is model.lock (a lock file beside the project; a crashed holder's lock is taken
over silently). A report opened read-only is a ReadOnlyDocument: it refuses every edit, so no
view needs to know about locks; the window disables 保存 and shows 〔只读〕 in its title.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path

from PySide6.QtWidgets import QLabel, QWidget

from gui import prompts
from gui.document import Keep, ReportDocument
from gui.palette import badge_style
from model.filekey import same_file as same_file  # the window imports it from here
from model.lastyear import LastYearTexts
from model.lock import FileInUse, FileLock, acquire
from model.numbers import Value
from model.report import Report
from model.rules import Finding
from model.storage import DiskState

READ_ONLY_MARK = "〔只读〕"


class ReadOnlyDocument(ReportDocument):
    """A report open in another window: shown and exportable, never changed or saved here."""

    @property
    def modified(self) -> bool:
        """Nothing here is ever kept: not even totals recomputed on opening (`totals_note`)."""
        return False

    def is_editable(self, key: str) -> bool:
        return False

    def set_cells(self, changes: dict[str, Value | None], verb: str = "输入", name: str = "") -> None:
        pass

    def fill_blank_zero(self, table_ids: list[str]) -> int:
        return 0

    def set_pending(self, changes: dict[str, Value | None]) -> None:
        pass

    def set_explanation(self, finding: Finding, text: str) -> None:
        pass

    def set_properties(self, unit: str, year: int, auto_totals: bool, amount_unit: str | Keep = Keep.CURRENT,
                       issued: date | None | Keep = Keep.CURRENT, intro: str | Keep = Keep.CURRENT) -> None:
        pass

    def set_text(self, section_id: str, text: str, caret: int | None = None, verb: str | None = None) -> None:
        pass

    def link_last_year(self, linked: LastYearTexts) -> None:
        pass

    def save(self, path: Path | None = None) -> str | None:
        raise RuntimeError("a read-only document is never saved (the window offers 另存为)")


def is_read_only(document: ReportDocument) -> bool:
    return isinstance(document, ReadOnlyDocument)


@dataclass(frozen=True)
class Claim:
    """How a file may be opened: with its lock (None where the folder takes none), or read-only."""

    lock: FileLock | None
    read_only: bool = False


def read_only_badge() -> QLabel:
    """The mark beside the tabs of a read-only report, so the clerk sees why typing does nothing."""
    badge = QLabel("只读")
    badge.setToolTip("此文件正在另一个年报助手窗口中编辑：这里只能查看、导出或另存为副本。")
    badge.setStyleSheet(badge_style())
    return badge


class InUseAnswer(Enum):
    READ_ONLY = "只读打开"
    TAKE_OVER = "接管编辑"
    CANCEL = "取消"


def ask_in_use(parent: QWidget | None, problem: FileInUse) -> InUseAnswer:
    """只读打开 / 取消 for a file another window is editing; for a lock from another computer
    (which this one cannot check) also 接管编辑. Esc and closing the box cancel."""
    answers = [InUseAnswer.READ_ONLY] + ([InUseAnswer.TAKE_OVER] if problem.can_take_over else []) + [InUseAnswer.CANCEL]
    roles = {InUseAnswer.READ_ONLY: prompts.Role.AcceptRole, InUseAnswer.TAKE_OVER: prompts.Role.DestructiveRole,
             InUseAnswer.CANCEL: prompts.Role.RejectRole}
    if problem.can_take_over:
        where = f"“{problem.project.name}”已在另一台计算机（{problem.holder.host}）上打开，同一时间只能在一处编辑。"
        advice = ("“只读打开”可以查看、导出或另存为副本。只有确定对方已不再编辑这个文件时"
                  "（例如那台计算机已关机，或那里的年报助手异常退出），才选“接管编辑”；"
                  "否则双方的修改会互相覆盖。")
    else:
        where = f"“{problem.project.name}”已在另一个年报助手窗口中打开，同一时间只能在一处编辑。"
        advice = "“只读打开”可以查看、导出或另存为副本，但不能修改这个文件；如需修改，请先在对方窗口中关闭它。"
    answer = prompts.choose(parent, prompts.Icon.Warning, "文件正在被编辑", where,
                            [(a.value, roles[a]) for a in answers],
                            informative=f"打开者：{problem.holder.describe()}\n\n{advice}",
                            escape=len(answers) - 1, width=prompts.MESSAGE_WIDTH)
    return InUseAnswer.CANCEL if answer is None else answers[answer]


def claim(parent: QWidget | None, path: Path) -> Claim | None:
    """Lock `path` for editing; if someone holds it, ask (只读打开, 接管编辑 for another
    computer's lock, 取消). None: the clerk cancelled."""
    try:
        return Claim(acquire(path))
    except FileInUse as problem:
        answer = ask_in_use(parent, problem)
        if answer is InUseAnswer.TAKE_OVER:
            try:
                return Claim(acquire(path, take_over=problem.holder))
            except FileInUse:  # the lock changed while the clerk read the question: ask again
                return claim(parent, path)
        return Claim(None, read_only=True) if answer is InUseAnswer.READ_ONLY else None


def document_for(claimed: Claim, report: Report, path: Path, state: DiskState | None = None) -> ReportDocument:
    """The document to show for a claimed file (loaded with `state`): editable, or read-only."""
    return (ReadOnlyDocument if claimed.read_only else ReportDocument)(report, path, disk_state=state)
