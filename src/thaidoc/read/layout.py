"""Where the parts of an issued letter are, from its lines of text.

This is the text-only half of reading a letter (it needs no parser, only :mod:`thaidoc.thai`):
:mod:`thaidoc.read.letter` builds the letter model on top of it and
:func:`thaidoc.checks.text.lint` checks the parts it finds.

The input is any object with ``.blocks`` (see :class:`thaidoc.read.document.ExtractedDocument`);
nothing is required of the layout: a part that cannot be found is simply absent, and every
line that is not placed stays in ``body`` or ``attachments``.

>>> from types import SimpleNamespace as NS
>>> lines = ["ด่วนที่สุด", "ที่ ฉช ๐๐๑๙/ว ๒๒๑๕", "ศาลากลางจังหวัดฉะเชิงเทรา", "ถนนเรืองวุฒิ ฉช ๒๔๐๐๐",
...          "๒๘ เมษายน ๒๕๖๓", "เรื่อง ทดสอบ", "เรียน นายอำเภอ", "ข้อความ", "จึงเรียนมาเพื่อทราบ",
...          "ขอแสดงความนับถือ", "(นายสมชาย ใจดี)", "ผู้ว่าราชการจังหวัดฉะเชิงเทรา",
...          "สำนักงานจังหวัด", "โทร ๐ ๓๘๕๑ ๑๒๓๔", "ภาคผนวก"]
>>> doc = NS(blocks=[NS(kind="paragraph", index=i, text=t, rows=(), line=i + 1) for i, t in enumerate(lines)])
>>> layout = parse_letter(document_lines(doc))
>>> layout.number.code, layout.number.circular, layout.number.register, layout.province.name
('ฉช', True, '๒๒๑๕', 'ฉะเชิงเทรา')
>>> [layout.lines[i].text for i in layout.signer], layout.end
(['(นายสมชาย ใจดี)', 'ผู้ว่าราชการจังหวัดฉะเชิงเทรา'], 14)
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from thaidoc.thai import find_thai_dates, province_by_name
from thaidoc.thai.letters import (
    CLOSINGS,
    SALUTATION_WORDS,
    SECRECY_LEVELS,
    URGENCIES,
    parse_letter_number,
    parse_order_number,
)

__all__ = [
    "Line",
    "document_lines",
    "LetterNumberText",
    "ReferenceText",
    "EnclosureText",
    "LetterLayout",
    "parse_letter",
    "sender_pieces",
    "read_number",
    "RULE",
    "NUM",
    "to_int",
]

#: A figure: 160,674,000 / ๑๖๐,๖๗๔,๐๐๐ / 1500 / 12.50
NUM = r"[0-9๐-๙]{1,3}(?:,[0-9๐-๙]{3})+(?:\.[0-9๐-๙]+)?|[0-9๐-๙]+(?:\.[0-9๐-๙]+)?"
_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def to_int(text: str) -> int:
    return int(text.translate(_DIGITS))


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the document: a paragraph's line, or a table row (cells joined by tabs)."""

    text: str
    block: int
    where: str
    cells: tuple[str, ...] | None = None

    @property
    def plain(self) -> str:
        """The text with tabs and runs of spaces squeezed to one space."""
        return re.sub(r"[ \t\u00a0]+", " ", self.text).strip()


def document_lines(doc: Any) -> list[Line]:
    """Every non-empty line of ``doc`` in order, each with a human location.

    .txt sources give ``line N``; .docx gives ``paragraph N`` (counting paragraphs only) or
    ``table N row R``.
    """
    out: list[Line] = []
    paragraphs = tables = 0
    for block in doc.blocks:
        start = getattr(block, "line", None)
        if block.kind == "table":
            tables += 1
            for r, row in enumerate(block.rows):
                text = "\t".join(row)
                if not text.strip():
                    continue
                where = f"line {start + r}" if start is not None else f"table {tables} row {r + 1}"
                out.append(Line(text=text, block=block.index, where=where, cells=tuple(row)))
            continue
        paragraphs += 1
        pieces = block.text.split("\n")
        for k, piece in enumerate(pieces):
            if not piece.strip():
                continue
            if start is not None:
                where = f"line {start + k}"
            else:
                where = f"paragraph {paragraphs}" + (f" line {k + 1}" if len(pieces) > 1 else "")
                if getattr(block, "page", None) is not None:
                    where = f"page {block.page}, {where}"  # a PDF's paragraph
            out.append(Line(text=piece.strip(), block=block.index, where=where))
    return out


