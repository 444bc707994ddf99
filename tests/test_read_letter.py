"""Reading issued letters back into parts and the letter model; the round trip
read(render(letter)) for every bundled sample letter."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

import thaidoc
from thaidoc.read.document import ExtractedDocument
from thaidoc.read.extract import extract
from thaidoc.read.letter import IssuedLetter, letter_parts, read

from conftest import REPO, SEED_ALLOCATION_CHACHOENGSAO, SEED_CIRCULAR_CHIANG_RAI, SEED_SUPERVISION_PLAN

SAMPLES = sorted((REPO / "samples" / "letters").glob("*.yaml"))
# Fields whose text may hold Jinja expressions ({{ dates.x | thai_date }}): what a reader gets
# back is the expanded text, so they are compared through the rendered document instead.
EXPRESSION_FIELDS = {"body", "dates", "amounts", "emblem"}


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_read_of_rendered_sample_gives_back_its_data(sample: Path):
    from thaidoc.model import load_document
    from thaidoc.render import render

    letter = load_document(sample)
    issued = read(render(letter), name=f"{sample.stem}.docx")
    assert issued.problems == ()
    assert type(issued.letter) is type(letter)
    want = letter.model_dump(exclude=EXPRESSION_FIELDS)
    for enclosure in want.get("enclosures", []):
        enclosure["file"] = None  # the data file an attachment came from is not printed
    got = issued.letter.model_dump(exclude=EXPRESSION_FIELDS)
    assert got == want
    # The body (and anything else) reads back to a letter that renders to the same text.
    again = render(issued.letter)
    first = render(letter, attachments=False)
    assert extract(again, name="again.docx").text() == extract(first, name="first.docx").text()


def test_every_letter_kind_has_a_sample():
    from thaidoc.data import load_data

    kinds = {load_data(path)["kind"] for path in SAMPLES}
    assert {"external-letter", "memo", "stamped-letter", "order", "announcement"} <= kinds


REQUIRED_PARTS = {
    "external-letter": ("number", "sender", "date", "subject", "recipient", "body", "closing", "signer"),
    "memo": ("title", "department", "number", "subject", "recipient", "body", "signer"),
    "stamped-letter": ("number", "recipient", "body", "sending_office", "date", "owner"),
    "order": ("title", "number", "subject", "body", "date", "signer"),
    "announcement": ("title", "subject", "body", "date", "signer"),
}


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_parts_of_rendered_sample(sample: Path):
    from thaidoc.model import load_document
    from thaidoc.render import render

    letter = load_document(sample)
    doc = extract(render(letter), name="x.docx")
    names = [part.name for part in letter_parts(doc)]
    required = REQUIRED_PARTS[letter.kind]
    first_seen = [name for name in dict.fromkeys(names) if name in required]
    assert first_seen == list(required)


def text_doc(text: str) -> ExtractedDocument:
    return extract(text.encode(), name="letter.txt")


LETTER = """\
ด่วนที่สุด
ที่ มท ๐๘๐๘.๒/ว ๑๒๓
กรมส่งเสริมการปกครองท้องถิ่น
ถนนนครราชสีมา กทม. ๑๐๓๐๐
๑๗ เมษายน ๒๕๖๗
เรื่อง ขอเชิญประชุม
กราบเรียน นายกรัฐมนตรี
อ้างถึง ๑. หนังสือกรม ด่วนที่สุด ที่ มท ๐๘๐๘.๒/ว ๑ ลงวันที่ ๒ มกราคม ๒๕๖๗
๒. หนังสือกรม ที่ มท ๐๘๐๘.๒/ว ๒ ลงวันที่ ๓ มกราคม ๒๕๖๗
สิ่งที่ส่งมาด้วย กำหนดการ จำนวน ๒ แผ่น
ด้วยกรมจะจัดประชุม ดังนี้
๑. ประชุมครั้งที่หนึ่ง
๑.๑ ช่วงเช้า
๒. ประชุมครั้งที่สอง
/๓. ประชุม...
- ๒ -
จึงกราบเรียนมาเพื่อโปรดพิจารณา
ขอแสดงความนับถืออย่างยิ่ง
(นายสมชาย ใจดี)
อธิบดีกรมส่งเสริมการปกครองท้องถิ่น
กองพัฒนาและส่งเสริมการบริหารงานท้องถิ่น
โทร./โทรสาร ๐ ๒๒๔๑ ๙๐๐๐
ไปรษณีย์อิเล็กทรอนิกส์ saraban@dla.go.th
สำเนาส่ง ผู้ว่าราชการจังหวัดทุกจังหวัด
แบบตอบรับ
ชื่อ\tตำแหน่ง
"""


def test_read_a_text_letter_part_by_part():
    issued = read(text_doc(LETTER))
    assert isinstance(issued, IssuedLetter)
    assert issued.problems == ()
    letter = issued.letter
    assert letter.urgency == "ด่วนที่สุด"
    assert (letter.number.office, letter.number.number, letter.number.circular) == ("มท 0808.2", "123", True)
    assert letter.sender.office == "กรมส่งเสริมการปกครองท้องถิ่น"
    assert letter.sender.address == ["ถนนนครราชสีมา กทม. 10300"]
    assert letter.date == dt.date(2024, 4, 17)
    assert letter.subject == "ขอเชิญประชุม"
    assert (letter.recipient.name, letter.recipient.rank) == ("นายกรัฐมนตรี", "highest")
    assert [(r.text, r.number, r.date, r.urgency) for r in letter.references] == [
        ("หนังสือกรม", "มท 0808.2/ว 1", dt.date(2024, 1, 2), "ด่วนที่สุด"),
        ("หนังสือกรม", "มท 0808.2/ว 2", dt.date(2024, 1, 3), None),
    ]
    assert [(e.title, e.quantity, e.unit) for e in letter.enclosures] == [("กำหนดการ", 2, "แผ่น")]
    assert letter.body[0].text == "ด้วยกรมจะจัดประชุม ดังนี้"
    assert [i.text for i in letter.body[0].items] == ["ประชุมครั้งที่หนึ่ง", "ประชุมครั้งที่สอง"]
    assert letter.body[0].items[0].items[0].text == "ช่วงเช้า"
    assert letter.purpose == "จึงกราบเรียนมาเพื่อโปรดพิจารณา"
    assert (letter.signer.name, letter.signer.position, letter.signer.acting) == (
        "นายสมชาย ใจดี", "อธิบดีกรมส่งเสริมการปกครองท้องถิ่น", None)
    assert letter.owner.office == "กองพัฒนาและส่งเสริมการบริหารงานท้องถิ่น"
    assert letter.owner.phone == letter.owner.fax == "0 2241 9000"
    assert letter.owner.email == "saraban@dla.go.th"
    assert letter.copies == ["ผู้ว่าราชการจังหวัดทุกจังหวัด"]
    assert letter.digits == "thai"
    assert [b.text for b in issued.attachments] == ["แบบตอบรับ", "ชื่อ\tตำแหน่ง"]
    assert issued.attachments[1].kind == "table"


def test_unfamiliar_layout_never_fails_and_keeps_the_text():
    issued = read(text_doc("บันทึกการประชุม\nผู้เข้าประชุม ๑๐ คน\nก\tข\n"))
    assert issued.letter is None
    assert issued.problems
    assert [b.text for b in issued.attachments] == ["บันทึกการประชุม", "ผู้เข้าประชุม ๑๐ คน", "ก\tข"]
    assert letter_parts(issued.document) == []


def test_partial_letter_gives_data_and_problems():
    issued = read(text_doc("ที่ ชร ๐๐๑๙/ว ๑\nเรื่อง ทดสอบ\nเรียน นายอำเภอ\nข้อความ\n"))
    assert issued.letter is None
    assert issued.data["number"]["office"] == "ชร 0019"
    assert issued.data["subject"] == "ทดสอบ"
    assert any(problem.startswith("signer") for problem in issued.problems)


def test_read_is_exported_and_callable_from_thaidoc(tmp_path: Path):
    path = tmp_path / "letter.txt"
    path.write_text(LETTER, encoding="utf-8")
    import thaidoc.read.extract  # noqa: F401  binding the subpackage must not break thaidoc.read(...)

    assert thaidoc.read(path).letter.subject == "ขอเชิญประชุม"
    assert thaidoc.read.read(path).letter.subject == "ขอเชิญประชุม"


def test_parts_cover_every_line_in_order():
    doc = text_doc(LETTER)
    parts = letter_parts(doc)
    names = [part.name for part in parts]
    assert names[:8] == ["urgency", "number", "sender", "sender", "date", "subject", "recipient", "references"]
    assert names[-2:] == ["attachments", "attachments"]
    assert sum(len(p.text.split("\n")) for p in parts) == len([b for b in doc.blocks for _ in b.text.split("\n")])


@pytest.mark.seeds
@pytest.mark.parametrize(
    "name, subject_start, signer",
    [
        (SEED_CIRCULAR_CHIANG_RAI, "การรายงานผล", "นายภาสกร บุญญลักษม์"),
        (SEED_ALLOCATION_CHACHOENGSAO, "การจัดสรรงบประมาณ", "นายสรยุทธ แก้วกุลปรีชา"),
        (SEED_SUPERVISION_PLAN, "แผนการลงพื้นที่", "นายปดิณธร ล้ามแขก"),
    ],
)
def test_seeds_read_into_letters(seeds_dir: Path, name: str, subject_start: str, signer: str):
    issued = read(seeds_dir / name)
    assert issued.problems == ()
    assert issued.letter.subject.startswith(subject_start)
    assert issued.address is not None and issued.address.road is not None
    assert issued.address.province_code == issued.letter.number.office[:2]  # the seeds repeat the code
    assert issued.letter.signer.name == signer
    assert issued.letter.signer.acting == "ปฏิบัติราชการแทน"
    assert issued.attachments  # the forms and tables after the letter stay as blocks


@pytest.mark.seeds
def test_address_read_apart_keeps_what_is_written(seeds_dir: Path):
    # seed 002 names เชียงใหม่ but writes ฌข and ปราจีนบุรี's postcode: read as written, for lint to judge
    address = read(seeds_dir / SEED_SUPERVISION_PLAN).address
    assert address == thaidoc.read.Address(
        lines=("ศาลากลางจังหวัดเชียงใหม่", "ถนนเรืองวุฒิ ฌข ๒๕๐๐๐"),
        road="ถนนเรืองวุฒิ", province_code="ฌข", postcode="25000", province="เชียงใหม่",
    )


def test_address_of_a_rendered_letter_and_none_for_a_memo():
    from thaidoc.model import load_document
    from thaidoc.render import render

    letter = load_document(REPO / "samples" / "letters" / "circular-chiang-rai-2562.yaml")
    address = read(render(letter), name="circular.docx").address
    assert address is not None
    assert (address.province_code, address.postcode, address.province) == ("ชร", "57100", "เชียงราย")
    assert address.lines[0] == letter.sender.office
    memo = load_document(REPO / "samples" / "letters" / "memo-training-budget.yaml")
    assert read(render(memo), name="memo.docx").address is None


WRAPPED_HEAD = """ที่ ฉช ๐๐๑๘/ว ๑๘๕๐\tศาลากลางจังหวัดฉะเชิงเทรา
ถนนเรืองวุฒิ ฉช ๒๔๐๐๐
๓ เมษายน ๒๕๖๗
เรื่อง\tแผนการลงพื้นที่ติดตามผลการดำเนินงานในระดับอำเภอ
เรียน นายอำเภอ ทุกอำเภอ
อ้างถึง หนังสือจังหวัดฉะเชิงเทรา ที่ ฉช ๐๐๑๘/ว
๓๒๕ ลงวันที่ ๑๗ มกราคม ๒๕๖๗
สิ่งที่ส่งมาด้วย\t๑. แผนการลงพื้นที่นิเทศ ติดตาม
ส่งเสริม และสนับสนุนการดำเนินงานฯ\tจำนวน ๑ ฉบับ
\t๒. ประเด็นการติดตามฯ\tจำนวน ๑ ชุด
ด้วยจังหวัดฉะเชิงเทราได้จัดทำแผนการลงพื้นที่ (สิ่งที่ส่งมาด้วย ๑)
ขอให้อำเภอจัดเตรียมสรุปผลตามประเด็นการติดตาม (สิ่งที่ส่งมาด้วย ๒) ต่อไป
จึงเรียนมาเพื่อโปรดพิจารณาดำเนินการ
ขอแสดงความนับถือ
(นายปดิณธร ล้ามแขก)
พัฒนาการจังหวัด ปฏิบัติราชการแทน
ผู้ว่าราชการจังหวัดฉะเชิงเทรา
"""


def test_reference_and_enclosure_wrapped_over_lines_read_whole():
    """A text export or a PDF wraps a long อ้างถึง before its date and an enclosure title
    before its จำนวน: the wrapped line is the same reference or enclosure, not the body (the
    second enclosure was lost, and "สิ่งที่ส่งมาด้วย ๒" in the body was reported as missing)."""
    issued = read(WRAPPED_HEAD.encode("utf-8"), name="wrapped.txt")
    assert issued.letter is not None
    assert [e.title for e in issued.letter.enclosures] == [
        "แผนการลงพื้นที่นิเทศ ติดตาม ส่งเสริม และสนับสนุนการดำเนินงานฯ",
        "ประเด็นการติดตามฯ",
    ]
    assert [r.date for r in issued.letter.references] == [dt.date(2024, 1, 17)]
    body = " ".join(part.text for part in issued.parts if part.name == "body")
    assert "ส่งเสริม และสนับสนุนการดำเนินงานฯ" not in body and "๓๒๕ ลงวันที่" not in body
    assert [f.code for f in thaidoc.lint(thaidoc.extract(WRAPPED_HEAD.encode("utf-8"), name="w.txt"))] == []


def test_an_attachment_label_right_after_the_signer_is_not_part_of_the_signer():
    """LibreOffice's text export of a letter with its attachments leaves out the owner block (a
    frame), so "สิ่งที่ส่งมาด้วย ๑" follows the signer's lines: it heads the attachment, it is not
    a fourth line of the signer's position (the diff reported the signer as changed)."""
    text = WRAPPED_HEAD.replace("ผู้ว่าราชการจังหวัดฉะเชิงเทรา\n", "ผู้ว่าราชการจังหวัดฉะเชิงเทรา\n\nสิ่งที่ส่งมาด้วย ๑\nแผนการลงพื้นที่\n")
    issued = read(text.encode("utf-8"), name="with-attachment.txt")
    assert issued.letter is not None
    assert issued.letter.signer.principal == "ผู้ว่าราชการจังหวัดฉะเชิงเทรา"
    assert [part.name for part in issued.parts if "สิ่งที่ส่งมาด้วย ๑" == part.text.strip()] == ["attachments"]


def test_enclosures_run_together_in_one_paragraph_are_read_apart():
    """A PDF's lines joined into paragraphs ran the second enclosure onto the first's
    ("… จำนวน ๑ ฉบับ๒. คู่มือ …"): one enclosure was read, and "สิ่งที่ส่งมาด้วย ๒" in the
    body was reported as missing (the circular's own PDF)."""
    run_on = "สิ่งที่ส่งมาด้วย\t๑. แผนการลงพื้นที่ จำนวน ๑ ฉบับ๒. ประเด็นการติดตามฯ จำนวน ๑ ชุด\n"
    text = re.sub(r"สิ่งที่ส่งมาด้วย.*\n.*\n.*\n", run_on, WRAPPED_HEAD, count=1)
    issued = read(text.encode("utf-8"), name="run-on.txt")
    assert [(e.title, e.unit) for e in issued.letter.enclosures] == [
        ("แผนการลงพื้นที่", "ฉบับ"), ("ประเด็นการติดตามฯ", "ชุด")]
    assert thaidoc.lint(thaidoc.extract(text.encode("utf-8"), name="run-on.txt")) == []
