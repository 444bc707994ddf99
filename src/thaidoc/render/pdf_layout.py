"""What the PDF copy of a document changes so that LibreOffice lays it out as Word does.

The .docx handed to the user is never changed: it is what Word opens and what the checks read.
Only the copy given to LibreOffice for a PDF goes through :func:`for_pdf`, and the PDF it makes
through :func:`pdf_text`:

- Justification. Official letters ask for Thai distributed justification
  (``w:jc w:val="thaiDistributed"``); LibreOffice 7.x does not draw it and leaves such
  paragraphs ragged-right (lines ending anywhere from 17.1 to 18.95 cm against a 19.0 cm text
  edge). Ordinary justification (``both``), which LibreOffice stretches at the Thai word
  boundaries its dictionary finds, ends every line but a paragraph's last at the edge
  (18.97 to 19.01 cm, measured in the circular's PDF). The last line stays flush left in both.
- Words. LibreOffice breaks Thai lines where ICU's dictionary sees a word end, and that
  dictionary cuts compounds a Thai typist keeps whole (งบ/ประมาณ, ดำเนิน/การ, ส่ง/เสริม,
  ขับ/เคลื่อน, ท่อง/เที่ยว …). In the copy, the Thai letters of each word that pythainlp's
  dictionary (newmm, plus :data:`WHOLE_WORDS`) finds are tied with U+200D ZERO WIDTH JOINER
  between their character clusters, which LibreOffice does not break at; a line then breaks only
  between words. (Measured on 160 paragraphs built to put a compound at a line's end: 17 cut
  compounds without, none with; U+2060 and U+FEFF work too, but TH Sarabun has no glyph for
  them.)
- ๆ. LibreOffice breaks before ๆ even after U+00A0, U+200D or U+2060, but not after U+202F
  NARROW NO-BREAK SPACE (nor U+2007): the space before ๆ becomes U+202F in the copy.

LibreOffice marks each inserted character in the PDF with its text (an ActualText span);
:func:`pdf_text` makes those spans say what the letter says (nothing for U+200D, a space for
U+202F), so copy and search give "งบประมาณ" and "อื่น ๆ".
"""

from __future__ import annotations

import io
import re
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import etree
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ContentStream
from pythainlp.corpus import thai_words
from pythainlp.tokenize import subword_tokenize, word_tokenize
from pythainlp.util import dict_trie

from thaidoc.model.proposal import estimated_width_cm
from thaidoc.thai.dates import MONTHS, MONTHS_ABBR
from thaidoc.ooxml import M_NS, W, XML_NS, parse_xml

M = f"{{{M_NS}}}"
XML_SPACE = f"{{{XML_NS}}}space"

__all__ = ["for_pdf", "needs_changes", "pdf_text", "finish_pdf", "join_words", "WHOLE_WORDS", "JOINER", "JUSTIFIED_PARTS"]

# the parts whose paragraphs (or styles) may carry w:jc: the body, styles, headers and footers
JUSTIFIED_PARTS = re.compile(r"^word/(document|styles|header[^/]*|footer[^/]*|footnotes|endnotes)\.xml$")
# the parts whose text is laid out in lines worth keeping words whole in
_TEXT_PARTS = re.compile(r"^word/(document|footnotes|endnotes)\.xml$")
_THAI_UTF8 = re.compile(b"\xe0\xb8[\x81-\xbf]|\xe0\xb9[\x80-\x8e]")  # a Thai letter, encoded
# Thai letters, vowels and marks: not digits, not ๆ or ฯ (which are words of their own)
_THAI_LETTERS = re.compile("[\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e\u200d]+")  # joined already too
JOINER = "\u200d"
NO_BREAK_SPACE = "\u202f"
_COMPOUND = 7  # characters: a part of a word this long may be a compound of its own
# Compounds of official letters that pythainlp's dictionary cuts in two
WHOLE_WORDS = frozenset({"ตัวชี้วัด"})


_DICTIONARY_LOCK = threading.Lock()


