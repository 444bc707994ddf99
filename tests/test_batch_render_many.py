"""``thaidoc.render_many``: the library entry point the portal calls from many threads."""

from __future__ import annotations

import io
import zipfile
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import pytest

import thaidoc
from thaidoc.errors import DataError
from thaidoc.render.batch import read_rows

REPO = Path(__file__).resolve().parents[1]
LETTER = REPO / "samples/batch/circular.yaml"
DISTRICTS = REPO / "samples/batch/districts.csv"


def document_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml").decode("utf-8")


def rows(count: int = 60) -> list[dict[str, str]]:
    base = [row.values for row in read_rows(DISTRICTS)]
    out = []
    for i in range(count):
        row = dict(base[i % len(base)])
        row["amounts.allocation"] = f"{1000 + i * 37 * 1009:,}.{i % 100:02d}"
        out.append(row)
    return out


def test_render_many_yields_keys_and_docx_in_row_order():
    results = list(thaidoc.render_many(LETTER, rows(5), key="{seq:03d}-{district}.docx"))
    assert [key for key, _ in results] == ["001-เมืองเชียงราย.docx", "002-เวียงชัย.docx", "003-เชียงของ.docx",
                                           "004-เทิง.docx", "005-พาน.docx"]
    assert "นายอำเภอเชียงของ" in document_xml(results[2][1])
    assert [key for key, _ in thaidoc.render_many(LETTER, rows(3))] == [1, 2, 3]


def test_render_many_accepts_a_mapping_and_decimal_values():
    from thaidoc.data import load_data

    letter = load_data(LETTER)
    row = {"amounts.allocation": Decimal("1234.50"), "district": "เทิง"}
    [(key, data)] = thaidoc.render_many(letter, [row], text_templates=True)  # the letter's author's text
    assert "๑,๒๓๔.๕๐" in document_xml(data)


def test_a_bad_row_raises_with_its_row_or_is_skipped():
    bad = rows(3)
    bad[1]["amounts.allocation"] = "หนึ่งพัน"
    with pytest.raises(DataError) as info:
        list(thaidoc.render_many(LETTER, bad))
    assert info.value.location == "row 2, amounts.allocation"
    assert [k for k, _ in thaidoc.render_many(LETTER, bad, errors="skip")] == [1, 3]
    # a float is taken only when it is exactly the figure typed; 0.1 + 0.2 is not
    float_row = [{"amounts.allocation": 0.1 + 0.2, "district": "x"}]
    with pytest.raises(DataError, match="floating-point") as info:
        list(thaidoc.render_many(LETTER, float_row))
    assert info.value.location == "row 1, amounts.allocation"


def test_render_many_is_safe_from_many_threads_at_once():
    data = rows(40)
    expected = [document_xml(b) for _, b in thaidoc.render_many(LETTER, data)]
    assert len(set(expected)) == len(expected)  # every row gives its own letter

    def one_call(offset: int) -> list[str]:
        # each thread renders the rows rotated, so threads are at different rows at once
        rotated = data[offset:] + data[:offset]
        got = [document_xml(b) for _, b in thaidoc.render_many(LETTER, rotated)]
        return got[len(data) - offset:] + got[:len(data) - offset]

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(one_call, range(0, 40, 5)))
    for got in results:
        assert got == expected


def test_one_prepared_letter_shared_by_threads_gives_the_same_bytes_as_sequential():
    from thaidoc.render.batch import PreparedLetter

    letter = PreparedLetter.from_letter(LETTER)
    data = rows(48)
    sequential = [letter.render(row)[0] for row in data]
    with ThreadPoolExecutor(max_workers=8) as pool:
        concurrent = list(pool.map(lambda row: letter.render(row)[0], data))
    assert [document_xml(b) for b in concurrent] == [document_xml(b) for b in sequential]


def test_combine_letters_of_one_template_and_of_different_templates():
    from docx import Document

    from thaidoc.render import render
    from thaidoc.render.batch import combine

    letters = [data for _, data in thaidoc.render_many(LETTER, rows(3))]
    one_template = Document(io.BytesIO(combine(letters)))
    assert len(one_template.sections) == 3
    texts = "\n".join(p.text for p in one_template.paragraphs)
    assert texts.count("ขอแสดงความนับถือ") == 3
    ids = [el.get("id") for el in one_template.element.body.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]
    assert len(ids) == len(set(ids))  # each drawing keeps a unique id
    # letters from different templates are merged by docxcompose (styles, images, numbering)
    memo = render(REPO / "samples/letters/memo-training-budget.yaml")
    mixed = Document(io.BytesIO(combine([letters[0], memo])))
    assert len(mixed.sections) == 2
    assert "บันทึกข้อความ" in "\n".join(p.text for p in mixed.paragraphs)


