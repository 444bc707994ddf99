"""Lint of issued letters: each code on synthetic text, with near-misses that must stay silent,
and the exact set of findings on the three seed documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from thaidoc.checks.findings import Severity
from thaidoc.checks.text import CODES, lint
from thaidoc.read.extract import extract

from conftest import SEED_ALLOCATION_CHACHOENGSAO, SEED_CIRCULAR_CHIANG_RAI, SEED_SUPERVISION_PLAN


def run(text: str, name: str = "letter.txt"):
    return lint(extract(text.encode("utf-8"), name=name))


def codes(text: str) -> list[str]:
    return [finding.code for finding in run(text)]


def letter(
    *,
    number: str = "ที่ ชร ๐๐๑๙.๑/ว ๔๗",
    address: str = "ศาลากลางจังหวัดเชียงราย\nถนนแม่ฟ้าหลวง ชร ๕๗๑๐๐",
    date: str = "๒๐ กุมภาพันธ์ ๒๕๖๒",
    references: str = "อ้างถึง หนังสือจังหวัดเชียงราย ที่ ชร ๐๐๑๙.๑/ว ๒๙๘๗ ลงวันที่ ๓๑ มกราคม ๒๕๖๒",
    enclosures: str = "สิ่งที่ส่งมาด้วย ๑. แบบรายงาน จำนวน ๑ ฉบับ\n๒. คู่มือ จำนวน ๑ ชุด",
    body: str = "ตามสิ่งที่ส่งมาด้วย ๑ และ ๒ ขอให้อำเภอรายงานภายในวันที่ ๑๐ กันยายน ๒๕๖๒",
    after: str = "",
    signer: str | None = None,
) -> str:
    if signer is None:
        # the governor of the province the address names (signer.province compares the two)
        from thaidoc.thai import PROVINCES

        named = next((p.name for p in PROVINCES if f"จังหวัด{p.name}" in address), "เชียงราย")
        signer = f"ผู้ว่าราชการจังหวัด{named}"
    return f"""
{number}

{address}

{date}

เรื่อง การรายงานผล

เรียน นายอำเภอ ทุกอำเภอ

{references}

{enclosures}

{body}

จึงเรียนมาเพื่อดำเนินการ

ขอแสดงความนับถือ

(นายภาสกร บุญญลักษม์)

{signer}

สำนักงานพัฒนาชุมชนจังหวัด
โทร. ๐ ๕๓๑๗ ๗๓๕๐

