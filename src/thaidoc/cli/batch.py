"""``thaidoc batch``: one letter per row of a CSV/XLSX file (see :mod:`thaidoc.render.batch`)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from thaidoc.cli.common import EXIT_OK, EXIT_PROBLEM, fail, reports_errors
from thaidoc.render.batch import BatchOptions, run_batch

__all__ = ["batch"]


def _default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


@click.command(
    short_help="Render one letter per row of a CSV/XLSX file.",
    epilog="""\b
Examples:
  thaidoc batch samples/batch/circular.yaml samples/batch/districts.csv -o out/letters \\
      --name "{seq:03d}-{district}.docx" --report out/report.json
  thaidoc batch circular.yaml districts.xlsx --zip letters.zip --combined all.docx --pdf

\b
Each row overrides or extends the letter's data; dotted column names set nested fields
(recipient.name, amounts.allocation). Columns that are not fields of the letter (district)
can be used in --name and as {{ district }} in the letter's text. Empty cells keep the
letter's value. A rerun skips letters that are complete and up to date (--force redoes them).
Exit 1 when any row failed (the others are still written), 2 when the batch cannot start.""")
@click.argument("letter", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("rows", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the letters, one .docx per row.")
@click.option("--name", "name_pattern", metavar="PATTERN",
              help='File names from the row\'s fields and seq, e.g. "{seq:03d}-{district}.docx".')
@click.option("--zip", "zip_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also (or only) pack the letters into one zip.")
@click.option("--combined", type=click.Path(dir_okay=False, path_type=Path),
              help="Also (or only) write one .docx with every letter, each on new pages, for printing.")
@click.option("--pdf", is_flag=True, help="Also convert each letter to PDF (needs LibreOffice).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: all cores).")
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path),
              help="Write a JSON report with the result of every row.")
@click.option("--force", is_flag=True, help="Redo letters that are already complete and up to date.")
@click.option("--template", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Use this .docx template instead of the kind's bundled one.")
@click.option("--emblem", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The ครุฑ image (PNG/JPEG); default: the letter's emblem: or $THAIDOC_EMBLEM.")
@click.option("--font", help="TH SarabunIT๙ (default), TH SarabunPSK or TH Sarabun New (it9, psk, new).")
@click.option("--allow-inconsistent", is_flag=True,
              help="Write letters even when the checks find errors (the findings go to --report).")
@click.option("--encoding", default="utf-8-sig", show_default=True,
              help="Encoding of a CSV file (cp874 for a CSV saved by Thai Windows Excel).")
@click.option("--sheet", help="Sheet of an .xlsx file (default: the first).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary (errors still shown).")
@reports_errors
def batch(letter: Path, rows: Path, output: Path | None, name_pattern: str | None, zip_path: Path | None,
          combined: Path | None, pdf: bool, jobs: int | None, report: Path | None, force: bool,
          template: Path | None, emblem: Path | None, font: str | None, allow_inconsistent: bool, encoding: str, sheet: str | None,
          quiet: bool) -> None:
    """Render LETTER (YAML/JSON) once per row of ROWS (.csv or .xlsx; the first row names the fields)."""
    if output is None and zip_path is None and combined is None:
        fail("say where the letters go: -o FOLDER, --zip FILE or --combined FILE",
             thai="ระบุที่เก็บหนังสือด้วย -o โฟลเดอร์, --zip ไฟล์ หรือ --combined ไฟล์")
    options = BatchOptions(letter=letter, rows=rows, output=output, name=name_pattern, zip=zip_path,
                           combined=combined, pdf=pdf, jobs=jobs or _default_jobs(), force=force,
                           report=report, template=template, emblem=emblem, font=font, allow_inconsistent=allow_inconsistent,
                           encoding=encoding, sheet=sheet)
    progress = _Progress(enabled=not quiet and sys.stderr.isatty())
    try:
        with progress:
            summary = run_batch(options, on_start=progress.start, on_row=progress.row, on_phase=progress.phase)
    except KeyboardInterrupt:
        click.echo("thaidoc: interrupted; the letters written so far are complete. Run the same command "
                   "again to finish (finished letters are skipped).", err=True)
        sys.exit(130)
    _print_summary(summary, quiet=quiet, rows="stdin" if str(rows) == "-" else str(rows), sheet=sheet)
    sys.exit(EXIT_OK if summary.ok else EXIT_PROBLEM)


class _Progress:
    """A rich progress bar on a terminal; nothing at all otherwise (logs and pipes stay clean)."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self) -> "_Progress":
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                TextColumn("{task.fields[failed]}"), TimeRemainingColumn(),
                                console=Console(stderr=True), transient=True)
            self.bar.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)

    def start(self, total: int) -> None:
        if self.bar is not None:
            self.task = self.bar.add_task("letters", total=total, failed="")
        self.failed = 0

    def row(self, result: Any) -> None:
        if self.bar is None or self.task is None:
            return
        if result.status == "failed":
            self.failed += 1
        self.bar.update(self.task, advance=1, failed=f"[red]{self.failed} failed" if self.failed else "")

    def phase(self, name: str) -> None:
        if self.bar is not None and self.task is not None:
            self.bar.update(self.task, description=name)


def _print_summary(summary: Any, *, quiet: bool, rows: str, sheet: str | None = None) -> None:
    # the file and its row as the spreadsheet shows it: staff open the file and go to the row
    in_rows = f"{rows}, sheet {sheet}" if sheet else rows
    for result in summary.failures:
        for error in result.errors:
            where = f"{in_rows}, row {result.row}" if result.row else "pdf"
            if error.get("field"):
                where += f", {error['field']}"
            detail = "; ".join(f"{key} {error[key]}" for key in ("expected", "found") if error.get(key))
            thai = error.get("message_th")
            message = f"{thai} / {error.get('message')}" if thai else error.get("message")
            click.echo(f"thaidoc: {where}: {message}" + (f" ({detail})" if detail else ""), err=True)
    if summary.failed > len(summary.failures):
        click.echo(f"thaidoc: และอีก {summary.failed - len(summary.failures)} แถวที่ไม่สำเร็จ / "
                   f"... and {summary.failed - len(summary.failures)} more failed rows"
                   + (f" (see {summary.report})" if summary.report else ""), err=True)
    if quiet:
        return
    parts = [f"{summary.written} written", f"{summary.up_to_date} up to date already"]
    if summary.pdf_written:
        parts.append(f"{summary.pdf_written} PDFs")
    if summary.failed:
        parts.append(f"{summary.failed} failed")
    click.echo(f"{summary.total} rows: " + ", ".join(parts) + f" in {summary.seconds:.1f} s")
    for label, path in (("letters", summary.output), ("zip", summary.zip), ("combined", summary.combined),
                        ("report", summary.report)):
        if path is not None:
            click.echo(f"  {label}: {path}")
    if summary.row_only_fields:
        click.echo("  row-only fields (not in the letter's model; for --name and {{ }} in text): "
                   + ", ".join(summary.row_only_fields))
