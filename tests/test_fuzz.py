"""Fuzzing the edges a stranger's input reaches: only a ``ThaidocError`` may escape.

Each :class:`Target` is one entry point (a data loader, the template renderer, a reader) with
a hypothesis strategy for hostile input: random text and bytes, and valid documents with
bytes flipped or cut off. Whatever comes in, the call returns or raises a ``ThaidocError``;
anything else (``RecursionError``, ``zlib.error``, ``MemoryError``, ``ExpatError`` …) fails.

Bounded time and memory: every example runs with the process's address space capped at
:data:`MEMORY_HEADROOM` above what it used before (so a value that explodes is a
``MemoryError``, a failure here, not a swapping machine), and hypothesis's deadline is set
far above any honest run (:data:`HANG`): it catches a hang or an exponential blow-up, it is
not a speed goal (speed lives in ``bench/``).

To fuzz another entry point, add a :class:`Target` to :data:`TARGETS` (a name, a strategy,
and a function that takes one drawn value).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import resource
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import announcement_template
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import thaidoc
from thaidoc.errors import ThaidocError

REPO = Path(__file__).resolve().parents[1]
MEMORY_HEADROOM = 1536 * 1024 * 1024
HANG = dt.timedelta(seconds=30)
#: Examples per target; THAIDOC_FUZZ_EXAMPLES=2000 for a longer hunt (random each run then).
EXAMPLES = int(os.environ.get("THAIDOC_FUZZ_EXAMPLES", "60"))


@dataclass(frozen=True)
class Target:
    name: str
    inputs: st.SearchStrategy[Any]
    run: Callable[[Any], Any]


# -- strategies --------------------------------------------------------------------------------

_THAI_AND_SYNTAX = st.characters(codec="utf-8", categories=("L", "M", "N", "P", "S", "Z", "Cc"))
_TEXT = st.text(_THAI_AND_SYNTAX, max_size=400)


def _json_like() -> st.SearchStrategy[Any]:
    scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=40),
                        st.sampled_from(["2024-04-01", "160,674,000", "{{ 6*7 }}", "../x.png", "/dev/zero"]))
    return st.recursive(scalars, lambda inner: st.one_of(
        st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=12), inner, max_size=6)), max_leaves=40)


_KINDS = st.sampled_from(["external-letter", "memo", "order", "announcement", "stamped-letter", "proposal",
                          "expense-sheet", "budget-summary", "budget"])
_FIELDS = st.sampled_from(["subject", "body", "recipient", "signer", "date", "emblem", "budget", "amounts", "dates",
                           "number", "sender", "activities", "digits", "references", "enclosures"])
_DOCUMENTS = st.builds(lambda kind, fields: {"kind": kind, **fields}, _KINDS,
                       st.dictionaries(_FIELDS, _json_like(), max_size=6))

# pieces a template is made of, hostile and ordinary
_PIECES = st.sampled_from([
    "{{ ", " }}", "{% ", " %}", "{% for i in range(100000) %}", "{% endfor %}", "{% if 1 %}", "{% endif %}",
    "{% set ns = namespace(s='ab') %}", "{% set ns.s = ns.s ~ ns.s %}", "{% macro m() %}{{ m() }}{% endmacro %}",
    "{{ m() }}", "7**64**64", "2**", "64", " * ", " ~ ", " + ", " % ", "'x'", "'%999999d'", "[1]", "10**9",
    "range(10**9)", "|join('x')", "|replace('', 'yyyy')", "|wordwrap(1)", "|tojson", "|center(9999)", "|list",
    "|sum(start=[])", "''.join", "subject", "amounts.a", "|baht", "|bahttext", "|thai_date", "{% include 'x' %}",
    "1/0", "(", ")", "ก", "\x00", "\ufffd", "{#", "#}", "__class__", ".", "|attr('upper')",
])
_TEMPLATES = st.lists(_PIECES, max_size=14).map("".join)


@functools.cache
def _letter_docx() -> bytes:
    return thaidoc.render(REPO / "samples/letters/memo-training-budget.yaml")


@functools.cache
def _workbook(path: str) -> bytes:
    return (REPO / path).read_bytes()


def _damaged(original: Callable[[], bytes]) -> st.SearchStrategy[bytes]:
    """A valid file with bytes flipped and perhaps cut short."""

    def damage(flips: list[tuple[int, int]], cut: int | None) -> bytes:
        data = bytearray(original())
        for position, value in flips:
            data[position % len(data)] = value
        return bytes(data[:cut] if cut is not None else data)

    return st.builds(damage, st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=8),
                     st.one_of(st.none(), st.integers(0, 40_000)))


# -- entry points ------------------------------------------------------------------------------

def _load_text(pair: tuple[str, str]) -> Any:
    from thaidoc.data import parse_data_text

    text, suffix = pair
    return parse_data_text(text, suffix=suffix)


def _load_file(pair: tuple[bytes, str]) -> Any:
    data, suffix = pair
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"data{suffix}"
        path.write_bytes(data)
        return thaidoc.load_document(path)


def _render_data(document: dict[str, Any]) -> Any:
    return thaidoc.render(document)


def _render_data_text(text: str) -> Any:
    data = {"kind": "announcement", "issuer": "จังหวัดเชียงราย", "subject": text, "date": "2024-04-01",
            "body": [text], "amounts": {"a": "1000"},
            "signer": {"name": "นายก ข", "position": "ผู้ว่าราชการจังหวัดเชียงราย"}}
    return thaidoc.render(data, text_templates=True)


def _render_template(template: str) -> Any:
    from thaidoc.render.engine import PreparedTemplate

    body = template.encode("utf-8", "replace").replace(b"&", b"&amp;").replace(b"<", b"&lt;")
    prepared = PreparedTemplate.from_bytes(announcement_template(body), name="fuzz.docx")
    return prepared.render({"subject": "s", "amounts": {"a": 1}, "digits": "thai", "secrecy_text": "",
                            "motto_text": "", "signer": object()})


def _extract(data: bytes) -> Any:
    from thaidoc.read.extract import extract

    return extract(data, name="fuzz.docx")


def _read(data: bytes) -> Any:
    return thaidoc.read(data)


def _rows(pair: tuple[bytes, str]) -> Any:
    from thaidoc.render.batch import read_rows

    data, suffix = pair
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"rows{suffix}"
        path.write_bytes(data)
        return list(read_rows(path))


def _budget_workbook(data: bytes) -> Any:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "budget.xlsx"
        path.write_bytes(data)
        return thaidoc.check(path)


def _check_data(document: dict[str, Any]) -> Any:
    return thaidoc.check(document)


_ROW_FIELDS = st.sampled_from(["district", "recipient.name", "amounts.allocation", "emblem", "kind", "date",
                               "enclosures[0].title", "body[0]", "signer.position", "x" * 300])


def _render_row(row: dict[str, Any]) -> Any:
    return list(thaidoc.render_many(REPO / "samples/batch/circular.yaml", [row]))


def _name_pattern(pattern: str) -> Any:
    from thaidoc.render.batch import NamePattern

    return NamePattern(pattern).format(1, 2, {"district": "เทิง", "recipient": {"name": "นาย"}, "n": [1, 2]})


TARGETS: list[Target] = [
    Target("data text", st.tuples(_TEXT, st.sampled_from([".yaml", ".json"])), _load_text),
    Target("data file", st.tuples(st.binary(max_size=400), st.sampled_from([".yaml", ".json", ".txt"])), _load_file),
    Target("render a mapping", _DOCUMENTS, _render_data),
    Target("check a mapping", _DOCUMENTS, _check_data),
    Target("a batch row", st.dictionaries(_ROW_FIELDS, st.one_of(_TEXT, _json_like()), max_size=5), _render_row),
    Target("a name pattern", st.lists(st.sampled_from(["{", "}", "seq", "row", "district", "recipient.name", ":",
                                                        ">", "0", "9" * 12, "d", ".", "[0]", "n[1]", "!r", "__class__",
                                                        "x", "-", "{{"]), max_size=10).map("".join), _name_pattern),
    Target("data text as template", _TEMPLATES, _render_data_text),
    Target("user template", _TEMPLATES, _render_template),
    Target("extract damaged .docx", _damaged(_letter_docx), _extract),
    Target("read bytes", st.one_of(st.binary(max_size=300), _TEXT.map(lambda t: t.encode())), _read),
    Target("rows: damaged .xlsx", _damaged(lambda: _workbook("samples/batch/districts.xlsx")).map(
        lambda data: (data, ".xlsx")), _rows),
    Target("rows: CSV", st.binary(max_size=400).map(lambda data: (data, ".csv")), _rows),
    Target("budget: damaged .xlsx", _damaged(lambda: _workbook("samples/forms/corrected/budget-3.1.1.xlsx")),
           _budget_workbook),
]


@pytest.fixture
def bounded_memory():
    """Cap the address space at what the process uses now plus MEMORY_HEADROOM."""
    pages = int(Path("/proc/self/statm").read_text().split()[0]) if Path("/proc/self/statm").exists() else 0
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if not pages:
        yield
        return
    cap = pages * os.sysconf("SC_PAGE_SIZE") + MEMORY_HEADROOM
    resource.setrlimit(resource.RLIMIT_AS, (cap if hard == resource.RLIM_INFINITY else min(cap, hard), hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@pytest.mark.parametrize("target", TARGETS, ids=[target.name for target in TARGETS])
@settings(max_examples=EXAMPLES, deadline=HANG, derandomize="THAIDOC_FUZZ_EXAMPLES" not in os.environ,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(data=st.data())
def test_only_thaidoc_errors_escape(bounded_memory, target, data):
    value = data.draw(target.inputs, label=target.name)
    try:
        target.run(value)
    except ThaidocError:
        pass
