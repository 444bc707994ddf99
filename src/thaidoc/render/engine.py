"""Templates prepared once, rendered many times: the hot path of every letter and circular.

:class:`PreparedTemplate` reads a .docx once, keeps every part that has no Jinja in it as
bytes, runs docxtpl's XML preprocessing (``DocxTemplate.patch_xml``: merging tags that Word
split across runs, ``{%p``/``{%tr`` paragraph and row tags) once per part, and compiles each
part once in a sandboxed Jinja environment. ``render(context)`` then only renders XML strings
and writes a zip, so rendering the same circular for 878 districts costs one Jinja render and
one small zip per district. Instances are immutable after construction and safe to share
between threads.

The environment is :class:`~thaidoc.render.sandbox.LetterSandbox` (templates may come from
users: ``{{ ''.__class__.__mro__ }}`` is refused, and what one render may build and do is
bounded) with strict undefined (a missing field is an error naming the field and the
template, never a blank) and XML autoescaping (``&``, ``<`` and ``>`` in values are escaped;
characters XML forbids, pasted from Word, are removed). Free text that a data file's author
wrote is compiled by :func:`compile_data_text`: expressions only, no loops or calls, so it
renders in time and memory bounded by its length.
"""

from __future__ import annotations

import io
import re
import threading
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError, nodes
from jinja2 import TemplateError as JinjaTemplateError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from thaidoc.data import read_limited
from thaidoc.errors import TemplateError
from thaidoc.ooxml import check_archive
from thaidoc.render.emblem import Emblem
from thaidoc.render.filters import FILTERS
from thaidoc.render.sandbox import MAX_FORMAT_WIDTH, MAX_PRODUCT_SIZE, LetterSandbox

__all__ = ["PreparedTemplate", "make_environment", "compile_data_text", "missing_field", "failure", "unsafe",
           "clean_text", "MAX_TEMPLATE_BYTES", "MAX_PRODUCT_SIZE", "MAX_FORMAT_WIDTH"]

MAX_TEMPLATE_BYTES = 50 * 1024 * 1024
# Parts that may contain template tags. Everything else is copied as bytes.
_RENDERED_PART = re.compile(r"^word/(document|header[^/]*|footer[^/]*|footnotes|endnotes)\.xml$")
# Characters XML 1.0 forbids (a vertical tab or form feed pasted from Word would make the
# whole document unreadable). \t and \n are kept: docxtpl turns them into tabs and breaks.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_NEWLINES = re.compile("\r\n?|\x0b")  # Word's manual line break is \x0b in copied text
_SENTINEL_CX = "\x01thaidoc-emblem-cx\x01"
_SENTINEL_CY = "\x01thaidoc-emblem-cy\x01"
_LISTING_CHARS = re.compile(r"<w:t(?: [^>]*)?>[^<]*[\t\n]")
_EMBLEM_NAME = "emblem"
_STATIC_ZIP_CACHE = 8  # (emblem, font) combinations kept per template

FONT_ALIASES: dict[str, str] = {
    "TH SarabunIT๙": "TH SarabunIT๙",
    "TH SarabunIT9": "TH SarabunIT๙",
    "it9": "TH SarabunIT๙",
    "TH SarabunPSK": "TH SarabunPSK",
    "psk": "TH SarabunPSK",
    "TH Sarabun New": "TH Sarabun New",
    "new": "TH Sarabun New",
}


def clean_text(value: str) -> str:
    """Remove what XML cannot carry; Word's line breaks become newlines.

    >>> clean_text("a\\x0bb\\x07c & <d>")
    'a\\nbc & <d>'
    """
    return _XML_ILLEGAL.sub("", _NEWLINES.sub("\n", value))


def _finalize(value: Any) -> Any:
    if value is None:
        return ""  # an optional part left out prints nothing, never "None"
    if isinstance(value, str):
        return clean_text(value)
    return value


def make_environment(*, autoescape: bool = True) -> SandboxedEnvironment:
    """The one kind of Jinja environment thaidoc renders with: sandboxed, strict, Thai filters."""
    return _configured(LetterSandbox, autoescape=autoescape)


