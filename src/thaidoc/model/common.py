"""Parts shared by every document kind, the kind registry and the base model.

A document is validated data: every amount is a ``Decimal`` and every date a ``date``, stored
once. What a template prints (Thai digits, Buddhist-era dates, the salutation that goes with a
recipient's rank) is derived in :meth:`Document.context`, so the same number or date never
appears twice in the data and cannot disagree with itself.

Free text may reference data values with Jinja expressions, e.g.
``"งบประมาณ {{ amounts.allocation | baht }} บาท ({{ amounts.allocation | bahttext }})"``.
Those expressions are left intact here and expanded by :mod:`thaidoc.render` in its sandbox,
so figures and words come from the one number under ``amounts:``; only in text its author wrote
(a data file, or data loaded with ``text_templates=True``): see :attr:`Document.text_templates`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, field_validator, model_validator
from pydantic_core import PydanticCustomError

from thaidoc.errors import AmountError
from thaidoc.thai import DateReading, arabic_digits, read_date, thai_date, thai_digits
from thaidoc.thai.letters import SALUTATIONS, Rank, Secrecy, Urgency, format_letter_number

__all__ = [
    "KINDS",
    "register_kind",
    "Document",
    "Part",
    "Money",
    "TextLines",
    "Digits",
    "Urgency",
    "Secrecy",
    "Rank",
    "LetterNumber",
    "Recipient",
    "Reference",
    "Enclosure",
    "Item",
    "Paragraph",
    "QRCode",
    "Signer",
    "Sender",
    "Owner",
    "SALUTATIONS",
    "localise_digits",
    "phone_text",
    "letter_date",
    "formal_date",
    "DataDate",
    "recording_date_readings",
]

#: kind name (the ``kind:`` field of the data) -> model class. Add a kind with
#: :func:`register_kind`; :func:`thaidoc.model.load_document` dispatches on this.
KINDS: dict[str, type["Document"]] = {}

D = TypeVar("D", bound="type[Document]")


def register_kind(name: str) -> Callable[[D], D]:
    """Class decorator adding a document model to :data:`KINDS` under ``name``.

    The class must declare ``kind: Literal[name]``; registering the same name twice is a bug.
    """

    def decorate(cls: D) -> D:
        model: type[Document] = cls
        if name in KINDS and KINDS[name] is not model:
            raise ValueError(f"document kind {name!r} is registered twice")
        kind_field = model.model_fields.get("kind")
        if kind_field is None or kind_field.default != name:
            raise TypeError(f"{model.__name__} must declare kind: Literal[{name!r}] = {name!r}")
        KINDS[name] = model
        return cls

    return decorate


# -- digits and dates ------------------------------------------------------------------------

Digits = Literal["thai", "arabic"]

# Parts of free text whose digits are not prose and are never converted: a Jinja expression
# or statement (``{{ amounts.q2 }}``: code), a web or e-mail address (``www.cdd.go.th/2567``:
# Thai digits would make it an address that does not exist).
_EXPRESSION = re.compile(
    r"({{.*?}}|{%.*?%}|(?:https?://|www\.)[A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)",
    re.S | re.ASCII)


@functools.lru_cache(maxsize=4096)  # a batch localises the same paragraphs for every row
def localise_digits(text: str, digits: Digits = "thai") -> str:
    """Write the digits of prose in the document's digit style, leaving Jinja code alone.

    >>> localise_digits("ภายใน 7 วัน {{ amounts.q2 | baht }}")
    'ภายใน ๗ วัน {{ amounts.q2 | baht }}'
    >>> localise_digits("ภายใน ๗ วัน", "arabic")
    'ภายใน 7 วัน'
    >>> localise_digits("แบบ 2 ที่ https://cdd.go.th/2567/f1.pdf หรือ saraban2@cdd.go.th")
    'แบบ ๒ ที่ https://cdd.go.th/2567/f1.pdf หรือ saraban2@cdd.go.th'
    """
    convert = thai_digits if digits == "thai" else arabic_digits
    parts = _EXPRESSION.split(text)
    return "".join(part if index % 2 else convert(part) for index, part in enumerate(parts))


def letter_date(day: dt.date, digits: Digits = "thai") -> str:
    """The date line of a letter: ``๒๐ กุมภาพันธ์ ๒๕๖๒`` (no พ.ศ., per the regulation)."""
    return thai_date(day, style="full", digits=digits)


def formal_date(day: dt.date, digits: Digits = "thai") -> str:
    """The date of an order or announcement: ``๑ เมษายน พ.ศ. ๒๕๖๗`` ("สั่ง ณ วันที่ …").

    >>> formal_date(dt.date(2024, 4, 1))
    '๑ เมษายน พ.ศ. ๒๕๖๗'
    """
    return thai_date(day, style="formal", digits=digits)


# The readings of dates that were converted (a Buddhist-era year, a Thai form), collected
# while load_document validates, so that ``check`` can show each as a note with its field.
_date_readings: ContextVar[list[tuple[Any, DateReading]] | None] = ContextVar("thaidoc_date_readings", default=None)


@contextlib.contextmanager
def recording_date_readings() -> Iterator[list[tuple[Any, DateReading]]]:
    """Collect ``(value as given, reading)`` for every converted date validated inside."""
    readings: list[tuple[Any, DateReading]] = []
    token = _date_readings.set(readings)
    try:
        yield readings
    finally:
        _date_readings.reset(token)


def _data_date(value: Any) -> dt.date:
    reading = read_date(value)
    if reading.converted:
        readings = _date_readings.get()
        if readings is not None:
            readings.append((value, reading))
    return reading.date


#: A date in document data: ISO (a year from 2400 is พ.ศ.), or a Thai form such as
#: "17 เมษายน 2567" or "17/04/2567"; see :func:`thaidoc.thai.read_date`.
DataDate = Annotated[dt.date, BeforeValidator(_data_date)]


def _money(value: Any) -> Decimal:
    # one rule for every amount in thaidoc: the budget model's (floats only when exactly typed);
    # imported here because the budget model is built on this module
    from thaidoc.model.budget import to_money

    try:
        return to_money(value)
    except AmountError as exc:
        # re-raised for pydantic, which names the field and the value found; a custom error
        # keeps the message as written (no "Value error, " prefix, no second "found")
        expected = f"; expected {exc.expected}" if exc.expected else ""
        raise PydanticCustomError("amount", exc.message + expected) from None


#: An amount of money: int, Decimal, text ("160,674,400", "๑,๐๐๐.๕๐") or a float typed exactly
#: (18300.5, not 0.1 + 0.2); not negative, at most two decimals.
Money = Annotated[Decimal, BeforeValidator(_money)]


def _text_lines(value: Any) -> Any:
    return value.strip().splitlines() if isinstance(value, str) else value


#: Lines given as a list or as one text with a line each (YAML's ``|`` block, a workbook cell)
TextLines = Annotated[list[str], BeforeValidator(_text_lines)]


class Part(BaseModel):
    """Base of every part: unknown fields are errors (a typo must not be silently dropped)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# -- parts of a letter -----------------------------------------------------------------------



