"""One editor per file, in the window: claim the file's lock, or offer 只读打开 / 取消.

The lock itself is model.lock (a lock file beside the project; a crashed holder's lock is taken
over silently). A report opened read-only is a ReadOnlyDocument: it refuses every edit, so no
view needs to know about locks; the window disables 保存 and shows 〔只读〕 in its title.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QLabel, QWidget

from gui import prompts
from gui.document import ReportDocument
from gui.palette import badge_style
from model.filekey import path_key
from model.lock import FileInUse, FileLock, acquire
from model.numbers import Value
from model.report import Report

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

    def set_explanation(self, rule: str, text: str) -> None:
        pass

    def set_properties(self, unit: str, year: int, auto_totals: bool) -> None:
        pass

    def set_text(self, section_id: str, text: str, caret: int | None = None) -> None:
        pass

    def save(self, path: Path | None = None) -> None:
        raise RuntimeError("a read-only document is never saved (the window offers 另存为)")


def is_read_only(document: ReportDocument) -> bool:
    return isinstance(document, ReadOnlyDocument)


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    return path_key(a) == path_key(b)


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


def ask_read_only(parent: QWidget | None, problem: FileInUse) -> bool:
    """只读打开 / 取消 for a file another window is editing; True when the clerk chose 只读打开."""
    answer = prompts.choose(
        parent, prompts.Icon.Warning, "文件正在被编辑",
        f"“{problem.project.name}”已在另一个年报助手窗口中打开，同一时间只能在一处编辑。",
        [("只读打开", prompts.Role.AcceptRole), ("取消", prompts.Role.RejectRole)],
        informative=f"打开者：{problem.holder.describe()}\n\n"
                    "“只读打开”可以查看、导出或另存为副本，但不能修改这个文件；"
                    "如需修改，请先在对方窗口中关闭它。",
        escape=1, width=prompts.MESSAGE_WIDTH)
    return answer == 0


def claim(parent: QWidget | None, path: Path) -> Claim | None:
    """Lock `path` for editing; if a live window holds it, ask. None: the clerk cancelled."""
    try:
        return Claim(acquire(path))
    except FileInUse as problem:
        return Claim(None, read_only=True) if ask_read_only(parent, problem) else None


def document_for(claimed: Claim, report: Report, path: Path) -> ReportDocument:
    """The document to show for a claimed file: editable, or read-only."""
    return (ReadOnlyDocument if claimed.read_only else ReportDocument)(report, path)
