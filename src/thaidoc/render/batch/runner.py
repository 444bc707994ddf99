"""``thaidoc batch``: plan the rows, render them (in worker processes), resume, package."""

from __future__ import annotations

import difflib
import json
import os
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from thaidoc.errors import DataError, ThaidocError
from thaidoc.files import TEMP_PREFIX, atomic_output, write_atomic
from thaidoc.render.batch.combine import write_combined
from thaidoc.render.batch.journal import FolderLock, Journal, Syncer, canonical_json, digest, remove_leftover_temp_files
from thaidoc.render.batch.letter import InconsistentRow, LetterSpec, PreparedLetter, letter_spec
from thaidoc.render.batch.names import NamePattern
from thaidoc.render.batch.outputs import convert_pdfs, pdf_fingerprint, pdf_name, pdf_offices, write_zip
from thaidoc.render.batch.rows import parse_field_path, read_header, read_rows
from thaidoc.render.converter import PdfConverter

__all__ = ["BatchOptions", "BatchSummary", "RowResult", "run_batch"]


@dataclass(slots=True)
class RowResult:
    """What happened to one row; ``status`` is written, up-to-date or failed."""

    seq: int
    row: int
    name: str | None
    status: str
    errors: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"row": self.row, "seq": self.seq, "file": self.name, "status": self.status}
        if self.errors:
            out["errors"] = self.errors
        if self.findings:
            out["findings"] = self.findings
        return out


@dataclass(slots=True)
class BatchOptions:
    letter: Path
    rows: Path
    output: Path | None = None
    name: str | None = None
    zip: Path | None = None
    combined: Path | None = None
    pdf: bool = False
    jobs: int = 1
    force: bool = False
    report: Path | None = None
    template: Path | None = None
    emblem: Path | None = None
    font: str | None = None
    allow_inconsistent: bool = False
    encoding: str = "utf-8-sig"
    sheet: str | None = None


@dataclass(slots=True)
class BatchSummary:
    total: int = 0
    written: int = 0
    up_to_date: int = 0
    failed: int = 0
    pdf_written: int = 0
    seconds: float = 0.0
    output: Path | None = None
    zip: Path | None = None
    combined: Path | None = None
    report: Path | None = None
    row_only_fields: list[str] = field(default_factory=list)
    #: the first failures, for the summary on screen (all of them are in the report)
    failures: list[RowResult] = field(default_factory=list)
    interrupted: bool = False

    @property
    def ok(self) -> bool:
        return self.failed == 0 and not self.interrupted


def error_dict(exc: BaseException) -> dict[str, Any]:
    if isinstance(exc, ThaidocError):
        message = exc.message.removeprefix("Value error, ")  # pydantic's wording adds nothing
        out = {"field": exc.location, "message": message, "expected": exc.expected, "found": exc.found}
        return {k: v for k, v in out.items() if v is not None}
    return {"message": f"internal error: {type(exc).__name__}: {exc}"}


# (seq, row number, values, file name, fingerprint)
_Task = tuple[int, int, dict[str, Any], str, str]

_WORKER_LETTER: PreparedLetter | None = None
_WORKER_FOLDER: Path | None = None


def _init_worker(spec: LetterSpec, folder: str) -> None:
    """Runs once in each worker process: prepare the template there, once."""
    import signal

    # Ctrl-C goes to the whole process group; the parent decides (cancel, let running
    # chunks finish their atomic writes), so workers ignore it instead of dying mid-file.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    global _WORKER_LETTER, _WORKER_FOLDER
    _WORKER_LETTER = PreparedLetter(spec)
    _WORKER_FOLDER = Path(folder)


