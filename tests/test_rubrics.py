"""Rubrics: every band fault is found in the data and again in the rendered-and-read-back text,
with the same code; issued rubrics in tables and prose, Thai and Arabic digits; no false alarm
on the sample, the seeds or sound rubrics."""

from __future__ import annotations

import copy
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

import thaidoc
from thaidoc.checks.bands import Band, band_faults, infer_precision, label_rank
from thaidoc.checks.text import lint
from thaidoc.errors import DataError
from thaidoc.model import load_document
from thaidoc.read.extract import extract
from thaidoc.render import render

REPO = Path(__file__).resolve().parents[1]
RUBRIC = REPO / "samples" / "letters" / "enclosures" / "rubric-2567.yaml"


def rubric_data() -> dict:
    return yaml.safe_load(RUBRIC.read_text(encoding="utf-8"))


def data_codes(data: dict) -> list[tuple[str, str]]:
    return [(f.code, f.location) for f in thaidoc.check(data)]


def text_codes(data: dict) -> list[tuple[str, str]]:
    printed = extract(render(data, allow_inconsistent=True), name="rubric.docx")
    return [(f.code, f.location) for f in lint(printed)]


def test_the_sample_checks_clean_in_data_and_in_print() -> None:
    assert thaidoc.check(RUBRIC) == []
    assert text_codes(rubric_data()) == []


def faulty(change) -> dict:
    data = rubric_data()
    change(data)
    return data


def _gap_average(d: dict) -> None:   # B 70-79 then A 80+: 79.5 fits nothing when averaged
    d["tasks"][0]["bands"][1]["range"] = {"at_least": 70, "at_most": 79}


def _gap_percent(d: dict) -> None:   # "ร้อยละ 10.00 - 14.99" then "มากกว่า 15": 15.00 fits nothing
    d["tasks"][1]["bands"][1]["range"] = {"at_least": "10.00", "at_most": "14.99"}
    d["tasks"][1]["bands"][2]["range"] = {"above": "15.00", "at_most": "19.99"}


def _overlap(d: dict) -> None:
    d["tasks"][1]["bands"][1]["range"] = {"at_least": "10.00", "at_most": "15.50"}


def _monotone(d: dict) -> None:      # a D that asks more than a B
    d["tasks"][0]["bands"][3]["range"] = {"at_least": 85}


def _order(d: dict) -> None:         # A, C, B, D
    bands = d["tasks"][0]["bands"]
    bands[1], bands[2] = bands[2], bands[1]


def _numbering(d: dict) -> None:     # ๑) ๒) ๔)
    d["tasks"][0]["bands"][0]["conditions"] = ["๑) มีแผน", "๒) รายงานผล", "๔) ประชาสัมพันธ์"]


@pytest.mark.parametrize("change, expected_data, expected_text", [
    (_gap_average, [("rubric.gap", "tasks[0].bands[1].range")], [("rubric.gap", "table 1 row 3")]),
    (_gap_percent, [("rubric.gap", "tasks[1].bands[2].range")], [("rubric.gap", "table 2 row 4")]),
    (_overlap, [("rubric.overlap", "tasks[1].bands[2].range")], [("rubric.overlap", "table 2 row 4")]),
    (_monotone, [("rubric.monotone", "tasks[0].bands[3].range"), ("rubric.overlap", "tasks[0].bands[3].range")],
     [("rubric.monotone", "table 1 row 5"), ("rubric.overlap", "table 1 row 5")]),
    (_order, [("rubric.order", "tasks[0].bands[2].label")], [("rubric.order", "table 1 row 4")]),
    (_numbering, [("rubric.numbering", "tasks[0].bands[0].conditions[2]")],
     [("rubric.numbering", "table 1 row 2")]),
], ids=["gap-average", "gap-percent", "overlap", "monotone", "order", "numbering"])
def test_each_fault_in_the_data_and_in_the_printed_text(change, expected_data, expected_text) -> None:
    data = faulty(change)
    assert data_codes(data) == expected_data
    assert text_codes(data) == expected_text
    # the same judgement, worded the same, whichever way it was found
    from_data = [(f.code, f.message, f.expected, f.found) for f in thaidoc.check(data)]
    printed = extract(render(data, allow_inconsistent=True), name="rubric.docx")
    from_text = [(f.code, f.message, f.expected, f.found) for f in lint(printed)]
    if change is not _numbering:
        assert from_data == from_text


