"""Every ThaidocError pickles with all its fields and knows its exit code.

An error that cannot cross a process boundary (a batch's worker pool, a portal's task queue)
turns into a confusing secondary failure at the worst moment; these tests build every error
class with every field set and round-trip it.
"""

from __future__ import annotations

import pickle
from decimal import Decimal
from typing import Any, Callable

import click
import pytest
from click.testing import CliRunner

import thaidoc.errors
from thaidoc.checks.findings import Finding, Severity
from thaidoc.cli.common import reports_errors
from thaidoc.errors import EXIT_BAD_INPUT, EXIT_PROBLEM, ThaidocError
from thaidoc.render.batch.letter import InconsistentRow
from thaidoc.thai.dates import NoSuchDateError

FINDING = Finding(code="budget.total", severity=Severity.ERROR, location="budget.total",
                  message="รวมไม่ตรง / the total is not the sum", expected="300", found="200",
                  difference="-100", quote="รวม ๒๐๐", source="budget.yaml", extra={"sum": Decimal("300")})
FIELDS: dict[str, Any] = {"value": {"amount": "12.5"}, "source": "letter.yaml", "location": "amounts.q2",
                          "expected": "a Decimal", "found": "a float"}


def _builders() -> dict[type[ThaidocError], Callable[[], ThaidocError]]:
    return {
        ThaidocError: lambda: ThaidocError("ข้อผิดพลาด / an error", **FIELDS),
        thaidoc.errors.AmountError: lambda: thaidoc.errors.AmountError("bad words", position=7, **FIELDS),
        thaidoc.errors.DateError: lambda: thaidoc.errors.DateError("not a date", **FIELDS),
        NoSuchDateError: lambda: NoSuchDateError("๓๑ เมษายน", **FIELDS),
        thaidoc.errors.DataError: lambda: thaidoc.errors.DataError("bad data", **FIELDS),
        thaidoc.errors.TemplateError: lambda: thaidoc.errors.TemplateError("bad template", **FIELDS),
        thaidoc.errors.ReadError: lambda: thaidoc.errors.ReadError("unreadable", **FIELDS),
        thaidoc.errors.RenderError: lambda: thaidoc.errors.RenderError("not rendered", **FIELDS),
        thaidoc.errors.ConversionError: lambda: thaidoc.errors.ConversionError("no PDF", **FIELDS),
        thaidoc.errors.InconsistentDocumentError: lambda: thaidoc.errors.InconsistentDocumentError(
            "figures do not add up", findings=[FINDING], **FIELDS),
        InconsistentRow: lambda: InconsistentRow([FINDING], source="rows.csv"),
    }


EXIT_CODES = {
    ThaidocError: EXIT_BAD_INPUT,
    thaidoc.errors.AmountError: EXIT_BAD_INPUT,
    thaidoc.errors.DateError: EXIT_BAD_INPUT,
    NoSuchDateError: EXIT_PROBLEM,
    thaidoc.errors.DataError: EXIT_BAD_INPUT,
    thaidoc.errors.TemplateError: EXIT_BAD_INPUT,
    thaidoc.errors.ReadError: EXIT_BAD_INPUT,
    thaidoc.errors.RenderError: EXIT_BAD_INPUT,
    thaidoc.errors.ConversionError: EXIT_BAD_INPUT,
    thaidoc.errors.InconsistentDocumentError: EXIT_PROBLEM,
    InconsistentRow: EXIT_PROBLEM,
}


def _all_subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        if sub.__module__.startswith("thaidoc."):
            found |= {sub} | _all_subclasses(sub)
    return found


def test_every_error_class_is_covered() -> None:
    # a new error class must be added here, so that it is pickled and its exit code pinned
    classes = _all_subclasses(ThaidocError) | {ThaidocError}
    assert classes == set(_builders()) == set(EXIT_CODES)


