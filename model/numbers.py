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
AMOUNT_UNIT = "万元"  # the unit of amounts unless the format lets the clerk choose
AMOUNT_UNITS = ("万元", "元")  # the units a clerk may type after an amount, longest first
_NUMBER = re.compile(r"([+-]?)([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.([0-9]+))?")
_LOOSE_NUMBER = re.compile(r"[+-]?[0-9][0-9,]*(?:\.[0-9]+)?")
AMOUNT_DECIMALS = 6  # published reports give 万元 to the fen: 24252.311082
_STORED_AMOUNT = re.compile(r"[0-9]+(?:\.[0-9]{1,%d})?" % AMOUNT_DECIMALS)


class NumberError(NianbaoError):
    """The input is not an acceptable value for the cell; str() is the Chinese reason."""


def _strip_sign_and_unit(text: str, kind: str, unit: str) -> str:
    """Drop a unit the clerk typed after the number and turn 「减5」/「增5」 into -5/+5.

    An amount typed in the other unit (「592元」 where the cell is in 万元) is refused, never
    converted: the clerk decides."""
    if kind == "signed" and text[:1] in ("减", "增"):
        text = ("-" if text[0] == "减" else "+") + text[1:].lstrip()
    elif text[:1] == "减":
        raise NumberError("不能为负数")
    units = AMOUNT_UNITS if kind == "amount" else _COUNT_UNITS
    typed = next((u for u in units if text.endswith(u)), None)  # longest first: 万元 before 元
    if typed is None:
        return text
    if kind == "amount" and typed != unit:
        raise NumberError(f"金额以{unit}为单位，请换算后填写")
    return text[: -len(typed)].rstrip()


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


def parse_value(text: str, kind: str, unit: str = AMOUNT_UNIT) -> Value | None:
    """Parse a cell entry for a cell of `kind` (count, signed or amount in `unit`).

    Returns None for blank, NOT_APPLICABLE for "/" and its spellings, an int for counts and
    signed cells, a Decimal for amounts, kept as typed ("1.50" stays "1.50", up to six
    decimals); raises NumberError with the reason otherwise.
    """
    normal = text.translate(_TRANSLATE).strip()
    if not normal:
        return None
    if normal in _NOT_APPLICABLE_SPELLINGS:
        return NOT_APPLICABLE
    normal = _strip_sign_and_unit(normal, kind, unit)
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
        if fraction is not None and len(fraction) > AMOUNT_DECIMALS:
            raise NumberError("金额最多六位小数")
        amount = Decimal(f"{digits}.{fraction}" if fraction is not None else digits)
        if amount >= MAX_AMOUNT:
            raise NumberError(f"金额过大，请检查单位（{unit}）")
        return amount
    if fraction is not None:
        raise NumberError("应为整数，不能有小数")
    if len(digits.lstrip("0")) > len(str(MAX_COUNT)) or int(digits) > MAX_COUNT:
        raise NumberError("数值过大，请检查")
    number = int(digits)
    return -number if sign == "-" else number


def _stored_amount(value: object) -> Decimal:
    """An amount as a project file gives it: the contract's decimal string, or a JSON number
    (which the file parser delivers as int or Decimal, never float)."""
    if isinstance(value, str):
        if not _STORED_AMOUNT.fullmatch(value):
            raise NumberError(f"金额“{value}”无效（应为非负数，最多六位小数）")
        amount = Decimal(value)
    elif isinstance(value, Decimal) and value.is_finite():
        if value < 0 or decimals(value) > AMOUNT_DECIMALS:
            raise NumberError(f"金额“{value}”无效（应为非负数，最多六位小数）")
        if value >= MAX_AMOUNT:
            raise NumberError(f"金额过大（{value}）")
        # a JSON 1e2 arrives as Decimal("1E+2"): keep it as the whole number 100
        amount = value if decimals(value) else value.quantize(Decimal(1))
    elif isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise NumberError(f"金额“{value}”无效（应为非负数，最多六位小数）")
        amount = Decimal(value)
    else:
        raise NumberError("金额应为数字或文本形式的数字（如 \"1.50\"）")
    if amount >= MAX_AMOUNT:
        raise NumberError(f"金额过大（{to_json(amount)}）")
    return amount


def check_stored(value: object, kind: str) -> Value:
    """Validate a value as stored in a project file (JSON), returning it in memory form.

    Counts are JSON integers, amounts decimal strings or JSON numbers (kept exactly, as
    written), "/" means not applicable.
    """
    if value == NOT_APPLICABLE:
        return NOT_APPLICABLE
    if kind == "amount":
        return _stored_amount(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise NumberError("应为整数")
    if value < 0 and kind != "signed":
        raise NumberError(f"不能为负数（{value}）")
    if abs(value) > MAX_COUNT:
        raise NumberError(f"数值过大（{value}）")
    return value


def to_json(value: Value) -> int | str:
    """A value as written to a project file: ints stay ints, amounts become exact decimal
    strings with the decimals they were entered with (never exponent notation)."""
    return format(value, "f") if isinstance(value, Decimal) else value


def decimals(value: Value | None) -> int:
    """How many decimal places a value shows (0 for counts, blank and 「/」)."""
    if not isinstance(value, Decimal):
        return 0
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def numeric(value: Value | None) -> int | Decimal:
    """The value as counted in checks: blank and not-applicable count as 0."""
    if value is None or value == NOT_APPLICABLE:
        return 0
    return value  # type: ignore[return-value]


def format_value(value: Value | None) -> str:
    """How a value is shown in the window and printed: "" for blank, amounts as entered
    ("1.50" stays "1.50", "24252.311082" keeps all six decimals)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)
