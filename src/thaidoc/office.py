"""LibreOffice (soffice), found and run the one way thaidoc runs it.

Rendering uses it to make PDFs (:mod:`thaidoc.render.pdf`) and reading uses it to turn an
issued .odt or .doc into a .docx (:mod:`thaidoc.read.extract`), so finding the executable and
running it safely live here, below both: a private profile per run (concurrent runs do not
fight over one profile's lock), a time limit, and on timeout the whole process group killed
and reaped, so a hung ``soffice.bin`` never stays behind.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from collections.abc import Sequence
from pathlib import Path

__all__ = ["soffice_path", "run_soffice", "SofficeTimeout"]


def soffice_path() -> str | None:
    """The LibreOffice executable, or None. ``THAIDOC_SOFFICE`` overrides the search."""
    configured = os.environ.get("THAIDOC_SOFFICE")
    if configured:
        return configured if Path(configured).exists() else shutil.which(configured)
    return shutil.which("soffice") or shutil.which("libreoffice")


class SofficeTimeout(Exception):
    """soffice ran past its time limit (it has been killed)."""


def run_soffice(
    exe: str, arguments: Sequence[str], *, profile: Path, timeout: float, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``soffice --headless … arguments`` with the private ``profile`` folder.

    Raises :class:`SofficeTimeout` after ``timeout`` seconds, once every process of the run
    (soffice starts ``soffice.bin`` as a child) is killed; ``OSError`` when it cannot start.
    """
    command = [
        exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--nologo",
        "--nodefault", *arguments,
    ]
    environment = dict(env if env is not None else os.environ)
    environment.setdefault("HOME", str(profile.parent))
    with subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        errors="replace", env=environment, start_new_session=True,
    ) as process:
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            raise SofficeTimeout(f"soffice did not finish within {timeout:g} s") from None
        except BaseException:
            _kill_group(process)
            raise
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def _kill_group(process: subprocess.Popen[str]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        process.kill()
    process.communicate()