def _die_with_parent() -> None:
    """If the batch is killed (``kill -9``), its workers must not go on writing files and
    holding the folder's lock: on Linux the kernel kills them with their parent."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    parent = os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - no prctl: workers end with the queue
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _render_chunk(tasks: list[_Task]) -> list[RowResult]:
    assert _WORKER_LETTER is not None and _WORKER_FOLDER is not None
    return [_render_task(_WORKER_LETTER, _WORKER_FOLDER, task) for task in tasks]


def _render_task(letter: PreparedLetter, folder: Path, task: _Task) -> RowResult:
    seq, number, values, name, _fingerprint = task
    try:
        data, findings = letter.render(values)
    except InconsistentRow as exc:
        return RowResult(seq, number, name, "failed", errors=[error_dict(exc)],
                         findings=[f.to_dict() for f in exc.findings])
    except ThaidocError as exc:
        return RowResult(seq, number, name, "failed", errors=[error_dict(exc)])
    except Exception as exc:  # a bug must cost one row, not a 75,000-row batch
        return RowResult(seq, number, name, "failed", errors=[error_dict(exc)])
    # Not synced file by file: the batch syncs once per group before journalling (Syncer).
    write_atomic(folder / name, data, durable=False)
    return RowResult(seq, number, name, "written", findings=[f.to_dict() for f in findings])


def _batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _run_parallel(spec: LetterSpec, folder: Path, tasks: Iterable[_Task], jobs: int, chunk_size: int = 16,
                  salvage: Callable[[RowResult], None] | None = None) -> Iterator[RowResult]:
    """Render tasks in ``jobs`` processes, yielding results in order.

    At most a few chunks per worker are in flight, so rows are read from the file only as
    fast as they are rendered (memory stays flat however long the table is). When the batch
    is interrupted, the chunks the workers still finish are handed to ``salvage`` (so that
    their complete letters are journalled, not redone).
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker,
                               initargs=(spec, str(folder)))
    window: deque[Any] = deque()
    try:
        for chunk in _batched(tasks, chunk_size):
            window.append(pool.submit(_render_chunk, chunk))
            while len(window) >= jobs * 3:
                results = window[0].result()
                window.popleft()
                yield from results
        while window:
            results = window[0].result()
            window.popleft()
            yield from results
    except BaseException:
        # Ctrl-C (or an error): drop what has not started; running chunks finish their
        # atomic writes, and what they completed is salvaged.
        pool.shutdown(wait=True, cancel_futures=True)
        if salvage is not None:
            for future in window:
                if future.done() and not future.cancelled() and future.exception() is None:
                    for result in future.result():
                        salvage(result)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


class _ReportWriter:
    """The JSON report, streamed row by row so that 75,032 rows are never held in memory."""

    def __init__(self, path: Path | None, header: dict[str, Any]) -> None:
        self.path = path
        self._context: Any = None
        self._handle: Any = None
        self._first = True
        if path is not None:
            self._context = atomic_output(path, "w")
            self._handle = self._context.__enter__()
            head = json.dumps(header, ensure_ascii=False, indent=2)
            self._handle.write(head[:-2] + ',\n  "rows": [\n')

    def add(self, result: RowResult) -> None:
        if self._handle is None:
            return
        self._handle.write(("" if self._first else ",\n") + "    "
                           + json.dumps(result.to_dict(), ensure_ascii=False, default=str))
        self._first = False

    def finish(self, summary: dict[str, Any]) -> None:
        if self._handle is None:
            return
        self._handle.write('\n  ],\n  "summary": ' + json.dumps(summary, ensure_ascii=False) + "\n}\n")
        self._context.__exit__(None, None, None)
        self._handle = None

    def abort(self, exc: BaseException) -> None:
        if self._handle is not None:
            self._context.__exit__(type(exc), exc, exc.__traceback__)
            self._handle = None


