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

Dates in document data (``date:``, ``references[].date``, ``dates:``) are read by
``read_date``, under one rule:

- ISO ``YYYY-MM-DD`` (or a ``date``): a year of 2400 or more is a Buddhist-era year and is
  converted (``2567-04-17`` is 17 April 2024); a smaller year is a Christian-era year;
- the forms Thai staff type, read by ``parse_thai_date`` ("17 เมษายน 2567", "๑๗ เม.ย. ๖๗",
  "วันพุธที่ ๑๗ เมษายน ๒๕๖๗", "17/04/2567"; Thai or Arabic digits): the year is Buddhist-era;
- the date must fall in พ.ศ. 2443–2742 (ค.ศ. 1900–2199, :data:`DATA_YEARS`); anything else
  (``0001-01-01``, ``9999-12-31``) is a typing slip and is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
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
    "read_date",
    "DateReading",
    "DATA_YEARS",
]

BE_OFFSET = 543
# The Buddhist-era years a date written in Thai can have: four digits from 2400 (below is a
# Christian-era year typed by mistake). A reference year up to 9999 keeps every two-digit year
# it resolves (up to 49 later) within what Python's date can hold.
_MIN_BE = 2400
_MAX_BE = 9999
#: The years (ค.ศ.) a date in document data may have: พ.ศ. 2443-2742. Wider than any letter
#: needs, narrow enough that 0001-01-01 or 9999-12-31 is refused as the slip it is.
DATA_YEARS = range(1900, 2200)

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
#: How a date read back was written: one of the styles, or ``numeric`` (17/04/2567).
ReadStyle: TypeAlias = Literal["full", "weekday", "short", "table", "formal", "numeric"]


def _as_date(d: object) -> date:
    if isinstance(d, date):
        return d  # datetime is a date too; its time is ignored
    if isinstance(d, str):
        try:
            return date.fromisoformat(arabic_digits(d.strip()))
        except ValueError:
            raise DateError(f"ไม่ใช่วันที่ / not a date: {_shown(d)}", value=d,
                            expected="an ISO date such as 2024-04-17") from None
    raise DateError(f"อ่านเป็นวันที่ไม่ได้ / cannot read a {type(d).__name__} as a date", value=d)


