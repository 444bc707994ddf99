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

from thaidoc.checks.findings import Finding
from thaidoc.checks.text import lint
from thaidoc.read.extract import extract

__all__ = ["printed_text_findings"]


def printed_text_findings(docx: bytes, *, source: str | None = None) -> list[Finding]:
    """The lint's findings over the rendered ``docx``, each marked ``checked: printed text``."""
    printed = extract(docx, name=source or "<document>")
    return [dataclasses.replace(f, extra={**f.extra, "checked": "printed text"}) for f in lint(printed)]
