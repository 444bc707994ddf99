"""PDFs: thaidoc's warm LibreOffice offices against one plain soffice call and against cold starts.

Run from the repository: ``.venv/bin/python bench/pdf.py`` (``--letters N``, ``--conversions N``
for a shorter run). Printed side by side in one run:

1. 250 letters (the batch circular for generated district rows). Their .docx are rendered
   once; then one plain ``soffice --convert-to pdf`` call converts all of them (the strongest
   plain alternative: LibreOffice started once, fresh profile; then once more with thaidoc's
   fonts.conf, which draws the letters in TH Sarabun as thaidoc does), and ``thaidoc batch --pdf
   --jobs 2`` makes the same letters and their PDFs from the rows (its time includes
   rendering the .docx; its offices lay out 16 letters at a time in one document and cut the
   PDF per letter, see src/thaidoc/render/pdf_together.py). PDFs are counted on both sides.
2. One process pinned to ONE core (LibreOffice inherits the pinning): 20 sequential
   one-letter conversions through one ``thaidoc.PdfConverter`` (its start included) against
   20 ``thaidoc.to_pdf`` calls, each starting LibreOffice cold.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))

from batch import district_rows  # noqa: E402  (bench/batch.py: the same generated rows)

LETTER = REPO / "samples/batch/circular.yaml"
ONE_LETTER = REPO / "samples/letters/order-working-group.yaml"
THAIDOC = [sys.executable, "-m", "thaidoc"]


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def count_pdfs(folder: Path) -> int:
    return sum(1 for p in folder.glob("*.pdf") if p.read_bytes().startswith(b"%PDF"))


def batch(letters: int, work: Path) -> None:
    from thaidoc.render.pdf import soffice_path

    rows = work / "rows.csv"
    with rows.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["district", "recipient.name", "amounts.allocation"])
        writer.writeheader()
        writer.writerows(district_rows(letters))
    docx_only = work / "docx"
    started = time.perf_counter()
    subprocess.run([*THAIDOC, "batch", str(LETTER), str(rows), "-o", str(docx_only), "--jobs", "2", "-q"],
                   check=True, cwd=REPO)
    docx_seconds = time.perf_counter() - started
    files = sorted(str(p) for p in docx_only.glob("*.docx"))

    soffice = soffice_path()
    assert soffice is not None, "LibreOffice (soffice) is needed"
    plain = work / "plain"
    profile = (work / "profile").as_uri()
    started = time.perf_counter()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to",
                    "pdf:writer_pdf_Export", "--outdir", str(plain), *files],
                   check=True, capture_output=True, start_new_session=True)
    plain_seconds = time.perf_counter() - started
    plain_count = count_pdfs(plain)

    # the same call with thaidoc's fonts.conf: LibreOffice then finds TH Sarabun for the letters'
    # TH SarabunIT๙ (as on an office machine with the font installed) and draws what thaidoc draws
    from thaidoc.render.pdf import fontconfig_file

    same_font = work / "plain-same-font"
    started = time.perf_counter()
    subprocess.run([soffice, f"-env:UserInstallation={(work / 'profile-same-font').as_uri()}", "--headless",
                    "--norestore", "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(same_font), *files],
                   check=True, capture_output=True, start_new_session=True,
                   env={**os.environ, "FONTCONFIG_FILE": str(fontconfig_file())})
    same_font_seconds = time.perf_counter() - started
    same_font_count = count_pdfs(same_font)

    ours = work / "ours"
    started = time.perf_counter()
    subprocess.run([*THAIDOC, "batch", str(LETTER), str(rows), "-o", str(ours), "--pdf", "--jobs", "2", "-q"],
                   check=True, cwd=REPO)
    ours_seconds = time.perf_counter() - started
    ours_count = count_pdfs(ours)

    print(f"\n{letters} letters, load average {load()}, {os.cpu_count()} CPUs")
    print(f"  .docx only (thaidoc batch --jobs 2)            {docx_seconds:7.1f} s")
    print(f"  one plain soffice --convert-to over the .docx  {plain_seconds:7.1f} s   {plain_count} PDFs")
    print(f"  the same, with thaidoc's fonts.conf            {same_font_seconds:7.1f} s   {same_font_count} PDFs"
          "   (draws in TH Sarabun, as thaidoc)")
    print(f"  thaidoc batch --pdf --jobs 2 (.docx + PDF)     {ours_seconds:7.1f} s   {ours_count} PDFs")
    print(f"  thaidoc is {plain_seconds / ours_seconds:.2f}x as fast as the plain call (goal: at least 1.5x), "
          f"{same_font_seconds / ours_seconds:.2f}x as the call with the same font")


def single(conversions: int) -> None:
    import thaidoc

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core, for soffice too
    docx = thaidoc.render(ONE_LETTER)
    times = []
    started = time.perf_counter()
    with thaidoc.PdfConverter(processes=1) as converter:
        for _ in range(conversions):
            begun = time.perf_counter()
            assert converter.convert(docx).startswith(b"%PDF")
            times.append(time.perf_counter() - begun)
    warm_total = time.perf_counter() - started

    cold = []
    for _ in range(conversions):
        begun = time.perf_counter()
        assert thaidoc.to_pdf(docx).startswith(b"%PDF")
        cold.append(time.perf_counter() - begun)
    cold_total = sum(cold)

    rest = times[1:] or times
    print(f"\n{conversions} one-letter conversions in sequence, one core, load average {load()}")
    print(f"  PdfConverter: {warm_total:6.1f} s in all; the first {times[0]:.2f} s (starts LibreOffice), "
          f"then median {statistics.median(rest):.2f} s, slowest {max(rest):.2f} s (goal: under 0.5 s)")
    print(f"  to_pdf, cold: {cold_total:6.1f} s in all; median {statistics.median(cold):.2f} s each")
    print(f"  PdfConverter is {cold_total / warm_total:.1f}x as fast (goal: 6x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=250)
    parser.add_argument("--conversions", type=int, default=20)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="thaidoc-bench-pdf-") as work:
        batch(options.letters, Path(work))
    single(options.conversions)


if __name__ == "__main__":
    main()
