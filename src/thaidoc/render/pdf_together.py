"""Letters laid out by LibreOffice in one document, and their PDF cut back into one per letter.

Why: LibreOffice spends about as long opening, setting up and closing a document (and
embedding its font) as laying out a one-page letter. Measured on the batch circular, one
letter at a time cost about 45 ms of CPU each; sixteen laid out in one document, about 20 ms
each (``bench/pdf.py``). So the converter hands an office one document holding a request's
letters, each in a section of its own (a new page, page numbers from ๑), and cuts the PDF at
each letter's first page.

Why it is safe: each letter must print exactly as it would alone. Line breaks depend only on
the paragraph, but where a page ends can depend on what follows, and LibreOffice was seen to
lay out the same letter differently with more letters after it: proposal-2.4.1 three times
in one document left its heading "๑๒." alone at the foot of page 2 (the keep-with-next that
held it to its paragraph was dropped), which alone it never does. So:

- only letters that can be laid out together are: those sharing every part but their text
  (one template and emblem), with one section, no table, no list numbered by Word, no
  footnote or comment, no field but the page number, and nothing but paragraphs in the body;
  anything that counts across letters or whose page breaks need more than the paragraph
  goes alone;
- each letter carries empty bookmarks, at its start and end, at the end of every paragraph
  kept with the next and at the start of that next one, and at both ends of every paragraph
  kept in one piece. LibreOffice exports them as named destinations, with their pages, and
  :func:`split` checks them: a letter whose kept paragraphs were parted, that does not end on
  its last page (a page left empty), or whose marks are missing is not taken from the shared
  PDF; the converter converts it again on its own.

The split PDFs carry the letters' pages only; the bookmarks, like the other letters, are not in
them.
"""

from __future__ import annotations

import ctypes
import io
import zipfile
from collections.abc import Sequence
from copy import deepcopy
from dataclasses import dataclass
from typing import Any

from lxml import etree
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from thaidoc.errors import ThaidocError
from thaidoc.ooxml import W, attribute_on, field_instructions, is_on, parse_xml, qn
from thaidoc.render import pdf_layout
from thaidoc.render.sections import end_section, restart_numbering, section_break

__all__ = ["Together", "lay_out_together", "split", "exports_marks", "PDF_EXPORT"]

#: LibreOffice's PDF export with Word bookmarks as named destinations (LibreOffice 7.4 and
#: later read filter options as JSON; an older one ignores them, so no letter passes split()
#: and each is converted alone, which is correct, only slower)
PDF_EXPORT = 'pdf:writer_pdf_Export:{"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"}}'

_DOCUMENT = "word/document.xml"
_BODY_CHILDREN = frozenset({qn("w:p"), qn("w:sectPr"), qn("w:bookmarkStart"), qn("w:bookmarkEnd")})
# what counts or refers across a document: numbered lists, notes, comments, links inside it
_ACROSS_LETTERS = (qn("w:tbl"), qn("w:numPr"), qn("w:footnoteReference"), qn("w:endnoteReference"),
                   qn("w:commentReference"), qn("w:altChunk"), qn("w:subDoc"), qn("w:sdt"))
_HEADER_OR_FOOTER = ("word/header", "word/footer")
# destination names: letters and digits only (LibreOffice escapes the rest), ending in z
_MARK, _END = "thaidoc", "z"


@dataclass(frozen=True)
class Together:
    """One .docx holding several letters, and what :func:`split` needs to cut its PDF."""

    docx: bytes
    #: positions in the documents given to :func:`lay_out_together` of the letters inside, in order
    letters: tuple[int, ...]
    #: per letter: the destination pairs that must fall on one page
    kept: tuple[tuple[tuple[str, str], ...], ...]


def lay_out_together(documents: Sequence[bytes]) -> Together | None:
    """One .docx of the ``documents`` (prepared .docx bytes, as LibreOffice will read them)
    that can be laid out together, or None when fewer than two can. The others are left to be
    converted alone.
    """
    master: tuple[list[zipfile.ZipInfo], dict[str, bytes], Any, dict[str, tuple[bool, bool]]] | None = None
    joined: list[tuple[int, Any]] = []
    for index, docx in enumerate(documents):
        try:
            with zipfile.ZipFile(io.BytesIO(docx)) as archive:
                infos = archive.infolist()
                parts = {info.filename: archive.read(info) for info in infos}
        except (zipfile.BadZipFile, KeyError, OSError):
            continue
        if _DOCUMENT not in parts:
            continue
        if master is None:
            try:
                keeps = _shared_parts_allow(parts)
            except ThaidocError:
                continue
            if keeps is None:
                continue
            root = _letter(parts[_DOCUMENT])
            if root is None:
                continue
            master = (infos, {n: d for n, d in parts.items() if n != _DOCUMENT}, root, keeps)
            joined.append((index, root))
            continue
        if {n: d for n, d in parts.items() if n != _DOCUMENT} != master[1]:
            continue
        root = _letter(parts[_DOCUMENT])
        if root is not None and root.nsmap == master[2].nsmap:
            joined.append((index, root))
    if master is None or len(joined) < 2:
        return None
    infos, shared, root, keeps = master
    return _build(infos, shared, root, keeps, joined)


