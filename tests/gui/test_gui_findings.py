"""The findings panel as model/view: the list model, F8, the selection kept across rechecks."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.document import ReportDocument
from gui.findings_panel import FINDING_ROLE, FindingsModel
from gui.palette import state_icon
from gui_helpers import activate, current_key, discard_on_close, open_window, view_for  # noqa: F401
from model.carry import carry_forward
from model.rules import state_of
from model.storage import load_report

PERSON = "requests.new.person"


def test_the_findings_model_passes_the_model_tester(qapp, qtmodeltester, demo_file: Path, seed_file: Path) -> None:  # type: ignore[no-untyped-def]
    document = ReportDocument(load_report(demo_file))
    model = FindingsModel()
    model.set_document(document)
    qtmodeltester.check(model, force_py=True)  # …and it goes on watching the model's signals
    document.set_cells({PERSON: 25})  # two new errors, and 一 no longer agrees with 三: reset with 3 more rows
    assert model.rowCount() == len(document.findings) == 4
    model.set_document(ReportDocument(carry_forward(load_report(seed_file))))
    assert model.rowCount() == len(model.document.findings) == 9  # type: ignore[union-attr]  (3 texts still empty)


def test_each_row_shows_text_icon_tooltip_and_the_finding(qapp, demo_file: Path) -> None:  # type: ignore[no-untyped-def]
    document = ReportDocument(load_report(demo_file))
    document.set_cells({PERSON: 25})
    model = FindingsModel()
    model.set_document(document)
    rows = [model.index(row) for row in range(model.rowCount())]
    findings = [index.data(FINDING_ROLE) for index in rows]
    assert findings == document.findings
    error = next(i for i, f in enumerate(findings) if f.severity == "error")
    assert rows[error].data().startswith("〔错误〕三、收到和处理政府信息公开申请情况")
    assert rows[error].data(Qt.ItemDataRole.ToolTipRole) == findings[error].message
    assert rows[error].data(Qt.ItemDataRole.DecorationRole).cacheKey() == state_icon("error").cacheKey()
    explained = next(i for i, f in enumerate(findings) if f.explained)
    assert rows[explained].data().startswith("〔已说明〕")
    assert rows[explained].data(Qt.ItemDataRole.ToolTipRole).startswith("说明：")
    assert state_of(findings[explained]) == "explained"


def test_f8_walks_the_findings_and_the_selection_survives_a_recheck(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    activate(qtbot, window)
    window.document.set_cells({PERSON: 25})
    panel = window.findings_panel
    shown = []
    for _ in range(4):
        qtbot.keyClick(panel.list, Qt.Key.Key_F8)
        shown.append(panel.current_finding())
        if shown[-1].span is not None:  # a sentence of a text: shown selected in its editor
            editor = window.tabs.texts[shown[-1].span.section]
            assert window.tabs.currentWidget() is editor
            cursor = editor.editor.textCursor()
            assert (cursor.selectionStart(), cursor.selectionEnd()) == (shown[-1].span.start, shown[-1].span.end)
        else:
            assert current_key(view_for(window, shown[-1].cells[0])) == shown[-1].cells[0]
    findings = panel.findings()
    first = findings.index(shown[0])  # F8 goes on from the finding selected before the recheck
    assert shown == findings[first:] + findings[:first]
    qtbot.keyClick(panel.list, Qt.Key.Key_F8)  # after the last, the first again
    assert panel.current_finding() == shown[0]
    window.document.set_cells({"requests.new.business": 4})  # a recheck resets the model
    assert panel.current_finding().rule == shown[0].rule and panel.current_finding().cells == shown[0].cells  # type: ignore[union-attr]
    assert panel.summary.text().startswith("校验结果：")
