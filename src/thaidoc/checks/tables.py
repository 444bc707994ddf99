"""Tables of an issued letter as the checks see them: a table split over pages is one table.

Text extracted from a letter gives each page's part of a long table as a table of its own,
each starting with the same header rows. :func:`join_continued_tables` puts them back
together, so that a รวม on the last page is checked against the rows of every page
(``table.sum``), a ลำดับ column goes on counting and a ร้อยละ column is read whole.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from thaidoc.read.layout import Line

__all__ = ["is_total_row", "join_continued_tables", "table_blocks"]


def _row_key(lines: "Sequence[Line]", index: int) -> tuple[str, ...]:
    return tuple(re.sub(r"\s+", " ", cell).strip() for cell in lines[index].cells or ())


# รวม, รวมทั้งสิ้น, รวมเป็นเงิน, ยอดรวม, "รวม (บาท)", "รวม ๓ อำเภอ"; not a name that starts with
# the word (รวมพลังสร้างสุข, รวมกลุ่มอาชีพ)
_TOTAL_LABEL = re.compile(r"^(?:ยอด)?รวม(?:ทั้งสิ้น|ทั้งหมด|เป็นเงิน(?:ทั้งสิ้น)?|ยอด)?(?:\s|\(|$)")


def is_total_row(row: Sequence[str]) -> bool:
    """A row labelled รวม… in its first non-empty cell (the label may sit after an empty ลำดับ).

    >>> is_total_row(["", "รวมทั้งสิ้น", "43"]), is_total_row(["รวมพลังสร้างสุข", "10"])
    (True, False)
    """
    label = next((cell.strip() for cell in row if cell.strip()), "")
    return bool(_TOTAL_LABEL.match(label))


def table_blocks(lines: "Sequence[Line]") -> list[list[int]]:
    """The line indexes of each table, in order."""
    blocks: dict[int, list[int]] = {}
    for index, line in enumerate(lines):
        if line.cells is not None:
            blocks.setdefault(line.block, []).append(index)
    return list(blocks.values())


def join_continued_tables(lines: "Sequence[Line]", tables: list[list[int]]) -> list[list[int]]:
    """A part that starts with a header row of the part before (which did not end in a รวม
    row) goes on with it, without the repeated header rows."""
    joined: list[list[int]] = []
    for indexes in tables:
        if joined:
            previous = joined[-1]
            header = {_row_key(lines, i) for i in previous[:3]}
            ends_total = is_total_row(lines[previous[-1]].cells or ())
            if _row_key(lines, indexes[0]) in header and not ends_total:
                previous.extend(i for i in indexes if _row_key(lines, i) not in header)
                continue
        joined.append(list(indexes))
    return joined
