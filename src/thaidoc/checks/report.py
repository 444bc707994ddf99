"""Findings for people (a grouped terminal report) and for programs (JSON).

The terminal report groups findings by severity, then by code, and lays each group out as a
table whose figure columns are right-aligned, so 160,674,000 and 160,674,400 sit digit under
digit and the 400 stands out.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from thaidoc.checks.amounts import format_money
from thaidoc.checks.findings import Finding, Severity, findings_to_json_ready

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console

__all__ = ["print_report", "report_json", "summary_line", "JSON_KEYS"]

#: The keys of every finding in :func:`report_json`, in this order.
JSON_KEYS = ("code", "severity", "location", "message", "expected", "found", "difference", "quote",
             "source", "extra")

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow", Severity.NOTE: "bold blue"}


def summary_line(findings: list[Finding]) -> str:
    """``3 findings: 3 errors`` / ``no findings``.

    >>> summary_line([])
    'no findings'
    """
    if not findings:
        return "no findings"
    counts: dict[Severity, int] = defaultdict(int)
    for finding in findings:
        counts[finding.severity] += 1
    parts = [f"{n} {s.value}{'' if n == 1 else 's'}" for s, n in sorted(counts.items(), key=lambda kv: kv[0].rank)]
    return f"{len(findings)} finding{'' if len(findings) == 1 else 's'}: " + ", ".join(parts)


def _grouped(findings: list[Finding]) -> list[tuple[Severity, str, list[Finding]]]:
    groups: dict[tuple[Severity, str], list[Finding]] = defaultdict(list)
    for finding in findings:
        groups[(finding.severity, finding.code)].append(finding)
    return [(s, c, fs) for (s, c), fs in sorted(groups.items(), key=lambda kv: (kv[0][0].rank, kv[0][1]))]


def _is_words(finding: Finding) -> bool:
    return "amount" in finding.extra and finding.code.startswith("amount.words")


def _figures(finding: Finding) -> tuple[str, str]:
    """The figures to align: for words, the figure beside them and what the words read as
    (the words themselves are printed under the message)."""
    if _is_words(finding):
        read_as = finding.extra.get("read_as")
        if finding.code == "amount.words-malformed":
            return format_money(finding.extra["amount"]), "malformed"
        return format_money(finding.extra["amount"]), "unreadable" if read_as is None else format_money(read_as)
    return finding.expected or "", finding.found or ""


def _details(number: int, finding: Finding, console: Console) -> Any:
    """The message and the words under the table, wrapped with a hanging indent so that a
    narrow terminal keeps the numbers in their own column.

    Laid out by hand rather than as a one-row table per finding: a table for each of
    thousands of findings made the report take seconds.
    """
    from rich.text import Text

    body = Text(finding.message)
    if _is_words(finding):
        body.append(f"\nfound:    {finding.found}\nexpected: {finding.expected}", style="italic")
    if finding.quote:
        body.append(f"\n“{finding.quote}”", style="italic")
    label = f"{number}."
    indent = max(4, len(label)) + 1
    lines = body.wrap(console, max(1, console.width - indent), overflow="fold")
    text = Text()
    for index, line in enumerate(lines):
        if index:
            text.append("\n" + " " * indent)
        else:
            text.append(label.rjust(indent - 1), style="dim")
            text.append(" ")
        line.rstrip()
        text.append_text(line)
    return text


_HEADINGS = ("#", "where", "expected", "found", "difference")


def _table(rows: list[tuple[str, str, str, str, str]], console: Console) -> Any:
    """A group's table: number, where, then the figures right-aligned under their headings.

    When every row fits the width on one line (the usual case) the columns are laid out by
    hand, as rich would lay them out but without its per-cell cost (thousands of findings);
    otherwise rich's table folds the location to fit.
    """
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    widths = [max(cell_len(row[i]) for row in [_HEADINGS, *rows]) for i in range(len(_HEADINGS))]
    simple = all("\n" not in cell and "\t" not in cell for row in rows for cell in row)
    if simple and sum(widths) + 3 * (len(widths) - 1) <= console.width:
        def line(cells: tuple[str, ...], style: str | None) -> Text:
            text = Text(style=style or "")
            for i, (cell, width) in enumerate(zip(cells, widths)):
                gap = " " * (width - cell_len(cell))
                if i:
                    text.append("   ")  # a column's right padding (1) and the next one's left (2)
                if i == 1:
                    text.append(cell + gap)
                else:
                    text.append(gap + cell, style="dim" if i == 0 and style is None else None)
            return text

        return Text("\n").join([line(_HEADINGS, "dim"), *(line(row, None) for row in rows)])
    table = Table(show_header=True, header_style="dim", box=None, pad_edge=False, padding=(0, 1, 0, 2))
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    table.add_column("where", overflow="fold", min_width=12)  # wide figures must not squeeze it out
    table.add_column("expected", justify="right", no_wrap=True)
    table.add_column("found", justify="right", no_wrap=True)
    table.add_column("difference", justify="right", no_wrap=True)
    for row in rows:
        # Text, not str: no console markup is parsed in (or eaten from) a location or figure
        table.add_row(*(Text(cell) for cell in row))
    return table


def print_report(findings: list[Finding], *, console: Console | None = None,
                 checked: list[str] | None = None) -> None:
    """Print ``findings`` grouped by severity and code, figures right-aligned.

    ``checked`` names the inputs, so a clean run says what was found clean.
    """
    from rich.console import Console

    console = console or Console()
    if console.is_terminal:
        _print_report(findings, console, checked)
        return
    # to a pipe or a file: the same report without the spaces that pad table cells at the end
    # of a line (on a terminal they are invisible and the columns line up all the same)
    with console.capture() as capture:
        _print_report(findings, console, checked)
    console.file.write(_strip_line_ends(capture.get()))
    console.file.flush()


_STYLE_CODE = re.compile(r"\x1b\[[0-9;]*m")
_LINE_END = re.compile(r"(?:[ \t]|\x1b\[[0-9;]*m)+$", re.MULTILINE)


def _strip_line_ends(text: str) -> str:
    """Remove the blanks at the end of every line, keeping the style codes among them.

    >>> _strip_line_ends("a   \\n b \\x1b[2m  \\x1b[0m\\n")
    'a\\n b\\x1b[2m\\x1b[0m\\n'
    """
    return _LINE_END.sub(lambda match: "".join(_STYLE_CODE.findall(match.group())), text)


def _print_report(findings: list[Finding], console: Console, checked: list[str] | None) -> None:
    from rich.text import Text

    if not findings:
        what = ", ".join(checked) if checked else "the input"
        console.print(Text(f"✓ {what}: no findings", style="bold green"))
        return
    sources = sorted({f.source for f in findings if f.source})
    if sources:
        console.print(Text("checked: " + ", ".join(sources), style="dim"))
    several_sources = len({f.source for f in findings}) > 1
    for severity, code, group in _grouped(findings):
        console.print(Text.assemble((f"{severity.value} ", _STYLE[severity]), (code, "bold"),
                                    f"  ({len(group)})"))
        rows = []
        for number, finding in enumerate(group, start=1):
            where = finding.location
            if finding.extra.get("checked") == "printed text":
                where = f"printed text, {where}"
                if finding.extra.get("field"):
                    where = f"{finding.extra['field']}; {where}"
            if "cell" in finding.extra:
                where = finding.extra["cell"]  # a spreadsheet user looks for the cell, not the path
            if several_sources and finding.source:
                where = f"{Path(finding.source).name}: {where}"
            expected, found = _figures(finding)
            rows.append((str(number), where, expected, found, finding.difference or ""))
        console.print(_table(rows, console), soft_wrap=True)
        # already wrapped to the width: printed without wrapping again
        details = Text("\n").join(_details(number, finding, console) for number, finding in enumerate(group, start=1))
        console.print(details, soft_wrap=True)
        console.print()
    console.print(Text(summary_line(findings), style="bold"))


def report_json(findings: list[Finding], *, errors: list[dict[str, Any]] | None = None) -> str:
    """The findings as JSON: ``{"findings": [...], "summary": {...}, "errors": [...]}``.

    Every finding has every key of :data:`JSON_KEYS` (null when it does not apply); Decimals
    are strings. ``errors`` lists inputs that could not be read at all (file, source,
    location, message, expected, found).
    """
    counts = {s.value: sum(1 for f in findings if f.severity is s) for s in Severity}
    # a program reads finding["difference"] without guarding against a missing key
    complete = [{key: None for key in JSON_KEYS} | entry for entry in findings_to_json_ready(findings)]
    payload: dict[str, Any] = {
        "findings": complete,
        "summary": {"total": len(findings), **counts},
        "errors": errors or [],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)