@dataclass(frozen=True, slots=True)
class LetterNumberText:
    """ที่ ฉช ๐๐๑๙/ว ๒๒๑๕ read apart: code ฉช, office ฉช ๐๐๑๙, circular, register ๒๒๑๕."""

    line: int
    code: str
    office: str
    circular: bool
    register: str | None
    raw: str


@dataclass(frozen=True, slots=True)
class ReferenceText:
    line: int
    text: str
    number: LetterNumberText | None
    date: dt.date | None
    date_text: str | None


@dataclass(frozen=True, slots=True)
class EnclosureText:
    line: int
    label: int | None
    title: str
    quantity: str | None


@dataclass
class LetterLayout:
    lines: list[Line]
    urgency: int | None = None
    secrecy: int | None = None
    number: LetterNumberText | None = None
    sender: list[int] = field(default_factory=list)
    date_line: int | None = None
    date: dt.date | None = None
    subject: list[int] = field(default_factory=list)
    salutation: int | None = None
    references: list[ReferenceText] = field(default_factory=list)
    #: lines a reference wrapped onto, after the line it starts on
    reference_lines: list[int] = field(default_factory=list)
    enclosures: list[EnclosureText] = field(default_factory=list)
    enclosure_lines: list[int] = field(default_factory=list)
    body: list[int] = field(default_factory=list)
    closing: int | None = None
    signer: list[int] = field(default_factory=list)
    notes: list[int] = field(default_factory=list)
    owner: list[int] = field(default_factory=list)
    copies: list[int] = field(default_factory=list)
    end: int = 0  # index of the first line after the letter (attachments follow)
    kind: str = "external-letter"  # or memo, order, announcement, stamped-letter
    title: int | None = None  # บันทึกข้อความ / คำสั่ง… / ประกาศ… line
    department: int | None = None  # memo: ส่วนราชการ line
    order_number: tuple[int, int, int | None] | None = None  # (line, number, year) of an order
    issued_on: int | None = None  # order/announcement: สั่ง ณ วันที่ / ประกาศ ณ วันที่ line
    sending_office: int | None = None  # stamped letter: the office above its date
    province: Any = None  # thaidoc.thai.Province named by the sender's address
    address_code: tuple[int, str] | None = None  # (line, province abbreviation in the address)
    postcode: tuple[int, str] | None = None  # (line, postcode as written)

    @property
    def found(self) -> bool:
        """True when this looks like a letter: a ที่ line, a salutation and a closing, or the
        title of a memo, order or announcement."""
        return (self.number is not None or (self.salutation is not None and self.closing is not None)
                or self.title is not None)

    def part_of(self, index: int) -> str | None:
        """The part name (Thai label) of line ``index``."""
        return self.parts_by_line().get(index)

    def parts_by_line(self) -> dict[int, str]:
        """Line -> part name (Thai label) of every placed line, built in one pass: asking
        :meth:`part_of` line by line would cost the body's length for each line."""
        names: dict[int, str] = {}
        for name, indexes in self._parts():
            for index in indexes:
                names.setdefault(index, name)
        return names

    def _parts(self) -> list[tuple[str, set[int]]]:
        def single(i: int | None) -> set[int]:
            return {i} if i is not None else set()

        return [
            ("ด่วน", single(self.urgency)),
            ("หัวเรื่องหนังสือ", single(self.title)),
            ("ส่วนราชการ", single(self.department)),
            ("ที่", single(self.order_number[0] if self.order_number else None)),
            ("ชั้นความลับ", single(self.secrecy)),
            ("ที่", single(self.number.line if self.number else None)),
            ("ที่อยู่", set(self.sender)),
            ("วันที่", single(self.date_line)),
            ("เรื่อง", set(self.subject)),
            ("เรียน", single(self.salutation)),
            ("อ้างถึง", {r.line for r in self.references} | set(self.reference_lines)),
            ("สิ่งที่ส่งมาด้วย", set(self.enclosure_lines)),
            ("ข้อความ", set(self.body)),
            ("วันที่", single(self.issued_on)),
            ("ส่วนราชการผู้ส่ง", single(self.sending_office)),
            ("คำลงท้าย", single(self.closing)),
            ("ผู้ลงนาม", set(self.signer)),
            ("หมายเหตุ", set(self.notes)),
            ("ส่วนราชการเจ้าของเรื่อง", set(self.owner)),
            ("สำเนาส่ง", set(self.copies)),
        ]


