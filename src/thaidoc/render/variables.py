"""What a .docx template can print, for staff who write their own.

A docxtpl user types ``{{ number }}``, ``{{ date }}``, ``{{ recipient }}``, ``{{ body }}``,
``{{ signer }}``. The context holds those fields as data (a :class:`LetterNumber`, a date, a
list of paragraphs), which would print as Python's text for them. :func:`printable` puts in
their place values that print the letter's own text (the ``number_text``, ``date_text``,
``body_lines`` … the bundled templates use) and still behave as the data: a date still takes
``| thai_date('weekday')``, ``{{ signer.name }}`` still reads the field, ``{% for p in body %}``
still loops. Thai names of the common placeholders (``{{ วันที่ }}``, ``{{ เรื่อง }}`` …) are
aliases of the same values.

:func:`template_variables` lists what a kind's template can use (``thaidoc templates KIND
--variables``) and :func:`check_template` finds the names a template uses that the kind does
not have, with a did-you-mean (``thaidoc templates --check my.docx --kind KIND``).
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import re
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jinja2 import meta, nodes
from pydantic import BaseModel

from thaidoc.errors import DataError, Problem, TemplateError
from thaidoc.model import KINDS, load_document
from thaidoc.render.engine import PreparedTemplate, make_environment
from thaidoc.render.filters import FILTERS

__all__ = ["printable", "THAI_NAMES", "Variable", "template_variables", "check_template", "starter_text",
           "UnknownName"]

#: Thai names a template may use for the common placeholders, each the same value as its field.
THAI_NAMES: dict[str, str] = {
    "ที่": "number",
    "วันที่": "date",
    "เรื่อง": "subject",
    "เรียน": "recipient",
    "ถึง": "to",
    "อ้างถึง": "references",
    "สิ่งที่ส่งมาด้วย": "enclosures",
    "ข้อความ": "body",
    "ผู้ลงนาม": "signer",
    "ส่วนราชการ": "department",
    "สำเนาส่ง": "copies",
    "ส่วนราชการเจ้าของเรื่อง": "owner",
}


class PrintedDate(dt.date):
    """A date that prints as the letter writes it (``๑๗ เมษายน ๒๕๖๗``) and is still a date."""

    __slots__ = ("_text",)
    _text: str

    def __new__(cls, day: dt.date, text: str) -> "PrintedDate":
        self = super().__new__(cls, day.year, day.month, day.day)
        self._text = text
        return self

    def __str__(self) -> str:
        return self._text

    def __reduce__(self) -> tuple[Any, ...]:
        return (PrintedDate, (dt.date(self.year, self.month, self.day), self._text))


class PrintedList(list[Any]):
    """A list (paragraphs, enclosures …) that prints as its lines, one per line."""

    def __init__(self, items: list[Any], text: str) -> None:
        super().__init__(items)
        self.text = text

    def __str__(self) -> str:
        return self.text


class Printed:
    """A part of the data (the letter's number, the recipient, the signer) that prints as the
    letter's text; its fields read through (``{{ signer.name }}``)."""

    __slots__ = ("_value", "_text")

    def __init__(self, value: Any, text: str) -> None:
        self._value = value
        self._text = text

    def __getattr__(self, name: str) -> Any:
        return getattr(self._value, name)

    def __bool__(self) -> bool:
        return bool(self._value)

    def __str__(self) -> str:
        return self._text

    def __eq__(self, other: object) -> bool:
        return bool(self._value == (other._value if isinstance(other, Printed) else other))

    def __hash__(self) -> int:
        return hash(self._text)


def _line(item: Any) -> str:
    if isinstance(item, Mapping):
        text = str(item.get("text", ""))
        quantity = item.get("quantity")
        return f"{text} {quantity}".strip() if quantity else text
    return str(item)


def _printed_text(name: str, context: Mapping[str, Any]) -> str | None:
    """The letter's text for the field ``name``: its ``_text`` value, or its lines."""
    text = context.get(f"{name}_text")
    if isinstance(text, str):
        return text
    for suffix in ("_lines", "_rows"):
        lines = context.get(f"{name[:-1] if name.endswith('s') and suffix == '_rows' else name}{suffix}")
        if isinstance(lines, list):
            return "\n".join(_line(item) for item in lines)
    return None


def printable(context: Mapping[str, Any]) -> dict[str, Any]:
    """``context`` with each field that has a printed form replaced by a value printing it.

    >>> from thaidoc.model import load_document
    >>> doc = load_document("samples/letters/order-working-group.yaml")
    >>> values = printable(doc.context())
    >>> str(values["date"]), values["date"].year, str(values["วันที่"])
    ('๑ เมษายน พ.ศ. ๒๕๖๗', 2024, '๑ เมษายน พ.ศ. ๒๕๖๗')
    >>> str(values["signer"]).splitlines()[0], values["signer"].name
    ('(นายสมชาย ใจดี)', 'นายสมชาย ใจดี')
    """
    result = dict(context)
    for name, value in context.items():
        if value is None or name.endswith(("_text", "_lines", "_rows")):
            continue
        text = _printed_text(name, context)
        if text is None:
            continue
        if isinstance(value, str):
            result[name] = text
        elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            result[name] = PrintedDate(value, text)
        elif isinstance(value, list):
            result[name] = PrintedList(value, text)
        elif isinstance(value, (BaseModel, int)):
            result[name] = Printed(value, text)
    for thai, name in THAI_NAMES.items():
        if name in result and thai not in result:
            result[thai] = result[name]
    return result


# -- what a kind's template can use -----------------------------------------------------------


def starter_text(kind: str) -> str:
    """A commented starter data file for ``kind`` (bundled, or built from the model's fields)."""
    if kind not in KINDS:
        raise DataError("unknown document kind", location="KIND", expected="one of " + ", ".join(sorted(KINDS)),
                        found=repr(kind), problems=[Problem.unknown_name("kind", kind, sorted(KINDS))])
    bundled = Path(__file__).resolve().parent / "starters" / f"{kind}.yaml"
    if bundled.is_file():
        return bundled.read_text(encoding="utf-8")
    model = KINDS[kind]
    lines = [f"# {model.title or kind}: thaidoc render FILE.yaml -o FILE.docx", f"kind: {kind}"]
    for name, required, description in field_rows(model):
        note = f"  # {'required' if required else 'optional'}{': ' + description if description else ''}"
        lines.append(f"{'' if required else '# '}{name}:{note}")
    return "\n".join(lines) + "\n"


def field_rows(model: type[BaseModel]) -> list[tuple[str, bool, str]]:
    """``(name, required, description)`` of a kind's data fields, required ones first."""
    rows = [(name, field.is_required(), field.description or "")
            for name, field in model.model_fields.items() if name != "kind"]
    return sorted(rows, key=lambda row: not row[1])


@dataclass(frozen=True)
class Variable:
    """One name a template can use: its kind of value and what it prints for the starter."""

    name: str
    type: str
    example: str
    alias_of: str | None = None


def _type_name(value: Any) -> str:
    if isinstance(value, PrintedDate):
        return "date (prints as the letter writes it; | thai_date('weekday') for another style)"
    if isinstance(value, PrintedList):
        return "list (prints one line per item; {% for %} loops over the data)"
    if isinstance(value, Printed):
        inner = type(value._value).__name__
        return f"{inner} (prints the letter's text; fields read through, e.g. .{_first_field(value._value)})"
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, str):
        return "text"
    if isinstance(value, (int, float)) or type(value).__name__ == "Decimal":
        return "number"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, Mapping):
        return "mapping: " + ", ".join(str(key) for key in list(value)[:6]) if value else "mapping"
    if isinstance(value, list):
        if value and isinstance(value[0], Mapping):
            return "list of rows: " + ", ".join(str(key) for key in value[0] if key != "path")
        return "list of lines" if all(isinstance(item, str) for item in value) else "list"
    return type(value).__name__


