"""Comparing two documents: units, alignment, word diff and formatting.

1. Each document is read with :func:`thaidoc.read.extract.extract` and cut into *units*: a
   paragraph of a .docx or a line of a .txt, and a table row. A text file whose lines are
   visibly wrapped (many lines of the same, maximal length) has its paragraphs re-joined.
2. When both letters can be parsed into their parts (ที่, date, เรื่อง, เรียน, body, signer…,
   :func:`thaidoc.read.letter_parts`), every paragraph is labelled with its part.
3. Paragraphs are aligned with :class:`difflib.SequenceMatcher` on their comparison keys
   (normalised text without spaces). Where a run of paragraphs changed, a one-paragraph part
   (ที่, date, เรื่อง, เรียน, closing) is paired with its counterpart first, however much it
   changed; the other paragraphs are paired by similarity. A run whose joined text is the
   same on both sides was only split or joined differently (an address on one or two
   lines) and is not a change.
4. Paired paragraphs that differ get a word-level diff; paragraphs whose text is the same
   are compared for formatting that matters (bold, italic, underline, size, font family).
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from thaidoc.diff.model import Change, DiffResult, FormatDifference, Row, Side
from thaidoc.diff.normalise import comparison_key, normalise_mapped
from thaidoc.diff.values import value_changes
from thaidoc.diff.words import WordOp, cluster_bounds, shared_fraction, similarity, tokenize, word_diff
from thaidoc.errors import ReadError
from thaidoc.read.document import ExtractedDocument
from thaidoc.read.extract import extract, is_page_furniture
from thaidoc.read.letter import letter_parts

__all__ = ["diff", "Unit", "units_of", "DocumentInput"]

DocumentInput = Any  # str | os.PathLike | bytes | ExtractedDocument

#: (bold, italic, underline, size_pt, font) of one character; None when unknown (.txt)
Style = tuple[bool, bool, bool, "float | None", "str | None"]

#: Below this similarity two changed paragraphs are reported as one removed and one added.
PAIRING_THRESHOLD = 0.5
#: Runs of changed paragraphs longer than this are paired greedily in order (quadratic cost).
_MAX_PAIRING = 400


@dataclass(frozen=True)
class Unit:
    """The smallest piece of a document that is aligned: a paragraph or a table row."""

    at: Side
    text: str
    key: str
    styles: tuple[Style, ...] | None = None  # one per character of ``text``
    part: str | None = None


# ------------------------------------------------------------------------------------ input


def _extract(source: DocumentInput, name: str | None) -> Any:
    if isinstance(source, ExtractedDocument):
        return source
    if isinstance(source, (str, os.PathLike)) and not os.path.isfile(source):
        raise ReadError("no such file", source=str(source))
    return extract(source, name=name)


def _run_style(run: Any) -> Style:
    return (bool(run.bold), bool(run.italic), bool(run.underline), run.size_pt, run.font)


def _char_styles(block: Any) -> tuple[Style, ...] | None:
    runs = getattr(block, "runs", ())
    if not runs or "".join(run.text for run in runs) != block.text:
        return None
    styles: list[Style] = []
    for run in runs:
        styles.extend([_run_style(run)] * len(run.text))
    return tuple(styles)


def _table_row_styles(block: Any) -> list[tuple[Style, ...] | None]:
    """Per-character styles of each row's text ("\t".join(cells)) of a .docx table.

    A table's runs are its cells' runs in order, without the tabs and line breaks that join
    cells and rows in its text: walk the text and the runs together, giving a separator the
    style of the character before it (spaces and separators are never compared anyway).
    """
    runs = getattr(block, "runs", ())
    if not runs:
        return [None] * len(block.rows)
    stream: list[tuple[str, Style]] = []
    for run in runs:
        style = _run_style(run)
        stream.extend((ch, style) for ch in run.text)
    position = 0
    rows: list[tuple[Style, ...] | None] = []
    for row in block.rows:
        styles: list[Style] = []
        for ch in "\t".join(row):
            if position < len(stream) and stream[position][0] == ch:
                styles.append(stream[position][1])
                position += 1
            elif ch in "\t\n" and (styles or stream):
                styles.append(styles[-1] if styles else stream[min(position, len(stream) - 1)][1])
            else:
                return [None] * len(block.rows)  # the runs do not spell the text: compare no formatting
        # a cell's leading/trailing empty paragraphs were stripped from its text
        while position < len(stream) and stream[position][0] == "\n":
            position += 1
        rows.append(tuple(styles))
    return rows


_LIST_ITEM = re.compile(r"^\s*(?:[0-9๐-๙]+[.)]|[-•●○▪–]|\([0-9๐-๙ก-ฮ]+\))")


def _wrap_width(document: Any) -> int | None:
    """The width at which a text file's lines were wrapped, or None when they were not.

    A wrapped file has many lines of nearly the same, maximal length (the last line of each
    paragraph is shorter); a file with one paragraph per line has lengths all over the place.
    """
    lengths = sorted(len(block.text) for block in document.blocks if block.kind == "paragraph")
    if len(lengths) < 4:
        return None
    width = lengths[int(0.9 * (len(lengths) - 1))]
    near = sum(1 for length in lengths if length >= 0.85 * width)
    if width < 20 or near < max(3, 0.3 * len(lengths)):
        return None
    return int(0.85 * width)


def _continues(previous: Any, block: Any, width: int | None) -> bool:
    """Whether a .txt line is the continuation of the line above (a wrapped paragraph)."""
    return (
        previous.line is not None
        and block.line == previous.line + 1
        and width is not None
        and len(previous.text) >= width
        and not _LIST_ITEM.match(block.text)
    )


def units_of(document: Any, parts: dict[int, str] | None = None) -> list[Unit]:
    """Cut an extracted document into aligned units (empty paragraphs are layout, skipped)."""
    parts = parts or {}
    units: list[Unit] = []
    is_text = getattr(document, "format", "docx") == "txt"
    width = _wrap_width(document) if is_text else None
    pending: list[Any] = []  # .txt lines of the paragraph being re-joined

    def flush() -> None:
        if not pending:
            return
        text = "\n".join(block.text for block in pending)
        first = pending[0]
        units.append(Unit(Side(first.index, None, first.line), text, comparison_key(text), None, parts.get(first.index)))
        pending.clear()

    for block in document.blocks:
        if block.kind == "table":
            flush()
            row_styles = [None] * len(block.rows) if is_text else _table_row_styles(block)
            for number, row in enumerate(block.rows):
                text = "\t".join(row)
                key = comparison_key(text)
                if key:
                    line = block.line + number if block.line is not None else None
                    units.append(
                        Unit(Side(block.index, number, line), text, key, row_styles[number], parts.get(block.index))
                    )
            continue
        if is_text:
            # a long line directly followed by another one was wrapped: re-join them
            if pending and block.line is not None and _continues(pending[-1], block, width):
                pending.append(block)
            else:
                flush()
                pending.append(block)
            continue
        key = comparison_key(block.text)
        if key and not is_page_furniture(block.text):
            side = Side(block.index, page=getattr(block, "page", None))
            units.append(Unit(side, block.text, key, _char_styles(block), parts.get(block.index)))
    flush()
    return units


def _letter_parts(document: Any) -> dict[int, str] | None:
    """Block index -> part name when the document reads as a letter, else None."""
    named: dict[int, str] = {}
    for part in letter_parts(document):  # never fails; an empty list for an unfamiliar layout
        named.setdefault(part.block_index, part.name)  # a block's first part names it
    return named or None


# -------------------------------------------------------------------------------- alignment

Pair = tuple[Literal["equal", "regrouped", "replace", "insert", "delete"], list[Unit], list[Unit]]


def _joined_key(units: Sequence[Unit]) -> str:
    return "".join(unit.key for unit in units)


def _extend(old: list[Unit], new: list[Unit], i: int, j: int) -> tuple[int, int, int, int]:
    """Grow the pair (old[i], new[j]) over neighbours that belong to it.

    One letter may hold in one paragraph what the other splits over several (the ที่ line and
    the sending office on one line with tabs, or a paragraph a text file wrapped): the pair
    takes in neighbouring paragraphs on either side as long as that makes the two sides
    clearly more alike.
    """
    i1, i2, j1, j2 = i, i + 1, j, j + 1
    score = similarity(_joined_key(old[i1:i2]), _joined_key(new[j1:j2]))
    while True:
        options = []
        for a1, a2, b1, b2 in ((i1, i2 + 1, j1, j2), (i1, i2, j1, j2 + 1), (i1 - 1, i2, j1, j2), (i1, i2, j1 - 1, j2)):
            if 0 <= a1 and a2 <= len(old) and 0 <= b1 and b2 <= len(new):
                options.append((similarity(_joined_key(old[a1:a2]), _joined_key(new[b1:b2])), a1, a2, b1, b2))
        if not options:
            break
        best = max(options)
        if best[0] <= score + 0.02:
            break
        score, i1, i2, j1, j2 = best
    return i1, i2, j1, j2


def _containment(a: str, b: str) -> float:
    """How much of the shorter key appears, in order, in the longer one (0..1)."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < 10:
        return 0.0
    if len(long_) > 3000:
        return shared_fraction(short, long_)  # linear for a page-long paragraph
    matcher = difflib.SequenceMatcher(None, short, long_, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(short)


def _pair_changed(old: list[Unit], new: list[Unit]) -> list[Pair]:
    """Pair the paragraphs of a changed run by similarity (like difflib's fancy_replace)."""
    if not old or not new:
        return [("delete", [u], []) for u in old] + [("insert", [], [u]) for u in new]
    if _joined_key(old) == _joined_key(new):
        return [("regrouped", old, new)]
    counterpart = _counterparts(old, new)
    if counterpart is None and len(old) * len(new) > _MAX_PAIRING:
        return _pair_in_order(old, new)
    if counterpart is None:
        best, best_i, best_j = PAIRING_THRESHOLD, -1, -1
        for i, a in enumerate(old):
            for j, b in enumerate(new):
                score = similarity(a.key, b.key)
                if score > best:
                    best, best_i, best_j = score, i, j
        if best_i < 0:
            # no paragraph resembles another as a whole: perhaps one side holds in one
            # paragraph what the other wraps over many lines; seed with the line best
            # contained in a paragraph, and keep the pairing only if it grows into a match
            best, best_i, best_j = 0.8, -1, -1
            for i, a in enumerate(old):
                for j, b in enumerate(new):
                    score = _containment(a.key, b.key)
                    if score > best:
                        best, best_i, best_j = score, i, j
            if best_i >= 0:
                i, i2, j, j2 = _extend(old, new, best_i, best_j)
                if similarity(_joined_key(old[i:i2]), _joined_key(new[j:j2])) > PAIRING_THRESHOLD:
                    return (
                        _pair_changed(old[:i], new[:j])
                        + [("replace", old[i:i2], new[j:j2])]
                        + _pair_changed(old[i2:], new[j2:])
                    )
            return [("delete", [u], []) for u in old] + [("insert", [], [u]) for u in new]
        counterpart = best_i, best_j
    i, i2, j, j2 = _extend(old, new, *counterpart)
    return (
        _pair_changed(old[:i], new[:j])
        + [("replace", old[i:i2], new[j:j2])]
        + _pair_changed(old[i2:], new[j2:])
    )


#: Letter parts that occupy one paragraph: a changed ที่ line is compared with the other
#: letter's ที่ line however much it changed, and never with a paragraph of the body.
SINGLE_PARTS = ("number", "date", "subject", "recipient", "closing", "urgency", "secrecy")


def _counterparts(old: list[Unit], new: list[Unit]) -> tuple[int, int] | None:
    for name in SINGLE_PARTS:
        old_hits = [i for i, unit in enumerate(old) if unit.part == name]
        new_hits = [j for j, unit in enumerate(new) if unit.part == name]
        if len(old_hits) == 1 and len(new_hits) == 1:
            return old_hits[0], new_hits[0]
    return None


def _pair_in_order(old: list[Unit], new: list[Unit]) -> list[Pair]:
    pairs: list[Pair] = [("replace", [a], [b]) for a, b in zip(old, new)]
    pairs += [("delete", [u], []) for u in old[len(new) :]]
    pairs += [("insert", [], [u]) for u in new[len(old) :]]
    return pairs


def align(old: Sequence[Unit], new: Sequence[Unit]) -> list[Pair]:
    """Align two unit sequences paragraph by paragraph."""
    matcher = difflib.SequenceMatcher(None, [u.key for u in old], [u.key for u in new], autojunk=False)
    pairs: list[Pair] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs.extend(("equal", [a], [b]) for a, b in zip(old[i1:i2], new[j1:j2]))
        else:
            pairs.extend(_pair_changed(list(old[i1:i2]), list(new[j1:j2])))
    return pairs


# ------------------------------------------------------------------------------- formatting

_SARABUN = re.compile(r"(it๙|it9|new|psk|\s)", re.IGNORECASE)
_ATTRIBUTES: tuple[Literal["bold", "italic", "underline", "size", "font"], ...] = (
    "bold",
    "italic",
    "underline",
    "size",
    "font",
)


@functools.lru_cache(maxsize=256)
def font_family(font: str | None) -> str | None:
    """Fonts a reader cannot tell apart compare equal: the TH Sarabun variants (PSK, New,
    IT๙) are one typeface, IT๙ only drawing Arabic digits as Thai ones.

    >>> font_family("TH SarabunIT๙") == font_family("TH Sarabun New") == font_family("TH SarabunPSK")
    True
    """
    if font is None:
        return None
    if "sarabun" not in font.casefold():
        return font.casefold()
    return _SARABUN.sub("", font).casefold()


@functools.lru_cache(maxsize=1024)
def _style_differences(old: Style, new: Style) -> tuple[tuple[str, Any, Any], ...]:
    found: list[tuple[str, Any, Any]] = []
    for position, attribute in enumerate(_ATTRIBUTES):
        a, b = old[position], new[position]
        if attribute in ("size", "font") and (a is None or b is None):
            continue  # not stated on one side: nothing to compare
        if attribute == "font" and font_family(a) == font_family(b):
            continue
        if a != b:
            found.append((attribute, a, b))
    return tuple(found)


def _visible_positions(text: str, start: int, end: int) -> list[int]:
    """Original offsets (within text[start:end]) of the normalised, non-space characters."""
    normalised, where = normalise_mapped(text[start:end])
    return [start + where[i] for i, ch in enumerate(normalised) if ch != " "]


def format_differences(
    old: Unit, new: Unit, ops: Sequence[WordOp] | None = None
) -> tuple[FormatDifference, ...]:
    """Formatting that differs on text that is the same on both sides."""
    if old.styles is None or new.styles is None:
        return ()
    old_set, new_set = set(old.styles), set(new.styles)
    if len(old_set) == 1 and old_set == new_set:
        return ()  # one formatting throughout, the same on both sides
    segments = (
        [((0, len(old.text)), (0, len(new.text)))]
        if ops is None
        else [(op.old_span, op.new_span) for op in ops if op.kind == "equal"]
    )
    # Runs of words with the same change: consecutive characters whose differences are the
    # same (bold and size changed together on "เรื่อง" is one run, not a difference per code
    # point and attribute), across spaces; a character with another change starts a new run.
    groups: list[tuple[tuple[tuple[str, Any, Any], ...], int, int]] = []  # differences, start, end in new text
    for (o1, o2), (n1, n2) in segments:
        old_positions = _visible_positions(old.text, o1, o2)
        new_positions = _visible_positions(new.text, n1, n2)
        if len(old_positions) != len(new_positions):
            continue  # cannot happen for equal segments; be safe rather than misreport
        for po, pn in zip(old_positions, new_positions):
            found = _style_differences(old.styles[po], new.styles[pn])
            last = groups[-1] if groups else None
            if last is not None and last[0] == found and not new.text[last[2] : pn].strip():
                groups[-1] = (found, last[1], pn + 1)
            else:
                groups.append((found, pn, pn + 1))
    differences = []
    for found, start, end in groups:
        if not found:
            continue
        start, end = _word_bounds(new.text, start, end)
        for attribute, a, b in found:
            differences.append(FormatDifference(new.text[start:end], attribute, a, b, (start, end)))  # type: ignore[arg-type]
    return tuple(differences)


def _word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """``text[start:end]`` widened to whole Thai words (a style change inside a word is shown
    on the word), never beyond the words it touches."""
    start, end = cluster_bounds(text, start, end)
    if not _THAI_CHAR.search(text[start:end]):
        return start, end
    left = text.rfind(" ", 0, start) + 1
    right_space = text.find(" ", end)
    right = len(text) if right_space < 0 else right_space
    offset, tokens = left, tokenize(text[left:right])
    for token in tokens:
        token_end = offset + len(token)
        if offset < start < token_end:
            start = offset
        if offset < end < token_end:
            end = token_end
        offset = token_end
    return start, end


_THAI_CHAR = re.compile("[\u0e00-\u0e7f]")


# ------------------------------------------------------------------------------------- diff


def _notes(old_doc: Any, new_doc: Any) -> tuple[str, ...]:
    notes: list[str] = []
    for label, document in (("generated", old_doc), ("issued", new_doc)):
        arabic_in_it9 = any(
            "๙" in (run.font or "") and any(ch.isascii() and ch.isdigit() for ch in run.text)
            for block in document.blocks
            for run in getattr(block, "runs", ())
        )
        if arabic_in_it9:
            notes.append(
                f"the {label} document stores Arabic digits in TH SarabunIT๙, which prints them as "
                "Thai digits; digits were compared by value"
            )
    return tuple(notes)


def _merged(units: list[Unit]) -> Unit:
    """Several paragraphs compared as one (joined with line breaks)."""
    if len(units) == 1:
        return units[0]
    text = "\n".join(unit.text for unit in units)
    styles: tuple[Style, ...] | None = None
    if all(unit.styles is not None for unit in units):
        joined: list[Style] = []
        for unit in units:
            if joined:
                joined.append(joined[-1])  # the line break between them
            joined.extend(unit.styles or ())
        styles = tuple(joined)
    first = units[0]
    return Unit(first.at, text, comparison_key(text), styles, first.part)


def _pieces(units: list[Unit]) -> tuple[tuple[Side, int, int], ...]:
    """Where each paragraph of a merged unit sits in its joined text (empty for one paragraph)."""
    if len(units) == 1:
        return ()
    pieces = []
    position = 0
    for unit in units:
        pieces.append((unit.at, position, position + len(unit.text)))
        position += len(unit.text) + 1
    return tuple(pieces)


def _rows_and_changes(pairs: list[Pair]) -> tuple[list[Row], list[Change]]:
    rows: list[Row] = []
    changes: list[Change] = []
    for kind, old_units, new_units in pairs:
        if kind == "regrouped":
            for a, b in zip(old_units, new_units):
                rows.append(Row("equal", b.part or a.part, a.at, b.at, a.text, b.text))
            for a in old_units[len(new_units) :]:
                rows.append(Row("equal", a.part, a.at, None, a.text, ""))
            for b in new_units[len(old_units) :]:
                rows.append(Row("equal", b.part, None, b.at, "", b.text))
            continue
        if kind == "delete":
            (a,) = old_units
            rows.append(Row("delete", a.part, a.at, None, a.text, ""))
            changes.append(Change("delete", a.part, a.at, None, a.text, ""))
            continue
        if kind == "insert":
            (b,) = new_units
            rows.append(Row("insert", b.part, None, b.at, "", b.text))
            changes.append(Change("insert", b.part, None, b.at, "", b.text))
            continue
        a, b = _merged(old_units), _merged(new_units)
        part = b.part or a.part
        if a.key == b.key:  # the same text after normalisation: no need to cut into words
            ops = [WordOp("equal", a.text, b.text, (0, len(a.text)), (0, len(b.text)))]
        else:
            ops = word_diff(a.text, b.text)
        text_changed = any(op.kind != "equal" for op in ops)
        formatting = format_differences(a, b, ops)
        rows.append(
            Row(
                "replace" if text_changed else "equal", part, a.at, b.at, a.text, b.text, tuple(ops), formatting,
                _pieces(old_units), _pieces(new_units),
            )
        )
        if text_changed:
            changes.append(Change("replace", part, a.at, b.at, a.text, b.text, tuple(ops)))
        if formatting:
            changes.append(Change("format", part, a.at, b.at, a.text, b.text, (), formatting))
    return rows, changes


def _wraps_onto(last: Row | Change | None, item: Row | Change) -> bool:
    """Whether the added or removed ``item`` is the next line of the added or removed
    paragraph ``last`` in a text file: no blank line between them, and not a list item."""
    if last is None or item.kind != last.kind or item.kind not in ("insert", "delete"):
        return False

    def place(x: Row | Change) -> tuple[int | None, str]:
        at, text = (x.new_at, x.new) if x.kind == "insert" else (x.old_at, x.old)
        return (at.line if at is not None and at.row is None else None), text

    (line, text), (last_line, last_text) = place(item), place(last)
    return (
        line is not None and last_line is not None and line == last_line + last_text.count("\n") + 1
        and not _LIST_ITEM.match(text)
    )


def _joined_lines(rows: list[Row], changes: list[Change]) -> tuple[list[Row], list[Change]]:
    """An added or removed paragraph that a text file wraps over consecutive lines (no blank
    line between them, none a list item) is one change, not one per line, and one row of the
    side-by-side view and of the tracked .docx (its lines kept as line breaks)."""
    merged: list[Change] = []
    for change in changes:
        last = merged[-1] if merged else None
        if last is not None and _wraps_onto(last, change):
            if change.kind == "insert":
                merged[-1] = dataclasses.replace(last, new=last.new + "\n" + change.new)
            else:
                merged[-1] = dataclasses.replace(last, old=last.old + "\n" + change.old)
            continue
        merged.append(change)
    if len(merged) == len(changes):
        return rows, changes
    joined: list[Row] = []
    for row in rows:
        last_row = joined[-1] if joined else None
        if last_row is not None and _wraps_onto(last_row, row):
            if row.kind == "insert":
                joined[-1] = dataclasses.replace(last_row, new=last_row.new + "\n" + row.new)
            else:
                joined[-1] = dataclasses.replace(last_row, old=last_row.old + "\n" + row.old)
            continue
        joined.append(row)
    return joined, merged


#: A removed and an added paragraph this alike (and this long) are one paragraph moved.
MOVE_SIMILARITY = 0.85
_MOVE_MIN_KEY = 20


def _move_key(text: str) -> str:
    """What a moved paragraph keeps: its text without its list number (moving an item
    renumbers it)."""
    key = comparison_key(text)
    return re.sub(r"^(?:[0-9]{1,3}(?:\.[0-9]{1,3})*|[ก-ฮ])\.", "", key)


def _moves(rows: list[Row], changes: list[Change]) -> tuple[list[Row], list[Change]]:
    """Pair removed and added paragraphs that are the same text (or nearly) as moves."""
    deleted = [c for c in changes if c.kind == "delete" and c.old_at is not None and c.old_at.row is None]
    inserted = [c for c in changes if c.kind == "insert" and c.new_at is not None and c.new_at.row is None]
    if not deleted or not inserted:
        return rows, changes
    keys = {id(c): _move_key(c.old or c.new) for c in deleted + inserted}
    moved: dict[int, Change] = {}  # id of the insert -> the delete it came from
    taken: set[int] = set()
    for exact in (True, False):
        for added in inserted:
            if id(added) in moved or len(keys[id(added)]) < _MOVE_MIN_KEY:
                continue
            best, best_score = None, MOVE_SIMILARITY
            for removed in deleted:
                if id(removed) in taken:
                    continue
                a, b = keys[id(removed)], keys[id(added)]
                score = 1.0 if a == b else (0.0 if exact else similarity(a, b))
                if score >= best_score and (best is None or score > best_score or exact):
                    best, best_score = removed, score
                    if exact:
                        break
            if best is not None:
                moved[id(added)] = best
                taken.add(id(best))
    if not moved:
        return rows, changes
    names: dict[int, str] = {}
    new_changes: list[Change] = []
    for change in changes:
        if id(change) in taken:
            continue
        origin = moved.get(id(change))
        if origin is None:
            new_changes.append(change)
            continue
        names[id(change)] = names[id(origin)] = f"move{len(names) // 2 + 1}"
        ops: tuple[WordOp, ...] = ()
        if comparison_key(origin.old) != comparison_key(change.new):
            ops = tuple(word_diff(origin.old, change.new))
        new_changes.append(Change("move", change.part or origin.part, origin.old_at, change.new_at,
                                  origin.old, change.new, ops))
    by_place = {("old", c.old_at): names[id(c)] for c in deleted if id(c) in names}
    by_place.update({("new", c.new_at): names[id(c)] for c in inserted if id(c) in names})
    new_rows = []
    for row in rows:
        move = by_place.get(("old", row.old_at)) if row.kind == "delete" else (
            by_place.get(("new", row.new_at)) if row.kind == "insert" else None)
        new_rows.append(dataclasses.replace(row, move=move) if move else row)
    return new_rows, new_changes


def diff(
    generated: DocumentInput,
    issued: DocumentInput,
    *,
    generated_name: str | None = None,
    issued_name: str | None = None,
    use_parts: bool = True,
) -> DiffResult:
    """Compare a generated document with the issued one (.docx or .txt, paths or bytes).

    Raises :class:`thaidoc.errors.ReadError` when either input cannot be read.

    >>> result = diff("เรื่อง ขอเชิญประชุม\\n".encode(), "เรื่อง  ขอเชิญประชุม\\n".encode(),
    ...               generated_name="a.txt", issued_name="b.txt")
    >>> result.identical
    True
    """
    old_doc = _extract(generated, generated_name)
    new_doc = _extract(issued, issued_name)
    old_parts = _letter_parts(old_doc) if use_parts else None
    new_parts = _letter_parts(new_doc) if use_parts else None
    by_parts = old_parts is not None and new_parts is not None
    old_units = units_of(old_doc, old_parts if by_parts else None)
    new_units = units_of(new_doc, new_parts if by_parts else None)
    # Paragraph alignment over the whole letter is robust to parts that the two sides cut
    # differently (a wrapped line, an address on one or two lines); the parts label the
    # changes and make each single-paragraph part (ที่, date, เรื่อง …) meet its counterpart.
    pairs = align(old_units, new_units)
    rows, changes = _rows_and_changes(pairs)
    rows, changes = _moves(*_joined_lines(rows, changes))
    values = value_changes(old_doc, new_doc, tuple(changes)) if changes and use_parts else ()
    return DiffResult(
        old_source=getattr(old_doc, "source", None),
        new_source=getattr(new_doc, "source", None),
        aligned_by="parts" if by_parts else "paragraphs",
        changes=tuple(changes),
        rows=tuple(rows),
        notes=_notes(old_doc, new_doc),
        values=values,
    )
