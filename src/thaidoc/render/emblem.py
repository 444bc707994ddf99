"""The ครุฑ emblem: an image setting, never a file in the repository.

Templates carry a neutral placeholder image named ``emblem`` that reserves the space (3 cm
high, 1.5 cm on memos). At render time its bytes are replaced by the configured emblem and
its width follows the image's aspect ratio while the height stays. Where the emblem comes
from, first match wins: the ``emblem=`` argument (``--emblem``), the data's ``emblem:``,
the ``THAIDOC_EMBLEM`` environment variable, else the template's own image.
"""

from __future__ import annotations

import hashlib
import os
import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from thaidoc.data import checked_input, granted_file, read_limited
from thaidoc.errors import RenderError

__all__ = ["Emblem", "resolve_emblem", "ENV_VAR", "MAX_EMBLEM_BYTES"]

ENV_VAR = "THAIDOC_EMBLEM"
MAX_EMBLEM_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Emblem:
    """Image bytes with their format and pixel size (only the aspect ratio matters)."""

    data: bytes
    extension: str  # "png" or "jpeg"
    width: int
    height: int

    @property
    def digest(self) -> str:
        """Identifies the image's bytes (prepared templates cache their output per emblem)."""
        cached = self.__dict__.get("_digest")
        if cached is None:
            cached = hashlib.sha256(self.data).hexdigest()
            object.__setattr__(self, "_digest", cached)
        return cached

    @classmethod
    def from_bytes(cls, data: bytes, *, name: str = "<emblem>") -> "Emblem":
        if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR" and len(data) >= 24:
            width, height = struct.unpack(">II", data[16:24])
            return cls._checked(data, "png", width, height, name)
        if data.startswith(b"\xff\xd8"):
            width, height = _jpeg_size(data, name)
            return cls._checked(data, "jpeg", width, height, name)
        # the file's bytes are not echoed: the path may come from data a portal user wrote
        raise RenderError("the emblem must be a PNG or JPEG image", source=name,
                          found="a file that is neither")

    @classmethod
    def _checked(cls, data: bytes, extension: str, width: int, height: int, name: str) -> "Emblem":
        if width <= 0 or height <= 0:
            raise RenderError("the emblem image has no size", source=name, found=f"{width}x{height}")
        return cls(data, extension, width, height)

    @classmethod
    def from_path(cls, path: str | os.PathLike[str]) -> "Emblem":
        source = Path(path)
        checked_input(source, limit=MAX_EMBLEM_BYTES, too_large="the emblem image is too large", error=RenderError)
        info = source.stat()
        return _load_cached(str(source.resolve()), info.st_mtime_ns, info.st_size)


@lru_cache(maxsize=16)
def _load_cached(path: str, mtime_ns: int, size: int) -> Emblem:
    # keyed by modification time and size: a batch reads the emblem once, an edited file is re-read
    data = read_limited(path, limit=MAX_EMBLEM_BYTES, too_large="the emblem image is too large", error=RenderError)
    return Emblem.from_bytes(data, name=path)


def _jpeg_size(data: bytes, name: str) -> tuple[int, int]:
    index = 2
    while index + 9 < len(data):
        if data[index] != 0xFF:
            index += 1
            continue
        marker = data[index + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            index += 2
            continue
        length = struct.unpack(">H", data[index + 2:index + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[index + 5:index + 9])
            return width, height
        index += 2 + length
    raise RenderError("cannot find the size of the JPEG emblem", source=name)


def resolve_emblem(explicit: str | os.PathLike[str] | Emblem | None, from_data: str | None = None, *,
                   base: str | os.PathLike[str] | None = None) -> Emblem | None:
    """The emblem to use, or None to keep the template's own image.

    ``explicit`` (``--emblem``, ``emblem=``) and ``$THAIDOC_EMBLEM`` are the caller's
    settings. The data's ``emblem:`` is a file named by data: it must lie inside the folder
    the caller granted (``base``, the data file's folder), like every file data names
    (:func:`thaidoc.data.granted_file`).
    """
    if isinstance(explicit, Emblem):
        return explicit
    if explicit:
        return Emblem.from_path(explicit)
    if from_data:
        return Emblem.from_path(granted_file(from_data, base_dir=base, location="emblem"))
    configured = os.environ.get(ENV_VAR)
    if configured:
        return Emblem.from_path(Path(configured).expanduser())
    return None
