"""Buddhist-era dates, both ways, and the Thai fiscal year.

พ.ศ. = ค.ศ. + 543. Styles, as letters and tables write them:

- ``full``:    ๒๐ กุมภาพันธ์ ๒๕๖๒ (the date line of a letter; no "พ.ศ.")
- ``weekday``: วันพุธที่ ๑๗ เมษายน ๒๕๖๗ (running text, deadlines)
- ``short``:   ๑๗ เม.ย. ๖๗
- ``table``:   พุธ ๑๗ เม.ย. ๖๗

Two-digit years (``short``, ``table``) drop the century, so reading one back needs a rule:
the year is the Buddhist year ending in those two digits that lies within 50 years before
and 49 after a reference year (by default this year), unless ``century`` is given
(``century=25`` reads ๖๗ as ๒๕๖๗). Dates far from today should be written with four digits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal, TypeAlias

from thaidoc.errors import EXIT_PROBLEM, DateError
from thaidoc.thai.digits import Digits, arabic_digits, thai_digits

__all__ = [
    "MONTHS",
    "MONTHS_ABBR",
    "WEEKDAYS",
    "WEEKDAYS_ABBR",
    "BE_OFFSET",
    "DateStyle",
    "DATE_STYLES",
    "thai_date",
    "parse_thai_date",
    "ParsedThaiDate",
    "find_thai_dates",
    "DateMatch",
    "fiscal_year",
    "fiscal_quarter",
    "resolve_two_digit_year",
    "NoSuchDateError",
]

BE_OFFSET = 543

# Index 0 is January / Monday, as in Python (date.month - 1, date.weekday()).
MONTHS = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip
MONTHS_ABBR = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip
WEEKDAYS = ("จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์")
WEEKDAYS_ABBR = ("จ.", "อ.", "พ.", "พฤ.", "ศ.", "ส.", "อา.")

class NoSuchDateError(DateError):
    """Text written as a Thai date that names no real day (๓๑ เมษายน) or no BE year.

    Separate from "not a date at all" so that callers can tell a wrong date in a document
    (a problem found in the input) from text that is not a date (bad input).
    """

    exit_code = EXIT_PROBLEM


DateStyle: TypeAlias = Literal["full", "weekday", "short", "table", "formal"]
DATE_STYLES: tuple[DateStyle, ...] = ("full", "weekday", "short", "table", "formal")


def _as_date(d: object) -> date:
    if isinstance(d, date):
        return d  # datetime is a date too; its time is ignored
    if isinstance(d, str):
        try:
            return date.fromisoformat(arabic_digits(d.strip()))
        except ValueError:
            raise DateError(f"not a date: {d!r}", value=d, expected="an ISO date such as 2024-04-17") from None
    raise DateError(f"cannot read a {type(d).__name__} as a date", value=d)


def thai_date(d: date | str, style: DateStyle = "full", digits: Digits = "thai") -> str:
    """A date written the Thai way, with the Buddhist-era year.

    >>> from datetime import date
    >>> thai_date(date(2019, 2, 20))
    '๒๐ กุมภาพันธ์ ๒๕๖๒'
    >>> thai_date(date(2024, 4, 17), "weekday")
    'วันพุธที่ ๑๗ เมษายน ๒๕๖๗'
    >>> thai_date(date(2024, 4, 17), "short")
    '๑๗ เม.ย. ๖๗'
    >>> thai_date("2024-04-17", "table", digits="arabic")
    'พุธ 17 เม.ย. 67'
    >>> thai_date(date(2024, 4, 1), "formal")
    '๑ เมษายน พ.ศ. ๒๕๖๗'

    ``full`` is a letter's date line (no พ.ศ., per the regulation); ``formal`` is the date of an
    order or announcement (สั่ง ณ วันที่ …). :func:`parse_thai_date` reads every style back.
    """
    day = _as_date(d)
    be_year = day.year + BE_OFFSET
    if style == "full":
        text = f"{day.day} {MONTHS[day.month - 1]} {be_year}"
    elif style == "weekday":
        text = f"วัน{WEEKDAYS[day.weekday()]}ที่ {day.day} {MONTHS[day.month - 1]} {be_year}"
    elif style == "short":
        text = f"{day.day} {MONTHS_ABBR[day.month - 1]} {be_year % 100:02d}"
    elif style == "table":
        text = f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS_ABBR[day.month - 1]} {be_year % 100:02d}"
    elif style == "formal":
        text = f"{day.day} {MONTHS[day.month - 1]} พ.ศ. {be_year}"
    else:
        raise ValueError(f"style must be one of {', '.join(DATE_STYLES)}, not {style!r}")
    if digits == "thai":
        return thai_digits(text)
    if digits != "arabic":
        raise ValueError(f"digits must be 'thai' or 'arabic', not {digits!r}")
    return text


def fiscal_year(d: date | str) -> int:
    """The Thai government fiscal year (BE) a date falls in; it starts on 1 October.

    >>> from datetime import date
    >>> fiscal_year(date(2019, 10, 1)), fiscal_year(date(2020, 9, 30))
    (2563, 2563)
    """
    day = _as_date(d)
    return day.year + BE_OFFSET + (1 if day.month >= 10 else 0)


def fiscal_quarter(d: date | str) -> int:
    """The quarter (ไตรมาส) of the fiscal year: 1 is ต.ค.–ธ.ค., 4 is ก.ค.–ก.ย.

    >>> from datetime import date
    >>> fiscal_quarter(date(2024, 10, 1)), fiscal_quarter(date(2025, 1, 31)), fiscal_quarter(date(2025, 9, 30))
    (1, 2, 4)
    """
    day = _as_date(d)
    return (day.month - 10) % 12 // 3 + 1


# --------------------------------------------------------------------------- reading


def _alternation(words: Iterable[str]) -> str:
    # Longest first so that "พฤหัสบดี" wins over "พฤหัส" and "มี.ค." over shorter forms.
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _abbr_pattern(abbr: str) -> str:
    # "เม.ย." is also typed "เม.ย" or "เมย": the dots are optional, the letters are not.
    letters = [part for part in abbr.split(".") if part]
    return r"\.?\s?".join(re.escape(part) for part in letters) + r"\.?"


# weekday words (full, colloquial, abbreviated) -> Monday=0 index
_WEEKDAY_WORDS: dict[str, int] = {name: i for i, name in enumerate(WEEKDAYS)}
_WEEKDAY_WORDS["พฤหัส"] = 3
_WEEKDAY_ABBR_WORDS: dict[str, int] = {abbr: i for i, abbr in enumerate(WEEKDAYS_ABBR)}

_MONTH_FULL: dict[str, int] = {name: i + 1 for i, name in enumerate(MONTHS)}
_MONTH_ABBR_KEYS: dict[str, int] = {abbr.replace(".", ""): i + 1 for i, abbr in enumerate(MONTHS_ABBR)}

# Blanks between the words of a date. Possessive, and never the first thing a match can
# start with (the blanks after วัน come only with วัน), so that scanning a long run of blanks
# costs linear time: a greedy run at the start made every position of the run re-scan the
# rest of it, and find_thai_dates went quadratic (22 s on 20,000 spaces).
_SP = r"[ \t\u00a0\u200b]*+"
_DATE_PATTERN = (
    r"(?:(?:วัน" + _SP + r")?"
    + r"(?:(?P<weekday>" + _alternation(list(_WEEKDAY_WORDS)) + r")"
    + r"|(?P<weekday_abbr>" + _alternation(list(_WEEKDAY_ABBR_WORDS)) + r"))"
    + _SP + r"(?:ที่)?" + _SP + r")?"
    + r"(?P<day>[0-9๐-๙]{1,2})" + _SP
    + r"(?:เดือน" + _SP + r")?"  # orders and announcements: "ณ วันที่ ๑๗ เดือนเมษายน พ.ศ. ๒๕๖๗"
    + r"(?:(?P<month>" + _alternation(MONTHS) + r")"
    + r"|(?P<month_abbr>" + "|".join(_abbr_pattern(a) for a in sorted(MONTHS_ABBR, key=len, reverse=True)) + r"))"
    + _SP + r"(?:(?P<era>พ\.?\s?ศ\.?)" + _SP + r")?"
    + r"(?P<year>[0-9๐-๙]{4}|[0-9๐-๙]{2})(?![0-9๐-๙])"
)  # fmt: skip
_DATE_RE = re.compile(_DATE_PATTERN)
# "วันที่ ๑๗ เมษายน ๒๕๖๗" / "ณ วันที่ …": the words before a date with no weekday, which
# parse_thai_date skips (find_thai_dates leaves them out of the match instead).
_LEADING_DAY_WORD = re.compile(r"^(?:ณ" + _SP + r")?วันที่" + _SP + r"(?=[0-9๐-๙])")
# In running text a date must not start inside a number ("๑๒๕ มกราคม" is not the 25th).
_FIND_RE = re.compile(r"(?<![0-9๐-๙])" + _DATE_PATTERN)


@dataclass(frozen=True, slots=True)
class ParsedThaiDate:
    """A Thai date read from text, with the weekday it stated (if any).

    ``weekday_ok`` is False when the stated weekday is not the date's real weekday: a
    "วันศุกร์ที่ ๒๕ มกราคม ๒๕๖๘" that is a Saturday.
    """

    date: date
    stated_weekday: int | None
    weekday_ok: bool
    style: DateStyle

    @property
    def actual_weekday_name(self) -> str:
        return WEEKDAYS[self.date.weekday()]


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A date found in running text: ``text[start:end]``, read or with the reason it cannot be."""

    start: int
    end: int
    text: str
    date: date | None
    stated_weekday: int | None
    error: str | None

    @property
    def weekday_ok(self) -> bool:
        return self.date is None or self.stated_weekday is None or self.stated_weekday == self.date.weekday()


