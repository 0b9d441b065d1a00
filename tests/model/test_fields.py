"""Live figures in narrative texts: the field syntax, resolving it to the current number, the way
back to stored positions, the checks reading through it, and refusal of unknown cells on load."""
from __future__ import annotations

import json
from decimal import Decimal

import pytest
from test_rules import COMPLETE_TEXTS, zeros

from conftest import FORMATS

from model.fields import field_keys, field_name, field_text, figure_menu, printed_text, resolve
from model.formats import load_format
from model.rules import Checker, check
from model.storage import ProjectError, dumps, loads

NEW = "{{三、一、本年新收政府信息公开申请数量·总计|requests.new.total}}"


def test_field_text_names_the_cell_officially_and_keeps_the_key() -> None:
    fmt = load_format("2021")
    assert field_text(fmt, "requests.new.total") == NEW
    assert field_name(fmt, "art20_8.fees.amount") == "二、第二十条第（八）项·行政事业性收费·本年收费金额（单位：万元）"
    assert field_name(fmt, "appeals.cases.after_review_total") == "四、行政诉讼·复议后起诉·总计"
    long = field_name(fmt, "requests.other_unpaid.total")
    assert long == "三、2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请·总计"
    assert len(field_name(load_format("2019"), "requests.other.total")) <= 60
    assert field_keys(field_text(fmt, "requests.other_unpaid.total")) == {"requests.other_unpaid.total"}
    with pytest.raises(KeyError):
        field_text(fmt, "art20_9.procurement.amount")


def test_a_field_prints_as_the_current_number_and_follows_edits() -> None:
    report = zeros("2021")
    report.texts["overview"] = f"本年共收到政府信息公开申请{NEW}件。"
    assert printed_text(report, "overview") == "本年共收到政府信息公开申请0件。"
    report.values["requests.new.total"] = 29
    assert printed_text(report, "overview") == "本年共收到政府信息公开申请29件。"
    del report.values["requests.new.total"]
    assert printed_text(report, "overview") == "本年共收到政府信息公开申请0件。"  # blank prints as 0
    report.values["requests.new.total"] = "/"
    assert printed_text(report, "overview") == "本年共收到政府信息公开申请0件。"


def test_fields_without_a_name_and_amounts() -> None:
    report = zeros("2021")
    report.values["art20_8.fees.amount"] = Decimal("24252.311082")
    report.texts["other"] = "收费{{art20_8.fees.amount}}万元，{{不是字段}}，{{a.b}}"
    assert printed_text(report, "other") == "收费24252.311082万元，{{不是字段}}，{{a.b}}"


def test_positions_map_back_to_the_stored_text() -> None:
    report = zeros("2021")
    report.values["requests.new.total"] = 29
    stored = f"甲{NEW}乙{NEW}丙"
    resolved = resolve(stored, report)
    assert resolved.text == "甲29乙29丙"
    first, second = stored.index(NEW), stored.index(NEW, 2)
    assert [resolved.raw_position(i) for i in range(len(resolved.text) + 1)] == [
        0, first, first, first + len(NEW), second, second, second + len(NEW), len(stored)]
    assert resolved.raw_span(1, 3) == (first, first + len(NEW))
    assert resolved.raw_span(0, 2) == (0, first + len(NEW))
    assert resolved.raw_span(5, 6) == (second, second + len(NEW))
    assert resolved.raw_span(6, 7) == (second + len(NEW), len(stored))


def test_text_figures_reads_through_fields() -> None:
    """A statement built on a field of another cell is compared with the number it prints, and
    rechecked when that cell changes."""
    report = zeros("2021")
    report.values.update({"requests.new.person": 3, "requests.new.total": 3, "requests.granted.person": 3,
                          "requests.granted.total": 3, "requests.results_total.person": 3,
                          "requests.results_total.total": 3})
    report.texts["overview"] = COMPLETE_TEXTS["overview"] + "本年共收到政府信息公开申请{{自然人|requests.new.person}}件。"
    checker = Checker(report)
    assert checker.findings == []
    moved = {f"requests.{row}.{column}": value for row in ("new", "granted", "results_total")
             for column, value in (("person", 2), ("business", 1))}
    report.values.update(moved)
    checker.recheck(moved)
    [finding] = checker.findings
    assert finding.rule == "text_figures" and "为 2，表三“本年新收政府信息公开申请数量（总计）”为 3" in finding.message
    start = report.texts["overview"].index("收到")
    assert (finding.span.start, finding.span.end) == (start, report.texts["overview"].index("件。") + 1)  # type: ignore[union-attr]
    assert checker.findings == check(report)


def test_unknown_fields_are_refused_on_load_and_known_ones_round_trip() -> None:
    report = zeros("2021")
    report.texts["overview"] = f"收到申请{NEW}件。"
    again = loads(dumps(report))
    assert again.texts["overview"] == report.texts["overview"]
    data = json.loads(dumps(report))
    data["texts"]["problems"] = "结转{{结转|requests.carried_over.total}}件"
    with pytest.raises(ProjectError) as caught:
        loads(json.dumps(data, ensure_ascii=False))
    assert str(caught.value) == ("“五、存在的主要问题及改进情况”中有一个表格数字指向"
                                 "2021年版（国办公开办函〔2021〕30号）中没有的单元格，请删除它或改为数字")
    data["texts"]["problems"] = "{{采购|art20_9.procurement.amount}}"  # a cell of the 2019 format only
    with pytest.raises(ProjectError, match="中有一个表格数字指向2021年版"):  # a cell of the other format
        loads(json.dumps(data, ensure_ascii=False))


@pytest.mark.parametrize("version", FORMATS)
def test_the_figure_menu_offers_every_cell_once_by_its_official_names(version: str) -> None:
    fmt = load_format(version)
    menu = figure_menu(fmt)
    assert [heading for heading, _ in menu] == [s.heading for s in fmt.table_sections()]
    keys = [key for _, groups in menu for _, leaves in groups for _, key in leaves]
    assert sorted(keys) == sorted(fmt.cell_keys())
    rows = dict(menu[1][1])
    assert rows["四、结转下年度继续办理"][-1] == ("总计", "requests.carried_out.total")
    assert "三、本年度办理结果 · （三）不予公开 · 1.属于国家秘密" in rows
