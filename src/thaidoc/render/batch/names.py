"""Output file names: a format pattern over the row's fields, made safe on every file system."""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from thaidoc.errors import DataError

__all__ = ["NamePattern", "sanitize_filename", "MAX_NAME_BYTES", "MAX_NAME_WIDTH"]


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


#: The widest a field of a name pattern may be padded to: a file name holds at most
#: :data:`MAX_NAME_BYTES` bytes anyway.
MAX_NAME_WIDTH = MAX_NAME_BYTES
# A field of a name pattern: a name, then .name or [index] parts. The name parts are data keys
# (Thai column names too), never Python attributes: nothing starting with "_".
_FIELD = re.compile(r"[^\W\d_][^.\[\]{}!:]*|[^.\[\]{}!:_][^.\[\]{}!:]*")
_PART = re.compile(r"\.([^.\[\]{}!:_][^.\[\]{}!:]*)|\[(\d{1,6})\]")
# A simple format spec: [[fill]align][sign][0][width][,][.precision][type], no nested fields.
_SPEC = re.compile(r"(?:[^{}]?[<>^=])?[-+ ]?0?(?P<width>\d+)?[,_]?(?:\.(?P<precision>\d+))?[sdfFeEgGn%xXob]?")
_EXAMPLE = 'a pattern such as "{seq:03d}-{district}.docx"'


class NamePattern:
    """Output file names from a format pattern over the row's fields and ``seq``.

    ``seq`` counts the data rows from 1 and ``row`` is the spreadsheet row number; every other
    name is a field of the letter's data after the row is applied (``{district}``,
    ``{recipient.name}``, ``{enclosures[0].title}``). Without a pattern the names are the
    sequence number, zero-padded.

    The pattern looks like ``str.format`` but is not run by it: a field is a data key (never a
    Python attribute such as ``__init__``) and a format spec is a simple one (alignment, sign,
    zero padding, a width of at most :data:`MAX_NAME_WIDTH`, a precision and a type), so a
    pattern from a portal's user can neither read the server's memory nor allocate gigabytes.

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
            parsed = list(string.Formatter().parse(pattern))
        except ValueError as exc:
            raise self._refused(f"ไม่ใช่รูปแบบชื่อไฟล์ที่ถูกต้อง / not a valid pattern: {exc}") from None
        # (literal text, field name, path of keys after it, format spec)
        self._pieces: list[tuple[str, str | None, tuple[str | int, ...], str]] = []
        for literal, name, spec, conversion in parsed:
            if name is None:
                self._pieces.append((literal, None, (), ""))
                continue
            if name == "" or name.isdigit():
                raise self._refused("ทุก {} ต้องระบุชื่อช่องข้อมูล / every {} must name a field")
            if conversion:
                raise self._refused(f"ใช้ !{conversion} ไม่ได้ / conversions such as !{conversion} are not allowed")
            head = _FIELD.match(name)
            if head is None:
                raise self._refused(f"{{{name}}} ไม่ใช่ชื่อช่องข้อมูล / {{{name}}} is not a field name "
                                    "(a name, then .name or [number] parts; nothing starting with _)")
            path: list[str | int] = []
            at = head.end()
            while at < len(name):
                part = _PART.match(name, at)
                if part is None:
                    raise self._refused(f"{{{name}}} ไม่ใช่ชื่อช่องข้อมูล / {{{name}}} is not a field name "
                                        "(a name, then .name or [number] parts; nothing starting with _)")
                path.append(part.group(1) if part.group(1) is not None else int(part.group(2)))
                at = part.end()
            spec = spec or ""
            match = _SPEC.fullmatch(spec)
            if match is None:
                raise self._refused(f"รูปแบบ :{spec} ใช้ไม่ได้ / the format :{spec} is not a simple format "
                                    "(alignment, 0, a width, .precision, a type)")
            for size in (match.group("width"), match.group("precision")):
                if size and int(size) > MAX_NAME_WIDTH:
                    raise self._refused(f"ความกว้าง {size} เกิน {MAX_NAME_WIDTH} / a width of {size} is over "
                                        f"{MAX_NAME_WIDTH} (a file name holds at most {MAX_NAME_BYTES} bytes)")
            self._pieces.append((literal, head.group(0), tuple(path), spec))
        self.fields = {name for _, name, _, _ in self._pieces if name is not None}

    def _refused(self, message: str) -> DataError:
        return DataError(f"--name {self.pattern!r}: {message}", expected=_EXAMPLE)

    def check_fields(self, available: Iterable[str]) -> None:
        """Fail early, before any row, when the pattern names a field nothing provides."""
        known = {"seq", "row"} | {name.split(".")[0].split("[")[0] for name in available}
        unknown = sorted(self.fields - known)
        if unknown:
            raise DataError(f"--name {self.pattern!r} uses {', '.join(unknown)}, which neither the rows "
                            "nor the letter provide", expected="one of: " + ", ".join(sorted(known)))

    def format(self, seq: int, row: int, data: Mapping[str, Any]) -> str:
        fields: dict[str, Any] = {**data, "seq": seq, "row": row}
        out: list[str] = []
        for literal, name, path, spec in self._pieces:
            out.append(literal)
            if name is None:
                continue
            value: Any = fields
            for key in (name, *path):
                try:
                    value = _lookup(value, key)
                except (KeyError, IndexError, TypeError):
                    missing = key if key == name else f"{name}{_dotted(path)}"
                    raise DataError(f"the file name pattern needs {missing!r}, which this row does not give",
                                    location=str(missing)) from None
            if isinstance(value, (Mapping, list, tuple)):
                value = str(value)
            try:
                out.append(format(value, spec))
            except (ValueError, TypeError) as exc:
                raise DataError(f"the file name pattern {self.pattern!r} does not fit this row: {exc}") from None
        return sanitize_filename("".join(out), suffix=self.suffix)


def _lookup(container: Any, key: str | int) -> Any:
    """A data key or a list index, never an attribute."""
    if isinstance(container, Mapping):
        return container[key]
    if isinstance(container, (list, tuple)) and isinstance(key, int):
        return container[key]
    raise KeyError(key)


def _dotted(path: tuple[str | int, ...]) -> str:
    return "".join(f"[{key}]" if isinstance(key, int) else f".{key}" for key in path)
