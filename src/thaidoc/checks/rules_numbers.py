"""Percentages and ratios that do not follow from their own counts (``arith.percent``,
``arith.ratio``).

- In prose: "มีผู้เข้าร่วม ๑๕๐ คน จากเป้าหมาย ๖๐๐ คน คิดเป็นร้อยละ ๓๐" (150 of 600 is 25).
- In a table with a ร้อยละ (or %) column: a row whose percentage is not its count's share of
  the รวม row's count, or not the ratio of two of its own columns that every other row follows;
  and a รวม row stating ๑๐๐ (or a share total) that the rows' shares do not add up to.

- A ratio after its two counts: "ครู ๑๐ คน นักเรียน ๒๐๐ คน อัตราส่วน ๑ : ๒๕" (is ๑ : ๒๐).

A percentage is right when it is the exact value rounded, cut or raised to the decimals written
(๓๓.๓๓ and ๓๓.๓๔ both stand for 1/3, as shares are raised to add up to 100; ๓๓ for 33.3).
"""

from __future__ import annotations

import re
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal
from typing import TYPE_CHECKING

from thaidoc.checks.rules_dates import continued_text
from thaidoc.checks.tables import is_total_row, join_continued_tables, table_blocks
from thaidoc.read.layout import NUM
from thaidoc.thai import thai_digits, to_decimal

if TYPE_CHECKING:
    from thaidoc.checks.text import _Context

__all__ = ["check_percentages", "check_ratios", "check_table_percentages", "percent_fits"]

_GAP = r"[^0-9๐-๙()]{0,40}?"
# "<part> <unit> จาก(เป้าหมาย|ทั้งหมด) <whole> <unit> (คิดเป็น)ร้อยละ <percent>"
_PART_OF_WHOLE = re.compile(
    rf"(?<![0-9๐-๙.,])(?P<part>{NUM})\s*+(?P<unit>[ก-๙]{{0,12}})\s*+จาก{_GAP}(?<![0-9๐-๙.,])"
    rf"(?P<whole>{NUM})\s*+(?P<whole_unit>[ก-๙]{{0,12}}?)\s*+(?:\)\s*+)?(?:คิดเป็น|หรือ|เท่ากับ)?\s*+\(?\s*+"
    rf"(?:ร้อยละ\s*+(?P<percent>{NUM})|(?P<percent_sign>{NUM})\s*%)"
)


def _decimal(text: str) -> Decimal:
    return to_decimal(text)


def percent_fits(part: Decimal, whole: Decimal, written: str) -> bool:
    """Whether ``written`` is 100 × part / whole rounded, cut or raised to its decimals (shares
    are often raised or cut so that a table adds up to 100)."""
    if whole == 0:
        return True  # nothing to compare with
    stated = _decimal(written)
    decimals = len(written.split(".", 1)[1]) if "." in written else 0
    unit = Decimal(1).scaleb(-decimals)
    exact = part * 100 / whole
    return stated in {exact.quantize(unit, rounding) for rounding in (ROUND_HALF_UP, ROUND_DOWN, ROUND_UP)}


def _show(value: Decimal, like: str) -> str:
    decimals = len(like.split(".", 1)[1]) if "." in like else 0
    text = f"{value.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP):,}" if decimals else \
        f"{value.quantize(Decimal(1), ROUND_HALF_UP):,}"
    if decimals == 0 and value != value.to_integral_value():
        text = f"{value.quantize(Decimal('0.01'), ROUND_HALF_UP):,}"
    return thai_digits(text) if re.search("[๐-๙]", like) else text


