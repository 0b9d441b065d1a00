"""The statements of figures in narrative texts (resources/formats/text/patterns.json), on
sentences written as real reports write them: those that restate a table figure, and those that
must not be taken for one (dates, 文号, percentages, phone numbers, parts, changes)."""
from __future__ import annotations

import pytest

from model.formats import FormatError, available_formats, load_format
from model.textpatterns import chinese_number, find_statements, load_patterns, number_value, parse_patterns

MATCHING = [
    # (sentence, [(statement, number)])
    ("本年共收到政府信息公开申请29件。", [("requests_new", 29)]),
    ("2021年，我局共收到政府信息公开申请29件，较上年有所增加。", [("requests_new", 29)]),
    ("全年新收政府信息公开申请29件，上年结转6件，办结33件，结转下年度继续办理2件。",
     [("requests_new", 29), ("requests_carried_in", 6), ("requests_results", 33), ("requests_carried_out", 2)]),
    ("本年度共受理依申请公开29件", [("requests_new", 29)]),
    ("本年度新收政府信息公开申请二十九件", [("requests_new", 29)]),
    ("收到政府信息公开申请一百零五件", [("requests_new", 105)]),
    ("共收到申请两件", [("requests_new", 2)]),
    ("全年收到政府信息公开申请２９件", [("requests_new", 29)]),  # full-width digits
    ("收到政府信息公开申请共计1,234件", [("requests_new", 1234)]),
    ("本年度接收政府信息公开申请合计29件", [("requests_new", 29)]),
    ("累计收到政府信息公开申请29条", [("requests_new", 29)]),
    ("上年度结转的政府信息公开申请3件", [("requests_carried_in", 3)]),
    ("上一年度结转申请三件，均已办结", [("requests_carried_in", 3)]),
    ("已全部办结/答复32件", [("requests_results", 32)]),
    ("依法答复32件", [("requests_results", 32)]),
    ("结转至下一年度继续办理2件", [("requests_carried_out", 2)]),
    ("其中予以公开12件，部分公开3件，不予公开2件，无法提供8件，不予处理1件",
     [("requests_granted", 12), ("requests_partial", 3), ("requests_withheld", 2), ("requests_unavailable", 8),
      ("requests_rejected", 1)]),
    ("因政府信息公开被申请行政复议2件", [("appeals_review", 2)]),
    ("发生政府信息公开行政复议案件2起，行政诉讼案件1起", [("appeals_review", 2), ("appeals_litigation", 1)]),
    ("本年度未发生因政府信息公开引起的行政复议和行政诉讼", [("appeals_litigation", 0), ("appeals_review", 0)]),
    ("全年未发生政府信息公开行政复议案件", [("appeals_review", 0)]),
    ("本年度未收到政府信息公开申请", [("requests_new", 0)]),
    ("制发规章0件、行政规范性文件5件", [("regulations_issued", 0), ("normative_issued", 5)]),
    ("本年共出台规范性文件十二件", [("normative_issued", 12)]),
    ("废止规范性文件1件，现行有效规范性文件120件", [("normative_repealed", 1), ("normative_in_force", 120)]),
    ("全年作出行政处罚决定120件", [("penalty", 120)]),
    ("办理行政许可事项1200项", [("licensing", 1200)]),
    ("实施行政强制措施8宗", [("coercion", 8)]),
]

