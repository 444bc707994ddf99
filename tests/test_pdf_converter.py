"""PdfConverter (warm LibreOffice processes) and what any LibreOffice run must leave behind: nothing.

Each LibreOffice start costs seconds on the shared CI machine, so these tests are few and each
checks several things. Processes are found through /proc by the scratch folder in their
command line (every test puts its temporary files under its own tmp_path), never by name:
other LibreOffice processes on the machine are not ours.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from thaidoc.cli import main
from thaidoc.errors import ConversionError
from thaidoc.render import render
from thaidoc.render.batch.outputs import PDF_CHUNK
from thaidoc.render.batch.runner import BatchOptions, run_batch
from thaidoc.render.converter import PdfConverter
from thaidoc.render.pdf import to_pdf
from thaidoc.thai import arabic_digits

REPO = Path(__file__).resolve().parents[1]
LETTERS = REPO / "samples" / "letters"

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads processes from /proc")


def running_under(folder: Path) -> dict[int, str]:
    """pid -> name of every running (not zombie) process whose command line mentions ``folder``."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            command = Path(f"/proc/{entry}/cmdline").read_bytes()
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        name, state = stat.split("(", 1)[1].rsplit(")", 1)[0], stat.rsplit(")", 1)[1].split()[0]
        if str(folder).encode() in command and state not in ("Z", "X"):
            found[int(entry)] = name
    return found


def pdf_text(pdf: bytes, folder: Path) -> str:
    path = folder / "out.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    """Every temporary folder (LibreOffice profiles included) under this test's tmp_path."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    yield tmp_path
    leftover = running_under(tmp_path)
    for pid in leftover:  # never leave a LibreOffice running on the shared machine
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    assert not leftover, f"LibreOffice processes left running: {leftover}"


@pytest.mark.pdf
@pytest.mark.slow
def test_converter_converts_and_replaces_a_killed_office(soffice, scratch):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    circular = render(LETTERS / "circular-chiang-rai-2562.yaml")
    with PdfConverter(processes=1) as converter:
        first = pdf_text(converter.convert(circular), scratch)
        # the same PDF as to_pdf makes: the same preparation before LibreOffice and after it
        assert first == pdf_text(to_pdf(circular), scratch)
        assert "๒๐ กุมภาพันธ์ ๒๕๖๒" in first and "(นายภาสกร บุญญลักษม์)" in first
        # for_libreoffice prepared it: page two's number is there, not LibreOffice's "- ข -"
        second_page = first.split("\f")[1]
        assert "".join(arabic_digits(second_page.strip().splitlines()[0]).split()) == "-2-"
        offices = running_under(scratch)
        assert "soffice.bin" in offices.values()  # warm: still running between conversions
        assert converter.convert(circular).startswith(b"%PDF")
        assert running_under(scratch) == offices  # the same office did the second one

        # an office that crashes (killed here) is replaced: the next conversion works
        for pid, name in offices.items():
            if name == "soffice.bin":
                os.kill(pid, signal.SIGKILL)
        after = pdf_text(converter.convert(circular), scratch)
        assert after == first
        assert not set(running_under(scratch)) & set(offices)
        assert converter.convert(circular).startswith(b"%PDF")
        assert "soffice.bin" in running_under(scratch).values()  # a new office, warm again
    assert running_under(scratch) == {}  # closing stopped it
    assert list(scratch.glob("thaidoc-pdf-pool-*")) == []  # and removed its profile
    with pytest.raises(ConversionError, match="closed"):
        converter.convert(circular)


@pytest.mark.pdf
@pytest.mark.slow
def test_a_timeout_kills_the_whole_office_and_the_next_conversion_works(soffice, scratch):
    order = render(LETTERS / "order-working-group.yaml")
    with PdfConverter(processes=1) as converter:
        assert converter.convert(order).startswith(b"%PDF")
        assert running_under(scratch)
        with pytest.raises(ConversionError, match="did not finish the PDF within"):
            converter.convert(order, timeout=0.001)
        # the office, its soffice.bin and the client sent to it are all gone, not left converting
        assert running_under(scratch) == {}
        assert converter.convert(order).startswith(b"%PDF")


