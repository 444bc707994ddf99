"""The letter wording tables, written one way and read the other: each direction derived from
one definition (thaidoc.thai.letters), so these tests tie the two together."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from thaidoc.model.common import LetterNumber, Recipient
from thaidoc.read.layout import document_lines, parse_letter
from thaidoc.read.letter import _recipient
from thaidoc.thai import MINISTRY_CODES, PROVINCES, thai_digits
from thaidoc.thai.letters import (
    CLOSINGS,
    SALUTATION_WORDS,
    SALUTATIONS,
    format_letter_number,
    parse_letter_number,
    rank_of,
)


def test_every_rank_reads_back_from_its_own_salutation_and_closing() -> None:
    for rank, (salutation, closing) in SALUTATIONS.items():
        assert rank_of(salutation, closing) == rank
        # what the reader makes of the printed pair is the rank again, with no override
        assert _recipient(salutation, "ผู้รับ", closing) == {"name": "ผู้รับ", "rank": rank}


def test_the_derived_tables_cover_the_table_and_nothing_else() -> None:
    assert set(SALUTATION_WORDS) == {salutation for salutation, _ in SALUTATIONS.values()}
    assert set(CLOSINGS) == {closing for _, closing in SALUTATIONS.values()}
    assert SALUTATION_WORDS["นมัสการ"] == "monk"  # the first rank using it; the closing tells the rest
    assert rank_of("เรียน", "ขอนมัสการด้วยความเคารพ") is None
    assert rank_of("ถึง") is None


def test_the_model_prints_what_the_table_says() -> None:
    for rank, (salutation, closing) in SALUTATIONS.items():
        recipient = Recipient(name="ผู้รับ", rank=rank)
        assert (recipient.salutation_text, recipient.closing_text) == (salutation, closing)


def _letter(salutation: str, closing: str) -> list[str]:
    return ["ที่ ฉช ๐๐๑๙/๔๗", "ศาลากลางจังหวัดฉะเชิงเทรา", "๒๘ เมษายน ๒๕๖๓", "เรื่อง ทดสอบ",
            f"{salutation} ผู้รับ", "ข้อความ", closing, "(นายสมชาย ใจดี)", "ผู้ว่าราชการจังหวัดฉะเชิงเทรา"]


def test_the_layout_reader_finds_every_salutation_and_closing_of_the_table() -> None:
    from types import SimpleNamespace as NS

    for salutation, closing in SALUTATIONS.values():
        lines = _letter(salutation, closing)
        doc = NS(blocks=[NS(kind="paragraph", index=i, text=t, rows=(), line=i + 1) for i, t in enumerate(lines)])
        layout = parse_letter(document_lines(doc))
        assert layout.salutation == 4, salutation
        assert layout.closing == 6, closing


_CODES = sorted({p.abbreviation for p in PROVINCES} | set(MINISTRY_CODES))
_DIGITS = st.text("0123456789", min_size=1, max_size=5)


@given(
    code=st.sampled_from(_CODES),
    office=st.lists(_DIGITS, min_size=0, max_size=3).map(".".join),
    number=st.one_of(st.none(), _DIGITS, st.tuples(_DIGITS, _DIGITS).map("/".join)),
    circular=st.booleans(),
    thai=st.booleans(),
)
def test_letter_number_round_trips(code: str, office: str, number: str | None, circular: bool, thai: bool) -> None:
    full_office = f"{code} {office}".strip()
    if thai:
        full_office, number = thai_digits(full_office), thai_digits(number) if number else number
    written = format_letter_number(full_office, number, circular=circular)
    parts = parse_letter_number("ที่ " + written)
    assert parts is not None, written
    assert (parts.code, parts.office, parts.circular, parts.register) == (code, full_office, circular, number or None)


def test_the_model_writes_the_letter_number_through_the_one_format() -> None:
    number = LetterNumber(office="ฉช 0019", number="2215", circular=True)
    assert number.text() == thai_digits(format_letter_number("ฉช 0019", "2215", circular=True))
    parts = parse_letter_number("ที่ " + number.text())
    assert parts is not None and parts.circular and parts.register == "๒๒๑๕"


def test_ministry_codes_live_beside_the_provinces_and_do_not_collide() -> None:
    assert MINISTRY_CODES["มท"] == "กระทรวงมหาดไทย"
    assert not set(MINISTRY_CODES) & {p.abbreviation for p in PROVINCES}


@given(number=st.integers(min_value=1, max_value=99_999), year=st.integers(min_value=2400, max_value=2999),
       thai=st.booleans())
def test_order_number_round_trips(number: int, year: int, thai: bool) -> None:
    from thaidoc.thai.letters import format_order_number, parse_order_number

    written = format_order_number(number, year)
    assert parse_order_number("ที่ " + (thai_digits(written) if thai else written)) == (number, year)


def test_every_urgency_and_secrecy_the_model_accepts_is_read_back() -> None:
    from types import SimpleNamespace as NS

    from thaidoc.thai.letters import SECRECY_LEVELS, URGENCIES

    for urgency, secrecy in zip(URGENCIES, SECRECY_LEVELS, strict=True):
        lines = [secrecy, urgency, *_letter("เรียน", "ขอแสดงความนับถือ")]
        doc = NS(blocks=[NS(kind="paragraph", index=i, text=t, rows=(), line=i + 1) for i, t in enumerate(lines)])
        layout = parse_letter(document_lines(doc))
        assert (layout.secrecy, layout.urgency) == (0, 1), (secrecy, urgency)
