"""Project files: the loader's refusals (nothing on disk changes), atomic saves, exact round trips."""
from __future__ import annotations

import errno
import json
import os
import shutil
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from model.explanations import Explanation
from model.numbers import NOT_APPLICABLE
from model.report import Contribution, Report
from model.storage import ProjectError, dumps, load_report, loads, save_error_message, save_report

from conftest import DEMO_EXAMPLE, FORMATS, SEED_EXAMPLE, made_up_report

BASE: dict[str, Any] = {"app": "nianbao", "schema": 1, "format": "2021", "unit": "某某区文化和旅游局", "year": 2025}
FORMAT_2021 = "2021年版（国办公开办函〔2021〕30号）"
FEES = "“第二十条第（八）项 · 行政事业性收费 · 本年收费金额（单位：万元）”"
INVALID_AMOUNT = "金额“{}”无效（应为非负数，最多六位小数）"


def with_(**changes: Any) -> str:
    return json.dumps({**BASE, **changes}, ensure_ascii=False)


REFUSED = [
    ("malformed JSON", '{"app": "nianbao", "schema": 1,', "文件内容已损坏（第 1 行第 32 列），不是年报助手能读取的项目文件"),
    ("empty file", "", "文件内容已损坏（第 1 行第 1 列），不是年报助手能读取的项目文件"),
    ("JSON list", "[1, 2]", "这不是年报助手的项目文件"),
    ("another program's JSON", '{"name": "my-package", "version": "1.0.0"}', "这不是年报助手的项目文件"),
    ("another app's marker", with_(app="excel"), "这不是年报助手的项目文件"),
    ("newer schema", with_(schema=2), "此文件由更新版本的年报助手保存（文件版本 2），请升级本程序后再打开"),
    ("schema as text", with_(schema="1"), "无法识别的文件版本（\"1\"）"),
    ("schema zero", with_(schema=0), "无法识别的文件版本（0）"),
    ("no schema", json.dumps({k: v for k, v in BASE.items() if k != "schema"}), "无法识别的文件版本（缺失）"),
    ("unknown format", with_(format="2030"), f"未知的报告格式“2030”（支持：{'、'.join(FORMATS)}）"),
    ("format as number", with_(format=2021), "报告格式：无法识别"),
    ("unknown top-level key", with_(colour="red"), "文件中有本程序无法识别的内容（可能由更新版本的年报助手或其他程序保存）"),
    ("no unit", json.dumps({k: v for k, v in BASE.items() if k != "unit"}), "单位名称：缺失或不是文字"),
    ("year as text", with_(year="2025"), "报告年度：应为年份"),
    ("year out of range", with_(year=1900), "报告年度：年份 1900 不在 2000–2100 之间"),
    ("values not an object", with_(values=[1, 2]), "本年数据：内容的结构不对"),
    ("unknown cell key", with_(values={"requests.new.nobody": 1}), f"本年数据：有{FORMAT_2021}中没有的单元格"),
    ("cell of the other format", with_(values={"art20_9.procurement.amount": "1.00"}),
     f"本年数据：有{FORMAT_2021}中没有的单元格"),
    ("count as text", with_(values={"requests.new.person": "12"}), "本年数据中的“一 · 自然人”：应为整数"),
    ("count as float", with_(values={"requests.new.person": 1.5}), "本年数据中的“一 · 自然人”：应为整数"),
    ("count as bool", with_(values={"requests.new.person": True}), "本年数据中的“一 · 自然人”：应为整数"),
    ("negative count", with_(values={"requests.new.person": -3}), "本年数据中的“一 · 自然人”：不能为负数（-3）"),
    ("amount as number with seven decimals", with_(values={"art20_8.fees.amount": 1.5555555}),
     f"本年数据中的{FEES}：" + INVALID_AMOUNT.format("1.5555555")),
    ("amount with seven decimals", with_(values={"art20_8.fees.amount": "1.5555555"}),
     f"本年数据中的{FEES}：" + INVALID_AMOUNT.format("1.5555555")),
    ("negative amount as number", with_(values={"art20_8.fees.amount": -1.5}), f"本年数据中的{FEES}：" + INVALID_AMOUNT.format("-1.5")),
    ("amount as true", with_(values={"art20_8.fees.amount": True}),
     f"本年数据中的{FEES}：金额应为数字或文本形式的数字（如 \"1.50\"）"),
    ("amount NaN", '{"app": "nianbao", "schema": 1, "format": "2021", "unit": "甲", "year": 2025, '
                   '"values": {"art20_8.fees.amount": NaN}}', "文件内容已损坏：“NaN”不是有效的数字"),
    ("amount unit in the 2021 format", with_(amount_unit="元"), "金额单位：应为万元"),
    ("field naming no cell", with_(texts={"overview": "收到申请{{某|requests.new.nobody}}件"}),
     "“一、总体情况”中有一个表格数字指向2021年版（国办公开办函〔2021〕30号）中没有的单元格，请删除它或改为数字"),
    ("explanation key without anchor", with_(explanations={"carry_over@": "…"}), "说明：有一条说明的标识无效"),
    ("explanation as number", with_(explanations={"carry_over@requests.carried_in.person": 3}), "说明：内容的结构不对"),
    ("explanation figures not text", with_(explanations={"carry_over@requests.carried_in.person": {"text": "x", "figures": {"a": 1}}}),
     "说明：所依据的数字记录有误"),
    ("previous text of no section", with_(previous_texts={"summary": "…"}), "上年文字部分：有本格式没有的部分"),
    ("negative amount", with_(values={"art20_8.fees.amount": "-1.00"}), f"本年数据中的{FEES}：" + INVALID_AMOUNT.format("-1.00")),
    ("negative previous", with_(previous={"requests.carried_out.person": -2}), "上年数据中的“四 · 自然人”：不能为负数（-2）"),
    ("unknown text section", with_(texts={"summary": "…"}), "文字部分：有本格式没有的部分"),
    ("text not text", with_(texts={"overview": 3}), "一、总体情况：应为文字"),
    ("explanation for an unknown rule", with_(explanations={"items_continuity": "…"}), "说明：有本格式没有的校验规则"),
    ("auto_totals as text", with_(auto_totals="yes"), "自动计算合计：设置无效"),
    ("carried not a list", with_(carried="requests.new.person"), "结转标记：内容的结构不对"),
    ("merged_from without unit", with_(merged_from=[{"values": {}}]), "各单位数据第 1 项：缺少单位名称"),
    ("issued not a date", with_(issued="2026-02-30"), "成文日期：不是有效的日期（2026-02-30）"),
    ("issued as a number", with_(issued=20260120), "成文日期：应为日期"),
    ("intro not text", with_(intro=["引言"]), "引言：应为文字"),
]


