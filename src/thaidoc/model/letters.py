"""The หนังสือราชการ family: external letters (and circulars), memos, stamped letters,
orders and announcements, after ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ.

Each model turns its data into print-ready lines in :meth:`context`: Thai digits, dates
written as the kind requires, numbered body items (๑. / ๒.๑), the salutation and closing that
go with the recipient's rank, signature and contact lines. Templates only place those lines.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import Field, PrivateAttr, ValidationInfo, field_validator, model_validator

from thaidoc.data import granted_file
from thaidoc.errors import DataError
from thaidoc.model.common import (
    DataDate,
    Digits,
    Document,
    Enclosure,
    Item,
    LetterNumber,
    Owner,
    Paragraph,
    Recipient,
    Reference,
    Secrecy,
    Sender,
    Signer,
    Urgency,
    formal_date,
    letter_date,
    localise_digits,
    phone_text,
    register_kind,
)
from thaidoc.thai.letters import format_order_number

__all__ = ["ExternalLetter", "Memo", "StampedLetter", "Order", "Announcement", "body_lines"]


def _label(path: tuple[int, ...], digits: Digits) -> str:
    """๑. for a top-level item, ๒.๑ and ๒.๑.๑ below it (the seed letters' numbering)."""
    text = ".".join(str(n) for n in path) + ("." if len(path) == 1 else "")
    return localise_digits(text, digits)


def body_lines(paragraphs: list[Paragraph], digits: Digits) -> list[dict[str, Any]]:
    """Flatten paragraphs and their numbered items into ``{"text", "level", "label", "path"}`` rows.

    Level 0 is a plain paragraph, 1 an item (๑.), 2 a sub-item (๒.๑), 3 below that; ``path``
    is where the row's text is in the data (``body[1].items[0]``), for error messages.
    """
    rows: list[dict[str, Any]] = []

    def walk(items: list[Item], prefix: tuple[int, ...], where: str) -> None:
        for number, item in enumerate(items, start=1):
            path = (*prefix, number)
            label = _label(path, digits)
            text = localise_digits(item.text.strip(), digits)
            at = f"{where}.items[{number - 1}]"
            rows.append({"text": f"{label} {text}", "level": min(len(path), 3), "label": label, "body": text,
                         "path": at})
            walk(item.items, path, at)

    for index, paragraph in enumerate(paragraphs):
        if paragraph.text.strip():
            text = localise_digits(paragraph.text.strip(), digits)
            rows.append({"text": text, "level": 0, "label": "", "body": text, "path": f"body[{index}]"})
        walk(paragraph.items, (), f"body[{index}]")
    return rows


class _Letter(Document):
    """Parts every letter-like kind has: subject, body, signer, owner office, footer."""

    urgency: Urgency | None = Field(None, description="ด่วนที่สุด / ด่วนมาก / ด่วน")
    secrecy: Secrecy | None = Field(None, description="ลับที่สุด / ลับมาก / ลับ")
    subject: str = Field(description="เรื่อง")
    body: list[Paragraph] = Field(min_length=1, description="paragraphs; each may have numbered items")
    signer: Signer = Field(description="name, position; acting (ปฏิบัติราชการแทน/รักษาราชการแทน) + principal")
    notes: str | None = Field(None, description="หมายเหตุ, printed after the signature")
    motto: str | None = Field(None, description="an agency motto printed in the footer")

    @field_validator("body", mode="before")
    @classmethod
    def _body_from_text(cls, value: Any) -> Any:
        return [value] if isinstance(value, (str, dict)) else value

    def context(self) -> dict[str, Any]:
        return {
            **super().context(),
            "urgency_text": self.urgency or "",
            "secrecy_text": self.secrecy or "",
            "subject_text": self.text(self.subject),
            "body_lines": body_lines(self.body, self.digits),
            "signer_lines": self.signer.lines(self.digits) if self.signer else [],
            "notes_text": self.text(self.notes),
            "motto_text": self.text(self.motto),
        }


def _enclosure_rows(enclosures: list[Enclosure], digits: Digits) -> list[dict[str, str]]:
    many = len(enclosures) > 1
    rows = []
    for number, item in enumerate(enclosures, start=1):
        label = _label((number,), digits) if many else ""
        title = localise_digits(item.title.strip(), digits)
        rows.append({"label": label, "title": title, "text": f"{label} {title}".strip(),
                     "quantity": item.quantity_text(digits)})
    return rows


def _reference_rows(references: list[Reference], digits: Digits) -> list[str]:
    if len(references) == 1:
        return [references[0].line(digits)]
    return [f"{_label((n,), digits)} {ref.line(digits)}" for n, ref in enumerate(references, start=1)]


@register_kind("external-letter")
class ExternalLetter(_Letter):
    """หนังสือภายนอก (a circular when ``number.circular``), on paper with the 3 cm ครุฑ."""

    template: ClassVar[str] = "letters/external.docx"
    title: ClassVar[str] = "หนังสือภายนอก"

    kind: Literal["external-letter"] = "external-letter"
    number: LetterNumber = Field(description="ที่")
    sender: Sender = Field(description="sending office and address, at the right")
    date: DataDate = Field(description="ISO date (a year from 2400 is พ.ศ.), e.g. 2019-02-20; written ๒๐ กุมภาพันธ์ ๒๕๖๒")
    recipient: Recipient = Field(description="เรียน …; rank chooses เรียน/กราบเรียน/นมัสการ")
    references: list[Reference] = Field(default_factory=list, description="อ้างถึง")
    enclosures: list[Enclosure] = Field(default_factory=list, description="สิ่งที่ส่งมาด้วย")
    purpose: str | None = Field(None, description="the last line, e.g. จึงเรียนมาเพื่อโปรดพิจารณา")
    owner: Owner | None = Field(None, description="ส่วนราชการเจ้าของเรื่อง and contact, bottom left")
    copies: list[str] = Field(default_factory=list, description="สำเนาส่ง")

    _attachments: list[tuple[int, Path]] = PrivateAttr(default_factory=list)

    @model_validator(mode="after")
    def _attachment_files(self, info: ValidationInfo) -> "ExternalLetter":
        """Enclosures that name a file: the path is relative to the letter's folder and must stay
        inside it (data a portal passes, without a folder, may not name files at all), the one
        rule for files named by data (:func:`thaidoc.data.granted_file`)."""
        base = (info.context or {}).get("base_dir")
        found = []
        for number, enclosure in enumerate(self.enclosures, start=1):
            if not enclosure.file:
                continue
            where = f"enclosures[{number - 1}].file"
            path = granted_file(enclosure.file, base_dir=base, location=where)
            if path.suffix.lower() not in (".yaml", ".yml", ".json") or not path.is_file():
                raise DataError("no such schedule or rubric data file", location=where, found=enclosure.file,
                                expected="a .yaml or .json file beside the letter")
            found.append((number, path))
        self._attachments = found
        return self

    @property
    def attachments(self) -> list[tuple[int, Path]]:
        """(enclosure number, data file) of each enclosure printed after the letter."""
        return list(self._attachments)

    def context(self) -> dict[str, Any]:
        salutation = self.text(self.recipient.salutation_text)
        purpose = self.purpose or f"จึง{salutation}มาเพื่อโปรดพิจารณา"
        return {
            **super().context(),
            "number_text": self.number.text(self.digits),
            "sender_lines": [self.text(line) for line in (self.sender.office, *self.sender.address)],
            "date_text": letter_date(self.date, self.digits),
            "salutation": salutation,
            "recipient_text": self.text(self.recipient.name),
            "closing": self.text(self.recipient.closing_text),
            "reference_lines": _reference_rows(self.references, self.digits),
            "enclosure_rows": _enclosure_rows(self.enclosures, self.digits),
            "purpose_text": self.text(purpose),
            "owner_lines": self.owner.lines(self.digits) if self.owner else [],
            "copies_lines": [self.text(line) for line in self.copies],
        }


@register_kind("memo")
class Memo(_Letter):
    """บันทึกข้อความ (หนังสือภายใน): 1.5 cm ครุฑ top left, ส่วนราชการ / ที่ / วันที่ / เรื่อง."""

    template: ClassVar[str] = "letters/memo.docx"
    title: ClassVar[str] = "บันทึกข้อความ"

    kind: Literal["memo"] = "memo"
    department: str = Field(description="ส่วนราชการ, e.g. 'สำนักงานพัฒนาชุมชนจังหวัด กลุ่มงาน…'")
    phone: str | None = Field(None, description="telephone printed after ส่วนราชการ")
    number: LetterNumber = Field(description="ที่")
    date: DataDate = Field(description="ISO date (a year from 2400 is พ.ศ.), e.g. 2024-05-07; written ๗ พฤษภาคม ๒๕๖๗")
    recipient: Recipient = Field(description="เรียน …")
    purpose: str | None = Field(None, description="the closing line, e.g. จึงเรียนมาเพื่อโปรดพิจารณา")

    def context(self) -> dict[str, Any]:
        salutation = self.text(self.recipient.salutation_text)
        department = self.department.strip()
        if self.phone:
            department = f"{department} โทร.\u00a0{phone_text(self.phone)}"
        return {
            **super().context(),
            "department_text": self.text(department),
            "number_text": self.number.text(self.digits),
            "date_text": letter_date(self.date, self.digits),
            "salutation": salutation,
            "recipient_text": self.text(self.recipient.name),
            "purpose_text": self.text(self.purpose or ""),
        }


@register_kind("stamped-letter")
class StampedLetter(_Letter):
    """หนังสือประทับตรา: ถึง instead of a salutation; the office's stamp replaces a signature.

    ``signer`` is the official who initials beside the stamp; only the sending office's name
    is printed above the date.
    """

    template: ClassVar[str] = "letters/stamped.docx"
    title: ClassVar[str] = "หนังสือประทับตรา"

    kind: Literal["stamped-letter"] = "stamped-letter"
    number: LetterNumber = Field(description="ที่")
    to: str = Field(description="ถึง, e.g. 'สำนักงานพัฒนาชุมชนอำเภอทุกอำเภอ'")
    sending_office: str = Field(description="the office whose stamp is applied, printed above the stamp")
    date: DataDate = Field(description="ISO date (a year from 2400 is พ.ศ.), e.g. 2024-07-03; written under the stamp")
    subject: str = Field("", description="หนังสือประทับตรา has no เรื่อง line; kept for listings")
    signer: Signer | None = None  # type: ignore[assignment]
    owner: Owner | None = None

    def context(self) -> dict[str, Any]:
        return {
            **super().context(),
            "number_text": self.number.text(self.digits),
            "to_text": self.text(self.to),
            "sending_office_text": self.text(self.sending_office),
            "date_text": letter_date(self.date, self.digits),
            "owner_lines": self.owner.lines(self.digits) if self.owner else [],
        }


@register_kind("order")
class Order(_Letter):
    """คำสั่ง: "คำสั่ง <issuer>", "ที่ <n>/<พ.ศ.>", เรื่อง, text, "สั่ง ณ วันที่ …"."""

    template: ClassVar[str] = "letters/order.docx"
    title: ClassVar[str] = "คำสั่ง"

    kind: Literal["order"] = "order"
    issuer: str = Field(description="e.g. 'จังหวัดเชียงราย'")
    number: int | None = Field(None, ge=1, description="order number; the year comes from the date")
    date: DataDate = Field(description="the date of signing: สั่ง ณ วันที่ …")
    year: int | None = Field(None, description="Buddhist year of the number when not the date's year")

    def context(self) -> dict[str, Any]:
        year = self.year or self.date.year + 543
        number = format_order_number(self.number, year)
        return {
            **super().context(),
            "issuer_text": self.text(self.issuer),
            "number_text": self.text(number),
            "date_text": formal_date(self.date, self.digits),
        }


@register_kind("announcement")
class Announcement(_Letter):
    """ประกาศ: "ประกาศ <issuer>", เรื่อง, text, "ประกาศ ณ วันที่ …"."""

    template: ClassVar[str] = "letters/announcement.docx"
    title: ClassVar[str] = "ประกาศ"

    kind: Literal["announcement"] = "announcement"
    issuer: str = Field(description="e.g. 'สำนักงานพัฒนาชุมชนจังหวัดฉะเชิงเทรา'")
    date: DataDate = Field(description="ประกาศ ณ วันที่ …")

    def context(self) -> dict[str, Any]:
        return {
            **super().context(),
            "issuer_text": self.text(self.issuer),
            "date_text": formal_date(self.date, self.digits),
        }
