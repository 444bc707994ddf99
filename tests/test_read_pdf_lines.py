"""How lines rebuilt from a PDF's character boxes become paragraphs: measured on lines placed
as LibreOffice places them on an A4 page (text from x=85 to x=538.6, 16 pt, baselines 27.4 apart).
"""

from __future__ import annotations

import pytest

from thaidoc.read.pdf import _PAGE_NUMBER, _groups, _join, _Line

LEFT, RIGHT, PITCH = 85.2, 538.6, 27.4


def line(text: str, left: float, right: float, row: int, *, first_word: float = 30.0, spaced: bool = False) -> _Line:
    baseline = 700.0 - row * PITCH
    return _Line(0, text, left, right, baseline + 12, baseline - 4, 16.0, spaced, baseline=baseline,
                 page_height=842.0, first_word=first_word)


#: body text around the block under test, so the text's edges are the page's
BODY = [line("ย่อหน้า" * 10, LEFT, RIGHT - 2, row) for row in range(10)]


def paragraphs(lines: list[_Line]) -> list[str]:
    return [_join(group) for group in _groups(lines, BODY + lines)]


def test_a_signers_position_wrapped_in_its_indented_centred_block_is_one_line() -> None:
    # the block is indented 8 cm and centred between there and the right margin (centre 425.3):
    # "ราชการแทน" (49 pt for ราชการ) did not fit beside the line above, the governor's title did
    block = [
        line("(นายสรยุทธ แก้วกุลปรีชา)", 342.9, 507.8, 11),
        line("รองผู้ว่าราชการจังหวัด ปฏิบัติ", 331.8, 518.7, 12, first_word=24.1),
        line("ราชการแทน", 386.1, 464.5, 13, first_word=49.0),
        line("ผู้ว่าราชการจังหวัดฉะเชิงเทรา", 331.9, 518.5, 14, first_word=117.4),
    ]
    assert paragraphs(block)[-3:] == [
        "(นายสรยุทธ แก้วกุลปรีชา)", "รองผู้ว่าราชการจังหวัด ปฏิบัติราชการแทน", "ผู้ว่าราชการจังหวัดฉะเชิงเทรา",
    ]


def test_a_short_centred_line_that_would_have_fitted_above_is_a_line_of_its_own() -> None:
    block = [line("(นางสาวสุภาพร ใจดี)", 358.6, 492.1, 11), line("ผู้อำนวยการ", 390.0, 460.6, 12, first_word=70.6)]
    assert paragraphs(block)[-2:] == ["(นางสาวสุภาพร ใจดี)", "ผู้อำนวยการ"]


@pytest.mark.parametrize(("before", "after", "joined"), [
    ("ค่าใช้", "จ่ายแนบท้ายโครงการ", "ค่าใช้จ่ายแนบท้ายโครงการ"),  # Thai wraps between words without a space
    ("ภายในปี", "๒๕๖๔", "ภายในปี ๒๕๖๔"),  # not between a word and a number: a space was there
    ("ศูนย์เรียนรู้", '"โคก หนอง นา โมเดล"', 'ศูนย์เรียนรู้ "โคก หนอง นา โมเดล"'),
    ("(Best", "Practice)", "(Best Practice)"),
    ("โทร. ๐-๓๘๕๑-", "๑๒๓๙", "โทร. ๐-๓๘๕๑-๑๒๓๙"),  # after a hyphen
])
def test_a_wrap_keeps_the_space_unicode_line_breaking_needs_there(before: str, after: str, joined: str) -> None:
    assert _join([line(before, LEFT, RIGHT - 1, 0), line(after, LEFT, 300.0, 1)]) == joined


def test_a_wrap_keeps_the_space_the_pdf_drew() -> None:
    assert _join([line("งบประมาณ", LEFT, 476.4, 0, spaced=True), line("พ.ศ.๒๕๖๓", LEFT, 300.0, 1)]) == "งบประมาณ พ.ศ.๒๕๖๓"


@pytest.mark.parametrize(("text", "number"), [("- ๒ -", True), ("๒", True), ("หน้า 12", True), ("3/12", True),
                                              ("๒๕๖๔", False), ("2564", False)])
def test_a_page_number_has_at_most_three_digits_a_year_has_four(text: str, number: bool) -> None:
    assert bool(_PAGE_NUMBER.match(text)) is number
