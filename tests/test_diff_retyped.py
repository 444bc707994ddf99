"""Issued letters that were retyped or saved differently, without LibreOffice: other digits,
numbering styles, Word's automatic numbers, zero-width characters, wrapping, other text
encodings, a frame kept elsewhere in the file; and the diff's own parts (formatting runs,
moves, values, the near-linear matcher)."""

from __future__ import annotations

import io
import re
import zipfile

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import thaidoc
from thaidoc.diff import diff
from thaidoc.diff.core import Unit, format_differences
from thaidoc.diff.model import Side
from thaidoc.diff.tracked import accept_all, reject_all, tracked_changes_docx
from thaidoc.diff.views import to_html
from thaidoc.diff.words import sequence_opcodes
from thaidoc.read.extract import extract

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


@pytest.fixture(scope="module")
def memo() -> bytes:
    return thaidoc.render("samples/letters/memo-training-budget.yaml")


def retyped(docx_bytes: bytes, *, width: int | None = None, numbering: str = "{n}.") -> str:
    """The letter as a typist retypes it: Arabic digits, another list style, zero-width
    spaces inside words, and (``width``) lines wrapped at a column."""
    lines = []
    for block in extract(docx_bytes, name="x.docx").blocks:
        text = block.text.translate(ARABIC)
        text = re.sub(r"^([0-9]+)\.", lambda m: numbering.format(n=m.group(1)), text)
        text = text.replace("กลุ่ม", "กลุ่ม\u200b", 1)
        if width and len(text) > width and "\t" not in text:
            pieces = [text[i:i + width] for i in range(0, len(text), width)]
            text = "\n".join(pieces)
        lines.append(text)
    return "\n\n".join(lines) + "\n"


@pytest.mark.parametrize("numbering", ["{n}.", "{n})", "({n})"])
@pytest.mark.parametrize("width", [None, 70])
def test_a_retyped_letter_without_edits_is_the_same(memo: bytes, numbering: str, width: int | None) -> None:
    text = retyped(memo, width=width, numbering=numbering)
    result = diff(memo, text.encode(), generated_name="memo.docx", issued_name="memo.txt")
    assert result.text_identical, [(c.location, c.old[:50], c.new[:50]) for c in result.changes]


def test_a_changed_list_number_is_still_a_change(memo: bytes) -> None:
    text = retyped(memo, numbering="({n})").replace("(1) ค่าอาหาร", "(2) ค่าอาหาร")
    result = diff(memo, text.encode(), generated_name="memo.docx", issued_name="memo.txt")
    [op] = [op for c in result.changes for op in c.changed_words]
    assert op.old == "๑" and op.new.strip("(") == "2"


