"""One letter per row of a CSV or .xlsx file: fast, safe to interrupt, resumable.

A batch is a letter (its YAML/JSON data) plus a table of rows. The first row of the table
names the fields; every later row overrides or extends the letter's data, nested fields by
dotted names (``recipient.name``, ``amounts.allocation``, ``attachments[0].title``). Cells
stay text: the letter's model converts them (amounts become ``Decimal`` through the model's
own validators, never through float).

Speed comes from doing the expensive work once: the template is read, preprocessed and
compiled once per batch (once per worker process with ``jobs > 1``) and every row only
validates its data and renders the already-compiled template.

Safety comes from :mod:`thaidoc.files`: every output is written to a temporary name and
renamed when complete, so an interrupted batch (Ctrl-C, ``kill -9``) leaves only complete
documents under their real names. Resuming is decided by a journal in the output folder
(``.thaidoc-batch.jsonl``): once a group of documents is on disk (one ``syncfs`` per group,
see :class:`Syncer`), one JSON line per document records its name, its size and modification
time, and a fingerprint of everything it was made from (the template's bytes, the letter's
data, the row, the emblem, the font, the thaidoc version). A rerun skips a document whose file
still matches its journal line and whose fingerprint is unchanged, and redoes anything else; a
line cut short by a kill is ignored, so the worst case is redoing a document (also after a
power cut, which may damage documents written since the last sync: they have no line).

:func:`render_many` is the library entry point (``thaidoc.render_many``); :func:`run_batch`
is what ``thaidoc batch`` runs.

The parts: :mod:`~thaidoc.render.batch.rows` (reading the table, applying a row),
:mod:`~thaidoc.render.batch.names` (file names), :mod:`~thaidoc.render.batch.journal`
(resuming), :mod:`~thaidoc.render.batch.letter` (the prepared letter, :func:`render_many`),
:mod:`~thaidoc.render.batch.runner` (the command), :mod:`~thaidoc.render.batch.outputs` (PDFs
and the zip) and :mod:`~thaidoc.render.batch.combine` (one file for printing).
"""

from __future__ import annotations

from thaidoc.render.batch.combine import combine
from thaidoc.render.batch.journal import JOURNAL_NAME, Journal
from thaidoc.render.batch.letter import InconsistentRow, LetterSpec, PreparedLetter, letter_spec, render_many
from thaidoc.render.batch.names import NamePattern, sanitize_filename
from thaidoc.render.batch.rows import Row, apply_row, cell_text, parse_field_path, read_header, read_rows
from thaidoc.render.batch.runner import BatchOptions, BatchSummary, RowResult, run_batch

__all__ = [
    "render_many",
    "run_batch",
    "BatchOptions",
    "BatchSummary",
    "RowResult",
    "PreparedLetter",
    "LetterSpec",
    "InconsistentRow",
    "letter_spec",
    "combine",
    "Row",
    "read_rows",
    "read_header",
    "apply_row",
    "parse_field_path",
    "NamePattern",
    "sanitize_filename",
    "cell_text",
    "Journal",
    "JOURNAL_NAME",
]
