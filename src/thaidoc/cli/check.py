"""``thaidoc check FILE...``: findings about document data, budgets and issued letters.

Exit 0 when every file is clean, 1 when there are findings, 2 when a file cannot be read (the
other files are still checked and reported).
"""

from __future__ import annotations

import sys

import click

from thaidoc.api import check as check_source
from thaidoc.checks.findings import problems
from thaidoc.checks.report import print_report, report_json
from thaidoc.cli.common import EXIT_OK, EXIT_PROBLEM, read_input, reads_as_text
from thaidoc.errors import ThaidocError


@click.command(
    short_help="Check document data or an issued letter for inconsistencies.",
    epilog="""\b
Examples:
  thaidoc check samples/forms/seed-chachoengsao-2563.yaml
  thaidoc check budget.xlsx --json
  thaidoc check issued-letter.docx
\b
Exit codes: 0 clean (or notes only), 1 findings, 2 a file could not be read.""")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON on stdout.")
@click.option("--encoding", default="utf-8", show_default=True,
              help="Encoding of text files (.txt, .yaml, .json) and of stdin: cp874 for Thai Windows.")
def check(files: tuple[str, ...], as_json: bool, encoding: str) -> None:
    """Check document data (.yaml/.json), budgets (.xlsx) or issued letters (.docx/.txt); - reads stdin."""
    findings = []
    errors = []
    exit_code = EXIT_OK
    for name in files:
        try:
            if reads_as_text(name, encoding):
                findings.extend(check_source(read_input(name, encoding), name="<stdin>" if name == "-" else name,
                                             text_templates=True))  # the user's own file, as by path
            else:
                findings.extend(check_source(name))
        except ThaidocError as exc:  # unreadable: reported, and the other files still checked
            # "file" is the argument; "source" the file at fault (a workbook the data names)
            errors.append({"file": name, "source": exc.source or name, "location": exc.location,
                           "message": exc.message, "message_th": exc.message_th, "code": exc.code,
                           "expected": exc.expected, "found": exc.found,
                           "problems": [problem.to_dict() for problem in exc.problems]})
            exit_code = max(exit_code, exc.exit_code)
            click.echo(f"thaidoc: {exc}", err=True)
    if as_json:
        click.echo(report_json(findings, errors=errors))
    else:
        from rich.console import Console

        unreadable = {error["file"] for error in errors}
        readable = [name for name in files if name not in unreadable]
        if readable:
            print_report(findings, console=Console(soft_wrap=False), checked=readable)
    sys.exit(max(exit_code, EXIT_PROBLEM if problems(findings) else EXIT_OK))
