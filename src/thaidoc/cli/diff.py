"""``thaidoc diff generated issued``: what changed between the generated and the issued letter."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console

from thaidoc.checks.findings import Finding, problems
from thaidoc.checks.report import print_report, report_json
from thaidoc.checks.text import lint
from thaidoc.cli.common import EXIT_BAD_INPUT, EXIT_OK, EXIT_PROBLEM, fail, read_input, reads_as_text, reports_errors
from thaidoc.diff import diff as diff_documents
from thaidoc.diff.tracked import redline_on_generated, tracked_changes_docx
from thaidoc.diff.views import print_diff, to_html, to_json
from thaidoc.files import write_atomic
from thaidoc.read.extract import as_docx, extract

EPILOG = """\b
Examples:
  thaidoc diff generated.docx issued.docx
  thaidoc diff generated.docx issued.txt --json
  thaidoc diff generated.docx issued.docx --html diff.html --docx reviewed.docx
  thaidoc diff generated.docx issued.pdf --check

\b
Before comparing, both sides are normalised: Thai and Arabic digits, spaces and line
wrapping, zero-width characters and Unicode forms (a decomposed sara am) do not count.
--docx writes the ISSUED letter with every difference as a Word tracked change: accept
them all and you have the issued letter, reject them all and you have the generated one.
For an issued .txt or PDF, which has no layout of its own, it writes the GENERATED letter
in its layout with the same changes tracked (accepting gives the issued text).

\b
Exit codes: 0 the same after normalisation (and, with --check, no findings), 1 they
differ (or the issued letter has findings), 2 an input cannot be read.
"""


@click.command(
    short_help="Compare a generated letter with the issued one.",
    epilog=EPILOG)
@click.argument("generated", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.argument("issued", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the differences as JSON instead of the coloured view.")
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path), help="Write a self-contained side-by-side HTML page.")
@click.option("--docx", "docx_path", type=click.Path(dir_okay=False, path_type=Path), help="Write the issued letter with the differences as tracked changes.")
@click.option("--author", default="thaidoc", show_default=True, help="Author name on the tracked changes.")
@click.option("--encoding", default="utf-8", show_default=True,
              help="Encoding of a .txt letter (cp874 for Thai Windows); - reads one letter from stdin.")
@click.option("--by-paragraph", is_flag=True, help="Ignore the letter parts (ที่, date, เรื่อง…): pair paragraphs by similarity only.")
@click.option("--check", "with_check", is_flag=True,
              help="Also check the issued letter itself (as `thaidoc check` does) and report its findings after the differences.")
@reports_errors
def diff(
    generated: Path,
    issued: Path,
    as_json: bool,
    html_path: Path | None,
    docx_path: Path | None,
    author: str,
    by_paragraph: bool,
    with_check: bool,
    encoding: str = "utf-8",
) -> None:
    """Compare a generated letter with the issued one (.docx, .pdf, .odt, .doc or .txt, in any combination)."""
    inputs = {path.resolve() for path in (generated, issued)}
    for option, output in (("--html", html_path), ("--docx", docx_path)):
        if output is not None and output.resolve() in inputs:
            # the tracked .docx holds the issued text, but the letter as it was sent is evidence
            fail(f"{option} {output} would overwrite an input; write the output elsewhere", EXIT_BAD_INPUT,
                 thai="ไฟล์ผลลัพธ์จะเขียนทับไฟล์ที่นำเข้า ให้เขียนไว้ที่อื่น")
    (generated_src, generated_name), (issued_src, issued_name) = (_side(path, encoding) for path in (generated, issued))
    result = diff_documents(generated_src, issued_src, generated_name=generated_name, issued_name=issued_name,
                            use_parts=not by_paragraph)
    try:
        if html_path is not None:
            title = f"thaidoc diff: {generated.name} → {issued.name}"
            write_atomic(html_path, to_html(result, title=title))
            click.echo(f"wrote {html_path}", err=True)
        if docx_path is not None:
            generated_docx = as_docx(generated_src, name=generated_name) if as_docx(
                issued_src, name=issued_name) is None else None
            if generated_docx is not None:
                # a .txt or PDF has no layout to keep: the generated letter's, with the changes
                backwards = diff_documents(issued_src, generated_src, generated_name=issued_name,
                                           issued_name=generated_name, use_parts=not by_paragraph)
                write_atomic(docx_path, redline_on_generated(backwards, generated_docx, author=author))
                click.echo(f"wrote {docx_path} (the generated letter with the issued letter's changes tracked)",
                           err=True)
            else:
                issued_bytes = issued_src if isinstance(issued_src, bytes) else issued.read_bytes()
                write_atomic(docx_path, tracked_changes_docx(result, issued_bytes, author=author))
                click.echo(f"wrote {docx_path} (the issued letter with tracked changes)", err=True)
    except OSError as exc:
        fail(f"cannot write {exc.filename or 'the output'}: {exc.strerror or exc}", EXIT_BAD_INPUT,
             thai="เขียนไฟล์ผลลัพธ์ไม่ได้")
    findings: list[Finding] = []
    if with_check:
        findings = lint(extract(issued_src, name=issued_name), source=issued_name)
    if as_json:
        if with_check:
            payload = json.loads(to_json(result))
            payload["check"] = json.loads(report_json(findings))
            click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            click.echo(to_json(result), nl=False)
    else:
        print_diff(result)
        if with_check:
            click.echo("")
            print_report(findings, console=Console(soft_wrap=False), checked=[issued_name])
    sys.exit(EXIT_OK if result.identical and not problems(findings) else EXIT_PROBLEM)


def _side(path: Path, encoding: str) -> tuple[Path | bytes, str]:
    """A letter to compare: its path, or its bytes when read from stdin or in another encoding
    (named so that its suffix still says .txt or .docx)."""
    name = str(path)
    if not reads_as_text(name, encoding):
        return path, name
    data = read_input(name, encoding)
    if name == "-":
        return data, "<stdin>.docx" if data[:2] == b"PK" else "<stdin>.txt"
    return data, name