@pytest.mark.parametrize("content, message", [(c, m) for _, c, m in REFUSED], ids=[n for n, _, _ in REFUSED])
def test_loader_refuses_naming_the_place_and_changes_nothing(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "报告.json"
    path.write_text(content, encoding="utf-8")
    before = path.read_bytes()
    stat_before = path.stat()
    with pytest.raises(ProjectError) as caught:
        load_report(path)
    assert str(caught.value) == message
    assert path.read_bytes() == before
    assert path.stat().st_mtime_ns == stat_before.st_mtime_ns
    assert os.listdir(tmp_path) == ["报告.json"]


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "没有.json"
    with pytest.raises(ProjectError, match=f"^找不到文件：{path}$"):
        load_report(path)
    assert not path.exists()


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="^这是一个文件夹，不是项目文件："):
        load_report(tmp_path)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "gbk.json"
    path.write_bytes(with_(unit="南开区").encode("gbk"))
    with pytest.raises(ProjectError, match="^文件的文字编码不对（可能被其他程序以别的编码另存过），年报助手无法读取$"):
        load_report(path)


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + with_().encode("utf-8"))
    assert load_report(path).unit == "某某区文化和旅游局"


def test_minimal_file_gives_a_blank_report() -> None:
    report = loads(with_())
    assert report.values == {} and report.previous == {} and report.explanations == {}
    assert report.texts == {"overview": "", "problems": "", "other": ""}
    assert report.auto_totals is False  # absent means false: totals stay as given


