"""One letter per row of a CSV or .xlsx file: fast, safe to interrupt, resumable.

A batch is a letter (its YAML/JSON data) plus a table of rows. The first row of the table
names the fields; every later row overrides or extends the letter's data, nested fields by
dotted names (``recipient.name``, ``amounts.allocation``, ``attachments[0].title``). Cells
stay text: the letter's model converts them (amounts become ``Decimal`` through the model's
own validators, never through float).

Speed comes from doing the expensive work once: the template is read, preprocessed and
compiled once per batch (once per worker process with ``jobs > 1``) and every row only
validates its data and renders the already-compiled template.

Safety comes from :mod:`thaidoc.files`: every output is written to a temporary name and
renamed when complete, so an interrupted batch (Ctrl-C, ``kill -9``) leaves only complete
documents under their real names. Resuming is decided by a journal in the output folder
(``.thaidoc-batch.jsonl``): once a group of documents is on disk (one ``syncfs`` per group,
see :class:`_Syncer`), one JSON line per document records its name, its size and modification
time, and a fingerprint of everything it was made from (the template's bytes, the letter's
data, the row, the emblem, the font, the thaidoc version). A rerun skips a document whose file
still matches its journal line and whose fingerprint is unchanged, and redoes anything else; a
line cut short by a kill is ignored, so the worst case is redoing a document (also after a
power cut, which may damage documents written since the last sync: they have no line).

:func:`render_many` is the library entry point (``thaidoc.render_many``); :func:`run_batch`
is what ``thaidoc batch`` runs.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as _dt
import hashlib
import json
import os
import re
import string
import unicodedata
import zipfile
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from thaidoc.errors import DataError, RenderError, ThaidocError
from thaidoc.files import TEMP_PREFIX

if TYPE_CHECKING:  # pragma: no cover
    from thaidoc.checks.findings import Finding
    from thaidoc.model.common import Document

__all__ = [
    "render_many",
    "run_batch",
    "BatchOptions",
    "BatchSummary",
    "PreparedLetter",
    "combine",
    "Row",
    "read_rows",
    "read_header",
    "apply_row",
    "NamePattern",
    "sanitize_filename",
    "cell_text",
    "Journal",
    "JOURNAL_NAME",
]

#: The resume journal, one JSON line per completed output, kept in the output folder.
JOURNAL_NAME = ".thaidoc-batch.jsonl"
#: Bumped when the journal's or the fingerprint's meaning changes, so old journals are ignored.
JOURNAL_FORMAT = 1


# --------------------------------------------------------------------------------------------
# Rows


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
                formulas: tuple[Any, ...] = ()) -> Row | None:
    values: dict[str, Any] = {}
    problems: list[dict[str, str]] = []
    for index, cell in enumerate(cells):
        text = cell_text(cell)
        if text == "" or (isinstance(cell, str) and not cell.strip()):
            formula = formulas[index] if index < len(formulas) else None
            name = names[index] if index < len(names) else None
            if cell is None and isinstance(formula, str) and formula.startswith("=") and name:
                problems.append({"field": name, "message": _UNCALCULATED, "found": formula})
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
    import zipfile

    from openpyxl import load_workbook

    try:
        # data_only: a formula cell gives the value Excel computed and saved, not "=SUM(...)".
        # The formulas are read alongside (both streamed) to tell an empty cell from a formula
        # that was never calculated, which would otherwise quietly keep the letter's value.
        book = load_workbook(source, read_only=True, data_only=True)
        formula_book = load_workbook(source, read_only=True, data_only=False)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DataError("cannot read the workbook", source=str(source),
                        expected="an .xlsx file saved by Excel or LibreOffice", found=str(exc)) from exc
    try:
        if sheet is not None:
            if sheet not in book.sheetnames:
                raise DataError(f"no sheet named {sheet!r}", source=str(source),
                                expected=", ".join(book.sheetnames))
            worksheet = book[sheet]
        else:
            worksheet = book.worksheets[0]
        formula_rows = formula_book[worksheet.title].iter_rows(values_only=True)
        where = f"{source} [{worksheet.title}]" if len(book.sheetnames) > 1 else str(source)
        header: list[str | None] | None = None
        for number, cells in enumerate(worksheet.iter_rows(values_only=True), start=1):
            formulas = next(formula_rows, ())
            if header is None:
                if all(cell is None for cell in cells):
                    raise DataError("the first row must name the fields (it is empty)", source=where,
                                    location="row 1")
                header = _check_header(list(cells), where)
                continue
            row = _row_values(header, cells, number, where, formulas)
            if row is not None:
                yield row
        if header is None:
            raise DataError("the sheet is empty; its first row must name the fields", source=where)
    finally:
        book.close()
        formula_book.close()


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
            child = _get(target, part, name, path[:depth + 1])
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


def _get(container: Any, part: str | int, name: str, path: tuple[str | int, ...]) -> Any:
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


# --------------------------------------------------------------------------------------------
# Output file names

_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                     *(f"LPT{i}" for i in range(1, 10))}
#: Most file systems allow 255 bytes per name; Thai letters take 3 bytes each in UTF-8.
MAX_NAME_BYTES = 240


def sanitize_filename(name: str, *, suffix: str = ".docx") -> str:
    """A file name that is safe on Windows, macOS and Linux, keeping Thai text as it is.

    Path separators, characters Windows forbids and control characters become ``_``; leading
    dots (hidden files) and trailing dots and spaces go; a name too long for the file system
    is shortened at a character boundary; ``suffix`` is added when missing.

    >>> sanitize_filename("001-เมือง/เชียงราย.docx")
    '001-เมือง_เชียงราย.docx'
    >>> sanitize_filename("../../etc/passwd"), sanitize_filename("CON"), sanitize_filename('a<b>"c"|\\n')
    ('_.._etc_passwd.docx', '_CON.docx', 'a_b_c_.docx')
    """
    name = unicodedata.normalize("NFC", name)
    if name.lower().endswith(suffix):
        name = name[: -len(suffix)]
    name = _UNSAFE.sub("_", name)
    name = " ".join(name.split())
    name = name.strip(" .")
    if name.startswith("."):
        name = "_" + name.lstrip(".")
    if not name:
        name = "_"
    if name.split(".")[0].upper() in _WINDOWS_RESERVED:
        name = "_" + name
    budget = MAX_NAME_BYTES - len(suffix.encode("utf-8"))
    if len(name.encode("utf-8")) > budget:
        name = name.encode("utf-8")[:budget].decode("utf-8", "ignore").rstrip(" .")
    return name + suffix


class _Fields:
    """Attribute and item access over the row's data, for ``str.format`` name patterns."""

    __slots__ = ("_data",)

    def __init__(self, data: Any) -> None:
        self._data = data

    def __getattr__(self, name: str) -> Any:
        try:
            return _wrap(self._data[name])
        except (KeyError, TypeError):
            raise AttributeError(name) from None

    def __getitem__(self, key: Any) -> Any:
        return _wrap(self._data[key])

    def __format__(self, spec: str) -> str:
        return format(str(self._data), spec)

    def __str__(self) -> str:
        return str(self._data)


