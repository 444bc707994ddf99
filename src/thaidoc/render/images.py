"""Images from the data: the signer's signature and a QR code.

- ``signer.signature``: an image of the signature (PNG or JPEG), placed above the name in
  parentheses, in the signature block's own alignment, 1.5 cm high by default
  (``signature_height_cm``). It is a file named by data: it must lie in the folder the caller
  granted (:func:`thaidoc.data.granted_file`, the rule for every such file).
- ``qr``: a QR code made from a URL or any text (segno), with an optional caption under it,
  after the letter's last line: bottom right by default, or bottom left or centre.

Both are placed in the rendered document (any template, bundled or the staff's own), so a
template needs no image placeholders: the signature goes above the paragraph that prints the
signer's name, the QR code at the end of the body.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from thaidoc.data import granted_file
from thaidoc.errors import RenderError, ThaidocError
from thaidoc.model.common import Document
from thaidoc.render.emblem import Emblem

__all__ = ["place_images", "qr_png", "EMU_PER_CM"]

EMU_PER_CM = 360_000
#: The signature image's height (its width follows its aspect ratio): about two lines of text.
SIGNATURE_HEIGHT_CM = 1.5
_DOCUMENT = "word/document.xml"
_RELS = "word/_rels/document.xml.rels"
_TYPES = "[Content_Types].xml"
_IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
_ALIGN = {"bottom-right": "right", "bottom-left": "left", "bottom-centre": "center", "bottom-center": "center"}


@dataclass(frozen=True)
class _Placed:
    image: Emblem
    name: str
    height_cm: float


@lru_cache(maxsize=256)
def qr_png(text: str) -> bytes:
    """A QR code of ``text`` as PNG bytes (error correction M, 4-module quiet zone)."""
    import segno

    buffer = io.BytesIO()
    segno.make_qr(text, error="m").save(buffer, kind="png", scale=10, border=4)
    return buffer.getvalue()


def _signature(document: Document) -> Emblem | None:
    signer = getattr(document, "signer", None)
    name = getattr(signer, "signature", None)
    if not name:
        return None
    try:
        path = granted_file(name, base_dir=document.base_dir, location="signer.signature")
        return Emblem.from_path(path)
    except ThaidocError as exc:
        raise exc.with_context(source=document.source) from None


def place_images(docx: bytes, document: Document, context: dict[str, Any]) -> bytes:
    """``docx`` with the signature image and the QR code the document asks for (unchanged
    when it asks for none)."""
    signature = _signature(document)
    qr = getattr(document, "qr", None)
    if signature is None and qr is None:
        return docx
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        parts = {info.filename: (info, archive.read(info)) for info in archive.infolist()}
    xml = parts[_DOCUMENT][1].decode("utf-8")
    rels = parts[_RELS][1].decode("utf-8")
    media: dict[str, bytes] = {}
    drawing_id = 1000 + len(re.findall(r"<wp:docPr ", xml))

    def add(placed: _Placed) -> str:
        nonlocal rels, drawing_id
        number = len(media) + 1
        target = f"media/thaidoc-{placed.name}-{number}.{placed.image.extension}"
        rel_id = f"rIdThaidoc{number}"
        media[f"word/{target}"] = placed.image.data
        rels = rels.replace("</Relationships>",
                            f'<Relationship Id="{rel_id}" Type="{_IMAGE_REL}" Target="{target}"/></Relationships>')
        drawing_id += 1
        return _inline(rel_id, drawing_id, placed)

    if signature is not None:
        lines = context.get("signer_lines") or []
        height = SIGNATURE_HEIGHT_CM
        run = add(_Placed(signature, "signature", height))
        xml = _above_paragraph(xml, str(lines[0]) if lines else "", run)
    if qr is not None:
        image = Emblem.from_bytes(qr_png(qr.data), name="qr")
        run = add(_Placed(image, "qr", float(qr.size_cm)))
        caption = context.get("qr_caption_text") or ""
        xml = _at_end(xml, run, caption, _ALIGN[qr.position], float(qr.size_cm))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, (info, data) in parts.items():
            if name == _DOCUMENT:
                data = xml.encode("utf-8")
            elif name == _RELS:
                data = rels.encode("utf-8")
            elif name == _TYPES:
                data = _with_types(data, {path.rsplit(".", 1)[1] for path in media})
            archive.writestr(name, data)
        for name, data in media.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _inline(rel_id: str, drawing_id: int, placed: _Placed) -> str:
    cy = round(placed.height_cm * EMU_PER_CM)
    cx = round(cy * placed.image.width / placed.image.height)
    name = escape(placed.name)
    return (
        '<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="{drawing_id}" name="{name}" descr="{name}"/>'
        '<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'noChangeAspect="1"/></wp:cNvGraphicFramePr>'
        '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        f'<pic:nvPicPr><pic:cNvPr id="0" name="{name}"/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip r:embed="{rel_id}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
        f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
        '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>'
    )


_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>|<w:p(?: [^>]*)?/>", re.S)
_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")
_PPR = re.compile(r"<w:pPr>.*?</w:pPr>", re.S)


def _text(paragraph: str) -> str:
    from xml.sax.saxutils import unescape

    return unescape("".join(_TEXT.findall(paragraph)))


def _above_paragraph(xml: str, name_line: str, run: str) -> str:
    """The signature run in a paragraph of its own just above the signer's name, taking the
    space the name's paragraph left for a handwritten signature (its space before), so the
    signature block keeps its height."""
    paragraphs = list(_PARAGRAPH.finditer(xml))
    for match in paragraphs:
        if name_line and _text(match.group(0)).strip() == name_line.strip():
            break
    else:
        raise RenderError("no place for the signature: the template does not print the signer's name",
                          expected=f"a paragraph reading {name_line!r}")
    name = match.group(0)
    ppr_match = _PPR.search(name)
    ppr = ppr_match.group(0) if ppr_match else "<w:pPr></w:pPr>"
    keep = {tag: found.group(0) for tag in ("pStyle", "ind", "jc")
            if (found := re.search(rf"<w:{tag}\b[^>]*/>", ppr))}
    image_ppr = ("<w:pPr>" + keep.get("pStyle", "") + '<w:keepNext/><w:spacing w:before="0" w:after="0"/>'
                 + keep.get("ind", "") + keep.get("jc", "") + "</w:pPr>")
    name_ppr = _spacing_before_zero(ppr)
    new_name = name.replace(ppr, name_ppr, 1) if ppr_match else name.replace(">", ">" + name_ppr, 1)
    return xml[:match.start()] + f"<w:p>{image_ppr}{run}</w:p>" + new_name + xml[match.end():]


#: what follows w:spacing in a paragraph's properties (the schema's order)
_AFTER_SPACING = re.compile(r"<w:(?:ind|contextualSpacing|mirrorIndents|suppressOverlap|jc|textDirection|"
                            r"textAlignment|textboxTightWrap|outlineLvl|divId|cnfStyle|rPr|sectPr|pPrChange)\b|</w:pPr>")


def _spacing_before_zero(ppr: str) -> str:
    found = re.search(r"<w:spacing\b([^>]*)/>", ppr)
    if found:
        attributes = re.sub(r'\s(?:w:before|w:beforeLines|w:beforeAutospacing)="[^"]*"', "", found.group(1))
        return ppr.replace(found.group(0), f'<w:spacing w:before="0"{attributes}/>', 1)
    at = _AFTER_SPACING.search(ppr)
    assert at is not None  # </w:pPr> at least
    return ppr[:at.start()] + '<w:spacing w:before="0"/>' + ppr[at.start():]


def _at_end(xml: str, run: str, caption: str, align: str, width_cm: float) -> str:
    """The QR code (and its caption) in a frame at the bottom of the last page's text area, at
    the right by default: beside the owner office's lines, which the bundled letters frame at
    the bottom left. A frame takes no room from the text, so the letter does not grow a page."""
    width = round((width_cm + 1.5) * 567)  # twips; the caption may be a little wider than the code
    frame = (f'<w:framePr w:w="{width}" w:wrap="around" w:vAnchor="margin" w:hAnchor="margin" '
             f'w:xAlign="{align}" w:yAlign="bottom"/>')
    jc = '<w:jc w:val="center"/>'
    paragraphs = f'<w:p><w:pPr><w:keepNext/>{frame}<w:spacing w:before="0" w:after="0"/>{jc}</w:pPr>{run}</w:p>'
    if caption:
        paragraphs += (f'<w:p><w:pPr>{frame}<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>{jc}'
                       f'</w:pPr><w:r><w:rPr><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr>'
                       f'<w:t xml:space="preserve">{escape(caption)}</w:t></w:r></w:p>')
    end = xml.rfind("<w:sectPr")
    if end < 0 or end < xml.rfind("</w:p>"):
        end = xml.rfind("</w:body>")
    return xml[:end] + paragraphs + xml[end:]


def _with_types(content_types: bytes, extensions: set[str]) -> bytes:
    text = content_types.decode("utf-8")
    for extension in sorted(extensions):
        if f'Extension="{extension}"' not in text:
            mime = "image/png" if extension == "png" else "image/jpeg"
            text = text.replace("</Types>", f'<Default Extension="{extension}" ContentType="{mime}"/></Types>')
    return text.encode("utf-8")
