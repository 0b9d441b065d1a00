"""文件 ▸ 由上年报告新建 in the window, and the marks of carried cells and last year's figures."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from gui.carry_dialog import CarryDialog
from gui.document import ReportDocument
from gui.main_window import MainWindow
from gui.palette import CARRIED_MARK
from gui.table_model import CARRIED_ROLE, LAST_YEAR_ROLE, SectionTableModel
from gui.table_view import SectionTableView
from gui import prompts
from gui_helpers import (answer_file_dialogs, answer_save_prompt, click_in_message_box,  # noqa: F401
                         discard_on_close, open_window, type_into, view_for)
from model.carry import carry_forward
from model.report import YEAR_RANGE
from model.storage import load_report

APPLICANTS = ("person", "business", "research", "nonprofit", "legal", "other_org")
CARRIED_IN = {f"requests.carried_in.{c}" for c in APPLICANTS}


def choose_file(monkeypatch: pytest.MonkeyPatch, path: Path | None) -> list[tuple[str, str]]:
    """Answer the file dialog with `path` (None: cancel); returns the dialogs' titles and folders."""
    return answer_file_dialogs(monkeypatch, path)


def answer_options(monkeypatch: pytest.MonkeyPatch, fill: Callable[[CarryDialog], None] = lambda d: None,
                   accept: bool = True) -> list[CarryDialog]:
    """Fill the options dialog with `fill` and press 新建 (or 取消); returns the dialogs shown."""
    shown: list[CarryDialog] = []

    def exec_(dialog: CarryDialog) -> int:
        shown.append(dialog)
        fill(dialog)
        (dialog.accept if accept else dialog.reject)()
        return int(dialog.result())

    monkeypatch.setattr(CarryDialog, "exec", exec_)
    return shown


def capture_warnings(monkeypatch: pytest.MonkeyPatch) -> list[QMessageBox]:
    return click_in_message_box(monkeypatch, "确定")


def cell(window: MainWindow, key: str, role: int) -> object:
    view = view_for(window, key)
    return view.table_model.index_of(key).data(role)


def test_carry_from_the_2021_demo_opens_next_years_report_with_marks(qtbot: QtBot, demo_file: Path, seed_file: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, seed_file)
    asked = choose_file(monkeypatch, demo_file)
    shown = answer_options(monkeypatch)
    window.actions_by_name["carry"].trigger()
    assert [title for title, _ in asked] == ["选择上年报告"] and len(shown) == 1
    last = load_report(demo_file)
    document = window.document
    assert document is not None and document.path is None and not document.modified
    report = document.report
    assert (report.format.id, report.year, report.unit) == ("2021", 2026, last.unit)
    assert report.carried == CARRIED_IN
    assert report.previous == {k: v for k, v in last.values.items()
                               if k.startswith("requests.carried_out.") or k.endswith(".in_force")}
    assert all(report.value(f"requests.carried_in.{c}") == last.value(f"requests.carried_out.{c}") for c in APPLICANTS)
    assert report.texts == {"overview": "", "problems": "", "other": ""}
    assert window.windowTitle() == "未命名报告[*] — 年报助手"
    assert "结转 6 个单元格" in window.statusBar().currentMessage()

    assert cell(window, "requests.carried_in.person", CARRIED_ROLE) is True
    assert cell(window, "requests.carried_in.person", LAST_YEAR_ROLE) == "上年 1"
    tip = str(cell(window, "requests.carried_in.person", Qt.ItemDataRole.ToolTipRole))
    assert "由上年报告结转" in tip and "上年：1（上年“四 · 自然人”）" in tip  # not last year's 二
    # the computed total is not carried, but its last-year side is shown
    assert cell(window, "requests.carried_in.total", CARRIED_ROLE) is False
    assert cell(window, "requests.carried_in.total", LAST_YEAR_ROLE) == "上年 2"
    # 现行有效件数 is compared with last year's, not carried
    assert cell(window, "art20_1.normative.in_force", LAST_YEAR_ROLE) == "上年 23"
    assert cell(window, "art20_1.normative.in_force", CARRIED_ROLE) is False
    assert "上年：23（上年“行政规范性文件 · 现行有效件数”）" in str(cell(window, "art20_1.normative.in_force",
                                                                    Qt.ItemDataRole.ToolTipRole))
    for plain in ("requests.new.person", "art20_1.normative.issued"):
        assert cell(window, plain, CARRIED_ROLE) is False and cell(window, plain, LAST_YEAR_ROLE) is None
        assert "由上年报告结转" not in str(cell(window, plain, Qt.ItemDataRole.ToolTipRole))


