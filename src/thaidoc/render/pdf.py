"""PDF through LibreOffice (soffice) in headless mode.

Each conversion gets its own LibreOffice profile folder, so concurrent conversions (a batch,
a portal) do not fight over one profile's lock, and a time limit, so a hung soffice does not
hang the caller. Fonts: thaidoc ships a fontconfig file (``thaidoc/fontconfig/fonts.conf``)
that includes the system configuration and lets TH SarabunIT๙, TH SarabunPSK and TH Sarabun
New stand in for one another, falling back to Laksaman (Debian's fonts-tlwg-laksaman, derived
from TH SarabunPSK), so a machine with any one of them lays the letter out with the right
metrics.

Thai page numbers: Word draws ``PAGE \\* ThaiArabic`` as ๒, but LibreOffice reads that switch as
Thai *letters* (ข). For the PDF only, the switch becomes ``\\* Arabic`` and LibreOffice runs with
contextual numerals, which draws digits in Thai text (the page number's run is marked Thai) as
Thai digits; digits in Latin text such as an e-mail address stay as they are. LibreOffice keeps
"2" as the text of such a digit (what copy and search give); ``pdf_layout.finish_pdf`` makes it ๒.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path

from thaidoc.errors import ConversionError
from thaidoc.office import soffice_path
from thaidoc.ooxml import check_archive
from thaidoc.render import fonts, pdf_layout
from thaidoc.render.processes import run_soffice

__all__ = ["to_pdf", "convert_documents", "soffice_path", "fontconfig_file", "needs_thai_numerals", "DEFAULT_TIMEOUT"]

DEFAULT_TIMEOUT = 120.0
#: what a .docx given for conversion may hold: far above any letter (a 40-page circular with
#: scanned images is a few MB), far below what hurts a server; as the reader's limits
MAX_ENTRIES, MAX_UNPACKED_BYTES, MAX_RATIO = 2000, 300 * 1024 * 1024, 200


def fontconfig_file() -> Path:
    """The bundled fonts.conf (aliases for the Thai government fonts)."""
    return Path(__file__).resolve().parents[1] / "fontconfig" / "fonts.conf"


_PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/I18N/CTL"><prop oor:name="CTLTextNumerals" oor:op="fuse">
<value>{numerals}</value></prop></item>
</oor:items>
"""
_THAI_PAGE_FIELD = re.compile(rb"\\\* ThaiArabic\b")
_HEADER_OR_FOOTER = re.compile(r"^word/(header|footer)[^/]*\.xml$")


def for_libreoffice(docx: bytes) -> tuple[bytes, bool]:
    """The document as LibreOffice should read it, and whether it needs contextual numerals.

    Thai page numbers as described above, and the layout changes of
    :func:`thaidoc.render.pdf_layout.for_pdf` (justification LibreOffice can draw). A document
    that needs neither comes back as it is.
    """
    archive = zipfile.ZipFile(io.BytesIO(docx))
    # a portal's bytes may be anyone's: a zip bomb is refused before anything is inflated
    check_archive(archive.infolist(), source=None, kind=".docx", max_entries=MAX_ENTRIES,
                  max_total=MAX_UNPACKED_BYTES, max_ratio=MAX_RATIO, error=ConversionError)
    names = archive.namelist()
    numerals = _needs_thai_numerals(archive)
    if not numerals and not any(pdf_layout.needs_changes(n, archive.read(n)) for n in names):
        return docx, False
    buffer = io.BytesIO()
    # stored, not compressed: the copy only goes to LibreOffice, through a temporary file, and
    # compressing it cost more than the rest of the preparation
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as out:
        for info in archive.infolist():
            data = archive.read(info)
            if _HEADER_OR_FOOTER.match(info.filename):
                data = _THAI_PAGE_FIELD.sub(rb"\\* Arabic", data)
            out.writestr(zipfile.ZipInfo(info.filename, info.date_time), pdf_layout.for_pdf(info.filename, data),
                         compress_type=zipfile.ZIP_STORED)
    return buffer.getvalue(), numerals


def needs_thai_numerals(docx: bytes) -> bool:
    """Whether LibreOffice needs contextual numerals for ``docx`` (as :func:`for_libreoffice`
    says), found without preparing the document: a converter starting its offices asks this
    and need not wait for the layout changes (and their word list) first.

    Raises ``zipfile.BadZipFile`` when ``docx`` is not a zip archive.
    """
    return _needs_thai_numerals(zipfile.ZipFile(io.BytesIO(docx)))


def _needs_thai_numerals(archive: zipfile.ZipFile) -> bool:
    return any(_HEADER_OR_FOOTER.match(n) and _THAI_PAGE_FIELD.search(archive.read(n)) for n in archive.namelist())


