"""A signature image and a QR code from the letter's data.

The QR code is decoded back (zxing-cpp) from the image in the .docx and, with LibreOffice,
from the printed page; the signature lands just above the signer's name.
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


def png(width: int, height: int, dark: set[tuple[int, int]]) -> bytes:
    """A greyscale PNG with the given dark pixels (a stand-in for a scanned signature)."""
    rows = b"".join(b"\x00" + bytes(0 if (x, y) in dark else 255 for x in range(width)) for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


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


SIGNATURE = png(180, 60, {(x, 30 + (x % 20) - 10) for x in range(10, 170)} | {(x, 31) for x in range(20, 160)})


def letter_with_images(folder: Path, **changes: object) -> Path:
    data = yaml.safe_load(STARTER.read_text(encoding="utf-8"))
    (folder / "signature.png").write_bytes(SIGNATURE)
    data["signer"]["signature"] = "signature.png"
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


def test_the_letter_carries_both_images_where_they_belong(tmp_path):
    docx = thaidoc.render(letter_with_images(tmp_path))
    files = parts(docx)
    media = {name: data for name, data in files.items() if name.startswith("word/media/thaidoc-")}
    (qr_name,) = [name for name in media if "-qr-" in name]
    (signature_name,) = [name for name in media if "-signature-" in name]
    assert media[signature_name] == SIGNATURE
    assert decode(read_png(media[qr_name])) == [URL]
    xml = files["word/document.xml"].decode("utf-8")
    rels = files["word/_rels/document.xml.rels"].decode("utf-8")
    ids = {m.group(2): m.group(1) for m in re.finditer(r'Id="([^"]+)"[^>]*Target="([^"]+)"', rels)}
    paragraphs = re.findall(r"<w:p[ >].*?</w:p>", xml, re.S)
    texts = ["".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", p)) for p in paragraphs]
    name_at = texts.index("(นายภาสกร บุญญลักษม์)")
    assert f'r:embed="{ids[signature_name.removeprefix("word/")]}"' in paragraphs[name_at - 1]
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


def test_a_signature_outside_the_datas_folder_is_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "secret.png").write_bytes(SIGNATURE)
    data = yaml.safe_load(letter_with_images(outside).read_text(encoding="utf-8"))
    data["signer"]["signature"] = "../secret.png"
    path = outside / "letter.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(thaidoc.DataError) as info:
        thaidoc.render(path)
    assert info.value.location == "signer.signature" and "ต้องอยู่ในโฟลเดอร์" in str(info.value)
    # a portal's mapping names no file at all unless the caller grants a folder
    with pytest.raises(thaidoc.DataError):
        thaidoc.render({**data, "signer": {**data["signer"], "signature": str(tmp_path / "secret.png")}})


def test_a_signature_that_is_not_an_image_is_refused(tmp_path):
    path = letter_with_images(tmp_path)
    (tmp_path / "signature.png").write_bytes(b"not an image")
    with pytest.raises(thaidoc.ThaidocError) as info:
        thaidoc.render(path)
    assert "PNG" in str(info.value)


def test_a_bad_qr_is_a_data_error():
    data = yaml.safe_load(STARTER.read_text(encoding="utf-8"))
    with pytest.raises(thaidoc.DataError) as info:
        thaidoc.load_document({**data, "qr": {"data": URL, "position": "top"}})
    assert info.value.location == "qr.position"
    assert thaidoc.load_document({**data, "qr": URL}).qr.data == URL  # type: ignore[attr-defined]


@pytest.mark.pdf
def test_the_printed_page_shows_both_and_the_qr_still_decodes(tmp_path):
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