def test_carry_from_the_2019_seed_uses_the_current_format_by_default(qtbot: QtBot, seed_file: Path, demo_file: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_file)
    choose_file(monkeypatch, seed_file)
    shown = answer_options(monkeypatch)
    window.actions_by_name["carry"].trigger()
    assert shown[0].format.currentData() == "2021" and not shown[0].format_hint.isVisibleTo(shown[0])
    report = window.document.report  # type: ignore[union-attr]
    assert (report.format.id, report.year, report.unit) == ("2021", 2021, "南开区文化和旅游局")
    assert report.previous == {} and report.carried == set()  # the seed has nothing the 2021 checks carry
    assert not report.texts["overview"]


def test_carry_from_the_seed_in_its_own_format_with_texts_and_another_unit(qtbot: QtBot, seed_file: Path,
                                                                          demo_file: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_file)
    choose_file(monkeypatch, seed_file)

    def fill(dialog: CarryDialog) -> None:
        dialog.format.setCurrentIndex(dialog.format.findData("2019"))
        assert "2021年度的报告一般使用2021年版" in dialog.format_hint.text() and dialog.format_hint.isVisibleTo(dialog)
        dialog.copy_texts.setChecked(True)
        dialog.unit.setText("南开区文化局 ")

    answer_options(monkeypatch, fill)
    window.actions_by_name["carry"].trigger()
    last = load_report(seed_file)
    report = window.document.report  # type: ignore[union-attr]
    assert (report.format.id, report.year, report.unit) == ("2019", 2021, "南开区文化局")
    assert report.texts == last.texts
    # 上一年项目数量 = last year's 上一年项目数量 + 本年增/减 = 10 + (−5)
    assert report.value("art20_6.penalty.prev_items") == 5 and report.carried == {"art20_6.penalty.prev_items"}
    assert cell(window, "art20_6.penalty.prev_items", CARRIED_ROLE) is True
    assert cell(window, "art20_6.penalty.prev_items", LAST_YEAR_ROLE) == "上年 5"
    assert "上年：5（上年“行政处罚 · 上一年项目数量”+“行政处罚 · 本年增/减”）" in str(
        cell(window, "art20_6.penalty.prev_items", Qt.ItemDataRole.ToolTipRole))


def test_editing_a_carried_cell_removes_its_mark_and_undo_brings_it_back(qtbot: QtBot, demo_file: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_file)
    choose_file(monkeypatch, demo_file)
    answer_options(monkeypatch)
    window.actions_by_name["carry"].trigger()
    key = "requests.carried_in.person"
    window.tabs.show_cell(key)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: view_for(window, key).isVisible())  # the new document's tabs are shown after an event
    type_into(qtbot, window, key, "3")
    assert window.document.report.value(key) == 3  # type: ignore[union-attr]
    assert cell(window, key, CARRIED_ROLE) is False
    assert "由上年报告结转" not in str(cell(window, key, Qt.ItemDataRole.ToolTipRole))
    assert cell(window, key, LAST_YEAR_ROLE) == "上年 1"  # still there to compare with
    qtbot.waitUntil(lambda: view_for(window, key).findChild(QLineEdit) is None)  # the closed editor is gone
    type_into(qtbot, window, key, "1")
    assert cell(window, key, CARRIED_ROLE) is True  # the carried figure again
    window.actions_by_name["undo"].trigger()
    assert cell(window, key, CARRIED_ROLE) is False
    window.actions_by_name["undo"].trigger()
    assert cell(window, key, CARRIED_ROLE) is True


def test_the_view_paints_the_mark_and_gives_last_years_figure_room(qtbot: QtBot, demo_file: Path) -> None:
    document = ReportDocument(carry_forward(load_report(demo_file)))
    view = SectionTableView(SectionTableModel(document, "requests"))
    qtbot.addWidget(view)
    view.resize(view.natural_width() + 40, view.natural_height() + 40)
    view.setCurrentIndex(view.table_model.index_of("requests.new.total"))  # no selection over the cells looked at
    image = view.viewport().grab().toImage()

    def corner(key: str) -> tuple[int, int]:
        rect = view.visualRect(view.table_model.index_of(key))
        return rect.right() - 2, rect.top() + 2

    carried, plain = view.table_model.index_of("requests.carried_in.person"), view.table_model.index_of("requests.new.person")
    assert image.pixelColor(*corner("requests.carried_in.person")) == CARRIED_MARK
    assert image.pixelColor(*corner("requests.new.person")) != CARRIED_MARK
    assert image.pixelColor(*corner("requests.carried_in.total")) != CARRIED_MARK  # computed, not carried
    assert view.rowHeight(carried.row()) > view.rowHeight(plain.row())  # room for 「上年 1」


