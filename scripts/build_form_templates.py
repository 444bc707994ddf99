"""Build templates/forms/*.docx: the proposal form, the expense detail sheet and the budget
summary (งบหน้า). The built files are committed too, so a change here is reviewed with its result.

The templates only place lines; every figure, every "(…บาทถ้วน)" and every dotted line of
the blank form comes from the model's ``context()`` (thaidoc.model.proposal), where it is
derived from the one computed total.

Layout follows the seed documents: A4 portrait, margins left 3 cm, right 2 cm, top 2.5 cm,
bottom 2 cm; section headings bold; the approval chain with its signature block from the
centre line; the expense sheet as a three-column table (รายการ, จำนวน × อัตรา, เป็นเงิน)
whose figures are right-aligned.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from docxkit import Document, field_run, paragraph, run, table, tag_paragraph, write_templates  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "templates" / "forms"

FONT = "TH SarabunIT๙"
TEXT_WIDTH = 16.0
CENTRE = TEXT_WIDTH / 2
PAGE_BREAK = run('<w:br w:type="page"/>', raw=True)


def new_document() -> Document:
    doc = Document(font=FONT, size_pt=16)
    doc.style("Title", name="Form title", jc="center", bold=True, size_pt=18, after=6)
    # a blank runs to the right margin: the model writes a tab, this stop's leader draws the dots
    to_margin = [("right", TEXT_WIDTH, "dot")]
    doc.style("Head", name="Form head line", before=0, tabs=to_margin)
    doc.style("Section", name="Section heading", bold=True, before=8, keep_next=True)
    doc.style("Body", name="Section text", jc="thaiDistributed", first_line=1.25, left=0.5, tabs=to_margin)
    # a blank section's first dotted line keeps its second on the same page
    doc.style("BodyBlank", name="Section text (blank line)", based_on="Body", keep_next=True)
    # an approval step moves to the next page as a whole rather than leave its signature behind
    doc.style("StepBody", name="Approval budget line", left=0.5, first_line=1.25, keep_next=True)
    doc.style("Choice", name="Approval choice", left=CENTRE - 2.0, keep_next=True)
    # signature blocks from the centre line (name and position centred between it and the margin)
    doc.style("SignatureFirst", name="Signature line", jc="center", left=CENTRE, before=18,
              keep_next=True)
    doc.style("Signature", name="Signature block", jc="center", left=CENTRE, keep_next=True)
    # the block's last line: what follows (the next approval step) may go to the next page, so
    # a page is not left two thirds blank when the whole chain would not fit
    doc.style("SignatureLast", name="Signature block (last line)", jc="center", left=CENTRE)
    doc.style("Cell", name="Table text", before=0)
    # the lines under an item ("ประกอบด้วย" lists) are indented under its text
    doc.style("CellDetail", name="Table text (sub-item)", left=0.5, before=0)
    doc.style("CellStrong", name="Table text (bold)", bold=True, before=0)
    doc.style("Figure", name="Table figure", jc="right", before=0)
    doc.style("FigureStrong", name="Table figure (bold)", jc="right", bold=True, before=0)
    doc.style("CellHead", name="Table heading", jc="center", bold=True, before=0)
    # the note under a sheet stays with the certification that follows it
    doc.style("Note", name="Note", before=8, keep_next=True)
    # the total row keeps the certification on its page: a สำเนาถูกต้อง alone on a page
    # certifies nothing
    doc.style("TotalCell", name="Table total", bold=True, before=0, keep_next=True)
    doc.style("TotalFigure", name="Table total figure", jc="right", bold=True, before=0, keep_next=True)
    # "- ๒ -" at the top from page two (w:titlePg), as on the letters
    doc.char_style("PageNumberDigits", name="Page number digits", lang="th-TH")
    doc.style("PageNumber", name="Page number", jc="center", before=0)
    page_number = [run("- "), *field_run("PAGE{% if digits == 'thai' %} \\* ThaiArabic{% endif %}", "๒",
                                         style="PageNumberDigits"), run(" -")]
    doc.headers["header_first"] = paragraph([], style="PageNumber")
    doc.headers["header_default"] = paragraph(page_number, style="PageNumber")
    doc.page(left=3, right=2, top=2.5, bottom=2, header=1.25, footer=1.0, title_page=True)
    return doc


def loop(tag: str, *xml: str, end: str = "endfor") -> list[str]:
    return [tag_paragraph(f"{{%p {tag} %}}"), *xml, tag_paragraph(f"{{%p {end} %}}")]


def signature_block(prefix: str) -> list[str]:
    return [
        paragraph([run(f"{{{{ {prefix}.signature }}}}")], style="SignatureFirst"),
        paragraph([run(f"{{{{ {prefix}.name }}}}")], style="Signature"),
        paragraph([run(f"{{{{ {prefix}.position }}}}")], style="Signature"),
        paragraph([run(f"{{{{ {prefix}.date }}}}")], style="SignatureLast"),
    ]


def proposal() -> Document:
    doc = new_document()
    doc.add(
        paragraph([run("{{ heading }}")], style="Title"),
        paragraph([run("{{ number_line }}")], style="Head"),
        paragraph([run("{{ name_line }}")], style="Head"),
        paragraph([run("{{ office_line }}")], style="Head"),
        *loop("for section in sections",
              paragraph([run("{{ section.heading }}")], style="Section"),
              *loop("for text in section.paragraphs",
                    tag_paragraph("{%p if text == '\\t' and loop.first %}"),
                    paragraph([run("{{ text }}")], style="BodyBlank"),
                    tag_paragraph("{%p else %}"),
                    paragraph([run("{{ text }}")], style="Body"),
                    tag_paragraph("{%p endif %}"))),
        *loop("for step in approvals",
              paragraph([run("{{ step.heading }}")], style="Section"),
              paragraph([run("{{ step.budget_line }}")], style="StepBody"),
              *loop("for choice in step.choices", paragraph([run("{{ choice }}")], style="Choice")),
              *signature_block("step")),
    )
    return doc


def bold_or_plain(expr: str, flag: str, strong: str, plain: str) -> str:
    return "".join([
        tag_paragraph(f"{{%p if {flag} %}}"),
        paragraph([run(f"{{{{ {expr} }}}}")], style=strong),
        tag_paragraph("{%p else %}"),
        paragraph([run(f"{{{{ {expr} }}}}")], style=plain),
        tag_paragraph("{%p endif %}"),
    ])


def item_line() -> str:
    """A line of an expense row: a category (bold), an item, or a sub-item under it (indented)."""
    return "".join([
        tag_paragraph("{%p if row.bold %}"), paragraph([run("{{ line }}")], style="CellStrong"),
        tag_paragraph("{%p elif loop.first %}"), paragraph([run("{{ line }}")], style="Cell"),
        tag_paragraph("{%p else %}"), paragraph([run("{{ line }}")], style="CellDetail"),
        tag_paragraph("{%p endif %}"),
    ])


def loop_cell(tag: str, content: str) -> str:
    return "".join([tag_paragraph(f"{{%p {tag} %}}"), content, tag_paragraph("{%p endfor %}")])


def expense_sheet() -> Document:
    doc = new_document()
    # sized at render time to what the sheet holds (thaidoc.model.proposal.column_widths)
    widths = ["{{ sheet.widths[0] }}", "{{ sheet.widths[1] }}", "{{ sheet.widths[2] }}"]
    head = [paragraph([run("รายการ")], style="CellHead"), paragraph([run("จำนวน × อัตรา")], style="CellHead"),
            paragraph([run("เป็นเงิน (บาท)")], style="CellHead")]
    sheet_table = table(
        [
            head,
            [paragraph([run("{{ sheet.activity_line }}")], style="CellStrong"), paragraph([], style="Cell"),
             paragraph([run("{{ sheet.activity_amount }}")], style="FigureStrong")],
            ["{%tr for row in sheet.rows %}", "", ""],
            [loop_cell("for line in row.lines", item_line()),
             paragraph([run("{{ row.factors }}")], style="Cell"),
             bold_or_plain("row.amount", "row.bold", "FigureStrong", "Figure")],
            ["{%tr endfor %}", "", ""],
            [paragraph([run("{{ sheet.total_label }}")], style="TotalCell"), paragraph([], style="TotalCell"),
             paragraph([run("{{ sheet.total_amount }}")], style="TotalFigure")],
        ],
        widths, header_rows=1, total_cm=TEXT_WIDTH)
    doc.add(
        *loop("for sheet in sheets",
              paragraph([run("{{ heading }}")], style="Title"),
              *loop("for line in sheet.headings", paragraph([run("{{ line }}")], style="Head")),
              paragraph([], style="Head"),
              sheet_table,
              *loop("for line in note_lines", paragraph([run("{{ line }}")], style="Note")),
              *loop("if certification",
                    paragraph([run("{{ certification.text }}")], style="SignatureFirst"),
                    *signature_block("certification"), end="endif"),
              *loop("if not loop.last", paragraph([PAGE_BREAK]), end="endif")),
    )
    return doc


def budget_summary() -> Document:
    doc = new_document()
    widths = [1.2, 11.4, 3.4]
    doc.add(
        paragraph([run("{{ heading }}")], style="Title"),
        *loop("if subheading", paragraph([run("{{ subheading }}")], style="CellHead"), end="endif"),
        paragraph([], style="Head"),
        table(
            [
                [paragraph([run("ที่")], style="CellHead"), paragraph([run("กิจกรรม / หมวดรายจ่าย")], style="CellHead"),
                 paragraph([run("งบประมาณ (บาท)")], style="CellHead")],
                ["{%tr for row in rows %}", "", ""],
                [paragraph([run("{{ row.number }}")], style="CellHead"),
                 bold_or_plain("row.text", "row.bold", "CellStrong", "Cell"),
                 bold_or_plain("row.amount", "row.bold", "FigureStrong", "Figure")],
                ["{%tr endfor %}", "", ""],
                [paragraph([], style="Cell"), paragraph([run("รวมทั้งสิ้น ({{ grand_words }})")], style="CellStrong"),
                 paragraph([run("{{ grand_total }}")], style="FigureStrong")],
            ],
            widths, header_rows=1),
        *loop("for line in note_lines", paragraph([run("{{ line }}")], style="Note")),
    )
    return doc


TEMPLATES = {
    "proposal.docx": proposal,
    "expense-sheet.docx": expense_sheet,
    "budget-summary.docx": budget_summary,
}


def main() -> None:
    write_templates(TEMPLATES, OUT, REPO)


if __name__ == "__main__":
    main()
