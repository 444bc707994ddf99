"""Extraction of issued .docx/.txt: content in document order, formatting, and the guards
against hostile files (each hostile file is built here, in the test)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from thaidoc.errors import ReadError
from thaidoc.read.document import ExtractedDocument
from thaidoc.read.extract import ReadLimits, extract

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)


def document_xml(body: str, prolog: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f"{prolog}"
        f'<w:document xmlns:w="{W_NS}" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        f"<w:body>{body}</w:body></w:document>"
    )


def make_docx(document: str, extra: dict[str, bytes | str] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("word/document.xml", document)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def para(*runs: str) -> str:
    return "<w:p>" + "".join(runs) + "</w:p>"


def run(text: str, rpr: str = "") -> str:
    return f'<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'


# ------------------------------------------------------------------------------ content


def test_docx_paragraphs_and_tables_in_document_order():
    body = (
        para(run("ที่ ฉช ๐๐๑๙/ว ๒๒๑๕"))
        + "<w:tbl><w:tr><w:tc>" + para(run("ก")) + "</w:tc><w:tc>" + para(run("ข")) + para(run("ค"))
        + "</w:tc></w:tr><w:tr><w:tc>" + para(run("๑")) + "</w:tc><w:tc>" + para(run("๒"))
        + "</w:tc></w:tr></w:tbl>"
        + para(run("หลังตาราง"))
    )
    doc = extract(make_docx(document_xml(body)), name="x.docx")
    assert [b.kind for b in doc.blocks] == ["paragraph", "table", "paragraph"]
    assert [b.index for b in doc.blocks] == [0, 1, 2]
    assert doc.blocks[1].rows == (("ก", "ข\nค"), ("๑", "๒"))
    assert doc.blocks[2].text == "หลังตาราง"
    assert doc.format == "docx" and doc.source == "x.docx"


def test_docx_tabs_breaks_deleted_text_and_fields():
    body = para(
        run("เรื่อง"),
        "<w:r><w:tab/><w:t>ทดสอบ</w:t><w:br/><w:t>บรรทัดสอง</w:t></w:r>",
        "<w:del><w:r><w:delText>ลบแล้ว</w:delText></w:r></w:del>",
        "<w:ins><w:r><w:t>แทรก</w:t></w:r></w:ins>",
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>๒</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
        '<w:hyperlink><w:r><w:t>ลิงก์</w:t></w:r></w:hyperlink>',
    )
    doc = extract(make_docx(document_xml(body)), name="x.docx")
    assert doc.blocks[0].text == "เรื่อง\tทดสอบ\nบรรทัดสองแทรก๒ลิงก์"


def test_docx_alternate_content_is_read_once():
    box = "<w:txbxContent>" + para(run("ในกล่อง")) + "</w:txbxContent>"
    body = para(
        run("ก่อน"),
        f"<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing>{box}</w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict>{box}</w:pict></mc:Fallback></mc:AlternateContent></w:r>",
    )
    doc = extract(make_docx(document_xml(body)), name="x.docx")
    assert [b.text for b in doc.blocks] == ["ก่อน", "ในกล่อง"]


def test_docx_run_formatting_direct_and_from_styles():
    styles = (
        f'<w:styles xmlns:w="{W_NS}"><w:docDefaults><w:rPrDefault><w:rPr>'
        '<w:rFonts w:ascii="TH SarabunIT๙" w:cs="TH SarabunIT๙"/><w:sz w:val="32"/><w:szCs w:val="32"/>'
        "</w:rPr></w:rPrDefault></w:docDefaults>"
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Heading"><w:name w:val="heading"/><w:basedOn w:val="Normal"/>'
        '<w:rPr><w:b/><w:bCs/></w:rPr></w:style>'
        '<w:style w:type="character" w:styleId="Em"><w:rPr><w:i/><w:iCs/></w:rPr></w:style>'
        "</w:styles>"
    )
    body = (
        '<w:p><w:pPr><w:pStyle w:val="Heading"/></w:pPr>' + run("หัวเรื่อง") + "</w:p>"
        + para(
            run("ธรรมดา"),
            run("หนา", "<w:b/><w:bCs/>"),
            run("เอียง", '<w:rStyle w:val="Em"/>'),
            run("ใหญ่", '<w:szCs w:val="40"/><w:u w:val="single"/>'),
            run("ไม่หนา", '<w:b w:val="0"/><w:bCs w:val="false"/>'),
        )
    )
    doc = extract(make_docx(document_xml(body), {"word/styles.xml": styles}), name="x.docx")
    heading, body_paragraph = doc.blocks
    assert heading.style == "heading"
    assert heading.runs[0].bold and heading.runs[0].size_pt == 16 and heading.runs[0].font == "TH SarabunIT๙"
    by_text = {r.text: r for r in body_paragraph.runs}
    assert not by_text["ธรรมดา"].bold
    assert by_text["หนา"].bold
    assert by_text["เอียง"].italic
    assert by_text["ใหญ่"].size_pt == 20 and by_text["ใหญ่"].underline
    assert not by_text["ไม่หนา"].bold


def test_python_docx_document_round_trip(tmp_path: Path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("ที่ ชร ๐๐๑๙.๑/ว ๔๗")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "รวม"
    table.cell(0, 1).text = "๑,๐๐๐"
    path = tmp_path / "letter.docx"
    document.save(str(path))
    doc = extract(path)
    assert isinstance(doc, ExtractedDocument)
    assert doc.text() == "ที่ ชร ๐๐๑๙.๑/ว ๔๗\nรวม\t๑,๐๐๐"
    assert doc.source == str(path)


def test_text_lines_become_paragraphs_and_tab_lines_tables():
    text = "ที่ ขร ๐๐๑๙.๑\n\n  เรื่อง ทดสอบ  \nปี\tจำนวน\n2560\t16,512\n\nจบ\n"
    doc = extract(text.encode(), name="seed.txt")
    assert [(b.kind, b.line) for b in doc.blocks] == [("paragraph", 1), ("paragraph", 3), ("table", 4), ("paragraph", 7)]
    assert doc.blocks[1].text == "เรื่อง ทดสอบ"
    assert doc.blocks[2].rows == (("ปี", "จำนวน"), ("2560", "16,512"))
    assert doc.blocks[0].where == "line 1"


def test_text_with_bom_and_crlf(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_bytes("\ufeffบรรทัดหนึ่ง\r\nบรรทัดสอง\r\n".encode())
    assert [b.text for b in extract(path).blocks] == ["บรรทัดหนึ่ง", "บรรทัดสอง"]


# ------------------------------------------------------------------------------- guards


def test_not_a_zip_is_a_read_error(tmp_path: Path):
    path = tmp_path / "letter.docx"
    path.write_text("this is not a zip", encoding="utf-8")
    with pytest.raises(ReadError, match="not a zip archive") as info:
        extract(path)
    assert info.value.source == str(path)


def test_old_binary_doc_without_libreoffice_says_what_is_missing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("THAIDOC_SOFFICE", str(tmp_path / "no-such-soffice"))
    with pytest.raises(ReadError, match="needs LibreOffice") as info:
        extract(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, name="letter.doc")
    assert "ต้องใช้ LibreOffice" in str(info.value)  # Thai first


@pytest.mark.parametrize(
    "data, name",
    [(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "letter.pdf"), (b"%PDF-1.4\nplain enough to pass as UTF-8", "letter.txt")],
)
def test_a_damaged_pdf_is_named_as_one(data: bytes, name: str):
    # read as text, a PDF failed as "not UTF-8"; now the content decides and PDFium says no
    with pytest.raises(ReadError, match="PDF นี้เสียหาย อ่านไม่ได้ / the PDF is damaged"):
        extract(data, name=name)


@pytest.mark.parametrize(
    "data, name, what",
    [
        (rb"{\rtf1\ansi\deff0 {\fonttbl}", "letter.rtf", "an RTF document"),
    ],
)
def test_other_document_formats_are_named(data: bytes, name: str, what: str):
    # read as text, a PDF failed as "not UTF-8" and an RTF was compared markup and all
    with pytest.raises(ReadError, match=f"this is {what}, which thaidoc cannot read"):
        extract(data, name=name)


def test_opendocument_without_libreoffice_says_what_is_missing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("THAIDOC_SOFFICE", str(tmp_path / "no-such-soffice"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    with pytest.raises(ReadError, match=r"reading an OpenDocument text \(\.odt\) needs LibreOffice"):
        extract(buffer.getvalue(), name="letter.odt")


def test_deep_nesting_is_refused_in_plain_words():
    nested = "<w:sdt><w:sdtContent>" * 300 + para(run("ก")) + "</w:sdtContent></w:sdt>" * 300
    with pytest.raises(ReadError, match="nests too deeply") as info:
        extract(make_docx(document_xml(nested)), name="deep.docx")
    assert "XML_PARSE_HUGE" not in str(info.value)


def test_damaged_zip_is_a_read_error():
    data = make_docx(document_xml(para(run("ก"))))
    with pytest.raises(ReadError):
        extract(data[: len(data) // 2], name="cut.docx")


def test_zip_without_word_document_is_a_read_error():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(ReadError, match="no word/document.xml"):
        extract(buffer.getvalue(), name="x.docx")


def test_zip_bomb_by_ratio_is_refused_without_inflating():
    # 200 MB of zeros compress to ~200 KB: a classic bomb entry next to a valid document.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("word/document.xml", document_xml(para(run("ก"))))
        with archive.open("word/media/bomb.bin", "w", force_zip64=True) as handle:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(200):
                handle.write(chunk)
    # refused from the zip directory, before inflating anything
    with pytest.raises(ReadError, match="zip bomb"):
        extract(buffer.getvalue(), name="bomb.docx")


def test_zip_bomb_by_total_size_is_refused():
    limits = ReadLimits(max_total_uncompressed=1000, max_ratio=10**9)
    data = make_docx(document_xml(para(run("ก" * 2000))))
    with pytest.raises(ReadError, match="too much data"):
        extract(data, name="big.docx", limits=limits)


def test_too_many_entries_is_refused():
    extra = {f"word/media/{i}.bin": b"x" for i in range(60)}
    with pytest.raises(ReadError, match="too many entries"):
        extract(make_docx(document_xml(para(run("ก"))), extra), name="many.docx", limits=ReadLimits(max_entries=50))


def test_part_above_the_cap_is_refused():
    document = document_xml(para(run("ก" * 50_000)))
    limits = ReadLimits(max_part_bytes=10_000, max_total_uncompressed=10**9, max_ratio=10**9)
    with pytest.raises(ReadError, match="too large"):
        extract(make_docx(document), name="big-part.docx", limits=limits)


def test_entry_that_lies_about_its_size_is_a_read_error():
    # Patch the central directory to declare a tiny uncompressed size for document.xml, so
    # the ratio and total checks pass; reading must still stop and fail cleanly.
    data = bytearray(make_docx(document_xml(para(run("ก" * 50_000)))))
    name = b"word/document.xml"
    at = data.index(b"PK\x01\x02")
    while data[at + 46 : at + 46 + len(name)] != name:
        at = data.index(b"PK\x01\x02", at + 4)
    data[at + 24 : at + 28] = (100).to_bytes(4, "little")
    with pytest.raises(ReadError):
        extract(bytes(data), name="liar.docx")


BILLION_LAUGHS = (
    '<!DOCTYPE w:document [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + "]>"
)


def test_entity_expansion_is_refused_quickly():
    document = document_xml(para(run("&lol9;")), prolog=BILLION_LAUGHS)
    with pytest.raises(ReadError, match="DTD"):  # refused before any expansion
        extract(make_docx(document), name="laughs.docx")


def test_external_entity_is_refused(tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    prolog = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret}">]>'
    document = document_xml(para(run("&xxe;")), prolog=prolog)
    with pytest.raises(ReadError, match="DTD") as info:
        extract(make_docx(document), name="xxe.docx")
    assert "TOP SECRET" not in str(info.value)


def test_dtd_hidden_in_utf16_is_refused():
    prolog = '<!DOCTYPE w:document [<!ENTITY a "b">]>'
    document = document_xml(para(run("ก")), prolog=prolog).replace('encoding="UTF-8"', 'encoding="UTF-16"')
    with pytest.raises(ReadError, match="DTD"):
        extract(make_docx(document.encode("utf-16")), name="u16.docx")


def test_dtd_in_styles_part_is_refused():
    styles = f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><w:styles xmlns:w="{W_NS}"/>'
    with pytest.raises(ReadError, match="DTD") as info:
        extract(make_docx(document_xml(para(run("ก"))), {"word/styles.xml": styles}), name="s.docx")
    assert info.value.location == "word/styles.xml"


def test_malformed_xml_is_a_read_error():
    with pytest.raises(ReadError, match="not well formed"):
        extract(make_docx("<w:document><w:body>"), name="bad.docx")


def test_deeply_nested_xml_is_a_read_error_not_a_crash():
    body = "<w:sdt><w:sdtContent>" * 5000 + para(run("ก")) + "</w:sdtContent></w:sdt>" * 5000
    with pytest.raises(ReadError):
        extract(make_docx(document_xml(body)), name="deep.docx")


def test_huge_file_is_refused_before_reading(tmp_path: Path):
    path = tmp_path / "huge.docx"
    with path.open("wb") as handle:
        handle.truncate(60 * 1024 * 1024)  # sparse: costs no disk
    with pytest.raises(ReadError, match="too large"):
        extract(path)


def test_huge_text_is_refused():
    with pytest.raises(ReadError, match="too large"):
        extract(b"a" * 2000, name="big.txt", limits=ReadLimits(max_text_bytes=1000))


def test_text_that_is_not_utf8_names_the_line():
    data = "บรรทัดหนึ่ง\n".encode() + "บรรทัดสอง".encode("tis-620")
    with pytest.raises(ReadError, match="not UTF-8") as info:
        extract(data, name="tis.txt")
    assert info.value.location == "line 2"


def test_missing_file_is_a_read_error(tmp_path: Path):
    with pytest.raises(ReadError, match="cannot read"):
        extract(tmp_path / "nope.docx")


def test_seeds_extract(seeds_dir: Path):
    for path in sorted(seeds_dir.glob("*.txt")):
        doc = extract(path)
        assert doc.blocks and doc.blocks[0].text.startswith(("ที่", "ด่วน"))


def test_block_elements_line_up_with_blocks():
    from thaidoc.ooxml import parse_xml
    from thaidoc.read.extract import block_elements

    box = "<w:txbxContent>" + para(run("ในกล่อง")) + "</w:txbxContent>"
    body = (
        para(run("ก่อน"), f"<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing>{box}</w:drawing>"
                          f"</mc:Choice><mc:Fallback><w:pict>{box}</w:pict></mc:Fallback></mc:AlternateContent></w:r>")
        + "<w:sdt><w:sdtContent>" + para(run("ในตัวควบคุม")) + "</w:sdtContent></w:sdt>"
        + "<w:tbl><w:tr><w:tc>" + para(run("ช่อง")) + "</w:tc></w:tr></w:tbl>"
    )
    xml = document_xml(body)
    blocks = extract(make_docx(xml), name="x.docx").blocks
    elements = block_elements(parse_xml(xml.encode()))
    assert [b.kind for b in blocks] == ["paragraph", "paragraph", "paragraph", "table"]
    assert [e.tag.split("}")[1] for e in elements] == ["p", "p", "p", "tbl"]
    assert "".join(elements[1].itertext()) == "ในกล่อง"


def test_a_pdf_line_starting_with_an_item_label_starts_a_paragraph():
    """A line that ends flush at the right edge made the next one look wrapped, so
    "… ตามความเหมาะสมของพื้นที่" and "๔.๒ จัดทำวัสดุ …" (or "… หมู่บ้าน" and "๑๐. ผู้เสนอโครงการ")
    were one paragraph and the numbering skipped. A wrapped figure at the margin ("๑.๕ ล้านบาท")
    still goes on with its line."""
    from thaidoc.read.pdf import _continues, _Line

    def line(text: str, left: float, baseline: float) -> _Line:
        return _Line(0, text, left, 538.0, baseline + 16, baseline, 16.0, baseline=baseline, first_word=20.0)

    above = line("ส่งเสริมสนับสนุนกิจกรรมการขับเคลื่อนการพัฒนาในรูปแบบที่ไม่มีการรวมกลุ่ม ตามความเหมาะสมของพื้นที่", 85.0, 500.0)
    for text, left in [("๔.๒ จัดทำวัสดุ อุปกรณ์", 156.0), ("๑๐. ผู้เสนอโครงการ", 85.0), ("๒) รายงานผล", 156.0)]:
        below = line(text, left, 480.0)
        below.right = 300.0
        assert not _continues(above, below, 85.0, 538.0, 20.0), text
    wrapped = line("๑.๕ ล้านบาท เพื่อดำเนินการ", 85.0, 480.0)
    assert _continues(above, wrapped, 85.0, 538.0, 20.0)


def test_a_gap_before_a_figures_comma_in_a_pdf_is_no_space():
    """LibreOffice's PDF of a letter set in Laksaman drew "๑,๗๕๐" with a gap before the comma,
    read as "๑ ,๗๕๐": "เป็นเงิน ๑" then gave a false arith.product. Only a comma followed by
    three digits closes up; a comma in prose keeps its space."""
    from thaidoc.read.pdf import _FIGURE_GAP

    assert _FIGURE_GAP.sub("", "เป็นเงิน ๑ ,๗๕๐ บาท และ 1 ,234,567") == "เป็นเงิน ๑,๗๕๐ บาท และ 1,234,567"
    assert _FIGURE_GAP.sub("", "ข้อ ๑ , ๒ และ ๕ ,๐") == "ข้อ ๑ , ๒ และ ๕ ,๐"