def _first_field(value: Any) -> str:
    fields = list(type(value).model_fields) if isinstance(value, BaseModel) else []
    return fields[0] if fields else "…"


def _example(value: Any) -> str:
    if isinstance(value, list) and not isinstance(value, PrintedList):
        text = " | ".join(_line(item) for item in value)
    elif isinstance(value, Mapping):
        text = ", ".join(f"{key}: {item}" for key, item in value.items())
    else:
        text = "" if value is None else str(value)
    text = " ⏎ ".join(line for line in text.splitlines() if line.strip()) if "\n" in text else text
    return text if len(text) <= 70 else text[:67] + "…"


def sample_context(kind: str) -> dict[str, Any]:
    """The context a template of ``kind`` receives, made from the kind's starter."""
    from thaidoc.render import prepare_context  # the package imports this module

    data = yaml.safe_load(starter_text(kind))
    return prepare_context(load_document(data))


def template_variables(kind: str) -> list[Variable]:
    """Every name a template of ``kind`` can print, with its type and the starter's value.

    >>> [v.example for v in template_variables("order") if v.name in ("number", "วันที่")]
    ['๑๒๓/๒๕๖๗', '๑ เมษายน พ.ศ. ๒๕๖๗']
    """
    context = sample_context(kind)
    aliases = {thai: name for thai, name in THAI_NAMES.items() if thai in context}
    variables = []
    for name, value in context.items():
        if name in aliases:
            continue
        variables.append(Variable(name, _type_name(value), _example(value)))
    for thai, name in aliases.items():
        variables.append(Variable(thai, f"the same as {name}", _example(context[thai]), alias_of=name))
    return variables


