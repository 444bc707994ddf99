"""One error hierarchy for everything thaidoc refuses.

Every error carries what a person needs to fix the input without reading code: the file
(``source``), where in it (``location``: a field path such as ``signer.name``, a row number,
or a line), what was expected and what was found. ``str(error)`` assembles these into one
message, so the CLI and the portal show the same text.

Each class knows the exit code the command line ends with when it escapes (``exit_code``:
:data:`EXIT_PROBLEM` for a problem found in the input, :data:`EXIT_BAD_INPUT` for input that
cannot be used), as click's exceptions do; and every error pickles with all its fields, so it
survives a process pool or a task queue.

Every error speaks Thai first, then English, as the findings do. The Thai comes from one
place: :data:`THAI_MESSAGES` (the English wording of a message, as a pattern, and its Thai),
else the error class's own Thai summary, so a call site writes its English message once and
never has to remember the Thai. An error also has a stable ``code`` (``data.missing``,
``template.unknown-variable`` …) and a list of :class:`Problem` (one per bad field: code,
location, expected, found, Thai and English), so a portal can put each next to its field.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any, ClassVar

__all__ = [
    "Problem",
    "thai_message",
    "did_you_mean",
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


# -- Thai for every message ----------------------------------------------------------------
# (pattern over the English message, its Thai). The first match wins; groups are put into the
# Thai with {1}, {2} … so names and values appear in both. Patterns are anchored at the start.
_THAI_PATTERNS: list[tuple[str, str]] = [
    # pydantic's wording, for fields
    (r"Field required", "ไม่ได้ระบุข้อมูลที่ต้องมี"),
    (r"Extra inputs are not permitted", "ไม่มีช่องข้อมูลชื่อนี้"),
    (r"unknown field '([^']+)'", "ไม่มีช่องข้อมูลชื่อ '{1}'"),
    (r"Input should be a valid (date|integer|number|string|list|dictionary|boolean)",
     "ค่าที่ใส่ไม่ใช่รูปแบบที่ต้องการ ({1})"),
    (r"Input should be (.*)", "ค่าที่ใส่ต้องเป็น {1}"),
    (r"List should have at least (\d+) items?", "ต้องมีอย่างน้อย {1} รายการ"),
    (r"String should have at least", "ข้อความสั้นเกินไป"),
    (r"(\d+) problems", "พบปัญหา {1} รายการ"),
    # documents and kinds
    (r"unknown document kind", "ไม่รู้จักชนิดเอกสารนี้"),
    (r"the (data|letter) does not say what document it is", "ข้อมูลไม่ได้ระบุชนิดเอกสาร (kind)"),
    (r"(document data|the document data|the letter) must be", "ข้อมูลเอกสารต้องเป็นชุดข้อมูล (mapping) หรือไฟล์ YAML/JSON"),
    (r"a row cannot change the kind of document", "แถวข้อมูลเปลี่ยนชนิดเอกสารไม่ได้"),
    (r"the document is inconsistent|not rendered: the figures", "ตัวเลขในเอกสารไม่สอดคล้องกัน จึงไม่สร้างเอกสาร"),
    # dates and amounts
    (r"no such date|.* is not a real date|not a date|cannot read a .* as a date", "วันที่ไม่ถูกต้องหรือไม่มีอยู่จริง"),
    (r"(\S+) is a (\S+) \((วัน\S+)\), not (\S+)", "{1} ตรงกับ{3} ไม่ใช่{4}"),
    (r"not a valid amount in words", "คำอ่านจำนวนเงินไม่ถูกต้อง"),
    (r"amount is not a number|.* is not an amount|amount too large", "จำนวนเงินไม่ใช่ตัวเลขที่อ่านได้"),
    (r"amount must not be negative|quantity must not be negative", "จำนวนต้องไม่ติดลบ"),
    (r"amount has more than two decimal places|the rate has more than two", "จำนวนเงินมีทศนิยมเกินสองตำแหน่ง (สตางค์)"),
    (r"amount is a floating-point number with more digits", "ตัวเลขทศนิยมนี้มีหลักมากกว่าที่พิมพ์ ให้ใส่ในเครื่องหมายคำพูด"),
    (r"a float|.*float", "ตัวเลขทศนิยมแบบ float ใช้เป็นจำนวนเงินไม่ได้"),
    (r"unknown unit '([^']+)'", "ไม่รู้จักหน่วยนับ '{1}'"),
    (r"missing (unit|rate|quantity)", "ข้อมูลรายการค่าใช้จ่ายไม่ครบ (ขาด {1})"),
    (r"unknown font", "ไม่รู้จักแบบอักษรนี้"),
    # files
    (r"no such file|cannot read the file|cannot read the workbook|cannot read the template|cannot read the emblem",
     "อ่านไฟล์ไม่ได้"),
    (r"the file is empty|the sheet is empty", "ไฟล์ว่างเปล่า"),
    (r"(?:the workbook has )?no sheet named '([^']*)'", "สมุดงานไม่มีแผ่นงานชื่อ '{1}'"),
    (r"unknown encoding", "ไม่รู้จักรหัสอักขระ (encoding) นี้"),
    (r"the input is too large", "ข้อมูลที่ป้อนใหญ่เกินกำหนด"),
    (r"the text file is not UTF-8", "ไฟล์ข้อความไม่ใช่ UTF-8 (ลองระบุ --encoding เช่น cp874)"),
    (r"the file is not (UTF-8|\S+) text|not a text file", "ไฟล์ไม่ใช่ข้อความ UTF-8 (ลองระบุ --encoding เช่น cp874)"),
    (r"not a \.docx|not a Word document|an old binary Word \.doc", "ไฟล์ไม่ใช่เอกสาร Word (.docx)"),
    (r"invalid YAML|invalid JSON|invalid value in the YAML", "อ่านไฟล์ข้อมูล YAML/JSON ไม่ได้"),
    (r"the key .* appears twice", "ชื่อช่องข้อมูลซ้ำกัน"),
    (r"the emblem", "ใช้ภาพตราครุฑนี้ไม่ได้"),
    (r"an emblem was given but the template has no image", "แม่แบบไม่มีตำแหน่งภาพตราครุฑ (ภาพชื่อ emblem)"),
    (r"the output must be", "ไฟล์ผลลัพธ์ต้องเป็น .docx"),
    (r"refused: the XML|the XML is not well formed|.*zip bomb|.*too large", "ไฟล์ไม่ปลอดภัยหรือใหญ่เกินกำหนด จึงไม่อ่าน"),
    # templates and text in the data
    (r"the (template|text) uses '([^']+)', which the data does not have", "แม่แบบเรียกใช้ '{2}' ซึ่งไม่มีในข้อมูล"),
    (r"the template uses the filter '([^']+)'|no filter named '([^']+)'", "ไม่มีตัวกรอง (filter) ชื่อนี้"),
    (r"the text tried something unsafe: data text may not use the filter '([^']+)'; did you mean ([^?]+)\?",
     "ข้อความใช้ตัวกรอง '{1}' ไม่ได้ หรือหมายถึง {2}"),
    (r"the (template|text) tried something unsafe|data text may not|.*not available in templates",
     "ข้อความหรือแม่แบบสั่งสิ่งที่ไม่อนุญาต"),
    (r"template syntax error|cannot read the expression", "เขียนคำสั่งในแม่แบบ ({{ }}) ไม่ถูกต้อง"),
    (r"the template could not be rendered|an expression in the text failed", "สร้างข้อความจากแม่แบบไม่สำเร็จ"),
    (r"unknown (variable|filter)s? in the template", "แม่แบบใช้ชื่อที่ไม่รู้จัก"),
    # batch
    (r"the column .* is not a field", "คอลัมน์นี้ไม่ใช่ช่องข้อมูลของเอกสาร"),
    (r"two rows would write the same file", "สองแถวจะเขียนไฟล์ชื่อเดียวกัน"),
    (r"--name", "รูปแบบชื่อไฟล์ (--name) ใช้ไม่ได้"),
    (r"another thaidoc batch", "มีงาน thaidoc batch อื่นกำลังเขียนโฟลเดอร์นี้"),
    # PDF
    (r"LibreOffice|--pdf needs", "สร้าง PDF ไม่ได้ (LibreOffice)"),
]
THAI_MESSAGES: list[tuple[re.Pattern[str], str]] = [(re.compile(p, re.S), t) for p, t in _THAI_PATTERNS]
_THAI_LETTER = re.compile("[\u0e01-\u0e4e]")


def thai_message(message: str) -> str | None:
    """The Thai of an English message, from :data:`THAI_MESSAGES`; None when none fits.

    >>> thai_message("unknown unit 'หมุ่บ้าน'; did you mean หมู่บ้าน?")
    "ไม่รู้จักหน่วยนับ 'หมุ่บ้าน'"
    """
    for pattern, thai in THAI_MESSAGES:
        match = pattern.match(message)
        if match:
            # a list of names in the English ("bahttext or baht") reads with หรือ in the Thai
            return re.sub(r"\{(\d)\}", lambda m: (match.group(int(m.group(1))) or "").replace(" or ", " หรือ "), thai)
    return None


def did_you_mean(name: str, candidates: Iterable[str], *, limit: int = 3) -> list[str]:
    """Names close to a misspelt ``name`` (``subjet`` → ``subject``), closest first.

    >>> did_you_mean("bahtext", ["baht", "bahttext", "number"])
    ['bahttext', 'baht']
    """
    return difflib.get_close_matches(name, sorted(set(candidates)), n=limit, cutoff=0.6)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: what a portal shows beside one field.

    ``code`` is stable (``data.missing``, ``data.unknown-field``, ``template.unknown-variable``
    …), ``message_th`` and ``message`` say it in Thai and English, ``suggestions`` are the
    did-you-mean names, if any.
    """

    code: str
    message: str
    message_th: str
    location: str | None = None
    expected: str | None = None
    found: str | None = None
    suggestions: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["suggestions"] = list(self.suggestions)
        return data

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        english = self.message
        thai = self.message_th
        text = f"{thai} / {english}" if thai and thai != english else english
        detail = "; ".join(part for part in (f"expected {self.expected}" if self.expected else "",
                                             f"found {self.found}" if self.found else "") if part)
        return f"{where}{text} ({detail})" if detail else f"{where}{text}"

    @classmethod
    def unknown_name(cls, what: str, name: str, candidates: Sequence[str], *, location: str | None = None,
                     complete: bool = True) -> "Problem":
        """A name that is not one of ``candidates`` (a field, a kind, a filter, a variable),
        with the close ones as did-you-mean. ``complete``: the candidates are all there are,
        so they are listed when none is close."""
        close = tuple(did_you_mean(name, candidates))
        thai_what = _THAI_WHAT.get(what, what)
        hint_en = f"; did you mean {' or '.join(close)}?" if close else ""
        hint_th = f" หรือหมายถึง {' หรือ '.join(close)}" if close else ""
        expected = None if close or not complete else "one of " + ", ".join(candidates)
        return cls(code=f"unknown-{what.replace(' ', '-')}", message=f"unknown {what} '{name}'{hint_en}",
                   message_th=f"ไม่รู้จัก{thai_what} '{name}'{hint_th}", location=location, expected=expected,
                   found=repr(name), suggestions=close)


