"""Layout of the rendered letters, asserted from the .docx XML (what Word will show)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from thaidoc.render import render

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {
    "w": W[1:-1],
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
}
REPO = Path(__file__).resolve().parents[1]
SAMPLES = sorted((REPO / "samples" / "letters").glob("*.yaml"))
CM = 1440 / 2.54  # twips per cm
EMU_CM = 360000


def parts(docx: bytes) -> dict[str, etree._Element]:
    archive = zipfile.ZipFile(io.BytesIO(docx))
    return {name: etree.fromstring(archive.read(name)) for name in archive.namelist() if name.endswith(".xml")}


def style(styles: etree._Element, style_id: str) -> etree._Element:
    found = styles.find(f"w:style[@w:styleId='{style_id}']", NS)
    assert found is not None, style_id
    return found


@pytest.fixture(scope="module")
def circular() -> dict[str, etree._Element]:
    return parts(render(REPO / "samples/letters/circular-chiang-rai-2562.yaml"))


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_font_and_size_are_set_for_every_script_in_the_styles(sample):
    xml = parts(render(sample))
    defaults = xml["word/styles.xml"].find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    fonts = defaults.find("w:rFonts", NS)
    for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
        assert fonts.get(f"{W}{attribute}") == "TH SarabunIT๙"
    assert defaults.find("w:sz", NS).get(f"{W}val") == "32"
    assert defaults.find("w:szCs", NS).get(f"{W}val") == "32"
    assert defaults.find("w:lang", NS).get(f"{W}bidi") == "th-TH"
    # in styles, not per run: no run of the document names a font or a size of its own
    document = xml["word/document.xml"]
    assert document.findall(".//w:r/w:rPr/w:rFonts", NS) == []
    assert document.findall(".//w:r/w:rPr/w:sz", NS) == []


def test_bold_styles_are_bold_for_complex_script_too(circular):
    styles = circular["word/styles.xml"]
    bold = [s for s in styles.findall("w:style", NS) if s.find("w:rPr/w:b", NS) is not None]
    assert bold, "some styles are bold (urgency mark, titles)"
    for s in bold:
        assert s.find("w:rPr/w:bCs", NS) is not None, s.get(f"{W}styleId")


def test_a4_page_with_the_official_margins_and_page_numbers_from_page_two(circular):
    section = circular["word/document.xml"].find(".//w:body/w:sectPr", NS)
    size = section.find("w:pgSz", NS)
    assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("11906", "16838")
    margins = section.find("w:pgMar", NS)
    assert round(int(margins.get(f"{W}left")) / CM, 2) == 3.0
    assert round(int(margins.get(f"{W}right")) / CM, 2) == 2.0
    assert round(int(margins.get(f"{W}top")) / CM, 2) == 2.5
    assert round(int(margins.get(f"{W}bottom")) / CM, 2) == 2.0
    assert section.find("w:titlePg", NS) is not None  # first page has its own header: no number
    rels = {ref.get(f"{W}type"): ref for ref in section.findall("w:headerReference", NS)}
    assert set(rels) == {"first", "default"}
    headers = [name for name in circular if name.startswith("word/header")]
    texts = {name: "".join(circular[name].itertext()) for name in headers}
    instructions = {name: " ".join(t.text for t in circular[name].iter(f"{W}instrText")) for name in headers}
    default = next(name for name in headers if "default" in name)
    first = next(name for name in headers if "first" in name)
    assert "PAGE" in instructions[default] and "ThaiArabic" in instructions[default]
    assert texts[default].startswith("- ") and texts[default].endswith(" -")
    assert "PAGE" not in instructions[first]


def test_body_paragraphs_are_thai_distributed_with_a_first_line_indent(circular):
    styles = circular["word/styles.xml"]
    body = style(styles, "Body")
    assert body.find("w:pPr/w:jc", NS).get(f"{W}val") == "thaiDistributed"
    assert round(int(body.find("w:pPr/w:ind", NS).get(f"{W}firstLine")) / CM, 2) == 2.5
    paragraphs = circular["word/document.xml"].findall(".//w:body/w:p", NS)
    used = [p.find("w:pPr/w:pStyle", NS).get(f"{W}val") for p in paragraphs
            if p.find("w:pPr/w:pStyle", NS) is not None and "".join(p.itertext()).startswith(("ตามหนังสือ", "๑. ", "๒.๑"))]
    assert used == ["Body", "Body", "BodySubItem"]


def test_date_and_signature_start_at_the_centre_line(circular):
    styles = circular["word/styles.xml"]
    centre = (21 - 3 - 2) / 2
    assert round(int(style(styles, "Date").find("w:pPr/w:ind", NS).get(f"{W}left")) / CM, 2) == centre
    assert round(int(style(styles, "Closing").find("w:pPr/w:ind", NS).get(f"{W}left")) / CM, 2) == centre
    signature = style(styles, "SignatureName").find("w:pPr", NS)
    assert signature.find("w:jc", NS).get(f"{W}val") == "center"
    left = int(signature.find("w:ind", NS).get(f"{W}left")) / CM
    right = int(signature.find("w:ind", NS).get(f"{W}right") or 0) / CM
    # the block sits from the centre line: centred between it and the margin, no line can start
    # left of it (the PDF test measures the lines themselves)
    assert round(left, 2) == centre and right == 0


def emblem(xml: dict[str, etree._Element]) -> etree._Element:
    for drawing in xml["word/document.xml"].iter(f"{W}drawing"):
        if drawing.find(".//wp:docPr[@name='emblem']", NS) is not None:
            return drawing
    raise AssertionError("no emblem drawing")


def test_emblem_is_3_cm_high_centred_near_the_top(circular):
    drawing = emblem(circular)
    anchor = drawing.find("wp:anchor", NS)
    assert anchor.find("wp:positionH/wp:align", NS).text == "center"
    assert anchor.find("wp:positionV", NS).get("relativeFrom") == "page"
    assert int(anchor.find("wp:positionV/wp:posOffset", NS).text) == 1.5 * EMU_CM
    assert int(anchor.find("wp:extent", NS).get("cy")) == 3 * EMU_CM


def test_memo_emblem_is_1_5_cm_at_the_left(repo):
    xml = parts(render(repo / "samples/letters/memo-training-budget.yaml"))
    drawing = emblem(xml)
    inline = drawing.find("wp:inline", NS)
    assert inline is not None  # in the title line, at the left margin
    assert int(inline.find("wp:extent", NS).get("cy")) == 1.5 * EMU_CM


def test_real_emblem_replaces_the_placeholder_keeping_height(garuda_png, repo):
    xml_bytes = render(repo / "samples/letters/circular-chiang-rai-2562.yaml", emblem=garuda_png)
    archive = zipfile.ZipFile(io.BytesIO(xml_bytes))
    assert archive.read("word/media/emblem.png") == garuda_png.read_bytes()
    extent = emblem(parts(xml_bytes)).find(".//wp:extent", NS)
    cy, cx = int(extent.get("cy")), int(extent.get("cx"))
    assert cy == 3 * EMU_CM
    assert cx == round(cy * 1071 / 1199)  # garuda.png is 1071 x 1199 pixels
    ext = emblem(parts(xml_bytes)).find(".//a:ext", NS)
    assert (int(ext.get("cx")), int(ext.get("cy"))) == (cx, cy)


def test_page_numbers_follow_arabic_digits_setting(repo, tmp_path):
    text = (repo / "samples/letters/order-working-group.yaml").read_text(encoding="utf-8") + "digits: arabic\n"
    path = tmp_path / "order.yaml"
    path.write_text(text, encoding="utf-8")
    xml = parts(render(path))
    header = next(name for name in xml if name.startswith("word/header") and "default" in name)
    assert "ThaiArabic" not in " ".join(t.text for t in xml[header].iter(f"{W}instrText"))
    body = "".join(xml["word/document.xml"].itertext())
    assert "ที่ 123/2567" in body and "๑" not in body


def test_templates_are_small(repo):
    for template in (repo / "templates" / "letters").glob("*.docx"):
        assert template.stat().st_size < 16_000, template.name
        names = zipfile.ZipFile(template).namelist()
        assert not any(re.search(r"theme|glossary|webSettings|stylesWithEffects", n) for n in names)


def test_a_long_salutation_is_followed_by_a_space_not_a_tab(repo):
    data = {"kind": "external-letter", "number": {"office": "นร 0101"}, "sender": {"office": "ทำเนียบรัฐบาล"},
            "date": "2024-01-02", "subject": "ทดสอบ", "recipient": {"name": "นายกรัฐมนตรี", "rank": "highest"},
            "body": ["ข้อความ"], "signer": {"name": "ก", "position": "ข"}}
    texts = ["".join(p.itertext()) for p in parts(render(data))["word/document.xml"].iter(f"{W}p")]
    assert "กราบเรียน นายกรัฐมนตรี" in texts
    assert "ขอแสดงความนับถืออย่างยิ่ง" in texts


def test_owner_office_and_copies_share_a_frame_at_the_bottom_left(circular):
    owner = [p for p in circular["word/document.xml"].iter(f"{W}p")
             if p.find("w:pPr/w:pStyle", NS) is not None
             and p.find("w:pPr/w:pStyle", NS).get(f"{W}val") in ("OwnerFirst", "Owner", "Copies")]
    assert len(owner) == 3
    frames = [p.find("w:pPr/w:framePr", NS) for p in owner]
    assert all(f is not None for f in frames)
    assert {(f.get(f"{W}yAlign"), f.get(f"{W}xAlign"), f.get(f"{W}vAnchor")) for f in frames} == {
        ("bottom", "left", "margin")}


def marked_letter(**changes) -> dict:
    data = {"kind": "external-letter", "number": {"office": "มท 0808.2", "number": 5},
            "sender": {"office": "กรมการพัฒนาชุมชน"}, "date": "2024-01-02", "subject": "ทดสอบ",
            "recipient": "อธิบดีกรมการปกครอง", "body": ["ข้อความ"], "purpose": "จึงเรียนมาเพื่อโปรดทราบ",
            "signer": {"name": "ก", "position": "ข"}}
    data.update(changes)
    return data


def text_of(paragraph: etree._Element) -> str:
    return "".join(t.text or "" for t in paragraph.iter(f"{W}t"))


def paragraph_style(paragraph: etree._Element) -> str | None:
    found = paragraph.find("w:pPr/w:pStyle", NS)
    return found.get(f"{W}val") if found is not None else None


def test_urgency_mark_is_red_bold_at_least_32_pt_at_the_top_left():
    xml = parts(render(marked_letter(urgency="ด่วนที่สุด")))
    urgency = style(xml["word/styles.xml"], "Urgency")
    assert int(urgency.find("w:rPr/w:sz", NS).get(f"{W}val")) >= 64
    assert int(urgency.find("w:rPr/w:szCs", NS).get(f"{W}val")) >= 64
    assert urgency.find("w:rPr/w:bCs", NS) is not None
    assert urgency.find("w:rPr/w:color", NS).get(f"{W}val").upper() in ("C00000", "FF0000")
    assert urgency.find("w:pPr/w:jc", NS) is None  # left
    first = xml["word/document.xml"].find(".//w:body/w:p", NS)
    assert paragraph_style(first) == "Urgency" and text_of(first) == "ด่วนที่สุด"


@pytest.mark.parametrize("kind", ["external-letter", "memo", "stamped-letter", "order", "announcement"])
def test_secrecy_mark_is_red_and_centred_at_the_top_and_bottom_of_every_page(kind, repo):
    from thaidoc.cli.render import starter_text
    import yaml

    data = yaml.safe_load(starter_text(kind))
    data["secrecy"] = "ลับมาก"
    xml = parts(render(data))
    secrecy = style(xml["word/styles.xml"], "Secrecy")
    assert secrecy.find("w:pPr/w:jc", NS).get(f"{W}val") == "center"
    assert secrecy.find("w:rPr/w:color", NS).get(f"{W}val").upper() in ("C00000", "FF0000")
    for part in ("header_first", "header_default", "footer_first", "footer_default"):
        marks = [p for p in xml[f"word/{part}.xml"].iter(f"{W}p") if paragraph_style(p) == "Secrecy"]
        assert [text_of(p) for p in marks] == ["ลับมาก"], part
    # the mark at the top must clear the ครุฑ, which stands 1.5 cm from the top edge of page one
    assert header_distance(xml) <= 0.6
    assert page_number_top(xml) < 1.5  # and the number follows right under the mark


def header_distance(xml: dict[str, etree._Element]) -> float:
    margins = xml["word/document.xml"].find(".//w:body/w:sectPr/w:pgMar", NS)
    return int(margins.get(f"{W}header")) / CM


def page_number_top(xml: dict[str, etree._Element]) -> float:
    """Where "- ๒ -" starts, in cm from the top edge (ignoring the lines above it)."""
    numbers = [p for p in xml["word/header_default.xml"].iter(f"{W}p") if "PAGE" in "".join(p.itertext())]
    assert len(numbers) == 1
    spacing = style(xml["word/styles.xml"], paragraph_style(numbers[0])).find("w:pPr/w:spacing", NS)
    before = int(spacing.get(f"{W}before", "0")) if spacing is not None else 0
    return header_distance(xml) + before / 20 / 72 * 2.54


def test_without_a_secrecy_mark_no_mark_and_the_page_number_at_1_25_cm():
    xml = parts(render(marked_letter()))
    for part in ("header_first", "header_default", "footer_first", "footer_default"):
        assert not [p for p in xml[f"word/{part}.xml"].iter(f"{W}p") if paragraph_style(p) == "Secrecy"]
    assert page_number_top(xml) == pytest.approx(1.25, abs=0.05)


def test_templates_are_valid_for_word_no_jinja_in_xml_attributes(repo):
    """Word refuses a document whose typed attributes (sizes, spacing) hold text such as a Jinja
    expression; tags belong in text and in {%p %} paragraphs only."""
    for template in (repo / "templates" / "letters").glob("*.docx"):
        archive = zipfile.ZipFile(template)
        for name in archive.namelist():
            if name.endswith(".xml"):
                for element in etree.fromstring(archive.read(name)).iter():
                    for attribute, value in element.attrib.items():
                        assert "{{" not in value and "{%" not in value, (template.name, name, attribute)


@pytest.mark.parametrize("kind", ["external-letter", "memo"])
def test_purpose_line_stays_with_the_signature(kind):
    """A page may not hold the signature alone: the purpose line goes with it to the next page."""
    from thaidoc.cli.render import starter_text
    import yaml

    data = yaml.safe_load(starter_text(kind))
    xml = parts(render(data))
    paragraphs = list(xml["word/document.xml"].iter(f"{W}p"))
    purpose = next(p for p in paragraphs if text_of(p) == data["purpose"])
    assert purpose.find("w:pPr/w:keepNext", NS) is not None
    # the closing (none on a memo) and every signature line but the last keep with the next
    following = [paragraph_style(p) for p in paragraphs[paragraphs.index(purpose) + 1:]]
    assert following[0] == ("Closing" if kind == "external-letter" else "SignatureName")
    for style_id in {"Closing", "SignatureName", "Signature"} & set(following):
        assert style(xml["word/styles.xml"], style_id).find("w:pPr/w:keepNext", NS) is not None
