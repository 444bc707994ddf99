"""The fixed wording of an official letter (ระเบียบงานสารบรรณ), written and read in one place.

Each table here is the one definition that writing a letter (:mod:`thaidoc.model`) and
reading one back (:mod:`thaidoc.read`) both use, in the way babel keeps ``format_decimal``
beside ``parse_decimal``: a rule change touches one place and both directions follow.

>>> SALUTATIONS["highest"]
('กราบเรียน', 'ขอแสดงความนับถืออย่างยิ่ง')
>>> rank_of("นมัสการ", "ขอนมัสการด้วยความเคารพอย่างยิ่ง")
'monk-highest'
>>> format_letter_number("ฉช ๐๐๑๙", "๒๒๑๕", circular=True)
'ฉช ๐๐๑๙/ว ๒๒๑๕'
>>> parse_letter_number("ที่ ฉช ๐๐๑๙/ว ๒๒๑๕")
LetterNumberParts(code='ฉช', office='ฉช ๐๐๑๙', circular=True, register='๒๒๑๕')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, TypeAlias, get_args

__all__ = [
    "Urgency",
    "Secrecy",
    "URGENCIES",
    "SECRECY_LEVELS",
    "Rank",
    "SALUTATIONS",
    "SALUTATION_WORDS",
    "CLOSINGS",
    "rank_of",
    "LetterNumberParts",
    "format_letter_number",
    "parse_letter_number",
    "format_order_number",
    "parse_order_number",
]

#: How urgent (printed top left, in red) and how secret (top and bottom) a letter is.
Urgency: TypeAlias = Literal["ด่วนที่สุด", "ด่วนมาก", "ด่วน"]
Secrecy: TypeAlias = Literal["ลับที่สุด", "ลับมาก", "ลับ"]
URGENCIES: tuple[str, ...] = get_args(Urgency)
SECRECY_LEVELS: tuple[str, ...] = get_args(Secrecy)

#: Recipient rank: ``general`` (everyone else), ``highest`` (ประธานองคมนตรี, นายกรัฐมนตรี,
#: ประธานรัฐสภา …), ``monk`` (พระภิกษุ), ``monk-senior`` (พระราชาคณะ), ``monk-highest``
#: (สมเด็จพระราชาคณะ).
Rank: TypeAlias = Literal["general", "highest", "monk", "monk-senior", "monk-highest"]

#: rank -> (คำขึ้นต้น, คำลงท้าย), after ระเบียบงานสารบรรณ ภาคผนวก ๒.
SALUTATIONS: dict[Rank, tuple[str, str]] = {
    "general": ("เรียน", "ขอแสดงความนับถือ"),
    "highest": ("กราบเรียน", "ขอแสดงความนับถืออย่างยิ่ง"),
    "monk": ("นมัสการ", "ขอนมัสการด้วยความเคารพ"),
    "monk-senior": ("นมัสการ", "ขอนมัสการด้วยความเคารพอย่างสูง"),
    "monk-highest": ("นมัสการ", "ขอนมัสการด้วยความเคารพอย่างยิ่ง"),
}

#: Each salutation word and the first rank that uses it (นมัสการ -> monk; the closing tells
#: the senior ranks apart), longest word first so that กราบเรียน is matched before เรียน.
SALUTATION_WORDS: dict[str, Rank] = dict(
    sorted({word: rank for rank, (word, _) in reversed(SALUTATIONS.items())}.items(), key=lambda item: -len(item[0]))
)

#: Every closing of the table, longest first.
CLOSINGS: tuple[str, ...] = tuple(sorted({closing for _, closing in SALUTATIONS.values()}, key=len, reverse=True))


def rank_of(salutation: str, closing: str | None = None) -> Rank | None:
    """The rank a salutation (and, when given, its closing) stands for; None when the pair is
    not one of the table's. Without a closing, the first rank using the salutation."""
    if closing is None:
        return SALUTATION_WORDS.get(salutation)
    return next((rank for rank, pair in SALUTATIONS.items() if pair == (salutation, closing)), None)


# ---------------------------------------------------------------------- the letter number


@dataclass(frozen=True, slots=True)
class LetterNumberParts:
    """ที่ ฉช ๐๐๑๙/ว ๒๒๑๕ read apart: code ฉช, office ฉช ๐๐๑๙, circular, register ๒๒๑๕."""

    code: str
    office: str
    circular: bool
    register: str | None


def format_letter_number(office: str, number: str | None = None, *, circular: bool = False) -> str:
    """The number as printed after ที่: the office code, ``/``, ``ว`` for a circular, and the
    register number (left out when the registry stamps it by hand after signing). Digits are
    kept as given.

    >>> format_letter_number("มท ๐๘๐๘.๒", "๔๗")
    'มท ๐๘๐๘.๒/๔๗'
    >>> format_letter_number("มท ๐๘๐๘.๒", None, circular=True)
    'มท ๐๘๐๘.๒/ว'
    """
    number = number or ""
    tail = f"ว {number}".rstrip() if circular else number
    return f"{office.strip()}/{tail}"


# Read as typed, not only as printed: spaces anywhere, a dot after the code, ว. with a dot,
# a register with a year after a second slash (๔๗/๗๕).
_NUMBER_RE = re.compile(
    r"^ที่\s*(?P<code>[ก-ฮ]{2,4})\s*\.?\s*(?P<office>[0-9๐-๙][0-9๐-๙.]*)?\s*/\s*"
    r"(?P<circ>ว\.?)?\s*(?P<reg>[0-9๐-๙][^\s]*(?:\s*/\s*[0-9๐-๙]+)?)?"
)


def parse_letter_number(text: str) -> LetterNumberParts | None:
    """Read a ``ที่ …`` line back into its parts; None when it is not one.

    >>> parse_letter_number("ที่ ขร ๐๐๑๙.๑/ว ๔๗/๗๕")
    LetterNumberParts(code='ขร', office='ขร ๐๐๑๙.๑', circular=True, register='๔๗/๗๕')
    >>> parse_letter_number("ที่ตั้ง ๑๒ ถนนเรืองวุฒิ") is None
    True
    """
    match = _NUMBER_RE.match(text)
    if match is None:
        return None
    office = match["code"] + (f" {match['office']}" if match["office"] else "")
    register = match["reg"].strip() if match["reg"] else None
    return LetterNumberParts(match["code"], office, bool(match["circ"]), register)


# ---------------------------------------------------------------------- an order's number


def format_order_number(number: int | None, year: int) -> str:
    """An order's (คำสั่ง) number after ที่: ``๑๒/๒๕๖๗``, blanks for a number stamped later.
    Digits are Arabic; the model writes them in the document's style.

    >>> format_order_number(12, 2567), format_order_number(None, 2567)
    ('12/2567', '     /2567')
    """
    return f"{number}/{year}" if number else f"     /{year}"


_ORDER_NUMBER = re.compile(r"^ที่\s*(?P<number>[0-9๐-๙]+)\s*/\s*(?P<year>[0-9๐-๙]{4})$")
_TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def parse_order_number(text: str) -> tuple[int, int] | None:
    """(number, Buddhist year) from an order's ``ที่ …`` line; None when it is not one.

    >>> parse_order_number("ที่ ๑๒/๒๕๖๗")
    (12, 2567)
    """
    match = _ORDER_NUMBER.match(text)
    if match is None:
        return None
    return int(match["number"].translate(_TO_ARABIC)), int(match["year"].translate(_TO_ARABIC))