NOT_MATCHING = [
    "依据国办公开办函〔2021〕30号文件要求编制本报告。",  # 文号
    "按照国办公开办函〔2021〕30号的规定，收到申请后及时登记。",
    "2021年3月29日收到申请后即进行了登记。",  # a date right after the keyword
    "申请办结率达100%，按时答复率99.5%。",  # percentages
    "政府信息公开申请按期答复率为百分之百。",
    "咨询电话：022-27369123，收到申请后3个工作日内联系申请人。",  # phone number, 3个工作日
    "收到申请后15日内予以答复。",
    "其中通过网络收到申请20件，当面申请9件。",  # parts of the total
    "本年共收到政府信息公开申请较上年增加5件。",  # a change, not the total
    "收到政府信息公开申请20余件。",  # approximate
    "行政许可和行政处罚结果信息152条。",  # published items, not decisions
    "主动公开行政处罚信息152条。",
    "办结人大代表建议5件、政协提案7件。",  # not 政府信息公开 requests
    "对现行有效的规范性文件进行全面清理，废止1件。",  # the keyword after the number
    "开展业务培训2次，发布信息1200余条。",
    "行政复议决定维持2件。",  # a part of 行政复议 by result
    "全年未发生因政府信息公开引发的责任追究。",
    "本年度共发出收费通知0件，收取信息处理费0万元。",
    "2020年国庆期间正式上线，至今累计发布相关信息30条。",
]


@pytest.mark.parametrize("sentence, expected", MATCHING, ids=[s for s, _ in MATCHING])
def test_statements_that_restate_a_figure(sentence: str, expected: list[tuple[str, int]]) -> None:
    found = find_statements(sentence)
    assert sorted((f.statement, f.number) for f in found) == sorted(expected)
    for item in found:
        assert sentence[item.start:item.end] == item.quote


@pytest.mark.parametrize("sentence", NOT_MATCHING)
def test_sentences_that_restate_no_figure(sentence: str) -> None:
    assert find_statements(sentence) == ()


def test_at_least_thirty_sentence_variants() -> None:
    assert len(MATCHING) + len(NOT_MATCHING) >= 30 and len(NOT_MATCHING) >= 10


@pytest.mark.parametrize("text, value", [("十", 10), ("十二", 12), ("二十九", 29), ("一百零五", 105), ("两", 2),
                                         ("一千零一", 1001), ("三万二千", 32000), ("零", 0), ("〇", 0)])
def test_chinese_numerals(text: str, value: int) -> None:
    assert chinese_number(text) == value


@pytest.mark.parametrize("text", ["一二", "万", "十万万", "零十", "三x"])
def test_chinese_numerals_malformed(text: str) -> None:
    assert chinese_number(text) is None


def test_digits_of_every_width() -> None:
    assert number_value("２９") == 29 and number_value("1,234") == 1234 and number_value("007") == 7


def test_every_statement_names_cells_of_a_shipped_format() -> None:
    formats = [load_format(f) for f in available_formats()]
    for statement in load_patterns().statements:
        assert any(statement.cells(fmt) for fmt in formats), statement.id
        for alternative in statement.alternatives:
            assert any(set(alternative) <= set(fmt.cell_kinds()) for fmt in formats), (statement.id, alternative)


def test_2019_format_reads_issued_as_made() -> None:
    patterns = load_patterns()
    assert patterns.statement("normative_issued").cells(load_format("2019")) == ("art20_1.normative.made",)
    assert patterns.statement("normative_issued").cells(load_format("2021")) == ("art20_1.normative.issued",)
    assert patterns.statement("normative_repealed").cells(load_format("2019")) == ()


@pytest.mark.parametrize("raw, message", [
    ([], "文字规则：应为对象"),
    ({"units": [], "gap": 3, "clause_breaks": "，"}, "文字规则 units：应为非空文本的列表"),
    ({"units": ["件"], "gap": "3", "clause_breaks": "，"}, "文字规则：“gap”应为整数，“clause_breaks”应为文本"),
    ({"units": ["件"], "gap": 3, "clause_breaks": "，", "statements": [{"id": "x", "keywords": ["(收到"], "cells": [["a.b.c"]]}]},
     "文字规则 “x”：正则表达式无效"),
    ({"units": ["件"], "gap": 3, "clause_breaks": "，", "zero": [{"pattern": "未", "statements": ["nothing"]}]},
     "文字规则 zero：未知的陈述“nothing”"),
])
def test_malformed_patterns_are_refused(raw: object, message: str) -> None:
    with pytest.raises(FormatError) as caught:
        parse_patterns(raw)
    assert str(caught.value).startswith(message)
