"""汇总: sums of many units' reports, refusals, cancelling, and the merge command."""
from __future__ import annotations

import importlib.util
import json
import random
from decimal import Decimal
from pathlib import Path

import pytest

import main
from model.formats import load_format
from model.merge import (MergeCancelled, MergeError, contributions_with_errors, merge_files, merge_reports,
                         repeated_units)
from model.numbers import MAX_COUNT
from model.report import Report
from model.rules import check
from model.storage import load_report, save_report

from conftest import FORMATS, ROOT


def _benchmark():
    spec = importlib.util.spec_from_file_location("merge_benchmark", ROOT / "benchmarks" / "merge.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def unit_report(unit: str, values: dict[str, object], format_id: str = "2021", year: int = 2025) -> Report:
    report = Report(load_format(format_id), unit, year)
    for key, value in values.items():
        report.set_value(key, Decimal(value) if isinstance(value, str) and value != "/" else value)  # type: ignore[arg-type]
    return report


def errors(report: Report) -> list:
    return [f for f in check(report) if f.severity == "error"]


# --- sums -------------------------------------------------------------------------------


def test_counts_amounts_signed_not_applicable_and_blanks() -> None:
    a = unit_report("甲局", {"requests.new.person": 3, "art20_8.fees.amount": "0.10",
                            "art20_5.licensing.decisions": "/", "art20_6.penalty.decisions": "/",
                            "appeals.cases.review_upheld": 1})
    b = unit_report("乙局", {"requests.new.person": 4, "art20_8.fees.amount": "0.20",
                            "art20_5.licensing.decisions": 5, "art20_6.penalty.decisions": "/"})
    c = unit_report("丙局", {"art20_8.fees.amount": "1234.56"})
    merged = merge_reports([(Path("甲.json"), a), (Path("乙.json"), b), (Path("丙.json"), c)], "某区")
    assert merged.values["requests.new.person"] == 7
    assert merged.values["art20_8.fees.amount"] == Decimal("1234.86")
    assert isinstance(merged.values["art20_8.fees.amount"], Decimal)
    assert merged.values["art20_5.licensing.decisions"] == 5  # "/" counts as 0
    assert merged.values["art20_6.penalty.decisions"] == "/"  # "/" wherever given stays "/"
    assert merged.values["appeals.cases.review_upheld"] == 1
    assert "requests.new.business" not in merged.values  # blank in every report stays blank
    assert (merged.unit, merged.year, merged.format.id) == ("某区", 2025, "2021")


def test_signed_changes_add_up_in_the_2019_format() -> None:
    a = unit_report("甲局", {"art20_6.penalty.prev_items": 10, "art20_6.penalty.change": -5}, "2019", 2020)
    b = unit_report("乙局", {"art20_6.penalty.prev_items": 2, "art20_6.penalty.change": 1}, "2019", 2020)
    merged = merge_reports([(Path("a.json"), a), (Path("b.json"), b)], "某区")
    assert merged.values["art20_6.penalty.change"] == -4 and merged.values["art20_6.penalty.prev_items"] == 12


def test_merged_from_keeps_each_units_figures_and_file_name(tmp_path: Path) -> None:
    a = unit_report("甲局", {"requests.new.person": 3})
    b = unit_report("乙局", {"requests.new.person": 4, "art20_8.fees.amount": "1.50"})
    merged = merge_reports([(tmp_path / "甲 2025.json", a), (tmp_path / "乙 2025.json", b)], "某区")
    assert [(c.unit, c.file) for c in merged.merged_from] == [("甲局", "甲 2025.json"), ("乙局", "乙 2025.json")]
    assert merged.merged_from[1].values == {"requests.new.person": 4, "art20_8.fees.amount": Decimal("1.50")}
    a.set_value("requests.new.person", 99)
    assert merged.merged_from[0].values["requests.new.person"] == 3  # a copy, not the live report
    path = tmp_path / "总.json"
    save_report(merged, path)
    assert [c.unit for c in load_report(path).merged_from] == ["甲局", "乙局"]


@pytest.mark.parametrize("format_id", FORMATS)
def test_the_sum_of_consistent_reports_is_consistent_and_totals_are_sums(format_id: str) -> None:
    bench = _benchmark()
    rng = random.Random(7)
    parts = [bench.random_consistent_report(format_id, f"单位{i}", 2025, rng) for i in range(20)]
    assert all(errors(p) == [] for p in parts)
    merged = merge_reports([(Path(f"{i}.json"), p) for i, p in enumerate(parts)], "某市")
    assert errors(merged) == []
    assert merged.auto_totals
    assert merged.values["requests.results_total.total"] == sum(p.values["requests.results_total.total"] for p in parts)
    assert contributions_with_errors(merged) == []


def test_a_units_own_error_is_kept_in_the_total_and_named() -> None:
    good = unit_report("甲局", {"appeals.cases.review_upheld": 1, "appeals.cases.review_total": 1})
    bad = unit_report("乙局", {"appeals.cases.review_upheld": 2, "appeals.cases.review_total": 3})
    merged = merge_reports([(Path("甲.json"), good), (Path("乙.json"), bad)], "某区")
    assert merged.values["appeals.cases.review_total"] == 4  # summed as published, not recomputed
    assert not merged.auto_totals
    assert [f.rule for f in errors(merged)] == ["appeals_total"]
    faulty = contributions_with_errors(merged)
    assert [(c.unit, [f.rule for f in found]) for c, found in faulty] == [("乙局", ["appeals_total"])]


def test_last_years_figures_are_summed_only_when_every_unit_has_them() -> None:
    a = unit_report("甲局", {"requests.carried_in.person": 1})
    a.previous = {"requests.carried_out.person": 1}
    b = unit_report("乙局", {"requests.carried_in.person": 2})
    b.previous = {"requests.carried_out.person": 2, "requests.carried_out.legal": 1}
    merged = merge_reports([(Path("a.json"), a), (Path("b.json"), b)], "某区")
    assert merged.previous == {"requests.carried_out.person": 3, "requests.carried_out.legal": 1}
    c = unit_report("丙局", {"requests.carried_in.person": 5})
    merged = merge_reports([(Path("a.json"), a), (Path("b.json"), b), (Path("c.json"), c)], "某区")
    assert merged.previous == {}
    assert not [f for f in check(merged) if f.rule == "carry_over"]


# --- refusals ---------------------------------------------------------------------------


def test_mixed_formats_are_refused_naming_the_files() -> None:
    a, b = unit_report("甲局", {}), unit_report("乙局", {})
    old = unit_report("丙局", {}, "2019", 2025)
    with pytest.raises(MergeError) as caught:
        merge_reports([(Path("甲.json"), a), (Path("丙.json"), old), (Path("乙.json"), b)], "某区")
    message = str(caught.value)
    assert "同一格式、同一年度" in message and "甲.json、乙.json" in message and "丙.json" in message
    assert "2019年版" in message
    assert caught.value.files == (Path("丙.json"),)


def test_mixed_years_are_refused_naming_the_files() -> None:
    a, b = unit_report("甲局", {}, year=2024), unit_report("乙局", {}, year=2025)
    with pytest.raises(MergeError, match="2024年度：甲.json") as caught:
        merge_reports([(Path("甲.json"), a), (Path("乙.json"), b)], "某区")
    assert "2025年度：乙.json" in str(caught.value)


def test_the_same_file_twice_and_nothing_at_all_are_refused() -> None:
    a = unit_report("甲局", {"requests.new.person": 1})
    with pytest.raises(MergeError, match="两次：甲.json"):
        merge_reports([(Path("d/甲.json"), a), (Path("d/../d/甲.json"), a)], "某区")
    with pytest.raises(MergeError, match="没有选择"):
        merge_reports([], "某区")


def test_a_sum_too_large_for_a_project_file_is_refused() -> None:
    a = unit_report("甲局", {"requests.new.person": MAX_COUNT})
    b = unit_report("乙局", {"requests.new.person": 1})
    with pytest.raises(MergeError, match="最大值"):
        merge_reports([(Path("a.json"), a), (Path("b.json"), b)], "某区")


def test_files_that_fail_to_load_are_named_with_the_reason(tmp_path: Path) -> None:
    good = tmp_path / "甲.json"
    save_report(unit_report("甲局", {"requests.new.person": 1}), good)
    broken, foreign = tmp_path / "乙.json", tmp_path / "丙.json"
    broken.write_text('{"app": "nianbao"', encoding="utf-8")
    foreign.write_text('{"hello": 1}', encoding="utf-8")
    with pytest.raises(MergeError) as caught:
        merge_files([good, broken, foreign, tmp_path / "丁.json"], "某区")
    message = str(caught.value)
    assert "3 个文件无法读取" in message
    assert "乙.json：文件内容已损坏" in message and "丙.json：这不是年报助手的项目文件" in message
    assert "丁.json：找不到文件" in message
    assert caught.value.files == (broken, foreign, tmp_path / "丁.json")


def test_merge_files_adds_up_saved_reports(tmp_path: Path) -> None:
    paths = []
    for i in range(3):
        path = tmp_path / f"{i}.json"
        save_report(unit_report(f"单位{i}", {"requests.new.person": i + 1, "art20_8.fees.amount": "0.01"}), path)
        paths.append(path)
    merged = merge_files(paths, "某区")
    assert merged.values["requests.new.person"] == 6 and merged.values["art20_8.fees.amount"] == Decimal("0.03")


# --- progress and cancelling ----------------------------------------------------------------


def test_progress_counts_every_report_and_can_cancel(tmp_path: Path) -> None:
    paths = []
    for i in range(4):
        paths.append(tmp_path / f"{i}.json")
        save_report(unit_report(f"单位{i}", {"requests.new.person": 1}), paths[-1])
    seen: list[tuple[int, int]] = []
    merge_files(paths, "某区", lambda done, total: seen.append((done, total)) or True)
    assert seen == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]
    seen.clear()
    with pytest.raises(MergeCancelled):
        merge_files(paths, "某区", lambda done, total: seen.append((done, total)) or done < 2)
    assert seen[-1] == (2, 4)
    reports = [(p, load_report(p)) for p in paths]
    with pytest.raises(MergeCancelled):
        merge_reports(reports, "某区", lambda done, total: False)