def _shared_parts_allow(parts: dict[str, bytes]) -> dict[str, tuple[bool, bool]] | None:
    """The paragraph styles' keeps (style id -> keep with next, keep lines together), or None
    when the parts every letter shares rule out laying letters out together."""
    for name, data in parts.items():
        if name.startswith(_HEADER_OR_FOOTER) and name.endswith(".xml") and not _only_page_fields(parse_xml(data)):
            return None
    styles = parts.get("word/styles.xml")
    if styles is None:
        return {}
    root = parse_xml(styles, part="word/styles.xml")
    if next(root.iter(qn("w:numPr")), None) is not None:  # a style with list numbering
        return None
    return _style_keeps(root)


def _letter(document: bytes) -> Any:
    """The parsed document when it can be laid out with others, else None."""
    try:
        root = parse_xml(document, part=_DOCUMENT)
    except ThaidocError:  # LibreOffice reads it alone and reports what it makes of it
        return None
    body = root.find(qn("w:body"))
    if body is None or len(body) == 0 or body[-1].tag != qn("w:sectPr"):
        return None
    if any(child.tag not in _BODY_CHILDREN for child in body):
        return None
    if sum(1 for _ in root.iter(qn("w:sectPr"))) != 1 or next(body.iter(qn("w:p")), None) is None:
        return None
    if any(next(root.iter(tag), None) is not None for tag in _ACROSS_LETTERS):
        return None
    if any(link.get(qn("w:anchor")) is not None for link in root.iter(qn("w:hyperlink"))):
        return None
    return root if _only_page_fields(root) else None


def _only_page_fields(root: Any) -> bool:
    """Whether every field is a page number (PAGE, whatever its switches): a count of pages
    (NUMPAGES), a reference or a sequence number would count the other letters too. Field
    names are case-insensitive (LibreOffice writes ``PAGE \\* ARABIC``)."""
    return all(instruction.split(" ", 1)[0].upper() == "PAGE"
               for instruction in field_instructions(root) if instruction)


def _on(element: Any) -> bool | None:
    """A keep property: None when not set here (the style or the default decides)."""
    return None if element is None else is_on(element)


def _style_keeps(styles: Any) -> dict[str, tuple[bool, bool]]:
    """Paragraph style id -> (keep with next, keep lines together), following basedOn; the
    default paragraph style also under the key ``""``."""
    declared: dict[str, tuple[str | None, bool | None, bool | None]] = {}
    default = ""
    for style in styles.iter(qn("w:style")):
        if style.get(qn("w:type")) != "paragraph":
            continue
        style_id = style.get(qn("w:styleId"), "")
        based = style.find(qn("w:basedOn"))
        properties = style.find(qn("w:pPr"))
        declared[style_id] = (based.get(qn("w:val")) if based is not None else None,
                              _on(properties.find(qn("w:keepNext"))) if properties is not None else None,
                              _on(properties.find(qn("w:keepLines"))) if properties is not None else None)
        if attribute_on(style.get(qn("w:default"))):
            default = style_id
    defaults = styles.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr")
    base = (bool(_on(defaults.find(qn("w:keepNext")))) if defaults is not None else False,
            bool(_on(defaults.find(qn("w:keepLines")))) if defaults is not None else False)

    def resolve(style_id: str, seen: frozenset[str]) -> tuple[bool, bool]:
        if style_id not in declared or style_id in seen:
            return base
        parent, keep_next, keep_lines = declared[style_id]
        inherited = resolve(parent, seen | {style_id}) if parent else base
        return (inherited[0] if keep_next is None else keep_next,
                inherited[1] if keep_lines is None else keep_lines)

    keeps = {style_id: resolve(style_id, frozenset()) for style_id in declared}
    keeps[""] = keeps.get(default, base)
    return keeps