def soffice_profile(folder: Path, *, thai_numerals: bool) -> tuple[Path, dict[str, str]]:
    """A private LibreOffice profile in ``folder`` and the environment to run soffice with.

    Used by :func:`convert_documents` (for :func:`to_pdf`) and by each office of a
    :class:`~thaidoc.render.converter.PdfConverter` (the portal's and the batch's).
    """
    profile = folder / "profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    # 3 = contextual numerals (digits follow the language of the text), 0 = as typed
    (profile / "user" / "registrymodifications.xcu").write_text(
        _PROFILE_SETTINGS.format(numerals=3 if thai_numerals else 0), encoding="utf-8")
    fonts.install_metric_font()  # TH Sarabun's widths where TH Sarabun is missing (once per machine)
    env = dict(os.environ)
    config = fontconfig_file()
    if config.is_file() and "FONTCONFIG_FILE" not in os.environ:
        env["FONTCONFIG_FILE"] = str(config)
    env.setdefault("HOME", str(folder))  # soffice writes to $HOME; a service account may have none
    return profile, env


def convert_documents(documents: Sequence[tuple[str, bytes]], folder: Path, *,
                      timeout: float = DEFAULT_TIMEOUT,
                      soffice: str | None = None) -> tuple[dict[str, Path], ConversionError | None]:
    """Convert ``(name, docx bytes)`` documents to PDF with one LibreOffice start.

    ``folder`` is an empty scratch folder the caller owns (and removes); the documents, the
    private profile and the PDFs go in it. Each document is prepared as :func:`for_libreoffice`
    says (contextual numerals for the whole run when any document needs them). Returns the PDFs
    LibreOffice produced (name -> non-empty PDF in ``folder``) and, when soffice failed, timed
    out or could not be started, the problem (None when it succeeded). Names are plain file
    names, unique within the call.

    Raises :class:`~thaidoc.errors.ConversionError` when LibreOffice is not installed or a
    document is not a .docx.
    """
    exe = soffice or soffice_path()
    if exe is None:
        raise ConversionError("LibreOffice (soffice) is not installed, so no PDF can be made",
                              expected="soffice on PATH (Debian/Ubuntu: apt-get install libreoffice-writer)")
    sources, target = folder / "docx", folder / "pdf"
    sources.mkdir()
    thai_numerals = False
    for name, docx in documents:
        try:
            prepared, needs_numerals = for_libreoffice(docx)
        except zipfile.BadZipFile:
            raise ConversionError("not a .docx document (not a zip archive)") from None
        (sources / name).write_bytes(prepared)
        thai_numerals = thai_numerals or needs_numerals
    profile, env = soffice_profile(folder, thai_numerals=thai_numerals)
    command = [
        exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--nologo",
        "--nodefault", "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(target),
        *(str(sources / name) for name, _ in documents),
    ]
    problem: ConversionError | None = None
    try:
        result = run_soffice(command, env=env, timeout=timeout)
    except subprocess.TimeoutExpired:
        problem = ConversionError(f"LibreOffice ทำ PDF ไม่เสร็จภายใน {timeout:g} วินาที / LibreOffice did not finish "
                                  f"the PDF within {timeout:g} seconds")
    except OSError as exc:
        problem = ConversionError(f"cannot run LibreOffice: {exc.strerror}", found=exe)
    else:
        if result.returncode != 0:
            problem = _failed(result)
    produced = {}
    for name, _ in documents:
        pdf = target / Path(name).with_suffix(".pdf")
        if pdf.is_file() and pdf.stat().st_size > 0:
            produced[name] = pdf
            pdf_layout.finish_pdf(pdf)
    if problem is None and len(produced) < len(documents):
        problem = _failed(result)
    return produced, problem


def _failed(result: subprocess.CompletedProcess[str]) -> ConversionError:
    detail = (result.stderr or result.stdout).strip().splitlines()
    return ConversionError("LibreOffice could not convert the document to PDF",
                           found=detail[-1] if detail else f"exit code {result.returncode}")


def to_pdf(docx: bytes, *, timeout: float = DEFAULT_TIMEOUT, soffice: str | None = None) -> bytes:
    """Convert .docx bytes to PDF bytes with LibreOffice.

    Raises :class:`~thaidoc.errors.ConversionError` when LibreOffice is not installed, times
    out or produces nothing.
    """
    with tempfile.TemporaryDirectory(prefix="thaidoc-pdf-") as work:
        produced, problem = convert_documents([("document.docx", docx)], Path(work), timeout=timeout,
                                              soffice=soffice)
        if problem is not None:
            raise problem
        return produced["document.docx"].read_bytes()
