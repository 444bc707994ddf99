"""The issued letter with the differences as native Word tracked changes.

Reviewers work in Word or LibreOffice Writer: rather than a report to read beside the
letter, they get the issued letter itself with every difference from the generated one
recorded as a revision, which they accept or reject one by one ("Review > Accept").

* text in the issued letter that the generated one lacks is wrapped in ``w:ins``;
* text of the generated letter that the issued one lacks is put back as ``w:del`` (with
  ``w:delText``) at the place it was removed from;
* a paragraph only in the issued letter is an insertion including its paragraph mark, a
  paragraph only in the generated letter is re-created as a deleted paragraph;
* a formatting difference (a name made bold) is a ``w:rPrChange`` holding the old run
  properties, which Word shows as "Formatted: Bold".

Changes are cut at Thai word boundaries (the word diff's spans) *inside the original runs*:
a run is split where a change starts or ends and each piece keeps the run's properties, so
the letter's fonts, sizes and styles are untouched. Accepting every change gives back the
issued text exactly; rejecting every change gives the generated text.

When the issued letter is a .txt file, a plain .docx is built from its paragraphs first.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import itertools
import posixpath
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from thaidoc.diff.model import DiffResult, FormatDifference, Row
from thaidoc.errors import ReadError
from thaidoc.ooxml import W, cell_paragraphs, children, parse_xml, qn, run_child_text, run_elements
from thaidoc.read.extract import as_docx, block_elements, extract

__all__ = ["tracked_changes_docx", "redline_on_generated", "accept_all", "reject_all"]

XML_SPACE = qn("xml:space")


# ------------------------------------------------------------------------ revision marks


@dataclass
class _Revisions:
    author: str
    date: str
    ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def mark(self, tag: str) -> Any:
        element = etree.Element(f"{W}{tag}")
        element.set(f"{W}id", str(next(self.ids)))
        element.set(f"{W}author", self.author)
        element.set(f"{W}date", self.date)
        return element


def _w(tag: str, **attributes: str) -> Any:
    element = etree.Element(f"{W}{tag}")
    for name, value in attributes.items():
        element.set(f"{W}{name}", value)
    return element


# ------------------------------------------------------------------------- reading text


def _run_text(run: Any) -> str:
    return "".join(t for t in (run_child_text(c) for c in run) if t is not None)


def _paragraph_runs(p: Any) -> list[tuple[Any, int, int]]:
    """(run, start, end) of every run of a paragraph, offsets in the paragraph's text."""
    spans = []
    position = 0
    for run in run_elements(p):
        length = len(_run_text(run))
        spans.append((run, position, position + length))
        position += length
    return spans


def _paragraph_text(p: Any) -> str:
    return "".join(_run_text(run) for run, _, _ in _paragraph_runs(p))


@dataclass
class _Segment:
    """A paragraph of the document holding the text of a unit from ``offset`` on."""

    paragraph: Any
    offset: int
    length: int


def _row_segments(tr: Any) -> tuple[str, list[_Segment]]:
    """Text of a table row as thaidoc.read builds it, and where each cell paragraph sits."""
    texts: list[str] = []
    segments: list[_Segment] = []
    position = 0
    for number, tc in enumerate(children(tr, "tc")):
        if number:
            texts.append("\t")
            position += 1
        paragraphs = [(p, _paragraph_text(p)) for p in cell_paragraphs(tc)]
        joined = "\n".join(text for _, text in paragraphs)
        lead = len(joined) - len(joined.lstrip("\n"))
        stripped = joined.strip("\n")
        local = -lead
        for p, text in paragraphs:
            if 0 <= local + len(text) and text:
                segments.append(_Segment(p, position + local, len(text)))
            local += len(text) + 1
        texts.append(stripped)
        position += len(stripped)
    return "".join(texts), segments


# ---------------------------------------------------------------------------- editing