def check_percentages(ctx: "_Context") -> None:
    for index, line in enumerate(ctx.lines):
        if line.cells is not None:
            texts = [(cell, len(cell)) for cell in line.cells]
        else:
            texts = [(continued_text(ctx.lines, index), len(line.text))]
        for text, own in texts:
            if "ร้อยละ" not in text and "%" not in text:
                continue
            for match in _PART_OF_WHOLE.finditer(text):
                if match.start() >= own:
                    continue
                if match["unit"] != match["whole_unit"]:
                    continue  # "๕๐๐,๐๐๐ บาท จากกรม ๓ หน่วยงาน": not a part of a whole
                written = match["percent"] or match["percent_sign"]
                part, whole = _decimal(match["part"]), _decimal(match["whole"])
                if percent_fits(part, whole, written):
                    continue
                exact = part * 100 / whole
                ctx.add(index, "arith.percent",
                        f"ร้อยละไม่ตรงกับจำนวน / {match['part']} of {match['whole']} is "
                        f"{_show(exact, written)} per cent, not {written}",
                        quote=match.group(0), expected=_show(exact, written), found=written)


_NEAREST = 4
_PERCENT_HEADER = re.compile(r"ร้อยละ|%|เปอร์เซ็นต์")
_CELL = re.compile(rf"^\s*(?:{NUM})\s*%?\s*$")


def _value(cell: str) -> Decimal | None:
    cell = cell.strip().rstrip("%").strip()
    return _decimal(cell) if cell and _CELL.match(cell) else None


def check_table_percentages(ctx: "_Context") -> None:
    for indexes in join_continued_tables(ctx.lines, table_blocks(ctx.lines)):
        _check_table(ctx, indexes)


def _check_table(ctx: "_Context", indexes: list[int]) -> None:
    rows = [(i, ctx.lines[i].cells or ()) for i in indexes]
    header_at = next((r for r, (_, cells) in enumerate(rows[:3])
                      if any(_PERCENT_HEADER.search(c) for c in cells)), None)
    if header_at is None:
        return
    header = rows[header_at][1]
    percent_columns = [c for c, cell in enumerate(header) if _PERCENT_HEADER.search(cell)]
    body = [(i, cells) for i, cells in rows[header_at + 1:] if cells and not is_total_row(cells)]
    totals = [(i, cells) for i, cells in rows[header_at + 1:] if cells and is_total_row(cells)]
    for column in percent_columns:
        _check_column(ctx, column, body, totals)


def _check_column(ctx: "_Context", column: int, body: list[tuple[int, tuple[str, ...]]],
                  totals: list[tuple[int, tuple[str, ...]]]) -> None:
    def at(cells: tuple[str, ...], c: int) -> Decimal | None:
        return _value(cells[c]) if c < len(cells) else None

    rows = [(i, cells, at(cells, column)) for i, cells in body if at(cells, column) is not None]
    if len(rows) < 2:
        return
    total = totals[0][1] if totals else None
    # the share of a count column in its รวม: pct = 100 × count / total count
    fits: list[tuple[str, list[tuple[int, str, Decimal]]]] = []
    # the counts a percentage is made of sit just before it: the few numeric columns nearest
    # it are tried (a table of many columns costs linear time, not quadratic)
    candidates = [c for c in range(column - 1, 0, -1)
                  if sum(at(cells, c) is not None for _, cells, _ in rows[:5]) >= min(2, len(rows))][:_NEAREST]
    for c in candidates:
        whole = at(total, c) if total is not None else None
        if whole is None or whole == 0:
            continue
        wrong = [(i, cells[column].strip(), (at(cells, c) or Decimal(0)) * 100 / whole)
                 for i, cells, _ in rows
                 if at(cells, c) is None or not percent_fits(at(cells, c) or Decimal(0), whole, cells[column].strip().rstrip("%").strip())]
        fits.append((f"its share of the รวม of column {c + 1}", wrong))
    # the ratio of two columns of the row: pct = 100 × a / b
    for b in candidates:
        for a in candidates:
            if a == b:
                continue
            wrong = []
            for i, cells, _ in rows:
                part, whole = at(cells, a), at(cells, b)
                if part is None or whole is None or whole == 0:
                    wrong.append((i, cells[column].strip(), Decimal(-1)))
                elif not percent_fits(part, whole, cells[column].strip().rstrip("%").strip()):
                    wrong.append((i, cells[column].strip(), part * 100 / whole))
                if len(wrong) > 1:
                    break  # this is not how the column is made
            fits.append((f"column {a + 1} as a share of column {b + 1}", wrong))
    # one hypothesis that every row but one follows, the rest (at least two rows) agreeing
    best = [(basis, wrong) for basis, wrong in fits if len(wrong) == 1 and len(rows) >= 3]
    if len(best) == 1 and not any(not wrong for _, wrong in fits) and best[0][1][0][2] >= 0:
        basis, [(index, written, exact)] = best[0]
        ctx.add(index, "arith.percent",
                f"ร้อยละในตารางไม่ตรงกับจำนวน / the row's {written} is not {basis}: "
                f"{_show(exact, written)}, as every other row has it",
                quote="\t".join(ctx.lines[index].cells or ()), expected=_show(exact, written), found=written)
        return  # the รวม of the shares is off by the same fault
    # a รวม of ๑๐๐ that the rows' shares do not add up to (unless the column is each row's
    # own ratio, an achievement rate, whose รวม is the overall rate)
    ratios = any(len(wrong) <= 1 for basis, wrong in fits if not basis.startswith("its share"))
    if total is None or ratios or at(total, column) != 100:
        return
    added = sum((value for _, _, value in rows if value is not None), Decimal(0))
    written = total[column].strip()
    decimals = max((len(c[column].split(".", 1)[1]) if "." in c[column] else 0) for _, c, _ in rows)
    slack = Decimal(len(rows)) * Decimal(1).scaleb(-decimals) / 2
    if abs(added - 100) > slack:
        ctx.add(totals[0][0], "arith.percent",
                f"ผลรวมร้อยละไม่ครบ ๑๐๐ / the shares of the {len(rows)} rows add up to "
                f"{_show(added, written)}, not {written}",
                quote="\t".join(total), expected=_show(added, written), found=written)


