"""One document as an Excel workbook to fill, for staff who know Excel and not YAML.

``thaidoc new KIND --xlsx letter.xlsx`` writes :func:`workbook_for` of the kind's starter, and
``thaidoc render letter.xlsx`` reads it back with :func:`read_workbook` into the same data a
YAML file gives, so validation and messages are the same.

Sheets:

- ``ข้อมูล``: one field per row. Column A is the field's name as the data writes it
  (``signer.position``, ``references[0].date``), B its Thai label, C the value to fill, D what
  is expected. Fields with a fixed set of values (urgency, secrecy, the recipient's rank,
  digits) have a drop-down list.
- ``ข้อความ`` (kinds with a body): one paragraph or numbered item per row: the level (0 a
  paragraph, 1 an item ๑., 2 a sub-item ๑.๑, 3 below that) and the text.
- ``สิ่งที่ส่งมาด้วย`` (kinds with enclosures): title, quantity and unit (a drop-down of
  Thai counting units).

Rows may be added anywhere; an empty value leaves the field out.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import typing
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from thaidoc.data import checked_input, leaves
from thaidoc.errors import DataError
from thaidoc.model.budget import KNOWN_UNITS
from thaidoc.model.common import KINDS

__all__ = ["workbook_for", "read_workbook", "field_parts", "place_in", "is_workbook", "is_document_workbook", "FIELDS_SHEET", "BODY_SHEET", "ENCLOSURES_SHEET", "MAX_WORKBOOK_BYTES"]

FIELDS_SHEET = "ข้อมูล"
BODY_SHEET = "ข้อความ"
ENCLOSURES_SHEET = "สิ่งที่ส่งมาด้วย"
_LISTS_SHEET = "รายการเลือก"
MAX_WORKBOOK_BYTES = 20 * 1024 * 1024

#: Thai labels of the fields staff look for; other fields show their description.
LABELS: dict[str, str] = {
    "kind": "ชนิดเอกสาร", "number.office": "ที่ (รหัสส่วนราชการ)", "number.number": "ที่ (เลขที่หนังสือ)",
    "number.circular": "หนังสือเวียน (ว)", "number": "ที่ (เลขที่คำสั่ง)", "date": "วันที่ (ค.ศ. ปปปป-ดด-วว)",
    "subject": "เรื่อง", "recipient": "เรียน", "recipient.name": "เรียน", "recipient.rank": "ชั้นของผู้รับ",
    "urgency": "ชั้นความเร็ว", "secrecy": "ชั้นความลับ", "sender.office": "ส่วนราชการเจ้าของหนังสือ",
    "sender.address": "ที่อยู่", "purpose": "จุดประสงค์ (จึงเรียนมาเพื่อ…)", "signer.name": "ผู้ลงนาม (ชื่อ)",
    "signer.position": "ตำแหน่งผู้ลงนาม", "signer.acting": "ปฏิบัติราชการแทน / รักษาราชการแทน",
    "signer.principal": "ตำแหน่งที่ลงนามแทน", "signer.signature": "ภาพลายมือชื่อ (ไฟล์ PNG/JPEG ในโฟลเดอร์เดียวกัน)", "owner.office": "ส่วนราชการเจ้าของเรื่อง", "owner.group": "กลุ่มงาน",
    "owner.phone": "โทร.", "owner.fax": "โทรสาร", "owner.email": "ไปรษณีย์อิเล็กทรอนิกส์",
    "department": "ส่วนราชการ", "phone": "โทร.", "to": "ถึง", "sending_office": "ส่วนราชการที่ประทับตรา",
    "issuer": "ผู้ออกคำสั่ง/ประกาศ", "digits": "ตัวเลข (thai = ๐-๙, arabic = 0-9)", "notes": "หมายเหตุ",
    "copies": "สำเนาส่ง", "references": "อ้างถึง", "heading": "หัวเรื่อง", "name": "ชื่อโครงการ",
    "fiscal_year": "ปีงบประมาณ (พ.ศ.)", "office": "หน่วยงานที่รับผิดชอบ",
    "recipient.salutation": "คำขึ้นต้น (เว้นว่าง: ตามชั้นของผู้รับ)", "recipient.closing": "คำลงท้าย (เว้นว่าง: ตามชั้นของผู้รับ)",
    "emblem": "ภาพตราครุฑ (ไฟล์ PNG/JPEG)", "qr.data": "QR Code (ลิงก์หรือข้อความ)", "qr.caption": "ข้อความใต้ QR Code",
    "qr.position": "ตำแหน่ง QR Code", "qr.size_cm": "ขนาด QR Code (ซม.)", "motto": "คำขวัญของหน่วยงาน (ท้ายกระดาษ)", "layout": "รูปแบบแบบฟอร์ม",
}
#: Labels of a group of fields by the start of their name.
GROUP_LABELS: dict[str, str] = {
    "amounts.": "จำนวนเงิน (ใช้ในข้อความ: {{ amounts.ชื่อ | baht }})", "dates.": "วันที่ (ใช้ในข้อความ: {{ dates.ชื่อ | thai_date }})",
    "references[": "อ้างถึง", "copies[": "สำเนาส่ง", "activities[": "กิจกรรม / รายการงบประมาณ",
    "sender.address": "ที่อยู่",
}
_HEADER = ("ช่องข้อมูล / field", "หัวข้อ", "ข้อมูล (กรอกช่องนี้) / value", "คำอธิบาย / expected")


# -- writing -----------------------------------------------------------------------------------


def _flatten(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    return leaves(value, path)


def _annotation_at(model: type[BaseModel], path: str) -> Any:
    """The type annotation of the field at a dotted path, or None."""
    current: Any = model
    annotation: Any = None
    for part in re.findall(r"[^.\[\]]+", path):
        if part.isdigit():
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return None
        annotation = fields[part].annotation
        current = _model_in(annotation)
    return annotation


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _is_list(annotation: Any) -> bool:
    return annotation is list or typing.get_origin(annotation) is list or any(
        typing.get_origin(arg) is list for arg in typing.get_args(annotation))


def _simple(annotation: Any) -> bool:
    """A field one cell can hold (text, a date, a number, a choice), not a part or a list."""
    return _model_in(annotation) is None and not _is_list(annotation) and typing.get_origin(annotation) is not dict \
        and not any(typing.get_origin(arg) is dict for arg in typing.get_args(annotation))


def _choices(annotation: Any) -> list[str]:
    """The values a Literal or Enum field allows (for a drop-down), else []."""
    if annotation is None:
        return []
    if typing.get_origin(annotation) is typing.Literal:
        return [str(v) for v in typing.get_args(annotation)]
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return [str(member.value) for member in annotation]
    for arg in typing.get_args(annotation):
        found = _choices(arg)
        if found:
            return found
    if annotation is bool:
        return ["true", "false"]
    return []


def _description(model: type[BaseModel], path: str) -> str:
    current: Any = model
    description = ""
    for part in re.findall(r"[^.\[\]]+", path):
        if part.isdigit():
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return ""
        description = fields[part].description or ""
        current = _model_in(fields[part].annotation)
    return description


def _cell(value: Any) -> Any:
    if isinstance(value, (dt.date, int, str)) or value is None:
        return value
    return str(value)


def workbook_for(data: Mapping[str, Any]) -> bytes:
    """An .xlsx to fill one document, pre-filled with ``data`` (a starter, as a mapping)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    kind = str(data.get("kind"))
    model = KINDS[kind]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = FIELDS_SHEET
    sheet.append(_HEADER)
    lists = book.create_sheet(_LISTS_SHEET)
    lists.sheet_state = "hidden"
    list_columns: dict[tuple[str, ...], str] = {}

    def drop_down(target: Any, cells: str, options: list[str]) -> None:
        key = tuple(options)
        if key not in list_columns:
            column = len(list_columns) + 1
            for row, option in enumerate(options, start=1):
                lists.cell(row=row, column=column, value=option)
            letter = lists.cell(row=1, column=column).column_letter
            list_columns[key] = f"'{_LISTS_SHEET}'!${letter}$1:${letter}${len(options)}"
        validation = DataValidation(type="list", formula1=list_columns[key], allow_blank=True)
        target.add_data_validation(validation)
        validation.add(cells)

    rows: list[tuple[str, Any]] = []
    separate = {"body"} if "body" in model.model_fields else set()
    if "enclosures" in model.model_fields:
        separate.add("enclosures")
    for name, value in data.items():
        if name in separate:
            continue
        part = _model_in(model.model_fields[name].annotation) if name in model.model_fields else None
        if part is not None and not _is_list(model.model_fields[name].annotation):
            # a part (recipient, signer, owner): every simple field of it gets a row, so that
            # the rank or the ปฏิบัติราชการแทน line can be chosen
            if isinstance(value, str):  # the short form: recipient: นายอำเภอ
                value = {next(iter(part.model_fields)): value}
            rows.extend(_flatten(value, name))
            rows.extend((f"{name}.{sub}", None) for sub, field in part.model_fields.items()
                        if sub not in value and _simple(field.annotation))
        else:
            rows.extend(_flatten(value, name))
    given = {path.split(".", 1)[0].split("[", 1)[0] for path, _ in rows}
    for name, field in model.model_fields.items():  # optional fields the starter leaves out
        if name in given or name in separate:
            continue
        part = _model_in(field.annotation)
        if _simple(field.annotation):
            rows.append((name, None))
        elif part is not None and not _is_list(field.annotation):  # qr.data, qr.caption …
            rows.extend((f"{name}.{sub}", None) for sub, inner in part.model_fields.items() if _simple(inner.annotation))
    for path, value in rows:
        label = LABELS.get(path) or LABELS.get(re.sub(r"\[\d+\]", "", path)) or next(
            (text for start, text in GROUP_LABELS.items() if path.startswith(start)), "")
        sheet.append((path, label, _cell(value), _description(model, path)))
        options = _choices(_annotation_at(model, path))
        if options and path != "kind":
            drop_down(sheet, f"C{sheet.max_row}", options)
    for column, width in zip("ABCD", (24, 30, 60, 50)):
        sheet.column_dimensions[column].width = width
    if "body" in separate:
        body = book.create_sheet(BODY_SHEET)
        body.append(("ระดับ / level (0 ย่อหน้า, 1 ข้อ ๑., 2 ข้อย่อย ๑.๑)", "ข้อความ / text"))
        for level, text in _body_rows(data.get("body") or []):
            body.append((level, text))
        drop_down(body, "A2:A500", ["0", "1", "2", "3"])
        body.column_dimensions["A"].width = 18
        body.column_dimensions["B"].width = 100
        for row in body.iter_rows(min_row=2, max_col=2, min_col=2):
            row[0].alignment = Alignment(wrap_text=True)
    if "enclosures" in separate:
        enclosures = book.create_sheet(ENCLOSURES_SHEET)
        enclosures.append(("รายการ / title", "จำนวน / quantity", "หน่วย / unit"))
        for item in data.get("enclosures") or []:
            item = {"title": item} if isinstance(item, str) else dict(item)
            enclosures.append((item.get("title"), item.get("quantity", 1), item.get("unit", "ชุด")))
        drop_down(enclosures, "C2:C200", sorted(KNOWN_UNITS | {"ชุด", "ฉบับ", "เล่ม", "แผ่น"}))
        enclosures.column_dimensions["A"].width = 60
    for worksheet in book.worksheets:
        for cell in worksheet[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
        worksheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _body_rows(paragraphs: list[Any]) -> Iterator[tuple[int, str]]:
    def items(entries: list[Any], level: int) -> Iterator[tuple[int, str]]:
        for entry in entries:
            entry = {"text": entry} if isinstance(entry, str) else entry
            yield level, str(entry.get("text", ""))
            yield from items(entry.get("items") or [], min(level + 1, 3))

    for paragraph in paragraphs:
        paragraph = {"text": paragraph} if isinstance(paragraph, str) else paragraph
        if paragraph.get("text"):
            yield 0, str(paragraph["text"])
        yield from items(paragraph.get("items") or [], 1)


# -- reading -----------------------------------------------------------------------------------


def _value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return value
    if isinstance(value, float):  # the decimal Excel shows, never the binary float
        return int(value) if value.is_integer() else str(Decimal(repr(value)))
    if isinstance(value, str):
        return value.strip()
    return value


def field_parts(path: str) -> tuple[str | int, ...]:
    """``references[1].date`` -> ``("references", 1, "date")``.

    >>> field_parts("references[1].date")
    ('references', 1, 'date')
    """
    return tuple(int(p[1:-1]) if p.startswith("[") else p for p in re.findall(r"\[\d+\]|[^.\[\]]+", path))


def place_in(places: dict[tuple[str | int, ...], str]) -> Callable[[str], str | None]:
    """Where a field (or the field it is part of) was read, for
    :meth:`~thaidoc.errors.ThaidocError.with_places`.

    >>> place_in({("signer", "position"): "sheet 'ข้อมูล', row 21"})("signer.position")
    "sheet 'ข้อมูล', row 21"
    """

    def place(location: str) -> str | None:
        parts = field_parts(location.split(" ", 1)[0])
        for end in range(len(parts), 0, -1):
            if parts[:end] in places:
                return places[parts[:end]]
        return None

    return place


def _set(data: dict[str, Any], path: str, value: Any, where: str, source: str) -> None:
    parts: list[str | int] = list(field_parts(path))
    if not parts or isinstance(parts[0], int):
        raise DataError("not a field name", source=source, location=where, found=repr(path),
                        expected="a field such as subject, signer.name or references[0].date")
    target: Any = data
    for part, following in zip(parts, parts[1:]):
        empty: Any = [] if isinstance(following, int) else {}
        if isinstance(part, int):
            while len(target) <= part:
                target.append(None)
            if target[part] is None:
                target[part] = empty
            target = target[part]
        else:
            if not isinstance(target, dict):
                raise DataError(f"{path!r} does not fit the rows above it", source=source, location=where)
            target = target.setdefault(part, empty)
        if not isinstance(target, (dict, list)):
            raise DataError(f"{path!r} does not fit the rows above it", source=source, location=where)
    last = parts[-1]
    if isinstance(last, int):
        while len(target) <= last:
            target.append(None)
        target[last] = value
    else:
        target[last] = value


def read_workbook(path: str | os.PathLike[str], *, places: dict[tuple[str | int, ...], str] | None = None) -> dict[str, Any]:
    """The document data of a workbook written by :func:`workbook_for` (and filled in).

    ``places``, when given, is filled with where each field was found (its parts, as
    :func:`field_parts` gives them -> ``sheet 'ข้อมูล', row 21``), so that an error about a
    field can name the row the user must correct."""
    from openpyxl import load_workbook

    source = checked_input(path, limit=MAX_WORKBOOK_BYTES, too_large="the workbook is too large")
    try:
        book = load_workbook(source, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise DataError("cannot read the workbook", source=str(source),
                        found=f"{type(exc).__name__}: {exc}") from None
    try:
        if FIELDS_SHEET not in book.sheetnames:
            raise DataError(f"the workbook has no sheet named {FIELDS_SHEET!r}", source=str(source),
                            expected="a workbook from `thaidoc new KIND --xlsx FILE`", found=", ".join(book.sheetnames))
        data: dict[str, Any] = {}
        for number, row in enumerate(book[FIELDS_SHEET].iter_rows(min_row=2, max_col=3, values_only=True), start=2):
            name, _, value = (tuple(row) + (None, None, None))[:3]
            if name is None:
                continue
            where = f"sheet {FIELDS_SHEET!r}, row {number}"
            if places is not None and field_parts(str(name).strip()):  # a field left empty is named too
                places[field_parts(str(name).strip())] = where
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            _set(data, str(name).strip(), _value(value), where, str(source))
        for key in [k for k, v in data.items() if isinstance(v, list)]:
            if None in data[key] and places is not None:  # rows left empty: the numbers shift
                for parts in [p for p in places if p[0] == key]:
                    del places[parts]
            data[key] = [item for item in data[key] if item is not None]
        if BODY_SHEET in book.sheetnames:
            data["body"] = _read_body(book[BODY_SHEET], str(source))
            if places is not None:
                places[("body",)] = f"sheet {BODY_SHEET!r}"
        if ENCLOSURES_SHEET in book.sheetnames:
            data["enclosures"] = _read_enclosures(book[ENCLOSURES_SHEET])
            if places is not None:
                places[("enclosures",)] = f"sheet {ENCLOSURES_SHEET!r}"
    finally:
        book.close()
    return data


def _read_body(sheet: Any, source: str) -> list[dict[str, Any]]:
    paragraphs: list[dict[str, Any]] = []
    for number, row in enumerate(sheet.iter_rows(min_row=2, max_col=2, values_only=True), start=2):
        level_cell, text = (tuple(row) + (None, None))[:2]
        if text is None or not str(text).strip():
            continue
        try:
            level = int(level_cell) if level_cell not in (None, "") else 0
        except (TypeError, ValueError):
            raise DataError("the level is not 0, 1, 2 or 3", source=source,
                            location=f"sheet {BODY_SHEET!r}, row {number}, column A", expected="0, 1, 2 or 3",
                            found=repr(level_cell)) from None
        entry: dict[str, Any] = {"text": str(_value(text))}
        if level <= 0 or not paragraphs:
            if level > 0:  # a numbered list with no paragraph before it
                paragraphs.append({"text": "", "items": []})
            else:
                paragraphs.append({**entry, "items": []})
                continue
        siblings = paragraphs[-1]["items"]
        for _ in range(min(level, 3) - 1):
            if not siblings:
                break
            siblings = siblings[-1].setdefault("items", [])
        siblings.append({**entry, "items": []})
    return paragraphs


def _read_enclosures(sheet: Any) -> list[dict[str, Any]]:
    enclosures = []
    for row in sheet.iter_rows(min_row=2, max_col=3, values_only=True):
        title, quantity, unit = (tuple(row) + (None, None, None))[:3]
        if title is None or not str(title).strip():
            continue
        item: dict[str, Any] = {"title": str(_value(title))}
        if quantity not in (None, ""):
            item["quantity"] = _value(quantity)
        if unit not in (None, ""):
            item["unit"] = str(_value(unit))
        enclosures.append(item)
    return enclosures


def is_workbook(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is an .xlsx (document data for :func:`load_document`)."""
    return Path(path).suffix.lower() == ".xlsx"


def is_document_workbook(path: str | os.PathLike[str]) -> bool:
    """Whether an .xlsx is one document to fill (it has the ``ข้อมูล`` sheet), not a budget."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(checked_input(path, limit=MAX_WORKBOOK_BYTES, too_large="the workbook is too large"),
                             read_only=True)
    except DataError:
        raise
    except Exception:  # not a workbook: the budget reader says why
        return False
    try:
        return FIELDS_SHEET in book.sheetnames
    finally:
        book.close()
