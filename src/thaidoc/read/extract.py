"""Read an issued .docx, PDF, .odt, .doc or text file into blocks of text, safely.

Issued letters arrive from outside, so reading treats them as hostile until proven otherwise:

- a .docx must be a zip archive of bounded size, with a bounded number of entries, bounded
  total uncompressed size and a sane compression ratio (zip bombs);
- every XML part is read with a size cap (the sizes a zip declares can lie), refused when it
  carries a DTD or entity declaration (billion laughs, external entities / XXE), and parsed
  with lxml with entity resolution, network access, DTD loading and huge trees all off;
- a .txt must be of bounded size, in UTF-8, UTF-16 or Thai cp874 / TIS-620;
- a PDF is read by :mod:`thaidoc.read.pdf` (PDFium), within a page and character budget;
- an .odt (after the same zip checks) or a .doc is converted to .docx by LibreOffice, with a
  private profile and a time limit, and then read as a .docx.

In a .docx, a frame set at the foot of a page is read after its page's text and Word's
automatic list numbers are read as the numbers they print, so that a LibreOffice re-save
reads as the original.

Anything refused raises :class:`thaidoc.errors.ReadError` naming the file and the reason;
nothing here hangs or exhausts memory on a crafted input.

>>> doc = extract("ที่ ฉช ๐๐๑๙/ว ๒๒๑๕\\n\\nเรื่อง ทดสอบ\\nก\\tข\\nค\\tง\\n".encode(), name="x.txt")
>>> [(b.kind, b.line, b.text) for b in doc.blocks]
[('paragraph', 1, 'ที่ ฉช ๐๐๑๙/ว ๒๒๑๕'), ('paragraph', 3, 'เรื่อง ทดสอบ'), ('table', 4, 'ก\\tข\\nค\\tง')]
"""

from __future__ import annotations

import dataclasses
import io
import os
import posixpath
import re
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from thaidoc.data import size_text
from thaidoc.errors import ReadError
from thaidoc.office import SofficeTimeout, run_soffice, soffice_path
from thaidoc.ooxml import (
    MC,
    REL_NS,
    REL_TYPE,
    W,
    attribute_on,
    cell_blocks,
    check_archive,
    children,
    chosen,
    is_on,
    paragraph_style,
    parse_xml,
    run_child_text,
    run_elements,
    text_boxes,
)
from thaidoc.read.document import Block, ExtractedDocument, Run
from thaidoc.read.pdf import extract_pdf

__all__ = ["extract", "as_docx", "is_page_furniture", "ReadLimits", "DEFAULT_LIMITS", "block_elements"]

_OFFICE_DOCUMENT = REL_TYPE("officeDocument")
_HEADER_REL = REL_TYPE("header")
_FOOTER_REL = REL_TYPE("footer")

_MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """Bounds on what a document may cost to read. The defaults are far above any real letter
    (a 40-page circular with scanned images is a few MB) and far below what hurts a server."""

    max_file_bytes: int = 50 * _MB
    max_entries: int = 2000
    max_total_uncompressed: int = 300 * _MB
    max_part_bytes: int = 64 * _MB  # one XML part, after decompression
    max_ratio: int = 200  # uncompressed/compressed, for entries above ratio_floor
    ratio_floor: int = 1 * _MB
    max_text_bytes: int = 20 * _MB
    convert_seconds: float = 60.0  # LibreOffice turning an .odt or .doc into a .docx


DEFAULT_LIMITS = ReadLimits()

_DOCX_SUFFIXES = {".docx", ".docm", ".dotx", ".dotm"}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OTHER_FORMATS = ((b"{\\rtf", "an RTF document"),)
_OPENDOCUMENT_MIMETYPE = b"application/vnd.oasis.opendocument"
_THAI = re.compile("[\u0e00-\u0e7f]")