def _wrap(value: Any) -> Any:
    return _Fields(value) if isinstance(value, (Mapping, list)) else value


class NamePattern:
    """Output file names from a ``str.format`` pattern over the row's fields and ``seq``.

    ``seq`` counts the data rows from 1 and ``row`` is the spreadsheet row number; every other
    name is a field of the letter's data after the row is applied (``{district}``,
    ``{recipient.name}``). Without a pattern the names are the sequence number, zero-padded.

    >>> NamePattern("{seq:03d}-{district}.docx").format(7, 8, {"district": "เชียงของ"})
    '007-เชียงของ.docx'
    >>> NamePattern(None, total=878).format(7, 8, {})
    '007.docx'
    """

    def __init__(self, pattern: str | None, *, total: int | None = None, suffix: str = ".docx") -> None:
        if pattern is None:
            width = max(3, len(str(total or 0)))
            pattern = f"{{seq:0{width}d}}"
        self.pattern = pattern
        self.suffix = suffix
        try:
            self.fields = {name.split(".")[0].split("[")[0]
                           for _, name, _, _ in string.Formatter().parse(pattern) if name}
        except ValueError as exc:
            raise DataError(f"--name {pattern!r} is not a valid pattern: {exc}",
                            expected='a pattern such as "{seq:03d}-{district}.docx"') from exc
        if any(name.isdigit() or name == "" for name in self.fields) or "{}" in pattern:
            raise DataError(f"--name {pattern!r}: every {{}} must name a field",
                            expected='a pattern such as "{seq:03d}-{district}.docx"')

    def check_fields(self, available: Iterable[str]) -> None:
        """Fail early, before any row, when the pattern names a field nothing provides."""
        known = {"seq", "row"} | {name.split(".")[0].split("[")[0] for name in available}
        unknown = sorted(self.fields - known)
        if unknown:
            raise DataError(f"--name {self.pattern!r} uses {', '.join(unknown)}, which neither the rows "
                            "nor the letter provide", expected="one of: " + ", ".join(sorted(known)))

    def format(self, seq: int, row: int, data: Mapping[str, Any]) -> str:
        fields = {key: _wrap(value) for key, value in data.items()}
        fields["seq"] = seq
        fields["row"] = row
        try:
            name = self.pattern.format_map(fields)
        except (KeyError, AttributeError, IndexError) as exc:
            missing = exc.args[0] if exc.args else "?"
            raise DataError(f"the file name pattern needs {missing!r}, which this row does not give",
                            location=str(missing)) from None
        except (ValueError, TypeError) as exc:
            raise DataError(f"the file name pattern {self.pattern!r} does not fit this row: {exc}") from None
        return sanitize_filename(name, suffix=self.suffix)


# --------------------------------------------------------------------------------------------
# Fingerprints and the resume journal


def canonical_json(value: Any) -> str:
    """Stable text for hashing: sorted keys, no spacing; dates and Decimals as their text."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_json_default)


def _json_default(value: Any) -> Any:
    if isinstance(value, (Decimal, _dt.date, _dt.time, Path)):
        return str(value)
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"cannot fingerprint a {type(value).__name__}")


def digest(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


@dataclass(slots=True)
class _Entry:
    fingerprint: str
    size: int
    mtime_ns: int


class Journal:
    """What a previous run completed in an output folder (see the module docstring).

    The journal is append-only while a batch runs (one ``write`` per completed file, so a
    ``kill -9`` loses at most the line being written) and rewritten compactly, atomically, at
    the end of a run.
    """

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)
        self.path = self.folder / JOURNAL_NAME
        self.entries: dict[str, _Entry] = {}
        self._handle: Any = None
        self._load()

    def _load(self) -> None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except (FileNotFoundError, UnicodeDecodeError):
            return
        for line in text.splitlines():
            try:
                record = json.loads(line)
                if record.get("format") != JOURNAL_FORMAT:
                    continue
                self.entries[record["name"]] = _Entry(record["fingerprint"], int(record["size"]),
                                                      int(record["mtime_ns"]))
            except (ValueError, KeyError, TypeError, AttributeError):
                continue  # a line cut short by a kill, or not ours: the file is simply redone

    def is_current(self, name: str, fingerprint: str) -> bool:
        """True when ``name`` was completed from the same inputs and is untouched since."""
        entry = self.entries.get(name)
        if entry is None or entry.fingerprint != fingerprint:
            return False
        try:
            stat = (self.folder / name).stat()
        except OSError:
            return False
        return stat.st_size == entry.size and stat.st_mtime_ns == entry.mtime_ns

    def record(self, name: str, fingerprint: str) -> None:
        """Note that ``name`` (already renamed into place) is complete."""
        stat = (self.folder / name).stat()
        entry = _Entry(fingerprint, stat.st_size, stat.st_mtime_ns)
        if name in self.entries:  # an older line for it is now stale
            self.entries[name] = entry
        # New names are not kept in memory (a 75,032-row batch would hold them all): the
        # file has them, and nothing asks about a letter after it is recorded in this run.
        if self._handle is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._handle = self.path.open("a", encoding="utf-8")
        self._handle.write(json.dumps({"format": JOURNAL_FORMAT, "name": name, "fingerprint": fingerprint,
                                       "size": entry.size, "mtime_ns": entry.mtime_ns},
                                      ensure_ascii=False) + "\n")
        self._handle.flush()

    def close(self, *, compact: bool = True) -> None:
        """Stop appending; with ``compact``, rewrite the journal with one line per file that
        still exists (only needed when an earlier run left lines: a first run has no stale
        ones)."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        if not compact or not self.entries:
            return
        from thaidoc.files import atomic_output

        latest: dict[str, str] = {}
        with self.path.open(encoding="utf-8") as lines:
            for line in lines:
                try:
                    record = json.loads(line)
                    if record.get("format") == JOURNAL_FORMAT:
                        latest[record["name"]] = line if line.endswith("\n") else line + "\n"
                except (ValueError, KeyError, TypeError, AttributeError):
                    continue
        with atomic_output(self.path, "w") as handle:
            for name, line in latest.items():
                if (self.folder / name).exists():
                    handle.write(line)