# "<a> <unit> … <b> <unit> (คิดเป็น)อัตราส่วน <x> : <y>" (or "<x> ต่อ <y>")
_RATIO = re.compile(
    rf"(?<![0-9๐-๙.,])(?P<a>{NUM})\s*+[ก-๙]{{1,12}}\s*+[^0-9๐-๙()]{{0,30}}?(?<![0-9๐-๙.,])(?P<b>{NUM})"
    rf"\s*+[ก-๙]{{1,12}}\s*+\(?\s*+(?:คิดเป็น)?\s*+อัตราส่วน\s*+(?P<x>{NUM})\s*+(?::|ต่อ)\s*+(?P<y>{NUM})"
)


def _ratio_fits(a: Decimal, b: Decimal, x: Decimal, y: Decimal, written_y: str, written_x: str) -> bool:
    if a == 0 or x == 0:
        return a == x == 0
    if a * y == b * x:
        return True
    # a normalised ratio (1 : 6.67) is rounded to the decimals written
    if x == 1:
        return percent_fits(b, a * 100, written_y)
    if y == 1:
        return percent_fits(a, b * 100, written_x)
    return False


def check_ratios(ctx: "_Context") -> None:
    for index, line in enumerate(ctx.lines):
        texts = [(cell, len(cell)) for cell in line.cells] if line.cells is not None else \
            [(continued_text(ctx.lines, index), len(line.text))]
        for text, own in texts:
            if "อัตราส่วน" not in text:
                continue
            for match in _RATIO.finditer(text):
                if match.start() >= own:
                    continue
                a, b, x, y = (_decimal(match[k]) for k in ("a", "b", "x", "y"))
                if _ratio_fits(a, b, x, y, match["y"], match["x"]):
                    continue
                if x == 1 and a:
                    expected = f"{match['x']} : {_show(b / a, match['y'])}"
                else:
                    expected = f"{match['a']} : {match['b']}"
                ctx.add(index, "arith.ratio",
                        f"อัตราส่วนไม่ตรงกับจำนวน / {match['a']} to {match['b']} is not "
                        f"{match['x']} : {match['y']}",
                        quote=match.group(0), expected=expected, found=f"{match['x']} : {match['y']}")