def _split_run(run: Any, cuts: Sequence[int]) -> list[Any]:
    """Split ``run`` at the given offsets (relative to its text); every piece keeps its rPr."""
    text_length = len(_run_text(run))
    cuts = sorted({c for c in cuts if 0 < c < text_length})
    if not cuts:
        return [run]
    edges = [0, *cuts, text_length]
    rpr = run.find(f"{W}rPr")
    pieces = []
    for _ in range(len(edges) - 1):
        piece = etree.Element(f"{W}r", attrib=dict(run.attrib))
        if rpr is not None:
            piece.append(copy.deepcopy(rpr))
        pieces.append(piece)
    position = 0
    for child in run:
        if child.tag == f"{W}rPr":
            continue
        text = run_child_text(child)
        length = len(text) if text is not None else 0
        if child.tag == f"{W}t" and length:
            for index in range(len(pieces)):
                a, b = max(edges[index], position), min(edges[index + 1], position + length)
                if a < b:
                    t = etree.SubElement(pieces[index], f"{W}t")
                    t.text = text[a - position : b - position]  # type: ignore[index]
                    t.set(XML_SPACE, "preserve")
        else:
            index = next(
                (i for i in range(len(pieces)) if edges[i] <= position < edges[i + 1]), len(pieces) - 1
            )
            pieces[index].append(copy.deepcopy(child))
        position += length
    parent = run.getparent()
    for piece in pieces:
        run.addprevious(piece)
    parent.remove(run)
    return pieces


def _split_at(p: Any, boundaries: set[int]) -> list[tuple[Any, int, int]]:
    for run, start, end in _paragraph_runs(p):
        inside = [b - start for b in boundaries if start < b < end]
        if inside:
            _split_run(run, inside)
    return _paragraph_runs(p)


def _deleted_run(text: str, rpr: Any, text_tag: str = "delText") -> Any:
    run = etree.Element(f"{W}r")
    if rpr is not None:
        props = copy.deepcopy(rpr)
        for change in props.findall(f"{W}rPrChange"):
            props.remove(change)
        run.append(props)
    pending: list[str] = []

    def flush() -> None:
        if pending:
            t = etree.SubElement(run, f"{W}{text_tag}")
            t.text = "".join(pending)
            t.set(XML_SPACE, "preserve")
            pending.clear()

    for ch in text:
        if ch in "\t\n":
            flush()
            etree.SubElement(run, f"{W}tab" if ch == "\t" else f"{W}br")
        else:
            pending.append(ch)
    flush()
    return run


def _outer(run: Any) -> Any:
    """The run, or the w:ins around it (ours, or one the issued letter already had): a
    deletion goes beside the insertion, never inside it."""
    element = run
    while element.getparent() is not None and element.getparent().tag in (f"{W}ins", f"{W}moveTo"):
        element = element.getparent()
    return element


_BOOLEAN = {"bold": ("b", "bCs"), "italic": ("i", "iCs")}
# the order CT_RPr requires (Word rejects run properties out of order)
_RPR_ORDER = {
    local: position
    for position, local in enumerate(
        "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
        "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
        "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath".split()
    )
}


def _put(rpr: Any, element: Any) -> None:
    """Insert ``element`` into ``rpr`` at its place in the schema order."""
    rank = _RPR_ORDER.get(element.tag.split("}")[1], len(_RPR_ORDER))
    for index, child in enumerate(rpr):
        if _RPR_ORDER.get(child.tag.split("}")[1], len(_RPR_ORDER)) > rank:
            rpr.insert(index, element)
            return
    rpr.append(element)


