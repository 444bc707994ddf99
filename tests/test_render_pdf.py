"""PDF through LibreOffice: the text of a converted sample, read back with pdftotext."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

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
    # page two starts with its number, in Thai digits in the text layer too (copy and search give
    # ๒): never LibreOffice's reading of ThaiArabic as Thai letters ("- ข -"), nor "- 2 -"
    number = "".join(second.strip().splitlines()[0].split())
    assert number == "-๒-"
    assert arabic_digits(number) == "-2-"
    assert "(นายภาสกร บุญญลักษม์)" in text


def test_libreoffice_gets_arabic_page_numbers_with_contextual_numerals():
    import io
    import zipfile

    from thaidoc.render.pdf import for_libreoffice, needs_thai_numerals

    thai = render(REPO / "samples/letters/circular-chiang-rai-2562.yaml")
    prepared, numerals = for_libreoffice(thai)
    assert numerals
    assert needs_thai_numerals(thai)  # the converter's quick answer, before preparing the letter
    headers = [n for n in zipfile.ZipFile(io.BytesIO(prepared)).namelist() if n.startswith("word/header")]
    text = b"".join(zipfile.ZipFile(io.BytesIO(prepared)).read(n) for n in headers)
    assert b"ThaiArabic" not in text and b"\\* Arabic" in text
    arabic = render({"kind": "announcement", "issuer": "ก", "subject": "ข", "date": "2024-01-01", "body": ["ค"],
                     "signer": {"name": "ง", "position": "จ"}, "digits": "arabic"})
    prepared, numerals = for_libreoffice(arabic)
    assert not numerals  # Arabic page numbers: nothing for contextual numerals to draw
    assert not needs_thai_numerals(arabic)


def test_the_word_list_loads_once_when_threads_ask_for_it_together():
    """A converter's threads prepare their first letters at the same moment: one load (0.4 s)
    of pythainlp's word list, the same one for all of them."""
    import threading

    from thaidoc.render import pdf_layout

    pdf_layout._load_dictionary.cache_clear()
    start = threading.Barrier(4)
    got: list[object] = []

    def ask() -> None:
        start.wait()
        got.append(pdf_layout._dictionary())

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(got) == 4 and all(words is got[0] for words in got)
    assert pdf_layout._load_dictionary.cache_info().misses == 1


def test_pdf_copy_is_justified_and_the_docx_keeps_thai_distributed():
    """LibreOffice does not draw thaiDistributed: the copy it converts asks for ordinary
    justification, the .docx (what Word opens) keeps thaiDistributed."""
    import io
    import zipfile

    from thaidoc.ooxml import W, parse_xml
    from thaidoc.render.pdf import for_libreoffice

    docx = render(REPO / "samples/letters/circular-chiang-rai-2562.yaml")
    styles = zipfile.ZipFile(io.BytesIO(docx)).read("word/styles.xml")
    assert b'w:val="thaiDistributed"' in styles
    prepared, _ = for_libreoffice(docx)
    copy = zipfile.ZipFile(io.BytesIO(prepared))
    original = zipfile.ZipFile(io.BytesIO(docx))
    assert b"thaiDistributed" not in copy.read("word/styles.xml")
    assert copy.read("word/styles.xml").count(b'w:val="both"') == styles.count(b'w:val="thaiDistributed"')
    # the body's text is the letter's, with U+200D inside compounds for LibreOffice's line breaks
    texts = [[t.text or "" for t in parse_xml(part).iter(f"{W}t")]
             for part in (copy.read("word/document.xml"), original.read("word/document.xml"))]
    assert "งบ\u200dประมาณ" in "".join(texts[0]) and "\u200d" not in "".join(texts[1])
    assert ([t.replace("\u200d", "").replace("\u202f", " ").replace("\u00a0", " ") for t in texts[0]]
            == [t.replace("\u00a0", " ") for t in texts[1]])  # no-break spaces keep dates whole
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
    from thaidoc.render.pdf_layout import finish_pdf

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
        finish_pdf(name.with_suffix(".pdf"))  # the text layer without the PDF copy's joiners
        text = subprocess.run(["pdftotext", "-layout", str(name.with_suffix(".pdf")), "-"], capture_output=True,
                              text=True, check=True).stdout
        page = next(page for page in text.split("\f") if closing in page)
        above = [line for line in page.split(closing)[0].splitlines()
                 if line.strip() and not line.strip().startswith("-")]  # the page number "- ๒ -"
        assert len(above) >= 2, (name.name, above)


