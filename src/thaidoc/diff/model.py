"""The result of comparing two documents: typed, immutable, serialisable.

A :class:`DiffResult` lists :class:`Change` objects in document order. A text change says
which paragraph (and letter part, when the letters could be parsed) changed, how (``insert``,
``delete``, ``replace``), the paragraph's text on both sides and the word-level steps
(:class:`~thaidoc.diff.words.WordOp`). A formatting change (``format``) is reported
separately from text and lists :class:`FormatDifference` objects: which words became bold,
changed size or font.

``result.rows`` is the whole alignment, unchanged paragraphs included, which the side-by-side
views need; ``result.changes`` is what a reviewer acts on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from thaidoc.diff.words import WordOp

__all__ = ["Change", "ChangeKind", "DiffResult", "FormatDifference", "Row", "Side", "ValueChange"]

ChangeKind = Literal["insert", "delete", "replace", "format", "move"]
RowKind = Literal["equal", "insert", "delete", "replace"]


@dataclass(frozen=True)
class Side:
    """Where a paragraph is in one of the two documents."""

    block: int  # index of the block in the extracted document
    row: int | None = None  # row of a table block
    line: int | None = None  # first line in a .txt source
    page: int | None = None  # the page a PDF's paragraph starts on

    @property
    def label(self) -> str:
        if self.line is not None:
            return f"line {self.line}"
        if self.row is not None:
            return f"table {self.block + 1} row {self.row + 1}"
        if self.page is not None:
            return f"page {self.page}, paragraph {self.block + 1}"
        return f"paragraph {self.block + 1}"

    def to_dict(self) -> dict[str, Any]:
        return {"block": self.block, "row": self.row, "line": self.line, "page": self.page, "label": self.label}


@dataclass(frozen=True)
class FormatDifference:
    """Some text whose formatting differs: ``attribute`` was ``old`` and is ``new``."""

    text: str
    attribute: Literal["bold", "italic", "underline", "size", "font"]
    old: Any
    new: Any
    span: tuple[int, int] = (0, 0)  # in the issued paragraph's text

    def describe(self) -> str:
        if self.attribute in ("bold", "italic", "underline"):
            state = "made" if self.new else "no longer"
            return f"{self.text!r} {state} {self.attribute}"
        return f"{self.text!r} {self.attribute} {self.old} -> {self.new}"

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "attribute": self.attribute, "old": self.old, "new": self.new}


@dataclass(frozen=True)
class Change:
    """One difference a reviewer should look at.

    ``old`` is the paragraph in the generated document, ``new`` the one in the issued
    document ("" when the paragraph is absent on that side). ``words`` are the word-level
    steps for a ``replace`` (all of them, unchanged words included, so the paragraph can be
    shown in full); ``formatting`` lists the differences of a ``format`` change.
    """

    kind: ChangeKind
    part: str | None
    old_at: Side | None
    new_at: Side | None
    old: str
    new: str
    words: tuple[WordOp, ...] = ()
    formatting: tuple[FormatDifference, ...] = ()

    @property
    def location(self) -> str:
        where = (self.new_at or self.old_at).label  # type: ignore[union-attr]
        if self.new_at is None and self.old_at is not None:
            where = f"generated {where}"
        if self.kind == "move" and self.old_at is not None:
            where = f"{where}, from generated {self.old_at.label}"
        return f"{self.part} ({where})" if self.part else where

    @property
    def changed_words(self) -> tuple[WordOp, ...]:
        return tuple(op for op in self.words if op.kind != "equal")

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "location": self.location,
            "part": self.part,
            "generated_at": self.old_at.to_dict() if self.old_at else None,
            "issued_at": self.new_at.to_dict() if self.new_at else None,
            "old": self.old,
            "new": self.new,
            "words": [op.to_dict() for op in self.changed_words],
            "formatting": [difference.to_dict() for difference in self.formatting],
        }


_VALUE_NAMES = {
    "amount": "จำนวนเงิน / amount",
    "date": "วันที่ / date",
    "number": "เลขที่หนังสือ / letter number",
    "recipient": "ผู้รับ / recipient",
    "signer": "ผู้ลงนาม / signer",
    "enclosures": "จำนวนสิ่งที่ส่งมาด้วย / enclosures",
}


@dataclass(frozen=True)
class ValueChange:
    """One value that differs: an amount, a date, the letter's number, recipient, signer or
    number of enclosures. ``old``/``new`` are None when the value is absent on that side;
    ``note`` says, for an amount, whether the issued words agree with the issued figure, and
    ``problem`` is true when they do not."""

    what: Literal["amount", "date", "number", "recipient", "signer", "enclosures"]
    location: str | None
    old: str | None
    new: str | None
    note: str | None = None
    problem: bool = False

    @property
    def label(self) -> str:
        return _VALUE_NAMES[self.what]

    def describe(self) -> str:
        text = f"{self.label}: {self.old or '—'} → {self.new or '—'}"
        return f"{text} ({self.note})" if self.note else text

    def to_dict(self) -> dict[str, Any]:
        return {"what": self.what, "label": self.label, "location": self.location, "old": self.old,
                "new": self.new, "note": self.note, "problem": self.problem}


@dataclass(frozen=True)
class Row:
    """One line of the side-by-side alignment (unchanged paragraphs included)."""

    kind: RowKind
    part: str | None
    old_at: Side | None
    new_at: Side | None
    old: str
    new: str
    words: tuple[WordOp, ...] = ()
    formatting: tuple[FormatDifference, ...] = ()
    # when one side's paragraph matches several paragraphs of the other, their texts are
    # joined with "\n" in old/new and each paragraph's (place, start, end) is listed here
    old_pieces: tuple[tuple[Side, int, int], ...] = ()
    new_pieces: tuple[tuple[Side, int, int], ...] = ()
    # a paragraph moved: the same name on its "delete" row (where it was) and its "insert"
    # row (where it is now); the tracked .docx pairs them as w:moveFrom / w:moveTo
    move: str | None = None


@dataclass(frozen=True)
class DiffResult:
    """Everything that differs between a generated document (``old``) and the issued one (``new``).

    ``identical`` is true when the documents are the same after normalisation, in text and in
    the formatting that matters (bold, italic, underline, size, font family).
    """

    old_source: str | None
    new_source: str | None
    aligned_by: Literal["parts", "paragraphs"]
    changes: tuple[Change, ...]
    rows: tuple[Row, ...] = field(default=(), repr=False)
    notes: tuple[str, ...] = ()
    values: tuple[ValueChange, ...] = ()

    @property
    def identical(self) -> bool:
        return not self.changes

    @property
    def text_identical(self) -> bool:
        return all(change.kind == "format" for change in self.changes)

    def summary(self) -> str:
        if self.identical:
            return "the documents are the same after normalisation"
        counts: dict[str, int] = {}
        for change in self.changes:
            counts[change.kind] = counts.get(change.kind, 0) + 1
        names = {"replace": "changed", "insert": "added", "delete": "removed", "format": "reformatted", "move": "moved"}
        parts = [f"{counts[kind]} {names[kind]}" for kind in ("replace", "insert", "delete", "move", "format") if kind in counts]
        return f"{len(self.changes)} difference{'s' if len(self.changes) != 1 else ''}: " + ", ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "generated": self.old_source,
            "issued": self.new_source,
            "identical": self.identical,
            "text_identical": self.text_identical,
            "aligned_by": self.aligned_by,
            "summary": self.summary(),
            "notes": list(self.notes),
            "values": [value.to_dict() for value in self.values],
            "changes": [change.to_dict() for change in self.changes],
        }
