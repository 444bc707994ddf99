"""What the PDF copy of a document changes so that LibreOffice lays it out as Word does.

The .docx handed to the user is never changed: it is what Word opens and what the checks read.
Only the copy given to LibreOffice for a PDF goes through :func:`for_pdf`:

- Justification. Official letters ask for Thai distributed justification
  (``w:jc w:val="thaiDistributed"``); LibreOffice 7.x does not draw it and leaves such
  paragraphs ragged-right (lines ending anywhere from 17.1 to 18.95 cm against a 19.0 cm text
  edge). Ordinary justification (``both``), which LibreOffice stretches at the Thai word
  boundaries its dictionary finds, ends every line but a paragraph's last at the edge
  (18.97 to 19.01 cm, measured in the circular's PDF). The last line stays flush left in both.

Line breaks are LibreOffice's own: its Thai line breaker ignores U+2060 WORD JOINER, U+200D and
a no-break space before ๆ (each measured: the break before ๆ moved nowhere), and each of them
stays in the PDF's text layer, where it spoils copy and search. So nothing is inserted; the
PDF tests measure the breaks instead.
"""

from __future__ import annotations

import io
import re

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ContentStream

__all__ = ["for_pdf", "needs_changes", "thai_digit_text", "JUSTIFIED_PARTS"]

# the parts whose paragraphs (or styles) may carry w:jc: the body, styles, headers and footers
JUSTIFIED_PARTS = re.compile(r"^word/(document|styles|header[^/]*|footer[^/]*|footnotes|endnotes)\.xml$")
# w:jc as Word writes it (any namespace prefix, either quote); the value alone is replaced
_THAI_DISTRIBUTED = re.compile(rb"(<(?:\w+:)?jc\s+(?:\w+:)?val=)([\"'])thaiDistributed\2")


def for_pdf(part: str, data: bytes) -> bytes:
    """``data`` of package part ``part`` as LibreOffice should read it for the PDF.

    >>> for_pdf("word/styles.xml", b'<w:jc w:val="thaiDistributed"/>')
    b'<w:jc w:val="both"/>'
    >>> for_pdf("word/media/a.xml", b'<w:jc w:val="thaiDistributed"/>')
    b'<w:jc w:val="thaiDistributed"/>'
    """
    if not JUSTIFIED_PARTS.match(part):
        return data
    return _THAI_DISTRIBUTED.sub(rb"\1\2both\2", data)


def needs_changes(part: str, data: bytes) -> bool:
    """Whether :func:`for_pdf` would change this part."""
    return bool(JUSTIFIED_PARTS.match(part)) and _THAI_DISTRIBUTED.search(data) is not None


# LibreOffice's contextual numerals draw the page number's "2" with the font's ๒ glyph and mark
# the glyph with the text it stands for: /Span<</ActualText<FEFF0032>>> BDC … EMC. Copy, search
# and screen readers then get "2". The span's glyph codes are looked up in the font's ToUnicode
# map; when they are Thai digits that say the same number, the span's text becomes those digits.
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


def thai_digit_text(pdf: bytes) -> bytes:
    """The PDF with the text of digits drawn as Thai digits (the page number "- ๒ -") saying
    Thai digits too, so that copy and search give ๒, not 2. A PDF with none comes back as it is.
    """
    reader = PdfReader(io.BytesIO(pdf))
    writer: PdfWriter | None = None
    for number, page in enumerate(reader.pages):
        contents = page.get_contents()
        if contents is None:
            continue
        data = contents.get_data()
        if b"/ActualText" not in data:
            continue
        fonts: dict[bytes, dict[bytes, str]] = {}
        resources = page.get("/Resources")
        for name, font in (resources.get_object().get("/Font", {}) if resources else {}).items():
            cmap = font.get_object().get("/ToUnicode")
            if cmap is not None:
                fonts[name[1:].encode()] = _to_unicode(cmap.get_object().get_data())
        changed = _thai_spans(data, fonts)
        if changed == data:
            continue
        if writer is None:
            writer = PdfWriter(clone_from=reader)
        stream = ContentStream(None, writer)
        stream.set_data(changed)
        writer.pages[number].replace_contents(stream)
        writer.pages[number].compress_content_streams()
    if writer is None:
        return pdf
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
