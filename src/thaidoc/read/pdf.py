"""Read the text layer of an issued PDF into paragraphs, as the page shows them.

Text is taken from PDFium (``pypdfium2``), character by character with each character's box:
poppler's ``pdftotext`` and pdfplumber put Thai tone marks out of order and double the sara am
(ดำาเนิน), PDFium gives them in the order they were typed. PDFium's own line breaks are not
trusted: it breaks a line before a vowel drawn below the baseline (ศ / ู / นย์), so lines are
rebuilt from the boxes (the loose box of a character spans its font's ascent and descent, so
every character of a line shares it, marks included).

Lines become paragraphs the way a reader sees them: a line that runs to the right edge of the
text continues in the next line unless that one is indented (a new paragraph's first line) or
set apart by space. Page furniture is not text: the page number at the top or bottom
("- ๒ -"), a header or footer repeated on several pages, and the typist's continuation cue at
the foot of a page ("/กรมการพัฒนาชุมชน..."), are dropped.

A PDF without text (a scan), a password-protected or damaged PDF is refused with one line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from thaidoc.errors import ReadError
from thaidoc.read.document import Block, ExtractedDocument
from thaidoc.read.words import segment

__all__ = ["extract_pdf", "MAX_PAGES"]

#: Far above any letter with its attachments; a crafted PDF of 100,000 empty pages is refused.
MAX_PAGES = 500
#: Characters read in all, however they are spread over the pages.
MAX_CHARS = 500_000


@dataclass
class _Line:
    page: int
    text: str
    left: float
    right: float
    top: float
    bottom: float
    size: float  # font size of the line, from its characters
    spaced: bool = False  # ended with a space: a wrap between words that keeps it
    tab_x: float | None = None  # where the text after the line's first wide gap starts
    starts: tuple[float, ...] = ()  # where each word after a space or gap starts
    baseline: float = 0.0  # the bottom most of its characters share (marks below not counted)
    page_height: float = 0.0
    first_word: float = 0.0  # width of the line's first word (could it have fit above?)

    @property
    def height(self) -> float:
        return self.top - self.bottom


_MARK = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")
_PAGE_NUMBER = re.compile(r"^[-–—]\s*[0-9๐-๙ก-ฮ]{1,4}\s*[-–—]$|^(หน้า|page)?\s*[0-9๐-๙]{1,3}(\s*/\s*[0-9๐-๙]{1,3})?$", re.I)
#: "/กรมการพัฒนาชุมชน..." or "/ ๒. ให้..." at a page's foot: the first words of the next page.
_CONTINUATION_CUE = re.compile(r"^/\s*\S.*(\.\.\.|…|ฯลฯ)\s*$")
_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def extract_pdf(data: bytes, source: str | None) -> ExtractedDocument:
    """Paragraph blocks of a PDF's text layer. Raises ReadError for what cannot be read."""
    import pypdfium2 as pdfium  # loads the PDFium library: only when a PDF is read

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        detail = str(exc)
        if "password" in detail.lower():
            raise ReadError(
                "PDF นี้มีรหัสผ่าน อ่านข้อความไม่ได้ / the PDF is password-protected, so its text cannot be read",
                source=source,
                expected="a PDF without a password (print it again to PDF, or give the .docx)",
                found="an encrypted PDF",
            ) from None
        raise ReadError(
            "PDF นี้เสียหาย อ่านไม่ได้ / the PDF is damaged and cannot be read",
            source=source,
            found=detail,
        ) from None
    try:
        pages = len(pdf)
        if pages > MAX_PAGES:
            raise ReadError(
                "PDF นี้มีหน้ามากเกินกว่าจะเป็นหนังสือ / the PDF has too many pages to be a letter",
                source=source,
                expected=f"at most {MAX_PAGES} pages",
                found=f"{pages} pages",
            )
        lines: list[_Line] = []
        chars = 0
        for number in range(pages):
            page = pdf[number]
            try:
                text_page = page.get_textpage()
                try:
                    count = text_page.count_chars()
                    chars += count
                    if chars > MAX_CHARS:
                        raise ReadError(
                            "PDF นี้มีข้อความมากเกินกว่าจะเป็นหนังสือ / the PDF holds too much text to be a letter",
                            source=source,
                            expected=f"at most {MAX_CHARS:,} characters",
                        )
                    lines.extend(_page_lines(text_page, count, number, page.get_height()))
                finally:
                    text_page.close()
            finally:
                page.close()
    except pdfium.PdfiumError as exc:
        raise ReadError(
            "PDF นี้เสียหาย อ่านไม่ได้ / the PDF is damaged and cannot be read", source=source, found=str(exc)
        ) from None
    finally:
        pdf.close()
    if not any(line.text.strip() for line in lines):
        raise ReadError(
            "PDF นี้ไม่มีชั้นข้อความ (น่าจะเป็นภาพสแกน) จึงอ่านไม่ได้ / the PDF has no text layer "
            "(a scan?), so there is no text to read; thaidoc does not OCR",
            source=source,
            expected="a PDF exported from Word or LibreOffice, or the .docx",
            found=f"{pages} page{'s' if pages != 1 else ''} without text",
        )
    lines, footer_lines = _drop_furniture(lines, pages)
    blocks = _paragraphs(lines)
    footers: list[str] = []
    for page in sorted({line.page for line in footer_lines}):
        # a footer paragraph that wrapped (a long motto) is one line, as in the .docx
        on_page = [line for line in footer_lines if line.page == page]
        text = "\n".join(_join(group) for group in _groups(on_page, lines or on_page))
        if text not in footers:
            footers.append(text)
    return ExtractedDocument(source=source, blocks=tuple(blocks), format="pdf", footers=tuple(footers))