def _old_properties(rpr: Any, difference: FormatDifference) -> Any:
    """The run properties as they were before ``difference``."""
    old = copy.deepcopy(rpr) if rpr is not None else etree.Element(f"{W}rPr")
    for change in old.findall(f"{W}rPrChange"):
        old.remove(change)
    old.tag = f"{W}rPr"
    attribute = difference.attribute
    if attribute in _BOOLEAN:
        for local in _BOOLEAN[attribute]:
            for element in old.findall(f"{W}{local}"):
                old.remove(element)
        if difference.old:
            for local in _BOOLEAN[attribute]:
                _put(old, _w(local))
    elif attribute == "underline":
        for element in old.findall(f"{W}u"):
            old.remove(element)
        if difference.old:
            _put(old, _w("u", val="single"))
    elif attribute == "size" and difference.old is not None:
        half_points = str(round(float(difference.old) * 2))
        for local in ("sz", "szCs"):
            element = old.find(f"{W}{local}")
            if element is None:
                element = _w(local)
                _put(old, element)
            element.set(f"{W}val", half_points)
    elif attribute == "font" and difference.old is not None:
        fonts = old.find(f"{W}rFonts")
        if fonts is None:
            fonts = _w("rFonts")
            _put(old, fonts)
        for slot in ("ascii", "hAnsi", "cs"):
            fonts.set(f"{W}{slot}", str(difference.old))
    return old


def _record_format(run: Any, difference: FormatDifference, revisions: _Revisions) -> None:
    rpr = run.find(f"{W}rPr")
    if rpr is None:
        rpr = etree.Element(f"{W}rPr")
        run.insert(0, rpr)
    existing = rpr.find(f"{W}rPrChange")
    if existing is not None:  # a second difference on the same run: revise the old properties
        old = existing.find(f"{W}rPr")
        base = copy.deepcopy(old) if old is not None else None
        rpr.remove(existing)
        previous = _old_properties(base, difference)
    else:
        previous = _old_properties(rpr, difference)
    change = revisions.mark("rPrChange")
    change.append(previous)
    rpr.append(change)  # rPrChange is the last child of rPr


def _edit_paragraph(
    segments: Sequence[_Segment], row: Row, revisions: _Revisions, *, whole_insert: bool = False
) -> None:
    """Record the word-level changes of ``row`` on the paragraphs holding the issued text.

    ``whole_insert``: the row is only in the issued letter; its text and its paragraph marks
    (or, for a table row, the row itself) are recorded as inserted.
    """
    insertions: list[tuple[int, int]] = []
    deletions: list[tuple[int, str]] = []
    if whole_insert:
        insertions.append((0, len(row.new)))
    else:
        for op in row.words:
            if op.kind == "equal":
                continue
            if op.new_span[0] < op.new_span[1]:
                insertions.append(op.new_span)
            if op.old:
                deletions.append((op.new_span[0], op.old))
    formats = list(row.formatting)
    if not (insertions or deletions or formats):
        return
    # each deletion goes into exactly one paragraph: the one its position falls in
    placed: dict[int, list[tuple[int, str]]] = {}
    for at, text in deletions:
        chosen = next(
            (i for i, s in enumerate(segments) if s.offset <= at < s.offset + s.length),
            max((i for i, s in enumerate(segments) if s.offset <= at), default=0),
        )
        placed.setdefault(chosen, []).append((at, text))
    for number, segment in enumerate(segments):
        start, end = segment.offset, segment.offset + segment.length

        def local(x: int) -> int:  # a document offset, clamped into this paragraph
            return min(max(x - start, 0), segment.length)

        boundaries = {local(a) for a, b in insertions} | {local(b) for a, b in insertions}
        boundaries |= {local(d.span[0]) for d in formats} | {local(d.span[1]) for d in formats}
        boundaries |= {local(at) for at, _ in placed.get(number, [])}
        spans = _split_at(segment.paragraph, boundaries)
        for a, b in insertions:
            for run, rs, re_ in spans:
                if rs < re_ and local(a) <= rs and re_ <= local(b) and a < end and b > start:
                    if _outer(run) is run:  # not already inside an insertion
                        wrapper = revisions.mark("moveTo" if whole_insert and row.move else "ins")
                        wrapper.set("thaidoc", "1")
                        run.addprevious(wrapper)
                        wrapper.append(run)
        for difference in formats:
            a, b = difference.span
            for run, rs, re_ in spans:
                if rs < re_ and local(a) <= rs and re_ <= local(b) and a < end and b > start:
                    _record_format(run, difference, revisions)
        for at, text in placed.get(number, []):
            following = [run for run, rs, re_ in spans if rs >= local(at) and re_ > rs]
            neighbour = following[0] if following else (spans[-1][0] if spans else None)
            deleted = revisions.mark("del")
            deleted.append(_deleted_run(text, neighbour.find(f"{W}rPr") if neighbour is not None else None))
            if following:
                _outer(following[0]).addprevious(deleted)
            elif spans:
                _outer(spans[-1][0]).addnext(deleted)
            else:
                segment.paragraph.append(deleted)
    for wrapper in segments[0].paragraph.getroottree().iter(f"{W}ins", f"{W}moveTo"):
        wrapper.attrib.pop("thaidoc", None)
    if whole_insert:
        table_row = _ancestor(segments[0].paragraph, "tr") if row.new_at and row.new_at.row is not None else None
        if table_row is not None:
            _mark_table_row(table_row, revisions.mark("ins"))
        elif row.move:
            # where a moved paragraph is now: w:moveTo, named like its w:moveFrom
            start, end = _move_range(revisions, "moveTo", row.move)
            first, last = segments[0].paragraph, segments[-1].paragraph
            ppr = first.find(f"{W}pPr")
            if ppr is not None:
                ppr.addnext(start)
            else:
                first.insert(0, start)
            last.append(end)
            for segment in segments:
                _mark_paragraph(segment.paragraph, revisions.mark("moveTo"))
        else:
            for segment in segments:
                _mark_paragraph(segment.paragraph, revisions.mark("ins"))


