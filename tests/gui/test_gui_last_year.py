"""文件 ▸ 关联上年报告…: last year's texts linked from a file as one undo step, and text_repeated."""
from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from gui.document import ReportDocument
from gui.file_lock import ReadOnlyDocument
from gui.main_window import MainWindow
from gui_helpers import (answer_file_dialogs, click_in_message_box, discard_on_close, open_window,  # noqa: F401
                         view_for, visible_editor)
from model.report import Report
from model.storage import load_report, save_report

PERSON = "requests.new.person"


@pytest.fixture
def next_year(demo_file: Path, tmp_path: Path) -> Path:
    """A 2026 report made with 新建 whose 一 and 五 were typed from last year's (the demo's)."""
    last = load_report(demo_file)
    report = Report.blank(last.format.id, last.unit, 2026)
    report.texts.update(last.texts, other="本年度未收取信息处理费，没有其他需要报告的事项。")
    path = tmp_path / "2026.json"
    save_report(report, path)
    return path


def repeated(window: MainWindow) -> list[str]:
    """The sections whose text_repeated warning the findings panel lists."""
    return [f.anchor for f in window.findings_panel.findings() if f.rule == "text_repeated"]


def tab_with_one_more(title: str) -> str:
    """「一、总体情况（3）」 → 「一、总体情况（4）」."""
    name, _, count = title.rstrip("）").rpartition("（")
    return f"{name}（{int(count) + 1}）"


def test_linking_last_years_file_warns_of_copied_texts_and_undo_takes_it_back(
        qtbot: QtBot, next_year: Path, demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, next_year)
    document = window.document
    assert document is not None and repeated(window) == []
    overview_tab = window.tabs.tabText(0)
    asked = answer_file_dialogs(monkeypatch, demo_file)
    window.actions_by_name["link_last_year"].trigger()
    assert [title for title, _ in asked] == ["选择上年报告"]
    assert repeated(window) == ["overview", "problems"]
    assert set(document.report.previous_texts) == {"overview", "problems", "other"}
    assert window.statusBar().currentMessage() == \
        f"已关联上年报告“{demo_file.name}”（2025年度）：3 个文字部分将与上年比较"
    assert window.isWindowModified()
    assert document.undo_stack.undoText() == f"关联上年报告“{demo_file.name}”"
    qtbot.waitUntil(lambda: window.tabs.tabText(0) == tab_with_one_more(overview_tab))  # counts its new warning

    document.undo_stack.undo()
    assert repeated(window) == [] and document.report.previous_texts == {}
    qtbot.waitUntil(lambda: window.tabs.tabText(0) == overview_tab)
    assert window.statusBar().currentMessage() == f"已撤销：关联上年报告“{demo_file.name}”"
    assert not window.isWindowModified()
    document.undo_stack.redo()
    assert repeated(window) == ["overview", "problems"]

    assert window.save()
    assert load_report(next_year).previous_texts == document.report.previous_texts


def test_the_figure_being_typed_is_kept_before_linking(
        qtbot: QtBot, next_year: Path, demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, next_year)
    window.tabs.show_cell(PERSON)
    view = view_for(window, PERSON)
    qtbot.keyClick(view, "7")  # typing, not yet confirmed with Enter
    visible_editor(qtbot, view)
    answer_file_dialogs(monkeypatch, demo_file)
    window.actions_by_name["link_last_year"].trigger()
    document = window.document
    assert document.report.value(PERSON) == 7
    assert [document.undo_stack.text(i) for i in range(document.undo_stack.count())] == [
        "输入“三 · 一 · 自然人”", f"关联上年报告“{demo_file.name}”"]


def test_a_file_that_cannot_be_linked_is_explained_and_changes_nothing(
        qtbot: QtBot, next_year: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, next_year)
    document = window.document
    shown = click_in_message_box(monkeypatch, "确定")
    answer_file_dialogs(monkeypatch, next_year)  # this year's own file
    window.actions_by_name["link_last_year"].trigger()
    [box] = shown
    assert box.windowTitle() == "无法关联上年报告"
    assert box.text() == "无法关联上年报告“2026.json”：它是2026年度的报告，而本报告是2026年度的，请选择更早年度的报告"
    assert document.undo_stack.count() == 0 and document.report.previous_texts == {}
    answer_file_dialogs(monkeypatch, None)  # cancelled
    window.actions_by_name["link_last_year"].trigger()
    assert len(shown) == 1 and document.undo_stack.count() == 0


def test_linking_the_texts_already_known_adds_no_step(
        qtbot: QtBot, next_year: Path, demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, next_year)
    answer_file_dialogs(monkeypatch, demo_file)
    window.actions_by_name["link_last_year"].trigger()
    window.actions_by_name["link_last_year"].trigger()
    assert window.document.undo_stack.count() == 1
    assert window.statusBar().currentMessage() == f"上年报告“{demo_file.name}”的文字已关联，未作改动"


def test_a_read_only_report_cannot_be_linked(qtbot: QtBot, next_year: Path) -> None:
    window = open_window(qtbot, next_year)
    action = window.actions_by_name["link_last_year"]
    assert action.isEnabled()
    window.set_document(ReadOnlyDocument(load_report(next_year), next_year))
    assert not action.isEnabled()
    window.set_document(ReportDocument(load_report(next_year), next_year))  # e.g. saved as a copy
    assert action.isEnabled()