def _pdf(content: str, glyphs: dict[str, str], widths: dict[str, int] | None = None) -> bytes:
    """A one-page PDF as LibreOffice writes one: font /F1 whose ToUnicode map reads each glyph
    code (two hex digits) as ``glyphs`` says, with ``widths`` (1/1000 em), showing ``content``."""
    import io

    from pypdf import PdfWriter
    from pypdf.generic import (ArrayObject, ContentStream, DecodedStreamObject, DictionaryObject, NameObject,
                               NumberObject)

    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    cmap = DecodedStreamObject()
    pairs = " ".join(f"<{code}> <{text.encode('utf-16-be').hex().upper()}>" for code, text in glyphs.items())
    cmap.set_data(("begincmap 1 begincodespacerange <00> <FF> endcodespacerange "
                   f"{len(glyphs)} beginbfchar {pairs} endbfchar endcmap").encode())
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica"),
                             NameObject("/ToUnicode"): writer._add_object(cmap)})
    if widths:
        font[NameObject("/FirstChar")] = NumberObject(0)
        font[NameObject("/Widths")] = ArrayObject(NumberObject(widths.get(f"{n:02X}", 0)) for n in range(256))
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})})
    stream = ContentStream(None, writer)
    stream.set_data(content.encode())
    page.replace_contents(stream)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _pdf_with_span(actual_text: str, glyph_text: str) -> bytes:
    """LibreOffice's mark on a glyph that does not read as its character: an ActualText span
    saying ``actual_text`` around a glyph the font reads as ``glyph_text``."""
    text = actual_text.encode("utf-16-be").hex().upper()
    return _pdf(f"BT 10 10 Td /Span<</ActualText<FEFF{text}>>> BDC /F1 16 Tf<22>Tj EMC ET", {"22": glyph_text})


def _span_text(pdf: bytes) -> str:
    import io
    import re

    from pypdf import PdfReader

    data = PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data()
    return bytes.fromhex(re.search(rb"/ActualText\s*<FEFF([0-9A-F]+)>", data).group(1).decode()).decode("utf-16-be")


def test_a_digit_drawn_thai_says_thai_in_the_pdf_text():
    from thaidoc.render.pdf_layout import pdf_text

    assert _span_text(pdf_text(_pdf_with_span("2", "๒"))) == "๒"


@pytest.mark.parametrize(("actual", "glyph"), [("2", "ข"), ("2", "๓"), ("ำ", "ํา"), ("12", "๒")])
def test_other_marked_text_is_left_alone(actual, glyph):
    """Only a span whose glyphs are the Thai digits of its own number changes: not a Thai
    letter, not another digit, not LibreOffice's other spans (ำ drawn as ํ + า)."""
    from thaidoc.render.pdf_layout import pdf_text

    pdf = _pdf_with_span(actual, glyph)
    assert _span_text(pdf_text(pdf)) == actual


def _content(pdf: bytes) -> bytes:
    import io

    from pypdf import PdfReader

    return PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data()


def test_joiners_leave_the_text_but_not_the_layout():
    """A joiner LibreOffice drew with the space glyph (TH Sarabun New maps U+200D to it) and
    moved back over: the glyph goes, a move of its width replaces it, the line looks the same."""
    from thaidoc.render.pdf_layout import pdf_text

    glyphs = {"01": "ง", "02": "บ", "03": "ป", "0C": "\u200d"}
    pdf = _pdf("BT /F1 16 Tf 10 10 Td [<0102>2<0C>216<03>]TJ <0C03>Tj ET", glyphs, {"01": 300, "02": 400, "0C": 216})
    content = _content(pdf_text(pdf))
    assert b"0C" not in content
    assert b"[<0102> 2 -216 216 <03>]TJ" in content
    assert b"[-216 <03>]TJ" in content


def test_a_space_marked_by_its_text_keeps_its_glyph():
    """The same glyph drawn for a real space carries ActualText " ": it stays as it is."""
    from thaidoc.render.pdf_layout import pdf_text

    glyphs = {"01": "ง", "0C": "\u200d"}
    pdf = _pdf("BT /F1 16 Tf 10 10 Td /Span<</ActualText<FEFF0020>>> BDC <0C>Tj EMC <01>Tj ET", glyphs, {"0C": 216})
    assert pdf_text(pdf) is pdf


def test_marked_joiners_and_no_break_spaces_read_as_the_letter_reads():
    from thaidoc.render.pdf_layout import pdf_text

    joiner = _pdf_with_span("\u200d", " ")
    assert b"/ActualText()" in _content(pdf_text(joiner))
    space = _pdf_with_span("\u202f", " ")
    assert _span_text(pdf_text(space)) == " "


