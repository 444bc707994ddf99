"""``thaidoc.check``: one entry point for checking anything thaidoc can read.

- document data (a YAML/JSON file, a mapping, or a model): the model's checks (budgets add
  up, stated figures and words agree), then the issued-letter checks over the text the
  document will print (typed dates and amounts in free text);
- a budget spreadsheet (.xlsx): the budget checks;
- an issued letter (.docx or .txt): the text checks of :mod:`thaidoc.checks.text` over the
  extracted document.

Unreadable input raises a :class:`~thaidoc.errors.ThaidocError` (the CLI exits 2); findings
are returned, never raised.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from thaidoc.checks.budget import check_document
from thaidoc.checks.dates import date_reading_findings
from thaidoc.checks.findings import Finding
from thaidoc.checks.printed import printed_text_findings
from thaidoc.checks.text import lint
from thaidoc.data import check_depth, load_data, parse_data_text, validation_error
from thaidoc.errors import DataError, Problem, ThaidocError
from thaidoc.model import KINDS, load_document
from thaidoc.model.budget import Budget
from thaidoc.model.common import Document
from thaidoc.model.workbook import is_document_workbook
from thaidoc.model.xlsx import read_budget_xlsx
from thaidoc.read.extract import extract
from thaidoc.render import render

__all__ = ["check", "load_checkable", "json_schema"]


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of ``kind``'s data (``thaidoc schema KIND``), to build a portal's forms
    or to validate JSON before sending it.

    >>> json_schema("memo")["required"][:3]
    ['subject', 'body', 'signer']
    """
    if kind not in KINDS:
        unknown = Problem.unknown_name("kind", kind, sorted(KINDS), location="kind")
        raise DataError("unknown document kind", location="kind", expected="one of " + ", ".join(sorted(KINDS)),
                        found=repr(kind), code="data.unknown-kind", message_th=unknown.message_th,
                        problems=[unknown])
    return KINDS[kind].model_json_schema()

DATA_SUFFIXES = {".yaml", ".yml", ".json"}
TEXT_SUFFIXES = {".docx", ".txt", ".pdf", ".odt", ".doc"}


def load_checkable(source: Any, *, name: str | None = None, text_templates: bool | None = None) -> Any:
    """The model for document data: ``kind: budget`` (or no kind with ``activities:``) is a
    plain budget; any other kind goes through :func:`thaidoc.model.load_document`
    (``text_templates``: as there; by default a file's text is expanded, a mapping's not)."""
    if isinstance(source, BaseModel):
        return source
    base_dir = None
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if path.suffix.lower() == ".xlsx":
            # one document filled in Excel (`thaidoc new KIND --xlsx`), or a budget kept in Excel
            return load_document(path) if is_document_workbook(path) else read_budget_xlsx(path)

        name = name or str(path)
        data: Mapping[str, Any] = load_data(path)
        base_dir = path.parent  # for paths in the data: budget: budget.xlsx
    elif isinstance(source, Mapping):
        data = source
    else:
        raise DataError("cannot check this", source=name, found=type(source).__name__,
                        expected="a path, a mapping of document data or a document model")
    check_depth(data, name)
    if data.get("kind", "budget" if "activities" in data or "budget" in data else None) == "budget":
        try:
            return Budget.model_validate(dict(data), context={"base_dir": base_dir} if base_dir else None)
        except ValidationError as exc:
            raise validation_error(exc, source=name) from None
        except ThaidocError as exc:
            raise exc.with_context(source=name) from None

    try:
        # a file's text is its author's, expanded when printed (and checked as printed)
        return load_document(dict(data), source=name, base_dir=base_dir,
                             text_templates=base_dir is not None if text_templates is None else text_templates)
    except ThaidocError as exc:
        raise exc.with_context(source=name) from None


def _lint(path: Path) -> list[Finding]:
    return list(lint(extract(path)))


