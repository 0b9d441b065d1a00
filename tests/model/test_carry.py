"""上年结转: next year's report from last year's, its prefilled cells and the cross-year checks."""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

import main
from model.carry import CarryError, carry_forward, last_year_values, previous_keys
from model.formats import FormatError, latest_format_id
from model.report import Report
from model.rules import check
from model.storage import dumps, load_report, loads, save_report

from conftest import FORMATS, made_up_report

CROSS_YEAR_RULES = {"carry_over", "in_force_continuity", "items_continuity"}
APPLICANTS = ("person", "business", "research", "nonprofit", "legal", "other_org")


def last_2021() -> Report:
    """A 2024 report (2021 format) with requests carried out and regulations in force."""
    last = Report.blank("2021", "某某区文化和旅游局", 2024)
    last.texts["overview"] = "2024年总体情况"
    last.texts["problems"] = "存在的问题"
    for i, column in enumerate(APPLICANTS):
        last.set_value(f"requests.new.{column}", 10 + i)
        last.set_value(f"requests.granted.{column}", 10 + i - (i % 3))
        last.set_value(f"requests.carried_out.{column}", i % 3)
    last.set_value("art20_1.regulations.issued", 1)
    last.set_value("art20_1.regulations.in_force", 4)
    last.set_value("art20_1.normative.in_force", 12)
    last.set_value("art20_8.fees.amount", "/")
    last.recompute_totals()
    assert not [f for f in check(last) if f.severity == "error"]
    return last


def last_2019() -> Report:
    """A 2020 report in the 2019 format with items of 第二十条 and requests carried out."""
    last = Report.blank("2019", "南开区文化和旅游局", 2020)
    last.set_value("art20_5.licensing.prev_items", 7)
    last.set_value("art20_5.licensing.change", 2)
    last.set_value("art20_6.penalty.prev_items", 10)
    last.set_value("art20_6.penalty.change", -5)
    last.set_value("art20_6.coercion.prev_items", "/")
    last.set_value("art20_6.coercion.change", "/")
    last.set_value("art20_8.fees.prev_items", 2)
    last.set_value("art20_8.fees.change", -1)
    last.set_value("art20_1.regulations.total_published", 9)
    last.set_value("requests.new.person", 5)
    last.set_value("requests.granted.person", 2)
    last.set_value("requests.carried_out.person", 3)
    last.recompute_totals()
    return last


# --- carry_forward ----------------------------------------------------------------------


def test_the_new_report_is_in_the_newest_format_unless_told() -> None:
    assert carry_forward(last_2021()).format.id == latest_format_id()
    assert carry_forward(last_2019()).format.id == latest_format_id()
    assert carry_forward(last_2021(), "2019").format.id == "2019"


def test_2021_to_2021_prefills_carried_in_per_column_and_keeps_last_years_figures() -> None:
    last = last_2021()
    new = carry_forward(last, "2021")
    assert (new.format.id, new.year, new.unit) == ("2021", 2025, "某某区文化和旅游局")
    for column in APPLICANTS:
        expected = last.values[f"requests.carried_out.{column}"]
        assert new.values[f"requests.carried_in.{column}"] == expected
        assert new.previous[f"requests.carried_out.{column}"] == expected
    assert new.values["requests.carried_in.total"] == last.values["requests.carried_out.total"] == 6
    assert new.previous["art20_1.regulations.in_force"] == 4
    assert new.previous["art20_1.normative.in_force"] == 12
    assert new.carried == {f"requests.carried_in.{c}" for c in APPLICANTS}
    assert "art20_1.regulations.in_force" not in new.values  # this year's figure is the clerk's
    assert "requests.new.person" not in new.values and new.explanations == {}
    assert new.auto_totals and new.values["requests.results_total.total"] == 0


def test_texts_are_copied_only_when_asked() -> None:
    last = last_2021()
    assert set(carry_forward(last, "2021").texts.values()) == {""}
    copied = carry_forward(last, "2021", copy_texts=True)
    assert copied.texts["overview"] == "2024年总体情况" and copied.texts["problems"] == "存在的问题"
    assert copied.texts["other"] == ""


def test_2019_report_moves_to_the_2021_format() -> None:
    new = carry_forward(last_2019(), "2021")
    assert (new.format.id, new.year) == ("2021", 2021)
    assert new.values["requests.carried_in.person"] == 3
    assert new.carried == {"requests.carried_in.person"}
    # 2021 has neither prev_items nor a 2019 counterpart of 现行有效件数
    assert set(new.previous) == {"requests.carried_out.person", "requests.carried_out.total"}
    assert not any(key.startswith("art20_") for key in new.values)


