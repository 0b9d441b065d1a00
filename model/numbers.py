"""Turn what a clerk types or pastes into a cell value, or a short Chinese refusal.

Clerks type full-width digits, thousands separators, "减5" for a decrease and "/" for 不适用.
Accept exactly those habits; refuse everything else with a reason rather than guess.
"""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Union

NOT_APPLICABLE = "/"
Value = Union[int, Decimal, str]  # int for counts, Decimal for amounts, NOT_APPLICABLE
MAX_COUNT = 10_000_000
MAX_AMOUNT = Decimal("100000000")

_NOT_APPLICABLE_SPELLINGS = {"/", "—", "——", "不适用"}
_MINUS_SIGNS = "-−－–"
_COUNT_UNITS = ("件", "个", "项", "次")
_AMOUNT_UNITS = ("万元",)
_NUMBER = re.compile(r"^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$")


class NumberError(ValueError):
    """The input is not an acceptable value for the cell; str() is the Chinese reason."""


def _normalise(text: str) -> str:
    """Full-width to half-width (NFKC), unify minus signs and separators, drop spaces."""
    text = unicodedata.normalize("NFKC", text).strip()
    text = "".join(ch for ch in text if not ch.isspace())
    for minus in _MINUS_SIGNS:
        text = text.replace(minus, "-")
    return text.replace("，", ",")


def parse_value(text: str, kind: str) -> Value | None:
    """Parse a cell entry for a cell of `kind` (count, signed or amount).

    Returns None for blank, NOT_APPLICABLE for "/" and its spellings, an int for counts and
    signed cells, a Decimal for amounts; raises NumberError with the reason otherwise.
    """
    raw = text.strip()
    if not raw:
        return None
    if raw in _NOT_APPLICABLE_SPELLINGS or _normalise(raw) in _NOT_APPLICABLE_SPELLINGS:
        return NOT_APPLICABLE
    normal = _normalise(raw)
    if kind == "signed" and normal[:1] in ("减", "增"):
        normal = ("-" if normal[0] == "减" else "") + normal[1:]
    for unit in _AMOUNT_UNITS if kind == "amount" else _COUNT_UNITS:
        if normal.endswith(unit):
            normal = normal[: -len(unit)]
    match = _NUMBER.match(normal)
    if not match:
        raise NumberError("请输入数字" if kind != "amount" else "请输入金额（数字，最多两位小数）")
    sign, digits, fraction = match.groups()
    digits = digits.replace(",", "")
    if sign == "-" and kind != "signed":
        raise NumberError("此处不能为负数")
    if kind == "amount":
        if fraction is not None and len(fraction) > 2:
            raise NumberError("金额最多保留两位小数")
        amount = Decimal(f"{digits}.{fraction}" if fraction is not None else digits)
        if amount >= MAX_AMOUNT:
            raise NumberError("金额过大，请检查单位（万元）")
        return amount.quantize(Decimal("0.01"))
    if fraction is not None:
        raise NumberError("件数应为整数")
    number = int(digits)
    if number > MAX_COUNT:
        raise NumberError("数值过大，请检查")
    return -number if sign == "-" else number


def check_stored(value: object, kind: str) -> Value:
    """Validate a value as stored in a project file (JSON), returning it in memory form.

    Counts are JSON integers, amounts decimal strings, "/" means not applicable.
    """
    if value == NOT_APPLICABLE:
        return NOT_APPLICABLE
    if kind == "amount":
        if not isinstance(value, str):
            raise NumberError("金额应以文本形式保存（如 \"1.50\"）")
        try:
            amount = Decimal(value)
        except InvalidOperation:
            raise NumberError(f"“{value}”不是金额") from None
        if not amount.is_finite() or amount < 0 or amount >= MAX_AMOUNT or -amount.as_tuple().exponent > 2:  # type: ignore[operator]
            raise NumberError(f"金额“{value}”无效（应为非负数，最多两位小数）")
        return amount
    if isinstance(value, bool) or not isinstance(value, int):
        raise NumberError("应为整数")
    if value < 0 and kind != "signed":
        raise NumberError(f"不能为负数（{value}）")
    if abs(value) > MAX_COUNT:
        raise NumberError(f"数值过大（{value}）")
    return value


def to_json(value: Value) -> int | str:
    """A value as written to a project file: ints stay ints, amounts become exact strings."""
    return str(value) if isinstance(value, Decimal) else value


def numeric(value: Value | None) -> int | Decimal:
    """The value as counted in checks: blank and not-applicable count as 0."""
    if value is None or value == NOT_APPLICABLE:
        return 0
    return value  # type: ignore[return-value]


def format_value(value: Value | None) -> str:
    """How a value is shown in the window and printed: "" for blank, amounts with two decimals."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)