def remove_leftover_temp_files(folder: str | os.PathLike[str]) -> list[Path]:
    """Delete temporary files an interrupted run left in ``folder`` (only thaidoc's own)."""
    removed: list[Path] = []
    root = Path(folder)
    if not root.is_dir():
        return removed
    for entry in root.iterdir():
        if entry.name.startswith(TEMP_PREFIX):
            with contextlib.suppress(OSError):
                if entry.is_dir() and not entry.is_symlink():
                    import shutil

                    shutil.rmtree(entry)
                else:
                    entry.unlink()
                removed.append(entry)
    return removed


# --------------------------------------------------------------------------------------------
# The letter, prepared once


@dataclass(frozen=True, slots=True)
class LetterSpec:
    """Everything a worker process needs to prepare the letter itself (picklable)."""

    base: dict[str, Any]
    source: str | None = None
    template: str | None = None
    emblem: str | None = None
    font: str | None = None
    allow_inconsistent: bool = False


class InconsistentRow(RenderError):
    """A row whose letter the checks refuse (words that disagree with figures, a budget that
    does not add up); ``findings`` says what and where."""

    def __init__(self, findings: list[Finding], *, source: str | None = None) -> None:
        errors = [f for f in findings if f.severity.value == "error"]
        first = errors[0]
        super().__init__(f"{first.code}: {first.message}" + (f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""),
                         source=source, location=first.location, expected=first.expected, found=first.found)
        self.findings = findings


class PreparedLetter:
    """A letter ready to be rendered many times with different rows.

    The template is prepared once (:func:`thaidoc.render.prepared_template`, cached per
    process); :meth:`render` only validates the row's data, runs the checks, expands the
    text and fills the compiled template, exactly as :func:`thaidoc.render.render` does for
    one letter. An instance holds no per-render state: threads may share one.
    """

    def __init__(self, spec: LetterSpec) -> None:
        from thaidoc.model import KINDS
        from thaidoc.render import prepared_template, resolve_font, template_path

        self.spec = spec
        self.base = spec.base
        self.source = spec.source
        kind = self.base.get("kind")
        model = KINDS.get(kind) if isinstance(kind, str) else None
        if model is None:
            raise DataError("the letter does not say what document it is", source=self.source,
                            location="kind", expected="one of " + ", ".join(sorted(KINDS)),
                            found=repr(kind) if kind is not None else "nothing")
        self.model = model
        self.fields = frozenset(model.model_fields)
        self.template_path = Path(spec.template) if spec.template is not None else template_path(model.template)
        self.prepared = prepared_template(self.template_path)
        self.font = resolve_font(spec.font)
        self._base_dir = Path(self.source).parent if self.source else None
        self._is_model_field: dict[str, bool] = {}
        # Words typed by hand beside an amount in the letter itself: then every row's text
        # must be checked, since the row may change the figure and not the words.
        self._base_has_words = any(_TYPED_WORDS.search(text) for _, text in _strings(self.base, ""))

    @classmethod
    def from_letter(cls, letter: Any, **options: Any) -> "PreparedLetter":
        """From a YAML/JSON path, a mapping, or a validated model (see :func:`letter_spec`)."""
        return cls(letter_spec(letter, **options))

    @property
    def fingerprint_base(self) -> str:
        """What every document of this batch is made from, hashed (see :class:`Journal`)."""
        from thaidoc._version import __version__

        spec = self.spec
        return digest(str(JOURNAL_FORMAT), __version__, _file_digest(self.template_path),
                      canonical_json(self.base), "allow-inconsistent" if spec.allow_inconsistent else "checked",
                      _file_digest(self._emblem_path()) if self._emblem_path() else "", self.font or "")

    def _emblem_path(self) -> Path | None:
        from thaidoc.render.emblem import ENV_VAR

        chosen = self.spec.emblem or self.base.get("emblem") or os.environ.get(ENV_VAR)
        if not isinstance(chosen, str):
            return None
        path = Path(chosen).expanduser()
        if not self.spec.emblem and self.base.get("emblem") and not path.is_absolute() and self._base_dir:
            path = self._base_dir / path
        return path

    def is_model_field(self, name: str) -> bool:
        """Whether a row column sets a field of the letter's model (else it is a row-only field)."""
        known = self._is_model_field.get(name)
        if known is None:
            top = parse_field_path(name)[0]
            known = self._is_model_field[name] = top in self.fields or top == "kind"
        return known

    def split(self, values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        """The row's values for the model, and its row-only fields (e.g. ``district``) nested."""
        model_values: dict[str, Any] = {}
        extras: dict[str, Any] = {}
        for name, value in values.items():
            (model_values if self.is_model_field(name) else extras)[name] = value
        return model_values, (apply_row({}, extras) if extras else extras)

    def data(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """The letter's data with the row applied, row-only fields included (for names)."""
        return apply_row(self.base, values)

    def document(self, values: Mapping[str, Any]) -> Document:
        """The validated model for one row (DataError naming the field on bad input)."""
        from thaidoc.model import load_document

        model_values, _ = self.split(values)
        return load_document(apply_row(self.base, model_values), source=self.source)

    def context(self, values: Mapping[str, Any]) -> tuple[Document, dict[str, Any]]:
        """The validated model for one row and its template context, text expanded."""
        from thaidoc.render import prepare_context

        model_values, extras = self.split(values)
        document = self.document(model_values)
        if not extras:
            return document, prepare_context(document)
        # prepare_context reads only .context() and .source, which _WithRowFields provides; a
        # frozen pydantic model cannot carry the row-only fields itself.
        return document, prepare_context(cast("Document", _WithRowFields(document, extras)))

    def render(self, values: Mapping[str, Any]) -> tuple[bytes, list[Finding]]:
        """The .docx bytes for one row and the findings of the checks (warnings, notes).

        Raises :class:`ThaidocError` for a row that cannot give a correct letter: DataError
        for bad data (the field is the location), :class:`InconsistentRow` when the checks
        find an error (unless the letter allows inconsistencies), TemplateError/RenderError.
        """
        from thaidoc.render.emblem import resolve_emblem

        document, context = self.context(values)
        findings = _checks(document, context, words=self._base_has_words or _row_has_words(values))
        if not self.spec.allow_inconsistent and any(f.severity.value == "error" for f in findings):
            raise InconsistentRow(findings, source=self.source)
        image = resolve_emblem(self.spec.emblem, document.emblem, base=self._base_dir)
        if image is not None and not self.prepared.has_emblem and self.spec.emblem is None:
            image = None  # a template without an emblem slot ignores a configured emblem
        try:
            data = self.prepared.render(context, emblem=image, font=self.font)
        except ThaidocError as exc:
            raise exc.with_context(source=str(self.template_path)) from None
        return data, findings


class _WithRowFields:
    """A document whose context also offers the row-only fields (``{{ district }}`` in text);
    the model's own fields win over a row-only field of the same name."""

    __slots__ = ("_document", "_extras")

    def __init__(self, document: Document, extras: Mapping[str, Any]) -> None:
        self._document = document
        self._extras = extras

    @property
    def source(self) -> str | None:
        return self._document.source

    def context(self) -> dict[str, Any]:
        return {**self._extras, **self._document.context()}


# "๙๗,๓๕๐.๕๐ บาท (เก้าหมื่น…บาทห้าสิบสตางค์)": a figure and the words written beside it.
_FIGURE = r"[0-9๐-๙]{1,3}(?:,[0-9๐-๙]{3})+(?:\.[0-9๐-๙]+)?|[0-9๐-๙]+(?:\.[0-9๐-๙]+)?"
_FIGURE_AND_WORDS = re.compile(
    rf"(?<![0-9๐-๙.,])(?P<figure>{_FIGURE})\s*บาท\s*\(\s*(?P<words>[^()0-9๐-๙]*?(?:บาทถ้วน|บาท|สตางค์))\s*\)")


#: Words typed in the letter (not made by ``| bahttext`` inside ``{{ }}``), the same endings as
#: _FIGURE_AND_WORDS: "(หนึ่งแสนบาทถ้วน)" must count, or no row of the batch is checked.
_TYPED_WORDS = re.compile(r"\(\s*[^(){}0-9๐-๙]*(?:บาทถ้วน|บาท|สตางค์)\s*\)")


def _row_has_words(values: Mapping[str, Any]) -> bool:
    return any(isinstance(v, str) and ("บาท" in v or "สตางค์" in v) for v in values.values())


def _checks(document: Document, context: Mapping[str, Any], *, words: bool = True) -> list[Finding]:
    """The document's model checks, plus words-vs-figures in the letter's expanded text.

    Words derived with ``| bahttext`` always agree with their figure; words typed by hand,
    into a row or into the letter, may not, and the row is then refused like a budget that
    does not add up. The text is scanned only when some words were typed (``words``): reading
    back words that ``bahttext`` wrote would only cost time.
    """
    findings: list[Finding] = []
    try:
        from thaidoc.checks.budget import check_document
    except ModuleNotFoundError:  # pragma: no cover - checks not in this checkout
        pass
    else:
        findings.extend(check_document(document, source=document.source))
    if not words:
        return findings
    from thaidoc.checks.amounts import check_amount_words
    from thaidoc.thai import to_decimal

    seen: set[str] = set()  # the same text appears as a field and as its print-ready line
    for path, text in _strings(context, ""):
        if "บาท" not in text or "(" not in text:
            continue
        for match in _FIGURE_AND_WORDS.finditer(text):
            typed = re.sub(r"\s+", "", match["words"])
            if "." in typed or match.group(0) in seen:  # (.....บาทถ้วน) is a blank to fill in
                continue
            seen.add(match.group(0))
            findings.extend(check_amount_words(to_decimal(match["figure"]), typed, location=path,
                                               quote=match.group(0), source=document.source))
    return findings


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index}]")


