"""Lint and read never fail and never hang on odd or crafted text: random documents built from
the pieces letters are made of (hypothesis), and lines crafted against the regular expressions."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thaidoc.checks.findings import Finding
from thaidoc.checks.text import CODES, lint
from thaidoc.errors import ReadError
from thaidoc.read.extract import extract
from thaidoc.read.letter import letter_parts, read

PIECES = [
    "ที่ ", "ชร", "ขร", "มท", " ๐๐๑๙.๑/ว ", "๔๗", "ศาลากลางจังหวัดเชียงราย", "ถนน", " ๕๗๑๐๐", "๒๕๐๐๐",
    "๒๐ กุมภาพันธ์ ๒๕๖๒", "วันศุกร์ที่ ๒๕ มกราคม ๒๕๖๘", "พุธ ๑๗ เม.ย. ๖๗", "๓๑ เมษายน", "เรื่อง ",
    "เรียน ", "อ้างถึง ", "ลงวันที่ ", "สิ่งที่ส่งมาด้วย ", "๑. ", "๒. ", "๓", "จำนวน ๑ ชุด", "ขอแสดงความนับถือ",
    "(นายก ข)", "โทร. ", "หมายเหตุ", "สำเนาส่ง ", "กิจกรรมย่อยที่ 2.4.1 ", "งบประมาณ ", "เป็นเงิน ", "รวมทั้งสิ้น",
    "1) ", "- ", "8,780", " หมู่บ้าน", " X ", " x ", "×", "*", "18,300", "160,674,000", " บาท", "(", ")",
    "หนึ่งร้อยหกสิบล้าน", "บาทถ้วน", "สตางค์", "=", "-", ".", "\t", "\n", "\n\n", " ", "COVID-19", "a@b.c", "7",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=120))
def test_lint_and_read_never_fail(pieces: list[str]):
    data = "".join(pieces).encode("utf-8")
    if not data.strip():
        with pytest.raises(ReadError, match="empty"):
            extract(data, name="fuzz.txt")
        return
    doc = extract(data, name="fuzz.txt")
    findings = lint(doc)
    assert all(isinstance(f, Finding) and f.code in CODES for f in findings)
    issued = read(doc)
    assert issued.document is doc
    parts = letter_parts(doc)
    assert all(0 <= part.block_index < len(doc.blocks) for part in parts)


CRAFTED = {
    "factors without a result": " x ".join(["1 ก"] * 4000),
    "thai run after a factor": "1 x 1 " + "ก" * 40000,
    "spaces between factors": "1 x " + " " * 40000 + "2",
    "unclosed words": "1 บาท (" + "หนึ่ง" * 8000 + "บาท",
    "latin run": "a" * 40000 + " ๑",
    "thai run": "ก" * 40000,
    "opening parentheses": "1 (" * 13000,
    "weekday words": "วันศุกร์ที่ " * 4000,
    "blanks inside a date": "วันศุกร์ที่" + " " * 40000 + "๒๕\t\t\tมกราคม" + "\u00a0" * 40000 + "๒๕๖๘",
    "tabs between digits": ("๑" + "\t" * 20000) * 3,
}


@pytest.mark.parametrize("body", CRAFTED.values(), ids=CRAFTED.keys())
def test_crafted_lines_finish(body: str):
    # Each of these took minutes (quadratic backtracking) before the patterns were made
    # possessive; finishing at all is the assertion.
    text = f"ที่ ชร ๐๐๑๙/ว ๑\n\nเรื่อง ทดสอบ\n\nเรียน นายอำเภอ\n\n{body}\n\nขอแสดงความนับถือ\n\n(นายก ข)\n"
    findings = lint(extract(text.encode(), name="crafted.txt"))
    assert all(len(f.message) < 1000 for f in findings)


def test_a_date_spread_over_blanks_is_still_read_and_quoted_short():
    text = ("ที่ ชร ๐๐๑๙/ว ๑\n\nเรื่อง ทดสอบ\n\nเรียน นายอำเภอ\n\n"
            "ขอเชิญประชุมวันศุกร์ที่" + " " * 5000 + "๒๕ มกราคม ๒๕๖๘\n\nขอแสดงความนับถือ\n\n(นายก ข)\n")
    (finding,) = lint(extract(text.encode(), name="padded.txt"))
    assert (finding.code, finding.expected, finding.found) == ("date.weekday", "วันเสาร์", "วันศุกร์")
    assert finding.quote == "วันศุกร์ที่ ๒๕ มกราคม ๒๕๖๘"