_DATE_IN_NUMBER = re.compile(r"\s+วันที่\s+(?P<date>.+)$")
_URGENCY = re.compile(rf"^({'|'.join(URGENCIES)})$")
_SECRECY = re.compile(rf"^({'|'.join(SECRECY_LEVELS)})$")
_SUBJECT = re.compile(r"^เรื่อง\s*(.*)$")
# ถึง: how a head of office addresses the staff under them (คำสั่ง/บันทึก), not a rank of its own
_SALUTATION = re.compile(rf"^({'|'.join(SALUTATION_WORDS)}|ถึง)\s+\S")
_REFERENCE = re.compile(r"^อ้างถึง\s*(.*)$")
_ENCLOSURE = re.compile(r"^สิ่งที่ส่งมาด้วย\s*(.*)$")
_ITEM_LABEL = re.compile(r"^\(?(?P<n>[0-9๐-๙]{1,2})[.)]\s*(?P<rest>.*)$")
_TITLE = re.compile(r"^(?P<kind>บันทึกข้อความ|คำสั่ง|ประกาศ)(?P<issuer>\S.*)?$")
_DEPARTMENT = re.compile(r"^ส่วนราชการ\s*(?P<text>.*)$")
_ISSUED_ON = re.compile(r"^(?:สั่ง|ประกาศ)\s*ณ\s*วันที่\s*(?P<date>.+)$")
#: A rule typed as a line of dashes, dots or underscores (under the title of an order).
RULE = re.compile(r"^[-–—_=.*\s]{5,}$")
# a signer's name when no closing line announces it: a title first
_NAMED_SIGNER = re.compile(r"^\(\s*(?:นาย|นาง|น\.ส\.|ว่าที่|ดร\.|พล|พัน|ร้อย|จ่า|สิบ|พระ|ศ\.|รศ\.|ผศ\.|ศาสตราจารย์)[^()]+\)$")
# the table's closings, and the variants people type: อย่างสูง, a monk's closing worded freely,
# ด้วยความเคารพ to a superior
_CLOSING = re.compile(rf"^({'|'.join(CLOSINGS)}|ขอแสดงความนับถืออย่างสูง|ขอนมัสการด้วยความเคารพ.*|ด้วยความเคารพ.*)$")
_SIGNER = re.compile(r"^\(\s*[^()]{2,}\)$")
_CONTACT = re.compile(r"^(โทร|โทรศัพท์|โทรสาร|E-?mail|อีเมล|อีเมล์|ไปรษณีย์อิเล็กทรอนิกส์)", re.IGNORECASE)
_OFFICE_WORDS = re.compile(r"^(สำนักงาน|สำนัก|กลุ่ม|ส่วน|ฝ่าย|กอง|งาน|ศูนย์|กรม|ที่ทำการ)")
_POSITION_STOP = re.compile(r"^(หมายเหตุ|สำเนา|โทร|โทรสาร|สิ่งที่ส่งมาด้วย)")  # an attachment's label ends the block too
_QUANTITY = re.compile(r"\s*(จำนวน\s*[0-9๐-๙]+\s*\S+)\s*$")
_POSTCODE = re.compile(r"(?:(?<![\u0e01-\u0e4f])(?P<code>[ก-ฮ]{2})\.?\s*)?(?P<postcode>[0-9๐-๙]{3,7})\s*$")
_PROVINCE_IN_ADDRESS = re.compile(r"จังหวัด\s*(?P<name>[ก-๙]+)|(?P<bkk>กรุงเทพมหานคร|กรุงเทพฯ|กทม\.?)")


