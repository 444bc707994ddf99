"""Diffing whole documents: alignment, word-level changes, formatting, inputs of any kind."""

from __future__ import annotations

import io
import re

import docx
import pytest
from docx.shared import Pt

from thaidoc.diff import DiffResult, diff
from thaidoc.errors import ReadError

LETTER = [
    "ที่ ชร ๐๐๑๙.๑/ว ๔๗",
    "ศาลากลางจังหวัดเชียงราย",
    "ถนนแม่ฟ้าหลวง ชร ๕๗๑๐๐",
    "๒๐ กุมภาพันธ์ ๒๕๖๒",
    "เรื่อง การรายงานผลการดำเนินงานการพัฒนาเศรษฐกิจฐานราก",
    "เรียน นายอำเภอ ทุกอำเภอ",
    "ตามหนังสือที่อ้างถึง จังหวัดเชียงรายได้แจ้งแนวทางการดำเนินงาน ขอให้อำเภอดำเนินการ ดังนี้",
    "โดยได้รับงบประมาณ ๑๖๐,๖๗๔,๔๐๐ บาท (หนึ่งร้อยหกสิบล้านหกแสนเจ็ดหมื่นสี่พันสี่ร้อยบาทถ้วน)",
    "จึงเรียนมาเพื่อโปรดพิจารณาดำเนินการ",
    "ขอแสดงความนับถือ",
    "(นายสมชาย ใจดี)",
    "ผู้ว่าราชการจังหวัดเชียงราย",
]


def make_docx(paragraphs: list[str], *, bold: set[str] = frozenset(), font: str = "TH SarabunIT๙") -> bytes:
    document = docx.Document()
    for text in paragraphs:
        run = document.add_paragraph().add_run(text)
        run.font.name = font
        run.font.size = Pt(16)
        if text in bold:
            run.bold = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def edited_letter() -> list[str]:
    issued = list(LETTER)
    issued[6] = issued[6].replace("ขอให้อำเภอดำเนินการ", "ขอให้จังหวัดดำเนินการ")
    issued[7] = issued[7].replace("๑๖๐,๖๗๔,๔๐๐", "๑๖๐,๖๗๔,๐๐๐")
    issued.insert(8, "ทั้งนี้ ขอให้รายงานผลภายในวันที่ ๒๕ มีนาคม ๒๕๖๒")
    return issued


def run_diff(old: list[str], new: list[str], **kwargs) -> DiffResult:
    return diff(make_docx(old), make_docx(new, **kwargs), generated_name="generated.docx", issued_name="issued.docx")


def test_the_same_letter_is_identical() -> None:
    result = run_diff(LETTER, LETTER)
    assert result.identical and result.changes == ()
    assert result.to_dict()["identical"] is True


def test_edited_letter_shows_exactly_the_edits() -> None:
    result = run_diff(LETTER, edited_letter(), bold={"(นายสมชาย ใจดี)"})
    kinds = [change.kind for change in result.changes]
    assert kinds == ["replace", "replace", "insert", "format"]
    swap, amount, added, bold = result.changes
    assert [(op.kind, op.old, op.new) for op in swap.changed_words] == [("replace", "อำเภอ", "จังหวัด")]
    assert [(op.old, op.new) for op in amount.changed_words] == [("๑๖๐,๖๗๔,๔๐๐", "๑๖๐,๖๗๔,๐๐๐")]
    assert added.new == "ทั้งนี้ ขอให้รายงานผลภายในวันที่ ๒๕ มีนาคม ๒๕๖๒" and added.old == ""
    assert [(f.attribute, f.text, f.old, f.new) for f in bold.formatting] == [("bold", "(นายสมชาย ใจดี)", False, True)]
    assert not result.identical and not result.text_identical
    assert result.summary() == "4 differences: 2 changed, 1 added, 1 reformatted"


def test_deleted_paragraph() -> None:
    issued = [p for p in LETTER if not p.startswith("จึงเรียน")]
    result = run_diff(LETTER, issued)
    assert [(c.kind, c.old) for c in result.changes] == [("delete", "จึงเรียนมาเพื่อโปรดพิจารณาดำเนินการ")]
    assert "generated paragraph 9" in result.changes[0].location
    from thaidoc.diff.views import to_html

    assert "generated paragraph 9" in to_html(result)  # not "paragraph 9", which is another one there