class LetterNumber(Part):
    """ที่: office code, ``/``, register number; circulars put ว before the number.

    ``number`` may be left out when the registry stamps it by hand after signing.
    """

    office: str = Field(description="office code, e.g. 'ชร ๐๐๑๙.๑' or 'มท ๐๘๐๘.๒'")
    number: str | None = Field(None, description="outgoing register number, e.g. '๔๗'")
    circular: bool = Field(False, description="a circular (หนังสือเวียน): ว before the number")

    @field_validator("number", mode="before")
    @classmethod
    def _number_as_text(cls, value: Any) -> Any:
        text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
        if isinstance(text, str):
            figures = arabic_digits(text).strip()
            if re.fullmatch(r"[-+\u2212]\s*\d+|0+", figures):
                # "ว -๕" or "/๐" is no register entry: numbers in the register start at 1
                raise ValueError("เลขทะเบียนหนังสือต้องเป็นจำนวนเต็มบวก / the register number must be "
                                 "a whole number from 1, with no sign")
        return text

    def text(self, digits: Digits = "thai") -> str:
        """The number as printed after ที่.

        >>> LetterNumber(office="ฉช 0019", number="2215", circular=True).text()
        'ฉช ๐๐๑๙/ว ๒๒๑๕'
        """
        return localise_digits(format_letter_number(self.office, self.number, circular=self.circular), digits)


