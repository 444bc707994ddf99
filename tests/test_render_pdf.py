"""PDF through LibreOffice: the text of a converted sample, read back with pdftotext."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from thaidoc.render import render
from thaidoc.render.pdf import to_pdf
from thaidoc.thai import arabic_digits

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.pdf
@pytest.mark.slow
def test_circular_converts_with_thai_text_and_page_numbers(soffice, tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    pdf = to_pdf(render(REPO / "samples/letters/circular-chiang-rai-2562.yaml"))
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "circular.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = text.split("\f")
    assert len([p for p in pages if p.strip()]) >= 2
    first, second = pages[0], pages[1]
    assert "๒๐ กุมภาพันธ์ ๒๕๖๒" in first
    assert "ที่ ชร ๐๐๑๙.๑/ว ๔๗/๗๕" in first
    assert not first.strip().startswith("-")  # no page number on page one
    # page two starts with its number. LibreOffice draws it with a Thai digit glyph (contextual
    # numerals, see thaidoc.render.pdf) whose text layer still says "2"; what must never come
    # back is LibreOffice's reading of ThaiArabic as Thai letters ("- ข -").
    number = "".join(arabic_digits(second.strip().splitlines()[0]).split())
    assert number == "-2-"
    assert "(นายภาสกร บุญญลักษม์)" in text
