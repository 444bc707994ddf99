"""Where bundled templates live, installed or in a source checkout."""

from __future__ import annotations

from pathlib import Path

__all__ = ["templates_dir"]


def templates_dir() -> Path:
    """The bundled ``templates/`` folder (``letters/`` and ``forms/`` inside).

    In a wheel the folder is packaged as ``thaidoc/_templates``; in a source checkout or an
    editable install it is the repository's top-level ``templates/``.
    """
    packaged = Path(__file__).with_name("_templates")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "templates"
