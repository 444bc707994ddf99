"""Numbered items of an issued letter: skips and repeats, a style changed midway, a sub-item
under the wrong parent, and a table's ลำดับ column that skips.

- ``numbering.sequence``: ๑. ๒. ๓. ๕. (a skip) or ๑. ๒. ๒. (a repeat) among the items
  at the start of lines of the body or of what follows the letter, and in a ลำดับ column
  (a table split over pages goes on counting from the part before). An error in the letter,
  a warning in what follows it (as for ``numbering.parent``).
- ``numbering.style`` (warning): an item that goes on with another list's numbers in another
  form: "- ๑๐)" then "๑๑." (it is item ๑๑ of the ")" list, written as a "." item).
- ``numbering.parent``: "๓.๑" when the item above it is "๒.".

A list that starts again at ๑, or at a lower number after a new heading, is a new list and is
not reported; a number more than three ahead is not read as a skip (a plan's item "2.4" quoted
under its own "2." heading). Enclosures have their own rule (``enclosure.numbering``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from thaidoc.checks.findings import Severity
from thaidoc.checks.numbering import ItemLabel, item_label, sequence_breaks
from thaidoc.thai import thai_digits

if TYPE_CHECKING:
    from thaidoc.checks.findings import Finding
    from thaidoc.checks.text import _Context

__all__ = ["check_numbering", "check_table_numbering", "without_covered_numbering"]

# a list may start on the line of its heading: "หมายเหตุ : ๑. คณะนิเทศ …"
_NOTE_HEAD = re.compile(r"^(?:หมายเหตุ|ข้อสังเกต)\s*[.:]?\s*(?=\(?[0-9๐-๙])")
_MAX_SKIP = 3  # 2 -> 5 is a skip; 2 -> 9 is another list
_PARENT_REACH = 40  # lines: a sub-item further than this from its parent's line is not compared
_ORDER_HEADERS = ("ลำดับ", "ลำดับที่", "ที่", "ข้อ", "No.", "no.")


def _thai(number: int, script: str) -> str:
    return thai_digits(number) if script == "thai" else str(number)


def _form(number: int, style: str, script: str) -> str:
    written = _thai(number, script)
    return f"({written})" if style == "()" else f"{written}{style}"


@dataclass
class _Last:
    number: int
    line: int


def _severity(ctx: "_Context", index: int) -> Severity:
    """Certain in the letter itself; very probable in what follows it (attached forms and
    plans quote other documents' numbers, and text taken from a PDF may lose a label)."""
    return Severity.WARNING if ctx.layout.found and index >= ctx.layout.end else Severity.ERROR


def check_numbering(ctx: "_Context") -> None:
    layout = ctx.layout
    skip = set(layout.enclosure_lines) | {r.line for r in layout.references} | set(layout.reference_lines)
    if layout.found:
        scopes = [list(layout.body), list(range(layout.end, len(ctx.lines)))]
    else:
        scopes = [list(range(len(ctx.lines)))]
    for scope in scopes:
        _check_scope(ctx, [i for i in scope if i not in skip])


def _check_scope(ctx: "_Context", indexes: list[int]) -> None:
    top: dict[tuple[str, str], _Last] = {}  # (style, script) -> last depth-1 item
    dotted: dict[tuple[int, ...], _Last] = {}  # numbers of the last dotted item, by parent
    parents: dict[tuple[int, str], tuple[tuple[int, ...], int]] = {}  # (depth, script) -> numbers, line
    for index in indexes:
        if ctx.lines[index].cells is not None:
            # a table breaks the lists around it: the lines after it may be its cells' own
            # items spilled out of a text export ("A\t๑) …" then "๒) …"), not the text's
            top, dotted, parents = {}, {}, {}
            continue
        label = item_label(_NOTE_HEAD.sub("", ctx.lines[index].plain, count=1))
        if label is None:
            continue
        if label.depth == 1:
            owner = _top_item(ctx, index, label, top)
            if owner == ".":
                parents[(1, label.script)] = (label.numbers, index)
                # the sub-items of an earlier item are done with
                dotted = {k: v for k, v in dotted.items() if k[:1] == label.numbers}
        else:
            _dotted_item(ctx, index, label, dotted, parents)
            parents[(label.depth, label.script)] = (label.numbers, index)


def _top_item(ctx: "_Context", index: int, label: ItemLabel, top: dict[tuple[str, str], _Last]) -> str:
    """Check a depth-1 item against the lists before it; return the style of the list it
    belongs to."""
    n = label.number
    key = (label.style, label.script)
    same = top.get(key)
    if n == 1 or (same is not None and n == same.number + 1):
        top[key] = _Last(n, index)
        return label.style
    # "- ๑๐)" then "๑๑.": not the next of its own list (nor a new list's ๑), but the next of
    # another list (the most recent, if several), in the wrong form
    others = [(last.line, style) for (style, script), last in top.items()
              if script == label.script and style != label.style and n == last.number + 1]
    if others:
        _, style = max(others)
        previous = top[(style, label.script)]
        top[(style, label.script)] = _Last(n, index)
        expected = _form(n, style, label.script)
        ctx.add(index, "numbering.style",
                f"รูปแบบเลขข้อเปลี่ยนกลางรายการ / item {label.text} goes on from "
                f"{_form(previous.number, style, label.script)} ({ctx.lines[previous.line].where}) "
                f"but is written in another form; expected {expected}",
                severity=Severity.WARNING, quote=ctx.lines[index].plain, expected=expected,
                found=label.text)
        return style
    if same is not None and (n == same.number or same.number + 1 < n <= same.number + _MAX_SKIP):
        expected = _form(same.number + 1, label.style, label.script)
        _report_sequence(ctx, index, label.text, _form(same.number, label.style, label.script), same.line,
                         expected, repeat=n == same.number)
    top[key] = _Last(n, index)
    return label.style


def _dotted_item(ctx: "_Context", index: int, label: ItemLabel, dotted: dict[tuple[int, ...], _Last],
                 parents: dict[tuple[int, str], tuple[tuple[int, ...], int]]) -> None:
    parent = label.numbers[:-1]
    above = parents.get((label.depth - 1, label.script))
    if above is not None and above[0] != parent and index - above[1] <= _PARENT_REACH:
        written = ".".join(_thai(n, label.script) for n in above[0])
        ctx.add(index, "numbering.parent",
                f"เลขข้อย่อยไม่ตรงกับข้อหลัก / sub-item {label.text} stands under item {written} "
                f"({ctx.lines[above[1]].where}), so its number should begin {written}.",
                severity=_severity(ctx, index), quote=ctx.lines[index].plain, expected=f"{written}.…", found=label.text)
        dotted[parent] = _Last(label.number, index)
        return
    last = dotted.get(parent)
    n = label.number
    if last is not None and (n == last.number or last.number + 1 < n <= last.number + _MAX_SKIP):
        expected = ".".join(_thai(k, label.script) for k in (*parent, last.number + 1))
        previous = ".".join(_thai(k, label.script) for k in (*parent, last.number))
        _report_sequence(ctx, index, label.text, previous, last.line, expected, repeat=n == last.number)
    dotted[parent] = _Last(n, index)


def _report_sequence(ctx: "_Context", index: int, found: str, previous: str, previous_line: int,
                     expected: str, *, repeat: bool) -> None:
    thai, english = ("เลขข้อซ้ำ", "repeats") if repeat else ("เลขข้อข้าม", "skips")
    ctx.add(index, "numbering.sequence",
            f"{thai} / the numbering {english}: {found} follows {previous} ({ctx.lines[previous_line].where})",
            severity=_severity(ctx, index), quote=ctx.lines[index].plain, expected=expected, found=found)


def check_table_numbering(ctx: "_Context") -> None:
    """A ลำดับ column of plain numbers that skips or repeats; a table continued on the next
    page (the same header again) goes on counting from where the part before stopped."""
    previous_header: tuple[str, ...] | None = None
    carried: int | None = None
    block: int | None = None
    header: tuple[str, ...] | None = None
    column: int | None = None
    numbers: list[tuple[int, int, str]] = []  # (line, number, cell)

    def finish() -> None:
        nonlocal previous_header, carried
        if column is None or not numbers:
            return
        values = [n for _, n, _ in numbers]
        # a part that repeats the header of the one before goes on counting from it; any
        # other table may start where it likes (a page of a longer table whose header differs)
        continues = header == previous_header and carried is not None and values[0] != 1
        start = carried + 1 if continues and carried is not None else None
        for item in sequence_breaks(values, start=start):
            line, _, cell = numbers[item.position]
            script = "thai" if any("๐" <= ch <= "๙" for ch in cell) else "arabic"
            ctx.add(line, "numbering.sequence", severity=_severity(ctx, line), message=
                    f"ลำดับในตารางไม่ต่อเนื่อง / the ลำดับ column goes from "
                    f"{_thai(item.expected - 1, script) if item.expected > 1 else 'the start'} to {cell}",
                    quote="\t".join(ctx.lines[line].cells or ()), expected=_thai(item.expected, script),
                    found=cell)
        previous_header, carried = header, values[-1]

    for index, line in enumerate(ctx.lines):
        if line.cells is None:
            continue
        if line.block != block:
            finish()
            block, header, column, numbers = line.block, tuple(c.strip() for c in line.cells), None, []
            column = next((c for c, cell in enumerate(header) if cell in _ORDER_HEADERS), None)
            continue
        if column is None or len(line.cells) <= column:
            continue
        cell = line.cells[column].strip()
        if cell.isdigit() and len(cell) <= 3:
            numbers.append((index, int(cell.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))), cell))
    finish()


# rules that read a list of their own more closely: their finding on a line replaces the general one
_MORE_SPECIFIC = {"rubric.numbering"}


def without_covered_numbering(found: "list[tuple[int, Finding]]") -> "list[tuple[int, Finding]]":
    """``found`` without a ``numbering.*`` finding on a line where a more specific rule (the
    conditions of a rubric's band, ``rubric.numbering``) reports the same list: one fault, one
    finding."""
    covered = {index for index, finding in found if finding.code in _MORE_SPECIFIC}
    return [(index, finding) for index, finding in found
            if not (index in covered and finding.code.startswith("numbering."))]
