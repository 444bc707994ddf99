"""A small writer for minimal, Word-editable .docx files, used to build thaidoc's templates.

Why not python-docx's default template: it carries ~30 kB of styles, themes and settings that
nobody reviews, and every template built from it inherits them. Here every part of the package
is written out explicitly, so a change to a template is a reviewable change to a script.

Rules this kit follows (from the official typing guide and from how Word treats Thai):
- The font and size live in the styles (document defaults and named paragraph styles), never
  in individual runs, and they are set for every script: ``w:ascii``, ``w:hAnsi``,
  ``w:eastAsia`` and ``w:cs`` fonts, ``w:sz`` and ``w:szCs``, ``w:b`` with ``w:bCs``, and
  ``w:lang w:bidi="th-TH"``. Without the complex-script half Word shows Thai in another font
  and size than the one the style names.
- Lengths are given in centimetres and converted here (twips for text, EMU for drawings).

Usage (see scripts/build_templates.py)::

    doc = Document(font="TH SarabunIT๙")
    doc.style("Body", jc="thaiDistributed", first_line=2.5)
    doc.add(paragraph([run("{{ text }}")], style="Body"))
    doc.save("out.docx")
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from thaidoc.ooxml import CT_NS, PIC_NS, REL_NS, REL_TYPE, nsdecls

__all__ = [
    "cm_to_twips",
    "cm_to_emu",
    "Document",
    "paragraph",
    "run",
    "tab",
    "field_run",
    "tag_paragraph",
    "bottom_left_frame",
    "table",
    "image_drawing",
    "placeholder_png",
    "A4",
]

XMLNS = nsdecls("w", "r", "wp", "a", "pic")
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

#: A4 in twips (21 x 29.7 cm)
A4 = (11906, 16838)


def cm_to_twips(cm: float) -> int:
    return round(cm * 1440 / 2.54)


def cm_to_emu(cm: float) -> int:
    return round(cm * 360000)


# -- runs and paragraphs -------------------------------------------------------------------


def run(text: str = "", *, style: str | None = None, bold: bool = False, size_pt: float | None = None, color: str | None = None,
        underline: bool = False, raw: bool = False) -> str:
    """A run of text. Formatting here is for exceptions; the style carries font and size.

    ``raw=True`` inserts ``text`` as XML (for a tab or a drawing); otherwise it is escaped.
    """
    props = [f'<w:rStyle w:val="{style}"/>'] if style else []
    props += _run_format(bold=bold, size_pt=size_pt, color=color)
    if underline:
        props.append('<w:u w:val="single"/>')
    rpr = f"<w:rPr>{''.join(props)}</w:rPr>" if props else ""
    body = text if raw else f'<w:t xml:space="preserve">{escape(text)}</w:t>'
    return f"<w:r>{rpr}{body}</w:r>"


def _run_format(*, bold: bool, size_pt: float | None, color: str | None) -> list[str]:
    props = []
    if bold:
        props += ["<w:b/>", "<w:bCs/>"]
    if color:
        props.append(f'<w:color w:val="{color}"/>')
    if size_pt:
        half = round(size_pt * 2)
        props += [f'<w:sz w:val="{half}"/>', f'<w:szCs w:val="{half}"/>']
    return props


def leader_attr(stop: tuple) -> str:
    return f' w:leader="{stop[2]}"' if len(stop) > 2 else ""


def tab() -> str:
    return "<w:r><w:tab/></w:r>"


def field_run(instruction: str, placeholder: str = "1", *, style: str | None = None) -> list[str]:
    """A complex field (PAGE, NUMPAGES …) as the runs Word writes for it."""
    rpr = f'<w:rPr><w:rStyle w:val="{style}"/></w:rPr>' if style else ""
    return [
        f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r>{rpr}<w:instrText xml:space="preserve"> {escape(instruction)} </w:instrText></w:r>',
        f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>',
        run(placeholder, style=style),
        f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>',
    ]


def paragraph(runs: list[str] | str = (), *, style: str | None = None, jc: str | None = None,
              left: float | None = None, right: float | None = None, first_line: float | None = None,
              hanging: float | None = None, tabs: list[tuple] | None = None,
              before: float | None = None, after: float | None = None, keep_next: bool = False,
              line_exact: float | None = None, frame: str | None = None) -> str:
    """A paragraph. Indents and tab positions in cm; spacing and exact line height in pt."""
    if isinstance(runs, str):
        runs = [run(runs)] if runs else []
    ppr = []
    if style:
        ppr.append(f'<w:pStyle w:val="{style}"/>')
    if keep_next:
        ppr.append("<w:keepNext/>")
    if frame:
        ppr.append(frame)
    if tabs:
        # (kind, position) or (kind, position, leader): a "dot" leader draws a fill-in line
        stops = "".join(f'<w:tab w:val="{stop[0]}"{leader_attr(stop)} w:pos="{cm_to_twips(stop[1])}"/>'
                        for stop in tabs)
        ppr.append(f"<w:tabs>{stops}</w:tabs>")
    if before is not None or after is not None or line_exact is not None:
        attrs = ""
        if before is not None:
            attrs += f' w:before="{round(before * 20)}"'
        if after is not None:
            attrs += f' w:after="{round(after * 20)}"'
        if line_exact is not None:
            attrs += f' w:line="{round(line_exact * 20)}" w:lineRule="exact"'
        ppr.append(f"<w:spacing{attrs}/>")
    ind = ""
    if left is not None:
        ind += f' w:left="{cm_to_twips(left)}"'
    if right is not None:
        ind += f' w:right="{cm_to_twips(right)}"'
    if first_line is not None:
        ind += f' w:firstLine="{cm_to_twips(first_line)}"'
    if hanging is not None:
        ind += f' w:hanging="{cm_to_twips(hanging)}"'
    if ind:
        ppr.append(f"<w:ind{ind}/>")
    if jc:
        ppr.append(f'<w:jc w:val="{jc}"/>')
    ppr_xml = f"<w:pPr>{''.join(ppr)}</w:pPr>" if ppr else ""
    return f"<w:p>{ppr_xml}{''.join(runs)}</w:p>"


def bottom_left_frame(width_cm: float) -> str:
    """A text frame at the bottom left of the text area (consecutive paragraphs with the same
    frame share it); body text does not flow beside it."""
    return (f'<w:framePr w:w="{cm_to_twips(width_cm)}" w:wrap="notBeside" w:vAnchor="margin" '
            'w:hAnchor="margin" w:xAlign="left" w:yAlign="bottom"/>')


def tag_paragraph(tag: str) -> str:
    """A paragraph holding only a docxtpl paragraph tag (``{%p for … %}``); it is removed on render."""
    return paragraph([run(tag)])


def table(rows: list[list[str]], widths_cm: list[float | str], *, borders: bool = True,
          header_rows: int = 0, style_row_tags: dict[int, str] | None = None,
          total_cm: float | None = None) -> str:
    """A fixed-layout table. Each cell is a list of paragraph XML strings joined, or one string.

    ``style_row_tags`` puts a docxtpl row tag (``{%tr for … %}``) before row N; not used when None.
    A width given as a string is a template expression for twips (``{{ sheet.widths[0] }}``),
    the columns sized at render time; ``total_cm`` is then the table's width.
    """
    def twips(width: float | str) -> str:
        return width if isinstance(width, str) else str(cm_to_twips(width))

    grid = "".join(f'<w:gridCol w:w="{twips(w)}"/>' for w in widths_cm)
    border_xml = ""
    if borders:
        edges = "".join(f'<w:{edge} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"))
        border_xml = f"<w:tblBorders>{edges}</w:tblBorders>"
    total = cm_to_twips(total_cm) if total_cm is not None else sum(cm_to_twips(float(w)) for w in widths_cm)
    out = [f'<w:tbl><w:tblPr><w:tblW w:w="{total}" w:type="dxa"/>{border_xml}'
           '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="85" w:type="dxa"/>'
           '<w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr>'
           f"<w:tblGrid>{grid}</w:tblGrid>"]
    for index, cells in enumerate(rows):
        trpr = "<w:trPr><w:tblHeader/></w:trPr>" if index < header_rows else ""
        tcs = []
        for width, cell in zip(widths_cm, cells):
            content = cell if cell.startswith("<w:p") else paragraph(cell)
            tcs.append(f'<w:tc><w:tcPr><w:tcW w:w="{twips(width)}" w:type="dxa"/></w:tcPr>{content}</w:tc>')
        out.append(f"<w:tr>{trpr}{''.join(tcs)}</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def image_drawing(rel_id: str, *, name: str, height_cm: float, aspect: float, anchor: dict | None = None,
                  docpr_id: int = 1) -> str:
    """A picture run. ``aspect`` is width/height. ``anchor`` positions it on the page:
    ``{"h": ("margin", "center") | ("page", cm), "v": ("page", cm)}``; inline when None.

    ``name`` becomes the drawing's ``wp:docPr/@name``: thaidoc finds the emblem by it.
    """
    cy = cm_to_emu(height_cm)
    cx = round(cy * aspect)
    graphic = (
        f'<a:graphic><a:graphicData uri="{PIC_NS}">'
        f'<pic:pic><pic:nvPicPr><pic:cNvPr id="0" name={quoteattr(name)}/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip r:embed="{rel_id}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
        f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
    )
    docpr = f'<wp:docPr id="{docpr_id}" name={quoteattr(name)} descr={quoteattr(name)}/>'
    if anchor is None:
        inner = (f'<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/>'
                 f'<wp:effectExtent l="0" t="0" r="0" b="0"/>{docpr}<wp:cNvGraphicFramePr/>{graphic}</wp:inline>')
    else:
        def position(axis: str, spec: tuple[str, object]) -> str:
            relative, where = spec
            tag = "positionH" if axis == "h" else "positionV"
            value = (f"<wp:align>{where}</wp:align>" if isinstance(where, str)
                     else f"<wp:posOffset>{cm_to_emu(float(where))}</wp:posOffset>")  # type: ignore[arg-type]
            return f'<wp:{tag} relativeFrom="{relative}">{value}</wp:{tag}>'

        inner = (
            '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" '
            'behindDoc="0" locked="1" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
            f'{position("h", anchor["h"])}{position("v", anchor["v"])}'
            f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
            f"{docpr}<wp:cNvGraphicFramePr/>{graphic}</wp:anchor>"
        )
    return run(f"<w:drawing>{inner}</w:drawing>", raw=True)


# -- a neutral placeholder image -------------------------------------------------------------


def placeholder_png(width: int, height: int, *, border: int = 3, grey: int = 200) -> bytes:
    """A transparent PNG with a thin grey frame: reserves the emblem's space, shows nothing official."""
    rows = []
    for y in range(height):
        row = bytearray([0])  # filter type None
        for x in range(width):
            edge = x < border or y < border or x >= width - border or y >= height - border
            row += bytes((grey, 255 if edge else 0))  # grey + alpha
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 4, 0, 0, 0)  # 8-bit grey + alpha
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b""))


