"""The checker, part two (issue 11): each rule with a faulty and a correct variant, in prose and
in tables, with Thai and Arabic digits, and with the date or number wrapped over a line break;
the same findings from .docx as from .txt."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thaidoc.checks.findings import Severity
from thaidoc.checks.numbering import item_label, sequence_breaks
from thaidoc.checks.rules_dates import era_slip
from thaidoc.checks.rules_numbers import percent_fits
from thaidoc.checks.text import CODES, lint
from thaidoc.read.extract import extract

from test_lint_text import letter, run, text_to_docx


def of(text: str, code: str) -> list[tuple[str, str | None, str | None]]:
    """(severity, expected, found) of each finding with ``code``."""
    return [(f.severity.value, f.expected, f.found) for f in run(text) if f.code == code]


def arabic(text: str) -> str:
    from thaidoc.thai import arabic_digits

    return arabic_digits(text)


NEW_CODES = ("date.deadline-past", "date.era", "date.fiscal-quarter", "date.fiscal-year",
             "numbering.sequence", "numbering.style", "numbering.parent", "letter.salutation",
             "letter.closing", "ref.circular", "signer.province", "arith.percent", "arith.ratio")


def test_new_codes_are_listed():
    assert set(NEW_CODES) <= set(CODES)


def test_the_default_letter_is_clean_of_every_new_rule():
    assert run(letter()) == []


# -------------------------------------------------------------------------- deadlines (date ๒๐ ก.พ. ๒๕๖๒)


@pytest.mark.parametrize("digits", [str, arabic])
@pytest.mark.parametrize(
    "body, expected",
    [
        ("ขอให้อำเภอรายงานภายในวันที่ ๑๐ มกราคม ๒๕๖๒", [("error", "๑๐ มกราคม ๒๕๖๒")]),
        ("ขอให้อำเภอรายงานภายในวันที่ ๑๐\nมกราคม ๒๕๖๒", [("error", "๑๐ มกราคม ๒๕๖๒")]),  # wrapped
        ("ขอให้อำเภอรายงานภายใน\nวันที่ ๑๐ มกราคม ๒๕๖๒", []),  # the deadline word on the line above: not read
        ("ส่งจังหวัดไม่เกินวันที่ ๒๐ กุมภาพันธ์ ๒๕๖๒", [("warning", "๒๐ กุมภาพันธ์ ๒๕๖๒")]),  # the same day
        ("รายงานผล ครั้งที่ ๑ วันที่ ๓๑ มกราคม ๒๕๖๒ ครั้งที่ ๒ วันที่ ๓๑ มีนาคม ๒๕๖๒", [("error", "๓๑ มกราคม ๒๕๖๒")]),
        ("ขอให้อำเภอรายงานภายในวันที่ ๑๐ มีนาคม ๒๕๖๒", []),
        ("ขอให้อำเภอรายงานภายในวันศุกร์ที่ ๘ มีนาคม ๒๕๖๒", []),
        # told as past, not set by this letter: a reminder
        ("ตามที่จังหวัดได้แจ้งให้อำเภอรายงานภายในวันที่ ๑๐ มกราคม ๒๕๖๒ นั้น ยังไม่ได้รับรายงาน", []),
        ("จังหวัดได้จัดประชุมเมื่อวันที่ ๑๐ มกราคม ๒๕๖๒", []),  # a past event is no deadline
        # a cut-off that describes work done
        ("ขอให้สรุปผลการดำเนินงานที่แล้วเสร็จภายในวันที่ ๓๑ มกราคม ๒๕๖๒ ส่งจังหวัด", []),
        ("ขอให้สรุปผลโครงการที่ดำเนินการภายในวันที่ ๓๑ มกราคม ๒๕๖๒", []),
        # done by then ("…แล้ว" before ภายใน): a reminder counting who met the old deadline
        ("อำเภอที่รายงานแล้วภายในวันที่ ๑๐ มกราคม ๒๕๖๒ มีจำนวน ๒๐ อำเภอ", []),
        ("ยังไม่ได้รับรายงานจากอำเภอที่ยังไม่ได้ส่ง ขอให้ส่งภายในวันที่ ๑๐ มกราคม ๒๕๖๒", [("error", "๑๐ มกราคม ๒๕๖๒")]),
        # a date that qualifies, not one to meet
        ("ผู้สูงอายุที่เกิดก่อนวันที่ ๒ กันยายน ๒๕๐๕ มีสิทธิได้รับเบี้ยยังชีพ", []),
        ("กลุ่มที่จดทะเบียนไม่เกินวันที่ ๓๑ ธันวาคม ๒๕๖๑", []),
        ("ขอให้ส่งแบบรายงานก่อนวันที่ ๓๑ มกราคม ๒๕๖๒", [("error", "๓๑ มกราคม ๒๕๖๒")]),
        # a "ตามที่ … นั้น" opening, then a deadline this letter sets
        ("ตามที่กรมได้แจ้งแนวทาง นั้น จังหวัดขอให้อำเภอรายงานภายในวันที่ ๑๐ มกราคม ๒๕๖๒", [("error", "๑๐ มกราคม ๒๕๖๒")]),
    ],
)
def test_deadline_already_past_in_prose(body: str, expected: list[tuple[str, str]], digits):
    findings = of(letter(body=digits(body)), "date.deadline-past")
    assert [(severity, found) for severity, _, found in findings] == [(s, digits(f)) for s, f in expected]


@pytest.mark.parametrize("digits", [str, arabic])
def test_deadline_in_a_schedule_table(digits):
    table = digits("ครั้งที่\tกำหนดส่ง\tรายการ\n๑\t๑๕ กุมภาพันธ์ ๒๕๖๒\tแผน\n๒\t๓๑ มีนาคม ๒๕๖๒\tผล\n")
    (finding,) = of(letter(after=table), "date.deadline-past")
    assert finding == ("error", "after ๒๐ กุมภาพันธ์ ๒๕๖๒", digits("๑๕ กุมภาพันธ์ ๒๕๖๒"))
    right = table.replace(digits("๑๕ กุมภาพันธ์"), digits("๒๘ กุมภาพันธ์"))
    assert of(letter(after=right), "date.deadline-past") == []
    # a column of dates that are not deadlines (a visiting plan) is not compared
    plan = digits("ลำดับ\tวันที่\tอำเภอ\n๑\t๑ กุมภาพันธ์ ๒๕๖๒\tเมือง\n")
    assert of(letter(after=plan), "date.deadline-past") == []


@pytest.mark.parametrize("digits", [str, arabic])
def test_deadline_in_a_reporting_schedule_by_round(digits):
    schedule = digits("กำหนดการรายงานผลการดำเนินงาน\n\nครั้งที่\tวันที่\tรายงาน\n"
                      "๑\t๑๕ กุมภาพันธ์ ๒๕๖๒\tแผน\n๒\t๓๑ มีนาคม ๒๕๖๒\tผล\n")
    assert [f for _, _, f in of(letter(after=schedule), "date.deadline-past")] == [digits("๑๕ กุมภาพันธ์ ๒๕๖๒")]
    # the same table under a heading about meetings held: no deadlines
    held = schedule.replace("กำหนดการรายงานผลการดำเนินงาน", "การประชุมที่จัดขึ้น")
    assert of(letter(after=held), "date.deadline-past") == []


def test_deadline_finding_says_the_letter_date():
    (finding,) = [f for f in run(letter(body="ขอให้ส่งภายในวันที่ ๑๐ มกราคม ๒๕๖๒")) if f.code == "date.deadline-past"]
    assert finding.expected == "after ๒๐ กุมภาพันธ์ ๒๕๖๒"
    assert "ก่อนวันที่ของหนังสือ" in finding.message and "before the letter's own date" in finding.message
    assert finding.location == "line 18 (ข้อความ)"


# ---------------------------------------------------------------------- body references


@pytest.mark.parametrize("digits", [str, arabic])
@pytest.mark.parametrize(
    "body, expected",
    [
        ("ตามหนังสือกรม ที่ มท ๐๔๑๐/ว ๑ ลงวันที่ ๑ มีนาคม ๒๕๖๒ แจ้งว่า", ["๑ มีนาคม ๒๕๖๒"]),
        ("ตามหนังสือกรม ที่ มท ๐๔๑๐/ว ๑ ลงวันที่ ๑ มีนาคม\n๒๕๖๒ แจ้งว่า", ["๑ มีนาคม ๒๕๖๒"]),  # wrapped
        ("ตามหนังสือกรม ที่ มท ๐๔๑๐/ว ๑ ลงวันที่ ๑ กุมภาพันธ์ ๒๕๖๒ แจ้งว่า", []),
        ("ขอให้รายงานภายในวันที่ ๑ มีนาคม ๒๕๖๒", []),  # a later date that no letter is dated
    ],
)
def test_reference_in_the_body_dated_after_the_letter(body: str, expected: list[str], digits):
    findings = of(letter(body=digits(body)), "date.reference-order")
    assert [found for _, _, found in findings] == [digits(e) for e in expected]


@pytest.mark.parametrize("digits", [str, arabic])
def test_reference_in_a_table_row_of_the_body(digits):
    body = digits("ลำดับ\tหนังสือ\n๑\tหนังสือกรม ลงวันที่ ๑ มีนาคม ๒๕๖๒")
    assert [f for _, _, f in of(letter(body=body), "date.reference-order")] == [digits("๑ มีนาคม ๒๕๖๒")]
    assert of(letter(body=body.replace(digits("มีนาคม"), "มกราคม")), "date.reference-order") == []


# ------------------------------------------------------------------------------------ era


@pytest.mark.parametrize("digits", [str, arabic])
@pytest.mark.parametrize(
    "body, expected",
    [
        ("ขอให้รายงานภายในวันที่ ๑๐ กันยายน ๒๐๑๙", [("๒๕๖๒", "๒๐๑๙")]),  # ค.ศ. where พ.ศ. belongs
        ("ขอให้รายงานภายในวันที่ ๑๐ กันยายน\n๒๐๑๙", [("๒๕๖๒", "๒๐๑๙")]),  # wrapped
        ("ขอให้รายงานภายในวันที่ ๑๐ กันยายน ๓๑๐๕", [("๒๕๖๒", "๓๑๐๕")]),  # ค.ศ. + 543 twice
        ("โครงการประจำปีงบประมาณ พ.ศ. ๒๐๑๙", [("๒๕๖๒", "๒๐๑๙")]),
        ("ขอให้รายงานภายในวันที่ ๑๐ กันยายน ๒๕๖๒", []),
        ("ตามแผน ค.ศ. ๒๐๑๙ และปี พ.ศ. ๒๕๖๒", []),  # a year said to be ค.ศ. is one
    ],
)
def test_era_mistakes(body: str, expected: list[tuple[str, str]], digits):
    findings = of(letter(body=digits(body)), "date.era")
    assert [(e, f) for _, e, f in findings] == [(digits(e), digits(f)) for e, f in expected]


def test_era_mistake_is_not_also_an_invalid_date():
    codes = [f.code for f in run(letter(body="ขอให้รายงานภายในวันที่ ๑๐ กันยายน ๒๐๑๙"))]
    assert codes == ["date.era"]
    assert [f.code for f in run(letter(body="ขอให้รายงานภายในวันที่ ๓๑ เมษายน ๒๕๖๒"))] == ["date.invalid"]


def test_era_in_a_table():
    table = "ลำดับ\tวันที่\tอำเภอ\n๑\tพุธ ๑๗ เม.ย. ๖๒\tเมือง\n๒\t๑๘ เมษายน ๒๐๑๙\tแม่จัน\n"
    assert [f for _, _, f in of(letter(after=table), "date.era")] == ["๒๐๑๙"]
    assert of(letter(after=table.replace("๒๐๑๙", "๒๕๖๒")), "date.era") == []


# -------------------------------------------------------------------------- fiscal quarter


@pytest.mark.parametrize("digits", [str, arabic])
@pytest.mark.parametrize(
    "body, expected",
    [
        ("ผลการดำเนินงานไตรมาสที่ ๒ (เดือนเมษายน - มิถุนายน ๒๕๖๒)", [("มกราคม – มีนาคม", "เมษายน, มิถุนายน")]),
        ("ผลการดำเนินงานไตรมาสที่ ๒ (เดือนเมษายน -\nมิถุนายน ๒๕๖๒)", [("มกราคม – มีนาคม", "เมษายน, มิถุนายน")]),
        ("ผลการดำเนินงานไตรมาสที่ ๑ (ต.ค. - ธ.ค. ๖๑)", []),
        ("ผลการดำเนินงานไตรมาสที่ ๒ (เดือนมกราคม - มีนาคม ๒๕๖๒)", []),
        ("ดำเนินการในไตรมาสที่ ๓ - ๔ (เมษายน - กันยายน ๒๕๖๒)", []),
        ("ดำเนินการในไตรมาสที่ ๓ - ๔ (มีนาคม - กันยายน ๒๕๖๒)", [("เมษายน – กันยายน", "มีนาคม, กันยายน")]),
        ("ประชุมอย่างน้อยไตรมาสละ ๑ ครั้ง ในเดือนมีนาคม", []),  # "per quarter", no quarter named
        ("ไตรมาสที่ ๒ ปีงบประมาณ ๒๕๖๒ (มกราคม - มีนาคม ๒๕๖๓)", [("มีนาคม ๒๕๖๒", "มีนาคม ๒๕๖๓")]),
        ("ไตรมาสที่ ๒ ปีงบประมาณ ๒๕๖๒ (มกราคม - มีนาคม ๒๕๖๒)", []),
        ("ผลการดำเนินงานปีงบประมาณ พ.ศ. ๒๕๖๒ ไตรมาสที่ ๑ (ตุลาคม - ธันวาคม ๒๕๖๑)", []),
        ("ผลการดำเนินงานปีงบประมาณ พ.ศ. ๒๕๖๒ ไตรมาสที่ ๑ (ตุลาคม - ธันวาคม\n๒๕๖๒)", [("ธันวาคม ๒๕๖๑", "ธันวาคม ๒๕๖๒")]),
    ],
)
def test_fiscal_quarter_months(body: str, expected: list[tuple[str, str]], digits):
    findings = of(letter(body=digits(body)), "date.fiscal-quarter")
    assert [(e, f) for _, e, f in findings] == [(digits(e), digits(f)) for e, f in expected]


def test_fiscal_quarter_in_a_table():
    table = "ระยะเวลา\tกิจกรรม\nไตรมาสที่ 3 (ตุลาคม - ธันวาคม 2562)\tประชุม\n"
    assert [f for _, _, f in of(letter(after=table), "date.fiscal-quarter")] == ["ตุลาคม, ธันวาคม"]
    assert of(letter(after=table.replace("ที่ 3", "ที่ 1")), "date.fiscal-quarter") == []


# ----------------------------------------------------------------------------- fiscal year


@pytest.mark.parametrize("digits", [str, arabic])
@pytest.mark.parametrize(
    "body, wrong",
    [
        ("ปีงบประมาณ พ.ศ. ๒๕๖๒ (๑ ตุลาคม ๒๕๖๒ - ๓๐ กันยายน ๒๕๖๓)", True),
        ("ปีงบประมาณ พ.ศ. ๒๕๖๒ (๑ ตุลาคม ๒๕๖๒ -\n๓๐ กันยายน ๒๕๖๓)", True),  # wrapped
        ("ปีงบประมาณ พ.ศ. ๒๕๖๒ ตั้งแต่ ๑ ตุลาคม ๒๕๖๑ ถึง ๓๐ กันยายน ๒๕๖๒", False),
        ("ผลการดำเนินงานประจำปีงบประมาณ พ.ศ. ๒๕๖๒ ของอำเภอ ระหว่างวันที่ ๑ ตุลาคม ๒๕๖๒ ถึงวันที่ ๓๐ กันยายน ๒๕๖๓", True),
        ("ปีงบประมาณ พ.ศ. ๒๕๖๒ และปีงบประมาณ พ.ศ. ๒๕๖๓ (๑ ตุลาคม ๒๕๖๒ - ๓๐ กันยายน ๒๕๖๓)", False),
        ("ปีงบประมาณ พ.ศ. ๒๕๖๒ (๑ ตุลาคม ๒๕๖๑ - ๓๐ กันยายน ๒๕๖๒)", False),
        # a report due after the year ends is normal
        ("ผลการดำเนินงานปีงบประมาณ พ.ศ. ๒๕๖๒ ให้รายงานภายในวันที่ ๑๕ ตุลาคม ๒๕๖๒", False),
    ],
)
def test_fiscal_year_period(body: str, wrong: bool, digits):
    findings = of(letter(body=digits(body)), "date.fiscal-year")
    assert len(findings) == int(wrong)
    if wrong:
        assert findings[0][1] == "๑ ต.ค. ๖๑ – ๓๐ ก.ย. ๖๒"
        assert findings[0][2] == digits("๑ ตุลาคม ๒๕๖๒") + " – " + digits("๓๐ กันยายน ๒๕๖๓")


def test_fiscal_year_in_a_table():
    table = "ปีงบประมาณ\tช่วงเวลา\nปีงบประมาณ 2562 (1 ตุลาคม 2562 - 30 กันยายน 2563)\tทั้งปี\n"
    assert len(of(letter(after=table), "date.fiscal-year")) == 1
    assert of(letter(after=table.replace("2562 -", "2561 -").replace("2563)", "2562)")), "date.fiscal-year") == []


# ------------------------------------------------------------------------------- numbering


def test_item_labels_and_sequence_breaks_are_reusable():
    assert item_label("- ๑๐) บริษัท").numbers == (10,)
    assert item_label("(3) ค่าวัสดุ").style == "()"
    assert item_label("๒.๑) การดำเนินงาน").numbers == (2, 1)
    assert item_label("๒๕๖๒ เป็นปี") is None
    assert item_label("1,000 บาท") is None
    assert [(b.expected, b.found) for b in sequence_breaks([1, 2, 4])] == [(3, 4)]
    assert sequence_breaks([1, 2, 3]) == []
    assert [(b.position, b.expected, b.found) for b in sequence_breaks([1, 1, 2])] == [(1, 2, 1)]


@pytest.mark.parametrize("digits", [str, arabic])
@pytest.mark.parametrize(
    "body, expected",
    [
        ("๑. ข้อหนึ่ง\n๒. ข้อสอง\n๓. ข้อสาม\n๕. ข้อห้า", [("numbering.sequence", "๔.", "๕.")]),
        ("๑. ข้อหนึ่ง\n๒. ข้อสอง\n๒. ข้อสาม", [("numbering.sequence", "๓.", "๒.")]),
        ("๑) ข้อหนึ่ง\n๒) ข้อสอง\n๔) ข้อสี่", [("numbering.sequence", "๓)", "๔)")]),
        ("๑. ข้อหนึ่ง\n- ๑) ก\n- ๒) ข\n๒. ข้อสอง", []),
        ("๑. ข้อหนึ่ง\n๒. ข้อสอง\n- ๑) ก\n- ๒) ข\n- ๓) ค\n๔) ง", []),  # a bullet dropped is not a new form
        ("๑. ข้อหนึ่ง\n- ๙) ก\n- ๑๐) ข\n๑๑. ค", [("numbering.style", "๑๑)", "๑๑.")]),
        ("๑. ข้อหนึ่ง\n๒. ข้อสอง\n๓.๑ ข้อย่อย", [("numbering.parent", "๒.…", "๓.๑")]),
        ("๑. ข้อหนึ่ง\n๒. ข้อสอง\n๒.๑ ข้อย่อย\n๒.๒ ข้อย่อย\n๒.๔ ข้อย่อย", [("numbering.sequence", "๒.๓", "๒.๔")]),
        ("๑. ข้อหนึ่ง\n๒. ข้อสอง\n๒.๑ ข้อย่อย\n๒.๒ ข้อย่อย\n๓. ข้อสาม", []),
        ("๑. ข้อหนึ่ง\n๒. ข้อสอง\n๑. รายการใหม่\n๒. รายการใหม่", []),  # a new list
        ("๑. ข้อหนึ่ง\n๑๐.๓๐ น. ลงทะเบียน\n๒. ข้อสอง", []),  # a time is no item
        # nor a time range (an agenda typed as paragraphs: "๑๓.๐ follows ๑๓.๐" was reported)
        ("๑๓.๐๐ - ๑๖.๓๐ น. กลุ่มที่ ๑\n๑๓.๐๐ - ๑๖.๓๐ น. กลุ่มที่ ๒\n๐๙.๐๐ – ๑๒.๐๐ น. นำเสนอ", []),
    ],
)
def test_numbering_in_prose(body: str, expected: list[tuple[str, str, str]], digits):
    findings = [(f.code, f.expected, f.found) for f in run(letter(body=digits(body))) if f.code.startswith("numbering.")]
    assert findings == [(c, digits(e), digits(f)) for c, e, f in expected]


def test_numbering_severities():
    skip = [f for f in run(letter(body="๑. ก\n๒. ข\n๔. ง")) if f.code.startswith("numbering")]
    style = [f for f in run(letter(body="๑. ก\n- ๑) ข\n- ๒) ค\n๓. ง")) if f.code.startswith("numbering")]
    assert [f.severity for f in skip] == [Severity.ERROR]
    assert [(f.code, f.severity) for f in style] == [("numbering.style", Severity.WARNING)]


@pytest.mark.parametrize("digits", [str, arabic])
def test_numbering_of_a_table_split_over_pages(digits):
    page1 = digits("ลำดับ\tอำเภอ\n๑\tเมือง\n๒\tแม่จัน\n")
    page2 = digits("ลำดับ\tอำเภอ\n๓\tเชียงแสน\n๔\tพาน\n")
    assert of(letter(after=page1 + "\n" + page2), "numbering.sequence") == []
    skipped = page2.replace(digits("๓\t"), digits("๕\t")).replace(digits("๔\t"), digits("๖\t"))
    # after the letter (an attached table): very probably wrong, a warning; in the letter, an error
    assert of(letter(after=page1 + "\n" + skipped), "numbering.sequence") == [("warning", digits("๓"), digits("๕"))]
    repeated = digits("ลำดับ\tอำเภอ\n๑\tเมือง\n๒\tแม่จัน\n๒\tพาน\n")
    assert of(letter(after=repeated), "numbering.sequence") == [("warning", digits("๓"), digits("๒"))]
    assert of(letter(body=repeated.strip()), "numbering.sequence") == [("error", digits("๓"), digits("๒"))]
    # a table of its own that starts at ๓ (no header repeated from a table before) is left alone
    assert of(letter(after=page1 + "\n" + page2.replace("ลำดับ\tอำเภอ", "ลำดับที่\tชื่ออำเภอ")),
              "numbering.sequence") == []


# --------------------------------------------------------------------- salutation, closing


@pytest.mark.parametrize(
    "salutation, closing, expected",
    [
        ("เรียน นายอำเภอ ทุกอำเภอ", "ขอแสดงความนับถือ", []),
        ("เรียน นายอำเภอ ทุกอำเภอ", "ขอแสดงความนับถืออย่างยิ่ง", [("letter.closing", "warning")]),
        ("กราบเรียน นายกรัฐมนตรี", "ขอแสดงความนับถืออย่างยิ่ง", []),
        ("กราบเรียน นายกรัฐมนตรี", "ขอแสดงความนับถือ", [("letter.closing", "warning")]),
        ("กราบเรียน นายอำเภอ ทุกอำเภอ", "ขอแสดงความนับถืออย่างยิ่ง", [("letter.salutation", "warning")]),
        # the closing right for the recipient: one fault, the salutation
        ("กราบเรียน นายอำเภอ ทุกอำเภอ", "ขอแสดงความนับถือ", [("letter.salutation", "warning")]),
        ("เรียน นายกรัฐมนตรี", "ขอแสดงความนับถืออย่างยิ่ง", [("letter.salutation", "warning")]),
        ("เรียน ประธานศาลฎีกา", "ขอแสดงความนับถือ", [("letter.salutation", "warning")]),
        ("นมัสการ เจ้าอาวาสวัดพระสิงห์", "ขอนมัสการด้วยความเคารพ", []),
        ("เรียน เจ้าอาวาสวัดพระสิงห์", "ขอแสดงความนับถือ", [("letter.salutation", "warning")]),
        ("นมัสการ เจ้าอาวาสวัดพระสิงห์", "ขอแสดงความนับถือ", [("letter.closing", "warning")]),
    ],
)
def test_salutation_closing_and_rank(salutation: str, closing: str, expected: list[tuple[str, str]]):
    text = letter().replace("เรียน นายอำเภอ ทุกอำเภอ", salutation).replace("ขอแสดงความนับถือ\n", closing + "\n")
    found = [(f.code, f.severity.value) for f in run(text) if f.code.startswith("letter.")]
    assert found == expected


def test_the_salutation_pairs_come_from_the_one_table():
    from thaidoc.model.common import SALUTATIONS

    for salutation, closing in SALUTATIONS.values():
        name = {"เรียน": "นายอำเภอ ทุกอำเภอ", "กราบเรียน": "นายกรัฐมนตรี", "นมัสการ": "เจ้าอาวาสวัดพระสิงห์"}[salutation]
        text = letter().replace("เรียน นายอำเภอ ทุกอำเภอ", f"{salutation} {name}").replace(
            "ขอแสดงความนับถือ\n", closing + "\n")
        assert [f.code for f in run(text) if f.code.startswith("letter.")] == [], (salutation, closing)


# -------------------------------------------------------------------------------- circulars


@pytest.mark.parametrize(
    "number, to, expected",
    [
        ("ที่ ชร ๐๐๑๙.๑/ว ๔๗", "นายอำเภอ ทุกอำเภอ", []),
        ("ที่ ชร ๐๐๑๙.๑/๔๗", "นายอำเภอ ทุกอำเภอ", [("warning", "ที่ ชร ๐๐๑๙.๑/๔๗")]),
        ("ที่ ชร 0019.1/47", "ผู้ว่าราชการจังหวัด ทุกจังหวัด", [("warning", "ที่ ชร 0019.1/47")]),
        ("ที่ ชร ๐๐๑๙.๑/๔๗", "หัวหน้าส่วนราชการ (ตามบัญชีรายชื่อแนบท้าย)", [("warning", "ที่ ชร ๐๐๑๙.๑/๔๗")]),
        ("ที่ ชร ๐๐๑๙.๑/๔๗", "นายอำเภอเมืองเชียงราย", []),
        # one copy of a circular per recipient, as `thaidoc batch` prints it: not reported
        ("ที่ ชร ๐๐๑๙.๑/ว ๔๗", "นายอำเภอเมืองเชียงราย", []),
        ("ที่ ชร ๐๐๑๙.๑/ว ๔๗", "นายอำเภอ", []),
    ],
)
def test_circular_number_against_the_recipients(number: str, to: str, expected: list[tuple[str, str]]):
    text = letter(number=number).replace("เรียน นายอำเภอ ทุกอำเภอ", f"เรียน {to}")
    assert [(s, f) for s, _, f in of(text, "ref.circular")] == expected


# ------------------------------------------------------------------------------ signer


@pytest.mark.parametrize(
    "signer, expected",
    [
        ("ผู้ว่าราชการจังหวัดเชียงราย", []),
        ("ผู้ว่าราชการจังหวัดเชียงใหม่", [("จังหวัดเชียงราย", "จังหวัดเชียงใหม่")]),
        ("รองผู้ว่าราชการจังหวัด ปฏิบัติราชการแทน\nผู้ว่าราชการจังหวัดเชียงราย", []),
        ("รองผู้ว่าราชการจังหวัด ปฏิบัติราชการแทน\nผู้ว่าราชการจังหวัดฉะเชิงเทรา", [("จังหวัดเชียงราย", "จังหวัดฉะเชิงเทรา")]),
        ("รองผู้ว่าราชการจังหวัดเชียงราย รักษาราชการแทน\nผู้ว่าราชการจังหวัดเชียงราย", []),
        ("พัฒนาการจังหวัด ปฏิบัติราชการแทน\nผู้ว่าราชการจังหวัดเชียงใหม่", [("จังหวัดเชียงราย", "จังหวัดเชียงใหม่")]),
        ("อธิบดีกรมการพัฒนาชุมชน", []),
    ],
)
def test_signer_against_the_sending_province(signer: str, expected: list[tuple[str, str]]):
    assert [(e, f) for _, e, f in of(letter(signer=signer), "signer.province")] == expected


def test_signer_in_a_head_without_a_province_is_not_compared():
    text = letter(address="กรมการพัฒนาชุมชน\nถนนแจ้งวัฒนะ", signer="ผู้ว่าราชการจังหวัดเชียงใหม่")
    assert of(text, "signer.province") == []


# ------------------------------------------------------------------------------ percentages


@pytest.mark.parametrize("digits", [str, arabic])
@pytest.mark.parametrize(
    "body, expected",
    [
        ("มีผู้เข้าร่วม ๑๕๐ คน จากเป้าหมาย ๖๐๐ คน คิดเป็นร้อยละ ๓๐", [("๒๕", "๓๐")]),
        ("มีผู้เข้าร่วม ๑๕๐ คน จากเป้าหมาย ๖๐๐ คน คิดเป็นร้อยละ ๒๕", []),
        ("มีผู้เข้าร่วม ๑๕๐ คน จากเป้าหมาย ๖๐๐ คน\nคิดเป็นร้อยละ ๓๐", [("๒๕", "๓๐")]),  # wrapped
        ("ผ่านเกณฑ์ ๑๐๐ หมู่บ้าน จากทั้งหมด ๓๐๐ หมู่บ้าน คิดเป็นร้อยละ ๓๓.๓๓", []),
        ("ผ่านเกณฑ์ ๑๐๐ หมู่บ้าน จากทั้งหมด ๓๐๐ หมู่บ้าน คิดเป็นร้อยละ ๓๓.๓๔", []),  # raised
        ("ผ่านเกณฑ์ ๑๐๐ หมู่บ้าน จากทั้งหมด ๓๐๐ หมู่บ้าน คิดเป็นร้อยละ ๓๓.๓๕", [("๓๓.๓๓", "๓๓.๓๕")]),
        ("ผ่านเกณฑ์ ๑๐๐ หมู่บ้าน จากทั้งหมด ๓๐๐ หมู่บ้าน คิดเป็นร้อยละ ๓๐.๓๓", [("๓๓.๓๓", "๓๐.๓๓")]),
        ("ผ่านเกณฑ์ 2 หมู่บ้าน จาก 3 หมู่บ้าน (66.67%)", []),
        # "from" another thing, not a part of a whole (the units differ)
        ("ได้รับงบประมาณ ๕๐๐,๐๐๐ บาท จากกรม ๓ หน่วยงาน ร้อยละ ๑๐ ของงบทั้งหมด", []),
        ("ผ่านเกณฑ์ 2 หมู่บ้าน จาก 3 หมู่บ้าน (60.67%)", [("66.67", "60.67")]),
    ],
)
def test_percent_from_its_counts_in_prose(body: str, expected: list[tuple[str, str]], digits):
    findings = of(letter(body=digits(body)), "arith.percent")
    assert [(e, f) for _, e, f in findings] == [(digits(e), digits(f)) for e, f in expected]


@pytest.mark.parametrize("digits", [str, arabic])
@pytest.mark.parametrize(
    "body, expected",
    [
        ("มีครู ๑๐ คน นักเรียน ๒๐๐ คน อัตราส่วน ๑ : ๒๐", []),
        ("มีครู ๑๐ คน นักเรียน ๒๐๐ คน อัตราส่วน ๑ : ๒๕", [("๑ : ๒๐", "๑ : ๒๕")]),
        ("มีครู ๑๐ คน นักเรียน ๒๐๐ คน\nอัตราส่วน ๑ : ๒๕", [("๑ : ๒๐", "๑ : ๒๕")]),  # wrapped
        ("ครู ๓ คน ต่อนักเรียน ๒๐ คน คิดเป็นอัตราส่วน ๑ : ๖.๖๗", []),  # rounded
        ("ครู ๓ คน ต่อนักเรียน ๒๐ คน คิดเป็นอัตราส่วน ๑ : ๖.๗๗", [("๑ : ๖.๖๗", "๑ : ๖.๗๗")]),
        ("หมู่บ้าน ๔ แห่ง ชุมชน ๑๒ แห่ง อัตราส่วน ๒ ต่อ ๖", []),
    ],
)
def test_ratio_from_its_counts(body: str, expected: list[tuple[str, str]], digits):
    findings = of(letter(body=digits(body)), "arith.ratio")
    assert [(e, f) for _, e, f in findings] == [(digits(e), digits(f)) for e, f in expected]


def test_ratio_in_a_table_cell():
    table = "โรงเรียน\tข้อมูล\nบ้านดอย\tครู 10 คน นักเรียน 200 คน อัตราส่วน 1 : 25\n"
    assert [f for _, _, f in of(letter(after=table), "arith.ratio")] == ["1 : 25"]
    assert of(letter(after=table.replace("1 : 25", "1 : 20")), "arith.ratio") == []


RATES = "อำเภอ\tเป้าหมาย\tผล\tร้อยละ\nเมือง\t100\t50\t50\nแม่จัน\t200\t150\t{rate}\nพาน\t40\t10\t25\nรวม\t340\t210\t61.76\n"
SHARES = "ประเภท\tจำนวน\tร้อยละ\nเกษตร\t50\t25\nแปรรูป\t50\t{share}\nท่องเที่ยว\t100\t50\nรวม\t200\t100\n"


@pytest.mark.parametrize("digits", [str, arabic, lambda t: t.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))])
def test_percent_in_tables(digits):
    assert of(letter(after=digits(RATES.format(rate="75"))), "arith.percent") == []
    assert [f for _, _, f in of(letter(after=digits(RATES.format(rate="57"))), "arith.percent")] == [digits("57")]
    assert of(letter(after=digits(SHARES.format(share="25"))), "arith.percent") == []
    assert [(e, f) for _, e, f in of(letter(after=digits(SHARES.format(share="35"))), "arith.percent")] == [
        (digits("25"), digits("35"))]
    only_shares = digits("ประเภท\tร้อยละ\nก\t25\nข\t25\nค\t40\nรวม\t100\n")
    assert [f for _, _, f in of(letter(after=only_shares), "arith.percent")] == [digits("100")]
    assert of(letter(after=only_shares.replace(digits("40"), digits("50"))), "arith.percent") == []


def test_a_rate_column_total_is_not_summed_by_table_sum():
    assert [f.code for f in run(letter(after=RATES.format(rate="75")))] == []


# ------------------------------------------------------------------------------ table sums


SPLIT = "ลำดับ\tอำเภอ\tชาย\tหญิง\tรวม\n๑\tเมือง\t๑๐\t๒๐\t๓๐\n๒\tพาน\t๕\t๕\t๑๐\n\n" \
        "ลำดับ\tอำเภอ\tชาย\tหญิง\tรวม\n๓\tแม่จัน\t๑\t๒\t๓\n\tรวมทั้งสิ้น\t{men}\t๒๗\t๔๓\n"


@pytest.mark.parametrize("digits", [str, arabic])
def test_table_sum_over_a_table_split_across_pages(digits):
    assert of(letter(after=digits(SPLIT.format(men="๑๖"))), "table.sum") == []
    findings = of(letter(after=digits(SPLIT.format(men="๑๕"))), "table.sum")
    assert [(e, f) for _, e, f in findings] == [("16", digits("15"))]


def test_a_row_named_with_รวม_is_not_a_total():
    table = "โครงการ\tชาย\tหญิง\tรวม\nรวมพลังสร้างสุข\t10\t20\t30\nรวมกลุ่มอาชีพ\t5\t5\t10\nรวม\t15\t25\t40\n"
    assert of(letter(after=table), "table.sum") == []
    assert [f for _, _, f in of(letter(after=table.replace("รวม\t15", "รวม\t16")), "table.sum")] == ["16"]


# ---------------------------------------------------------------------------------- docx


@pytest.mark.parametrize(
    "body",
    [
        "ขอให้อำเภอรายงานภายในวันที่ ๑๐ มกราคม ๒๕๖๒",
        "ตามหนังสือกรม ที่ มท ๐๔๑๐/ว ๑ ลงวันที่ ๑ มีนาคม ๒๕๖๒ แจ้งว่า",
        "ผลการดำเนินงานไตรมาสที่ ๒ (เดือนเมษายน - มิถุนายน ๒๕๖๒)",
        "๑. ข้อหนึ่ง\n๒. ข้อสอง\n๔. ข้อสี่",
        "มีผู้เข้าร่วม ๑๕๐ คน จากเป้าหมาย ๖๐๐ คน คิดเป็นร้อยละ ๓๐",
    ],
)
def test_docx_gives_the_same_findings_as_text(body: str, tmp_path: Path):
    text = letter(body=body, signer="ผู้ว่าราชการจังหวัดเชียงใหม่")
    path = tmp_path / "letter.docx"
    text_to_docx(text, path)
    as_docx = [(f.code, f.found) for f in lint(extract(path))]
    assert as_docx == [(f.code, f.found) for f in run(text)]
    assert len(as_docx) == 2  # the planted fault and the signer's province


def test_a_date_wrapped_inside_a_docx_paragraph(tmp_path: Path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for line in letter(body="BODY").strip().splitlines():
        if line == "BODY":
            paragraph = document.add_paragraph("ขอให้อำเภอรายงานภายในวันที่ ๑๐")
            paragraph.add_run().add_break()
            paragraph.add_run("มกราคม ๒๕๖๒ เพื่อทราบ")
        elif line.strip():
            document.add_paragraph(line.strip())
    path = tmp_path / "wrapped.docx"
    document.save(str(path))
    assert [(f.code, f.found) for f in lint(extract(path))] == [("date.deadline-past", "๑๐ มกราคม ๒๕๖๒")]


def test_the_readme_lists_every_code_with_an_example(repo: Path):
    readme = (repo / "README.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip().split()[0].strip("`"): line
            for line in readme.splitlines() if line.startswith("| `")}
    missing = [code for code in CODES if code not in rows]
    assert missing == []
    # each row: code | what | example, the example quoting the text
    assert all(len(rows[code].split("|")) >= 5 and '"' in rows[code].split("|")[3] for code in CODES)


def test_every_letter_of_the_sample_batch_lints_clean(tmp_path: Path, repo: Path):
    # one copy of the circular per district, each addressed by name and numbered with ว:
    # neither ref.circular nor any other rule may speak up on the product's own letters
    import subprocess
    import sys

    out = tmp_path / "batch"
    subprocess.run([sys.executable, "-m", "thaidoc", "batch", "samples/batch/circular.yaml",
                    "samples/batch/districts.csv", "-o", str(out)], check=True, capture_output=True,
                   timeout=300, cwd=repo)
    letters = sorted(out.glob("*.docx"))
    assert len(letters) == 18
    assert {path.name: [str(f) for f in lint(extract(path))] for path in letters} == {
        path.name: [] for path in letters}


def test_checking_letter_data_runs_the_new_rules_on_the_printed_text(repo: Path):
    # a deadline given as data, printed by the template before the letter's own date
    import yaml

    import thaidoc

    data = yaml.safe_load((repo / "samples/letters/circular-chiang-rai-2562.yaml").read_text(encoding="utf-8"))
    # the author's letter as a mapping: its {{ }} are expanded only when the caller says so
    assert thaidoc.check(data, name="circular.yaml", text_templates=True) == []
    data["dates"]["summary_due"] = "2019-02-01"  # the letter is dated 2019-02-20
    findings = thaidoc.check(data, name="circular.yaml", text_templates=True)
    assert [(f.code, f.found, f.extra.get("checked")) for f in findings] == [
        ("date.deadline-past", "๑ กุมภาพันธ์ ๒๕๖๒", "printed text")]


def test_the_second_bundled_faulty_sample_reports_exactly_its_faults(repo: Path):
    findings = lint(extract(repo / "samples" / "issued" / "faulty-report-request.txt"))
    assert [(f.code, f.location.split(" (")[0]) for f in findings] == [
        ("ref.circular", "line 3"),
        ("letter.salutation", "line 12"),
        ("date.reference-order", "line 17"),
        ("date.fiscal-year", "line 17"),
        ("date.deadline-past", "line 21"),
        ("date.fiscal-quarter", "line 21"),
        ("arith.percent", "line 23"),
        ("numbering.sequence", "line 25"),
        ("date.era", "line 25"),
        ("arith.ratio", "line 27"),
        ("numbering.parent", "line 29"),
        ("signer.province", "line 39"),
        ("numbering.sequence", "line 52"),
        ("arith.percent", "line 53"),
        ("table.sum", "line 54"),
        ("numbering.style", "line 60"),
    ]


def test_quarter_and_era_severities():
    def severities(body: str = "", after: str = "", code: str = "") -> list[str]:
        return [severity for severity, _, _ in of(letter(body=body, after=after), code)]

    # the calendar's first quarter: very probably wrong; said of a fiscal year: certainly
    assert severities("ผลไตรมาสที่ ๑ (มกราคม - มีนาคม ๒๕๖๒)", code="date.fiscal-quarter") == ["warning"]
    assert severities("ผลไตรมาสที่ ๑ ปีงบประมาณ ๒๕๖๒ (มกราคม - มีนาคม)", code="date.fiscal-quarter") == ["error"]
    assert severities("ผลไตรมาสที่ ๒ (เมษายน - มิถุนายน ๒๕๖๒)", code="date.fiscal-quarter") == ["warning"]
    assert severities("ผลไตรมาสที่ ๒ (กรกฎาคม - กันยายน ๒๕๖๒)", code="date.fiscal-quarter") == ["error"]
    # a CE year in the letter is certainly wrong; in an attached form, very probably
    assert severities("ขอให้รายงานภายในวันที่ ๑๐ กันยายน ๒๐๑๙", code="date.era") == ["error"]
    assert severities(after="ข้อมูล ณ วันที่ ๑๕ มีนาคม ๒๐๑๙", code="date.era") == ["warning"]


def test_a_table_breaks_the_lists_around_it():
    # a rubric exported as text: the band's conditions spill out of their cell onto lines
    after = "๑. ภารกิจเรื่อง การขับเคลื่อน\n\nระดับ\tเกณฑ์\nA\t๑) มีแผน\n๒) รายงานผล\n๓) ประชาสัมพันธ์\n"
    assert [f.code for f in run(letter(after=after))] == []
    # without the table between, "๒)" after "๑." goes on with the "." list in another form
    assert [f.code for f in run(letter(after="๑. ภารกิจ\n๒) รายงานผล\n"))] == ["numbering.style"]


def test_a_list_starting_on_its_heading_line():
    after = "หมายเหตุ : ๑. คณะนิเทศ\n- ๑) พัฒนาการจังหวัด\n- ๒) ผู้อำนวยการกลุ่มงาน\n๒) ประเด็นการติดตาม\n"
    found = [(f.code, f.found) for f in run(letter(after=after)) if f.code.startswith("numbering")]
    assert found == [("numbering.style", "๒)")]
    assert [f.code for f in run(letter(after=after.replace("๒) ประเด็น", "๒. ประเด็น")))] == []


def test_render_refuses_a_letter_whose_printed_deadline_is_past(repo: Path):
    import yaml

    import thaidoc
    from thaidoc.errors import InconsistentDocumentError

    data = yaml.safe_load((repo / "samples/letters/circular-chiang-rai-2562.yaml").read_text(encoding="utf-8"))
    assert thaidoc.render(data, text_templates=True)  # as given: the deadline follows the letter
    data["dates"]["summary_due"] = "2019-02-01"
    with pytest.raises(InconsistentDocumentError, match="deadline ๑ กุมภาพันธ์ ๒๕๖๒"):
        thaidoc.render(data, text_templates=True)  # the author's letter, as a mapping
    assert thaidoc.render(data, allow_inconsistent=True, text_templates=True)


def test_a_printed_text_finding_names_the_data_field_it_was_typed_in(repo: Path, tmp_path: Path):
    """The finding of a letter's printed text said "paragraph 9" of a document the user never
    saw; it names the field too (Arabic digits typed, Thai digits printed)."""
    import yaml
    from click.testing import CliRunner

    import thaidoc
    from thaidoc.cli import main

    data = yaml.safe_load((repo / "samples/letters/circular-chiang-rai-2562.yaml").read_text(encoding="utf-8"))
    data["body"].insert(1, "ขอให้ส่งภายในวันศุกร์ที่ 25 มกราคม 2568 จำนวน 1,000 บาท (หนึ่งร้อยบาทถ้วน)")
    findings = thaidoc.check(data)
    assert sorted((f.code, f.extra.get("field")) for f in findings) == [
        ("amount.words", "body[1].text"), ("date.weekday", "body[1].text")]
    path = tmp_path / "letter.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 1
    assert "body[1].text; printed text, paragraph" in result.output


# ------------------------------------------------------------------------------ properties

@settings(max_examples=300, deadline=None)
@given(start=st.integers(1, 50), length=st.integers(1, 30), drop=st.integers(0, 29))
def test_sequence_breaks_finds_exactly_one_missing_number(start: int, length: int, drop: int):
    numbers = list(range(start, start + length))
    assert sequence_breaks(numbers, start=start) == []
    if 0 < drop < length - 1:  # one number left out inside: one break, at the number after it
        removed = numbers[:drop] + numbers[drop + 1:]
        breaks = sequence_breaks(removed, start=start)
        assert [(b.position, b.expected, b.found) for b in breaks] == [
            (drop, start + drop, start + drop + 1)]


@settings(max_examples=300, deadline=None)
@given(part=st.integers(0, 10_000), whole=st.integers(1, 10_000), decimals=st.integers(0, 2))
def test_the_rounded_percentage_fits_and_one_unit_more_does_not(part: int, whole: int, decimals: int):
    unit = Decimal(1).scaleb(-decimals)
    exact = Decimal(part) * 100 / Decimal(whole)
    rounded = exact.quantize(unit, ROUND_HALF_UP)
    assert percent_fits(Decimal(part), Decimal(whole), f"{rounded:f}")
    # two units away is neither rounded, cut nor raised
    assert not percent_fits(Decimal(part), Decimal(whole), f"{rounded + 2 * unit:f}")


@given(be=st.integers(2450, 2650))
def test_era_slips_against_any_buddhist_year(be: int):
    assert era_slip(be, be) is None
    assert era_slip(be - 543, be) == "ce"  # the Christian-era year of the same year
    assert era_slip(be + 543, be) == "plus-543"
    assert era_slip(be + 1, be) is None
