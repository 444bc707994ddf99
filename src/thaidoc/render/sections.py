"""Word section breaks: how one .docx holds several letters, each from a new page with its own
page numbers (the batch's combined .docx, a letter's attachments, the PDF converter's letters
laid out together)."""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from lxml import etree

from thaidoc.ooxml import W, qn

__all__ = ["section_break", "restart_numbering", "end_section", "close_section", "attach_section"]

# the children of w:sectPr that the schema puts after w:pgNumType
_AFTER_PGNUMTYPE = ("cols", "formProt", "vAlign", "noEndnote", "titlePg", "textDirection", "bidi",
                    "rtlGutter", "docGrid", "printerSettings", "sectPrChange")


def section_break(section: Any) -> Any:
    """A copy of ``section`` (a ``w:sectPr``) that starts a new page (the default start)."""
    copy = deepcopy(section)
    for old in copy.findall(qn("w:type")):
        copy.remove(old)
    return copy


def restart_numbering(section: Any, *, keep_given: bool = False) -> None:
    """Page numbers of ``section`` start again at 1 (``keep_given``: unless it names its own
    first number)."""
    numbering = section.find(W + "pgNumType")
    if numbering is None:
        numbering = etree.Element(W + "pgNumType")
        successor = next((c for c in section if etree.QName(c).localname in _AFTER_PGNUMTYPE), None)
        if successor is not None:
            successor.addprevious(numbering)
        else:
            section.append(numbering)
    elif keep_given and numbering.get(W + "start") is not None:
        return
    numbering.set(W + "start", "1")


def end_section(body: Any, section: Any, *, own_paragraph: bool = False) -> None:
    """End a letter's section at its last paragraph, so what follows starts on a new page.

    The break goes in a paragraph of its own (``own_paragraph``, or) when the body ends with a
    table, or with a paragraph in a frame: a letter's last paragraph is often the owner
    office's contact line, framed at the foot of the page, and a section break in it moves the
    frame (LibreOffice drew it 3 cm higher)."""
    last = body[-1] if len(body) else None
    if (own_paragraph or last is None or last.tag != qn("w:p")
            or last.find(f"{W}pPr/{W}framePr") is not None):
        last = etree.SubElement(body, qn("w:p"))
    attach_section(last, section)


def close_section(body: Any, body_sect: Any) -> None:
    """End the section at the body's last paragraph, so what follows starts a new page and
    restarts its page numbers (the body-level ``sectPr`` then describes the next letter)."""
    last = body_sect.getprevious()
    if last is None or last.tag != qn("w:p"):
        last = etree.Element(qn("w:p"))
        body_sect.addprevious(last)
    attach_section(last, section_break(body_sect))
    restart_numbering(body_sect)


def attach_section(paragraph: Any, section: Any) -> None:
    """Make ``section`` the section that ends at ``paragraph``."""
    properties = paragraph.find(W + "pPr")
    if properties is None:
        properties = etree.Element(W + "pPr")
        paragraph.insert(0, properties)
    for old in properties.findall(W + "sectPr"):
        properties.remove(old)
    change = properties.find(W + "pPrChange")
    if change is not None:
        change.addprevious(section)
    else:
        properties.append(section)