def _ancestor(element: Any, local: str) -> Any:
    while element is not None and element.tag != f"{W}{local}":
        element = element.getparent()
    return element


def _mark_table_row(tr: Any, mark: Any) -> None:
    """Record that a table row was inserted (w:trPr/w:ins)."""
    trpr = tr.find(f"{W}trPr")
    if trpr is None:
        trpr = etree.Element(f"{W}trPr")
        exceptions = tr.find(f"{W}tblPrEx")
        if exceptions is not None:
            exceptions.addnext(trpr)
        else:
            tr.insert(0, trpr)
    change = trpr.find(f"{W}trPrChange")
    if change is not None:
        change.addprevious(mark)
    else:
        trpr.append(mark)


def _mark_paragraph(p: Any, mark: Any) -> None:
    """Record that the paragraph mark itself was inserted or deleted (pPr/rPr/ins|del)."""
    ppr = p.find(f"{W}pPr")
    if ppr is None:
        ppr = etree.Element(f"{W}pPr")
        p.insert(0, ppr)
    rpr = ppr.find(f"{W}rPr")
    if rpr is None:
        rpr = etree.Element(f"{W}rPr")
        following = [c for c in ppr if c.tag in (f"{W}sectPr", f"{W}pPrChange")]
        if following:
            following[0].addprevious(rpr)
        else:
            ppr.append(rpr)
    rpr.insert(0, mark)


def _move_range(revisions: _Revisions, side: str, name: str) -> tuple[Any, Any]:
    """The w:moveFromRangeStart/End (or moveTo) pair that names one move on one side."""
    start = revisions.mark(f"{side}RangeStart")
    start.set(f"{W}name", name)
    return start, _w(f"{side}RangeEnd", id=start.get(f"{W}id"))