def test_2019_to_2019_prefills_prev_items_from_last_prev_items_plus_change() -> None:
    last = last_2019()
    last.set_value("art20_8.fees.change", -3)  # inconsistent: 2 − 3 < 0
    new = carry_forward(last, "2019")
    assert (new.format.id, new.year) == ("2019", 2021)
    assert new.values["art20_5.licensing.prev_items"] == 9
    assert new.values["art20_6.penalty.prev_items"] == 5
    assert new.values["art20_6.coercion.prev_items"] == "/"
    assert "art20_8.fees.prev_items" not in new.values  # 2 − 3 is no item count: left to the clerk
    assert "art20_5.other_services.prev_items" not in new.values  # last year blank
    assert new.carried == {"art20_5.licensing.prev_items", "art20_6.penalty.prev_items",
                           "art20_6.coercion.prev_items", "requests.carried_in.person"}
    assert new.previous["art20_6.penalty.change"] == -5
    assert "art20_5.licensing.change" not in new.values


@pytest.mark.parametrize("target", FORMATS)
@pytest.mark.parametrize("source", FORMATS)
def test_any_format_carries_into_any_format(source: str, target: str, tmp_path: Path) -> None:
    last = made_up_report(source)
    new = carry_forward(last, target, copy_texts=True)
    assert (new.format.id, new.year, new.unit) == (target, last.year + 1, last.unit)
    assert new.previous and set(new.previous) <= previous_keys(new.format)
    assert all(last.values[key] == value for key, value in new.previous.items())
    shown = last_year_values(new)
    assert new.carried and all(new.values[key] == shown[key] for key in new.carried)
    assert not [f for f in check(new) if f.rule == "carry_over"]
    assert all(new.texts[k] == last.texts[k] for k in new.texts if k in last.texts)
    save_report(new, tmp_path / "new.json")
    again = load_report(tmp_path / "new.json")
    assert (again.values, again.previous, again.carried) == (new.values, new.previous, new.carried)


def test_carried_cells_survive_save_and_load(tmp_path: Path) -> None:
    path = tmp_path / "2025.json"
    new = carry_forward(last_2021(), "2021")
    save_report(new, path)
    again = load_report(path)
    assert again.carried == new.carried and again.previous == new.previous
    assert again.values == new.values


def test_last_year_values_give_the_figure_to_show_beside_each_cross_year_cell() -> None:
    new = carry_forward(last_2021(), "2021")
    shown = last_year_values(new)
    assert shown["requests.carried_in.person"] == 0 and shown["requests.carried_in.research"] == 2
    assert shown["art20_1.regulations.in_force"] == 4  # last year's only, not + 制发 − 废止
    assert last_year_values(carry_forward(last_2019(), "2019"))["art20_6.penalty.prev_items"] == 5
    assert last_year_values(Report.blank("2021", "某单位", 2025)) == {}


def test_carry_refuses_a_year_beyond_range_and_an_unknown_format() -> None:
    last = last_2021()
    last.year = 2100
    with pytest.raises(CarryError, match="2101"):
        carry_forward(last)
    with pytest.raises(FormatError, match="2030"):
        carry_forward(last_2021(), "2030")


# --- the cross-year checks on a carried report ----------------------------------------------


def cross_year(report: Report) -> list:
    return [f for f in check(report) if f.rule in CROSS_YEAR_RULES]


def test_cross_year_checks_are_silent_on_a_consistent_carried_report() -> None:
    new = carry_forward(last_2021(), "2021")
    new.set_value("art20_1.regulations.issued", 2)
    new.set_value("art20_1.regulations.repealed", 1)
    new.set_value("art20_1.regulations.in_force", 5)
    new.set_value("art20_1.normative.in_force", 12)
    assert cross_year(new) == []
    assert cross_year(carry_forward(last_2019(), "2019")) == []


def test_carry_over_fires_when_carried_in_no_longer_matches() -> None:
    new = carry_forward(last_2021(), "2021")
    new.set_value("art20_1.regulations.in_force", 4)
    new.set_value("art20_1.normative.in_force", 12)
    new.set_value("requests.carried_in.research", 5)
    new.recompute_totals()
    findings = cross_year(new)
    assert {f.rule for f in findings} == {"carry_over"}
    research = next(f for f in findings if "requests.carried_in.research" in f.cells)
    assert research.severity == "warning"
    assert "=5" in research.message and "=2" in research.message and "相差3" in research.message


