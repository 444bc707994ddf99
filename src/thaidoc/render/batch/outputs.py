"""The batch's packaging steps: a PDF of every letter (through warm LibreOffice offices) and the zip."""

from __future__ import annotations

import os
import tempfile
import zipfile
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from thaidoc.errors import ConversionError
from thaidoc.files import TEMP_PREFIX, atomic_output
from thaidoc.render.batch.journal import Journal, digest, sync_files
from thaidoc.render.converter import LETTERS_PER_REQUEST, PdfConverter
from thaidoc.render.pdf import soffice_path

__all__ = ["convert_pdfs", "write_zip", "pdf_name", "pdf_fingerprint", "pdf_offices"]


def pdf_name(name: str) -> str:
    return str(Path(name).with_suffix(".pdf"))


def pdf_fingerprint(fingerprint: str) -> str:
    return digest(fingerprint, "pdf")


#: letters per request to a LibreOffice office (see the converter's LETTERS_PER_REQUEST)
PDF_CHUNK = LETTERS_PER_REQUEST
#: LibreOffice processes at most, whatever --jobs says: each holds about 200 MB
MAX_OFFICES = 8


def pdf_offices(jobs: int) -> int:
    """How many LibreOffice processes a batch with ``jobs`` runs."""
    return max(1, min(jobs, MAX_OFFICES))


def convert_pdfs(folder: Path, names: list[str], journal: Journal, fingerprints: Mapping[str, str], *,
                 force: bool = False, jobs: int = 1,
                 converter: PdfConverter | None = None) -> tuple[int, list[str]]:
    """Convert the documents whose PDF is missing or stale, through ``jobs`` warm LibreOffice
    offices (``converter``, or a :class:`~thaidoc.render.converter.PdfConverter` made for the
    call), a few letters per request.

    What came back is counted, not trusted: LibreOffice has stopped part-way through a long
    list with exit code 0 (247 PDFs of 878), so every letter without its PDF is sent again on
    its own, and only then reported. soffice writes in place, so each request writes into a
    temporary folder and each finished PDF is renamed into the output folder.
    """
    folder = folder.resolve()  # soffice needs absolute paths (and a file:// URI for its profile)
    todo = [name for name in names
            if force or not journal.is_current(pdf_name(name), pdf_fingerprint(fingerprints[name]))]
    if not todo:
        return 0, []
    if soffice_path() is None:
        raise ConversionError("--pdf needs LibreOffice (soffice), which is not installed",
                              expected="soffice on PATH, or leave out --pdf")
    if converter is None:
        with PdfConverter(processes=min(pdf_offices(jobs), len(todo))) as own:
            return convert_pdfs(folder, todo, journal, fingerprints, force=True, jobs=jobs, converter=own)
    chunks = [todo[i:i + PDF_CHUNK] for i in range(0, len(todo), PDF_CHUNK)]

    def convert(chunk: list[str]) -> tuple[list[str], list[str]]:
        done, _ = _convert_chunk(converter, folder, chunk)
        failed = []
        for name in [name for name in chunk if name not in done]:  # once more, alone
            again, problems = _convert_chunk(converter, folder, [name])
            if again:
                done.extend(again)
            else:
                failed.append(f"{name}: {problems[0] if problems else 'LibreOffice did not produce a PDF'}")
        return done, failed

    written = 0
    failures: list[str] = []
    # two threads per office: while one waits for its office, the other prepares its next
    # letters (for_libreoffice) or finishes its PDFs, so no office idles between requests
    with ThreadPoolExecutor(2 * converter.processes) as pool:
        for done, failed in pool.map(convert, chunks):
            sync_files(folder, [pdf_name(name) for name in done])
            for name in done:
                journal.record(pdf_name(name), pdf_fingerprint(fingerprints[name]))
            written += len(done)
            failures.extend(failed)
    return written, failures


def _convert_chunk(converter: PdfConverter, folder: Path, chunk: list[str]) -> tuple[list[str], list[str]]:
    with tempfile.TemporaryDirectory(prefix=TEMP_PREFIX + "pdf-", dir=folder) as tmp:
        try:
            produced, problem = converter.convert_documents([(name, (folder / name).read_bytes()) for name in chunk],
                                                            Path(tmp))
        except ConversionError as exc:
            return [], [str(exc)]
        done = []
        for name in chunk:
            if name in produced:
                os.replace(produced[name], folder / pdf_name(name))
                done.append(name)
        return done, [str(problem)] if problem is not None else []


def write_zip(path: Path, folder: Path, names: list[str]) -> None:
    """One zip of the letters, streamed from disk (documents are already compressed: stored)."""
    with atomic_output(path, "wb") as handle, zipfile.ZipFile(handle, "w", zipfile.ZIP_STORED) as archive:
        for name in names:
            archive.write(folder / name, arcname=name)
