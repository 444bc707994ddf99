"""Baht amounts in Thai words, both ways.

Writing follows Excel's BAHTTEXT and the Royal Institute:

- 10 สิบ, 20 ยี่สิบ, 11 สิบเอ็ด;
- a final 1 is เอ็ด whenever the number being read has another non-zero digit (101
  หนึ่งร้อยเอ็ด, 1,000,001 หนึ่งล้านเอ็ด), and that includes the count in front of ล้าน,
  which is read as a number of its own (21,000,000 ยี่สิบเอ็ดล้าน, but 1,000,000 หนึ่งล้าน);
- ล้าน repeats for 10^12 and up (ล้านล้าน);
- satang are rounded half-up to two places and read as an ordinary number (11.01
  สิบเอ็ดบาทหนึ่งสตางค์); there is no ศูนย์บาท before satang (0.25 ยี่สิบห้าสตางค์);
  ถ้วน only when there are no satang; zero is ศูนย์บาทถ้วน; negatives take ลบ.

Where the usual libraries differ (checked in tests/test_thai_bahttext.py): num2words
(lang="th", to="currency") agrees on every amount except negatives, which it writes ติดลบ;
pythainlp's bahttext writes ศูนย์บาท before satang (ศูนย์บาทยี่สิบห้าสตางค์) and reads the
count before the second ล้าน without เอ็ด (1,000,001,000,000 หนึ่งล้านหนึ่งล้าน, where the
rule above gives หนึ่งล้านเอ็ดล้าน).

Reading has two entry points on purpose. ``parse_bahttext`` is strict: it accepts what a
correct letter may contain (our spelling, หนึ่ง for เอ็ด in the units, spaces, ตรง for ถ้วน)
and rejects anything else with the character position where the wording breaks, because a
checker must not quietly "understand" a malformed amount. ``parse_bahttext_lenient`` reports
what a faulty text probably meant, with the list of problems, for error messages.
Words are read as documents print them, so an amount in parentheses or between dashes,
"(หนึ่งร้อยบาทถ้วน)" or "(-หนึ่งร้อยบาทถ้วน-)", reads as the words inside.

Plain numbers (counts, not baht) have the same pair, after LibreOffice's NUMBERTEXT:
``numbertext(2300612)`` writes สองล้านสามแสนหกร้อยสิบสอง and ``parse_numbertext`` reads it
back, strictly, by the same grammar as the baht number.

Reading is linear in the length of the text: a number is refused as soon as it passes
``MAX_AMOUNT`` (10^24), so "ล้านล้านล้าน…" a megabyte long costs no big-number arithmetic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from thaidoc.errors import AmountError
from thaidoc.thai.digits import MAX_AMOUNT, TOO_LARGE, to_satang

__all__ = ["bahttext", "parse_bahttext", "parse_bahttext_lenient", "LenientReading", "numbertext",
           "parse_numbertext"]

# --------------------------------------------------------------------------- writing
# Speed: every number is assembled from three precomputed tables of 1000 entries, so a
# call costs a few divmods and string joins; no regex, no Decimal arithmetic past rounding.

_DIGIT_WORDS = ("", "หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า")


def _below_thousand(n: int, final_one_is_ed: bool) -> str:
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words = _DIGIT_WORDS[hundreds] + "ร้อย" if hundreds else ""
    if tens == 1:
        words += "สิบ"
    elif tens == 2:
        words += "ยี่สิบ"
    elif tens:
        words += _DIGIT_WORDS[tens] + "สิบ"
    if units == 1 and (final_one_is_ed or n > 1):
        words += "เอ็ด"
    else:
        words += _DIGIT_WORDS[units]
    return words


def _thousands_words(n: int) -> str:
    """Words for n × 1000 within one six-digit group: แสน, หมื่น, พัน (no เอ็ด here)."""
    hundred_thousands, rest = divmod(n, 100)
    ten_thousands, thousands = divmod(rest, 10)
    return (
        (_DIGIT_WORDS[hundred_thousands] + "แสน" if hundred_thousands else "")
        + (_DIGIT_WORDS[ten_thousands] + "หมื่น" if ten_thousands else "")
        + (_DIGIT_WORDS[thousands] + "พัน" if thousands else "")
    )


# _ALONE[n]: 0..999 read as a whole number (1 is หนึ่ง, 101 is หนึ่งร้อยเอ็ด).
# _AFTER[n]: 0..999 preceded by a non-zero digit (a final 1 is always เอ็ด).
# _HIGH[n]: n thousands inside a group (n in 0..999).
_ALONE = tuple(_below_thousand(n, False) for n in range(1000))
_AFTER = tuple(_below_thousand(n, True) for n in range(1000))
_HIGH = tuple(_thousands_words(n) for n in range(1000))
_SATANG = ("",) + tuple(_ALONE[n] + "สตางค์" for n in range(1, 100))
_MILLION = 1_000_000


def _number_words(n: int) -> str:
    """Words for a positive whole number, with ล้าน repeated as often as needed."""
    if n < _MILLION:
        high, low = divmod(n, 1000)
        return _HIGH[high] + _AFTER[low] if high else _ALONE[low]
    millions, group = divmod(n, _MILLION)
    # The count of millions is read as a number of its own (21 → ยี่สิบเอ็ด, 1 → หนึ่ง);
    # the group after ล้าน always follows a non-zero digit, so its final 1 is เอ็ด.
    high, low = divmod(group, 1000)
    return _number_words(millions) + "ล้าน" + _HIGH[high] + _AFTER[low]


def bahttext(amount: object) -> str:
    """An amount in Thai words, as written after the figures in official letters.

    Accepts int, Decimal or figures in a string (Thai or Arabic digits, thousands
    separators). Floats are refused. Satang are rounded half-up to two places.

    >>> bahttext(160674400)
    'หนึ่งร้อยหกสิบล้านหกแสนเจ็ดหมื่นสี่พันสี่ร้อยบาทถ้วน'
    >>> bahttext("21,000,000")
    'ยี่สิบเอ็ดล้านบาทถ้วน'
    >>> bahttext(Decimal("11.01"))
    'สิบเอ็ดบาทหนึ่งสตางค์'
    >>> bahttext("0.25")
    'ยี่สิบห้าสตางค์'
    >>> bahttext("๑,๐๐๐,๐๐๐,๐๐๐,๐๐๐")
    'หนึ่งล้านล้านบาทถ้วน'
    >>> bahttext(-101)
    'ลบหนึ่งร้อยเอ็ดบาทถ้วน'
    >>> bahttext(0)
    'ศูนย์บาทถ้วน'
    """
    cents = to_satang(amount)
    if cents < 0:
        return "ลบ" + _words_for_satang(-cents)
    return _words_for_satang(cents)


def numbertext(n: object) -> str:
    """A whole number in Thai words, as a count is read (no บาท): LibreOffice's NUMBERTEXT.

    Same rules as the baht number of :func:`bahttext`: สิบ, ยี่สิบ, เอ็ด for a final 1 after
    other digits, ล้าน repeated; ศูนย์ for zero, ลบ for negatives.

    >>> numbertext(2300612)
    'สองล้านสามแสนหกร้อยสิบสอง'
    >>> numbertext(20), numbertext(101), numbertext(0), numbertext("-๒๑")
    ('ยี่สิบ', 'หนึ่งร้อยเอ็ด', 'ศูนย์', 'ลบยี่สิบเอ็ด')
    """
    cents = to_satang(n)
    if cents % 100:
        raise AmountError("ไม่ใช่จำนวนเต็ม / not a whole number", value=n, expected="a whole number",
                          found=str(n)[:60])
    whole = cents // 100
    if whole == 0:
        return "ศูนย์"
    return ("ลบ" if whole < 0 else "") + _number_words(abs(whole))


def _words_for_satang(cents: int) -> str:
    baht, satang = divmod(cents, 100)
    if not baht:
        return _SATANG[satang] if satang else "ศูนย์บาทถ้วน"
    if baht < _MILLION:
        high, low = divmod(baht, 1000)
        words = _HIGH[high] + _AFTER[low] if high else _ALONE[low]
    else:
        words = _number_words(baht)
    return words + ("บาท" + _SATANG[satang] if satang else "บาทถ้วน")


# --------------------------------------------------------------------------- reading

_DIGIT = "digit"
_PLACE = "place"  # สิบ ร้อย พัน หมื่น แสน
_MILLION_WORD = "million"
_BAHT = "baht"
_EXACT = "exact"  # ถ้วน / ตรง
_SATANG_WORD = "satang"
_MINUS = "minus"
_ZERO = "zero"
_SPACE = "space"
_UNKNOWN = "unknown"

# word -> (kind, value). Digit values: ยี่ is 2 but only before สิบ; เอ็ด is 1 but only as
# a final digit; the checks below know that by the word, not the value.
_VOCABULARY: dict[str, tuple[str, int]] = {
    "ศูนย์": (_ZERO, 0),
    "หนึ่ง": (_DIGIT, 1),
    "เอ็ด": (_DIGIT, 1),
    "สอง": (_DIGIT, 2),
    "ยี่": (_DIGIT, 2),
    "สาม": (_DIGIT, 3),
    "สี่": (_DIGIT, 4),
    "ห้า": (_DIGIT, 5),
    "หก": (_DIGIT, 6),
    "เจ็ด": (_DIGIT, 7),
    "แปด": (_DIGIT, 8),
    "เก้า": (_DIGIT, 9),
    "สิบ": (_PLACE, 1),
    "ร้อย": (_PLACE, 2),
    "พัน": (_PLACE, 3),
    "หมื่น": (_PLACE, 4),
    "แสน": (_PLACE, 5),
    "ล้าน": (_MILLION_WORD, 6),
    "บาท": (_BAHT, 0),
    "ถ้วน": (_EXACT, 0),
    "ตรง": (_EXACT, 0),
    "สตางค์": (_SATANG_WORD, 0),
    "ลบ": (_MINUS, 0),
}
# Longest first, so that no word is cut by a shorter one that starts it.
_WORDS_BY_LENGTH = sorted(_VOCABULARY, key=len, reverse=True)


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str
    value: int
    word: str
    start: int


# A tone mark typed before an upper vowel (หน่ึง instead of หนึ่ง) looks identical on
# screen and is common in text typed or extracted from PDFs; put them in the standard order
# before matching. Swapping two characters keeps every position valid for error messages.
_TONE_THEN_VOWEL = re.compile("([\u0e48-\u0e4b])([\u0e31\u0e34-\u0e37])")


# One scan in C: blanks, a known word (longest first), or an unknown run that lasts until a
# known word or a blank starts. (A loop over the words per character cost 3 µs a character.)
_KNOWN = "|".join(re.escape(word) for word in _WORDS_BY_LENGTH)
_TOKEN_RE = re.compile(rf"(?P<space>[\s\u200b]+)|(?P<word>{_KNOWN})|(?P<unknown>(?:(?!{_KNOWN})[^\s\u200b])++)")


def _tokenize(text: str) -> list[_Token]:
    text = _TONE_THEN_VOWEL.sub(r"\2\1", text)
    tokens: list[_Token] = []
    for match in _TOKEN_RE.finditer(text):
        kind = match.lastgroup
        word = match.group()
        if kind == "word":
            word_kind, value = _VOCABULARY[word]
            tokens.append(_Token(word_kind, value, word, match.start()))
        else:
            tokens.append(_Token(_SPACE if kind == "space" else _UNKNOWN, 0, word, match.start()))
    return tokens


def _shown_at(text: str, position: int) -> str:
    """The text with a marker where reading broke, shortened around that point."""
    start = max(0, position - 25)
    end = min(len(text), position + 25)
    before = ("…" if start else "") + text[start:position]
    after = text[position:end] + ("…" if end < len(text) else "")
    return f"{before}⟨here⟩{after}"


class _Broken(Exception):
    def __init__(self, reason: str, position: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.position = position


# "(หนึ่งร้อยบาทถ้วน)", "(-หนึ่งร้อยบาทถ้วน-)", "-หนึ่งร้อยบาทถ้วน-": how letters print the words
# after the figures. Only a matching pair is taken off; a lone "(" stays and is reported.
_DASHES = "-\u2013\u2014\u2212"


def _unwrapped(text: str) -> str:
    """The text with the parentheses and dashes around the words blanked out: spaces of the
    same length, so every position in an error still points into the text as given.
    (By hand, not a regex: "-" * 100,000 must not cost a backtracking scan per dash.)"""
    start, end = 0, len(text)
    for opening, closing in (("(", ")"), (_DASHES, _DASHES)):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end - start >= 2 and text[start] in opening and text[end - 1] in closing:
            start += 1
            end -= 1
            if opening == _DASHES:  # "--หนึ่งร้อยบาทถ้วน--": every dash at either end
                while start < end and text[start] in _DASHES:
                    start += 1
                while end > start and text[end - 1] in _DASHES:
                    end -= 1
    if start == 0 and end == len(text):
        return text
    return " " * start + text[start:end] + " " * (len(text) - end)


class _StrictReader:
    """Recursive-descent reading of the grammar that ``bahttext`` writes (plus variants)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = [t for t in _tokenize(_unwrapped(text)) if t.kind != _SPACE]
        self.i = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def end_position(self) -> int:
        return len(self.text.rstrip())

    def read(self) -> Decimal:
        token = self.peek()
        if token is None:
            raise _Broken("no amount in words", 0)
        negative = False
        if token.kind == _MINUS:
            negative = True
            self.i += 1
            token = self.peek()
            if token is None:
                raise _Broken("ลบ with no amount after it", self.end_position())
        if token.kind == _ZERO:
            cents = self.read_zero()
        else:
            cents = self.read_amount()
        leftover = self.peek()
        if leftover is not None:
            raise self.unexpected(leftover, "the amount ended before it")
        if negative and cents == 0:
            raise _Broken("ลบ in front of zero", self.tokens[0].start)
        return Decimal(-cents if negative else cents).scaleb(-2)

    def unexpected(self, token: _Token, context: str) -> _Broken:
        if token.kind == _UNKNOWN:
            return _Broken(f"{token.word!r} is not a number word", token.start)
        if token.kind == _BAHT:
            return _Broken(f"stray บาท: {context}", token.start)
        return _Broken(f"unexpected {token.word}: {context}", token.start)

    def read_zero(self) -> int:
        self.i += 1
        token = self.peek()
        if token is None or token.kind != _BAHT:
            raise _Broken("ศูนย์ must be followed by บาท (ศูนย์บาทถ้วน)", token.start if token else self.end_position())
        self.i += 1
        token = self.peek()
        if token is not None and token.kind == _EXACT:
            self.i += 1
            return 0
        if token is not None and token.kind in (_DIGIT, _PLACE):
            # "ศูนย์บาทห้าสิบสตางค์" is unusual but unambiguous.
            return self.read_satang()
        raise _Broken("ศูนย์บาท must be followed by ถ้วน or satang", token.start if token else self.end_position())

    def read_amount(self) -> int:
        start = self.peek()
        assert start is not None
        number = self.read_number()
        token = self.peek()
        if token is not None and token.kind == _SATANG_WORD:
            # Satang alone, no baht: "ยี่สิบห้าสตางค์".
            self.check_satang(number, start.start)
            self.i += 1
            return number
        if token is None or token.kind != _BAHT:
            where = token.start if token else self.end_position()
            what = f"found {token.word!r}" if token else "the text ends"
            raise _Broken(f"expected บาท after the number, {what}", where)
        baht_token = token
        self.i += 1
        token = self.peek()
        if token is None:
            raise _Broken("บาท must be followed by ถ้วน (or ตรง) or by satang", self.end_position())
        if token.kind == _EXACT:
            self.i += 1
            return number * 100
        if token.kind in (_DIGIT, _PLACE, _MILLION_WORD):
            # Either satang, or a stray บาท inside the baht amount (seen in issued letters:
            # "เจ็ดสิบเอ็ดล้านบาทหนึ่งแสน…บาทถ้วน"): a later บาท tells which.
            if any(t.kind == _BAHT for t in self.tokens[self.i :]):
                raise _Broken(
                    "stray บาท in the middle of the amount (บาท comes once, after the whole baht number)",
                    baht_token.start,
                )
            return number * 100 + self.read_satang()
        raise self.unexpected(token, "บาท must be followed by ถ้วน (or ตรง) or by satang")

    def read_satang(self) -> int:
        start = self.peek()
        assert start is not None
        satang = self.read_number()
        self.check_satang(satang, start.start)
        token = self.peek()
        if token is None or token.kind != _SATANG_WORD:
            where = token.start if token else self.end_position()
            raise _Broken("satang must end with สตางค์", where)
        self.i += 1
        return satang

    def check_satang(self, satang: int, position: int) -> None:
        if not 1 <= satang <= 99:
            raise _Broken(f"satang must be between 1 and 99, not {satang}", position)

    def read_number(self) -> int:
        """A positive whole number: groups of up to six digits separated by ล้าน."""
        total = 0  # everything before the last ล้าน, already multiplied
        group = 0
        last_place = 6  # places inside the current group must strictly decrease
        last_place_word = ""
        pending: _Token | None = None  # a digit word waiting for its place word
        consumed = False
        while True:
            token = self.peek()
            if token is None or token.kind not in (_DIGIT, _PLACE, _MILLION_WORD):
                break
            consumed = True
            if token.kind == _DIGIT:
                if pending is not None:
                    raise _Broken(f"two digit words in a row ({pending.word}{token.word})", token.start)
                pending = token
            elif token.kind == _PLACE:
                place = token.value
                if place >= last_place:
                    raise _Broken(
                        f"{token.word} cannot follow {last_place_word} within one group "
                        "(places go down from แสน to units before each ล้าน)",
                        token.start,
                    )
                group += self.place_digit(pending, token) * 10**place
                pending = None
                last_place, last_place_word = place, token.word
            else:  # ล้าน
                group += self.units_digit(pending, total + group, last_place)
                if total + group == 0:
                    raise _Broken("ล้าน needs a number in front of it", token.start)
                total = (total + group) * _MILLION
                if total >= MAX_AMOUNT:  # stop here: a longer number costs quadratic arithmetic
                    raise _Broken(f"{TOO_LARGE} (at most 10^24)", token.start)
                group, pending = 0, None
                last_place, last_place_word = 6, "ล้าน"
            self.i += 1
        if not consumed:
            token = self.peek()
            if token is not None and token.kind == _UNKNOWN:
                raise self.unexpected(token, "expected a number in words")
            where = token.start if token else self.end_position()
            raise _Broken("expected a number in words", where)
        group += self.units_digit(pending, total + group, last_place)
        return total + group

    @staticmethod
    def place_digit(pending: _Token | None, place: _Token) -> int:
        if place.value == 1:  # สิบ: 10 is สิบ, 20 is ยี่สิบ, never หนึ่งสิบ or สองสิบ
            if pending is None:
                return 1
            if pending.word == "ยี่":
                return 2
            if pending.word in ("หนึ่ง", "เอ็ด"):
                raise _Broken(f"10 is written สิบ, not {pending.word}สิบ", pending.start)
            if pending.word == "สอง":
                raise _Broken("20 is written ยี่สิบ, not สองสิบ", pending.start)
            return pending.value
        if pending is None:
            raise _Broken(f"{place.word} needs a digit word in front of it (หนึ่ง{place.word})", place.start)
        if pending.word in ("ยี่", "เอ็ด"):
            raise _Broken(f"{pending.word} cannot stand before {place.word}", pending.start)
        return pending.value

    @staticmethod
    def units_digit(pending: _Token | None, before: int, last_place: int) -> int:
        if pending is None:
            return 0
        if pending.word == "ยี่":
            raise _Broken("ยี่ must be followed by สิบ", pending.start + len(pending.word))
        if pending.word == "เอ็ด" and before == 0:
            raise _Broken("เอ็ด is a final 1 after other digits; alone it is หนึ่ง", pending.start)
        if pending.word == "หนึ่ง" and last_place == 1:
            raise _Broken("after สิบ a final 1 is written เอ็ด (สิบเอ็ด, ยี่สิบเอ็ด)", pending.start)
        return pending.value