def _dictionary() -> tuple[Any, frozenset[str]]:
    # loaded once (0.4 s) even when a converter's threads prepare their first letters at once
    with _DICTIONARY_LOCK:
        return _load_dictionary()


@lru_cache(maxsize=1)
def _load_dictionary() -> tuple[Any, frozenset[str]]:
    words = frozenset(thai_words()) | WHOLE_WORDS
    return dict_trie(words), words


def _cuts(word: str, words: frozenset[str]) -> list[int]:
    """Where ``word`` splits into two or more dictionary words (the fewest, then each part the
    same way), each cut between character clusters: the places a dictionary without ``word``
    (ICU's) may break it."""
    bounds, at = [0], 0
    for cluster in subword_tokenize(word, engine="tcc"):
        at += len(cluster)
        bounds.append(at)
    best: dict[int, list[int]] = {0: []}
    for end in bounds[1:]:
        options = [best[start] + [start] for start in bounds if start < end and start in best
                   and word[start:end] in words and (start, end) != (0, len(word))]
        if options:
            best[end] = min(options, key=len)
    cuts = best.get(len(word), [0])[1:]
    # a long part that is itself a compound (ปี|งบประมาณ) is cut too; short ones (เสริม) are
    # words ICU knows, and cutting them (เส|ริม) would only make pieces
    inner = [start + cut for start, end in zip([0, *cuts], [*cuts, len(word)])
             if cuts and end - start >= _COMPOUND for cut in _cuts(word[start:end], words)]
    return sorted([*cuts, *inner])


# A date, a year and a numbered thing stay on one line, as a typist keeps them ("พ.ศ. ๒๕๖๒",
# "๑๐ กันยายน ๒๕๖๒", "ครั้งที่ ๒"): the space between their parts becomes U+00A0 in the copy.
_MONTH_WORDS = "|".join(re.escape(m) for m in sorted({*MONTHS, *MONTHS_ABBR}, key=len, reverse=True))
_KEPT_TOGETHER = re.compile(
    rf"([0-9๐-๙]) (?=(?:{_MONTH_WORDS})(?![\u0e01-\u0e4e]))"  # ๑๐ กันยายน
    rf"|({_MONTH_WORDS}) (?=(?:พ\.ศ\.\s?|ค\.ศ\.\s?)?[0-9๐-๙]{{2,4}}(?![0-9๐-๙]))"  # กันยายน ๒๕๖๒
    r"|(พ\.ศ\.|ค\.ศ\.|ครั้งที่) (?=[0-9๐-๙])"  # พ.ศ. ๒๕๖๒, ครั้งที่ ๒
)


def _keep_together(match: re.Match[str]) -> str:
    return (match[1] or match[2] or match[3]) + "\u00a0"


def join_words(text: str) -> str:
    """``text`` with U+200D where a Thai word splits into smaller words (งบ‍ประมาณ), so that
    LibreOffice breaks lines between words only, the space before ๆ made U+202F and the spaces
    inside a date, a year or a round (ครั้งที่ ๒) U+00A0.

    >>> join_words("งบประมาณ ๕ ล้าน ดำเนินการส่งเสริม").replace(JOINER, "|")
    'งบ|ประมาณ ๕ ล้าน ดำเนิน|การส่ง|เสริม'
    >>> join_words("ปีงบประมาณ ท่องเที่ยว").replace(JOINER, "|")
    'ปี|งบ|ประมาณ ท่อง|เที่ยว'
    >>> join_words("เอกสารอื่น ๆ").endswith("\u202fๆ")
    True
    >>> join_words("พ.ศ. ๒๕๖๒")
    'พ.ศ.\xa0๒๕๖๒'
    """
    trie, words = _dictionary()

    def compounds(match: re.Match[str]) -> str:
        out = []
        letters = match.group(0).replace(JOINER, "")  # joined once, joined the same again
        for token in word_tokenize(letters, custom_dict=trie, engine="newmm", keep_whitespace=True):
            cuts = _cuts(token, words) if token in words else []
            out.append("".join(JOINER + token[a:b] if a else token[a:b]
                               for a, b in zip([0, *cuts], [*cuts, len(token)])))
        return "".join(out)

    if " " in text:
        text = _KEPT_TOGETHER.sub(_keep_together, text)
    return _THAI_LETTERS.sub(compounds, text).replace(" ๆ", NO_BREAK_SPACE + "ๆ")


