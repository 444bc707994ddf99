"""Clock times as Thai official documents write them: ``๐๘.๓๐ น.``.

    >>> parse_thai_time("๐๘.๓๐ น."), parse_thai_time("13:30"), parse_thai_time("8.30")
    (datetime.time(8, 30), datetime.time(13, 30), datetime.time(8, 30))
    >>> thai_time(parse_thai_time("8:30")), thai_time(parse_thai_time("13.30"), digits="arabic")
    ('๐๘.๓๐ น.', '13.30 น.')
"""

from __future__ import annotations

import datetime as dt
import re

from thaidoc.thai.digits import Digits, arabic_digits, thai_digits

__all__ = ["parse_thai_time", "thai_time", "TimeError"]

_TIME = re.compile(r"^\s*(\d{1,2})\s*[.:]\s*(\d{2})\s*(?:น\.?|นาฬิกา)?\s*$")


class TimeError(ValueError):
    """Not a clock time; the message says what was expected."""


def parse_thai_time(text: str) -> dt.time:
    """``08:30``, ``8.30``, ``๐๘.๓๐ น.`` or ``๐๘.๓๐ นาฬิกา`` as a time (00.00 to 23.59)."""
    match = _TIME.match(arabic_digits(text))
    if not match:
        raise TimeError(f"not a time: {text!r} (expected hours and minutes such as 08.30, 13:30 or ๐๘.๓๐ น.)")
    hours, minutes = int(match.group(1)), int(match.group(2))
    if hours > 23 or minutes > 59:
        raise TimeError(f"no such time: {text!r} (hours 00-23, minutes 00-59)")
    return dt.time(hours, minutes)


def thai_time(time: dt.time, digits: Digits = "thai") -> str:
    """``๐๘.๓๐ น.``: two-digit hours, a full stop, minutes and น. (as the seed plans write it)."""
    text = f"{time.hour:02d}.{time.minute:02d} น."
    return thai_digits(text) if digits == "thai" else text
