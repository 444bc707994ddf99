"""A cover letter and its attachments: the letter, then each attached schedule or rubric on new
pages headed "สิ่งที่ส่งมาด้วย ๑", as agencies send them (or each as a file of its own).

An enclosure names its data file (``enclosures: [{title: แผนการลงพื้นที่…, file: plan.yaml}]``);
the file is loaded, checked and rendered like any document, and its number is the enclosure's
number in the letter, so the label on the attachment and the letter's สิ่งที่ส่งมาด้วย line
cannot disagree.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from copy import deepcopy
from pathlib import Path
from typing import Any

from thaidoc.errors import DataError, ThaidocError
from thaidoc.model import Document, load_document
from thaidoc.model.common import localise_digits
from thaidoc.ooxml import qn
from thaidoc.render.sections import close_section

__all__ = ["attached_documents", "enclosure_label", "combine_with_attachments", "ATTACHABLE_KINDS"]

#: the kinds whose template prints the สิ่งที่ส่งมาด้วย label at the top
ATTACHABLE_KINDS = ("schedule", "rubric")


def enclosure_label(number: int, digits: str = "thai") -> str:
    """``สิ่งที่ส่งมาด้วย ๑``"""
    return localise_digits(f"สิ่งที่ส่งมาด้วย {number}", "arabic" if digits == "arabic" else "thai")


def attached_documents(letter: Document) -> list[tuple[int, Document]]:
    """(enclosure number, loaded document) of each enclosure file of ``letter``."""
    out: list[tuple[int, Document]] = []
    attachments: list[tuple[int, Path]] = getattr(letter, "attachments", [])
    for number, path in attachments:
        try:
            # the letter's trust passes on: a stranger's letter does not make its file a template
            attached = load_document(path, text_templates=letter.text_templates)
        except ThaidocError as exc:
            raise exc.with_context(source=str(path)) from None
        if attached.kind not in ATTACHABLE_KINDS:
            raise DataError("an enclosure file must be a schedule or a rubric", source=letter.source,
                            location=f"enclosures[{number - 1}].file", found=f"kind: {attached.kind}",
                            expected="kind: " + " or ".join(ATTACHABLE_KINDS))
        out.append((number, attached))
    return out


def combine_with_attachments(letter: bytes, attachments: list[tuple[int, Document]],
                             render_one: Callable[[Document, dict[str, Any]], bytes]) -> bytes:
    """The letter, then each attachment from a new page: its own section, with its own page
    setup, page numbers from ๑ and an empty header and footer (a section without them would
    show the letter's page numbers and motto)."""
    # imported here: docxcompose (and the babel it pulls in) is needed only for letters with
    # attachments, as in render.batch.combine; and render.batch imports this package's render
    from docx import Document as open_docx
    from docxcompose.composer import Composer

    composer = Composer(open_docx(io.BytesIO(letter)))
    body = composer.doc.element.body
    for number, document in attachments:
        attached = open_docx(io.BytesIO(render_one(document, {"enclosure_label": enclosure_label(number,
                                                                                                 document.digits)})))
        own = deepcopy(attached.element.body.sectPr)
        # the section ends in a paragraph of its own: the letter's last paragraph is the owner
        # office's contact line, in a frame at the bottom left, which a section break would split
        body.sectPr.addprevious(body.makeelement(qn("w:p"), {}))
        close_section(body, body.sectPr)
        composer.append(attached)
        # the page setup is the attachment's; the letter's headers and footers stay with the
        # letter's section (only the references go: the parts are still the letter's)
        for child in list(body.sectPr):
            if child.tag.endswith(("}pgSz", "}pgMar", "}titlePg", "}headerReference", "}footerReference")):
                body.sectPr.remove(child)
        margins = [deepcopy(child) for child in own if child.tag.endswith(("}pgSz", "}pgMar"))]
        for index, child in enumerate(margins):  # before pgNumType and the rest, as the schema orders them
            body.sectPr.insert(index, child)
        section = composer.doc.sections[-1]
        section.header.is_linked_to_previous = False  # a new, empty header and footer
        section.footer.is_linked_to_previous = False
    out = io.BytesIO()
    composer.save(out)
    return out.getvalue()
