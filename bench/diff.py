"""Diff of two 5-page letters, after start-up, against a naive character-level difflib.

The generated letter is the bundled Chiang Rai circular rendered by thaidoc, its body
repeated to five A4 pages (about 5,500 characters; ``--pages`` counts them with
LibreOffice, as bench/lint.py does for its ten pages); the issued one has ten
edits spread through it (words swapped, amounts changed, a paragraph added, one removed, a
name made bold). Start-up (imports, pythainlp's dictionary) is timed separately: the goal
is well under a second per diff after it.

The comparison is what one would write first: ``difflib.SequenceMatcher`` over the two
texts character by character. It is slower, and its output (a scatter of Thai vowels and
digits) is not something a reviewer can use.

Run: .venv/bin/python bench/diff.py [--pages]
"""

from __future__ import annotations

import copy
import difflib
import io
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

started = time.perf_counter()
import docx  # noqa: E402

from thaidoc.data import load_data  # noqa: E402
from thaidoc.diff import diff  # noqa: E402
from thaidoc.diff.words import tokenize  # noqa: E402
from thaidoc.read.extract import extract  # noqa: E402
from thaidoc.render import render  # noqa: E402

tokenize("เริ่มต้น")  # loads pythainlp's dictionary: part of start-up, not of a diff
STARTUP = time.perf_counter() - started

# Whole rounds of the body are added until the text is this long: 5,510 characters, which
# LibreOffice lays out on 5 pages (11,000 gave 11 pages, twice the size).
TARGET_CHARS = 5_000
REPEATS = 7


def five_pages() -> tuple[bytes, bytes]:
    generated_one = render(load_data(REPO / "samples" / "letters" / "circular-chiang-rai-2562.yaml"))
    document = docx.Document(io.BytesIO(generated_one))
    body = [p for p in document.paragraphs if len(p.text) > 80]
    anchor = body[-1]._p
    total = sum(len(p.text) for p in document.paragraphs)
    round_number = 0
    while total < TARGET_CHARS:
        round_number += 1
        for paragraph in body:
            clone = copy.deepcopy(paragraph._p)
            anchor.addnext(clone)
            anchor = clone
            total += len(paragraph.text)
            # make every copy distinct, as the paragraphs of a real letter are
            text_nodes = clone.findall(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")
            if text_nodes:
                text_nodes[0].text = f"({round_number}) " + (text_nodes[0].text or "")
    buffer = io.BytesIO()
    document.save(buffer)
    generated = buffer.getvalue()

    document = docx.Document(io.BytesIO(generated))
    paragraphs = [p for p in document.paragraphs if len(p.text) > 80]
    edits = 0
    for number, paragraph in enumerate(paragraphs[:: max(1, len(paragraphs) // 8)]):
        run = max(paragraph.runs, key=lambda r: len(r.text))
        for old, new in (("อำเภอ", "จังหวัด"), ("๒๕๖๒", "๒๕๖๓"), ("การดำเนินงาน", "การปฏิบัติงาน"), ("ให้", "ขอให้")):
            if old in run.text:
                run.text = run.text.replace(old, new, 1)
                edits += 1
                break
    added = copy.deepcopy(paragraphs[3]._p)
    paragraphs[3]._p.addnext(added)
    paragraphs[10]._p.getparent().remove(paragraphs[10]._p)
    for run in document.paragraphs[-5].runs:
        run.bold = True
    buffer = io.BytesIO()
    document.save(buffer)
    return generated, buffer.getvalue()


def timed(function, repeats: int = REPEATS) -> tuple[float, object]:
    times = []
    value = None
    for _ in range(repeats):
        start = time.perf_counter()
        value = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), value


def main() -> None:
    generated, issued = five_pages()
    if "--pages" in sys.argv:
        import tempfile

        sys.path.insert(0, str(REPO / "bench"))
        from lint import count_pages  # the sibling benchmark's LibreOffice page count

        with tempfile.TemporaryDirectory() as tmp:
            for name, data in (("generated", generated), ("issued", issued)):
                path = Path(tmp) / f"{name}.docx"
                path.write_bytes(data)
                print(f"pages of the {name} letter (LibreOffice): {count_pages(path)}")
    generated_text = extract(generated, name="generated.docx").text()
    issued_text = extract(issued, name="issued.docx").text()

    ours, result = timed(lambda: diff(generated, issued, generated_name="generated.docx", issued_name="issued.docx"))
    naive, opcodes = timed(
        lambda: difflib.SequenceMatcher(None, generated_text, issued_text, autojunk=False).get_opcodes(), repeats=3
    )
    naive_changes = sum(1 for tag, *_ in opcodes if tag != "equal")  # type: ignore[union-attr]

    print(f"letters: {len(generated_text):,} and {len(issued_text):,} characters, "
          f"{sum(1 for b in extract(generated).blocks if b.text.strip())} paragraphs (5 A4 pages; the issued "
          f"letter's edits run onto a sixth)")
    print(f"start-up (imports + Thai dictionary): {STARTUP * 1000:8.1f} ms (once per process)")
    print(f"thaidoc diff (extract both, align, word diff, formatting): {ours * 1000:8.1f} ms"
          f"  -> {result.summary()}")  # type: ignore[union-attr]
    print(f"naive difflib over the characters of the whole text:       {naive * 1000:8.1f} ms"
          f"  -> {naive_changes} character-level hunks, no paragraphs, words or formatting")
    print(f"thaidoc is {naive / ours:.1f}x {'faster' if naive > ours else 'slower'} than the naive diff; "
          f"goal: well under 1000 ms per diff: {'met' if ours < 0.5 else 'NOT met'}")


if __name__ == "__main__":
    main()