def letter_spec(letter: Any, *, template: str | os.PathLike[str] | None = None,
                emblem: str | os.PathLike[str] | None = None, font: str | None = None,
                allow_inconsistent: bool = False, source: str | None = None) -> LetterSpec:
    """The letter as picklable data: from a YAML/JSON path, a mapping or a document model."""
    if isinstance(letter, LetterSpec):
        return letter
    if isinstance(letter, (str, os.PathLike)):
        from thaidoc.data import load_data

        source = source or str(letter)
        base = load_data(letter)
    elif isinstance(letter, Mapping):
        base = dict(letter)
    elif hasattr(letter, "model_dump"):
        base = letter.model_dump(mode="python", exclude_unset=True)
        base["kind"] = letter.kind
        source = source or getattr(letter, "source", None)
    else:
        raise DataError("the letter must be a YAML/JSON path, a mapping or a document model",
                        found=type(letter).__name__)
    return LetterSpec(base=base, source=source, template=str(template) if template is not None else None,
                      emblem=str(emblem) if emblem is not None else None, font=font,
                      allow_inconsistent=allow_inconsistent)


def _file_digest(path: Path | None) -> str:
    if path is None:
        return ""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return str(path)


# --------------------------------------------------------------------------------------------
# The library entry point


def render_many(
    letter: Any,
    rows: Iterable[Mapping[str, Any] | Row],
    *,
    template: str | os.PathLike[str] | None = None,
    key: str | Callable[[int, Mapping[str, Any]], Any] | None = None,
    allow_inconsistent: bool = False,
    errors: str = "raise",
) -> Iterator[tuple[Any, bytes]]:
    """Render ``letter`` once per row; yield ``(key, docx_bytes)`` in row order.

    ``letter`` is the letter's data (a YAML/JSON path, a mapping or a model) and each row a
    mapping of (dotted) field names to values that override or extend it, or a :class:`Row`
    from :func:`read_rows`. The template is prepared once per call. ``key`` is a name pattern
    (``"{seq:03d}-{district}.docx"``), a function ``(seq, data) -> key``, or ``None`` for the
    sequence number (from 1). With ``errors="raise"`` (default) a bad row raises its
    :class:`ThaidocError` with the row in the location; with ``errors="skip"`` it is skipped.

    Calls from several threads at once are safe: each call prepares its own letter and the
    compiled template is never modified while rendering.
    """
    if errors not in ("raise", "skip"):
        raise ValueError("errors must be 'raise' or 'skip'")
    prepared = PreparedLetter.from_letter(letter, template=template, allow_inconsistent=allow_inconsistent)
    pattern = NamePattern(key) if isinstance(key, str) else None
    for seq, row in enumerate(rows, start=1):
        number, values = (row.number, row.values) if isinstance(row, Row) else (seq, row)
        try:
            if isinstance(row, Row) and row.problems:
                problem = row.problems[0]
                raise DataError(problem["message"], location=problem["field"], found=problem["found"])
            data, _findings = prepared.render(values)
            if pattern is not None:
                name: Any = pattern.format(seq, number, prepared.data(values))
            elif callable(key):
                name = key(seq, prepared.data(values))
            else:
                name = seq
        except ThaidocError as exc:
            if errors == "skip":
                continue
            raise at_row(exc, number) from None
        yield name, data


def at_row(error: ThaidocError, number: int) -> ThaidocError:
    """Put the spreadsheet row in front of the field: ``row 5, amounts.allocation``."""
    error.location = f"row {number}, {error.location}" if error.location else f"row {number}"
    return error


# --------------------------------------------------------------------------------------------
# The batch command: plan, render (in worker processes), resume, package


@dataclass(slots=True)
class RowResult:
    """What happened to one row; ``status`` is written, up-to-date or failed."""

    seq: int
    row: int
    name: str | None
    status: str
    errors: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"row": self.row, "seq": self.seq, "file": self.name, "status": self.status}
        if self.errors:
            out["errors"] = self.errors
        if self.findings:
            out["findings"] = self.findings
        return out


