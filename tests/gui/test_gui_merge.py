"""文件 ▸ 汇总多个单位报告: the file list, the merge with progress, refusals and the result."""
from __future__ import annotations

import json
from decimal import Decimal
import shutil
from pathlib import Path
from typing import Callable

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox, QProgressDialog
from pytestqt.qtbot import QtBot

from gui.main_window import MainWindow
from gui.merge_dialog import FILE, FORMAT, READY, STATUS, UNIT, YEAR, MergeDialog
from gui.palette import STATUS_TEXT, WARNING_TEXT
from gui.table_model import SectionTableModel
from gui import prompts
from gui_helpers import (answer_file_dialogs, answer_save_prompt, click_in_message_box,  # noqa: F401
                         discard_on_close, open_window, type_into)
from model.storage import load_report

from conftest import DEMO_EXAMPLE, SEED_EXAMPLE

DemoCopy = Callable[..., Path]


@pytest.fixture
def unit_file(tmp_path: Path) -> DemoCopy:
    """A copy of the demo (or another example) as the report of `unit`, with some cells changed."""
    def make(unit: str, changes: dict[str, object] | None = None, example: Path = DEMO_EXAMPLE) -> Path:
        data = json.loads(example.read_text(encoding="utf-8"))
        data["unit"] = unit
        data["values"].update(changes or {})
        path = tmp_path / f"{unit}.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return path
    return make


def choose_files(monkeypatch: pytest.MonkeyPatch, paths: list[Path]) -> None:
    answer_file_dialogs(monkeypatch, paths)


def drive_dialog(monkeypatch: pytest.MonkeyPatch, unit: str) -> list[MergeDialog]:
    """Instead of waiting for the clerk: 添加文件…, the unit of the total, 汇总 (and 取消 if still open)."""
    shown: list[MergeDialog] = []

    def exec_(dialog: MergeDialog) -> int:
        shown.append(dialog)
        dialog.add_button.click()
        dialog.unit.setText(unit)
        dialog.merge_button.click()
        if not dialog.result():
            dialog.reject()
        return int(dialog.result())

    monkeypatch.setattr(MergeDialog, "exec", exec_)
    return shown


def capture_boxes(monkeypatch: pytest.MonkeyPatch) -> list[QMessageBox]:
    """Message boxes shown, recorded (and answered 确定) instead of waiting."""
    return click_in_message_box(monkeypatch, "确定")


def warning_texts(boxes: list[QMessageBox]) -> list[str]:
    return [box.text() for box in boxes if box.icon() == QMessageBox.Icon.Warning and box.windowTitle() != "汇总完成"]


def test_merging_three_units_opens_the_total_as_a_new_report(qtbot: QtBot, demo_file: Path, unit_file: DemoCopy,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_file)
    files = [unit_file("甲局"), unit_file("乙局"), unit_file("丙局", {"art20_8.fees.amount": "0.45", "art20_6.coercion.decisions": "/"})]
    choose_files(monkeypatch, files)
    shown = drive_dialog(monkeypatch, " 某某区汇总 ")
    boxes = capture_boxes(monkeypatch)
    window.actions_by_name["merge"].trigger()
    assert len(shown) == 1
    document = window.document
    assert document is not None and document.path is None and not document.modified
    merged = document.report
    assert (merged.unit, merged.year, merged.format.id) == ("某某区汇总", 2025, "2021")
    assert [c.unit for c in merged.merged_from] == ["甲局", "乙局", "丙局"]
    assert [c.file for c in merged.merged_from] == ["甲局.json", "乙局.json", "丙局.json"]
    units = [load_report(f) for f in files]
    for key in ("requests.new.person", "requests.granted.person", "requests.carried_out.total",
                "art20_1.normative.in_force", "appeals.cases.review_total"):
        assert merged.value(key) == 3 * units[0].value(key), key  # type: ignore[operator]
    assert merged.value("requests.new.person") == 3 * 19
    assert merged.value("art20_8.fees.amount") == Decimal("25.65")  # 12.60 + 12.60 + 0.45, exactly
    assert merged.value("art20_6.coercion.decisions") == 6  # "/" counts as 0
    assert window.windowTitle() == "未命名报告[*] — 年报助手"
    assert len(boxes) == 1 and boxes[0].windowTitle() == "汇总完成"
    assert "已汇总 3 个单位的报告" in boxes[0].text() and "各单位的报告本身均无错误" in boxes[0].informativeText()