def _shown(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")


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
        raise DateError("ไม่มีรูปแบบวันที่นี้ / unknown date style", value=style,
                        expected="one of " + ", ".join(DATE_STYLES), found=repr(style)[:60])
    if digits == "thai":
        return thai_digits(text)
    if digits != "arabic":
        raise DateError("ไม่มีแบบตัวเลขนี้ / unknown digits", value=digits,
                        expected="'thai' or 'arabic'", found=repr(digits)[:60])
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
# "17/04/2567", "๑๗/๔/๖๗": day/month/Buddhist-era year in figures, as typed into forms and
# spreadsheets. Read by parse_thai_date only; in running text "1/2/2567" is too often not a date.
_NUMERIC_RE = re.compile(
    r"(?P<day>[0-9๐-๙]{1,2})" + _SP + "/" + _SP + r"(?P<month_number>[0-9๐-๙]{1,2})" + _SP + "/" + _SP
    + r"(?P<year>[0-9๐-๙]{4}|[0-9๐-๙]{2})"
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ParsedThaiDate:
    """A Thai date read from text, with the weekday it stated (if any).

    ``weekday_ok`` is False when the stated weekday is not the date's real weekday: a
    "วันศุกร์ที่ ๒๕ มกราคม ๒๕๖๘" that is a Saturday.
    """

    date: date
    stated_weekday: int | None
    weekday_ok: bool
    style: ReadStyle

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
    if isinstance(yy, bool) or not isinstance(yy, int) or not 0 <= yy <= 99:
        raise DateError("ปีสองหลักต้องอยู่ระหว่าง 0 ถึง 99 / a two-digit year is 0-99", value=yy,
                        expected="0-99", found=repr(yy)[:60])
    _check_year_options(century, reference_year)
    if century is not None:
        return century * 100 + yy
    ref = reference_year if reference_year is not None else date.today().year + BE_OFFSET
    low = ref - 50
    year = low - low % 100 + yy
    return year if year >= low else year + 100


def _check_year_options(century: object, reference_year: object) -> None:
    if century is not None and (isinstance(century, bool) or not isinstance(century, int)
                                or not 24 <= century <= 29):
        raise DateError("ศตวรรษของปี พ.ศ. ไม่ถูกต้อง / century out of range", value=century,
                        expected="24-29 (พ.ศ. 2400-2999; 25 reads ๖๗ as ๒๕๖๗)", found=repr(century)[:60])
    if reference_year is not None and (isinstance(reference_year, bool) or not isinstance(reference_year, int)
                                       or not _MIN_BE <= reference_year <= _MAX_BE):
        raise DateError("ปีอ้างอิงไม่ถูกต้อง / reference year out of range", value=reference_year,
                        expected=f"a Buddhist-era year {_MIN_BE}-{_MAX_BE}", found=repr(reference_year)[:60])


def parse_thai_date(
    text: str, *, century: int | None = None, reference_year: int | None = None
) -> ParsedThaiDate:
    """Read a Thai date in any of the written styles.

    Thai or Arabic digits, full or abbreviated month, 2- or 4-digit Buddhist-era year,
    optional "พ.ศ.", optional weekday (วันศุกร์ที่ / ศุกร์ / ศ.), or day/month/year in figures
    (17/04/2567, style ``numeric``). A stated weekday that
    disagrees with the date is reported, not refused; a date that does not exist is a
    ``NoSuchDateError`` (a ``DateError``). For 2-digit years see ``resolve_two_digit_year``.

    >>> p = parse_thai_date("วันศุกร์ที่ ๒๕ มกราคม ๒๕๖๘")
    >>> p.date, p.weekday_ok, p.actual_weekday_name
    (datetime.date(2025, 1, 25), False, 'เสาร์')
    >>> parse_thai_date("๑๗ เม.ย. ๖๗", century=25).date
    datetime.date(2024, 4, 17)
    >>> parse_thai_date("17/04/2567").date
    datetime.date(2024, 4, 17)
    >>> parse_thai_date("๓๑ เมษายน ๒๕๖๘")
    Traceback (most recent call last):
    ...
    thaidoc.thai.dates.NoSuchDateError: วันที่ไม่ถูกต้องหรือไม่มีอยู่จริง / no such date: ๓๑ เมษายน ๒๕๖๘ (เมษายน has 30 days)
    """
    if not isinstance(text, str):
        raise DateError(f"a Thai date must be text, not {type(text).__name__}", value=text)
    _check_year_options(century, reference_year)
    stripped = _LEADING_DAY_WORD.sub("", text.strip(), count=1)
    match = _DATE_RE.fullmatch(stripped) or _NUMERIC_RE.fullmatch(stripped)
    if match is None:
        raise DateError(
            f"not a Thai date: {text!r}",
            value=text,
            expected="a date such as ๒๐ กุมภาพันธ์ ๒๕๖๒, วันพุธที่ ๑๗ เมษายน ๒๕๖๗, ๑๗ เม.ย. ๖๗ or 17/04/2567",
        )
    return _read_match(match, stripped, century=century, reference_year=reference_year)


def _read_match(
    match: re.Match[str], text: str, *, century: int | None, reference_year: int | None
) -> ParsedThaiDate:
    day = int(arabic_digits(match["day"]))
    groups = match.groupdict()
    if groups.get("month_number"):
        month = int(arabic_digits(match["month_number"]))
        if not 1 <= month <= 12:
            raise NoSuchDateError(f"ไม่มีเดือนที่ {month} / no such date: there is no month {month}", value=text)
    elif match["month"]:
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
    if groups.get("weekday"):
        stated: int | None = _WEEKDAY_WORDS[match["weekday"]]
    elif groups.get("weekday_abbr"):
        stated = _WEEKDAY_ABBR_WORDS[match["weekday_abbr"]]
    else:
        stated = None
    style: ReadStyle
    if "month_number" in groups:
        style = "numeric"
    elif stated is None:
        style = ("formal" if groups.get("era") else "full") if match["month"] else "short"
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
    _check_year_options(century, reference_year)  # a wrong option is the caller's error, not the text's
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


# --------------------------------------------------------------------------- dates in data

_ISO_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DATA_DATE_FORMS = "an existing ISO date (YYYY-MM-DD; a year from 2400 is พ.ศ.) such as 2024-04-17 or 2567-04-17, or 17 เมษายน 2567, 17/04/2567"
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December")
_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True, slots=True)
class DateReading:
    """A date from document data and how it was read.

    ``converted`` is True when the value was not a plain ISO date in the Christian era: a
    Buddhist-era year (``2567-04-17``) or a Thai form ("17 เมษายน 2567"). ``thaidoc check``
    shows such a reading as a note, so a wrong guess is seen before the letter is issued.
    """

    date: date
    written: str
    converted: bool

    @property
    def note(self) -> str:
        """What was read, Thai first: for ``check``."""
        ce = self.date.isoformat()
        return (f"อ่าน {self.written} เป็นวันที่ {thai_date(self.date, digits='arabic')} (ค.ศ. {ce}) / "
                f"read {self.written} as {ce} (the year taken as พ.ศ., Buddhist era)")


def read_date(value: object, *, reference_year: int | None = None) -> DateReading:
    """A date typed into document data, under the one rule of this module's docstring.

    ISO ``YYYY-MM-DD`` with a year from 2400 is Buddhist-era, below it Christian-era; Thai
    forms go through :func:`parse_thai_date` (the year is Buddhist-era; a two-digit year is
    resolved as there, against ``reference_year``). The date must lie in :data:`DATA_YEARS`.

    >>> read_date("2024-04-17").date, read_date("2567-04-17").date
    (datetime.date(2024, 4, 17), datetime.date(2024, 4, 17))
    >>> read_date("2567-04-17").converted, read_date("2024-04-17").converted
    (True, False)
    >>> [read_date(t).date.isoformat() for t in ("17 เมษายน 2567", "๑๗/๐๔/๒๕๖๗", "2567-02-29")]
    ['2024-04-17', '2024-04-17', '2024-02-29']
    >>> read_date("๑๗ เม.ย. ๖๗", reference_year=2569).date
    datetime.date(2024, 4, 17)
    >>> read_date("วันศุกร์ที่ 17 เมษายน 2567")
    Traceback (most recent call last):
    ...
    thaidoc.errors.DateError: วันในสัปดาห์ไม่ตรงกับวันที่: 2024-04-17 เป็นวันพุธ / the weekday written is not the date's: 2024-04-17 is a Wednesday (expected วันพุธ (or no weekday); found 'วันศุกร์ที่ 17 เมษายน 2567')
    >>> read_date("9999-12-31")
    Traceback (most recent call last):
    ...
    thaidoc.errors.DateError: ปีอยู่นอกช่วงที่รับได้ / the year is out of range (expected a date in พ.ศ. 2443-2742 (ค.ศ. 1900-2199); found '9999-12-31')
    """
    if isinstance(value, date):
        day = value.date() if isinstance(value, datetime) else value
        written = day.isoformat()
        converted = day.year >= _MIN_BE
        if converted:
            day = _from_buddhist_era(day.year, day.month, day.day, written)
    elif isinstance(value, str):
        written = value.strip()
        iso = _ISO_RE.fullmatch(arabic_digits(written))
        if iso is not None:
            year, month, day_number = (int(part) for part in iso.groups())
            converted = year >= _MIN_BE
            if converted:
                day = _from_buddhist_era(year, month, day_number, written)
            else:
                day = _real_date(year, month, day_number, written)
        else:
            try:
                parsed = parse_thai_date(written, reference_year=reference_year)
                day = parsed.date
            except NoSuchDateError as exc:  # in data, a date that names no day is bad input
                raise DateError(exc.message, value=value, expected=_DATA_DATE_FORMS, found=_shown(written)) from None
            except DateError:
                raise DateError("ไม่ใช่วันที่ / not a date", value=value, expected=_DATA_DATE_FORMS,
                                found=_shown(written)) from None
            if not parsed.weekday_ok:  # the weekday typed is dropped on output: it must be right
                raise DateError(
                    f"วันในสัปดาห์ไม่ตรงกับวันที่: {day.isoformat()} เป็นวัน{parsed.actual_weekday_name} / "
                    f"the weekday written is not the date's: {day.isoformat()} is a {_WEEKDAYS_EN[day.weekday()]}",
                    value=value, expected=f"วัน{parsed.actual_weekday_name} (or no weekday)", found=_shown(written))
            converted = True
    else:
        raise DateError(f"อ่านเป็นวันที่ไม่ได้ / cannot read a {type(value).__name__} as a date", value=value,
                        expected=_DATA_DATE_FORMS)
    if day.year not in DATA_YEARS:
        raise DateError("ปีอยู่นอกช่วงที่รับได้ / the year is out of range", value=value,
                        expected=f"a date in พ.ศ. {DATA_YEARS.start + BE_OFFSET}-{DATA_YEARS.stop - 1 + BE_OFFSET} "
                                 f"(ค.ศ. {DATA_YEARS.start}-{DATA_YEARS.stop - 1})",
                        found=_shown(written))
    return DateReading(day, written, converted)


def _from_buddhist_era(be_year: int, month: int, day: int, written: str) -> date:
    # The calendar of the Christian-era year: 2567-02-29 is 29 February 2024, a leap day.
    return _real_date(be_year - BE_OFFSET, month, day, written)


def _real_date(year: int, month: int, day: int, written: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        if not 1 <= month <= 12:
            reason = f"ไม่มีเดือนที่ {month} / no such date: there is no month {month}"
        elif 1 <= year <= 9999:
            days = _days_in_month(year, month)
            reason = (f"ไม่มีวันที่นี้: {MONTHS[month - 1]} ค.ศ. {year} มี {days} วัน / "
                      f"no such date: {_MONTHS_EN[month - 1]} {year} has {days} days")
        else:
            reason = f"ไม่มีปีนี้ / no such date: there is no year {year}"
        raise DateError(reason, value=written, expected=_DATA_DATE_FORMS, found=_shown(written)) from None