@pytest.mark.parametrize("cls", list(_builders()), ids=lambda c: c.__name__)
def test_error_pickles_with_every_field(cls: type[ThaidocError]) -> None:
    error = _builders()[cls]()
    error.with_context(location="rows[3]")  # fields changed after construction travel too
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is cls
    assert copy.__dict__ == error.__dict__
    assert vars(copy).keys() >= {"message", "value", "source", "location", "expected", "found"}
    assert str(copy) == str(error)
    assert copy.args == error.args
    if hasattr(error, "findings"):
        assert copy.findings == [FINDING] and copy.findings[0].extra == FINDING.extra


def test_inconsistent_document_error_keeps_its_findings() -> None:
    # the bug that started this: findings is keyword-only, and Exception's pickling lost it
    error = thaidoc.errors.InconsistentDocumentError("x", findings=[FINDING])
    assert pickle.loads(pickle.dumps(error)).findings == [FINDING]


@pytest.mark.parametrize("cls", list(EXIT_CODES), ids=lambda c: c.__name__)
def test_error_class_knows_its_exit_code(cls: type[ThaidocError]) -> None:
    assert cls.exit_code == EXIT_CODES[cls]
    assert _builders()[cls]().exit_code == EXIT_CODES[cls]


def test_the_cli_exits_with_the_code_the_error_class_names() -> None:
    class Odd(ThaidocError):
        exit_code = 7

    @click.command()
    @click.argument("kind")
    @reports_errors
    def command(kind: str) -> None:
        if kind == "problem":
            raise thaidoc.errors.InconsistentDocumentError("ไม่ได้ / no", findings=[])
        raise Odd("แปลก / odd", source="x.yaml")

    runner = CliRunner()
    odd = runner.invoke(command, ["odd"])
    assert odd.exit_code == 7 and "x.yaml: แปลก / odd" in odd.output
    assert runner.invoke(command, ["problem"]).exit_code == EXIT_PROBLEM


def test_a_date_that_does_not_exist_exits_1_and_unreadable_text_exits_2() -> None:
    from thaidoc.cli import main

    runner = CliRunner()
    no_such = runner.invoke(main, ["date", "--parse", "๓๑ เมษายน ๒๕๖๗"])
    assert no_such.exit_code == EXIT_PROBLEM, no_such.output
    not_a_date = runner.invoke(main, ["date", "--parse", "ไม่ใช่วันที่"])
    assert not_a_date.exit_code == EXIT_BAD_INPUT, not_a_date.output


def test_an_error_with_several_problems_lists_them_and_pickles() -> None:
    from thaidoc.model import load_document

    with pytest.raises(thaidoc.errors.DataError) as info:
        load_document({"kind": "memo", "subjet": "x", "date": "2024-02-30"}, source="memo.yaml")
    error = info.value.with_context(location="row 3")
    problems = error.problems
    assert len(problems) >= 3
    assert {p.code for p in problems} >= {"data.missing", "data.unknown-field", "date.invalid"}
    assert all(p.location and p.location.startswith("row 3.") and p.message_th and p.message for p in problems)
    # the first problem fills the error's own fields (they were all None before)
    assert (error.location, error.expected, error.found) == (problems[0].location, problems[0].expected,
                                                             problems[0].found)
    copy = pickle.loads(pickle.dumps(error))
    assert copy.problems == problems and str(copy) == str(error)
    assert copy.to_dict()["problems"] == [p.to_dict() for p in problems]
    lines = str(error).splitlines()
    assert lines[0].startswith("memo.yaml: พบปัญหา") and len(lines) == len(problems) + 1


def test_every_error_has_thai_and_a_code() -> None:
    for cls, build in _builders().items():
        error = build()
        assert error.code, cls
        # Thai from the table or the class, or a message written Thai first already
        assert error.message_th or "\u0e01" <= error.message[0] <= "\u0e4e", cls
        assert " / " in str(error), cls


def test_a_flood_of_problems_lists_a_screenful_and_keeps_them_all() -> None:
    from thaidoc.model import load_document

    with pytest.raises(thaidoc.errors.DataError) as info:
        load_document({"kind": "memo", **{f"x{i}": 1 for i in range(300)}})
    lines = str(info.value).splitlines()
    assert len(lines) == 12 and lines[-1].startswith("  … และอีก") and "more" in lines[-1]
    assert len(info.value.problems) > 300
