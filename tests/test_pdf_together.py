"""Letters laid out together in one LibreOffice document (render/pdf_together.py) print exactly
as each does alone, and a letter that might not is converted alone.

The fast tests build the combined .docx and cut synthetic PDFs. The slow ones convert real
letters both ways and compare every line of every page (its text and its box, to 0.1 pt), as
pdftotext -bbox-layout reads them.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfWriter

import thaidoc
from thaidoc.render import pdf_together, render
from thaidoc.render.converter import PdfConverter
from thaidoc.render.pdf import for_libreoffice

REPO = Path(__file__).resolve().parents[1]
SAMPLES = sorted([*REPO.glob("samples/letters/*.yaml"), *REPO.glob("samples/forms/*.yaml"),
                  *REPO.glob("samples/forms/corrected/*.yaml")])
CIRCULAR = REPO / "samples" / "batch" / "circular.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def rendered(path: Path) -> bytes | None:
    try:
        return render(path)
    except thaidoc.ThaidocError:  # the seed copy with its real faults is refused, as it should be
        return None


def prepared(path: Path) -> bytes:
    docx = rendered(path)
    assert docx is not None
    return for_libreoffice(docx)[0]


def document_xml(docx: bytes) -> etree._Element:
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml"))


def with_document(docx: bytes, change) -> bytes:
    """``docx`` with its document.xml text passed through ``change``."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = change(data.decode()).encode()
            archive.writestr(info, data)
    return out.getvalue()


ORDER = REPO / "samples" / "letters" / "order-working-group.yaml"
CIRCULAR_LETTER = REPO / "samples" / "letters" / "circular-chiang-rai-2562.yaml"


# the combined document


def test_letters_of_one_template_are_laid_out_one_section_each_with_page_numbers_from_one():
    letter = prepared(CIRCULAR_LETTER)
    together = pdf_together.lay_out_together([letter, letter, letter])
    assert together is not None and together.letters == (0, 1, 2)
    root = document_xml(together.docx)
    sections = root.findall(f".//{W}sectPr")
    assert len(sections) == 3  # two breaks and the body's own
    assert [s.find(f"{W}pgNumType") is not None and s.find(f"{W}pgNumType").get(f"{W}start") == "1"
            for s in sections] == [False, True, True]
    marks = [b.get(f"{W}name") for b in root.iter(f"{W}bookmarkStart")]
    assert [m for m in marks if re.fullmatch(r"thaidoc[LE]\dz", m)] == ["thaidocL0z", "thaidocE0z", "thaidocL1z",
                                                                       "thaidocE1z", "thaidocL2z", "thaidocE2z"]
    # the circular ends with the owner office's contact lines in a frame: the break is not in it
    for section in sections[:2]:
        paragraph = section.getparent().getparent()
        assert paragraph.find(f"{W}pPr/{W}framePr") is None and not "".join(paragraph.itertext())
    # every drawing has its own id again
    ids = [d.get("id") for d in root.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]
    assert len(ids) == len(set(ids)) == 3


def test_paragraphs_kept_with_the_next_are_marked_in_pairs_from_styles_and_direct_settings():
    letter = prepared(CIRCULAR_LETTER)
    root = document_xml(letter)
    styles = etree.fromstring(zipfile.ZipFile(io.BytesIO(letter)).read("word/styles.xml"))
    keeps = pdf_together._style_keeps(styles)
    paragraphs = root.findall(f"{W}body/{W}p")

    def keeps_next(p):
        direct = p.find(f"{W}pPr/{W}keepNext")
        if direct is not None:
            return direct.get(f"{W}val", "true") not in ("0", "false", "off")
        style = p.find(f"{W}pPr/{W}pStyle")
        return keeps[style.get(f"{W}val") if style is not None else ""][0]

    expected = sum(1 for p in paragraphs[:-1] if keeps_next(p))
    assert expected > 0  # the closing and signature lines keep together
    together = pdf_together.lay_out_together([letter, letter])
    assert together is not None
    assert [sum(1 for a, _ in pairs if "A" in a) for pairs in together.kept] == [expected, expected]
    # a direct w:keepNext w:val="0" wins over the style
    first_kept = next(i for i, p in enumerate(paragraphs[:-1]) if keeps_next(p))
    style = paragraphs[first_kept].find(f"{W}pPr/{W}pStyle").get(f"{W}val")

    def unkeep(xml: str) -> str:
        return xml.replace(f'<w:pStyle w:val="{style}"/>', f'<w:pStyle w:val="{style}"/><w:keepNext w:val="0"/>')

    unkept = with_document(letter, unkeep)
    assert pdf_together.lay_out_together([unkept, unkept]).kept[0] != together.kept[0]


