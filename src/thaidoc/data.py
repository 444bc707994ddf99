"""Loading document data (YAML or JSON) with errors that point at the file and the place.

Validation against the typed models happens in :mod:`thaidoc.model`; this module only turns
files into plain Python data and pydantic's errors into :class:`~thaidoc.errors.DataError`.
"""

from __future__ import annotations

import calendar
import functools
import json
import os
import re
import stat
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from thaidoc.errors import DataError, Problem, ThaidocError, thai_message

if TYPE_CHECKING:  # pragma: no cover
    from pydantic import ValidationError

__all__ = ["load_data", "checked_input", "read_limited", "granted_file", "size_text", "check_depth", "parse_data_text", "field_path", "leaves",
           "validation_error"]

MAX_DATA_BYTES = 20 * 1024 * 1024
#: Problems listed one per line in a validation error; the rest are counted.
MAX_LISTED_PROBLEMS = 10


def load_data(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read a YAML (.yaml/.yml) or JSON (.json) file whose top level is a mapping."""
    source = Path(path)
    data = read_limited(source, limit=MAX_DATA_BYTES, too_large="file too large for document data")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError("the file is not UTF-8 text", source=str(source),
                        found=f"byte {exc.object[exc.start:exc.start + 1]!r} at offset {exc.start}") from exc
    return parse_data_text(text, source=str(source), suffix=source.suffix.lower())


def checked_input(path: str | os.PathLike[str], *, limit: int, too_large: str,
                  error: type[ThaidocError] = DataError) -> Path:
    """The path of a regular input file of at most ``limit`` bytes, else ``error``.

    Checked before reading, so a huge file is refused without being loaded into memory, and a
    device or a pipe (``/dev/zero``, whose size says 0) is never read at all.
    """
    source = Path(path)
    try:
        info = source.stat()
    except OSError as exc:
        raise error("cannot read the file", source=str(source), found=exc.strerror) from None
    if not stat.S_ISREG(info.st_mode):
        raise error("ไม่ใช่ไฟล์ธรรมดา / not a regular file", source=str(source), expected="a file",
                    found="a folder" if stat.S_ISDIR(info.st_mode) else "a device, pipe or socket")
    if info.st_size > limit:
        raise error(too_large, source=str(source), expected=f"at most {size_text(limit)}",
                    found=size_text(info.st_size))
    return source


def read_limited(path: str | os.PathLike[str], *, limit: int, too_large: str,
                 error: type[ThaidocError] = DataError) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes: checked before reading, and the
    read itself stops after ``limit`` bytes (a file that grows meanwhile is refused too)."""
    source = checked_input(path, limit=limit, too_large=too_large, error=error)
    try:
        with source.open("rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # replaced since the check
                raise error("ไม่ใช่ไฟล์ธรรมดา / not a regular file", source=str(source), expected="a file")
            data = handle.read(limit + 1)
    except OSError as exc:
        raise error("cannot read the file", source=str(source), found=exc.strerror) from None
    if len(data) > limit:
        raise error(too_large, source=str(source), expected=f"at most {size_text(limit)}",
                    found=f"more than {size_text(limit)}")
    return data


def size_text(count: int) -> str:
    """A file size as people read it, never rounding past a limit: 21,000,000 bytes is not
    "20.0 MB" when the limit is 20 MiB.

    >>> size_text(20 * 1024 * 1024), size_text(21_000_000), size_text(512)
    ('20 MiB', '21,000,000 bytes (20.03 MiB)', '512 bytes')
    """
    mib = count / (1024 * 1024)
    if count % (1024 * 1024) == 0 and count:
        return f"{count // (1024 * 1024)} MiB"
    return f"{count:,} bytes ({mib:.2f} MiB)" if count >= 1024 * 1024 else f"{count:,} bytes"


def granted_file(name: Any, *, base_dir: str | os.PathLike[str] | None, location: str) -> Path:
    """The file a document's data names (``emblem:``, ``budget:``), which must lie inside the
    folder the caller granted (``base_dir``: the data file's folder, or given explicitly).

    The one rule for every file named by data: a relative path is taken from ``base_dir``; the
    result, symbolic links followed, must be inside it; data without a granted folder (a
    mapping from a portal) names no file at all. Refusals say nothing about whether the path
    exists, so data cannot probe the server's files.
    """
    text = str(name)
    if base_dir is None:
        raise DataError("ข้อมูลที่ไม่ได้มาจากไฟล์ระบุไฟล์อื่นไม่ได้ / data not read from a file may not name "
                        "files; pass the content instead, or grant a folder with base_dir=",
                        location=location, found=repr(text))
    base = Path(base_dir).resolve()
    try:
        path = (base / text).resolve()
    except (OSError, RuntimeError, ValueError):  # a loop of links, a NUL byte
        path = None
    if path is None or "\x00" in text or not path.is_relative_to(base):
        raise DataError("ไฟล์ที่ข้อมูลระบุต้องอยู่ในโฟลเดอร์ของข้อมูล / a file named in the data must be "
                        "inside the data's folder", location=location, found=repr(text),
                        expected="a path relative to the data file, without ../")
    return path


def parse_data_text(text: str, *, source: str = "<data>", suffix: str = ".yaml") -> dict[str, Any]:
    """Parse YAML or JSON text into a mapping, reporting the line of a syntax error."""
    if suffix == ".json":
        try:
            data = json.loads(text, parse_float=Decimal, object_pairs_hook=_unique_keys)
        except json.JSONDecodeError as exc:
            raise DataError(f"invalid JSON: {exc.msg}", source=source,
                            location=f"line {exc.lineno}, column {exc.colno}") from exc
        except _DuplicateKey as exc:
            raise DataError(f"the key {exc.key!r} appears twice in one object", source=source,
                            expected="each field once") from None
        except RecursionError:
            raise _too_deep(source) from None
        except ValueError as exc:  # a number of more than 4,300 digits
            raise DataError(f"invalid JSON: {exc}", source=source) from None
    else:
        import yaml

        try:
            data = _load_yaml(text)
        except _DuplicateKey as exc:
            raise DataError(f"the key {exc.key!r} appears twice in one mapping", source=source,
                            location=f"line {exc.line}", expected="each field once") from None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
            problem = getattr(exc, "problem", None) or str(exc)
            raise DataError(f"invalid YAML: {problem}", source=source, location=where) from exc
        except DataError as exc:
            raise exc.with_context(source=source) from None
        except RecursionError:
            raise _too_deep(source) from None
        except ValueError as exc:  # a number of more than 4,300 digits
            raise DataError(f"invalid YAML: {exc}", source=source) from None
    check_depth(data, source)
    if data is None:
        raise DataError("the file is empty", source=source, expected="a mapping of field names to values")
    if not isinstance(data, dict):
        raise DataError("the document data must be a mapping of field names to values", source=source,
                        expected="a mapping (field: value)", found=type(data).__name__)
    return data


#: How deeply document data may nest (a letter needs under 10 levels; 100,000 crashed the reader).
MAX_DATA_DEPTH = 100


def _too_deep(source: str | None) -> DataError:
    return DataError("ข้อมูลซ้อนกันลึกเกินไป / the data nests too deeply", source=source,
                     expected=f"at most {MAX_DATA_DEPTH} levels of mappings and lists")


def check_depth(data: Any, source: str | None = None) -> None:
    """Refuse data nested deeper than :data:`MAX_DATA_DEPTH` (a mapping from a caller as well
    as a parsed file: validation and its error messages recurse through it)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children: Any = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > MAX_DATA_DEPTH:
            raise _too_deep(source)
        stack.extend((child, depth + 1) for child in children)


class _DuplicateKey(Exception):
    def __init__(self, key: Any, line: int) -> None:
        super().__init__(key, line)
        self.key, self.line = key, line


class _NotPlain(Exception):
    """The YAML uses a feature the event reader leaves to PyYAML (anchors, tags, merge keys…)."""


_PLAIN_SCALAR_TAGS = frozenset("tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null"))


def _load_yaml(text: str) -> Any:
    """The data of a YAML document, exactly as ``yaml.load(text, Loader=_document_loader())``.

    Why not just that: PyYAML's constructor is pure Python and builds a node tree first, and
    for a 10,000-line budget it took ~0.85 s of a 1.2 s check. Plain data (mappings,
    sequences, untagged scalars) is built here straight from libyaml's parse events, scalars
    resolved by the same loader (~5x faster). Anything else (anchors and aliases, explicit
    tags, merge keys, complex keys, several documents) is left to PyYAML, which also reports
    what is wrong with it; syntax errors come from the same parser either way.
    """
    import yaml
    from yaml import events

    loader_class = _document_loader()
    loader = loader_class(text)
    try:
        try:
            return _build_plain(loader, yaml, events)
        except _NotPlain:
            pass
    finally:
        loader.dispose()
    _check_expansion(yaml.compose(text, Loader=loader_class))
    return yaml.load(text, Loader=loader_class)


#: The most values a YAML document may stand for once its aliases (``*name``) are expanded: a
#: few aliases reused are fine, a "billion laughs" of nested aliases is refused before building.
MAX_YAML_EXPANSION = 100_000


def _check_expansion(root: Any) -> None:
    """Refuse a YAML node graph whose aliases expand past :data:`MAX_YAML_EXPANSION` values
    (each alias is a shared node here; the checks and the model would walk it in full)."""
    import yaml

    sizes: dict[int, int] = {}
    stack: list[tuple[Any, bool]] = [(root, False)] if root is not None else []
    while stack:
        node, done = stack.pop()
        key = id(node)
        if key in sizes and not done:
            continue
        children: list[Any] = []
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        if not done:
            sizes[key] = -1  # being measured: reaching it again is an alias to itself
            stack.append((node, True))
            for child in children:
                if sizes.get(id(child)) == -1:
                    raise DataError("ข้อมูล YAML อ้างถึงตัวเอง / the YAML refers to itself (an alias inside its own "
                                    "anchor)", expected="plain data")
                stack.append((child, False))
            continue
        sizes[key] = 1 + sum(sizes[id(child)] for child in children)
        if sizes[key] > MAX_YAML_EXPANSION:
            raise DataError("ข้อมูล YAML ขยายใหญ่เกินไป / the YAML's aliases (*name) expand to too many values "
                            "(an alias bomb?)", expected=f"at most {MAX_YAML_EXPANSION:,} values once expanded",
                            found=f"more than {MAX_YAML_EXPANSION:,}")


def _build_plain(loader: Any, yaml: Any, events: Any) -> Any:
    first_chars = type(loader).yaml_implicit_resolvers
    if None in first_chars:
        raise _NotPlain  # a resolver for any first character: resolve() itself must decide
    constructors = type(loader).yaml_constructors
    str_tag = "tag:yaml.org,2002:str"
    no_key = object()
    containers: list[Any] = []  # open mappings and sequences, innermost last
    keys: list[Any] = []  # per open container: the mapping key waiting for its value
    root: Any = None
    documents = 0

    def add(value: Any, container: bool) -> None:
        nonlocal root
        if not containers:
            root = value
            return
        top = containers[-1]
        if type(top) is list:
            top.append(value)
        elif keys[-1] is no_key:
            if container:
                raise _NotPlain  # a mapping or sequence as a key
            if value in top:
                # PyYAML keeps the last of two equal keys: a second 'subject:' typed lower down
                # would silently replace the first in an official letter
                raise _DuplicateKey(value, event.start_mark.line + 1)
            keys[-1] = value
        else:
            top[keys[-1]] = value
            keys[-1] = no_key

    while True:
        event = loader.get_event()
        kind = type(event)
        if kind is events.ScalarEvent:
            if event.anchor is not None or event.tag is not None:
                raise _NotPlain
            value = event.value
            if event.implicit[0] and (not value or value[0] in first_chars):
                tag = loader.resolve(yaml.ScalarNode, value, event.implicit)
                if tag != str_tag:
                    if tag not in _PLAIN_SCALAR_TAGS:
                        raise _NotPlain  # a merge key (<<) or another special scalar
                    node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
                    value = constructors[tag](loader, node)
            add(value, False)
        elif kind is events.MappingStartEvent or kind is events.SequenceStartEvent:
            if event.anchor is not None or event.tag is not None:
                raise _NotPlain
            container: Any = {} if kind is events.MappingStartEvent else []
            add(container, True)
            containers.append(container)
            keys.append(no_key)
        elif kind is events.MappingEndEvent or kind is events.SequenceEndEvent:
            containers.pop()
            keys.pop()
        elif kind is events.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _NotPlain  # PyYAML says "expected a single document"
        elif kind is events.AliasEvent:
            raise _NotPlain
        elif kind is events.StreamEndEvent:
            return root


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise _DuplicateKey(key, 0)
        data[key] = value
    return data


@functools.cache
def _document_loader() -> type:
    """A safe YAML loader that keeps figures and dates as the user typed them.

    - ``18300.50`` becomes ``Decimal('18300.50')``, not a binary float: money never passes
      through float on its way in.
    - ``2024-02-30`` stays the text ``'2024-02-30'``: PyYAML would build the date itself and
      fail before validation, losing the field path; the models parse ISO dates and report an
      impossible one against its field.
    libyaml's parser is used when installed (several times faster on large budgets).
    """
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class DocumentLoader(base):  # type: ignore[misc, valid-type]
        pass

    DocumentLoader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }

    def construct_decimal(loader: yaml.Loader, node: yaml.ScalarNode) -> Any:
        text = str(loader.construct_scalar(node)).replace("_", "").lower()
        if text in (".inf", "+.inf", "-.inf", ".nan"):
            return float(text.replace(".", ""))  # not money; let validation refuse it
        return Decimal(text)

    DocumentLoader.add_constructor("tag:yaml.org,2002:float", construct_decimal)
    return DocumentLoader


_DATE_ERRORS = frozenset({"date_from_datetime_parsing", "date_parsing", "date_type", "datetime_from_date_parsing"})
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December")


def _date_problem(value: Any) -> str:
    """Say what is wrong with a date in words a clerk recognises, not the parser's.

    >>> _date_problem("2024-02-30")
    'no such date: February 2024 has 29 days'
    >>> _date_problem("2024-13-01")
    'no such date: there is no month 13'
    >>> _date_problem("31/4/2567")
    'not a date in the form YYYY-MM-DD'
    """
    match = re.fullmatch(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*", value) if isinstance(value, str) else None
    if match is None:
        return "not a date in the form YYYY-MM-DD"
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        return f"no such date: there is no month {month}"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f"no such date: {_MONTHS_EN[month - 1]} {year} has {days} days"
    return "not a date in the form YYYY-MM-DD (two digits for month and day)"


def leaves(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every leaf of nested data (mappings, lists) with its field path, as ``field_path`` writes it.

    >>> list(leaves({"signer": {"name": "นาย ก"}, "body": [{"text": "x"}, "y"]}))
    [('signer.name', 'นาย ก'), ('body[0].text', 'x'), ('body[1]', 'y')]
    """
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield from leaves(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from leaves(item, f"{path}[{index}]")
    else:
        yield path, value


def field_path(loc: tuple[Any, ...]) -> str:
    """Turn a pydantic error location into ``signer.name`` / ``references[1].date``.

    >>> field_path(("references", 1, "date"))
    'references[1].date'
    >>> field_path(())
    ''
    """
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def validation_error(exc: "ValidationError", *, source: str | None = None) -> DataError:
    """Convert a pydantic ``ValidationError`` into one DataError naming every bad field.

    The first problem fills ``location``/``expected``/``found``; all problems are listed in
    the message so a user fixes them in one pass.
    """
    problems = []
    listed: list[Problem] = []
    for err in exc.errors(include_url=False):
        loc = field_path(tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-"))))
        cause = err.get("ctx", {}).get("error")
        code = _PYDANTIC_CODES.get(err["type"], "data.invalid")
        thai = None
        if isinstance(cause, ThaidocError):
            # a validator raised one of ours (an AmountError is a ValueError): keep its own
            # wording and what it says was expected, instead of pydantic's "Value error, …"
            message, expected, thai = cause.message, cause.expected, cause.message_th
            code = cause.code if cause.code != type(cause).default_code or code == "data.invalid" else code
        elif err["type"] in _DATE_ERRORS:
            message, expected = _date_problem(err.get("input")), "an existing ISO date (YYYY-MM-DD), e.g. 2024-04-17"
            code = "data.date"
        else:
            message, expected = err["msg"].removeprefix("Value error, "), None
        found_text = "nothing" if err["type"] == "missing" else repr(err.get("input"))
        if len(found_text) > 80:
            found_text = found_text[:77] + "..."
        problems.append((loc, message, expected, found_text))
        listed.append(Problem(code=code, message=message, message_th=thai or thai_message(message) or "ข้อมูลไม่ถูกต้อง",
                              location=loc or None, expected=expected, found=found_text))
    first_loc, first_msg, first_expected, first_found = problems[0]
    if len(problems) == 1:
        return DataError(first_msg, source=source, location=first_loc or None,
                         expected=first_expected, found=first_found, code=listed[0].code,
                         message_th=listed[0].message_th, problems=listed)
    shown = problems[:MAX_LISTED_PROBLEMS]
    message = f"{len(problems):,} problems:\n" + "\n".join(
        f"  {loc or '(top level)'}: {msg} ({f'expected {exp}; ' if exp else ''}found {found})"
        for loc, msg, exp, found in shown
    )
    if len(problems) > len(shown):  # 200,000 unknown keys are not 200,000 lines on a screen
        message += f"\n  … และอีก {len(problems) - len(shown):,} ปัญหา / and {len(problems) - len(shown):,} more"
    return DataError(message, source=source, code="data.invalid", problems=listed)


#: pydantic's error types, as thaidoc's problem codes
_PYDANTIC_CODES = {"missing": "data.missing", "extra_forbidden": "data.unknown-field",
                   "literal_error": "data.not-allowed", "enum": "data.not-allowed",
                   "too_short": "data.too-short", "model_type": "data.wrong-type", "dict_type": "data.wrong-type",
                   "list_type": "data.wrong-type", "string_type": "data.wrong-type", "int_parsing": "data.number",
                   "int_type": "data.number", "decimal_parsing": "data.number"}
