"""Buddhist-era dates both ways, weekdays, two-digit years, finding dates in prose, and the
fiscal year."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

import thaidoc
from thaidoc.errors import DateError
from thaidoc.thai import (
    DATE_STYLES,
    MONTHS,
    MONTHS_ABBR,
    WEEKDAYS,
    WEEKDAYS_ABBR,
    NoSuchDateError,
    find_thai_dates,
    fiscal_quarter,
    fiscal_year,
    parse_thai_date,
    resolve_two_digit_year,
    thai_date,
)

WRITING = [
    (date(2019, 2, 20), "full", "thai", "๒๐ กุมภาพันธ์ ๒๕๖๒"),
    (date(2024, 4, 17), "weekday", "thai", "วันพุธที่ ๑๗ เมษายน ๒๕๖๗"),
    (date(2024, 4, 17), "short", "thai", "๑๗ เม.ย. ๖๗"),
    (date(2024, 4, 17), "table", "thai", "พุธ ๑๗ เม.ย. ๖๗"),
    (date(2024, 4, 17), "full", "arabic", "17 เมษายน 2567"),
    (date(2025, 1, 24), "weekday", "thai", "วันศุกร์ที่ ๒๔ มกราคม ๒๕๖๘"),
    (date(2025, 1, 25), "weekday", "thai", "วันเสาร์ที่ ๒๕ มกราคม ๒๕๖๘"),
    (date(2024, 2, 29), "full", "thai", "๒๙ กุมภาพันธ์ ๒๕๖๗"),
    (date(2000, 1, 1), "weekday", "arabic", "วันเสาร์ที่ 1 มกราคม 2543"),
    (date(2000, 1, 1), "short", "arabic", "1 ม.ค. 43"),
    (date(2043, 12, 31), "short", "thai", "๓๑ ธ.ค. ๘๖"),
    (date(2057, 1, 1), "short", "arabic", "1 ม.ค. 00"),  # BE 2600: the two digits are 00
    (date(2057, 1, 5), "table", "arabic", "ศุกร์ 5 ม.ค. 00"),
    (date(1941, 1, 1), "full", "arabic", "1 มกราคม 2484"),
    (date(2200, 12, 31), "full", "arabic", "31 ธันวาคม 2743"),
    (date(2024, 5, 9), "table", "thai", "พฤหัสบดี ๙ พ.ค. ๖๗"),
    (date(2024, 11, 10), "weekday", "thai", "วันอาทิตย์ที่ ๑๐ พฤศจิกายน ๒๕๖๗"),
    (date(2024, 7, 1), "weekday", "arabic", "วันจันทร์ที่ 1 กรกฎาคม 2567"),
    (date(2024, 7, 2), "weekday", "arabic", "วันอังคารที่ 2 กรกฎาคม 2567"),
    ("2024-04-17", "full", "thai", "๑๗ เมษายน ๒๕๖๗"),
    (datetime(2024, 4, 17, 23, 59), "full", "thai", "๑๗ เมษายน ๒๕๖๗"),
]


@pytest.mark.parametrize(("day", "style", "digits", "text"), WRITING)
def test_thai_date(day: date | str, style: str, digits: str, text: str) -> None:
    assert thai_date(day, style, digits) == text  # type: ignore[arg-type]


def test_month_and_weekday_tables() -> None:
    assert len(MONTHS) == len(MONTHS_ABBR) == 12
    assert len(WEEKDAYS) == len(WEEKDAYS_ABBR) == 7
    assert WEEKDAYS[date(2024, 4, 15).weekday()] == "จันทร์"  # Monday = 0, like Python
    assert MONTHS[9] == "ตุลาคม" and MONTHS_ABBR[9] == "ต.ค."


@pytest.mark.parametrize(("style", "digits"), [("long", "thai"), ("full", "latin")])
def test_thai_date_refuses_unknown_options(style: str, digits: str) -> None:
    with pytest.raises(ValueError):
        thai_date(date(2024, 1, 1), style, digits)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["2024-02-30", "17/04/2024", 20240417, None])
def test_thai_date_refuses_non_dates(bad: object) -> None:
    with pytest.raises(DateError):
        thai_date(bad)  # type: ignore[arg-type]


# (text, date, stated weekday or None, weekday_ok, style)
READING = [
    ("๒๐ กุมภาพันธ์ ๒๕๖๒", date(2019, 2, 20), None, True, "full"),
    ("วันพุธที่ ๑๗ เมษายน ๒๕๖๗", date(2024, 4, 17), 2, True, "weekday"),
    ("วันพุธ ที่ 17 เมษายน พ.ศ. 2567", date(2024, 4, 17), 2, True, "weekday"),
    ("วันพุธที่17เมษายน2567", date(2024, 4, 17), 2, True, "weekday"),
    ("  ๑๗ เมษายน ๒๕๖๗  ", date(2024, 4, 17), None, True, "full"),
    ("17 เม.ย. 67", date(2024, 4, 17), None, True, "short"),
    ("17 เม.ย 67", date(2024, 4, 17), None, True, "short"),
    ("17 เมย 67", date(2024, 4, 17), None, True, "short"),
    ("17 เม.ย. 2567", date(2024, 4, 17), None, True, "short"),
    ("17 เมษายน 67", date(2024, 4, 17), None, True, "full"),
    ("พุธ ๑๗ เม.ย. ๖๗", date(2024, 4, 17), 2, True, "table"),
    ("พ. ๑๗ เม.ย. ๖๗", date(2024, 4, 17), 2, True, "table"),
    ("วันพฤหัสที่ ๙ พฤษภาคม ๒๕๖๗", date(2024, 5, 9), 3, True, "weekday"),
    ("พฤ. 9 พ.ค. 67", date(2024, 5, 9), 3, True, "table"),
    ("อา. 10 พ.ย. 67", date(2024, 11, 10), 6, True, "table"),
    ("วันศุกร์ที่ ๒๕ มกราคม ๒๕๖๘", date(2025, 1, 25), 4, False, "weekday"),  # a Saturday
    ("ศุกร์ 25 ม.ค. 68", date(2025, 1, 25), 4, False, "table"),
    ("วันศุกร์ที่ ๒๔ มกราคม ๒๕๖๘", date(2025, 1, 24), 4, True, "weekday"),
    ("๒๙ กุมภาพันธ์ ๒๕๖๗", date(2024, 2, 29), None, True, "full"),
    ("1 ม.ค. 2543", date(2000, 1, 1), None, True, "short"),
    ("๓๑ ธ.ค. ๒๗๔๓", date(2200, 12, 31), None, True, "short"),
    ("๑๗ เดือนเมษายน พ.ศ. ๒๕๖๗", date(2024, 4, 17), None, True, "formal"),  # orders, announcements
    ("ณ วันที่ ๑๗ เมษายน พ.ศ. ๒๕๖๗", date(2024, 4, 17), None, True, "formal"),
    ("วันที่ 17 เม.ย. 67", date(2024, 4, 17), None, True, "short"),
]


@pytest.mark.parametrize(("text", "day", "stated", "ok", "style"), READING)
def test_parse_thai_date(text: str, day: date, stated: int | None, ok: bool, style: str) -> None:
    parsed = parse_thai_date(text, reference_year=2569)
    assert parsed.date == day
    assert parsed.stated_weekday == stated
    assert parsed.weekday_ok is ok
    assert parsed.style == style


def test_wrong_weekday_names_the_real_one() -> None:
    parsed = parse_thai_date("วันศุกร์ที่ ๒๕ มกราคม ๒๕๖๘")
    assert parsed.actual_weekday_name == "เสาร์"


NONEXISTENT = [
    "๓๑ เมษายน ๒๕๖๘",
    "๓๐ กุมภาพันธ์ ๒๕๖๗",
    "๒๙ กุมภาพันธ์ ๒๕๖๘",  # 2025 is not a leap year
    "๓๒ มกราคม ๒๕๖๘",
    "0 มกราคม 2568",
    "31 มิ.ย. 68",
    "17 เมษายน 2024",  # a Christian-era year: not a BE year
]


@pytest.mark.parametrize("text", NONEXISTENT)
def test_parse_thai_date_refuses_days_that_do_not_exist(text: str) -> None:
    with pytest.raises(NoSuchDateError):
        parse_thai_date(text)


def test_christian_era_year_suggests_the_be_year() -> None:
    with pytest.raises(DateError, match="๒๕๖๗"):
        parse_thai_date("17 เมษายน 2024")


@pytest.mark.parametrize("text", ["", "hello", "๑๗ April ๒๕๖๗", "๑๗ เมษายน", "เมษายน ๒๕๖๗", "๑๗ เมษายน ๒๕๖", "วันที่ ๑๗"])
def test_parse_thai_date_refuses_non_dates(text: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_thai_date(text)
    assert not isinstance(caught.value, NoSuchDateError)


# Two-digit years: the year within 50 years before and 49 after the reference year, or
# the explicit century.
TWO_DIGIT = [
    (67, None, 2569, 2567),
    (69, None, 2569, 2569),
    (19, None, 2569, 2519),
    (18, None, 2569, 2618),
    (0, None, 2569, 2600),
    (99, None, 2569, 2599),
    (0, None, 2550, 2500),
    (99, None, 2550, 2599),
    (67, 25, 2569, 2567),
    (67, 26, 2569, 2667),
    (84, 24, None, 2484),
]


@pytest.mark.parametrize(("yy", "century", "reference", "year"), TWO_DIGIT)
def test_resolve_two_digit_year(yy: int, century: int | None, reference: int | None, year: int) -> None:
    assert resolve_two_digit_year(yy, century=century, reference_year=reference) == year


@given(st.integers(0, 99), st.integers(2400, 2800))
def test_two_digit_window_is_within_50_years(yy: int, reference: int) -> None:
    year = resolve_two_digit_year(yy, reference_year=reference)
    assert year % 100 == yy
    assert reference - 50 <= year <= reference + 49


def test_two_digit_year_default_follows_this_year() -> None:
    this_be_year = date.today().year + 543
    assert parse_thai_date(f"1 ม.ค. {this_be_year % 100:02d}").date.year == date.today().year


def test_every_day_1941_to_2200_through_every_style_and_back() -> None:
    day = date(1941, 1, 1)
    last = date(2200, 12, 31)
    one = timedelta(days=1)
    count = 0
    while day <= last:
        century = (day.year + 543) // 100
        # Every style in Thai digits; Arabic digits in one style per day, in turn, which
        # covers each style on ~24,000 days while keeping the test near 4 seconds.
        arabic_style = DATE_STYLES[count % len(DATE_STYLES)]
        for style, digits in [(s, "thai") for s in DATE_STYLES] + [(arabic_style, "arabic")]:
            text = thai_date(day, style, digits)  # type: ignore[arg-type]
            parsed = parse_thai_date(text, century=century)
            assert parsed.date == day, text
            assert parsed.weekday_ok, text
            assert parsed.style == style, text
        day += one
        count += 1
    assert count == (date(2201, 1, 1) - date(1941, 1, 1)).days == 94_963


def test_recent_two_digit_years_need_no_century() -> None:
    # Within the window the default resolution round-trips without help.
    day = date(1990, 1, 1)
    while day <= date(2080, 12, 31):
        assert parse_thai_date(thai_date(day, "short"), reference_year=2580).date == day
        day += timedelta(days=97)


def test_find_thai_dates_in_prose() -> None:
    text = (
        "อ้างถึง หนังสือจังหวัดฉะเชิงเทรา ที่ ฉช ๐๐๑๙/ว ๒๒๑๕ ลงวันที่ ๒๐ กุมภาพันธ์ ๒๕๖๒ "
        "ขอให้ส่งภายในวันศุกร์ที่ ๒๕ มกราคม ๒๕๖๘ และประชุมวันที่ ๓๑ เมษายน ๒๕๖๘ "
        "ตาราง: พุธ ๑๗ เม.ย. ๖๗ | ๑๒๕ มกราคม ๒๕๖๘"
    )
    matches = find_thai_dates(text, reference_year=2569)
    assert [m.text for m in matches] == [
        "๒๐ กุมภาพันธ์ ๒๕๖๒",
        "วันศุกร์ที่ ๒๕ มกราคม ๒๕๖๘",
        "๓๑ เมษายน ๒๕๖๘",
        "พุธ ๑๗ เม.ย. ๖๗",
    ]
    for m in matches:
        assert text[m.start : m.end] == m.text
    first, friday, april, table = matches
    assert first.date == date(2019, 2, 20) and first.error is None and first.weekday_ok
    assert friday.date == date(2025, 1, 25) and friday.stated_weekday == 4 and not friday.weekday_ok
    assert april.date is None and april.error is not None and "เมษายน has 30 days" in april.error
    assert table.date == date(2024, 4, 17) and table.weekday_ok


@pytest.mark.parametrize("blank", [" ", "\t", "\u00a0", "\u200b"])
def test_find_thai_dates_over_long_runs_of_blanks(blank: str) -> None:
    # Issued .docx files carry paragraphs padded with thousands of spaces or tabs. The date
    # pattern once let a match start with blanks, so each position of a run re-scanned the
    # rest of it: 20,000 spaces took 22 s, these 200,000 would take over half an hour.
    # Finishing, with the dates on either side of the runs found, is the assertion.
    run = blank * 100_000
    text = f"๑{run}วันศุกร์ที่{run}๒๔ มกราคม ๒๕๖๘{run}ศ."
    (match,) = find_thai_dates(text)
    assert match.date == date(2025, 1, 24) and match.weekday_ok
    assert match.text.startswith("วันศุกร์ที่") and match.text.endswith("๒๕๖๘")


@given(st.text(alphabet=" \t๑๒ วันศุกร์ที่มกราคมเม.ย.", max_size=60))
def test_find_thai_dates_never_starts_or_ends_a_match_with_blanks(text: str) -> None:
    for match in find_thai_dates(text):
        assert match.text == text[match.start : match.end]
        assert match.text == match.text.strip(" \t\u00a0\u200b")


def test_find_thai_dates_finds_nothing_in_plain_text() -> None:
    assert find_thai_dates("ไม่มีวันที่ในข้อความนี้ 2567 บาท") == []


@given(st.dates(min_value=date(1941, 1, 1), max_value=date(2200, 12, 31)), st.sampled_from(DATE_STYLES))
def test_find_thai_dates_finds_each_written_date(day: date, style: str) -> None:
    written = thai_date(day, style)  # type: ignore[arg-type]
    text = f"กำหนดส่ง{written}เป็นต้นไป"
    matches = find_thai_dates(text, century=(day.year + 543) // 100)
    assert len(matches) == 1
    assert matches[0].date == day
    assert matches[0].text == written


FISCAL = [
    (date(2019, 9, 30), 2562, 4),
    (date(2019, 10, 1), 2563, 1),
    (date(2019, 12, 31), 2563, 1),
    (date(2020, 1, 1), 2563, 2),
    (date(2020, 3, 31), 2563, 2),
    (date(2020, 4, 1), 2563, 3),
    (date(2020, 6, 30), 2563, 3),
    (date(2020, 7, 1), 2563, 4),
    (date(2020, 9, 30), 2563, 4),
    (date(2020, 10, 1), 2564, 1),
    (date(2024, 11, 15), 2568, 1),
    ("2025-01-24", 2568, 2),
]


@pytest.mark.parametrize(("day", "year", "quarter"), FISCAL)
def test_fiscal_year_and_quarter(day: date | str, year: int, quarter: int) -> None:
    assert fiscal_year(day) == year
    assert fiscal_quarter(day) == quarter


@given(st.dates(min_value=date(1941, 1, 1), max_value=date(2200, 12, 31)))
def test_fiscal_year_starts_on_1_october(day: date) -> None:
    start = date(fiscal_year(day) - 543 - 1, 10, 1)
    assert start <= day < date(start.year + 1, 10, 1)
    # Q1 ต.ค.–ธ.ค., Q2 ม.ค.–มี.ค., Q3 เม.ย.–มิ.ย., Q4 ก.ค.–ก.ย.
    assert fiscal_quarter(day) == (day.month - 10) % 12 // 3 + 1


def test_exported_from_thaidoc() -> None:
    assert thaidoc.thai_date is thai_date
    assert thaidoc.parse_thai_date is parse_thai_date
    assert thaidoc.find_thai_dates is find_thai_dates
    assert thaidoc.WEEKDAYS is WEEKDAYS
