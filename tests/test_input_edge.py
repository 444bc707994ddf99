"""Exact at the input edge (issue 12): dates as Thai staff type them, register numbers,
amounts too large to be real, and library parameters that are out of range.

Every case here failed before: a พ.ศ. year typed as an ISO date printed ๓๑๑๐, 0001-01-01
printed ๕๔๔, "17 เมษายน 2567" was refused, "ว -๕" was printed, and 29-digit amounts,
``century=999``, ``thai_date(style='nope')`` and ``format_amount(10**5000)`` escaped as
``decimal.InvalidOperation`` / ``ValueError`` instead of the project's own errors.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import thaidoc
from thaidoc.cli import main
from thaidoc.errors import AmountError, DataError, DateError, InconsistentDocumentError
from thaidoc.model import load_document
from thaidoc.thai import (
    DATA_YEARS,
    MONTHS,
    MONTHS_ABBR,
    bahttext,
    format_amount,
    numbertext,
    parse_bahttext,
    parse_bahttext_lenient,
    parse_numbertext,
    parse_thai_date,
    read_date,
    resolve_two_digit_year,
    thai_date,
    thai_digits,
    to_satang,
)

ANNOUNCEMENT = {"kind": "announcement", "issuer": "จังหวัดเชียงราย", "subject": "ทดสอบ", "date": "2024-04-17",
                "body": ["ข้อความ"], "signer": {"name": "นายก ข", "position": "ผู้ว่าราชการจังหวัดเชียงราย"}}
EXTERNAL = {
    "kind": "external-letter",
    "number": {"office": "ชร 0019.1", "number": 47, "circular": True},
    "sender": {"office": "ศาลากลางจังหวัดเชียงราย", "address": "ถนนแม่ฟ้าหลวง ชร 57100"},
    "date": "2019-02-20", "subject": "ทดสอบ", "recipient": "นายอำเภอ ทุกอำเภอ", "body": ["ข้อความ"],
    "signer": {"name": "นายภาสกร บุญญลักษม์", "position": "ผู้ว่าราชการจังหวัดเชียงราย"},
}


# -- dates in data: one rule ------------------------------------------------------------------


@pytest.mark.parametrize("typed", [
    "2567-04-17",                # a พ.ศ. year typed as an ISO date
    "๒๕๖๗-๐๔-๑๗",                # the same in Thai digits
    "2024-04-17",                # an ISO date in ค.ศ.
    dt.date(2567, 4, 17),        # a date object from Python with a พ.ศ. year
    "17 เมษายน 2567",
    "๑๗ เมษายน ๒๕๖๗",
    "วันพุธที่ ๑๗ เมษายน ๒๕๖๗",
    "๑๗ เม.ย. ๖๗",
    "17 เม.ย. 2567",
    "17/04/2567",
    "๑๗/๔/๒๕๖๗",
    "17/04/67",
    "ณ วันที่ 17 เมษายน พ.ศ. 2567",
])
def test_a_date_field_accepts_the_forms_staff_type(typed):
    document = load_document({**ANNOUNCEMENT, "date": typed})
    assert document.date == dt.date(2024, 4, 17)  # type: ignore[attr-defined]
    assert document.context()["date_text"] == "๑๗ เมษายน พ.ศ. ๒๕๖๗"


def test_every_date_field_goes_through_the_same_reader():
    data = {**EXTERNAL, "date": "20 กุมภาพันธ์ 2562",
            "references": [{"text": "หนังสือจังหวัด", "number": "ชร 0019/ว 1", "date": "2562-01-31"}],
            "dates": {"deadline": "๑๕/๓/๒๕๖๒"}}
    document = load_document(data)
    assert document.date == dt.date(2019, 2, 20)  # type: ignore[attr-defined]
    assert document.references[0].date == dt.date(2019, 1, 31)  # type: ignore[attr-defined]
    assert document.dates["deadline"] == dt.date(2019, 3, 15)
    assert [path for path, _ in document.date_readings] == ["date", "references[0].date", "dates.deadline"]


def test_a_buddhist_era_leap_day_is_the_leap_day_of_its_christian_year():
    # 2567 is not a leap year in ค.ศ. numbering, but พ.ศ. 2567 is 2024, which is
    assert read_date("2567-02-29").date == dt.date(2024, 2, 29)
    with pytest.raises(DateError, match="February 2024 has 29 days"):
        read_date("2567-02-30")


@pytest.mark.parametrize("typed", ["0001-01-01", "9999-12-31", "2300-01-01", "2442-12-31", "1899-12-31",
                                   dt.date(1, 1, 1), dt.date(9999, 12, 31)])
def test_a_year_outside_the_plausible_window_is_refused(typed):
    with pytest.raises(DataError) as info:
        load_document({**ANNOUNCEMENT, "date": typed})
    assert info.value.location == "date"
    assert info.value.message.startswith("ปีอยู่นอกช่วงที่รับได้ / ")
    assert "2443-2742" in (info.value.expected or "")


def test_a_reference_dated_9999_12_31_is_refused_at_its_field():
    data = {**EXTERNAL, "references": [{"text": "หนังสือ", "number": "ชร 1/1", "date": "9999-12-31"}]}
    with pytest.raises(DataError) as info:
        load_document(data)
    assert info.value.location == "references[0].date"


def test_a_thai_form_with_a_christian_era_year_is_refused():
    with pytest.raises(DataError, match="2024 is not a Buddhist-era year"):
        load_document({**ANNOUNCEMENT, "date": "17 เมษายน 2024"})


@given(st.dates(min_value=dt.date(DATA_YEARS.start, 1, 1), max_value=dt.date(DATA_YEARS.stop - 1, 12, 31)))
def test_every_typed_form_of_a_date_reads_back_to_it(day):
    be = day.year + 543
    forms = [day.isoformat(), f"{be:04d}-{day.month:02d}-{day.day:02d}", f"{day.day}/{day.month}/{be}",
             thai_digits(f"{day.day:02d}/{day.month:02d}/{be}"), f"{day.day} {MONTHS[day.month - 1]} {be}",
             f"{day.day} {MONTHS_ABBR[day.month - 1]} {be}", thai_date(day, "weekday"), thai_date(day, "full")]
    for form in forms:
        assert read_date(form).date == day, form
    assert read_date(day.isoformat()).converted is False
    assert all(read_date(form).converted for form in forms[1:])


def test_check_shows_the_conversion_as_a_note():
    findings = thaidoc.check({**ANNOUNCEMENT, "date": "2567-04-17"})
    notes = [f for f in findings if f.code == "date.read-as"]
    assert [(f.severity.value, f.location, f.found, f.expected) for f in notes] == [
        ("note", "date", "2567-04-17", "2024-04-17")]
    assert notes[0].message.startswith("อ่าน 2567-04-17 เป็นวันที่ 17 เมษายน 2567")
    assert not [f for f in thaidoc.check(ANNOUNCEMENT) if f.code == "date.read-as"]


def test_the_numeric_form_is_read_by_parse_thai_date_itself():
    parsed = parse_thai_date("17/04/2567")
    assert (parsed.date, parsed.style) == (dt.date(2024, 4, 17), "numeric")
    with pytest.raises(DateError, match="no month 13"):
        parse_thai_date("17/13/2567")
    # running text keeps to dates in words: "1/2/2567" in prose is too often no date
    assert thaidoc.find_thai_dates("ที่ 1/2/2567") == []


# -- register numbers -------------------------------------------------------------------------


@pytest.mark.parametrize("number", [-5, "-๕", "−5", 0, "๐", "+3"])
def test_a_register_number_must_be_a_whole_number_from_one(number):
    with pytest.raises(DataError) as info:
        load_document({**EXTERNAL, "number": {"office": "ชร 0019.1", "number": number, "circular": True}})
    assert info.value.location == "number.number"
    assert info.value.message.startswith("เลขทะเบียนหนังสือต้องเป็นจำนวนเต็มบวก / ")


@pytest.mark.parametrize("number", [1, "๔๗", "2215"])
def test_a_positive_register_number_is_kept(number):
    document = load_document({**EXTERNAL, "number": {"office": "ชร 0019.1", "number": number}})
    assert document.context()["number_text"] == "ชร ๐๐๑๙.๑/" + thai_digits(str(number))


# -- amounts and parameters raise the project's own errors ------------------------------------


@pytest.mark.parametrize("amount", ["1" * 29, "1" * 25, 10**24, Decimal("1E+30"), "๙" * 40])
def test_an_amount_of_too_many_digits_is_a_data_error_not_invalid_operation(amount):
    with pytest.raises(DataError) as info:
        load_document({**ANNOUNCEMENT, "amounts": {"x": amount}})
    assert info.value.location == "amounts.x"
    assert info.value.message.startswith("ตัวเลขใหญ่เกินไป / number too large")


@pytest.mark.parametrize("call", [
    lambda: format_amount(10**5000),
    lambda: bahttext(10**5000),
    lambda: bahttext(Decimal("1E+5000")),
    lambda: to_satang("9" * 30),
    lambda: thaidoc.format_number(10**30),
])
def test_a_huge_number_raises_amount_error(call):
    with pytest.raises(AmountError, match="number too large") as info:
        call()
    assert info.value.expected and info.value.found


def test_the_largest_amount_still_reads():
    assert bahttext(10**24 - 1).endswith("บาทถ้วน")
    assert format_amount(Decimal("999999999999999999999999.99"), digits="arabic").startswith("999,999")


@pytest.mark.parametrize(("call", "expected"), [
    (lambda: thai_date(dt.date(2024, 4, 17), style="nope"), "full, weekday, short, table"),  # type: ignore[arg-type]
    (lambda: thai_date(dt.date(2024, 4, 17), digits="roman"), "'thai' or 'arabic'"),  # type: ignore[arg-type]
    (lambda: parse_thai_date("๑๗ เม.ย. ๖๗", century=999), "24-29"),
    (lambda: resolve_two_digit_year(67, century=999), "24-29"),
    (lambda: resolve_two_digit_year(100), "0-99"),
    (lambda: parse_thai_date("๑๗ เม.ย. ๖๗", reference_year=10**9), "Buddhist-era year"),
    (lambda: thaidoc.find_thai_dates("๑๗ เม.ย. ๖๗", century=-1), "24-29"),
])
def test_a_parameter_out_of_range_raises_date_error_with_expected_and_found(call, expected):
    with pytest.raises(DateError) as info:
        call()
    assert expected in (info.value.expected or "")
    assert info.value.found
    assert " / " in info.value.message  # Thai first, then English


# -- words to amounts and numbers -------------------------------------------------------------


@pytest.mark.parametrize(("printed", "amount"), [
    ("(หนึ่งร้อยหกสิบล้านหกแสนเจ็ดหมื่นสี่พันสี่ร้อยบาทถ้วน)", Decimal("160674400")),
    ("(-หนึ่งร้อยหกสิบล้านหกแสนเจ็ดหมื่นสี่พันสี่ร้อยบาทถ้วน-)", Decimal("160674400")),
    ("-สิบเอ็ดบาทหนึ่งสตางค์-", Decimal("11.01")),
    (" ( – ห้าสิบบาทถ้วน – ) ", Decimal("50")),
    ("(ลบหนึ่งร้อยเอ็ดบาทถ้วน)", Decimal("-101")),
])
def test_words_printed_in_parentheses_or_dashes_parse(printed, amount):
    assert parse_bahttext(printed) == amount
    assert parse_bahttext_lenient(printed).amount == amount


def test_an_unmatched_parenthesis_is_still_an_error_at_its_position():
    with pytest.raises(AmountError) as info:
        parse_bahttext("(หนึ่งร้อยบาทถ้วน")
    assert info.value.position == 0
    with pytest.raises(AmountError) as info:
        parse_bahttext("(หนึ่งร้อยสองสิบบาทถ้วน)")
    assert info.value.position == 10  # positions count in the text as given, parenthesis included


@pytest.mark.parametrize(("words", "number"), [
    ("สองล้านสามแสนหกร้อยสิบสอง", 2_300_612), ("ยี่สิบ", 20), ("สิบเอ็ด", 11), ("หนึ่ง", 1), ("ศูนย์", 0),
    ("หนึ่งร้อยหนึ่ง", 101), ("ลบห้า", -5), ("หนึ่งล้านล้าน", 10**12), ("(ยี่สิบเอ็ด)", 21),
])
def test_bare_number_words_parse(words, number):
    assert parse_numbertext(words) == number


@pytest.mark.parametrize("words", ["สองสิบ", "ยี่", "เอ็ด", "ร้อย", "ห้าบาท", "", "ลบศูนย์", "สิบหนึ่ง"])
def test_malformed_number_words_are_refused_with_a_position(words):
    with pytest.raises(AmountError) as info:
        parse_numbertext(words)
    assert info.value.position is not None


@given(st.integers(min_value=-(10**24) + 1, max_value=10**24 - 1))
def test_numbertext_round_trips(n):
    words = numbertext(n)
    assert parse_numbertext(words) == n
    if n > 0:  # the same number as the baht amount's words, without บาทถ้วน
        assert bahttext(n) == words + "บาทถ้วน"


@pytest.mark.parametrize("text", ["หนึ่ง" + "ล้าน" * 5 + "บาทถ้วน", "หนึ่ง" + "ล้าน" * 100_000 + "บาทถ้วน"])
def test_words_past_the_largest_amount_are_refused_not_computed(text):
    with pytest.raises(AmountError, match="number too large"):
        parse_bahttext(text)
    reading = parse_bahttext_lenient(text)
    assert reading.amount is None and any("number too large" in p for p in reading.problems)
    with pytest.raises(AmountError, match="number too large"):
        parse_numbertext(text.removesuffix("บาทถ้วน"))


def test_the_largest_amount_in_words_still_reads():
    assert parse_bahttext(bahttext(10**24 - 1)) == 10**24 - 1


# -- render refuses what check rejects --------------------------------------------------------

WRONG_TEXT = "ภายในวันศุกร์ที่ 25 มกราคม 2568 เป็นเงิน 1,000 บาท (หนึ่งร้อยบาทถ้วน)"  # a Saturday; 100 in words


def letter_with(text):
    return {**ANNOUNCEMENT, "body": ["ด้วยจังหวัดจะจัดประชุม", text]}


def test_render_refuses_a_letter_whose_printed_text_check_rejects():
    data = letter_with(WRONG_TEXT)
    with pytest.raises(InconsistentDocumentError) as info:
        thaidoc.render(data)
    codes = sorted(f.code for f in info.value.findings if f.severity.value == "error")
    assert codes == ["amount.words", "date.weekday"]
    assert info.value.message.startswith("ข้อความที่จะพิมพ์มีข้อผิดพลาด 2 รายการ / ")
    # the same rules as thaidoc check, because it is the same lint over the same printed text
    checked = sorted(f.code for f in thaidoc.check(data) if f.severity.value == "error")
    assert checked == codes
    assert thaidoc.render(data, allow_inconsistent=True)[:2] == b"PK"


def test_render_to_file_writes_nothing_for_such_a_letter(tmp_path):
    target = tmp_path / "letter.docx"
    with pytest.raises(InconsistentDocumentError):
        thaidoc.render_to_file(letter_with(WRONG_TEXT), target)
    assert not target.exists()


def test_a_correct_letter_still_renders():
    assert thaidoc.render(letter_with("ภายในวันเสาร์ที่ 25 มกราคม 2568 เป็นเงิน 1,000 บาท (หนึ่งพันบาทถ้วน)"))[:2] == b"PK"


def test_the_cli_refuses_with_the_findings_shown_once_and_overrides_on_request(tmp_path):
    data = tmp_path / "letter.yaml"
    data.write_text(yaml.safe_dump(letter_with(WRONG_TEXT), allow_unicode=True), encoding="utf-8")
    out = tmp_path / "letter.docx"
    refused = CliRunner().invoke(main, ["render", str(data), "-o", str(out)])
    assert refused.exit_code == 1
    assert not out.exists()
    assert refused.output.count("2 findings: 2 errors") == 1
    assert "date.weekday" in refused.output and "amount.words" in refused.output
    assert "ไม่ได้สร้างเอกสาร" in refused.output and "--allow-inconsistent" in refused.output
    allowed = CliRunner().invoke(main, ["render", str(data), "-o", str(out), "--allow-inconsistent"])
    assert allowed.exit_code == 0
    assert out.exists()
    assert allowed.output.count("2 findings: 2 errors") == 1
    assert "rendered anyway" in allowed.output


@pytest.mark.parametrize("typed", ["2567-04-17", "17/04/2567", "17 เมษายน 2567", "2024-04-17"])
def test_the_date_command_reads_its_argument_by_the_same_rule(typed):
    result = CliRunner().invoke(main, ["date", typed])
    assert (result.exit_code, result.output) == (0, "๑๗ เมษายน ๒๕๖๗\n")


def test_the_date_command_refuses_a_year_out_of_range():
    result = CliRunner().invoke(main, ["date", "0001-01-01"])
    assert result.exit_code == 2
    assert "ปีอยู่นอกช่วงที่รับได้" in result.output


@given(st.integers(min_value=0, max_value=10**17).map(lambda c: Decimal(c).scaleb(-2)),
       st.sampled_from(["({})", "(-{}-)", "-{}-", "( {} )", "(–{}–)", "{}"]))
def test_any_amount_printed_with_its_parentheses_or_dashes_reads_back(amount, wrapping):
    printed = wrapping.format(bahttext(amount))
    assert parse_bahttext(printed) == amount
    assert parse_bahttext_lenient(printed).ok


@pytest.mark.parametrize("reference_year", [2400, 9999])
def test_two_digit_years_resolve_to_real_dates_at_both_ends_of_the_reference_years(reference_year):
    for yy in (0, 49, 50, 99):
        day = parse_thai_date(f"๒๘ ก.พ. {yy:02d}", reference_year=reference_year).date
        assert abs(day.year + 543 - reference_year) <= 50
    with pytest.raises(DateError, match="reference year"):
        parse_thai_date("๒๘ ก.พ. ๖๗", reference_year=reference_year + (1 if reference_year == 9999 else -1))


def test_a_data_date_typed_with_the_wrong_weekday_is_refused():
    """A "date: วันศุกร์ที่ 17 เมษายน 2567" (a Wednesday) was read as 17 April and the wrong
    weekday dropped without a word; the data-date rule now refuses it, naming the field, as the
    schedule's rows already did. The right weekday is accepted."""
    import thaidoc
    from conftest import REPO

    data = thaidoc.load_document(REPO / "samples/letters/memo-training-budget.yaml").model_dump(mode="json")
    with pytest.raises(thaidoc.DataError) as caught:
        thaidoc.render({**data, "date": "วันศุกร์ที่ 17 เมษายน 2567"})
    assert caught.value.location == "date" and "วันพุธ" in str(caught.value)
    assert thaidoc.load_document({**data, "date": "วันพุธที่ 17 เมษายน 2567"}).date.isoformat() == "2024-04-17"
    with pytest.raises(thaidoc.DataError):
        thaidoc.load_document({**data, "references": [{"text": "หนังสือ", "number": "ฉช 0019/ว 1",
                                                       "date": "ศุกร์ ๑๗ เม.ย. ๖๗"}]})