@dataclass(slots=True)
class BatchOptions:
    letter: Path
    rows: Path
    output: Path | None = None
    name: str | None = None
    zip: Path | None = None
    combined: Path | None = None
    pdf: bool = False
    jobs: int = 1
    force: bool = False
    report: Path | None = None
    template: Path | None = None
    emblem: Path | None = None
    font: str | None = None
    allow_inconsistent: bool = False
    encoding: str = "utf-8-sig"
    sheet: str | None = None


@dataclass(slots=True)
class BatchSummary:
    total: int = 0
    written: int = 0
    up_to_date: int = 0
    failed: int = 0
    pdf_written: int = 0
    seconds: float = 0.0
    output: Path | None = None
    zip: Path | None = None
    combined: Path | None = None
    report: Path | None = None
    row_only_fields: list[str] = field(default_factory=list)
    #: the first failures, for the summary on screen (all of them are in the report)
    failures: list[RowResult] = field(default_factory=list)
    interrupted: bool = False

    @property
    def ok(self) -> bool:
        return self.failed == 0 and not self.interrupted


def error_dict(exc: BaseException) -> dict[str, Any]:
    if isinstance(exc, ThaidocError):
        message = exc.message.removeprefix("Value error, ")  # pydantic's wording adds nothing
        out = {"field": exc.location, "message": message, "expected": exc.expected, "found": exc.found}
        return {k: v for k, v in out.items() if v is not None}
    return {"message": f"internal error: {type(exc).__name__}: {exc}"}


# (seq, row number, values, file name, fingerprint)
_Task = tuple[int, int, dict[str, Any], str, str]

_WORKER_LETTER: PreparedLetter | None = None
_WORKER_FOLDER: Path | None = None


def _init_worker(spec: LetterSpec, folder: str) -> None:
    """Runs once in each worker process: prepare the template there, once."""
    import signal

    # Ctrl-C goes to the whole process group; the parent decides (cancel, let running
    # chunks finish their atomic writes), so workers ignore it instead of dying mid-file.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    global _WORKER_LETTER, _WORKER_FOLDER
    _WORKER_LETTER = PreparedLetter(spec)
    _WORKER_FOLDER = Path(folder)


def _die_with_parent() -> None:
    """If the batch is killed (``kill -9``), its workers must not go on writing files and
    holding the folder's lock: on Linux the kernel kills them with their parent."""
    import sys

    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    parent = os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - no prctl: workers end with the queue
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _render_chunk(tasks: list[_Task]) -> list[RowResult]:
    assert _WORKER_LETTER is not None and _WORKER_FOLDER is not None
    return [_render_task(_WORKER_LETTER, _WORKER_FOLDER, task) for task in tasks]


def _render_task(letter: PreparedLetter, folder: Path, task: _Task) -> RowResult:
    from thaidoc.files import write_atomic

    seq, number, values, name, _fingerprint = task
    try:
        data, findings = letter.render(values)
    except InconsistentRow as exc:
        return RowResult(seq, number, name, "failed", errors=[error_dict(exc)],
                         findings=[f.to_dict() for f in exc.findings])
    except ThaidocError as exc:
        return RowResult(seq, number, name, "failed", errors=[error_dict(exc)])
    except Exception as exc:  # a bug must cost one row, not a 75,000-row batch
        return RowResult(seq, number, name, "failed", errors=[error_dict(exc)])
    # Not synced file by file: the batch syncs once per group before journalling (_Syncer).
    write_atomic(folder / name, data, durable=False)
    return RowResult(seq, number, name, "written", findings=[f.to_dict() for f in findings])


