"""One .docx with every letter of a batch, each on new pages with its own page numbers."""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Iterable
from copy import deepcopy
from pathlib import Path
from typing import IO, Any

from lxml import etree

from thaidoc.errors import ThaidocError
from thaidoc.files import atomic_output, write_atomic
from thaidoc.ooxml import parse_xml, qn
from thaidoc.render.sections import close_section, end_section, restart_numbering, section_break

__all__ = ["combine", "write_combined"]


def combine(documents: Iterable[str | os.PathLike[str] | bytes]) -> bytes:
    """One .docx with every letter, each starting on a new page, for printing.

    Each letter becomes its own section (a section break after the previous one), so each
    keeps its page setup and its page numbers restart at ๑ as on the separate letters; the
    headers and footers are the first letter's.

    Letters rendered from one template share every part but their text (styles, numbering,
    relationships, the emblem), so their bodies are simply written one after another, a letter
    at a time (linear in the number of letters; see :func:`write_combined`, which streams them
    to a file). Letters that differ in other parts (different templates or emblems) go through
    docxcompose, which merges styles, numbering and images properly but holds the whole
    document and slows down as it grows.
    """
    items = _items(documents)
    out = io.BytesIO()
    try:
        _write_same_template(items, out)
    except _DifferentTemplates:
        return _combine_with_docxcompose(items)
    return out.getvalue()


def write_combined(path: str | os.PathLike[str], documents: Iterable[str | os.PathLike[str] | bytes]) -> None:
    """:func:`combine` straight into ``path`` (atomically: never a half-written file).

    Letters of one template are streamed: one letter is in memory at a time, so 75,032 letters
    take no more memory than 500.
    """
    items = _items(documents)
    try:
        with atomic_output(path, "wb") as handle:
            _write_same_template(items, handle)
        return
    except _DifferentTemplates:
        pass
    write_atomic(path, _combine_with_docxcompose(items))


def _items(documents: Iterable[str | os.PathLike[str] | bytes]) -> list[bytes | Path]:
    items = [item if isinstance(item, bytes) else Path(item) for item in documents]
    if not items:
        raise ThaidocError("no letters to combine (every row failed?)")
    return items


class _DifferentTemplates(Exception):
    """The letters differ in more than their text: they need docxcompose."""


_PER_LETTER_PART = re.compile(r"^(docProps/.*|word/(document|header\d*|footer\d*|header_\w+|footer_\w+)\.xml)$")
_SPLIT = b"thaidoc-letters-go-here"


def _read_parts(item: bytes | Path) -> tuple[list[zipfile.ZipInfo], dict[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(item) if isinstance(item, bytes) else item) as archive:
        infos = archive.infolist()
        return infos, {info.filename: archive.read(info) for info in infos}


def _write_same_template(items: list[bytes | Path], handle: IO[bytes]) -> None:
    """Write the combined .docx to ``handle``, one letter at a time; raises
    :class:`_DifferentTemplates` (having written part of it) when a letter has other parts."""
    infos, first = _read_parts(items[0])
    shared = {name: data for name, data in first.items() if not _PER_LETTER_PART.match(name)}
    master = parse_xml(first["word/document.xml"], part="word/document.xml")
    body = master.find(qn("w:body"))
    body_sect = body.find(qn("w:sectPr")) if body is not None else None
    if body is None or body_sect is None:
        raise _DifferentTemplates
    namespaces = master.nsmap
    # the sections that end each letter but the last: a new page, and from the second letter
    # on, page numbers from ๑ again (the body's own section ends the last letter)
    closing_first = section_break(body_sect)
    if len(items) > 1:
        restart_numbering(body_sect)
    closing = section_break(body_sect)
    for child in list(body):
        if child is not body_sect:
            body.remove(child)
    body_sect.addprevious(etree.Comment(_SPLIT.decode()))
    head, tail = etree.tostring(master, xml_declaration=True, encoding="UTF-8", standalone=True).split(
        b"<!--" + _SPLIT + b"-->")
    # ZIP64 only when the document could pass 4 GB (75,032 letters do not), as not every reader has it
    large = len(first["word/document.xml"]) * len(items) > 3_000_000_000
    with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in infos:
            if info.filename != "word/document.xml":
                archive.writestr(zipfile.ZipInfo(info.filename, info.date_time), first[info.filename],
                                 compress_type=zipfile.ZIP_DEFLATED)
        document = zipfile.ZipInfo("word/document.xml", infos[0].date_time)
        document.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(document, "w", force_zip64=large) as stream:
            stream.write(head)
            drawings = 0
            for number, item in enumerate(items):
                parts = first if number == 0 else _read_parts(item)[1]
                if number and {n: d for n, d in parts.items() if not _PER_LETTER_PART.match(n)} != shared:
                    raise _DifferentTemplates
                letter = parse_xml(parts["word/document.xml"], part="word/document.xml")
                letter_body = letter.find(qn("w:body"))
                if letter_body is None or letter.nsmap != namespaces:
                    raise _DifferentTemplates
                for old in letter_body.findall(qn("w:sectPr")):
                    letter_body.remove(old)
                if number < len(items) - 1:
                    end_section(letter_body, deepcopy(closing if number else closing_first))
                for drawing in letter.iter(qn("wp:docPr")):
                    drawings += 1
                    drawing.set("id", str(drawings))  # Word wants each drawing's id unique in the document
                stream.write(_body_content(letter, letter_body))
            stream.write(tail)


def _body_content(letter: Any, body: Any) -> bytes:
    """The serialised children of ``body``, without the namespace declarations that the root
    (the same in every letter of one template) already makes."""
    if len(body) == 0:
        return b""
    body.insert(0, etree.Comment(_SPLIT.decode()))
    body.append(etree.Comment(_SPLIT.decode()))
    text: bytes = etree.tostring(letter, encoding="UTF-8")
    marker = b"<!--" + _SPLIT + b"-->"
    return text[text.index(marker) + len(marker):text.rindex(marker)]


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