def test_an_average_said_in_words_is_an_average_in_the_data_too() -> None:
    # "คะแนนเฉลี่ย" printed before the range: the lint reads an average, so the data check does
    data = faulty(_gap_average)
    data["tasks"][0]["scale"] = {"measure": "คะแนนเฉลี่ย"}
    assert data_codes(data) == [("rubric.gap", "tasks[0].bands[1].range")]
    assert text_codes(data) == [("rubric.gap", "table 1 row 3")]
    data["tasks"][0]["scale"] = {"measure": "คะแนนรวม"}  # whole scores: 79 then 80 meet
    assert data_codes(data) == [] and text_codes(data) == []


def test_a_faulty_rubric_is_not_rendered() -> None:
    with pytest.raises(thaidoc.InconsistentDocumentError) as err:
        render(faulty(_gap_average))
    assert [f.code for f in err.value.findings] == ["rubric.gap"]


def test_the_gap_message_names_the_value_left_out() -> None:
    finding = thaidoc.check(faulty(_gap_percent))[0]
    assert finding.severity.value == "error"
    assert "๑๕.๐๐" in finding.message and "15.00" in finding.message
    assert finding.expected == "50 to start at 15.00" and finding.found == "75 ends at 14.99, 50 starts at 15.01"


# -- issued text: tables and prose, Thai and Arabic digits ------------------------------------

TABLE = """เกณฑ์การให้คะแนน
ระดับ\tเกณฑ์การพิจารณา
A\tคะแนนเฉลี่ยตั้งแต่ ๘๐ คะแนนขึ้นไป
B\tคะแนนเฉลี่ยระหว่าง ๗๐ - ๗๙ คะแนน
C\tคะแนนเฉลี่ยระหว่าง ๖๐ - ๖๙ คะแนน
D\tคะแนนเฉลี่ยต่ำกว่า ๖๐ คะแนน
"""

PROSE = """เกณฑ์การจัดระดับ
ระดับ A หมายถึง ผลการดำเนินงานร้อยละ 10.00 - 14.99
ระดับ B หมายถึง ผลการดำเนินงานมากกว่าร้อยละ 15 แต่ต่ำกว่าร้อยละ 20
ระดับ C หมายถึง ผลการดำเนินงานตั้งแต่ร้อยละ 20.00 ขึ้นไป
"""


def lint_text(tmp_path: Path, text: str) -> list[tuple[str, str, str | None]]:
    path = tmp_path / "issued.txt"
    path.write_text(text, encoding="utf-8")
    return [(f.code, f.location, f.quote) for f in lint(extract(path))]


def test_an_averaged_table_with_whole_score_ranges_leaves_gaps(tmp_path: Path) -> None:
    found = lint_text(tmp_path, TABLE)
    assert [(code, where) for code, where, _ in found] == [
        ("rubric.gap", "line 4"), ("rubric.gap", "line 5")]  # A/B at B, B/C at C; C and D "ต่ำกว่า ๖๐" meet
    # whole scores (no average): the same bands are sound
    assert lint_text(tmp_path, TABLE.replace("คะแนนเฉลี่ย", "คะแนน")) == []


def test_arabic_digits_and_prose(tmp_path: Path) -> None:
    found = lint_text(tmp_path, PROSE)
    # 14.99 then "มากกว่า 15": 15.00 uncovered; ascending bands (lower is better) are fine
    assert [(code, where) for code, where, _ in found] == [("rubric.gap", "line 3")]
    assert lint_text(tmp_path, PROSE.replace("มากกว่าร้อยละ 15 แต่ต่ำกว่าร้อยละ 20", "ร้อยละ 15.00 - 19.99")) == []
    from thaidoc.thai import thai_digits

    assert [c for c, _, _ in lint_text(tmp_path, thai_digits(PROSE))] == ["rubric.gap"]


def test_a_range_wrapped_across_a_line_break(tmp_path: Path) -> None:
    wrapped = PROSE.replace("ร้อยละ 10.00 - 14.99", "ร้อยละ 10.00 -\n14.99")
    assert [(c, w) for c, w, _ in lint_text(tmp_path, wrapped)] == [("rubric.gap", "line 4")]
    sound = wrapped.replace("มากกว่าร้อยละ 15 แต่ต่ำกว่าร้อยละ 20", "ร้อยละ 15.00 - 19.99")
    assert lint_text(tmp_path, sound) == []