def test_a_modified_report_is_offered_for_saving_first_and_cancel_keeps_it(qtbot: QtBot, demo_file: Path,
                                                                           seed_file: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_file)
    type_into(qtbot, window, "requests.new.person", "21")
    document = window.document
    asked_save = answer_save_prompt(monkeypatch, prompts.SaveChoice.CANCEL)
    asked = choose_file(monkeypatch, seed_file)
    window.actions_by_name["carry"].trigger()
    assert asked_save == [demo_file.name] and asked == []
    assert window.document is document and document.report.value("requests.new.person") == 21  # type: ignore[union-attr]


def test_a_broken_last_year_file_is_explained_and_the_report_stays(qtbot: QtBot, demo_file: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_file)
    type_into(qtbot, window, "requests.new.person", "21")
    broken = tmp_path / "去年.json"
    broken.write_text('{"app": "nianbao", "schema": 9}', encoding="utf-8")
    choose_file(monkeypatch, broken)
    shown = answer_options(monkeypatch)
    warnings = capture_warnings(monkeypatch)
    document = window.document
    window.actions_by_name["carry"].trigger()
    assert len(warnings) == 1 and "去年.json" in warnings[0].text() and shown == []
    assert window.document is document and window.isWindowModified()


def test_a_last_year_at_the_end_of_the_supported_range_is_refused(qtbot: QtBot, demo_file: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_file)
    data = json.loads(demo_file.read_text(encoding="utf-8"))
    data["year"] = YEAR_RANGE.stop - 1
    last = tmp_path / "最后一年.json"
    last.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    choose_file(monkeypatch, last)
    answer_options(monkeypatch)
    warnings = capture_warnings(monkeypatch)
    document = window.document
    window.actions_by_name["carry"].trigger()
    assert len(warnings) == 1 and "超出本程序支持的范围" in warnings[0].text()
    assert window.document is document


def test_cancelling_the_file_choice_or_the_options_changes_nothing(qtbot: QtBot, demo_file: Path, seed_file: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_file)
    document = window.document
    choose_file(monkeypatch, None)
    shown = answer_options(monkeypatch)
    window.actions_by_name["carry"].trigger()
    assert shown == [] and window.document is document
    choose_file(monkeypatch, seed_file)
    shown = answer_options(monkeypatch, accept=False)
    window.actions_by_name["carry"].trigger()
    assert len(shown) == 1 and window.document is document


def test_the_options_need_a_unit_name(qtbot: QtBot, demo_file: Path) -> None:
    dialog = CarryDialog(load_report(demo_file), demo_file.name)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.text() == "新建" and ok.isEnabled()
    dialog.unit.setText("  ")
    assert not ok.isEnabled()
    assert dialog.new_year == 2026 and dialog.result() == QDialog.DialogCode.Rejected


def test_the_file_menu_offers_the_command(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    texts = [a.text() for a in window.menu("file").actions()]
    assert "由上年报告新建(&L)…" in texts and texts.index("由上年报告新建(&L)…") == texts.index("新建(&N)…") + 1


def test_the_models_of_a_carried_report_pass_the_model_tester(qtbot: QtBot, qtmodeltester, demo_file: Path) -> None:  # type: ignore[no-untyped-def]
    document = ReportDocument(carry_forward(load_report(demo_file)))
    for section in document.report.format.table_sections():
        model = SectionTableModel(document, section.id)
        qtmodeltester.check(model, force_py=True)
        document.set_cells({"requests.carried_in.person": 4}, "t")
        qtmodeltester.check(model, force_py=True)


def test_carry_says_it_opened_a_new_report_that_undo_does_not_take_back(qtbot: QtBot, demo_file: Path,
                                                                       seed_file: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, seed_file)
    type_into(qtbot, window, "requests.new.person", "21")
    assert window.save()
    original = seed_file.read_bytes()
    choose_file(monkeypatch, demo_file)
    answer_options(monkeypatch)
    window.actions_by_name["carry"].trigger()
    assert window.windowTitle() == "未命名报告[*] — 年报助手" and window.document.path is None  # type: ignore[union-attr]
    assert "已作为新报告打开，尚未保存" in window.statusBar().currentMessage()
    undo = window.actions_by_name["undo"]
    assert not undo.isEnabled() and undo.text() == "撤销"  # nothing of the report left behind to undo
    assert seed_file.read_bytes() == original
