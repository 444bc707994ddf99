"""Documents as typed data, validated on load.

The ``kind:`` field of the data picks the model from :data:`KINDS`::

    >>> doc = load_document({
    ...     "kind": "announcement", "issuer": "จังหวัดเชียงราย", "subject": "การรับสมัคร",
    ...     "date": "2024-04-01", "body": ["ด้วยจังหวัดจะรับสมัคร 3 ตำแหน่ง"],
    ...     "signer": {"name": "นายก ข", "position": "ผู้ว่าราชการจังหวัดเชียงราย"}})
    >>> doc.context()["date_text"], doc.context()["body_lines"][0]["text"]
    ('๑ เมษายน พ.ศ. ๒๕๖๗', 'ด้วยจังหวัดจะรับสมัคร ๓ ตำแหน่ง')

A new kind is a model class decorated with :func:`register_kind` in a module imported here.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import replace
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from thaidoc.data import MAX_LISTED_PROBLEMS, check_depth, leaves, load_data, validation_error
from thaidoc.errors import DataError, Problem, ThaidocError
from thaidoc.model.common import KINDS, Document, recording_date_readings, register_kind
from thaidoc.thai import DateReading

__all__ = ["KINDS", "Document", "register_kind", "load_document"]

# imported for their effect: each registers its document kinds in KINDS
from thaidoc.model import budget as _budget  # noqa: E402,F401
from thaidoc.model import letters as _letters  # noqa: E402,F401
from thaidoc.model import proposal as _proposal  # noqa: E402,F401
from thaidoc.model import rubric as _rubric  # noqa: E402,F401
from thaidoc.model import schedule as _schedule  # noqa: E402,F401
from thaidoc.model.workbook import is_workbook, place_in, read_workbook  # noqa: E402


def load_document(data_or_path: Mapping[str, Any] | str | os.PathLike[str] | Document, *,
                  source: str | None = None, base_dir: str | os.PathLike[str] | None = None,
                  text_templates: bool | None = None) -> Document:
    """Validate document data (a mapping, or a YAML/JSON file, or a workbook written by
    ``thaidoc new KIND --xlsx``) into its model.

    Files the data names (a form's ``budget: budget.xlsx``, the ``emblem:``) must lie under
    ``base_dir``: by default the data file's folder; a mapping may name none unless the caller
    grants a folder with ``base_dir``.

    ``text_templates``: whether ``{{ … }}`` in the data's text is expanded when rendered. By
    default yes for a file (its author wrote the letter), no for a mapping (a portal's data
    may come from a stranger: its text is printed exactly as given).

    Raises :class:`~thaidoc.errors.DataError` naming the file, the field path
    (``signer.name``, ``references[1].date``), what was expected and what was found.
    """
    if isinstance(data_or_path, Document):
        if text_templates is None or text_templates == data_or_path.text_templates:
            return data_or_path
        document = data_or_path.model_copy()
        document._text_templates = text_templates
        return document
    places: dict[tuple[str | int, ...], str] = {}  # a workbook's field -> its sheet and row
    if isinstance(data_or_path, (str, os.PathLike)):
        source = source or str(data_or_path)
        try:
            data: Mapping[str, Any] = (read_workbook(data_or_path, places=places) if is_workbook(data_or_path)
                                       else load_data(data_or_path))
        except ValueError as exc:  # PyYAML builds dates itself and fails on 2024-02-30
            raise _impossible_date(Path(data_or_path), source, exc) from None
    elif isinstance(data_or_path, Mapping):
        data = data_or_path
    else:
        raise DataError("document data must be a mapping or a path to a YAML/JSON file", source=source,
                        found=type(data_or_path).__name__)
    check_depth(data, source)  # a caller's mapping as much as a file: validation recurses through it
    kind = data.get("kind")
    known = ", ".join(sorted(KINDS))
    if kind is None:
        raise DataError("the data does not say what document it is", source=source, location="kind",
                        expected=f"one of {known}", found="nothing")
    model = KINDS.get(kind) if isinstance(kind, str) else None
    if model is None:
        unknown = Problem.unknown_name("kind", str(kind), sorted(KINDS), location="kind")
        raise DataError("unknown document kind" + (f"; did you mean {' or '.join(unknown.suggestions)}?"
                                                   if unknown.suggestions else ""),
                        source=source, location="kind", expected=f"one of {known}", found=repr(kind),
                        code="data.unknown-kind", message_th=unknown.message_th, problems=[unknown])
    if base_dir is None and isinstance(data_or_path, (str, os.PathLike)):
        base_dir = Path(data_or_path).parent
    context = {"base_dir": Path(base_dir)} if base_dir is not None else None
    try:
        with recording_date_readings() as readings:
            document = model.model_validate(dict(data), context=context)
    except ValidationError as exc:
        raise _with_expected(exc, model, source).with_places(place_in(places)) from None
    except ThaidocError as exc:  # raised by a validator that reads another file or knows more
        raise exc.with_context(source=source).with_places(place_in(places)) from None
    document._source = source
    document._base_dir = str(base_dir) if base_dir is not None else None
    document._text_templates = isinstance(data_or_path, (str, os.PathLike)) if text_templates is None \
        else text_templates
    if readings:
        document._date_readings = tuple(_located(data, readings))
    return document


def _located(data: Any, readings: list[tuple[Any, DateReading]]) -> Iterator[tuple[str, DateReading]]:
    """Each converted date with the field it was typed in (``references[1].date``).

    The validator sees the value, not where it sits; the value is the very object in the data,
    so the data is searched for it by identity.
    """
    wanted = {id(value): reading for value, reading in readings}
    return ((path, wanted[id(value)]) for path, value in leaves(data) if id(value) in wanted)


def _with_expected(exc: ValidationError, model: type[Document], source: str | None) -> DataError:
    """pydantic's error, plus each field's description as what was expected, and for a field
    the model does not have ("Extra inputs are not permitted"), the fields it might mean."""
    error = validation_error(exc, source=source)
    errors = exc.errors(include_url=False)
    problems = error.problems
    for index, (problem, raw) in enumerate(zip(problems, errors)):
        if raw["type"] == "extra_forbidden":
            name = str(raw["loc"][-1])
            fields = _fields_at(model, raw["loc"][:-1])
            unknown = Problem.unknown_name("field", name, fields, location=problem.location, complete=False)
            problems[index] = replace(unknown, code=problem.code, found=problem.found,
                                      expected=None if unknown.suggestions else "one of " + ", ".join(fields))
            continue
        description = _field_description(model, raw["loc"])
        if description and problem.expected is None:
            problems[index] = replace(problem, expected=description)
    if len(errors) == 1:
        only = problems[0]
        error.message, error.message_th, error.expected = only.message, only.message_th, only.expected
        error._problems = problems
        return error
    # several problems, one line each ("  loc: message (expected …; found …)"), in pydantic's order
    head = error.message.split("\n", 1)[0]
    listed = problems[:MAX_LISTED_PROBLEMS]  # a screenful; error.problems keeps them all
    hidden = len(problems) - len(listed)
    more = [f"  … และอีก {hidden:,} ปัญหา / and {hidden:,} more"] if hidden else []
    error.message = "\n".join([head, *(f"  {p.location or '(top level)'}: {p.message} ("
                                       f"{f'expected {p.expected}; ' if p.expected else ''}found {p.found})"
                                       for p in listed), *more])
    error._problems = problems
    first = problems[0]
    error.location, error.expected, error.found = first.location, first.expected, first.found
    return error


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The field names of the model at ``loc`` (a nested part such as ``signer``)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return []
        current = _model_in(fields[part].annotation)
    return [name for name in getattr(current, "model_fields", {}) if name != "kind"]


def _field_description(model: type[BaseModel], loc: tuple[Any, ...]) -> str | None:
    """The description of the field at ``loc`` (``("signer", "position")``), walking nested models."""
    current: Any = model
    field: FieldInfo | None = None
    for part in loc:
        if isinstance(part, int):
            continue
        fields: dict[str, FieldInfo] | None = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return None
        field = fields[part]
        current = _model_in(field.annotation)
    if field is None:
        return None
    if field.description:
        return field.description
    return f"a {current.__name__} ({', '.join(current.model_fields)})" if current is not None else None


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _impossible_date(path: Path, source: str, exc: ValueError) -> DataError:
    """Name the line and text of the date PyYAML could not build (it does not say itself)."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    for number, line in enumerate(lines, start=1):
        for match in re.finditer(r"(?<![\w-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\w-])", line.split("#", 1)[0]):
            try:
                dt.date(*(int(part) for part in match.groups()))
            except ValueError:
                return DataError(f"{match.group(0)} is not a real date", source=source, location=f"line {number}",
                                 expected="a date that exists, written YYYY-MM-DD", found=match.group(0))
    return DataError(f"invalid value in the YAML: {exc}", source=source, expected="real dates written YYYY-MM-DD")
