"""The number parser: what clerks type or paste is accepted, everything else refused with a reason."""
from __future__ import annotations

from decimal import Decimal

import pytest

from model.numbers import (NOT_APPLICABLE, NumberError, check_stored, decimals, format_value, numeric, parse_value,
                           to_json)

ACCEPTED = [
    # (typed, cell kind, value)
    ("12", "count", 12),
    ("0", "count", 0),
    ("１２", "count", 12),
    ("０", "count", 0),
    ("1,234", "count", 1234),
    ("1，234", "count", 1234),
    ("１，２３４", "count", 1234),
    ("1,234,567", "count", 1234567),
    ("  12  ", "count", 12),
    ("\u3000１２\u3000", "count", 12),
    ("\t7\n", "count", 7),
    ("+3", "count", 3),
    ("＋3", "count", 3),
    ("12件", "count", 12),
    ("5 项", "count", 5),
    ("10000000", "count", 10_000_000),
    ("-11", "signed", -11),
    ("－11", "signed", -11),
    ("−11", "signed", -11),
    ("- 11", "signed", -11),
    ("减11", "signed", -11),
    ("减 5", "signed", -5),
    ("增5", "signed", 5),
    ("5", "signed", 5),
    ("-1,234", "signed", -1234),
    ("1.50", "amount", Decimal("1.50")),
    ("1.5", "amount", Decimal("1.5")),
    ("592", "amount", Decimal("592")),
    ("592万元", "amount", Decimal("592")),
    ("５９２．５万元", "amount", Decimal("592.5")),
    ("24252.311082", "amount", Decimal("24252.311082")),
    ("24,252.311082万元", "amount", Decimal("24252.311082")),
    ("0.000001", "amount", Decimal("0.000001")),
    ("1.500000", "amount", Decimal("1.500000")),
    ("1,234.56", "amount", Decimal("1234.56")),
    ("0.01", "amount", Decimal("0.01")),
    ("/", "count", NOT_APPLICABLE),
    ("／", "signed", NOT_APPLICABLE),
    ("—", "amount", NOT_APPLICABLE),
    ("——", "count", NOT_APPLICABLE),
    ("不适用", "count", NOT_APPLICABLE),
    (" / ", "count", NOT_APPLICABLE),
]

REFUSED = [
    # (typed, cell kind, reason)
    ("-3", "count", "不能为负数"),
    ("－3", "count", "不能为负数"),
    ("−3", "count", "不能为负数"),
    ("减3", "count", "不能为负数"),
    ("-1.50", "amount", "不能为负数"),
    ("1.5", "count", "应为整数，不能有小数"),
    ("1.0", "count", "应为整数，不能有小数"),
    ("1.5", "signed", "应为整数，不能有小数"),
    ("1.2345678", "amount", "金额最多六位小数"),
    ("0.0000001", "amount", "金额最多六位小数"),
    ("abc", "count", "请只填数字（不能含“a”）"),
    ("12a", "count", "请只填数字（不能含“a”）"),
    ("1e3", "count", "请只填数字（不能含“e”）"),
    ("①", "count", "请只填数字（不能含“①”）"),
    ("十二", "count", "请只填数字（不能含“十”）"),
    ("增5", "count", "请只填数字（不能含“增”）"),
    ("592元", "amount", "金额以万元为单位，请换算后填写"),
    ("1 2", "count", "数字中间不能有空格"),
    ("1\xa0234", "count", "数字中间不能有空格"),
    ("1,23", "count", "千位分隔符“,”的位置不对"),
    ("12,34,567", "count", "千位分隔符“,”的位置不对"),
    ("1.2.3", "amount", "不是有效的数字"),
    (".5", "amount", "不是有效的数字"),
    ("件", "count", "请输入数字（不适用请填“/”）"),
    ("-", "signed", "请输入数字（不适用请填“/”）"),
    ("10000001", "count", "数值过大，请检查"),
    ("99999999999999999999", "signed", "数值过大，请检查"),
    ("1" * 5000, "count", "数值过大，请检查"),
    ("100000000", "amount", "金额过大，请检查单位（万元）"),
]


@pytest.mark.parametrize("typed, kind, value", ACCEPTED)
def test_accepted(typed: str, kind: str, value: object) -> None:
    parsed = parse_value(typed, kind)
    assert parsed == value
    assert type(parsed) is type(value)
    if isinstance(value, Decimal):
        assert str(parsed) == str(value)  # as typed: "1.50" stays "1.50", "1.5" stays "1.5"


@pytest.mark.parametrize("typed", ["", "   ", "\u3000"])
@pytest.mark.parametrize("kind", ["count", "signed", "amount"])
def test_blank_is_none(typed: str, kind: str) -> None:
    assert parse_value(typed, kind) is None


@pytest.mark.parametrize("typed, kind, reason", REFUSED)
def test_refused_with_a_short_chinese_reason(typed: str, kind: str, reason: str) -> None:
    with pytest.raises(NumberError) as caught:
        parse_value(typed, kind)
    assert str(caught.value) == reason


