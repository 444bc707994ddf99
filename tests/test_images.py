"""A QR code from the letter's data.

The QR code is decoded back (zxing-cpp) from the image in the .docx and, with LibreOffice,
from the printed page.
"""

from __future__ import annotations

import io
import re
import shutil
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path

import numpy as np
import pytest
import yaml

import thaidoc
from thaidoc.render.images import qr_png

zxingcpp = pytest.importorskip("zxingcpp")

REPO = Path(__file__).resolve().parents[1]
STARTER = REPO / "src/thaidoc/render/starters/external-letter.yaml"
URL = "https://www.cdd.go.th/download/2567/ชร0019.1-ว47?file=แบบรายงาน"


def read_png(data: bytes) -> np.ndarray:
    """Greyscale pixels of a PNG (8-bit or 1/2/4-bit greyscale or palette, the forms segno writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, palette = 8, b"", None
    width = height = depth = colour = 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
        elif kind == b"PLTE":
            palette = [body[i] for i in range(0, len(body), 3)]
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    assert colour in (0, 3), colour
    raw = zlib.decompress(idat)
    stride = (width * depth + 7) // 8
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - 1] if i else 0
            up, corner = previous[i], previous[i - 1] if i else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        rows.append(line)
        previous = line
    pixels = np.zeros((height, width), dtype=np.uint8)
    for y, line in enumerate(rows):
        bits = np.unpackbits(np.frombuffer(bytes(line), dtype=np.uint8))
        values = bits.reshape(-1, depth) if depth < 8 else None
        for x in range(width):
            if depth == 8:
                value = line[x]
            else:
                value = int("".join(str(b) for b in values[x]), 2)  # type: ignore[index]
            if palette is not None:
                value = palette[value]
            elif depth < 8:
                value = value * 255 // ((1 << depth) - 1)
            pixels[y, x] = value
    return pixels


def decode(pixels: np.ndarray) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(pixels)]


def letter_with_images(folder: Path, **changes: object) -> Path:
    data = yaml.safe_load(STARTER.read_text(encoding="utf-8"))
    data["qr"] = {"data": URL, "caption": "สแกนเพื่อดาวน์โหลดสิ่งที่ส่งมาด้วย"}
    data.update(changes)
    path = folder / "letter.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def parts(docx: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_qr_code_generated_decodes_to_its_url():
    assert decode(read_png(qr_png(URL))) == [URL]


def test_the_letter_carries_the_qr_code_where_it_belongs(tmp_path):
    docx = thaidoc.render(letter_with_images(tmp_path))
    files = parts(docx)
    media = {name: data for name, data in files.items() if name.startswith("word/media/thaidoc-")}
    (qr_name,) = [name for name in media if "-qr-" in name]
    assert decode(read_png(media[qr_name])) == [URL]
    xml = files["word/document.xml"].decode("utf-8")
    rels = files["word/_rels/document.xml.rels"].decode("utf-8")
    ids = {m.group(2): m.group(1) for m in re.finditer(r'Id="([^"]+)"[^>]*Target="([^"]+)"', rels)}
    paragraphs = re.findall(r"<w:p[ >].*?</w:p>", xml, re.S)
    texts = ["".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", p)) for p in paragraphs]
    qr_at = next(i for i, p in enumerate(paragraphs) if ids[qr_name.removeprefix("word/")] in p)
    assert texts[qr_at + 1] == "สแกนเพื่อดาวน์โหลดสิ่งที่ส่งมาด้วย"
    assert 'w:xAlign="right"' in paragraphs[qr_at] and 'w:yAlign="bottom"' in paragraphs[qr_at]
    assert "image/png" in files["[Content_Types].xml"].decode("utf-8")
    # the document opens (python-docx reads every relationship)
    import docx as python_docx

    assert python_docx.Document(io.BytesIO(docx)).inline_shapes


def test_qr_position_and_size_and_a_letter_without_images_is_unchanged(tmp_path):
    docx = thaidoc.render(letter_with_images(tmp_path, qr={"data": URL, "position": "bottom-left", "size_cm": 3}))
    xml = parts(docx)["word/document.xml"].decode("utf-8")
    assert 'w:xAlign="left" w:yAlign="bottom"' in xml and 'cx="1080000" cy="1080000"' in xml
    plain = parts(thaidoc.render(STARTER))
    assert not [name for name in plain if name.startswith("word/media/thaidoc-")]


def test_a_bad_qr_is_a_data_error():
    data = yaml.safe_load(STARTER.read_text(encoding="utf-8"))
    with pytest.raises(thaidoc.DataError) as info:
        thaidoc.load_document({**data, "qr": {"data": URL, "position": "top"}})
    assert info.value.location == "qr.position"
    assert thaidoc.load_document({**data, "qr": URL}).qr.data == URL  # type: ignore[attr-defined]


@pytest.mark.pdf
def test_the_printed_qr_still_decodes_and_adds_no_page(tmp_path):
    if shutil.which("soffice") is None or shutil.which("pdftoppm") is None:
        pytest.skip("LibreOffice and poppler are needed")
    with_images = thaidoc.render(letter_with_images(tmp_path))
    without = thaidoc.render(STARTER)
    pdf = thaidoc.to_pdf(with_images)
    (tmp_path / "letter.pdf").write_bytes(pdf)
    pages = subprocess.run(["pdfinfo", str(tmp_path / "letter.pdf")], capture_output=True, text=True).stdout
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(thaidoc.to_pdf(without))
    plain_pages = subprocess.run(["pdfinfo", str(plain)], capture_output=True, text=True).stdout
    count = re.search(r"Pages:\s+(\d+)", pages).group(1)  # type: ignore[union-attr]
    assert count == re.search(r"Pages:\s+(\d+)", plain_pages).group(1)  # type: ignore[union-attr]
    subprocess.run(["pdftoppm", "-r", "150", "-gray", "-f", count, "-l", count, str(tmp_path / "letter.pdf"),
                    str(tmp_path / "page")], check=True, timeout=120)
    (page,) = tmp_path.glob("page*.pgm")
    raw = page.read_bytes()
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", raw)
    assert header
    width, height = int(header.group(1)), int(header.group(2))
    pixels = np.frombuffer(raw[header.end():], dtype=np.uint8).reshape(height, width)
    assert decode(pixels) == [URL]
    found = [r for r in zxingcpp.read_barcodes(pixels)]
    assert found[0].position.top_left.x > width / 2 and found[0].position.top_left.y > height / 2  # bottom right
