"""PDF through LibreOffice (soffice) in headless mode.

Each conversion gets its own LibreOffice profile folder, so concurrent conversions (a batch,
a portal) do not fight over one profile's lock, and a time limit, so a hung soffice does not
hang the caller. Fonts: thaidoc ships a fontconfig file (``thaidoc/fontconfig/fonts.conf``)
that includes the system configuration and lets TH SarabunIT๙, TH SarabunPSK and TH Sarabun
New stand in for one another, falling back to Laksaman (Debian's fonts-tlwg-laksaman, derived
from TH SarabunPSK), so a machine with any one of them lays the letter out with the right
metrics.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from thaidoc.errors import ConversionError

__all__ = ["to_pdf", "soffice_path", "fontconfig_file", "DEFAULT_TIMEOUT"]

DEFAULT_TIMEOUT = 120.0


def soffice_path() -> str | None:
    """The LibreOffice executable, or None. ``THAIDOC_SOFFICE`` overrides the search."""
    configured = os.environ.get("THAIDOC_SOFFICE")
    if configured:
        return configured if Path(configured).exists() else shutil.which(configured)
    return shutil.which("soffice") or shutil.which("libreoffice")


def fontconfig_file() -> Path:
    """The bundled fonts.conf (aliases for the Thai government fonts)."""
    return Path(__file__).resolve().parents[1] / "fontconfig" / "fonts.conf"


def to_pdf(docx: bytes, *, timeout: float = DEFAULT_TIMEOUT, soffice: str | None = None) -> bytes:
    """Convert .docx bytes to PDF bytes with LibreOffice.

    Raises :class:`~thaidoc.errors.ConversionError` when LibreOffice is not installed, times
    out or produces nothing.
    """
    exe = soffice or soffice_path()
    if exe is None:
        raise ConversionError("LibreOffice (soffice) is not installed, so no PDF can be made",
                              expected="soffice on PATH (Debian/Ubuntu: apt-get install libreoffice-writer)")
    with tempfile.TemporaryDirectory(prefix="thaidoc-pdf-") as work:
        folder = Path(work)
        source = folder / "document.docx"
        source.write_bytes(docx)
        profile = folder / "profile"
        env = dict(os.environ)
        config = fontconfig_file()
        if config.is_file() and "FONTCONFIG_FILE" not in os.environ:
            env["FONTCONFIG_FILE"] = str(config)
        env.setdefault("HOME", str(folder))  # soffice writes to $HOME; a service account may have none
        command = [
            exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--nologo",
            "--nodefault", "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(folder), str(source),
        ]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env,
                                    stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise ConversionError(f"LibreOffice did not finish the PDF within {timeout:g} seconds") from None
        except OSError as exc:
            raise ConversionError(f"cannot run LibreOffice: {exc.strerror}", found=exe) from None
        output = folder / "document.pdf"
        if result.returncode != 0 or not output.is_file():
            detail = (result.stderr or result.stdout).strip().splitlines()
            raise ConversionError("LibreOffice could not convert the document to PDF",
                                  found=detail[-1] if detail else f"exit code {result.returncode}")
        return output.read_bytes()