def resolve_two_digit_year(yy: int, *, century: int | None = None, reference_year: int | None = None) -> int:
    """The Buddhist-era year meant by a two-digit year.

    With ``century`` (25 for the 2500s) the answer is ``century * 100 + yy``. Otherwise it
    is the year ending in ``yy`` within 50 years before and 49 after ``reference_year``
    (BE; default: this year).

    >>> resolve_two_digit_year(67, reference_year=2569)
    2567
    >>> resolve_two_digit_year(20, reference_year=2569)
    2520
    >>> resolve_two_digit_year(18, reference_year=2569)
    2618
    >>> resolve_two_digit_year(67, century=26)
    2667
    """
    if not 0 <= yy <= 99:
        raise ValueError(f"a two-digit year is 0-99, not {yy}")
    if century is not None:
        return century * 100 + yy
    ref = reference_year if reference_year is not None else date.today().year + BE_OFFSET
    low = ref - 50
    year = low - low % 100 + yy
    return year if year >= low else year + 100


def parse_thai_date(
    text: str, *, century: int | None = None, reference_year: int | None = None
) -> ParsedThaiDate:
    """Read a Thai date in any of the written styles.

    Thai or Arabic digits, full or abbreviated month, 2- or 4-digit Buddhist-era year,
    optional "พ.ศ.", optional weekday (วันศุกร์ที่ / ศุกร์ / ศ.). A stated weekday that
    disagrees with the date is reported, not refused; a date that does not exist is a
    ``NoSuchDateError`` (a ``DateError``). For 2-digit years see ``resolve_two_digit_year``.

    >>> p = parse_thai_date("วันศุกร์ที่ ๒๕ มกราคม ๒๕๖๘")
    >>> p.date, p.weekday_ok, p.actual_weekday_name
    (datetime.date(2025, 1, 25), False, 'เสาร์')
    >>> parse_thai_date("๑๗ เม.ย. ๖๗", century=25).date
    datetime.date(2024, 4, 17)
    >>> parse_thai_date("๓๑ เมษายน ๒๕๖๘")
    Traceback (most recent call last):
    ...
    thaidoc.thai.dates.NoSuchDateError: no such date: ๓๑ เมษายน ๒๕๖๘ (เมษายน has 30 days)
    """
    if not isinstance(text, str):
        raise DateError(f"a Thai date must be text, not {type(text).__name__}", value=text)
    stripped = _LEADING_DAY_WORD.sub("", text.strip(), count=1)
    match = _DATE_RE.fullmatch(stripped)
    if match is None:
        raise DateError(
            f"not a Thai date: {text!r}",
            value=text,
            expected="a date such as ๒๐ กุมภาพันธ์ ๒๕๖๒, วันพุธที่ ๑๗ เมษายน ๒๕๖๗ or ๑๗ เม.ย. ๖๗",
        )
    return _read_match(match, stripped, century=century, reference_year=reference_year)