def read_number(text: str, line: int) -> LetterNumberText | None:
    """Read a ``ที่ …`` line; None when it is not one.

    >>> n = read_number("ที่ ขร ๐๐๑๙.๑/ว ๔๗/๗๕", 0)
    >>> n.code, n.office, n.circular, n.register
    ('ขร', 'ขร ๐๐๑๙.๑', True, '๔๗/๗๕')
    """
    parts = parse_letter_number(text)
    if parts is None:
        return None
    return LetterNumberText(line, parts.code, parts.office, parts.circular, parts.register, text)


def _full_date(text: str) -> tuple[dt.date | None, str | None, bool]:
    """(date, date text, the line is just a date) for a line such as ``๒๘ เมษายน ๒๕๖๓``."""
    matches = find_thai_dates(text)
    if not matches:
        return None, None, False
    first = matches[0]
    rest = (text[: first.start] + text[first.end :]).strip()
    return first.date, first.text, rest in ("", "วันที่", "ลงวันที่")


def parse_letter(lines: list[Line]) -> LetterLayout:
    """Place the parts of a letter among ``lines``; whatever cannot be placed is left alone."""
    layout = LetterLayout(lines=lines)
    n = len(lines)
    head_limit = min(n, 40)
    # -- head: urgency, ที่, sending office and address, date -----------------------------
    subject_at = next((k for k in range(head_limit) if _SUBJECT.match(lines[k].plain)), None)
    head_end = subject_at if subject_at is not None else next(
        (k for k in range(head_limit) if _SALUTATION.match(lines[k].plain)), 0
    )
    sender: list[int] = []
    for k in range(head_end):
        text = lines[k].plain
        title = _TITLE.match(text) if layout.title is None and k < 4 else None
        if title and (title["kind"] == "บันทึกข้อความ" or title["issuer"]):
            layout.title = k
            layout.kind = {"บันทึกข้อความ": "memo", "คำสั่ง": "order", "ประกาศ": "announcement"}[title["kind"]]
        elif layout.kind == "memo" and layout.department is None and _DEPARTMENT.match(text):
            layout.department = k
        elif layout.kind == "order" and layout.order_number is None and (order := parse_order_number(text)):
            layout.order_number = (k, *order)
        elif lines[k].cells is not None:
            _head_row(layout, k, sender)
        elif layout.urgency is None and _URGENCY.match(text):
            layout.urgency = k
        elif layout.secrecy is None and _SECRECY.match(text):
            layout.secrecy = k
        elif layout.number is None and (number := read_number(text, k)) is not None:
            layout.number = number
            if "\t" in lines[k].text.strip():
                sender.append(k)  # the sending office shares the ที่ line, after a tab
            dated = _DATE_IN_NUMBER.search(text)
            if dated:
                layout.date, _, _ = _full_date(dated["date"])
                layout.date_line = k
        elif layout.date_line is None and _full_date(text)[2]:
            layout.date_line = k
            layout.date = _full_date(text)[0]
        elif layout.date_line is None:
            sender.append(k)
    layout.sender = sender
    _address(layout)
    i = head_end
    # -- เรื่อง, เรียน, อ้างถึง, สิ่งที่ส่งมาด้วย ------------------------------------------------
    if subject_at is not None:
        layout.subject = [subject_at]
        i = subject_at + 1
        # a subject wrapped over lines (text files) runs on up to the salutation
        salutation = next((k for k in range(i, min(n, i + 4)) if _SALUTATION.match(lines[k].plain)), None)
        if salutation is not None and not any(_starts_part(lines[k].plain) for k in range(i, salutation)):
            layout.subject.extend(range(i, salutation))
            i = salutation
        while i < n and RULE.match(lines[i].plain):
            i += 1  # the rule under the title of an order or announcement
    if i < n and _SALUTATION.match(lines[i].plain):
        layout.salutation = i
        if lines[i].plain.startswith("ถึง") and layout.kind == "external-letter":
            layout.kind = "stamped-letter"
        i += 1
    while i < n:
        text = lines[i].plain
        if _REFERENCE.match(text):
            i = _references(layout, i)
        elif _ENCLOSURE.match(text):
            i = _enclosures(layout, i)
        else:
            break
    # -- body up to the closing -------------------------------------------------------------
    closing = next((k for k in range(i, n) if _CLOSING.match(lines[k].plain)), None)
    if closing is not None:
        layout.body = list(range(i, closing))
        layout.closing = closing
        _signature_and_owner(layout, closing + 1)
        return layout
    if not layout.found:
        return layout
    _end_without_closing(layout, i)
    return layout