STORED_OK = [
    (12, "count", 12), (0, "count", 0), (-5, "signed", -5), ("/", "count", NOT_APPLICABLE),
    ("1.50", "amount", Decimal("1.50")), ("1.5", "amount", Decimal("1.5")), ("592", "amount", Decimal("592")),
    ("24252.311082", "amount", Decimal("24252.311082")), ("0.000001", "amount", Decimal("0.000001")),
    ("/", "amount", NOT_APPLICABLE),
]

STORED_BAD = [
    (-1, "count", "不能为负数（-1）"),
    (1.5, "count", "应为整数"),
    (3.0, "count", "应为整数"),
    ("3", "count", "应为整数"),
    (True, "count", "应为整数"),
    (None, "count", "应为整数"),
    (10_000_001, "count", "数值过大（10000001）"),
    (1.5, "amount", "金额应为数字或文本形式的数字（如 \"1.50\"）"),  # a float never: the parser gives Decimal
    (float("nan"), "amount", "金额应为数字或文本形式的数字（如 \"1.50\"）"),
    (True, "amount", "金额应为数字或文本形式的数字（如 \"1.50\"）"),
    (None, "amount", "金额应为数字或文本形式的数字（如 \"1.50\"）"),
    ("1.5555555", "amount", "金额“1.5555555”无效（应为非负数，最多六位小数）"),
    ("-1.50", "amount", "金额“-1.50”无效（应为非负数，最多六位小数）"),
    ("1e2", "amount", "金额“1e2”无效（应为非负数，最多六位小数）"),
    ("NaN", "amount", "金额“NaN”无效（应为非负数，最多六位小数）"),
    (" 1.50", "amount", "金额“ 1.50”无效（应为非负数，最多六位小数）"),
    ("100000000", "amount", "金额过大（100000000）"),
    (Decimal("-1.5"), "amount", "金额“-1.5”无效（应为非负数，最多六位小数）"),
    (Decimal("1.1234567"), "amount", "金额“1.1234567”无效（应为非负数，最多六位小数）"),
    (Decimal("1E+400"), "amount", "金额过大（1E+400）"),
    (Decimal("1E-400"), "amount", "金额“1E-400”无效（应为非负数，最多六位小数）"),
    (-3, "amount", "金额“-3”无效（应为非负数，最多六位小数）"),
    (100_000_000, "amount", "金额过大（100000000）"),
]


@pytest.mark.parametrize("stored, kind, value", STORED_OK)
def test_stored_values_accepted(stored: object, kind: str, value: object) -> None:
    checked = check_stored(stored, kind)
    assert checked == value and type(checked) is type(value)
    assert to_json(checked) == stored  # exactly as in the file: "1.5" stays "1.5"


@pytest.mark.parametrize("stored, kind, reason", STORED_BAD)
def test_stored_values_refused(stored: object, kind: str, reason: str) -> None:
    with pytest.raises(NumberError) as caught:
        check_stored(stored, kind)
    assert str(caught.value) == reason


def test_counting_and_showing() -> None:
    assert numeric(None) == 0 and numeric(NOT_APPLICABLE) == 0 and numeric(7) == 7
    assert numeric(Decimal("1.50")) == Decimal("1.50")
    assert format_value(None) == ""
    assert format_value(NOT_APPLICABLE) == "/"
    assert format_value(Decimal("1.5")) == "1.5"
    assert format_value(Decimal("1.50")) == "1.50"
    assert format_value(Decimal("24252.311082")) == "24252.311082"
    assert format_value(Decimal("0.000001")) == "0.000001"  # never 1E-6
    assert format_value(-5) == "-5"


JSON_NUMBERS = [
    # (what the project-file parser delivers for a JSON number, value, as written back)
    (Decimal("12.5"), Decimal("12.5"), "12.5"),
    (Decimal("24252.311082"), Decimal("24252.311082"), "24252.311082"),
    (Decimal("1.50"), Decimal("1.50"), "1.50"),
    (5, Decimal("5"), "5"),
    (0, Decimal("0"), "0"),
    (Decimal("1E+2"), Decimal("100"), "100"),  # JSON 1e2
    (Decimal("1.5E-5"), Decimal("0.000015"), "0.000015"),
]


@pytest.mark.parametrize("stored, value, written", JSON_NUMBERS)
def test_amounts_given_as_json_numbers_are_read_exactly(stored: object, value: Decimal, written: str) -> None:
    checked = check_stored(stored, "amount")
    assert isinstance(checked, Decimal) and checked == value
    assert to_json(checked) == written and format_value(checked) == written


def test_decimals_of_a_value() -> None:
    assert [decimals(v) for v in (Decimal("1.50"), Decimal("24252.311082"), Decimal("5"), 7, None, NOT_APPLICABLE)] == [2, 6, 0, 0, 0, 0]


def test_an_amount_in_yuan_where_the_clerk_chose_yuan() -> None:
    assert parse_value("592元", "amount", unit="元") == Decimal("592")
    with pytest.raises(NumberError, match="金额以元为单位，请换算后填写"):
        parse_value("592万元", "amount", unit="元")
    with pytest.raises(NumberError, match="金额过大，请检查单位（元）"):
        parse_value("100000000", "amount", unit="元")