@pytest.mark.pdf
@pytest.mark.slow
def test_concurrent_conversions_each_get_their_own_pdf(soffice, scratch):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    names = ["order-working-group.yaml", "memo-training-budget.yaml", "announcement-village-fund.yaml",
             "supervision-plan-2567.yaml"]
    subjects = {name: subject_start(name) for name in names}
    documents = {name: render(LETTERS / name) for name in names}
    results: dict[str, list[bytes]] = {name: [] for name in names}
    failures: list[BaseException] = []
    with PdfConverter(processes=2) as converter:
        def work(name: str) -> None:
            try:
                for _ in range(2):
                    results[name].append(converter.convert(documents[name]))
            except BaseException as exc:  # pragma: no cover - reported below
                failures.append(exc)

        threads = [threading.Thread(target=work, args=(name,)) for name in names]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not failures
        assert sum(name == "soffice.bin" for name in running_under(scratch).values()) <= 2
    for name in names:
        assert len(results[name]) == 2
        for pdf in results[name]:
            text = "".join(pdf_text(pdf, scratch).split())
            assert [other for other in names if subjects[other] in text] == [name]


def subject_start(name: str) -> str:
    data = yaml.safe_load((LETTERS / name).read_text(encoding="utf-8"))
    return "".join(str(data["subject"]).split())[:20]


@pytest.mark.pdf
@pytest.mark.slow
def test_to_pdf_timeout_leaves_no_libreoffice_running(soffice, scratch):
    """Issue 12: to_pdf(timeout=5) raised but left soffice.bin converting at full CPU."""
    with pytest.raises(ConversionError, match="did not finish the PDF within"):
        to_pdf(render(LETTERS / "order-working-group.yaml"), timeout=0.5)
    assert running_under(scratch) == {}


