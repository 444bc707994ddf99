"""Working days: weekends, Thai public holidays and days off an office adds.

The holidays are the ``holidays`` package's Thailand calendar (public holidays, the Buddhist
holidays by the lunar calendar, substitution days "ชดเชย…" and the cabinet's extra days off
"วันหยุดพิเศษ (เพิ่มเติม)"), a maintained calendar rather than a table kept here.

    >>> import datetime as dt
    >>> day_off(dt.date(2024, 4, 16))
    'ชดเชยวันสงกรานต์'
    >>> [d.isoformat() for d in working_days(dt.date(2024, 4, 11), 3)]
    ['2024-04-11', '2024-04-17', '2024-04-18']
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping

import holidays

__all__ = ["thai_holidays", "day_off", "working_days", "WEEKEND"]

#: weekday() -> name, for the two days a government office is closed
WEEKEND = {5: "วันเสาร์", 6: "วันอาทิตย์"}

#: days the calendar names that are not days off (the second Saturday of January)
_NOT_DAYS_OFF = frozenset({"วันเด็กแห่งชาติ"})

# a holiday calendar for a year far from today is a guess (the cabinet sets extra days yearly)
_FIRST_YEAR, _LAST_YEAR = 1950, 2100


@functools.lru_cache(maxsize=256)
def thai_holidays(year: int) -> Mapping[dt.date, str]:
    """Thailand's public holidays in ``year`` (Gregorian), date -> Thai name."""
    if not _FIRST_YEAR <= year <= _LAST_YEAR:
        return {}
    calendar = holidays.country_holidays("TH", years=year, language="th")
    return {day: name for day, name in sorted(calendar.items())
            if not set(name.split("; ")) <= _NOT_DAYS_OFF}


def day_off(day: dt.date, extra: Mapping[dt.date, str] | Iterable[dt.date] = ()) -> str | None:
    """Why ``day`` is not a working day (the holiday's name, วันเสาร์, วันอาทิตย์ or the
    reason given for an added day off), or None for a working day."""
    added = extra if isinstance(extra, Mapping) else {d: "วันหยุดที่กำหนดเพิ่ม" for d in extra}
    if day in added:
        return added[day] or "วันหยุดที่กำหนดเพิ่ม"
    holiday = thai_holidays(day.year).get(day)
    if holiday:
        return holiday
    return WEEKEND.get(day.weekday())


def working_days(start: dt.date, count: int,
                 extra: Mapping[dt.date, str] | Iterable[dt.date] = ()) -> list[dt.date]:
    """The first ``count`` working days from ``start`` (itself included when it is one)."""
    added = extra if isinstance(extra, Mapping) else {d: "" for d in extra}
    days: list[dt.date] = []
    day = start
    while len(days) < count:
        if day_off(day, added) is None:
            days.append(day)
        day += dt.timedelta(days=1)
    return days
