"""The official formats, label by label, against FORMATS.md; what every format must be; and
the definition validator.

The expected labels below are copied from FORMATS.md (the official text), not from the
JSON files, so a typo in resources/formats/*.json fails here. Tests of what every format must
be run over every format shipped (FORMATS), so a new official format is tested as it is added.
"""
from __future__ import annotations

import copy
import json
from typing import Any, Callable

import pytest

from model.formats import (CELL_KINDS, FORMATS_DIR, Format, FormatError, Node, format_for_year, latest_format_id,
                           load_format, parse_format)

from conftest import FORMATS

SECTIONS = [
    ("overview", "一", "总体情况", "text"),
    ("proactive", "二", "主动公开政府信息情况", "tables"),
    ("requests", "三", "收到和处理政府信息公开申请情况", "tables"),
    ("appeals", "四", "政府信息公开行政复议、行政诉讼情况", "tables"),
    ("problems", "五", "存在的主要问题及改进情况", "text"),
    ("other", "六", "其他需要报告的事项", "text"),
]

ART20 = {
    "2021": {
        "art20_1": ("第二十条第（一）项", [("regulations", "规章"), ("normative", "行政规范性文件")],
                    [("issued", "本年制发件数"), ("repealed", "本年废止件数"), ("in_force", "现行有效件数")]),
        "art20_5": ("第二十条第（五）项", [("licensing", "行政许可")], [("decisions", "本年处理决定数量")]),
        "art20_6": ("第二十条第（六）项", [("penalty", "行政处罚"), ("coercion", "行政强制")],
                    [("decisions", "本年处理决定数量")]),
        "art20_8": ("第二十条第（八）项", [("fees", "行政事业性收费")], [("amount", "本年收费金额（单位：万元）")]),
    },
    "2019": {
        "art20_1": ("第二十条第（一）项", [("regulations", "规章"), ("normative", "规范性文件")],
                    [("made", "本年新制作数量"), ("published", "本年新公开数量"), ("total_published", "对外公开总数量")]),
        "art20_5": ("第二十条第（五）项", [("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")],
                    [("prev_items", "上一年项目数量"), ("change", "本年增/减"), ("decisions", "处理决定数量")]),
        "art20_6": ("第二十条第（六）项", [("penalty", "行政处罚"), ("coercion", "行政强制")],
                    [("prev_items", "上一年项目数量"), ("change", "本年增/减"), ("decisions", "处理决定数量")]),
        "art20_8": ("第二十条第（八）项", [("fees", "行政事业性收费")],
                    [("prev_items", "上一年项目数量"), ("change", "本年增/减")]),
        "art20_9": ("第二十条第（九）项", [("procurement", "政府集中采购")],
                    [("projects", "采购项目数量"), ("amount", "采购总金额")]),
    },
}

NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

REQUEST_COLUMNS = [  # (id, label, header path above it)
    ("person", "自然人", ("申请人情况",)),
    ("business", "商业企业", ("申请人情况", "法人或其他组织")),
    ("research", "科研机构", ("申请人情况", "法人或其他组织")),
    ("nonprofit", "社会公益组织", ("申请人情况", "法人或其他组织")),
    ("legal", "法律服务机构", ("申请人情况", "法人或其他组织")),
    ("other_org", "其他", ("申请人情况", "法人或其他组织")),
    ("total", "总计", ("申请人情况",)),
]