def parse_bahttext(text: str) -> Decimal:
    """Read Thai baht words back into an amount, strictly.

    Accepts what ``bahttext`` writes plus the variants correct letters use: หนึ่ง for a
    final เอ็ด in the units (หนึ่งร้อยหนึ่งบาท), spaces anywhere, ตรง for ถ้วน, and
    ศูนย์บาท before satang. Anything else raises ``AmountError`` whose ``position`` is the
    character offset where the wording breaks.

    >>> parse_bahttext("หนึ่งร้อยหกสิบล้านหกแสนเจ็ดหมื่นสี่พันสี่ร้อยบาทถ้วน")
    Decimal('160674400.00')
    >>> parse_bahttext("สิบเอ็ดบาท หนึ่งสตางค์")
    Decimal('11.01')
    >>> parse_bahttext("หนึ่งร้อยหกสิบสามแสนเจ็ดหมื่นสี่พันบาทถ้วน")
    Traceback (most recent call last):
    ...
    thaidoc.errors.AmountError: not a valid amount in words: แสน cannot follow สิบ within one group (places go down from แสน to units before each ล้าน), at character 17: หนึ่งร้อยหกสิบสาม⟨here⟩แสนเจ็ดหมื่นสี่พันบาทถ้วน
    """
    if not isinstance(text, str):
        raise AmountError(f"amount in words must be text, not {type(text).__name__}", value=text)
    try:
        return _StrictReader(text).read()
    except _Broken as broken:
        raise AmountError(
            f"not a valid amount in words: {broken.reason}, at character {broken.position}: "
            f"{_shown_at(text, broken.position)}",
            position=broken.position,
            value=text,
        ) from None