def test_style_keeps_follow_based_on_and_the_default_style():
    styles = etree.fromstring(
        f'<w:styles xmlns:w="{W[1:-1]}">'
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:pPr><w:keepLines/></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="Head"><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="Sub"><w:basedOn w:val="Head"/>'
        '<w:pPr><w:keepLines w:val="false"/></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="Loop"><w:basedOn w:val="Loop"/></w:style>'
        '</w:styles>'.encode())
    keeps = pdf_together._style_keeps(styles)
    assert keeps == {"Normal": (False, True), "Head": (True, True), "Sub": (True, False), "Loop": (False, False),
                     "": (False, True)}


@pytest.mark.parametrize("what, change", [
    ("a table", lambda x: x.replace("<w:body>", "<w:body><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>", 1)),
    ("a list numbered by Word", lambda x: x.replace("<w:pPr>", '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr>', 1)),
    ("a count of pages", lambda x: x.replace("</w:p>", '<w:fldSimple w:instr=" NUMPAGES "/></w:p>', 1)),
    ("a footnote", lambda x: x.replace("</w:p>", '<w:r><w:footnoteReference w:id="1"/></w:r></w:p>', 1)),
    ("two sections", lambda x: x.replace("</w:pPr>", '<w:sectPr/></w:pPr>', 1)),
    ("a link inside the letter", lambda x: x.replace("</w:p>", '<w:hyperlink w:anchor="x"/></w:p>', 1)),
])
def test_a_letter_that_counts_or_breaks_pages_across_letters_goes_alone(what, change):
    letter = prepared(CIRCULAR_LETTER)
    odd = with_document(letter, change)
    together = pdf_together.lay_out_together([letter, odd, letter])
    assert together is not None and together.letters == (0, 2), what
    assert pdf_together.lay_out_together([odd, odd]) is None, what


def test_letters_of_different_templates_are_not_laid_out_together():
    assert pdf_together.lay_out_together([prepared(CIRCULAR_LETTER), prepared(ORDER)]) is None
    assert pdf_together.lay_out_together([prepared(ORDER)]) is None
    assert pdf_together.lay_out_together([b"not a zip", prepared(ORDER), prepared(ORDER)]).letters == (1, 2)


# cutting the PDF