# a batch renders the same paragraphs for every row: each is cut into words once per process
_joined = lru_cache(maxsize=8192)(join_words)


def for_pdf(part: str, data: bytes) -> bytes:
    """``data`` of package part ``part`` as LibreOffice should read it for the PDF: justified
    where Word distributes, words tied in the text. A part with nothing to change comes back as
    it is (the same object).

    >>> xml = b'<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' \\
    ...       b'<w:pPr><w:jc w:val="thaiDistributed"/></w:pPr><w:r><w:t>x</w:t></w:r></w:p>'
    >>> b'w:val="both"' in for_pdf("word/styles.xml", xml)
    True
    >>> for_pdf("word/media/a.xml", xml) is xml
    True
    """
    if not JUSTIFIED_PARTS.match(part):
        return data
    text = bool(_TEXT_PARTS.match(part)) and _THAI_UTF8.search(data) is not None
    if b"thaiDistributed" not in data and not text and b"oMath" not in data:
        return data
    root = parse_xml(data, part=part)
    changed = False
    for jc in root.iter(f"{W}jc"):
        if jc.get(f"{W}val") == "thaiDistributed":
            jc.set(f"{W}val", "both")
            changed = True
    if part == "word/document.xml" and _fractions_as_tables(root):
        changed = True
    if text:
        for t in root.iter(f"{W}t"):
            if t.text:
                joined = _joined(t.text)
                if joined != t.text:
                    t.text = joined
                    changed = True
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True) if changed else data


def _math_text(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(f"{M}t"))


def _cell(text: str, width_cm: float, *, bar: bool = False, merge: str | None = None, align: str = "center") -> Any:
    cell = etree.Element(f"{W}tc")
    properties = etree.SubElement(cell, f"{W}tcPr")
    etree.SubElement(properties, f"{W}tcW", {f"{W}w": str(round(width_cm * 567)), f"{W}type": "dxa"})
    if merge is not None:
        etree.SubElement(properties, f"{W}vMerge", {f"{W}val": merge} if merge else {})
    if bar:
        borders = etree.SubElement(properties, f"{W}tcBorders")
        etree.SubElement(borders, f"{W}bottom", {f"{W}val": "single", f"{W}sz": "6", f"{W}space": "0", f"{W}color": "000000"})
    etree.SubElement(properties, f"{W}vAlign", {f"{W}val": "center"})
    paragraph = etree.SubElement(cell, f"{W}p")
    paragraph_properties = etree.SubElement(paragraph, f"{W}pPr")
    etree.SubElement(paragraph_properties, f"{W}spacing", {f"{W}before": "0", f"{W}after": "0"})
    etree.SubElement(paragraph_properties, f"{W}jc", {f"{W}val": align})
    if text:
        run = etree.SubElement(paragraph, f"{W}r")
        run_properties = etree.SubElement(run, f"{W}rPr")
        etree.SubElement(run_properties, f"{W}cs")
        t = etree.SubElement(run, f"{W}t", {XML_SPACE: "preserve"})
        t.text = text
    return cell


