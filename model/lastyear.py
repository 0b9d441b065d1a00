"""Last year's texts linked from a file (关联上年报告), for `text_repeated`.

A report made by 由上年报告新建 knows last year's texts; one started otherwise (新建, 导入)
gets them by linking last year's file: a project file, or last year's report as another
program or this one exported it (workbook, Word, PDF). The file is only read, never kept:
its name says where the texts came from (the window's undo step and status line, the
command line's note), while the project file keeps the texts alone (`previous_texts`).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from model.carry import printed_texts
from model.errors import NianbaoError
from model.report import Report


class LastYearError(NianbaoError):
    """Last year's file cannot be linked; str() is the Chinese message, naming the file."""


@dataclass(frozen=True)
class LastYearTexts:
    """Last year's printed texts by section id, the name of the file they came from and its year."""

    file: str
    year: int
    texts: dict[str, str]

    def summary(self) -> str:
        """What the clerk is told after linking, in the window and on the command line."""
        return f"已关联上年报告“{self.file}”（{self.year}年度）：{len(self.texts)} 个文字部分将与上年比较"


def read_last_year_texts(path: str | os.PathLike[str], report: Report) -> LastYearTexts:
    """Last year's texts for `report` from the report in `path` (any file carry reads);
    LastYearError when the file cannot be read, is not of an earlier year, or has no text."""
    from model.importing.reader import load_any  # the readers of other programs' files load only here
    path = Path(path)
    refused = f"无法关联上年报告“{path.name}”："
    try:
        last = load_any(path)
    except NianbaoError as exc:
        raise LastYearError(f"{refused}{exc}") from None
    if last.year >= report.year:
        raise LastYearError(f"{refused}它是{last.year}年度的报告，而本报告是{report.year}年度的，"
                            "请选择更早年度的报告")
    texts = printed_texts(last, report.format)
    if not texts:
        raise LastYearError(f"{refused}它的文字部分都是空的，没有可与本年比较的文字")
    return LastYearTexts(path.name, last.year, texts)
