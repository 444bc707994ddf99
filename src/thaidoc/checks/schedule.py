"""Checks of a schedule's rows against each other, the calendar and the plan's own period.

- ``schedule.team-conflict`` (error): one team in two places at the same time (same day,
  times that overlap; a row without a time takes the whole day);
- ``schedule.day-off`` (warning): a visit on a weekend, a Thai public holiday or a day off
  the office added (``days_off``);
- ``schedule.outside-period`` (error): a date outside the month, fiscal year or dates the plan
  states.

The same rules read the schedule tables of issued letters (:func:`lint_schedule_lines`): a
table headed วันที่ and เวลา, the period from a "เดือนเมษายน ๒๕๖๗" or "ปีงบประมาณ …" line
just above it; there, two rows at one time are a warning (the text rarely names the team).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from thaidoc.checks.findings import Finding, Severity
from thaidoc.model.common import Digits
from thaidoc.model.schedule import Period, Schedule, ScheduleRow
from thaidoc.thai import MONTHS, arabic_digits, find_thai_dates, thai_date
from thaidoc.thai.times import TimeError, parse_thai_time, thai_time
from thaidoc.thai.workdays import day_off

__all__ = ["check_schedule", "check_rows", "lint_schedule_lines", "SCHEDULE_CODES"]

SCHEDULE_CODES = ("schedule.team-conflict", "schedule.day-off", "schedule.outside-period")

_DEFAULT_TEAM = "คณะ"  # rows that name no team are the plan's one team


def _span(row: ScheduleRow) -> tuple[dt.time, dt.time | None]:
    """[start, end) of a row; end None for a start time alone; a row without a time is the day."""
    if row.time is None:
        return dt.time.min, dt.time.max
    return row.time, row.end


def _overlap(a: ScheduleRow, b: ScheduleRow) -> bool:
    (a_start, a_end), (b_start, b_end) = _span(a), _span(b)
    if a_end is None and b_end is None:
        return a_start == b_start
    if a_end is None:
        return b_start <= a_start < (b_end or a_start)
    if b_end is None:
        return a_start <= b_start < a_end
    return a_start < b_end and b_start < a_end


def _quote(row: ScheduleRow, digits: Digits) -> str:
    time = f" {thai_time(row.time, digits)}" if row.time else ""
    return f"{thai_date(row.date, 'table', digits)}{time} {row.place}"


def check_schedule(schedule: Schedule, *, source: str | None = None) -> list[Finding]:
    """Every conflict, day off and date outside the period, in row order."""
    return [finding for _, finding in check_rows(
        schedule.rows, schedule.period, schedule.days_off, lambda index, field: f"rows[{index}].{field}",
        digits=schedule.digits, source=source)]


def check_rows(rows: Sequence[ScheduleRow], period: Period | None, days_off: Mapping[dt.date, str],
               where: Callable[[int, str], str], *, digits: Digits = "thai", source: str | None = None,
               quotes: Sequence[str] | None = None, conflict: Severity = Severity.ERROR,
               ) -> list[tuple[int, Finding]]:
    """The rules over rows, however they were read: ``(row index, finding)`` pairs.

    ``where(index, field)`` names a row's date or time (a field path for data, a line for
    issued text); ``quotes`` are the rows as printed (default: written from the row).
    ``conflict`` is an error for data, where the team is known, and a warning for issued
    text, where two rows at one time are very probably, not certainly, the same team.
    """
    found: list[tuple[int, Finding]] = []
    bounds = period.bounds() if period is not None else None
    seen: dict[tuple[str, dt.date], list[tuple[int, ScheduleRow]]] = {}
    for index, row in enumerate(rows):
        quote = quotes[index] if quotes is not None else _quote(row, digits)
        if period is not None and bounds is not None and not bounds[0] <= row.date <= bounds[1]:
            found.append((index, Finding(
                code="schedule.outside-period", severity=Severity.ERROR, location=where(index, "date"),
                message=f"วันที่ {thai_date(row.date)} อยู่นอกช่วงของแผน ({period.text()}) / "
                        f"{row.date.isoformat()} is outside the plan's period ({period.text('arabic')}: "
                        f"{bounds[0].isoformat()} to {bounds[1].isoformat()})",
                expected=f"{bounds[0].isoformat()} to {bounds[1].isoformat()}", found=row.date.isoformat(),
                quote=quote, source=source)))
        reason = day_off(row.date, days_off)
        if reason is not None:
            found.append((index, Finding(
                code="schedule.day-off", severity=Severity.WARNING, location=where(index, "date"),
                message=f"{thai_date(row.date, 'weekday')} เป็นวันหยุด ({reason}) / "
                        f"{row.date.isoformat()} ({row.date.strftime('%A')}) is not a working day: {reason}",
                expected="a working day", found=f"{row.date.isoformat()}: {reason}", quote=quote, source=source)))
        team = (row.team or _DEFAULT_TEAM).strip()
        for other_index, other in seen.get((team, row.date), []):
            if _overlap(row, other):
                who = f"ทีม {team}" if row.team else "คณะเดียวกัน"
                other_quote = quotes[other_index] if quotes is not None else _quote(other, digits)
                found.append((index, Finding(
                    code="schedule.team-conflict", severity=conflict, location=where(index, "time"),
                    message=f"{who}อยู่สองที่ในเวลาเดียวกัน: {other.place} (ลำดับที่ {other_index + 1}) และ "
                            f"{row.place} (ลำดับที่ {index + 1}) / the same team ({team}) is in two places at "
                            f"once: {other.place} (row {other_index + 1}) and {row.place} (row {index + 1})",
                    expected="one place at a time", found=f"{other_quote}; {quote}",
                    quote=quote, source=source, extra={"other": where(other_index, "time")})))
                break
        seen.setdefault((team, row.date), []).append((index, row))
    return found


# ------------------------------------------------------------------------------ issued text

_MONTH_PERIOD = re.compile(r"เดือน\s*(%s)\s*(?:พ\.ศ\.\s*)?(\d{4})" % "|".join(MONTHS))
_FISCAL_PERIOD = re.compile(r"ปีงบประมาณ\s*(?:พ\.ศ\.\s*)?(\d{4})")
_TIME_RANGE = re.compile(r"^\s*(\d{1,2}\s*[.:]\s*\d{2})\s*(?:น\.)?\s*(?:-|–|ถึง)\s*(\d{1,2}\s*[.:]\s*\d{2})\s*(?:น\.?)?\s*$")
_PLACE_HEADS = ("อำเภอ", "สถานที่", "ตำบล", "หน่วยงาน", "พื้นที่")
_TEAM_HEADS = ("คณะ", "ทีม", "ผู้รับผิดชอบ")


def _stated_period(lines: Sequence[Any], first: int) -> Period | None:
    """The month or fiscal year a schedule's heading states, in the few lines above its table."""
    heading = [arabic_digits(lines[i].text) for i in range(max(first - 4, 0), first) if lines[i].cells is None]
    months = [m for text in heading for m in _MONTH_PERIOD.finditer(text)]
    fiscal = [m for text in heading for m in _FISCAL_PERIOD.finditer(text)]
    if len(months) == 1 and not fiscal and 2400 <= int(months[0].group(2)) <= 2700:
        year = int(months[0].group(2)) - 543
        return Period.model_validate({"month": f"{year:04d}-{MONTHS.index(months[0].group(1)) + 1:02d}"})
    if len(fiscal) == 1 and not months and 2400 <= int(fiscal[0].group(1)) <= 2700:
        return Period.model_validate({"fiscal_year": int(fiscal[0].group(1))})
    return None