def _configured(kind: type[LetterSandbox], *, autoescape: bool) -> SandboxedEnvironment:
    env = kind(
        autoescape=autoescape,
        undefined=StrictUndefined,
        finalize=_finalize,
        keep_trailing_newline=True,
        auto_reload=False,
        cache_size=0,
    )
    env.filters.update(FILTERS)
    return env


_ENVIRONMENT = make_environment()


# -- free text in the data ------------------------------------------------------------------
# Data text ("งบประมาณ {{ amounts.total | baht }} บาท") is expanded only when the letter's author
# wrote it (a data file, or text_templates=True); a mapping's or a row's text is printed as given.
# It gets expressions only: names, fields, the filters below, conditions and arithmetic. Without
# loops, calls or assignments, the time and memory it takes are bounded by its length; a
# template (--template) may loop, within the render budget of thaidoc.render.sandbox.

#: The filters data text may use: the Thai ones and a few plain ones.
DATA_TEXT_FILTERS = frozenset(FILTERS) | {
    "default", "d", "upper", "lower", "trim", "title", "capitalize", "string", "int", "round", "abs",
    "length", "first", "last", "e", "escape"}
_DATA_TEXT_NODES = frozenset({
    nodes.Template, nodes.Output, nodes.TemplateData, nodes.Name, nodes.Const, nodes.Getattr, nodes.Getitem,
    nodes.Filter, nodes.Test, nodes.CondExpr, nodes.If, nodes.Compare, nodes.Operand, nodes.And, nodes.Or,
    nodes.Not, nodes.Neg, nodes.Pos, nodes.Concat, nodes.Add, nodes.Sub, nodes.Mul, nodes.Div,
    nodes.FloorDiv, nodes.Mod, nodes.Pow, nodes.Tuple, nodes.List, nodes.Keyword})
_DATA_TEXT_WORDS = {nodes.For: "loops", nodes.Call: "calls", nodes.Assign: "assignments",
                    nodes.AssignBlock: "assignments", nodes.Macro: "macros"}


class _DataTextSandbox(LetterSandbox):
    max_product = MAX_FORMAT_WIDTH  # a rule of dashes, not pages of them


_TEXT_ENVIRONMENT = _configured(_DataTextSandbox, autoescape=False)  # escaped when placed in the XML


def compile_data_text(text: str) -> Any:
    """Compile free text from the data, refusing what data text may not do (SecurityError).

    >>> compile_data_text("{{ amounts.a | baht }} บาท").render(amounts={"a": 1000}, digits="thai")
    '๑,๐๐๐ บาท'
    >>> compile_data_text("{% for i in range(9) %}x{% endfor %}")
    Traceback (most recent call last):
    ...
    jinja2.exceptions.SecurityError: data text may not use loops (write them in a template)
    """
    tree = _TEXT_ENVIRONMENT.parse(text)
    for node in tree.find_all(nodes.Node):
        if type(node) not in _DATA_TEXT_NODES:
            what = _DATA_TEXT_WORDS.get(type(node), f"'{type(node).__name__}'")
            raise SecurityError(f"data text may not use {what} (write them in a template)")
        if isinstance(node, nodes.Filter) and node.name not in DATA_TEXT_FILTERS:
            raise SecurityError(f"data text may not use the filter '{node.name}'; it may use "
                                + ", ".join(sorted(DATA_TEXT_FILTERS)))
    return _TEXT_ENVIRONMENT.from_string(tree)


def unsafe(exc: SecurityError, subject: str) -> str:
    """The message for what the sandbox refused: its own words when they are thaidoc's (Thai
    first, then English), else Jinja's after "the template tried something unsafe"."""
    text = str(exc)
    return text if _THAI.search(text) else f"{subject} tried something unsafe: {text}"


_THAI = re.compile("[\u0e00-\u0e7f]")


def failure(exc: Exception) -> str:
    """What went wrong inside a template's expression, in one line (``{{ 1/0 }}``: "division by zero")."""
    if isinstance(exc, RecursionError):
        return "a macro or loop calls itself without end (recursion too deep)"
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__


def missing_field(exc: UndefinedError, source: str) -> str:
    """The missing field as the template writes it: ``signer.title``, not just ``title``
    (Jinja only names the attribute and the type of the object it was looked up on)."""
    text = str(exc)
    match = re.search(r"has no attribute '([^']+)'", text)
    if match:
        name = match.group(1)
        dotted = re.search(rf"([A-Za-z_]\w*(?:\.\w+)*)\.{re.escape(name)}\b", source)
        return f"{dotted.group(1)}.{name}" if dotted else name
    match = re.search(r"'([^']+)' is undefined", text)
    return match.group(1) if match else text


