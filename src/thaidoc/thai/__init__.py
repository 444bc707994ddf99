"""Pure Thai language rules: digits, baht in words both ways, Buddhist-era dates both ways,
fiscal years and provinces. No docx, no I/O; imports only the standard library and
``thaidoc.errors``, so everything above (models, checks, templates, CLI) can use it cheaply.
"""

from __future__ import annotations

from thaidoc.thai.bahttext import LenientReading, bahttext, parse_bahttext, parse_bahttext_lenient
from thaidoc.thai.dates import (
    BE_OFFSET,
    DATE_STYLES,
    MONTHS,
    MONTHS_ABBR,
    WEEKDAYS,
    WEEKDAYS_ABBR,
    DateMatch,
    DateStyle,
    NoSuchDateError,
    ParsedThaiDate,
    find_thai_dates,
    fiscal_quarter,
    fiscal_year,
    parse_thai_date,
    resolve_two_digit_year,
    thai_date,
)
from thaidoc.thai.digits import (
    THAI_DIGITS,
    AmountLike,
    Digits,
    arabic_digits,
    format_amount,
    format_number,
    thai_digits,
    to_decimal,
    to_satang,
)
from thaidoc.thai.provinces import (
    PROVINCES,
    Province,
    province_by_abbreviation,
    province_by_name,
    provinces_by_postcode,
    suggest_provinces,
)

__all__ = [
    "AmountLike",
    "BE_OFFSET",
    "DATE_STYLES",
    "DateMatch",
    "DateStyle",
    "Digits",
    "LenientReading",
    "MONTHS",
    "MONTHS_ABBR",
    "NoSuchDateError",
    "PROVINCES",
    "ParsedThaiDate",
    "Province",
    "THAI_DIGITS",
    "WEEKDAYS",
    "WEEKDAYS_ABBR",
    "arabic_digits",
    "bahttext",
    "find_thai_dates",
    "fiscal_quarter",
    "fiscal_year",
    "format_amount",
    "format_number",
    "parse_bahttext",
    "parse_bahttext_lenient",
    "parse_thai_date",
    "province_by_abbreviation",
    "province_by_name",
    "provinces_by_postcode",
    "resolve_two_digit_year",
    "suggest_provinces",
    "thai_date",
    "thai_digits",
    "to_decimal",
    "to_satang",
]
