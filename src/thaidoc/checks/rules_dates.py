"""Dates of an issued letter read against the letter's own date and against each other.

- ``date.deadline-past``: a date the recipient must meet ("ส่งภายในวันที่ …", "ไม่เกินวันที่ …",
  "ครั้งที่ ๑ วันที่ …" of a reporting schedule, in prose or as a table by ครั้งที่ under a
  heading about reports, a กำหนดส่ง column) that falls before the
  letter's date (error) or on it (warning: the letter cannot arrive in time). A deadline told
  as past ("ตามที่ … ได้แจ้งให้ส่งภายใน … นั้น", a reminder) is not one.
- ``date.reference-order``: a letter referred to in the body ("ตามหนังสือ … ลงวันที่ …")
  dated after this letter (the อ้างถึง line has the same rule in :mod:`thaidoc.checks.text`).
- ``date.era``: a Christian-era year where the letter uses Buddhist-era years ("๒๕ มกราคม
  ๒๐๒๕", "พ.ศ. ๒๐๒๕"), or a Buddhist-era year 543 ahead of the letter's ("๒๕ มกราคม ๓๑๑๑").
- ``date.fiscal-quarter``: "ไตรมาสที่ ๒ (เดือนเมษายน - มิถุนายน)": months that are not the
  quarter's (fiscal quarters: ๑ is ต.ค.–ธ.ค.); or the quarter's months written with a year that
  is not the fiscal year's ("ไตรมาสที่ ๒ ปีงบประมาณ ๒๕๖๒ (มกราคม - มีนาคม ๒๕๖๓)").
- ``date.fiscal-year``: "ปีงบประมาณ พ.ศ. ๒๕๖๗ (… ๑ ตุลาคม ๒๕๖๗ – ๓๐ กันยายน ๒๕๖๘)": the
  period of a fiscal year written with dates outside it.

A date or quarter wrapped onto the next line of its paragraph is read whole.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

from thaidoc.checks.findings import Severity
from thaidoc.thai import MONTHS, MONTHS_ABBR, find_thai_dates, thai_date, thai_digits

if TYPE_CHECKING:
    from thaidoc.checks.text import _Context
    from thaidoc.read.layout import Line

__all__ = [
    "check_deadlines",
    "check_body_references",
    "check_era",
    "check_quarters",
    "check_fiscal_years",
    "era_slip",
    "christian_year_in",
    "continued_text",
]

_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_LINE_NUMBER = re.compile(r"^line (\d+)$")
_CARRY = 80  # characters of the next line read with a line (a wrapped date or phrase)


def _n(text: str) -> int:
    return int(text.translate(_DIGITS))


def continued_text(lines: "list[Line]", index: int) -> str:
    """The line's text, followed by the start of the next line when that line goes on with the
    same paragraph (a .txt line right below it, or the next line of the same .docx paragraph),
    so that a date wrapped over a line break is read whole. Matches must start in the line
    itself (before ``len(lines[index].text)``), so that each is read once."""
    line = lines[index]
    if line.cells is not None or index + 1 >= len(lines):
        return line.text
    following = lines[index + 1]
    if following.cells is not None:
        return line.text
    here, there = _LINE_NUMBER.match(line.where), _LINE_NUMBER.match(following.where)
    same = following.block == line.block or (here and there and int(there[1]) == int(here[1]) + 1)
    return f"{line.text} {following.text[:_CARRY]}" if same else line.text


def _cells_or_text(lines: "list[Line]", index: int) -> Iterator[tuple[str, int]]:
    """(text, length of the line's own part) for a paragraph line, or each cell of a row."""
    line = lines[index]
    if line.cells is not None:
        for cell in line.cells:
            yield cell, len(cell)
    else:
        yield continued_text(lines, index), len(line.text)


def _shorten(text: str, limit: int = 160) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _thai_date(day: dt.date) -> str:
    return thai_date(day)


# ------------------------------------------------------------------------------ deadlines

# what comes right before a date someone must meet
_DEADLINE_BEFORE = re.compile(
    r"(?:ภายใน|ก่อน|ไม่เกิน(?:กว่า)?|ไม่ช้ากว่า|ให้ทันภายใน|กำหนดส่ง(?:ภายใน)?|ครั้งที่\s*[0-9๐-๙]{1,2})"
    r"\s*(?:วัน(?:ที่)?)?\s*$"
)
# a deadline told as past or as a rule of another letter, not set by this one
_TOLD_AS_PAST = re.compile(r"ตามที่|ตามหนังสือ|ได้แจ้ง|ได้ขอให้|ได้กำหนด|ซึ่งครบกำหนด|ครบกำหนดแล้ว|ที่ผ่านมา|เคย|อ้างถึง")
# "ก่อน" and "ไม่เกิน" set a deadline only for something to be done ("ส่ง…ก่อนวันที่"); a date
# that qualifies a person or a thing ("ผู้ที่เกิดก่อนวันที่ …", "จดทะเบียนไม่เกินวันที่ …") is none
_LOOSE_DEADLINE = re.compile(r"(?:ก่อน|ไม่เกิน(?:กว่า)?)\s*(?:วัน(?:ที่)?)?\s*$")
_TO_BE_DONE = re.compile(r"ส่ง|รายงาน|ยื่น|แจ้ง|ตอบ|สมัคร|แล้วเสร็จ|ดำเนินการ|จัดทำ|เบิก|ชำระ")
_QUALIFIES = re.compile(r"เกิด|อายุ|จดทะเบียน|เป็นสมาชิก|มีสิทธิ|ได้รับการแต่งตั้ง|บรรจุ")
# "ผลการดำเนินงานที่แล้วเสร็จภายในวันที่ …": a cut-off that describes work done, not a date to meet
_DESCRIBED = re.compile(r"(?:ที่|ซึ่ง)\s*(?:ได้)?\s*(?:ดำเนินการ|ดำเนินงาน|แล้วเสร็จ|เสร็จสิ้น|เสร็จ|จัดขึ้น|เกิดขึ้น)"
                        r"\S{0,12}\s*$")
# "อำเภอที่รายงานแล้วภายในวันที่ …", "ส่งแล้วก่อนวันที่ …": done by then, not a date to meet
_DONE = re.compile(r"แล้ว\s*$")
_CLAUSE_END = re.compile(r"นั้น(?:\s|$)")
_CLAUSE_REACH = 400
_PAST_AFTER = re.compile(r"[^.]{0,60}?(?:นั้น(?!\S)|แล้ว(?:นั้น)?(?:\s|$)|ที่ผ่านมา)")
_REPORTING = re.compile(r"กำหนดการรายงาน|ปฏิทินการรายงาน|กำหนดส่ง|การส่งรายงาน|รอบการรายงาน")
_DEADLINE_COLUMN = re.compile(r"กำหนดส่ง|ภายในวันที่|กำหนดรายงาน|วันที่ส่ง|ส่งภายใน")


def check_deadlines(ctx: "_Context") -> None:
    letter = ctx.layout.date
    if letter is None:
        return
    deadline_columns = _deadline_columns(ctx)
    body = set(ctx.layout.body)
    for index in range(len(ctx.lines)):
        if index < ctx.layout.end and index not in body:
            continue  # the head, the signature: dates there are no deadlines
        line = ctx.lines[index]
        for column, (text, own) in enumerate(_cells_or_text(ctx.lines, index)):
            if not re.search("[0-9๐-๙]", text[:own]):
                continue
            in_column = line.cells is not None and deadline_columns.get(line.block) == column
            clause_ends: list[int] | None = None
            for match in find_thai_dates(text, reference_year=ctx.letter_year):
                if match.start >= own or match.date is None or match.date > letter:
                    continue
                before = text[max(0, match.start - 40):match.start]
                trigger = _DEADLINE_BEFORE.search(before)
                if not in_column and (trigger is None or _DESCRIBED.search(before, 0, trigger.start())
                                      or _DONE.search(before, 0, trigger.start())):
                    continue
                # the clause the date is in: after a "ตามที่ … นั้น" opening, if any, and no
                # further back than _CLAUSE_REACH (a long line costs linear time)
                if clause_ends is None:
                    clause_ends = [end.end() for end in _CLAUSE_END.finditer(text)]
                at = bisect.bisect_right(clause_ends, match.start)
                start = max(clause_ends[at - 1] if at else 0, match.start - _CLAUSE_REACH)
                clause = text[start: match.start]
                near = clause[-60:]
                if _QUALIFIES.search(near) or (_LOOSE_DEADLINE.search(before) and not _TO_BE_DONE.search(near)):
                    continue
                if _TOLD_AS_PAST.search(clause) or _PAST_AFTER.match(text, match.end):
                    continue
                same_day = match.date == letter
                ctx.add(index, "date.deadline-past", (
                    f"กำหนดเวลาตรงกับวันที่ของหนังสือ / the deadline {match.text} is the letter's own "
                    f"date: it cannot be met once the letter arrives" if same_day else
                    f"กำหนดเวลาผ่านไปแล้วก่อนวันที่ของหนังสือ / the deadline {match.text} is before "
                    f"the letter's own date {_thai_date(letter)}"),
                    severity=Severity.WARNING if same_day else Severity.ERROR,
                    quote=text[max(0, match.start - 30):match.end],
                    expected=f"after {_thai_date(letter)}", found=match.text)


def _deadline_columns(ctx: "_Context") -> dict[int, int]:
    """Table block -> its column of deadlines: headed กำหนดส่ง / ภายในวันที่ …, or the วันที่
    column of a reporting schedule (a ครั้งที่ column, under a heading about reports)."""
    columns: dict[int, int] = {}
    seen: set[int] = set()
    for index, line in enumerate(ctx.lines):
        if line.cells is None or line.block in seen:
            continue
        seen.add(line.block)  # the table's first row: its header
        cells = [cell.strip() for cell in line.cells]
        for column, cell in enumerate(cells):
            if _DEADLINE_COLUMN.search(cell) and not re.search("[0-9๐-๙]", cell):
                columns[line.block] = column
                break
        else:
            dated = next((c for c, cell in enumerate(cells) if cell.startswith("วันที่")), None)
            above = " ".join(ctx.lines[k].plain for k in range(max(0, index - 3), index)
                             if ctx.lines[k].cells is None)
            if dated is not None and any(c.startswith("ครั้งที่") for c in cells) and _REPORTING.search(above):
                columns[line.block] = dated
    return columns


# ---------------------------------------------------------------------- body references

_DATED = re.compile(r"ลงวันที่\s*$")


def check_body_references(ctx: "_Context") -> None:
    letter = ctx.layout.date
    if letter is None:
        return
    for index in ctx.layout.body:
        text = continued_text(ctx.lines, index)
        own = len(ctx.lines[index].text)
        if "ลงวันที่" not in text:
            continue
        for match in find_thai_dates(text, reference_year=ctx.letter_year):
            if match.start >= own or match.date is None or match.date <= letter:
                continue
            if not _DATED.search(text[max(0, match.start - 12):match.start]):
                continue
            ctx.add(index, "date.reference-order",
                    f"หนังสือที่อ้างในข้อความลงวันที่หลังหนังสือฉบับนี้ / the letter referred to here is "
                    f"dated {match.text}, after this letter's date {_thai_date(letter)}",
                    quote=text[max(0, match.start - 60):match.end],
                    expected=f"on or before {_thai_date(letter)}", found=match.text)


# ------------------------------------------------------------------------------------ era

_YEAR_AFTER_BE = re.compile(r"(?:พ\.\s?ศ\.|ปีงบประมาณ)\s*(?P<year>[0-9๐-๙]{4})(?![0-9๐-๙])")
_YEAR_IN_DATE = re.compile(r"(?P<year>[0-9๐-๙]{4})\s*$")


def era_slip(year: int, reference: int | None) -> str | None:
    """'ce' when a 4-digit year written where a Buddhist-era year belongs is a Christian-era
    year (1800-2399), 'plus-543' when it is a Buddhist-era year 543 too far ahead of
    ``reference`` (the letter's year); None otherwise."""
    if 1800 <= year < 2400:
        return "ce"
    if reference is not None and year - reference > 400 and abs(year - 543 - reference) <= 3:
        return "plus-543"
    return None


def _reference_year(ctx: "_Context") -> int | None:
    if ctx.letter_year is not None:
        return ctx.letter_year
    years: Counter[int] = Counter()
    for line in ctx.lines[: ctx.layout.end or len(ctx.lines)]:
        for match in find_thai_dates(line.plain):
            if match.date is not None and match.date.year + 543 >= 2400:
                years[match.date.year + 543] += 1
    return years.most_common(1)[0][0] if years else None


def check_era(ctx: "_Context") -> None:
    reference = _reference_year(ctx)
    for index in range(len(ctx.lines)):
        for text, own in _cells_or_text(ctx.lines, index):
            if not re.search("[0-9๐-๙]{4}", text[: own + 12]):
                continue
            seen: set[int] = set()
            for match in find_thai_dates(text, reference_year=reference):
                if match.start >= own:
                    continue
                year_match = _YEAR_IN_DATE.search(match.text)
                if year_match is None:
                    continue
                seen.add(match.end)
                _report_era(ctx, index, match.text, _n(year_match["year"]), year_match["year"], reference)
            for found in _YEAR_AFTER_BE.finditer(text):
                if found.start() >= own or found.end() in seen:
                    continue
                _report_era(ctx, index, found.group(0), _n(found["year"]), found["year"], reference)


def christian_year_in(date_text: str) -> bool:
    """True when the date as written ends in a Christian-era year (date.era reports it, not
    date.invalid)."""
    year = _YEAR_IN_DATE.search(date_text)
    return year is not None and era_slip(_n(year["year"]), None) == "ce"


def _report_era(ctx: "_Context", index: int, quote: str, year: int, written: str, reference: int | None) -> None:
    slip = era_slip(year, reference)
    if slip is None:
        return
    style = thai_digits if re.search("[๐-๙]", written) else str
    if slip == "ce":
        expected = style(year + 543)
        message = (f"ปีเป็นคริสต์ศักราช ในหนังสือที่ใช้พุทธศักราช / {written} is a Christian-era year "
                   f"(ค.ศ.) where the letter writes Buddhist-era years (พ.ศ. = ค.ศ. + 543): {expected}")
    else:
        expected = style(year - 543)
        message = (f"ปี พ.ศ. บวก ๕๔๓ ซ้ำ / {written} is 543 years ahead of the letter's "
                   f"{style(reference) if reference else ''}: ค.ศ. + 543 added twice? expected {expected}")
    # after the letter, a form printed by another system may keep its own era: very probably
    # wrong there, certainly wrong in the letter itself
    attached = slip == "ce" and ctx.layout.found and index >= ctx.layout.end
    ctx.add(index, "date.era", message, severity=Severity.WARNING if attached else Severity.ERROR,
            quote=quote, expected=expected, found=written)


# -------------------------------------------------------------------------- fiscal quarters

_QUARTER = re.compile(
    r"ไตรมาส(?:ที่)?\s*(?P<quarters>[0-9๐-๙](?:\s*(?:-|–|ถึง|และ|,)\s*[0-9๐-๙])*)(?![0-9๐-๙])"
)
_QUARTER_REACH = 60  # characters after the quarter where its months are named


# month names and abbreviations, longest first (มี.ค. before a shorter word inside it)
_MONTH_NUMBERS: dict[str, int] = dict(sorted(
    [*((name, k + 1) for k, name in enumerate(MONTHS)), *((abbr, k + 1) for k, abbr in enumerate(MONTHS_ABBR))],
    key=lambda pair: -len(pair[0])))
_MONTHS_RE = re.compile("|".join(re.escape(word) for word in _MONTH_NUMBERS))


def _months_in(text: str) -> list[int]:
    return [_MONTH_NUMBERS[m.group(0)] for m in _MONTHS_RE.finditer(text)]


def _quarter_of(month: int) -> int:
    return (month - 10) % 12 // 3 + 1


def check_quarters(ctx: "_Context") -> None:
    for index in range(len(ctx.lines)):
        for text, own in _cells_or_text(ctx.lines, index):
            if "ไตรมาส" not in text[:own]:
                continue
            for match in _QUARTER.finditer(text):
                if match.start() >= own:
                    continue
                quarters = _quarters(match["quarters"])
                tail = text[match.end(): match.end() + _QUARTER_REACH]
                tail = re.split(r"ไตรมาส|\)", tail, maxsplit=1)[0]  # up to the next quarter or ")"
                months = _months_in(tail)
                if not quarters or not months:
                    continue
                wrong = [m for m in months if _quarter_of(m) not in quarters]
                if not wrong:
                    _check_quarter_years(ctx, index, text, match, tail)
                    continue
                # the calendar's quarter (ไตรมาส ๑ = ม.ค.–มี.ค.), as economic reports count: very
                # probably wrong in a government letter, unless a fiscal year is named by it
                calendar = all((m - 1) // 3 + 1 in quarters for m in months)
                fiscal_named = "ปีงบประมาณ" in text[max(0, match.start() - 60): match.end() + _QUARTER_REACH]
                severity = Severity.WARNING if calendar and not fiscal_named else Severity.ERROR
                allowed = [m for m in (10, 11, 12, *range(1, 10)) if _quarter_of(m) in quarters]
                expected = f"{MONTHS[allowed[0] - 1]} – {MONTHS[allowed[-1] - 1]}"
                ctx.add(index, "date.fiscal-quarter",
                        f"เดือนไม่อยู่ในไตรมาสที่ระบุ / {', '.join(MONTHS[m - 1] for m in wrong)} "
                        f"{'is' if len(wrong) == 1 else 'are'} not in fiscal quarter "
                        f"{match['quarters'].strip()} (ไตรมาส ๑ is ตุลาคม – ธันวาคม): expected {expected}",
                        severity=severity, quote=(match.group(0) + tail).strip(), expected=expected,
                        found=", ".join(MONTHS[m - 1] for m in months))


_FY_NEAR = re.compile(r"ปีงบประมาณ\s*(?:พ\.\s?ศ\.)?\s*(?P<year>[0-9๐-๙]{4})(?![0-9๐-๙])")


def _check_quarter_years(ctx: "_Context", index: int, text: str, match: re.Match[str], tail: str) -> None:
    """"ไตรมาสที่ ๒ ปีงบประมาณ ๒๕๖๗ (มกราคม - มีนาคม ๒๕๖๘)": the months are the quarter's, but
    a year written after one of them is not the fiscal year's (ต.ค.–ธ.ค. fall in the year
    before: ไตรมาส ๑ of ๒๕๖๗ is ตุลาคม – ธันวาคม ๒๕๖๖)."""
    before = text[max(0, match.start() - 60): match.start()]
    earlier = list(_FY_NEAR.finditer(before))
    fiscal = _FY_NEAR.search(tail) or (earlier[-1] if earlier else None)
    if fiscal is None:
        return
    year = _n(fiscal["year"])
    if year < 2400:
        return  # date.era's
    for month in _MONTHS_RE.finditer(tail):
        written = re.match(r"\s*(?:พ\.\s?ศ\.)?\s*(?P<year>[0-9๐-๙]{4})(?![0-9๐-๙])", tail[month.end():])
        if written is None:
            continue
        number = _MONTH_NUMBERS[month.group(0)]
        expected = year - 1 if number >= 10 else year
        if _n(written["year"]) == expected or _n(written["year"]) < 2400:
            continue
        shown = thai_digits(expected) if re.search("[๐-๙]", written["year"]) else str(expected)
        ctx.add(index, "date.fiscal-quarter",
                f"ปีของเดือนไม่ตรงกับปีงบประมาณ / {month.group(0)} {written['year']} is not in fiscal year "
                f"{fiscal['year']}: its {month.group(0)} is in {shown}",
                quote=(match.group(0) + tail).strip(), expected=f"{month.group(0)} {shown}",
                found=f"{month.group(0)} {written['year']}")


def _quarters(text: str) -> set[int]:
    numbers = [_n(d) for d in re.findall("[0-9๐-๙]", text)]
    if any(not 1 <= n <= 4 for n in numbers):
        return set()
    if len(numbers) == 2 and re.search(r"-|–|ถึง", text):
        return set(range(numbers[0], numbers[1] + 1))
    return set(numbers)


# ---------------------------------------------------------------------------- fiscal years

_FISCAL_YEAR = re.compile(r"ปีงบประมาณ\s*(?:พ\.\s?ศ\.)?\s*(?P<year>[0-9๐-๙]{4})(?![0-9๐-๙])")
# the period of the fiscal year itself: "(ตั้งแต่) ๑ ตุลาคม ๒๕๖๖ (ถึง|-) ๓๐ กันยายน ๒๕๖๗"
_PERIOD_REACH = 100  # characters after the fiscal year where its period may start
_RANGE = re.compile(r"\s*(?:-|–|ถึง(?:วันที่)?)\s*")


def check_fiscal_years(ctx: "_Context") -> None:
    """The period written right after a fiscal year ("ปีงบประมาณ พ.ศ. ๒๕๖๗ (๑ ตุลาคม ๒๕๖๖ -
    ๓๐ กันยายน ๒๕๖๗)", or "ตั้งแต่ … ถึง …" right after it) must lie in that year. Other dates in
    the sentence are not compared: a report due after the year ends is normal."""
    for index in range(len(ctx.lines)):
        for text, own in _cells_or_text(ctx.lines, index):
            if "ปีงบประมาณ" not in text[:own]:
                continue
            for match in _FISCAL_YEAR.finditer(text):
                if match.start() >= own:
                    continue
                year = _n(match["year"])
                if year < 2400:
                    continue  # an era slip, date.era's
                start, end = dt.date(year - 544, 10, 1), dt.date(year - 543, 9, 30)
                tail = text[match.end(): match.end() + _PERIOD_REACH + 60]
                tail = tail.split("ปีงบประมาณ", 1)[0]  # up to the next fiscal year named
                dates = find_thai_dates(tail, reference_year=year)
                period = next((k for k in range(len(dates) - 1)
                               if dates[k].start <= _PERIOD_REACH and _RANGE.fullmatch(
                                   tail[dates[k].end: dates[k + 1].start])), None)
                if period is None:
                    continue  # no period "A – B" written for the year
                dates = dates[period: period + 2]
                outside = [d for d in dates[:2] if d.date is not None and not start <= d.date <= end]
                if not outside:
                    continue
                written = f"{dates[0].text} – {dates[1].text}"
                ctx.add(index, "date.fiscal-year",
                        f"ช่วงเวลาอยู่นอกปีงบประมาณที่ระบุ / the period {written} is not within fiscal "
                        f"year {match['year']} ({_thai_date(start)} – {_thai_date(end)})",
                        quote=_shorten(match.group(0) + tail[: dates[1].end]),
                        expected=f"{thai_date(start, 'short')} – {thai_date(end, 'short')}", found=written)
