"""The colour legend: what each colour, mark and state of a cell means.

Every sample is drawn by the table's own cell delegate (gui.table_view.CellDelegate) from the
same data roles and palette colours a real cell has, so the legend cannot disagree with the
window, also in a dark theme. The states listed are those of model.rules.STATE_RANK, in its
order, so a state the checks gain appears here (a test asks that each has its words below).
The legend is shown on its own (校验结果 ▸ 颜色说明, 帮助 ▸ 颜色和标记说明) and inside the guide.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Any

from PySide6.QtCore import QRect, QSize, Qt, QUrl
from PySide6.QtGui import QFont, QImage, QPainter, QStandardItem, QStandardItemModel, QTextDocument
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionViewItem

from gui.palette import CELL_BACKGROUND, COMPUTED_BACKGROUND, COMPUTED_TEXT, GRID_LINE, state_icon
from gui.table_model import CARRIED_ROLE, IMPORTED_ROLE, LAST_YEAR_ROLE, STATE_ROLE
from gui.table_view import CellDelegate
from model.rules import STATE_NAMES, STATE_RANK

SAMPLE_SIZE = QSize(84, 40)
DOT_SIZE = QSize(12, 12)

# What each state means (its name is model.rules.STATE_NAMES', as the findings panel shows it).
STATE_MEANINGS: dict[str, str] = {
    "error": "勾稽关系不成立，数字对不上：必须改正。",
    "warning": "需要核对，或需要填写说明（例如“其他处理”不为 0，或与上年数据衔接不上）。",
    "stale": "写过说明，但之后有关的数字改了：请确认说明仍然适用，或改写说明。",
    "hint": "有单元格未填写，按 0 计算；公开的报告应填 0 或“/”。",
    "pending": "由上年报告新建后这部分还没有填写数字，暂不标为错误；填写后正常校验（导出和检查仍按错误对待）。",
    "explained": "警告已填写说明，说明随报告保存。",
}


@dataclass(frozen=True)
class Entry:
    """One line of the legend: a sample cell (its data by role), a name, a meaning."""

    key: str
    name: str
    meaning: str
    sample: dict[int, Any] = field(default_factory=dict)


def _italic() -> QFont:
    font = QFont(QApplication.font())
    font.setItalic(True)
    return font


def entries() -> list[Entry]:
    """The legend in the order shown: the states of findings, then the kinds of cells."""
    display, background = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.BackgroundRole
    states = [Entry(state, STATE_NAMES[state], STATE_MEANINGS[state],
                    {display: "12", background: CELL_BACKGROUND[state], STATE_ROLE: state})
              for state in STATE_RANK]
    return states + [
        Entry("computed", "自动计算的合计", "灰底斜体：由程序按分项相加，不能手工修改；"
              "可在“文件 ▸ 报告属性”中关闭自动计算，改为手工填写。",
              {display: "30", background: COMPUTED_BACKGROUND, Qt.ItemDataRole.ForegroundRole: COMPUTED_TEXT,
               Qt.ItemDataRole.FontRole: _italic()}),
        Entry("carried", "上年结转", "右上角的三角：由上年报告新建时自动填入的上年数字；改成其他数字后三角消失。",
              {display: "6", CARRIED_ROLE: True}),
        Entry("imported", "导入", "左上角的三角：由“导入报告”从 Excel、Word 或 PDF 报告读入，或由“导入台账”计算的数字"
              "（鼠标停留时显示来自哪个文件）；改成其他数字后三角消失。",
              {display: "8", IMPORTED_ROLE: True}),
        Entry("last_year", "上年数据", "单元格下方的小字：跨年度校验所用的上年数字，供对照。",
              {display: "6", LAST_YEAR_ROLE: "上年 6"}),
        Entry("not_applicable", "不适用", "填“/”（或“—”“不适用”）：本项不适用，按 0 参与合计，打印为“/”。",
              {display: "/"}),
        Entry("blank", "未填写", "空白单元格按 0 计算，但会提示；公开的报告应填 0 或“/”。", {display: ""}),
    ]


def sample_image(entry: Entry) -> QImage:
    """The entry's sample cell, painted by the table's delegate, with the form's grid line."""
    model = QStandardItemModel(1, 1)
    item = QStandardItem()
    item.setData(int(Qt.AlignmentFlag.AlignCenter), Qt.ItemDataRole.TextAlignmentRole)
    for role, value in entry.sample.items():
        item.setData(value, role)
    model.setItem(0, 0, item)
    palette = QApplication.palette()
    ratio = QApplication.primaryScreen().devicePixelRatio() if QApplication.primaryScreen() else 1.0
    image = QImage(SAMPLE_SIZE * ratio, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(ratio)
    image.fill(palette.color(palette.ColorRole.Base))
    option = QStyleOptionViewItem()
    option.rect = QRect(0, 0, SAMPLE_SIZE.width(), SAMPLE_SIZE.height())
    option.palette = palette
    option.font = QApplication.font()
    option.state = QStyle.StateFlag.State_Enabled
    painter = QPainter(image)
    CellDelegate().paint(painter, option, model.index(0, 0))
    painter.setPen(GRID_LINE)
    painter.drawRect(option.rect.adjusted(0, 0, -1, -1))
    painter.end()
    return image


def legend_html(document: QTextDocument) -> str:
    """The legend as an HTML table for `document`, whose images it registers there: the
    sample cell, and for a state the dot that marks it in the findings panel and on the tabs."""
    image = QTextDocument.ResourceType.ImageResource
    rows = []
    for entry in entries():
        url = f"legend:{entry.key}"
        document.addResource(image, QUrl(url), sample_image(entry))
        dot = ""
        if entry.key in STATE_RANK:
            document.addResource(image, QUrl(f"{url}:dot"), state_icon(entry.key).pixmap(DOT_SIZE).toImage())
            dot = f'<img src="{url}:dot" width="{DOT_SIZE.width()}" height="{DOT_SIZE.height()}"> '
        rows.append(f'<tr><td><img src="{url}" width="{SAMPLE_SIZE.width()}" height="{SAMPLE_SIZE.height()}"></td>'
                    f"<td>{dot}<b>{escape(entry.name)}</b></td><td>{escape(entry.meaning)}</td></tr>")
    return '<table cellspacing="0" cellpadding="5">' + "".join(rows) + "</table>"
