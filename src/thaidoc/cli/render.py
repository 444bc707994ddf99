"""``thaidoc render``, ``thaidoc templates`` and ``thaidoc new``: letters and forms from data."""

from __future__ import annotations

import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from thaidoc.api import check as check_source
from thaidoc.checks.report import print_report
from thaidoc.cli.common import EXIT_BAD_INPUT, fail, reports_errors
from thaidoc.errors import DataError, InconsistentDocumentError
from thaidoc.files import write_atomic
from thaidoc.model import KINDS
from thaidoc.render import render as render_document
from thaidoc.render import render_parts, template_path
from thaidoc.render.converter import PdfConverter
from thaidoc.render.fonts import font_note
from thaidoc.render.pdf import fontconfig_file, to_pdf

if TYPE_CHECKING:  # pragma: no cover
    from pydantic import BaseModel

__all__ = ["render", "templates", "new"]

@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("data", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the .docx (default: DATA with .docx; only with one DATA file).")
@click.option("--pdf", is_flag=True, help="Also write a PDF beside the .docx (needs LibreOffice).")
@click.option("--template", type=click.Path(dir_okay=False, path_type=Path),
              help="Use this .docx template instead of the bundled one.")
@click.option("--emblem", type=click.Path(dir_okay=False, path_type=Path),
              help="The ครุฑ image (PNG/JPEG). Default: the data's emblem:, $THAIDOC_EMBLEM, the placeholder.")
@click.option("--font", help="TH SarabunIT๙ (default), TH SarabunPSK or TH Sarabun New (it9/psk/new).")
@click.option("--allow-inconsistent", is_flag=True,
              help="Render even when a form's budget does not add up, a schedule or rubric has faults, or the "
                   "printed text has errors that check reports (the findings are still printed).")
@click.option("--separate", is_flag=True,
              help="Write a letter's attached schedules and rubrics as files of their own (OUTPUT-enclosure-N.docx) "
                   "instead of after the letter.")
@reports_errors
def render(data: tuple[Path, ...], output: Path | None, pdf: bool, template: Path | None, emblem: Path | None,
           font: str | None, allow_inconsistent: bool, separate: bool) -> None:
    """Render letters or forms from YAML/JSON DATA files to .docx (and PDF).

    \b
    Examples:
      thaidoc render samples/letters/circular-chiang-rai-2562.yaml -o circular.docx --pdf
      thaidoc render letter.yaml --emblem garuda.png --font "TH Sarabun New"
      thaidoc render samples/letters/*.yaml --pdf

    Nothing is written when the data is wrong: the error names the file, the field path and
    what was expected, and the exit code is 2. With several DATA files, each .docx goes beside
    its data file, every file is rendered (and converted) before any is written, and the PDFs
    are made by warm LibreOffice processes, one per core.
    """
    if output is not None and len(data) > 1:
        fail("-o ใช้กับไฟล์ข้อมูลไฟล์เดียว / -o names the .docx of one data file; with several, each is written "
             "beside its data file", EXIT_BAD_INPUT)
    per_file = [_render_one(path, output, template=template, emblem=emblem, font=font,
                            allow_inconsistent=allow_inconsistent, separate=separate) for path in data]
    outputs = [document for documents in per_file for document in documents]
    pdfs: list[bytes | None] = [None] * len(outputs)
    if pdf:  # before writing anything: a failed PDF leaves no half result
        pdfs = list(_to_pdfs([docx for _, docx in outputs]))
    for (path, docx), pdf_bytes in zip(outputs, pdfs):
        write_atomic(path, docx)
        click.echo(f"wrote {path}")
        if pdf_bytes is not None:
            pdf_path = path.with_suffix(".pdf")
            write_atomic(pdf_path, pdf_bytes)
            click.echo(f"wrote {pdf_path}")
    if pdf:  # once per font, after everything is written (enclosures are set in their letter's font)
        for note in dict.fromkeys(_say_pdf_font(documents[0][1]) for documents in per_file if documents):
            if note:
                click.echo(note, err=True)


def _render_one(data: Path, output: Path | None, *, template: Path | None, emblem: Path | None, font: str | None,
                allow_inconsistent: bool, separate: bool) -> list[tuple[Path, bytes]]:
    """The documents one data file gives (the letter, and its enclosures with ``separate``),
    each with the path it is written to."""
    target = output or data.with_suffix(".docx")
    if target.suffix.lower() != ".docx":
        fail(f"the output must be a .docx file, not {target.name}", EXIT_BAD_INPUT)
    try:
        if separate:
            parts = render_parts(data, template=template, emblem=emblem, font=font,
                                 allow_inconsistent=allow_inconsistent)
        else:
            parts = [(0, render_document(data, template=template, emblem=emblem, font=font,
                                         allow_inconsistent=allow_inconsistent))]
    except InconsistentDocumentError as exc:
        # a problem found in the input (exit 1), shown once as the checker's report
        _print_findings(exc.findings)
        if _has_budget_findings(exc.findings):
            fail(f"{data}: not rendered: the figures above do not add up; fix the data, or pass "
                 "--allow-inconsistent to render the computed figures anyway", exc.exit_code)
        if any(f.code.startswith(("schedule.", "rubric.")) for f in exc.findings):
            fail(f"{data}: ไม่ได้สร้างเอกสาร: กำหนดการหรือเกณฑ์ข้างต้นมีข้อผิดพลาด / not rendered: the schedule or "
                 "rubric has the faults above; fix the data, or pass --allow-inconsistent to render it as it is",
                 exc.exit_code)
        fail(f"{data}: ไม่ได้สร้างเอกสาร: ข้อความที่จะพิมพ์มีข้อผิดพลาดข้างต้น / not rendered: the printed text "
             "has the errors above; fix the data, or pass --allow-inconsistent to render it as written",
             exc.exit_code)
    if allow_inconsistent:  # overriding is allowed, silence is not: show what was overridden

        overridden = check_source(data)
        if any(f.severity.value == "error" for f in overridden):
            _print_findings(overridden)
            if _has_budget_findings(overridden):
                click.echo("thaidoc: rendered anyway (--allow-inconsistent); the form prints the computed "
                           "figures", err=True)
            else:
                click.echo("thaidoc: สร้างเอกสารแม้มีข้อผิดพลาด / rendered anyway (--allow-inconsistent); the "
                           "letter prints the text as written", err=True)
    return [(target if number == 0 else target.with_name(f"{target.stem}-enclosure-{number}.docx"), docx)
            for number, docx in parts]


def _to_pdfs(documents: list[bytes]) -> list[bytes]:
    """One document: LibreOffice started for it (as to_pdf); several: warm LibreOffice
    processes, one per core, the documents converted in parallel."""
    if len(documents) == 1:
        return [to_pdf(documents[0])]
    with PdfConverter(processes=min(len(documents), os.cpu_count() or 1, 2)) as converter:
        converter.warm_up(documents[0])
        with ThreadPoolExecutor(converter.processes) as pool:
            return list(pool.map(converter.convert, documents))


def _say_pdf_font(docx: bytes) -> str | None:
    """The note naming the font the PDF was drawn with when the document's font is not installed."""
    note = font_note(docx, fontconfig_file())
    return f"thaidoc: {note}" if note else None


def _has_budget_findings(findings: list[Any]) -> bool:
    return any(f.code.startswith("budget.") for f in findings)


def _print_findings(findings: list[Any]) -> None:
    from rich.console import Console

    print_report(findings, console=Console(stderr=True))


def _field_rows(model: type[BaseModel]) -> list[tuple[str, bool, str]]:
    rows = []
    for name, field in model.model_fields.items():
        if name == "kind":
            continue
        rows.append((name, field.is_required(), field.description or ""))
    return sorted(rows, key=lambda row: not row[1])  # required fields first, each group in model order


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@reports_errors
def templates(as_json: bool) -> None:
    """List the bundled templates and the fields each needs.

    Fields marked * are required; the rest are optional. `thaidoc new KIND` writes a starter.
    """
    kinds = sorted(KINDS.items())
    if as_json:
        listing = [{
            "kind": kind,
            "title": model.title,
            "template": model.template,
            "available": template_path(model.template).is_file(),
            "fields": [{"name": n, "required": r, "description": d} for n, r, d in _field_rows(model)],
        } for kind, model in kinds]
        click.echo(json.dumps(listing, ensure_ascii=False, indent=2))
        return
    for kind, model in kinds:
        missing = "" if template_path(model.template).is_file() else "  (template not built: make templates)"
        click.echo(f"{kind}  {model.title}  templates/{model.template}{missing}")
        rows = _field_rows(model)
        width = max(len(name) for name, _, _ in rows) + 2
        for name, required, description in rows:
            mark = "*" if required else " "
            click.echo(f"  {mark} {name:<{width}}{description}".rstrip())
        click.echo("")


def starter_text(kind: str) -> str:
    """A commented starter data file for ``kind`` (bundled, or built from the model's fields)."""
    if kind not in KINDS:
        raise DataError("unknown document kind", location="KIND",
                        expected="one of " + ", ".join(sorted(KINDS)), found=repr(kind))
    bundled = Path(__file__).resolve().parents[1] / "render" / "starters" / f"{kind}.yaml"
    if bundled.is_file():
        return bundled.read_text(encoding="utf-8")
    model = KINDS[kind]
    lines = [f"# {model.title or kind}: thaidoc render FILE.yaml -o FILE.docx", f"kind: {kind}"]
    for name, required, description in _field_rows(model):
        note = f"  # {'required' if required else 'optional'}{': ' + description if description else ''}"
        lines.append(f"{'' if required else '# '}{name}:{note}")
    return "\n".join(lines) + "\n"


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("kind")
@reports_errors
def new(kind: str) -> None:
    """Write a commented starter data file for KIND on stdout.

    \b
    Example:
      thaidoc new external-letter > letter.yaml
    """
    click.echo(starter_text(kind), nl=False)
