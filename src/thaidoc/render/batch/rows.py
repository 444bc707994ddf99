"""Reading the rows of a CSV or .xlsx table, and setting a row's (dotted) fields in the letter's data.

Cells stay text (numbers as the exact decimal Excel shows, never a float); the letter's model
converts them. Rows are streamed, so a 75,032-row table is never held in memory.
"""

from __future__ import annotations

import csv
import datetime as _dt
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from thaidoc.errors import DataError
from thaidoc.model.xlsx import CalculatedWorkbook, Uncalculated, check_workbook_archive

__all__ = ["Row", "cell_text", "read_rows", "read_header", "parse_field_path", "apply_row"]


@dataclass(frozen=True, slots=True)
class Row:
    """One row of the recipients table.

    ``number`` is the row as the user sees it in the spreadsheet (the header is row 1, the
    first data row is row 2), so an error message points at the right line in Excel.
    ``values`` maps field names (dotted for nested fields) to the cell text; empty cells are
    left out, so they keep the letter's own value. ``problems`` lists cells that cannot be
    used at all (a formula Excel never calculated), as ``{"field", "message", "found"}``: the
    row fails with them instead of silently keeping the letter's value.
    """

    number: int
    values: dict[str, Any]
    problems: tuple[dict[str, str], ...] = ()


