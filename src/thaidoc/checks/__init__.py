"""Consistency checks over models and over extracted text; each returns Findings."""

from thaidoc.checks.findings import Finding, Severity

__all__ = ["Finding", "Severity"]
