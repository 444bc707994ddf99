"""Writing output files so that a reader never sees half of one.

Every file thaidoc produces goes through :func:`write_atomic`: the bytes are written to a
temporary file in the destination folder, flushed to disk, then renamed over the target. A
crash, Ctrl-C or ``kill -9`` leaves either the old file or the complete new one, never a
truncated document (a truncated .docx is a corrupt zip that Word refuses to open).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

__all__ = ["write_atomic", "atomic_output", "TEMP_PREFIX"]

#: Temporary files start with this, so a resumed batch can recognise and remove leftovers.
TEMP_PREFIX = ".thaidoc-tmp-"


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike[str], mode: str = "wb", *, durable: bool = True) -> Iterator[IO[Any]]:
    """Open a temporary file beside ``path``; on success rename it to ``path``.

    On any exception the temporary file is removed and ``path`` is untouched. With
    ``durable=False`` the data is not forced to disk before the rename: the file is still
    never seen half-written by a reader or after a kill, but after a power cut it may be lost;
    a batch uses this and syncs once per group of files instead of once per file.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=target.suffix, dir=target.parent)
    try:
        handle: IO[Any] = os.fdopen(fd, mode) if "b" in mode else os.fdopen(fd, mode, encoding="utf-8")
        with handle:
            yield handle
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise


def write_atomic(path: str | os.PathLike[str], data: bytes | str, *, durable: bool = True) -> Path:
    """Write ``data`` to ``path`` atomically and return the path (``durable``: see atomic_output).

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> write_atomic(folder / "a.txt", "สวัสดี").read_text(encoding="utf-8")
    'สวัสดี'
    >>> [p.name for p in folder.iterdir()]
    ['a.txt']
    """
    with atomic_output(path, "wb" if isinstance(data, bytes) else "w", durable=durable) as handle:
        handle.write(data)
    return Path(path)
