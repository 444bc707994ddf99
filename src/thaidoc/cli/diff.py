"""``thaidoc diff generated issued``: what changed between the generated and the issued letter."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from thaidoc.cli.common import EXIT_BAD_INPUT, EXIT_OK, EXIT_PROBLEM, fail, reports_errors
from thaidoc.diff import diff as diff_documents
from thaidoc.diff.tracked import tracked_changes_docx
from thaidoc.diff.views import print_diff, to_html, to_json
from thaidoc.files import write_atomic

EPILOG = """\b
Examples:
  thaidoc diff generated.docx issued.docx
  thaidoc diff generated.docx issued.txt --json
  thaidoc diff generated.docx issued.docx --html diff.html --docx reviewed.docx

\b
Before comparing, both sides are normalised: Thai and Arabic digits, spaces and line
wrapping, zero-width characters and Unicode forms (a decomposed sara am) do not count.
--docx writes the ISSUED letter with every difference as a Word tracked change: accept
them all and you have the issued letter, reject them all and you have the generated one.

\b
Exit codes: 0 the same after normalisation, 1 they differ, 2 an input cannot be read.
"""


@click.command(
    short_help="Compare a generated letter with the issued one.",
    epilog=EPILOG)
@click.argument("generated", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("issued", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the differences as JSON instead of the coloured view.")
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path), help="Write a self-contained side-by-side HTML page.")
@click.option("--docx", "docx_path", type=click.Path(dir_okay=False, path_type=Path), help="Write the issued letter with the differences as tracked changes.")
@click.option("--author", default="thaidoc", show_default=True, help="Author name on the tracked changes.")
@click.option("--by-paragraph", is_flag=True, help="Ignore the letter parts (ที่, date, เรื่อง…): pair paragraphs by similarity only.")
@reports_errors
def diff(
    generated: Path,
    issued: Path,
    as_json: bool,
    html_path: Path | None,
    docx_path: Path | None,
    author: str,
    by_paragraph: bool,
) -> None:
    """Compare a generated letter with the issued one (.docx or .txt, in any combination)."""
    inputs = {path.resolve() for path in (generated, issued)}
    for option, output in (("--html", html_path), ("--docx", docx_path)):
        if output is not None and output.resolve() in inputs:
            # the tracked .docx holds the issued text, but the letter as it was sent is evidence
            fail(f"{option} {output} would overwrite an input; write the output elsewhere", EXIT_BAD_INPUT)
    result = diff_documents(generated, issued, use_parts=not by_paragraph)
    try:
        if html_path is not None:
            title = f"thaidoc diff: {generated.name} → {issued.name}"
            write_atomic(html_path, to_html(result, title=title))
            click.echo(f"wrote {html_path}", err=True)
        if docx_path is not None:
            write_atomic(docx_path, tracked_changes_docx(result, issued.read_bytes(), author=author))
            click.echo(f"wrote {docx_path} (the issued letter with tracked changes)", err=True)
    except OSError as exc:
        fail(f"cannot write {exc.filename or 'the output'}: {exc.strerror or exc}", EXIT_BAD_INPUT)
    if as_json:
        click.echo(to_json(result), nl=False)
    else:
        print_diff(result)
    sys.exit(EXIT_OK if result.identical else EXIT_PROBLEM)
