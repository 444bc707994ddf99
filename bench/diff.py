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

``--paragraph`` times the diff of two one-paragraph texts of 20 KB and 80 KB (1x and 4x: the
growth shows whether it is linear) against diff-match-patch; ``--process`` times a whole
``thaidoc diff`` process on the two letters, as .docx and as PDF exports.

Run: .venv/bin/python bench/diff.py [--pages | --paragraph | --process]
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


def one_paragraph(size: int) -> tuple[str, str]:
    """Two one-paragraph texts of about ``size`` characters (the issue's page-long paragraph),
    made of the bundled letters' sentences, numbered so that no two stretches are the same,
    with one word changed in every kilobyte."""
    import random

    sentences: list[str] = []
    for path in (REPO / "samples" / "issued" / "faulty-circular.txt", REPO / "samples" / "diff" / "memo-issued.txt"):
        sentences += [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if len(line.strip()) > 30]
    rnd = random.Random(size)
    pieces, length, number = [], 0, 0
    while length < size:
        number += 1
        piece = f"({number}) {rnd.choice(sentences)}"
        pieces.append(piece)
        length += len(piece) + 1
    old = " ".join(pieces)
    new = old
    for _ in range(size // 1000):
        position = rnd.randrange(len(new) - 20)
        space = new.find(" ", position)
        if space > 0:
            new = new[: space + 1] + "แก้ไขแล้ว" + new[space + 1 :]
    return old, new


def paragraph_bench() -> None:
    from diff_match_patch import diff_match_patch

    from thaidoc.diff.words import _piece_words, word_diff

    print("one paragraph, 1x and 4x (thaidoc: extract, align, Thai word diff; diff-match-patch: "
          "characters, exact (no time limit), semantic clean-up)")
    results = {}
    for label, size in (("1x", 20_000), ("4x", 80_000)):
        old, new = one_paragraph(size)

        def ours() -> object:
            _piece_words.cache_clear()  # no help from an earlier run
            return diff(old.encode(), new.encode(), generated_name="a.txt", issued_name="b.txt")

        def words_only() -> object:
            _piece_words.cache_clear()
            return word_diff(old, new)

        def dmp() -> object:
            engine = diff_match_patch()
            engine.Diff_Timeout = 0
            found = engine.diff_main(old, new)
            engine.diff_cleanupSemantic(found)
            return found

        whole, result = timed(ours, repeats=3)
        word_time, ops = timed(words_only, repeats=3)
        dmp_time, found = timed(dmp, repeats=3)
        changed = sum(1 for op in ops if op.kind != "equal")  # type: ignore[union-attr]
        hunks = sum(1 for kind, _ in found if kind != 0)  # type: ignore[union-attr]
        results[label] = whole
        print(f"  {label} {len(old):>7,} characters: thaidoc diff {whole * 1000:7.1f} ms "
              f"(word diff {word_time * 1000:6.1f} ms, {changed} changed words), "
              f"diff-match-patch {dmp_time * 1000:7.1f} ms ({hunks} character hunks)")
    print(f"  4x the input took {results['4x'] / results['1x']:.1f}x the time (linear: 4x; quadratic: 16x)")


def process_bench(generated: bytes, issued: bytes) -> None:
    """Whole-process `thaidoc diff` of the two 5-page letters, as .docx and as PDF exports."""
    import resource
    import subprocess
    import tempfile

    sys.path.insert(0, str(REPO / "src"))
    from thaidoc.render.pdf import to_pdf

    exe = str(Path(sys.executable).with_name("thaidoc"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "generated.docx").write_bytes(generated)
        (folder / "issued.docx").write_bytes(issued)
        pairs = [("docx", "generated.docx", "issued.docx")]
        try:
            (folder / "generated.pdf").write_bytes(to_pdf(generated))
            (folder / "issued.pdf").write_bytes(to_pdf(issued))
            pairs.append(("pdf", "generated.pdf", "issued.pdf"))
        except Exception as exc:  # noqa: BLE001 - no LibreOffice: bench the .docx only
            print(f"  (no PDF pair: {exc})")
        for label, a, b in pairs:
            walls, cpus = [], []
            for _ in range(3):
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                start = time.perf_counter()
                subprocess.run([exe, "diff", str(folder / a), str(folder / b)], capture_output=True, check=False)
                walls.append(time.perf_counter() - start)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            cpu, wall = min(cpus), min(walls)
            print(f"  `thaidoc diff` of the two 5-page letters as {label}, new process: {cpu * 1000:6.0f} ms CPU "
                  f"({wall * 1000:.0f} ms wall); goal under 1000 ms: {'met' if cpu < 1 else 'NOT met'}")


def main() -> None:
    if "--paragraph" in sys.argv:
        paragraph_bench()
        return
    generated, issued = five_pages()
    if "--process" in sys.argv:
        process_bench(generated, issued)
        return
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
