"""PDFs from a few warm LibreOffice processes: the portal's and the batch's converter.

Starting LibreOffice costs seconds (more with a fresh profile), converting a one-page letter a
tenth of that. So :class:`PdfConverter` keeps a small pool of headless ``soffice`` processes
running, each with its own profile, and hands each a document at a time.

How a document reaches a running office without Python-UNO (python3-uno is a Debian package
for the system's Python, not installable into a venv): LibreOffice itself forwards a second
``soffice --convert-to`` started with the same profile (``-env:UserInstallation``) over its
private pipe to the office already running there, which converts and answers when the PDF is
written; the second process then exits, in about 0.1 s instead of a cold start. A running
office shuts down after such a conversion when it has no document open, so each office keeps a
tiny document open (``keep-alive.docx``); LibreOffice's lock file for that document says the
office is ready to take work.

An office that crashed is noticed before its next document and replaced; one that hangs is
killed with every process of its group when the time limit runs out (the document fails with a
:class:`~thaidoc.errors.ConversionError`, the next one gets a fresh office); after
``restart_after`` documents an office is replaced, so a slow leak cannot grow without bound.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import weakref
import zipfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from thaidoc.errors import ConversionError
from thaidoc.render import pdf_layout, pdf_together
from thaidoc.render.pdf import DEFAULT_TIMEOUT, for_libreoffice, needs_thai_numerals, soffice_path, soffice_profile
from thaidoc.render.processes import kill_group, remove_stale_pipe, run_soffice

__all__ = ["PdfConverter"]

#: how long a fresh office may take to start (a new profile makes LibreOffice restart once)
START_TIMEOUT = 120.0
_RESTART_REQUESTED = 81  # soffice.bin's exit code for "start me again" (EXITHELPER_NORMAL_RESTART)
_KEEP_ALIVE = "keep-alive.docx"
PLAIN_EXPORT = "pdf:writer_pdf_Export"
#: documents per request to an office (the batch's and convert_many's): fewer requests cost
#: less, smaller ones share the work between the offices more evenly and lose less to a
#: document that hangs (250 letters, 2 offices: 16 measured faster than 8, 24 and 32)
LETTERS_PER_REQUEST = 16


class PdfConverter:
    """.docx to PDF through a small pool of warm LibreOffice processes.

    >>> with PdfConverter() as converter:                            # doctest: +SKIP
    ...     pdf = converter.convert(docx_bytes)                      # the first call starts LibreOffice
    ...     more = [converter.convert(d) for d in other_documents]   # then ~0.2 s each

    Thread-safe: up to ``processes`` conversions run at once, one per office; more callers
    wait for a free one. Every document is prepared by
    :func:`thaidoc.render.pdf.for_libreoffice` first and its PDF finished by
    :func:`thaidoc.render.pdf_layout.finish_pdf`, as :func:`thaidoc.to_pdf` does. Offices
    start when first needed and stop on :meth:`close` (or leaving the ``with`` block, or when
    the converter is garbage-collected or the interpreter exits).

    ``processes``: offices at most (default: 2, or 1 on a one-core machine; each holds about
    200 MB). ``timeout``: seconds one document may take before its office is killed and it
    fails. ``soffice``: the LibreOffice executable (default: :func:`soffice_path`).
    ``restart_after``: documents an office converts before it is replaced.
    """

    def __init__(self, processes: int | None = None, *, timeout: float = DEFAULT_TIMEOUT,
                 soffice: str | None = None, restart_after: int = 200) -> None:
        if processes is None:
            processes = min(2, os.cpu_count() or 1)
        if processes < 1:
            raise ConversionError("จำนวนโปรเซสต้องอย่างน้อย 1 / processes must be at least 1", expected="1 or more",
                                  found=str(processes))
        self.processes = processes
        self.timeout = timeout
        self.restart_after = restart_after
        self._soffice = soffice
        self._state = threading.Condition()
        self._idle: list[_Office] = []
        self._busy = 0
        self._starting = 0  # offices warm_up() is about to start
        self._starters: list[threading.Thread] = []
        self._closed = False
        self._offices: set[_Office] = set()  # every office started and not yet stopped
        self._together = True  # lay out a request's letters in one document (pdf_together)
        self._scratch = Path(tempfile.mkdtemp(prefix="thaidoc-pdf-pool-"))
        self._reaper = _Reaper()  # if this process is killed, the offices die with it
        # if close() is never called: at garbage collection or interpreter exit
        self._finalizer = weakref.finalize(self, _stop_all, self._offices, self._state, self._scratch,
                                           self._reaper)

    def __enter__(self) -> PdfConverter:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    def convert(self, docx: bytes, *, timeout: float | None = None) -> bytes:
        """The PDF of one .docx document.

        Raises :class:`~thaidoc.errors.ConversionError` when LibreOffice is not installed, the
        bytes are not a .docx, or LibreOffice fails, crashes or takes longer than ``timeout``
        seconds (default: the converter's); the office concerned is then replaced.
        """
        try:
            with tempfile.TemporaryDirectory(prefix="job-", dir=self._scratch_folder()) as work:
                produced, problem = self.convert_documents([("document.docx", docx)], Path(work),
                                                           timeout=timeout)
                if "document.docx" not in produced:
                    raise problem or ConversionError("LibreOffice could not convert the document to PDF")
                return produced["document.docx"].read_bytes()
        finally:
            self._clean_up_if_closed()

    def convert_many(self, documents: Sequence[bytes], *, timeout: float | None = None) -> list[bytes]:
        """The PDFs of several .docx documents, in order, each as :meth:`convert` makes it.

        For a portal making a circular's letters at once: they go to the offices
        :data:`LETTERS_PER_REQUEST` at a time, all offices at once, and letters of one template
        are laid out together (:mod:`thaidoc.render.pdf_together`), several times faster than
        one :meth:`convert` each. A document LibreOffice left out is converted again on its own.
        Raises :class:`~thaidoc.errors.ConversionError` for the first document that still has
        no PDF, with its position (from 0) in ``found``.
        """
        chunks = [list(range(start, min(start + LETTERS_PER_REQUEST, len(documents))))
                  for start in range(0, len(documents), LETTERS_PER_REQUEST)]
        pdfs: list[bytes | None] = [None] * len(documents)

        def convert_chunk(chunk: list[int]) -> None:
            with tempfile.TemporaryDirectory(prefix="job-", dir=self._scratch_folder()) as work:
                try:
                    produced, _ = self.convert_documents([(f"{n:06d}.docx", documents[n]) for n in chunk],
                                                         Path(work), timeout=timeout)
                except ConversionError:  # one is not a .docx: each alone says which
                    produced = {}
                for n in chunk:
                    if f"{n:06d}.docx" in produced:
                        pdfs[n] = produced[f"{n:06d}.docx"].read_bytes()
            for n in chunk:
                if pdfs[n] is None:
                    try:
                        pdfs[n] = self.convert(documents[n], timeout=timeout)
                    except ConversionError as exc:
                        exc.found = f"document {n}" + (f": {exc.found}" if exc.found else "")
                        raise

        try:
            if len(chunks) <= 1:
                for chunk in chunks:
                    convert_chunk(chunk)
            else:
                with ThreadPoolExecutor(self.processes) as pool:
                    list(pool.map(convert_chunk, chunks))
        finally:
            self._clean_up_if_closed()
        return [pdf for pdf in pdfs if pdf is not None]

    def convert_documents(self, documents: Sequence[tuple[str, bytes]], folder: Path, *,
                          timeout: float | None = None) -> tuple[dict[str, Path], ConversionError | None]:
        """Convert several ``(name, docx bytes)`` documents with one request to one office (the
        batch's form of :meth:`convert`; same contract as
        :func:`thaidoc.render.pdf.convert_documents`).

        ``folder`` is an empty scratch folder the caller owns; the PDFs are written in it.
        Returns name -> PDF for every PDF produced, and the problem when some are missing (None
        when all were made): LibreOffice has been seen to stop part-way without an error, so
        the caller counts what came back rather than trusting an exit code.
        """
        limit = self.timeout if timeout is None else timeout
        groups: dict[bool, list[tuple[str, Path, bytes]]] = {}
        sources = folder / "docx"
        sources.mkdir(exist_ok=True)
        for number, (name, docx) in enumerate(documents):
            try:
                prepared, numerals = for_libreoffice(docx)
            except zipfile.BadZipFile:
                raise ConversionError("not a .docx document (not a zip archive)") from None
            # ASCII names: soffice reads its arguments in the locale's encoding, which may be C
            source = sources / f"{number:06d}.docx"
            source.write_bytes(prepared)
            groups.setdefault(numerals, []).append((name, source, prepared))
        produced: dict[str, Path] = {}
        problem: ConversionError | None = None
        target = folder / "pdf"
        target.mkdir(exist_ok=True)
        for numerals, items in groups.items():
            alone = items
            if len(items) > 1 and self._together:
                alone = self._convert_together(numerals, items, folder, produced, limit)
            if not alone:
                continue
            problem = self._request(numerals, [source for _, source, _ in alone], target, limit) or problem
            for name, source, _ in alone:
                pdf = target / (source.stem + ".pdf")
                if pdf.is_file() and pdf.stat().st_size > 0:
                    pdf_layout.finish_pdf(pdf)  # its text as the letter says it, as to_pdf's
                    produced[name] = pdf
        if problem is None and len(produced) < len(documents):
            problem = ConversionError("LibreOffice could not convert the document to PDF",
                                      found=f"{len(produced)} of {len(documents)} PDFs made")
        return produced, problem

    def _request(self, numerals: bool, sources: list[Path], target: Path, limit: float, *,
                 export: str = PLAIN_EXPORT, letters: int | None = None) -> ConversionError | None:
        """One request to a free office (started if need be); the problem, if any. ``letters``:
        how many letters the sources hold (for ``restart_after``), when not one each."""
        office = self._acquire(numerals)
        healthy = False
        try:
            problem = office.convert(sources, target, timeout=limit + (10.0 * (len(sources) - 1)), export=export,
                                     letters=letters)
            healthy = office.alive()
        finally:
            self._release(office, healthy)
        return problem

    def _convert_together(self, numerals: bool, items: list[tuple[str, Path, bytes]], folder: Path,
                          produced: dict[str, Path], limit: float) -> list[tuple[str, Path, bytes]]:
        """Lay out the letters that can be in one document (see :mod:`thaidoc.render.pdf_together`),
        cut the PDF into ``produced``; the letters still to convert alone."""
        together = pdf_together.lay_out_together([prepared for _, _, prepared in items])
        if together is None:
            return items
        work = folder / "together"
        work.mkdir(exist_ok=True)
        source = work / "letters.docx"
        source.write_bytes(together.docx)
        # the office's time for one letter, ten seconds for each other one, as for a request of many
        self._request(numerals, [source], work, limit + 10.0 * len(together.letters), export=pdf_together.PDF_EXPORT,
                      letters=len(together.letters))
        pdf = work / "letters.pdf"
        if not pdf.is_file():
            return items
        made = pdf.read_bytes()
        letters = pdf_together.split(together, made)  # finished as finish_pdf finishes a letter's
        if all(letter is None for letter in letters) and not pdf_together.exports_marks(made):
            # this LibreOffice does not export bookmarks as destinations (older than 7.4): the
            # rest of this converter's letters go alone straight away
            with self._state:
                self._together = False
        cut = set()
        for index, letter in zip(together.letters, letters):
            if letter is not None:
                name, source_path, _ = items[index]
                path = folder / "pdf" / (source_path.stem + ".pdf")
                path.write_bytes(letter)
                produced[name] = path
                cut.add(index)
        return [item for index, item in enumerate(items) if index not in cut]

    def warm_up(self, docx: bytes) -> None:
        """Start the offices now, in the background, ready for documents like ``docx``, so
        that the first conversions do not wait for LibreOffice to start (a portal calls this at
        start-up with a typical letter; the batch with its first letter while it renders the
        rest). Conversions asked for meanwhile wait for the first office ready. Problems are
        not raised here: the conversions report them."""
        try:
            numerals = needs_thai_numerals(docx)  # not for_libreoffice: its word list takes 0.4 s to load
        except zipfile.BadZipFile:
            return
        with self._state:
            missing = self.processes - len(self._offices) - self._starting
            self._starting += max(0, missing)
        for _ in range(missing):
            starter = threading.Thread(target=self._start_one, args=(numerals,), name="thaidoc-office-start",
                                       daemon=True)
            self._starters.append(starter)
            starter.start()

    def _start_one(self, numerals: bool) -> None:
        try:
            office = self._acquire(numerals)
        except Exception:  # the conversions that follow meet the same problem and report it
            return
        finally:
            with self._state:
                self._starting -= 1
        self._release(office, office.alive())

    def close(self) -> None:
        """Stop every office (those converting stop when their document is done) and remove
        their profiles. The converter cannot be used afterwards."""
        with self._state:
            self._closed = True
            idle, self._idle = self._idle, []
            self._state.notify_all()
        for office in idle:
            self._stop(office)
        for starter in self._starters:  # an office still starting is stopped once it has started
            starter.join()
        self._clean_up_if_closed()

    # the pool

    def _clean_up_if_closed(self) -> None:
        with self._state:
            if not self._closed or self._busy or self._offices:
                return
        self._finalizer()  # removes the scratch folder, once

    def _scratch_folder(self) -> Path:
        with self._state:
            if self._closed:
                raise ConversionError("ตัวแปลง PDF ถูกปิดแล้ว / the PDF converter is closed")
            return self._scratch

    def _acquire(self, numerals: bool) -> _Office:
        folder = self._scratch_folder()
        exe = self._soffice or soffice_path()
        if exe is None:
            raise ConversionError("LibreOffice (soffice) is not installed, so no PDF can be made",
                                  expected="soffice on PATH (Debian/Ubuntu: apt-get install libreoffice-writer)")
        evicted: list[_Office] = []
        with self._state:
            while self._busy >= self.processes and not self._closed:
                self._state.wait()
            if self._closed:
                raise ConversionError("ตัวแปลง PDF ถูกปิดแล้ว / the PDF converter is closed")
            self._busy += 1
            office = next((o for o in self._idle if o.numerals == numerals), None)
            if office is not None:
                self._idle.remove(office)
            while self._idle and len(self._idle) + self._busy > self.processes:
                evicted.append(self._idle.pop(0))  # the oldest idle one makes room
        for old in evicted:
            self._stop(old)
        if office is not None and office.alive():
            return office
        if office is not None:  # crashed while idle
            self._stop(office)
        try:
            office = _Office(exe, Path(tempfile.mkdtemp(prefix="office-", dir=folder)), numerals, self._reaper)
            with self._state:
                self._offices.add(office)
            office.start()
        except BaseException:
            if office is not None:
                self._stop(office)
            with self._state:
                self._busy -= 1
                self._state.notify()
            raise
        return office

    def _release(self, office: _Office, healthy: bool) -> None:
        keep = False
        with self._state:
            self._busy -= 1
            if healthy and not self._closed and office.used < self.restart_after:
                self._idle.append(office)
                keep = True
            self._state.notify()
        if not keep:
            self._stop(office)
            self._clean_up_if_closed()

    def _stop(self, office: _Office) -> None:
        office.stop()
        with self._state:
            self._offices.discard(office)


def _stop_all(offices: set[_Office], state: threading.Condition, scratch: Path, reaper: _Reaper) -> None:
    """The converter was closed, garbage-collected or the interpreter is exiting: leave no office
    and no profile behind."""
    with state:
        remaining = list(offices)
        offices.clear()
    for office in remaining:
        office.stop()
    reaper.close()
    shutil.rmtree(scratch, ignore_errors=True)


@dataclass(eq=False)
class _Office:
    """One headless LibreOffice with its own profile, converting what it is sent."""

    exe: str
    folder: Path
    numerals: bool
    reaper: _Reaper | None = None
    used: int = 0
    process: subprocess.Popen[bytes] | None = None
    env: dict[str, str] = field(default_factory=dict)
    profile_uri: str = ""

    def start(self) -> None:
        profile, env = soffice_profile(self.folder, thai_numerals=self.numerals)
        env["SAL_ENABLE_FILE_LOCKING"] = "1"  # the lock file is the readiness signal
        self.env, self.profile_uri = env, profile.as_uri()
        keep = self.folder / _KEEP_ALIVE
        keep.write_bytes(_keep_alive_docx())
        lock = self.folder / f".~lock.{_KEEP_ALIVE}#"
        deadline = time.monotonic() + START_TIMEOUT
        for attempt in range(2):
            self._launch(keep)
            assert self.process is not None
            while not lock.exists():
                if self.process.poll() is not None:
                    break
                if time.monotonic() > deadline:
                    raise ConversionError(f"LibreOffice เริ่มทำงานไม่เสร็จภายใน {START_TIMEOUT:g} วินาที / "
                                          f"LibreOffice did not start within {START_TIMEOUT:g} seconds")
                time.sleep(0.02)
            else:
                return
            # soffice.bin itself (not the soffice script, whose oosplash does this) exits with 81
            # after setting up a new profile, asking to be started again
            if self.process.returncode != _RESTART_REQUESTED or attempt:
                raise ConversionError("LibreOffice เริ่มทำงานไม่ได้ / LibreOffice stopped while starting",
                                      found=self._log_tail() or f"exit code {self.process.returncode}")
            kill_group(self.process)  # what the first start left (its helpers), before the second
            if self.reaper is not None:
                self.reaper.watch(self.process.pid, stop=True)

    def _launch(self, keep: Path) -> None:
        with open(self.folder / "soffice.log", "ab") as log:
            try:
                self.process = subprocess.Popen(
                    [self.exe, f"-env:UserInstallation={self.profile_uri}", "--headless", "--invisible",
                     "--norestore", "--nologo", str(keep)],
                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log, env=self.env,
                    start_new_session=True)
            except OSError as exc:
                raise ConversionError(f"cannot run LibreOffice: {exc.strerror}", found=self.exe) from None
        if self.reaper is not None:
            self.reaper.watch(self.process.pid)

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def convert(self, sources: list[Path], target: Path, *, timeout: float,
                export: str = PLAIN_EXPORT, letters: int | None = None) -> ConversionError | None:
        """Send ``sources`` to the running office; their PDFs go to ``target``. Returns the
        problem when the office failed, died or timed out (it is then stopped)."""
        command = [self.exe, f"-env:UserInstallation={self.profile_uri}", "--headless", "--norestore", "--nologo",
                   "--convert-to", export, "--outdir", str(target), *map(str, sources)]
        self.used += len(sources) if letters is None else letters
        try:
            run_soffice(command, env=self.env, timeout=timeout)
        except subprocess.TimeoutExpired:
            self.stop()
            return ConversionError(f"LibreOffice ทำ PDF ไม่เสร็จภายใน {timeout:g} วินาที / LibreOffice did not "
                                   f"finish the PDF within {timeout:g} seconds")
        except OSError as exc:
            return ConversionError(f"cannot run LibreOffice: {exc.strerror}", found=self.exe)
        if not self.alive():
            return ConversionError("LibreOffice หยุดทำงานระหว่างแปลงเอกสาร / LibreOffice stopped while converting",
                                   found=self._log_tail() or None)
        missing = [s for s in sources if not (target / (s.stem + ".pdf")).is_file()]
        if missing:
            return ConversionError("LibreOffice could not convert the document to PDF",
                                   found=self._log_tail() or f"{len(sources) - len(missing)} of {len(sources)} "
                                                               "PDFs made")
        return None

    def stop(self) -> None:
        if self.process is not None:
            kill_group(self.process, grace=1.0)
            if self.reaper is not None:
                self.reaper.watch(self.process.pid, stop=True)
            self.process = None
            remove_stale_pipe(self.profile_uri)
        shutil.rmtree(self.folder, ignore_errors=True)

    def _log_tail(self) -> str:
        try:
            lines = (self.folder / "soffice.log").read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return ""
        errors = [line for line in lines if "rror" in line]
        return (errors or lines or [""])[-1].strip()


# Runs beside the converter as a small Python process that reads the process groups of the
# offices from a pipe (+group when one starts, -group when it stops). The pipe closes when the
# converter's process ends however it ends, kill -9 included; the reaper then kills what is left.
_REAPER = """
import os, signal, sys
groups = set()
for line in sys.stdin:
    group = int(line)
    if group > 0:
        groups.add(group)
    else:
        groups.discard(-group)
for group in groups:
    try:
        os.killpg(group, signal.SIGKILL)
    except OSError:
        pass
"""


class _Reaper:
    """Kills the offices if the process that started them dies without stopping them."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: subprocess.Popen[str] | None = None
        self._failed = False

    def watch(self, group: int, *, stop: bool = False) -> None:
        with self._lock:
            if self._process is None and not stop and not self._failed and hasattr(os, "killpg"):
                try:
                    self._process = subprocess.Popen([sys.executable, "-c", _REAPER], stdin=subprocess.PIPE,
                                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                                     text=True, start_new_session=True)
                except OSError:  # no reaper: the offices still stop with close() and at exit
                    self._failed = True
            if self._process is not None and self._process.stdin is not None:
                try:
                    self._process.stdin.write(f"{-group if stop else group}\n")
                    self._process.stdin.flush()
                except OSError:
                    pass

    def close(self) -> None:
        with self._lock:
            if self._process is not None:
                if self._process.stdin is not None:
                    try:
                        self._process.stdin.close()
                    except OSError:
                        pass
                self._process.wait()
                self._process = None


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _keep_alive_docx() -> bytes:
    """The smallest Word document, in the Thai font: opening it also loads the .docx filter and
    the font before the first real letter arrives."""
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>'),
        "word/document.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{_W}"><w:body><w:p><w:r>'
            '<w:rPr><w:rFonts w:ascii="TH SarabunIT๙" w:hAnsi="TH SarabunIT๙" w:cs="TH SarabunIT๙"/><w:cs/></w:rPr>'
            '<w:t>thaidoc ๑</w:t></w:r></w:p></w:body></w:document>'),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text.encode("utf-8"))
    return out.getvalue()
