"""Fuzz the Thai parsers: whatever text a stranger sends, only a ThaidocError escapes.

Portal data reaches these readers unfiltered (a date field, words in a letter, figures in a
row). Inputs are built from the pieces the readers look for (number words, month names and
abbreviations, weekday words, Thai and Arabic digits, separators, parentheses, dashes) mixed
with arbitrary characters, so that most examples get deep into the grammar instead of being
refused at the first character. Each example is at most a few thousand characters; the
generous deadline only catches a reader that has gone quadratic or worse (what took 11 s on
1.2 MB before issue 12), it is not a speed target.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thaidoc.errors import ThaidocError
from thaidoc.thai import (
    MONTHS,
    MONTHS_ABBR,
    WEEKDAYS,
    WEEKDAYS_ABBR,
    arabic_digits,
    bahttext,
    find_thai_dates,
    format_amount,
    format_number,
    numbertext,
    parse_bahttext,
    parse_bahttext_lenient,
    parse_numbertext,
    parse_thai_date,
    read_date,
    thai_date,
    thai_digits,
    to_decimal,
    to_satang,
)

WORDS = ["ศูนย์", "หนึ่ง", "เอ็ด", "สอง", "ยี่", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า", "สิบ",
         "ร้อย", "พัน", "หมื่น", "แสน", "ล้าน", "บาท", "ถ้วน", "ตรง", "สตางค์", "ลบ"]
DATE_PIECES = [*MONTHS, *MONTHS_ABBR, *WEEKDAYS, *WEEKDAYS_ABBR, "วัน", "ที่", "วันที่", "ณ", "เดือน", "พ.ศ.",
               "พ.ศ", "ค.ศ.", "-", "/", ".", ","]
OTHER = [" ", "\u00a0", "\u200b", "\t", "\n", "(", ")", "-", "–", "−", "+", "่", "ึ", "๎", "\ufeff", "\x00", "x", "e",
         "E", "NaN", "Infinity", "_", "'", '"', "{{", "}}"]
DIGITS = list("0123456789๐๑๒๓๔๕๖๗๘๙")

pieces = st.sampled_from(WORDS + DATE_PIECES + OTHER + DIGITS)
thai_like = st.lists(st.one_of(pieces, pieces, pieces, st.text(max_size=3)), max_size=400).map("".join)
texts = st.one_of(thai_like, st.text(max_size=200))
numbers = st.one_of(
    st.integers(), st.integers(min_value=-(10**40), max_value=10**40), st.decimals(), st.text(max_size=60),
    st.floats(), st.booleans(), st.none(), st.lists(st.integers(), max_size=2), st.complex_numbers(),
    st.lists(st.sampled_from(DIGITS + [",", ".", "-", " ", "+"]), max_size=60).map("".join),
)

FUZZ = settings(max_examples=300, deadline=timedelta(seconds=5),
                suppress_health_check=[HealthCheck.too_slow])


def only_thaidoc_errors(call, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except ThaidocError:
        return None


@FUZZ
@given(texts)
def test_words_readers_raise_only_thaidoc_errors(text):
    only_thaidoc_errors(parse_bahttext, text)
    reading = parse_bahttext_lenient(text)  # reports problems, never raises for text
    assert reading.amount is None or isinstance(reading.amount, Decimal)
    assert reading.ok == (not reading.problems)
    number = only_thaidoc_errors(parse_numbertext, text)
    assert number is None or isinstance(number, int)


@FUZZ
@given(texts, st.one_of(st.none(), st.integers(min_value=-5, max_value=1000), st.integers(min_value=20, max_value=32)),
       st.one_of(st.none(), st.integers(min_value=-(10**6), max_value=10**6),
                 st.integers(min_value=2300, max_value=10_700)))  # around both ends of the accepted years
def test_date_readers_raise_only_thaidoc_errors(text, century, reference_year):
    only_thaidoc_errors(parse_thai_date, text, century=century, reference_year=reference_year)
    matches = only_thaidoc_errors(find_thai_dates, text, century=century, reference_year=reference_year)
    for match in matches or []:
        assert text[match.start:match.end] == match.text
    only_thaidoc_errors(read_date, text)


@FUZZ
@given(st.one_of(texts, st.dates(), st.integers(), st.none()), st.text(max_size=10), st.text(max_size=10))
def test_date_writer_raises_only_thaidoc_errors(value, style, digits):
    only_thaidoc_errors(thai_date, value, style, digits)  # type: ignore[arg-type]
    only_thaidoc_errors(read_date, value)


@FUZZ
@given(numbers)
def test_figure_readers_and_writers_raise_only_thaidoc_errors(value):
    for call in (to_decimal, to_satang, bahttext, format_amount, format_number, numbertext):
        only_thaidoc_errors(call, value)


@FUZZ
@given(texts)
def test_digit_conversion_never_fails_and_round_trips(text):
    assert arabic_digits(thai_digits(text)) == arabic_digits(text)
    assert thai_digits(arabic_digits(text)) == thai_digits(text)
