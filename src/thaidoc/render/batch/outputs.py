"""The batch's packaging steps: a PDF of every letter (many per LibreOffice start) and the zip."""

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
from thaidoc.render.pdf import DEFAULT_TIMEOUT, convert_documents, soffice_path

__all__ = ["convert_pdfs", "write_zip", "pdf_name", "pdf_fingerprint"]


def pdf_name(name: str) -> str:
    return str(Path(name).with_suffix(".pdf"))


def pdf_fingerprint(fingerprint: str) -> str:
    return digest(fingerprint, "pdf")


def convert_pdfs(folder: Path, names: list[str], journal: Journal, fingerprints: Mapping[str, str], *,
                 force: bool = False, jobs: int = 1) -> tuple[int, list[str]]:
    """Convert the documents whose PDF is missing or stale, many per LibreOffice start.

    Starting soffice costs seconds, so each call converts a chunk of files; chunks run in
    parallel (``jobs``), each with its own profile. soffice writes in place, so it writes into
    a temporary folder and each finished PDF is renamed into the output folder.
    """
    folder = folder.resolve()  # soffice needs absolute paths (and a file:// URI for its profile)
    todo = [name for name in names
            if force or not journal.is_current(pdf_name(name), pdf_fingerprint(fingerprints[name]))]
    if not todo:
        return 0, []
    soffice = soffice_path()
    if soffice is None:
        raise ConversionError("--pdf needs LibreOffice (soffice), which is not installed",
                              expected="soffice on PATH, or leave out --pdf")

    def convert(chunk: list[str]) -> tuple[list[str], list[str]]:
        with tempfile.TemporaryDirectory(prefix=TEMP_PREFIX + "pdf-", dir=folder) as tmp:
            # a failed or timed-out run still keeps the PDFs it made; the others are reported below
            produced, _ = convert_documents([(name, (folder / name).read_bytes()) for name in chunk],
                                            Path(tmp), timeout=DEFAULT_TIMEOUT + 10 * len(chunk),
                                            soffice=soffice)
            done, failed = [], []
            for name in chunk:
                if name in produced:
                    os.replace(produced[name], folder / pdf_name(name))
                    done.append(name)
                else:
                    failed.append(f"{name}: LibreOffice did not produce a PDF")
            return done, failed

    chunks = [todo[i:i + 25] for i in range(0, len(todo), 25)]
    written = 0
    failures: list[str] = []
    with ThreadPoolExecutor(max(1, min(jobs, len(chunks)))) as pool:
        for done, failed in pool.map(convert, chunks):
            sync_files(folder, [pdf_name(name) for name in done])
            for name in done:
                journal.record(pdf_name(name), pdf_fingerprint(fingerprints[name]))
            written += len(done)
            failures.extend(failed)
    return written, failures


def write_zip(path: Path, folder: Path, names: list[str]) -> None:
    """One zip of the letters, streamed from disk (documents are already compressed: stored)."""
    with atomic_output(path, "wb") as handle, zipfile.ZipFile(handle, "w", zipfile.ZIP_STORED) as archive:
        for name in names:
            archive.write(folder / name, arcname=name)
