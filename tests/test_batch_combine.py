"""The combined .docx for printing is streamed: memory does not grow with the number of letters."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

from lxml import etree

import thaidoc
from thaidoc.render.batch.combine import combine, write_combined

REPO = Path(__file__).resolve().parents[1]
CIRCULAR = REPO / "samples/batch/circular.yaml"


def letters(folder: Path, count: int) -> list[Path]:
    rows = [{"district": f"อำเภอ{i}", "recipient.name": f"นายอำเภอ{i}", "amounts.allocation": f"{1000 + i:,}"}
            for i in range(count)]
    paths = []
    for name, data in thaidoc.render_many(CIRCULAR, rows, key="{seq:04d}.docx"):
        (folder / name).write_bytes(data)
        paths.append(folder / name)
    return paths


# Run in a fresh interpreter: the growth of its peak RSS while combining (libxml2's memory
# included, which tracemalloc does not see).
MEASURE = """
import resource, sys
from thaidoc.render.batch.combine import write_combined
paths = sys.argv[2:]
write_combined(sys.argv[1] + ".warm.docx", paths[:2])  # imports and first-use allocations
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
write_combined(sys.argv[1], paths)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)
"""


def memory_growth_kib(paths: list[Path], target: Path) -> int:
    result = subprocess.run([sys.executable, "-c", MEASURE, str(target), *map(str, paths)], capture_output=True,
                            text=True, check=True, timeout=300)
    return int(result.stdout)


def test_memory_stays_flat_with_the_number_of_letters(tmp_path):
    few = letters(tmp_path, 30)
    many = few + letters(_folder(tmp_path, "many"), 570)
    small = memory_growth_kib(few, tmp_path / "few.docx")
    large = memory_growth_kib(many, tmp_path / "many.docx")
    # held in memory, 600 letters cost about 40 MiB more than 30; streamed, the same
    assert large < small + 8 * 1024, (small, large)
    body = etree.fromstring(zipfile.ZipFile(tmp_path / "many.docx").read("word/document.xml"))
    sections = body.findall(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}sectPr")
    assert len(sections) == 600  # one per letter: each on new pages, numbered from ๑


def test_streamed_file_is_the_same_as_the_bytes(tmp_path):
    paths = letters(tmp_path, 3)
    write_combined(tmp_path / "all.docx", paths)
    assert (tmp_path / "all.docx").read_bytes() == combine(paths)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary left
    text = "".join(zipfile.ZipFile(io.BytesIO(combine(paths))).read("word/document.xml").decode().split())
    assert all(f"นายอำเภอ{thaidoc.thai_digits(str(i))}" in text for i in range(3))


def _folder(parent: Path, name: str) -> Path:
    folder = parent / name
    folder.mkdir()
    return folder


def test_a_section_break_never_goes_into_the_closing_frame():
    """The circular ends with the owner office's lines in a frame at the foot of the page; a
    section break in the framed paragraph moved the frame 3 cm up in LibreOffice, so each letter's
    section ends in an empty paragraph of its own, and the frames stay as they are."""
    letters = [data for _, data in thaidoc.render_many(CIRCULAR, [
        {"district": d, "recipient.name": f"นายอำเภอ{d}", "amounts.allocation": "1,000"} for d in ("ก", "ข", "ค")])]
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    body = etree.fromstring(zipfile.ZipFile(io.BytesIO(combine(letters))).read("word/document.xml")).find(f"{w}body")
    breaks = [p for p in body.iter(f"{w}p") if p.find(f"{w}pPr/{w}sectPr") is not None]
    assert len(breaks) == 2
    for paragraph in breaks:
        assert paragraph.find(f"{w}pPr/{w}framePr") is None
        assert not "".join(paragraph.itertext())
        framed = paragraph.getprevious()
        assert framed.find(f"{w}pPr/{w}framePr") is not None and "".join(framed.itertext())
