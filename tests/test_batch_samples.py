"""The batch samples: the seed circular made per district, the 18 districts of เชียงราย with
their allocations, in CSV and in the .xlsx the committed script makes."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from thaidoc.data import load_data
from thaidoc.render.batch import read_rows

REPO = Path(__file__).resolve().parents[1]
BATCH = REPO / "samples/batch"

CHIANG_RAI_DISTRICTS = [
    "เมืองเชียงราย", "เวียงชัย", "เชียงของ", "เทิง", "พาน", "ป่าแดด", "แม่จัน", "เชียงแสน", "แม่สาย",
    "แม่สรวย", "เวียงป่าเป้า", "พญาเม็งราย", "เวียงแก่น", "ขุนตาล", "แม่ฟ้าหลวง", "แม่ลาว",
    "เวียงเชียงรุ้ง", "ดอยหลวง",
]


def test_the_batch_circular_is_the_letters_sample_plus_the_per_district_parts():
    single = load_data(REPO / "samples/letters/circular-chiang-rai-2562.yaml")
    batch = load_data(BATCH / "circular.yaml")
    assert "amounts" not in batch  # each row brings its allocation; none means the row fails
    added = batch["body"][1]["items"].pop()
    assert "{{ district }}" in added and "{{ amounts.allocation | baht }}" in added
    assert "{{ amounts.allocation | bahttext }}" in added  # words from the same number
    assert batch == single


def test_the_districts_are_the_18_of_chiang_rai_with_their_allocations():
    rows = list(read_rows(BATCH / "districts.csv"))
    assert [r.values["district"] for r in rows] == CHIANG_RAI_DISTRICTS
    assert all(r.values["recipient.name"] == "นายอำเภอ" + r.values["district"] for r in rows)
    from thaidoc.thai import to_decimal

    assert all(to_decimal(r.values["amounts.allocation"]) > 0 for r in rows)


def test_the_xlsx_is_what_the_script_makes(tmp_path):
    script = tmp_path / "make_xlsx.py"
    script.write_text((BATCH / "make_xlsx.py").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "districts.csv").write_bytes((BATCH / "districts.csv").read_bytes())
    subprocess.run([sys.executable, str(script)], check=True, capture_output=True)

    def cells(path: Path) -> list[tuple]:
        book = load_workbook(path, read_only=True)
        try:
            return [tuple(row) for row in book.worksheets[0].iter_rows(values_only=True)]
        finally:
            book.close()

    assert cells(tmp_path / "districts.xlsx") == cells(BATCH / "districts.xlsx")
    # numbers are number cells (not text) in the workbook, as a district office types them
    assert isinstance(cells(BATCH / "districts.xlsx")[6][2], float)  # ป่าแดด, 97,350.50


def test_the_seed_circular_text_is_the_seed(seed_text):
    from conftest import SEED_CIRCULAR_CHIANG_RAI

    seed = seed_text(SEED_CIRCULAR_CHIANG_RAI)
    letter = copy.deepcopy(load_data(BATCH / "circular.yaml"))
    assert letter["signer"]["name"] in seed
    assert letter["subject"].replace("2562", "๒๕๖๒") in seed
