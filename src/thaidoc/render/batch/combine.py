"""One .docx with every letter of a batch, each on new pages with its own page numbers."""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Iterable
from copy import deepcopy
from pathlib import Path
from typing import Any

from lxml import etree

from thaidoc.errors import ThaidocError
from thaidoc.ooxml import W, parse_xml, qn

__all__ = ["combine", "close_section"]


def combine(documents: Iterable[str | os.PathLike[str] | bytes]) -> bytes:
    """One .docx with every letter, each starting on a new page, for printing.

    Each letter becomes its own section (a section break after the previous one), so each
    keeps its page setup and its page numbers restart at ๑ as on the separate letters; the
    headers and footers are the first letter's.

    Letters rendered from one template share every part but their text (styles, numbering,
    relationships, the emblem), so their bodies are simply placed one after another: linear
    in the number of letters (878 letters in seconds). Letters that differ in other parts
    (different templates or emblems) go through docxcompose, which merges styles, numbering
    and images properly but slows down as the document grows.
    """
    items = [item if isinstance(item, bytes) else Path(item) for item in documents]
    if not items:
        raise ThaidocError("no letters to combine (every row failed?)")
    fast = _combine_same_template(items)
    return fast if fast is not None else _combine_with_docxcompose(items)


_PER_LETTER_PART = re.compile(r"^(docProps/.*|word/(document|header\d*|footer\d*|header_\w+|footer_\w+)\.xml)$")


def _read_parts(item: bytes | Path) -> tuple[list[zipfile.ZipInfo], dict[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(item) if isinstance(item, bytes) else item) as archive:
        infos = archive.infolist()
        return infos, {info.filename: archive.read(info) for info in infos}


def _combine_same_template(items: list[bytes | Path]) -> bytes | None:
    """Concatenate the bodies when every letter shares all parts but its text; else None."""
    infos, first = _read_parts(items[0])
    shared = {name: data for name, data in first.items() if not _PER_LETTER_PART.match(name)}
    master = parse_xml(first["word/document.xml"], part="word/document.xml")
    body = master.find(qn("w:body"))
    body_sect = body.find(qn("w:sectPr")) if body is not None else None
    if body is None or body_sect is None:
        return None
    for item in items[1:]:
        _, parts = _read_parts(item)
        if {n: d for n, d in parts.items() if not _PER_LETTER_PART.match(n)} != shared:
            return None
        other = parse_xml(parts["word/document.xml"], part="word/document.xml").find(qn("w:body"))
        if other is None:
            return None
        close_section(body, body_sect)
        for child in list(other):
            if child.tag != qn("w:sectPr"):
                body_sect.addprevious(child)
    for number, drawing in enumerate(master.iter(qn("wp:docPr")), start=1):
        drawing.set("id", str(number))  # Word wants each drawing's id unique in the document
    document_xml = etree.tostring(master, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in infos:
            data = document_xml if info.filename == "word/document.xml" else first[info.filename]
            archive.writestr(zipfile.ZipInfo(info.filename, info.date_time), data,
                             compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


_SECTPR_AFTER_PGNUMTYPE = ("cols", "formProt", "vAlign", "noEndnote", "titlePg", "textDirection", "bidi",
                           "rtlGutter", "docGrid", "printerSettings", "sectPrChange")


def close_section(body: Any, body_sect: Any) -> None:
    """End the section at the body's last paragraph, so what follows starts a new page and
    restarts its page numbers (the body-level ``sectPr`` then describes the next letter)."""
    w = W
    section = deepcopy(body_sect)
    for old in section.findall(w + "type"):
        section.remove(old)  # the default section start: a new page
    last = body_sect.getprevious()
    if last is None or last.tag != w + "p":
        last = etree.Element(w + "p")
        body_sect.addprevious(last)
    properties = last.find(w + "pPr")
    if properties is None:
        properties = etree.Element(w + "pPr")
        last.insert(0, properties)
    for old in properties.findall(w + "sectPr"):
        properties.remove(old)
    change = properties.find(w + "pPrChange")
    if change is not None:
        change.addprevious(section)
    else:
        properties.append(section)
    numbering = body_sect.find(w + "pgNumType")
    if numbering is None:
        numbering = etree.Element(w + "pgNumType")
        successor = next((c for c in body_sect if etree.QName(c).localname in _SECTPR_AFTER_PGNUMTYPE), None)
        if successor is not None:
            successor.addprevious(numbering)
        else:
            body_sect.append(numbering)
    numbering.set(w + "start", "1")


def _combine_with_docxcompose(items: list[bytes | Path]) -> bytes:
    # imported here: docxcompose (and the babel it pulls in) is needed only when letters of
    # different templates or emblems are combined, which a batch of one template never does
    from docx import Document as open_docx
    from docxcompose.composer import Composer

    composer: Any = None
    for item in items:
        document = open_docx(io.BytesIO(item) if isinstance(item, bytes) else str(item))
        if composer is None:
            composer = Composer(document)
            continue
        body = composer.doc.element.body
        close_section(body, body.find(qn("w:sectPr")))
        composer.append(document)
    out = io.BytesIO()
    composer.save(out)
    return out.getvalue()