def _batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _run_parallel(spec: LetterSpec, folder: Path, tasks: Iterable[_Task], jobs: int, chunk_size: int = 16,
                  salvage: Callable[[RowResult], None] | None = None) -> Iterator[RowResult]:
    """Render tasks in ``jobs`` processes, yielding results in order.

    At most a few chunks per worker are in flight, so rows are read from the file only as
    fast as they are rendered (memory stays flat however long the table is). When the batch
    is interrupted, the chunks the workers still finish are handed to ``salvage`` (so that
    their complete letters are journalled, not redone).
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker,
                               initargs=(spec, str(folder)))
    window: deque[Any] = deque()
    try:
        for chunk in _batched(tasks, chunk_size):
            window.append(pool.submit(_render_chunk, chunk))
            while len(window) >= jobs * 3:
                results = window[0].result()
                window.popleft()
                yield from results
        while window:
            results = window[0].result()
            window.popleft()
            yield from results
    except BaseException:
        # Ctrl-C (or an error): drop what has not started; running chunks finish their
        # atomic writes, and what they completed is salvaged.
        pool.shutdown(wait=True, cancel_futures=True)
        if salvage is not None:
            for future in window:
                if future.done() and not future.cancelled() and future.exception() is None:
                    for result in future.result():
                        salvage(result)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


class _Lock:
    """One batch at a time per output folder (two would fight over the journal)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / ".thaidoc-batch.lock"
        self.handle: Any = None

    def __enter__(self) -> "_Lock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.handle = self.path.open("a")
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: no advisory lock
            return self
        try:
            fcntl.flock(self.handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self.handle.close()
            raise DataError("another thaidoc batch is writing to this folder", source=str(self.path.parent),
                            expected="one batch per output folder at a time") from None
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.handle is not None:
            self.handle.close()


class _ReportWriter:
    """The JSON report, streamed row by row so that 75,032 rows are never held in memory."""

    def __init__(self, path: Path | None, header: dict[str, Any]) -> None:
        self.path = path
        self._context: Any = None
        self._handle: Any = None
        self._first = True
        if path is not None:
            from thaidoc.files import atomic_output

            self._context = atomic_output(path, "w")
            self._handle = self._context.__enter__()
            head = json.dumps(header, ensure_ascii=False, indent=2)
            self._handle.write(head[:-2] + ',\n  "rows": [\n')

    def add(self, result: RowResult) -> None:
        if self._handle is None:
            return
        self._handle.write(("" if self._first else ",\n") + "    "
                           + json.dumps(result.to_dict(), ensure_ascii=False, default=str))
        self._first = False

    def finish(self, summary: dict[str, Any]) -> None:
        if self._handle is None:
            return
        self._handle.write('\n  ],\n  "summary": ' + json.dumps(summary, ensure_ascii=False) + "\n}\n")
        self._context.__exit__(None, None, None)
        self._handle = None

    def abort(self, exc: BaseException) -> None:
        if self._handle is not None:
            self._context.__exit__(type(exc), exc, exc.__traceback__)
            self._handle = None


def run_batch(options: BatchOptions, *, on_start: Callable[[int], None] | None = None,
              on_row: Callable[[RowResult], None] | None = None,
              on_phase: Callable[[str], None] | None = None) -> BatchSummary:
    """Run a batch as ``thaidoc batch`` does (see :mod:`thaidoc.cli.batch`).

    ``on_start(total)`` is called once the rows are counted, ``on_row(result)`` for each row
    in order and ``on_phase(text)`` before the PDF, zip and combined steps (for a progress bar).
    Raises :class:`DataError` for problems that stop the whole batch (unreadable letter or
    table, bad name pattern, two rows giving the same file name).
    """
    import tempfile
    import time

    started = time.perf_counter()
    spec = letter_spec(options.letter, template=options.template, emblem=options.emblem, font=options.font,
                       allow_inconsistent=options.allow_inconsistent)
    letter = PreparedLetter(spec)
    header = read_header(options.rows, encoding=options.encoding, sheet=options.sheet)
    row_only = _check_columns(letter, header, str(options.rows))

    if options.output is None and options.zip is None and options.combined is None:
        raise DataError("say where the letters go", expected="-o FOLDER, --zip FILE or --combined FILE")
    summary = BatchSummary(output=options.output, zip=options.zip, combined=options.combined,
                           report=options.report, row_only_fields=row_only)

    scratch: tempfile.TemporaryDirectory[str] | None = None
    package = options.zip or options.combined
    if options.output is not None:
        folder = options.output
    elif package is not None:  # only a zip or a combined file: the single letters are scratch
        anchor = package.resolve().parent
        anchor.mkdir(parents=True, exist_ok=True)
        scratch = tempfile.TemporaryDirectory(prefix=TEMP_PREFIX + "batch-", dir=anchor)
        folder = Path(scratch.name)

    try:
        with _Lock(folder):
            remove_leftover_temp_files(folder)
            journal = Journal(folder)
            plan, failed_early, total = _plan(letter, options, header)
            summary.total = total
            if on_start:
                on_start(total)
            report = _ReportWriter(options.report, {
                "letter": str(options.letter), "rows_file": str(options.rows),
                "output": str(options.output) if options.output else None, "total": total})
            names: list[str] = []
            keep_names = options.pdf or options.zip is not None or options.combined is not None
            results = _execute(letter, spec, options, folder, journal, plan, failed_early)
            try:
                for result in results:
                    if result.status == "failed":
                        summary.failed += 1
                        if len(summary.failures) < 50:
                            summary.failures.append(result)
                    else:
                        if keep_names:  # only the packaging steps need the list
                            names.append(result.name or "")
                        if result.status == "written":
                            summary.written += 1
                        else:
                            summary.up_to_date += 1
                    report.add(result)
                    if on_row:
                        on_row(result)
                if options.pdf:
                    if on_phase:
                        on_phase("PDF")
                    summary.pdf_written, pdf_failures = _convert_pdfs(folder, names, journal, letter, plan,
                                                                       options)
                    for message in pdf_failures:
                        summary.failures.append(RowResult(0, 0, None, "failed", errors=[{"message": message}]))
                        summary.failed += 1
                if options.zip is not None:
                    if on_phase:
                        on_phase("zip")
                    packed = []
                    for name in names:  # each letter, then its PDF when there is one
                        packed.append(name)
                        if options.pdf and (folder / _pdf_name(name)).is_file():
                            packed.append(_pdf_name(name))
                    _write_zip(options.zip, folder, packed)
                if options.combined is not None:
                    if on_phase:
                        on_phase("combined")
                    from thaidoc.files import write_atomic

                    write_atomic(options.combined, combine((folder / n for n in names)))
            except BaseException as exc:
                summary.interrupted = isinstance(exc, KeyboardInterrupt)
                results.close()  # stop the workers; journal what is complete and synced
                report.abort(exc)
                journal.close(compact=False)
                raise
            summary.seconds = time.perf_counter() - started
            report.finish({"total": summary.total, "written": summary.written, "up_to_date": summary.up_to_date,
                           "failed": summary.failed, "pdf_written": summary.pdf_written,
                           "seconds": round(summary.seconds, 3)})
            journal.close()
    finally:
        if scratch is not None:
            scratch.cleanup()
    return summary


def read_header(path: str | os.PathLike[str], *, encoding: str = "utf-8-sig", sheet: str | None = None) -> list[str]:
    """The field names of a rows file (its first row)."""
    source = Path(path)
    if source.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(source, read_only=True, data_only=True)
        except Exception as exc:
            raise DataError("cannot read the workbook", source=str(source), found=str(exc)) from exc
        try:
            sheet_obj = book[sheet] if sheet in book.sheetnames else book.worksheets[0]
            first = next(sheet_obj.iter_rows(values_only=True, max_row=1), ())
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


def _check_columns(letter: PreparedLetter, header: list[str], source: str) -> list[str]:
    """Columns that are not fields of the letter's model are row-only fields (for --name and
    for ``{{ }}`` in the letter's text); one that looks like a misspelt field is an error."""
    import difflib

    row_only = []
    for name in header:
        if letter.is_model_field(name):
            continue
        top = str(parse_field_path(name)[0])
        close = difflib.get_close_matches(top, sorted(letter.fields), n=1, cutoff=0.8)
        if close:
            raise DataError(f"the column {name!r} is not a field of {letter.base.get('kind')}; did you mean "
                            f"{close[0]!r}?", source=source, location="row 1",
                            expected="a field of the letter, or a row-only name unlike any field")
        row_only.append(name)
    return row_only


@dataclass(slots=True)
class _Plan:
    """Per row, what the planning pass decided (kept compact: 75,032 of these fit easily)."""

    names: list[str]
    fingerprints: list[str]


def _plan(letter: PreparedLetter, options: BatchOptions, header: list[str]) -> tuple[_Plan, dict[int, RowResult], int]:
    """First pass over the rows: file names, fingerprints and collisions, before any rendering.

    Two rows giving the same file name would silently overwrite each other, so that stops the
    batch with both row numbers. Rows whose name cannot be made fail alone.
    """
    pattern = NamePattern(options.name, total=None)
    pattern.check_fields([*header, *letter.base])
    names: list[str] = []
    fingerprints: list[str] = []
    failed: dict[int, RowResult] = {}
    seen: dict[str, int] = {}
    collisions: list[str] = []
    count = 0
    if options.name is None:
        count = sum(1 for _ in read_rows(options.rows, encoding=options.encoding, sheet=options.sheet))
        pattern = NamePattern(None, total=count)
    seq = 0
    prefix = letter.fingerprint_base
    for seq, row in enumerate(read_rows(options.rows, encoding=options.encoding, sheet=options.sheet), start=1):
        fingerprints.append(digest(prefix, canonical_json(row.values)))
        if row.problems:
            failed[seq] = RowResult(seq, row.number, None, "failed", errors=list(row.problems))
            names.append("")
            continue
        try:
            name = pattern.format(seq, row.number, letter.data(row.values))
        except ThaidocError as exc:
            failed[seq] = RowResult(seq, row.number, None, "failed", errors=[error_dict(exc)])
            names.append("")
            continue
        names.append(name)
        folded = name.casefold()
        if folded in seen:
            if len(collisions) < 5:
                collisions.append(f"rows {seen[folded]} and {row.number} both give {name!r}")
        else:
            seen[folded] = row.number
    if collisions:
        raise DataError("two rows would write the same file: " + "; ".join(collisions),
                        source=str(options.rows),
                        expected="a --name pattern that differs for every row, e.g. with {seq}")
    return _Plan(names, fingerprints), failed, seq


def _execute(letter: PreparedLetter, spec: LetterSpec, options: BatchOptions, folder: Path,
             journal: Journal, plan: _Plan, failed_early: dict[int, RowResult]) -> Generator[RowResult, None, None]:
    """Second pass: skip what is up to date, render the rest, record each completed file."""
    ready: dict[int, RowResult] = {}

    def tasks() -> Iterator[_Task]:
        rows = read_rows(options.rows, encoding=options.encoding, sheet=options.sheet)
        for seq, row in enumerate(rows, start=1):
            if seq > len(plan.names):
                raise DataError("the rows file changed while the batch was running", source=str(options.rows))
            early = failed_early.get(seq)
            name, fingerprint = plan.names[seq - 1], plan.fingerprints[seq - 1]
            if early is not None:
                ready[seq] = early
            elif not options.force and journal.is_current(name, fingerprint) and (
                    not options.pdf or journal.is_current(_pdf_name(name), _pdf_fingerprint(fingerprint))):
                ready[seq] = RowResult(seq, row.number, name, "up-to-date")
            else:
                yield (seq, row.number, row.values, name, fingerprint)

    def ordered(results: Iterator[RowResult]) -> Iterator[RowResult]:
        # Skipped rows never reach the workers; put them back in row order.
        next_seq = 1
        for result in results:
            while next_seq < result.seq:
                yield ready.pop(next_seq)
                next_seq += 1
            yield result
            next_seq = result.seq + 1
        while next_seq in ready:
            yield ready.pop(next_seq)
            next_seq += 1

    syncer = _Syncer(folder, journal)

    def salvage(result: RowResult) -> None:
        if result.status == "written" and result.name:
            syncer.add(result.name, plan.fingerprints[result.seq - 1])

    jobs = max(1, options.jobs)
    if jobs > 1:
        results: Iterator[RowResult] = _run_parallel(spec, folder, tasks(), jobs, salvage=salvage)
    else:
        results = (_render_task(letter, folder, task) for task in tasks())
    try:
        for result in ordered(results):
            if result.status == "written" and result.name:
                syncer.add(result.name, plan.fingerprints[result.seq - 1])
            yield result
    finally:  # also on Ctrl-C: what is complete is synced and journalled (not after kill -9)
        syncer.flush()


class _Syncer:
    """Journal written files in groups, after one file-system sync per group.

    A journal line promises a complete file, so it may only be written once the file's data
    is on disk. One ``fsync`` per file costs more than rendering the letter; one ``syncfs``
    per group of files (at most every half second) costs almost nothing. After a power cut,
    files written since the last sync have no journal line and are redone.
    """

    def __init__(self, folder: Path, journal: Journal, *, group: int = 128, seconds: float = 0.5) -> None:
        import time

        self.folder, self.journal, self.group, self.seconds = folder, journal, group, seconds
        self.pending: list[tuple[str, str]] = []
        self._clock = time.monotonic
        self.last = self._clock()

    def add(self, name: str, fingerprint: str) -> None:
        self.pending.append((name, fingerprint))
        if len(self.pending) >= self.group or self._clock() - self.last >= self.seconds:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            sync_files(self.folder, [name for name, _ in self.pending])
            for name, fingerprint in self.pending:
                self.journal.record(name, fingerprint)
            self.pending.clear()
        self.last = self._clock()


def sync_files(folder: Path, names: list[str]) -> None:
    """Force the files (and their renames) to disk: one syncfs on Linux, else fsync each."""
    import sys

    if sys.platform.startswith("linux"):
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            fd = os.open(folder, os.O_RDONLY)
            try:
                if libc.syncfs(fd) == 0:
                    return
            finally:
                os.close(fd)
        except (OSError, AttributeError):
            pass
    for name in names:
        with contextlib.suppress(OSError):
            fd = os.open(folder / name, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)  # the renames live in the folder
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _pdf_name(name: str) -> str:
    return str(Path(name).with_suffix(".pdf"))


def _pdf_fingerprint(fingerprint: str) -> str:
    return digest(fingerprint, "pdf")


def _convert_pdfs(folder: Path, names: list[str], journal: Journal, letter: PreparedLetter, plan: _Plan,
                  options: BatchOptions) -> tuple[int, list[str]]:
    """Convert the documents whose PDF is missing or stale, many per LibreOffice start.

    Starting soffice costs seconds, so each call converts a chunk of files; chunks run in
    parallel (``jobs``), each with its own profile. soffice writes in place, so it writes into
    a temporary folder and each finished PDF is renamed into the output folder.
    """
    import subprocess
    import tempfile
    from concurrent.futures import ThreadPoolExecutor

    from thaidoc.errors import ConversionError
    from thaidoc.render.pdf import for_libreoffice, soffice_path, soffice_profile

    folder = folder.resolve()  # soffice needs absolute paths (and a file:// URI for its profile)
    fingerprint_of = {name: fp for name, fp in zip(plan.names, plan.fingerprints) if name}
    todo = [name for name in names
            if options.force or not journal.is_current(_pdf_name(name), _pdf_fingerprint(fingerprint_of[name]))]
    if not todo:
        return 0, []
    soffice = soffice_path()
    if soffice is None:
        raise ConversionError("--pdf needs LibreOffice (soffice), which is not installed",
                              expected="soffice on PATH, or leave out --pdf")

    def convert(chunk: list[str]) -> tuple[list[str], list[str]]:
        with tempfile.TemporaryDirectory(prefix=TEMP_PREFIX + "pdf-", dir=folder) as tmp:
            work = Path(tmp)
            (work / "docx").mkdir()
            thai_numerals = False
            for name in chunk:  # as thaidoc.render.pdf.to_pdf prepares a letter for LibreOffice
                prepared, needs_numerals = for_libreoffice((folder / name).read_bytes())
                (work / "docx" / name).write_bytes(prepared)
                thai_numerals = thai_numerals or needs_numerals
            profile, env = soffice_profile(work, thai_numerals=thai_numerals)
            target = work / "pdf"
            command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                       "--nologo", "--nodefault", "--convert-to", "pdf:writer_pdf_Export", "--outdir",
                       str(target), *(str(work / "docx" / n) for n in chunk)]
            try:
                subprocess.run(command, capture_output=True, timeout=120 + 10 * len(chunk), check=False,
                               env=env, stdin=subprocess.DEVNULL)
            except (subprocess.TimeoutExpired, OSError):
                pass  # the letters without a PDF are reported below
            done, failed = [], []
            for name in chunk:
                produced = target / _pdf_name(name)
                if produced.is_file() and produced.stat().st_size > 0:
                    os.replace(produced, folder / _pdf_name(name))
                    done.append(name)
                else:
                    failed.append(f"{name}: LibreOffice did not produce a PDF")
            return done, failed

    chunks = [todo[i:i + 25] for i in range(0, len(todo), 25)]
    written = 0
    failures: list[str] = []
    with ThreadPoolExecutor(max(1, min(options.jobs, len(chunks)))) as pool:
        for done, failed in pool.map(convert, chunks):
            sync_files(folder, [_pdf_name(name) for name in done])
            for name in done:
                journal.record(_pdf_name(name), _pdf_fingerprint(fingerprint_of[name]))
            written += len(done)
            failures.extend(failed)
    return written, failures


