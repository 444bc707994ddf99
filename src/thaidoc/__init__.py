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
    "numbertext": "thaidoc.thai",
    "parse_numbertext": "thaidoc.thai",
    "read_date": "thaidoc.thai",
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
    # budgets and checks
    "check": "thaidoc.api",
    "Budget": "thaidoc.model.budget",
    "read_budget_xlsx": "thaidoc.model.xlsx",
    # letters from data; thaidoc.render is also a package, made callable
    "render": "thaidoc.render",
    "render_to_file": "thaidoc.render",
    "render_parts": "thaidoc.render",
    "load_document": "thaidoc.model",
    "KINDS": "thaidoc.model",
    "PreparedTemplate": "thaidoc.render.engine",
    "to_pdf": "thaidoc.render.pdf",
    "PdfConverter": "thaidoc.render.converter",
    # one letter per row
    "render_many": "thaidoc.render.batch",
    "read_rows": "thaidoc.render.batch",
    # reading and linting issued letters; thaidoc.read is also a package, made callable
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
    # "X as X" is an explicit re-export: without it, `thaidoc.render(...)` fails mypy --strict
    # in the portal's code. tests/test_public_api.py keeps this block and _EXPORTS in step.
    from thaidoc.api import check as check
    from thaidoc.checks.findings import Finding as Finding
    from thaidoc.checks.findings import Severity as Severity
    from thaidoc.checks.text import lint as lint
    from thaidoc.diff import DiffResult as DiffResult
    from thaidoc.diff import diff_documents as diff_documents
    from thaidoc.errors import AmountError as AmountError
    from thaidoc.errors import ConversionError as ConversionError
    from thaidoc.errors import DataError as DataError
    from thaidoc.errors import DateError as DateError
    from thaidoc.errors import InconsistentDocumentError as InconsistentDocumentError
    from thaidoc.errors import ReadError as ReadError
    from thaidoc.errors import RenderError as RenderError
    from thaidoc.errors import TemplateError as TemplateError
    from thaidoc.errors import ThaidocError as ThaidocError
    from thaidoc.model import KINDS as KINDS
    from thaidoc.model import load_document as load_document
    from thaidoc.model.budget import Budget as Budget
    from thaidoc.model.xlsx import read_budget_xlsx as read_budget_xlsx
    from thaidoc.read.document import ExtractedDocument as ExtractedDocument
    from thaidoc.read.extract import extract as extract
    from thaidoc.read.letter import IssuedLetter as IssuedLetter
    from thaidoc.read.letter import letter_parts as letter_parts
    from thaidoc.read.letter import read as read
    from thaidoc.render import render as render
    from thaidoc.render import render_parts as render_parts
    from thaidoc.render import render_to_file as render_to_file
    from thaidoc.render.batch import read_rows as read_rows
    from thaidoc.render.batch import render_many as render_many
    from thaidoc.render.engine import PreparedTemplate as PreparedTemplate
    from thaidoc.render.converter import PdfConverter as PdfConverter
    from thaidoc.render.pdf import to_pdf as to_pdf
    from thaidoc.thai import MONTHS as MONTHS
    from thaidoc.thai import MONTHS_ABBR as MONTHS_ABBR
    from thaidoc.thai import PROVINCES as PROVINCES
    from thaidoc.thai import WEEKDAYS as WEEKDAYS
    from thaidoc.thai import WEEKDAYS_ABBR as WEEKDAYS_ABBR
    from thaidoc.thai import DateMatch as DateMatch
    from thaidoc.thai import LenientReading as LenientReading
    from thaidoc.thai import ParsedThaiDate as ParsedThaiDate
    from thaidoc.thai import Province as Province
    from thaidoc.thai import arabic_digits as arabic_digits
    from thaidoc.thai import bahttext as bahttext
    from thaidoc.thai import find_thai_dates as find_thai_dates
    from thaidoc.thai import fiscal_quarter as fiscal_quarter
    from thaidoc.thai import fiscal_year as fiscal_year
    from thaidoc.thai import format_amount as format_amount
    from thaidoc.thai import format_number as format_number
    from thaidoc.thai import parse_bahttext as parse_bahttext
    from thaidoc.thai import parse_bahttext_lenient as parse_bahttext_lenient
    from thaidoc.thai import numbertext as numbertext
    from thaidoc.thai import parse_numbertext as parse_numbertext
    from thaidoc.thai import read_date as read_date
    from thaidoc.thai import parse_thai_date as parse_thai_date
    from thaidoc.thai import province_by_abbreviation as province_by_abbreviation
    from thaidoc.thai import province_by_name as province_by_name
    from thaidoc.thai import provinces_by_postcode as provinces_by_postcode
    from thaidoc.thai import suggest_provinces as suggest_provinces
    from thaidoc.thai import thai_date as thai_date
    from thaidoc.thai import thai_digits as thai_digits
    from thaidoc.thai import to_decimal as to_decimal