def parse_numbertext(text: str) -> int:
    """Read a whole number in Thai words (no บาท) back, strictly: the inverse of :func:`numbertext`.

    The grammar of the baht number: หนึ่ง for a final เอ็ด is accepted, spaces anywhere, ลบ
    in front, ศูนย์ alone. Anything else raises ``AmountError`` with ``position``.

    >>> parse_numbertext("สองล้านสามแสนหกร้อยสิบสอง"), parse_numbertext("ยี่สิบ"), parse_numbertext("ศูนย์")
    (2300612, 20, 0)
    >>> parse_numbertext("สองสิบ")
    Traceback (most recent call last):
    ...
    thaidoc.errors.AmountError: อ่านตัวเลขจากคำไม่ได้ / not a valid number in words: 20 is written ยี่สิบ, not สองสิบ, at character 0: ⟨here⟩สองสิบ
    """
    if not isinstance(text, str):
        raise AmountError(f"ตัวเลขเป็นคำต้องเป็นข้อความ / a number in words must be text, not {type(text).__name__}",
                          value=text)
    reader = _StrictReader(text)
    try:
        token = reader.peek()
        if token is None:
            raise _Broken("no number in words", 0)
        negative = token.kind == _MINUS
        if negative:
            reader.i += 1
        token = reader.peek()
        if token is not None and token.kind == _ZERO:
            reader.i += 1
            if negative:
                raise _Broken("ลบ in front of zero", 0)
            number = 0
        else:
            number = reader.read_number()
        leftover = reader.peek()
        if leftover is not None:
            raise reader.unexpected(leftover, "the number ended before it")
    except _Broken as broken:
        raise AmountError(
            f"อ่านตัวเลขจากคำไม่ได้ / not a valid number in words: {broken.reason}, at character {broken.position}: "
            f"{_shown_at(text, broken.position)}",
            position=broken.position,
            value=text,
        ) from None
    return -number if negative else number