def extract(
    path_or_bytes: str | os.PathLike[str] | bytes | bytearray | memoryview | IO[bytes],
    *,
    name: str | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> ExtractedDocument:
    """Read a .docx or UTF-8 .txt (a path, bytes or a binary file object) into blocks.

    ``name`` is used in messages and, for bytes, to tell .txt from .docx (a zip is always
    read as .docx). Raises ReadError for anything that is not a readable, reasonable document.
    """
    data, source = _load(path_or_bytes, name, limits)
    suffix = Path(source).suffix.lower() if source else ""
    if data.startswith(b"%PDF-") or (suffix == ".pdf" and b"%PDF-" in data[:1024]):
        return extract_pdf(data, source)
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _extract_docx(data, source, limits)
    if data.startswith(_OLE_MAGIC):
        # Word 97-2003 .doc (or a .docx encrypted with a password, which LibreOffice refuses)
        return _extract_docx(_converted(data, source, ".doc", limits), source, limits)
    if suffix in _DOCX_SUFFIXES:
        raise ReadError(
            "not a .docx: the file is not a zip archive",
            source=source,
            expected="a .docx (a zip archive starting with 'PK')",
            found=repr(data[:8]),
        )
    for magic, what in _OTHER_FORMATS:
        if data.startswith(magic):
            # said plainly here: read as text they would fail as "not UTF-8" or, worse, be
            # compared as if their markup were the letter's words
            raise ReadError(
                f"this is {what}, which thaidoc cannot read",
                source=source,
                expected="the letter as .docx, .odt, .doc, PDF or text (save it from Word or LibreOffice)",
                found=what,
            )
    return _extract_text(data, source, limits)


def as_docx(
    path_or_bytes: str | os.PathLike[str] | bytes, *, name: str | None = None, limits: ReadLimits = DEFAULT_LIMITS
) -> bytes | None:
    """The document as .docx bytes when it is one, or an .odt or .doc (converted as
    :func:`extract` converts it, with the same guards); None for text and PDF."""
    data, source = _load(path_or_bytes, name, limits)
    if data.startswith(b"%PDF-"):
        return None
    if data.startswith(_OLE_MAGIC):
        return _converted(data, source, ".doc", limits)
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            infos = archive.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
            raise ReadError("not a .docx: the zip archive is damaged", source=source, found=str(exc)) from exc
        _check_archive(infos, source, limits)
        names = {info.filename for info in infos}
        if "mimetype" in names and _read_part(archive, "mimetype", source, limits).startswith(_OPENDOCUMENT_MIMETYPE):
            return _converted(data, source, ".odt", limits)
        return data
    return None


# --------------------------------------------------------------------------------------- input


def _load(obj: Any, name: str | None, limits: ReadLimits) -> tuple[bytes, str | None]:
    if isinstance(obj, (bytes, bytearray, memoryview)):
        data = bytes(obj)
        source = name
    elif isinstance(obj, (str, os.PathLike)):
        path = Path(obj)
        source = name or str(path)
        try:
            size = path.stat().st_size
            if size > limits.max_file_bytes:
                raise _too_large(source, size, limits.max_file_bytes)
            with path.open("rb") as handle:
                data = handle.read(limits.max_file_bytes + 1)
        except OSError as exc:
            raise ReadError(f"cannot read the file: {exc.strerror or exc}", source=source) from exc
    elif hasattr(obj, "read"):
        source = name or getattr(obj, "name", None)
        data = obj.read(limits.max_file_bytes + 1)
        if not isinstance(data, bytes):
            raise ReadError("the file object must be opened in binary mode", source=source)
    else:
        raise ReadError(
            "cannot read this input", expected="a path, bytes or a binary file", found=type(obj).__name__
        )
    if len(data) > limits.max_file_bytes:
        raise _too_large(source, len(data), limits.max_file_bytes)
    return data, (str(source) if source is not None else None)


def _too_large(source: str | None, size: int, limit: int) -> ReadError:
    # exact sizes: a 21,000,000-byte file was "found 20.0 MB" against "at most 20 MB"
    return ReadError(
        "the file is too large to be a letter",
        source=source,
        expected=f"at most {size_text(limit)}",
        found=f"more than {size_text(limit)}" if size == limit + 1 else size_text(size),  # a bounded read stops there
    )


# ---------------------------------------------------------------------------------------- text


def _plausible(text: str) -> bool:
    """Text a letter could hold: Thai, ASCII, Latin punctuation and spaces (not the CJK that
    bytes of another encoding turn into when read as UTF-16)."""
    if not text:
        return False
    good = sum(
        1 for ch in text[:4096]
        if ch.isascii() or "\u0e00" <= ch <= "\u0e7f" or "\u2000" <= ch <= "\u206f" or ch in "\u00a0\ufeff"
    )
    return good >= 0.95 * min(len(text), 4096)


#: Page furniture in text taken from a printed letter: "- ๒ -" at the top of a page, and the
#: typist's cue at the foot of one that repeats the next page's first words ("/๓. จัดทำแผน...").
_TEXT_FURNITURE = re.compile(r"^[-–—]\s*[0-9๐-๙]{1,3}\s*[-–—]$|^/\s*\S.*(?:\.\.\.|…)$")


def is_page_furniture(text: str) -> bool:
    """A page number ("- ๒ -") or a continuation cue ("/๓. จัดทำแผน..."): what a printed
    letter carries from page to page, not its text. Dropped from .txt files when read; a .docx
    keeps such paragraphs where the typist put them, and the diff passes over them.

    >>> is_page_furniture("- ๒ -"), is_page_furniture("/๓. จัดทำแผน..."), is_page_furniture("๓. จัดทำแผน")
    (True, True, False)
    """
    return _TEXT_FURNITURE.match(text.strip()) is not None


def _decode_text(data: bytes, source: str | None) -> str:
    """UTF-8 (with or without a BOM), UTF-16 (by its BOM, or by the NUL bytes of every other
    byte that Thai and ASCII text has in it), else Thai Windows' cp874, a superset of
    TIS-620: what Notepad and old Thai programs save."""
    sample = data[:4096]
    candidates = ["utf-16"] if data.startswith((b"\xff\xfe", b"\xfe\xff")) else []
    if len(sample) >= 4 and len(data) % 2 == 0:
        # without a BOM: every character of Thai and ASCII text has 0x0E or 0x00 as its high byte
        for encoding, high in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
            if sum(1 for byte in high if byte in (0x00, 0x0E)) >= 0.9 * len(high):
                candidates.append(encoding)
    for encoding in candidates:
        try:
            decoded = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _plausible(decoded):
            return decoded
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("cp874")
    except UnicodeDecodeError:
        text = ""
    non_ascii = [ch for ch in text if ord(ch) > 127]
    if non_ascii and sum(1 for ch in non_ascii if "\u0e00" <= ch <= "\u0e7f") >= 0.9 * len(non_ascii):
        return text
    line_number = data[: utf8_error.start].count(b"\n") + 1
    raise ReadError(
        "the text file is not UTF-8, UTF-16 or Thai (TIS-620 / cp874) text",
        source=source,
        location=f"line {line_number}",
        expected="UTF-8 text",
        found=f"byte {data[utf8_error.start]:#04x} at offset {utf8_error.start}",
    ) from utf8_error


def _extract_text(data: bytes, source: str | None, limits: ReadLimits) -> ExtractedDocument:
    if len(data) > limits.max_text_bytes:
        raise _too_large(source, len(data), limits.max_text_bytes)
    text = _decode_text(data, source)
    if "\x00" in text:
        raise ReadError("not a text file (it contains NUL bytes)", source=source)
    if not text.strip():
        # an empty export or a failed download: checking it would report "no findings"
        raise ReadError(
            "the file is empty: there is no letter in it",
            source=source,
            expected="a letter as .docx or UTF-8 text",
            found=f"{len(data)} bytes" + (" of blanks" if data else ""),
        )
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[Block] = []
    table: list[str] = []
    table_start = 0

    def flush_table() -> None:
        if table:
            rows = tuple(tuple(cell.strip() for cell in row.split("\t")) for row in table)
            blocks.append(
                Block(
                    kind="table",
                    index=len(blocks),
                    text="\n".join("\t".join(row) for row in rows),
                    rows=rows,
                    line=table_start,
                )
            )
            table.clear()

    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip()
        if "\t" in line and line.strip():
            if not table:
                table_start = number
            table.append(line)
            continue
        flush_table()
        stripped = line.strip()
        if _TEXT_FURNITURE.match(stripped):
            continue  # a page number or the typist's continuation cue is not the letter's text
        if stripped:
            blocks.append(
                Block(kind="paragraph", index=len(blocks), text=stripped, runs=(Run(stripped),), line=number)
            )
    flush_table()
    return ExtractedDocument(source=source, blocks=tuple(blocks), format="txt")


# ---------------------------------------------------------------------------------------- docx


def _extract_docx(data: bytes, source: str | None, limits: ReadLimits) -> ExtractedDocument:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise ReadError(
            "not a .docx: the zip archive is damaged", source=source, found=str(exc)
        ) from exc
    _check_archive(infos, source, limits)
    names = {info.filename for info in infos}
    if "mimetype" in names and _read_part(archive, "mimetype", source, limits).startswith(_OPENDOCUMENT_MIMETYPE):
        # an .odt: checked as a zip above (a bomb never reaches LibreOffice), then converted
        return _extract_docx(_converted(data, source, ".odt", limits), source, limits)
    main = _main_part(archive, names, source, limits)
    root = _parse_part(archive, main, source, limits)
    body = root.find(f"{W}body")
    if body is None:
        raise ReadError("not a Word document: the main part has no w:body", source=source, location=main)
    styles = _Styles.load(archive, names, posixpath.dirname(main), source, limits)
    numbering = _Numbering.load(archive, names, posixpath.dirname(main), source, limits)
    reader = _BodyReader(styles, numbering)
    reader.read_container(body)
    reader.floating_in_reading_order()
    headers, footers = _headers_footers(archive, names, main, source, limits, styles)
    return ExtractedDocument(
        source=source, blocks=tuple(reader.blocks), format="docx", headers=headers, footers=footers
    )


def _converted(data: bytes, source: str | None, suffix: str, limits: ReadLimits) -> bytes:
    """An .odt or .doc as .docx, converted by LibreOffice (the one that makes thaidoc's PDFs)."""
    what = "an OpenDocument text (.odt)" if suffix == ".odt" else "a Word 97-2003 document (.doc)"
    exe = soffice_path()
    if exe is None:
        raise ReadError(
            f"อ่านไฟล์ {suffix} ต้องใช้ LibreOffice ซึ่งไม่ได้ติดตั้งไว้ / reading {what} needs LibreOffice "
            "(soffice), which is not installed",
            source=source,
            expected="soffice on PATH (Debian/Ubuntu: apt-get install libreoffice-writer), or the letter as .docx",
            found=what,
        )
    with tempfile.TemporaryDirectory(prefix="thaidoc-read-") as work:
        folder = Path(work)
        (folder / "in").mkdir()
        letter = folder / "in" / f"letter{suffix}"
        letter.write_bytes(data)
        problem = ""
        try:
            result = run_soffice(
                exe, ["--convert-to", "docx:MS Word 2007 XML", "--outdir", str(folder / "out"), str(letter)],
                profile=folder / "profile", timeout=limits.convert_seconds,
            )
            lines = (result.stderr or result.stdout or "").strip().splitlines()
            problem = lines[-1] if lines else f"exit code {result.returncode}"
        except SofficeTimeout:
            raise ReadError(
                f"LibreOffice อ่านไฟล์ไม่เสร็จภายในเวลาที่กำหนด / LibreOffice did not finish reading {what} "
                f"within {limits.convert_seconds:g} s",
                source=source,
            ) from None
        except OSError as exc:
            raise ReadError(f"cannot run LibreOffice: {exc.strerror or exc}", source=source, found=exe) from None
        produced = folder / "out" / "letter.docx"
        size = produced.stat().st_size if produced.is_file() else 0
        if size == 0:
            raise ReadError(
                f"LibreOffice อ่านไฟล์นี้ไม่ได้ (เสียหายหรือมีรหัสผ่าน) / LibreOffice could not read {what} "
                "(damaged or password-protected?)",
                source=source,
                found=problem,
            )
        if size > limits.max_file_bytes:
            raise _too_large(source, size, limits.max_file_bytes)
        return produced.read_bytes()


def block_elements(document_root: Any) -> list[Any]:
    """The w:p and w:tbl elements of a parsed main document part, index for index with the
    ``blocks`` that :func:`extract` makes of it (text-box paragraphs included, content
    controls looked through), for code that edits the document where a block is (tracked
    changes)."""
    body = document_root.find(f"{W}body")
    if body is None:
        return []
    reader = _BodyReader(_Styles())
    reader.read_container(body)
    reader.floating_in_reading_order()
    return reader.elements


def _check_archive(infos: list[zipfile.ZipInfo], source: str | None, limits: ReadLimits) -> None:
    check_archive(infos, source=source, kind=".docx", max_entries=limits.max_entries,
                  max_total=limits.max_total_uncompressed, max_ratio=limits.max_ratio, ratio_floor=limits.ratio_floor)


def _read_part(archive: zipfile.ZipFile, name: str, source: str | None, limits: ReadLimits) -> bytes:
    """Read one entry, never more than the cap even if the zip lies about its size."""
    try:
        with archive.open(name) as handle:
            data = handle.read(limits.max_part_bytes + 1)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, NotImplementedError) as exc:
        raise ReadError(f"cannot read {name} from the .docx: {exc}", source=source) from exc
    if len(data) > limits.max_part_bytes:
        raise ReadError(
            "refused: a part of the .docx is too large",
            source=source,
            location=name,
            expected=f"at most {limits.max_part_bytes // _MB} MB",
            found="more",
        )
    return data