@pytest.mark.pdf
@pytest.mark.slow
def test_batch_pdfs_through_the_converter_and_what_libreoffice_left_out_is_redone(soffice, scratch, monkeypatch):
    """LibreOffice 7.4 once stopped at 247 PDFs of 878 and exited 0: the batch counts what came
    back and sends every missing letter again on its own."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    real = PdfConverter.convert_documents
    requests: list[int] = []

    def leaves_one_out(self, documents, folder, **options):
        produced, _ = real(self, documents, folder, **options)
        requests.append(len(documents))
        if len(documents) > 1:
            produced.pop(documents[-1][0]).unlink()
        return produced, None  # and says nothing about it

    monkeypatch.setattr(PdfConverter, "convert_documents", leaves_one_out)
    out = scratch / "letters"
    summary = run_batch(BatchOptions(letter=REPO / "samples/batch/circular.yaml",
                                     rows=REPO / "samples/batch/districts.csv", output=out,
                                     name="{seq:02d}-{district}.docx", pdf=True, jobs=2))
    assert summary.ok and summary.written == 18 and summary.pdf_written == 18
    chunks = [min(PDF_CHUNK, 18 - start) for start in range(0, 18, PDF_CHUNK)]  # 16 + 2 letters
    assert sorted(requests) == sorted(chunks + [1] * len(chunks))  # each one left out, redone alone
    for letter in sorted(out.glob("*.docx")):
        district = letter.stem.split("-", 1)[1]
        pdf = letter.with_suffix(".pdf")
        assert f"นายอำเภอ{district}" in "".join(pdf_text(pdf.read_bytes(), scratch).split()), pdf.name


# The pool's own rules (replacement, time limits, how many offices run) checked fast, with a
# stand-in for soffice: as an office it takes the lock of its keep-alive document and waits to
# be killed (first exiting 81 with FAKE_SOFFICE_RESTART); sent files (--convert-to), it writes
# "PDFs" holding each document's text, hangs on HANG and skips FAIL.
FAKE_SOFFICE = '''
import os, pathlib, sys, time, zipfile
args = sys.argv[1:]

def one_page_pdf(text):  # a valid, empty page; the text rides in a comment line
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>"]
    out, offsets = b"%PDF-1.4\\n%fake " + text + b"\\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\\n" % number + body + b"\\nendobj\\n"
    start = len(out)
    out += b"xref\\n0 4\\n0000000000 65535 f \\n" + b"".join(b"%010d 00000 n \\n" % o for o in offsets)
    return out + b"trailer\\n<< /Size 4 /Root 1 0 R >>\\nstartxref\\n%d\\n%%%%EOF\\n" % start
log = pathlib.Path(os.environ["FAKE_SOFFICE_LOG"])
if "--convert-to" in args:
    out = pathlib.Path(args[args.index("--outdir") + 1])
    sources = args[args.index("--outdir") + 2:]
    for source in sources:
        text = zipfile.ZipFile(source).read("word/document.xml")
        if b"HANG" in text:
            time.sleep(600)
        if b"FAIL" not in text:
            (out / (pathlib.Path(source).stem + ".pdf")).write_bytes(one_page_pdf(text))
    with log.open("a") as handle:
        handle.write(f"convert {len(sources)}\\n")
else:
    keep = pathlib.Path(args[-1])
    marker = keep.parent / "restarted"
    if os.environ.get("FAKE_SOFFICE_RESTART") and not marker.exists():
        marker.touch()  # as soffice.bin does after setting up a new profile: "start me again"
        sys.exit(81)
    with log.open("a") as handle:
        handle.write(f"start {os.getpid()}\\n")
    (keep.parent / f".~lock.{keep.name}#").write_text("fake")
    time.sleep(600)
'''


def said(pdf: bytes) -> str:
    """The text a stand-in PDF carries (what its document said)."""
    return pdf.split(b"\n")[1].removeprefix(b"%fake ").decode()


def fake_docx(text: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", text)
    return out.getvalue()


@pytest.fixture
def fake_soffice(scratch, monkeypatch):
    program = scratch / "fake-soffice"
    program.write_text(f"#!{sys.executable}\n{FAKE_SOFFICE}", encoding="utf-8")
    program.chmod(0o755)
    log = scratch / "fake.log"
    log.touch()
    monkeypatch.setenv("FAKE_SOFFICE_LOG", str(log))
    return program, log


def starts(log: Path) -> int:
    return sum(line.startswith("start") for line in log.read_text().splitlines())


def test_an_office_is_replaced_after_restart_after_documents(fake_soffice, scratch):
    program, log = fake_soffice
    with PdfConverter(processes=1, soffice=str(program), restart_after=3) as converter:
        for number in range(7):
            assert said(converter.convert(fake_docx(f"letter {number}"))) == f"letter {number}"
        assert starts(log) == 3  # documents 1-3, 4-6, 7
        assert len(running_under(scratch)) == 1
    assert running_under(scratch) == {}


def test_a_hung_office_is_killed_and_a_failed_document_costs_no_restart(fake_soffice, scratch):
    program, log = fake_soffice
    with PdfConverter(processes=1, soffice=str(program)) as converter:
        with pytest.raises(ConversionError, match="could not convert"):
            converter.convert(fake_docx("FAIL"))
        assert said(converter.convert(fake_docx("fine"))) == "fine"
        assert starts(log) == 1  # a document LibreOffice cannot convert is not the office's fault
        with pytest.raises(ConversionError, match="did not finish the PDF within 0.5 seconds"):
            converter.convert(fake_docx("HANG"), timeout=0.5)
        assert running_under(scratch) == {}  # the office and the hung request, not just one of them
        assert said(converter.convert(fake_docx("after"))) == "after"
        assert starts(log) == 2


def test_never_more_offices_than_processes_and_each_caller_gets_its_own_pdf(fake_soffice, scratch):
    program, log = fake_soffice
    results: dict[int, list[bytes]] = {}
    failures: list[BaseException] = []
    with PdfConverter(processes=2, soffice=str(program)) as converter:
        def work(number: int) -> None:
            try:
                results[number] = [converter.convert(fake_docx(f"caller {number} letter {i}")) for i in range(3)]
            except BaseException as exc:  # pragma: no cover - reported below
                failures.append(exc)

        threads = [threading.Thread(target=work, args=(number,)) for number in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not failures
        assert starts(log) == 2 and len(running_under(scratch)) == 2
    for number in range(6):
        assert [said(pdf) for pdf in results[number]] == [f"caller {number} letter {i}" for i in range(3)]
    with pytest.raises(ConversionError, match="closed"):
        converter.convert(fake_docx("late"))
    assert running_under(scratch) == {}


def test_warm_up_starts_the_offices_before_the_first_document(fake_soffice, scratch):
    program, log = fake_soffice
    with PdfConverter(processes=2, soffice=str(program)) as converter:
        converter.warm_up(fake_docx("typical"))
        assert said(converter.convert(fake_docx("first"))) == "first"
        for _ in range(100):
            if starts(log) == 2:
                break
            time.sleep(0.05)
        assert starts(log) == 2
        converter.warm_up(fake_docx("typical"))  # already running: nothing more starts
        assert said(converter.convert(fake_docx("second"))) == "second"
    assert starts(log) == 2 and running_under(scratch) == {}


@pytest.mark.pdf
@pytest.mark.slow
def test_render_several_files_with_pdf(soffice, scratch):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    names = ["order-working-group.yaml", "memo-training-budget.yaml", "announcement-village-fund.yaml"]
    for name in names:
        shutil.copy(LETTERS / name, scratch / name)
    result = CliRunner().invoke(main, ["render", *(str(scratch / name) for name in names), "--pdf"])
    assert result.exit_code == 0, result.output
    for name in names:
        stem = Path(name).stem
        assert f"wrote {scratch / stem}.pdf" in result.output
        assert subject_start(name) in "".join(pdf_text((scratch / f"{stem}.pdf").read_bytes(), scratch).split())
        assert (scratch / f"{stem}.docx").read_bytes()[:2] == b"PK"


def test_render_several_files_refuses_one_output_name_and_writes_nothing(tmp_path):
    names = ["order-working-group.yaml", "memo-training-budget.yaml"]
    for name in names:
        shutil.copy(LETTERS / name, tmp_path / name)
    result = CliRunner().invoke(main, ["render", *(str(tmp_path / name) for name in names),
                                       "-o", str(tmp_path / "one.docx")])
    assert result.exit_code == 2 and "-o" in result.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: memo\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["render", str(tmp_path / names[0]), str(bad)])
    assert result.exit_code == 2 and "bad.yaml" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*names, "bad.yaml"])  # not even the good one


KILLED_OWNER = """
import io, sys, time, zipfile
from thaidoc.render.converter import PdfConverter
out = io.BytesIO()
with zipfile.ZipFile(out, "w") as archive:
    archive.writestr("word/document.xml", "a letter")
