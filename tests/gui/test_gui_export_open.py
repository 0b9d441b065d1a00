"""After an export the window offers to open the file or its folder; 打印预览 opens the PDF in
the system's viewer; faces standing in for missing ones are named on the status line; 报告属性
sets the 落款's 成文日期 and the 引言, undoably."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from export.fonts import FONT_DIRS_ENV
from gui.dialogs import PropertiesDialog

from conftest import font_folder
from gui_helpers import answer_file_dialogs, click_in_message_box, discard_on_close, open_window  # noqa: F401



@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """What the window asked the system to open (nothing is really opened)."""
    urls: list[Path] = []

    def open_url(url: QUrl) -> bool:
        urls.append(Path(url.toLocalFile()))
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    return urls


@pytest.mark.parametrize("button, expected", [("打开文件", "file"), ("打开所在文件夹", "folder"), ("关闭", None)])
def test_after_an_export_the_file_or_its_folder_opens(qtbot: QtBot, demo_file: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch, opened: list[Path],
                                                      button: str, expected: str | None) -> None:
    window = open_window(qtbot, demo_file)
    answer_file_dialogs(monkeypatch, tmp_path / "报告")
    told = click_in_message_box(monkeypatch, button)
    window.actions_by_name["export_xlsx"].trigger()
    assert {b.text() for b in told[0].buttons()} == {"打开文件", "打开所在文件夹", "关闭"}
    out = tmp_path / "报告.xlsx"
    assert opened == {"file": [out], "folder": [tmp_path], None: []}[expected]


def test_print_preview_opens_the_pdf_in_the_system_viewer(qtbot: QtBot, demo_file: Path, opened: list[Path],
                                                          private_app_home: Path) -> None:
    window = open_window(qtbot, demo_file)
    window.actions_by_name["print_preview"].trigger()
    [pdf] = opened
    assert pdf.suffix == ".pdf" and pdf.is_relative_to(private_app_home)
    assert PdfReader(pdf).metadata.title == window.document.report.title
    window.actions_by_name["print_preview"].trigger()  # the first may still be open in the viewer
    assert len(set(opened)) == 2 and all(p.exists() for p in opened)


def test_the_status_line_names_the_faces_standing_in(qtbot: QtBot, demo_file: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch, opened: list[Path]) -> None:
    monkeypatch.setenv(FONT_DIRS_ENV, str(font_folder(tmp_path, "uming.ttc")))
    window = open_window(qtbot, demo_file)
    answer_file_dialogs(monkeypatch, tmp_path / "报告")
    told = click_in_message_box(monkeypatch, "关闭")
    window.actions_by_name["export_pdf"].trigger()
    assert "本机没有仿宋字体，正文改用“AR PL UMing CN”" in told[0].informativeText()
    status = window.statusBar().currentMessage()
    assert "已导出" in status and "本机没有仿宋字体" in status and "本机没有小标宋字体" in status


def test_issue_date_and_intro_are_set_in_the_properties_and_undone(qtbot: QtBot, demo_file: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_file)
    report = window.document.report

    def fill(dialog: PropertiesDialog) -> int:
        assert dialog.on_export_day.isChecked() and not dialog.issued.isEnabled()  # default: today
        dialog.on_export_day.setChecked(False)
        dialog.issued.setDate(date(2026, 1, 20))
        dialog.with_intro.setChecked(True)
        assert dialog.intro.toPlainText() == report.default_intro()  # the usual wording offered
        return 1

    monkeypatch.setattr(PropertiesDialog, "exec", fill)
    window.actions_by_name["properties"].trigger()
    assert report.issued == date(2026, 1, 20) and report.intro == report.default_intro()
    assert window.isWindowModified()
    window.document.undo_stack.undo()
    assert report.issued is None and report.intro == ""


def test_the_usual_intro_follows_a_changed_unit_until_edited(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    dialog = PropertiesDialog(window.document.report, window)
    dialog.unit.setText("新单位")
    assert "由新单位编制" in dialog.intro.toPlainText()
    dialog.intro.setPlainText("自己写的引言。")
    dialog.unit.setText("又一个单位")
    assert dialog.intro.toPlainText() == "自己写的引言。"


def test_every_property_changed_at_once_is_one_undo_step(qtbot: QtBot, seed_file: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Unit, year, totals, the 2019 amount unit, 成文日期 and 引言 from one 报告属性: one
    「修改报告属性」, undone and redone whole."""
    window = open_window(qtbot, seed_file)
    report, stack = window.document.report, window.document.undo_stack
    before = (report.unit, report.year, report.auto_totals, report.amount_unit, report.issued, report.intro)

    def change_all(dialog: PropertiesDialog) -> int:
        dialog.unit.setText("新单位")
        dialog.year.setValue(report.year + 1)
        dialog.auto_totals.setChecked(not report.auto_totals)
        dialog.amount_unit.setCurrentText("元")
        dialog.on_export_day.setChecked(False)
        dialog.issued.setDate(date(2026, 1, 20))
        dialog.with_intro.setChecked(True)
        dialog.intro.setPlainText("本报告由新单位编制。")
        return 1

    monkeypatch.setattr(PropertiesDialog, "exec", change_all)
    steps = stack.count()
    window.actions_by_name["properties"].trigger()
    after = ("新单位", before[1] + 1, not before[2], "元", date(2026, 1, 20), "本报告由新单位编制。")
    assert (report.unit, report.year, report.auto_totals, report.amount_unit, report.issued, report.intro) == after
    assert stack.count() == steps + 1 and stack.undoText() == "修改报告属性"
    stack.undo()
    assert (report.unit, report.year, report.auto_totals, report.amount_unit, report.issued, report.intro) == before
    stack.redo()
    assert (report.unit, report.year, report.auto_totals, report.amount_unit, report.issued, report.intro) == after