class Recipient(Part):
    """Who the letter is addressed to; the rank chooses the salutation and closing."""

    name: str = Field(description="e.g. 'นายอำเภอ ทุกอำเภอ'")
    rank: Rank = "general"
    salutation: str | None = Field(None, description="overrides the คำขึ้นต้น chosen by rank")
    closing: str | None = Field(None, description="overrides the คำลงท้าย chosen by rank")

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        return {"name": value} if isinstance(value, str) else value

    @property
    def salutation_text(self) -> str:
        return self.salutation or SALUTATIONS[self.rank][0]

    @property
    def closing_text(self) -> str:
        return self.closing or SALUTATIONS[self.rank][1]


class Reference(Part):
    """อ้างถึง: an earlier letter, with its number and date."""

    text: str = Field(description="e.g. 'หนังสือจังหวัดเชียงราย'")
    number: str = Field(description="e.g. 'ชร ๐๐๑๙.๑/ว ๒๙๘๗'")
    date: DataDate = Field(description="date of the earlier letter, e.g. 2019-01-31 or 2562-01-31 (ลงวันที่ …)")
    urgency: Urgency | None = None

    def line(self, digits: Digits = "thai") -> str:
        urgency = f" {self.urgency}" if self.urgency else ""
        text = f"{self.text}{urgency} ที่ {self.number} ลงวันที่ {letter_date(self.date, digits)}"
        return localise_digits(text, digits)


class Enclosure(Part):
    """สิ่งที่ส่งมาด้วย: one numbered item with its quantity."""

    title: str
    quantity: int | None = Field(1, ge=1, description="how many; null for no quantity")
    unit: str = Field("ชุด", description="ชุด, ฉบับ, เล่ม, แผ่น …")
    file: str | None = Field(None, description="a schedule or rubric data file (relative to the letter), "
                                               "printed after the letter on new pages headed สิ่งที่ส่งมาด้วย N")

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        return {"title": value} if isinstance(value, str) else value

    def quantity_text(self, digits: Digits = "thai") -> str:
        if self.quantity is None:
            return ""
        # no-break spaces: "จำนวน ๑ ชุด" must not be split over two lines
        return localise_digits(f"จำนวน\u00a0{self.quantity}\u00a0{self.unit}", digits)


class Item(Part):
    """A numbered item of the body (๑. …); its sub-items are numbered ๒.๑, ๒.๒ …"""

    text: str
    items: list["Item"] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value


class Paragraph(Part):
    """A body paragraph, optionally followed by numbered items."""

    text: str = ""
    items: list[Item] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value


class QRCode(Part):
    """A QR code printed after the letter's last line, made from a URL or any text."""

    data: str = Field(min_length=1, max_length=2000, description="the URL or text the code holds")
    caption: str | None = Field(None, description="a line under the code, e.g. 'สแกนเพื่อดาวน์โหลดสิ่งที่ส่งมาด้วย'")
    position: Literal["bottom-right", "bottom-left", "bottom-centre"] = Field(
        "bottom-right", description="where on the last lines: bottom-right (default), bottom-left, bottom-centre")
    size_cm: float = Field(2.5, ge=1.5, le=6, description="the code's width and height in cm")

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        return {"data": value} if isinstance(value, str) else value


class Signer(Part):
    """The signature block: name in parentheses, position, and acting-for lines."""

    name: str = Field(description="full name with title, e.g. 'นายภาสกร บุญญลักษม์'")
    position: str = Field(description="e.g. 'รองผู้ว่าราชการจังหวัด'; a newline starts another line")
    acting: Literal["ปฏิบัติราชการแทน", "รักษาราชการแทน"] | None = Field(
        None, description="ปฏิบัติราชการแทน (delegated) or รักษาราชการแทน (acting for the post)")
    principal: str | None = Field(None, description="whose authority, e.g. 'ผู้ว่าราชการจังหวัดเชียงราย'")
    signature: str | None = Field(
        None, description="an image of the signature (PNG/JPEG) placed above the name; a path in the data's folder")

    @field_validator("name", "position")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        # a blank position printed nothing under the signature, or crashed with acting:
        if not value.strip():
            raise ValueError("ว่างไม่ได้ / must not be blank")
        return value

    @model_validator(mode="after")
    def _acting_needs_principal(self) -> "Signer":
        if self.acting and not self.principal:
            raise ValueError(f"'acting: {self.acting}' needs 'principal' (the position signed for)")
        if self.principal and not self.acting:
            raise ValueError("'principal' needs 'acting' (ปฏิบัติราชการแทน or รักษาราชการแทน)")
        return self

    def lines(self, digits: Digits = "thai") -> list[str]:
        """The lines under the signature space."""
        position = self.position.strip().splitlines()
        if self.acting:
            position[-1] = f"{position[-1]} {self.acting}"
        lines = [f"({self.name.strip()})", *position]
        if self.principal:
            lines.append(self.principal.strip())
        return [localise_digits(line, digits) for line in lines]


