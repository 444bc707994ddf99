"""Output file names: a ``str.format`` pattern over the row's fields, made safe on every file system."""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from thaidoc.errors import DataError

__all__ = ["NamePattern", "sanitize_filename", "MAX_NAME_BYTES"]


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
