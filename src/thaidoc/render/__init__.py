"""Documents to .docx (and PDF): ``render(data) -> bytes``, typed and thread-safe.

    >>> import thaidoc.render as r
    >>> docx = r.render({"kind": "announcement", "issuer": "จังหวัดเชียงราย", "subject": "ทดสอบ",
    ...                  "date": "2024-04-01", "body": ["ข้อความ"],
    ...                  "signer": {"name": "นายก ข", "position": "ผู้ว่าราชการจังหวัดเชียงราย"}})
    >>> docx[:2]
    b'PK'

Templates are prepared once per process (:class:`~thaidoc.render.engine.PreparedTemplate`,
cached by path and modification time), so a portal or a batch pays the reading and compiling
once. Free text in the data may hold Jinja expressions over the data (``{{ amounts.total |
baht }}``); they are expanded in the same sandbox before the template is filled.
"""

from __future__ import annotations

import os
import re
import sys
import threading
import types
from collections import OrderedDict
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from thaidoc.checks.budget import check_document
from thaidoc.checks.findings import Severity
from thaidoc.errors import InconsistentDocumentError, RenderError, TemplateError, ThaidocError
from thaidoc.files import write_atomic
from thaidoc.model import load_document
from thaidoc.render.attachments import attached_documents, combine_with_attachments, enclosure_label
from thaidoc.render.emblem import resolve_emblem
from thaidoc.render.engine import FONT_ALIASES, PreparedTemplate, compile_data_text, failure, missing_field, unsafe
from thaidoc.render.images import place_images
from thaidoc.render.printable import printable
from thaidoc.resources import templates_dir

if TYPE_CHECKING:  # pragma: no cover
    from thaidoc.model.common import Document
    from thaidoc.render.emblem import Emblem
    from thaidoc.render.engine import PreparedTemplate

__all__ = ["render", "render_parts", "render_to_file", "prepare_context", "prepared_template", "template_path", "FONTS"]

#: The fonts a document can be set in (``font=`` / ``--font``); short aliases: it9, psk, new.
FONTS = ("TH SarabunIT๙", "TH SarabunPSK", "TH Sarabun New")


def template_path(name: str) -> Path:
    """A bundled template (``letters/external.docx``) as a path."""
    return templates_dir() / name


_prepare_lock = threading.Lock()


def prepared_template(path: str | os.PathLike[str]) -> "PreparedTemplate":
    """The prepared template at ``path``, read and compiled once per modification."""
    source = Path(path)
    try:
        stat = source.stat()
    except OSError as exc:
        raise TemplateError("cannot read the template", source=str(source), found=exc.strerror) from None
    with _prepare_lock:  # one preparation per template even when threads race
        return _prepared(str(source.resolve()), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _prepared(path: str, mtime_ns: int, size: int) -> "PreparedTemplate":
    return PreparedTemplate.from_path(path)


class TextTemplateCache:
    """Compiled data texts, least recently used first out, bounded by the texts' total size.

    A batch expands the same paragraphs for every row, so they are compiled once. The bound is
    on characters, not entries: 300 different half-megabyte texts once kept 346 MB alive. A
    text longer than a tenth of the bound is compiled each time and never kept.
    """

    def __init__(self, max_chars: int) -> None:
        self.max_chars = max_chars
        self.chars = 0
        self._entries: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, text: str) -> Any:
        with self._lock:
            compiled = self._entries.get(text)
            if compiled is not None:
                self._entries.move_to_end(text)
                return compiled
        compiled = compile_data_text(text)
        if len(text) * 10 > self.max_chars:
            return compiled
        with self._lock:
            if text not in self._entries:
                self._entries[text] = compiled
                self.chars += len(text)
                while self.chars > self.max_chars:
                    old, _ = self._entries.popitem(last=False)
                    self.chars -= len(old)
        return compiled

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.chars = 0


#: The data texts' compiled templates: at most 4 million characters of text (their compiled
#: form is a few times that).
_TEXT_TEMPLATES = TextTemplateCache(4_000_000)