def _deleted_paragraph(text: str, like: Any, revisions: _Revisions, move: str | None = None) -> Any:
    p = etree.Element(f"{W}p")
    rpr = None
    if like is not None and like.tag == f"{W}p":
        ppr = like.find(f"{W}pPr")
        if ppr is not None:
            ppr = copy.deepcopy(ppr)
            for local in ("sectPr", "pPrChange", "rPr"):
                for element in ppr.findall(f"{W}{local}"):
                    ppr.remove(element)
            p.append(ppr)
        runs = _paragraph_runs(like)
        rpr = runs[0][0].find(f"{W}rPr") if runs else None
    if move is not None:
        # where a moved paragraph was: w:moveFrom (its text stays w:t, as Word writes it)
        start, end = _move_range(revisions, "moveFrom", move)
        moved = revisions.mark("moveFrom")
        moved.append(_deleted_run(text, rpr, "t"))
        p.extend([start, moved, end])
        _mark_paragraph(p, revisions.mark("moveFrom"))
        return p
    deleted = revisions.mark("del")
    deleted.append(_deleted_run(text, rpr))
    p.append(deleted)
    _mark_paragraph(p, revisions.mark("del"))
    return p


def _deleted_table_row(text: str, like: Any, revisions: _Revisions) -> Any | None:
    """A copy of the table row ``like`` holding ``text`` (cells split at tabs), marked deleted."""
    cells = text.split("\t")
    template_cells = list(children(like, "tc"))
    if len(cells) != len(template_cells):
        return None
    tr = copy.deepcopy(like)
    for element in tr.iter(f"{W}ins", f"{W}del"):  # revisions of the copied row do not apply
        if element.getparent() is not None and element.getparent().tag in (f"{W}trPr", f"{W}rPr"):
            element.getparent().remove(element)
    for tc, cell_text in zip(children(tr, "tc"), cells):
        paragraphs = list(cell_paragraphs(tc))
        first = paragraphs[0] if paragraphs else None
        runs = _paragraph_runs(first) if first is not None else []
        rpr = runs[0][0].find(f"{W}rPr") if runs else None
        for p in paragraphs:
            p.getparent().remove(p)
        p = _w("p")
        if first is not None and first.find(f"{W}pPr") is not None:
            p.append(copy.deepcopy(first.find(f"{W}pPr")))
        if cell_text:
            deleted = revisions.mark("del")
            deleted.append(_deleted_run(cell_text, rpr))
            p.append(deleted)
        tc.append(p)
    trpr = tr.find(f"{W}trPr")
    if trpr is not None:
        for change in trpr.findall(f"{W}trPrChange"):
            trpr.remove(change)
    _mark_table_row(tr, revisions.mark("del"))
    return tr


# ----------------------------------------------------------------------------- package


def _main_part(archive: zipfile.ZipFile) -> str:
    try:
        rels = parse_xml(archive.read("_rels/.rels"), part="_rels/.rels")
    except KeyError:
        return "word/document.xml"
    for rel in rels:
        if rel.get("Type", "").endswith("/officeDocument"):
            return posixpath.normpath(str(rel.get("Target", "word/document.xml")).lstrip("/"))
    return "word/document.xml"


def _plain_docx(rows: Sequence[Row]) -> bytes:
    """A simple .docx holding the issued text (one paragraph per unit), for a .txt input.

    The font is set on every run, not only on the Normal style: python-docx's default
    template gives theme fonts in the document defaults, which LibreOffice lets win.
    """
    import docx

    document = docx.Document()
    for row in rows:
        if row.new_at is None:
            continue
        paragraph = document.add_paragraph()
        for index, line in enumerate(row.new.split("\n")):
            run = paragraph.add_run()
            properties = _w("rPr")
            properties.append(_w("rFonts", ascii=_PLAIN_FONT, hAnsi=_PLAIN_FONT, cs=_PLAIN_FONT, eastAsia=_PLAIN_FONT))
            properties.append(_w("sz", val="32"))
            properties.append(_w("szCs", val="32"))
            run._r.insert(0, properties)
            if index:
                run.add_break()
            for number, cell in enumerate(line.split("\t")):
                if number:
                    run.add_tab()
                if cell:
                    run._r.append(_text_element(cell))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


_PLAIN_FONT = "TH Sarabun New"


def _text_element(text: str) -> Any:
    t = _w("t")
    t.text = text
    t.set(XML_SPACE, "preserve")
    return t


