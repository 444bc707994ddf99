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