@dataclass(frozen=True)
class _EmblemSlot:
    media: str  # zip name of the image part, e.g. word/media/emblem.png
    height_emu: int
    width_emu: int


class PreparedTemplate:
    """A .docx template read, preprocessed and compiled once; ``render`` is cheap and thread-safe."""

    def __init__(self, parts: dict[str, tuple[zipfile.ZipInfo, bytes]], *, name: str) -> None:
        from docxtpl import DocxTemplate

        self.name = name
        self._static: list[tuple[zipfile.ZipInfo, bytes]] = []
        self._compiled: list[tuple[zipfile.ZipInfo, Any]] = []
        self._sources: dict[str, str] = {}  # part name -> template source, to name a missing field
        self._emblem: _EmblemSlot | None = None
        self._fonts_lock = threading.Lock()
        self._styles_by_font: dict[str, bytes] = {}
        self._static_zips: dict[tuple[str | None, str | None], bytes] = {}
        rels = parts.get("word/_rels/document.xml.rels", (None, b""))[1].decode("utf-8", "replace")
        for part_name, (info, data) in parts.items():
            if not _RENDERED_PART.match(part_name):
                self._static.append((info, data))
                continue
            try:
                xml = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise TemplateError("ส่วนของแม่แบบไม่ใช่ UTF-8 / a part of the template is not UTF-8 text",
                                    source=name, location=part_name, found=f"byte {data[exc.start:exc.start + 1]!r} "
                                    f"at offset {exc.start}") from None
            if part_name == "word/document.xml":
                xml = self._find_emblem(xml, rels)
            patched = DocxTemplate.patch_xml(None, xml)  # an unbound call: patch_xml does not use self
            patched = re.sub(r"<w:p([ >])", r"\n<w:p\1", patched)
            patched = _literal_braces(patched)
            try:
                compiled = _ENVIRONMENT.from_string(patched)
            except TemplateSyntaxError as exc:
                raise TemplateError(f"template syntax error: {exc.message}", source=name,
                                    location=f"{part_name}, near: {_near(patched, exc.lineno)}") from None
            except SecurityError as exc:
                raise TemplateError(unsafe(exc, "the template"), source=name,
                                    location=part_name) from None
            self._compiled.append((info, compiled))
            self._sources[part_name] = patched
        self._styles_name = "word/styles.xml"
        styles = parts.get(self._styles_name)
        self._styles = styles[1] if styles else b""
        match = re.search(rb'w:ascii="([^"]+)"', self._styles)
        self.font: str | None = match.group(1).decode("utf-8") if match else None

    # construction ---------------------------------------------------------------------------

    @classmethod
    def from_path(cls, path: str | Path) -> "PreparedTemplate":
        source = Path(path)
        data = read_limited(source, limit=MAX_TEMPLATE_BYTES, too_large="template too large", error=TemplateError)
        return cls.from_bytes(data, name=str(source))

    @classmethod
    def from_bytes(cls, data: bytes, *, name: str = "<template>") -> "PreparedTemplate":
        if len(data) > MAX_TEMPLATE_BYTES:
            raise TemplateError("template too large", source=name, found=f"{len(data)} bytes")
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            infos = archive.infolist()
            check_archive(infos, source=name, kind="template", max_entries=10_000, max_total=MAX_TEMPLATE_BYTES * 4,
                          max_ratio=200, error=TemplateError)
            parts = {info.filename: (info, archive.read(info)) for info in infos}
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as exc:
            raise TemplateError("not a .docx template (not a zip archive)", source=name, found=str(exc)) from None
        except (zlib.error, OSError, RuntimeError, NotImplementedError) as exc:  # a corrupt deflate stream …
            raise TemplateError("แม่แบบเสียหาย / the template's zip archive is damaged", source=name,
                                found=f"{type(exc).__name__}: {exc}") from None
        if "word/document.xml" not in parts:
            raise TemplateError("not a Word document: word/document.xml is missing", source=name)
        return cls(parts, name=name)

    def _find_emblem(self, xml: str, rels: str) -> str:
        """Locate the drawing named ``emblem`` and turn its size into sentinels filled per render."""
        for drawing in re.finditer(r"<w:drawing>.*?</w:drawing>", xml, re.S):
            block = drawing.group(0)
            if not re.search(rf'<wp:docPr [^>]*name="{_EMBLEM_NAME}"', block):
                continue
            embed = re.search(r'r:embed="([^"]+)"', block)
            extent = re.search(r'<wp:extent cx="(\d+)" cy="(\d+)"', block)
            if not embed or not extent:
                return xml
            target = re.search(rf'Id="{re.escape(embed.group(1))}"[^>]*Target="([^"]+)"', rels) or re.search(
                rf'Target="([^"]+)"[^>]*Id="{re.escape(embed.group(1))}"', rels)
            if not target:
                return xml
            cx, cy = extent.groups()
            media = "word/" + target.group(1).lstrip("/").removeprefix("word/")
            self._emblem = _EmblemSlot(media=media, width_emu=int(cx), height_emu=int(cy))
            patched = block.replace(f'cx="{cx}" cy="{cy}"', f'cx="{_SENTINEL_CX}" cy="{_SENTINEL_CY}"')
            return xml[: drawing.start()] + patched + xml[drawing.end():]
        return xml

    # rendering -----------------------------------------------------------------------------

    @property
    def has_emblem(self) -> bool:
        return self._emblem is not None

    def render(self, context: Mapping[str, Any], *, emblem: Emblem | None = None, font: str | None = None,
               literal_brace: str | None = None) -> bytes:
        """Render the template with ``context`` and return the .docx bytes.

        ``emblem`` replaces the template's emblem image, keeping its height and taking the
        width from the image's aspect ratio; ``font`` replaces the font the styles name;
        ``literal_brace`` is a character the context used for ``{`` in text that was not to be
        expanded (a batch row's), written back as ``{``.
        """
        if emblem is not None and self._emblem is None:
            raise TemplateError("an emblem was given but the template has no image named 'emblem'",
                                source=self.name)
        rendered: list[tuple[zipfile.ZipInfo, bytes]] = []
        for info, compiled in self._compiled:
            try:
                xml = compiled.render(context)
            except UndefinedError as exc:
                field = missing_field(exc, self._sources[info.filename])
                raise TemplateError(f"the template uses '{field}', which the data does not have",
                                    source=self.name, location=info.filename,
                                    expected=f"a value for '{field}'") from None
            except SecurityError as exc:
                raise TemplateError(unsafe(exc, "the template"), source=self.name,
                                    location=info.filename) from None
            except JinjaTemplateError as exc:
                raise TemplateError(f"the template could not be rendered: {exc}", source=self.name,
                                    location=info.filename) from None
            except MemoryError:
                raise  # the sandbox bounds memory: running out is thaidoc's bug, not the template's
            except Exception as exc:  # noqa: BLE001 - what a user's template does is the template's fault
                raise TemplateError(f"แม่แบบทำงานผิดพลาด / the template failed: {failure(exc)}", source=self.name,
                                    location=info.filename) from None
            if literal_brace is not None and literal_brace in xml:
                xml = xml.replace(literal_brace, "{")
            xml = xml.replace("\n<w:p", "<w:p")
            if _LISTING_CHARS.search(xml):
                from docxtpl import DocxTemplate

                xml = DocxTemplate.resolve_listing(None, xml)  # an unbound call: does not use self
            if self._emblem is not None and info.filename == "word/document.xml":
                width, height = self._emblem.width_emu, self._emblem.height_emu
                if emblem is not None:
                    width = round(height * emblem.width / emblem.height)
                xml = xml.replace(_SENTINEL_CX, str(width)).replace(_SENTINEL_CY, str(height))
            rendered.append((info, xml.encode("utf-8")))
        return self._write(rendered, emblem=emblem, font=font)

    def _styles_for(self, font: str | None) -> bytes:
        if font is None or self.font is None or font == self.font:
            return self._styles
        with self._fonts_lock:
            cached = self._styles_by_font.get(font)
            if cached is None:
                old = f'"{self.font}"'.encode()
                new = f'"{_xml_attr(font)}"'.encode()
                cached = self._styles.replace(old, new)
                self._styles_by_font[font] = cached
        return cached

    def _static_zip(self, emblem: Emblem | None, font: str | None) -> bytes:
        """The parts that do not change per letter, as a finished zip, built once per emblem
        and font: a render then only appends its own parts (compressing the same styles,
        relationships and emblem for every letter was half the time of a render)."""
        key = (emblem.digest if emblem is not None else None, font)
        with self._fonts_lock:
            cached = self._static_zips.get(key)
        if cached is not None:
            return cached
        buffer = io.BytesIO()
        media = self._emblem.media if self._emblem else None
        # a JPEG emblem in a template whose placeholder is a PNG, or the reverse: the image part
        # is renamed, and the relationship and the content types follow
        renamed: str | None = None
        if emblem is not None and media and not media.lower().endswith("." + emblem.extension):
            renamed = media.rsplit(".", 1)[0] + "." + emblem.extension
        with zipfile.ZipFile(buffer, "w") as archive:
            for info, data in self._static:
                name = info.filename
                if name == self._styles_name:
                    data = self._styles_for(font)
                elif emblem is not None and name == media:
                    data = emblem.data
                    if renamed:
                        info = _renamed(info, renamed)
                elif emblem is not None and media and renamed:
                    if name == "word/_rels/document.xml.rels":
                        old_target, new_target = media.removeprefix("word/"), renamed.removeprefix("word/")
                        data = data.replace(f'"{old_target}"'.encode(), f'"{new_target}"'.encode())
                    elif name == "[Content_Types].xml":
                        data = _with_default_type(data, emblem.extension)
                # writestr() stores the CRC, sizes and offset in the ZipInfo it is given: the
                # template's ZipInfo objects are shared by every thread, so each write gets a copy
                # (sharing them gave "Bad CRC-32" documents under concurrent renders).
                archive.writestr(_renamed(info, info.filename), data, compress_type=info.compress_type)
        built = buffer.getvalue()
        with self._fonts_lock:
            if len(self._static_zips) >= _STATIC_ZIP_CACHE:
                self._static_zips.pop(next(iter(self._static_zips)))
            self._static_zips[key] = built
        return built

    def _write(self, rendered: list[tuple[zipfile.ZipInfo, bytes]], *, emblem: Emblem | None,
               font: str | None) -> bytes:
        buffer = io.BytesIO(self._static_zip(emblem, font))
        with zipfile.ZipFile(buffer, "a") as archive:  # appends after the static parts
            for info, data in rendered:
                archive.writestr(_renamed(info, info.filename), data, compress_type=zipfile.ZIP_DEFLATED,
                                 compresslevel=1)
        return buffer.getvalue()