# --- atomic save -----------------------------------------------------------------------------

def _old_file(tmp_path: Path) -> tuple[Path, bytes]:
    path = Path(shutil.copy(DEMO_EXAMPLE, tmp_path / "demo.json"))
    return path, path.read_bytes()


def _changed() -> Report:
    report = load_report(DEMO_EXAMPLE)
    report.texts["overview"] = "改过的总体情况"
    report.set_value("requests.new.person", 999)
    return report


def _raise_no_space(*_args: Any) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("target", ["fsync", "replace"])
def test_a_failure_mid_save_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str) -> None:
    path, before = _old_file(tmp_path)
    monkeypatch.setattr(os, target, _raise_no_space)
    with pytest.raises(ProjectError) as caught:
        save_report(_changed(), path)
    assert str(caught.value) == f"磁盘空间不足，无法保存到 {path}。原文件未受影响，请清理磁盘或“另存为”到其他位置。"
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["demo.json"]  # no temporary file left behind


class _HalfWriter:
    """A file object that writes half the data, then fails like a full disk."""

    def __init__(self, real: Any) -> None:
        self.real = real

    def __enter__(self) -> "_HalfWriter":
        return self

    def __exit__(self, *exc: object) -> None:
        self.real.close()

    def fileno(self) -> int:
        return self.real.fileno()

    def write(self, data: bytes) -> int:
        self.real.write(data[: len(data) // 2])
        self.real.flush()
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_write_failing_halfway_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, before = _old_file(tmp_path)
    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda fd, mode: _HalfWriter(real_fdopen(fd, mode)))
    with pytest.raises(ProjectError, match="^磁盘空间不足"):
        save_report(_changed(), path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["demo.json"]


def test_an_interrupted_save_cleans_up_and_reraises(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, before = _old_file(tmp_path)

    def interrupt(_fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        save_report(_changed(), path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["demo.json"]


def test_save_into_a_missing_folder(tmp_path: Path) -> None:
    path = tmp_path / "不存在" / "报告.json"
    with pytest.raises(ProjectError, match=f"^文件夹 {path.parent} 不存在，无法保存。$"):
        save_report(_changed(), path)


@pytest.mark.skipif(sys.platform == "win32", reason="permission bits are POSIX")
def test_save_replaces_the_file_and_keeps_its_permissions(tmp_path: Path) -> None:
    path, _ = _old_file(tmp_path)
    os.chmod(path, 0o640)
    save_report(_changed(), path)
    assert load_report(path).values["requests.new.person"] == 999
    assert path.stat().st_mode & 0o777 == 0o640
    assert os.listdir(tmp_path) == ["demo.json"]


@pytest.mark.parametrize("code, winerror, start", [
    (errno.ENOSPC, None, "磁盘空间不足"),
    (errno.EACCES, None, "没有权限写入"),
    (errno.EROFS, None, "没有权限写入"),
    (errno.EACCES, 32, "文件“报告.json”正被其他程序占用（例如 WPS、Excel、杀毒或同步软件）"),
    (errno.EIO, None, "无法保存到"),
])
def test_save_error_messages(code: int, winerror: int | None, start: str) -> None:
    exc = OSError(code, os.strerror(code))
    if winerror is not None:
        exc.winerror = winerror  # type: ignore[attr-defined]
    assert save_error_message(exc, Path("/某处/报告.json")).startswith(start)


# --- round trip ------------------------------------------------------------------------------

@pytest.mark.parametrize("example", [SEED_EXAMPLE, DEMO_EXAMPLE], ids=["seed", "demo"])
def test_examples_round_trip_byte_for_byte(tmp_path: Path, example: Path) -> None:
    path = tmp_path / "copy.json"
    save_report(load_report(example), path)
    assert path.read_bytes() == example.read_bytes()


@pytest.mark.parametrize("format_id", FORMATS)
def test_every_format_round_trips_exactly(format_id: str, tmp_path: Path) -> None:
    report = made_up_report(format_id)
    report.previous = dict(report.values)
    report.carried = set(list(report.values)[:3])
    report.explanations = {f"{report.format.relations[0].rule}@*": Explanation("说明"),
                           "text_empty@overview": Explanation("见附件", {"字数": "0"})}
    report.merged_from = [Contribution("甲局", "甲.json", dict(report.values))]
    path = tmp_path / "report.json"
    written = save_report(report, path)
    again = load_report(path)
    assert (again.format.id, again.unit, again.year, again.texts, again.values, again.previous, again.carried,
            again.explanations, again.auto_totals) == (
        format_id, report.unit, report.year, report.texts, report.values, report.previous, report.carried,
        report.explanations, report.auto_totals)
    assert again.merged_from == report.merged_from
    assert save_report(again, path).digest == written.digest  # the same bytes


def test_round_trip_keeps_everything_exactly(tmp_path: Path) -> None:
    report = Report.blank("2019", "南开区文化和旅游局", 2020, auto_totals=False)
    report.texts = {"overview": "第一段\n“引号”、<尖括号> & 符号\n\n  缩进", "problems": "=SUM(A1)", "other": "无"}
    report.values.update({
        "art20_9.procurement.amount": Decimal("1.50"),
        "art20_9.procurement.projects": NOT_APPLICABLE,
        "art20_6.penalty.change": -5,
        "art20_6.penalty.prev_items": 10,
        "requests.new.person": 0,
    })
    report.explanations = {
        "other_explained@requests.other.person": Explanation("按市政府要求说明：申请人撤回。", {"requests.other.person": "2"}),
        "carry_over@requests.carried_in.total": Explanation("上年数据更正"),
        "text_figures@overview/requests_new": Explanation("含上年结转", {"文中": "29", "表中": "30"}),
    }
    report.amount_unit = "元"
    report.previous_texts = {"overview": "上年的总体情况", "other": "无"}
    report.previous = {"requests.carried_out.person": 1, "art20_9.procurement.amount": Decimal("0.5")}
    report.auto_totals = True
    report.carried = {"requests.carried_in.person"}
    report.merged_from = [Contribution("甲单位", "甲.json", {"requests.new.person": 2})]
    path = tmp_path / "r.json"
    save_report(report, path)
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["values"]["art20_9.procurement.amount"] == "1.50"
    assert data["values"]["art20_9.procurement.projects"] == "/"
    assert data["previous"]["art20_9.procurement.amount"] == "0.5"
    assert "requests.new.person" in data["values"]  # 0 is not blank
    assert "art20_5.licensing.change" not in data["values"]  # blank is absent
    again = load_report(path)
    assert again.values == report.values
    assert {k: type(v) for k, v in again.values.items()} == {k: type(v) for k, v in report.values.items()}
    assert str(again.values["art20_9.procurement.amount"]) == "1.50"
    assert again.texts == report.texts
    assert again.explanations == report.explanations
    assert again.previous == report.previous and str(again.previous["art20_9.procurement.amount"]) == "0.5"
    assert again.auto_totals is True
    assert again.amount_unit == "元" and data["amount_unit"] == "元"
    assert again.previous_texts == report.previous_texts
    assert data["explanations"]["carry_over@requests.carried_in.total"] == "上年数据更正"
    assert data["explanations"]["text_figures@overview/requests_new"] == {
        "text": "含上年结转", "figures": {"文中": "29", "表中": "30"}}
    assert again.carried == report.carried
    assert again.merged_from == report.merged_from
    assert (again.unit, again.year, again.format.id) == ("南开区文化和旅游局", 2020, "2019")
    assert dumps(again) == text


def test_seed_example_carries_the_published_report() -> None:
    """resources/examples/nankai-2020.json is the seed report: its text and every figure it
    gives (第二十条第（六）项 行政处罚 10, -5, 5); the cells the seed leaves blank stay blank."""
    report = load_report(SEED_EXAMPLE)
    assert (report.format.id, report.unit, report.year, report.auto_totals) == ("2019", "南开区文化和旅游局", 2020, False)
    assert report.values == {"art20_6.penalty.prev_items": 10, "art20_6.penalty.change": -5,
                             "art20_6.penalty.decisions": 5}
    assert report.previous == {} and report.explanations == {}
    overview = report.texts["overview"].split("\n")
    assert overview[0].startswith("2020年，在区委、区政府的坚强领导下，我局深入贯彻《中华人民共和国政府信息公开条例》")
    assert overview[1::2] == ["（一）强化组织领导", "（二）规范公开内容", "（三）丰富公开形式"]
    assert overview[-1].endswith("“南开文旅争创文”专栏，截至目前推送相关微信75条。")
    assert report.texts["problems"] == ("存在问题：部分政务微信号、政务微博的信息内容和形式比较单一、订阅量小、关注量少。\n"
                                        "整改措施：以数据共享互通提升政府信息公开效率，确保公民知情权。")
    assert report.texts["other"] == "无"


def test_a_save_sweeps_temporaries_left_by_a_killed_save(demo_file: Path) -> None:
    """Old leftovers of exactly our pattern go; a fresh one (a save in progress) and others stay."""
    folder = demo_file.parent
    stale = folder / f".{demo_file.name}.k3j9x0qa.tmp"
    fresh = folder / f".{demo_file.name}.p2m8z7wd.tmp"
    unrelated = folder / f".{demo_file.name}.backup.tmp"
    for leftover in (stale, fresh, unrelated):
        leftover.write_text("{", encoding="utf-8")
    an_hour_ago = time.time() - 3600
    for old in (stale, unrelated):
        os.utime(old, (an_hour_ago, an_hour_ago))
    save_report(load_report(demo_file), demo_file)
    assert not stale.exists()
    assert fresh.exists() and unrelated.exists()
    assert sorted(p.name for p in folder.iterdir() if p.suffix == ".tmp") == sorted([fresh.name, unrelated.name])


def test_issue_date_and_intro_round_trip_and_are_absent_when_unset() -> None:
    from datetime import date
    report = loads(with_())
    assert report.issued is None and report.intro == ""
    assert report.issue_date() == date.today()
    assert "issued" not in dumps(report) and "intro" not in dumps(report)
    report.issued, report.intro = date(2026, 1, 20), "本报告根据……编制。\n第二段。"
    again = loads(dumps(report))
    assert again.issued == date(2026, 1, 20) and again.intro == report.intro
    assert json.loads(dumps(report))["issued"] == "2026-01-20"


def test_the_intro_is_cleaned_on_load_like_the_other_texts() -> None:
    from model.storage import report_from_json
    from model.text import REPLACEMENT
    notes: list[str] = []
    report = report_from_json(json.loads(with_(intro="引言\ud83d结束\r\n第二段。")), notes)
    assert report.intro == f"引言{REPLACEMENT}结束\n第二段。"
    assert notes == [f"“引言”中有 1 个无效字符（如残缺的表情符号），已替换为“{REPLACEMENT}”"]
    assert loads(dumps(report).encode("utf-8").decode("utf-8")).intro == report.intro  # savable