def _read_match(
    match: re.Match[str], text: str, *, century: int | None, reference_year: int | None
) -> ParsedThaiDate:
    day = int(arabic_digits(match["day"]))
    if match["month"]:
        month = _MONTH_FULL[match["month"]]
    else:
        month = _MONTH_ABBR_KEYS[re.sub(r"[.\s]", "", match["month_abbr"])]
    year_text = arabic_digits(match["year"])
    if len(year_text) == 2:
        be_year = resolve_two_digit_year(int(year_text), century=century, reference_year=reference_year)
    else:
        be_year = int(year_text)
        if be_year < 2400:
            raise NoSuchDateError(
                f"{match['year']} is not a Buddhist-era year (พ.ศ. = ค.ศ. + 543; "
                f"did you mean {thai_digits(be_year + BE_OFFSET)}?)",
                value=text,
            )
    try:
        result = date(be_year - BE_OFFSET, month, day)
    except ValueError:
        raise NoSuchDateError(
            f"no such date: {match.group(0).strip()} ({MONTHS[month - 1]} has "
            f"{_days_in_month(be_year - BE_OFFSET, month)} days)",
            value=text,
        ) from None
    if match["weekday"]:
        stated: int | None = _WEEKDAY_WORDS[match["weekday"]]
    elif match["weekday_abbr"]:
        stated = _WEEKDAY_ABBR_WORDS[match["weekday_abbr"]]
    else:
        stated = None
    style: DateStyle
    if stated is None:
        style = ("formal" if match["era"] else "full") if match["month"] else "short"
    else:
        style = "weekday" if match["month"] else "table"
    return ParsedThaiDate(result, stated, stated is None or stated == result.weekday(), style)