def tracked_changes_docx(
    result: DiffResult,
    issued: bytes,
    *,
    author: str = "thaidoc",
    date: dt.datetime | None = None,
) -> bytes:
    """The issued document (``issued``: its bytes, .docx or .txt) with ``result`` as revisions.

    An .odt or .doc is converted first (the diff read the same conversion); for a PDF, as
    for text, the issued text is laid out plainly (see :func:`redline_on_generated` for the
    generated letter's layout)."""
    stamp = (date or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc)
    revisions = _Revisions(author, stamp.strftime("%Y-%m-%dT%H:%M:%SZ"))
    converted = as_docx(issued, name=result.new_source)  # an .odt or .doc as the .docx the diff read
    from_text = converted is None
    if converted is not None:
        issued = converted
        # The bytes need not be the ones that were diffed: read them with the same guards
        # (zip bombs, DTDs, sizes) before unpacking and copying every entry below.
        extract(issued, name=result.new_source)
    data = _plain_docx(result.rows) if from_text else issued
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ReadError("the issued document is not a .docx", source=result.new_source) from exc
    try:
        return _with_revisions(archive, result, revisions, from_text=from_text)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, NotImplementedError) as exc:
        raise ReadError(f"หนังสือที่ออกไปแล้วเสียหาย / the issued document's zip archive is damaged: {exc}",
                        source=result.new_source) from None


def _with_revisions(archive: zipfile.ZipFile, result: DiffResult, revisions: _Revisions, *, from_text: bool) -> bytes:
    with archive:
        main = _main_part(archive)
        root = parse_xml(archive.read(main), source=result.new_source, part=main)
        body = root.find(f"{W}body")
        if body is None:
            raise ReadError("the issued document has no body", source=result.new_source, location=main)
        existing = [int(v) for v in (e.get(f"{W}id") for e in root.iter()) if v and v.lstrip("-").isdigit()]
        revisions.ids = itertools.count(max(existing, default=0) + 1)
        blocks = block_elements(root)
        located: dict[int, list[_Segment] | None]
        if from_text:  # one paragraph per issued row, in order
            issued_rows = [row for row in result.rows if row.new_at is not None]
            located = {id(row): [_Segment(p, 0, len(row.new))] for row, p in zip(issued_rows, blocks)}
        else:
            located = {id(row): _locate(row, blocks) for row in result.rows if row.new_at is not None}
        anchor: Any = None  # the element after which a deleted paragraph goes
        anchor_row: Any = None  # the table row, when the last issued text was in a table
        # A deleted paragraph is re-created formatted like an issued paragraph beside it:
        # the one before or the one after, whichever is closer in length (a body paragraph
        # removed under a bold heading must not come back bold).
        following = _following_paragraphs(result.rows, located, body)
        previous: Any = None
        for number, row in enumerate(result.rows):
            segments = located.get(id(row))
            if row.new_at is not None:
                if segments:
                    if row.kind == "insert":
                        _edit_paragraph(segments, row, revisions, whole_insert=True)
                    elif row.kind == "replace" or row.formatting:
                        _edit_paragraph(segments, row, revisions)
                    anchor = _top_level(segments[-1].paragraph, body)
                    anchor_row = _ancestor(segments[-1].paragraph, "tr") if row.new_at.row is not None else None
                    if anchor.tag == f"{W}p":
                        previous = anchor
                continue
            if row.kind != "delete":
                continue
            if row.old_at is not None and row.old_at.row is not None and anchor_row is not None:
                deleted_row = _deleted_table_row(row.old, anchor_row, revisions)
                if deleted_row is not None:
                    anchor_row.addnext(deleted_row)
                    anchor_row = deleted_row
                    continue
            neighbours = [p for p in (previous, following[number]) if p is not None]
            like = min(neighbours, key=lambda p: abs(len(_paragraph_text(p)) - len(row.old)), default=None)
            deleted = _deleted_paragraph(row.old, like, revisions, row.move)
            if anchor is not None:
                anchor.addnext(deleted)
            else:
                first = next(iter(body), None)
                if first is not None:
                    first.addprevious(deleted)
                else:
                    body.append(deleted)
            anchor, anchor_row = deleted, None
        xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        output = io.BytesIO()
        with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
            for info in archive.infolist():
                payload = xml if info.filename == main else archive.read(info.filename)
                target.writestr(info, payload, compress_type=zipfile.ZIP_DEFLATED)
    return output.getvalue()