def _end_without_closing(layout: LetterLayout, i: int) -> None:
    """Memos, orders, announcements and stamped letters have no คำลงท้าย: the body ends at
    "สั่ง/ประกาศ ณ วันที่", at the signer's name, or (stamped letters) at the sending office
    written above its date."""
    lines = layout.lines
    n = len(lines)
    for k in range(i, n):
        text = lines[k].plain
        issued = _ISSUED_ON.match(text)
        if issued:
            layout.body = list(range(i, k))
            layout.issued_on = k
            if layout.date is None:
                layout.date = _full_date(issued["date"])[0]
            _signature_and_owner(layout, k + 1)
            return
        if _NAMED_SIGNER.match(text):
            layout.body = list(range(i, k))
            _signature_and_owner(layout, k)
            return
        if (layout.kind == "stamped-letter" and k + 1 < n and _OFFICE_WORDS.match(text)
                and _full_date(lines[k + 1].plain)[2]):
            layout.body = list(range(i, k))
            layout.sending_office = k
            layout.date_line = k + 1
            layout.date = layout.date or _full_date(lines[k + 1].plain)[0]
            _owner_and_contacts(layout, k + 2)
            return
    layout.body = list(range(i, n))
    layout.end = n


def _starts_part(text: str) -> bool:
    return bool(_REFERENCE.match(text) or _ENCLOSURE.match(text) or _SALUTATION.match(text))


def _head_row(layout: LetterLayout, k: int, sender: list[int]) -> None:
    """A table row in the head (templates often put ที่ left and the address right)."""
    for cell in layout.lines[k].cells or ():
        for piece in cell.split("\n"):
            piece = re.sub(r"\s+", " ", piece).strip()
            if not piece:
                continue
            number = read_number(piece, k)
            if number is not None and layout.number is None:
                layout.number = number
            elif layout.date_line is None and _full_date(piece)[2]:
                layout.date_line = k
                layout.date = _full_date(piece)[0]
    if k not in sender:
        sender.append(k)


def sender_pieces(layout: LetterLayout) -> list[tuple[int, str]]:
    """(line, text) of each piece of the sending office and address, in order.

    Pieces are the lines of the sender lines, split at tabs and table cells, without the ที่
    number or the date that may share a line with them (templates put ที่ left and the office
    right on one line).
    """
    pieces: list[tuple[int, str]] = []
    for k in layout.sender:
        line = layout.lines[k]
        for cell in line.cells or (line.text,):
            for part in re.split(r"[\n\t]", cell):
                piece = re.sub(r"\s+", " ", part).strip()
                if not piece or read_number(piece, k) is not None or _full_date(piece)[2]:
                    continue
                if piece.startswith("วันที่"):
                    continue
                pieces.append((k, piece))
    return pieces


