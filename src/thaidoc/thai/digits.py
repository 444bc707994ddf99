"""Thai and Arabic digits, reading amounts into ``Decimal`` and writing them with separators.

Money is ``Decimal`` everywhere: a binary float cannot hold most satang values exactly
(``0.1 + 0.2 != 0.3``), so floats are refused rather than silently rounded.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from typing import Literal, TypeAlias

from thaidoc.errors import AmountError

__all__ = [
    "THAI_DIGITS",
    "AmountLike",
    "Digits",
    "thai_digits",
    "arabic_digits",
    "to_decimal",
    "to_satang",
    "format_amount",
    "format_number",
    "MAX_AMOUNT",
    "check_magnitude",
]

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_THAI = str.maketrans("0123456789", THAI_DIGITS)
_TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")

AmountLike: TypeAlias = "int | Decimal | str"
Digits: TypeAlias = Literal["thai", "arabic"]

CENT = Decimal("0.01")
# Quantizing needs room for every digit of the amount; the default context (28 digits)
# would raise on large-but-legal amounts. 120 digits is far beyond any real amount.
_MONEY_CONTEXT = Context(prec=120, rounding=ROUND_HALF_UP)
_SHIFT_TWO_PLACES = Decimal("1E+2")

#: Amounts and counts must be smaller than this (10^24 baht, one ล้านล้านล้านล้าน; a national
#: budget has 13 digits). The bound keeps every sum of amounts exact in Decimal's default
#: 28-digit context, and a 5,000-digit number from a stranger's data is refused, not computed.
MAX_AMOUNT = 10**24
_MAX_DIGITS = 24
TOO_LARGE = "ตัวเลขใหญ่เกินไป / number too large"

# Thousands separators must sit every three digits: "1,00" is a typo, not one hundred.
_AMOUNT_RE = re.compile(r"(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?")
_SIGNS = {"-": "-", "\u2212": "-", "+": ""}


def thai_digits(text: str | int | Decimal) -> str:
    """Replace Arabic digits 0-9 with Thai digits ๐-๙; everything else is kept.

    >>> thai_digits("ที่ ฉช 0019/ว 2215")
    'ที่ ฉช ๐๐๑๙/ว ๒๒๑๕'
    >>> thai_digits(2567)
    '๒๕๖๗'
    """
    return str(text).translate(_TO_THAI)


def arabic_digits(text: str | int | Decimal) -> str:
    """Replace Thai digits ๐-๙ with Arabic digits 0-9; everything else is kept.

    >>> arabic_digits("๑๖๐,๖๗๔,๔๐๐.๕๐ บาท")
    '160,674,400.50 บาท'
    """
    return str(text).translate(_TO_ARABIC)


def to_decimal(value: object) -> Decimal:
    """Read an amount as ``Decimal``: int, Decimal or figures in a string.

    Strings may use Thai or Arabic digits, thousands separators (in the right places) and
    surrounding spaces. Floats and booleans are refused: a float has already lost satang.

    >>> to_decimal("๑๖๐,๖๗๔,๔๐๐.๕๐")
    Decimal('160674400.50')
    >>> to_decimal(" 1,000 ")
    Decimal('1000')
    >>> to_decimal(0.1)
    Traceback (most recent call last):
    ...
    thaidoc.errors.AmountError: floats are refused for money: 0.1 cannot hold satang exactly; pass a Decimal or a string such as '1234.50'
    """
    if isinstance(value, bool):  # bool is an int subclass; True is not one baht
        raise AmountError(f"{value!r} is not an amount", value=value)
    if isinstance(value, int):
        if -MAX_AMOUNT < value < MAX_AMOUNT:
            return Decimal(value)
        raise _too_large(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise AmountError(f"{value} is not an amount", value=value)
        return check_magnitude(value)
    if isinstance(value, float):
        raise AmountError(
            f"floats are refused for money: {value!r} cannot hold satang exactly; "
            "pass a Decimal or a string such as '1234.50'",
            value=value,
        )
    if isinstance(value, str):
        return _parse_figures(value)
    raise AmountError(f"cannot read a {type(value).__name__} as an amount", value=value)


def _parse_figures(text: str) -> Decimal:
    cleaned = arabic_digits(text).strip()
    sign = ""
    if cleaned[:1] in _SIGNS:
        sign = _SIGNS[cleaned[0]]
        cleaned = cleaned[1:].lstrip()
    match = _AMOUNT_RE.fullmatch(cleaned)
    if match is None:
        raise AmountError(
            f"not an amount: {text!r}",
            value=text,
            expected="figures such as 160,674,400 or ๑๖๐,๖๗๔,๔๐๐.๕๐",
        )
    digits = match["int"].replace(",", "")
    if len(digits.lstrip("0")) > _MAX_DIGITS:
        raise _too_large(text)
    if match["frac"] is not None:
        digits += "." + match["frac"]
    return Decimal(sign + digits)


def check_magnitude(number: Decimal) -> Decimal:
    """``number`` itself, or an ``AmountError`` when it is not below :data:`MAX_AMOUNT`.

    >>> check_magnitude(Decimal("1E+30"))
    Traceback (most recent call last):
    ...
    thaidoc.errors.AmountError: ตัวเลขใหญ่เกินไป / number too large (expected less than 10^24 (ล้านล้านล้านล้าน); found 1E+30)
    """
    if number and number.adjusted() >= _MAX_DIGITS:  # adjusted(): the power of ten of the first digit
        raise _too_large(number)
    return number


def _too_large(value: object) -> AmountError:
    if isinstance(value, int):  # no str(): Python refuses to print an int of 4,300+ digits
        shown = f"a number of about {value.bit_length() * 30103 // 100000 + 1} digits"
    else:
        text = str(value)
        shown = text if len(text) <= 40 else f"a number of {sum(ch.isdigit() for ch in text)} digits"
    return AmountError(TOO_LARGE, value=value,
                       expected="less than 10^24 (ล้านล้านล้านล้าน)", found=shown)



def to_satang(amount: object) -> int:
    """The amount as a whole number of satang, rounded half-up (0.005 → 1 satang).

    Half-up means away from zero for negatives too (-0.005 → -1 satang), as accountants
    round, so an amount and its negative always read the same apart from ลบ.

    >>> to_satang(Decimal("11.005"))
    1101
    >>> to_satang("-0.005")
    -1
    """
    if type(amount) is int and -MAX_AMOUNT < amount < MAX_AMOUNT:  # the common case: skip Decimal
        return amount * 100
    value = check_magnitude(amount) if type(amount) is Decimal else to_decimal(amount)
    try:
        # Exact: multiplying a value quantized to 0.01 by 1E+2 (coefficient 1) only moves
        # the exponent, so no digit can be rounded. Context methods, not keyword arguments:
        # they are twice as fast, and this is the hot path of bahttext.
        # NaN gets through quantize and fails in int(); infinity fails in quantize.
        return int(_MONEY_CONTEXT.multiply(_MONEY_CONTEXT.quantize(value, CENT), _SHIFT_TWO_PLACES))
    except (InvalidOperation, ValueError):
        raise AmountError(f"amount too large or not a number: {amount}", value=amount) from None


def format_amount(amount: object, digits: Digits = "thai", satang: bool | None = None) -> str:
    """Figures with thousands separators, as written in letters and forms.

    ``satang=None`` shows satang only when there are some; True always shows two places;
    False never shows them and refuses an amount that has some, so nothing is hidden.

    >>> format_amount(160674400)
    '๑๖๐,๖๗๔,๔๐๐'
    >>> format_amount(160674400, digits="arabic", satang=True)
    '160,674,400.00'
    >>> format_amount("1234.5", digits="arabic")
    '1,234.50'
    """
    cents = to_satang(amount)
    baht, rest = divmod(abs(cents), 100)
    if satang is False and rest:
        raise AmountError(
            f"amount {amount} has satang; refusing to drop them (use satang=None or True)",
            value=amount,
        )
    text = f"{baht:,}"
    if rest or satang:
        text += f".{rest:02d}"
    if cents < 0:
        text = "-" + text
    return thai_digits(text) if digits == "thai" else _check_digits(digits, text)


def format_number(n: object, digits: Digits = "thai") -> str:
    """A count (villages, districts, people) with thousands separators.

    >>> format_number(75032)
    '๗๕,๐๓๒'
    >>> format_number("8780", digits="arabic")
    '8,780'
    """
    value = to_decimal(n)
    text = f"{value:,}"
    return thai_digits(text) if digits == "thai" else _check_digits(digits, text)


def _check_digits(digits: str, text: str) -> str:
    if digits != "arabic":
        raise ValueError(f"digits must be 'thai' or 'arabic', not {digits!r}")
    return text
