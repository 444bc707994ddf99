"""Schedules: derived weekdays, validated times, generation over working days, the checks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import holidays
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import thaidoc
from thaidoc.errors import DataError
from thaidoc.model import load_document
from thaidoc.read.extract import extract
from thaidoc.render import render
from thaidoc.thai import parse_thai_date
from thaidoc.thai.times import TimeError, parse_thai_time, thai_time
from thaidoc.thai.workdays import day_off, working_days

REPO = Path(__file__).resolve().parents[1]
PLAN = REPO / "samples" / "letters" / "enclosures" / "supervision-plan-2567.yaml"


def plan_data() -> dict:
    return yaml.safe_load(PLAN.read_text(encoding="utf-8"))


def table_rows(docx: bytes) -> list[tuple[str, ...]]:
    blocks = [block for block in extract(docx, name="plan.docx").blocks if block.kind == "table"]
    assert len(blocks) == 1
    return list(blocks[0].rows)


def test_every_rendered_weekday_is_the_dates_own_2024_to_2030() -> None:
    first, last = dt.date(2024, 1, 1), dt.date(2030, 12, 31)
    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    docx = render({"kind": "schedule", "heading": "ทุกวัน", "place_label": "สถานที่",
                   "rows": [{"date": day.isoformat(), "time": "08:30", "place": "ศาลากลาง"} for day in days]})
    rows = table_rows(docx)[1:]  # below the heading row
    assert len(rows) == len(days) == 2557
    for day, row in zip(days, rows):
        parsed = parse_thai_date(row[1], century=25)  # "พุธ ๑๗ เม.ย. ๖๗" as printed
        assert parsed.date == day and parsed.weekday_ok, (day, row[1])
        assert row[2] == "๐๘.๓๐ น."


def test_the_seed_plan_renders_as_the_seed_writes_it() -> None:
    rows = table_rows(render(PLAN))
    assert rows[0] == ("ลำดับที่", "วันที่", "เวลา", "อำเภอ")
    assert rows[1] == ("๑", "พุธ ๑๗ เม.ย. ๖๗", "๐๘.๓๐ น.", "เมืองฉะเชิงเทรา")
    assert rows[2] == ("๒", "พุธ ๑๗ เม.ย. ๖๗", "๑๓.๓๐ น.", "คลองเขื่อน")
    assert rows[11] == ("๑๑", "อังคาร ๓๐ เม.ย. ๖๗", "๐๘.๓๐ น.", "บางคล้า")
    text = "\n".join(block.text for block in extract(render(PLAN), name="plan.docx").blocks)
    assert "เดือนเมษายน ๒๕๖๗" in text
    assert "๑๑)\tการขับเคลื่อนองค์กรคุณธรรม" in text  # the seed's "๑๑." corrected
    assert "๒.๑)\tการดำเนินงานภารกิจสำคัญ" in text and "๒.๒)\tBest Practice" in text


def test_the_samples_check_clean() -> None:
    assert thaidoc.check(PLAN) == []


@pytest.mark.parametrize("text, expected", [
    ("08:30", dt.time(8, 30)), ("8.30", dt.time(8, 30)), ("๐๘.๓๐ น.", dt.time(8, 30)),
    ("13.30 น.", dt.time(13, 30)), ("๑๖.๐๐ นาฬิกา", dt.time(16, 0)), ("0:00", dt.time(0, 0))])
def test_times_are_read(text: str, expected: dt.time) -> None:
    assert parse_thai_time(text) == expected


@pytest.mark.parametrize("text", ["24.00", "08.60", "8", "08:3", "เช้า", "08.30 ถึง 12.00"])
def test_bad_times_are_refused(text: str) -> None:
    with pytest.raises(TimeError):
        parse_thai_time(text)


@given(st.times())
def test_time_round_trip(time: dt.time) -> None:
    minute = time.replace(second=0, microsecond=0)
    assert parse_thai_time(thai_time(minute)) == minute
    assert parse_thai_time(thai_time(minute, digits="arabic")) == minute


def test_a_bad_time_or_weekday_names_the_field() -> None:
    data = plan_data()
    data["rows"][3]["time"] = "25.30"
    with pytest.raises(DataError) as err:
        load_document(data)
    assert err.value.location == "rows[3].time"
    data = plan_data()
    data["rows"][0]["date"] = "อังคาร ๑๗ เม.ย. ๖๗"  # a Wednesday
    with pytest.raises(DataError) as err:
        load_document(data)
    assert err.value.location == "rows[0].date" and "พุธ" in str(err.value)


def test_thai_dates_and_yaml_sexagesimal_times_are_accepted() -> None:
    # YAML 1.1 reads an unquoted 08:30 as 510 (minutes); it is the same time
    doc = load_document({"kind": "schedule", "heading": "x", "rows": [
        {"date": "๑๗ เมษายน ๒๕๖๗", "time": 510, "place": "ก"},
        {"date": "พฤหัสบดี ๑๘ เม.ย. ๖๗", "time": "๑๓.๓๐ น.", "end": "16:30", "place": "ข"}]})
    rows = doc.context()["rows"]
    assert [(r["date"], r["time"]) for r in rows] == [
        ("พุธ ๑๗ เม.ย. ๖๗", "๐๘.๓๐ น."), ("พฤหัสบดี ๑๘ เม.ย. ๖๗", "๑๓.๓๐ - ๑๖.๓๐ น.")]


# -- generation ------------------------------------------------------------------------------

TH = holidays.country_holidays("TH", years=range(2023, 2032))


@settings(max_examples=60, deadline=None)
@given(st.dates(dt.date(2024, 1, 1), dt.date(2030, 6, 30)), st.integers(1, 25))
def test_generated_days_are_the_next_working_days_by_the_calendar(start: dt.date, count: int) -> None:
    days = working_days(start, count)
    assert len(days) == count and days == sorted(set(days)) and days[0] >= start
    for day in days:
        assert day.weekday() < 5 and day not in TH
    # no working day was skipped between them
    day = start
    while day < days[-1]:
        if day.weekday() < 5 and day not in TH:
            assert day in days, day
        day += dt.timedelta(days=1)


def test_generation_skips_songkran_and_the_offices_own_days_off() -> None:
    doc = load_document({"kind": "schedule", "heading": "แผน", "period": {"month": "2024-04"},
                         "generate": {"start": "2024-04-10", "places": ["ก", "ข", "ค", "ง", "จ"],
                                      "times": ["08:30", "13:30"]},
                         "days_off": {"2024-04-17": "ประชุมประจำเดือน"}})
    when = [(row.date.isoformat(), row.time.strftime("%H:%M") if row.time else None) for row in doc.rows]
    # 12 April: bridge holiday; 13-16: Songkran and its substitute; 17: the office's day off
    assert when == [("2024-04-10", "08:30"), ("2024-04-10", "13:30"), ("2024-04-11", "08:30"),
                    ("2024-04-11", "13:30"), ("2024-04-18", "08:30")]
    assert thaidoc.check(doc) == []
    assert day_off(dt.date(2024, 4, 17), doc.days_off) == "ประชุมประจำเดือน"
    assert day_off(dt.date(2024, 4, 13)) == "วันสงกรานต์" and day_off(dt.date(2024, 4, 20)) == "วันเสาร์"


# -- checks ----------------------------------------------------------------------------------


def codes(data: dict) -> list[tuple[str, str, str]]:
    return [(f.code, f.severity.value, f.location) for f in thaidoc.check(data)]


def test_the_same_team_in_two_places_at_once() -> None:
    data = plan_data()
    data["rows"][1]["time"] = "08:30"  # คลองเขื่อน at the same time as เมืองฉะเชิงเทรา
    assert codes(data) == [("schedule.team-conflict", "error", "rows[1].time")]
    finding = thaidoc.check(data)[0]
    assert "เมืองฉะเชิงเทรา" in finding.message and "คลองเขื่อน" in finding.message
    data["rows"][1]["team"] = "คณะที่ ๒"  # another team may go
    assert codes(data) == []
    data = plan_data()
    data["rows"][0]["end"] = "14:00"  # the morning visit runs past the afternoon one's start
    assert codes(data) == [("schedule.team-conflict", "error", "rows[1].time")]


def test_a_visit_on_a_holiday_or_weekend_is_a_warning() -> None:
    data = plan_data()
    data["rows"][2]["date"] = "2024-04-16"   # ชดเชยวันสงกรานต์
    data["rows"][3]["date"] = "2024-04-20"   # a Saturday
    found = thaidoc.check(data)
    assert [(f.code, f.severity.value, f.location) for f in found] == [
        ("schedule.day-off", "warning", "rows[2].date"), ("schedule.day-off", "warning", "rows[3].date")]
    assert "ชดเชยวันสงกรานต์" in found[0].message and "วันเสาร์" in found[1].message


def test_a_date_outside_the_stated_month_or_fiscal_year() -> None:
    data = plan_data()
    data["rows"][10]["date"] = "2024-05-02"
    assert codes(data) == [("schedule.outside-period", "error", "rows[10].date")]
    data["period"] = {"fiscal_year": 2567}   # 1 Oct 2023 - 30 Sep 2024: May is inside
    assert codes(data) == []
    data["rows"][10]["date"] = "2024-10-01"  # fiscal 2568
    assert codes(data) == [("schedule.outside-period", "error", "rows[10].date")]


def test_a_conflicting_schedule_is_not_rendered_without_allow_inconsistent() -> None:
    data = plan_data()
    data["rows"][1]["time"] = "08:30"
    with pytest.raises(thaidoc.InconsistentDocumentError):
        render(data)
    assert render(data, allow_inconsistent=True)[:2] == b"PK"


@pytest.mark.seeds
def test_no_schedule_or_rubric_finding_on_the_seeds(seeds_dir: Path) -> None:
    from thaidoc.checks.text import lint

    for path in sorted(seeds_dir.glob("*.txt")):
        findings = lint(extract(path))
        assert not [f for f in findings if f.code.startswith(("rubric.", "schedule."))], path.name


@pytest.mark.parametrize("kind", ["schedule", "rubric"])
def test_the_starters_render_and_check_clean(tmp_path: Path, kind: str) -> None:
    from click.testing import CliRunner

    from thaidoc.cli import main

    result = CliRunner().invoke(main, ["new", kind])
    assert result.exit_code == 0
    path = tmp_path / f"{kind}.yaml"
    path.write_text(result.output, encoding="utf-8")
    assert load_document(path).kind == kind
    assert thaidoc.check(path) == []
    assert render(path)[:2] == b"PK"


def test_dates_follow_the_data_date_rule() -> None:
    # a year from 2400 is พ.ศ.; a date outside the data years is bad data, named by its field
    doc = load_document({"kind": "schedule", "heading": "x", "period": {"month": "2567-04"},
                         "rows": [{"date": "2567-04-17", "place": "ก"}]})
    assert doc.rows[0].date == dt.date(2024, 4, 17) and doc.period is not None
    assert doc.period.bounds() == (dt.date(2024, 4, 1), dt.date(2024, 4, 30))
    with pytest.raises(DataError) as err:
        load_document({"kind": "schedule", "heading": "x",
                       "generate": {"start": "9999-12-30", "places": ["ก", "ข", "ค"]}})
    assert err.value.location == "generate.start"


# -- issued schedules ----------------------------------------------------------------------------


def lint_file(tmp_path: Path, text: str) -> list[tuple[str, str, str]]:
    from thaidoc.checks.text import lint

    path = tmp_path / "issued.txt"
    path.write_text(text, encoding="utf-8")
    return [(f.code, f.severity.value, f.location) for f in lint(extract(path))
            if f.code.startswith("schedule.")]


PLAN_TEXT = """แผนการลงพื้นที่
เดือนเมษายน 2567
ลำดับที่\tวันที่\tเวลา\tอำเภอ
1\tพุธ 17 เม.ย. 67\t08.30 น.\tเมืองฉะเชิงเทรา
2\tพุธ 17 เม.ย. 67\t13.30 น.\tคลองเขื่อน
3\tพฤหัสบดี 18 เม.ย. 67\t08.30 น.\tพนมสารคาม
"""


def test_an_issued_plan_with_its_faults(tmp_path: Path) -> None:
    assert lint_file(tmp_path, PLAN_TEXT) == []
    faulty = (PLAN_TEXT.replace("13.30 น.", "08.30 น.")                          # two places at once
              .replace("พฤหัสบดี 18 เม.ย. 67", "อังคาร 16 เม.ย. 67"))          # ชดเชยวันสงกรานต์
    faulty += "4\tพฤหัสบดี 2 พ.ค. 67\t08.30 น.\tบางคล้า\n"                        # after the month
    assert lint_file(tmp_path, faulty) == [
        ("schedule.team-conflict", "warning", "line 5"), ("schedule.day-off", "warning", "line 6"),
        ("schedule.outside-period", "error", "line 7")]
    from thaidoc.thai import thai_digits

    assert len(lint_file(tmp_path, thai_digits(faulty))) == 3


@pytest.mark.parametrize("text", [
    # events (no เวลา column): a Saturday activity is no fault
    "กิจกรรม\nลำดับ\tวันที่\tกิจกรรม\n1\tเสาร์ 4 พ.ค. 67\tเอามื้อสามัคคี\n",
    # a time that cannot be read keeps the row out of the conflict rule
    PLAN_TEXT.replace("13.30 น.", "08.30 น. เป็นต้นไป"),
    # different teams at one time
    PLAN_TEXT.replace("อำเภอ\n", "อำเภอ\tคณะ\n").replace("เมืองฉะเชิงเทรา\n", "เมืองฉะเชิงเทรา\tคณะที่ 1\n")
    .replace("13.30 น.\tคลองเขื่อน\n", "08.30 น.\tคลองเขื่อน\tคณะที่ 2\n"),
    # no stated month: no period to be outside of
    PLAN_TEXT.replace("เดือนเมษายน 2567\n", "") + "4\tพฤหัสบดี 2 พ.ค. 67\t08.30 น.\tบางคล้า\n",
])
def test_no_false_alarm_on_issued_schedules(tmp_path: Path, text: str) -> None:
    assert lint_file(tmp_path, text) == []


def test_the_printed_schedule_reads_back_to_the_same_faults() -> None:
    from thaidoc.checks.text import lint

    data = plan_data()
    data["rows"][1]["time"] = "08:30"
    data["rows"][2]["date"] = "2024-04-16"
    data["rows"][10]["date"] = "2024-05-02"
    from_data = [(f.code, f.message) for f in thaidoc.check(data)]
    printed = lint(extract(render(data, allow_inconsistent=True), name="plan.docx"))
    assert [(f.code, f.message) for f in printed] == from_data
    assert [f.location for f in printed] == ["table 1 row 3", "table 1 row 4", "table 1 row 12"]


@pytest.mark.seeds
def test_seed_002s_plan_is_read_and_clean_and_its_planted_faults_found(seed_text) -> None:
    text = seed_text("002_94abadab182a54d7.txt")
    planted = (text.replace("๔\tศุกร์ ๑๙ เม.ย. ๖๗", "๔\tเสาร์ ๒๐ เม.ย. ๖๗")
               .replace("๑๑\tอังคาร ๓๐ เม.ย. ๖๗", "๑๑\tพฤหัสบดี ๒ พ.ค. ๖๗"))
    from thaidoc.checks.text import lint
    from thaidoc.read.extract import extract as read_text

    def codes(body: str) -> list[str]:
        return [f.code for f in lint(read_text(body.encode("utf-8"), name="seed.txt")) if f.code.startswith("schedule.")]

    assert codes(text) == []
    assert codes(planted) == ["schedule.day-off", "schedule.outside-period"]


def test_a_year_that_is_not_buddhist_era_states_no_period(tmp_path: Path) -> None:
    odd = PLAN_TEXT.replace("เดือนเมษายน 2567", "เดือนเมษายน 0001") + "4\tพฤหัสบดี 2 พ.ค. 67\t08.30 น.\tบางคล้า\n"
    assert lint_file(tmp_path, odd) == []


# the seed's plan, corrected exactly as the sample's header lists (regex, replacement)
SEED_PLAN_CORRECTIONS = [
    (r"^๑๑\. การดำเนินงานหน่วยงานคุณธรรม$", "๑๑) การขับเคลื่อนองค์กรคุณธรรม"),  # ๑๑. in a ๑) list; enclosure 2's name
    (r"การบริหารการจัดเก็บข้อมูลความจำเป็นพื้นฐาน \(จปฐ\)", "การจัดเก็บข้อมูลความจำเป็นพื้นฐาน (จปฐ.)"),
    (r"อำนวยการจัดความยากจน", "อำนวยการขจัดความยากจน"),  # ศจพ.
    (r"click ชุมชน", "Click ชุมชน"),
]


@pytest.mark.seeds
def test_the_sample_is_seed_002s_plan_with_only_the_listed_corrections(seed_text) -> None:
    import re

    text = seed_text("002_94abadab182a54d7.txt")
    start = text.index("**แผนการลงพื้นที่นิเทศ")
    end = text.index("๒.๒) Best Practice") + len("๒.๒) Best Practice")
    seed = []
    for raw in text[start:end].replace("**", "").replace("หมายเหตุ : ", "หมายเหตุ :\n").splitlines():
        line = " ".join(raw.replace("\t", " ").split()).removeprefix("- ")
        for pattern, replacement in SEED_PLAN_CORRECTIONS:
            line = re.sub(pattern, replacement, line)
        if line:
            seed.append(line)
    printed = []
    for block in extract(render(PLAN), name="plan.docx").blocks:
        rows = block.rows if block.kind == "table" else [(block.text,)]
        printed.extend(" ".join(" ".join(row).split()) for row in rows if "".join(row).strip())
    assert printed == seed


def test_arabic_digits_and_a_period_by_dates() -> None:
    data = plan_data()
    data["digits"] = "arabic"
    data["period"] = {"start": "2024-04-17", "end": "2024-04-30"}
    rows = table_rows(render(data))
    assert rows[1] == ("1", "พุธ 17 เม.ย. 67", "08.30 น.", "เมืองฉะเชิงเทรา")
    text = extract(render(data), name="plan.docx").text()
    assert "ระหว่างวันที่ 17 เมษายน 2567 ถึงวันที่ 30 เมษายน 2567" in text
    assert thaidoc.check(data) == []
    data["period"] = {"start": "2024-04-18", "end": "2024-04-30"}
    assert [(f.code, f.location) for f in thaidoc.check(data)] == [
        ("schedule.outside-period", "rows[0].date"), ("schedule.outside-period", "rows[1].date")]
