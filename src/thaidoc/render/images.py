"""Images from the data: a QR code.

``qr``: a QR code made from a URL or any text (segno), with an optional caption under it, in
a frame at the bottom of the last page: bottom right by default (beside the owner office's
lines), or bottom left or centre. It is placed in the rendered document (any template,
bundled or the staff's own), so a template needs no image placeholder.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from thaidoc.model.common import Document
from thaidoc.render.emblem import Emblem

__all__ = ["place_images", "qr_png", "EMU_PER_CM"]

EMU_PER_CM = 360_000
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


def place_images(docx: bytes, document: Document, context: dict[str, Any]) -> bytes:
    """``docx`` with the QR code the document asks for (unchanged when it asks for none)."""
    qr = getattr(document, "qr", None)
    if qr is None:
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
