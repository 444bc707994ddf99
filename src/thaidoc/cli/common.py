"""Shared plumbing for CLI commands: error reporting and exit codes.

Exit codes: 0 fine, 1 a problem found in the input (findings, a wrong weekday, words that
disagree with figures), 2 bad usage or unreadable input (click uses 2 for usage errors too).
An error's own class says which (:attr:`thaidoc.errors.ThaidocError.exit_code`).
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from collections.abc import Callable
from typing import Any, BinaryIO, Literal, NoReturn, TypeVar, cast

import click

from thaidoc.errors import EXIT_BAD_INPUT, EXIT_OK, EXIT_PROBLEM, DataError, ThaidocError

F = TypeVar("F", bound=Callable[..., Any])

__all__ = ["EXIT_OK", "EXIT_PROBLEM", "EXIT_BAD_INPUT", "fail", "reports_errors"]


def fail(message: str, code: int = EXIT_BAD_INPUT, *, thai: str | None = None, where: str | None = None) -> NoReturn:
    """End the command with ``message`` on stderr, Thai first: ``thai`` is the Thai of a message
    written here (an error's ``str()`` already carries its own); ``where`` the file it is about."""
    text = f"{thai} / {message}" if thai else message
    click.echo(f"thaidoc: {where}: {text}" if where else f"thaidoc: {text}", err=True)
    sys.exit(code)


#: The most a command reads from stdin (``-``), as for a file argument.
MAX_STDIN_BYTES = 50 * 1024 * 1024
#: Suffixes of files read as text (``--encoding`` applies); a .docx or .xlsx is never decoded.
TEXT_INPUT_SUFFIXES = frozenset({".txt", ".yaml", ".yml", ".json", ".csv", ""})
_UTF8 = frozenset({"utf-8", "utf8", "utf-8-sig", "utf_8", "utf_8_sig"})


def binary_stream(name: Literal["stdin", "stdout"]) -> BinaryIO:
    """stdin or stdout for bytes (looked up when called, so that a test runner's stands in)."""
    stream = sys.stdin if name == "stdin" else sys.stdout
    return cast(BinaryIO, stream.buffer)


def reads_as_text(name: str, encoding: str) -> bool:
    """Whether the argument ``name`` must be read here (stdin, or text in another encoding)
    rather than handed to the library as a path."""
    return name == "-" or (encoding.lower() not in _UTF8 and Path(name).suffix.lower() in TEXT_INPUT_SUFFIXES)


def read_input(name: str, encoding: str) -> bytes:
    """The bytes of a file argument, or of stdin for ``-``; text in another encoding
    (``--encoding cp874`` for a file saved by Thai Windows) comes back as UTF-8."""
    try:
        if name == "-":
            data = binary_stream("stdin").read(MAX_STDIN_BYTES + 1)
        else:
            with open(name, "rb") as handle:
                data = handle.read(MAX_STDIN_BYTES + 1)
    except OSError as exc:
        raise DataError("cannot read the file", source=name, found=exc.strerror) from None
    if len(data) > MAX_STDIN_BYTES:
        raise DataError("the input is too large", source=name, expected=f"at most {MAX_STDIN_BYTES // 2**20} MiB")
    if data[:2] == b"PK" or encoding.lower() in _UTF8:
        return bytes(data)
    try:
        return str(data.decode(encoding)).encode("utf-8")
    except LookupError:
        raise DataError("unknown encoding", source=name, found=repr(encoding),
                        expected="an encoding such as utf-8 or cp874") from None
    except UnicodeDecodeError as exc:
        raise DataError(f"the file is not {encoding} text", source=name,
                        location=f"byte {exc.start}", expected=f"text in {encoding}") from None


def reports_errors(func: F) -> F:
    """Turn a ThaidocError escaping a command into a clear message on stderr and the exit code
    its class names."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ThaidocError as exc:
            fail(str(exc), exc.exit_code)
        except OSError as exc:  # an unwritable -o, a full disk: the system's words, one line
            where = f"{exc.filename}: " if exc.filename else ""
            fail(f"อ่านหรือเขียนไฟล์ไม่ได้ / cannot read or write {where}{exc.strerror or exc}", EXIT_BAD_INPUT)

    return wrapper  # type: ignore[return-value]