def test_digits_fonts_and_invisible_characters_are_not_changes() -> None:
    issued = [
p.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")) for p in LETTER
    ]
    issued[4] = issued[4].replace("ดำเนินงาน", "ด\u0e4d\u0e32เนิน\u200bงาน")
    generated = make_docx(LETTER, font="TH Sarabun New")
    result = diff(generated, make_docx(issued), generated_name="g.docx", issued_name="i.docx")
    assert result.identical, result.to_dict()
    assert any("SarabunIT" in note for note in result.notes)


def test_a_different_font_family_is_a_format_change() -> None:
    result = diff(make_docx(LETTER), make_docx(LETTER, font="Angsana New"), generated_name="g.docx", issued_name="i.docx")
    assert result.text_identical and not result.identical
    assert {f.attribute for c in result.changes for f in c.formatting} == {"font"}


def test_text_file_against_docx_with_rewrapped_lines() -> None:
    # the issued letter as a text extractor gives it: Arabic digits, a paragraph wrapped
    # over lines, the two address lines in one block
    lines = []
    for paragraph in LETTER:
        text = paragraph.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))
        cut = text.find(" ", 25)
        if cut > 0:
            text = text[:cut] + "\n" + text[cut + 1 :]
        lines.append(text)
    text = "\n\n".join(lines).replace("เชียงราย\n\nถนน", "เชียงราย\nถนน")
    result = diff(make_docx(LETTER), text.encode(), generated_name="generated.docx", issued_name="issued.txt")
    assert result.identical, result.to_dict()


def test_text_file_against_docx_with_an_edit() -> None:
    text = "\n\n".join(edited_letter())
    result = diff(make_docx(LETTER), text.encode(), generated_name="generated.docx", issued_name="issued.txt")
    assert [c.kind for c in result.changes] == ["replace", "replace", "insert"]
    assert result.changes[0].new_at is not None and result.changes[0].new_at.line == 13


def test_paths_and_public_name(tmp_path) -> None:
    (tmp_path / "a.docx").write_bytes(make_docx(LETTER))
    (tmp_path / "b.txt").write_text("\n\n".join(edited_letter()), encoding="utf-8")
    from thaidoc.diff import diff_documents

    result = diff_documents(tmp_path / "a.docx", str(tmp_path / "b.txt"))
    assert isinstance(result, DiffResult)
    assert result.old_source.endswith("a.docx") and result.new_source.endswith("b.txt")
    assert len(result.changes) == 3


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"not a zip at all", "broken.docx", "not a .docx"),
        (b"\xff\xfe\x00bad", "bad.txt", "UTF-8"),
    ],
)
def test_unreadable_input_raises_read_error(data: bytes, name: str, message: str) -> None:
    with pytest.raises(ReadError, match=re.escape(message)):
        diff(data, make_docx(LETTER), generated_name=name, issued_name="ok.docx")


def test_missing_file_is_a_read_error(tmp_path) -> None:
    with pytest.raises(ReadError, match="no such file"):
        diff(tmp_path / "nope.docx", make_docx(LETTER))


def test_changed_table_row() -> None:
    def table_doc(amount: str) -> bytes:
        document = docx.Document()
        document.add_paragraph("รายละเอียดงบประมาณ")
        table = document.add_table(rows=2, cols=3)
        for r, row in enumerate([("ลำดับ", "รายการ", "จำนวนเงิน"), ("๑", "ค่าอาหารว่าง", amount)]):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()

    result = diff(table_doc("๑๘,๓๐๐"), table_doc("๑๘,๐๐๐"), generated_name="g.docx", issued_name="i.docx")
    (change,) = result.changes
    assert change.location == "table 2 row 2"
    assert [(op.old, op.new) for op in change.changed_words] == [("๑๘,๓๐๐", "๑๘,๐๐๐")]


