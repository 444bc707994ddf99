"""thaidoc: Thai official letters and forms from structured data, checked for consistency.

The public API is exported here. Names are imported lazily (PEP 562) so that
``import thaidoc`` and the CLI's ``--help`` stay fast and do not pull in python-docx or
pythainlp until a function that needs them is used. Type checkers see the real imports.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from thaidoc._version import __version__

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    # errors
    "ThaidocError": "thaidoc.errors",
    "AmountError": "thaidoc.errors",
    "DateError": "thaidoc.errors",
    "DataError": "thaidoc.errors",
    "TemplateError": "thaidoc.errors",
    "ReadError": "thaidoc.errors",
    "RenderError": "thaidoc.errors",
    "ConversionError": "thaidoc.errors",
    "InconsistentDocumentError": "thaidoc.errors",
    # findings
    "Finding": "thaidoc.checks.findings",
    "Severity": "thaidoc.checks.findings",
    # Thai language rules (thaidoc.thai)
    "bahttext": "thaidoc.thai",
    "parse_bahttext": "thaidoc.thai",
    "parse_bahttext_lenient": "thaidoc.thai",
    "to_decimal": "thaidoc.thai",
    "thai_digits": "thaidoc.thai",
    "arabic_digits": "thaidoc.thai",
    "format_amount": "thaidoc.thai",
    "thai_date": "thaidoc.thai",
    "parse_thai_date": "thaidoc.thai",
    "ParsedThaiDate": "thaidoc.thai",
    "fiscal_year": "thaidoc.thai",
    "fiscal_quarter": "thaidoc.thai",
    "Province": "thaidoc.thai",
    "PROVINCES": "thaidoc.thai",
    "province_by_name": "thaidoc.thai",
    "province_by_abbreviation": "thaidoc.thai",
    "provinces_by_postcode": "thaidoc.thai",
    "suggest_provinces": "thaidoc.thai",
    "format_number": "thaidoc.thai",
    "LenientReading": "thaidoc.thai",
    "find_thai_dates": "thaidoc.thai",
    "DateMatch": "thaidoc.thai",
    "MONTHS": "thaidoc.thai",
    "MONTHS_ABBR": "thaidoc.thai",
    "WEEKDAYS": "thaidoc.thai",
    "WEEKDAYS_ABBR": "thaidoc.thai",
    # comparing a generated letter with the issued one (the function is thaidoc.diff.diff)
    "diff_documents": "thaidoc.diff",
    "DiffResult": "thaidoc.diff",
    # budgets and checks (BUDGETS)
    "check": "thaidoc.api",
    "Budget": "thaidoc.model.budget",
    "read_budget_xlsx": "thaidoc.model.xlsx",
    # letters from data (LETTERS); thaidoc.render is also a package, made callable
    "render": "thaidoc.render",
    "render_to_file": "thaidoc.render",
    "load_document": "thaidoc.model",
    "KINDS": "thaidoc.model",
    "PreparedTemplate": "thaidoc.render.engine",
    "to_pdf": "thaidoc.render.pdf",
    # one letter per row (BATCH)
    "render_many": "thaidoc.render.batch",
    "read_rows": "thaidoc.render.batch",
    # reading and linting issued letters (READ); thaidoc.read is also a package, made callable
    "read": "thaidoc.read.letter",
    "IssuedLetter": "thaidoc.read.letter",
    "letter_parts": "thaidoc.read.letter",
    "extract": "thaidoc.read.extract",
    "ExtractedDocument": "thaidoc.read.document",
    "lint": "thaidoc.checks.text",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'thaidoc' has no attribute {name!r}")
    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:  # pragma: no cover
    # "X as X": an explicit re-export, so that `thaidoc.render(...)` type-checks under mypy --strict
    from thaidoc.model import KINDS as KINDS
    from thaidoc.model import load_document as load_document
    from thaidoc.render import render as render
    from thaidoc.render import render_to_file as render_to_file
    from thaidoc.render.batch import read_rows, render_many
    from thaidoc.render.engine import PreparedTemplate as PreparedTemplate
    from thaidoc.render.pdf import to_pdf as to_pdf
    from thaidoc.api import check
    from thaidoc.model.budget import Budget
    from thaidoc.model.xlsx import read_budget_xlsx
    from thaidoc.checks.findings import Finding, Severity
    from thaidoc.checks.text import lint
    from thaidoc.read.document import ExtractedDocument
    from thaidoc.read.extract import extract
    from thaidoc.read.letter import IssuedLetter, letter_parts, read
    from thaidoc.diff import DiffResult, diff_documents
    from thaidoc.errors import (
        AmountError,
        ConversionError,
        DataError,
        DateError,
        InconsistentDocumentError,
        ReadError,
        RenderError,
        TemplateError,
        ThaidocError,
    )
    from thaidoc.thai import (
        MONTHS,
        MONTHS_ABBR,
        PROVINCES,
        WEEKDAYS,
        WEEKDAYS_ABBR,
        DateMatch,
        LenientReading,
        ParsedThaiDate,
        Province,
        arabic_digits,
        bahttext,
        find_thai_dates,
        fiscal_quarter,
        fiscal_year,
        format_amount,
        format_number,
        parse_bahttext,
        parse_bahttext_lenient,
        parse_thai_date,
        province_by_abbreviation,
        province_by_name,
        provinces_by_postcode,
        suggest_provinces,
        thai_date,
        thai_digits,
        to_decimal,
    )
