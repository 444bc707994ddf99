"""The tracked-changes .docx: every kind of change, accepted and rejected, in paragraphs and tables."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from docx.shared import Pt
from lxml import etree

import thaidoc
from thaidoc.diff import diff
from thaidoc.diff.tracked import accept_all, reject_all, tracked_changes_docx
from thaidoc.read.extract import extract

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def build(paragraphs: list[str | list[tuple[str, bool]]], table: list[list[str]] | None = None) -> bytes:
    """A .docx; a paragraph given as [(text, bold), ...] gets one run per piece."""
    document = docx.Document()
    for paragraph in paragraphs:
        p = document.add_paragraph()
        for text, bold in [(paragraph, False)] if isinstance(paragraph, str) else paragraph:
            run = p.add_run(text)
            run.font.name = "TH SarabunIT๙"
            run.font.size = Pt(16)
            run.bold = bold or None
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def text(docx_bytes: bytes) -> str:
    return extract(docx_bytes, name="x.docx").text()


def roundtrip(generated: bytes, issued: bytes, *, same_layout: bool = True) -> bytes:
    result = diff(generated, issued, generated_name="g.docx", issued_name="i.docx")
    tracked = tracked_changes_docx(result, issued, date=dt.datetime(2024, 4, 17, 9, 30, tzinfo=dt.timezone.utc))
    assert text(accept_all(tracked)) == text(issued)
    rejected = reject_all(tracked)
    if same_layout:
        assert text(rejected) == text(generated)
    else:  # paragraphs split differently are layout, not a revision: the words come back
        assert diff(rejected, generated, generated_name="r.docx", issued_name="g.docx").text_identical
    return tracked


def document_xml(docx_bytes: bytes):
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(docx_bytes)).read("word/document.xml"))


def with_document(docx_bytes: bytes, root) -> bytes:
    """The .docx with its word/document.xml replaced by ``root``."""
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as archive, zipfile.ZipFile(output, "w") as target:
        for info in archive.infolist():
            data = archive.read(info.filename)
            target.writestr(info, etree.tostring(root) if info.filename == "word/document.xml" else data)
    return output.getvalue()


def test_issued_bytes_are_read_with_the_guards() -> None:
    # a library caller may pass other bytes than the ones diffed: a zip bomb is refused
    # before its entries are unpacked and copied
    result = diff(build(["ก"]), build(["ข"]), generated_name="g.docx", issued_name="i.docx")
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(build(["ข"]))) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            bomb.writestr(info, source.read(info.filename))
        bomb.writestr("word/media/image1.png", b"\0" * (4 * 1024 * 1024))
    with pytest.raises(thaidoc.errors.ReadError, match="zip bomb"):
        tracked_changes_docx(result, buffer.getvalue())


def test_public_name() -> None:
    assert thaidoc.diff_documents is diff
    assert thaidoc.DiffResult.__name__ == "DiffResult"


def test_change_inside_a_run_of_several_runs() -> None:
    generated = build([[("เรื่อง ", True), ("ขอให้อำเภอดำเนินการ", False), (" ต่อไป", False)]])
    issued = build([[("เรื่อง ", True), ("ขอให้จังหวัดดำเนินการ", False), (" ต่อไป", False)]])
    root = document_xml(roundtrip(generated, issued))
    (ins,) = root.iter(f"{W}ins")
    (deleted,) = root.iter(f"{W}del")
    assert "".join(t.text for t in ins.iter(f"{W}t")) == "จังหวัด"
    assert "".join(t.text for t in deleted.iter(f"{W}delText")) == "อำเภอ"
    assert ins.get(f"{W}date") == "2024-04-17T09:30:00Z" and ins.get(f"{W}author") == "thaidoc"
    # the bold first run is untouched; the split pieces keep the font
    runs = list(root.iter(f"{W}r"))
    assert runs[0].find(f"{W}rPr/{W}b") is not None
    assert all(r.find(f"{W}rPr/{W}rFonts") is not None for r in runs)


def test_deleted_and_inserted_paragraphs() -> None:
    generated = build(["ที่ ชร ๐๐๑๙/ว ๑", "ย่อหน้าที่จะถูกลบออกไปจากหนังสือ", "จึงเรียนมาเพื่อทราบ"])
    issued = build(["ที่ ชร ๐๐๑๙/ว ๑", "จึงเรียนมาเพื่อทราบ", "ย่อหน้าใหม่ที่เพิ่มเข้ามาตอนท้าย"])
    root = document_xml(roundtrip(generated, issued))
    deleted_paragraphs = [p for p in root.iter(f"{W}p") if p.find(f"{W}pPr/{W}rPr/{W}del") is not None]
    inserted_paragraphs = [p for p in root.iter(f"{W}p") if p.find(f"{W}pPr/{W}rPr/{W}ins") is not None]
    assert len(deleted_paragraphs) == 1 and len(inserted_paragraphs) == 1
    body = [p for p in root.iter(f"{W}p")]
    assert body.index(deleted_paragraphs[0]) == 1  # back where it was removed from


def test_paragraphs_removed_under_a_bold_heading_come_back_plain() -> None:
    # Deleted paragraphs took the formatting of the paragraph before them, so body text
    # removed under a bold heading was shown bold in Word and rejected back bold (seen in a
    # proposal form converted by LibreOffice).
    heading = [("๑. หลักการและเหตุผล", True)]
    removed = ["กระทรวงมหาดไทย มอบหมายให้กรมการพัฒนาชุมชนน้อมนำหลักปรัชญาของเศรษฐกิจพอเพียง",
               "ดังนั้น เพื่อเป็นการพัฒนาต่อยอดและขยายจำนวนหมู่บ้านที่มีการน้อมนำหลักปรัชญา"]
    generated = build([heading, *removed, [("๒. วัตถุประสงค์", True)]])
    issued = build([heading, "สำนักงานพัฒนาชุมชนอำเภอ จัดกิจกรรมถอดบทเรียนและประเมินผลการพัฒนา",
                    [("๒. วัตถุประสงค์", True)]])
    tracked = roundtrip(generated, issued)
    deleted_runs = [d.find(f"{W}r") for d in document_xml(tracked).iter(f"{W}del") if d.find(f"{W}r") is not None]
    assert deleted_runs and all(r.find(f"{W}rPr/{W}b") is None for r in deleted_runs)
    assert diff(reject_all(tracked), generated, generated_name="r.docx", issued_name="g.docx").identical


def test_table_cell_change() -> None:
    head = ["ลำดับ", "รายการ", "จำนวนเงิน"]
    generated = build(["รายละเอียด"], [head, ["๑", "ค่าอาหารว่าง", "๑๘,๓๐๐"]])
    issued = build(["รายละเอียด"], [head, ["๑", "ค่าอาหารกลางวัน", "๑๘,๐๐๐"]])
    root = document_xml(roundtrip(generated, issued))
    inserted = ["".join(t.text for t in ins.iter(f"{W}t")) for ins in root.iter(f"{W}ins")]
    assert "๑๘,๐๐๐" in inserted
    assert all(ins.getparent().tag == f"{W}p" for ins in root.iter(f"{W}ins"))
    assert all(p.getparent().tag == f"{W}tc" for ins in root.iter(f"{W}ins") for p in [ins.getparent()])


def test_bold_is_a_formatting_revision() -> None:
    generated = build(["ขอแสดงความนับถือ", "(นายสมชาย ใจดี)"])
    issued = build(["ขอแสดงความนับถือ", [("(นายสมชาย ใจดี)", True)]])
    root = document_xml(roundtrip(generated, issued))
    (change,) = root.iter(f"{W}rPrChange")
    assert change.getparent().find(f"{W}b") is not None  # bold now
    assert change.find(f"{W}rPr/{W}b") is None  # not bold before
    assert change.getparent()[-1] is change


def test_one_paragraph_against_two_with_an_edit() -> None:
    # the generated ที่ line holds the sending office after a tab; the issued text has them on
    # two lines, and a wrong province code
    generated = build(["ที่ ชร ๐๐๑๙.๑/ว ๔๗\tศาลากลางจังหวัดเชียงราย", "ถนนแม่ฟ้าหลวง ชร ๕๗๑๐๐", "เรื่อง การรายงานผล"])
    issued_docx = build(["ที่ ขร ๐๐๑๙.๑/ว ๔๗", "ศาลากลางจังหวัดเชียงราย", "ถนนแม่ฟ้าหลวง ชร ๕๗๑๐๐", "เรื่อง การรายงานผล"])
    result = diff(generated, issued_docx, generated_name="g.docx", issued_name="i.docx")
    (change,) = result.changes
    assert [(op.old, op.new) for op in change.changed_words] == [("ชร", "ขร")]
    roundtrip(generated, issued_docx, same_layout=False)
    issued_text = "ที่ ขร ๐๐๑๙.๑/ว ๔๗\n\nศาลากลางจังหวัดเชียงราย\nถนนแม่ฟ้าหลวง ชร ๕๗๑๐๐\n\nเรื่อง การรายงานผล\n"
    (change,) = diff(generated, issued_text.encode(), generated_name="g.docx", issued_name="i.txt").changes
    assert [(op.old, op.new) for op in change.changed_words] == [("ชร", "ขร")]


def test_a_rewritten_subject_meets_its_counterpart() -> None:
    opening = ["ที่ ชร ๐๐๑๙/ว ๑", "ศาลากลางจังหวัดเชียงราย", "๒๐ กุมภาพันธ์ ๒๕๖๒"]
    closing = ["เรียน นายอำเภอ ทุกอำเภอ", "ตามที่จังหวัดได้แจ้งแนวทางการดำเนินงาน นั้น", "จึงเรียนมาเพื่อโปรดทราบ",
               "ขอแสดงความนับถือ", "(นายสมชาย ใจดี)", "ผู้ว่าราชการจังหวัดเชียงราย"]
    generated = build([*opening, "เรื่อง ขอเชิญประชุม", *closing])
    issued = build([*opening, "เรื่อง การรายงานผลการดำเนินงานประจำปี", *closing])
    result = diff(generated, issued, generated_name="g.docx", issued_name="i.docx")
    (change,) = result.changes
    assert change.kind == "replace" and change.part == "subject"


def test_text_issued_letter_becomes_a_docx_with_changes() -> None:
    generated = build(["ที่ ชร ๐๐๑๙/ว ๑", "ขอให้อำเภอดำเนินการ", "ย่อหน้าที่ถูกลบ"])
    issued = "ที่ ชร ๐๐๑๙/ว ๑\n\nขอให้จังหวัดดำเนินการ\n\nย่อหน้าใหม่\tมีแท็บ\n".encode()
    result = diff(generated, issued, generated_name="g.docx", issued_name="i.txt")
    tracked = tracked_changes_docx(result, issued)
    assert diff(accept_all(tracked), issued, generated_name="a.docx", issued_name="i.txt").identical
    rejected = diff(reject_all(tracked), generated, generated_name="r.docx", issued_name="g.docx")
    assert rejected.text_identical  # a text file carries no formatting to restore


PARAGRAPH = (
    "ตามหนังสือที่อ้างถึง จังหวัดเชียงรายได้แจ้งแนวทางการดำเนินงานการพัฒนาเศรษฐกิจฐานราก "
    "ปี พ.ศ. ๒๕๖๒ ให้อำเภอโดยกลไกตามนโยบายสานพลังประชารัฐดำเนินการขับเคลื่อน "
    "การพัฒนาเศรษฐกิจฐานราก เพื่อตอบสนองนโยบายรัฐบาลด้านลดความเหลื่อมล้ำ สร้างรายได้และความเข้มแข็ง "
    "ด้านเศรษฐกิจชุมชนให้เห็นผลอย่างเป็นรูปธรรม และรายงานผลให้กระทรวงมหาดไทยรับทราบ ทุกวันที่ ๒๕ ของเดือน"
)


def wrap_at_words(text: str, width: int) -> str:
    """Wrap Thai text at word boundaries, as a PDF-to-text extractor does (no space needed)."""
    from thaidoc.diff.words import tokenize

    lines, line = [], ""
    for token in tokenize(text):
        if line and len(line) + len(token) > width:
            lines.append(line.strip())
            line = ""
        line += token
    return "\n".join([*lines, line.strip()])


@pytest.mark.parametrize("width", [30, 45, 60])
def test_wrapped_text_file_is_rejoined(width: int) -> None:
    edited = PARAGRAPH.replace("ให้อำเภอ", "ให้จังหวัด", 1)
    generated = build([PARAGRAPH, "จึงเรียนมาเพื่อทราบ"])
    issued = wrap_at_words(edited, width) + "\n\nจึงเรียนมาเพื่อทราบ\n"
    result = diff(generated, issued.encode(), generated_name="g.docx", issued_name="wrapped.txt")
    (change,) = result.changes
    assert change.kind == "replace"
    assert [(op.old, op.new) for op in change.changed_words] == [("อำเภอ", "จังหวัด")]


def test_irregular_lines_are_matched_to_their_paragraph() -> None:
    # one paragraph per sentence on the issued side, with no blank lines: not "wrapped", but
    # the lines still belong to the generated paragraph
    edited = PARAGRAPH.replace("ให้อำเภอ", "ให้จังหวัด", 1)
    issued = edited.replace(" ปี พ.ศ.", "\nปี พ.ศ.").replace(" การพัฒนา", "\nการพัฒนา")
    generated = build([PARAGRAPH, "จึงเรียนมาเพื่อทราบ"])
    result = diff(generated, (issued + "\n\nจึงเรียนมาเพื่อทราบ\n").encode(), generated_name="g.docx", issued_name="i.txt")
    (change,) = result.changes
    assert [(op.old, op.new) for op in change.changed_words] == [("อำเภอ", "จังหวัด")]


@pytest.mark.parametrize("noise", ["digits", "zero-width", "sara-am", "spaces"])
def test_invisible_noise_is_identical_in_tracked_output_too(noise: str) -> None:
    paragraphs = ["ขอให้อำเภอดำเนินการ ภายใน ๑๕ วัน", "น้ำประปา ๒,๕๐๐ บาท"]
    changed = {
        "digits": lambda s: s.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")),
        "zero-width": lambda s: s.replace("ดำเนิน", "ดำ\u200bเนิน"),
        "sara-am": lambda s: s.replace("\u0e49\u0e33", "\u0e4d\u0e49\u0e32"),
        "spaces": lambda s: s.replace(" ", "  "),
    }[noise]
    generated, issued = build(paragraphs), build([changed(p) for p in paragraphs])
    result = diff(generated, issued, generated_name="g.docx", issued_name="i.docx")
    assert result.identical
    root = document_xml(tracked_changes_docx(result, issued))
    assert not list(root.iter(f"{W}ins", f"{W}del", f"{W}rPrChange"))


def test_added_table_row_is_an_inserted_row() -> None:
    head = ["ลำดับ", "รายการ", "จำนวนเงิน"]
    generated = build(["รายละเอียด"], [head, ["๑", "ค่าอาหารว่าง", "๑๘,๓๐๐"]])
    issued = build(["รายละเอียด"], [head, ["๑", "ค่าอาหารว่าง", "๑๘,๓๐๐"], ["๒", "ค่าวัสดุฝึกอบรม", "๔,๕๐๐"]])
    tracked = roundtrip(generated, issued)
    root = document_xml(tracked)
    (mark,) = [m for m in root.iter(f"{W}ins") if m.getparent().tag == f"{W}trPr"]
    rejected = document_xml(reject_all(tracked))
    assert len(list(rejected.iter(f"{W}tr"))) == 2
    assert all(tc.find(f"{W}p") is not None for tc in rejected.iter(f"{W}tc"))


def test_removed_table_row_is_a_deleted_row() -> None:
    head = ["ลำดับ", "รายการ", "จำนวนเงิน"]
    generated = build(["รายละเอียด"], [head, ["๑", "ค่าอาหารว่าง", "๑๘,๓๐๐"], ["๒", "ค่าวัสดุฝึกอบรม", "๔,๕๐๐"]])
    issued = build(["รายละเอียด"], [head, ["๒", "ค่าวัสดุฝึกอบรม", "๔,๕๐๐"]])
    tracked = roundtrip(generated, issued)
    root = document_xml(tracked)
    rows = list(root.iter(f"{W}tr"))
    assert len(rows) == 3 and rows[1].find(f"{W}trPr/{W}del") is not None
    assert "".join(t.text for t in rows[1].iter(f"{W}delText")) == "๑ค่าอาหารว่าง๑๘,๓๐๐"


def test_bold_total_row_in_a_table() -> None:
    def table_doc(bold_total: bool) -> bytes:
        document = docx.Document()
        grid = document.add_table(rows=2, cols=2)
        for r, (label, amount) in enumerate([("ค่าอาหารว่าง", "๑๘,๓๐๐"), ("รวมทั้งสิ้น", "๑๘,๓๐๐")]):
            grid.cell(r, 0).text = label
            run = grid.cell(r, 1).paragraphs[0].add_run(amount)
            run.bold = bold_total and r == 1
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()

    generated, issued = table_doc(False), table_doc(True)
    result = diff(generated, issued, generated_name="g.docx", issued_name="i.docx")
    (change,) = result.changes
    assert change.kind == "format" and change.location == "table 1 row 2"
    assert [(f.attribute, f.text) for f in change.formatting] == [("bold", "๑๘,๓๐๐")]
    root = document_xml(roundtrip(generated, issued))
    assert len(list(root.iter(f"{W}rPrChange"))) == 1


def test_issued_letter_that_already_has_tracked_changes() -> None:
    # an issued letter still carrying a reviewer's insertion: thaidoc's revisions go beside
    # it, never inside it, and accepting everything still gives the issued text
    generated = build(["ขอให้อำเภอดำเนินการ ภายใน ๑๕ วัน"])
    issued = build(["ขอให้จังหวัดดำเนินการ ภายใน ๓๐ วัน"])
    root = document_xml(issued)
    run = next(root.iter(f"{W}r"))
    existing = etree.Element(f"{W}ins")
    existing.set(f"{W}id", "900")
    existing.set(f"{W}author", "เจ้าหน้าที่")
    existing.set(f"{W}date", "2024-01-01T00:00:00Z")
    run.addprevious(existing)
    existing.append(run)
    issued = with_document(issued, root)
    result = diff(generated, issued, generated_name="g.docx", issued_name="i.docx")
    assert [(op.old, op.new) for c in result.changes for op in c.changed_words] == [("อำเภอ", "จังหวัด"), ("๑๕", "๓๐")]
    tracked = tracked_changes_docx(result, issued)
    tracked_root = document_xml(tracked)
    assert not [i for i in tracked_root.iter(f"{W}ins") if i.getparent().tag == f"{W}ins"]
    assert not [d for d in tracked_root.iter(f"{W}del") if d.getparent().tag == f"{W}ins"]
    assert text(accept_all(tracked)) == text(issued)


def test_changes_inside_and_after_a_text_box_and_a_content_control() -> None:
    # The writer finds a block's paragraph by the index extract() gave it, so text-box
    # paragraphs (read after the paragraph anchoring them) and content controls must be
    # counted the same way on both sides, or the edit lands in the wrong paragraph.
    generated = build(["ก่อนกล่อง", "ในกล่องเดิม", "ในตัวควบคุม ภายใน ๑๕ วัน", "หลังกล่อง ขอให้อำเภอดำเนินการ"])
    issued = build(["ก่อนกล่อง", "ในกล่องใหม่", "ในตัวควบคุม ภายใน ๓๐ วัน", "หลังกล่อง ขอให้จังหวัดดำเนินการ"])
    root = document_xml(issued)
    anchor, boxed, controlled, _ = root.iter(f"{W}p")
    box = etree.SubElement(etree.SubElement(etree.SubElement(anchor, f"{W}r"), f"{W}pict"), f"{W}txbxContent")
    box.append(boxed)  # the second paragraph now sits in a text box anchored in the first
    sdt = etree.Element(f"{W}sdt")
    controlled.addprevious(sdt)
    etree.SubElement(sdt, f"{W}sdtContent").append(controlled)
    issued = with_document(issued, root)
    assert [b.text for b in extract(issued, name="i.docx").blocks] == [
        "ก่อนกล่อง", "ในกล่องใหม่", "ในตัวควบคุม ภายใน ๓๐ วัน", "หลังกล่อง ขอให้จังหวัดดำเนินการ"]
    tracked = roundtrip(generated, issued)
    inserted = ["".join(i.itertext()) for i in document_xml(tracked).iter(f"{W}ins")]
    assert inserted == ["ใหม่", "๓๐", "จังหวัด"]


WORDS = ["การ", "ดำเนินงาน", "จังหวัด", "อำเภอ", "น้ำ", "เรียน", "แจ้ง", "โปรด", "ให้", "ที่", "สิ่ง", "ส่ง",
         "ผู้ว่าราชการ", "กำลัง", "๑๖๐", "บาท", " ", "เศรษฐกิจ", "ฐานราก", "ปี", "๒๕๖๗", "ใหม่", "แล้ว"]
paragraph_text = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map("".join).filter(lambda t: t.strip())


@st.composite
def letter_pair(draw):
    generated = draw(st.lists(paragraph_text, min_size=1, max_size=6))
    issued = list(generated)
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["edit", "insert", "delete"]))
        if action == "edit" and issued:
            i = draw(st.integers(0, len(issued) - 1))
            words = list(issued[i])
            cut = draw(st.integers(0, len(words)))
            issued[i] = "".join(words[:cut]) + draw(st.sampled_from(WORDS[:-3])) + "".join(words[cut:])
        elif action == "insert":
            issued.insert(draw(st.integers(0, len(issued))), draw(paragraph_text))
        elif action == "delete" and len(issued) > 1:
            issued.pop(draw(st.integers(0, len(issued) - 1)))
    # split every issued paragraph into runs, some bold, to exercise run splitting
    pieces = []
    for text in issued:
        cuts = sorted(draw(st.lists(st.integers(1, max(1, len(text) - 1)), max_size=2, unique=True)))
        edges = [0, *[c for c in cuts if 0 < c < len(text)], len(text)]
        pieces.append([(text[a:b], draw(st.booleans())) for a, b in zip(edges, edges[1:]) if text[a:b]])
    return generated, pieces


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(letter_pair())
def test_accepting_and_rejecting_any_edits(pair) -> None:
    generated_paragraphs, issued_pieces = pair
    generated, issued = build(generated_paragraphs), build(issued_pieces)
    result = diff(generated, issued, generated_name="g.docx", issued_name="i.docx")
    tracked = tracked_changes_docx(result, issued)
    root = document_xml(tracked)
    assert not [e for e in root.iter(f"{W}ins", f"{W}del") if e.getparent().tag in (f"{W}ins", f"{W}del")]
    assert text(accept_all(tracked)) == text(issued)
    assert diff(reject_all(tracked), generated, generated_name="r.docx", issued_name="g.docx").text_identical
