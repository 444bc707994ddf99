"""What an issued document looks like once read: blocks of text in document order.

These are plain frozen dataclasses with no docx or lxml import, so that anything (the checks,
the diff, a web portal) can hold an :class:`ExtractedDocument` without paying for the parser.
:func:`thaidoc.read.extract.extract` builds them from a .docx or a UTF-8 .txt file.

>>> doc = ExtractedDocument(source="x.txt", blocks=(
...     Block(kind="paragraph", index=0, text="ที่ ฉช ๐๐๑๙/ว ๒๒๑๕", line=1),
...     Block(kind="table", index=1, text="ก\\tข", rows=(("ก", "ข"),), line=3),
... ))
>>> doc.text()
'ที่ ฉช ๐๐๑๙/ว ๒๒๑๕\\nก\\tข'
>>> [b.kind for b in doc.paragraphs()]
['paragraph']
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

__all__ = ["Run", "Block", "ExtractedDocument", "BlockKind"]

BlockKind = Literal["paragraph", "table"]


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text with one formatting, as Word stores it (w:r).

    Formatting is resolved from the run's direct formatting, its character style, the
    paragraph style chain and the document defaults; ``None`` means nobody set it.
    ``size_pt`` and ``font`` are the complex-script ones (w:szCs, w:rFonts/@w:cs) for runs
    that contain Thai, since those are what Word shows for Thai text.
    """

    text: str
    bold: bool = False
    italic: bool = False
    size_pt: float | None = None
    font: str | None = None
    underline: bool = False


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph or one table of the body, in document order.

    ``text`` of a paragraph keeps tabs (w:tab -> "\\t") and line breaks (w:br -> "\\n").
    A table's ``text`` is its rows joined with "\\n", cells with "\\t"; ``rows`` holds the
    cell texts (a cell's paragraphs joined with "\\n"). ``line`` is the 1-based line where the
    block starts in a .txt source (a table's row *i* is on ``line + i``); None for .docx.
    """

    kind: BlockKind
    index: int
    text: str
    runs: tuple[Run, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    style: str | None = None
    line: int | None = None
    page: int | None = None  # the page a PDF's paragraph starts on

    @property
    def where(self) -> str:
        """A human location: "line 12" for text files, "paragraph 5" / "table 2" for .docx,
        "page 2, paragraph 14" for a PDF."""
        if self.line is not None:
            return f"line {self.line}"
        if self.page is not None:
            return f"page {self.page}, {self.kind} {self.index + 1}"
        return f"{self.kind} {self.index + 1}"


@dataclass(frozen=True, slots=True)
class ExtractedDocument:
    source: str | None
    blocks: tuple[Block, ...]
    format: Literal["docx", "txt", "pdf"] = "txt"
    headers: tuple[str, ...] = field(default=(), compare=False)
    footers: tuple[str, ...] = field(default=(), compare=False)

    def text(self) -> str:
        """The whole body as text: every block's text (tables as tab-separated rows), one per line."""
        return "\n".join(block.text for block in self.blocks)

    def paragraphs(self) -> Iterator[Block]:
        return (block for block in self.blocks if block.kind == "paragraph")

    def tables(self) -> Iterator[Block]:
        return (block for block in self.blocks if block.kind == "table")
