"""``thaidoc render``, ``thaidoc templates`` and ``thaidoc new``: letters and forms from data."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click
import yaml

from thaidoc.api import check as check_source
from thaidoc.checks.report import print_report
from thaidoc.cli.common import EXIT_BAD_INPUT, EXIT_PROBLEM, binary_stream, fail, read_input, reads_as_text, reports_errors
from thaidoc.errors import InconsistentDocumentError
from thaidoc.files import write_atomic
from thaidoc.data import parse_data_text
from thaidoc.model import KINDS, load_document
from thaidoc.model.common import Document
from thaidoc.model.workbook import workbook_for
from thaidoc.render import render as render_document
from thaidoc.render import prepared_template, render_parts, template_path
from thaidoc.render.converter import PdfConverter
from thaidoc.render.filters import FILTERS
from thaidoc.render.fonts import font_note
from thaidoc.render.pdf import fontconfig_file, to_pdf
from thaidoc.render.variables import check_template, field_rows, starter_text, template_variables


__all__ = ["render", "templates", "new", "schema", "starter_text"]

@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("data", nargs=-1, required=True, type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              help="Where to write the .docx (default: DATA with .docx; only with one DATA file); - writes it "
                   "to stdout.")
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
@click.option("--encoding", default="utf-8", show_default=True,
              help="Encoding of YAML/JSON DATA files or of stdin (cp874 for a file saved by Thai Windows).")
@reports_errors
def render(data: tuple[Path, ...], output: Path | None, pdf: bool, template: Path | None, emblem: Path | None,
           font: str | None, allow_inconsistent: bool, separate: bool, encoding: str = "utf-8") -> None:
    """Render letters or forms from DATA files (YAML, JSON, .xlsx; - for stdin) to .docx (and PDF).

    DATA holds the letter's parts (ที่ number, วันที่ date, เรื่อง subject, เรียน recipient,
    อ้างถึง references, สิ่งที่ส่งมาด้วย enclosures, body, signer); `thaidoc new KIND` writes
    one to start from, `thaidoc new KIND --xlsx` an Excel workbook to fill.

    \b
    Examples:
      thaidoc render samples/letters/circular-chiang-rai-2562.yaml -o circular.docx --pdf
      thaidoc render letter.yaml --emblem garuda.png --font "TH Sarabun New"
      thaidoc render samples/letters/*.yaml --pdf
      thaidoc render - -o - < letter.yaml > letter.docx

    Nothing is written when the data is wrong: the error names the file, the field path and
    what was expected, and the exit code is 2. With several DATA files, each .docx goes beside
    its data file, every file is rendered (and converted) before any is written, and the PDFs
    are made by warm LibreOffice processes, one per core.
    """
    if output is not None and len(data) > 1:
        fail("-o names the .docx of one data file; with several, each is written beside its data file",
             EXIT_BAD_INPUT, thai="-o ใช้กับไฟล์ข้อมูลไฟล์เดียว")
    to_stdout = str(output) == "-" or (output is None and len(data) == 1 and str(data[0]) == "-")
    if to_stdout and binary_stream("stdout").isatty():
        fail("a .docx is not written to a terminal: give -o FILE.docx, or redirect stdout", EXIT_BAD_INPUT,
             thai="ไม่เขียนไฟล์ .docx ออกหน้าจอ ให้ระบุ -o ชื่อไฟล์.docx")
    if to_stdout and pdf:
        fail("--pdf writes the PDF beside the .docx: give -o FILE.docx", EXIT_BAD_INPUT,
             thai="--pdf ต้องมีชื่อไฟล์ .docx (-o)")
    per_file = [_render_one(path, None if to_stdout else output, template=template, emblem=emblem, font=font,
                            allow_inconsistent=allow_inconsistent, separate=separate, encoding=encoding)
                for path in data]
    outputs = [document for documents in per_file for document in documents]
    if to_stdout:
        if len(outputs) > 1:
            fail("--separate writes several files: give -o FILE.docx", EXIT_BAD_INPUT,
                 thai="--separate เขียนหลายไฟล์ ให้ระบุ -o ชื่อไฟล์.docx")
        binary_stream("stdout").write(outputs[0][1])
        return
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
                allow_inconsistent: bool, separate: bool, encoding: str) -> list[tuple[Path, bytes]]:
    """The documents one data file gives (the letter, and its enclosures with ``separate``),
    each with the path it is written to (``-`` for stdin: written to stdout)."""
    target = output or (Path("-") if str(data) == "-" else data.with_suffix(".docx"))
    if str(target) != "-" and target.suffix.lower() != ".docx":
        fail(f"the output must be a .docx file, not {target.name}", EXIT_BAD_INPUT,
             thai="ไฟล์ผลลัพธ์ต้องเป็น .docx")
    source = _data_source(data, encoding)
    emblem = _emblem_for(source, template, emblem)
    try:
        if separate:
            parts = render_parts(source, template=template, emblem=emblem, font=font,
                                 allow_inconsistent=allow_inconsistent)
        else:
            parts = [(0, render_document(source, template=template, emblem=emblem, font=font,
                                         allow_inconsistent=allow_inconsistent))]
    except InconsistentDocumentError as exc:
        # a problem found in the input (exit 1), shown once as the checker's report
        _print_findings(exc.findings)
        if _has_budget_findings(exc.findings):
            fail("not rendered: the figures above do not add up; fix the data, or pass "
                 "--allow-inconsistent to render the computed figures anyway", exc.exit_code,
                 thai="ไม่สร้างเอกสาร เพราะตัวเลขข้างต้นไม่สอดคล้องกัน แก้ข้อมูล หรือใช้ --allow-inconsistent",
                 where=str(data))
        if any(f.code.startswith(("schedule.", "rubric.")) for f in exc.findings):
            fail(f"{data}: ไม่ได้สร้างเอกสาร: กำหนดการหรือเกณฑ์ข้างต้นมีข้อผิดพลาด / not rendered: the schedule or "
                 "rubric has the faults above; fix the data, or pass --allow-inconsistent to render it as it is",
                 exc.exit_code)
        fail(f"{data}: ไม่ได้สร้างเอกสาร: ข้อความที่จะพิมพ์มีข้อผิดพลาดข้างต้น / not rendered: the printed text "
             "has the errors above; fix the data, or pass --allow-inconsistent to render it as written",
             exc.exit_code)
    if allow_inconsistent:  # overriding is allowed, silence is not: show what was overridden

        overridden = check_source(source)
        if any(f.severity.value == "error" for f in overridden):
            _print_findings(overridden)
            if _has_budget_findings(overridden):
                click.echo("thaidoc: สร้างเอกสารแม้ตัวเลขไม่สอดคล้อง (--allow-inconsistent) โดยพิมพ์ตัวเลขที่คำนวณได้ / "
                           "rendered anyway (--allow-inconsistent); the form prints the computed figures", err=True)
            else:
                click.echo("thaidoc: สร้างเอกสารแม้มีข้อผิดพลาด / rendered anyway (--allow-inconsistent); the "
                           "letter prints the text as written", err=True)
    return [(target if number == 0 else target.with_name(f"{target.stem}-enclosure-{number}.docx"), docx)
            for number, docx in parts]


def _to_pdfs(documents: list[bytes]) -> list[bytes]:
    """One document: LibreOffice started for it (as to_pdf); several: warm LibreOffice
    processes, one per core, converting in parallel (letters of one kind laid out together,
    as the batch's are: PdfConverter.convert_many)."""
    if len(documents) == 1:
        return [to_pdf(documents[0])]
    with PdfConverter(processes=min(len(documents), os.cpu_count() or 1, 2)) as converter:
        converter.warm_up(documents[0])
        return converter.convert_many(documents)


def _say_pdf_font(docx: bytes) -> str | None:
    """The note naming the font the PDF was drawn with when the document's font is not installed."""
    note = font_note(docx, fontconfig_file())
    return f"thaidoc: {note}" if note else None


def _data_source(data: Path, encoding: str) -> Path | Document:
    """DATA as the library takes it: the path, or (stdin, another encoding) the document read
    here, with paths in it relative to the data file's folder (stdin: the working directory)."""
    name = str(data)
    if not reads_as_text(name, encoding):
        return data
    display = "<stdin>" if name == "-" else name
    text = read_input(name, encoding).decode("utf-8-sig")
    suffix = ".json" if data.suffix.lower() == ".json" else ".yaml"
    mapping = parse_data_text(text, source=display, suffix=suffix)
    # the user's own file (or stdin): its {{ }} are expanded and it names files beside it, as a
    # data file given by path does
    return load_document(mapping, source=display, base_dir=Path.cwd() if name == "-" else data.parent,
                         text_templates=True)


def _emblem_for(source: Path | Document, template: Path | None, emblem: Path | None) -> Path | None:
    """--emblem, unless the template has no place for the ครุฑ (the forms): then it is ignored
    with a note, as the data's emblem: and $THAIDOC_EMBLEM are, rather than refused."""
    if emblem is None:
        return None
    model = source if isinstance(source, Document) else None
    if template is None:
        if model is None:
            model = load_document(source)
        template = template_path(type(model).template)
    if prepared_template(template).has_emblem:
        return emblem
    click.echo(f"thaidoc: แม่แบบ {template.name} ไม่มีตำแหน่งตราครุฑ จึงไม่ใช้ --emblem / the template "
               f"{template.name} has no place for the ครุฑ: --emblem is ignored", err=True)
    return None


def _has_budget_findings(findings: list[Any]) -> bool:
    return any(f.code.startswith("budget.") for f in findings)


def _print_findings(findings: list[Any]) -> None:
    from rich.console import Console

    print_report(findings, console=Console(stderr=True))


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("kind", required=False)
@click.option("--variables", is_flag=True,
              help="List every variable a .docx template of KIND can print (ที่, วันที่, เรื่อง …), its type and "
                   "an example, and the Thai filters.")
@click.option("--check", "check_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Check your own .docx template: list the variables and filters it uses that --kind does not "
                   "have, with did-you-mean; exit 1 if any.")
@click.option("--kind", "kind_option", help="The kind of document the --check template is for.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@reports_errors
def templates(kind: str | None, variables: bool, check_path: Path | None, kind_option: str | None,
              as_json: bool) -> None:
    """List the templates and their fields, or what a template can print (--variables, --check).

    Fields marked * are required; the rest are optional. `thaidoc new KIND` writes a starter.

    \b
    Examples:
      thaidoc templates                          every kind and its data fields
      thaidoc templates external-letter --variables
      thaidoc templates --check my-letterhead.docx --kind external-letter
    """
    kind = kind or kind_option
    if check_path is not None:
        _check_template(check_path, kind, as_json)
        return
    if variables:
        if kind is None:
            fail("--variables needs a KIND, e.g. thaidoc templates external-letter --variables",
                 thai="ระบุชนิดเอกสาร (KIND) ด้วย")
        _print_variables(kind, as_json)
        return
    kinds = sorted(KINDS.items()) if kind is None else [(kind, _model(kind))]
    if as_json:
        listing = [{
            "kind": name,
            "title": model.title,
            "template": model.template,
            "available": template_path(model.template).is_file(),
            "fields": [{"name": n, "required": r, "description": d} for n, r, d in field_rows(model)],
        } for name, model in kinds]
        click.echo(json.dumps(listing, ensure_ascii=False, indent=2))
        return
    for name, model in kinds:
        missing = "" if template_path(model.template).is_file() else "  (template not built: make templates)"
        click.echo(f"{name}  {model.title}  templates/{model.template}{missing}")
        rows = field_rows(model)
        width = max(len(field) for field, _, _ in rows) + 2
        for field, required, description in rows:
            mark = "*" if required else " "
            click.echo(f"  {mark} {field:<{width}}{description}".rstrip())
        click.echo("")


def _model(kind: str) -> type[Document]:
    starter_text(kind)  # an unknown kind: the error with did-you-mean
    return KINDS[kind]


def _print_variables(kind: str, as_json: bool) -> None:
    found = template_variables(kind)
    if as_json:
        click.echo(json.dumps({"kind": kind, "variables": [asdict(v) for v in found],
                               "filters": sorted(FILTERS)}, ensure_ascii=False, indent=2))
        return
    click.echo(f"{kind}: ตัวแปรที่ใช้ในแม่แบบ .docx ได้ / variables a .docx template can print "
               "({{ name }}; the example is the starter's, `thaidoc new " + kind + "`)")
    width = min(max(len(v.name) for v in found), 22) + 2
    for variable in found:
        click.echo(f"  {variable.name:<{width}}{variable.type}")
        if variable.example:
            click.echo(f"  {'':<{width}}  e.g. {variable.example}")
    click.echo("\nตัวกรองภาษาไทย / Thai filters ({{ value | filter }}):")
    for line in FILTER_HELP:
        click.echo(f"  {line}")


#: One line per Thai filter, for ``thaidoc templates KIND --variables``.
FILTER_HELP = (
    "baht            {{ amounts.total | baht }}              ๑๖๐,๖๗๔,๔๐๐",
    "bahttext        {{ amounts.total | bahttext }}          หนึ่งร้อยหกสิบล้าน…บาทถ้วน",
    "number          {{ 8780 | number }}                     ๘,๗๘๐",
    "thai_date       {{ date | thai_date('weekday') }}       วันพุธที่ ๑๗ เมษายน ๒๕๖๗ (full, weekday, short, table, formal)",
    "fiscal_year     {{ date | fiscal_year }}                ๒๕๖๗",
    "fiscal_quarter  {{ date | fiscal_quarter }}             ๓",
    "buddhist_year   {{ date | buddhist_year }}              ๒๕๖๗",
    "digits          {{ 'ฉช 0019' | digits }}                ฉช ๐๐๑๙ (digits('arabic') for 0-9)",
)


def _check_template(path: Path, kind: str | None, as_json: bool) -> None:
    if kind is None:
        fail("--check needs --kind KIND (the kind of document the template is for)",
             thai="ระบุชนิดเอกสารด้วย --kind")
    unknown = check_template(path, kind)
    if as_json:
        click.echo(json.dumps({"template": str(path), "kind": kind,
                               "problems": [u.problem().to_dict() for u in unknown]}, ensure_ascii=False, indent=2))
    elif not unknown:
        click.echo(f"✓ {path}: ทุกตัวแปรมีในเอกสารชนิด {kind} / every variable is one {kind} has")
    else:
        for name in unknown:
            click.echo(f"{path}: {name.problem()}")
        click.echo(f"พบ {len(unknown)} ชื่อที่ไม่รู้จัก / {len(unknown)} unknown name(s); "
                   f"`thaidoc templates {kind} --variables` lists what {kind} has")
    if unknown:
        sys.exit(EXIT_PROBLEM)


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("kind")
@reports_errors
def schema(kind: str) -> None:
    """Print the JSON Schema of KIND's data (for a portal's forms or to validate JSON).

    \b
    Example:
      thaidoc schema external-letter > external-letter.schema.json
    """
    click.echo(json.dumps(_model(kind).model_json_schema(), ensure_ascii=False, indent=2))


@click.command(context_settings={"help_option_names": ["-h", "--help"]},
               epilog="\b\nKinds (ชนิดเอกสาร):\n" + "\n".join(f"  {name:<16}{model.title}"
                                                        for name, model in sorted(KINDS.items())))
@click.argument("kind")
@click.option("--xlsx", "xlsx_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write an Excel workbook to fill instead (Thai labels, one field per row, drop-down lists, "
                   "a sheet for the body and one for สิ่งที่ส่งมาด้วย); `thaidoc render FILE.xlsx` renders it.")
@reports_errors
def new(kind: str, xlsx_path: Path | None) -> None:
    """Write a starter data file for KIND on stdout, or an Excel workbook to fill (--xlsx).

    \b
    Examples:
      thaidoc new external-letter > letter.yaml
      thaidoc new external-letter --xlsx letter.xlsx    then: thaidoc render letter.xlsx
    """
    text = starter_text(kind)
    if xlsx_path is None:
        click.echo(text, nl=False)
        return
    if xlsx_path.suffix.lower() != ".xlsx":
        fail(f"the workbook must be an .xlsx file, not {xlsx_path.name}", thai="ไฟล์ต้องเป็น .xlsx")
    write_atomic(xlsx_path, workbook_for(yaml.safe_load(text)))
    click.echo(f"wrote {xlsx_path}")
