"""The issued-letter checks over the text a generated document prints.

Free text in the data can carry typed dates and amounts ("ภายในวันศุกร์ที่ ๒๕ มกราคม ๒๕๖๘",
"1,000 บาท (หนึ่งร้อยบาทถ้วน)"). Reading the rendered .docx back and running the same
:func:`~thaidoc.checks.text.lint` as for an issued letter checks them exactly as a reader of
the letter would see them, and every rule the lint gains applies to generated letters too.
``thaidoc.render`` refuses a document whose printed text has errors (unless
``allow_inconsistent``); ``thaidoc check`` reports the same findings.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from thaidoc.checks.findings import Finding
from thaidoc.checks.text import lint
from thaidoc.data import leaves
from thaidoc.read.extract import extract
from thaidoc.thai import arabic_digits

__all__ = ["printed_text_findings"]


def printed_text_findings(docx: bytes, *, source: str | None = None, data: Any = None) -> list[Finding]:
    """The lint's findings over the rendered ``docx``, each marked ``checked: printed text``.

    ``data`` (the document's data, as ``model_dump(mode="json")`` gives it) lets a finding name
    the field its quoted text was typed in (``extra["field"]``, e.g. ``body[0]``): the person
    fixing the data looks for the field, not for the paragraph of a document they never saw.
    """
    printed = extract(docx, name=source or "<document>")
    fields = list(_text_fields(data)) if data is not None else []
    found = []
    for finding in lint(printed):
        extra = {**finding.extra, "checked": "printed text"}
        field = _field_of(finding.quote, fields)
        if field is not None:
            extra["field"] = field
        found.append(dataclasses.replace(finding, extra=extra))
    return found


def _plain(text: str) -> str:
    return " ".join(arabic_digits(text).split())


def _text_fields(data: Any) -> Iterator[tuple[str, str]]:
    """(field path, text with Arabic digits and single spaces) of every string in ``data``."""
    return ((path, _plain(value)) for path, value in leaves(data) if isinstance(value, str))


def _field_of(quote: str | None, fields: list[tuple[str, str]]) -> str | None:
    """The first field whose text holds ``quote`` as typed (Thai or Arabic digits alike)."""
    if not quote or not fields:
        return None
    wanted = _plain(quote.strip("“”…"))
    if len(wanted) < 4:
        return None
    return next((path for path, text in fields if wanted in text), None)