# -- the package -----------------------------------------------------------------------------


@dataclass
class Document:
    """The parts of one .docx; ``save()`` writes them as a zip with fixed timestamps."""

    font: str = "TH SarabunIT๙"
    size_pt: float = 16
    lang_bidi: str = "th-TH"
    # Latin-script text (e-mail addresses, English words, Arabic digits typed on purpose) is
    # English; complex-script text is Thai. LibreOffice's contextual numerals (used for PDFs)
    # then leave digits in an e-mail address alone.
    lang_latin: str = "en-US"
    body: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)  # part name -> XML of its paragraphs
    footers: dict[str, str] = field(default_factory=dict)
    media: dict[str, bytes] = field(default_factory=dict)  # "media/x.png" -> bytes
    page_settings: dict = field(default_factory=dict)
    # more namespace declarations for the document part (the math namespace for equations)
    extra_namespaces: str = ""

    # styles ------------------------------------------------------------------------------

    def style(self, style_id: str, *, name: str | None = None, based_on: str = "Normal", jc: str | None = None,
              left: float | None = None, right: float | None = None, first_line: float | None = None,
              hanging: float | None = None, tabs: list[tuple] | None = None,
              bold: bool = False, size_pt: float | None = None, color: str | None = None,
              before: float | None = None, after: float | None = None, keep_next: bool = False,
              line_exact: float | None = None, frame: str | None = None) -> None:
        """A paragraph style; lengths in cm, spacing in pt. Bold sets w:b and w:bCs."""
        ppr = paragraph([], jc=jc, left=left, right=right, first_line=first_line, hanging=hanging,
                        tabs=tabs, before=before, after=after, keep_next=keep_next, line_exact=line_exact,
                        frame=frame)
        ppr = ppr[len("<w:p>"):-len("</w:p>")]
        rpr = _run_format(bold=bold, size_pt=size_pt, color=color)
        self.styles.append(
            f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{style_id}">'
            f'<w:name w:val={quoteattr(name or style_id)}/><w:basedOn w:val="{based_on}"/><w:qFormat/>'
            f"{ppr}<w:rPr>{''.join(rpr)}</w:rPr></w:style>"
        )

    def char_style(self, style_id: str, *, name: str | None = None, bold: bool = False,
                   size_pt: float | None = None, color: str | None = None, lang: str | None = None) -> None:
        """A character style, for labels such as บันทึกข้อความ's ส่วนราชการ / ที่ / วันที่."""
        rpr = _run_format(bold=bold, size_pt=size_pt, color=color)
        if lang:
            rpr.append(f'<w:lang w:val="{lang}"/>')
        self.styles.append(
            f'<w:style w:type="character" w:customStyle="1" w:styleId="{style_id}">'
            f'<w:name w:val={quoteattr(name or style_id)}/><w:basedOn w:val="DefaultParagraphFont"/>'
            f"<w:rPr>{''.join(rpr)}</w:rPr></w:style>"
        )

    def _styles_xml(self) -> str:
        f = quoteattr(self.font)
        half = round(self.size_pt * 2)
        fonts = f"<w:rFonts w:ascii={f} w:hAnsi={f} w:eastAsia={f} w:cs={f}/>"
        lang = f'<w:lang w:val="{self.lang_latin}" w:eastAsia="en-US" w:bidi="{self.lang_bidi}"/>'
        return (
            f"{XML_HEAD}<w:styles {XMLNS}>"
            f'<w:docDefaults><w:rPrDefault><w:rPr>{fonts}<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>{lang}'
            '</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
            "</w:pPr></w:pPrDefault></w:docDefaults>"
            '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>'
            f'<w:rPr>{fonts}<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>{lang}</w:rPr></w:style>'
            '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
            '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>'
            '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
            '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
            '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
            "</w:tblCellMar></w:tblPr></w:style>"
            f"{''.join(self.styles)}</w:styles>"
        )

    # page ---------------------------------------------------------------------------------

    def page(self, *, size: tuple[int, int] = A4, left: float = 3, right: float = 2, top: float = 2.5,
             bottom: float = 2, header: float = 1.25, footer: float = 1.0, title_page: bool = True,
             page_number_format: str | None = None, landscape: bool = False) -> None:
        """Paper, margins (cm), first-page difference; written when the package is saved."""
        self.page_settings = dict(size=size, left=left, right=right, top=top, bottom=bottom, header=header,
                                  footer=footer, title_page=title_page, page_number_format=page_number_format,
                                  landscape=landscape)

    def _section_xml(self, *, size: tuple[int, int], left: float, right: float, top: float, bottom: float,
                     header: float, footer: float, title_page: bool, page_number_format: str | None,
                     landscape: bool) -> str:
        width, height = (size[1], size[0]) if landscape else size
        refs = []
        for kind, part in (("first", "header_first"), ("default", "header_default")):
            if part in self.headers:
                refs.append(f'<w:headerReference w:type="{kind}" r:id="rId_{part}"/>')
        for kind, part in (("first", "footer_first"), ("default", "footer_default")):
            if part in self.footers:
                refs.append(f'<w:footerReference w:type="{kind}" r:id="rId_{part}"/>')
        orient = ' w:orient="landscape"' if landscape else ""
        number = f'<w:pgNumType w:fmt="{page_number_format}"/>' if page_number_format else ""
        return (
            f"<w:sectPr>{''.join(refs)}<w:pgSz w:w=\"{width}\" w:h=\"{height}\"{orient}/>"
            f'<w:pgMar w:top="{cm_to_twips(top)}" w:right="{cm_to_twips(right)}" '
            f'w:bottom="{cm_to_twips(bottom)}" w:left="{cm_to_twips(left)}" w:header="{cm_to_twips(header)}" '
            f'w:footer="{cm_to_twips(footer)}" w:gutter="0"/>{number}'
            f"{'<w:titlePg/>' if title_page else ''}</w:sectPr>"
        )

    def add(self, *xml: str) -> None:
        self.body.extend(xml)

    # writing ------------------------------------------------------------------------------

    def parts(self) -> dict[str, bytes]:
        if not self.page_settings:
            self.page()
        section = self._section_xml(**self.page_settings)
        rels = [
            ("rId_styles", "styles", "styles.xml"),
            ("rId_settings", "settings", "settings.xml"),
        ]
        overrides = {
            "/word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
            "/word/styles.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml",
            "/word/settings.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml",
        }
        parts: dict[str, bytes] = {}
        for kind, collection in (("header", self.headers), ("footer", self.footers)):
            for name, xml in collection.items():
                target = f"{name}.xml"
                rels.append((f"rId_{name}", kind, target))
                overrides[f"/word/{target}"] = (
                    f"application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}+xml")
                tag = "hdr" if kind == "header" else "ftr"
                parts[f"word/{target}"] = f"{XML_HEAD}<w:{tag} {XMLNS}>{xml}</w:{tag}>".encode()
        for index, name in enumerate(sorted(self.media), start=1):
            rels.append((f"rId_media{index}", "image", name))
            parts[f"word/{name}"] = self.media[name]
        rel_xml = "".join(f'<Relationship Id="{rid}" Type="{REL_TYPE(kind)}" Target="{target}"/>'
                          for rid, kind, target in rels)
        content_types = (
            f'{XML_HEAD}<Types xmlns="{CT_NS}">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Default Extension="png" ContentType="image/png"/>'
            '<Default Extension="jpeg" ContentType="image/jpeg"/>'
            '<Default Extension="jpg" ContentType="image/jpeg"/>'
            + "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides.items())
            + "</Types>"
        )
        settings = (
            f"{XML_HEAD}<w:settings {XMLNS}>"
            '<w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>'
            '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" '
            'w:val="15"/></w:compat><w:themeFontLang w:val="th-TH" w:bidi="th-TH"/></w:settings>'
        )
        namespaces = f"{XMLNS} {self.extra_namespaces}".rstrip()
        document = f"{XML_HEAD}<w:document {namespaces}><w:body>{''.join(self.body)}{section}</w:body></w:document>"
        parts.update({
            "[Content_Types].xml": content_types.encode(),
            "_rels/.rels": (
                f'{XML_HEAD}<Relationships xmlns="{REL_NS}">'
                f'<Relationship Id="rId1" Type="{REL_TYPE("officeDocument")}" Target="word/document.xml"/>'
                "</Relationships>").encode(),
            "word/_rels/document.xml.rels": (
                f'{XML_HEAD}<Relationships xmlns="{REL_NS}">'
                f"{rel_xml}</Relationships>").encode(),
            "word/document.xml": document.encode(),
            "word/styles.xml": self._styles_xml().encode(),
            "word/settings.xml": settings.encode(),
        })
        return parts

    def to_bytes(self) -> bytes:
        order = ["[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels"]
        parts = self.parts()
        names = order + sorted(name for name in parts if name not in order)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name in names:
                info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))  # reproducible builds
                stored = name.endswith((".png", ".jpeg", ".jpg"))
                info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
                archive.writestr(info, parts[name])
        return buffer.getvalue()

    def save(self, path: str | Path) -> Path:
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(self.to_bytes())
        return target


def write_templates(builders: dict[str, Callable[[], "Document"]], folder: Path, repo: Path) -> None:
    """Build each template (file name -> builder) into ``folder``; each script's ``main``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, build in builders.items():
        (folder / name).write_bytes(build().to_bytes())
        print(f"wrote {(folder / name).relative_to(repo)}")
