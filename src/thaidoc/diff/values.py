"""The change list in values: what a reviewer checks first, said as values, not word fragments.

A changed amount reads "18,300 → 20,000 บาท" with whether the issued letter's words agree with
its own figure, instead of "(หนึ่ง→สอง)หมื่น[-แปดพันสามร้อย-]บาทถ้วน"; likewise the letter's
date and number, the recipient, the signer, the number of enclosures, and any other date
written in a changed paragraph.

Letter-level values come from what :func:`thaidoc.read.letter.read` read from each side (so a
re-typed ``๐๐๑๙`` against ``0019`` is no change); amounts and dates in the text come from the
paragraphs the diff found changed, paired in order.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from thaidoc.diff.model import Change, ValueChange
from thaidoc.diff.normalise import comparison_key, normalise
from thaidoc.errors import ThaidocError
from thaidoc.read.document import ExtractedDocument
from thaidoc.read.letter import read
from thaidoc.thai.bahttext import parse_bahttext_lenient
from thaidoc.thai.dates import find_thai_dates, thai_date
from thaidoc.thai.digits import format_amount

__all__ = ["value_changes", "AmountMention", "amounts_in"]

_FIGURE = r"[0-9๐-๙]{1,3}(?:,[0-9๐-๙]{3})+(?:\.[0-9๐-๙]{1,2})?|[0-9๐-๙]+(?:\.[0-9๐-๙]{1,2})?"
_AMOUNT = re.compile(
    rf"(?<![0-9๐-๙.,])(?P<figure>{_FIGURE})\s*(?:\.-)?\s*บาท"
    r"(?:\s*\(\s*[-–—]?\s*(?P<words>[\u0e01-\u0e4e\s]{2,200}?)\s*[-–—]?\s*\))?"
)


@dataclass(frozen=True)
class AmountMention:
    """"18,300 บาท (หนึ่งหมื่นแปดพันสามร้อยบาทถ้วน)" as read: the figure and, when written, the
    words and what they say (None when they are not valid Thai amount words)."""

    amount: Decimal
    words: str | None
    words_say: Decimal | None

    @property
    def words_agree(self) -> bool | None:
        return None if self.words is None else self.words_say == self.amount


def amounts_in(text: str) -> list[AmountMention]:
    """Every "figure บาท" in ``text``, with the words in parentheses after it when written.

    >>> [(m.amount, m.words_agree) for m in amounts_in("เป็นเงิน ๖,๕๐๐ บาท (หกพันสามร้อยบาทถ้วน) และ 20 บาท")]
    [(Decimal('6500'), False), (Decimal('20'), None)]
    """
    found = []
    for match in _AMOUNT.finditer(text):
        try:
            amount = Decimal(normalise(match["figure"]).replace(",", ""))
        except InvalidOperation:
            continue
        words = re.sub(r"\s+", "", match["words"]) if match["words"] else None
        says: Decimal | None = None
        if words and "บาท" in words:
            try:
                says = parse_bahttext_lenient(words).amount
            except (ThaidocError, ValueError, ArithmeticError):
                says = None
        elif words:
            words = None  # parentheses about something else: "(หมวด ๓๐๐)"
        found.append(AmountMention(amount, words, says))
    return found


def _baht(amount: Decimal) -> str:
    return format_amount(amount, digits="arabic", satang=amount != amount.to_integral_value())


def _amount_note(mention: AmountMention) -> str | None:
    if mention.words is None:
        return None
    if mention.words_agree:
        return "คำอ่านตรงกับตัวเลข / the words agree with the figure"
    said = f"{_baht(mention.words_say)} บาท" if mention.words_say is not None else "ไม่ใช่คำอ่านจำนวนเงินที่ถูกต้อง"
    english = f"{_baht(mention.words_say)}" if mention.words_say is not None else "no valid amount"
    return f"คำอ่านไม่ตรงกับตัวเลข: อ่านได้ {said} / the words say {english}, not the figure"


def _text_values(change: Change) -> list[ValueChange]:
    """Amounts and dates that differ between the two sides of one changed paragraph."""
    out: list[ValueChange] = []
    old_amounts, new_amounts = amounts_in(change.old), amounts_in(change.new)
    pairs: list[tuple[AmountMention | None, AmountMention | None]]
    if len(old_amounts) == len(new_amounts):
        pairs = list(zip(old_amounts, new_amounts))
    else:
        pairs = [(a, None) for a in old_amounts if a.amount not in {b.amount for b in new_amounts}]
        pairs += [(None, b) for b in new_amounts if b.amount not in {a.amount for a in old_amounts}]
    for old, new in pairs:
        words_changed = old is not None and new is not None and old.words != new.words
        if old is not None and new is not None and old.amount == new.amount and not words_changed:
            continue
        note = _amount_note(new) if new is not None else None
        out.append(ValueChange(
            "amount", change.location,
            f"{_baht(old.amount)} บาท" if old else None,
            f"{_baht(new.amount)} บาท" if new else None,
            note,
            problem=bool(new is not None and new.words is not None and not new.words_agree),
        ))
    old_dates = [m.date for m in find_thai_dates(change.old) if m.date is not None]
    new_dates = [m.date for m in find_thai_dates(change.new) if m.date is not None]
    if old_dates != new_dates:
        date_pairs: list[tuple[dt.date | None, dt.date | None]]
        if len(old_dates) == len(new_dates):
            date_pairs = [(a, b) for a, b in zip(old_dates, new_dates) if a != b]
        else:
            date_pairs = [(a, None) for a in old_dates if a not in new_dates]
            date_pairs += [(None, b) for b in new_dates if b not in old_dates]
        for a, b in date_pairs:
            out.append(ValueChange("date", change.location, _date(a), _date(b)))
    return out


def _date(value: dt.date | None) -> str | None:
    return f"{thai_date(value)} ({value.isoformat()})" if value is not None else None


def _number(value: Any) -> str | None:
    if isinstance(value, dict):
        office, number = value.get("office"), value.get("number")
        circular = "/ว " if value.get("circular") else "/"
        return f"{office}{circular}{number}" if office else str(number)
    return None if value is None else str(value)


def _person(value: Any) -> str | None:
    if isinstance(value, dict):
        return " ".join(str(value[key]) for key in ("name", "position", "acting", "principal") if value.get(key))
    return None if value is None else str(value)


_FIELDS: tuple[tuple[Literal["number", "date", "recipient", "signer", "enclosures"], Any], ...] = (
    ("number", _number),
    ("date", lambda value: _date(value) if isinstance(value, dt.date) else None),
    ("recipient", lambda value: _person(value)),
    ("signer", _person),
    ("enclosures", lambda value: None if value is None else str(len(value))),
)


def _letter_values(old_doc: ExtractedDocument, new_doc: ExtractedDocument) -> list[ValueChange]:
    old_data, new_data = read(old_doc).data, read(new_doc).data
    if not old_data.get("kind") or old_data.get("kind") != new_data.get("kind"):
        return []
    out = []
    for field, show in _FIELDS:
        old_value = old_data.get(field if field != "recipient" or "recipient" in old_data else "to")
        new_value = new_data.get(field if field != "recipient" or "recipient" in new_data else "to")
        if field == "recipient" and old_value is None and new_value is None:
            old_value, new_value = old_data.get("to"), new_data.get("to")
        if field == "enclosures" and not old_value and not new_value:
            continue
        old_text, new_text = show(old_value), show(new_value)
        if old_text is None and new_text is None:
            continue
        if comparison_key(old_text or "") != comparison_key(new_text or ""):  # spaces and wrapping aside
            out.append(ValueChange(field, None, _one_line(old_text), _one_line(new_text)))
    return out


def _one_line(text: str | None) -> str | None:
    return None if text is None else " ".join(text.split())


def value_changes(old_doc: Any, new_doc: Any, changes: tuple[Change, ...]) -> tuple[ValueChange, ...]:
    """The change list in values for two extracted letters and the diff's changes."""
    found: list[ValueChange] = []
    if isinstance(old_doc, ExtractedDocument) and isinstance(new_doc, ExtractedDocument):
        found.extend(_letter_values(old_doc, new_doc))
    letter_dates = {(v.old, v.new) for v in found if v.what == "date"}
    for change in changes:
        if change.kind == "replace":
            for value in _text_values(change):
                if value.what == "date" and (value.old, value.new) in letter_dates:
                    continue  # the letter's own date, already listed
                found.append(value)
    return tuple(found)