def _build(infos: list[zipfile.ZipInfo], shared: dict[str, bytes], master: Any,
           keeps: dict[str, tuple[bool, bool]], joined: list[tuple[int, Any]]) -> Together:
    # the combined document: the first letter's root, its body emptied to take every letter's
    master = deepcopy(master)
    body = master.find(qn("w:body"))
    for child in list(body):
        body.remove(child)
    kept: list[tuple[tuple[str, str], ...]] = []
    marks = _Marks()
    drawings = 0
    for number, (_, letter) in enumerate(joined):
        letter_body = letter.find(qn("w:body"))
        section = letter_body[-1]
        letter_body.remove(section)
        paragraphs = [child for child in letter_body if child.tag == qn("w:p")]
        pairs = _mark(paragraphs, keeps, number, marks)
        if number < len(joined) - 1:  # the last letter ends the document, as it does alone
            pairs += _mark_closing_frames(paragraphs, number, marks)
        kept.append(tuple(pairs))
        marks.at_start(paragraphs[0], f"{_MARK}L{number}z")
        marks.at_end(paragraphs[-1], f"{_MARK}E{number}z")
        _no_keep_with_next(paragraphs[-1])  # nothing follows it alone; here the next letter would
        section = section_break(section)
        if number:
            restart_numbering(section, keep_given=True)
        if number < len(joined) - 1:
            # in an empty paragraph of its own, which LibreOffice does not print: in the
            # letter's last paragraph the break widened its last line by 0.4 pt
            end_section(letter_body, section, own_paragraph=True)
        for drawing in letter.iter(qn("wp:docPr")):
            drawings += 1
            drawing.set("id", str(drawings))
        body.extend(list(letter_body))
        if number == len(joined) - 1:
            body.append(section)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:  # for LibreOffice only, as for_libreoffice's
        for info in infos:
            data = (etree.tostring(master, xml_declaration=True, encoding="UTF-8", standalone=True)
                    if info.filename == _DOCUMENT else shared[info.filename])
            archive.writestr(zipfile.ZipInfo(info.filename, info.date_time), data, compress_type=zipfile.ZIP_STORED)
    return Together(out.getvalue(), tuple(index for index, _ in joined), tuple(kept))


class _Marks:
    """Empty bookmarks with ids no letter uses (ids only need to pair start and end)."""

    def __init__(self) -> None:
        self.next_id = 900_000_000

    def _pair(self, name: str) -> tuple[Any, Any]:
        self.next_id += 1
        start = etree.Element(qn("w:bookmarkStart"), {qn("w:id"): str(self.next_id), qn("w:name"): name})
        end = etree.Element(qn("w:bookmarkEnd"), {qn("w:id"): str(self.next_id)})
        return start, end

    def at_start(self, paragraph: Any, name: str) -> None:
        start, end = self._pair(name)
        properties = paragraph.find(qn("w:pPr"))
        if properties is not None:
            properties.addnext(start)
        else:
            paragraph.insert(0, start)
        start.addnext(end)

    def at_end(self, paragraph: Any, name: str) -> None:
        paragraph.extend(self._pair(name))


def _mark(paragraphs: list[Any], keeps: dict[str, tuple[bool, bool]], number: int,
          marks: _Marks) -> list[tuple[str, str]]:
    """Bookmark the paragraphs whose keeps decide page breaks; the pairs that must share a page."""
    pairs = []
    for index, paragraph in enumerate(paragraphs):
        properties = paragraph.find(qn("w:pPr"))
        style = properties.find(qn("w:pStyle")) if properties is not None else None
        keep_next, keep_lines = keeps.get(style.get(qn("w:val"), "") if style is not None else "", keeps.get("", (False, False)))
        if properties is not None:
            direct_next, direct_lines = _on(properties.find(qn("w:keepNext"))), _on(properties.find(qn("w:keepLines")))
            keep_next = keep_next if direct_next is None else direct_next
            keep_lines = keep_lines if direct_lines is None else direct_lines
        if keep_lines:
            first, last = f"{_MARK}C{number}x{index}z", f"{_MARK}D{number}x{index}z"
            marks.at_start(paragraph, first)
            marks.at_end(paragraph, last)
            pairs.append((first, last))
        if keep_next and index + 1 < len(paragraphs):
            end, start = f"{_MARK}A{number}x{index}z", f"{_MARK}B{number}x{index}z"
            marks.at_end(paragraph, end)
            marks.at_start(paragraphs[index + 1], start)
            pairs.append((end, start))
    return pairs


