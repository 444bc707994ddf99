"""What a .docx template can print, for staff who write their own.

:func:`template_variables` lists what a kind's template can use (``thaidoc templates KIND
--variables``): each name, its kind of value and what it prints for the kind's starter.
:func:`check_template` finds the names a template uses that the kind does not have, with a
did-you-mean (``thaidoc templates --check my.docx --kind KIND``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jinja2 import meta, nodes
from pydantic import BaseModel

from thaidoc.errors import DataError, Problem, did_you_mean
from thaidoc.model import KINDS, load_document
from thaidoc.render import prepare_context, prepared_template, template_path
from thaidoc.render.engine import make_environment, template_sources
from thaidoc.render.printable import THAI_NAMES, Printed, PrintedDate, PrintedList, line_text

__all__ = ["Variable", "UnknownName", "template_variables", "check_template", "starter_text", "field_rows",
           "sample_context"]

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
    """``(name, required, description)`` of a kind's data fields, required ones first; no
    ``emblem`` for a kind whose template has no place for the ครุฑ (the forms)."""
    skip = {"kind"} if _has_emblem(model) else {"kind", "emblem"}
    rows = [(name, field.is_required(), field.description or "")
            for name, field in model.model_fields.items() if name not in skip]
    return sorted(rows, key=lambda row: not row[1])


def _has_emblem(model: type[BaseModel]) -> bool:
    path = template_path(str(getattr(model, "template", "")))
    return not path.is_file() or prepared_template(path).has_emblem


@dataclass(frozen=True)
class Variable:
    """One name a template can use: its kind of value and what it prints for the starter."""

    name: str
    type: str
    example: str
    alias_of: str | None = None


def _type_name(value: Any, name: str, context: Mapping[str, Any]) -> str:
    if value is None:
        return "text (optional; empty when not given)" if f"{name}_text" in context else "optional"
    if isinstance(value, PrintedDate):
        return "date (prints as the letter writes it; | thai_date('weekday') for another style)"
    if isinstance(value, PrintedList):
        if "\a" in value.text:
            return "paragraphs (each prints as a paragraph of its own; {% for %} loops over the data)"
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
        text = " | ".join(line_text(item) for item in value)
    elif isinstance(value, Mapping):
        text = ", ".join(f"{key}: {item}" for key, item in value.items())
    else:
        text = "" if value is None else str(value)
    text = " ⏎ ".join(line for line in re.split("[\n\a]", text) if line.strip())
    return text if len(text) <= 70 else text[:67] + "…"


def sample_context(kind: str) -> dict[str, Any]:
    """The context a template of ``kind`` receives, made from the kind's starter."""
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
        variables.append(Variable(name, _type_name(value, name, context), _example(value)))
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


def check_template(path: str | Path, kind: str) -> list[UnknownName]:
    """The variables and filters ``path`` uses that a template of ``kind`` does not have.

    Names a template defines itself (``{% for line in body_lines %}``) are not reported.
    """
    if kind not in KINDS:
        starter_text(kind)  # raises the unknown-kind error
    known = set(sample_context(kind)) | {"loop"}
    found: list[UnknownName] = []
    for part, source in template_sources(path):
        environment = make_environment()  # a fresh one: unknown filters are added to it below
        tree = environment.parse(source)
        for name in sorted({node.name for node in tree.find_all(nodes.Filter)} - set(environment.filters)):
            found.append(UnknownName("filter", name, part, _close(name, set(environment.filters))))
            environment.filters[name] = _stand_in  # so that the variables can still be listed
        for name in sorted(meta.find_undeclared_variables(tree) - known):
            found.append(UnknownName("variable", name, part, _close(name, known)))
    return found


def _stand_in(value: Any, *args: Any, **kwargs: Any) -> Any:
    return value


def _close(name: str, known: set[str]) -> tuple[str, ...]:
    close = did_you_mean(name, known)
    # a docxtpl habit: number_text for number, or the other way round
    for stem in (name.removesuffix("_text"), f"{name}_text"):
        if stem in known and stem not in close:
            close.insert(0, stem)
    return tuple(close[:3])
