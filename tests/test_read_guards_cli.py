"""Hostile or wrong files given to ``thaidoc check`` and ``thaidoc diff``: each is refused with
one plain line naming the file and the reason, exit code 2, no traceback, and no hang."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from thaidoc.cli import main

LETTER = "ที่ ชร ๐๐๑๙/ว ๑\n\nเรื่อง ทดสอบ\n\nเรียน นายอำเภอ\n\nขอให้อำเภอดำเนินการ\n\nขอแสดงความนับถือ\n"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MB = 1024 * 1024


def docx_with(document_xml: str, extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", document_xml)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def body(inner: str, prolog: str = "") -> str:
    return f'<?xml version="1.0"?>{prolog}<w:document xmlns:w="{W_NS}"><w:body>{inner}</w:body></w:document>'


LAUGHS = (
    '<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
)
XXE = '<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'


def blank_pdf(pages: int) -> bytes:
    """A PDF of blank pages: what a scan is to a text reader (images, no text layer)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    for _ in range(pages):
        pdf.new_page(595, 842)
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def write_case(path: Path, case: str) -> None:
    if case == "not a zip":
        path.write_bytes(b"hello, I am not a zip")
    elif case == "zip bomb (ratio)":
        path.write_bytes(docx_with(body("<w:p/>"), {"word/media/image1.png": b"\0" * (4 * MB)}))
    elif case == "zip bomb (entries)":
        path.write_bytes(docx_with(body("<w:p/>"), {f"x/{k}": b"" for k in range(2100)}))
    elif case == "entity expansion":
        path.write_bytes(docx_with(body("<w:p><w:r><w:t>&d;</w:t></w:r></w:p>", LAUGHS)))
    elif case == "external entity":
        path.write_bytes(docx_with(body("<w:p><w:r><w:t>&x;</w:t></w:r></w:p>", XXE)))
    elif case == "deep nesting":
        path.write_bytes(docx_with(body("<w:sdt><w:sdtContent>" * 300 + "</w:sdtContent></w:sdt>" * 300)))
    elif case == "huge file":
        with path.open("wb") as handle:  # sparse: refused from its size, before it is read
            handle.truncate(51 * MB)
    elif case == "damaged PDF":
        path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog")
    elif case == "scanned PDF":
        path.write_bytes(blank_pdf(pages=2))
    elif case == "odt zip bomb":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
            archive.writestr("content.xml", b"\0" * (40 * MB))
        path.write_bytes(buffer.getvalue())
    elif case == "empty":
        path.write_bytes(b" \n\t\n")
    elif case == "not UTF-8":
        # neither UTF-8 nor Thai cp874 (which is read): 0x81 is undefined in both
        path.write_bytes("ที่ ชร".encode("cp874") + b"\x81\x8d")
    else:  # pragma: no cover
        raise AssertionError(case)


CASES = {  # case: (file name, what the message must say)
    "not a zip": ("letter.docx", "not a zip archive"),
    "zip bomb (ratio)": ("letter.docx", "zip bomb"),
    "zip bomb (entries)": ("letter.docx", "zip bomb"),
    "entity expansion": ("letter.docx", "declares a DTD or entities"),
    "external entity": ("letter.docx", "declares a DTD or entities"),
    "deep nesting": ("letter.docx", "nests too deeply"),
    "huge file": ("letter.docx", "too large"),
    "damaged PDF": ("letter.txt", "the PDF is damaged"),  # named .txt: the content decides
    "scanned PDF": ("letter.pdf", "no text layer"),
    "odt zip bomb": ("letter.odt", "zip bomb"),  # refused before LibreOffice sees it
    "not UTF-8": ("letter.txt", "not UTF-8"),
    "empty": ("letter.txt", "the file is empty"),  # was "no findings", exit 0
}


@pytest.mark.parametrize("command", ["check", "diff generated", "diff issued"])
@pytest.mark.parametrize("case", CASES)
def test_refused_in_one_line_with_exit_2(tmp_path: Path, case: str, command: str) -> None:
    name, reason = CASES[case]
    bad = tmp_path / name
    write_case(bad, case)
    good = tmp_path / "good.txt"
    good.write_text(LETTER, encoding="utf-8")
    args = {"check": ["check", str(bad)], "diff generated": ["diff", str(bad), str(good)],
            "diff issued": ["diff", str(good), str(bad)]}[command]
    outcome = CliRunner().invoke(main, args)
    assert outcome.exit_code == 2, outcome.output
    assert not isinstance(outcome.exception, Exception) or isinstance(outcome.exception, SystemExit)
    lines = [line for line in outcome.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in outcome.output, outcome.output
    assert name in lines[0] and reason in lines[0]