def test_the_result_names_units_with_errors_and_repeated_units(qtbot: QtBot, demo_file: Path, unit_file: DemoCopy,
                                                               monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    window = open_window(qtbot, demo_file)
    faulty = unit_file("乙局", {"requests.new.person": 25, "requests.new.total": 35})  # breaks 一+二=三+四 in its own report
    first = unit_file("甲局")
    again = Path(shutil.copy(first, tmp_path / "甲局（副本）.json"))
    choose_files(monkeypatch, [first, faulty, again])
    drive_dialog(monkeypatch, "某某区")
    boxes = capture_boxes(monkeypatch)
    window.actions_by_name["merge"].trigger()
    text = boxes[0].informativeText()
    assert "以下 1 个单位的报告本身有错误" in text and "乙局（乙局.json）" in text
    assert "“甲局”出现在 2 个文件中（甲局.json、甲局（副本）.json）" in text
    assert "乙局（乙局.json）" in boxes[0].detailedText()
    assert boxes[0].icon() == QMessageBox.Icon.Warning
    assert window.document.report.merged_from and len(window.document.report.merged_from) == 3  # type: ignore[union-attr]


def test_the_list_shows_each_files_unit_format_and_year_or_its_error(qtbot: QtBot, unit_file: DemoCopy,
                                                                     tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = MergeDialog()
    qtbot.addWidget(dialog)
    assert not dialog.merge_button.isEnabled() and dialog.merge_button.text() == "汇总"
    broken = tmp_path / "坏.json"
    broken.write_text("{", encoding="utf-8")
    good = unit_file("甲局")
    choose_files(monkeypatch, [good, broken, good])
    dialog.add_button.click()
    rows = [[dialog.list.topLevelItem(r).text(c) for c in (FILE, UNIT, YEAR, FORMAT)] for r in range(dialog.list.topLevelItemCount())]
    assert rows == [["甲局.json", "甲局", "2025年度", "2021年版"], ["坏.json", "", "", ""]]
    assert dialog.list.topLevelItem(0).toolTip(FORMAT) == "2021年版（国办公开办函〔2021〕30号）"
    assert dialog.list.topLevelItem(0).text(STATUS) == READY
    assert dialog.list.topLevelItem(1).text(STATUS).startswith("无法读取：")
    assert "共 2 个文件" in dialog.summary.text() and "1 个无法读取" in dialog.summary.text()
    dialog.add_paths([good])  # already listed
    assert dialog.list.topLevelItemCount() == 2
    dialog.unit.setText("某某区")
    assert not dialog.merge_button.isEnabled()  # a file that cannot be read is listed
    dialog.list.topLevelItem(1).setSelected(True)
    dialog.remove_button.click()
    assert dialog.paths() == [good] and "2021年版" in dialog.summary.text()
    assert dialog.merge_button.isEnabled()
    dialog.clear_button.click()
    assert dialog.paths() == [] and dialog.list.topLevelItemCount() == 0 and not dialog.merge_button.isEnabled()


def statuses(dialog: MergeDialog) -> list[str]:
    return [dialog.list.topLevelItem(r).text(STATUS) for r in range(dialog.list.topLevelItemCount())]


def test_merging_waits_while_any_listed_file_is_refused_and_shows_every_refusal_at_once(
        qtbot: QtBot, unit_file: DemoCopy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = MergeDialog()
    qtbot.addWidget(dialog)
    broken = tmp_path / "坏.json"
    broken.write_text("{", encoding="utf-8")
    files = [unit_file("甲局"), unit_file("南开区", example=SEED_EXAMPLE), broken, unit_file("乙局")]
    choose_files(monkeypatch, files)
    dialog.add_button.click()
    dialog.unit.setText("某某区")
    assert not dialog.merge_button.isEnabled()  # today: enabled, and only the first refusal is told after 汇总
    shown = statuses(dialog)
    assert shown[0] == READY and shown[3] == READY
    assert shown[1] == "格式或年度与其他文件不同（2019年版 · 2020年度）"
    assert shown[2].startswith("无法读取：")
    colours = [dialog.list.topLevelItem(r).foreground(STATUS).color() for r in range(4)]
    assert colours[1] == colours[2] == STATUS_TEXT["error"]
    assert "1 个无法读取" in dialog.summary.text() and "1 个与其他文件的格式、年度或金额单位不同" in dialog.summary.text()
    for row in (2, 1):
        dialog.list.topLevelItem(row).setSelected(True)
        dialog.remove_button.click()
    assert dialog.merge_button.isEnabled() and statuses(dialog) == [READY, READY]


def test_units_listed_twice_are_marked_before_merging(qtbot: QtBot, unit_file: DemoCopy, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = MergeDialog()
    qtbot.addWidget(dialog)
    first = unit_file("甲局")
    again = Path(shutil.copy(first, tmp_path / "甲局（副本）.json"))
    choose_files(monkeypatch, [first, unit_file("乙局"), again])
    dialog.add_button.click()
    dialog.unit.setText("某某区")
    shown = statuses(dialog)
    assert shown[0] == f"{READY}；与其他文件的单位相同（甲局（副本）.json），请确认没有重复"
    assert shown[1] == READY and "单位相同（甲局.json）" in shown[2]
    assert dialog.list.topLevelItem(0).foreground(STATUS).color() == WARNING_TEXT
    assert dialog.merge_button.isEnabled()  # a warning, not a refusal: two offices may share a name


def test_a_file_broken_after_it_was_listed_refuses_the_merge_and_is_highlighted(
        qtbot: QtBot, demo_file: Path, unit_file: DemoCopy, monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_file)
    type_into(qtbot, window, "requests.new.person", "21")
    document = window.document
    later = unit_file("乙局")
    choose_files(monkeypatch, [unit_file("甲局"), later])
    highlighted: list[list[int]] = []
    warnings: list[str] = []

    def exec_(dialog: MergeDialog) -> int:
        dialog.add_button.click()
        dialog.unit.setText("某某区")
        later.write_text('{"app": "nianbao"', encoding="utf-8")  # changed on disk meanwhile
        dialog.merge_button.click()
        return 0

    def warn(box: QMessageBox) -> None:
        warnings.append(box.text())
        parent = box.parent()
        assert isinstance(parent, MergeDialog)
        highlighted.append(parent.highlighted_rows())  # while the message is up

    monkeypatch.setattr(MergeDialog, "exec", exec_)
    monkeypatch.setattr(prompts, "run_box", warn)
    window.actions_by_name["merge"].trigger()
    assert len(warnings) == 1 and "有 1 个文件无法读取" in warnings[0] and "乙局.json" in warnings[0]
    assert highlighted == [[1]]
    assert window.document is document and document.report.value("requests.new.person") == 21  # type: ignore[union-attr]
    assert window.isWindowModified()


def test_units_explanations_go_into_the_total_under_their_names(
        qtbot: QtBot, demo_file: Path, unit_file: DemoCopy, monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_file)
    files = [unit_file("甲局"), unit_file("乙局")]
    explained = load_report(files[0]).explanations
    assert explained  # the demo explains its 其他处理
    choose_files(monkeypatch, files)
    drive_dialog(monkeypatch, "某某区")
    capture_boxes(monkeypatch)
    window.actions_by_name["merge"].trigger()
    merged = window.document.report  # type: ignore[union-attr]
    for key, explanation in explained.items():
        assert merged.explanations[key].text == f"甲局：{explanation.text}\n乙局：{explanation.text}"
    assert [f.key for f in window.document.findings if f.explained] == list(explained)  # type: ignore[union-attr]


def test_a_cell_of_the_total_tells_each_units_share(qtbot: QtBot, demo_file: Path, unit_file: DemoCopy,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_file)
    choose_files(monkeypatch, [unit_file("甲局", {"requests.new.person": 7}), unit_file("乙局", {"requests.new.business": "/"})])
    drive_dialog(monkeypatch, "某某区")
    capture_boxes(monkeypatch)
    window.actions_by_name["merge"].trigger()
    model: SectionTableModel = window.tabs.view("requests").table_model  # type: ignore[union-attr]
    tip = model.index_of("requests.new.person").data(Qt.ItemDataRole.ToolTipRole)
    assert "各单位：甲局 7、乙局 19" in tip
    assert "各单位：甲局 3、乙局 /" in model.index_of("requests.new.business").data(Qt.ItemDataRole.ToolTipRole)


def test_cancelling_the_progress_leaves_the_current_report(qtbot: QtBot, demo_file: Path, unit_file: DemoCopy,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_file)
    type_into(qtbot, window, "requests.new.person", "21")
    document = window.document
    choose_files(monkeypatch, [unit_file("甲局"), unit_file("乙局"), unit_file("丙局")])
    set_value = QProgressDialog.setValue
    seen: list[tuple[int, str]] = []

    def clerk_cancels(progress: QProgressDialog, value: int) -> None:
        set_value(progress, value)
        seen.append((value, progress.labelText()))
        if value == 1:
            progress.cancel()  # what 取消 does

    monkeypatch.setattr(QProgressDialog, "setValue", clerk_cancels)
    shown = drive_dialog(monkeypatch, "某某区")
    boxes = capture_boxes(monkeypatch)
    window.actions_by_name["merge"].trigger()
    warnings = warning_texts(boxes)
    assert [v for v, _ in seen] == [0, 1] and seen[1][1] == "正在汇总第 2 / 3 份报告…"
    assert shown[0].merged is None and shown[0].summary.text() == "已取消汇总。"
    assert warnings == [] and boxes == []
    assert window.document is document and document.report.value("requests.new.person") == 21  # type: ignore[union-attr]
    assert window.isWindowModified()


def test_a_modified_report_is_offered_for_saving_first(qtbot: QtBot, demo_file: Path, unit_file: DemoCopy,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_file)
    type_into(qtbot, window, "requests.new.person", "21")
    asked = answer_save_prompt(monkeypatch, prompts.SaveChoice.CANCEL)
    shown = drive_dialog(monkeypatch, "某某区")
    window.actions_by_name["merge"].trigger()
    assert asked == [demo_file.name] and shown == []
    assert window.document.report.value("requests.new.person") == 21  # type: ignore[union-attr]


def test_the_file_menu_offers_the_command(qtbot: QtBot, demo_file: Path) -> None:
    window: MainWindow = open_window(qtbot, demo_file)
    assert "汇总多个单位报告(&M)…" in [a.text() for a in window.menu("file").actions()]


def test_files_dragged_onto_the_dialog_are_listed_and_delete_removes(qtbot: QtBot, unit_file: DemoCopy,
                                                                     tmp_path: Path) -> None:
    dialog = MergeDialog()
    qtbot.addWidget(dialog)
    other = tmp_path / "说明.txt"
    other.write_text("x", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in (unit_file("甲局"), other, unit_file("乙局"))])
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    dialog.dropEvent(drop)
    assert [p.name for p in dialog.paths()] == ["甲局.json", "乙局.json"]
    dialog.list.topLevelItem(0).setSelected(True)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Delete)
    assert [p.name for p in dialog.paths()] == ["乙局.json"]


def test_the_total_is_a_new_report_that_undo_does_not_take_back(qtbot: QtBot, demo_file: Path, unit_file: DemoCopy,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_file)
    type_into(qtbot, window, "requests.new.person", "21")
    assert window.save()
    choose_files(monkeypatch, [unit_file("甲局"), unit_file("乙局")])
    drive_dialog(monkeypatch, "某某区")
    capture_boxes(monkeypatch)
    window.actions_by_name["merge"].trigger()
    assert window.windowTitle() == "未命名报告[*] — 年报助手"
    assert "已汇总 2 个单位的报告（已作为新报告打开，尚未保存）" == window.statusBar().currentMessage()
    assert not window.actions_by_name["undo"].isEnabled()