def _write_zip(path: Path, folder: Path, names: list[str]) -> None:
    """One zip of the letters, streamed from disk (documents are already compressed: stored)."""
    import zipfile

    from thaidoc.files import atomic_output

    with atomic_output(path, "wb") as handle, zipfile.ZipFile(handle, "w", zipfile.ZIP_STORED) as archive:
        for name in names:
            archive.write(folder / name, arcname=name)


def combine(documents: Iterable[str | os.PathLike[str] | bytes]) -> bytes:
    """One .docx with every letter, each starting on a new page, for printing.

    Each letter becomes its own section (a section break after the previous one), so each
    keeps its page setup and its page numbers restart at ๑ as on the separate letters; the
    headers and footers are the first letter's.

    Letters rendered from one template share every part but their text (styles, numbering,
    relationships, the emblem), so their bodies are simply placed one after another: linear
    in the number of letters (878 letters in seconds). Letters that differ in other parts
    (different templates or emblems) go through docxcompose, which merges styles, numbering
    and images properly but slows down as the document grows.
    """
    items = [item if isinstance(item, bytes) else Path(item) for item in documents]
    if not items:
        raise ThaidocError("no letters to combine (every row failed?)")
    fast = _combine_same_template(items)
    return fast if fast is not None else _combine_with_docxcompose(items)


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_PER_LETTER_PART = re.compile(r"^(docProps/.*|word/(document|header\d*|footer\d*|header_\w+|footer_\w+)\.xml)$")


