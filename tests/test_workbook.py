"""One document filled in Excel: `thaidoc new KIND --xlsx` → fill with openpyxl → `thaidoc render`."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx
import openpyxl
import pytest
import yaml
from click.testing import CliRunner

import thaidoc
from thaidoc.cli import main
from thaidoc.model import KINDS, load_document
from thaidoc.model.workbook import BODY_SHEET, ENCLOSURES_SHEET, FIELDS_SHEET
from thaidoc.render import prepare_context
from thaidoc.render.variables import starter_text


def _text(path: Path) -> str:
    document = docx.Document(io.BytesIO(path.read_bytes()))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _row(sheet, field: str) -> int:
    for number, (name,) in enumerate(sheet.iter_rows(min_row=1, max_col=1, values_only=True), start=1):
        if name == field:
            return number
    raise AssertionError(f"no row for {field}")


def _new(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"{kind}.xlsx"
    result = CliRunner().invoke(main, ["new", kind, "--xlsx", str(path)])
    assert result.exit_code == 0, result.output
    return path


# the field each kind's workbook changes, and the printed text it must then show
CHANGES = {
    "external-letter": ("subject", "การประชุมคณะทำงานจากตาราง"),
    "memo": ("subject", "การประชุมคณะทำงานจากตาราง"),
    "stamped-letter": ("to", "สำนักงานพัฒนาชุมชนอำเภอจากตาราง"),
    "order": ("subject", "แต่งตั้งคณะทำงานจากตาราง"),
    "announcement": ("subject", "รับสมัครจากตาราง"),
    "proposal": ("name", "โครงการจากตาราง"),
    "expense-sheet": ("activities[0].title", "ประชุมจากตาราง"),
    "budget-summary": ("activities[0].title", "ประชุมจากตาราง"),
    "schedule": ("heading[1]", "สำนักงานจากตาราง"),
    "rubric": ("tasks[0].name", "ภารกิจจากตาราง"),
}


def test_every_kind_has_a_change():
    missing = set(KINDS) - set(CHANGES)
    assert not missing, f"add a workbook round trip for {missing}"


@pytest.mark.parametrize("kind", sorted(CHANGES))
def test_workbook_round_trip(tmp_path, kind):
    path = _new(tmp_path, kind)
    book = openpyxl.load_workbook(path)
    sheet = book[FIELDS_SHEET]
    assert [c.value for c in sheet[1]][:3] == ["ช่องข้อมูล / field", "หัวข้อ", "ข้อมูล (กรอกช่องนี้) / value"]
    # as staff would: unchanged, the workbook gives the starter's printed text
    starter = prepare_context(load_document(yaml.safe_load(starter_text(kind)), text_templates=True))
    from_sheet = prepare_context(load_document(path))
    for key in ("signer_lines", "enclosure_rows", "subject_text", "date_text", "number_text", "activities",
                "heading", "tasks", "rows"):
        assert from_sheet.get(key) == starter.get(key), key
    printed = [(row["text"], row["level"]) for row in from_sheet.get("body_lines", [])]
    assert printed == [(row["text"], row["level"]) for row in starter.get("body_lines", [])]
    field, value = CHANGES[kind]
    sheet.cell(row=_row(sheet, field), column=3, value=value)
    if BODY_SHEET in book.sheetnames:
        body = book[BODY_SHEET]
        body.append((0, "ย่อหน้าที่เพิ่มในตาราง จำนวน 12 คน"))
        body.append((1, "ข้อที่เพิ่มในตาราง"))
        body.append((2, "ข้อย่อยที่เพิ่มในตาราง"))
    if "date" in KINDS[kind].model_fields:
        sheet.cell(row=_row(sheet, "date"), column=3, value=dt.datetime(2024, 4, 3))  # Excel's own date
    book.save(path)
    out = tmp_path / f"{kind}.docx"
    result = CliRunner().invoke(main, ["render", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = _text(out)
    assert value in text
    if BODY_SHEET in book.sheetnames:
        lines = [row["text"] for row in prepare_context(load_document(path))["body_lines"]]
        assert lines[-3:] == ["ย่อหน้าที่เพิ่มในตาราง จำนวน ๑๒ คน", lines[-2], lines[-1]]
        assert lines[-2].endswith(". ข้อที่เพิ่มในตาราง") and lines[-1].endswith(".๑ ข้อย่อยที่เพิ่มในตาราง")
        assert "ย่อหน้าที่เพิ่มในตาราง จำนวน ๑๒ คน" in text
    if "date" in KINDS[kind].model_fields:
        assert "๓ เมษายน" in text and "๒๕๖๗" in text


def test_workbook_has_drop_downs_and_a_sheet_for_enclosures(tmp_path):
    book = openpyxl.load_workbook(_new(tmp_path, "external-letter"))
    sheet = book[FIELDS_SHEET]
    validated = {str(cell) for dv in sheet.data_validations.dataValidation for cell in dv.sqref.ranges}
    for field in ("urgency", "secrecy", "recipient.rank", "digits"):
        assert f"C{_row(sheet, field)}" in validated, field
    assert book[ENCLOSURES_SHEET].cell(row=2, column=1).value
    labels = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, max_col=2, values_only=True)}
    assert labels["subject"] == "เรื่อง" and labels["urgency"] == "ชั้นความเร็ว"


def test_a_blank_required_cell_is_the_same_error_as_in_yaml(tmp_path):
    path = _new(tmp_path, "memo")
    book = openpyxl.load_workbook(path)
    sheet = book[FIELDS_SHEET]
    sheet.cell(row=_row(sheet, "signer.position"), column=3).value = None  # cell(value=None) sets nothing
    sheet.cell(row=_row(sheet, "urgency"), column=3, value="ด่วนๆ")
    book.save(path)
    result = CliRunner().invoke(main, ["render", str(path), "-o", str(tmp_path / "memo.docx")])
    assert result.exit_code == 2
    assert "signer.position" in result.output and "ไม่ได้ระบุข้อมูลที่ต้องมี" in result.output
    assert "urgency" in result.output
    assert not (tmp_path / "memo.docx").exists()


def test_a_workbook_that_is_not_one_is_refused_in_thai(tmp_path):
    path = tmp_path / "letter.xlsx"
    path.write_bytes(b"not a workbook")
    result = CliRunner().invoke(main, ["render", str(path)])
    assert result.exit_code == 2 and "อ่านไฟล์ไม่ได้" in result.output, result.output


def test_new_xlsx_needs_an_xlsx_name(tmp_path):
    result = CliRunner().invoke(main, ["new", "memo", "--xlsx", str(tmp_path / "memo.xls")])
    assert result.exit_code == 2 and "ไฟล์ต้องเป็น .xlsx" in result.output


def test_an_error_names_the_sheet_and_row_to_correct(tmp_path):
    """Staff edit the workbook, not field paths: each problem says which row to go to; a row of
    a list left empty shifts the numbers after it, and then no row is named rather than a
    wrong one."""
    path = _new(tmp_path, "external-letter")
    book = openpyxl.load_workbook(path)
    sheet = book[FIELDS_SHEET]
    position, date = _row(sheet, "signer.position"), _row(sheet, "date")
    sheet.cell(row=position, column=3).value = None
    sheet.cell(row=date, column=3, value="2024-02-30")
    book.save(path)
    with pytest.raises(thaidoc.DataError) as caught:
        load_document(path)
    locations = {p.location for p in caught.value.problems}
    assert locations == {f"signer.position (sheet '{FIELDS_SHEET}', row {position})",
                         f"date (sheet '{FIELDS_SHEET}', row {date})"}
    result = CliRunner().invoke(main, ["render", str(path), "-o", str(tmp_path / "out.docx")])
    assert result.exit_code == 2 and f"row {position})" in result.output

    # references[0] left empty, references[1] filled: what was [1] is read as [0]
    path = _new(tmp_path, "external-letter")
    book = openpyxl.load_workbook(path)
    sheet = book[FIELDS_SHEET]
    for field in ("references[0].text", "references[0].number", "references[0].date"):
        row = _row(sheet, field)
        sheet.cell(row=row, column=1, value=field.replace("[0]", "[1]"))
    last = sheet.max_row + 1
    sheet.cell(row=last, column=1, value="references[0].text")
    sheet.cell(row=_row(sheet, "references[1].date"), column=3, value="not a date")
    book.save(path)
    with pytest.raises(thaidoc.DataError) as caught:
        load_document(path)
    assert [p.location for p in caught.value.problems] == ["references[0].date"]
