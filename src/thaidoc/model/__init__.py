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
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from thaidoc.data import MAX_LISTED_PROBLEMS, check_depth, load_data, validation_error
from thaidoc.errors import DataError, ThaidocError
from thaidoc.model.common import KINDS, Document, recording_date_readings, register_kind
from thaidoc.thai import DateReading

__all__ = ["KINDS", "Document", "register_kind", "load_document"]

# imported for their effect: each registers its document kinds in KINDS
from thaidoc.model import budget as _budget  # noqa: E402,F401
from thaidoc.model import letters as _letters  # noqa: E402,F401
from thaidoc.model import proposal as _proposal  # noqa: E402,F401
from thaidoc.model import rubric as _rubric  # noqa: E402,F401
from thaidoc.model import schedule as _schedule  # noqa: E402,F401


def load_document(data_or_path: Mapping[str, Any] | str | os.PathLike[str] | Document, *,
                  source: str | None = None, base_dir: str | os.PathLike[str] | None = None,
                  text_templates: bool | None = None) -> Document:
    """Validate document data (a mapping, or a YAML/JSON file) into its model.

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
    if isinstance(data_or_path, (str, os.PathLike)):
        source = source or str(data_or_path)
        try:
            data: Mapping[str, Any] = load_data(data_or_path)
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
        raise DataError("unknown document kind", source=source, location="kind",
                        expected=f"one of {known}", found=repr(kind))
    if base_dir is None and isinstance(data_or_path, (str, os.PathLike)):
        base_dir = Path(data_or_path).parent
    context = {"base_dir": Path(base_dir)} if base_dir is not None else None
    try:
        with recording_date_readings() as readings:
            document = model.model_validate(dict(data), context=context)
    except ValidationError as exc:
        raise _with_expected(exc, model, source) from None
    except ThaidocError as exc:  # raised by a validator that reads another file or knows more
        raise exc.with_context(source=source) from None
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

    def walk(value: Any, path: str) -> Iterator[tuple[str, DateReading]]:
        if id(value) in wanted:
            yield path, wanted[id(value)]
        elif isinstance(value, Mapping):
            for key, item in value.items():
                yield from walk(item, f"{path}.{key}" if path else str(key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from walk(item, f"{path}[{index}]")

    yield from walk(data, "")


def _with_expected(exc: ValidationError, model: type[Document], source: str | None) -> DataError:
    """pydantic's error, plus each field's description as what was expected."""
    error = validation_error(exc, source=source)
    errors = exc.errors(include_url=False)
    if len(errors) == 1:
        description = _field_description(model, errors[0]["loc"])
        if description and error.expected is None:
            error.expected = description
        return error
    # several problems, one line each ("  loc: message (found …)"), in pydantic's order
    head, *lines = error.message.split("\n")
    if len(lines) >= min(len(errors), MAX_LISTED_PROBLEMS):  # the first problems, then a count
        for index, (line, problem) in enumerate(zip(lines, errors)):
            description = _field_description(model, problem["loc"])
            cut = line.rfind(" (found ")
            if description and cut >= 0:
                lines[index] = f"{line[:cut]} (expected {description}; found {line[cut + len(' (found '):]}"
        error.message = "\n".join([head, *lines])
    return error


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
