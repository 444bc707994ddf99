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

import re

__all__ = ["for_pdf", "needs_changes", "JUSTIFIED_PARTS"]

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