def _following_paragraphs(rows: Sequence[Row], located: dict[int, list[_Segment] | None], body: Any) -> list[Any]:
    """For each row, the first body paragraph of the issued letter after it (or None)."""
    found: list[Any] = [None] * len(rows)
    upcoming: Any = None
    for number in range(len(rows) - 1, -1, -1):
        found[number] = upcoming
        segments = located.get(id(rows[number]))
        if segments:
            element = _top_level(segments[0].paragraph, body)
            if element.tag == f"{W}p":
                upcoming = element
    return found


def _top_level(element: Any, body: Any) -> Any:
    while element.getparent() is not None and element.getparent() is not body:
        element = element.getparent()
    return element


def _locate(row: Row, blocks: Sequence[Any]) -> list[_Segment] | None:
    """The paragraphs of the issued .docx that hold ``row``'s text (None if they do not match)."""
    if row.new_pieces:
        segments: list[_Segment] = []
        for at, start, end in row.new_pieces:
            found = _locate_one(at, row.new[start:end], blocks)
            if found is None:
                return None
            segments.extend(_Segment(s.paragraph, s.offset + start, s.length) for s in found)
        return segments
    return _locate_one(row.new_at, row.new, blocks)


def _locate_one(at: Any, text: str, blocks: Sequence[Any]) -> list[_Segment] | None:
    if at is None or at.block >= len(blocks):
        return None
    element = blocks[at.block]
    if at.row is None:
        if element.tag != f"{W}p" or _paragraph_text(element) != text:
            return None
        return [_Segment(element, 0, len(text))]
    if element.tag != f"{W}tbl":
        return None
    rows = list(children(element, "tr"))
    if at.row >= len(rows):
        return None
    row_text, segments = _row_segments(rows[at.row])
    if row_text != text or not segments:
        return None
    return segments


# ---------------------------------------------------------------- accepting and rejecting


def _resolve(document_xml: bytes, *, accept: bool) -> bytes:
    root = parse_xml(document_xml)
    added, removed = (f"{W}ins", f"{W}moveTo"), (f"{W}del", f"{W}moveFrom")
    keep, drop = (added, removed) if accept else (removed, added)
    marks = (f"{W}rPr", f"{W}trPr")  # a revision mark on a paragraph mark or a table row
    for local in ("moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd"):
        for element in list(root.iter(f"{W}{local}")):
            element.getparent().remove(element)
    for element in list(root.iter(*drop)):
        parent = element.getparent()
        if parent is None:
            continue
        if parent.tag == f"{W}trPr":  # the whole table row goes
            row = parent.getparent()
            if row is not None and row.getparent() is not None:
                row.getparent().remove(row)
        elif parent.tag != f"{W}rPr":
            parent.remove(element)
    # a paragraph whose mark is dropped disappears when nothing of its text is left
    for p in list(root.iter(f"{W}p")):
        mark = next((m for tag in drop if (m := p.find(f"{W}pPr/{W}rPr/{tag}")) is not None), None)
        if mark is None:
            continue
        container = p.getparent()
        empty = next(p.iter(f"{W}t", f"{W}delText"), None) is None
        last_in_cell = container is not None and container.tag == f"{W}tc" and len(container.findall(f"{W}p")) == 1
        if empty and container is not None and not last_in_cell:
            container.remove(p)
        else:
            mark.getparent().remove(mark)
    for element in list(root.iter(*keep)):
        parent = element.getparent()
        if parent is None:
            continue
        if parent.tag in marks:
            parent.remove(element)
            continue
        index = parent.index(element)
        for offset, child in enumerate(list(element)):
            parent.insert(index + offset, child)
        parent.remove(element)
    for change in list(root.iter(f"{W}rPrChange")):
        rpr = change.getparent()
        if accept:
            rpr.remove(change)
        else:
            old = change.find(f"{W}rPr")
            run = rpr.getparent()
            run.replace(rpr, old if old is not None else etree.Element(f"{W}rPr"))
    if not accept:
        for deleted in list(root.iter(f"{W}delText")):
            deleted.tag = f"{W}t"
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _resolved(docx_bytes: bytes, *, accept: bool) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(docx_bytes))
    main = _main_part(source)
    output = io.BytesIO()
    with source, zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            payload = source.read(info.filename)
            if info.filename == main:
                payload = _resolve(payload, accept=accept)
            target.writestr(info, payload)
    return output.getvalue()


