"""Build templates/forms/schedule.docx and rubric.docx: the attachments agencies send with a
circular (แผนการลงพื้นที่ / กำหนดการ, เกณฑ์การให้คะแนน). Committed with their result, like the
other form templates, and in the same house style (scripts/build_form_templates.py): A4,
TH SarabunIT๙ 16 pt, full grid tables with a repeated heading row.

Every date, weekday, time, number and range wording comes from the model's ``context()``
(thaidoc.model.schedule, thaidoc.model.rubric); the templates only place lines. An attachment
sent with a letter has "สิ่งที่ส่งมาด้วย ๑" at its top right (``enclosure_label``).

The rubric's formula (สูตรการคิดคะแนน) is a Word equation (OMML): the result, "=", a fraction
with the numerator over the denominator, and the factor, so Word and LibreOffice draw a real
fraction bar instead of printing LaTeX or a slash.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_form_templates import loop, new_document  # noqa: E402
from docxkit import Document, paragraph, run, tab, table, tag_paragraph, write_templates  # noqa: E402

from thaidoc.ooxml import nsdecls  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "templates" / "forms"


def attachment_document() -> Document:
    doc = new_document()
    doc.extra_namespaces = nsdecls("m")
    doc.style("EnclosureLabel", name="Enclosure label", jc="right", before=0, after=6)
    doc.style("NoteHead", name="Note heading", bold=True, before=12, keep_next=True)
    doc.style("Note0", name="Note, level 1", left=1.0, hanging=0.75, before=0)
    doc.style("Note1", name="Note, level 2", left=2.0, hanging=0.9, before=0)
    doc.style("Note2", name="Note, level 3", left=2.9, hanging=0.9, before=0)
    doc.style("CellCentre", name="Table text (centred)", jc="center", before=0)
    doc.style("Formula", name="Formula", jc="center", before=6, after=6)
    # empty header and footer of its own: sent after a letter, an attachment would otherwise
    # inherit the letter's page numbers and motto (a section without them takes the previous one's)
    doc.headers["header_default"] = "<w:p/>"
    doc.footers["footer_default"] = "<w:p/>"
    return doc


def enclosure_label() -> list[str]:
    return loop("if enclosure_label", paragraph([run("{{ enclosure_label }}")], style="EnclosureLabel"), end="endif")


def schedule() -> Document:
    doc = attachment_document()
    widths = [2.0, 5.4, 2.8, 5.8]
    head = [paragraph([run(text)], style="CellHead") for text in ("ลำดับที่", "วันที่", "เวลา")]
    head.append(paragraph([run("{{ place_label }}")], style="CellHead"))
    levels = "".join([
        tag_paragraph("{%p if line.level == 0 %}"),
        paragraph([run("{{ line.label }}"), tab(), run("{{ line.text }}")], style="Note0"),
        tag_paragraph("{%p elif line.level == 1 %}"),
        paragraph([run("{{ line.label }}"), tab(), run("{{ line.text }}")], style="Note1"),
        tag_paragraph("{%p else %}"),
        paragraph([run("{{ line.label }}"), tab(), run("{{ line.text }}")], style="Note2"),
        tag_paragraph("{%p endif %}"),
    ])
    doc.add(
        *enclosure_label(),
        *loop("for line in heading_lines", paragraph([run("{{ line }}")], style="Title")),
        paragraph([], style="Head"),
        table(
            [
                head,
                ["{%tr for row in rows %}", "", "", ""],
                [paragraph([run("{{ row.number }}")], style="CellCentre"),
                 paragraph([run("{{ row.date }}")], style="Cell"),
                 paragraph([run("{{ row.time }}")], style="CellCentre"),
                 paragraph([run("{{ row.place }}")], style="Cell")],
                ["{%tr endfor %}", "", "", ""],
            ],
            widths, header_rows=1),
        *loop("if note_lines",
              paragraph([run("หมายเหตุ :")], style="NoteHead"),
              tag_paragraph("{%p for line in note_lines %}"), levels, tag_paragraph("{%p endfor %}"),
              end="endif"),
    )
    return doc


def math_run(text: str) -> str:
    """A run of ordinary (upright, not italic) text inside an equation."""
    return f'<m:r><m:rPr><m:nor/></m:rPr><w:rPr><w:cs/></w:rPr><m:t xml:space="preserve">{text}</m:t></m:r>'


def formula_paragraph() -> str:
    fraction = (f"<m:f><m:num>{math_run('{{ task.formula.numerator }}')}</m:num>"
                f"<m:den>{math_run('{{ task.formula.denominator }}')}</m:den></m:f>")
    equation = (f"<m:oMath>{math_run('{{ task.formula.result }} = ')}{fraction}"
                f"{math_run('{{ task.formula.factor }}')}</m:oMath>")
    return f'<w:p><w:pPr><w:pStyle w:val="Formula"/></w:pPr>{equation}</w:p>'


def rubric() -> Document:
    doc = attachment_document()
    widths = [2.6, 13.4]
    band_table = table(
        [
            [paragraph([run("{{ task.label_heading }}")], style="CellHead"),
             paragraph([run("{{ task.criteria_heading }}")], style="CellHead")],
            ["{%tr for row in task.rows %}", ""],
            [paragraph([run("{{ row.label }}")], style="CellHead"),
             "".join([tag_paragraph("{%p for line in row.lines %}"), paragraph([run("{{ line }}")], style="Cell"),
                      tag_paragraph("{%p endfor %}")])],
            ["{%tr endfor %}", ""],
        ],
        widths, header_rows=1)
    doc.add(
        *enclosure_label(),
        *loop("for line in heading_lines", paragraph([run("{{ line }}")], style="Title")),
        *loop("for task in tasks",
              paragraph([run("{{ task.heading }}")], style="Section"),
              band_table,
              *loop("if task.explanation",
                    paragraph([run("คำอธิบายเพิ่มเติม")], style="NoteHead"),
                    *loop("for line in task.explanation", paragraph([run("{{ line }}")], style="Body")),
                    end="endif"),
              *loop("if task.formula",
                    paragraph([run("สูตรการคิดคะแนน")], style="NoteHead"),
                    formula_paragraph(),
                    end="endif"),
              *loop("if task.reporting",
                    paragraph([run("ช่องทางการรายงาน")], style="NoteHead"),
                    *loop("for line in task.reporting", paragraph([run("{{ line }}")], style="Body")),
                    end="endif")),
    )
    return doc


TEMPLATES = {
    "schedule.docx": schedule,
    "rubric.docx": rubric,
}


def main() -> None:
    write_templates(TEMPLATES, OUT, REPO)


if __name__ == "__main__":
    main()
