"""Normalisation before diffing: what a reader cannot see must not count as a change."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thaidoc.diff.normalise import THAI_DIGITS, comparison_key, normalise, normalise_mapped

NIKHAHIT, SARA_AA, SARA_AM, MAI_THO = "\u0e4d", "\u0e32", "\u0e33", "\u0e49"

TABLE = [
    # (typed, what it must normalise to)
    ("๒๕๖๗", "2567"),
    ("๑๖๐,๖๗๔,๔๐๐ บาท", "160,674,400 บาท"),
    ("ที่ ขร ๐๐๑๙.๑/ว ๔๗", "ที่ ขร 0019.1/ว 47"),
    ("ก" + NIKHAHIT + SARA_AA + "ลัง", "กำลัง"),  # decomposed sara am
    ("น" + NIKHAHIT + MAI_THO + SARA_AA, "น" + MAI_THO + SARA_AM),  # น ํ ้ า
    ("น" + MAI_THO + NIKHAHIT + SARA_AA, "น" + MAI_THO + SARA_AM),  # น ้ ํ า
    ("น้ำ", "น้ำ"),  # already composed
    ("เเละ", "และ"),  # two sara e for sara ae
    ("ราช\u200bการ", "ราชการ"),
    ("ราช\u200cการ\u200d", "ราชการ"),
    ("\ufeffเรื่อง", "เรื่อง"),
    ("ประ\u00adชา\u2060รัฐ", "ประชารัฐ"),
    ("เรียน  นายอำเภอ\tทุกอำเภอ", "เรียน นายอำเภอ ทุกอำเภอ"),
    ("ศาลากลาง\nจังหวัด", "ศาลากลาง จังหวัด"),
    ("\u00a0ถนน\u00a0แม่ฟ้าหลวง \r\n", "ถนน แม่ฟ้าหลวง"),
    ("กุ่ม", "กุ่ม"),
    ("ก\u0e48\u0e38", "ก\u0e38\u0e48"),  # tone before sara u: canonical order (NFC)
    ("e\u0301", "\u00e9"),  # NFC composition
    ("", ""),
    ("   ", ""),
]


@pytest.mark.parametrize(("typed", "expected"), TABLE)
def test_normalise_table(typed: str, expected: str) -> None:
    assert normalise(typed) == expected


def test_decomposed_sara_am_in_a_word_compares_equal() -> None:
    typed = "ดำเนินการ".replace(SARA_AM, NIKHAHIT + SARA_AA)
    assert typed != "ดำเนินการ"
    assert comparison_key(typed) == comparison_key("ดำเนินการ")


def test_line_wrapping_does_not_count() -> None:
    one_line = "ตามหนังสือที่อ้างถึงจังหวัดเชียงราย ได้แจ้งแนวทางการดำเนินงาน"
    wrapped = "ตามหนังสือที่อ้างถึง\nจังหวัดเชียงราย ได้แจ้ง\nแนวทางการดำเนินงาน"
    assert comparison_key(one_line) == comparison_key(wrapped)


def test_a_changed_word_still_counts() -> None:
    assert comparison_key("ขอให้อำเภอดำเนินการ") != comparison_key("ขอให้จังหวัดดำเนินการ")
    assert comparison_key("๑๖๐,๖๗๔,๔๐๐") != comparison_key("160,674,000")


def test_map_points_at_the_original_characters() -> None:
    text = " น" + NIKHAHIT + MAI_THO + SARA_AA + "\u200b ๑"
    result, where = normalise_mapped(text)
    assert result == "น" + MAI_THO + SARA_AM + " 1"
    assert len(where) == len(result)
    assert text[where[0]] == "น"
    assert text[where[-1]] == "๑"
    assert where == sorted(where)


thai_and_friends = st.text(
    st.sampled_from(
        list("กขนมเแาะ") + [NIKHAHIT, SARA_AA, SARA_AM, MAI_THO, "\u0e48", "\u0e38", "\u0e31"]
        + list(THAI_DIGITS) + list("0123456789 \n\t\u00a0") + list("\u200b\u200c\u00ad\ufeff")
        + ["\u0301", "e"]
    )
)


@settings(max_examples=400)
@given(thai_and_friends | st.text())
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once
    assert unicodedata.is_normalized("NFC", once)


@settings(max_examples=300)
@given(thai_and_friends | st.text())
def test_map_is_complete_and_in_range(text: str) -> None:
    result, where = normalise_mapped(text)
    assert len(where) == len(result)
    assert all(0 <= i < len(text) for i in where)


digit_text = st.text(st.sampled_from(list("0123456789กขค ,.บาท")), max_size=40)


@settings(max_examples=300)
@given(digit_text, st.data())
def test_digit_script_differences_vanish(text: str, data: st.DataObject) -> None:
    # convert an arbitrary subset of the digits to Thai digits
    flips = data.draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    mixed = "".join(
        THAI_DIGITS[int(ch)] if ch.isdigit() and flip else ch for ch, flip in zip(text, flips)
    )
    assert normalise(mixed) == normalise(text)
    assert comparison_key(mixed) == comparison_key(text)


@settings(max_examples=300)
@given(st.text(st.sampled_from(list("กขคงนมเาะ่้ำ ")), max_size=40), st.data())
def test_zero_width_and_spacing_differences_vanish(text: str, data: st.DataObject) -> None:
    noisy = []
    for ch in text:
        noisy.append(ch)
        noisy.append(data.draw(st.sampled_from(["", "", "\u200b", "\u00ad", "\ufeff", "\n"])))
    assert comparison_key("".join(noisy)) == comparison_key(text)


@settings(max_examples=500)
@given(thai_and_friends | st.text())
def test_fast_and_mapped_normalisation_agree(text: str) -> None:
    assert normalise(text) == normalise_mapped(text)[0]