converter = PdfConverter(processes=1, soffice=sys.argv[1])
converter.convert(out.getvalue())
print("ready", flush=True)
time.sleep(600)
"""


def test_the_offices_die_with_a_killed_owner(fake_soffice, scratch):
    """kill -9 of a batch or a portal must not leave LibreOffice running (as the batch's
    workers do not outlive it either)."""
    program, log = fake_soffice
    owner = subprocess.Popen([sys.executable, "-c", KILLED_OWNER, str(program)], stdout=subprocess.PIPE, text=True,
                             env={**os.environ, "TMPDIR": str(scratch)})
    try:
        assert owner.stdout is not None and owner.stdout.readline().strip() == "ready"
        offices = {pid for pid, name in running_under(scratch).items() if pid != owner.pid}
        assert offices and starts(log) == 1
    finally:
        owner.kill()
        owner.wait()
        owner.stdout.close()
    for _ in range(200):  # the reaper notices the closed pipe at once; allow for a busy machine
        if not set(running_under(scratch)) & offices:
            break
        time.sleep(0.05)
    assert not set(running_under(scratch)) & offices


def test_a_converter_needs_at_least_one_process():
    with pytest.raises(ConversionError, match="at least 1"):
        PdfConverter(processes=0)


def test_an_office_that_asks_to_be_started_again_is_started_again(fake_soffice, scratch, monkeypatch):
    """soffice.bin run directly (THAIDOC_SOFFICE) exits 81 after making a new profile."""
    program, log = fake_soffice
    monkeypatch.setenv("FAKE_SOFFICE_RESTART", "1")
    with PdfConverter(processes=1, soffice=str(program)) as converter:
        assert said(converter.convert(fake_docx("after a restart"))) == "after a restart"
        assert starts(log) == 1
