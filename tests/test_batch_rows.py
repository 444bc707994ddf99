"""Reading recipient tables (CSV/XLSX), applying rows to the letter, file names, the journal.

Row numbers are the ones a user sees in the spreadsheet (header = row 1), so every error
message can be checked against the sheet.
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal

import pytest
from openpyxl import Workbook

from thaidoc.errors import DataError
from thaidoc.render.batch import (
    Journal,
    NamePattern,
    Row,
    apply_row,
    cell_text,
    read_header,
    read_rows,
    sanitize_filename,
)

THAI = "นายอำเภอเวียงป่าเป้า"
SPECIAL = 'A & B <ตำบล> "ทุ่งก่อ" \'x\' \x01\x0b'
LONG = "ก" * 5000 + " & " + "ข" * 5000


def write_csv(path, text: str, *, bom: bool) -> None:
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))


@pytest.mark.parametrize("bom", [True, False])
def test_csv_with_or_without_bom_gives_the_same_rows(tmp_path, bom):
    path = tmp_path / "r.csv"
    write_csv(path, f'district,recipient.name,amounts.allocation\nเวียงป่าเป้า,{THAI},"223,260"\n', bom=bom)
    assert read_header(path) == ["district", "recipient.name", "amounts.allocation"]
    assert list(read_rows(path)) == [Row(2, {"district": "เวียงป่าเป้า", "recipient.name": THAI,
                                            "amounts.allocation": "223,260"})]


def test_csv_row_numbers_are_spreadsheet_rows_even_with_multiline_cells_and_blank_rows(tmp_path):
    path = tmp_path / "r.csv"
    write_csv(path, 'a,b\n"line 1\nline 2",x\n,\n\ny,z\n', bom=False)
    rows = list(read_rows(path))
    # record 2 spans two lines; records 3 and 4 are empty (skipped); y,z is the 5th record
    assert [(r.number, r.values) for r in rows] == [(2, {"a": "line 1\nline 2", "b": "x"}), (5, {"a": "y", "b": "z"})]


def test_special_characters_and_long_values_are_kept_as_text(tmp_path):
    path = tmp_path / "r.csv"
    import csv

    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["recipient.name", "notes"], [SPECIAL, LONG]])
    (row,) = read_rows(path)
    assert row.values == {"recipient.name": SPECIAL, "notes": LONG}


def test_header_problems_name_the_column(tmp_path):
    path = tmp_path / "r.csv"
    write_csv(path, "district,amount,district\n", bom=False)
    with pytest.raises(DataError, match="named twice") as info:
        read_header(path)
    assert info.value.location == "row 1, column C"
    write_csv(path, "recipient,recipient.name\n", bom=False)
    with pytest.raises(DataError, match="both 'recipient' and 'recipient.name'"):
        read_header(path)
    write_csv(path, "a,b c..d\n", bom=False)
    with pytest.raises(DataError, match="not a field name") as info:
        read_header(path)
    assert info.value.location == "row 1, column B"


def test_a_value_under_a_column_without_a_name_is_an_error_with_its_cell(tmp_path):
    path = tmp_path / "r.csv"
    write_csv(path, "a,b\n1,2\n3,4,5\n", bom=False)
    with pytest.raises(DataError) as info:
        list(read_rows(path))
    assert info.value.location == "row 3, column C"


def test_non_utf8_csv_says_how_to_fix_it(tmp_path):
    path = tmp_path / "r.csv"
    path.write_bytes("district\nเชียงของ\n".encode("cp874"))
    with pytest.raises(DataError, match="not UTF-8") as info:
        list(read_rows(path))
    assert "cp874" in (info.value.expected or "")
    assert list(read_rows(path, encoding="cp874")) == [Row(2, {"district": "เชียงของ"})]


def test_xlsx_numbers_are_exact_decimal_text_never_floats(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["district", "amounts.allocation", "amounts.other", "dates.deadline", "count"])
    sheet.append(["ป่าแดด", 97350.5, 0.1, dt.datetime(2019, 9, 10), 18])
    sheet.append([None, None, None, None, None])
    sheet.append(["เทิง", 265080, 1234567.89, dt.date(2019, 9, 10), 3.0])
    path = tmp_path / "r.xlsx"
    book.save(path)
    rows = list(read_rows(path))
    assert [r.number for r in rows] == [2, 4]
    assert rows[0].values == {"district": "ป่าแดด", "amounts.allocation": "97350.5", "amounts.other": "0.1",
                              "dates.deadline": "2019-09-10", "count": "18"}
    assert rows[1].values["amounts.other"] == "1234567.89"
    assert rows[1].values["count"] == "3"
    for row in rows:
        for value in row.values.values():
            assert isinstance(value, str)
            if value.replace(".", "").isdigit():
                Decimal(value)  # parses exactly


def test_sample_xlsx_and_csv_agree(repo):
    from thaidoc.thai import to_decimal

    csv_rows = list(read_rows(repo / "samples/batch/districts.csv"))
    xlsx_rows = list(read_rows(repo / "samples/batch/districts.xlsx"))
    assert len(csv_rows) == len(xlsx_rows) == 18
    for a, b in zip(csv_rows, xlsx_rows):
        assert a.number == b.number
        assert a.values["district"] == b.values["district"]
        assert to_decimal(a.values["amounts.allocation"]) == to_decimal(b.values["amounts.allocation"])


@pytest.mark.parametrize("value, text", [
    (18300.0, "18300"), (0.1, "0.1"), (97350.5, "97350.5"), (160674400, "160674400"),
    (1234567.89, "1234567.89"), (-5.25, "-5.25"), (True, "true"), (None, ""),
])
def test_cell_text(value, text):
    assert cell_text(value) == text


def test_apply_row_sets_nested_fields_and_lists_without_touching_the_base():
    base = {"recipient": {"name": "นายอำเภอ ทุกอำเภอ", "rank": "general"},
            "amounts": {"allocation": 0}, "enclosures": [{"title": "แบบ"}]}
    data = apply_row(base, {"recipient.name": THAI, "amounts.allocation": "1,000",
                            "enclosures[0].title": "คู่มือ", "enclosures[1].title": "เพิ่ม", "district": "x"})
    assert data["recipient"] == {"name": THAI, "rank": "general"}
    assert data["amounts"] == {"allocation": "1,000"}
    assert data["enclosures"] == [{"title": "คู่มือ"}, {"title": "เพิ่ม"}]
    assert base == {"recipient": {"name": "นายอำเภอ ทุกอำเภอ", "rank": "general"},
                    "amounts": {"allocation": 0}, "enclosures": [{"title": "แบบ"}]}
    with pytest.raises(DataError, match="skips"):
        apply_row(base, {"enclosures[5].title": "x"})
    with pytest.raises(DataError, match="is a value"):
        apply_row({"count": 3}, {"count.x": "y"})
    # a row's part replaces the short form of a part in the letter
    assert apply_row({"recipient": "นายอำเภอ ทุกอำเภอ"}, {"recipient.name": THAI}) == {"recipient": {"name": THAI}}


def test_file_names_are_safe_and_keep_thai():
    assert sanitize_filename("001-เวียงป่าเป้า.docx") == "001-เวียงป่าเป้า.docx"
    for hostile in ("../../x", "a/b\\c", "x\x00y", "..", ".hidden", "nul", "a:b*c?"):
        name = sanitize_filename(hostile)
        assert "/" not in name and "\\" not in name and "\x00" not in name
        assert not name.startswith(".")
        assert name.endswith(".docx")
    long = sanitize_filename("ก" * 400)
    assert len(long.encode("utf-8")) <= 255
    assert long.endswith(".docx")


def test_name_pattern_uses_row_fields_dotted_fields_and_seq():
    pattern = NamePattern("{seq:03d}-{district}-{recipient.name}.docx")
    assert pattern.format(7, 8, {"district": "เชียงของ", "recipient": {"name": "นาย/ก"}}) == "007-เชียงของ-นาย_ก.docx"
    with pytest.raises(DataError, match="uses districtt"):
        pattern2 = NamePattern("{districtt}.docx")
        pattern2.check_fields(["district", "recipient.name"])
    with pytest.raises(DataError, match="needs 'district'"):
        pattern.format(1, 2, {"recipient": {"name": "x"}})
    with pytest.raises(DataError):
        NamePattern("{}.docx")


def test_journal_knows_complete_up_to_date_files_and_ignores_a_torn_line(tmp_path):
    (tmp_path / "a.docx").write_bytes(b"A" * 10)
    (tmp_path / "b.docx").write_bytes(b"B" * 10)
    journal = Journal(tmp_path)
    journal.record("a.docx", "fp-a")
    journal.record("b.docx", "fp-b")
    journal.close(compact=False)
    with (tmp_path / ".thaidoc-batch.jsonl").open("a", encoding="utf-8") as handle:
        handle.write('{"format": 1, "name": "c.docx", "finger')  # what kill -9 can leave
    again = Journal(tmp_path)
    assert again.is_current("a.docx", "fp-a")
    assert not again.is_current("a.docx", "fp-other")  # inputs changed
    assert not again.is_current("c.docx", "x")
    (tmp_path / "b.docx").write_bytes(b"edited by hand")
    assert not again.is_current("b.docx", "fp-b")  # touched since
    os.unlink(tmp_path / "a.docx")
    assert not again.is_current("a.docx", "fp-a")
    again.close()
    assert "a.docx" not in (tmp_path / ".thaidoc-batch.jsonl").read_text(encoding="utf-8")


from hypothesis import given, settings
from hypothesis import strategies as st


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_any_text_gives_a_safe_file_name(text):
    name = sanitize_filename(text)
    assert name.endswith(".docx")
    assert len(name.encode("utf-8")) <= 255
    assert not set(name) & set('/\\\x00<>:"|?*')
    assert not name.startswith(".") and name[:-5] == name[:-5].strip(" .")
    assert all(ord(c) >= 32 and c != "\x7f" for c in name)
    assert sanitize_filename(name) == name  # stable: a safe name stays as it is


@settings(max_examples=500, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_number_cells_become_the_exact_decimal_excel_shows(value):
    text = cell_text(value)
    assert "e" not in text.lower()  # plain figures, never scientific notation
    assert Decimal(text) == Decimal(repr(value))  # the shortest text that reads back as the cell
    assert float(text) == value


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                        max_size=60), min_size=1, max_size=4))
def test_csv_cells_come_back_as_typed(tmp_path_factory, cells):
    import csv
    import unicodedata

    path = tmp_path_factory.mktemp("rows") / "rows.csv"
    header = [f"f{i}" for i in range(len(cells))]
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, cells])
    expected = {name: unicodedata.normalize("NFC", cell) for name, cell in zip(header, cells) if cell.strip()}
    assert [row.values for row in read_rows(path)] == ([expected] if expected else [])


def test_an_uncalculated_formula_fails_its_row_instead_of_keeping_the_letters_value(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["district", "amounts.allocation"])
    sheet.append(["เทิง", 265080])
    sheet.append(["พาน", "=B2+1000"])  # openpyxl saves formulas without calculating them
    path = tmp_path / "r.xlsx"
    book.save(path)
    first, second = read_rows(path)
    assert first.problems == ()
    assert second.values == {"district": "พาน"}
    assert second.problems == ({"field": "amounts.allocation", "found": "=B2+1000",
                                "message": second.problems[0]["message"]},)
    assert "no calculated value" in second.problems[0]["message"]


def test_a_missing_sheet_is_named_when_the_header_is_read(repo):
    with pytest.raises(DataError) as caught:
        read_header(repo / "samples/batch/districts.xlsx", sheet="ไม่มี")
    assert "no sheet named 'ไม่มี'" in caught.value.message
