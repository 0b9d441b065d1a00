"""文件 ▸ 报送前检查: the review dialog lists the checks by section, fills blank cells with 0 in
one undo step, exports the 审核结果 PDF of the saved file and leads to a finding."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from gui.app import create_app
from gui.document import ReportDocument
from gui.review_dialog import FILL_ZERO, FINDING_ROLE, ReviewDialog, review_model
from model.report import Report
from model.review import build_review, file_sha256
from model.storage import load_report, save_report


def texts(dialog: ReviewDialog) -> list[str]:
    model = dialog.tree.model()
    rows = []
    for r in range(model.rowCount()):
        group = model.index(r, 0)
        rows.append(group.data())
        rows += ["  " + model.index(c, 0, group).data() for c in range(model.rowCount(group))]
    return rows


def broken_demo(path: Path) -> Path:
    report = load_report(path)
    report.values["requests.new.person"] += 1  # type: ignore[operator]
    report.values["requests.new.total"] += 1  # type: ignore[operator]
    save_report(report, path)
    return path


def test_review_model_passes_the_model_tester(qtmodeltester, demo_file: Path) -> None:  # type: ignore[no-untyped-def]
    create_app()
    for show_passed in (False, True):
        qtmodeltester.check(review_model(build_review(load_report(demo_file)), show_passed))


def test_dialog_lists_open_problems_and_on_request_every_check(qtbot: QtBot, demo_file: Path) -> None:
    create_app()
    dialog = ReviewDialog(ReportDocument(load_report(broken_demo(demo_file)), demo_file))
    qtbot.addWidget(dialog)
    rows = texts(dialog)
    assert rows[0] == "一、总体情况（1 项需处理）"
    assert rows[1].startswith("  〔警告〕文中“新收政府信息公开申请29件”")
    assert "三、收到和处理政府信息公开申请情况（2 项需处理）" in rows
    assert "  〔错误〕自然人列：一+二=20，三（七）+四=19，相差1" in rows
    assert not any("〔通过〕" in r for r in rows)
    assert dialog.headline.text().endswith("共核对 77 项：通过 73 项；2 处错误 · 1 处警告 · 1 处已说明")
    dialog.show_passed.setChecked(True)
    rows = texts(dialog)
    assert rows[0] == "报告属性（全部通过）" and "  〔通过〕单位名称已填写" in rows
    assert "  〔通过〕商业企业列：一+二=三（七）+四" in rows


def test_fill_zero_is_one_undo_step(qtbot: QtBot, tmp_path: Path) -> None:
    create_app()
    report = Report.blank("2021", "甲局", 2025)
    document = ReportDocument(report, None)
    dialog = ReviewDialog(document)
    qtbot.addWidget(dialog)
    assert any(r.startswith("正式报送时请填写0（") for r in texts(dialog))
    assert dialog.fill_zero.isEnabled() and dialog.fill_zero.text() == FILL_ZERO
    dialog.fill_zero.click()
    assert report.values["requests.new.person"] == 0 and report.values["appeals.cases.review_upheld"] == 0
    assert "art20_1.regulations.issued" not in report.values  # only 三 and 四
    assert not any(r.startswith("正式报送时请填写0") for r in texts(dialog))
    assert not dialog.fill_zero.isEnabled()
    assert document.undo_stack.undoText() == f"{FILL_ZERO} 156 个单元格（三、四）"
    document.undo_stack.undo()
    assert "requests.new.person" not in report.values
    assert dialog.fill_zero.isEnabled()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")
def test_review_pdf_of_the_saved_file(qtbot: QtBot, demo_file: Path, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    create_app()
    document = ReportDocument(load_report(demo_file), demo_file)
    dialog = ReviewDialog(document)
    qtbot.addWidget(dialog)
    assert dialog.pdf_button.isEnabled()
    out = tmp_path / "审核结果.pdf"
    monkeypatch.setattr("gui.prompts.QFileDialog.getSaveFileName", lambda *a, **k: (str(out), ""))
    monkeypatch.setattr("gui.prompts.inform", lambda *a, **k: None)
    assert dialog.export_pdf() == out
    text = "".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout.split())
    assert file_sha256(demo_file) in text
    document.set_cells({"requests.new.person": 21}, "填写")
    assert not dialog.pdf_button.isEnabled() and "请先保存报告" in dialog.pdf_button.toolTip()


def test_double_click_leads_to_the_finding(qtbot: QtBot, demo_file: Path) -> None:
    create_app()
    dialog = ReviewDialog(ReportDocument(load_report(broken_demo(demo_file)), demo_file))
    qtbot.addWidget(dialog)
    model = dialog.tree.model()
    index = model.index(0, 0, model.index(0, 0))
    with qtbot.waitSignal(dialog.findingActivated) as signal:
        dialog.tree.doubleClicked.emit(index)
    assert signal.args[0].rule == "text_figures" and index.data(FINDING_ROLE) is signal.args[0]


def test_a_long_finding_wraps_to_the_dialogs_width_instead_of_being_cut(qtbot: QtBot, demo_file: Path) -> None:
    create_app()
    dialog = ReviewDialog(ReportDocument(load_report(broken_demo(demo_file)), demo_file))
    qtbot.addWidget(dialog)
    dialog.resize(560, 620)
    dialog.show()
    qtbot.waitExposed(dialog)
    model, tree = dialog.tree.model(), dialog.tree
    rows = {model.index(c, 0, model.index(r, 0)).data(): model.index(c, 0, model.index(r, 0))
            for r in range(model.rowCount()) for c in range(model.rowCount(model.index(r, 0)))}
    short = next(index for text, index in rows.items() if text.startswith("〔错误〕自然人列"))
    long = next(index for text, index in rows.items() if text.startswith("〔警告〕文中“新收政府信息公开申请29件”"))
    qtbot.waitUntil(lambda: tree.visualRect(long).height() >= 2 * tree.visualRect(short).height() - 2)
    dialog.resize(1400, 620)  # wide enough for one line: the row shrinks back
    qtbot.waitUntil(lambda: tree.visualRect(long).height() == tree.visualRect(short).height())
