"""The letter prepared once and rendered per row (with the words-vs-figures check), and
:func:`render_many`, the library entry point (``thaidoc.render_many``)."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from thaidoc._version import __version__
from thaidoc.checks.budget import check_document
from thaidoc.checks.findings import Severity
from thaidoc.checks.printed import printed_text_findings
from thaidoc.checks.text import amount_word_findings
from thaidoc.data import leaves, load_data
from thaidoc.errors import EXIT_PROBLEM, DataError, RenderError, ThaidocError
from thaidoc.model import KINDS, load_document
from thaidoc.render import prepare_context, prepared_template, resolve_font, template_path
from thaidoc.render.images import place_images
from thaidoc.render.batch.journal import JOURNAL_FORMAT, canonical_json, digest
from thaidoc.render.batch.names import NamePattern
from thaidoc.render.batch.rows import Row, apply_row, parse_field_path
from thaidoc.render.emblem import ENV_VAR, resolve_emblem
from thaidoc.thai import arabic_digits
from thaidoc.thai.dates import MONTHS, MONTHS_ABBR, WEEKDAYS

if TYPE_CHECKING:  # pragma: no cover
    from thaidoc.checks.findings import Finding
    from thaidoc.model.common import Document

__all__ = ["LetterSpec", "InconsistentRow", "PreparedLetter", "letter_spec", "render_many", "at_row"]


@dataclass(frozen=True, slots=True)
class LetterSpec:
    """Everything a worker process needs to prepare the letter itself (picklable)."""

    base: dict[str, Any]
    source: str | None = None
    template: str | None = None
    emblem: str | None = None
    font: str | None = None
    allow_inconsistent: bool = False
    #: ``{{ … }}`` in the letter's own text is expanded (a letter file's author wrote it); a
    #: row's values are always printed as given
    text_templates: bool = False
    #: the folder files named by the letter or a row (``emblem:``) must lie in
    base_dir: str | None = None


class InconsistentRow(RenderError):
    """A row whose letter the checks refuse (words that disagree with figures, a budget that
    does not add up); ``findings`` says what and where."""

    exit_code = EXIT_PROBLEM

    def __init__(self, findings: list[Finding], *, source: str | None = None) -> None:
        errors = [f for f in findings if f.severity.value == "error"]
        first = errors[0]
        super().__init__(f"{first.code}: {first.message}" + (f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""),
                         source=source, location=first.location, expected=first.expected, found=first.found)
        self.findings = findings


class PreparedLetter:
    """A letter ready to be rendered many times with different rows.

    The template is prepared once (:func:`thaidoc.render.prepared_template`, cached per
    process); :meth:`render` only validates the row's data, runs the checks, expands the
    text and fills the compiled template, exactly as :func:`thaidoc.render.render` does for
    one letter. Threads may share an instance: the only state it keeps is the printed-text
    errors of the letter's own text, found on the first row (threads that race both find the
    same).
    """

    def __init__(self, spec: LetterSpec) -> None:
        self.spec = spec
        self.base = spec.base
        self.source = spec.source
        kind = self.base.get("kind")
        model = KINDS.get(kind) if isinstance(kind, str) else None
        if model is None:
            raise DataError("the letter does not say what document it is", source=self.source,
                            location="kind", expected="one of " + ", ".join(sorted(KINDS)),
                            found=repr(kind) if kind is not None else "nothing")
        self.model = model
        self.fields = frozenset(model.model_fields)
        self.template_path = Path(spec.template) if spec.template is not None else template_path(model.template)
        self.prepared = prepared_template(self.template_path)
        self.font = resolve_font(spec.font)
        self._base_dir = spec.base_dir
        self._is_model_field: dict[str, bool] = {}
        # Words typed by hand beside an amount in the letter itself: then every row's text
        # must be checked, since the row may change the figure and not the words.
        self._base_has_words = any(_TYPED_WORDS.search(text) for _, text in _strings(self.base, ""))
        # The printed text's errors that come from the letter's own text, found on the first
        # row (None until then): every row prints them, so every row is refused for them.
        self._letter_errors: list[Finding] | None = None

    @classmethod
    def from_letter(cls, letter: Any, **options: Any) -> "PreparedLetter":
        """From a YAML/JSON path, a mapping, or a validated model (see :func:`letter_spec`)."""
        return cls(letter_spec(letter, **options))

    @property
    def fingerprint_base(self) -> str:
        """What every document of this batch is made from, hashed (see :class:`Journal`)."""
        spec = self.spec
        return digest(str(JOURNAL_FORMAT), __version__, _file_digest(self.template_path),
                      canonical_json(self.base), "allow-inconsistent" if spec.allow_inconsistent else "checked",
                      "text-templates" if spec.text_templates else "text",
                      _file_digest(self._emblem_path()) if self._emblem_path() else "", self.font or "")

    def _emblem_path(self) -> Path | None:
        chosen = self.spec.emblem or self.base.get("emblem") or os.environ.get(ENV_VAR)
        if not isinstance(chosen, str):
            return None
        path = Path(chosen).expanduser()
        if not self.spec.emblem and self.base.get("emblem") and self._base_dir:
            path = Path(self._base_dir) / path  # checked when the letter is rendered
        return path

    def is_model_field(self, name: str) -> bool:
        """Whether a row column sets a field of the letter's model (else it is a row-only field)."""
        known = self._is_model_field.get(name)
        if known is None:
            top = parse_field_path(name)[0]
            known = self._is_model_field[name] = top in self.fields or top == "kind"
        return known

    def split(self, values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        """The row's values for the model, and its row-only fields (e.g. ``district``) nested.

        When the letter's text is expanded, a row's ``{`` is held as :data:`LITERAL_BRACE`, so
        that a value such as ``นายอำเภอ{{ 6*7 }}`` is printed as typed, never run: rows are
        data, not templates.
        """
        model_values: dict[str, Any] = {}
        extras: dict[str, Any] = {}
        mark = self.spec.text_templates
        for name, value in values.items():
            if mark and isinstance(value, str) and "{" in value:
                value = value.replace("{", LITERAL_BRACE)
            (model_values if self.is_model_field(name) else extras)[name] = value
        return model_values, (apply_row({}, extras) if extras else extras)

    def data(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """The letter's data with the row applied, row-only fields included (for names)."""
        return apply_row(self.base, values)

    def document(self, values: Mapping[str, Any]) -> Document:
        """The validated model for one row (DataError naming the field on bad input)."""
        model_values, _ = self.split(values)
        return self._validate(model_values)

    def _validate(self, model_values: Mapping[str, Any]) -> Document:
        kind = model_values.get("kind", self.base.get("kind"))
        if kind != self.base.get("kind"):
            # The template was prepared for the letter's kind: another kind's data in it would
            # give a wrong letter (or a confusing list of missing fields).
            raise DataError("a row cannot change the kind of document", location="kind",
                            expected=str(self.base.get("kind")), found=repr(kind))
        return load_document(apply_row(self.base, model_values), source=self.source, base_dir=self._base_dir,
                             text_templates=self.spec.text_templates)

    def context(self, values: Mapping[str, Any]) -> tuple[Document, dict[str, Any]]:
        """The validated model for one row and its template context, text expanded."""
        model_values, extras = self.split(values)
        document = self._validate(model_values)
        return document, prepare_context(document, extras=extras)

    def render(self, values: Mapping[str, Any]) -> tuple[bytes, list[Finding]]:
        """The .docx bytes for one row and the findings of the checks (warnings, notes).

        Raises :class:`ThaidocError` for a row that cannot give a correct letter: DataError
        for bad data (the field is the location), :class:`InconsistentRow` when the checks
        find an error (unless the letter allows inconsistencies), TemplateError/RenderError.
        """
        try:
            return self._render(values)
        except ThaidocError as exc:
            raise _unmarked_error(exc) from None

    def _render(self, values: Mapping[str, Any]) -> tuple[bytes, list[Finding]]:
        document, context = self.context(values)
        findings = [_unmarked_finding(f) for f in
                    _checks(document, context, words=self._base_has_words or _row_has_words(values))]
        if not self.spec.allow_inconsistent and any(f.severity.value == "error" for f in findings):
            raise InconsistentRow(findings, source=self.source)
        try:
            image = resolve_emblem(self.spec.emblem, document.emblem, base=self._base_dir)
        except ThaidocError as exc:  # the letter's or the row's emblem: name the letter
            raise exc.with_context(source=self.source) from None
        if image is not None and not self.prepared.has_emblem and self.spec.emblem is None:
            image = None  # a template without an emblem slot ignores a configured emblem
        try:
            data = self.prepared.render(context, emblem=image, font=self.font,
                                        literal_brace=LITERAL_BRACE if self.spec.text_templates else None)
        except ThaidocError as exc:
            raise exc.with_context(source=str(self.template_path)) from None
        data = place_images(data, document, context)
        if not self.spec.allow_inconsistent:
            self._refuse_printed_errors(data, document, values, findings)
        return data, findings

    def _refuse_printed_errors(self, data: bytes, document: Document, values: Mapping[str, Any],
                               findings: list[Finding]) -> None:
        """Refuse the row whose printed text ``thaidoc check`` would reject, as ``thaidoc
        render`` refuses a letter (a wrong weekday typed in a cell, "๕ ม.ค." of a year …).

        Reading a letter back and linting it costs about 4 ms, three times the rendering, so
        it is done for the first row (which prints everything the letter's own text prints)
        and for each row that brings dates, weekdays or amounts of its own; the errors found on
        the first row in text not from the row are the letter's, and refuse every row."""
        if self._letter_errors is not None and not _row_brings_dates_or_amounts(values):
            errors = self._letter_errors
        else:
            printed = printed_text_findings(data, source=self.source, data=document.model_dump(mode="json"))
            # named by the field the text was typed in (a column of the row, or the letter's)
            errors = [replace(_unmarked_finding(f), location=f"{f.extra['field']}, {f.location}")
                      if f.extra.get("field") else _unmarked_finding(f)
                      for f in printed if f.severity is Severity.ERROR]
            if self._letter_errors is None:
                self._letter_errors = [f for f in errors if not _quotes_row(f, values)]
        if errors:
            raise InconsistentRow(findings + errors, source=self.source)


#: Stands for a ``{`` typed in a row while the letter's text is expanded (a noncharacter, never
#: in text people type); the rendered document gets the ``{`` back.
LITERAL_BRACE = "\ufdd0"


def _unmark(text: Any) -> Any:
    if not isinstance(text, str):
        return text
    # also as repr() writes it, in the found value of an error
    return text.replace(LITERAL_BRACE, "{").replace(ascii(LITERAL_BRACE)[1:-1], "{")


def _unmarked_error(error: ThaidocError) -> ThaidocError:
    for name in ("message", "found", "expected", "location"):
        setattr(error, name, _unmark(getattr(error, name)))
    error.args = tuple(_unmark(arg) for arg in error.args)
    return error


def _unmarked_finding(finding: Finding) -> Finding:
    changed = {name: _unmark(value) for name in ("message", "found", "expected", "quote")
               if isinstance(value := getattr(finding, name, None), str) and _unmark(value) != value}
    return replace(finding, **changed) if changed else finding


#: Words typed in the letter (not made by ``| bahttext`` inside ``{{ }}``): parentheses holding
#: บาท or สตางค์, as the words that :func:`thaidoc.checks.text.amount_word_findings` reads, or
#: "(หนึ่งแสนบาทถ้วน)" would not count and no row of the batch would be checked.
_TYPED_WORDS = re.compile(r"\([^(){}0-9๐-๙]*(?:บาท|สตางค์)[^(){}0-9๐-๙]*\)")


_DATES_OR_AMOUNTS = re.compile(
    "|".join(re.escape(m) for m in sorted({*MONTHS, *MONTHS_ABBR, *WEEKDAYS}, key=len, reverse=True) if m)
    + r"|บาท|สตางค์|พ\.ศ\.|ค\.ศ\.|[0-9๐-๙]{1,4}\s*[-/.]\s*[0-9๐-๙]{1,2}\s*[-/.]\s*[0-9๐-๙]{2,4}")


def _row_brings_dates_or_amounts(values: Mapping[str, Any]) -> bool:
    return any(isinstance(v, str) and _DATES_OR_AMOUNTS.search(v) for v in values.values())


def _quotes_row(finding: Finding, values: Mapping[str, Any]) -> bool:
    """Whether the finding's quoted text holds one of the row's values (Thai or Arabic digits)."""
    quote = " ".join(arabic_digits(finding.quote or "").strip("“”…").split())
    if len(quote) < 2:
        return False
    typed = [" ".join(arabic_digits(v).split()) for v in values.values() if isinstance(v, str) and len(v.strip()) > 1]
    return any(text in quote or quote in text for text in typed)


def _row_has_words(values: Mapping[str, Any]) -> bool:
    return any(isinstance(v, str) and ("บาท" in v or "สตางค์" in v) for v in values.values())


def _checks(document: Document, context: Mapping[str, Any], *, words: bool = True) -> list[Finding]:
    """The document's model checks, plus words-vs-figures in the letter's expanded text.

    Words derived with ``| bahttext`` always agree with their figure; words typed by hand,
    into a row or into the letter, may not, and the row is then refused like a budget that
    does not add up. The text is scanned only when some words were typed (``words``): reading
    back words that ``bahttext`` wrote would only cost time.
    """
    findings: list[Finding] = []

    findings.extend(check_document(document, source=document.source))
    if not words:
        return findings

    # The same text appears as a field and as its print-ready line: report it once, where
    # it is first met. (A blank to fill in, "(.....บาทถ้วน)", is skipped by the scanner.) A
    # letter about to be printed is refused for words that lack their ถ้วน, too.
    seen: set[tuple[str, str | None, str | None, str | None]] = set()
    for path, text in _strings(context, ""):
        for finding in amount_word_findings(text, location=path, source=document.source,
                                            missing_thuan=Severity.ERROR):
            key = (finding.code, finding.quote, finding.expected, finding.found)
            if key not in seen:
                seen.add(key)
                findings.append(finding)
    return findings


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    return ((where, text) for where, text in leaves(value, path) if isinstance(text, str))


def letter_spec(letter: Any, *, template: str | os.PathLike[str] | None = None,
                emblem: str | os.PathLike[str] | None = None, font: str | None = None,
                allow_inconsistent: bool = False, source: str | None = None,
                text_templates: bool | None = None, base_dir: str | os.PathLike[str] | None = None) -> LetterSpec:
    """The letter as picklable data: from a YAML/JSON path, a mapping or a document model.

    As for :func:`thaidoc.render.render`: a letter file's text is expanded and it may name
    files in its folder; a mapping's text is printed as given unless ``text_templates=True``,
    and it may name files only under ``base_dir``. Rows are always printed as given.
    """
    if isinstance(letter, LetterSpec):
        return letter
    if isinstance(letter, (str, os.PathLike)):
        source = source or str(letter)
        base = load_data(letter)
        text_templates = True if text_templates is None else text_templates
        base_dir = Path(letter).parent if base_dir is None else base_dir
    elif isinstance(letter, Mapping):
        base = dict(letter)
    elif hasattr(letter, "model_dump"):
        base = letter.model_dump(mode="python", exclude_unset=True)
        base["kind"] = letter.kind
        source = source or getattr(letter, "source", None)
        text_templates = getattr(letter, "text_templates", False) if text_templates is None else text_templates
        base_dir = getattr(letter, "base_dir", None) if base_dir is None else base_dir
    else:
        raise DataError("the letter must be a YAML/JSON path, a mapping or a document model",
                        found=type(letter).__name__)
    return LetterSpec(base=base, source=source, template=str(template) if template is not None else None,
                      emblem=str(emblem) if emblem is not None else None, font=font,
                      allow_inconsistent=allow_inconsistent, text_templates=bool(text_templates),
                      base_dir=str(base_dir) if base_dir is not None else None)


def _file_digest(path: Path | None) -> str:
    if path is None:
        return ""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return str(path)


def render_many(
    letter: Mapping[str, Any] | str | os.PathLike[str] | Document,
    rows: Iterable[Mapping[str, Any] | Row],
    *,
    template: str | os.PathLike[str] | None = None,
    key: str | Callable[[int, Mapping[str, Any]], Any] | None = None,
    allow_inconsistent: bool = False,
    errors: Literal["raise", "skip"] = "raise",
    text_templates: bool | None = None,
    base_dir: str | os.PathLike[str] | None = None,
) -> Iterator[tuple[Any, bytes]]:
    """Render ``letter`` once per row; yield ``(key, docx_bytes)`` in row order.

    ``letter`` is the letter's data (a YAML/JSON path, a mapping or a model) and each row a
    mapping of (dotted) field names to values that override or extend it, or a :class:`Row`
    from :func:`read_rows`. The template is prepared once per call. ``key`` is a name pattern
    (``"{seq:03d}-{district}.docx"``), a function ``(seq, data) -> key``, or ``None`` for the
    sequence number (from 1). With ``errors="raise"`` (default) a bad row raises its
    :class:`ThaidocError` with the row in the location; with ``errors="skip"`` it is skipped.

    ``{{ … }}`` in a letter file's text is expanded; in a mapping's only with
    ``text_templates=True``; a row's values are always printed as given. Files named by the
    letter or a row must lie in the letter file's folder (or ``base_dir``).

    Calls from several threads at once are safe: each call prepares its own letter and the
    compiled template is never modified while rendering.
    """
    if errors not in ("raise", "skip"):
        raise ValueError("errors must be 'raise' or 'skip'")
    prepared = PreparedLetter.from_letter(letter, template=template, allow_inconsistent=allow_inconsistent,
                                          text_templates=text_templates, base_dir=base_dir)
    pattern = NamePattern(key) if isinstance(key, str) else None
    for seq, row in enumerate(rows, start=1):
        number, values = (row.number, row.values) if isinstance(row, Row) else (seq, row)
        try:
            if isinstance(row, Row) and row.problems:
                problem = row.problems[0]
                raise DataError(problem["message"], location=problem["field"], found=problem["found"])
            data, _findings = prepared.render(values)
            if pattern is not None:
                name: Any = pattern.format(seq, number, prepared.data(values))
            elif callable(key):
                name = key(seq, prepared.data(values))
            else:
                name = seq
        except ThaidocError as exc:
            if errors == "skip":
                continue
            raise at_row(exc, number) from None
        yield name, data


def at_row(error: ThaidocError, number: int) -> ThaidocError:
    """Put the spreadsheet row in front of the field: ``row 5, amounts.allocation``."""
    error.location = f"row {number}, {error.location}" if error.location else f"row {number}"
    return error