def _fractions_as_tables(root: Any) -> bool:
    """Each paragraph that is one equation "A = B/C × D" becomes, in the PDF copy, a borderless
    centred table drawing the same fraction: LibreOffice draws Word's equations with its Math
    module, which shapes Thai apart (ร้ อยละ, marks beside their letters), while table cells are
    ordinary Thai text. Word, reading the .docx itself, keeps the equation."""
    changed = False
    for paragraph in list(root.iter(f"{W}p")):
        equations = paragraph.findall(f"{M}oMath")
        if len(equations) != 1 or paragraph.findall(f"{W}r"):
            continue
        equation = equations[0]
        fractions = [child for child in equation if child.tag == f"{M}f"]
        if len(fractions) != 1 or any(child.tag not in (f"{M}r", f"{M}f") for child in equation):
            continue
        fraction = fractions[0]
        at = list(equation).index(fraction)
        before = "".join(_math_text(child) for child in list(equation)[:at]).strip()
        after = "".join(_math_text(child) for child in list(equation)[at + 1 :]).strip()
        numerator = _math_text(fraction.find(f"{M}num"))
        denominator = _math_text(fraction.find(f"{M}den"))
        pad = 0.4  # the cells' margins
        widths = [estimated_width_cm(before) + pad if before else 0.2,
                  max(estimated_width_cm(numerator), estimated_width_cm(denominator)) + pad,
                  estimated_width_cm(after) + pad if after else 0.2]
        table = etree.Element(f"{W}tbl")
        properties = etree.SubElement(table, f"{W}tblPr")
        etree.SubElement(properties, f"{W}tblW", {f"{W}w": str(round(sum(widths) * 567)), f"{W}type": "dxa"})
        etree.SubElement(properties, f"{W}jc", {f"{W}val": "center"})
        etree.SubElement(properties, f"{W}tblLayout", {f"{W}type": "fixed"})
        grid = etree.SubElement(table, f"{W}tblGrid")
        for width in widths:
            etree.SubElement(grid, f"{W}gridCol", {f"{W}w": str(round(width * 567))})
        top = etree.SubElement(table, f"{W}tr")
        top.append(_cell(before, widths[0], merge="restart", align="right"))
        top.append(_cell(numerator, widths[1], bar=True))
        top.append(_cell(after, widths[2], merge="restart", align="left"))
        bottom = etree.SubElement(table, f"{W}tr")
        bottom.append(_cell("", widths[0], merge=""))
        bottom.append(_cell(denominator, widths[1]))
        bottom.append(_cell("", widths[2], merge=""))
        paragraph.addprevious(table)
        # the paragraph stays, empty, so spacing around the formula and any following table
        # keep a paragraph between them (Word and LibreOffice merge adjacent tables)
        for child in list(paragraph):
            if child.tag != f"{W}pPr":
                paragraph.remove(child)
        changed = True
    return changed


def needs_changes(part: str, data: bytes) -> bool:
    """Whether :func:`for_pdf` would change this part."""
    return for_pdf(part, data) is not data


# LibreOffice marks a glyph that does not read as its character with the text it stands for:
# /Span<</ActualText<FEFF0032>>> BDC … EMC. Its contextual numerals draw the page number's "2"
# with the font's ๒ glyph, so copy, search and screen readers get "2": the span's glyph codes are
# looked up in the font's ToUnicode map, and when they are Thai digits that say the same number
# the span's text becomes those digits. The joiners of join_words are marked the same way.
_DIGIT_SPAN = re.compile(rb"/Span\s*<<\s*/ActualText\s*<FEFF((?:003[0-9])+)>\s*>>\s*BDC(.*?)EMC", re.S)
_FONT_SET = re.compile(rb"/([^\s/\[\]<>()]+)\s+[\d.]+\s+Tf")
_SHOWN = re.compile(rb"<([0-9A-Fa-f]+)>")
_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_PAIR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_THAI_ZERO = 0x0E50


def _to_unicode(cmap: bytes) -> dict[bytes, str]:
    """Glyph code (hex, upper case) -> text, from a ToUnicode CMap's bfchar and bfrange entries."""
    found: dict[bytes, str] = {}
    for section in _BFCHAR.findall(cmap):
        for code, text in _PAIR.findall(section):
            found[code.upper()] = bytes.fromhex(text.decode()).decode("utf-16-be", "replace")
    for section in _BFRANGE.findall(cmap):
        for low, high, start in _RANGE.findall(section):
            width, first = len(low), int(start, 16)
            for n in range(int(low, 16), int(high, 16) + 1):
                found[f"{n:0{width}X}".encode()] = chr(first + n - int(low, 16))
    return found