def letter_with_typed_words(words: str) -> dict:
    """The sample circular with the allocation's words typed into the letter by hand."""
    from thaidoc.data import load_data

    data = load_data(LETTER)
    last = data["body"][1]["items"][-1]
    assert "({{ amounts.allocation | bahttext }})" in last
    data["body"][1]["items"][-1] = last.replace("({{ amounts.allocation | bahttext }})", f"({words})")
    return data


@pytest.mark.parametrize("words", ["หนึ่งแสนบาทถ้วน", " หนึ่งแสน บาทถ้วน "])
def test_words_typed_in_the_letter_are_checked_against_each_rows_figure(words):
    # The row changes the figure and not the words typed beside it: that row is refused.
    from thaidoc.render.batch import InconsistentRow

    letter = letter_with_typed_words(words)
    row = {"district": "เทิง", "recipient.name": "นายอำเภอเทิง"}
    ((_, data),) = thaidoc.render_many(letter, [{**row, "amounts.allocation": "100,000"}], text_templates=True)
    assert words.strip() in document_xml(data)
    with pytest.raises(InconsistentRow) as caught:
        list(thaidoc.render_many(letter, [{**row, "amounts.allocation": "100,070"}], text_templates=True))
    assert caught.value.location.startswith("row 1, body")
    assert [f.code for f in caught.value.findings] == ["amount.words"]
    assert caught.value.findings[0].expected == "หนึ่งแสนเจ็ดสิบบาทถ้วน"


@pytest.mark.parametrize("typed", ["๒,๐๐๐ บาท (สองพันห้าร้อยบาทถ้วน)", "๒,๐๐๐.- บาท (สองพันห้าร้อยบาทถ้วน)",
                                   "2,000 บาท (-สองพันห้าร้อยบาทถ้วน-)",
                                   # the issued-letter lint's scanner: words before the figure, a rate
                                   "(สองพันห้าร้อยบาทถ้วน) ๒,๐๐๐ บาท", "๒,๐๐๐ บาท/คน (สองพันห้าร้อยบาทถ้วน)"])
def test_every_figure_with_typed_words_in_a_text_is_checked_not_only_the_first(typed):
    from thaidoc.render.batch import InconsistentRow

    letter = letter_with_typed_words("หนึ่งแสนบาทถ้วน")
    letter["body"][1]["items"][-1] += f" และเงินสมทบ {typed}"  # wrong words
    row = {"district": "เทิง", "recipient.name": "นายอำเภอเทิง", "amounts.allocation": "100,000"}
    with pytest.raises(InconsistentRow) as caught:
        list(thaidoc.render_many(letter, [row], text_templates=True))
    assert [(f.code, f.expected) for f in caught.value.findings] == [("amount.words", "สองพันบาทถ้วน")]
    (finding,) = caught.value.findings
    assert caught.value.location == f"row 1, {finding.location}"
    assert finding.location.startswith("body") and "สองพันห้าร้อยบาทถ้วน" in finding.quote  # a field path


def test_typed_words_without_their_thuan_refuse_the_row_and_a_blank_to_fill_in_does_not():
    # the lint only warns about a missing ถ้วน in an issued letter; a letter about to be printed is refused
    from thaidoc.render.batch import InconsistentRow

    row = {"district": "เทิง", "recipient.name": "นายอำเภอเทิง", "amounts.allocation": "100,000"}
    letter = letter_with_typed_words("หนึ่งแสนบาทถ้วน")
    letter["body"][1]["items"][-1] += " และเงินสมทบ ๒,๐๐๐ บาท (สองพันบาท)"
    with pytest.raises(InconsistentRow) as caught:
        list(thaidoc.render_many(letter, [row], text_templates=True))
    assert [(f.code, f.severity.value, f.expected) for f in caught.value.findings] == [
        ("amount.words-malformed", "error", "สองพันบาทถ้วน")]
    letter = letter_with_typed_words("หนึ่งแสนบาทถ้วน")
    letter["body"][1]["items"][-1] += " และเงินสมทบ ๒,๐๐๐ บาท (.....บาทถ้วน)"
    assert len(list(thaidoc.render_many(letter, [row], text_templates=True))) == 1


def test_a_row_cannot_change_the_kind_of_document():
    # the template is prepared for the letter's kind; a memo's data in it would be a wrong letter
    row = {"district": "เทิง", "recipient.name": "นายอำเภอเทิง", "amounts.allocation": "265,080", "kind": "memo"}
    with pytest.raises(DataError) as caught:
        list(thaidoc.render_many(LETTER, [row]))
    assert caught.value.location == "row 1, kind" and caught.value.found == "'memo'"
    assert len(list(thaidoc.render_many(LETTER, [{**row, "kind": "external-letter"}]))) == 1