def test_quality_words_as_labels(tmp_path: Path) -> None:
    table = "ระดับคุณภาพ\tเกณฑ์\nดีมาก\tร้อยละ 80.00 ขึ้นไป\nดี\tร้อยละ 60.00 - 79.99\nพอใช้\tร้อยละ 40.00 - 59.99\n"
    assert lint_text(tmp_path, table) == []
    assert [c for c, _, _ in lint_text(tmp_path, table.replace("59.99", "58.99"))] == ["rubric.gap"]
    swapped = table.replace("ดี\t", "X\t").replace("พอใช้\t", "ดี\t").replace("X\t", "พอใช้\t")
    assert sorted(c for c, _, _ in lint_text(tmp_path, swapped)) == ["rubric.monotone", "rubric.order"]


def test_numbered_conditions_in_prose_and_in_a_table_cell(tmp_path: Path) -> None:
    prose = "ระดับ A หมายถึง\n๑) มีแผน\n๒) มีรายงาน\n๔) มีการประชาสัมพันธ์\nระดับ B หมายถึง\n๑) มีแผน\n"
    assert [(c, w) for c, w, _ in lint_text(tmp_path, prose)] == [("rubric.numbering", "line 4")]
    cell = "ระดับ\tเกณฑ์\nA\t1) มีแผน 2) มีรายงาน 2) มีภาพข่าว\nB\t1) มีแผน 2) มีรายงาน\n"
    assert [(c, w) for c, w, _ in lint_text(tmp_path, cell)] == [("rubric.numbering", "line 2")]


@pytest.mark.parametrize("text", [
    # a numbered list of indicators, each with its own target: not bands of one score
    "ลำดับ\tตัวชี้วัด\tเกณฑ์\n1\tหมู่บ้านผ่านเกณฑ์\tร้อยละ 80 ขึ้นไป\n2\tครัวเรือนผ่านเกณฑ์\tร้อยละ 80 ขึ้นไป\n",
    # bands measured in different units
    "ระดับ\tเกณฑ์\nA\tจัดประชุมมากกว่า 3 ครั้ง\nB\tคะแนนต่ำกว่า 60 คะแนน\n",
    # a band with two ranges (ambiguous): left alone
    "ระดับ\tเกณฑ์\nA\tตั้งแต่ 80 คะแนนขึ้นไป และไม่ต่ำกว่า 70 คะแนน\nB\tต่ำกว่า 80 คะแนน\n",
    # not a rubric table at all
    "ลำดับที่\tวันที่\tเวลา\tอำเภอ\n๑\tพุธ ๑๗ เม.ย. ๖๗\t๐๘.๓๐ น.\tเมือง\n๒\tพุธ ๑๗ เม.ย. ๖๗\t๑๓.๓๐ น.\tคลองเขื่อน\n",
    # sound A-D and points tables
    "ระดับ\tเกณฑ์\nA\t80 - 100 คะแนน\nB\t70 - 79 คะแนน\nC\t60 - 69 คะแนน\nD\tต่ำกว่า 60 คะแนน\n",
    "ค่าคะแนน\tเกณฑ์\n100\tไม่เกินร้อยละ 9.99\n75\tร้อยละ 10.00 - 14.99\n50\tร้อยละ 15.00 ขึ้นไป\n",
])
def test_no_false_alarm(tmp_path: Path, text: str) -> None:
    assert lint_text(tmp_path, text) == []


# -- the band logic itself ---------------------------------------------------------------------


def test_precision_follows_the_bounds_and_averages() -> None:
    bands = [Band("A", Decimal("15.00")), Band("B", None, True, Decimal("14.99"))]
    assert infer_precision(bands) == Decimal("0.01")
    assert infer_precision([Band("A", Decimal(60))], averaged=True) == Decimal("0.01")
    assert band_faults(bands) == []


@pytest.mark.parametrize("label, rank", [("A", 0), ("ระดับ D", 3), ("ก", 0), ("ค", 2), ("๑๐๐", -100),
                                         ("75 คะแนน", -75), ("ดีมาก", 1), ("พอใช้", 3), ("ดีพอ", None)])
def test_label_rank(label: str, rank: int | None) -> None:
    assert label_rank(label) == (Decimal(rank) if rank is not None else None)