def run_batch(options: BatchOptions, *, on_start: Callable[[int], None] | None = None,
              on_row: Callable[[RowResult], None] | None = None,
              on_phase: Callable[[str], None] | None = None) -> BatchSummary:
    """Run a batch as ``thaidoc batch`` does (see :mod:`thaidoc.cli.batch`).

    ``on_start(total)`` is called once the rows are counted, ``on_row(result)`` for each row
    in order and ``on_phase(text)`` before the PDF, zip and combined steps (for a progress bar).
    Raises :class:`DataError` for problems that stop the whole batch (unreadable letter or
    table, bad name pattern, two rows giving the same file name).
    """
    started = time.perf_counter()
    spec = letter_spec(options.letter, template=options.template, emblem=options.emblem, font=options.font,
                       allow_inconsistent=options.allow_inconsistent)
    letter = PreparedLetter(spec)
    header = read_header(options.rows, encoding=options.encoding, sheet=options.sheet)
    row_only = _check_columns(letter, header, str(options.rows))

    if options.output is None and options.zip is None and options.combined is None:
        raise DataError("say where the letters go", expected="-o FOLDER, --zip FILE or --combined FILE")
    summary = BatchSummary(output=options.output, zip=options.zip, combined=options.combined,
                           report=options.report, row_only_fields=row_only)

    scratch: tempfile.TemporaryDirectory[str] | None = None
    package = options.zip or options.combined
    if options.output is not None:
        folder = options.output
    elif package is not None:  # only a zip or a combined file: the single letters are scratch
        anchor = package.resolve().parent
        anchor.mkdir(parents=True, exist_ok=True)
        scratch = tempfile.TemporaryDirectory(prefix=TEMP_PREFIX + "batch-", dir=anchor)
        folder = Path(scratch.name)

    converter = PdfConverter(processes=pdf_offices(options.jobs)) if options.pdf else None
    warming = False
    try:
        with FolderLock(folder):
            remove_leftover_temp_files(folder)
            journal = Journal(folder)
            plan, failed_early, total = _plan(letter, options, header)
            summary.total = total
            if on_start:
                on_start(total)
            report = _ReportWriter(options.report, {
                "letter": str(options.letter), "rows_file": str(options.rows),
                "output": str(options.output) if options.output else None, "total": total})
            names: list[str] = []
            keep_names = options.pdf or options.zip is not None or options.combined is not None
            results = _execute(letter, spec, options, folder, journal, plan, failed_early)
            try:
                for result in results:
                    if converter is not None and not warming and result.status == "written" and result.name:
                        # LibreOffice starts while the other letters are rendered
                        converter.warm_up((folder / result.name).read_bytes())
                        warming = True
                    if result.status == "failed":
                        summary.failed += 1
                        if len(summary.failures) < 50:
                            summary.failures.append(result)
                    else:
                        if keep_names:  # only the packaging steps need the list
                            names.append(result.name or "")
                        if result.status == "written":
                            summary.written += 1
                        else:
                            summary.up_to_date += 1
                    report.add(result)
                    if on_row:
                        on_row(result)
                if options.pdf:
                    if on_phase:
                        on_phase("PDF")
                    fingerprints = {name: fp for name, fp in zip(plan.names, plan.fingerprints) if name}
                    summary.pdf_written, pdf_failures = convert_pdfs(folder, names, journal, fingerprints,
                                                                      force=options.force, jobs=options.jobs,
                                                                      converter=converter)
                    for message in pdf_failures:
                        summary.failures.append(RowResult(0, 0, None, "failed", errors=[{"message": message}]))
                        summary.failed += 1
                if not names and summary.failed:
                    # Every row failed: no empty zip or combined file, and no "nothing to combine"
                    # error hiding the rows' own errors; the rows are reported and the exit is 1.
                    summary.zip = summary.combined = None
                elif options.zip is not None:
                    if on_phase:
                        on_phase("zip")
                    packed = []
                    for name in names:  # each letter, then its PDF when there is one
                        packed.append(name)
                        if options.pdf and (folder / pdf_name(name)).is_file():
                            packed.append(pdf_name(name))
                    write_zip(options.zip, folder, packed)
                if options.combined is not None and summary.combined is not None:
                    if on_phase:
                        on_phase("combined")
                    write_combined(options.combined, (folder / n for n in names))
            except BaseException as exc:
                summary.interrupted = isinstance(exc, KeyboardInterrupt)
                results.close()  # stop the workers; journal what is complete and synced
                report.abort(exc)
                journal.close(compact=False)
                raise
            summary.seconds = time.perf_counter() - started
            report.finish({"total": summary.total, "written": summary.written, "up_to_date": summary.up_to_date,
                           "failed": summary.failed, "pdf_written": summary.pdf_written,
                           "seconds": round(summary.seconds, 3)})
            journal.close()
    finally:
        if converter is not None:
            converter.close()
        if scratch is not None:
            scratch.cleanup()
    return summary


def _check_columns(letter: PreparedLetter, header: list[str], source: str) -> list[str]:
    """Columns that are not fields of the letter's model are row-only fields (for --name and
    for ``{{ }}`` in the letter's text); one that looks like a misspelt field is an error."""
    row_only = []
    for name in header:
        if letter.is_model_field(name):
            continue
        top = str(parse_field_path(name)[0])
        close = difflib.get_close_matches(top, sorted(letter.fields), n=1, cutoff=0.8)
        if close:
            raise DataError(f"the column {name!r} is not a field of {letter.base.get('kind')}; did you mean "
                            f"{close[0]!r}?", source=source, location="row 1",
                            expected="a field of the letter, or a row-only name unlike any field")
        row_only.append(name)
    return row_only


