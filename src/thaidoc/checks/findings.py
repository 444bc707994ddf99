"""Findings: what every check returns.

A finding is a fact about a document, stated so that a reviewer can act on it and a program
can filter it: a stable ``code`` (``budget.stated-total``, ``date.weekday`` …), a severity, a
location (a field path such as ``activities[0].categories[1].items[0]`` for data, or a part
name / line number for issued letters), what was expected, what was found, and a message.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Any

__all__ = ["Severity", "Finding", "findings_to_json_ready", "problems"]


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "note": 2}[self.value]


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: Severity
    location: str
    message: str
    expected: str | None = None
    found: str | None = None
    difference: str | None = None
    quote: str | None = None
    source: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return {key: _json_ready(value) for key, value in data.items() if value not in (None, {})}

    def __str__(self) -> str:
        parts = [f"{self.severity.value} {self.code} at {self.location}: {self.message}"]
        if self.expected is not None or self.found is not None:
            parts.append(f"expected {self.expected}, found {self.found}")
        if self.difference is not None:
            parts.append(f"difference {self.difference}")
        return "; ".join(parts)


def _json_ready(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_ready(v) for v in value]
    return value


def findings_to_json_ready(findings: list[Finding]) -> list[dict[str, Any]]:
    return [f.to_dict() for f in findings]



def problems(findings: list[Finding]) -> list[Finding]:
    """The findings that are problems: errors and warnings. A note (a date read as พ.ศ., an
    area code of another province) is shown but does not fail ``thaidoc check``: a script that
    checks letters with converted dates would otherwise fail on every one."""
    return [finding for finding in findings if finding.severity is not Severity.NOTE]