def _address(layout: LetterLayout) -> None:
    pieces = sender_pieces(layout)
    if layout.department is not None:  # a memo names its office in the ส่วนราชการ line
        pieces.append((layout.department, layout.lines[layout.department].plain.split(" โทร")[0]))
    for k, piece in pieces:
        for match in _PROVINCE_IN_ADDRESS.finditer(piece):
            name = match["bkk"] or match["name"]
            province = province_by_name(name) if name else None
            if province is not None and layout.province is None:
                layout.province = province
        code_match = _POSTCODE.search(piece)
        if code_match and (code_match["code"] or "ถนน" in piece or len(code_match["postcode"]) == 5):
            if code_match["code"] and layout.address_code is None:
                layout.address_code = (k, code_match["code"])
            if layout.postcode is None:
                layout.postcode = (k, code_match["postcode"])


def _references(layout: LetterLayout, i: int) -> int:
    lines = layout.lines
    first = _REFERENCE.match(lines[i].plain)
    texts = [(i, first[1] if first else "")]
    expected = 2
    k = i + 1
    label = _ITEM_LABEL.match(texts[0][1])
    numbered = bool(label and to_int(label["n"]) == 1)
    wrapped = 0
    while k < len(lines):
        plain = lines[k].plain
        nxt = _ITEM_LABEL.match(plain)
        if numbered and nxt and to_int(nxt["n"]) == expected:
            texts.append((k, plain))
            expected += 1
            k += 1
            wrapped = 0
        elif _undated(texts[-1][1]) and wrapped < 2 and not nxt and not _starts_part(plain) and not _SALUTATION.match(plain):
            # a reference wrapped over lines (a text file): it runs on until its date is read
            texts[-1] = (texts[-1][0], f"{texts[-1][1]} {plain}")
            layout.reference_lines.append(k)
            wrapped += 1
            k += 1
        else:
            break
    for line, text in texts:
        body = _ITEM_LABEL.match(text)
        body_text = body["rest"] if body else text
        number_at = body_text.find("ที่ ")
        number = read_number(body_text[number_at:], line) if number_at >= 0 else None
        dated = body_text.split("ลงวันที่", 1)
        date = date_text = None
        if len(dated) == 2:
            found = find_thai_dates(dated[1])
            if found:
                date, date_text = found[0].date, found[0].text
        layout.references.append(ReferenceText(line, body_text, number, date, date_text))
    return k


def _undated(reference: str) -> bool:
    """A reference whose date (ลงวันที่ …) is not complete yet."""
    parts = reference.split("ลงวันที่", 1)
    return len(parts) < 2 or not any(found.date for found in find_thai_dates(parts[1]))


def _enclosures(layout: LetterLayout, i: int) -> int:
    lines = layout.lines
    first = _ENCLOSURE.match(lines[i].plain)
    rest = first[1] if first else ""
    items = [(i, rest)]
    k = i + 1
    label = _ITEM_LABEL.match(rest)
    if label:
        expected = to_int(label["n"]) + 1
        wrapped = 0
        while k < len(lines):
            text = lines[k].plain
            nxt = _ITEM_LABEL.match(text)
            if not nxt and wrapped < 2 and _enclosure_goes_on(lines, k, items[-1][1], expected):
                # a long title wrapped onto the next line (a text export, a PDF's lines)
                first_line, title = items[-1]
                items[-1] = (first_line, f"{title} {text.strip()}")
                layout.enclosure_lines.append(k)
                wrapped += 1
                k += 1
                continue
            # the next item, or a mis-numbered one that still reads as an enclosure line
            if not nxt or not (to_int(nxt["n"]) == expected or _QUANTITY.search(text)):
                break
            items.append((k, text))
            expected = to_int(nxt["n"]) + 1
            wrapped = 0
            k += 1
    # a PDF's lines may run the next enclosure onto the same paragraph ("… จำนวน ๑ ฉบับ๒. คู่มือ …")
    items = [(line, piece) for line, text in items for piece in _run_on_enclosures(text)]
    for line, text in items:
        label = _ITEM_LABEL.match(text)
        title = label["rest"] if label else text
        quantity = _QUANTITY.search(title)
        if quantity:
            title = title[: quantity.start()].strip()
        layout.enclosures.append(
            EnclosureText(line, to_int(label["n"]) if label else None, title.strip(), quantity[1] if quantity else None)
        )
        layout.enclosure_lines.append(line)
    layout.enclosure_lines = sorted(set(layout.enclosure_lines))
    return k