def _page_lines(text_page: Any, count: int, page: int, height: float = 842.0) -> list[_Line]:
    import pypdfium2.raw as pdfium_c  # loaded with pypdfium2 itself, by extract_pdf

    if count <= 0:
        return []
    text = text_page.get_text_range(0, count)
    lines: list[_Line] = []
    # the current line: [character, right edge] in reading order; "\t" for a wide gap
    items: list[list[Any]] = []
    box: list[float] = []  # left, right, top, bottom of the current line
    sizes: list[float] = []
    tab: list[float] = []
    starts: list[float] = []
    bottoms: list[float] = []

    def flush() -> None:
        raw = "".join(item[0] for item in items)
        if raw.strip():
            raw = unicodedata.normalize("NFC", raw)
            # a gap before a figure's comma is the font's spacing, not a space ("๑ ,๗๕๐")
            joined = _FIGURE_GAP.sub("", raw.strip())
            sizes.sort()
            line = _Line(page, joined, box[0], box[1], box[2], box[3], sizes[len(sizes) // 2] if sizes else 0.0,
                         raw != raw.rstrip(), tab[0] if tab else None)
            rights = [item[1] for item in items if item[0] not in _MARK and not item[0].isspace()]
            typed = "".join(item[0] for item in items if len(item) < 3 or not item[2])
            line.first_word = _first_word_width(unicodedata.normalize("NFC", typed).strip(), rights, box[0])
            line.starts = tuple(starts)
            bottoms.sort()
            line.baseline = bottoms[len(bottoms) // 2] if bottoms else box[3]
            line.page_height = height
            lines.append(line)
        items.clear()
        box.clear()
        sizes.clear()
        tab.clear()
        starts.clear()
        bottoms.clear()

    for index in range(min(count, len(text))):
        ch = text[index]
        if ch in "\r\n":
            continue  # PDFium's guess; lines are rebuilt from the boxes
        left, bottom, right, top = text_page.get_charbox(index, loose=True)
        if ch.isspace() or ch == "\ufffe":
            if items and items[-1][0] not in " \t":
                # a space PDFium made up for a gap (distributed justification spreads Thai
                # text) is kept in the text but was never typed: marked, for _first_word_width
                items.append([" ", right, bool(pdfium_c.FPDFText_IsGenerated(text_page.raw, index))])
            continue
        if ch in _MARK:
            if items:
                _place_mark(items, ch, text_page.get_charbox(index)[2])
            continue  # a mark drawn above or below belongs to a letter of this line
        middle = (top + bottom) / 2
        if box:
            if not box[3] - 1 < middle < box[2] + 1:
                flush()
            else:
                em = max(box[2] - box[3], 1.0)
                last_right = next((item[1] for item in reversed(items) if not item[0].isspace()), box[1])
                if items and len(items[-1]) == 3 and items[-1][2] and left - last_right < 0.15 * em:
                    items.pop()  # PDFium's space between two text objects with no gap between them
                if left - last_right > em * 1.2 and items[-1][0] != "\t":
                    # a wide gap on one line: a tab stop (ที่ … | the sending office; จำนวน ๑ ชุด)
                    while items and items[-1][0] == " ":
                        items.pop()
                    items.append(["\t", last_right])
                    tab.append(left)
                elif left - last_right > em * 0.25:
                    starts.append(left)  # a visible gap (a tab stop that was near) starts a word
                    if items[-1][0] not in " \t":
                        # a space LibreOffice drew as a gap (before a quote after Thai text)
                        items.append([" ", last_right])
        if items and (items[-1][0] in " \t" or (ch in "0123456789๐๑๒๓๔๕๖๗๘๙(" and "\u0e01" <= items[-1][0] <= "\u0e4e")):
            starts.append(left)  # a word after a space; a number after a label (สิ่งที่ส่งมาด้วย๑.)
        if items and box and left < box[1] - 0.3 * max(box[2] - box[3], 1.0) and not (box[3] - 1 > middle):
            _place_spacing(items, ch, left, right)
            continue
        items.append([ch, right])
        bottoms.append(bottom)
        if not box:
            box.extend([left, right, top, bottom])
        else:
            box[0], box[1] = min(box[0], left), max(box[1], right)
            box[2], box[3] = max(box[2], top), min(box[3], bottom)
        sizes.append(pdfium_c.FPDFText_GetFontSize(text_page.raw, index) or top - bottom)
    flush()
    return lines


def _place_mark(items: list[list[Any]], mark: str, mark_right: float) -> None:
    """Put a vowel or tone mark after the letter it is drawn on.

    PDFs store a mark where the layout engine emitted its glyph, which is not always after
    its letter: "นั้น" arrives as น ั น ้, and LibreOffice may emit a tone mark at the end of
    a whole line ("ชี้" as ช ี … ้). A mark above or below is drawn over the right part of
    its letter, so it goes to the letter of the line whose right edge is nearest the mark's.
    """
    best, best_distance = None, None
    for position, (ch, right, *_) in enumerate(items):
        if ch in _MARK or ch.isspace():
            continue
        distance = abs(right - mark_right)
        if best_distance is None or distance <= best_distance:
            best, best_distance = position, distance
    if best is None:
        items.append([mark, mark_right])
        return
    position = best + 1
    while position < len(items) and items[position][0] in _MARK:
        position += 1
    items.insert(position, [mark, items[best][1]])
    _drop_stray_space(items)


def _place_spacing(items: list[list[Any]], ch: str, left: float, right: float) -> None:
    """A spacing character drawn back over text already read (a sara am emitted after the
    word it belongs to): it goes after the last letter that lies to its left."""
    centre = (left + right) / 2
    position = len(items)
    while position > 0 and (items[position - 1][0].isspace() or items[position - 1][1] > centre):
        position -= 1
    while position < len(items) and items[position][0] in _MARK:
        position += 1
    items.insert(position, [ch, right])
    _drop_stray_space(items)


def _drop_stray_space(items: list[list[Any]]) -> None:
    # the space PDFium emitted before a displaced glyph was never typed
    if items and items[-1][0] == " ":
        items.pop()


def _first_word_width(text: str, rights: list[float], left: float) -> float:
    """How wide the line's first word is drawn (Thai words found with the dictionary)."""
    if not rights:
        return 0.0
    head = text.split(None, 1)[0] if text.split() else text
    if any("\u0e00" <= ch <= "\u0e7f" for ch in head):
        words = [word for word in segment(head[:60]) if word.strip()]
        while len(words) > 1 and (not any(ch.isalnum() for ch in words[0]) or words[0][-1] in ".,:"):
            # "(" belongs to the word it opens; no line breaks after "." in "พ.ศ.๒๕๖๓" (UAX #14)
            words[:2] = [words[0] + words[1]]
        head = words[0] if words else head
    visible = sum(1 for ch in head if ch not in _MARK)
    return rights[min(max(visible, 1), len(rights)) - 1] - left


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text.translate(_DIGITS))


#: A footer sits in the bottom 3 cm of the page (the letter standard's margin is 2 cm).
FOOTER_ZONE = 3 / 2.54 * 72


def _footers(by_page: dict[int, list[_Line]]) -> dict[int, int]:
    """Page -> index of its first footer line: the centred lines at the foot of a page (a
    motto), set apart from the text above them by a gap. The owner office's block at the
    foot of the last page is flush left, so it stays text."""
    every = [line for lines in by_page.values() for line in lines]
    lefts = sorted(line.left for line in every)
    rights = sorted(line.right for line in every)
    left_edge, right_edge = lefts[len(lefts) // 10], rights[int(0.9 * (len(rights) - 1))]
    pitch = _pitch(every)
    found: dict[int, int] = {}
    for page, lines in by_page.items():
        first = len(lines)
        while first > 0:
            line = lines[first - 1]
            em = max(line.size, 1.0)
            centred = abs((line.left - left_edge) - (right_edge - line.right)) < 2 * em and line.left > left_edge + em
            if not (centred and line.baseline < FOOTER_ZONE + (len(lines) - first) * 2 * em):
                break
            first -= 1
        if first < len(lines) and (first == 0 or lines[first - 1].baseline - lines[first].baseline > 1.15 * pitch):
            found[page] = first
    return found


def _drop_furniture(lines: list[_Line], pages: int) -> tuple[list[_Line], list[_Line]]:
    """Without page numbers, repeated headers/footers and continuation cues; and the lines
    in the footer area (a motto in the first page's footer), apart."""
    by_page: dict[int, list[_Line]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    edges: dict[str, set[int]] = {}  # the text of a page's first or last two lines -> pages
    for page, page_lines in by_page.items():
        for line in page_lines[:2] + page_lines[-2:]:
            edges.setdefault(_key(re.sub(r"[0-9๐-๙]+", "#", line.text)), set()).add(page)
    first_footer = _footers(by_page)
    keep: list[_Line] = []
    footer: list[_Line] = []
    for page, page_lines in sorted(by_page.items()):
        last = len(page_lines) - 1
        for position, line in enumerate(page_lines):
            at_edge = position in (0, 1, last - 1, last)
            if at_edge and _PAGE_NUMBER.match(line.text.strip()):
                continue
            if position == last and page < pages - 1 and _CONTINUATION_CUE.match(line.text.strip()):
                continue
            repeated = edges.get(_key(re.sub(r"[0-9๐-๙]+", "#", line.text)), set())
            if at_edge and pages >= 2 and len(repeated) >= max(2, (len(by_page) + 1) // 2) and len(by_page) >= 2:
                continue
            if position >= first_footer.get(page, last + 1):
                footer.append(line)
                continue
            keep.append(line)
    return keep, footer


def _paragraphs(lines: list[_Line]) -> list[Block]:
    """Join wrapped lines into paragraphs."""
    blocks: list[Block] = []
    for group in _groups(lines, lines):
        text = _join(group)
        # no runs: a PDF does not say which text is bold (the font name may, but not reliably)
        blocks.append(Block(kind="paragraph", index=len(blocks), text=text, page=group[0].page + 1))
    return blocks


def _groups(lines: list[_Line], text: list[_Line]) -> list[list[_Line]]:
    """``lines`` in paragraphs, measured against the edges of the page's ``text``."""
    if not lines or not text:
        return []
    # the text block's edges, from the lines themselves (margins differ between letters)
    lefts = sorted(line.left for line in text)
    rights = sorted(line.right for line in text)
    left_edge = lefts[len(lefts) // 10]
    right_edge = rights[int(0.9 * (len(rights) - 1))]
    pitch = _pitch(text)
    groups: list[list[_Line]] = []
    for line in lines:
        if groups and _continues(groups[-1][-1], line, left_edge, right_edge, pitch):
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


_ADDRESS_START = re.compile(r"^(ถนน|ถ\.|ซอย|ซ\.|เลขที่|หมู่ที่|ตำบล|ต\.)")
_RULE = re.compile(r"^[-_=.…\s]{5,}$")
_FIGURE_GAP = re.compile(r"(?<=[0-9๐-๙]) (?=,[0-9๐-๙]{3}(?![0-9๐-๙]))")
#: a numbered sub-item's label without the closing dot: ๔.๒ …
_SUB_ITEM_START = re.compile(r"^[0-9๐-๙]{1,2}(?:\.[0-9๐-๙]{1,2})+\s+[\u0e01-\u0e4eA-Za-z]")
#: a numbered item's label at the start of a line: ๑. ๔.๔. ๒) (๓)
_ITEM_START = re.compile(r"^\(?[0-9๐-๙]{1,2}(?:\.[0-9๐-๙]{1,2})*[.)]\s*[\u0e01-\u0e4eA-Za-z(\"“]")
#: The labels a letter's parts start with: such a line starts its part, and the lines that
#: hang under its text (indented to the tab after the label) go on with it.
_PART_LABEL = re.compile(r"^(ที่|วันที่|เรื่อง|เรียน|กราบเรียน|นมัสการ|ถึง|อ้างถึง|สิ่งที่ส่งมาด้วย|ส่วนราชการ)(?:\s|$|(?=[0-9๐-๙]))")


def _pitch(lines: list[_Line]) -> float:
    """The usual distance from one line's baseline to the next."""
    steps = sorted(
        a.baseline - b.baseline for a, b in zip(lines, lines[1:]) if a.page == b.page and a.baseline > b.baseline
    )
    return steps[len(steps) // 4] if steps else 20.0


def _continues(previous: _Line, line: _Line, left_edge: float, right_edge: float, pitch: float) -> bool:
    """Whether ``line`` goes on with the paragraph of the line above it.

    It does when its first word could not have fitted at the end of the line above (the line
    above was wrapped, whether justified, ragged or centred), and it is not set apart: not
    indented as a first line, not below a gap. A line that starts where a word of the line
    above starts is a hanging continuation (เรื่อง, อ้างถึง, the sending office beside ที่).
    """
    em = max(previous.size, 1.0)
    if line.page == previous.page and previous.baseline - line.baseline > 1.6 * pitch:
        return False  # space between them
    if _RULE.match(line.text) or _RULE.match(previous.text) or _ADDRESS_START.match(line.text):
        return False  # a rule under a heading; an address starts its own line
    if _PART_LABEL.match(line.text):
        return False  # ที่ …, เรื่อง …: a part of the letter starts
    if _ITEM_START.match(line.text) or (_SUB_ITEM_START.match(line.text) and line.left > left_edge + em):
        # ๑๐. …, ๒) …, or an indented ๔.๒ … (at the margin it may be a wrapped ๑.๕ ล้าน):
        # a numbered item starts, even below a line that ends flush
        return False
    middle = (left_edge + right_edge) / 2
    if previous.tab_x is not None and previous.tab_x > middle and previous.right >= right_edge - em:
        return False  # the line above ended at a right-aligned tab stop ("… จำนวน ๑ ชุด")
    room = right_edge - previous.right
    if line.left > middle and line.right >= right_edge - 1.5 * em and previous.left < middle:
        # a right-aligned tail ("จำนวน ๑ ชุด") that did not fit beside the text above
        return room < line.right - line.left + em
    aligned = (
        abs(line.left - previous.left) < 0.3 * em
        or previous.left < left_edge + em
        or line.left < left_edge + em
        or any(abs(line.left - x) < 0.3 * em for x in previous.starts)
    )
    centred = not aligned
    same_centre = abs((line.left + line.right) - (previous.left + previous.right)) < 2 * em
    if centred and same_centre:
        # lines centred on one axis (a heading; a signature block indented to the right): the
        # box they are centred in reaches the nearer text edge, and its width is the room
        centre = (previous.left + previous.right) / 2
        room = 2 * min(centre - left_edge, right_edge - centre) - (previous.right - previous.left)
    elif centred:
        room += previous.left - left_edge  # a centred line had room on both sides
    if room > line.first_word + 0.6 * em:
        return False  # the first word would have fitted above: the line above ended there
    if previous.left > middle and line.left < previous.left - em:
        return False  # the line above was a right column, and this one is not
    if abs(line.left - previous.left) < 0.3 * em or any(abs(line.left - x) < 0.3 * em for x in previous.starts):
        return True  # the same left edge, or a hanging indent under a word of the line above
    if centred and (same_centre or abs((line.left - left_edge) - (right_edge - line.right)) < em):
        return True  # a centred line that wrapped (a heading, a signer's position)
    if _PART_LABEL.match(previous.text) and line.left > previous.left:
        return True  # hanging under the text after a label (ส่วนราชการ …)
    if line.left > left_edge + 1.5 * em and line.left - previous.left > 4 * em:
        return False  # indented as a first line (2.5 cm), not hanging under a label (อ้างถึง)
    return True


def _thai_letter(ch: str) -> bool:
    # the characters Unicode line breaking leaves to a dictionary (class SA): Thai letters,
    # vowels and marks, not Thai digits
    return "\u0e01" <= ch <= "\u0e3a" or "\u0e40" <= ch <= "\u0e4e"


def _join(group: list[_Line]) -> str:
    text = group[0].text
    for before, line in zip(group, group[1:]):
        # Thai wraps between two Thai words with or without a space, and the PDF keeps the
        # space only sometimes, so none is added there. Anywhere else (a Thai word and a
        # number, a quote or a bracket; two Latin words) a line may break only at a space
        # (Unicode line breaking, UAX #14), or after a hyphen or slash. A tail pushed off a
        # tab stop keeps its tab.
        last, first = text[-1:], line.text[:1]
        glue = "" if (_thai_letter(last) and _thai_letter(first)) or last in "-/–" else " "
        if before.spaced:
            glue = " "
        if line.left > before.right:
            glue = "\t"
        text = text + glue + line.text
    return text