def _excerpt(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _expand(value: Any, context: Mapping[str, Any], path: str) -> Any:
    if isinstance(value, str):
        if "{{" not in value and "{%" not in value:
            return value
        from jinja2 import TemplateError as JinjaTemplateError
        from jinja2 import UndefinedError
        from jinja2.exceptions import SecurityError

        try:
            return _TEXT_TEMPLATES.get(value).render(context)
        except UndefinedError as exc:
            raise TemplateError(f"the text uses '{missing_field(exc, value)}', which the data does not have",
                                location=path, found=_excerpt(value)) from None
        except SecurityError as exc:
            raise TemplateError(unsafe(exc, "the text"), location=path) from None
        except JinjaTemplateError as exc:
            raise TemplateError(f"cannot read the expression in the text: {exc}", location=path) from None
        except MemoryError:
            raise  # the sandbox bounds memory: running out is thaidoc's bug, not the text's
        except Exception as exc:  # noqa: BLE001 - a failing expression is the text's fault
            raise TemplateError(f"an expression in the text failed: {failure(exc)}", location=path) from None
    if isinstance(value, dict):
        return {key: _expand(item, context, f"{path}.{key}" if path else str(key)) for key, item in value.items()}
    if isinstance(value, list):
        return [_expand(item, context, f"{path}[{index}]") for index, item in enumerate(value)]
    return value


def prepare_context(document: "Document", *, extras: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """``document.context()`` with the Jinja expressions in its text expanded, and the
    fields a template prints plainly (``{{ date }}``, ``{{ signer }}``) printing the letter's
    text (:func:`thaidoc.render.printable.printable`).

    Expressions see the whole context (``amounts``, ``dates``, every field, and ``extras``:
    a batch row's own columns such as ``district``; the model's fields win over an extra of
    the same name) and the Thai filters; an error names the field whose text failed. Text is
    expanded only when the document's author wrote it (:attr:`Document.text_templates`): a
    portal's data is printed exactly as given.
    """
    context = document.context()
    if extras:
        context = {**extras, **context}
    if not document.text_templates:
        return printable(context)
    try:
        return printable({key: _expand(value, context, key) for key, value in context.items()})
    except TemplateError as exc:
        if exc.location:
            exc.location = _data_location(exc.location, context)
        raise exc.with_context(source=document.source) from None


def _data_location(location: str, context: Mapping[str, Any]) -> str:
    """The field of the data a context value came from, as the user wrote it: a body line's
    ``path`` (``body[1].items[0]``), or ``subject`` for ``subject_text``."""
    match = re.match(r"(\w+)\[(\d+)\]", location)
    if match:
        rows = context.get(match.group(1))
        row = rows[int(match.group(2))] if isinstance(rows, list) and int(match.group(2)) < len(rows) else None
        path = row.get("path") if isinstance(row, dict) else None
        if isinstance(path, str):
            return path
    key = location.split(".", 1)[0].split("[", 1)[0]
    rest = location[len(key):]
    if key.endswith("_text") and key.removesuffix("_text") in context:
        return key.removesuffix("_text") + rest
    return location


def _check(document: "Document", allow_inconsistent: bool) -> None:
    findings = check_document(document, source=document.source)

    errors = [f for f in findings if f.severity == Severity.ERROR]
    if errors and not allow_inconsistent:
        lines = "\n".join(f"  {f.location}: {f.message}" for f in errors)
        raise InconsistentDocumentError(
            f"the document is inconsistent ({len(errors)} error(s)); fix it or pass "
            f"allow_inconsistent (--allow-inconsistent):\n{lines}",
            findings=findings, source=document.source)


def resolve_font(font: str | None) -> str | None:
    """A font name from ``--font``/``font=``: one of :data:`FONTS` or an alias."""
    if font is None:
        return None

    key = font.strip()
    resolved = FONT_ALIASES.get(key) or FONT_ALIASES.get(key.lower())
    if resolved is None:
        raise RenderError("unknown font", expected="one of " + ", ".join(FONTS) + " (or it9, psk, new)",
                          found=repr(font))
    return resolved


def _render_one(document: "Document", *, template: str | os.PathLike[str] | None = None,
                emblem: str | os.PathLike[str] | Emblem | None = None, font: str | None = None,
                allow_inconsistent: bool = False, extra: Mapping[str, Any] | None = None) -> bytes:
    _check(document, allow_inconsistent)
    path = Path(template) if template is not None else template_path(type(document).template)
    prepared = prepared_template(path)
    try:
        image = resolve_emblem(emblem, document.emblem, base=document.base_dir)
    except ThaidocError as exc:  # the data's emblem: name the data file
        raise exc.with_context(source=document.source) from None
    if image is not None and not prepared.has_emblem:
        image = None if emblem is None else image  # only an explicit emblem on such a template is an error
    context = prepare_context(document)
    if extra:
        context.update(extra)
    try:
        docx = prepared.render(context, emblem=image, font=resolve_font(font))
    except TemplateError as exc:
        raise exc.with_context(source=str(path)) from None
    docx = place_images(docx, document, context)
    if not allow_inconsistent:
        _refuse_printed_errors(docx, document)
    return docx


def _refuse_printed_errors(docx: bytes, document: "Document") -> None:
    """Refuse a letter whose printed text ``thaidoc check`` would reject (a wrong weekday,
    words that disagree with the figures …), as batch rows and budget forms are refused."""
    from thaidoc.checks.findings import Severity
    from thaidoc.checks.printed import printed_text_findings

    findings = printed_text_findings(docx, source=document.source, data=document.model_dump(mode="json"))
    errors = [f for f in findings if f.severity == Severity.ERROR]
    if errors:
        lines = "\n".join(f"  {f.location}: {f.message}" for f in errors)
        raise InconsistentDocumentError(
            f"ข้อความที่จะพิมพ์มีข้อผิดพลาด {len(errors)} รายการ / the printed text has {len(errors)} "
            f"error(s); fix the data or pass allow_inconsistent (--allow-inconsistent):\n{lines}",
            findings=findings, source=document.source)


def render(data: Mapping[str, Any] | str | os.PathLike[str] | Document, *,
           template: str | os.PathLike[str] | None = None,
           emblem: str | os.PathLike[str] | Emblem | None = None, font: str | None = None,
           allow_inconsistent: bool = False, attachments: bool = True, text_templates: bool | None = None,
           base_dir: str | os.PathLike[str] | None = None) -> bytes:
    """Render document data (mapping, YAML/JSON path or model) to .docx bytes.

    ``template`` overrides the kind's bundled template; ``emblem`` the ครุฑ image; ``font``
    the font the styles name (see :data:`FONTS`). Unless ``allow_inconsistent``, a form whose
    budget does not add up, a schedule or rubric with faults, or a document whose printed text
    ``thaidoc check`` rejects (a wrong weekday, amount words that disagree with the figures …),
    raises :class:`~thaidoc.errors.InconsistentDocumentError` with the findings. A letter whose
    enclosures name a schedule or rubric file is followed by each of them on new pages headed
    "สิ่งที่ส่งมาด้วย N" (``attachments=False``: the letter alone).

    Data from a file is its author's: ``{{ … }}`` in its text is expanded and the files it
    names (``emblem:``, ``budget:``, enclosures) are read from its folder. A mapping is a
    stranger's until the caller says otherwise: its text is printed as given
    (``text_templates=True`` expands it) and it may name files only under ``base_dir``.
    """
    document = load_document(data, text_templates=text_templates, base_dir=base_dir)
    letter = _render_one(document, template=template, emblem=emblem, font=font,
                         allow_inconsistent=allow_inconsistent)
    if not attachments:
        return letter
    attached = attached_documents(document)
    if not attached:
        return letter
    return combine_with_attachments(letter, attached, lambda doc, extra: _render_one(
        doc, font=font, allow_inconsistent=allow_inconsistent, extra=extra))


def render_parts(data: Mapping[str, Any] | str | os.PathLike[str] | Document, *,
                 template: str | os.PathLike[str] | None = None,
                 emblem: str | os.PathLike[str] | Emblem | None = None, font: str | None = None,
                 allow_inconsistent: bool = False, text_templates: bool | None = None,
                 base_dir: str | os.PathLike[str] | None = None) -> list[tuple[int, bytes]]:
    """The letter (``0``) and each attachment (its enclosure number) as separate .docx files
    (``text_templates``, ``base_dir``: as for :func:`render`)."""
    document = load_document(data, text_templates=text_templates, base_dir=base_dir)
    parts = [(0, _render_one(document, template=template, emblem=emblem, font=font,
                             allow_inconsistent=allow_inconsistent))]
    for number, attached in attached_documents(document):
        parts.append((number, _render_one(attached, font=font, allow_inconsistent=allow_inconsistent,
                                          extra={"enclosure_label": enclosure_label(number, attached.digits)})))
    return parts


def render_to_file(data: Mapping[str, Any] | str | os.PathLike[str] | Document, path: str | os.PathLike[str], *,
                   template: str | os.PathLike[str] | None = None,
                   emblem: str | os.PathLike[str] | Emblem | None = None, font: str | None = None,
                   allow_inconsistent: bool = False, text_templates: bool | None = None,
                   base_dir: str | os.PathLike[str] | None = None) -> Path:
    """Render to ``path`` atomically (no half-written file on error); returns the path."""
    docx = render(data, template=template, emblem=emblem, font=font, allow_inconsistent=allow_inconsistent,
                  text_templates=text_templates, base_dir=base_dir)
    return write_atomic(path, docx)


class _CallablePackage(types.ModuleType):
    """``thaidoc.render`` is both this package and the function: ``thaidoc.render(data)``."""

    def __call__(self, data: Mapping[str, Any] | str | os.PathLike[str] | Document, **options: Any) -> bytes:
        return render(data, **options)


sys.modules[__name__].__class__ = _CallablePackage
