"""The 77 provinces: look-ups by name, abbreviation and postcode, and did-you-mean."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

import thaidoc
from thaidoc.thai import (
    PROVINCES,
    Province,
    province_by_abbreviation,
    province_by_name,
    provinces_by_postcode,
    suggest_provinces,
)

# Typed out from letter-format.md (section "Provinces"), one row per province.
EXPECTED = [
    ("กรุงเทพมหานคร", "กท", "10"), ("สมุทรปราการ", "สป", "10"), ("นนทบุรี", "นบ", "11"),
    ("ปทุมธานี", "ปท", "12"), ("พระนครศรีอยุธยา", "อย", "13"), ("อ่างทอง", "อท", "14"),
    ("ลพบุรี", "ลบ", "15"), ("สิงห์บุรี", "สห", "16"), ("ชัยนาท", "ชน", "17"), ("สระบุรี", "สบ", "18"),
    ("ชลบุรี", "ชบ", "20"), ("ระยอง", "รย", "21"), ("จันทบุรี", "จบ", "22"), ("ตราด", "ตร", "23"),
    ("ฉะเชิงเทรา", "ฉช", "24"), ("ปราจีนบุรี", "ปจ", "25"), ("นครนายก", "นย", "26"), ("สระแก้ว", "สก", "27"),
    ("นครราชสีมา", "นม", "30"), ("บุรีรัมย์", "บร", "31"), ("สุรินทร์", "สร", "32"), ("ศรีสะเกษ", "ศก", "33"),
    ("อุบลราชธานี", "อบ", "34"), ("ยโสธร", "ยส", "35"), ("ชัยภูมิ", "ชย", "36"), ("อำนาจเจริญ", "อจ", "37"),
    ("บึงกาฬ", "บก", "38"), ("หนองบัวลำภู", "นภ", "39"), ("ขอนแก่น", "ขก", "40"), ("อุดรธานี", "อด", "41"),
    ("เลย", "ลย", "42"), ("หนองคาย", "นค", "43"), ("มหาสารคาม", "มค", "44"), ("ร้อยเอ็ด", "รอ", "45"),
    ("กาฬสินธุ์", "กส", "46"), ("สกลนคร", "สน", "47"), ("นครพนม", "นพ", "48"), ("มุกดาหาร", "มห", "49"),
    ("เชียงใหม่", "ชม", "50"), ("ลำพูน", "ลพ", "51"), ("ลำปาง", "ลป", "52"), ("อุตรดิตถ์", "อต", "53"),
    ("แพร่", "พร", "54"), ("น่าน", "นน", "55"), ("พะเยา", "พย", "56"), ("เชียงราย", "ชร", "57"),
    ("แม่ฮ่องสอน", "มส", "58"), ("นครสวรรค์", "นว", "60"), ("อุทัยธานี", "อน", "61"), ("กำแพงเพชร", "กพ", "62"),
    ("ตาก", "ตก", "63"), ("สุโขทัย", "สท", "64"), ("พิษณุโลก", "พล", "65"), ("พิจิตร", "พจ", "66"),
    ("เพชรบูรณ์", "พช", "67"), ("ราชบุรี", "รบ", "70"), ("กาญจนบุรี", "กจ", "71"), ("สุพรรณบุรี", "สพ", "72"),
    ("นครปฐม", "นฐ", "73"), ("สมุทรสาคร", "สค", "74"), ("สมุทรสงคราม", "สส", "75"), ("เพชรบุรี", "พบ", "76"),
    ("ประจวบคีรีขันธ์", "ปข", "77"), ("นครศรีธรรมราช", "นศ", "80"), ("กระบี่", "กบ", "81"), ("พังงา", "พง", "82"),
    ("ภูเก็ต", "ภก", "83"), ("สุราษฎร์ธานี", "สฎ", "84"), ("ระนอง", "รน", "85"), ("ชุมพร", "ชพ", "86"),
    ("สงขลา", "สข", "90"), ("สตูล", "สต", "91"), ("ตรัง", "ตง", "92"), ("พัทลุง", "พท", "93"),
    ("ปัตตานี", "ปน", "94"), ("ยะลา", "ยล", "95"), ("นราธิวาส", "นธ", "96"),
]  # fmt: skip


def test_seventy_seven_distinct_provinces() -> None:
    assert len(PROVINCES) == len(EXPECTED) == 77
    assert len({p.name for p in PROVINCES}) == 77
    assert len({p.abbreviation for p in PROVINCES}) == 77


@pytest.mark.parametrize(("name", "abbreviation", "prefix"), EXPECTED)
def test_every_province_by_name_abbreviation_and_postcode(name: str, abbreviation: str, prefix: str) -> None:
    province = Province(name, abbreviation, prefix)
    assert province_by_name(name) == province
    assert province_by_name(f"จังหวัด{name}") == province
    assert province_by_name(f"จ.{name}") == province
    assert province_by_abbreviation(abbreviation) == province
    assert province_by_abbreviation(abbreviation + ".") == province
    assert province in provinces_by_postcode(prefix + "000")
    assert province in provinces_by_postcode(thaidoc.thai_digits(prefix + "120"))
    assert suggest_provinces(abbreviation) == [province]


def test_table_matches_the_reference_file() -> None:
    # Same location rule as conftest.SHARED (conftest is not importable as a module).
    shared = Path(os.environ.get("THAIDOC_SHARED", Path(__file__).resolve().parents[2] / "shared"))
    reference = shared / "reference" / "letter-format.md"
    if not reference.is_file():
        pytest.skip("../shared/reference/letter-format.md is not present on this machine")
    section = reference.read_text(encoding="utf-8").split("## Provinces", 1)[1]
    block = section.split("```", 2)[1]
    rows = re.findall(r"(\S+) (\S{2}) (\d{2})", block)
    assert [Province(*row) for row in rows] == list(PROVINCES)


def test_postcode_prefix_10_is_shared() -> None:
    assert [p.name for p in provinces_by_postcode("10200")] == ["กรุงเทพมหานคร", "สมุทรปราการ"]


@pytest.mark.parametrize("postcode", ["", "5700", "570000", "abcde", "19000", "99000", "00000"])
def test_unknown_or_malformed_postcodes(postcode: str) -> None:
    assert provinces_by_postcode(postcode) == []


@pytest.mark.parametrize("name", ["กรุงเทพฯ", "กรุงเทพ", "กทม.", "จังหวัด กรุงเทพมหานคร"])
def test_bangkok_aliases(name: str) -> None:
    assert province_by_name(name) == province_by_abbreviation("กท")


@pytest.mark.parametrize("unknown", ["ขร", "กก", "", "เชียงรา", "Chiang Rai"])
def test_unknown_look_ups_return_none(unknown: str) -> None:
    assert province_by_abbreviation(unknown) is None or unknown == ""
    assert province_by_name(unknown) is None


SUGGESTIONS = [
    ("ขร", "ชร"),  # look-alike letter
    ("รช", "ชร"),  # swapped letters
    ("ฉซ", "ฉช"),
    ("ฉข", "ฉช"),
    ("ชฆ", None),
    ("เชียงรา", "เชียงราย"),
    ("ฉะเชิงเทร", "ฉะเชิงเทรา"),
    ("จังหวัดนครราชสีมา", "นครราชสีมา"),
]


@pytest.mark.parametrize(("typed", "best"), SUGGESTIONS)
def test_suggest_provinces(typed: str, best: str | None) -> None:
    suggestions = suggest_provinces(typed)
    if best is None:
        assert all(len(p.abbreviation) == 2 for p in suggestions)
        return
    assert suggestions, typed
    assert best in (suggestions[0].abbreviation, suggestions[0].name)


def test_exported_from_thaidoc() -> None:
    assert thaidoc.PROVINCES is PROVINCES
    assert thaidoc.suggest_provinces is suggest_provinces
