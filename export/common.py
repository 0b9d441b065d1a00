"""What both exporters share: the refusal they raise and the default file name."""
from __future__ import annotations

import re

from model.report import Report


class ExportError(Exception):
    """An export cannot be written; str() is the Chinese message for the clerk."""


def default_filename(report: Report, suffix: str) -> str:
    """「南开区文化和旅游局2020年政府信息公开工作年度报告.pdf」, safe on Windows."""
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", report.title).strip(" .") or "年度报告"
    return f"{name}{suffix}"
