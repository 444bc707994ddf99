"""Notes on how the dates of document data were read.

A date typed with a Buddhist-era year in ISO form (``2567-04-17``) or in a Thai form ("17
เมษายน 2567", "๑๗ เม.ย. ๖๗") is converted on load (:func:`thaidoc.thai.read_date`); the
conversion is right for what Thai staff type, but it is a guess about what was meant, so
``thaidoc check`` shows each one, with its field, as a note.
"""

from __future__ import annotations

from thaidoc.checks.findings import Finding, Severity
from thaidoc.model.common import Document

__all__ = ["date_reading_findings"]


def date_reading_findings(document: Document) -> list[Finding]:
    """One ``date.read-as`` note per converted date of the data.

    >>> from thaidoc.model import load_document
    >>> doc = load_document({"kind": "announcement", "issuer": "จังหวัดเชียงราย", "subject": "ทดสอบ",
    ...                      "date": "2567-04-01", "body": ["ข้อความ"], "signer": {"name": "ก", "position": "ข"}})
    >>> [(f.code, f.location, f.found, f.expected) for f in date_reading_findings(doc)]
    [('date.read-as', 'date', '2567-04-01', '2024-04-01')]
    """
    return [
        Finding(code="date.read-as", severity=Severity.NOTE, location=path, message=reading.note,
                expected=reading.date.isoformat(), found=reading.written, source=document.source)
        for path, reading in document.date_readings
    ]