def marked_pdf(pages: int, marks: dict[str, int]) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    for name, page in marks.items():
        writer.add_named_destination(name, page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_split_cuts_at_each_letters_first_page_and_refuses_a_letter_that_did_not_print_as_alone():
    together = pdf_together.Together(b"", (0, 1, 2, 3), ((("thaidocA0x1z", "thaidocB0x1z"),), (("thaidocA1x1z", "thaidocB1x1z"),),
                                                        (), ()))
    marks = {"thaidocL0z": 0, "thaidocA0x1z": 0, "thaidocB0x1z": 0, "thaidocE0z": 1,  # two pages, kept pair together
             "thaidocL1z": 2, "thaidocA1x1z": 2, "thaidocB1x1z": 3, "thaidocE1z": 3,  # the pair parted
             "thaidocL2z": 4, "thaidocE2z": 4,  # a page left empty after its end
             "thaidocL3z": 6}  # its end mark is missing
    letters = pdf_together.split(together, marked_pdf(7, marks))
    assert [None if letter is None else len(thaidoc_pages(letter)) for letter in letters] == [2, None, None, None]
    assert pdf_together.exports_marks(marked_pdf(2, {"thaidocL0z": 0}))
    assert not pdf_together.exports_marks(marked_pdf(2, {"other": 0}))
    # no marks at all (a LibreOffice that ignores the export options): nothing is cut
    assert pdf_together.split(together, marked_pdf(4, {})) == [None, None, None, None]


def thaidoc_pages(pdf: bytes) -> list[object]:
    from pypdf import PdfReader

    return list(PdfReader(io.BytesIO(pdf)).pages)


# the printed pages, both ways


def lines(pdf: bytes) -> list[tuple[int, str, float, float, float, float]]:
    """(page, text, box) of every line, as pdftotext reads them."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        xml = subprocess.run(["pdftotext", "-bbox-layout", handle.name, "-"], capture_output=True, text=True,
                             check=True).stdout
    found, page = [], 0
    for match in re.finditer(r'<page |<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>',
                             xml, re.S):
        if match.group(0).startswith("<page"):
            page += 1
            continue
        text = " ".join(re.findall(r">([^<]*)</word>", match.group(5)))
        found.append((page, text, *(round(float(match.group(n)), 1) for n in range(1, 5))))
    return found


@pytest.fixture(scope="module")
def converter(soffice):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    with PdfConverter(processes=1) as own:
        yield own


def convert_all(converter: PdfConverter, documents: list[tuple[str, bytes]]) -> tuple[dict[str, bytes], int]:
    """The PDFs of ``documents`` in one request, and how many were laid out together."""
    together_sizes = []
    original = pdf_together.split

    def counting(together, pdf):
        letters = original(together, pdf)
        together_sizes.append(sum(letter is not None for letter in letters))
        return letters

    pdf_together.split = counting
    try:
        with tempfile.TemporaryDirectory() as work:
            produced, problem = converter.convert_documents(documents, Path(work))
            assert problem is None
            return {name: path.read_bytes() for name, path in produced.items()}, sum(together_sizes)
    finally:
        pdf_together.split = original


@pytest.mark.pdf
@pytest.mark.slow
def test_every_sample_three_times_in_one_request_prints_as_it_does_alone(converter):
    laid_out_together = {}
    for sample in SAMPLES:
        docx = rendered(sample)
        if docx is None:
            continue
        alone = lines(converter.convert(docx))
        pdfs, together = convert_all(converter, [(f"{n}.docx", docx) for n in range(3)])
        laid_out_together[sample.stem] = together
        for n in range(3):
            assert lines(pdfs[f"{n}.docx"]) == alone, (sample.name, n)
    # the letters without tables went together; LibreOffice drops a kept heading of
    # proposal-2.4.1 with more letters after it, which its marks catch: it went alone
    assert laid_out_together["circular-chiang-rai-2562"] == 3
    assert laid_out_together["order-working-group"] == 3
    print(laid_out_together)
    assert sum(laid_out_together.values()) >= 3 * 6


@pytest.mark.pdf
@pytest.mark.slow
def test_a_batch_of_circulars_of_different_lengths_prints_as_each_alone(converter):
    subject = "การรายงานผลการดำเนินงานการพัฒนาเศรษฐกิจฐานรากและประชารัฐ"
    rows = [{"district": f"อำเภอ{n}", "recipient.name": "นายอำเภอ" + "เมือง" * (n % 7),
             "amounts.allocation": f"{10_000 + 997 * n:,}", "subject": subject + " และการติดตามผล" * (n % 9)}
            for n in range(18)]
    letters = [(f"{n:02d}.docx", docx) for n, (_, docx) in enumerate(thaidoc.render_many(CIRCULAR, rows))]
    pdfs, together = convert_all(converter, letters)
    assert together >= 12  # most went together (a few may go alone when a kept pair was parted)
    page_counts = set()
    for name, docx in letters:
        alone = lines(converter.convert(docx))
        assert lines(pdfs[name]) == alone, name
        page_counts.add(alone[-1][0])
    assert len(page_counts) >= 1


@pytest.mark.pdf
@pytest.mark.slow
def test_a_libreoffice_that_exports_no_marks_converts_every_letter_alone_and_stops_trying(soffice, monkeypatch):
    """LibreOffice before 7.4 ignores the export options that ask for the marks: no letter can
    be cut with confidence, so each is converted alone, and the converter does not try again."""
    monkeypatch.setattr(pdf_together, "PDF_EXPORT", "pdf:writer_pdf_Export")
    docx = rendered(ORDER)
    with PdfConverter(processes=1) as own:
        pdfs, together = convert_all(own, [(f"{n}.docx", docx) for n in range(3)])
        assert together == 0 and len(pdfs) == 3 and not own._together
        alone = lines(own.convert(docx))
        assert all(lines(pdf) == alone for pdf in pdfs.values())
        attempts = []
        monkeypatch.setattr(pdf_together, "lay_out_together", lambda documents: attempts.append(1))
        assert len(convert_all(own, [(f"{n}.docx", docx) for n in range(2)])[0]) == 2
        assert attempts == []


@pytest.mark.pdf
@pytest.mark.slow
def test_convert_many_gives_each_pdf_in_order_as_alone_and_names_a_bad_document(converter):
    circular, order = rendered(CIRCULAR_LETTER), rendered(ORDER)
    pdfs = converter.convert_many([circular, order, circular, circular])
    assert [lines(pdf) for pdf in pdfs] == [lines(converter.convert(d)) for d in (circular, order, circular, circular)]
    with pytest.raises(thaidoc.ConversionError) as caught:
        converter.convert_many([circular, b"not a docx", circular])
    assert "document 1" in str(caught.value.found)
    assert converter.convert_many([]) == []


def field(*parts: str) -> str:
    """A complex field whose instruction comes in the given runs."""
    runs = "".join(f"<w:r><w:instrText xml:space=\"preserve\">{part}</w:instrText></w:r>" for part in parts)
    return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>' + runs
            + '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


@pytest.mark.parametrize("instruction, together", [
    ((" PAGE \\* ARABIC ",), True),  # as LibreOffice writes it when it saves a .docx
    ((" page ",), True),
    ((" PA", "GE \\* MERGEFORMAT "), True),
    ((" NUM", "PAGES "), False),  # a count of pages, its name split over two runs
    ((" SECTIONPAGES ",), False),
    ((" PAGEREF _Toc1 ",), False),
])
def test_only_page_number_fields_whatever_their_case_or_runs(instruction, together):
    letter = prepared(CIRCULAR_LETTER)
    fielded = with_document(letter, lambda xml: xml.replace("</w:p>", field(*instruction) + "</w:p>", 1))
    assert (pdf_together.lay_out_together([fielded, fielded]) is not None) is together


@pytest.mark.pdf
@pytest.mark.slow
def test_a_letter_libreoffice_saved_is_laid_out_together_and_prints_as_alone(converter, soffice, tmp_path):
    """A letter thaidoc did not save: LibreOffice's re-save (its own styles, numbering part,
    PAGE \\* ARABIC) goes together like thaidoc's own and still prints as it does alone."""
    (tmp_path / "letter.docx").write_bytes(rendered(CIRCULAR_LETTER))
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmp_path / "saved"),
                    str(tmp_path / "letter.docx")], check=True, capture_output=True, timeout=300)
    saved = (tmp_path / "saved" / "letter.docx").read_bytes()
    alone = lines(converter.convert(saved))
    pdfs, together = convert_all(converter, [(f"{n}.docx", saved) for n in range(3)])
    assert together == 3
    assert all(lines(pdf) == alone for pdf in pdfs.values())