{after}
"""


def test_a_correct_letter_has_no_findings():
    assert run(letter()) == []


def test_every_finding_has_a_known_code_location_and_quote():
    findings = run(letter(number="ที่ ขร ๐๐๑๙.๑/ว ๔๗", body="ภายในวันศุกร์ที่ ๒๕ มกราคม ๒๕๖๘"))
    assert findings
    for finding in findings:
        assert finding.code in CODES
        assert finding.location.startswith("line ")
        assert finding.quote and finding.source == "letter.txt"


# -------------------------------------------------------------------------- amount.words


@pytest.mark.parametrize(
    "text, expected",
    [
        ("งบประมาณ 160,674,400 บาท (หนึ่งร้อยหกสิบล้านหกแสนเจ็ดหมื่นสี่พันสี่ร้อยบาทถ้วน)", []),
        ("งบประมาณ 160,674,400 บาท (หนึ่งร้อยหกสิบล้านหกแสนเจ็ดหมื่นสี่พันบาทถ้วน)", ["amount.words"]),
        ("งบประมาณ ๑,๕๐๐ บาท (หนึ่งพันห้าร้อยบาทถ้วน)", []),
        ("งบประมาณ ๑,๕๐๐ บาท (หนึ่งพันหกร้อยบาทถ้วน)", ["amount.words"]),
        ("งบประมาณ 71,118,000 บาท (เจ็ดสิบเอ็ดล้านบาทหนึ่งแสนหนึ่งหมื่นแปดพันบาทถ้วน)", ["amount.words-malformed"]),
        ("ค่าใช้จ่ายรวมทั้งสิ้น (หนึ่งร้อยหกสิบสามแสนเจ็ดหมื่นสี่พันบาทถ้วน)\t\t160,674,000 บาท", ["amount.words"]),
        ("ค่าใช้จ่ายรวมทั้งสิ้น (หนึ่งร้อยหกสิบล้านหกแสนเจ็ดหมื่นสี่พันบาทถ้วน)\t\t160,674,000 บาท", []),
        ("ราคา 12.50 บาท (สิบสองบาทห้าสิบสตางค์)", []),
        ("ราคา 12.50 บาท (สิบสองบาทถ้วน)", ["amount.words"]),
        # near-misses: a blank form, a non-amount parenthesis, figures without words
        ("งบประมาณ 1,000.- บาท (หนึ่งพันบาทถ้วน)", []),
        ("งบประมาณ 1,000.- บาท (สองพันบาทถ้วน)", ["amount.words"]),
        ("งบประมาณ ๑,๐๐๐ บาท (-หนึ่งพันบาทถ้วน-)", []),
        ("งบประมาณ ๑,๐๐๐ บาท (-สองพันบาทถ้วน-)", ["amount.words"]),
        ("งบประมาณ ๑,๐๐๐ บาท (สองพันบาท)", ["amount.words"]),
        ("งบประมาณ.....บาท (.....บาทถ้วน)", []),
        ("จำนวน บาท (.....บาทถ้วน)", []),
        ("ตามเกณฑ์ (4 ด้าน 23 ตัวชี้วัด) และ ปี พ.ศ. ๒๕๖๒ (บร.๑)", []),
        ("งบประมาณ จำนวน 1,543,800 บาท", []),
    ],
)
def test_amount_words(text: str, expected: list[str]):
    assert codes(text) == expected


def test_the_amount_word_scanner_is_public_for_one_text_at_a_given_location():
    # the batch renderer scans each text of a row's letter with it, naming the field
    from thaidoc.checks.findings import Severity
    from thaidoc.checks.text import amount_word_findings

    (wrong,) = amount_word_findings("ค่าอาหาร ๕๐๐ บาท/คน (หกร้อยบาทถ้วน)", location="body[1].items[4]", source="a.yaml")
    assert (wrong.code, wrong.location, wrong.source, wrong.expected) == (
        "amount.words", "body[1].items[4]", "a.yaml", "ห้าร้อยบาทถ้วน")
    assert wrong.quote == "๕๐๐ บาท/คน (หกร้อยบาทถ้วน)"
    (short,) = amount_word_findings("(ห้าร้อยบาท) ๕๐๐ บาท", location="x")
    assert (short.code, short.severity) == ("amount.words-malformed", Severity.WARNING)
    (short,) = amount_word_findings("(ห้าร้อยบาท) ๕๐๐ บาท", location="x", missing_thuan=Severity.ERROR)
    assert short.severity == Severity.ERROR
    assert amount_word_findings("๕๐๐ บาท (.....บาทถ้วน) และ ๕๐๐ บาท (ห้าร้อยบาทถ้วน)", location="x") == []


def test_amount_words_finding_says_expected_and_found():
    (finding,) = run("งบประมาณ ๑,๕๐๐ บาท (หนึ่งพันหกร้อยบาทถ้วน)")
    assert finding.expected == "หนึ่งพันห้าร้อยบาทถ้วน"
    assert finding.found == "หนึ่งพันหกร้อยบาทถ้วน"
    assert finding.location == "line 1"
    assert "๑,๕๐๐" in finding.quote


# ------------------------------------------------------------------------- arith.product


@pytest.mark.parametrize(
    "text, expected",
    [
        ("\t8,780 หมู่บ้าน X 18,300 บาท\tเป็นเงิน 160,674,000 บาท", []),
        ("\t8,780 หมู่บ้าน X 18,300 บาท\tเป็นเงิน 160,674,400 บาท", ["arith.product"]),
        ("8,780 หมู่บ้าน x 1,000 บาท เป็นเงิน 8,780,000", []),
        ("8,780 หมู่บ้าน × 1,000 บาท เป็นเงิน 8,700,000 บาท", ["arith.product"]),
        ("๓๐ คน * ๕๐ บาท * ๒ มื้อ เป็นเงิน ๓,๐๐๐ บาท", []),
        ("๓๐ คน * ๕๐ บาท * ๒ มื้อ เป็นเงิน ๓,๕๐๐ บาท", ["arith.product"]),
        ("ค่าอาหาร 25 คน x 120 บาท = 3,000 บาท", []),
        # near-misses: a dash for nil, x inside a word, no result stated
        ("8,780 หมู่บ้าน X 1,500 บาท\tเป็นเงิน - บาท", []),
        ("Box 12 เป็นเงิน 500 บาท", []),
        ("8,780 หมู่บ้าน X 1,500 บาท", []),
    ],
)
def test_arith_product(text: str, expected: list[str]):
    assert codes(text) == expected


RATE_TABLE = """\
ค่าใช้จ่าย
รายการ\tจำนวน\tอัตรา\tเป็นเงิน
ค่าอาหารกลางวัน\t26 คน x 2 มื้อ\t200\t{lunch}
ค่าอาหารว่าง\t26 คน x 4 มื้อ\t50\t5,200
ค่าที่พัก\t26 คน x 1 คืน\t800 บาท\t20,800
รวม\t\t\t36,400
"""


def test_arith_product_takes_the_rate_column():
    """Counts in one column and the rate in the next ("26 คน x 2 มื้อ | 200 | 10,400"): the
    product is 26 × 2 × 200, not 52 (three false arith.product errors on a correct table)."""
    assert codes(RATE_TABLE.format(lunch="10,400")) == []
    (finding,) = run(RATE_TABLE.format(lunch="10,000"))  # one fault, one finding (no budget.total)
    assert (finding.code, finding.expected, finding.found) == ("arith.product", "10,400", "10,000")


def test_arith_product_difference():
    (finding,) = run("\t8,780 หมู่บ้าน X 18,300 บาท\tเป็นเงิน 160,674,400 บาท")
    assert (finding.expected, finding.found, finding.difference) == ("160,674,000", "160,674,400", "+400")


# ------------------------------------------------------------------------------- budget.*

EXPENSE = """\
รายละเอียดค่าใช้จ่าย
กิจกรรมย่อยที่ 3.1.1 ประชุมเชิงปฏิบัติการ\tเป็นเงิน\t{heading} บาท
1) ค่าใช้สอย\tเป็นเงิน\t{cat1} บาท
- ค่าถ่ายเอกสาร\t8,780 หมู่บ้าน X 1,500 บาท\tเป็นเงิน 13,170,000 บาท
แบบประเมิน\t\tเป็นเงิน - บาท
2) ค่าวัสดุ\tเป็นเงิน\t{cat2} บาท
- ค่าวัสดุสำนักงาน\t8,780 หมู่บ้าน X 1,000 บาท\tเป็นเงิน 8,780,000
- ค่าวัสดุฝึกปฏิบัติ\t8,780 หมู่บ้าน X 5,600 บาท\tเป็นเงิน 49,168,000 บาท
ค่าใช้จ่ายรวมทั้งสิ้น (เจ็ดสิบเอ็ดล้านหนึ่งแสนหนึ่งหมื่นแปดพันบาทถ้วน)\t\t{total} บาท
"""


def expense(heading="71,118,000", cat1="13,170,000", cat2="57,948,000", total="71,118,000") -> str:
    return EXPENSE.format(heading=heading, cat1=cat1, cat2=cat2, total=total)


def test_budget_section_that_adds_up_is_silent():
    assert codes(expense()) == []


def test_budget_subtotal():
    findings = run(expense(cat2="57,000,000", heading="70,170,000", total="70,170,000").replace(
        "เจ็ดสิบเอ็ดล้านหนึ่งแสนหนึ่งหมื่นแปดพันบาทถ้วน", "เจ็ดสิบล้านหนึ่งแสนเจ็ดหมื่นบาทถ้วน"))
    assert [f.code for f in findings] == ["budget.subtotal"]
    assert (findings[0].expected, findings[0].found) == ("57,948,000", "57,000,000")


def test_budget_total_and_heading():
    findings = run(expense(total="71,000,000", heading="71,000,000").replace(
        "เจ็ดสิบเอ็ดล้านหนึ่งแสนหนึ่งหมื่นแปดพันบาทถ้วน", "เจ็ดสิบเอ็ดล้านบาทถ้วน"))
    assert [f.code for f in findings] == ["budget.total", "budget.total"]
    assert all(f.expected == "71,118,000" for f in findings)


def test_budget_stated_elsewhere():
    stated = "3.1.1 ประชุมเชิงปฏิบัติการ\nวัตถุประสงค์ เพื่อประเมินผล\nงบประมาณ\t{amount} บาท ตามทะเบียนจัดสรร\n\n"
    good = stated.format(amount="71,118,000") + expense()
    assert codes(good) == []
    bad = stated.format(amount="71,118,400") + expense()
    findings = run(bad)
    assert [f.code for f in findings] == ["budget.stated-total"]
    assert (findings[0].expected, findings[0].found, findings[0].difference) == ("71,118,000", "71,118,400", "+400")


def test_budget_stated_for_another_activity_is_not_compared():
    text = "2.4.1 กิจกรรมอื่น\nงบประมาณ 5,000 บาท\n\n" + expense()
    assert codes(text) == []


def test_budget_stated_after_a_new_main_activity_is_not_compared():
    text = expense() + "\nกิจกรรมหลัก : กิจกรรมอื่น\nงบประมาณ จำนวน 1,543,800 บาท\n"
    assert codes(text) == []


# ---------------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ภายในวันศุกร์ที่ ๒๔ มกราคม ๒๕๖๘", []),
        ("ภายในวันศุกร์ที่ ๒๕ มกราคม ๒๕๖๘", ["date.weekday"]),
        ("๑\tพุธ ๑๗ เม.ย. ๖๗\t๐๘.๓๐ น.\tเมืองฉะเชิงเทรา", []),
        ("๑\tพฤหัสบดี ๑๗ เม.ย. ๖๗\t๐๘.๓๐ น.\tเมืองฉะเชิงเทรา", ["date.weekday"]),
        ("ภายในวันที่ ๓๑ เมษายน ๒๕๖๗", ["date.invalid"]),
        ("ภายในวันที่ ๒๙ กุมภาพันธ์ ๒๕๖๗", []),  # 2024 is a leap year
        ("ภายในวันที่ ๒๙ กุมภาพันธ์ ๒๕๖๘", ["date.invalid"]),
        # near-misses
        ("รายงานผลทุกวันที่ ๒๕ ของเดือน", []),
        ("22/11/2563", []),
        ("ดำเนินการในไตรมาสที่ 3 - 4 (เมษายน - กันยายน 2563)", []),
    ],
)
def test_dates(text: str, expected: list[str]):
    assert codes(text) == expected


def test_weekday_finding_names_the_real_day():
    (finding,) = run("ภายในวันศุกร์ที่ ๒๕ มกราคม ๒๕๖๘")
    assert finding.expected == "วันเสาร์" and finding.found == "วันศุกร์"
    assert finding.quote == "วันศุกร์ที่ ๒๕ มกราคม ๒๕๖๘"


def test_reference_dated_after_the_letter():
    late = "อ้างถึง หนังสือจังหวัดเชียงราย ที่ ชร ๐๐๑๙.๑/ว ๒๙๘๗ ลงวันที่ ๓๑ มีนาคม ๒๕๖๒"
    findings = run(letter(references=late))
    assert [f.code for f in findings] == ["date.reference-order"]
    assert findings[0].location.endswith("(อ้างถึง)")
    same_day = late.replace("๓๑ มีนาคม", "๒๐ กุมภาพันธ์")
    assert codes(letter(references=same_day)) == []


def test_several_references_each_checked():
    refs = (
        "อ้างถึง ๑. หนังสือกรม ที่ มท ๐๔๐๓/ว ๑ ลงวันที่ ๑ มกราคม ๒๕๖๒\n"
        "๒. หนังสือกรม ที่ มท ๐๔๐๓/ว ๒ ลงวันที่ ๑ มีนาคม ๒๕๖๒"
    )
    findings = run(letter(references=refs))
    assert [f.code for f in findings] == ["date.reference-order"]
    assert "๑ มีนาคม ๒๕๖๒" in findings[0].quote


# ----------------------------------------------------------------------- codes, address


def test_unknown_code_suggests_the_address_province():
    findings = run(letter(number="ที่ ขร ๐๐๑๙.๑/ว ๔๗"))
    assert [f.code for f in findings] == ["ref.province-code"]
    assert findings[0].expected == "ชร (เชียงราย)" and findings[0].found == "ขร"
    assert "did you mean ชร (เชียงราย)" in findings[0].message
    assert findings[0].severity is Severity.ERROR


def test_unknown_code_without_an_address_still_suggests():
    findings = run("ที่ ขร ๐๐๑๙.๑/ว ๔๗\n\nเรื่อง ทดสอบ\n\nเรียน นายอำเภอ\n\nข้อความ\n\nขอแสดงความนับถือ\n")
    assert [f.code for f in findings] == ["ref.province-code"]
    assert "ชร (เชียงราย)" in findings[0].message
    # no address says the office is provincial: other bodies have codes we may not know
    assert findings[0].severity is Severity.WARNING


def test_code_contradicting_the_address():
    findings = run(letter(number="ที่ ชม ๐๐๑๙.๑/ว ๔๗"))
    assert [f.code for f in findings] == ["ref.province-code"]
    assert findings[0].expected == "ชร (เชียงราย)" and findings[0].found == "ชม (เชียงใหม่)"


def test_ministry_code_is_not_a_contradiction():
    assert codes(letter(number="ที่ มท ๐๔๐๓.๒/ว ๑๒๓")) == []


def test_address_abbreviation_and_postcode():
    findings = run(letter(address="ศาลากลางจังหวัดเชียงใหม่\nถนนเรืองวุฒิ ฌข ๒๕๐๐๐", number="ที่ ชม ๐๐๑๘/ว ๑๘๕๐"))
    assert [f.code for f in findings] == ["address.province-code", "address.postcode"]
    assert findings[1].expected == "50xxx (เชียงใหม่)"


@pytest.mark.parametrize(
    "address, expected",
    [
        ("ศาลากลางจังหวัดเชียงราย\nถนนแม่ฟ้าหลวง ชร ๕๗๑๐", ["address.postcode"]),
        ("ศาลากลางจังหวัดเชียงราย\nถนนแม่ฟ้าหลวง ชร ๕๗๑๐๐๐", ["address.postcode"]),
        ("ศาลากลางจังหวัดเชียงราย\nถนนแม่ฟ้าหลวง ชร ๕๐๑๐๐", ["address.postcode"]),
        ("ศาลากลางจังหวัดเชียงราย\nถนนแม่ฟ้าหลวง ชร 57100", []),
        ("ศาลากลางจังหวัดสมุทรปราการ\nถนนสุขุมวิท สป ๑๐๒๗๐", []),  # shares 10 with Bangkok
    ],
)
def test_postcode(address: str, expected: list[str]):
    number = "ที่ สป ๐๐๑๗/ว ๑" if "สมุทรปราการ" in address else "ที่ ชร ๐๐๑๙.๑/ว ๔๗"
    found = [f.code for f in run(letter(address=address, number=number)) if f.code not in ("digits.mixed", "address.phone-area")]
    assert found == expected


# ----------------------------------------------------------------------------- enclosures


@pytest.mark.parametrize(
    "enclosures, body, expected",
    [
        ("สิ่งที่ส่งมาด้วย ๑. แบบ จำนวน ๑ ฉบับ\n๒. คู่มือ จำนวน ๑ ชุด", "ตามสิ่งที่ส่งมาด้วย ๒", []),
        ("สิ่งที่ส่งมาด้วย ๑. แบบ จำนวน ๑ ฉบับ\n๒. คู่มือ จำนวน ๑ ชุด", "ตามสิ่งที่ส่งมาด้วย ๓", ["enclosure.numbering"]),
        ("สิ่งที่ส่งมาด้วย ๑. แบบ จำนวน ๑ ฉบับ\n๓. คู่มือ จำนวน ๑ ชุด", "ข้อความ", ["enclosure.numbering"]),
        ("สิ่งที่ส่งมาด้วย แบบรายงาน จำนวน ๑ ฉบับ", "ตามสิ่งที่ส่งมาด้วย", []),
        ("สิ่งที่ส่งมาด้วย แบบรายงาน จำนวน ๑ ฉบับ", "ตามสิ่งที่ส่งมาด้วย ๒", ["enclosure.numbering"]),
        ("", "ตามสิ่งที่ส่งมาด้วย ๑", ["enclosure.numbering"]),
        ("", "ข้อความธรรมดา", []),
    ],
)
def test_enclosure_numbering(enclosures: str, body: str, expected: list[str]):
    assert codes(letter(enclosures=enclosures, body=body)) == expected


# --------------------------------------------------------------------------------- digits


def test_mixed_digits_in_the_letter_part_is_a_warning():
    findings = run(letter(body="ขอให้รายงานภายใน 7 วัน ตามสิ่งที่ส่งมาด้วย ๑"))
    assert [f.code for f in findings] == ["digits.mixed"]
    assert findings[0].severity is Severity.WARNING
    assert findings[0].found == "7"


@pytest.mark.parametrize(
    "body",
    [
        "ขอให้รายงานในระบบ Thailand 4.0 และ COVID-19 ภายใน ๗ วัน",
        "ส่งทาง e-mail: saraban2@cdd.go.th ภายใน ๗ วัน",
        "ขอให้รายงานภายใน ๗ วัน",
    ],
)
def test_digits_in_latin_context_are_not_mixed(body: str):
    assert codes(letter(body=body)) == []


def test_arabic_digits_after_the_letter_are_not_mixed():
    assert codes(letter(after="ปีงบประมาณ 2562\nจำนวน 16,512 หมู่บ้าน")) == []


# ----------------------------------------------------------------------------------- docx


def test_lint_reads_docx_locations(tmp_path: Path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for paragraph in letter(number="ที่ ขร ๐๐๑๙.๑/ว ๔๗").strip().split("\n\n"):
        document.add_paragraph(paragraph)
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "ภายในวันศุกร์ที่ ๒๕ มกราคม ๒๕๖๘"
    table.cell(0, 1).text = "ก"
    path = tmp_path / "issued.docx"
    document.save(str(path))
    findings = lint(extract(path))
    assert [(f.code, f.location) for f in findings] == [
        ("ref.province-code", "paragraph 1 (ที่)"),
        ("date.weekday", "table 1 row 1"),
    ]


# ---------------------------------------------------------------------------------- seeds


def seed_findings(seeds_dir: Path, name: str):
    return [(f.code, f.found) for f in lint(extract(seeds_dir / name))]


@pytest.mark.seeds
def test_seed_000_chiang_rai_unknown_code(seeds_dir: Path):
    # ขร is no province code (เชียงราย is ชร); it is typed in the ที่ line, in the address and
    # in the number of the referenced letter. The attachment's table sums are right.
    assert seed_findings(seeds_dir, SEED_CIRCULAR_CHIANG_RAI) == [
        ("ref.province-code", "ขร"),
        ("address.province-code", "ขร"),
        ("ref.province-code", "ขร"),
    ]


@pytest.mark.seeds
def test_seed_001_budget_and_words(seeds_dir: Path):
    # 160,674,400 stated against 8,780 × 18,300 = 160,674,000 in the detail; "ล้านบาทหนึ่งแสน"
    # is malformed; the รวมทั้งสิ้น words read 16,374,000. The letter's date (๒๘ เมษายน ๒๕๖๓)
    # comes after its reference (๑๗ มกราคม ๒๕๖๓), every product is right.
    assert seed_findings(seeds_dir, SEED_ALLOCATION_CHACHOENGSAO) == [
        ("budget.stated-total", "160,674,400"),
        ("amount.words-malformed", "เจ็ดสิบเอ็ดล้านบาทหนึ่งแสนหนึ่งหมื่นแปดพันบาทถ้วน"),
        ("amount.words", "หนึ่งร้อยหกสิบสามแสนเจ็ดหมื่นสี่พันบาทถ้วน"),
    ]


@pytest.mark.seeds
def test_seed_002_code_and_postcode(seeds_dir: Path):
    # The head names เชียงใหม่ but writes ฌข (no such code; ชม) and ๒๕๐๐๐ (ปราจีนบุรี's 25).
    # Its telephone ๐ ๓๘๕๑ ๑๒๓๔ is in ฉะเชิงเทรา's area (038), like the attached plan's
    # title: the letter was copied from ฉะเชิงเทรา's, a note. The schedule's weekdays
    # (พุธ ๑๗ เม.ย. ๖๗ …) are all right. In the หมายเหตุ after the letter, the list "- ๑) …
    # - ๑๐)" goes on as "๑๑. การดำเนินงานหน่วยงานคุณธรรม": item ๑๑) written in another form.
    findings = lint(extract(seeds_dir / SEED_SUPERVISION_PLAN))
    assert [(f.code, f.found) for f in findings] == [
        ("ref.province-code", "ฌข"),
        ("address.province-code", "ฌข"),
        ("address.postcode", "๒๕๐๐๐ (ปราจีนบุรี)"),
        ("address.phone-area", "038"),
        ("numbering.style", "๑๑."),
    ]
    assert findings[0].expected == "ชม (เชียงใหม่)"
    assert findings[-1].expected == "๑๑)"
    assert [f.severity for f in findings] == [Severity.ERROR] * 3 + [Severity.NOTE, Severity.WARNING]


def test_bangkok_abbreviation_is_not_read_as_a_code():
    text = letter(number="ที่ มท ๐๘๐๘.๒/ว ๑๒๓", address="กรมส่งเสริมการปกครองท้องถิ่น\nถนนนครราชสีมา กทม. ๑๐๓๐๐",
                  signer="อธิบดีกรมส่งเสริมการปกครองท้องถิ่น")
    text = text.replace("๐ ๕๓๑๗ ๗๓๕๐", "๐ ๒๒๔๑ ๙๐๐๐")
    assert codes(text) == []
    assert codes(text.replace("๑๐๓๐๐", "๒๐๓๐๐")) == ["address.postcode"]


COLUMN_SHEET = """\
รายการ\tจำนวน × อัตรา\tเป็นเงิน (บาท)
กิจกรรมย่อยที่ 3.1.1 ประชุมเชิงปฏิบัติการ\t\t{heading}
1) ค่าใช้สอย\t\t13,170,000
- ค่าถ่ายเอกสาร\t8,780 หมู่บ้าน X 1,500 บาท\t{item}
2) ค่าวัสดุ\t\t57,948,000
- ค่าวัสดุสำนักงาน\t8,780 หมู่บ้าน X 1,000 บาท\t8,780,000
- ค่าวัสดุฝึกปฏิบัติ\t8,780 หมู่บ้าน X 5,600 บาท\t49,168,000
ค่าใช้จ่ายรวมทั้งสิ้น (เจ็ดสิบเอ็ดล้านหนึ่งแสนหนึ่งหมื่นแปดพันบาทถ้วน)\t\t71,118,000
"""


def test_table_with_an_amount_column():
    assert codes(COLUMN_SHEET.format(heading="71,118,000", item="13,170,000")) == []
    findings = run(COLUMN_SHEET.format(heading="71,000,000", item="13,107,000"))
    # the wrong item is reported once, as a wrong product; its category adds up with the product
    assert [f.code for f in findings] == ["budget.total", "arith.product"]
    assert (findings[0].expected, findings[0].found) == ("71,118,000", "71,000,000")
    assert (findings[1].expected, findings[1].found) == ("13,170,000", "13,107,000")


def test_rendered_forms_and_letters_lint_clean(tmp_path: Path):
    from thaidoc.model import load_document
    from thaidoc.render import render

    root = Path(__file__).parents[1] / "samples"
    samples = sorted([*root.glob("letters/*.yaml"), *root.glob("forms/**/*.yaml")])
    checked = 0
    for sample in samples:
        try:
            document = load_document(sample)
        except Exception:  # not a document kind (a plain budget for `thaidoc check`)
            continue
        data = render(document, allow_inconsistent=True)
        assert lint(extract(data, name=f"{sample.stem}.docx")) == [], sample.name
        checked += 1
    assert checked >= 3


def test_bundled_faulty_sample_reports_exactly_its_ten_faults(repo: Path):
    findings = lint(extract(repo / "samples" / "issued" / "faulty-circular.txt"))
    assert [(f.code, f.location.split(" (")[0]) for f in findings] == [
        ("ref.province-code", "line 3"),
        ("address.postcode", "line 6"),
        ("date.reference-order", "line 14"),
        ("amount.words", "line 19"),
        ("enclosure.numbering", "line 21"),
        ("digits.mixed", "line 21"),
        ("date.weekday", "line 21"),
        ("date.invalid", "line 21"),
        ("budget.stated-total", "line 44"),
        ("arith.product", "line 51"),
    ]


def test_wrong_rate_is_one_finding_when_the_category_follows_the_written_amount():
    text = COLUMN_SHEET.format(heading="71,118,000", item="13,170,000").replace("X 1,500 บาท", "X 1,600 บาท")
    assert codes(text) == ["arith.product"]


def test_arabic_digits_in_an_it9_font_look_thai(tmp_path: Path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for paragraph in letter(body="PLACEHOLDER").strip().split("\n\n"):
        if paragraph == "PLACEHOLDER":
            p = document.add_paragraph()
            p.add_run("ขอให้รายงานภายใน ")
            p.add_run("7").font.name = "TH SarabunIT๙"  # printed as ๗ by the font
            p.add_run(" วัน")
        else:
            document.add_paragraph(paragraph)
    path = tmp_path / "it9.docx"
    document.save(str(path))
    assert lint(extract(path)) == []
    # the same digit in a font that prints it as 7 is mixed
    plain = docx.Document(str(path))
    for paragraph in plain.paragraphs:
        for run in paragraph.runs:
            if run.text == "7":
                run.font.name = "TH Sarabun New"
    plain.save(str(path))
    assert [f.code for f in lint(extract(path))] == ["digits.mixed"]


@pytest.mark.parametrize(
    "rate, expected",
    [
        ("อัตรา ๕๐๐ บาท/คน (หกร้อยบาทถ้วน)", [("amount.words", "ห้าร้อยบาทถ้วน", "หกร้อยบาทถ้วน")]),
        ("อัตรา ๑๒๐ บาท / คน / วัน (หนึ่งร้อยยี่สิบบาทถ้วน)", []),
        ("อัตรา ๕๐๐ บาท/คน (รวมอาหารว่าง)", []),
    ],
)
def test_words_after_a_per_unit_rate(rate: str, expected: list[tuple[str, str, str]]):
    # "บาท/คน" once hid the words from the check: a wrong rate in words went unreported
    assert [(f.code, f.expected, f.found) for f in run(rate)] == expected


def test_words_missing_only_thuan_are_a_warning():
    (finding,) = run("งบประมาณ ๑,๐๐๐ บาท (หนึ่งพันบาท)")
    assert (finding.code, finding.severity) == ("amount.words-malformed", Severity.WARNING)
    assert finding.expected == "หนึ่งพันบาทถ้วน"


def text_to_docx(text: str, path: Path) -> None:
    """The same document as Word would hold it: one paragraph per line, tab lines as tables."""
    docx = pytest.importorskip("docx")
    document = docx.Document()
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            width = max(len(row) for row in rows)
            table = document.add_table(rows=len(rows), cols=width)
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
            rows.clear()

    for line in text.splitlines():
        if "\t" in line and line.strip():
            rows.append(line.split("\t"))
            continue
        flush()
        if line.strip():
            document.add_paragraph(line.strip())
    flush()
    document.save(str(path))


@pytest.mark.seeds
@pytest.mark.parametrize("name", [SEED_CIRCULAR_CHIANG_RAI, SEED_ALLOCATION_CHACHOENGSAO, SEED_SUPERVISION_PLAN])
def test_seed_as_docx_gives_the_same_findings(seeds_dir: Path, tmp_path: Path, name: str):
    path = tmp_path / "seed.docx"
    text_to_docx((seeds_dir / name).read_text(encoding="utf-8"), path)
    as_docx = [(f.code, f.found) for f in lint(extract(path))]
    assert as_docx == seed_findings(seeds_dir, name)
    assert all(not f.location.startswith("line") for f in lint(extract(path)))


@pytest.mark.parametrize(
    "phone, expected",
    [
        ("โทร. ๐ ๕๓๑๗ ๗๓๕๐", []),  # 053: เชียงราย's area
        ("โทร. ๐ ๓๘๕๑ ๑๒๓๔", ["address.phone-area"]),  # 038: ฉะเชิงเทรา, ชลบุรี, ระยอง
        ("โทร./โทรสาร ๐-๓๘๕๑-๑๒๓๔", ["address.phone-area"]),
        ("โทร. ๐๘ ๑๑๗๑ ๐๕๕๗", []),  # a mobile number says nothing about the province
        ("โทร. ๑๒๓๔", []),  # an extension
    ],
)
def test_phone_area(phone: str, expected: list[str]):
    text = letter().replace("โทร. ๐ ๕๓๑๗ ๗๓๕๐", phone)
    assert codes(text) == expected


def test_head_laid_out_as_a_table(tmp_path: Path):
    # Many offices' Word templates put ที่ in the left cell and the address in the right one.
    docx = pytest.importorskip("docx")
    document = docx.Document()
    head = document.add_table(rows=1, cols=3)
    head.cell(0, 0).text = "ที่ ขร ๐๐๑๙.๑/ว ๔๗"
    head.cell(0, 2).text = "ศาลากลางจังหวัดเชียงราย\nถนนแม่ฟ้าหลวง ชร ๕๐๑๐๐"
    for text in ("๒๐ กุมภาพันธ์ ๒๕๖๒", "เรื่อง ทดสอบ", "เรียน นายอำเภอ ทุกอำเภอ", "ข้อความ",
                 "ขอแสดงความนับถือ", "(นายก ข)", "ผู้ว่าราชการจังหวัดเชียงราย"):
        document.add_paragraph(text)
    path = tmp_path / "head-table.docx"
    document.save(str(path))
    findings = lint(extract(path))
    assert [(f.code, f.location) for f in findings] == [
        ("ref.province-code", "table 1 row 1 (ที่)"),
        ("address.postcode", "table 1 row 1 (ที่อยู่)"),
    ]
    from thaidoc.read.letter import read

    letter = read(path).letter
    assert letter.sender.office == "ศาลากลางจังหวัดเชียงราย"
    assert letter.sender.address == ["ถนนแม่ฟ้าหลวง ชร 50100"]
    assert letter.number.office == "ขร 0019.1"


def test_memo_code_against_its_department():
    memo = (
        "บันทึกข้อความ\nส่วนราชการ สำนักงานพัฒนาชุมชนจังหวัดฉะเชิงเทรา โทร. ๐ ๓๘๕๑ ๑๒๓๕\n"
        "ที่ {code} ๐๐๑๙.๒/๔๑๒ วันที่ ๗ พฤษภาคม ๒๕๖๗\nเรื่อง ขออนุมัติ\nเรียน พัฒนาการจังหวัด\n"
        "ข้อความ\n(นางสาวสุภาพร ใจดี)\nผู้อำนวยการกลุ่มงาน\n"
    )
    assert codes(memo.format(code="ฉช")) == []
    findings = run(memo.format(code="ชม"))
    assert [(f.code, f.expected) for f in findings] == [("ref.province-code", "ฉช (ฉะเชิงเทรา)")]


TARGETS = """\
ปีงบประมาณ\tหมู่บ้านเป้าหมาย\t\t
\tเป้าหมายเดิม (หมู่บ้าน)\tสร้างใหม่ (หมู่บ้าน)\tรวม (หมู่บ้าน)
2560\t-\t16,512\t16,512
2561\t16,512\t3,628\t{row}
2562\t-\t14,000\t14,000
รวม\t16,512\t34,140\t{total}
"""


@pytest.mark.parametrize(
    "row, total, expected",
    [
        ("20,140", "50,652", []),  # seed 000's table: right (the years are labels, not summed)
        ("20,104", "50,652", ["table.sum"]),  # a row's รวม
        ("20,140", "50,625", ["table.sum"]),  # the รวม row
        ("20,104", "50,616", ["table.sum"]),  # a wrong row, summed consistently below
    ],
)
def test_table_sums(row: str, total: str, expected: list[str]):
    assert codes(TARGETS.format(row=row, total=total)) == expected


def test_table_sum_finding():
    (finding,) = run(TARGETS.format(row="20,104", total="50,652"))
    assert (finding.location, finding.expected, finding.found, finding.difference) == (
        "line 4", "20,140", "20,104", "-36")


def test_tables_without_a_total_are_not_summed():
    assert codes("ลำดับ\tวันที่\tเวลา\n๑\tพุธ ๑๗ เม.ย. ๖๗\t๐๘.๓๐ น.\n๒\tพุธ ๑๗ เม.ย. ๖๗\t๑๓.๓๐ น.\n") == []
    assert codes("ปี\tจำนวน\tรวม\n2560\t5\t7\n") == []  # one column before รวม: nothing to add up