def test_in_force_continuity_fires_when_in_force_does_not_follow() -> None:
    new = carry_forward(last_2021(), "2021")
    new.set_value("art20_1.regulations.issued", 3)
    new.set_value("art20_1.regulations.in_force", 4)  # should be 4 + 3 = 7
    new.set_value("art20_1.normative.in_force", 12)
    findings = cross_year(new)
    assert [f.rule for f in findings] == ["in_force_continuity"]
    assert findings[0].cells[0] == "art20_1.regulations.in_force" and "相差3" in findings[0].message


def test_items_continuity_fires_when_prev_items_is_changed() -> None:
    new = carry_forward(last_2019(), "2019")
    new.set_value("art20_6.penalty.prev_items", 10)
    findings = cross_year(new)
    assert [f.rule for f in findings] == ["items_continuity"]
    assert "art20_6.penalty.prev_items" in findings[0].cells and "相差5" in findings[0].message


def test_cross_year_checks_need_last_years_figures() -> None:
    report = Report.blank("2021", "某单位", 2025)
    report.set_value("requests.carried_in.person", 4)
    report.set_value("art20_1.regulations.in_force", 9)
    assert cross_year(report) == []


# --- command line -----------------------------------------------------------------------


def test_cli_carry_writes_the_new_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source, out = tmp_path / "2024.json", tmp_path / "2025.json"
    save_report(last_2021(), source)
    assert main.main(["carry", str(source), "-o", str(out), "--texts", "--format", "2021"]) == main.EXIT_OK
    assert "2025年度" in capsys.readouterr().out
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == "2021" and data["year"] == 2025 and data["auto_totals"] is True
    assert data["texts"]["overview"] == "2024年总体情况"
    assert data["values"]["requests.carried_in.research"] == 2
    assert "requests.carried_in.research" in data["carried"]
    assert data["previous"]["art20_1.normative.in_force"] == 12


def test_cli_carry_to_the_2019_format(tmp_path: Path) -> None:
    source, out = tmp_path / "2020.json", tmp_path / "2021.json"
    save_report(last_2019(), source)
    assert main.main(["carry", str(source), "-o", str(out), "--format", "2019"]) == main.EXIT_OK
    new = load_report(out)
    assert new.format.id == "2019" and new.values["art20_6.penalty.prev_items"] == 5
    assert new.texts["overview"] == ""


def test_cli_carry_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source, out = tmp_path / "2024.json", tmp_path / "2025.json"
    save_report(last_2021(), source)
    out.write_text("clerk's work", encoding="utf-8")
    assert main.main(["carry", str(source), "-o", str(out)]) == main.EXIT_UNREADABLE
    assert "--force" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "clerk's work"
    assert main.main(["carry", str(source), "-o", str(source), "--force"]) == main.EXIT_UNREADABLE
    assert "上年报告" in capsys.readouterr().err
    assert load_report(source).year == 2024
    assert main.main(["carry", str(source), "-o", str(out), "--force"]) == main.EXIT_OK
    assert load_report(out).year == 2025


def test_cli_carry_reports_a_broken_source(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source, out = tmp_path / "坏文件.json", tmp_path / "new.json"
    source.write_text("{", encoding="utf-8")
    assert main.main(["carry", str(source), "-o", str(out)]) == main.EXIT_UNREADABLE
    assert "文件内容已损坏" in capsys.readouterr().err
    assert not out.exists()


def test_last_years_texts_are_kept_for_the_repetition_check() -> None:
    last = last_2021()
    last.texts["overview"] = "共收到申请{{三、一·总计|requests.new.total}}件。"
    new = carry_forward(last)
    assert new.previous_texts == {"overview": f"共收到申请{last.values['requests.new.total']}件。",
                                  "problems": "存在的问题"}
    copied = carry_forward(last, copy_texts=True)
    assert copied.texts["overview"] == last.texts["overview"]  # the field now prints this year's number
    assert [f.rule for f in check(copied) if f.rule == "text_repeated"] == ["text_repeated", "text_repeated"]


def test_copied_texts_keep_only_fields_the_new_format_has() -> None:
    last = last_2019()
    last.set_value("art20_9.procurement.amount", Decimal("12.5"))
    last.texts["overview"] = "采购{{采购|art20_9.procurement.amount}}万元，收到申请{{申请|requests.new.total}}件。"
    new = carry_forward(last, copy_texts=True)
    assert new.format.id == "2021"
    assert new.texts["overview"] == "采购12.5万元，收到申请{{申请|requests.new.total}}件。"
    assert loads(dumps(new)).texts == new.texts


def test_the_chosen_unit_of_amounts_carries_into_the_same_format() -> None:
    last = last_2019()
    last.amount_unit = "元"
    assert carry_forward(last, "2019").amount_unit == "元"
    assert carry_forward(last).amount_unit == "万元"  # the 2021 format has no choice