def cell_text(value: Any) -> str:
    """The text of a spreadsheet cell, exactly as the number or date the user typed.

    openpyxl gives numbers as ``int`` or ``float``. A float is never passed on as a float
    (money must not go through binary floating point): ``repr`` gives the shortest decimal
    string that reads back as the same float, which is the number Excel displays and stores
    (Excel keeps 15 significant digits), so ``18300.5`` stays ``"18300.5"`` and ``0.1`` stays
    ``"0.1"`` instead of ``0.1000000000000000055…``. Whole numbers lose the ``.0``.

    >>> cell_text(18300.0), cell_text(0.1), cell_text(160674400), cell_text(1e21)
    ('18300', '0.1', '160674400', '1000000000000000000000')
    >>> cell_text(_dt.datetime(2019, 2, 20)), cell_text(None), cell_text(True)
    ('2019-02-20', '', 'true')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return repr(value)  # the model rejects it with the cell's text in the message
        exact = Decimal(repr(value))
        if exact == exact.to_integral_value():
            exact = exact.to_integral_value()  # 18300.0 -> 18300
        text = format(exact, "f")  # plain figures, never 1E+21
        return "0" if text == "-0" else text
    if isinstance(value, _dt.datetime):
        if value.time() == _dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    return str(value)


def read_rows(
    path: str | os.PathLike[str],
    *,
    encoding: str = "utf-8-sig",
    sheet: str | None = None,
) -> Iterator[Row]:
    """Stream the rows of a CSV (UTF-8, with or without BOM) or .xlsx file.

    The first row names the fields. Rows whose cells are all empty are skipped (spreadsheets
    often end with some). The rows are read lazily, so a 75,032-row file is never held in
    memory. A header that cannot work (an empty or repeated name, ``recipient`` beside
    ``recipient.name``) raises :class:`DataError` naming the column.
    """
    source = Path(path)
    suffix = source.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(source, sheet)
    if suffix in (".csv", ".txt", ".tsv"):
        return _read_csv(source, encoding, "\t" if suffix == ".tsv" else ",")
    raise DataError("unsupported rows file", source=str(source),
                    expected="a .csv or .xlsx file", found=suffix or "no extension")


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _check_header(cells: list[Any], source: str) -> list[str | None]:
    """Field names from the header row; ``None`` for trailing/blank columns with no data."""
    names: list[str | None] = []
    seen: dict[str, str] = {}
    for index, cell in enumerate(cells):
        name = unicodedata.normalize("NFC", cell_text(cell).strip().lstrip("\ufeff"))
        where = f"row 1, column {_column_letter(index)}"
        if not name:
            names.append(None)
            continue
        try:
            parse_field_path(name)
        except DataError as exc:
            raise exc.with_context(source=source, location=where) from None
        if name in seen:
            raise DataError(f"the field {name!r} is named twice in the header", source=source,
                            location=where, found=f"also in column {seen[name]}")
        seen[name] = _column_letter(index)
        names.append(name)
    if not seen:
        raise DataError("the first row must name the fields (it is empty)", source=source,
                        location="row 1")
    ordered = sorted(seen)
    for shorter, longer in zip(ordered, ordered[1:]):
        if longer.startswith(shorter + ".") or longer.startswith(shorter + "["):
            raise DataError(
                f"the header sets both {shorter!r} and {longer!r}; a field cannot be a value and "
                "have parts at once", source=source, location=f"row 1, column {seen[longer]}")
    return names


_UNCALCULATED = ("the cell's formula has no calculated value (the workbook was saved by a program that "
                 "does not calculate formulas; open it in Excel or LibreOffice and save it again)")


def _row_values(names: list[str | None], cells: Iterable[Any], number: int, source: str,
                uncalculated: Mapping[int, str] | None = None) -> Row | None:
    """``uncalculated`` maps the index of each formula cell never calculated to its formula."""
    values: dict[str, Any] = {}
    problems: list[dict[str, str]] = []
    for index, cell in enumerate(cells):
        if uncalculated and index in uncalculated:
            name = names[index] if index < len(names) else None
            if name:
                problems.append({"field": name, "message": _UNCALCULATED, "found": uncalculated[index]})
            continue
        text = cell_text(cell)
        if text == "" or (isinstance(cell, str) and not cell.strip()):
            continue
        name = names[index] if index < len(names) else None
        if name is None:
            raise DataError("a value in a column with no field name in the header", source=source,
                            location=f"row {number}, column {_column_letter(index)}",
                            found=_shorten(text))
        values[name] = unicodedata.normalize("NFC", text)
    if not values and not problems:
        return None
    return Row(number, values, tuple(problems))


def _shorten(text: str, limit: int = 60) -> str:
    text = repr(text)
    return text if len(text) <= limit else text[: limit - 4] + "...'"


def _read_csv(source: Path, encoding: str, delimiter: str) -> Iterator[Row]:
    try:
        handle = source.open(encoding=encoding, newline="")
    except OSError as exc:
        raise DataError("cannot read the file", source=str(source), found=exc.strerror) from exc
    with handle:
        reader = csv.reader(handle, delimiter=delimiter, strict=True)
        number = 0
        try:
            header: list[str | None] | None = None
            for number, cells in enumerate(reader, start=1):
                if header is None:
                    header = _check_header(cells, str(source))
                    continue
                row = _row_values(header, cells, number, str(source))
                if row is not None:
                    yield row
            if header is None:
                raise DataError("the file is empty; its first row must name the fields", source=str(source))
        except UnicodeDecodeError as exc:
            raise DataError(
                f"the file is not {encoding.replace('-sig', '').upper()} text", source=str(source),
                location=f"after row {number}",
                expected="CSV saved as 'CSV UTF-8' (or give --encoding cp874 for a Thai Windows CSV)",
                found=f"byte {exc.object[exc.start:exc.start + 1]!r}") from exc
        except csv.Error as exc:
            raise DataError(f"malformed CSV: {exc}", source=str(source), location=f"row {number + 1}") from exc


def _read_xlsx(source: Path, sheet: str | None) -> Iterator[Row]:
    try:
        # a formula cell gives the value Excel computed and saved, not "=SUM(...)", and one
        # never calculated is told from an empty cell (it would quietly keep the letter's value)
        workbook = CalculatedWorkbook(source)
    except DataError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a damaged file
        raise DataError("cannot read the workbook", source=str(source),
                        expected="an .xlsx file saved by Excel or LibreOffice", found=str(exc)) from exc
    with workbook:
        book = workbook.values
        if sheet is not None:
            if sheet not in book.sheetnames:
                raise DataError(f"no sheet named {sheet!r}", source=str(source),
                                expected=", ".join(book.sheetnames))
            title = sheet
        elif not book.sheetnames:
            raise DataError("สมุดงานไม่มีแผ่นงาน / the workbook has no sheet", source=str(source))
        else:
            title = book.sheetnames[0]
        where = f"{source} [{title}]" if len(book.sheetnames) > 1 else str(source)
        header: list[str | None] | None = None
        for number, cells in enumerate(workbook.rows(title), start=1):
            if header is None:
                cells = tuple(None if isinstance(cell, Uncalculated) else cell for cell in cells)
                if all(cell is None for cell in cells):
                    raise DataError("the first row must name the fields (it is empty)", source=where,
                                    location="row 1")
                header = _check_header(list(cells), where)
                continue
            uncalculated = {i: cell.formula for i, cell in enumerate(cells) if isinstance(cell, Uncalculated)}
            row = _row_values(header, cells, number, where, uncalculated)
            if row is not None:
                yield row
        if header is None:
            raise DataError("the sheet is empty; its first row must name the fields", source=where)


def read_header(path: str | os.PathLike[str], *, encoding: str = "utf-8-sig", sheet: str | None = None) -> list[str]:
    """The field names of a rows file (its first row)."""
    source = Path(path)
    if source.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        try:
            check_workbook_archive(source)
            book = load_workbook(source, read_only=True, data_only=True)
        except DataError:
            raise
        except Exception as exc:
            raise DataError("cannot read the workbook", source=str(source), found=str(exc)) from exc
        try:
            if sheet is not None and sheet not in book.sheetnames:
                # before the columns are checked: not "did you mean" about another sheet's header
                raise DataError(f"no sheet named {sheet!r}", source=str(source),
                                expected=", ".join(book.sheetnames))
            try:
                sheet_obj = book[sheet] if sheet is not None else book.worksheets[0]
                first = next(sheet_obj.iter_rows(values_only=True, max_row=1), ())
            except Exception as exc:  # noqa: BLE001 - openpyxl on a damaged sheet
                raise DataError(f"สมุดงานเสียหาย / the workbook is damaged ({type(exc).__name__}: {exc})",
                                source=str(source)) from None
        finally:
            book.close()
        cells: list[Any] = list(first)
    else:
        try:
            with source.open(encoding=encoding, newline="") as handle:
                cells = next(csv.reader(handle, delimiter="\t" if source.suffix.lower() == ".tsv" else ","), [])
        except OSError as exc:
            raise DataError("cannot read the file", source=str(source), found=exc.strerror) from exc
        except UnicodeDecodeError:
            cells = []  # read_rows reports the encoding with the row
    return [name for name in _check_header(cells, str(source)) if name] if cells else []


# --------------------------------------------------------------------------------------------
# Applying a row to the letter's data

_SEGMENT = re.compile(r"([^.\[\]]+)((?:\[\d+\])*)")


def parse_field_path(path: str) -> tuple[str | int, ...]:
    """``recipient.name`` -> ``("recipient", "name")``; ``attachments[1].title`` -> ``("attachments", 1, "title")``.

    >>> parse_field_path("amounts.allocation"), parse_field_path("attachments[1].title")
    (('amounts', 'allocation'), ('attachments', 1, 'title'))
    """
    parts: list[str | int] = []
    for piece in path.split("."):
        match = _SEGMENT.fullmatch(piece.strip())
        if match is None:
            raise DataError(f"{path!r} is not a field name", expected="names such as recipient.name "
                            "or attachments[0].title", found=repr(path))
        parts.append(match.group(1))
        parts.extend(int(i) for i in re.findall(r"\d+", match.group(2)))
    return tuple(parts)


def apply_row(base: Mapping[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    """The letter's data with the row's values set at their (dotted) places.

    ``base`` is not modified: only the mappings and lists on the path to a changed field are
    copied (copy on write), which keeps a row cheap when the letter's body is long.

    >>> base = {"subject": "s", "recipient": {"name": "นายอำเภอ", "title": "เรียน"}}
    >>> apply_row(base, {"recipient.name": "นายอำเภอเชียงของ", "district": "เชียงของ"})
    {'subject': 's', 'recipient': {'name': 'นายอำเภอเชียงของ', 'title': 'เรียน'}, 'district': 'เชียงของ'}
    >>> base["recipient"]["name"]
    'นายอำเภอ'
    """
    data: dict[str, Any] = dict(base)
    copied: set[int] = {id(data)}
    for name, value in values.items():
        path = parse_field_path(name)
        target: Any = data
        for depth, (part, following) in enumerate(zip(path, path[1:])):
            child = _get(target, part)
            if child is None or (isinstance(child, str) and isinstance(following, str)):
                # A text where the row sets a part is the short form of a part
                # (``recipient: นายอำเภอ ทุกอำเภอ`` for ``recipient: {name: …}``): the row's
                # parts replace it, and the model says if something is then missing.
                child = [] if isinstance(following, int) else {}
            elif id(child) not in copied:
                if isinstance(child, Mapping):
                    child = dict(child)
                elif isinstance(child, list):
                    child = list(child)
                else:
                    raise DataError(f"{_show(path[:depth + 1])} is a value, so it has no part {following!r}",
                                    location=name, found=_shorten(str(child)))
            if isinstance(following, int) and not isinstance(child, list):
                raise DataError(f"{_show(path[:depth + 1])} is not a list", location=name)
            if isinstance(following, str) and not isinstance(child, dict):
                raise DataError(f"{_show(path[:depth + 1])} is a list; give an index such as "
                                f"{_show(path[:depth + 1])}[0]", location=name)
            copied.add(id(child))
            _set(target, part, child, name)
            target = child
        _set(target, path[-1], value, name)
    return data


def _show(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _get(container: Any, part: str | int) -> Any:
    if isinstance(part, int):
        return container[part] if part < len(container) else None
    return container.get(part)


def _set(container: Any, part: str | int, value: Any, name: str) -> None:
    if isinstance(part, int):
        if part < len(container):
            container[part] = value
        elif part == len(container):
            container.append(value)
        else:
            raise DataError(f"list index {part} skips entries (the list has {len(container)})",
                            location=name, expected=f"an index up to {len(container)}")
    else:
        container[part] = value
