"""Digits both ways, reading amounts into Decimal, and figures with separators."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import thaidoc
from thaidoc.errors import AmountError
from thaidoc.thai import arabic_digits, format_amount, format_number, thai_digits, to_decimal, to_satang

DIGIT_PAIRS = [
    ("0123456789", "๐๑๒๓๔๕๖๗๘๙"),
    ("ที่ ฉช 0019/ว 2215", "ที่ ฉช ๐๐๑๙/ว ๒๒๑๕"),
    ("160,674,400.50 บาท", "๑๖๐,๖๗๔,๔๐๐.๕๐ บาท"),
    ("no digits", "no digits"),
    ("", ""),
    ("โทร. 0 5315 0199", "โทร. ๐ ๕๓๑๕ ๐๑๙๙"),
]


@pytest.mark.parametrize(("arabic", "thai"), DIGIT_PAIRS)
def test_digits_both_ways(arabic: str, thai: str) -> None:
    assert thai_digits(arabic) == thai
    assert arabic_digits(thai) == arabic


def test_digits_accept_numbers() -> None:
    assert thai_digits(2567) == "๒๕๖๗"
    assert thai_digits(Decimal("1.50")) == "๑.๕๐"


@given(st.text())
def test_digit_conversion_round_trips_on_any_text(text: str) -> None:
    assert arabic_digits(thai_digits(text)) == arabic_digits(text)
    assert thai_digits(arabic_digits(text)) == thai_digits(text)
    assert not any(c in "0123456789" for c in thai_digits(text))
    assert not any(c in "๐๑๒๓๔๕๖๗๘๙" for c in arabic_digits(text))


@given(st.integers())
def test_thai_digits_of_integers_read_back(n: int) -> None:
    assert int(arabic_digits(thai_digits(n))) == n


TO_DECIMAL = [
    (160674400, "160674400"),
    (Decimal("1.50"), "1.50"),
    ("160,674,400", "160674400"),
    ("๑๖๐,๖๗๔,๔๐๐.๕๐", "160674400.50"),
    (" 1,000 ", "1000"),
    ("-5", "-5"),
    ("\u22125", "-5"),
    ("+5", "5"),
    ("0.005", "0.005"),
    ("1000000", "1000000"),
    ("๐", "0"),
    (-7, "-7"),
]


@pytest.mark.parametrize(("value", "expected"), TO_DECIMAL)
def test_to_decimal(value: object, expected: str) -> None:
    result = to_decimal(value)
    assert isinstance(result, Decimal)
    assert result == Decimal(expected)
    assert str(result) == expected  # exponent kept: "1.50" stays 1.50


@pytest.mark.parametrize(
    "bad", [0.5, 1.0, True, False, None, "", "  ", "1,00", "1,000,00", ",100", "1.", ".5", "1e3", "abc", object()]
)
def test_to_decimal_refuses(bad: object) -> None:
    with pytest.raises(AmountError):
        to_decimal(bad)


@pytest.mark.parametrize(
    ("amount", "satang"),
    [(1, 100), (Decimal("0.005"), 1), (Decimal("0.0049"), 0), ("11.01", 1101), (Decimal("-0.005"), -1), (10**20, 10**22)],
)
def test_to_satang_rounds_half_up(amount: object, satang: int) -> None:
    assert to_satang(amount) == satang


FORMAT_AMOUNT = [
    (160674400, {}, "๑๖๐,๖๗๔,๔๐๐"),
    (160674400, {"digits": "arabic", "satang": True}, "160,674,400.00"),
    (160674400, {"digits": "arabic"}, "160,674,400"),
    ("1234.5", {"digits": "arabic"}, "1,234.50"),
    ("1234.5", {}, "๑,๒๓๔.๕๐"),
    (Decimal("0.005"), {"digits": "arabic"}, "0.01"),
    (0, {"digits": "arabic"}, "0"),
    (0, {"digits": "arabic", "satang": True}, "0.00"),
    (-1500, {"digits": "arabic", "satang": True}, "-1,500.00"),
    (999, {"digits": "arabic"}, "999"),
    (1000, {"digits": "arabic"}, "1,000"),
    (18300, {"satang": False}, "๑๘,๓๐๐"),
    ("๘,๗๘๐", {"digits": "arabic"}, "8,780"),
]


@pytest.mark.parametrize(("amount", "options", "text"), FORMAT_AMOUNT)
def test_format_amount(amount: object, options: dict[str, object], text: str) -> None:
    assert format_amount(amount, **options) == text  # type: ignore[arg-type]


def test_format_amount_refuses_to_hide_satang() -> None:
    with pytest.raises(AmountError, match="satang"):
        format_amount("1.50", satang=False)


def test_format_amount_refuses_floats_and_bad_digits() -> None:
    with pytest.raises(AmountError):
        format_amount(1.5)
    with pytest.raises(ValueError):
        format_amount(1, digits="roman")  # type: ignore[arg-type]


@given(st.integers(min_value=-(10**17), max_value=10**17))
def test_format_amount_reads_back(cents: int) -> None:
    amount = Decimal(cents).scaleb(-2)
    assert to_decimal(format_amount(amount, satang=True)) == amount
    assert to_decimal(format_amount(amount, digits="arabic")) == amount


@pytest.mark.parametrize(
    ("n", "digits", "text"),
    [(75032, "thai", "๗๕,๐๓๒"), (878, "thai", "๘๗๘"), ("8780", "arabic", "8,780"), (1000000, "arabic", "1,000,000")],
)
def test_format_number(n: object, digits: str, text: str) -> None:
    assert format_number(n, digits=digits) == text  # type: ignore[arg-type]


def test_exported_from_thaidoc() -> None:
    assert thaidoc.thai_digits is thai_digits
    assert thaidoc.to_decimal is to_decimal
    assert thaidoc.format_number is format_number