def _shown_text(body: bytes, fonts: dict[bytes, dict[bytes, str]]) -> str | None:
    """The text the glyphs inside a marked span stand for, or None when it cannot be told."""
    font = _FONT_SET.search(body)
    if font is None or font.group(1) not in fonts:
        return None
    table, text = fonts[font.group(1)], []
    for shown in _SHOWN.findall(body[font.end():]):
        code = shown.upper()
        step = len(next(iter(table), b"00"))
        for i in range(0, len(code), step):
            if code[i:i + step] not in table:
                return None
            text.append(table[code[i:i + step]])
    return "".join(text)


def _thai_spans(content: bytes, fonts: dict[bytes, dict[bytes, str]]) -> bytes:
    def replace(match: re.Match[bytes]) -> bytes:
        digits = bytes.fromhex(match.group(1).decode()).decode("utf-16-be")
        thai = "".join(chr(_THAI_ZERO + int(d)) for d in digits)
        if _shown_text(match.group(2), fonts) != thai:
            return match.group(0)
        return match.group(0).replace(b"<FEFF" + match.group(1) + b">", b"<FEFF" + thai.encode("utf-16-be").hex().upper().encode() + b">", 1)

    return _DIGIT_SPAN.sub(replace, content)


_INSERTED = {b"FEFF200D": b"()", b"FEFF202F": b"<FEFF0020>"}  # U+200D says nothing, U+202F a space
_INSERTED_SPAN = re.compile(rb"/ActualText\s*<(FEFF200D|FEFF202F)>")
_SPAN = re.compile(rb"/Span\s*<<.*?>>\s*BDC.*?EMC", re.S)
_SHOW = re.compile(rb"/([^\s/\[\]<>()]+)\s+([\d.]+)\s+Tf|\[([^\]]*)\]\s*TJ|<([0-9A-Fa-f]*)>\s*Tj")
_TJ_PART = re.compile(rb"<([0-9A-Fa-f]*)>|(-?[\d.]+)")


class _Font:
    """What the text layer needs of a page's font: its ToUnicode map and glyph widths."""

    def __init__(self, font: Any) -> None:
        cmap = font.get("/ToUnicode")
        self.text = _to_unicode(cmap.get_object().get_data()) if cmap is not None else {}
        self.step = len(next(iter(self.text), b"00"))
        first, widths = int(font.get("/FirstChar", 0)), font.get("/Widths")
        self.widths = {n + first: float(w) for n, w in enumerate(widths.get_object())} if widths else {}
        self.joiners = {code for code, text in self.text.items() if text == JOINER}

    def without_joiners(self, hex_codes: bytes) -> list[bytes]:
        """A shown string as TJ parts, each joiner glyph replaced by a move of its width: the
        line looks the same and its text has no U+200D."""
        parts, kept = [], b""
        for i in range(0, len(hex_codes), self.step):
            code = hex_codes[i:i + self.step].upper()
            if code in self.joiners:
                if kept:
                    parts.append(b"<" + kept + b">")
                    kept = b""
                width = self.widths.get(int(code, 16), 0.0)
                if width:
                    parts.append(f"{-width:g}".encode())
            else:
                kept += code
        if kept:
            parts.append(b"<" + kept + b">")
        return parts