@pytest.mark.parametrize("encoding", ["cp874", "tis-620", "utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_thai_text_in_other_encodings_reads_the_same(encoding: str) -> None:
    text = open("samples/issued/faulty-circular.txt", encoding="utf-8").read()
    data = text.encode(encoding)
    assert [b.text for b in extract(data, name="x.txt").blocks] == [b.text for b in extract(text.encode(), name="x.txt").blocks]


def numbered_docx(fmt: str, text: str, items: list[str]) -> bytes:
    """A .docx whose items carry Word's automatic numbering (numbering.xml, w:numPr)."""
    document = docx.Document()
    document.add_paragraph(text)
    for item in items:
        document.add_paragraph(item)
    buffer = io.BytesIO()
    document.save(buffer)
    numbering = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="{W_NS}">'
        f'<w:abstractNum w:abstractNumId="7"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        '<w:lvlText w:val="%1."/></w:lvl></w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num>'
        "</w:numbering>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                xml = data.decode("utf-8")
                for item in items:
                    xml = xml.replace(f"<w:p><w:r><w:t>{item}", f'<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/>'
                                      f'<w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t>{item}', 1)
                data = xml.encode("utf-8")
            if info.filename != "word/numbering.xml":
                target.writestr(info, data)
        target.writestr("word/numbering.xml", numbering)
    return out.getvalue()


@pytest.mark.parametrize("fmt, first", [("thaiNumbers", "๑."), ("decimal", "1.")])
def test_word_automatic_numbers_are_read_as_printed(fmt: str, first: str) -> None:
    items = ["ศึกษาแนวทางการดำเนินงาน", "จัดทำโครงการ", "รายงานผล"]
    auto = numbered_docx(fmt, "ดำเนินการดังนี้", items)
    texts = [b.text for b in extract(auto, name="auto.docx").blocks]
    assert texts[1].startswith(first) and texts[3].startswith("๓." if fmt == "thaiNumbers" else "3.")
    typed = "ดำเนินการดังนี้\n" + "".join(f"({n}) {item}\n" for n, item in enumerate(items, start=1))
    assert diff(auto, typed.encode(), generated_name="auto.docx", issued_name="typed.txt").identical


def test_formatting_is_grouped_per_run_of_words_not_per_code_point() -> None:
    text = "เรื่อง ขอเชิญประชุม"
    plain = (False, False, False, 16.0, "TH SarabunIT๙")
    heading = (True, False, False, 18.0, "TH SarabunIT๙")
    old = Unit(Side(0), text, "", tuple([plain] * len(text)))
    new = Unit(Side(0), text, "", tuple([heading] * 6 + [plain] * (len(text) - 6)))
    differences = format_differences(old, new)
    assert [(d.attribute, d.text) for d in differences] == [("bold", "เรื่อง"), ("size", "เรื่อง")]
    half = Unit(Side(0), text, "", tuple([plain] * 3 + [heading] * 3 + [plain] * (len(text) - 6)))
    assert {d.text for d in format_differences(old, half)} == {"เรื่อง"}  # widened to the word


def moved_docx(paragraphs: list[str]) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


PARAGRAPHS = [
    "ตามหนังสือที่อ้างถึง จังหวัดได้แจ้งแนวทางการดำเนินงานให้อำเภอทราบแล้ว นั้น",
    "๑. ตรวจสอบฐานข้อมูลกลุ่มเป้าหมายให้ถูกต้องเป็นปัจจุบัน",
    "๒. ขับเคลื่อนการพัฒนาเศรษฐกิจฐานรากให้บรรลุตามเป้าหมาย",
    "๓. รายงานผลการดำเนินงานทุกวันที่ ๒๕ ของเดือน",
    "จึงเรียนมาเพื่อโปรดพิจารณาดำเนินการ",
]


def test_a_moved_paragraph_is_a_move_in_every_output() -> None:
    generated = moved_docx(PARAGRAPHS)
    order = [PARAGRAPHS[0], PARAGRAPHS[3], PARAGRAPHS[1], PARAGRAPHS[2], PARAGRAPHS[4]]
    issued = moved_docx(order)
    result = diff(generated, issued, generated_name="g.docx", issued_name="i.docx")
    assert [c.kind for c in result.changes] == ["move"], [(c.kind, c.old, c.new) for c in result.changes]
    assert result.summary() == "1 difference: 1 moved"
    assert result.to_dict()["changes"][0]["kind"] == "move"
    page = to_html(result)
    assert "moved from here" in page and "moved here" in page
    tracked = tracked_changes_docx(result, issued)
    xml = zipfile.ZipFile(io.BytesIO(tracked)).read("word/document.xml").decode("utf-8")
    assert "w:moveFrom " in xml and "w:moveTo " in xml and "w:moveFromRangeStart" in xml
    assert "<w:ins " not in xml and "<w:del " not in xml
    assert extract(accept_all(tracked)).text() == extract(issued).text()
    assert extract(reject_all(tracked)).text() == extract(generated).text()


def test_a_moved_and_renumbered_item_is_a_move_with_its_new_number() -> None:
    generated = moved_docx(PARAGRAPHS)
    issued = moved_docx([PARAGRAPHS[0], "๑. รายงานผลการดำเนินงานทุกวันที่ ๒๕ ของเดือน",
                         "๒. ตรวจสอบฐานข้อมูลกลุ่มเป้าหมายให้ถูกต้องเป็นปัจจุบัน",
                         "๓. ขับเคลื่อนการพัฒนาเศรษฐกิจฐานรากให้บรรลุตามเป้าหมาย", PARAGRAPHS[4]])
    result = diff(generated, issued, generated_name="g.docx", issued_name="i.docx")
    kinds = [c.kind for c in result.changes]
    assert "move" in kinds and "insert" not in kinds and "delete" not in kinds, kinds


def test_the_change_list_names_an_amount_and_whether_its_words_agree(memo: bytes) -> None:
    text = retyped(memo).replace("6,300 บาท (หกพันสามร้อยบาทถ้วน)", "6,500 บาท (หกพันสามร้อยบาทถ้วน)", 1)
    result = diff(memo, text.encode(), generated_name="memo.docx", issued_name="memo.txt")
    [value] = result.values
    assert (value.what, value.old, value.new, value.problem) == ("amount", "6,300 บาท", "6,500 บาท", True)
    assert "อ่านได้ 6,300 บาท" in (value.note or "")
    assert "ค่าที่เปลี่ยน / changed values" in to_html(result) and result.to_dict()["values"][0]["problem"] is True
    fixed = text.replace("(หกพันสามร้อยบาทถ้วน)", "(หกพันห้าร้อยบาทถ้วน)", 1)
    [value] = diff(memo, fixed.encode(), generated_name="memo.docx", issued_name="memo.txt").values
    assert not value.problem and value.note and "agree" in value.note


def test_the_change_list_names_the_letter_date_number_and_signer(memo: bytes) -> None:
    text = (retyped(memo).replace("0019.2/412", "0019.2/413").replace("7 พฤษภาคม 2567", "8 พฤษภาคม 2567")
            .replace("นางสาวสุภาพร ใจดี", "นางสาวสุภาพร ใจงาม"))
    values = {v.what: (v.old, v.new) for v in diff(memo, text.encode(), generated_name="m.docx", issued_name="m.txt").values}
    assert values["number"] == ("ฉช 0019.2/412", "ฉช 0019.2/413")
    assert values["date"][0].startswith("๗ พฤษภาคม ๒๕๖๗") and values["date"][1].startswith("๘ พฤษภาคม ๒๕๖๗")
    assert "ใจงาม" in values["signer"][1]


def test_a_frame_at_the_page_foot_is_read_after_the_text_of_its_page() -> None:
    document = docx.Document()
    for text in ("ขอแสดงความนับถือ", "(นายทดสอบ ระบบ)", "สำนักงานพัฒนาชุมชนจังหวัด", "ผู้ว่าราชการจังหวัด"):
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            payload = source.read(info.filename)
            if info.filename == "word/document.xml":
                payload = payload.decode("utf-8").replace(
                    "<w:p><w:r><w:t>สำนักงานพัฒนาชุมชนจังหวัด",
                    '<w:p><w:pPr><w:framePr w:w="9071" w:wrap="notBeside" w:vAnchor="margin" w:hAnchor="margin" '
                    'w:y="12280"/></w:pPr><w:r><w:t>สำนักงานพัฒนาชุมชนจังหวัด', 1).encode("utf-8")
            target.writestr(info, payload)
    texts = [b.text for b in extract(out.getvalue(), name="x.docx").blocks]
    assert texts == ["ขอแสดงความนับถือ", "(นายทดสอบ ระบบ)", "ผู้ว่าราชการจังหวัด", "สำนักงานพัฒนาชุมชนจังหวัด"]


tokens = st.lists(st.sampled_from(["ก", "ข", "ค", "ง", "จ", "ฉ", " "]), max_size=60)


@settings(max_examples=200, deadline=None)
@given(tokens, tokens, st.booleans())
def test_the_matcher_turns_one_sequence_into_the_other(a: list[str], b: list[str], long: bool) -> None:
    if long:  # past the direct limit: the anchored (patience) path
        a = [f"{x}{i % 7}" for i, x in enumerate(a * 30)]
        b = [f"{x}{i % 5}" for i, x in enumerate(b * 30)]
    rebuilt: list[str] = []
    position_a = position_b = 0
    for tag, i1, i2, j1, j2 in sequence_opcodes(a, b):
        assert (i1, j1) == (position_a, position_b)
        if tag == "equal":
            assert a[i1:i2] == b[j1:j2]
        rebuilt += b[j1:j2]
        position_a, position_b = i2, j2
    assert (position_a, position_b) == (len(a), len(b)) and rebuilt == b



def test_a_redline_for_a_text_issued_letter_keeps_the_generated_layout(memo: bytes, tmp_path) -> None:
    from click.testing import CliRunner

    from thaidoc.cli import main

    generated = tmp_path / "memo.docx"
    generated.write_bytes(memo)
    issued = tmp_path / "memo.txt"
    issued.write_text(retyped(memo).replace("กำหนดจัดฝึกอบรม", "กำหนดจัดประชุม"), encoding="utf-8")
    redline = tmp_path / "redline.docx"
    outcome = CliRunner().invoke(main, ["diff", str(generated), str(issued), "--docx", str(redline)])
    assert outcome.exit_code == 1 and "the generated letter with the issued letter's changes" in outcome.output
    tracked = redline.read_bytes()
    xml = zipfile.ZipFile(io.BytesIO(tracked)).read("word/document.xml").decode("utf-8")
    assert "w:pStyle" in xml  # the letter's own styles, not a plain page
    assert diff(accept_all(tracked), issued.read_bytes(), generated_name="a.docx", issued_name="i.txt").identical
    assert diff(reject_all(tracked), memo, generated_name="r.docx", issued_name="g.docx").identical


def test_an_added_paragraph_wrapped_over_two_lines_is_one_change_and_furniture_is_not_text() -> None:
    generated = "เรื่อง ทดสอบ\n\nย่อหน้าแรกของหนังสือ\n\nจึงเรียนมาเพื่อโปรดทราบ\n".encode()
    issued = ("เรื่อง ทดสอบ\n\nย่อหน้าแรกของหนังสือ\n\n- ๒ -\n\nย่อหน้าที่เพิ่มเข้ามาใหม่ซึ่งยาว\n"
              "และพิมพ์ตัดบรรทัดไว้สองบรรทัด\n\n/จึงเรียนมา...\n\nจึงเรียนมาเพื่อโปรดทราบ\n").encode()
    result = diff(generated, issued, generated_name="g.txt", issued_name="i.txt")
    assert [(c.kind, c.new) for c in result.changes] == [
        ("insert", "ย่อหน้าที่เพิ่มเข้ามาใหม่ซึ่งยาว\nและพิมพ์ตัดบรรทัดไว้สองบรรทัด")
    ]
    assert "- ๒ -" not in extract(issued, name="i.txt").text()
    # one row in the side-by-side page, one inserted paragraph (lines kept) in the tracked .docx
    html = to_html(result)
    assert html.count('<tr class="insert"') == 1 and html.count("<li><a href=") == 1
    tracked = tracked_changes_docx(result, issued)
    xml = zipfile.ZipFile(io.BytesIO(tracked)).read("word/document.xml").decode("utf-8")
    added = [p for p in re.findall(r"<w:p[ >].*?</w:p>", xml) if "<w:ins " in p]
    assert len(added) == 1 and "ย่อหน้าที่เพิ่ม" in added[0] and "<w:br/>" in added[0] and "และพิมพ์ตัด" in added[0]
    assert diff(accept_all(tracked), issued, generated_name="a.docx", issued_name="i.txt").identical
    assert diff(reject_all(tracked), generated, generated_name="r.docx", issued_name="g.txt").identical


def test_a_removed_paragraph_wrapped_over_two_lines_is_one_row() -> None:
    generated = "ย่อหน้าแรกของหนังสือ\n\nย่อหน้าที่ถูกตัดออกซึ่งยาว\nและพิมพ์ตัดบรรทัดไว้สองบรรทัด\n\nจึงเรียนมา\n".encode()
    issued = "ย่อหน้าแรกของหนังสือ\n\nจึงเรียนมา\n".encode()
    result = diff(generated, issued, generated_name="g.txt", issued_name="i.txt")
    assert [(c.kind, c.old) for c in result.changes] == [
        ("delete", "ย่อหน้าที่ถูกตัดออกซึ่งยาว\nและพิมพ์ตัดบรรทัดไว้สองบรรทัด")
    ]
    assert [row.kind for row in result.rows] == ["equal", "delete", "equal"]
    assert to_html(result).count('<tr class="delete"') == 1
    tracked = tracked_changes_docx(result, issued)
    assert diff(reject_all(tracked), generated, generated_name="r.docx", issued_name="g.txt").identical
    assert diff(accept_all(tracked), issued, generated_name="a.docx", issued_name="i.txt").identical


@pytest.mark.parametrize("wrap", [("ลงวันที่ ๓๑ มกราคม ๒๕๖๒", "ลงวันที่\n๓๑ มกราคม ๒๕๖๒"), ("๒๙๘๗ ลงวันที่", "๒๙๘๗\nลงวันที่")])
def test_a_reference_wrapped_over_two_lines_keeps_the_enclosures(wrap: tuple[str, str]) -> None:
    docx_bytes = thaidoc.render("samples/letters/circular-chiang-rai-2562.yaml")
    lines = [b.text.replace("\t", " ") for b in extract(docx_bytes, name="x.docx").blocks if b.text.strip()]
    text = "\n\n".join(lines).replace(*wrap).encode()
    issued = thaidoc.read(text, name="x.txt")
    assert issued.letter is not None and len(issued.letter.enclosures) == 2
    assert [r.date.isoformat() for r in issued.letter.references] == ["2019-01-31"]
    assert thaidoc.lint(extract(text, name="x.txt")) == []  # was three false enclosure.numbering errors


def test_bold_and_size_changed_together_is_one_line_per_run_of_words() -> None:
    from docx.shared import Pt

    from thaidoc.diff.views import render_text

    def letter(heading: bool) -> bytes:
        document = docx.Document()
        paragraph = document.add_paragraph()
        for text, strong in (("เรื่อง", heading), (" ขอเชิญประชุมคณะทำงาน", False)):
            run = paragraph.add_run(text)
            run.bold = strong
            run.font.size = Pt(20 if strong else 16)
            run._r.get_or_add_rPr().append(run._r.makeelement(docx.oxml.ns.qn("w:szCs"),
                                                              {docx.oxml.ns.qn("w:val"): str(40 if strong else 32)}))
            run._r.get_or_add_rPr().append(run._r.makeelement(docx.oxml.ns.qn("w:bCs"), {}) if strong else
                                           run._r.makeelement(docx.oxml.ns.qn("w:rtl"), {docx.oxml.ns.qn("w:val"): "0"}))
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()

    result = diff(letter(False), letter(True), generated_name="g.docx", issued_name="i.docx")
    [change] = result.changes
    assert {(d.text, d.attribute) for d in change.formatting} == {("เรื่อง", "bold"), ("เรื่อง", "size")}
    assert "'เรื่อง' made bold, size 16.0 -> 20.0" in render_text(result)


@pytest.mark.parametrize("weekday, found", [("ศุกร์", ["date.weekday"]), ("เสาร์", [])])
def test_a_weekday_and_its_date_on_two_lines_are_checked_together(weekday: str, found: list[str]) -> None:
    text = (f"ที่ ชร ๐๐๑๙/ว ๑\n\nเรื่อง ทดสอบ\n\nเรียน นายอำเภอ\n\nขอให้อำเภอส่งรายงานภายในวัน{weekday}ที่\n"
            "๒๕ มกราคม ๒๕๖๘ ด้วย จะขอบคุณยิ่ง\n\nขอแสดงความนับถือ\n")
    assert [f.code for f in thaidoc.lint(extract(text.encode(), name="x.txt"))] == found  # ๒๕ ม.ค. ๖๘ was a Saturday