def _days_in_month(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - date(year, month, 1)).days


def find_thai_dates(
    text: str, *, century: int | None = None, reference_year: int | None = None
) -> list[DateMatch]:
    """Every Thai date in running text or a table cell, read or with its error.

    >>> [m.text for m in find_thai_dates("ลงวันที่ ๒๐ กุมภาพันธ์ ๒๕๖๒ ภายในวันศุกร์ที่ ๒๕ มกราคม ๒๕๖๘")]
    ['๒๐ กุมภาพันธ์ ๒๕๖๒', 'วันศุกร์ที่ ๒๕ มกราคม ๒๕๖๘']
    >>> m = find_thai_dates("ภายในวันที่ ๓๑ เมษายน ๒๕๖๘")[0]
    >>> m.date, m.error
    (None, 'no such date: ๓๑ เมษายน ๒๕๖๘ (เมษายน has 30 days)')
    """
    found: list[DateMatch] = []
    for match in _FIND_RE.finditer(text):
        start, end = match.span()  # no blanks at either end: the pattern neither starts nor ends with them
        try:
            parsed = _read_match(match, text, century=century, reference_year=reference_year)
        except DateError as exc:
            stated = None
            if match["weekday"]:
                stated = _WEEKDAY_WORDS[match["weekday"]]
            elif match["weekday_abbr"]:
                stated = _WEEKDAY_ABBR_WORDS[match["weekday_abbr"]]
            found.append(DateMatch(start, end, text[start:end], None, stated, exc.message))
            continue
        found.append(DateMatch(start, end, text[start:end], parsed.date, parsed.stated_weekday, None))
    return found
