"""One error hierarchy for everything thaidoc refuses.

Every error carries what a person needs to fix the input without reading code: the file
(``source``), where in it (``location``: a field path such as ``signer.name``, a row number,
or a line), what was expected and what was found. ``str(error)`` assembles these into one
message, so the CLI and the portal show the same text.

Each class knows the exit code the command line ends with when it escapes (``exit_code``:
:data:`EXIT_PROBLEM` for a problem found in the input, :data:`EXIT_BAD_INPUT` for input that
cannot be used), as click's exceptions do; and every error pickles with all its fields, so it
survives a process pool or a task queue.
"""

from __future__ import annotations

from typing import Any, ClassVar

__all__ = [
    "EXIT_OK",
    "EXIT_PROBLEM",
    "EXIT_BAD_INPUT",
    "ThaidocError",
    "AmountError",
    "DateError",
    "DataError",
    "TemplateError",
    "ReadError",
    "RenderError",
    "ConversionError",
    "InconsistentDocumentError",
]


#: The command line's exit codes: fine; a problem found in the input (findings, a wrong
#: weekday, figures that do not add up); bad usage or input that cannot be used (click uses 2
#: for usage errors too).
EXIT_OK = 0
EXIT_PROBLEM = 1
EXIT_BAD_INPUT = 2


def _restore(cls: type[ThaidocError], message: str) -> ThaidocError:
    """Unpickle an error without calling its __init__ (whose keywords differ by class); the
    fields come back from the pickled __dict__."""
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    return error


class ThaidocError(Exception):
    """Base class of every error thaidoc raises on purpose.

    >>> str(ThaidocError("not a date", source="letter.yaml", location="date",
    ...                  expected="an ISO date such as 2024-04-17", found="'31/4/2567'"))
    "letter.yaml: date: not a date (expected an ISO date such as 2024-04-17; found '31/4/2567')"
    """

    #: the command line's exit code when this error ends a command
    exit_code: ClassVar[int] = EXIT_BAD_INPUT

    def __init__(
        self,
        message: str,
        *,
        value: Any = None,
        source: str | None = None,
        location: str | None = None,
        expected: str | None = None,
        found: str | None = None,
    ) -> None:
        self.message = message
        self.value = value
        self.source = str(source) if source is not None else None
        self.location = location
        self.expected = expected
        self.found = found
        super().__init__(message)

    def with_context(self, *, source: str | None = None, location: str | None = None) -> "ThaidocError":
        """Fill in the file or location when a caller higher up knows them; returns self.

        A location given here is prefixed to one the error already has, so an error raised
        for ``date`` inside ``references[1]`` reads ``references[1].date``.
        """
        if source is not None and self.source is None:
            self.source = str(source)
        if location:
            if self.location and not self.location.startswith("["):
                self.location = f"{location}.{self.location}"
            elif self.location:
                self.location = f"{location}{self.location}"
            else:
                self.location = location
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore, (type(self), self.message), dict(self.__dict__))

    def __str__(self) -> str:
        where = ": ".join(part for part in (self.source, self.location) if part)
        text = f"{where}: {self.message}" if where else self.message
        detail = "; ".join(
            part
            for part in (
                f"expected {self.expected}" if self.expected else "",
                f"found {self.found}" if self.found else "",
            )
            if part
        )
        return f"{text} ({detail})" if detail else text


class AmountError(ThaidocError, ValueError):
    """An amount that cannot be used: a float, malformed figures or malformed Thai words.

    ``position`` is the character offset in the text where reading broke, when known.
    """

    def __init__(self, message: str, *, position: int | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.position = position


class DateError(ThaidocError, ValueError):
    """A date that does not exist or cannot be read."""


class DataError(ThaidocError):
    """Document data (YAML, JSON, CSV row, Python object) that does not fit its model."""


class TemplateError(ThaidocError):
    """A template that cannot be loaded or that asks for data it was not given."""


class ReadError(ThaidocError):
    """An input document that cannot be read safely (not a .docx, too large, hostile XML)."""


class RenderError(ThaidocError):
    """A document that could not be produced."""


class ConversionError(RenderError):
    """PDF conversion failed or is not available (LibreOffice missing)."""


class InconsistentDocumentError(RenderError):
    """A form or sheet whose figures do not add up: rendering it would issue the error.

    ``findings`` holds the checks' findings (``thaidoc.checks.findings.Finding``), so a caller
    can show them; the CLI prints the report and exits 1 (a problem found in the input).
    """

    exit_code = EXIT_PROBLEM

    def __init__(self, message: str, *, findings: list[Any], **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.findings = list(findings)