# --------------------------------------------------------------------------- lenient


@dataclass(frozen=True, slots=True)
class LenientReading:
    """What a possibly faulty amount in words most likely means.

    ``amount`` is None when nothing sensible can be read; ``problems`` is empty exactly
    when the strict reading succeeds.
    """

    amount: Decimal | None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def parse_bahttext_lenient(text: str) -> LenientReading:
    """Read an amount in words the way a person would, listing what is wrong with it.

    For reporting only: a checker must compare figures against ``parse_bahttext`` and use
    this to say what the faulty words probably meant.

    >>> reading = parse_bahttext_lenient("หนึ่งร้อยหกสิบสามแสนเจ็ดหมื่นสี่พันบาทถ้วน")
    >>> reading.amount
    Decimal('16374000.00')
    >>> parse_bahttext_lenient("เจ็ดสิบเอ็ดล้านบาทหนึ่งแสนหนึ่งหมื่นแปดพันบาทถ้วน").amount
    Decimal('71118000.00')
    >>> parse_bahttext_lenient("ห้าสิบบาทถ้วน")
    LenientReading(amount=Decimal('50.00'), problems=[])
    """
    try:
        return LenientReading(parse_bahttext(text), [])
    except AmountError as exc:
        problems = [exc.message]
    amount, more = _lenient_amount(text)
    problems.extend(more)
    return LenientReading(amount, problems)


