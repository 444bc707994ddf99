"""Numbered items: reading their labels, and whether a run of numbers follows on.

One pattern for a numbered item (``๑.``, ``๒)``, ``(๓)``, ``๒.๑``, ``- ๑๐)``, Thai or Arabic
digits) and one function for the order of a run of numbers, :func:`sequence_breaks`, shared
by the lint's ``numbering.*`` rules (items of the body and attachments, the ลำดับ column of a
table) and by any other rule that checks a numbered list (the conditions inside a rubric's band).

>>> label = item_label("- ๑๐) บริษัทประชารัฐรักสามัคคี")
>>> label.numbers, label.style, label.script
((10,), ')', 'thai')
>>> item_label("๒.๑ จัดทำยุทธศาสตร์").numbers
(2, 1)
>>> item_label("๑๐.๓๐ น. ลงทะเบียน") is None    # a time, not item 10.30
True
>>> sequence_breaks([1, 2, 4])
[Break(position=2, expected=3, found=4)]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["ITEM_LABEL", "ItemLabel", "Break", "item_label", "sequence_breaks", "first_break"]

_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")

#: A numbered item at the start of a line: an optional bullet, then ``(๑)``, ``๑)``, ``๑.``,
#: ``๒.๑``, ``๒.๑)`` or ``๒.๑.``; a bare number (``๒๕๖๒ …``) is not an item, nor is a time
#: (``๑๐.๓๐ น.``, ``๑๓.๐๐ - ๑๖.๓๐ น.``) or a figure (``1,000``).
ITEM_LABEL = re.compile(
    r"^(?:[-–•·]\s*)?"
    r"(?:\((?P<paren>[0-9๐-๙]{1,3})\)"
    r"|(?P<dotted>[0-9๐-๙]{1,3}(?:\.[0-9๐-๙]{1,3}){1,4})(?P<dotted_close>[.)])?"
    r"|(?P<plain>[0-9๐-๙]{1,3})(?P<plain_close>[.)]))"
    r"(?=\s|$)(?!\s*(?:น\.|นาฬิกา|[-–]\s*[0-9๐-๙]{1,2}[.:][0-9๐-๙]{2}))"  # ๐๙.๐๐ - ๑๒.๐๐ น.
)


@dataclass(frozen=True, slots=True)
class ItemLabel:
    """The label of a numbered item: ``numbers`` (2, 1) for ``๒.๑``; ``style`` is ``.``,
    ``)`` or ``()`` (a dotted label without a closing mark has style ``.``); ``script`` is
    ``thai`` or ``arabic``."""

    numbers: tuple[int, ...]
    style: str
    script: str
    text: str

    @property
    def depth(self) -> int:
        return len(self.numbers)

    @property
    def number(self) -> int:
        return self.numbers[-1]


def item_label(text: str) -> ItemLabel | None:
    """The numbered-item label that ``text`` starts with, or None."""
    match = ITEM_LABEL.match(text.strip())
    if match is None:
        return None
    if match["paren"]:
        digits, style = match["paren"], "()"
    elif match["dotted"]:
        digits, style = match["dotted"], match["dotted_close"] or "."
    else:
        digits, style = match["plain"], match["plain_close"]
    numbers = tuple(int(part.translate(_DIGITS)) for part in digits.split("."))
    script = "thai" if re.search("[๐-๙]", digits) else "arabic"
    return ItemLabel(numbers, style, script, match.group(0).strip())


@dataclass(frozen=True, slots=True)
class Break:
    """Item ``position`` (0-based) of a run is numbered ``found`` where ``expected`` follows."""

    position: int
    expected: int
    found: int


def sequence_breaks(numbers: Sequence[int], *, start: int | None = 1) -> list[Break]:
    """Where a run of item numbers does not go on by one: a skip (๑ ๒ ๔), a repeat (๑ ๒ ๒) or
    a step back (๑ ๓ ๒). The run is followed from each break on, so one missing number is one
    break. ``start`` is what the first number must be (None: any).

    >>> sequence_breaks([1, 2, 3, 5, 6])
    [Break(position=3, expected=4, found=5)]
    >>> sequence_breaks([1, 2, 2, 3])
    [Break(position=2, expected=3, found=2)]
    >>> sequence_breaks([2, 3], start=None), sequence_breaks([2, 3])
    ([], [Break(position=0, expected=1, found=2)])
    """
    breaks: list[Break] = []
    expected = start
    for position, number in enumerate(numbers):
        if expected is not None and number != expected:
            breaks.append(Break(position, expected, number))
        expected = number + 1
    return breaks


def first_break(numbers: Sequence[int]) -> tuple[int, int, int] | None:
    """The first break of a run that must start at 1, as (position, expected, found), or None.

    >>> first_break([1, 2, 4]), first_break([1, 2, 2]), first_break([1, 2, 3])
    ((2, 3, 4), (2, 3, 2), None)
    """
    breaks = sequence_breaks(numbers)
    return (breaks[0].position, breaks[0].expected, breaks[0].found) if breaks else None