class Sender(Part):
    """The sending office and its address, printed at the right under the ครุฑ."""

    office: str = Field(description="e.g. 'ศาลากลางจังหวัดเชียงราย'")
    address: TextLines = Field(default_factory=list, description="address lines, the last with the postcode")


def phone_text(number: str | None) -> str:
    """A telephone number that a line break cannot split (no-break spaces inside).

    >>> phone_text(" 0 3851 1234 ")
    '0\xa03851\xa01234'
    """
    return " ".join((number or "").split()).replace(" ", "\u00a0")


class Owner(Part):
    """ส่วนราชการเจ้าของเรื่อง at the bottom left, with the contact lines."""

    office: str = Field(description="e.g. 'สำนักงานพัฒนาชุมชนจังหวัด'")
    group: str | None = Field(None, description="work group, e.g. 'กลุ่มงานยุทธศาสตร์การพัฒนาชุมชน'")
    phone: str | None = None
    fax: str | None = None
    email: str | None = None

    def lines(self, digits: Digits = "thai") -> list[str]:
        lines = [self.office, *([self.group] if self.group else [])]
        phone, fax = phone_text(self.phone), phone_text(self.fax)
        if phone and phone == fax:
            lines.append(f"โทร./โทรสาร\u00a0{phone}")
        else:
            if phone:
                lines.append(f"โทร.\u00a0{phone}")
            if fax:
                lines.append(f"โทรสาร\u00a0{fax}")
        lines = [localise_digits(line, digits) for line in lines]
        if self.email:  # an address is typed as is: digits in it are part of the name
            lines.append(f"ไปรษณีย์อิเล็กทรอนิกส์ {self.email.strip()}")
        return lines


# -- the base document -----------------------------------------------------------------------


class Document(BaseModel):
    """Base of every document kind.

    Subclasses declare ``kind: Literal["…"] = "…"``, set :attr:`template` (a path under
    ``templates/``) and extend :meth:`context`.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    template: ClassVar[str]
    #: The Thai name of the kind, for listings (``thaidoc templates``).
    title: ClassVar[str] = ""

    kind: str
    digits: Digits = Field("thai", description="digits in the output: thai (๐-๙) or arabic (0-9)")
    emblem: str | None = Field(None, description="path of the ครุฑ image (PNG/JPEG); default: the configured one")
    amounts: dict[str, Money] = Field(
        default_factory=dict, description="named amounts for text: {{ amounts.NAME | baht }} / | bahttext")
    dates: dict[str, DataDate] = Field(
        default_factory=dict, description="named dates for text: {{ dates.NAME | thai_date('weekday') }}")

    _source: str | None = PrivateAttr(None)
    _text_templates: bool = PrivateAttr(False)
    _base_dir: str | None = PrivateAttr(None)
    _date_readings: tuple[tuple[str, DateReading], ...] = PrivateAttr(())

    @property
    def date_readings(self) -> tuple[tuple[str, DateReading], ...]:
        """The dates of the data that were converted on load (a พ.ศ. year, a Thai form), each
        with its field path; ``thaidoc check`` shows them as notes."""
        return self._date_readings

    @property
    def source(self) -> str | None:
        """The file this document was loaded from, if any (relative paths resolve against it)."""
        return self._source

    @property
    def base_dir(self) -> str | None:
        """The folder files named by the data (``emblem:``, ``budget:``) must lie in: the data
        file's folder, or the one the caller granted; None for data that may name no file."""
        return self._base_dir

    @property
    def text_templates(self) -> bool:
        """Whether ``{{ … }}`` in this document's text is expanded when it is rendered.

        True for data loaded from a file (the letter's author wrote it) or with
        ``text_templates=True``; False for a mapping, whose text may come from a stranger and
        is printed exactly as given.
        """
        return self._text_templates

    def text(self, value: str | None) -> str:
        """Free text in the document's digit style ('' for None)."""
        return localise_digits(value, self.digits) if value else ""

    def context(self) -> dict[str, Any]:
        """The template context: the data as given plus derived, print-ready values."""
        return {
            **{name: getattr(self, name) for name in type(self).model_fields},
            "kind_title": self.title,
        }
