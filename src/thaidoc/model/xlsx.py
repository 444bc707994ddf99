"""Budgets kept in Excel: one worksheet per activity (or an ``activity`` column), one row per line.

The first row that names the columns is the header. Columns are found by name, in Thai or
English, in any order:

=============  ===========================================  ====================================
column         header names                                 holds
=============  ===========================================  ====================================
description    description, รายการ, รายละเอียด              what the line buys (required)
quantity       quantity, จำนวน                              8780, or "30 × 2 × 3"
unit           unit, หน่วย, หน่วยนับ                         หมู่บ้าน, or "คน × มื้อ × วัน"
rate           rate, อัตรา, ราคาต่อหน่วย                      18300 (บาท)
amount         amount, เป็นเงิน, จำนวนเงิน                    what the sheet states for the line
category       category, หมวด, หมวดรายจ่าย                    ค่าใช้สอย … (blank: as the row above)
activity       activity, กิจกรรม                             "2.4.1 สนับสนุน…" (blank: as above)
=============  ===========================================  ====================================

A row with a category but no description is the category's heading; its amount is the stated
subtotal. A row whose description is ``รวม``/``รวมทั้งสิ้น``/``ค่าใช้จ่ายรวมทั้งสิ้น``/``total``
is the activity's stated total. Without an activity column the sheet's name is the activity
("2.4.1 สนับสนุน…" or just "2.4.1"). Formulas count as the values last calculated by Excel or
LibreOffice; one never calculated is an error. Every error names the sheet, the row and the
column.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from thaidoc.data import checked_input, validation_error
from thaidoc.errors import AmountError, DataError
from thaidoc.model.budget import (
    KNOWN_UNITS,
    RATE_UNIT,
    UNKNOWN_UNIT_EXPECTED,
    Activity,
    Budget,
    Category,
    LineItem,
    Stated,
    split_factors,
    to_money,
    to_quantity,
    unknown_unit_message,
)
from thaidoc.ooxml import check_archive

__all__ = ["read_budget_xlsx", "HEADER_NAMES", "CalculatedWorkbook", "Uncalculated", "check_workbook_archive",
           "MAX_UNPACKED_BYTES"]

HEADER_NAMES: dict[str, tuple[str, ...]] = {
    "description": ("description", "รายการ", "รายละเอียด", "รายการค่าใช้จ่าย"),
    "quantity": ("quantity", "qty", "จำนวน"),
    "unit": ("unit", "หน่วย", "หน่วยนับ"),
    "rate": ("rate", "อัตรา", "ราคาต่อหน่วย", "ราคา/หน่วย", "อัตรา (บาท)"),
    "amount": ("amount", "เป็นเงิน", "จำนวนเงิน", "เป็นเงิน (บาท)", "จำนวนเงิน (บาท)"),
    "category": ("category", "หมวด", "หมวดรายจ่าย", "ประเภท"),
    "activity": ("activity", "กิจกรรม"),
}
_BY_NAME = {name.casefold(): column for column, names in HEADER_NAMES.items() for name in names}
_TOTAL_WORDS = {"รวม", "รวมทั้งสิ้น", "ค่าใช้จ่ายรวมทั้งสิ้น", "total", "grand total"}
_CODE_RE = re.compile(r"^\s*(?:กิจกรรม(?:ย่อย)?(?:ที่)?\s*)?([0-9๐-๙]+(?:\.[0-9๐-๙]+)*)\.?\s*(.*)$")
_MAX_BYTES = 50 * 1024 * 1024
#: What a workbook may unpack to: a sheet that inflates to 1 GB once cost 2.1 GB and 25 s.
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
_MAX_ENTRIES = 10_000
_MAX_RATIO = 200  # uncompressed / compressed, for entries over a megabyte (real sheets: 5-30)


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))


class _Sheet:
    def __init__(self, path: str, title: str, units: frozenset[str]) -> None:
        self.path, self.title, self.units = path, title, units

    def cell(self, row: int, column: str | None) -> str:
        return f"sheet {self.title!r}, row {row}" + (f", column {column}" if column else "")

    def error(self, message: str, row: int, column: int | None = None, header: str | None = None,
              **kwargs: Any) -> DataError:
        where = f"sheet {self.title!r}, row {row}"
        if column is not None:
            where += f", column {_column_letter(column)}" + (f" ({header})" if header else "")
        return DataError(message, source=self.path, location=where, **kwargs)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _split_activity(text: str) -> tuple[str, str]:
    match = _CODE_RE.match(text)
    if match is None or not match.group(1):
        return text, text
    code, title = match.group(1), match.group(2).strip()
    return code, title or code


def read_budget_xlsx(path: str | os.PathLike[str], *, sheets: list[str] | None = None,
                     units: Iterable[str] = ()) -> Budget:
    """Read a workbook into a :class:`~thaidoc.model.budget.Budget` (computed totals, stated
    figures from the amount column), raising :class:`DataError` with sheet, row and column.

    ``units`` are counting units allowed besides :data:`~thaidoc.model.budget.KNOWN_UNITS`.
    """
    allowed_units = KNOWN_UNITS | frozenset(units)
    source = checked_input(path, limit=_MAX_BYTES, too_large="spreadsheet too large for a budget")
    try:
        workbook = CalculatedWorkbook(source)
    except DataError:
        raise
    except Exception as exc:  # openpyxl raises zipfile/KeyError/InvalidFileException …
        raise DataError(f"not a readable .xlsx workbook ({exc.__class__.__name__}: {exc})",
                        source=str(source)) from exc
    activities: list[tuple[Activity, dict[str, str]]] = []
    with workbook:
        for title in workbook.sheetnames:
            if sheets is not None and title not in sheets:
                continue
            activities.extend(_read_sheet(_Sheet(str(source), title, allowed_units), workbook.rows(title)))
    if not activities:
        raise DataError("the workbook has no budget rows", source=str(source),
                        expected="a header row naming description and amount or rate, then line rows")
    try:
        budget = Budget.model_validate({"activities": [activity for activity, _ in activities],
                                        "units": sorted(allowed_units - KNOWN_UNITS)})
    except ValidationError as exc:  # pragma: no cover - rows were validated one by one

        raise validation_error(exc, source=str(source)) from None
    budget._origins = {f"activities[{i}].{key}": cell for i, (_, origins) in enumerate(activities)
                      for key, cell in origins.items()}
    return budget


class Uncalculated:
    """In place of a formula cell's value when the formula was never calculated: the workbook
    was saved by a program that does not calculate formulas (no value was stored)."""

    __slots__ = ("formula",)

    def __init__(self, formula: str) -> None:
        self.formula = formula

    def __repr__(self) -> str:
        return f"Uncalculated({self.formula!r})"


def _or_uncalculated(value: Any, formula: Any) -> Any:
    if value is None and isinstance(formula, str) and formula.startswith("="):
        return Uncalculated(formula)
    return value


class CalculatedWorkbook:
    """An .xlsx opened for its values as last calculated, telling a formula never calculated
    from an empty cell.

    openpyxl gives a formula cell's saved value (``data_only``) or its formula, not both, so
    the workbook is opened twice, both streamed (read-only), and :meth:`rows` walks the two
    side by side. ``values`` is the ``data_only`` workbook (``sheetnames``, ``worksheets``).
    Opening raises what openpyxl raises (OSError, zipfile.BadZipFile, KeyError, ValueError …).
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        from openpyxl import load_workbook

        self.source = str(path)
        check_workbook_archive(path)
        self.values: Any = load_workbook(path, read_only=True, data_only=True)
        try:
            self._formulas: Any = load_workbook(path, read_only=True, data_only=False)
        except BaseException:
            self.values.close()
            raise

    @property
    def sheetnames(self) -> list[str]:
        return list(self.values.sheetnames)

    def rows(self, title: str) -> Iterator[tuple[Any, ...]]:
        """The sheet's rows as value tuples, an :class:`Uncalculated` for each formula cell
        that has no calculated value."""
        try:
            formulas = self._formulas[title].iter_rows(values_only=True)
            for row in self.values[title].iter_rows(values_only=True):
                formula_row = next(formulas, ())
                if None in row:
                    row = tuple(_or_uncalculated(value, formula_row[i] if i < len(formula_row) else None)
                                for i, value in enumerate(row))
                yield row
        except Exception as exc:  # noqa: BLE001 - openpyxl on a damaged sheet: ExpatError, IndexError …
            raise DataError(f"สมุดงานเสียหาย / the workbook is damaged ({type(exc).__name__}: {exc})",
                            source=self.source, location=f"sheet {title!r}",
                            expected="an .xlsx saved by Excel or LibreOffice") from None

    def close(self) -> None:
        self.values.close()
        self._formulas.close()

    def __enter__(self) -> CalculatedWorkbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def check_workbook_archive(path: str | os.PathLike[str]) -> None:
    """Refuse a workbook that would unpack to too much (a zip bomb) before openpyxl opens it,
    as the .docx reader does: entries, total size and compression ratio, from the zip's
    directory (an entry that inflates past its stated size fails its CRC check when read)."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise DataError("อ่านสมุดงานไม่ได้ / not a readable .xlsx workbook (not a zip archive)", source=str(path),
                        found=f"{type(exc).__name__}: {exc}") from None
    check_archive(infos, source=str(path), kind="workbook", max_entries=_MAX_ENTRIES, max_total=MAX_UNPACKED_BYTES,
                  max_ratio=_MAX_RATIO, error=DataError)


def _header(sheet: _Sheet, rows: Any) -> tuple[int, dict[str, int]] | None:
    for number, row in enumerate(rows, start=1):
        names = {_text(cell).casefold(): i for i, cell in enumerate(row) if _text(cell)}
        columns = {_BY_NAME[name]: i for name, i in names.items() if name in _BY_NAME}
        if "description" in columns:
            if "amount" not in columns and "rate" not in columns:
                raise sheet.error("the header names no amount or rate column", number,
                                  expected="a column named amount/เป็นเงิน or rate/อัตรา")
            return number, columns
        if number > 20:
            break
    return None


def _read_sheet(sheet: _Sheet, rows: Any) -> list[tuple[Activity, dict[str, str]]]:
    rows = iter(rows)
    found = _header(sheet, rows)
    if found is None:
        return []  # a sheet without a budget header (notes, a cover page) is not a budget
    header_row, columns = found
    activities: dict[str, dict[str, Any]] = {}
    activity: dict[str, Any] | None = None
    category: dict[str, Any] | None = None
    if "activity" not in columns:
        code, title = _split_activity(sheet.title)
        activity = activities.setdefault(code, {"code": code, "title": title, "categories": []})

    for number, row in enumerate(rows, start=header_row + 1):
        cells = {name: (row[i] if i < len(row) else None) for name, i in columns.items()}
        for name, value in cells.items():
            if isinstance(value, Uncalculated):
                raise sheet.error("the cell's formula has no calculated value (the workbook was saved by a "
                                  "program that does not calculate); open it in Excel or LibreOffice and save "
                                  "it again", number, columns[name], name, found=value.formula)
        if all(_text(v) == "" for v in cells.values()):
            continue

        def where(name: str) -> tuple[int, int, str]:
            return number, columns[name], name

        if "activity" in columns and _text(cells["activity"]):
            code, title = _split_activity(_text(cells["activity"]))
            if code not in activities:
                activities[code] = {"code": code, "title": title, "categories": []}
                category = None
            activity = activities[code]
        if activity is None:
            raise sheet.error("the first row gives no activity", *where("activity"),
                              expected="an activity code such as 2.4.1")
        description = _text(cells.get("description"))
        if "category" in columns and _text(cells["category"]):
            name = _text(cells["category"])
            category = next((c for c in activity["categories"] if c["name"] == name), None)
            if category is None:
                category = {"name": name, "items": [], "_rows": []}
                activity["categories"].append(category)
            if not description:
                if _text(cells.get("amount")):
                    category["subtotal"] = _money(sheet, cells["amount"], *where("amount"))
                    category["_subtotal_row"] = number
                continue
        if not description:
            raise sheet.error("a row with figures has no description", *where("description"),
                              expected="what the line pays for")
        if description.casefold() in _TOTAL_WORDS:
            if "amount" not in columns or not _text(cells["amount"]):
                raise sheet.error("the total row has no amount", number)
            activity["total"] = Stated(amount=_money(sheet, cells["amount"], *where("amount")), label=description)
            activity["_total_row"] = number
            continue
        if category is None:
            category = {"name": "ค่าใช้จ่าย", "items": [], "_rows": []}
            activity["categories"].append(category)
        category["items"].append(_item(sheet, number, columns, cells, description))
        category["_rows"].append(number)

    amount_column = _column_letter(columns["amount"]) if "amount" in columns else None
    result = []
    for data in activities.values():
        empty = [c["name"] for c in data["categories"] if not c["items"]]
        if empty or not data["categories"]:
            raise sheet.error(f"activity {data['code']} has a category without lines: {', '.join(empty) or '(none)'}",
                              header_row)
        origins: dict[str, str] = {}
        if "_total_row" in data:
            origins["total"] = sheet.cell(data.pop("_total_row"), amount_column)
        for j, category in enumerate(data["categories"]):
            for k, row in enumerate(category.pop("_rows")):
                origins[f"categories[{j}].items[{k}]"] = sheet.cell(row, amount_column)
            if "_subtotal_row" in category:
                origins[f"categories[{j}].subtotal"] = sheet.cell(category.pop("_subtotal_row"), amount_column)
        data["categories"] = [Category.model_validate(c) for c in data["categories"]]
        result.append((Activity.model_validate(data), origins))
    return result


def _money(sheet: _Sheet, value: Any, row: int, column: int, header: str) -> Decimal:
    try:
        return to_money(value)
    except AmountError as exc:
        raise sheet.error(exc.message, row, column, header, expected=exc.expected or "an amount such as 18,300",
                          found=repr(value)) from None


def _quantities(sheet: _Sheet, value: Any, row: int, column: int, header: str) -> list[Decimal]:
    parts: list[Any] = split_factors(value) if isinstance(value, str) else [value]
    out = []
    for part in parts:
        try:
            out.append(to_quantity(part))
        except AmountError as exc:
            raise sheet.error(exc.message, row, column, header, expected="a count such as 8,780",
                              found=repr(value)) from None
    return out


def _item(sheet: _Sheet, number: int, columns: dict[str, int], cells: dict[str, Any],
          description: str) -> LineItem:
    has = {name: _text(cells.get(name)) != "" for name in ("quantity", "unit", "rate", "amount")}
    amount = _money(sheet, cells["amount"], number, columns["amount"], "amount") if has["amount"] else None
    if not (has["quantity"] or has["rate"] or has["unit"]):
        if amount is None:
            raise sheet.error("the line has no amount and no quantity × rate", number,
                              columns.get("amount"), "amount", expected="an amount, or quantity, unit and rate")
        return LineItem(description=description, amount=amount)
    for name in ("quantity", "unit", "rate"):
        if not has[name]:
            column = columns.get(name)
            raise sheet.error(f"missing {name}: a line with a quantity needs quantity, unit and rate",
                              number, column, name if column is not None else None,
                              expected={"quantity": "a count such as 8,780", "unit": "a unit such as หมู่บ้าน",
                                        "rate": "the rate in บาท such as 18,300"}[name])
    quantities = _quantities(sheet, cells["quantity"], number, columns["quantity"], "quantity")
    units = split_factors(_text(cells["unit"]))
    if len(units) != len(quantities):
        raise sheet.error(f"{len(quantities)} quantities but {len(units)} units", number, columns["unit"], "unit",
                          found=_text(cells["unit"]))
    for unit in units:
        problem = unknown_unit_message(unit, sheet.units)
        if problem:
            raise sheet.error(problem, number, columns["unit"], "unit", found=unit,
                              expected=UNKNOWN_UNIT_EXPECTED)
    rate = _money(sheet, cells["rate"], number, columns["rate"], "rate")
    factors = [{"quantity": q, "unit": u} for q, u in zip(quantities, units)]
    factors.append({"quantity": rate, "unit": RATE_UNIT})
    try:
        return LineItem.model_validate({"description": description, "factors": factors, "amount": amount})
    except ValidationError as exc:
        raise sheet.error(exc.errors(include_url=False)[0]["msg"], number) from None
