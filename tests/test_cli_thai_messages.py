"""Every way a command can end in an error says it in Thai first, then in English.

One case per error path of the command line: each command's own refusals (the ``fail`` calls),
every class of error thaidoc raises as it reaches the user, and click's usage errors. Each
case checks the exit code the README documents and that the message line has Thai before
the English (``ไทย / English``).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from thaidoc.cli import main

REPO = Path(__file__).resolve().parents[1]
MEMO = REPO / "src/thaidoc/render/starters/memo.yaml"
SEED_FORM = REPO / "samples/forms/seed-chachoengsao-2563.yaml"
ISSUED = REPO / "samples/issued/faulty-circular.txt"
THAI_THEN_ENGLISH = re.compile(r"[\u0e01-\u0e4e][^\n]* / [^\n]*[A-Za-z]")


def memo(tmp_path: Path, **changes: object) -> str:
    data = yaml.safe_load(MEMO.read_text(encoding="utf-8"))
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    path = tmp_path / "memo.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return str(path)


def write(tmp_path: Path, name: str, data: bytes | str) -> str:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return str(path)


def bad_template(tmp_path: Path) -> str:
    import docx

    document = docx.Document()
    document.add_paragraph("{{ subject | bahtext }}")
    path = tmp_path / "bad-template.docx"
    document.save(path)
    return str(path)


# name -> (arguments made in tmp_path, expected exit code)
CASES: dict[str, tuple[Callable[[Path], list[str]], int]] = {
    # thaidoc render
    "render: no such file": (lambda t: ["render", str(t / "none.yaml")], 2),
    "render: unreadable YAML": (lambda t: ["render", write(t, "x.yaml", "kind: [memo\n")], 2),
    "render: a missing field": (lambda t: ["render", memo(t, subject=None)], 2),
    "render: a misspelt field": (lambda t: ["render", memo(t, subjet="x")], 2),
    "render: an unknown kind": (lambda t: ["render", memo(t, kind="meno")], 2),
    "render: a date that does not exist": (lambda t: ["render", memo(t, date="2024-02-30")], 2),
    "render: a bad amount": (lambda t: ["render", memo(t, amounts={"training": "6,3OO"})], 2),
    "render: the output is not a .docx": (lambda t: ["render", memo(t), "-o", str(t / "memo.pdf")], 2),
    "render: --pdf to stdout": (lambda t: ["render", memo(t), "-o", "-", "--pdf"], 2),
    "render: a form that does not add up": (lambda t: ["render", str(SEED_FORM), "-o", str(t / "f.docx")], 1),
    "render: printed text with wrong words": (
        lambda t: ["render", memo(t, body=["เป็นเงิน 1,000 บาท (หนึ่งร้อยบาทถ้วน)"]), "-o", str(t / "m.docx")], 1),
    "render: an unknown font": (lambda t: ["render", memo(t), "--font", "Angsana"], 2),
    "render: an emblem that is not an image": (
        lambda t: ["render", memo(t), "--emblem", write(t, "e.png", b"not a picture")], 2),
    "render: a template that is not a .docx": (
        lambda t: ["render", memo(t), "--template", write(t, "t.docx", b"not a zip")], 2),
    "render: a template with an unknown filter": (lambda t: ["render", memo(t), "--template", bad_template(t)], 2),
    "render: an unknown encoding": (lambda t: ["render", memo(t), "--encoding", "thai-ish"], 2),
    "render: text not in the encoding": (
        lambda t: ["render", write(t, "x.yaml", "kind: memo\nsubject: ก\n".encode("utf-8")), "--encoding", "ascii"],
        2),
    "render: a workbook that is not one": (lambda t: ["render", write(t, "x.xlsx", b"PK not really")], 2),
    # thaidoc check
    "check: a file that cannot be read": (lambda t: ["check", write(t, "x.docx", b"not a zip")], 2),
    "check: a kind of file it cannot check": (lambda t: ["check", write(t, "x.pdf", b"%PDF-1.4")], 2),
    "check: an empty letter": (lambda t: ["check", write(t, "x.txt", b"")], 2),
    "check: text not in the encoding given": (
        lambda t: ["check", write(t, "x.txt", "ที่ ชร".encode("cp874")), "--encoding", "ascii"], 2),
    # thaidoc diff
    "diff: an output over an input": (lambda t: ["diff", str(ISSUED), str(ISSUED), "--html", str(ISSUED)], 2),
    "diff: an unreadable letter": (lambda t: ["diff", str(ISSUED), write(t, "x.docx", b"PK broken")], 2),
    # thaidoc batch
    "batch: nowhere to write": (lambda t: ["batch", str(REPO / "samples/batch/circular.yaml"),
                                           str(REPO / "samples/batch/districts.csv")], 2),
    "batch: a misspelt column": (lambda t: ["batch", str(REPO / "samples/batch/circular.yaml"),
                                            write(t, "rows.csv", "recipent.name\nนายอำเภอ\n"), "-o", str(t / "o")], 2),
    "batch: bad rows": (lambda t: ["batch", str(REPO / "samples/batch/circular.yaml"),
                                   str(REPO / "samples/batch/districts-with-typos.csv"), "-o", str(t / "o"), "-q"], 1),
    # thaidoc date / amount / baht / digits
    "date: DAY and --parse": (lambda t: ["date", "2024-04-17", "--parse", "๑๗ เมษายน ๒๕๖๗"], 2),
    "date: a wrong weekday": (lambda t: ["date", "--parse", "วันศุกร์ที่ ๒๕ มกราคม ๒๕๖๘"], 1),
    "date: a date that does not exist": (lambda t: ["date", "--parse", "๓๑ เมษายน ๒๕๖๗"], 1),
    "date: not a date": (lambda t: ["date", "--parse", "ไม่ใช่วันที่"], 2),
    "date: a bad ISO date": (lambda t: ["date", "2024-13-01"], 2),
    "amount: malformed words": (lambda t: ["amount", "เจ็ดสิบเอ็ดล้านบาทหนึ่งแสนบาทถ้วน"], 1),
    "baht: not an amount": (lambda t: ["baht", "12x"], 2),
    # thaidoc new / templates / schema
    "new: an unknown kind": (lambda t: ["new", "letter"], 2),
    "new: --xlsx not an .xlsx": (lambda t: ["new", "memo", "--xlsx", str(t / "memo.xls")], 2),
    "templates: --check without --kind": (lambda t: ["templates", "--check", bad_template(t)], 2),
    "templates: --variables without a kind": (lambda t: ["templates", "--variables"], 2),
    "templates: an unknown kind": (lambda t: ["templates", "memmo", "--variables"], 2),
    "templates: unknown names in a template": (
        lambda t: ["templates", "--check", bad_template(t), "--kind", "memo"], 1),
    "schema: an unknown kind": (lambda t: ["schema", "externl-letter"], 2),
    # click's usage errors
    "usage: an unknown command": (lambda t: ["rendr"], 2),
    "usage: an unknown option": (lambda t: ["render", "--nope", "x.yaml"], 2),
    "usage: a missing argument": (lambda t: ["render"], 2),
    "usage: a bad choice": (lambda t: ["date", "--style", "long"], 2),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_error_is_thai_first(case: str, tmp_path: Path) -> None:
    make_args, exit_code = CASES[case]
    result = CliRunner().invoke(main, make_args(tmp_path))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == exit_code, result.output
    lines = [line for line in result.output.splitlines() if line.startswith(("thaidoc:", "Error:"))]
    if case == "templates: unknown names in a template":  # a report on stdout, not an error line
        lines = [line for line in result.output.splitlines() if "ไม่รู้จัก" in line]
    assert lines, result.output
    assert all(THAI_THEN_ENGLISH.search(line) for line in lines), result.output


def test_every_fail_call_in_the_cli_gives_thai() -> None:
    # a new `fail("…")` without its Thai would print English only: each must pass thai= or an
    # error whose str() carries the Thai
    for path in (REPO / "src/thaidoc/cli").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        for call in re.finditer(r"(?<!def )\bfail\((.*?)\)\n", source, re.S):
            text = call.group(1)
            literal = text.lstrip("f").lstrip('"').removeprefix("{data}: ")
            thai_first = bool(literal) and "\u0e01" <= literal[0] <= "\u0e4e"
            assert "thai=" in text or thai_first or text.startswith("str(exc)"), (path.name, text[:80])


@pytest.mark.skipif(shutil.which("soffice") is not None, reason="LibreOffice is installed here")
def test_pdf_without_libreoffice_is_thai_first(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["render", memo(tmp_path), "-o", str(tmp_path / "m.docx"), "--pdf"])
    assert result.exit_code == 2 and THAI_THEN_ENGLISH.search(result.output)
