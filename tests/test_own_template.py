"""A staff member's own Word template, written the way a docxtpl user writes one.

The template is made here with python-docx as an agency would make its letterhead in Word: a
table with ที่ at the left, the ครุฑ in the middle and the office at the right, then plain
placeholders ({{ number }}, {{ date }}, {{ recipient }}, {{ body }}, {{ signer }}) and a
Thai one ({{ วันที่ }}). What it prints must be the letter's text, never Python's.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner
from docx.shared import Cm

import thaidoc
from thaidoc.cli import main
from thaidoc.model import KINDS
from thaidoc.render import prepare_context
from thaidoc.render.variables import check_template, template_variables

REPO = Path(__file__).resolve().parents[1]
LETTER = REPO / "src/thaidoc/render/starters/external-letter.yaml"


def _emblem(tmp_path: Path) -> Path:
    garuda = Path(__file__).resolve().parents[2] / "shared" / "assets" / "garuda.png"
    if garuda.is_file():
        return garuda
    placeholder = tmp_path / "emblem.png"  # the bundled template's neutral placeholder
    placeholder.write_bytes(zipfile.ZipFile(REPO / "templates/letters/external.docx").read("word/media/emblem.png"))
    return placeholder


def agency_template(tmp_path: Path, *, extra: list[str] = ()) -> Path:  # type: ignore[assignment]
    document = docx.Document()
    head = document.add_table(rows=1, cols=3)
    head.cell(0, 0).text = "ที่ {{ number }}"
    head.cell(0, 1).paragraphs[0].add_run().add_picture(str(_emblem(tmp_path)), height=Cm(3))
    head.cell(0, 2).text = "{{ sender }}"
    document.add_paragraph("{{ date }}")
    document.add_paragraph("เรื่อง  {{ subject }}")
    document.add_paragraph("เรียน  {{ recipient }}")
    document.add_paragraph("อ้างถึง  {{ references }}")
    document.add_paragraph("{{ body }}")
    document.add_paragraph("{{ closing }}")
    document.add_paragraph("{{ signer }}")
    document.add_paragraph("ลงวันที่ {{ วันที่ }} เรื่อง {{ เรื่อง }} วันที่แบบเต็ม {{ date | thai_date('weekday') }}")
    document.add_paragraph("ผู้ลงนาม {{ signer.name }} รหัส {{ number.office }}")
    split = document.add_paragraph()  # Word splits what it autocorrects or spell-checks into runs
    for piece in ("เลขที่ {{ ", "num", "ber }}", " ลงวันที่ {{ da", "te }}"):
        split.add_run(piece).bold = piece == "num"
    for line in extra:
        document.add_paragraph(line)
    path = tmp_path / "agency.docx"
    document.save(path)
    return path


def _paragraphs(data: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return cells + [p.text for p in document.paragraphs]


def test_plain_placeholders_print_the_letters_text(tmp_path):
    letter = yaml.safe_load(LETTER.read_text(encoding="utf-8"))
    out = thaidoc.render(letter, template=agency_template(tmp_path))
    texts = _paragraphs(out)
    everything = "\n".join(texts)
    context = prepare_context(thaidoc.load_document(letter))  # data text expanded
    assert "ที่ " + context["number_text"] in texts  # ชร ๐๐๑๙.๑/ว ๔๗
    assert context["number_text"] == "ชร ๐๐๑๙.๑/ว ๔๗"
    assert texts[2] == "ศาลากลางจังหวัดเชียงราย\nถนนแม่ฟ้าหลวง ชร ๕๗๑๐๐"
    assert "๑๗ เมษายน ๒๕๖๗" in texts
    assert "เรียน  นายอำเภอ ทุกอำเภอ" in texts
    assert "อ้างถึง  หนังสือจังหวัดเชียงราย ที่ ชร ๐๐๑๙.๑/ว ๒๙๘๗ ลงวันที่ ๓๑ มกราคม ๒๕๖๗" in texts
    # each body line is a paragraph of its own, numbered items as the bundled template numbers them
    body = [row["text"] for row in context["body_lines"]]
    assert len(body) >= 3
    start = texts.index(body[0])
    assert texts[start:start + len(body)] == body
    assert texts[start + len(body)] == "ขอแสดงความนับถือ"
    assert texts[start + len(body) + 1] == "\n".join(context["signer_lines"]) != ""
    assert "ลงวันที่ ๑๗ เมษายน ๒๕๖๗ เรื่อง การรายงานผลการดำเนินงาน วันที่แบบเต็ม วันพุธที่ ๑๗ เมษายน ๒๕๖๗" in texts
    assert "ผู้ลงนาม นายภาสกร บุญญลักษม์ รหัส ชร 0019.1" in texts
    assert "เลขที่ ชร ๐๐๑๙.๑/ว ๔๗ ลงวันที่ ๑๗ เมษายน ๒๕๖๗" in texts
    for python_text in ("office=", "number=", "Paragraph(", "text=", "2024-04-17", "[", "datetime", "Signer("):
        assert python_text not in everything, python_text
    # the ครุฑ picture the agency placed is kept
    assert any(name.startswith("word/media/") for name in zipfile.ZipFile(io.BytesIO(out)).namelist())


def test_the_cli_renders_with_the_agency_template(tmp_path):
    template = agency_template(tmp_path)
    result = CliRunner().invoke(main, ["render", str(LETTER), "--template", str(template),
                                       "-o", str(tmp_path / "out.docx")])
    assert result.exit_code == 0, result.output
    assert "ที่ ชร ๐๐๑๙.๑/ว ๔๗" in _paragraphs((tmp_path / "out.docx").read_bytes())


def test_variables_list_the_plain_names_with_examples():
    variables = {v.name: v for v in template_variables("external-letter")}
    for name in ("number", "date", "recipient", "body", "signer", "subject", "number_text", "body_lines",
                 "ที่", "วันที่", "เรื่อง", "เรียน"):
        assert name in variables, name
    assert variables["date"].example == "๑๗ เมษายน ๒๕๖๗" and variables["date"].type.startswith("date")
    assert variables["number"].example == "ชร ๐๐๑๙.๑/ว ๔๗"
    assert variables["วันที่"].alias_of == "date"
    result = CliRunner().invoke(main, ["templates", "memo", "--variables"])
    assert result.exit_code == 0, result.output
    assert "ตัวแปร" in result.output and "bahttext" in result.output and "department" in result.output
    listed = json.loads(CliRunner().invoke(main, ["templates", "order", "--variables", "--json"]).output)
    assert any(v["name"] == "number" and v["example"] == "๑๒๓/๒๕๖๗" for v in listed["variables"])


def test_every_kind_lists_variables_that_render():
    for kind in KINDS:
        assert template_variables(kind), kind


def test_check_finds_misspelt_variables_and_filters_with_did_you_mean(tmp_path):
    template = agency_template(tmp_path, extra=["{{ subjet }}", "{{ amounts.allocation | bahtext }}",
                                                "{% for line in body_lines %}{{ line.text }}{% endfor %}"])
    unknown = {(u.what, u.name): u.suggestions for u in check_template(template, "external-letter")}
    assert set(unknown) == {("variable", "subjet"), ("filter", "bahtext")}
    assert unknown["variable", "subjet"][0] == "subject" and unknown["filter", "bahtext"][0] == "bahttext"
    result = CliRunner().invoke(main, ["templates", "--check", str(template), "--kind", "external-letter"])
    assert result.exit_code == 1
    assert "subjet" in result.output and "หรือหมายถึง subject" in result.output
    assert "did you mean bahttext" in result.output and "ไม่รู้จักตัวกรอง" in result.output


def test_check_passes_a_good_template_and_a_bundled_one(tmp_path):
    good = CliRunner().invoke(main, ["templates", "--check", str(agency_template(tmp_path)), "--kind",
                                     "external-letter"])
    assert good.exit_code == 0, good.output
    assert "✓" in good.output
    for kind, model in KINDS.items():
        assert check_template(REPO / "templates" / model.template, kind) == [], kind


def test_check_for_another_kind_names_what_that_kind_lacks(tmp_path):
    # a memo has no sender or references: an external letter's template does not fit it
    unknown = {u.name for u in check_template(agency_template(tmp_path), "memo")}
    assert {"sender", "references"} <= unknown


@pytest.mark.parametrize("args", [["templates", "--check", "x.docx"], ["templates", "--variables"]])
def test_incomplete_template_commands_say_what_is_missing_in_thai(args):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "ระบุชนิดเอกสาร" in result.output


def test_schema_prints_the_json_schema_of_a_kind():
    result = CliRunner().invoke(main, ["schema", "external-letter"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert "subject" in schema["properties"] and "subject" in schema["required"]
    wrong = CliRunner().invoke(main, ["schema", "externl-letter"])
    assert wrong.exit_code == 2 and "external-letter" in wrong.output and "ไม่รู้จักชนิดเอกสาร" in wrong.output
