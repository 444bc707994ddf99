"""Budgets from .xlsx: columns found by header name; errors name sheet, row and column."""

from __future__ import annotations

from decimal import Decimal

import pytest
from openpyxl import Workbook

from thaidoc.api import check
from thaidoc.errors import DataError
from thaidoc.model.xlsx import read_budget_xlsx

HEADER = ["หมวด", "รายการ", "จำนวน", "หน่วย", "อัตรา", "เป็นเงิน"]


def workbook(path, rows, title="3.1.1 ประชุมเชิงปฏิบัติการ", header=HEADER):
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(["รายละเอียดค่าใช้จ่าย"])  # a title row above the header is skipped
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


SEED_311 = [
    ["ค่าใช้สอย", None, None, None, None, 13170000],
    [None, "ค่าผลิต/ถ่ายเอกสาร", 8780, "หมู่บ้าน", 1500, "13,170,000"],
    ["ค่าวัสดุ", None, None, None, None, 57948000],
    [None, "ค่าวัสดุสำนักงาน", 8780, "หมู่บ้าน", 1000, 8780000],
    [None, "ค่าวัสดุฝึกปฏิบัติ", "8,780", "หมู่บ้าน", 5600.0, 49168000],
    [None, "ค่าใช้จ่ายรวมทั้งสิ้น", None, None, None, 71118000],
]


def test_seed_activity_from_excel_checks_clean(tmp_path):
    path = workbook(tmp_path / "b.xlsx", SEED_311)
    budget = read_budget_xlsx(path)
    activity = budget.activities[0]
    assert (activity.code, activity.title) == ("3.1.1", "ประชุมเชิงปฏิบัติการ")
    assert [c.subtotal for c in activity.categories] == [13170000, 57948000]
    assert activity.total.amount == 71118000
    assert budget.computed_total == Decimal(71118000)
    assert check(path) == []


def test_excel_stated_figures_are_checked(tmp_path):
    rows = [list(r) for r in SEED_311]
    rows[1][5] = 13170001
    rows.insert(5, [None, "อาหาร", "30 x 2 x 3", "คน x มื้อ x วัน", 35, None])
    findings = check(workbook(tmp_path / "b.xlsx", rows))
    assert [(f.code, f.location) for f in findings] == [
        ("budget.line-product", "activities[0].categories[0].items[0].amount"),
        ("budget.subtotal", "activities[0].categories[1].subtotal"),
    ]  # the total row agrees with the subtotals as written: the subtotal finding explains it
    assert [f.extra["cell"] for f in findings] == ["sheet '3.1.1 ประชุมเชิงปฏิบัติการ', row 4, column F",
                                                   "sheet '3.1.1 ประชุมเชิงปฏิบัติการ', row 5, column F"]


def test_activity_column_and_english_headers(tmp_path):
    rows = [["2.4.1 สนับสนุน", "ค่าใช้จ่าย", "ค่าวัสดุ", 8780, "หมู่บ้าน", 18300, None],
            ["3.1.1", "ค่าวัสดุ", "ค่าวัสดุ", 10, "ชุด", 5, 50]]
    header = ["activity", "category", "description", "quantity", "unit", "rate", "amount"]
    budget = read_budget_xlsx(workbook(tmp_path / "b.xlsx", rows, title="Sheet", header=header))
    assert [(a.code, a.title, a.computed_total) for a in budget.activities] == [
        ("2.4.1", "สนับสนุน", 160674000), ("3.1.1", "3.1.1", 50)]


@pytest.mark.parametrize(("row", "where", "words"), [
    ([None, "x", "abc", "คน", 5, None], "row 3, column C (quantity)", "not a number"),
    ([None, "x", -3, "คน", 5, None], "row 3, column C (quantity)", "negative"),
    ([None, "x", 3, "หมุ่บ้าน", 5, None], "row 3, column D (unit)", "unknown unit"),
    ([None, "x", 3, "คน", None, None], "row 3, column E (rate)", "missing rate"),
    ([None, "x", None, None, None, "สามร้อย"], "row 3, column F (amount)", "not a number"),
    ([None, "x", None, None, None, None], "row 3", "no amount"),
])
def test_excel_errors_name_sheet_row_column(tmp_path, row, where, words):
    path = workbook(tmp_path / "bad.xlsx", [row], title="Sheet1")
    with pytest.raises(DataError) as info:
        read_budget_xlsx(path)
    assert info.value.location.startswith(f"sheet 'Sheet1', {where}")
    assert words in str(info.value)
    assert str(path) in str(info.value)


def test_not_a_workbook(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(DataError, match="not a readable .xlsx"):
        read_budget_xlsx(path)


# -- a form whose budget is a workbook: budget: budget.xlsx --------------------------------------


def form_with_workbook(folder, rows, kind="expense-sheet", extra=""):
    data = folder / "forms" / "sheet.yaml"
    (folder / "forms" / "tables").mkdir(parents=True)
    workbook(folder / "forms" / "tables" / "budget.xlsx", rows)
    data.write_text(f"kind: {kind}\nheading: ทดสอบ\nbudget: tables/budget.xlsx\n{extra}", encoding="utf-8")
    return data


def test_form_takes_its_budget_from_a_workbook_beside_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path / "..")  # the path is relative to the YAML, not the working directory
    data = form_with_workbook(tmp_path, SEED_311)
    from thaidoc.model import load_document

    sheet = load_document(data)
    assert sheet.computed_total == Decimal(71118000)
    assert [c.name for c in sheet.activities[0].categories] == ["ค่าใช้สอย", "ค่าวัสดุ"]
    assert check(data) == []


