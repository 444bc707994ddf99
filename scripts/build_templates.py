"""Build templates/letters/*.docx (`make templates`). The built files are committed too.

Each template is a docxtpl template: Jinja tags in the text, ``{%p … %}`` paragraph tags for
loops and conditions. The template only places lines; the text of each line (Thai digits,
dates, salutations, numbering) comes from the model's ``context()``.

Layout, after the official typing guide (ระเบียบงานสารบรรณ and agencies' typing guides):
A4, margins left 3 cm and right 2 cm, top 2.5 cm, bottom 2 cm; the ครุฑ 3 cm high centred
1.5 cm from the top edge (1.5 cm top left on a memo); ที่ at the left on the emblem's foot
band with the sending office at the right; date and signature block from the centre line;
body paragraphs Thai-distributed with a 2.5 cm first-line indent; page numbers "- ๒ -"
centred at the top from page two.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from docxkit import (  # noqa: E402
    Document,
    bottom_left_frame,
    field_run,
    image_drawing,
    paragraph,
    placeholder_png,
    run,
    tab,
    tag_paragraph,
)

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "templates" / "letters"

FONT = "TH SarabunIT๙"
RED = "C00000"
TEXT_WIDTH = 16.0  # 21 cm - 3 cm - 2 cm
CENTRE = TEXT_WIDTH / 2  # the centre line, measured from the left margin
SENDER_TAB = 10.0  # where the sending office and address start, at the right
FIRST_LINE = 2.5  # first-line indent of body paragraphs
EMBLEM_HEIGHT = 3.0
MEMO_EMBLEM_HEIGHT = 1.5
EMBLEM_TOP = 1.5  # from the top edge of the paper
# A secrecy mark is centred at the top of every page, where the ครุฑ stands on page one: the
# header starts 0.5 cm from the top edge so that the mark clears the emblem. Without a mark,
# "- ๒ -" is spaced down to 1.25 cm. (The choice is made by paragraphs, not by a Jinja value in
# the section's w:header, which Word would reject as a corrupt document.)
HEADER = 0.5
PAGE_NUMBER_TOP = 1.25
# Height of the first line (the urgency mark, empty when there is none), in pt: with the 2.5 cm
# top margin it puts the ที่ line's baseline on the foot of the emblem (1.5 + 3 = 4.5 cm).
URGENCY_LINE = 40
# Placeholder proportions match the usual ครุฑ artwork (about 0.9 wide : 1 high); the real
# emblem's own aspect ratio replaces this at render time.
PLACEHOLDER_SIZE = (216, 240)
EMBLEM_NAME = "emblem"  # the drawing name thaidoc.render looks for
EMBLEM_MEDIA = "media/emblem.png"
EMBLEM_REL = "rId_media1"
# the stamped letter's sending office is centred on this point (cm from the left margin): the
# middle of a closing line that starts at the centre line
SIGNATURE_MIDDLE = CENTRE + 1.9
SIGNATURE_HALF_WIDTH = 4.9
# ส่วนราชการเจ้าของเรื่อง, contacts and สำเนาส่ง share one frame at the bottom left of the page
# they fall on (Word and LibreOffice read a frame from the paragraph, not from its style)
OWNER_FRAME = bottom_left_frame(TEXT_WIDTH)
MEMO_LABEL_WIDTH = 2.75  # "ส่วนราชการ" in 20 pt bold and a space


def new_document() -> Document:
    doc = Document(font=FONT, size_pt=16)
    doc.media[EMBLEM_MEDIA] = placeholder_png(*PLACEHOLDER_SIZE)
    doc.char_style("Label", name="Label (memo)", bold=True, size_pt=20)
    doc.char_style("Strong", name="Strong", bold=True)
    # the page number is Thai text: LibreOffice's contextual numerals then draw it in Thai digits
    doc.char_style("PageNumberDigits", name="Page number digits", lang="th-TH")
    doc.style("Body", name="Body text", jc="thaiDistributed", first_line=FIRST_LINE, before=6)
    doc.style("BodySubItem", name="Body sub-item", jc="thaiDistributed", first_line=FIRST_LINE + 0.75, before=6)
    # exact height: the ที่ line below it must land on the emblem's foot band, with or without a mark
    doc.style("Urgency", name="Urgency mark", bold=True, size_pt=32, color=RED, line_exact=URGENCY_LINE)
    doc.style("Secrecy", name="Secrecy mark", jc="center", bold=True, size_pt=20, color=RED)
    doc.style("PageNumber", name="Page number", jc="center", before=round((PAGE_NUMBER_TOP - HEADER) / 2.54 * 72))
    doc.style("PageNumberUnderMark", name="Page number (under a secrecy mark)", jc="center", before=0)
    doc.style("Motto", name="Footer motto", jc="center", size_pt=14)
    doc.style("SenderHead", name="Number and sender",
              left=SENDER_TAB, hanging=SENDER_TAB)
    doc.style("Sender", name="Sender address", left=SENDER_TAB)
    doc.style("Date", name="Date line", left=CENTRE, before=6)
    doc.style("Heading", name="Letter part", left=1.25, hanging=1.25, before=6, tabs=[("left", 1.25)])
    doc.style("Reference", name="Reference", left=1.5, hanging=1.5, before=6, jc="thaiDistributed")
    doc.style("Enclosure", name="Enclosure", left=2.75, hanging=2.75, before=0,
              tabs=[("left", 2.75), ("right", TEXT_WIDTH)])
    doc.style("Closing", name="Closing", left=CENTRE, before=12, keep_next=True)
    # The signature block sits from the centre line, as the closing does (the standard's
    # layout): name and position are centred between the centre line and the right margin, so
    # that no line, however long ("รองผู้ว่าราชการจังหวัด ปฏิบัติราชการแทน"), starts left of it.
    doc.style("SignatureName", name="Signature name", jc="center", left=CENTRE, before=42, keep_next=True)
    doc.style("Signature", name="Signature lines", jc="center", left=CENTRE, keep_next=True)
    signature_left = SIGNATURE_MIDDLE - SIGNATURE_HALF_WIDTH
    signature_right = TEXT_WIDTH - SIGNATURE_MIDDLE - SIGNATURE_HALF_WIDTH
    # ส่วนราชการเจ้าของเรื่อง, contacts and สำเนาส่ง sit at the bottom left of the last page
    doc.style("Owner", name="Owner office", before=0)
    doc.style("OwnerFirst", name="Owner office (first line)", based_on="Owner", before=18)
    doc.style("Copies", name="Copies to", left=1.75, hanging=1.75, before=0)
    doc.style("Title", name="Title", jc="center", bold=True, before=0)
    doc.style("Rule", name="Rule under the title", jc="center", before=0)
    doc.style("MemoTitle", name="Memo title", bold=True, size_pt=29, tabs=[("center", CENTRE)])
    doc.style("MemoHead", name="Memo header line", tabs=[("left", CENTRE - 1.0)], before=0)
    # ส่วนราชการ may run to two lines; the second starts under the text, not under the label
    doc.style("MemoDepartment", name="Memo department line", left=MEMO_LABEL_WIDTH, hanging=MEMO_LABEL_WIDTH,
              before=0)
    doc.style("Salutation", name="Salutation", before=6)
    doc.style("Issued", name="Issued on", left=4.5, before=12, keep_next=True)
    doc.style("SendingOffice", name="Sending office (stamped letter)", jc="center", left=signature_left,
              right=signature_right, before=24)
    doc.style("Notes", name="Notes", left=1.75, hanging=1.75, before=12)
    # Headers: the secrecy mark on every page; "- ๒ -" from page two (w:titlePg), with
    # Thai digits from the PAGE field's ThaiArabic format switch.
    mark = paragraph([run("{{ secrecy_text }}")], style="Secrecy")
    secrecy = [tag_paragraph("{%p if secrecy_text %}"), mark, tag_paragraph("{%p endif %}")]
    page_number = [run("- "), *field_run("PAGE{% if digits == 'thai' %} \\* ThaiArabic{% endif %}", "๒",
                                         style="PageNumberDigits"), run(" -")]
    doc.headers["header_first"] = "".join(secrecy)
    doc.headers["header_default"] = "".join([
        tag_paragraph("{%p if secrecy_text %}"), mark, paragraph(page_number, style="PageNumberUnderMark"),
        tag_paragraph("{%p else %}"), paragraph(page_number, style="PageNumber"), tag_paragraph("{%p endif %}")])
    doc.footers["footer_first"] = "".join(secrecy) + "".join([
        tag_paragraph("{%p if motto_text %}"), paragraph([run("{{ motto_text }}")], style="Motto"),
        tag_paragraph("{%p endif %}")])
    doc.footers["footer_default"] = "".join(secrecy)
    doc.page(left=3, right=2, top=2.5, bottom=2, header=HEADER, footer=1.0, title_page=True)
    return doc


def first_and_rest(loop: str, first: str, rest: str) -> tuple[str, ...]:
    """``{%p for … %}`` over lines whose first line is set apart (its own style or label)."""
    return (tag_paragraph(f"{{%p for {loop} %}}"), tag_paragraph("{%p if loop.first %}"), first,
            tag_paragraph("{%p else %}"), rest, tag_paragraph("{%p endif %}"), tag_paragraph("{%p endfor %}"))


def emblem_top_centre() -> str:
    """The 3 cm ครุฑ, centred on the text area, 1.5 cm from the top edge, text not wrapped."""
    return image_drawing(EMBLEM_REL, name=EMBLEM_NAME, height_cm=EMBLEM_HEIGHT,
                         aspect=PLACEHOLDER_SIZE[0] / PLACEHOLDER_SIZE[1],
                         anchor={"h": ("margin", "center"), "v": ("page", EMBLEM_TOP)})


def body(doc: Document) -> None:
    """Body paragraphs and numbered items (๑. / ๒.๑).

    The last one keeps with what follows (purpose line, "สั่ง ณ วันที่", sending office), so the
    page that carries the signature also carries text of the letter.
    """
    doc.add(
        tag_paragraph("{%p for line in body_lines %}"),
        tag_paragraph("{%p if line.level >= 2 and loop.last %}"),
        paragraph([run("{{ line.text }}")], style="BodySubItem", keep_next=True),
        tag_paragraph("{%p elif line.level >= 2 %}"),
        paragraph([run("{{ line.text }}")], style="BodySubItem"),
        tag_paragraph("{%p elif loop.last %}"),
        paragraph([run("{{ line.text }}")], style="Body", keep_next=True),
        tag_paragraph("{%p else %}"),
        paragraph([run("{{ line.text }}")], style="Body"),
        tag_paragraph("{%p endif %}"),
        tag_paragraph("{%p endfor %}"),
    )


def purpose(doc: Document) -> None:
    # kept with the closing and the signature that follow: a page holding only a signature,
    # without any text of the letter, is what the typing guide forbids
    doc.add(tag_paragraph("{%p if purpose_text %}"),
            paragraph([run("{{ purpose_text }}")], style="Body", keep_next=True),
            tag_paragraph("{%p endif %}"))


def signature(doc: Document, *, closing: bool = True) -> None:
    if closing:
        doc.add(paragraph([run("{{ closing }}")], style="Closing"))
    doc.add(*first_and_rest("line in signer_lines", paragraph([run("{{ line }}")], style="SignatureName"),
                            paragraph([run("{{ line }}")], style="Signature")))


def notes(doc: Document) -> None:
    doc.add(tag_paragraph("{%p if notes_text %}"), paragraph([run("หมายเหตุ"), tab(), run("{{ notes_text }}")],
                                                             style="Notes"), tag_paragraph("{%p endif %}"))


def owner_and_copies(doc: Document) -> None:
    doc.add(*first_and_rest("line in owner_lines",
                            paragraph([run("{{ line }}")], style="OwnerFirst", frame=OWNER_FRAME),
                            paragraph([run("{{ line }}")], style="Owner", frame=OWNER_FRAME)))


def external_letter() -> Document:
    doc = new_document()
    doc.add(
        # urgency mark top left; the paragraph stays when empty so that the ที่ line keeps its
        # place on the emblem's foot band
        paragraph([emblem_top_centre(), run("{{ urgency_text }}")], style="Urgency"),
        *first_and_rest("line in sender_lines",
                        paragraph([run("ที่ {{ number_text }}"), tab(), run("{{ line }}")], style="SenderHead"),
                        paragraph([run("{{ line }}")], style="Sender")),
        paragraph([run("{{ date_text }}")], style="Date"),
        paragraph([run("เรื่อง"), tab(), run("{{ subject_text }}")], style="Heading"),
        # a space, not a tab: กราบเรียน / นมัสการ are wider than เรียน
        paragraph([run("{{ salutation }} {{ recipient_text }}")], style="Salutation"),
        tag_paragraph("{%p for line in reference_lines %}"),
        paragraph([run("{% if loop.first %}อ้างถึง{% endif %}"), tab(), run("{{ line }}")], style="Reference"),
        tag_paragraph("{%p endfor %}"),
        *first_and_rest("row in enclosure_rows",
                        paragraph([run("สิ่งที่ส่งมาด้วย"), tab(), run("{{ row.text }}"), tab(),
                                   run("{{ row.quantity }}")], style="Enclosure", before=6),
                        paragraph([tab(), run("{{ row.text }}"), tab(), run("{{ row.quantity }}")],
                                  style="Enclosure")),
    )
    body(doc)
    purpose(doc)
    signature(doc)
    notes(doc)
    owner_and_copies(doc)
    doc.add(
        tag_paragraph("{%p for line in copies_lines %}"),
        paragraph([run("{% if loop.first %}สำเนาส่ง{% endif %}"), tab(), run("{{ line }}")], style="Copies",
                  frame=OWNER_FRAME),
        tag_paragraph("{%p endfor %}"),
    )
    return doc


def memo() -> Document:
    doc = new_document()
    emblem = image_drawing(EMBLEM_REL, name=EMBLEM_NAME, height_cm=MEMO_EMBLEM_HEIGHT,
                           aspect=PLACEHOLDER_SIZE[0] / PLACEHOLDER_SIZE[1])
    doc.add(
        tag_paragraph("{%p if urgency_text %}"),
        paragraph([run("{{ urgency_text }}")], style="Urgency"),
        tag_paragraph("{%p endif %}"),
        paragraph([emblem, tab(), run("บันทึกข้อความ")], style="MemoTitle"),
        paragraph([run("ส่วนราชการ", style="Label"), tab(), run("{{ department_text }}")], style="MemoDepartment"),
        paragraph([run("ที่", style="Label"), run("  {{ number_text }}"), tab(), run("วันที่", style="Label"),
                   run("  {{ date_text }}")], style="MemoHead"),
        paragraph([run("เรื่อง", style="Label"), run("  {{ subject_text }}")], style="MemoHead"),
        paragraph([run("{{ salutation }} {{ recipient_text }}")], style="Salutation", before=12),
    )
    body(doc)
    purpose(doc)
    signature(doc, closing=False)
    notes(doc)
    return doc


def stamped_letter() -> Document:
    doc = new_document()
    doc.add(
        paragraph([emblem_top_centre(), run("{{ urgency_text }}")], style="Urgency"),
        paragraph([run("ที่ {{ number_text }}")], style="SenderHead"),
        paragraph([run("ถึง"), tab(), run("{{ to_text }}")], style="Heading", before=12),
    )
    body(doc)
    doc.add(
        paragraph([run("{{ sending_office_text }}")], style="SendingOffice", keep_next=True),
        # space for the red stamp and the initials of the responsible official
        paragraph([run("{{ date_text }}")], style="SendingOffice", before=60),
    )
    notes(doc)
    owner_and_copies(doc)
    return doc


def directive(word: str) -> Document:
    """คำสั่ง and ประกาศ: the ครุฑ, a centred title block, a rule, the text, issued-on line."""
    doc = new_document()
    title_runs = [run(f"{word}{{{{ issuer_text }}}}")]
    doc.add(
        paragraph([emblem_top_centre(), run("{{ urgency_text }}")], style="Urgency"),
        paragraph(title_runs, style="Title", before=26),  # clear of the emblem's foot
    )
    if word == "คำสั่ง":
        doc.add(paragraph([run("ที่ {{ number_text }}")], style="Title"))
    doc.add(
        paragraph([run("เรื่อง {{ subject_text }}")], style="Title"),
        paragraph([run("-" * 28)], style="Rule"),
    )
    body(doc)
    issued = "สั่ง ณ วันที่ {{ date_text }}" if word == "คำสั่ง" else "ประกาศ ณ วันที่ {{ date_text }}"
    doc.add(paragraph([run(issued)], style="Issued"))
    signature(doc, closing=False)
    return doc


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    built = {
        "external.docx": external_letter(),
        "memo.docx": memo(),
        "stamped.docx": stamped_letter(),
        "order.docx": directive("คำสั่ง"),
        "announcement.docx": directive("ประกาศ"),
    }
    for name, doc in built.items():
        path = doc.save(OUT / name)
        print(f"{path.relative_to(REPO)}  {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