# -- checking a staff member's template ------------------------------------------------------


@dataclass(frozen=True)
class UnknownName:
    """A name a template uses that the kind does not provide (a variable or a filter)."""

    what: str  # "variable" or "filter"
    name: str
    part: str
    suggestions: tuple[str, ...]

    def problem(self) -> Problem:
        return Problem.unknown_name(self.what, self.name, self.suggestions, location=self.part,
                                    complete=False)


def _parts(path: Path) -> Iterator[tuple[str, str]]:
    prepared = PreparedTemplate.from_path(path)  # refuses what cannot be a template, with its reason
    yield from prepared.sources()


def check_template(path: str | Path, kind: str) -> list[UnknownName]:
    """The variables and filters ``path`` uses that a template of ``kind`` does not have.

    Names a template defines itself (``{% for line in body_lines %}``) are not reported.
    """
    if kind not in KINDS:
        starter_text(kind)  # raises the unknown-kind error
    known = set(sample_context(kind)) | {"loop"}
    environment = make_environment()
    filters = set(environment.filters)
    found: list[UnknownName] = []
    for part, source in _parts(Path(path)):
        tree = environment.parse(source)
        for name in sorted(meta.find_undeclared_variables(tree) - known):
            found.append(UnknownName("variable", name, part, _close(name, known)))
        for node in tree.find_all(nodes.Filter):
            if node.name not in filters and not any(u.name == node.name for u in found):
                found.append(UnknownName("filter", node.name, part, _close(node.name, set(FILTERS) | filters)))
    return found


def _close(name: str, known: set[str]) -> tuple[str, ...]:
    candidates = sorted(known)
    close = difflib.get_close_matches(name, candidates, n=3, cutoff=0.6)
    # a docxtpl habit: number_text for number, or the other way round
    for stem in (name.removesuffix("_text"), f"{name}_text"):
        if stem in known and stem not in close:
            close.insert(0, stem)
    return tuple(close[:3])


def template_bytes_parts(data: bytes) -> dict[str, str]:
    """The Jinja parts of a .docx given as bytes (for tests and portals)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()
                if re.match(r"word/(document|header\d*|footer\d*)\.xml$", name)}


__all__ += ["field_rows", "sample_context"]
_unused = TemplateError  # re-exported errors stay importable from here for the CLI