@dataclass(slots=True)
class _Plan:
    """Per row, what the planning pass decided (kept compact: 75,032 of these fit easily)."""

    names: list[str]
    fingerprints: list[str]


def _plan(letter: PreparedLetter, options: BatchOptions, header: list[str]) -> tuple[_Plan, dict[int, RowResult], int]:
    """First pass over the rows: file names, fingerprints and collisions, before any rendering.

    Two rows giving the same file name would silently overwrite each other, so that stops the
    batch with both row numbers. Rows whose name cannot be made fail alone.
    """
    pattern = NamePattern(options.name, total=None)
    pattern.check_fields([*header, *letter.base])
    names: list[str] = []
    fingerprints: list[str] = []
    failed: dict[int, RowResult] = {}
    seen: dict[str, int] = {}
    collisions: list[str] = []
    count = 0
    if options.name is None:
        count = sum(1 for _ in read_rows(options.rows, encoding=options.encoding, sheet=options.sheet))
        pattern = NamePattern(None, total=count)
    seq = 0
    prefix = letter.fingerprint_base
    for seq, row in enumerate(read_rows(options.rows, encoding=options.encoding, sheet=options.sheet), start=1):
        fingerprints.append(digest(prefix, canonical_json(row.values)))
        if row.problems:
            failed[seq] = RowResult(seq, row.number, None, "failed", errors=list(row.problems))
            names.append("")
            continue
        try:
            name = pattern.format(seq, row.number, letter.data(row.values))
        except ThaidocError as exc:
            failed[seq] = RowResult(seq, row.number, None, "failed", errors=[error_dict(exc)])
            names.append("")
            continue
        names.append(name)
        folded = name.casefold()
        if folded in seen:
            if len(collisions) < 5:
                collisions.append(f"rows {seen[folded]} and {row.number} both give {name!r}")
        else:
            seen[folded] = row.number
    if collisions:
        raise DataError("two rows would write the same file: " + "; ".join(collisions),
                        source=str(options.rows),
                        expected="a --name pattern that differs for every row, e.g. with {seq}")
    return _Plan(names, fingerprints), failed, seq


def _execute(letter: PreparedLetter, spec: LetterSpec, options: BatchOptions, folder: Path,
             journal: Journal, plan: _Plan, failed_early: dict[int, RowResult]) -> Generator[RowResult, None, None]:
    """Second pass: skip what is up to date, render the rest, record each completed file."""
    ready: dict[int, RowResult] = {}

    def tasks() -> Iterator[_Task]:
        rows = read_rows(options.rows, encoding=options.encoding, sheet=options.sheet)
        for seq, row in enumerate(rows, start=1):
            if seq > len(plan.names):
                raise DataError("the rows file changed while the batch was running", source=str(options.rows))
            early = failed_early.get(seq)
            name, fingerprint = plan.names[seq - 1], plan.fingerprints[seq - 1]
            if early is not None:
                ready[seq] = early
            elif not options.force and journal.is_current(name, fingerprint) and (
                    not options.pdf or journal.is_current(pdf_name(name), pdf_fingerprint(fingerprint))):
                ready[seq] = RowResult(seq, row.number, name, "up-to-date")
            else:
                yield (seq, row.number, row.values, name, fingerprint)

    def ordered(results: Iterator[RowResult]) -> Iterator[RowResult]:
        # Skipped rows never reach the workers; put them back in row order.
        next_seq = 1
        for result in results:
            while next_seq < result.seq:
                yield ready.pop(next_seq)
                next_seq += 1
            yield result
            next_seq = result.seq + 1
        while next_seq in ready:
            yield ready.pop(next_seq)
            next_seq += 1

    syncer = Syncer(folder, journal)

    def salvage(result: RowResult) -> None:
        if result.status == "written" and result.name:
            syncer.add(result.name, plan.fingerprints[result.seq - 1])

    jobs = max(1, options.jobs)
    if jobs > 1:
        results: Iterator[RowResult] = _run_parallel(spec, folder, tasks(), jobs, salvage=salvage)
    else:
        results = (_render_task(letter, folder, task) for task in tasks())
    try:
        for result in ordered(results):
            if result.status == "written" and result.name:
                syncer.add(result.name, plan.fingerprints[result.seq - 1])
            yield result
    finally:  # also on Ctrl-C: what is complete is synced and journalled (not after kill -9)
        syncer.flush()
