"""文件 ▸ 关联上年报告…: last year's texts from a file, so text_repeated can compare with them.

For a report not made by 由上年报告新建 (新建, 导入): the clerk chooses last year's file (a
project file, or a workbook, Word or PDF report), and its texts become one undo step on the
report (「关联上年报告“…”」); a file that cannot be linked is explained and changes nothing.
"""
from __future__ import annotations

from gui import prompts
from gui.features import Window
from gui.files import ANY_REPORT_FILTER
from model.lastyear import LastYearError, read_last_year_texts


def link_last_year(window: Window) -> None:
    """Ask for last year's file and link its texts to the shown report."""
    document = window.document
    if document is None:
        return
    parent = window.window()
    path = prompts.open_file(parent, "选择上年报告", ANY_REPORT_FILTER, window.files.near())
    if path is None:
        return
    try:
        linked = read_last_year_texts(path, document.report)
    except LastYearError as exc:
        prompts.warn(parent, "无法关联上年报告", str(exc))
        return
    document.link_last_year(linked)
