"""Word's XML (OOXML) in one place: namespaces, safe parsing and the body walkers.

Everything in thaidoc that touches a .docx's XML directly (reading an issued letter, the
tracked-changes diff, combining a batch's letters, the template-building scripts) takes its
namespaces, :func:`qn` and parser from here, in the spirit of python-docx's ``oxml/ns.py``.

>>> qn("w:p") == "{" + W_NS + "}p"
True
>>> root = parse_xml(f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>ก</w:t><w:tab/>'
...                  '<w:t>ข</w:t></w:r></w:p></w:body></w:document>'.encode())
>>> [run_child_text(c) for r in run_elements(root.find(qn("w:body") + "/" + qn("w:p"))) for c in r]
['ก', '\\t', 'ข']
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator, Sequence
from typing import Any

from lxml import etree

from thaidoc.errors import ReadError, ThaidocError

__all__ = [
    "check_archive",
    "NAMESPACES",
    "W_NS",
    "R_NS",
    "MC_NS",
    "REL_NS",
    "CT_NS",
    "WP_NS",
    "A_NS",
    "PIC_NS",
    "M_NS",
    "XML_NS",
    "W",
    "MC",
    "REL_TYPE",
    "qn",
    "nsdecls",
    "parse_xml",
    "run_elements",
    "run_child_text",
    "children",
    "cell_paragraphs",
    "cell_blocks",
    "chosen",
    "text_boxes",
    "paragraph_style",
    "is_on",
    "attribute_on",
    "field_instructions",
]

#: prefix -> namespace URI, the prefixes Word itself writes.
NAMESPACES = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "xml": "http://www.w3.org/XML/1998/namespace",
}
W_NS = NAMESPACES["w"]
R_NS = NAMESPACES["r"]
MC_NS = NAMESPACES["mc"]
WP_NS = NAMESPACES["wp"]
A_NS = NAMESPACES["a"]
PIC_NS = NAMESPACES["pic"]
M_NS = NAMESPACES["m"]
REL_NS = NAMESPACES["rel"]
CT_NS = NAMESPACES["ct"]
XML_NS = NAMESPACES["xml"]

#: Clark-notation prefixes, for the hot loops that build tags by concatenation.
W = f"{{{W_NS}}}"
MC = f"{{{MC_NS}}}"


def REL_TYPE(kind: str) -> str:  # noqa: N802 - reads as the constant it builds
    """A relationship type of the main document: ``REL_TYPE("header")``."""
    return f"{R_NS}/{kind}"


def qn(tag: str) -> str:
    """``"w:p"`` -> ``"{…wordprocessingml/2006/main}p"`` (Clark notation, as lxml wants)."""
    prefix, _, local = tag.partition(":")
    return f"{{{NAMESPACES[prefix]}}}{local}"


def nsdecls(*prefixes: str) -> str:
    """The ``xmlns:…`` attributes for writing XML by hand: ``nsdecls("w", "r")``."""
    return " ".join(f'xmlns:{prefix}="{NAMESPACES[prefix]}"' for prefix in prefixes)


# ------------------------------------------------------------------------------ archives

_MB = 1024 * 1024


def check_archive(infos: Sequence[zipfile.ZipInfo], *, source: str | None, kind: str, max_entries: int,
                  max_total: int, max_ratio: int, ratio_floor: int = _MB,
                  error: type[ThaidocError] = ReadError) -> None:
    """Refuse a zip bomb from its directory, before anything is inflated: too many entries,
    too much data once unpacked, or an entry over ``ratio_floor`` compressed more than
    ``max_ratio`` to one. The sizes in the directory can be trusted as upper bounds: an
    entry that inflates past its stated size fails its CRC check when read. ``kind`` names
    the file in the messages (".docx", "workbook").
    """
    if len(infos) > max_entries:
        raise error(f"refused: the {kind} holds too many entries (a zip bomb?)", source=source,
                    expected=f"at most {max_entries}", found=str(len(infos)))
    total = 0
    for info in infos:
        total += info.file_size
        if total > max_total:
            raise error(f"refused: the {kind} would unpack to too much data (a zip bomb?)", source=source,
                        expected=f"at most {max_total // _MB} MB uncompressed", found=f"more than {total // _MB} MB")
        if info.file_size > ratio_floor:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > max_ratio:
                raise error(f"refused: an entry of the {kind} is compressed suspiciously well (a zip bomb?)",
                            source=source, location=info.filename,
                            expected=f"a compression ratio of at most {max_ratio}:1", found=f"{ratio:.0f}:1")


# ------------------------------------------------------------------------------ parsing

_DTD = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def parse_xml(data: bytes, *, source: str | None = None, part: str | None = None) -> Any:
    """Parse one XML part with every dangerous feature off; DTDs are refused outright.

    OOXML never needs a DTD, so a part that declares one (or an entity) is hostile or broken:
    that is how billion-laughs and external-entity (XXE) attacks are delivered. Entity
    resolution, network access and DTD loading are off, and libxml2's limits on depth and
    text-node size stay on. Raises :class:`~thaidoc.errors.ReadError` naming ``source`` and
    ``part``.
    """
    text = _decode_xml_head(data)
    if _DTD.search(text):
        raise ReadError(
            "refused: the XML declares a DTD or entities (entity expansion / external entity attack?)",
            source=source,
            location=part,
            expected="OOXML without <!DOCTYPE> or <!ENTITY>",
            found="<!DOCTYPE …>",
        )
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        if "Excessive depth" in str(exc) or "huge" in str(exc).lower():
            # libxml2's own limits (huge_tree=False) caught a crafted part; its message
            # suggests turning them off, which is not advice for a user
            raise ReadError(
                "refused: the XML nests too deeply or holds too large a text node (a crafted file?)",
                source=source,
                location=part,
                expected="at most 256 levels of elements and text nodes under 10 MB",
            ) from exc
        raise ReadError(f"the XML is not well formed: {exc}", source=source, location=part) from exc
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise ReadError("refused: the XML declares a DTD", source=source, location=part)
    return root


def _decode_xml_head(data: bytes) -> str:
    """The part as text, for the DTD scan, whatever Unicode encoding it uses."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or data[:2] in (b"<\x00", b"\x00<"):
        encoding = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else (
            "utf-16-le" if data[:2] == b"<\x00" else "utf-16-be"
        )
        return data.decode(encoding, errors="replace")
    if data.startswith((b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00")):
        return data.decode("utf-32", errors="replace")
    return data.decode("utf-8", errors="replace")


# ------------------------------------------------------------------------------ walkers

#: Elements a run can sit inside without changing what it says.
TRANSPARENT = frozenset(
    W + local
    for local in ("hyperlink", "ins", "moveTo", "smartTag", "sdt", "sdtContent", "customXml", "fldSimple",
                  "dir", "bdo")
)


def chosen(alternate: Any) -> Any:
    """mc:AlternateContent holds the same content twice (Choice and Fallback): read one."""
    choice = alternate.find(f"{MC}Choice")
    if choice is not None:
        return choice
    fallback = alternate.find(f"{MC}Fallback")
    return fallback if fallback is not None else []


def text_boxes(element: Any) -> list[Any]:
    """Outermost w:txbxContent inside a drawing, skipping mc:Fallback duplicates."""
    found: list[Any] = []

    def walk(node: Any) -> None:
        for child in node:
            tag = child.tag
            if tag == f"{W}txbxContent":
                found.append(child)
            elif tag == f"{MC}AlternateContent":
                walk(chosen(child))
            elif isinstance(tag, str):
                walk(child)

    if element.tag == f"{MC}AlternateContent":
        walk(chosen(element))
    else:
        walk(element)
    return found


def is_on(element: Any) -> bool:
    """Whether a Word on/off property (``<w:b/>``, ``<w:keepNext w:val="0"/>``) says on: it does
    unless its ``w:val`` is 0, false or off.

    >>> is_on(parse_xml(f'<w:keepNext xmlns:w="{W_NS}" w:val="false"/>'.encode()))
    False
    """
    return element.get(f"{W}val", "true").lower() not in ("0", "false", "off")


def attribute_on(value: str | None) -> bool:
    """Whether an on/off attribute (``w:default="1"``) is given and on."""
    return value is not None and value.lower() in ("1", "true", "on")


def field_instructions(root: Any) -> list[str]:
    r"""The instruction of every field under ``root``, whole: a complex field's instruction may
    come in several runs (``w:instrText`` between its ``w:fldChar`` begin and separate), a
    simple one is a ``w:fldSimple``'s ``w:instr``; nested fields each count on their own.

    >>> xml = (f'<w:p xmlns:w="{W_NS}"><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    ...        '<w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:instrText>\\* ARABIC</w:instrText></w:r>'
    ...        '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:fldSimple w:instr=" NUMPAGES "/></w:p>')
    >>> field_instructions(parse_xml(xml.encode()))
    ['PAGE \\* ARABIC', 'NUMPAGES']
    """
    found: list[str] = []
    open_fields: list[list[str]] = []  # the instruction parts of each field begun and not yet separated
    for element in root.iter(f"{W}fldChar", f"{W}instrText", f"{W}fldSimple"):
        if element.tag == f"{W}fldSimple":
            found.append(" ".join(element.get(f"{W}instr", "").split()))
        elif element.tag == f"{W}instrText":
            if open_fields:
                open_fields[-1].append(element.text or "")
        elif element.get(f"{W}fldCharType") == "begin":
            open_fields.append([])
        elif element.get(f"{W}fldCharType") in ("separate", "end") and open_fields:
            found.append(" ".join("".join(open_fields.pop()).split()))
    found.extend(" ".join("".join(parts).split()) for parts in open_fields)  # never closed
    return found


def paragraph_style(p: Any) -> str | None:
    """The style id a w:p names directly, None when it names none."""
    style = p.find(f"{W}pPr/{W}pStyle")
    return style.get(f"{W}val") if style is not None else None


def run_elements(element: Any) -> Iterator[Any]:
    """The w:r of a paragraph in reading order: through hyperlinks, accepted insertions,
    fields and content controls, one branch of mc:AlternateContent; not deleted runs."""
    for child in element:
        tag = child.tag
        if tag == f"{W}r":
            yield child
        elif tag in TRANSPARENT:
            yield from run_elements(child)
        elif tag == f"{MC}AlternateContent":
            yield from run_elements(chosen(child))


def run_child_text(child: Any) -> str | None:
    """The text one child of a w:r stands for (w:t, tabs, breaks, symbols); None for the
    rest (run properties, drawings, deleted text)."""
    tag = child.tag
    if tag == f"{W}t":
        return child.text or ""
    if tag in (f"{W}tab", f"{W}ptab"):
        return "\t"
    if tag in (f"{W}br", f"{W}cr"):
        return "\n"
    if tag == f"{W}noBreakHyphen":
        return "-"
    if tag == f"{W}sym":
        try:
            return chr(int(child.get(f"{W}char", ""), 16))
        except ValueError:
            return None
    return None


def children(parent: Any, local: str) -> Iterator[Any]:
    """Direct w:<local> children (the rows of a table, the cells of a row), looking through
    content controls and custom XML."""
    for child in parent:
        if child.tag == f"{W}{local}":
            yield child
        elif child.tag in (f"{W}sdt", f"{W}customXml"):
            content = child.find(f"{W}sdtContent") if child.tag == f"{W}sdt" else child
            if content is not None:
                yield from children(content, local)


def cell_paragraphs(tc: Any) -> Iterator[Any]:
    """The w:p directly in a table cell (through content controls), in order."""
    return (child for child in cell_blocks(tc) if child.tag == f"{W}p")


def cell_blocks(parent: Any) -> Iterator[Any]:
    """The w:p and w:tbl directly in a table cell (through content controls), in order."""
    for child in parent:
        if child.tag in (f"{W}p", f"{W}tbl"):
            yield child
        elif child.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml"):
            yield from cell_blocks(child)
