"""Turn what a clerk types or pastes into a cell value, or a short Chinese refusal.

Clerks type full-width digits, thousands separators, "减5" for a decrease and "/" for 不适用.
Accept exactly those habits; refuse everything else with a reason rather than guess.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Union

from model.errors import NianbaoError

NOT_APPLICABLE = "/"
Value = Union[int, Decimal, str]  # int for counts, Decimal for amounts, NOT_APPLICABLE
MAX_COUNT = 10_000_000
MAX_AMOUNT = Decimal("100000000")

_NOT_APPLICABLE_SPELLINGS = {"/", "—", "——", "不适用"}
# Full-width forms (１２, ，, ．, －, ／) to ASCII; other minus signs to "-". Nothing broader
# (NFKC would also turn ① or ² into digits, which is a guess).
_TRANSLATE: dict[int, int | str] = {**{code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)},
              ord("−"): "-", ord("–"): "-", 0x3000: " "}
_COUNT_UNITS = ("件", "个", "项", "次")
_AMOUNT_UNIT = "万元"
_NUMBER = re.compile(r"([+-]?)([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.([0-9]+))?")
_LOOSE_NUMBER = re.compile(r"[+-]?[0-9][0-9,]*(?:\.[0-9]+)?")
_STORED_AMOUNT = re.compile(r"[0-9]+(?:\.[0-9]{1,2})?")


class NumberError(NianbaoError):
    """The input is not an acceptable value for the cell; str() is the Chinese reason."""


def _strip_sign_and_unit(text: str, kind: str) -> str:
    """Drop a unit the clerk typed after the number and turn 「减5」/「增5」 into -5/+5."""
    if kind == "signed" and text[:1] in ("减", "增"):
        text = ("-" if text[0] == "减" else "+") + text[1:].lstrip()
    elif text[:1] == "减":
        raise NumberError("不能为负数")
    units = (_AMOUNT_UNIT,) if kind == "amount" else _COUNT_UNITS
    for unit in units:
        if text.endswith(unit):
            return text[: -len(unit)].rstrip()
    if kind == "amount" and text.endswith("元"):
        raise NumberError("金额以万元为单位，请换算后填写")
    return text


def _refusal(text: str) -> NumberError:
    """Why `text` is not a number, as short as possible."""
    if text in ("", "+", "-"):
        return NumberError("请输入数字（不适用请填“/”）")
    if any(ch.isspace() for ch in text):
        return NumberError("数字中间不能有空格")
    odd = next((ch for ch in text if ch not in "0123456789+-,."), None)
    if odd is not None:
        return NumberError(f"请只填数字（不能含“{odd}”）")
    if _LOOSE_NUMBER.fullmatch(text) and "," in text:
        return NumberError("千位分隔符“,”的位置不对")
    return NumberError("不是有效的数字")


def parse_value(text: str, kind: str) -> Value | None:
    """Parse a cell entry for a cell of `kind` (count, signed or amount).

    Returns None for blank, NOT_APPLICABLE for "/" and its spellings, an int for counts and
    signed cells, a Decimal for amounts; raises NumberError with the reason otherwise.
    """
    normal = text.translate(_TRANSLATE).strip()
    if not normal:
        return None
    if normal in _NOT_APPLICABLE_SPELLINGS:
        return NOT_APPLICABLE
    normal = _strip_sign_and_unit(normal, kind)
    if normal[:1] in ("+", "-"):
        normal = normal[0] + normal[1:].lstrip()
    match = _NUMBER.fullmatch(normal)
    if not match:
        raise _refusal(normal)
    sign, digits, fraction = match.groups()
    digits = digits.replace(",", "")
    if sign == "-" and kind != "signed":
        raise NumberError("不能为负数")
    if kind == "amount":
        if fraction is not None and len(fraction) > 2:
            raise NumberError("金额最多两位小数")
        amount = Decimal(f"{digits}.{fraction}" if fraction is not None else digits)
        if amount >= MAX_AMOUNT:
            raise NumberError("金额过大，请检查单位（万元）")
        return amount.quantize(Decimal("0.01"))
    if fraction is not None:
        raise NumberError("应为整数，不能有小数")
    if len(digits.lstrip("0")) > len(str(MAX_COUNT)) or int(digits) > MAX_COUNT:
        raise NumberError("数值过大，请检查")
    number = int(digits)
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
        if not _STORED_AMOUNT.fullmatch(value):
            raise NumberError(f"金额“{value}”无效（应为非负数，最多两位小数）")
        amount = Decimal(value)
        if amount >= MAX_AMOUNT:
            raise NumberError(f"金额过大（{value}）")
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
