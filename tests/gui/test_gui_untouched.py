"""Untouched is not wrong (issue 9 item 4): a part of a carried report the clerk has not
started shows as 待填写, a hint; once a figure is typed it is checked as usual; exports and
`check` still count it as what it is."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from conftest import DEMO_EXAMPLE
from gui.main_window import MainWindow
from gui.palette import CELL_BACKGROUND
from gui_helpers import answer_review, discard_on_close, open_window, type_into, view_for  # noqa: F401
from model.carry import carry_forward
from model.rules import check
from model.storage import load_report

REQUESTS_TAB, PROACTIVE_TAB = 2, 1
REQUESTS = "三、收到和处理政府信息公开申请情况"


def carried_window(qtbot: QtBot, demo_file: Path) -> MainWindow:
    """由上年报告新建 from the demo: only 二、上年结转 is in, the rest of 三 untouched."""
    window = open_window(qtbot, demo_file)
    window.open_new_report(carry_forward(load_report(DEMO_EXAMPLE)), "已新建")
    qtbot.waitUntil(window.tabs.isVisible)  # a new central widget is shown once Qt gets to it
    return window


def background(window: MainWindow, key: str) -> object:
    view = view_for(window, key)
    return view.table_model.index_of(key).data(Qt.ItemDataRole.BackgroundRole)


def panel_texts(window: MainWindow) -> list[str]:
    model = window.findings_panel.model
    return [model.index(i).data() for i in range(model.rowCount())]


def test_a_fresh_carried_report_is_to_be_filled_not_wrong(qtbot: QtBot, demo_file: Path) -> None:
    window = carried_window(qtbot, demo_file)
    for key in ("requests.new.person", "requests.carried_in.person", "requests.carried_out.nonprofit"):
        assert background(window, key) == CELL_BACKGROUND["pending"], key
    assert window.tabs.tabText(REQUESTS_TAB) == f"{REQUESTS}（待填写）"
    assert window.tabs.tabText(PROACTIVE_TAB).endswith("（待填写）")  # 现行有效件数 vs last year's
    assert window.status_summary.text() == "3 处警告 · 5 处待填写 · 6 处提示"  # the warnings: empty texts
    texts = panel_texts(window)
    assert not any(t.startswith("〔错误〕") for t in texts)
    assert all("尚未填写" in t for t in texts if t.startswith("〔警告〕"))
    assert sum(t.startswith("〔待填写〕") for t in texts) == 5
    row = next(i for i, t in enumerate(texts) if t.startswith("〔待填写〕"))
    tip = window.findings_panel.model.index(row).data(Qt.ItemDataRole.ToolTipRole)
    assert "尚未填写" in tip and "错误" in tip
    assert all(f.severity == "error" for f in check(window.document.report) if f.rule == "requests_balance")


def test_a_figure_typed_in_a_column_makes_its_check_real(qtbot: QtBot, demo_file: Path) -> None:
    window = carried_window(qtbot, demo_file)
    type_into(qtbot, window, "requests.new.person", "3")
    assert background(window, "requests.carried_in.person") == CELL_BACKGROUND["error"]
    assert background(window, "requests.carried_in.nonprofit") == CELL_BACKGROUND["pending"]  # not started
    qtbot.waitUntil(lambda: window.tabs.tabText(REQUESTS_TAB) == f"{REQUESTS}（2）")  # 自然人列 and 总计列
    assert window.status_summary.text() == "2 处错误 · 3 处警告 · 3 处待填写 · 6 处提示"


def test_even_a_0_typed_into_a_blank_cell_starts_the_part(qtbot: QtBot, demo_file: Path) -> None:
    """The sums do not change, so only the start of the part can turn the column red."""
    window = carried_window(qtbot, demo_file)
    model = view_for(window, "requests.new.nonprofit").table_model
    carried = model.index_of("requests.carried_in.nonprofit")
    repainted: list[bool] = []
    model.dataChanged.connect(lambda top, bottom: repainted.append(
        top.row() <= carried.row() <= bottom.row() and top.column() <= carried.column() <= bottom.column()))
    type_into(qtbot, window, "requests.new.nonprofit", "0")
    assert any(repainted)  # the view is told to repaint it
    assert background(window, "requests.carried_in.nonprofit") == CELL_BACKGROUND["error"]
    assert any(t.startswith("〔错误〕") and "社会公益组织列" in t for t in panel_texts(window))


def test_undo_brings_the_hint_back(qtbot: QtBot, demo_file: Path) -> None:
    window = carried_window(qtbot, demo_file)
    type_into(qtbot, window, "requests.new.person", "3")
    window.actions_by_name["undo"].trigger()
    assert background(window, "requests.carried_in.person") == CELL_BACKGROUND["pending"]
    qtbot.waitUntil(lambda: window.tabs.tabText(REQUESTS_TAB) == f"{REQUESTS}（待填写）")


def test_exporting_and_the_review_still_count_an_untouched_part_as_errors(qtbot: QtBot, demo_file: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    window = carried_window(qtbot, demo_file)
    reviews = answer_review(monkeypatch, export_anyway=False)
    window.actions_by_name["export_xlsx"].trigger()
    assert len(reviews) == 1 and reviews[0].review.counts["error"] == 3  # 报送前检查 before the export
