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


def test_libreoffice_gets_arabic_page_numbers_with_contextual_numerals():
    import io
    import zipfile

    from thaidoc.render.pdf import for_libreoffice

    thai = render(REPO / "samples/letters/circular-chiang-rai-2562.yaml")
    prepared, numerals = for_libreoffice(thai)
    assert numerals
    headers = [n for n in zipfile.ZipFile(io.BytesIO(prepared)).namelist() if n.startswith("word/header")]
    text = b"".join(zipfile.ZipFile(io.BytesIO(prepared)).read(n) for n in headers)
    assert b"ThaiArabic" not in text and b"\\* Arabic" in text
    arabic = render({"kind": "announcement", "issuer": "ก", "subject": "ข", "date": "2024-01-01", "body": ["ค"],
                     "signer": {"name": "ง", "position": "จ"}, "digits": "arabic"})
    prepared, numerals = for_libreoffice(arabic)
    assert not numerals  # Arabic page numbers: nothing for contextual numerals to draw


def test_pdf_copy_is_justified_and_the_docx_keeps_thai_distributed():
    """LibreOffice does not draw thaiDistributed: the copy it converts asks for ordinary
    justification, the .docx (what Word opens) keeps thaiDistributed."""
    import io
    import zipfile

    from thaidoc.render.pdf import for_libreoffice

    docx = render(REPO / "samples/letters/circular-chiang-rai-2562.yaml")
    styles = zipfile.ZipFile(io.BytesIO(docx)).read("word/styles.xml")
    assert b'w:val="thaiDistributed"' in styles
    prepared, _ = for_libreoffice(docx)
    copy = zipfile.ZipFile(io.BytesIO(prepared))
    assert b'w:val="thaiDistributed"' not in copy.read("word/styles.xml")
    assert copy.read("word/styles.xml") == styles.replace(b'w:val="thaiDistributed"', b'w:val="both"')
    assert copy.read("word/document.xml") == zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml")
    plain = render({"kind": "announcement", "issuer": "ก", "subject": "ข", "date": "2024-01-01", "body": ["ค"],
                    "signer": {"name": "ง", "position": "จ"}, "digits": "arabic"})
    assert for_libreoffice(for_libreoffice(plain)[0]) == (for_libreoffice(plain)[0], False)  # nothing left to do


def test_fontconfig_aliases_the_government_fonts(tmp_path):
    from thaidoc.render.pdf import fontconfig_file

    if shutil.which("fc-match") is None:
        pytest.skip("fontconfig's fc-match is not installed")
    env = {"FONTCONFIG_FILE": str(fontconfig_file()), "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    for name in ("TH SarabunIT๙", "TH SarabunPSK", "TH Sarabun New"):
        found = subprocess.run(["fc-match", "-f", "%{family}", name], capture_output=True, text=True,
                               env=env, check=True).stdout
        assert any(family in found for family in ("TH Sarabun", "Laksaman")), (name, found)


def test_missing_libreoffice_is_a_conversion_error(tmp_path):
    from thaidoc.errors import ConversionError

    with pytest.raises(ConversionError) as info:
        to_pdf(render(REPO / "samples/letters/order-working-group.yaml"), soffice=str(tmp_path / "no-soffice"))
    assert "LibreOffice" in str(info.value)
    with pytest.raises(ConversionError):
        to_pdf(b"not a docx", soffice=str(tmp_path / "no-soffice"))


@pytest.mark.pdf
@pytest.mark.slow
@pytest.mark.parametrize(("sample", "closing"), [("order-working-group.yaml", "สั่ง ณ วันที่"),
                                                 ("circular-chiang-rai-2562.yaml", "ขอแสดงความนับถือ")])
def test_the_signature_page_always_carries_text(soffice, tmp_path, sample, closing):
    """However long the body, the closing (or "สั่ง ณ วันที่") never starts a page: at least two
    lines of the letter's text go over with it (the typing guide's rule for the last page)."""
    import copy

    import yaml

    from thaidoc.render.pdf import for_libreoffice, soffice_profile

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    data = yaml.safe_load((REPO / "samples/letters" / sample).read_text(encoding="utf-8"))
    paragraph = "คณะทำงานมีหน้าที่ติดตามและรายงานผลการดำเนินงานตามแผนที่กำหนดเป็นรายเดือน " * 3
    names = []
    for count in range(3, 17):  # body lengths that end at every point of a page
        letter = copy.deepcopy(data)
        letter["body"] = [*letter["body"], *[paragraph] * count]
        prepared, _ = for_libreoffice(render(letter))
        names.append(tmp_path / f"letter-{count:02d}.docx")
        names[-1].write_bytes(prepared)
    profile, env = soffice_profile(tmp_path, thai_numerals=True)
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), *map(str, names)], env=env, capture_output=True, timeout=300,
                   check=True)
    for name in names:
        text = subprocess.run(["pdftotext", "-layout", str(name.with_suffix(".pdf")), "-"], capture_output=True,
                              text=True, check=True).stdout
        page = next(page for page in text.split("\f") if closing in page)
        above = [line for line in page.split(closing)[0].splitlines()
                 if line.strip() and not line.strip().startswith("-")]  # the page number "- ๒ -"
        assert len(above) >= 2, (name.name, above)