def _lenient_amount(text: str) -> tuple[Decimal | None, list[str]]:
    problems: list[str] = []
    tokens = [t for t in _tokenize(_unwrapped(text)) if t.kind != _SPACE]
    unknown = [t for t in tokens if t.kind == _UNKNOWN]
    for t in unknown:
        problems.append(f"ignored {t.word!r} at character {t.start}")
    tokens = [t for t in tokens if t.kind != _UNKNOWN]
    negative = bool(tokens) and tokens[0].kind == _MINUS
    if negative:
        tokens = tokens[1:]
    # The satang part is what follows the LAST บาท, if it ends in สตางค์; every earlier บาท
    # is taken as a slip inside the baht number.
    baht_positions = [k for k, t in enumerate(tokens) if t.kind == _BAHT]
    satang_tokens: list[_Token] = []
    if baht_positions:
        last = baht_positions[-1]
        baht_tokens = [t for t in tokens[:last] if t.kind != _BAHT]
        satang_tokens = [t for t in tokens[last + 1 :] if t.kind in (_DIGIT, _PLACE, _ZERO)]
        tail = tokens[last + 1 :]
        if not tail:
            problems.append("no ถ้วน after บาท")
    elif tokens and tokens[-1].kind == _SATANG_WORD:
        baht_tokens = []
        satang_tokens = [t for t in tokens if t.kind in (_DIGIT, _PLACE, _ZERO)]
    else:
        baht_tokens = tokens
        problems.append("no บาท")
    try:
        baht = _lenient_number(baht_tokens)
        satang = _lenient_number(satang_tokens)
    except _TooLarge:
        problems.append(f"{TOO_LARGE} (at most 10^24): cannot tell what was meant")
        return None, problems
    if baht is None and satang is None:
        return None, problems
    if satang is not None and satang > 99:
        problems.append(f"satang {satang} is more than 99: cannot tell what was meant")
        return None, problems
    cents = (baht or 0) * 100 + (satang or 0)
    return Decimal(-cents if negative else cents).scaleb(-2), problems