_R = "三、本年度办理结果"
_W, _U, _J, _O = "（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理"
REQUEST_ROWS_BEFORE_OTHER = [  # (id, label, label path above it)
    ("new", "一、本年新收政府信息公开申请数量", ()),
    ("carried_in", "二、上年结转政府信息公开申请数量", ()),
    ("granted", "（一）予以公开", (_R,)),
    ("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", (_R,)),
    ("withheld_secret", "1.属于国家秘密", (_R, _W)),
    ("withheld_law", "2.其他法律行政法规禁止公开", (_R, _W)),
    ("withheld_security", "3.危及“三安全一稳定”", (_R, _W)),
    ("withheld_third_party", "4.保护第三方合法权益", (_R, _W)),
    ("withheld_internal", "5.属于三类内部事务信息", (_R, _W)),
    ("withheld_process", "6.属于四类过程性信息", (_R, _W)),
    ("withheld_case_file", "7.属于行政执法案卷", (_R, _W)),
    ("withheld_inquiry", "8.属于行政查询事项", (_R, _W)),
    ("unavailable_not_held", "1.本机关不掌握相关政府信息", (_R, _U)),
    ("unavailable_to_create", "2.没有现成信息需要另行制作", (_R, _U)),
    ("unavailable_unclear", "3.补正后申请内容仍不明确", (_R, _U)),
    ("rejected_petition", "1.信访举报投诉类申请", (_R, _J)),
    ("rejected_duplicate", "2.重复申请", (_R, _J)),
    ("rejected_publication", "3.要求提供公开出版物", (_R, _J)),
    ("rejected_excessive", "4.无正当理由大量反复申请", (_R, _J)),
    ("rejected_confirmation", "5.要求行政机关确认或重新出具已获取信息", (_R, _J)),
]
REQUEST_OTHER = {
    "2019": [("other", "（六）其他处理", (_R,))],
    "2021": [
        ("other_no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", (_R, _O)),
        ("other_unpaid", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", (_R, _O)),
        ("other_misc", "3.其他", (_R, _O)),
    ],
}
REQUEST_ROWS_AFTER_OTHER = [
    ("results_total", "（七）总计", (_R,)),
    ("carried_out", "四、结转下年度继续办理", ()),
]

FIVE = [("upheld", "结果维持"), ("corrected", "结果纠正"), ("other", "其他结果"), ("pending", "尚未审结"), ("total", "总计")]
APPEAL_GROUPS = [("review", ("行政复议",)), ("direct", ("行政诉讼", "未经复议直接起诉")),
                 ("after_review", ("行政诉讼", "复议后起诉"))]
APPEAL_COLUMNS = [(f"{g}_{s}", label, path) for g, path in APPEAL_GROUPS for s, label in FIVE]

VERSIONS = ["2019", "2021"]  # the formats whose official text is copied above


def leaves_with_paths(nodes: tuple[Node, ...], path: tuple[str, ...] = ()) -> list[tuple[Node, tuple[str, ...]]]:
    found = []
    for node in nodes:
        if node.is_leaf:
            found.append((node, path))
        found.extend(leaves_with_paths(node.children, path + (node.label,)))
    return found


def test_both_versions_are_shipped_and_newer_formats_come_later() -> None:
    assert FORMATS[:len(VERSIONS)] == VERSIONS
    first_years = [load_format(f).first_year for f in FORMATS]
    assert first_years == sorted(set(first_years))
    assert latest_format_id() == FORMATS[-1]


@pytest.mark.parametrize("version", VERSIONS)
def test_sections_in_official_order(version: str) -> None:
    fmt = load_format(version)
    assert [(s.id, s.number, s.title, s.kind) for s in fmt.sections] == SECTIONS
    assert fmt.sections[2].heading == "三、收到和处理政府信息公开申请情况"
    assert fmt.section_of_table("requests").tables == ("requests",)
    assert fmt.section_of_table("appeals").tables == ("appeals",)
    assert fmt.section_of_table("art20_1").tables == tuple(ART20[version])


@pytest.mark.parametrize("version", VERSIONS)
def test_article_20_tables(version: str) -> None:
    fmt = load_format(version)
    for table_id, (heading, rows, columns) in ART20[version].items():
        table = fmt.tables[table_id]
        assert table.heading == heading
        assert table.corner == "信息内容"
        assert [(r.id, r.label) for r in table.rows] == rows
        assert all(r.is_leaf for r in table.rows)
        assert [(c.id, c.label) for c in table.columns] == columns
        for column in table.columns:
            expected = {"change": "signed", "amount": "amount"}.get(column.id, "count")
            assert column.kind == expected, f"{table_id}.{column.id}"


@pytest.mark.parametrize("version", VERSIONS)
def test_requests_table(version: str) -> None:
    table = load_format(version).tables["requests"]
    assert table.note == NOTE
    assert [(n.id, n.label, path) for n, path in leaves_with_paths(table.columns)] == REQUEST_COLUMNS
    assert all(n.kind == "count" for n in table.column_leaves())
    expected = REQUEST_ROWS_BEFORE_OTHER + REQUEST_OTHER[version] + REQUEST_ROWS_AFTER_OTHER
    assert [(n.id, n.label, path) for n, path in leaves_with_paths(table.rows)] == expected


@pytest.mark.parametrize("version", VERSIONS)
def test_appeals_table(version: str) -> None:
    table = load_format(version).tables["appeals"]
    assert [r.id for r in table.rows] == ["cases"]
    assert not table.row_labels
    assert [(n.id, n.label, path) for n, path in leaves_with_paths(table.columns)] == APPEAL_COLUMNS
    assert all(n.kind == "count" for n in table.column_leaves())


def _relations(fmt: Format, rule: str) -> list[tuple[str, str, str, list[str], list[str], bool]]:
    return [(r.severity, r.table, r.per, [("-" if t.sign < 0 else "") + ("previous:" if t.previous else "") + t.id
                                          for t in r.left],
             [("-" if t.sign < 0 else "") + ("previous:" if t.previous else "") + t.id for t in r.right], r.computes)
            for r in fmt.relations if r.rule == rule]


@pytest.mark.parametrize("version", VERSIONS)
def test_relations_common_to_both_versions(version: str) -> None:
    fmt = load_format(version)
    applicants = ["person", "business", "research", "nonprofit", "legal", "other_org"]
    other_rows = [row for row, _, _ in REQUEST_OTHER[version]]
    result_leaves = [row for row, _, path in REQUEST_ROWS_BEFORE_OTHER if path] + other_rows
    assert _relations(fmt, "requests_balance") == [
        ("error", "requests", "column", ["new", "carried_in"], ["results_total", "carried_out"], False)]
    assert _relations(fmt, "requests_row_total") == [("error", "requests", "row", ["total"], applicants, True)]
    assert _relations(fmt, "requests_results_total") == [
        ("error", "requests", "column", ["results_total"], result_leaves, True)]
    assert _relations(fmt, "appeals_total") == [
        ("error", "appeals", "row", [f"{g}_total"], [f"{g}_{s}" for s, _ in FIVE[:4]], True)
        for g, _ in APPEAL_GROUPS]
    assert _relations(fmt, "other_explained") == [("warning", "requests", "column", other_rows, [], False)]
    assert _relations(fmt, "carry_over") == [
        ("warning", "requests", "column", ["carried_in"], ["previous:carried_out"], False)]


def test_relations_of_2021_only() -> None:
    fmt = load_format("2021")
    assert _relations(fmt, "in_force_continuity") == [
        ("warning", "art20_1", "row", ["in_force"], ["previous:in_force", "issued", "-repealed"], False)]
    assert _relations(fmt, "items_nonnegative") == [] and _relations(fmt, "items_continuity") == []


def test_relations_of_2019_only() -> None:
    fmt = load_format("2019")
    item_tables = ["art20_5", "art20_6", "art20_8"]  # every table with both prev_items and change
    assert [t for t, table in fmt.tables.items()
            if {"prev_items", "change"} <= {c.id for c in table.column_leaves()}] == item_tables
    assert _relations(fmt, "items_nonnegative") == [
        ("error", t, "row", ["prev_items", "change"], [], False) for t in item_tables]
    assert _relations(fmt, "items_continuity") == [
        ("warning", t, "row", ["prev_items"], ["previous:prev_items", "previous:change"], False) for t in item_tables]
    assert _relations(fmt, "in_force_continuity") == []


def test_2021_guidance_names_what_section_one_covers() -> None:
    overview = load_format("2021").sections[0]
    for topic in ("主动公开", "依申请公开", "政府信息管理", "平台建设", "监督保障"):
        assert topic in overview.guidance
    assert "信息处理费" in load_format("2021").sections[5].guidance


@pytest.mark.parametrize("version", FORMATS)
def test_every_cell_has_one_key_and_a_kind(version: str) -> None:
    fmt = load_format(version)
    kinds = fmt.cell_kinds()
    assert len(kinds) == len(fmt.cell_keys()) == len(set(fmt.cell_keys()))
    assert set(kinds.values()) <= set(CELL_KINDS)
    for key in kinds:
        assert fmt.tables[key.split(".")[0]].cell_keys().count(key) == 1


@pytest.mark.parametrize("version", VERSIONS)
def test_cell_keys_and_kinds(version: str) -> None:
    fmt = load_format(version)
    kinds = fmt.cell_kinds()
    assert kinds["requests.new.person"] == "count"
    assert kinds["appeals.cases.after_review_total"] == "count"
    assert sum(1 for k in kinds if k.startswith("requests.")) == 7 * (23 if version == "2019" else 25)
    assert sum(1 for k in kinds if k.startswith("appeals.")) == 15
    if version == "2019":
        assert kinds["art20_5.licensing.change"] == "signed"
        assert kinds["art20_9.procurement.amount"] == "amount"
    else:
        assert kinds["art20_8.fees.amount"] == "amount"
        assert "signed" not in kinds.values()


@pytest.mark.parametrize("version", FORMATS)
def test_each_format_is_chosen_from_its_first_year(version: str) -> None:
    assert format_for_year(load_format(version).first_year) == version


def test_format_for_year() -> None:
    assert format_for_year(2019) == "2019"
    assert format_for_year(2020) == "2019"
    assert format_for_year(2021) == "2021"
    assert format_for_year(2030) == max((load_format(f).first_year, f) for f in FORMATS
                                        if load_format(f).first_year <= 2030)[1]


def test_unknown_format_is_refused_with_the_known_ones() -> None:
    with pytest.raises(FormatError) as caught:
        load_format("2030")
    assert str(caught.value) == f"未知的报告格式“2030”（支持：{'、'.join(FORMATS)}）"
    assert "（支持：2019、2021" in str(caught.value)


def test_describe_cell_names_table_row_and_column() -> None:
    fmt = load_format("2019")
    assert fmt.describe_cell("art20_6.penalty.change") == "第二十条第（六）项 · 行政处罚 · 本年增/减"
    assert fmt.describe_cell("appeals.cases.after_review_total") == "行政诉讼·复议后起诉·总计"
    assert fmt.describe_cell("requests.new.person") == "一 · 自然人"


# --- the validator ------------------------------------------------------------------------

def _raw() -> dict[str, Any]:
    return json.loads((FORMATS_DIR / "2021.json").read_text(encoding="utf-8"))


def _table(raw: dict[str, Any], table_id: str) -> dict[str, Any]:
    return next(t for t in raw["tables"] if t["id"] == table_id)


def _set(path: Callable[[dict[str, Any]], dict[str, Any]], key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(raw: dict[str, Any]) -> None:
        path(raw)[key] = value
    return change


def _drop(path: Callable[[dict[str, Any]], dict[str, Any]], key: str) -> Callable[[dict[str, Any]], None]:
    def change(raw: dict[str, Any]) -> None:
        del path(raw)[key]
    return change


def _art20_1(raw: dict[str, Any]) -> dict[str, Any]:
    return _table(raw, "art20_1")


def _first_row(raw: dict[str, Any]) -> dict[str, Any]:
    return _table(raw, "art20_1")["rows"][0]


def _first_column(raw: dict[str, Any]) -> dict[str, Any]:
    return _table(raw, "art20_1")["columns"][0]


def _balance(raw: dict[str, Any]) -> dict[str, Any]:
    return next(r for r in raw["relations"] if r["rule"] == "requests_balance")


def _row_total(raw: dict[str, Any]) -> dict[str, Any]:
    return next(r for r in raw["relations"] if r["rule"] == "requests_row_total")


def _explain(raw: dict[str, Any]) -> dict[str, Any]:
    return next(r for r in raw["relations"] if r["rule"] == "other_explained")


def _proactive(raw: dict[str, Any]) -> dict[str, Any]:
    return raw["sections"][1]


def _overview(raw: dict[str, Any]) -> dict[str, Any]:
    return raw["sections"][0]


def _root(raw: dict[str, Any]) -> dict[str, Any]:
    return raw


BROKEN = [
    ("not an object", lambda raw: raw.clear() or raw.update({"x": []}), "格式定义：未知的项“x”"),
    ("no tables", _drop(_root, "tables"), "格式定义：缺少“tables”"),
    ("first_year a string", _set(_root, "first_year", "2021"), "格式定义：“first_year”的类型不对"),
    ("typo in a row", lambda raw: _first_row(raw).update({"lable": "规章"}),
     "表格“art20_1”的行 “regulations”：未知的项“lable”"),
    ("row without label", _drop(_first_row, "label"), "表格“art20_1”的行 “regulations”：缺少“label”"),
    ("empty label", _set(_first_row, "label", " "), "表格“art20_1”的行 “regulations”：“label”不能为空"),
    ("label not text", _set(_first_row, "label", 5), "表格“art20_1”的行 “regulations”：“label”的类型不对"),
    ("cell kind on a row", _set(_first_row, "kind", "count"), "表格“art20_1”的行 “regulations”：单元格类型只能写在列上"),
    ("unknown cell kind", _set(_first_column, "kind", "money"),
     "表格“art20_1”的列 “issued”：单元格类型应为 count/signed/amount 之一"),
    ("column without kind", _drop(_first_column, "kind"),
     "表格“art20_1”的列 “issued”：单元格类型应为 count/signed/amount 之一"),
    ("group with kind", lambda raw: _table(raw, "requests")["columns"][0].update({"kind": "count"}),
     "表格“requests”的列 “applicant”：分组节点不能有单元格类型"),
    ("duplicate row id", _set(_first_row, "id", "normative"), "表格“art20_1”的行：标识“normative”重复"),
    ("non-ASCII id", _set(_first_row, "id", "规章"), "表格“art20_1”的行：标识“规章”应为 ASCII 字母、数字和下划线"),
    ("no rows", _set(_art20_1, "rows", []), "表格“art20_1”：行和列都不能为空"),
    ("row_labels not bool", _set(_art20_1, "row_labels", "no"), "表格“art20_1”：“row_labels”的类型不对"),
    ("duplicate table", lambda raw: raw["tables"].append(copy.deepcopy(raw["tables"][0])), "格式定义：表格标识重复"),
    ("section names a missing table", lambda raw: _proactive(raw)["tables"].append("art20_99"),
     "第 2 部分：表格“art20_99”不存在"),
    ("table in no section", lambda raw: _proactive(raw)["tables"].remove("art20_8"),
     "格式定义：每个表格应恰好属于一个部分（art20_8）"),
    ("text section with tables", _set(_overview, "tables", ["art20_1"]), "第 1 部分：文字部分不能有表格"),
    ("table section without tables", _set(_proactive, "tables", []), "第 2 部分：表格部分应列出表格"),
    ("unknown section kind", _set(_overview, "kind", "chart"), "第 1 部分：类型“chart”未知"),
    ("duplicate section id", _set(_proactive, "id", "overview"), "格式定义：部分标识重复"),
    ("unknown severity", _set(_balance, "severity", "fatal"), "关系第 4 条（requests_balance）：严重程度“fatal”未知"),
    ("unknown table", _set(_balance, "table", "nope"), "关系第 4 条（requests_balance）：表格“nope”不存在"),
    ("bad per", _set(_balance, "per", "cell"), "关系第 4 条（requests_balance）：“per”应为 row 或 column"),
    ("unknown relation kind", _set(_balance, "kind", "less"), "关系第 4 条（requests_balance）：关系类型“less”未知"),
    ("term not a row", lambda raw: _balance(raw)["left"].append("person"),
     "关系第 4 条（requests_balance）：“person”不是表格“requests”的行"),
    ("term not a column", lambda raw: _row_total(raw)["right"].append("new"),
     "关系第 2 条（requests_row_total）：“new”不是表格“requests”的列"),
    ("term not text", lambda raw: _balance(raw)["left"].append(3),
     "关系第 4 条（requests_balance）：“left”应为行或列标识的列表"),
    ("empty side", _set(_balance, "right", []), "关系第 4 条（requests_balance）：关系两边不能为空"),
    ("right side on a one-sided relation", _set(_explain, "right", ["new"]),
     "关系第 5 条（other_explained）：“explain”关系只有左边"),
    ("computing a difference", lambda raw: _row_total(raw)["right"].__setitem__(0, "-person"),
     "关系第 2 条（requests_row_total）：可自动计算的关系只能是“一个格 = 若干格之和”"),
    ("computes not bool", _set(_row_total, "computes", "yes"), "关系第 2 条（requests_row_total）：“computes”的类型不对"),
    ("describe with an unknown side", _set(_row_total, "describe", {"middle": "x"}),
     "关系第 2 条（requests_row_total）：“describe”只能有文本项 left 和 right"),
    ("relation without rule", _drop(_balance, "rule"), "关系第 4 条：缺少“rule”"),
    ("breaks that change the label", _set(_first_column, "breaks", "本年|制发|件"),
     "表格“art20_1”的列 “issued”：“breaks”应为标签本身，在可以换行处加“|”"),
    ("breaks with an empty word", _set(_first_column, "breaks", "本年||制发件数"),
     "表格“art20_1”的列 “issued”：“breaks”应为标签本身，在可以换行处加“|”"),
    ("breaks not text", _set(_first_column, "breaks", ["本年", "制发件数"]),
     "表格“art20_1”的列 “issued”：“breaks”的类型不对"),
    ("intro with an unknown field", _set(_root, "intro", "由{单位}编制"),
     "格式定义：“intro”只能使用 {unit}、{year}、{sections}"),
]


@pytest.mark.parametrize("version", FORMATS)
def test_the_shipped_definitions_pass_the_validator(version: str) -> None:
    raw = json.loads((FORMATS_DIR / f"{version}.json").read_text(encoding="utf-8"))
    assert parse_format(raw).id == version


@pytest.mark.parametrize("change, message", [(c, m) for _, c, m in BROKEN], ids=[n for n, _, _ in BROKEN])
def test_validator_refuses_a_broken_definition_naming_the_fault(
        change: Callable[[dict[str, Any]], None], message: str) -> None:
    raw = _raw()
    change(raw)
    with pytest.raises(FormatError) as caught:
        parse_format(raw)
    assert str(caught.value) == message


def test_validator_refuses_what_is_not_an_object() -> None:
    with pytest.raises(FormatError, match="^格式定义：应为对象$"):
        parse_format([])


@pytest.mark.parametrize("version", VERSIONS)
def test_labels_carry_their_words(version: str) -> None:
    fmt = load_format(version)
    nodes = {n.label: n for t in fmt.tables.values() for root in t.rows + t.columns for n in _walk(root)}
    assert nodes["社会公益组织"].words == ("社会", "公益", "组织")
    assert nodes["自然人"].words == ()  # one word: never broken
    for node in nodes.values():
        assert not node.words or "".join(node.words) == node.label


def _walk(node: Node) -> list[Node]:
    return [node] + [n for child in node.children for n in _walk(child)]


@pytest.mark.parametrize("version", VERSIONS)
def test_the_usual_intro_names_the_format_notice_and_fills_in(version: str) -> None:
    from model.report import Report
    report = Report.blank(version, "某某区文化和旅游局", 2025)
    intro = report.default_intro()
    assert "《中华人民共和国政府信息公开条例》" in intro and f"〔{version}〕" in intro
    assert "由某某区文化和旅游局编制" in intro and "自2025年1月1日起至2025年12月31日止" in intro
    assert all(s.title in intro for s in report.format.sections)
    assert "{" not in intro