def test_a_no_break_space_glyph_reads_as_a_space():
    import io

    from pypdf import PdfReader

    from thaidoc.render.pdf_layout import pdf_text

    pdf = _pdf("BT /F1 16 Tf 10 10 Td <0102>Tj ET", {"01": "\u202f", "02": "ๆ"})
    fixed = PdfReader(io.BytesIO(pdf_text(pdf))).pages[0]
    cmap = fixed["/Resources"]["/Font"]["/F1"]["/ToUnicode"].get_object().get_data()
    assert b"<01> <0020>" in cmap and b"202F" not in cmap


def test_the_pdf_copy_draws_an_equation_fraction_as_a_table():
    """Only the copy LibreOffice converts changes: the paragraph holding "A = B/C × D" gets a
    borderless table before it (the numerator's cell with a bottom border) and loses the
    equation; a paragraph with other runs beside its equation is left as it is."""
    from thaidoc.render.pdf_layout import for_pdf

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    m = "http://schemas.openxmlformats.org/officeDocument/2006/math"

    def math_run(text: str) -> str:
        return f"<m:r><m:t>{text}</m:t></m:r>"

    equation = (f"<m:oMath>{math_run('ร้อยละ = ')}<m:f><m:num>{math_run('ส่วน')}</m:num>"
                f"<m:den>{math_run('ทั้งหมด')}</m:den></m:f>{math_run(' × ๑๐๐')}</m:oMath>")
    xml = (f'<w:document xmlns:w="{w}" xmlns:m="{m}"><w:body><w:p>{equation}</w:p>'
           f'<w:p><w:r><w:t>ดังนี้</w:t></w:r>{equation}</w:p></w:body></w:document>').encode()
    root = etree.fromstring(for_pdf("word/document.xml", xml))
    tables = root.findall(f".//{{{w}}}tbl")
    assert len(tables) == 1
    cells = [["".join((t.text or "").replace("\u200d", "") for t in cell.iter(f"{{{w}}}t")) for cell in row.findall(f"{{{w}}}tc")]
             for row in tables[0].findall(f"{{{w}}}tr")]
    assert cells == [["ร้อยละ =", "ส่วน", "× ๑๐๐"], ["", "ทั้งหมด", ""]]
    assert tables[0].find(f".//{{{w}}}tc/{{{w}}}tcPr/{{{w}}}tcBorders/{{{w}}}bottom") is not None
    assert len(root.findall(f".//{{{m}}}oMath")) == 1  # the mixed paragraph keeps its equation


def test_the_pdf_copy_keeps_dates_years_and_numbered_rounds_on_one_line():
    """A typist keeps "พ.ศ. ๒๕๖๒", "๑๐ กันยายน ๒๕๖๒" and "(ครั้งที่ 2)" whole: the circular's
    PDF ended a line with "ปีงบประมาณ พ.ศ." and put "๒๕๖๒" alone below, the expense sheet
    put "2)" alone. In the copy the spaces inside them are no-break spaces; other spaces stay."""
    from thaidoc.render.pdf_layout import join_words

    def joined(text: str) -> str:
        return join_words(text).replace("\u200d", "")

    assert joined("ปีงบประมาณ พ.ศ. ๒๕๖๒") == "ปีงบประมาณ พ.ศ.\u00a0๒๕๖๒"
    assert joined("ภายในวันที่ ๑๐ กันยายน ๒๕๖๒ ให้") == "ภายในวันที่ ๑๐\u00a0กันยายน\u00a0๒๕๖๒ ให้"
    assert joined("พุธ 17 เม.ย. 67") == "พุธ 17\u00a0เม.ย.\u00a067"
    assert joined("(ครั้งที่ 2)") == "(ครั้งที่\u00a02)"
    assert joined("๓ กลุ่ม งาน จำนวน ๕ คน") == "๓ กลุ่ม งาน จำนวน ๕ คน"


def test_a_zip_bomb_given_for_conversion_is_refused_before_it_is_inflated():
    """PdfConverter.convert takes a portal's bytes: a .docx whose part inflates 1000:1 is
    refused from the zip's directory, as the reader refuses one, before LibreOffice or memory
    is spent on it."""
    import io
    import zipfile

    from thaidoc.errors import ConversionError
    from thaidoc.render.converter import PdfConverter
    from thaidoc.render.pdf import for_libreoffice

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (20 * 1024 * 1024))
    with pytest.raises(ConversionError, match="zip bomb"):
        for_libreoffice(buffer.getvalue())
    with PdfConverter(soffice="/nonexistent/soffice") as converter, pytest.raises(ConversionError, match="zip bomb"):
        converter.convert(buffer.getvalue())