_THAI_WHAT = {"field": "ช่องข้อมูล", "kind": "ชนิดเอกสาร", "filter": "ตัวกรอง", "variable": "ตัวแปร",
              "column": "คอลัมน์"}


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
    "letter.yaml: date: วันที่ไม่ถูกต้องหรือไม่มีอยู่จริง / not a date (expected an ISO date such as 2024-04-17; found '31/4/2567')"

    ``message_th`` is the Thai (from :data:`THAI_MESSAGES` unless given); ``code`` a stable
    name of what went wrong; ``problems`` every problem, one per bad field (one problem,
    made of the error's own fields, when there is one).
    """

    #: the command line's exit code when this error ends a command
    exit_code: ClassVar[int] = EXIT_BAD_INPUT
    #: the code of an error of this class when the call site names none
    default_code: ClassVar[str] = "error"
    #: what an error of this class means, in Thai, when no message pattern fits
    thai_summary: ClassVar[str] = "thaidoc ทำงานนี้ไม่ได้"

    def __init__(
        self,
        message: str,
        *,
        value: Any = None,
        source: str | None = None,
        location: str | None = None,
        expected: str | None = None,
        found: str | None = None,
        code: str | None = None,
        message_th: str | None = None,
        problems: Sequence[Problem] | None = None,
    ) -> None:
        self.message = message
        self.value = value
        self.source = str(source) if source is not None else None
        self.location = location
        self.expected = expected
        self.found = found
        self.code = code or self.default_code
        if message_th is None and not _THAI_LETTER.match(message):
            message_th = thai_message(message) or self.thai_summary
        self.message_th = message_th or ""
        self._problems = list(problems or ())
        if len(self._problems) == 1 and location is None and expected is None and found is None:
            only = self._problems[0]
            self.location, self.expected, self.found = only.location, only.expected, only.found
        super().__init__(message)

    @property
    def problems(self) -> list[Problem]:
        """Every problem (code, location, expected, found, Thai and English), for a portal."""
        if self._problems:
            return list(self._problems)
        return [Problem(code=self.code, message=self.message, message_th=self.message_th, location=self.location,
                        expected=self.expected, found=self.found)]

    def to_dict(self) -> dict[str, Any]:
        """What a portal returns as JSON: the message in both languages and every problem."""
        return {"code": self.code, "message": str(self), "message_th": self.message_th,
                "message_en": self.message, "source": self.source, "location": self.location,
                "expected": self.expected, "found": self.found,
                "problems": [problem.to_dict() for problem in self.problems]}

    def with_context(self, *, source: str | None = None, location: str | None = None) -> "ThaidocError":
        """Fill in the file or location when a caller higher up knows them; returns self.

        A location given here is prefixed to one the error already has, so an error raised
        for ``date`` inside ``references[1]`` reads ``references[1].date``.
        """
        if source is not None and self.source is None:
            self.source = str(source)
        if location:
            self.location = _prefixed(location, self.location)
            self._problems = [replace(p, location=_prefixed(location, p.location)) for p in self._problems]
        return self

    def with_places(self, place: Callable[[str], str | None]) -> "ThaidocError":
        """Add where each location is in the file the user edits (``signer.position (sheet
        'ข้อมูล', row 21)``) when ``place`` knows it; returns self."""

        def placed(location: str | None) -> str | None:
            where = place(location) if location else None
            return f"{location} ({where})" if where else location

        self.location = placed(self.location)
        self._problems = [replace(p, location=placed(p.location)) for p in self._problems]
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore, (type(self), self.message), dict(self.__dict__))

    def __str__(self) -> str:
        several = len(self._problems) > 1
        where = ": ".join(part for part in (self.source, None if several else self.location) if part)
        english = self.message
        text = f"{self.message_th} / {english}" if self.message_th else english
        if several:  # one line each, Thai and English, where the field is
            text = f"{self.message_th} / {english}".split("\n", 1)[0] if self.message_th else english.split("\n")[0]
            text += "".join(f"\n  {problem}" for problem in self._problems[:_LISTED])
            if len(self._problems) > _LISTED:
                hidden = len(self._problems) - _LISTED
                text += f"\n  … และอีก {hidden:,} ปัญหา / and {hidden:,} more"
        text = f"{where}: {text}" if where else text
        if several:
            return text
        detail = "; ".join(
            part
            for part in (
                f"expected {self.expected}" if self.expected else "",
                f"found {self.found}" if self.found else "",
            )
            if part
        )
        return f"{text} ({detail})" if detail else text


#: How many problems ``str(error)`` lists (as thaidoc.data.MAX_LISTED_PROBLEMS);
#: ``error.problems`` has them all.
_LISTED = 10


def _prefixed(prefix: str, location: str | None) -> str:
    if location and not location.startswith("["):
        return f"{prefix}.{location}"
    if location:
        return f"{prefix}{location}"
    return prefix


class AmountError(ThaidocError, ValueError):
    """An amount that cannot be used: a float, malformed figures or malformed Thai words.

    ``position`` is the character offset in the text where reading broke, when known.
    """

    default_code = "amount.invalid"
    thai_summary = "จำนวนเงินไม่ถูกต้อง"

    def __init__(self, message: str, *, position: int | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.position = position


class DateError(ThaidocError, ValueError):
    """A date that does not exist or cannot be read."""

    default_code = "date.invalid"
    thai_summary = "วันที่ไม่ถูกต้อง"


class DataError(ThaidocError):
    """Document data (YAML, JSON, CSV row, Python object) that does not fit its model."""

    default_code = "data.invalid"
    thai_summary = "ข้อมูลไม่ถูกต้อง"


class TemplateError(ThaidocError):
    """A template that cannot be loaded or that asks for data it was not given."""

    default_code = "template.invalid"
    thai_summary = "แม่แบบเอกสารใช้ไม่ได้"


class ReadError(ThaidocError):
    """An input document that cannot be read safely (not a .docx, too large, hostile XML)."""

    default_code = "read.invalid"
    thai_summary = "อ่านเอกสารนี้ไม่ได้"


class RenderError(ThaidocError):
    """A document that could not be produced."""

    default_code = "render.failed"
    thai_summary = "สร้างเอกสารไม่สำเร็จ"


class ConversionError(RenderError):
    """PDF conversion failed or is not available (LibreOffice missing)."""

    default_code = "pdf.failed"
    thai_summary = "แปลงเป็น PDF ไม่สำเร็จ"


class InconsistentDocumentError(RenderError):
    """A form or sheet whose figures do not add up: rendering it would issue the error.

    ``findings`` holds the checks' findings (``thaidoc.checks.findings.Finding``), so a caller
    can show them; the CLI prints the report and exits 1 (a problem found in the input).
    """

    exit_code = EXIT_PROBLEM
    default_code = "document.inconsistent"
    thai_summary = "ตัวเลขในเอกสารไม่สอดคล้องกัน"

    def __init__(self, message: str, *, findings: list[Any], **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.findings = list(findings)

    def to_dict(self) -> dict[str, Any]:
        """The error, and each finding as ``thaidoc check --json`` writes it."""
        return {**super().to_dict(), "findings": [finding.to_dict() for finding in self.findings]}
