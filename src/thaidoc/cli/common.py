"""Shared plumbing for CLI commands: error reporting and exit codes.

Exit codes: 0 fine, 1 a problem found in the input (findings, a wrong weekday, words that
disagree with figures), 2 bad usage or unreadable input (click uses 2 for usage errors too).
An error's own class says which (:attr:`thaidoc.errors.ThaidocError.exit_code`).
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

import click

from thaidoc.errors import EXIT_BAD_INPUT, EXIT_OK, EXIT_PROBLEM, ThaidocError

F = TypeVar("F", bound=Callable[..., Any])

__all__ = ["EXIT_OK", "EXIT_PROBLEM", "EXIT_BAD_INPUT", "fail", "reports_errors"]


def fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    click.echo(f"thaidoc: {message}", err=True)
    sys.exit(code)


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
