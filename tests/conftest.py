"""Shared fixtures. ``../shared`` (seed documents, the real emblem and font) exists in CI and
on developer machines but not on a user's: tests that need it skip cleanly without it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("THAIDOC_SHARED", REPO.parent / "shared"))
SEEDS = SHARED / "seeds"
ASSETS = SHARED / "assets"

SEED_CIRCULAR_CHIANG_RAI = "000_ec0edc82635bff2b.txt"
SEED_ALLOCATION_CHACHOENGSAO = "001_6fcf3ae44a638f05.txt"
SEED_SUPERVISION_PLAN = "002_94abadab182a54d7.txt"


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present on this machine")
    return SEEDS


@pytest.fixture(scope="session")
def seed_text(seeds_dir: Path):
    def read(name: str) -> str:
        return (seeds_dir / name).read_text(encoding="utf-8")

    return read


@pytest.fixture(scope="session")
def garuda_png() -> Path:
    path = ASSETS / "garuda.png"
    if not path.is_file():
        pytest.skip("../shared/assets/garuda.png is not present on this machine")
    return path


@pytest.fixture(scope="session")
def sarabun_font() -> Path:
    path = ASSETS / "THSarabunNew.ttf"
    if not path.is_file():
        pytest.skip("../shared/assets/THSarabunNew.ttf is not present on this machine")
    return path


@pytest.fixture(scope="session")
def soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    return exe


def announcement_template(body: bytes) -> bytes:
    """The bundled announcement template with its body replaced by one paragraph holding
    ``body`` (raw XML text: a template under test, escaped or not as the test wants)."""
    import io
    import zipfile

    source = zipfile.ZipFile(REPO / "templates" / "letters" / "announcement.docx")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                start, end = data.index(b"<w:body>") + len(b"<w:body>"), data.index(b"<w:sectPr>")
                data = data[:start] + b'<w:p><w:r><w:t xml:space="preserve">' + body + b"</w:t></w:r></w:p>" + data[end:]
            out.writestr(info, data)
    return buffer.getvalue()
