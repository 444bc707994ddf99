"""Checks of a schedule's rows against each other, the calendar and the plan's own period.

- ``schedule.team-conflict`` (error): one team in two places at the same time (same day,
  times that overlap; a row without a time takes the whole day);
- ``schedule.day-off`` (warning): a visit on a weekend, a Thai public holiday or a day off
  the office added (``days_off``);
- ``schedule.outside-period`` (error): a date outside the month, fiscal year or dates the plan
  states.
"""

from __future__ import annotations

import datetime as dt

from thaidoc.checks.findings import Finding, Severity
from thaidoc.model.schedule import Schedule, ScheduleRow
from thaidoc.thai import thai_date
from thaidoc.thai.times import thai_time
from thaidoc.thai.workdays import day_off

__all__ = ["check_schedule", "SCHEDULE_CODES"]

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


def _quote(row: ScheduleRow, digits: str) -> str:
    time = f" {thai_time(row.time, 'thai' if digits == 'thai' else 'arabic')}" if row.time else ""
    return f"{thai_date(row.date, 'table', 'thai' if digits == 'thai' else 'arabic')}{time} {row.place}"


def check_schedule(schedule: Schedule, *, source: str | None = None) -> list[Finding]:
    """Every conflict, day off and date outside the period, in row order."""
    findings: list[Finding] = []
    digits = schedule.digits
    bounds = schedule.period.bounds() if schedule.period is not None else None
    seen: dict[tuple[str, dt.date], list[tuple[int, ScheduleRow]]] = {}
    for index, row in enumerate(schedule.rows):
        where = f"rows[{index}]"
        quote = _quote(row, digits)
        if bounds is not None and not bounds[0] <= row.date <= bounds[1]:
            assert schedule.period is not None
            period = schedule.period.text("arabic")
            findings.append(Finding(
                code="schedule.outside-period", severity=Severity.ERROR, location=f"{where}.date",
                message=f"วันที่ {thai_date(row.date)} อยู่นอกช่วงของแผน ({schedule.period.text()}) / "
                        f"{row.date.isoformat()} is outside the plan's period ({period}: "
                        f"{bounds[0].isoformat()} to {bounds[1].isoformat()})",
                expected=f"{bounds[0].isoformat()} to {bounds[1].isoformat()}", found=row.date.isoformat(),
                quote=quote, source=source))
        reason = day_off(row.date, schedule.days_off)
        if reason is not None:
            findings.append(Finding(
                code="schedule.day-off", severity=Severity.WARNING, location=f"{where}.date",
                message=f"{thai_date(row.date, 'weekday')} เป็นวันหยุด ({reason}) / "
                        f"{row.date.isoformat()} ({row.date.strftime('%A')}) is not a working day: {reason}",
                expected="a working day", found=f"{row.date.isoformat()}: {reason}", quote=quote, source=source))
        team = (row.team or _DEFAULT_TEAM).strip()
        for other_index, other in seen.get((team, row.date), []):
            if _overlap(row, other):
                who = f"ทีม {team}" if row.team else "คณะเดียวกัน"
                findings.append(Finding(
                    code="schedule.team-conflict", severity=Severity.ERROR, location=f"{where}.time",
                    message=f"{who}อยู่สองที่ในเวลาเดียวกัน: {other.place} (ลำดับที่ {other_index + 1}) และ "
                            f"{row.place} (ลำดับที่ {index + 1}) / the same team ({team}) is in two places at "
                            f"once: {other.place} (row {other_index + 1}) and {row.place} (row {index + 1})",
                    expected="one place at a time", found=f"{_quote(other, digits)}; {quote}",
                    quote=quote, source=source, extra={"other": f"rows[{other_index}]"}))
                break
        seen.setdefault((team, row.date), []).append((index, row))
    return findings
