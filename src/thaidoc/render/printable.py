"""Values that print as the letter's text, for templates staff write themselves.

A docxtpl user types ``{{ number }}``, ``{{ date }}``, ``{{ recipient }}``, ``{{ body }}``,
``{{ signer }}``. The context holds those fields as data (a ``LetterNumber``, a date, a list of
paragraphs), which would print as Python's text for them. :func:`printable` puts in their
place values that print the letter's own text (the ``number_text``, ``date_text``,
``body_lines`` … the bundled templates use) and still behave as the data: a date still takes
``| thai_date('weekday')``, ``{{ signer.name }}`` still reads the field, ``{% for p in body %}``
still loops. Thai names of the common placeholders (``{{ วันที่ }}``, ``{{ เรื่อง }}`` …) are
aliases of the same values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

__all__ = ["printable", "THAI_NAMES", "PrintedDate", "PrintedList", "Printed", "line_text"]

#: Thai names a template may use for the common placeholders, each the same value as its field.
THAI_NAMES: dict[str, str] = {
    "ที่": "number",
    "วันที่": "date",
    "เรื่อง": "subject",
    "เรียน": "recipient",
    "ถึง": "to",
    "อ้างถึง": "references",
    "สิ่งที่ส่งมาด้วย": "enclosures",
    "ข้อความ": "body",
    "ผู้ลงนาม": "signer",
    "ส่วนราชการ": "department",
    "สำเนาส่ง": "copies",
    "ส่วนราชการเจ้าของเรื่อง": "owner",
}


class PrintedDate(dt.date):
    """A date that prints as the letter writes it (``๑๗ เมษายน ๒๕๖๗``) and is still a date."""

    __slots__ = ("_text",)
    _text: str

    def __new__(cls, day: dt.date, text: str) -> "PrintedDate":
        self = super().__new__(cls, day.year, day.month, day.day)
        self._text = text
        return self

    def __str__(self) -> str:
        return self._text

    def __reduce__(self) -> tuple[Any, ...]:
        return (PrintedDate, (dt.date(self.year, self.month, self.day), self._text))


class PrintedList(list[Any]):
    """A list (paragraphs, enclosures …) that prints as its lines, one per line."""

    def __init__(self, items: list[Any], text: str) -> None:
        super().__init__(items)
        self.text = text

    def __str__(self) -> str:
        return self.text


class Printed:
    """A part of the data (the letter's number, the recipient, the signer) that prints as the
    letter's text; its fields read through (``{{ signer.name }}``)."""

    __slots__ = ("_value", "_text")

    def __init__(self, value: Any, text: str) -> None:
        self._value = value
        self._text = text

    def __getattr__(self, name: str) -> Any:
        return getattr(self._value, name)

    def __bool__(self) -> bool:
        return bool(self._value)

    def __str__(self) -> str:
        return self._text

    def __eq__(self, other: object) -> bool:
        return bool(self._value == (other._value if isinstance(other, Printed) else other))

    def __hash__(self) -> int:
        return hash(self._text)


def line_text(item: Any) -> str:
    """One row of a ``*_lines``/``*_rows`` list as printed text."""
    if isinstance(item, Mapping):
        text = str(item.get("text", ""))
        quantity = item.get("quantity")
        return f"{text} {quantity}".strip() if quantity else text
    return str(item)


#: Fields whose lines are paragraphs of their own (each keeps the placeholder paragraph's
#: indent and spacing: docxtpl's paragraph mark); other fields' lines are line breaks.
PARAGRAPH_FIELDS = frozenset({"body"})


def _printed_text(name: str, context: Mapping[str, Any]) -> str | None:
    """The letter's text for the field ``name``: its ``_text`` value, or its lines
    (``body_lines`` for ``body``, ``reference_lines`` for ``references``)."""
    text = context.get(f"{name}_text")
    if isinstance(text, str):
        return text
    stems = (name, name[:-1]) if name.endswith("s") else (name,)
    for stem in stems:
        for suffix in ("_lines", "_rows"):
            lines = context.get(f"{stem}{suffix}")
            if isinstance(lines, list):
                separator = "\a" if name in PARAGRAPH_FIELDS else "\n"
                return separator.join(line_text(item) for item in lines)
    return None


def printable(context: Mapping[str, Any]) -> dict[str, Any]:
    """``context`` with each field that has a printed form replaced by a value printing it.

    >>> from thaidoc.model import load_document
    >>> doc = load_document("samples/letters/order-working-group.yaml")
    >>> values = printable(doc.context())
    >>> str(values["date"]), values["date"].year, str(values["วันที่"])
    ('๑ เมษายน พ.ศ. ๒๕๖๗', 2024, '๑ เมษายน พ.ศ. ๒๕๖๗')
    >>> str(values["signer"]).splitlines()[0], values["signer"].name
    ('(นายชยาวุธ จันทร)', 'นายชยาวุธ จันทร')
    """
    result = dict(context)
    for name, value in context.items():
        if value is None or name.endswith(("_text", "_lines", "_rows")):
            continue
        text = _printed_text(name, context)
        if text is None:
            continue
        if isinstance(value, str):
            result[name] = text
        elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            result[name] = PrintedDate(value, text)
        elif isinstance(value, list):
            result[name] = PrintedList(value, text)
        elif isinstance(value, (BaseModel, int)):
            result[name] = Printed(value, text)
    for thai, name in THAI_NAMES.items():
        if name in result and thai not in result:
            result[thai] = result[name]
    return result
