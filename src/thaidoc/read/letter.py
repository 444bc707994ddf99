"""An issued letter read back into its parts and, as far as it goes, into the letter model.

:func:`letter_parts` names the blocks of an extracted document (ที่, sending office, date,
เรื่อง, … , attachments) so that :mod:`thaidoc.diff` can compare part with part.
:func:`read` turns an issued .docx/.txt into an :class:`IssuedLetter`: the letter model of its
kind (:class:`~thaidoc.model.letters.ExternalLetter`, ``Memo``, ``StampedLetter``, ``Order``,
``Announcement``) when the letter has the parts the model requires, the data it could read
either way, and everything it could not place (the attachments that follow the letter,
unfamiliar lines) as text and tables. It never fails on an
unfamiliar layout; only an unreadable file raises (:class:`~thaidoc.errors.ReadError`).

Text read back is stored with Arabic digits and ``digits`` set to the style the letter is
written in, because the model derives Thai digits on output (one source of truth).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from thaidoc.model import KINDS
from thaidoc.read.document import Block, ExtractedDocument
from thaidoc.read.extract import extract
from thaidoc.read.layout import RULE, LetterLayout, Line, document_lines, parse_letter, sender_pieces
from thaidoc.thai import arabic_digits
from thaidoc.thai.letters import SALUTATIONS, URGENCIES, rank_of

if TYPE_CHECKING:
    from thaidoc.model import Document

__all__ = ["Part", "Address", "IssuedLetter", "letter_parts", "read", "letter_data"]


@dataclass(frozen=True, slots=True)
class Part:
    """A named part of an issued letter: its text and the block it starts in."""

    name: str
    text: str
    block_index: int


@dataclass(frozen=True, slots=True)
class Address:
    """The sending office's address read apart (the model keeps only its lines).

    ``province_code`` is the abbreviation as written ("ขร" even where it should be ชร),
    ``postcode`` has Arabic digits, ``province`` is the province the address names
    (ศาลากลางจังหวัดเชียงราย -> เชียงราย), None when it names none.
    """

    lines: tuple[str, ...]
    road: str | None = None
    province_code: str | None = None
    postcode: str | None = None
    province: str | None = None


@dataclass(frozen=True)
class IssuedLetter:
    """What :func:`read` found.

    ``letter`` is the validated model, or None when a part the model requires (ที่, the
    sending office, the date, เรื่อง, เรียน, the body, the signer) is missing; ``problems``
    then says why. ``data`` is the model's data as read (validated or not), ``parts`` the named
    parts, ``attachments`` the blocks after the letter (forms, tables, budget detail sheets),
    ``address`` the sending office's address read apart (road, province code, postcode).
    """

    document: ExtractedDocument
    data: dict[str, Any]
    parts: tuple[Part, ...]
    attachments: tuple[Block, ...]
    letter: "Document | None" = None
    problems: tuple[str, ...] = field(default=())
    address: Address | None = None

    @property
    def source(self) -> str | None:
        return self.document.source


_PART_NAMES = (
    ("urgency", lambda L: [L.urgency] if L.urgency is not None else []),
    ("title", lambda L: [L.title] if L.title is not None else []),
    ("department", lambda L: [L.department] if L.department is not None else []),
    ("number", lambda L: [L.order_number[0]] if L.order_number else []),
    ("secrecy", lambda L: [L.secrecy] if L.secrecy is not None else []),
    ("number", lambda L: [L.number.line] if L.number else []),
    ("sender", lambda L: L.sender),
    ("date", lambda L: [L.date_line] if L.date_line is not None else []),
    ("subject", lambda L: L.subject),
    ("recipient", lambda L: [L.salutation] if L.salutation is not None else []),
    ("references", lambda L: sorted([r.line for r in L.references] + L.reference_lines)),
    ("enclosures", lambda L: L.enclosure_lines),
    ("body", lambda L: L.body),
    ("date", lambda L: [L.issued_on] if L.issued_on is not None else []),
    ("sending_office", lambda L: [L.sending_office] if L.sending_office is not None else []),
    ("closing", lambda L: [L.closing] if L.closing is not None else []),
    ("signer", lambda L: L.signer),
    ("notes", lambda L: L.notes),
    ("owner", lambda L: L.owner),
    ("copies", lambda L: L.copies),
)


def _layout(doc: ExtractedDocument) -> tuple[list[Line], LetterLayout]:
    lines = document_lines(doc)
    return lines, parse_letter(lines)


def letter_parts(doc: ExtractedDocument) -> list[Part]:
    """The letter's parts in document order, one per part and block; blocks after the letter
    are ``attachments``. An empty list when the document does not look like a letter."""
    lines, layout = _layout(doc)
    if not layout.found:
        return []
    named: dict[int, str] = {}
    for name, pick in _PART_NAMES:
        for index in pick(layout):
            named.setdefault(index, name)
    parts: list[Part] = []
    for index, line in enumerate(lines):
        name = named.get(index) or ("attachments" if index >= layout.end else "body")
        if parts and parts[-1].name == name and parts[-1].block_index == line.block:
            previous = parts[-1]
            parts[-1] = Part(name, previous.text + "\n" + line.text, previous.block_index)
        else:
            parts.append(Part(name, line.text, line.block))
    return parts


# ------------------------------------------------------------------------------------ reading


def read(path_or_doc: str | os.PathLike[str] | bytes | ExtractedDocument, *, name: str | None = None) -> IssuedLetter:
    """Read an issued letter (.docx, PDF, .odt, .doc or .txt path, bytes, or an already extracted document)."""
    if isinstance(path_or_doc, ExtractedDocument):
        doc = path_or_doc
    else:
        doc = extract(path_or_doc, name=name)
    lines, layout = _layout(doc)
    data = letter_data(doc, lines, layout)
    parts = tuple(letter_parts(doc))
    attachment_blocks = sorted({lines[i].block for i in range(layout.end, len(lines))}) if layout.found else [
        b.index for b in doc.blocks
    ]
    attachments = tuple(doc.blocks[i] for i in attachment_blocks)
    letter = None
    problems: list[str] = []
    if layout.found:
        try:
            letter = KINDS[data["kind"]].model_validate(data)
        except ValidationError as exc:
            problems = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
    else:
        problems = ["this does not look like a letter (no ที่ line, or no salutation and closing)"]
    return IssuedLetter(doc, data, parts, attachments, letter, tuple(problems), _address(layout))


_LABEL = re.compile(r"^(?P<path>[0-9๐-๙]{1,2}(?:\.[0-9๐-๙]{1,2}){0,3})(?:\.|\))?\s+(?P<text>\S.*)$")
_CONTINUATION_CUE = re.compile(r"^/.*(?:\.\.\.|…)$")
_PAGE_NUMBER = re.compile(r"^-\s*[0-9๐-๙]+\s*-$")
_QUANTITY = re.compile(r"^(?P<title>.*?)\s*จำนวน\s*(?P<n>[0-9๐-๙]+)\s*(?P<unit>\S+)\s*$")
_ACTING = re.compile(r"^(?P<position>.*?)\s*(?P<acting>ปฏิบัติราชการแทน|รักษาราชการแทน)$")


def _arabic(text: str) -> str:
    return arabic_digits(text)


def _after(prefix: str, text: str) -> str:
    return re.sub(rf"^{prefix}\s*", "", text).strip()


def _digit_style(lines: list[Line], end: int) -> str:
    thai = sum(len(re.findall("[๐-๙]", lines[i].text)) for i in range(end))
    arabic = sum(len(re.findall("[0-9]", lines[i].text)) for i in range(end))
    return "arabic" if arabic > thai else "thai"


def letter_data(doc: ExtractedDocument, lines: list[Line], layout: LetterLayout) -> dict[str, Any]:
    """The data a layout holds, for the model of its kind (external letter, memo, order,
    announcement, stamped letter); not validated, keys only for what was found."""
    plain = [line.plain for line in lines]
    kind = layout.kind
    data: dict[str, Any] = {"kind": kind, "digits": _digit_style(lines, layout.end or len(lines))}
    if layout.urgency is not None:
        data["urgency"] = plain[layout.urgency]
    if layout.secrecy is not None:
        data["secrecy"] = plain[layout.secrecy]
    if layout.title is not None and kind in ("order", "announcement"):
        data["issuer"] = _arabic(re.sub(r"^(คำสั่ง|ประกาศ)\s*", "", plain[layout.title]))
    if layout.department is not None:
        department = _after("ส่วนราชการ", plain[layout.department])
        department, _, phone = department.partition(" โทร.")
        data["department"] = _arabic(department.strip())
        if phone.strip():
            data["phone"] = _arabic(phone.strip())
    if layout.number is not None and kind in ("external-letter", "memo", "stamped-letter"):
        number = layout.number
        data["number"] = {"office": _arabic(number.office), "number": _arabic(number.register) if number.register else None,
                          "circular": number.circular}
    if layout.order_number is not None:
        data["number"] = layout.order_number[1]
    if kind == "external-letter":
        sender_lines = [piece for _, piece in sender_pieces(layout)]
        if sender_lines:
            data["sender"] = {"office": _arabic(sender_lines[0]), "address": [_arabic(s) for s in sender_lines[1:]]}
    if layout.sending_office is not None:
        data["sending_office"] = _arabic(plain[layout.sending_office])
    if layout.date is not None:
        data["date"] = layout.date
        if layout.order_number is not None and layout.order_number[2] not in (None, layout.date.year + 543):
            data["year"] = layout.order_number[2]
    if layout.subject:
        data["subject"] = _arabic(" ".join([_after("เรื่อง", plain[layout.subject[0]]), *(plain[i] for i in layout.subject[1:])]).strip())
    if layout.salutation is not None:
        word, _, name = plain[layout.salutation].partition(" ")
        if kind == "stamped-letter":
            data["to"] = _arabic(name.strip())
        else:
            data["recipient"] = _recipient(word, name, plain[layout.closing] if layout.closing is not None else None)
    references = [_reference(r.text, r.date) for r in layout.references]
    if references:
        data["references"] = [r for r in references if r is not None]
    if layout.enclosures:
        data["enclosures"] = [_enclosure(e.title, e.quantity) for e in layout.enclosures]
    body, purpose = _body([plain[i] for i in layout.body], purpose_line=kind in ("external-letter", "memo"))
    if body:
        data["body"] = body
    if purpose:
        data["purpose"] = _arabic(purpose)
    signer = _signer([plain[i] for i in layout.signer])
    if signer:
        data["signer"] = signer
    if layout.notes:
        data["notes"] = _arabic(" ".join(re.sub(r"^หมายเหตุ\s*[.:]?\s*", "", plain[i]) for i in layout.notes).strip())
    owner = _owner([plain[i] for i in layout.owner])
    if owner and kind in ("external-letter", "stamped-letter"):
        data["owner"] = owner
    if layout.copies:
        data["copies"] = [_arabic(_after("สำเนาส่ง", plain[i])) for i in layout.copies if _after("สำเนาส่ง", plain[i])]
    if doc.footers:
        data["motto"] = _arabic(doc.footers[0].strip())
    return data


def _recipient(word: str, name: str, closing: str | None) -> dict[str, Any]:
    recipient: dict[str, Any] = {"name": _arabic(name.strip()), "rank": rank_of(word) or "general"}
    if rank_of(word) is None:
        recipient["salutation"] = word
    if closing is not None and closing != SALUTATIONS[recipient["rank"]][1]:
        rank = rank_of(word, closing)
        if rank:
            recipient["rank"] = rank
        else:
            recipient["closing"] = closing
    return recipient


_ROAD = re.compile(r"ถนน\s*\S+")


def _address(layout: LetterLayout) -> Address | None:
    pieces = [piece for _, piece in sender_pieces(layout)]
    if not pieces:
        return None
    road = next((m.group(0) for m in map(_ROAD.search, pieces) if m), None)
    return Address(
        lines=tuple(pieces),
        road=road,
        province_code=layout.address_code[1] if layout.address_code else None,
        postcode=_arabic(layout.postcode[1]) if layout.postcode else None,
        province=layout.province.name if layout.province is not None else None,
    )


_REFERENCE_LINE = re.compile(rf"^(?P<text>.*?)\s*(?:(?P<urgency>{'|'.join(URGENCIES)})\s*)?ที่\s+(?P<number>.+?)\s+ลงวันที่")


def _reference(text: str, date: Any) -> dict[str, Any] | None:
    if date is None:
        return None
    match = _REFERENCE_LINE.match(text)
    if match is None:
        return {"text": _arabic(text.split("ลงวันที่")[0].strip()), "number": "", "date": date}
    reference = {"text": _arabic(match["text"].strip()), "number": _arabic(match["number"].strip()), "date": date}
    if match["urgency"]:
        reference["urgency"] = match["urgency"]
    return reference


def _enclosure(title: str, quantity: str | None) -> dict[str, Any]:
    if quantity:
        match = _QUANTITY.match(f"{title} {quantity}")
        if match:
            return {"title": _arabic(match["title"].strip()), "quantity": int(_arabic(match["n"])), "unit": match["unit"]}
    return {"title": _arabic(title), "quantity": None}


def _body(texts: list[str], *, purpose_line: bool = True) -> tuple[list[dict[str, Any]], str | None]:
    """Paragraphs with their numbered items (๑. / ๒.๑ / ๒.๑.๑), and the purpose line."""
    texts = [t for t in texts if not _CONTINUATION_CUE.match(t) and not _PAGE_NUMBER.match(t) and not RULE.match(t)]
    purpose = None
    if purpose_line and texts and texts[-1].startswith("จึง"):
        purpose = texts.pop()
    paragraphs: list[dict[str, Any]] = []
    for text in texts:
        label = _LABEL.match(text)
        depth = len(label["path"].split(".")) if label else 0
        if label and (depth > 1 or text[len(label["path"])] in ".)"):
            item = {"text": _arabic(label["text"]), "items": []}
            if not paragraphs:
                paragraphs.append({"text": "", "items": []})
            siblings = paragraphs[-1]["items"]
            for _ in range(depth - 1):
                if not siblings:
                    siblings.append({"text": "", "items": []})
                siblings = siblings[-1]["items"]
            siblings.append(item)
        else:
            paragraphs.append({"text": _arabic(text), "items": []})
    return paragraphs, purpose


def _signer(texts: list[str]) -> dict[str, Any] | None:
    if not texts:
        return None
    name = texts[0].strip("() ").strip()
    positions = texts[1:]
    signer: dict[str, Any] = {"name": _arabic(name)}
    for k, position in enumerate(positions):
        acting = _ACTING.match(position)
        if acting:
            before = [*positions[:k], acting["position"]] if acting["position"] else positions[:k]
            signer["position"] = _arabic("\n".join(before))
            signer["acting"] = acting["acting"]
            principal = " ".join(positions[k + 1 :]).strip()
            if principal:
                signer["principal"] = _arabic(principal)
            return signer
    signer["position"] = _arabic("\n".join(positions))
    return signer


_PHONE = re.compile(r"^(?P<label>โทร(?:ศัพท์)?\.?(?:\s*/\s*โทรสาร)?|โทรสาร)\s*\.?\s*(?P<value>.*)$")
_EMAIL = re.compile(r"^(?:ไปรษณีย์อิเล็กทรอนิกส์|E-?mail|อีเมล์?)\s*:?\s*(?P<value>\S+)", re.IGNORECASE)


def _owner(texts: list[str]) -> dict[str, Any] | None:
    owner: dict[str, Any] = {}
    offices: list[str] = []
    for text in texts:
        email = _EMAIL.match(text)
        phone = _PHONE.match(text)
        if email:
            owner["email"] = email["value"]
        elif phone:
            value = _arabic(phone["value"].strip())
            if "โทรสาร" in phone["label"] and phone["label"].startswith("โทร") and "/" in phone["label"]:
                owner["phone"] = owner["fax"] = value
            elif phone["label"].startswith("โทรสาร"):
                owner["fax"] = value
            else:
                owner["phone"] = value
        else:
            offices.append(_arabic(text))
    if not offices:
        return None
    owner["office"] = offices[0]
    if len(offices) > 1:
        owner["group"] = " ".join(offices[1:])
    return owner