def _mark_closing_frames(paragraphs: list[Any], number: int, marks: _Marks) -> list[tuple[str, str]]:
    """Paragraphs in frames that end a letter (the owner office's lines at the foot of the last
    page) print on the page of the paragraph before them, the pair to check.

    LibreOffice anchors a framed paragraph to the paragraph after it, or, at the end of the
    document, to the one before, and prints a frame on its anchor's page. Alone, the letter's
    closing frames are at the end, so they hold the paragraph before them (หมายเหตุ) on their
    page; laid out with others they anchor to the section break after them and may part from it
    (3 of 18 circulars of different lengths did). Those are converted alone."""
    framed = 0
    while framed < len(paragraphs) and paragraphs[len(paragraphs) - 1 - framed].find(f"{W}pPr/{W}framePr") is not None:
        framed += 1
    if not framed or framed == len(paragraphs):
        return []
    before, first_frame = paragraphs[-framed - 1], paragraphs[-framed]
    end, start = f"{_MARK}F{number}z", f"{_MARK}G{number}z"
    marks.at_end(before, end)
    marks.at_start(first_frame, start)
    return [(end, start)]


def _no_keep_with_next(paragraph: Any) -> None:
    properties = paragraph.find(qn("w:pPr"))
    if properties is None:
        properties = etree.Element(qn("w:pPr"))
        paragraph.insert(0, properties)
    for old in properties.findall(qn("w:keepNext")):
        properties.remove(old)
    # keepNext comes second in w:pPr, after the style
    style = properties.find(qn("w:pStyle"))
    off = etree.Element(qn("w:keepNext"), {qn("w:val"): "0"})
    if style is not None:
        style.addnext(off)
    else:
        properties.insert(0, off)


def split(together: Together, pdf: bytes) -> list[bytes | None]:
    """The PDF of each letter of ``together``, cut from the PDF LibreOffice made of it and
    finished as :func:`thaidoc.render.pdf_layout.pdf_text` finishes a letter's; None for a
    letter that did not come out as it would alone (see the module's notes)."""
    pages = _destination_pages(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    changes = pdf_layout.text_changes(reader) if pages else {}
    count = len(together.letters)
    starts: list[int | None] = [pages.get(f"{_MARK}L{number}z") for number in range(count)]
    starts.append(len(reader.pages))
    language = reader.root_object.get("/Lang")
    information = reader.metadata
    letters: list[bytes | None] = []
    for number in range(count):
        first, after = starts[number], starts[number + 1]
        sound = (first is not None and after is not None and first < after
                 and (number or first == 0)
                 and pages.get(f"{_MARK}E{number}z") == after - 1
                 and all(pages.get(a) is not None and pages.get(a) == pages.get(b) for a, b in together.kept[number]))
        if not sound or first is None or after is None:
            letters.append(None)
            continue
        writer = PdfWriter()
        for page in range(first, after):
            added = writer.add_page(reader.pages[page])
            if page in changes:
                changes[page].apply(writer, added)
        if language is not None:
            writer._root_object[NameObject("/Lang")] = language
        if information:
            writer.add_metadata({key: value for key, value in information.items() if isinstance(value, str)})
        buffer = io.BytesIO()
        writer.write(buffer)
        letters.append(buffer.getvalue())
    return letters


def exports_marks(pdf: bytes) -> bool:
    """Whether the PDF LibreOffice made of a :class:`Together` has its marks (LibreOffice before
    7.4 does not read the export options that ask for them)."""
    return bool(_destination_pages(pdf))


def _destination_pages(pdf: bytes) -> dict[str, int]:
    """thaidoc's destination name -> page index (from 0), through PDFium: pypdf took 14 ms a
    letter to read the destinations, longer than LibreOffice took to lay the letter out."""
    # imported here: loading PDFium is needed only when letters were laid out together
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        document = pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError:
        return {}
    found: dict[str, int] = {}
    try:
        for index in range(pdfium_c.FPDF_CountNamedDests(document.raw)):
            size = ctypes.c_long(0)
            pdfium_c.FPDF_GetNamedDest(document.raw, index, None, ctypes.byref(size))
            if size.value <= 0:
                continue
            buffer = ctypes.create_string_buffer(size.value)
            destination = pdfium_c.FPDF_GetNamedDest(document.raw, index, buffer, ctypes.byref(size))
            name = buffer.raw[:size.value].decode("utf-16-le", "replace").rstrip("\x00")
            if destination and name.startswith(_MARK):
                page = pdfium_c.FPDFDest_GetDestPageIndex(document.raw, destination)
                # a bookmark in a framed paragraph comes out renamed "… Copy 1" (escaped): the
                # name ends at its z either way
                if page >= 0:
                    found.setdefault(name[:name.index(_END) + 1] if _END in name else name, page)
    finally:
        document.close()
    return found