def _renamed(info: zipfile.ZipInfo, name: str) -> zipfile.ZipInfo:
    copy = zipfile.ZipInfo(name, date_time=info.date_time)
    copy.compress_type = info.compress_type
    return copy


def _with_default_type(content_types: bytes, extension: str) -> bytes:
    if f'Extension="{extension}"'.encode() in content_types:
        return content_types
    mime = "image/png" if extension == "png" else "image/jpeg"
    entry = f'<Default Extension="{extension}" ContentType="{mime}"/>'.encode()
    return content_types.replace(b"</Types>", entry + b"</Types>")


_LITERAL_BRACES = {"{_{": "{{ '{{' }}", "}_}": "{{ '}}' }}", "{_%": "{{ '{%' }}", "%_}": "{{ '%}' }}"}


def _literal_braces(source: str) -> str:
    """docxtpl's way to print a literal ``{{`` is ``{_{`` in the template; docxtpl replaces
    it in the *output*, which also changed values that happened to contain ``%_}``. Here it
    becomes a Jinja string in the template source, so values are never touched.

    >>> _literal_braces("{_{ x }_}")
    "{{ '{{' }} x {{ '}}' }}"
    """
    for marker, literal in _LITERAL_BRACES.items():
        source = source.replace(marker, literal)
    return source


def _xml_attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _near(xml: str, lineno: int | None) -> str:
    if not lineno:
        return "?"
    lines = xml.splitlines()
    text = re.sub(r"<[^>]+>", "", "".join(lines[max(lineno - 2, 0): lineno + 1]))
    return text.strip()[:120] or "?"