def _times(cell: str) -> tuple[dt.time, dt.time | None] | None:
    try:
        return parse_thai_time(cell), None
    except TimeError:
        pass
    match = _TIME_RANGE.match(arabic_digits(cell))
    if match:
        try:
            start, end = parse_thai_time(match.group(1)), parse_thai_time(match.group(2))
        except TimeError:
            return None
        return (start, end) if end > start else None
    return None


def _column(head: Sequence[str], *starts: str) -> int | None:
    for index, cell in enumerate(head):
        if cell.strip().startswith(starts):
            return index
    return None


def lint_schedule_lines(lines: Sequence[Any], where: Callable[[int], str], *, source: str | None = None,
                        reference_year: int | None = None) -> list[tuple[int, Finding]]:
    """The schedule rules over the schedule tables of issued text (a heading row with วันที่ and
    เวลา, rows with one date each): ``(line index, finding)`` pairs. A time that cannot be read
    ("๐๘.๓๐ น. เป็นต้นไป") keeps its row out of the conflict rule rather than guess."""
    by_block: dict[int, list[int]] = {}
    for index, line in enumerate(lines):
        if line.cells is not None:
            by_block.setdefault(line.block, []).append(index)
    found: list[tuple[int, Finding]] = []
    for indexes in by_block.values():
        head = lines[indexes[0]].cells or ()
        date_at, time_at = _column(head, "วันที่", "วัน เดือน ปี", "วัน/เดือน/ปี"), _column(head, "เวลา")
        if date_at is None or time_at is None:
            continue
        place_at = _column(head, *_PLACE_HEADS)
        team_at = _column(head, *_TEAM_HEADS)
        rows: list[ScheduleRow] = []
        at: list[int] = []
        for index in indexes[1:]:
            cells = lines[index].cells or ()
            if max(date_at, time_at) >= len(cells):
                continue
            dates = [m for m in find_thai_dates(cells[date_at], reference_year=reference_year) if m.date]
            if len(dates) != 1 or dates[0].date is None:
                continue
            times = _times(cells[time_at])
            place = cells[place_at].strip() if place_at is not None and place_at < len(cells) else ""
            team = cells[team_at].strip() if team_at is not None and team_at < len(cells) else None
            if times is None:
                team = f"\0row {index}"  # an unread time: in no conflict
            rows.append(ScheduleRow.model_construct(date=dates[0].date, time=times[0] if times else None,
                                                    end=times[1] if times else None, place=place or "-",
                                                    team=team or None, note=None))
            at.append(index)
        if not rows:
            continue
        period = _stated_period(lines, indexes[0])
        quotes = [re.sub(r"\s+", " ", lines[i].text).strip() for i in at]
        for row, finding in check_rows(rows, period, {}, lambda n, field: where(at[n]), source=source,
                                       quotes=quotes, conflict=Severity.WARNING):
            found.append((at[row], finding))
    return found
