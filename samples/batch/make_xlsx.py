"""Write districts.xlsx from districts.csv (run from anywhere: python samples/batch/make_xlsx.py).

The workbook is what a district office would type in Excel: the allocation is a number cell
with a #,##0.00 format, not text, so ``thaidoc batch`` meets real numeric cells (openpyxl
reads them as int or float; thaidoc turns them into exact decimals, see
``thaidoc.render.batch.cell_text``). The file's timestamps are fixed so that rerunning the
script gives the same workbook.
"""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

HERE = Path(__file__).resolve().parent


def main() -> Path:
    with (HERE / "districts.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    book = Workbook()
    sheet = book.active
    sheet.title = "ทะเบียนจัดสรร"
    sheet.append(rows[0])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for district, recipient, amount in rows[1:]:
        value = Decimal(amount.replace(",", ""))
        # A number cell, as Excel stores it: whole baht as an integer, satang as a float.
        number: int | float = int(value) if value == value.to_integral_value() else float(value)
        sheet.append([district, recipient, number])
        sheet.cell(sheet.max_row, 3).number_format = "#,##0.00"
    for column, width in (("A", 18), ("B", 28), ("C", 18)):
        sheet.column_dimensions[column].width = width
    fixed = dt.datetime(2019, 2, 20, 9, 0, 0)
    book.properties.created = fixed
    book.properties.modified = fixed
    book.properties.creator = "thaidoc samples"
    target = HERE / "districts.xlsx"
    book.save(target)
    return target


if __name__ == "__main__":
    print(main())
