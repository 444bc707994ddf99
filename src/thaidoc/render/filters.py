"""Jinja filters for Thai formatting, available in every template and in data text.

Thin wrappers over :mod:`thaidoc.thai`. Filters that write digits follow the document's
``digits`` setting (``thai`` unless the data says ``arabic``); an explicit argument wins::

    {{ amounts.allocation | baht }}          ๑๖๐,๖๗๔,๔๐๐
    {{ amounts.allocation | bahttext }}      หนึ่งร้อยหกสิบล้านหกแสนเจ็ดหมื่นสี่พันสี่ร้อยบาทถ้วน
    {{ dates.deadline | thai_date('weekday') }}   วันพฤหัสบดีที่ ๓๐ เมษายน ๒๕๖๓
    {{ date | fiscal_year }}                 ๒๕๖๓
    {{ 8780 | number }}                      ๘,๗๘๐
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from jinja2 import Undefined, pass_context
from jinja2.runtime import Context

from thaidoc import thai

__all__ = ["FILTERS"]


def _digits(context: Context, digits: str | None) -> str:
    return digits or context.get("digits") or "thai"


def _defined(value: Any) -> Any:
    """A missing value must fail loudly here too, naming the field (strict undefined)."""
    if isinstance(value, Undefined):
        value._fail_with_undefined_error()
    return value


def _as_date(value: Any) -> dt.date:
    value = _defined(value)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value.strip())
    raise TypeError(f"expected a date, got {type(value).__name__}")


@pass_context
def thai_digits_filter(context: Context, value: Any, digits: str | None = None) -> str:
    """Digits of any value in the document's style (``{{ 2567 | digits }}`` → ๒๕๖๗)."""
    text = str(_defined(value))
    return thai.thai_digits(text) if _digits(context, digits) == "thai" else thai.arabic_digits(text)


@pass_context
def baht(context: Context, value: Any, satang: bool | None = None, digits: str | None = None) -> str:
    """An amount with thousands separators: ๑๖๐,๖๗๔,๔๐๐ (satang shown when not zero)."""
    return thai.format_amount(_defined(value), digits=_digits(context, digits), satang=satang)  # type: ignore[arg-type]


def bahttext(value: Any) -> str:
    """An amount in Thai words: …บาทถ้วน / …บาท…สตางค์."""
    return thai.bahttext(_defined(value))


@pass_context
def number(context: Context, value: Any, digits: str | None = None) -> str:
    """A count with thousands separators: ๘,๗๘๐."""
    return thai.format_number(_defined(value), digits=_digits(context, digits))  # type: ignore[arg-type]


@pass_context
def thai_date(context: Context, value: Any, style: str = "full", digits: str | None = None) -> str:
    """A date in a Thai style: full (๒๐ กุมภาพันธ์ ๒๕๖๒), weekday, short, table."""
    return thai.thai_date(_as_date(value), style=style, digits=_digits(context, digits))  # type: ignore[arg-type]


@pass_context
def fiscal_year(context: Context, value: Any, digits: str | None = None) -> str:
    """The Buddhist-era fiscal year a date falls in (1 Oct – 30 Sep): ๒๕๖๓."""
    text = str(thai.fiscal_year(_as_date(value)))
    return thai.thai_digits(text) if _digits(context, digits) == "thai" else text


@pass_context
def fiscal_quarter(context: Context, value: Any, digits: str | None = None) -> str:
    """The fiscal quarter (ไตรมาส) of a date, 1–4 (Q1 = ต.ค.–ธ.ค.)."""
    text = str(thai.fiscal_quarter(_as_date(value)))
    return thai.thai_digits(text) if _digits(context, digits) == "thai" else text


@pass_context
def buddhist_year(context: Context, value: Any, digits: str | None = None) -> str:
    """The Buddhist-era year of a date: ๒๕๖๗."""
    text = str(_as_date(value).year + thai.BE_OFFSET)
    return thai.thai_digits(text) if _digits(context, digits) == "thai" else text


#: name -> filter, installed in every thaidoc Jinja environment.
FILTERS: dict[str, Callable[..., Any]] = {
    "digits": thai_digits_filter,
    "thai_digits": thai_digits_filter,
    "baht": baht,
    "amount": baht,
    "bahttext": bahttext,
    "number": number,
    "thai_date": thai_date,
    "fiscal_year": fiscal_year,
    "fiscal_quarter": fiscal_quarter,
    "buddhist_year": buddhist_year,
}