def _inverted(document_xml: bytes) -> bytes:
    """Every revision turned around: what was inserted is deleted and the reverse, a move
    goes the other way, a formatting change is undone. Accepting the result gives what
    rejecting the original gave."""
    root = parse_xml(document_xml)
    swaps = {"ins": "del", "del": "ins", "moveFrom": "moveTo", "moveTo": "moveFrom",
             "moveFromRangeStart": "moveToRangeStart", "moveToRangeStart": "moveFromRangeStart",
             "moveFromRangeEnd": "moveToRangeEnd", "moveToRangeEnd": "moveFromRangeEnd"}
    found = [(element, swaps[element.tag[len(W):]]) for element in root.iter(*(f"{W}{tag}" for tag in swaps))]
    for element, tag in found:
        element.tag = f"{W}{tag}"
        if tag in ("ins", "del") and element.getparent() is not None and element.getparent().tag not in (
            f"{W}rPr", f"{W}trPr"
        ):
            for text in element.iter(f"{W}t", f"{W}delText"):
                text.tag = f"{W}delText" if tag == "del" else f"{W}t"
    for change in list(root.iter(f"{W}rPrChange")):
        current = change.getparent()
        before = change.find(f"{W}rPr")
        now = copy.deepcopy(current)
        now.remove(now.find(f"{W}rPrChange"))
        restored = copy.deepcopy(before) if before is not None else etree.Element(f"{W}rPr")
        restored.tag = f"{W}rPr"
        for child in list(change):
            change.remove(child)
        now.tag = f"{W}rPr"
        change.append(now)
        restored.append(change)
        current.getparent().replace(current, restored)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def redline_on_generated(
    reversed_result: DiffResult, generated: bytes, *, author: str = "thaidoc", date: dt.datetime | None = None
) -> bytes:
    """The GENERATED .docx, in its letter layout, with the changes that make it the issued
    letter as tracked revisions: for an issued letter that has no layout of its own (a .txt,
    a PDF). ``reversed_result`` is the diff from the issued letter to the generated one; its
    revisions on the generated .docx are then turned around, so that, as for
    :func:`tracked_changes_docx`, accepting all gives the issued text and rejecting all the
    generated letter."""
    tracked = tracked_changes_docx(reversed_result, generated, author=author, date=date)
    source = zipfile.ZipFile(io.BytesIO(tracked))
    main = _main_part(source)
    output = io.BytesIO()
    with source, zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            payload = source.read(info.filename)
            target.writestr(info, _inverted(payload) if info.filename == main else payload)
    return output.getvalue()


def accept_all(docx_bytes: bytes) -> bytes:
    """What Word's "Accept All Changes" gives: insertions kept, deletions gone."""
    return _resolved(docx_bytes, accept=True)


def reject_all(docx_bytes: bytes) -> bytes:
    """What Word's "Reject All Changes" gives: deletions back, insertions gone."""
    return _resolved(docx_bytes, accept=False)