def _read_parts(item: bytes | Path) -> tuple[list[zipfile.ZipInfo], dict[str, bytes]]:
    import io

    with zipfile.ZipFile(io.BytesIO(item) if isinstance(item, bytes) else item) as archive:
        infos = archive.infolist()
        return infos, {info.filename: archive.read(info) for info in infos}


def _combine_same_template(items: list[bytes | Path]) -> bytes | None:
    """Concatenate the bodies when every letter shares all parts but its text; else None."""
    import io

    from lxml import etree

    infos, first = _read_parts(items[0])
    shared = {name: data for name, data in first.items() if not _PER_LETTER_PART.match(name)}
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    master = etree.fromstring(first["word/document.xml"], parser)
    body = master.find(f"{{{_W}}}body")
    body_sect = body.find(f"{{{_W}}}sectPr") if body is not None else None
    if body is None or body_sect is None:
        return None
    for item in items[1:]:
        _, parts = _read_parts(item)
        if {n: d for n, d in parts.items() if not _PER_LETTER_PART.match(n)} != shared:
            return None
        other = etree.fromstring(parts["word/document.xml"], parser).find(f"{{{_W}}}body")
        if other is None:
            return None
        _close_section(body, body_sect)
        for child in list(other):
            if child.tag != f"{{{_W}}}sectPr":
                body_sect.addprevious(child)
    for number, drawing in enumerate(master.iter(f"{{{_WP}}}docPr"), start=1):
        drawing.set("id", str(number))  # Word wants each drawing's id unique in the document
    document_xml = etree.tostring(master, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in infos:
            data = document_xml if info.filename == "word/document.xml" else first[info.filename]
            archive.writestr(zipfile.ZipInfo(info.filename, info.date_time), data,
                             compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


_SECTPR_AFTER_PGNUMTYPE = ("cols", "formProt", "vAlign", "noEndnote", "titlePg", "textDirection", "bidi",
                           "rtlGutter", "docGrid", "printerSettings", "sectPrChange")


def _close_section(body: Any, body_sect: Any) -> None:
    """End the section at the body's last paragraph, so what follows starts a new page and
    restarts its page numbers (the body-level ``sectPr`` then describes the next letter)."""
    from copy import deepcopy

    from lxml import etree

    w = f"{{{_W}}}"
    section = deepcopy(body_sect)
    for old in section.findall(w + "type"):
        section.remove(old)  # the default section start: a new page
    last = body_sect.getprevious()
    if last is None or last.tag != w + "p":
        last = etree.Element(w + "p")
        body_sect.addprevious(last)
    properties = last.find(w + "pPr")
    if properties is None:
        properties = etree.Element(w + "pPr")
        last.insert(0, properties)
    for old in properties.findall(w + "sectPr"):
        properties.remove(old)
    change = properties.find(w + "pPrChange")
    if change is not None:
        change.addprevious(section)
    else:
        properties.append(section)
    numbering = body_sect.find(w + "pgNumType")
    if numbering is None:
        numbering = etree.Element(w + "pgNumType")
        successor = next((c for c in body_sect if etree.QName(c).localname in _SECTPR_AFTER_PGNUMTYPE), None)
        if successor is not None:
            successor.addprevious(numbering)
        else:
            body_sect.append(numbering)
    numbering.set(w + "start", "1")


def _combine_with_docxcompose(items: list[bytes | Path]) -> bytes:
    import io

    from docx import Document as open_docx
    from docxcompose.composer import Composer

    composer: Any = None
    for item in items:
        document = open_docx(io.BytesIO(item) if isinstance(item, bytes) else str(item))
        if composer is None:
            composer = Composer(document)
            continue
        body = composer.doc.element.body
        _close_section(body, body.find(f"{{{_W}}}sectPr"))
        composer.append(document)
    out = io.BytesIO()
    composer.save(out)
    return out.getvalue()