# --- command line -----------------------------------------------------------------------


def saved(tmp_path: Path, name: str, report: Report) -> str:
    path = tmp_path / name
    save_report(report, path)
    return str(path)


def test_cli_merge_writes_the_total_with_its_units(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bench = _benchmark()
    rng = random.Random(3)
    files = [saved(tmp_path, f"单位{i}.json", bench.random_consistent_report("2021", f"单位{i}", 2025, rng))
             for i in range(3)]
    out = tmp_path / "总.json"
    assert main.main(["merge", *files, "-o", str(out), "--unit", "某区政府办"]) == main.EXIT_OK
    printed = capsys.readouterr().out
    assert "已汇总 3 个单位" in printed and "汇总结果校验" in printed and "本身有错误" not in printed
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["unit"] == "某区政府办"
    assert [(c["unit"], c["file"]) for c in data["merged_from"]] == [(f"单位{i}", f"单位{i}.json") for i in range(3)]
    assert data["values"]["requests.new.total"] == sum(
        load_report(f).values["requests.new.total"] for f in files)


def test_cli_merge_lists_units_with_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = saved(tmp_path, "甲.json", unit_report("甲局", {"appeals.cases.review_total": 0}))
    bad = saved(tmp_path, "乙.json", unit_report("乙局", {"appeals.cases.review_total": 3}))
    out = tmp_path / "总.json"
    assert main.main(["merge", good, bad, "-o", str(out), "--unit", "某区"]) == main.EXIT_FINDINGS
    printed = capsys.readouterr().out
    assert "1 处错误" in printed and "注意" not in printed
    assert "以下 1 个单位的报告本身有错误" in printed and "乙局（乙.json）" in printed and "甲局" not in printed
    assert load_report(out).values["appeals.cases.review_total"] == 3


def test_cli_merge_refusals_write_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = saved(tmp_path, "甲.json", unit_report("甲局", {}))
    old = saved(tmp_path, "乙.json", unit_report("乙局", {}, "2019", 2020))
    out = tmp_path / "总.json"
    assert main.main(["merge", a, old, "-o", str(out), "--unit", "某区"]) == main.EXIT_UNREADABLE
    assert "乙.json" in capsys.readouterr().err and not out.exists()
    assert main.main(["merge", a, "-o", a, "--unit", "某区", "--force"]) == main.EXIT_UNREADABLE
    assert "参与汇总的报告本身" in capsys.readouterr().err
    out.write_text("keep", encoding="utf-8")
    assert main.main(["merge", a, "-o", str(out), "--unit", "某区"]) == main.EXIT_UNREADABLE
    assert out.read_text(encoding="utf-8") == "keep"
    assert main.main(["merge", a, "-o", str(out), "--unit", "某区", "--force"]) == main.EXIT_OK
    assert main.main(["merge", a, "-o", str(out), "--unit", " ", "--force"]) == main.EXIT_UNREADABLE


def test_a_unit_given_twice_is_pointed_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = saved(tmp_path, "甲.json", unit_report("甲局", {"art20_5.licensing.decisions": 1}))
    copy = saved(tmp_path, "甲 (1).json", unit_report("甲局", {"art20_5.licensing.decisions": 1}))
    b = saved(tmp_path, "乙.json", unit_report("乙局", {}))
    assert repeated_units(merge_files([a, copy, b], "某区")) == {"甲局": ["甲.json", "甲 (1).json"]}
    assert main.main(["merge", a, copy, b, "-o", str(tmp_path / "总.json"), "--unit", "某区"]) == main.EXIT_OK
    assert "“甲局”出现在 2 个文件中（甲.json、甲 (1).json）" in capsys.readouterr().out


def test_every_refusal_is_told_at_once(tmp_path: Path) -> None:
    good, other, odd = tmp_path / "甲.json", tmp_path / "乙.json", tmp_path / "丙.json"
    save_report(unit_report("甲局", {}), good)
    save_report(unit_report("乙局", {}), other)
    save_report(unit_report("丙局", {}, "2019", 2020), odd)
    broken = tmp_path / "坏.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(MergeError) as caught:
        merge_files([good, broken, odd, other], "某区")
    message = str(caught.value)
    assert "有 1 个文件无法读取" in message and "坏.json" in message  # today only this part is told
    assert "只能汇总同一格式、同一年度的报告" in message and "2019年版 · 2020年度：丙.json" in message
    assert set(caught.value.files) == {broken, odd}


def test_units_explanations_are_carried_into_the_total_under_their_names() -> None:
    from model.explanations import Explanation, written_for

    def explained(unit: str, values: dict[str, object], text: str) -> Report:
        report = unit_report(unit, values)
        [finding] = [f for f in check(report) if f.rule == "other_explained"]
        report.explanations = {finding.key: written_for(finding, text), "carry_over@*": Explanation("旧说明")}
        return report

    a = explained("甲局", {"requests.other_misc.person": 1}, "申请人撤回")
    c = explained("丙局", {"requests.other_misc.person": 2}, "逾期未补正\n已告知")
    merged = merge_reports([(Path("a.json"), a), (Path("b.json"), unit_report("乙局", {})), (Path("c.json"), c)],
                           "某区")
    [finding] = [f for f in check(merged) if f.rule == "other_explained"]
    assert merged.explanations[finding.key].text == "甲局：申请人撤回\n丙局：逾期未补正\n已告知"
    assert finding.explained and not finding.stale  # written for the total's figures
    assert merged.explanations["carry_over@*"] == Explanation("甲局：旧说明\n丙局：旧说明")  # kept as written


def test_each_units_share_of_a_cell_in_a_total() -> None:
    from model.merge import share_text
    a = unit_report("甲局", {"requests.new.person": 3})
    b = unit_report("乙局", {"requests.new.person": "/"})
    merged = merge_reports([(Path("a.json"), a), (Path("b.json"), b), (Path("c.json"), unit_report("丙局", {}))], "某区")
    assert share_text(merged, "requests.new.person") == "各单位：甲局 3、乙局 /、丙局 空白"
    assert share_text(merged, "requests.new.person", limit=2) == "各单位：甲局 3、乙局 / 等 3 个单位"
    assert share_text(a, "requests.new.person") is None  # not a total


def test_amounts_in_different_units_are_not_added(tmp_path: Path) -> None:
    """2019 采购总金额: one unit reports in 万元, another in 元; adding them would be nonsense."""
    a = unit_report("甲局", {"art20_9.procurement.amount": "12.5"}, "2019", 2020)
    b = unit_report("乙局", {"art20_9.procurement.amount": "350000"}, "2019", 2020)
    c = unit_report("丙局", {"art20_9.procurement.amount": "3.25"}, "2019", 2020)
    b.amount_unit = "元"
    with pytest.raises(MergeError) as caught:
        merge_reports([(Path("甲.json"), a), (Path("乙.json"), b), (Path("丙.json"), c)], "汇总")
    assert str(caught.value) == ("所选报告的金额单位不一致（报告属性中的“金额单位”），不能直接相加，请统一后再汇总：\n"
                                 "  万元：甲.json、丙.json\n  元：乙.json")
    assert caught.value.files == (Path("乙.json"),)
    b.amount_unit = "万元"
    b.set_value("art20_9.procurement.amount", Decimal("35"))
    merged = merge_reports([(Path("甲.json"), a), (Path("乙.json"), b), (Path("丙.json"), c)], "汇总")
    assert merged.values["art20_9.procurement.amount"] == Decimal("50.75") and merged.amount_unit == "万元"
    for report in (a, b, c):
        report.amount_unit = "元"
    assert merge_reports([(Path("甲.json"), a), (Path("乙.json"), b), (Path("丙.json"), c)], "汇总").amount_unit == "元"


def test_a_workbook_naming_no_year_takes_the_year_the_other_files_name(tmp_path: Path) -> None:
    """Wherever it is listed (also first); only when no file names a year is it refused."""
    from import_samples import yearless_workbook
    from model.merge import NO_YEAR, Listing
    demo = load_report(ROOT / "resources" / "examples" / "demo-2025.json")
    sheet = yearless_workbook(demo, tmp_path / "乙局.xlsx")
    save_report(demo, tmp_path / "甲局.json")
    merged = merge_files([sheet, tmp_path / "甲局.json"], "某区")
    assert merged.year == 2025 and merged.values["requests.new.total"] == 2 * demo.values["requests.new.total"]  # type: ignore[operator]
    with pytest.raises(MergeError) as refused:
        merge_files([sheet], "某区")
    assert NO_YEAR in str(refused.value) and refused.value.files == (sheet,)
    listing = Listing()
    listing.add(sheet, "2021", None, "万元")
    listing.add(tmp_path / "a.json", "2021", 2024, "万元")
    listing.add(tmp_path / "b.json", "2021", 2025, "万元")
    listing.add(tmp_path / "c.json", "2021", 2025, "万元")
    assert listing.year() == 2025
    assert listing.refusals() == {tmp_path / "a.json": "格式或年度与其他文件不同（2021年版 · 2024年度）"}