class _TooLarge(Exception):
    pass


def _lenient_number(tokens: list[_Token]) -> int | None:
    """Sum number words the way people read sloppy wording.

    A place word larger than one used just before it multiplies what came since the last
    larger place ("หนึ่งร้อยหกสิบสาม แสน" = 163 แสน), which is how such slips are meant.
    """
    parts: list[tuple[int, int]] = []  # (value, place) within the current ล้าน group
    total = 0
    pending: int | None = None
    seen = False
    for token in tokens:
        if token.kind in (_DIGIT, _ZERO):
            seen = True
            if pending is not None:  # "สองสาม": keep reading digit by digit
                pending = pending * 10 + token.value
                if pending >= MAX_AMOUNT:  # no quadratic arithmetic on a megabyte of digits
                    raise _TooLarge
            else:
                pending = token.value
        elif token.kind == _PLACE:
            seen = True
            place = token.value
            smaller = 0
            while parts and parts[-1][1] < place:
                smaller += parts.pop()[0]
            # A bare place word means one of it ("ร้อยเอ็ด"), unless it multiplies smaller
            # places read before it ("สามสิบแสน" = 30 แสน).
            digit = pending if pending is not None else (0 if smaller else 1)
            pending = None
            parts.append(((smaller + digit) * 10**place, place))
        elif token.kind == _MILLION_WORD:
            seen = True
            group = sum(v for v, _ in parts) + (pending or 0)
            total = (total + (group or (0 if total else 1))) * _MILLION
            if total >= MAX_AMOUNT:
                raise _TooLarge
            parts, pending = [], None
    if not seen:
        return None
    return total + sum(v for v, _ in parts) + (pending or 0)