_RUN_ON = re.compile(r"(จำนวน\s*[0-9๐-๙]+\s*[\u0e01-\u0e4e]+)\s*(?=(?P<n>[0-9๐-๙]{1,2})\.\s*\S)")


def _run_on_enclosures(text: str) -> list[str]:
    """``text`` cut after each "จำนวน N unit" that the next enclosure's number follows."""
    label = _ITEM_LABEL.match(text)
    if label is None:
        return [text]
    pieces, start, expected = [], 0, to_int(label["n"]) + 1
    for match in _RUN_ON.finditer(text):
        if to_int(match["n"]) != expected:
            continue
        pieces.append(text[start : match.end(1)])
        start, expected = match.end(), expected + 1
    return [*pieces, text[start:]]


def _enclosure_goes_on(lines: list[Line], k: int, title: str, expected: int) -> bool:
    """Whether line k is the rest of an enclosure title: the title has no จำนวน yet, and
    this line ends with one, or the next line is the next enclosure's number."""
    text = lines[k].plain
    if not text.strip() or _QUANTITY.search(title) or _starts_part(text) or _CLOSING.match(text):
        return False
    if _QUANTITY.search(text):
        return True
    following = _ITEM_LABEL.match(lines[k + 1].plain) if k + 1 < len(lines) else None
    return following is not None and to_int(following["n"]) == expected


def _signature_and_owner(layout: LetterLayout, i: int) -> None:
    lines = layout.lines
    n = len(lines)
    signer_at = next((k for k in range(i, min(n, i + 4)) if _SIGNER.match(lines[k].plain)), None)
    if signer_at is None:
        layout.end = i
        return
    layout.signer = [signer_at]
    k = signer_at + 1
    while k < n and len(layout.signer) < 4:
        text = lines[k].plain
        if _POSITION_STOP.match(text) or _OFFICE_WORDS.match(text) or _CONTACT.match(text):
            break
        layout.signer.append(k)
        k += 1
    _owner_and_contacts(layout, k)


def _owner_and_contacts(layout: LetterLayout, k: int) -> None:
    """Notes, owner office and contacts: up to the last contact line close below ``k``."""
    lines = layout.lines
    n = len(lines)
    last_contact = None
    for j in range(k, min(n, k + 10)):
        if _CONTACT.match(lines[j].plain):
            last_contact = j
        elif last_contact is not None:
            break
    if last_contact is not None:
        stop = last_contact + 1
    else:
        stop = k
        while stop < n and stop < k + 4 and (_OFFICE_WORDS.match(lines[stop].plain) or lines[stop].plain.startswith("หมายเหตุ")):
            stop += 1
    for j in range(k, stop):
        (layout.notes if lines[j].plain.startswith("หมายเหตุ") else layout.owner).append(j)
    end = stop
    while end < n and (lines[end].plain.startswith("สำเนาส่ง") or (layout.copies and lines[end].plain.startswith("-"))):
        layout.copies.append(end)
        end += 1
    layout.end = end