def check(source: str | os.PathLike[str] | bytes | Mapping[str, Any] | BaseModel, *,
          name: str | None = None, text_templates: bool | None = None) -> list[Finding]:
    """Every finding about ``source`` (a path, a mapping of document data, a model, or the
    bytes of a file: a .docx, UTF-8 letter text, or YAML/JSON data; ``name``'s suffix, when
    given, says which).

    The printed text is checked as :func:`thaidoc.render` would print it: a file's ``{{ … }}``
    expanded, a mapping's as given unless ``text_templates=True``.

    >>> import thaidoc
    >>> findings = thaidoc.check({"activities": [{"code": "1", "title": "t", "categories": [
    ...     {"name": "ค่าวัสดุ", "subtotal": "1,000", "items": [
    ...         {"description": "x", "factors": "10 คน x 90 บาท"}]}]}]})
    >>> [(f.code, f.location, f.expected, f.found, f.difference) for f in findings]
    [('budget.subtotal', 'activities[0].categories[0].subtotal', '900', '1,000', '+100')]
    """
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        name = name or str(path)
        suffix = path.suffix.lower()
        if not path.is_file():
            raise DataError("no such file", source=name)
        if suffix in TEXT_SUFFIXES:
            findings = _lint(path)
        elif suffix in DATA_SUFFIXES or suffix == ".xlsx":
            findings = _check_model(load_checkable(path, name=name, text_templates=text_templates))
        else:
            raise DataError("cannot check this kind of file", source=name, found=suffix or "no suffix",
                            expected="document data (.yaml, .json), a budget (.xlsx) or a letter (.docx, .pdf, .odt, .doc, .txt)")
    elif isinstance(source, bytes):
        findings = _check_bytes(source, name, text_templates)
    else:
        findings = _check_model(load_checkable(source, name=name, text_templates=text_templates))
    if name:
        findings = [f if f.source else dataclasses.replace(f, source=name) for f in findings]
    return findings


def _check_bytes(data: bytes, name: str | None, text_templates: bool | None) -> list[Finding]:
    """A file given as bytes (``thaidoc check -``): a .docx is a letter; text is document data
    when it reads as a mapping with a kind (or a budget's activities), else a letter's text.
    Data given as bytes is a mapping's: its text is expanded only with ``text_templates``."""
    suffix = Path(name).suffix.lower() if name else ""
    if data[:2] == b"PK" or suffix in TEXT_SUFFIXES:
        return list(lint(extract(data, name=name if suffix in TEXT_SUFFIXES else (name or "<stdin>") + ".txt")))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError("the file is not UTF-8 text", source=name, expected="UTF-8 (or --encoding cp874)") from None
    if suffix in DATA_SUFFIXES:
        mapping = parse_data_text(text, source=name or "<stdin>", suffix=suffix)
    else:
        try:
            mapping = parse_data_text(text, source=name or "<stdin>")
        except DataError:
            mapping = {}
        if "kind" not in mapping and "activities" not in mapping:
            return list(lint(extract(data, name=(name or "<stdin>") + ".txt")))
    return _check_model(load_checkable(mapping, name=name, text_templates=text_templates))


def _check_model(model: Any) -> list[Finding]:
    findings = check_document(model)
    if isinstance(model, Document):
        findings.extend(date_reading_findings(model))
        findings.extend(_check_printed_text(model))
        # a letter's attached schedules and rubrics, each under its own file name
        for _, path in getattr(model, "attachments", []):
            findings.extend(check(path))
    return findings


def _check_printed_text(document: Any) -> list[Finding]:
    """The issued-letter checks over the text the document will print (the same findings
    that make ``thaidoc.render`` refuse it). Computed figures are printed as computed, so
    the model's own findings are not repeated here."""
    # attachments are checked as documents of their own (see _check_model)
    findings = printed_text_findings(render(document, allow_inconsistent=True, attachments=False),
                                     source=document.source, data=document.model_dump(mode="json"))
    # a rubric's bands and a schedule's rows are checked in the data, located by field path;
    # the same faults read back from the printed table would only repeat them
    repeated = {"rubric": "rubric.", "schedule": "schedule."}.get(getattr(document, "kind", ""))
    return [f for f in findings if repeated is None or not f.code.startswith(repeated)]