def test_form_from_a_workbook_renders_the_computed_figures(tmp_path):
    import io

    from docx import Document

    from thaidoc.render import render

    document = Document(io.BytesIO(render(form_with_workbook(tmp_path, SEED_311, kind="proposal"))))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "จำนวน ๗๑,๑๑๘,๐๐๐ บาท (เจ็ดสิบเอ็ดล้านหนึ่งแสนหนึ่งหมื่นแปดพันบาทถ้วน)" in text


def test_findings_in_a_form_workbook_name_the_file_and_cell(tmp_path):
    rows = [list(r) for r in SEED_311]
    rows[3][5] = 8780001
    findings = check(form_with_workbook(tmp_path, rows))
    assert [(f.code, f.location) for f in findings] == [
        ("budget.line-product", "activities[0].categories[1].items[0].amount")]
    assert findings[0].extra["cell"] == "budget.xlsx: sheet '3.1.1 ประชุมเชิงปฏิบัติการ', row 6, column F"


def test_bad_rows_in_a_form_workbook_are_errors_naming_sheet_row_column(tmp_path):
    rows = [[None, "x", 3, "หมุ่บ้าน", 5, None]]
    with pytest.raises(DataError) as info:
        check(form_with_workbook(tmp_path, rows))
    assert info.value.source == str((tmp_path / "forms" / "tables" / "budget.xlsx").resolve())
    assert info.value.location == "sheet '3.1.1 ประชุมเชิงปฏิบัติการ', row 3, column D (unit)"
    assert "did you mean หมู่บ้าน" in info.value.message


def test_units_declared_by_the_form_apply_to_its_workbook(tmp_path):
    rows = [[None, "x", 3, "กระถาง", 5, 15]]
    assert check(form_with_workbook(tmp_path, rows, extra="units: [กระถาง]\n")) == []


@pytest.mark.parametrize(("text", "words"), [
    ("budget: missing.xlsx\n", "cannot read the file"),
    ("budget: budget.csv\n", "must be an .xlsx file"),
    ("budget: budget.xlsx\nactivities: [{code: '1', title: t, categories: []}]\n", "not both"),
])
def test_form_workbook_reference_errors(tmp_path, text, words):
    workbook(tmp_path / "budget.xlsx", SEED_311)
    data = tmp_path / "sheet.yaml"
    data.write_text(f"kind: expense-sheet\nheading: x\n{text}", encoding="utf-8")
    with pytest.raises(DataError, match=words):
        check(data)


def test_data_without_a_folder_may_not_name_a_workbook(tmp_path):
    """A portal passes mappings its users wrote: they must not make the server print a file."""
    from thaidoc.model import load_document

    workbook(tmp_path / "budget.xlsx", SEED_311)
    data = {"kind": "expense-sheet", "heading": "x", "budget": str(tmp_path / "budget.xlsx")}
    with pytest.raises(DataError, match="may not name files") as info:
        check(data)
    assert info.value.location == "budget"
    # the caller that knows the folder says so explicitly
    sheet = load_document({**data, "budget": "budget.xlsx"}, base_dir=tmp_path)
    assert sheet.computed_total == 71118000


def with_cached_value(path, cell, value):
    """Give a formula cell the value Excel would have stored when saving (openpyxl stores none)."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    xml = parts[sheet].decode()
    xml, count = re.subn(rf'(<c r="{cell}"[^>]*>)<f>([^<]*)</f><v\s*/?>(</v>)?', rf"\1<f>\2</f><v>{value}</v>", xml)
    assert count == 1, xml
    parts[sheet] = xml.encode()
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


def test_formulas_are_read_as_their_calculated_values(tmp_path):
    rows = [list(r) for r in SEED_311]
    rows[1][5] = "=C4*E4"  # row 4 of the sheet: title row, header, then the rows
    path = with_cached_value(workbook(tmp_path / "b.xlsx", rows), "F4", 13170000)
    assert read_budget_xlsx(path).activities[0].categories[0].items[0].amount == 13170000
    assert check(path) == []


def test_a_formula_never_calculated_is_an_error_not_an_empty_cell(tmp_path):
    """A workbook written by a script keeps formulas without values: reading them as empty
    would silently drop the figure the sheet states."""
    rows = [list(r) for r in SEED_311]
    rows[1][5] = "=C4*E4"
    with pytest.raises(DataError) as info:
        read_budget_xlsx(workbook(tmp_path / "b.xlsx", rows))
    assert info.value.location == "sheet '3.1.1 ประชุมเชิงปฏิบัติการ', row 4, column F (amount)"
    assert "no calculated value" in info.value.message and info.value.found == "=C4*E4"