def _drop_joiners(content: bytes, fonts: dict[bytes, _Font]) -> bytes:
    """Joiners LibreOffice drew as glyphs of their own (when the font's ToUnicode map reads the
    glyph as U+200D) are taken out of the shown text, outside marked spans."""
    if not any(font.joiners for font in fonts.values()):
        return content
    current: list[_Font | None] = [None]

    def show(match: re.Match[bytes]) -> bytes:
        if match.group(1) is not None:
            current[0] = fonts.get(match.group(1))
            return match.group(0)
        font = current[0]
        if font is None or not font.joiners:
            return match.group(0)
        source = match.group(3) if match.group(3) is not None else b"<" + match.group(4) + b">"
        codes = [code for piece in _TJ_PART.finditer(source) if piece.group(1)
                 for code in re.findall(b"." * font.step, piece.group(1).upper())]
        if not font.joiners.intersection(codes):
            return match.group(0)
        parts: list[bytes] = []
        for piece in _TJ_PART.finditer(source):
            parts.extend(font.without_joiners(piece.group(1)) if piece.group(1) is not None else [piece.group(2)])
        return b"[" + b" ".join(parts) + b"]TJ"

    pieces, at = [], 0
    for span in _SPAN.finditer(content):  # a marked span keeps its glyphs: its ActualText speaks
        pieces.append(_SHOW.sub(show, content[at:span.start()]))
        # a font set inside the span stays current after it
        for font in _FONT_SET.finditer(span.group(0)):
            current[0] = fonts.get(font.group(1))
        pieces.append(span.group(0))
        at = span.end()
    pieces.append(_SHOW.sub(show, content[at:]))
    return b"".join(pieces)


def finish_pdf(pdf: Path) -> None:
    """Rewrite, in place, a PDF LibreOffice made from a :func:`for_pdf` copy so that its text
    says what the letter says (:func:`pdf_text`); a PDF with nothing to change is not touched.
    Every converter calls it on what LibreOffice wrote (``convert_documents``, ``to_pdf``)."""
    data = pdf.read_bytes()
    finished = pdf_text(data)
    if finished is not data:
        temporary = pdf.with_name(pdf.name + ".part")
        temporary.write_bytes(finished)
        temporary.replace(pdf)


def pdf_text(pdf: bytes) -> bytes:
    """The PDF LibreOffice made from a :func:`for_pdf` copy, with a text layer that says what the
    letter says: a page number drawn in Thai digits reads as Thai digits ("- ๒ -", not "- 2 -"),
    the joiners inserted between a word's clusters read as nothing, the no-break space before ๆ
    as a space. A PDF with none of them comes back as it is (the same object).
    """
    reader = PdfReader(io.BytesIO(pdf))
    changes = text_changes(reader)
    if not changes:
        return pdf
    writer = PdfWriter(clone_from=reader)
    for number, change in changes.items():
        change.apply(writer, writer.pages[number])
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


class PageText:
    """What :func:`pdf_text` changes on one page: its content stream, and the fonts whose
    glyph for U+202F must read as a space."""

    def __init__(self, content: bytes | None, spaces: list[bytes]) -> None:
        self.content = content
        self.spaces = spaces

    def apply(self, writer: PdfWriter, page: Any) -> None:
        """Make the change on ``page``, a page of ``writer`` (cloned or added from the page the
        change was found on)."""
        for name in self.spaces:  # the glyph LibreOffice drew for U+202F reads as a space
            cmap = page["/Resources"].get_object()["/Font"]["/" + name.decode()].get_object()["/ToUnicode"].get_object()
            cmap.set_data(re.sub(rb"<202[Ff]>", b"<0020>", cmap.get_data()))
        if self.content is not None:
            stream = ContentStream(None, writer)
            stream.set_data(self.content)
            page.replace_contents(stream)
            page.compress_content_streams()


def text_changes(reader: PdfReader) -> dict[int, PageText]:
    """Page index -> what :func:`pdf_text` changes there, for the pages with something to change
    (the PDF cutter of letters laid out together applies them to each letter's pages)."""
    changes = {}
    for number, page in enumerate(reader.pages):
        contents = page.get_contents()
        if contents is None:
            continue
        data = contents.get_data()
        resources = page.get("/Resources")
        fonts = {name[1:].encode(): _Font(font.get_object())
                 for name, font in (resources.get_object().get("/Font", {}) if resources else {}).items()}
        maps = {name: font.text for name, font in fonts.items()}
        changed = _INSERTED_SPAN.sub(lambda m: b"/ActualText" + _INSERTED[m.group(1)], _thai_spans(data, maps))
        changed = _drop_joiners(changed, fonts)
        spaces = [name for name, font in fonts.items() if NO_BREAK_SPACE in font.text.values()]
        if changed != data or spaces:
            changes[number] = PageText(changed if changed != data else None, spaces)
    return changes