def test_bad_rubric_data_names_the_field() -> None:
    data = rubric_data()
    data["tasks"][0]["bands"][0]["range"] = {"at_least": 80, "above": 70}
    with pytest.raises(DataError) as err:
        load_document(data)
    assert err.value.location == "tasks[0].bands[0].range"
    data = rubric_data()
    data["tasks"][1]["bands"][1]["label"] = 100
    with pytest.raises(DataError) as err:
        load_document(data)
    assert "used twice" in str(err.value)


def test_the_formula_is_a_word_equation_with_a_fraction() -> None:
    docx = render(RUBRIC)
    xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode()
    assert "<m:oMath>" in xml and "<m:f>" in xml
    numerator = xml.split("<m:num>", 1)[1].split("</m:num>", 1)[0]
    denominator = xml.split("<m:den>", 1)[1].split("</m:den>", 1)[0]
    assert "จำนวนเงินที่เกินกำหนดชำระ" in numerator and "จำนวนเงินที่ถึงกำหนดชำระทั้งหมด" in denominator
    assert "× ๑๐๐" in xml and "\\frac" not in xml
    assert copy.deepcopy(xml).count("<m:f>") == 1


def test_a_libreoffice_resave_reads_the_same(tmp_path: Path, soffice: str) -> None:
    """A rubric that went through LibreOffice (opened and saved again as .docx, as a reviewer's
    copy would) gives the same findings: the rules read text, not thaidoc's own XML."""
    import subprocess

    data = faulty(_gap_percent)
    original = tmp_path / "rubric.docx"
    original.write_bytes(render(data, allow_inconsistent=True))
    out = tmp_path / "lo"
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(original)],
                   check=True, capture_output=True, timeout=180)
    first = [(f.code, f.location, f.message) for f in lint(extract(original))]
    again = [(f.code, f.location, f.message) for f in lint(extract(out / "rubric.docx"))]
    assert [code for code, _, _ in first] == ["rubric.gap"]
    assert again == first


def test_conditions_are_numbered_all_by_hand_or_none() -> None:
    data = rubric_data()
    data["tasks"][0]["bands"][0]["conditions"] = ["๑) มีแผน", "รายงานผล"]
    with pytest.raises(DataError) as err:
        load_document(data)
    assert err.value.location == "tasks[0].bands[0]"


# -- properties: sound partitions are clean; one moved bound is one fault ---------------------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@st.composite
def partitions(draw: st.DrawFn) -> tuple[list[Band], Decimal]:
    places = draw(st.integers(0, 2))
    step = Decimal(1).scaleb(-places)
    cuts = sorted(draw(st.sets(st.integers(1, 10_000), min_size=2, max_size=6)))
    values = [Decimal(c) * step for c in cuts]
    bands = []
    for n, (low, high) in enumerate(zip(values, values[1:])):
        if draw(st.booleans()):
            bands.append(Band("", low, True, high, False))              # ตั้งแต่ low แต่ต่ำกว่า high
        else:
            bands.append(Band("", low, True, high - step, True))        # low - (high - step)
    bands.insert(0, Band("", None, True, values[0], False))             # ต่ำกว่า the first cut
    bands.append(Band("", values[-1], True, None, True))                # ตั้งแต่ the last cut ขึ้นไป
    labels = "ABCDEFGH"[:len(bands)]
    ordered = [Band(label, b.low, b.low_inclusive, b.high, b.high_inclusive)
               for label, b in zip(labels, reversed(bands))]           # A is the highest band
    return ordered, step


@given(partitions(), st.data())
def test_sound_bands_are_clean_and_a_moved_bound_is_one_fault(case: tuple[list[Band], Decimal],
                                                             data: st.DataObject) -> None:
    bands, step = case
    assert band_faults(bands, step) == []
    assert band_faults(list(reversed(bands)), step) == []                # D first, ascending: fine too
    n = data.draw(st.integers(0, len(bands) - 2))                        # the bound between n and n + 1
    lower = bands[n + 1]
    assert lower.high is not None
    for high, code in ((lower.high + step, "rubric.overlap"), (lower.high - step, "rubric.gap")):
        moved = list(bands)
        moved[n + 1] = Band(lower.label, lower.low, lower.low_inclusive, high, lower.high_inclusive)
        if moved[n + 1].low is not None and moved[n + 1].grid(step)[1] < moved[n + 1].grid(step)[0]:
            continue  # narrowed to nothing: another kind of fault
        assert [(f.code, f.index) for f in band_faults(moved, step)] == [(code, n + 1)]