@pytest.mark.seeds
@pytest.mark.parametrize("name", ["000_ec0edc82635bff2b.txt", "001_6fcf3ae44a638f05.txt", "002_94abadab182a54d7.txt"])
def test_seed_against_itself_converted_and_rewrapped(seed_text, name: str) -> None:
    original = seed_text(name)
    converted = original.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))
    # re-wrap long lines of prose at a space (not table rows), as a text extractor would
    rewrapped = []
    for line in converted.split("\n"):
        if "\t" not in line and len(line) > 60 and " " in line[30:]:
            cut = line.index(" ", 30)
            line = line[:cut] + "\n" + line[cut + 1 :]
        rewrapped.append(line)
    result = diff(original.encode(), "\n".join(rewrapped).encode(), generated_name=name, issued_name="issued.txt")
    assert result.identical, result.summary()


@pytest.mark.seeds
def test_seed_with_one_word_changed(seed_text) -> None:
    original = seed_text("000_ec0edc82635bff2b.txt")
    assert "ขอให้อำเภอดำเนินการ" in original
    edited = original.replace("ขอให้อำเภอดำเนินการ", "ขอให้จังหวัดดำเนินการ", 1)
    result = diff(original.encode(), edited.encode(), generated_name="seed.txt", issued_name="edited.txt")
    (change,) = result.changes
    assert [(op.old, op.new) for op in change.changed_words] == [("อำเภอ", "จังหวัด")]


def seed_as_docx(text: str, *, edit: tuple[str, str] | None = None) -> bytes:
    """The seed typed into Word the SarabunIT๙ way: Arabic digits, tab lines as tables."""
    document = docx.Document()
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            for i, row in enumerate(rows):
                for j, cell in enumerate(row):
                    table.cell(i, j).text = cell.strip()
            rows.clear()

    if edit:
        text = text.replace(*edit)
    for line in text.split("\n"):
        line = line.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))
        if "\t" in line and line.strip():
            rows.append(line.rstrip().split("\t"))
            continue
        flush()
        document.add_paragraph(line)
    flush()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.seeds
@pytest.mark.parametrize("name", ["000_ec0edc82635bff2b.txt", "001_6fcf3ae44a638f05.txt", "002_94abadab182a54d7.txt"])
def test_seed_text_against_the_same_letter_in_word(seed_text, name: str) -> None:
    text = seed_text(name)
    result = diff(seed_as_docx(text), text.encode(), generated_name="seed.docx", issued_name=name)
    assert result.identical, result.summary()


@pytest.mark.seeds
def test_seed_schedule_row_changed_in_word(seed_text) -> None:
    text = seed_text("002_94abadab182a54d7.txt")
    row = "๔\tศุกร์ ๑๙ เม.ย. ๖๗\t๐๘.๓๐ น.\tแปลงยาว"
    assert row in text
    generated = seed_as_docx(text, edit=(row, row.replace("๐๘.๓๐", "๑๓.๓๐")))
    result = diff(generated, text.encode(), generated_name="plan.docx", issued_name="plan.txt")
    (change,) = result.changes
    assert change.new_at is not None and change.new_at.row is not None
    assert [(op.old, op.new) for op in change.changed_words] == [("13.30", "๐๘.๓๐")]


def test_a_letter_reset_in_another_size_is_one_line_in_the_terminal() -> None:
    from thaidoc.diff.views import render_text

    def sized(points: int) -> bytes:
        document = docx.Document()
        for text in LETTER:
            run = document.add_paragraph().add_run(text)
            run.font.size = Pt(points)
            run._r.get_or_add_rPr().append(run._r.makeelement(docx.oxml.ns.qn("w:szCs"), {docx.oxml.ns.qn("w:val"): str(points * 2)}))
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()

    result = diff(sized(16), sized(15), generated_name="g.docx", issued_name="i.docx")
    assert result.text_identical and len(result.changes) == len(LETTER)
    view = render_text(result, width=200)
    assert f"{len(LETTER)} paragraphs: formatting" in view
    assert "size 16.0 -> 15.0" in view
    assert view.count("formatting") == 1