def _parse_part(archive: zipfile.ZipFile, name: str, source: str | None, limits: ReadLimits) -> Any:
    return parse_xml(_read_part(archive, name, source, limits), source=source, part=name)


def _main_part(archive: zipfile.ZipFile, names: set[str], source: str | None, limits: ReadLimits) -> str:
    if "_rels/.rels" in names:
        rels = _parse_part(archive, "_rels/.rels", source, limits)
        for rel in rels.iter(f"{{{REL_NS}}}Relationship"):
            if rel.get("Type") == _OFFICE_DOCUMENT and rel.get("TargetMode") != "External":
                target = str(rel.get("Target", "")).lstrip("/")
                if target in names:
                    return target
    if "word/document.xml" in names:
        return "word/document.xml"
    raise ReadError(
        "not a Word document: the zip has no word/document.xml",
        source=source,
        expected="a .docx",
        found="a zip archive of something else",
    )


def _part_rels(
    archive: zipfile.ZipFile, names: set[str], part: str, source: str | None, limits: ReadLimits
) -> dict[str, tuple[str, str]]:
    """rId -> (type, resolved target path) for one part."""
    folder, base = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", base + ".rels")
    if rels_name not in names:
        return {}
    rels = _parse_part(archive, rels_name, source, limits)
    out: dict[str, tuple[str, str]] = {}
    for rel in rels.iter(f"{{{REL_NS}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out[rel.get("Id", "")] = (rel.get("Type", ""), path)
    return out


def _headers_footers(
    archive: zipfile.ZipFile,
    names: set[str],
    main: str,
    source: str | None,
    limits: ReadLimits,
    styles: "_Styles",
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    headers: list[str] = []
    footers: list[str] = []
    # each part once, however many relationships point at it (1,900 pointing at one 1 MB header
    # cost 26 s and 1.2 GB when each was parsed again)
    for kind, path in sorted(set(_part_rels(archive, names, main, source, limits).values()), key=lambda r: r[1]):
        if kind not in (_HEADER_REL, _FOOTER_REL) or path not in names:
            continue
        reader = _BodyReader(styles)
        reader.read_container(_parse_part(archive, path, source, limits))
        text = "\n".join(block.text for block in reader.blocks if block.text.strip())
        if text:
            (headers if kind == _HEADER_REL else footers).append(text)
    return tuple(headers), tuple(footers)


# ------------------------------------------------------------------------------ formatting


def _rpr_props(rpr: Any) -> dict[str, Any]:
    """The formatting one w:rPr sets (only what it sets)."""
    props: dict[str, Any] = {}
    if rpr is None:
        return props
    for child in rpr:
        tag = child.tag
        if not isinstance(tag, str) or not tag.startswith(W):
            continue
        local = tag[len(W):]
        if local in ("b", "bCs", "i", "iCs"):
            props[local] = is_on(child)
        elif local in ("sz", "szCs"):
            try:
                props[local] = int(child.get(f"{W}val", "")) / 2
            except ValueError:
                pass
        elif local == "u":
            props["u"] = child.get(f"{W}val", "single").lower() != "none"
        elif local == "rFonts":
            for attribute, key in (("ascii", "font"), ("hAnsi", "font_hansi"), ("cs", "fontCs")):
                value = child.get(f"{W}{attribute}")
                if value:
                    props[key] = value
        elif local == "rStyle":
            props["rStyle"] = child.get(f"{W}val")
    return props


class _Styles:
    """Just enough of styles.xml to resolve a run's bold/italic/size/font/underline."""

    def __init__(self) -> None:
        self.defaults: dict[str, Any] = {}
        self.styles: dict[str, tuple[str | None, dict[str, Any], str | None]] = {}  # id -> (basedOn, props, name)
        self.default_paragraph: str | None = None
        self.numbered: dict[str, tuple[str, int]] = {}  # paragraph style id -> (numId, ilvl)
        self._cache: dict[tuple[str | None, str | None], dict[str, Any]] = {}

    @classmethod
    def load(
        cls, archive: zipfile.ZipFile, names: set[str], folder: str, source: str | None, limits: ReadLimits
    ) -> "_Styles":
        styles = cls()
        path = posixpath.join(folder, "styles.xml")
        if path not in names:
            return styles
        root = _parse_part(archive, path, source, limits)
        defaults = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        styles.defaults = _rpr_props(defaults)
        for style in root.iter(f"{W}style"):
            style_id = style.get(f"{W}styleId")
            if not style_id:
                continue
            based = style.find(f"{W}basedOn")
            name = style.find(f"{W}name")
            styles.styles[style_id] = (
                based.get(f"{W}val") if based is not None else None,
                _rpr_props(style.find(f"{W}rPr")),
                name.get(f"{W}val") if name is not None else None,
            )
            if style.get(f"{W}type") == "paragraph" and attribute_on(style.get(f"{W}default")):
                styles.default_paragraph = style_id
            number = _num_pr(style.find(f"{W}pPr"))
            if number is not None:
                styles.numbered[style_id] = number
        return styles

    def chain(self, style_id: str | None) -> dict[str, Any]:
        props: dict[str, Any] = {}
        seen: set[str] = set()
        order: list[dict[str, Any]] = []
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            based, own, _ = self.styles[style_id]
            order.append(own)
            style_id = based
        for own in reversed(order):
            props.update(own)
        return props

    def resolved(self, paragraph_style: str | None, run_style: str | None) -> dict[str, Any]:
        key = (paragraph_style, run_style)
        cached = self._cache.get(key)
        if cached is None:
            cached = dict(self.defaults)
            cached.update(self.chain(paragraph_style or self.default_paragraph))
            cached.update(self.chain(run_style))
            cached.pop("rStyle", None)
            self._cache[key] = cached
        return cached

    def name(self, style_id: str | None) -> str | None:
        if style_id is None:
            return None
        entry = self.styles.get(style_id)
        return (entry[2] if entry and entry[2] else style_id)


_THAI_LETTERS = "กขคงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _format_number(value: int, fmt: str) -> str:
    """A list number as Word prints it in the format ``fmt`` (w:numFmt)."""
    if fmt == "thaiNumbers":
        return str(value).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    if fmt in ("thaiLetters", "thaiCounting"):
        letters = _THAI_LETTERS
        return letters[(value - 1) % len(letters)] * ((value - 1) // len(letters) + 1) if value > 0 else str(value)
    if fmt in ("lowerLetter", "upperLetter"):
        letter = "abcdefghijklmnopqrstuvwxyz"[(value - 1) % 26] * ((value - 1) // 26 + 1) if value > 0 else str(value)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman") and 0 < value < 4000:
        out, rest = "", value
        for amount, numeral in _ROMAN:
            while rest >= amount:
                out, rest = out + numeral, rest - amount
        return out.upper() if fmt == "upperRoman" else out
    if fmt == "none":
        return ""
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


class _Numbering:
    """Word's automatic numbering (numbering.xml), counted as Word counts it, so that a list
    item reads as the number it prints ("๑.", "1)", "(ก)")."""

    def __init__(self) -> None:
        # abstractNum id -> level -> (numFmt, lvlText, start, suffix)
        self.abstract: dict[str, dict[int, tuple[str, str, int, str]]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> (abstractNum id, start overrides)
        self.counters: dict[str, dict[int, int]] = {}

    @classmethod
    def load(
        cls, archive: zipfile.ZipFile, names: set[str], folder: str, source: str | None, limits: ReadLimits
    ) -> "_Numbering":
        numbering = cls()
        path = posixpath.join(folder, "numbering.xml")
        if path not in names:
            return numbering
        root = _parse_part(archive, path, source, limits)
        for abstract in root.iter(f"{W}abstractNum"):
            levels: dict[int, tuple[str, str, int, str]] = {}
            for level in abstract.iter(f"{W}lvl"):
                try:
                    ilvl = int(level.get(f"{W}ilvl", "0"))
                    start_element = level.find(f"{W}start")
                    start = int(start_element.get(f"{W}val", "1")) if start_element is not None else 1
                except ValueError:
                    continue
                fmt = level.find(f"{W}numFmt")
                text = level.find(f"{W}lvlText")
                suffix = level.find(f"{W}suff")
                levels[ilvl] = (
                    fmt.get(f"{W}val", "decimal") if fmt is not None else "decimal",
                    text.get(f"{W}val", "") if text is not None else "",
                    start,
                    suffix.get(f"{W}val", "tab") if suffix is not None else "tab",
                )
            numbering.abstract[abstract.get(f"{W}abstractNumId", "")] = levels
        for num in root.iter(f"{W}num"):
            abstract_id = num.find(f"{W}abstractNumId")
            overrides: dict[int, int] = {}
            for override in num.iter(f"{W}lvlOverride"):
                start = override.find(f"{W}startOverride")
                if start is not None:
                    try:
                        overrides[int(override.get(f"{W}ilvl", "0"))] = int(start.get(f"{W}val", "1"))
                    except ValueError:
                        pass
            if abstract_id is not None:
                numbering.nums[num.get(f"{W}numId", "")] = (abstract_id.get(f"{W}val", ""), overrides)
        return numbering

    def label(self, num_id: str, ilvl: int) -> str:
        """The next number of list ``num_id`` at level ``ilvl`` as printed, with what follows it."""
        entry = self.nums.get(num_id)
        if entry is None or num_id == "0":
            return ""  # numId 0 switches numbering off
        abstract_id, overrides = entry
        levels = self.abstract.get(abstract_id, {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        for level, (_, _, start, _) in levels.items():
            counters.setdefault(level, overrides.get(level, start) - 1)
        counters[ilvl] += 1
        for level, (_, _, start, _) in levels.items():
            if level > ilvl:
                counters[level] = overrides.get(level, start) - 1  # a deeper list restarts
        fmt, text, _, suffix = levels[ilvl]
        if fmt == "bullet":
            label = text
        else:
            label = re.sub(
                r"%([1-9])",
                lambda m: _format_number(
                    max(counters.get(int(m.group(1)) - 1, 0), 1 if int(m.group(1)) - 1 != ilvl else 0),
                    levels.get(int(m.group(1)) - 1, ("decimal",))[0],
                ),
                text,
            )
        if not label:
            return ""
        return label + ("" if suffix == "nothing" else " ")


def _num_pr(ppr: Any) -> tuple[str, int] | None:
    """(numId, level) of a w:pPr's w:numPr, or None."""
    if ppr is None:
        return None
    num_pr = ppr.find(f"{W}numPr")
    if num_pr is None:
        return None
    num_id = num_pr.find(f"{W}numId")
    level = num_pr.find(f"{W}ilvl")
    try:
        return (num_id.get(f"{W}val", "") if num_id is not None else "",
                int(level.get(f"{W}val", "0")) if level is not None else 0)
    except ValueError:
        return None


def _make_run(text: str, props: dict[str, Any]) -> Run:
    if _THAI.search(text):
        bold = props.get("bCs", props.get("b", False))
        italic = props.get("iCs", props.get("i", False))
        size = props.get("szCs", props.get("sz"))
        font = props.get("fontCs", props.get("font"))
    else:
        bold = props.get("b", False)
        italic = props.get("i", False)
        size = props.get("sz", props.get("szCs"))
        font = props.get("font", props.get("font_hansi"))
    return Run(text=text, bold=bool(bold), italic=bool(italic), size_pt=size, font=font, underline=bool(props.get("u", False)))


# ------------------------------------------------------------------------------------ body


class _BodyReader:
    def __init__(self, styles: _Styles, numbering: "_Numbering | None" = None) -> None:
        self.styles = styles
        self.numbering = numbering
        self.blocks: list[Block] = []
        self.elements: list[Any] = []  # the w:p / w:tbl of each block, index for index

    def floating_in_reading_order(self) -> None:
        """Read a frame set at the foot of the page (the owner office's block) where a reader
        reads it: after the text of its page.

        Word anchors a frame to the paragraph after it, and files keep it anywhere before
        that: thaidoc writes the owner-office frame after the signature, LibreOffice re-saves
        it before the signature's last line (or before หมายเหตุ, or before the date of a
        หนังสือประทับตรา). Moved after the paragraphs that follow it up to the next page or
        section break, both read the same.
        """
        order = list(range(len(self.blocks)))
        position = 0
        while position < len(order):
            element = self.elements[order[position]]
            if not _bottom_frame(element):
                position += 1
                continue
            end = position
            while end < len(order) and _bottom_frame(self.elements[order[end]]):
                end += 1
            stop = end
            while stop < len(order) and not _starts_page(self.elements[order[stop]]):
                stop += 1
                if _ends_section(self.elements[order[stop - 1]]):
                    break
            if stop > end:
                order[position:stop] = order[end:stop] + order[position:end]
            position = stop
        if order != list(range(len(self.blocks))):
            self.elements = [self.elements[i] for i in order]
            self.blocks = [dataclasses.replace(self.blocks[i], index=new) for new, i in enumerate(order)]

    def read_container(self, container: Any) -> None:
        """Body, header, footer, cell or text box: paragraphs and tables in order."""
        for child in container:
            tag = child.tag
            if tag == f"{W}p":
                self._paragraph(child)
            elif tag == f"{W}tbl":
                self._table(child)
            elif tag in (f"{W}sdtContent", f"{W}customXml"):
                self.read_container(child)
            elif tag == f"{W}sdt":
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    self.read_container(content)
            elif tag == f"{MC}AlternateContent":
                self.read_container(chosen(child))

    # paragraphs ------------------------------------------------------------------------
    def _paragraph(self, p: Any) -> None:
        text, runs, boxes = self.paragraph_content(p)
        style_id = paragraph_style(p) or self.styles.default_paragraph
        self.blocks.append(
            Block(kind="paragraph", index=len(self.blocks), text=text, runs=runs, style=self.styles.name(style_id))
        )
        self.elements.append(p)
        for box in boxes:
            self.read_container(box)

    def paragraph_content(self, p: Any) -> tuple[str, tuple[Run, ...], list[Any]]:
        style_id = paragraph_style(p)
        pieces: list[tuple[str, dict[str, Any]]] = []
        boxes: list[Any] = []
        if self.numbering is not None:
            # Word's automatic number is part of what the paragraph prints
            number = _num_pr(p.find(f"{W}pPr"))
            if number is None:
                number = self.styles.numbered.get(style_id or self.styles.default_paragraph or "")
            if number is not None:
                label = self.numbering.label(*number)
                if label:
                    pieces.append((label, dict(self.styles.resolved(style_id, None))))
        for r in run_elements(p):
            self._run(r, style_id, pieces, boxes)
        runs: list[Run] = []
        for text, props in pieces:
            if not text:
                continue
            run = _make_run(text, props)
            if runs and _same_format(runs[-1], run):
                previous = runs[-1]
                runs[-1] = Run(previous.text + run.text, previous.bold, previous.italic, previous.size_pt, previous.font, previous.underline)
            else:
                runs.append(run)
        return "".join(run.text for run in runs), tuple(runs), boxes

    def _run(self, r: Any, style_id: str | None, pieces: list[tuple[str, dict[str, Any]]], boxes: list[Any]) -> None:
        direct = _rpr_props(r.find(f"{W}rPr"))
        props = dict(self.styles.resolved(style_id, direct.get("rStyle")))
        props.update(direct)
        text: list[str] = []
        for child in r:
            piece = run_child_text(child)
            if piece is not None:
                text.append(piece)
            elif child.tag in (f"{W}drawing", f"{W}pict", f"{MC}AlternateContent"):
                boxes.extend(text_boxes(child))
        pieces.append(("".join(text), props))

    # tables ----------------------------------------------------------------------------
    def _table(self, tbl: Any) -> None:
        rows: list[tuple[str, ...]] = []
        runs: list[Run] = []
        for tr in children(tbl, "tr"):
            cells: list[str] = []
            for tc in children(tr, "tc"):
                cells.append(self._cell_text(tc, runs))
            rows.append(tuple(cells))
        style = tbl.find(f"{W}tblPr/{W}tblStyle")
        self.elements.append(tbl)
        self.blocks.append(
            Block(
                kind="table",
                index=len(self.blocks),
                text="\n".join("\t".join(row) for row in rows),
                runs=tuple(runs),
                rows=tuple(rows),
                style=self.styles.name(style.get(f"{W}val")) if style is not None else None,
            )
        )

    def _cell_text(self, tc: Any, runs: list[Run]) -> str:
        parts: list[str] = []
        for child in cell_blocks(tc):
            if child.tag == f"{W}p":
                text, cell_runs, _ = self.paragraph_content(child)
                parts.append(text)
                runs.extend(cell_runs)
            elif child.tag == f"{W}tbl":
                nested = _BodyReader(self.styles)
                nested._table(child)
                parts.append(nested.blocks[0].text)
                runs.extend(nested.blocks[0].runs)
        return "\n".join(parts).strip("\n")


#: Twips from the top of the margin (or page) below which a frame sits in the page's lower half.
_LOWER_HALF = 7000


def _bottom_frame(element: Any) -> bool:
    frame = element.find(f"{W}pPr/{W}framePr") if element.tag == f"{W}p" else None
    if frame is None:
        return False
    if frame.get(f"{W}yAlign") in ("bottom", "outside"):
        return True
    try:
        return int(frame.get(f"{W}y", "0")) > _LOWER_HALF
    except ValueError:
        return False


def _starts_page(element: Any) -> bool:
    if element.tag != f"{W}p":
        return False
    before = element.find(f"{W}pPr/{W}pageBreakBefore")
    if before is not None and is_on(before):
        return True
    return any(br.get(f"{W}type") == "page" for br in element.iterfind(f"{W}r/{W}br"))


def _ends_section(element: Any) -> bool:
    return element.tag == f"{W}p" and element.find(f"{W}pPr/{W}sectPr") is not None


def _same_format(a: Run, b: Run) -> bool:
    return (a.bold, a.italic, a.size_pt, a.font, a.underline) == (b.bold, b.italic, b.size_pt, b.font, b.underline)
