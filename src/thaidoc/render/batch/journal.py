"""Resuming safely: the journal of completed files, fingerprints, syncing, and one batch per folder.

See :mod:`thaidoc.render.batch` for how a rerun decides what is up to date.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import json
import os
import shutil
import sys
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from thaidoc.errors import DataError
from thaidoc.files import TEMP_PREFIX, atomic_output

__all__ = ["JOURNAL_NAME", "JOURNAL_FORMAT", "Journal", "canonical_json", "digest", "remove_leftover_temp_files",
           "sync_files", "FolderLock", "Syncer"]

#: The resume journal, one JSON line per completed output, kept in the output folder.
JOURNAL_NAME = ".thaidoc-batch.jsonl"
#: Bumped when the journal's or the fingerprint's meaning changes, so old journals are ignored.
JOURNAL_FORMAT = 1


def canonical_json(value: Any) -> str:
    """Stable text for hashing: sorted keys, no spacing; dates and Decimals as their text."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_json_default)


def _json_default(value: Any) -> Any:
    if isinstance(value, (Decimal, _dt.date, _dt.time, Path)):
        return str(value)
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"cannot fingerprint a {type(value).__name__}")


def digest(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


@dataclass(slots=True)
class _Entry:
    fingerprint: str
    size: int
    mtime_ns: int


class Journal:
    """What a previous run completed in an output folder (see the module docstring).

    The journal is append-only while a batch runs (one ``write`` per completed file, so a
    ``kill -9`` loses at most the line being written) and rewritten compactly, atomically, at
    the end of a run.
    """

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)
        self.path = self.folder / JOURNAL_NAME
        self.entries: dict[str, _Entry] = {}
        self._handle: Any = None
        self._load()

    def _load(self) -> None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except (FileNotFoundError, UnicodeDecodeError):
            return
        for line in text.splitlines():
            try:
                record = json.loads(line)
                if record.get("format") != JOURNAL_FORMAT:
                    continue
                self.entries[record["name"]] = _Entry(record["fingerprint"], int(record["size"]),
                                                      int(record["mtime_ns"]))
            except (ValueError, KeyError, TypeError, AttributeError):
                continue  # a line cut short by a kill, or not ours: the file is simply redone

    def is_current(self, name: str, fingerprint: str) -> bool:
        """True when ``name`` was completed from the same inputs and is untouched since."""
        entry = self.entries.get(name)
        if entry is None or entry.fingerprint != fingerprint:
            return False
        try:
            stat = (self.folder / name).stat()
        except OSError:
            return False
        return stat.st_size == entry.size and stat.st_mtime_ns == entry.mtime_ns

    def record(self, name: str, fingerprint: str) -> None:
        """Note that ``name`` (already renamed into place) is complete."""
        stat = (self.folder / name).stat()
        entry = _Entry(fingerprint, stat.st_size, stat.st_mtime_ns)
        if name in self.entries:  # an older line for it is now stale
            self.entries[name] = entry
        # New names are not kept in memory (a 75,032-row batch would hold them all): the
        # file has them, and nothing asks about a letter after it is recorded in this run.
        if self._handle is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._handle = self.path.open("a", encoding="utf-8")
        self._handle.write(json.dumps({"format": JOURNAL_FORMAT, "name": name, "fingerprint": fingerprint,
                                       "size": entry.size, "mtime_ns": entry.mtime_ns},
                                      ensure_ascii=False) + "\n")
        self._handle.flush()

    def close(self, *, compact: bool = True) -> None:
        """Stop appending; with ``compact``, rewrite the journal with one line per file that
        still exists (only needed when an earlier run left lines: a first run has no stale
        ones)."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        if not compact or not self.entries:
            return

        latest: dict[str, str] = {}
        with self.path.open(encoding="utf-8") as lines:
            for line in lines:
                try:
                    record = json.loads(line)
                    if record.get("format") == JOURNAL_FORMAT:
                        latest[record["name"]] = line if line.endswith("\n") else line + "\n"
                except (ValueError, KeyError, TypeError, AttributeError):
                    continue
        with atomic_output(self.path, "w") as handle:
            for name, line in latest.items():
                if (self.folder / name).exists():
                    handle.write(line)


def remove_leftover_temp_files(folder: str | os.PathLike[str]) -> list[Path]:
    """Delete temporary files an interrupted run left in ``folder`` (only thaidoc's own)."""
    removed: list[Path] = []
    root = Path(folder)
    if not root.is_dir():
        return removed
    for entry in root.iterdir():
        if entry.name.startswith(TEMP_PREFIX):
            with contextlib.suppress(OSError):
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry)
                else:
                    entry.unlink()
                removed.append(entry)
    return removed


class Syncer:
    """Journal written files in groups, after one file-system sync per group.

    A journal line promises a complete file, so it may only be written once the file's data
    is on disk. One ``fsync`` per file costs more than rendering the letter; one ``syncfs``
    per group of files (at most every half second) costs almost nothing. After a power cut,
    files written since the last sync have no journal line and are redone.
    """

    def __init__(self, folder: Path, journal: Journal, *, group: int = 128, seconds: float = 0.5) -> None:
        self.folder, self.journal, self.group, self.seconds = folder, journal, group, seconds
        self.pending: list[tuple[str, str]] = []
        self._clock = time.monotonic
        self.last = self._clock()

    def add(self, name: str, fingerprint: str) -> None:
        self.pending.append((name, fingerprint))
        if len(self.pending) >= self.group or self._clock() - self.last >= self.seconds:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            sync_files(self.folder, [name for name, _ in self.pending])
            for name, fingerprint in self.pending:
                self.journal.record(name, fingerprint)
            self.pending.clear()
        self.last = self._clock()


def sync_files(folder: Path, names: list[str]) -> None:
    """Force the files (and their renames) to disk: one syncfs on Linux, else fsync each."""
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            fd = os.open(folder, os.O_RDONLY)
            try:
                if libc.syncfs(fd) == 0:
                    return
            finally:
                os.close(fd)
        except (OSError, AttributeError):
            pass
    for name in names:
        with contextlib.suppress(OSError):
            fd = os.open(folder / name, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)  # the renames live in the folder
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class FolderLock:
    """One batch at a time per output folder (two would fight over the journal)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / ".thaidoc-batch.lock"
        self.handle: Any = None

    def __enter__(self) -> "FolderLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.handle = self.path.open("a")
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: no advisory lock
            return self
        try:
            fcntl.flock(self.handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self.handle.close()
            raise DataError("another thaidoc batch is writing to this folder", source=str(self.path.parent),
                            expected="one batch per output folder at a time") from None
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.handle is not None:
            self.handle.close()
