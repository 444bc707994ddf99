"""Score bands of a rubric (เกณฑ์การให้คะแนน): the one place that decides whether they are sound.

Both the data check of a ``kind: rubric`` file and the lint of an issued letter's rubric
tables describe each band as a :class:`Band` (its label and its range of scores) and ask
:func:`band_faults`; whatever the source, the same bands give the same faults:

- ``rubric.gap``: two neighbouring bands leave values between them that fit no band, at the
  scale's precision ("ระหว่าง ๕๐ - ๕๙" then "ตั้งแต่ ๖๐ ขึ้นไป" is sound for whole scores,
  leaves 59.5 uncovered for an average);
- ``rubric.overlap``: a value fits two bands;
- ``rubric.order``: the bands are listed out of their sequence (A, C, B, D);
- ``rubric.monotone``: a lower band asks more than a higher one (a D above a B);
- ``rubric.numbering``: a band's numbered conditions skip or repeat (๑) ๒) ๔)).

Values are compared on the grid of the scale's precision: a band "มากกว่า ๑๕" at precision
0.01 starts at 15.01, "ต่ำกว่า ๖๐" at precision 1 ends at 59.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from thaidoc.checks.findings import Severity
from thaidoc.thai import arabic_digits, thai_digits

__all__ = ["Band", "BandFault", "band_faults", "label_rank", "infer_precision", "mentions_average",
           "RUBRIC_CODES", "range_text"]

RUBRIC_CODES = ("rubric.gap", "rubric.overlap", "rubric.order", "rubric.monotone", "rubric.numbering")


@dataclass(frozen=True, slots=True)
class Band:
    """One band: ``low``/``high`` None for open ends; inclusive flags say ≥/> and ≤/<."""

    label: str
    low: Decimal | None = None
    low_inclusive: bool = True
    high: Decimal | None = None
    high_inclusive: bool = True

    @property
    def has_range(self) -> bool:
        return self.low is not None or self.high is not None

    def grid(self, precision: Decimal) -> tuple[Decimal | None, Decimal | None]:
        """The lowest and highest value of the band at ``precision`` (None: unbounded)."""
        low = high = None
        if self.low is not None:
            low = _ceil(self.low, precision)
            if low == self.low and not self.low_inclusive:
                low += precision
        if self.high is not None:
            high = _floor(self.high, precision)
            if high == self.high and not self.high_inclusive:
                high -= precision
        return low, high


@dataclass(frozen=True, slots=True)
class BandFault:
    """A fault found at band ``index`` (the position in the list given)."""

    code: str
    index: int
    severity: Severity
    thai: str
    english: str
    expected: str
    found: str

    @property
    def message(self) -> str:
        return f"{self.thai} / {self.english}"


def _ceil(value: Decimal, step: Decimal) -> Decimal:
    return (value / step).to_integral_value(rounding="ROUND_CEILING") * step


def _floor(value: Decimal, step: Decimal) -> Decimal:
    return (value / step).to_integral_value(rounding="ROUND_FLOOR") * step


def _decimals(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def infer_precision(bands: list[Band], *, averaged: bool = False) -> Decimal:
    """The step between values: the finest decimals the bounds are written with (๑๔.๙๙ -> 0.01),
    a hundredth of that when the score is an average of whole scores (เฉลี่ย)."""
    places = max((_decimals(bound) for band in bands for bound in (band.low, band.high) if bound is not None),
                 default=0)
    if averaged:
        places += 2
    return Decimal(1).scaleb(-places)


#: quality words as rubrics grade with them, best first
_WORDS = {word: Decimal(rank) for rank, words in enumerate((
    ("ดีเยี่ยม",), ("ดีมาก",), ("ดี",), ("พอใช้", "ปานกลาง"), ("ปรับปรุง", "ต้องปรับปรุง", "ควรปรับปรุง"),
    ("ต้องปรับปรุงเร่งด่วน",))) for word in words}
def mentions_average(texts: Iterable[str]) -> bool:
    """Whether the band texts say the score is an average (เฉลี่ย): then whole-score bounds are
    not the scale's precision. The data check and the lint decide it the same way."""
    return any("เฉลี่ย" in text for text in texts)


_LETTERS = "ABCDEF"
_THAI_LETTERS = "กขคงจ"
_NUMBER = re.compile(r"^(?:ระดับ|ค่าคะแนน|คะแนน)?\s*([0-9๐-๙]+(?:\.[0-9๐-๙]+)?)\s*(?:คะแนน)?$")


def label_rank(label: str) -> Decimal | None:
    """Where a label stands, best first (smaller is better): A=0 … D=3, ก=0 …, ดีมาก before ดี
    before พอใช้, a number of points by its value (100 before 75); None for a label with no
    known order."""
    text = arabic_digits(label.strip())
    text = re.sub(r"^(?:ระดับ|เกรด)\s*", "", text)
    if len(text) == 1 and text.upper() in _LETTERS:
        return Decimal(_LETTERS.index(text.upper()))
    if len(text) == 1 and text in _THAI_LETTERS:
        return Decimal(_THAI_LETTERS.index(text))
    if text in _WORDS:
        return _WORDS[text]
    match = _NUMBER.match(text)
    if match:
        return -Decimal(match.group(1))
    return None


def _show(value: Decimal | None, digits: str, step: Decimal | None = None) -> str:
    """A bound as typed, or a value on the grid with the step's decimals (15.00 at 0.01)."""
    if value is None:
        return "∞"
    if step is not None:
        value = value.quantize(step) if _decimals(step) else value.quantize(Decimal(1))
    text = format(value, "f")
    return thai_digits(text) if digits == "thai" else text


def range_text(band: Band, digits: str = "thai") -> str:
    """A short neutral form of a band's range: ≥ ๘๐, ๗๐–๗๙, < ๖๐."""
    low = None if band.low is None else ("≥ " if band.low_inclusive else "> ") + _show(band.low, digits)
    high = None if band.high is None else ("≤ " if band.high_inclusive else "< ") + _show(band.high, digits)
    if low and high and band.low_inclusive and band.high_inclusive:
        return f"{_show(band.low, digits)}–{_show(band.high, digits)}"
    return ", ".join(part for part in (low, high) if part) or "-"


def _key(grid: tuple[Decimal | None, Decimal | None]) -> tuple[Decimal, Decimal]:
    low, high = grid
    infinity = Decimal("Infinity")
    return (low if low is not None else -infinity, high if high is not None else infinity)


def band_faults(bands: list[Band], precision: Decimal | None = None, *, averaged: bool = False,
                digits: str = "thai") -> list[BandFault]:
    """Every fault of ``bands`` (listed as the document lists them, best first or last)."""
    step = precision if precision is not None else infer_precision(bands, averaged=averaged)
    faults: list[BandFault] = []
    ranks = [label_rank(band.label) for band in bands]
    known = all(rank is not None for rank in ranks) and len(set(ranks)) == len(ranks)
    if known and len(bands) >= 2:
        faults.extend(_order_faults(bands, [r for r in ranks if r is not None]))
    ranged = [(i, band) for i, band in enumerate(bands) if band.has_range]
    if len(ranged) < 2:
        return faults
    grids = {i: band.grid(step) for i, band in ranged}
    # monotone: in the labels' order (or as listed when the labels have none), the ranges
    # go one way only: every band above the next, or (lower is better) every band below it
    if known:
        by_rank = sorted(ranged, key=lambda pair: ranks[pair[0]] or Decimal(0))
        code = "rubric.monotone"
    else:
        by_rank = ranged
        code = "rubric.order"
    # the way most steps go is the rubric's direction (a lone D above B is the fault, not the
    # three bands before it); a tie goes by the first band against the last
    steps = [_key(grids[i]) > _key(grids[j]) for (i, _), (j, _) in zip(by_rank, by_rank[1:])
             if _key(grids[i]) != _key(grids[j])]
    first, last = _key(grids[by_rank[0][0]]), _key(grids[by_rank[-1][0]])
    if steps and (first != last or len(set(steps)) > 1):
        falling = sum(steps) * 2 > len(steps) if sum(steps) * 2 != len(steps) else first > last
        for (i, a), (j, b) in zip(by_rank, by_rank[1:]):
            ka, kb = _key(grids[i]), _key(grids[j])
            if ka != kb and (ka > kb) != falling:
                more = "สูงกว่า" if falling else "ต่ำกว่า"
                faults.append(BandFault(
                    code, j, Severity.ERROR,
                    f"เกณฑ์ระดับ {b.label} ({range_text(b, digits)}) {more}ระดับ {a.label} "
                    f"({range_text(a, digits)}) ซึ่งเป็นระดับที่ดีกว่า",
                    f"band {b.label} ({range_text(b, 'arabic')}) asks {'more' if falling else 'less'} than the "
                    f"better band {a.label} ({range_text(a, 'arabic')}): the bands are not monotone",
                    expected=f"{b.label} {'below' if falling else 'above'} {a.label}",
                    found=f"{a.label}: {range_text(a, 'arabic')}; {b.label}: {range_text(b, 'arabic')}"))
    # gaps and overlaps between bands neighbouring in value
    # (each band against the one reaching highest so far, so that a wide band overlapping
    # two others is seen against both)
    by_value = sorted(ranged, key=lambda pair: _key(grids[pair[0]]))
    reach = by_value[0]
    for j, upper in by_value[1:]:
        i, lower = reach
        _, lower_high = grids[i]
        upper_low, upper_high = grids[j]
        if lower_high is not None and (upper_high is None or upper_high > lower_high):
            reach = (j, upper)
        later = max(i, j)  # reported where the reader meets the second of the pair
        if lower_high is None or (upper_low is not None and lower_high >= upper_low):
            both = upper_low if upper_low is not None else lower_high
            faults.append(BandFault(
                "rubric.overlap", later, Severity.ERROR,
                f"ช่วงคะแนนของระดับ {lower.label} ({range_text(lower, digits)}) และระดับ {upper.label} "
                f"({range_text(upper, digits)}) ซ้อนกัน: ค่า {_show(both, digits, step)} อยู่ได้ทั้งสองระดับ",
                f"bands {lower.label} ({range_text(lower, 'arabic')}) and {upper.label} "
                f"({range_text(upper, 'arabic')}) overlap: {_show(both, 'arabic', step)} fits both",
                expected=f"{lower.label} to end below {upper.label}",
                found=f"{lower.label}: {range_text(lower, 'arabic')}; {upper.label}: {range_text(upper, 'arabic')}"))
        elif upper_low is not None and lower_high + step < upper_low:
            missing = lower_high + step
            example = _show(missing, digits, step) + ("" if missing + step >= upper_low
                                                      else f" ถึง {_show(upper_low - step, digits, step)}")
            faults.append(BandFault(
                "rubric.gap", later, Severity.ERROR,
                f"ช่วงคะแนนไม่ต่อเนื่อง: ระหว่างระดับ {lower.label} ({range_text(lower, digits)}) "
                f"และระดับ {upper.label} ({range_text(upper, digits)}) ค่า {example} ไม่อยู่ในระดับใด "
                f"(ความละเอียด {_show(step, digits, step)})",
                f"the bands leave a gap: between {lower.label} ({range_text(lower, 'arabic')}) and "
                f"{upper.label} ({range_text(upper, 'arabic')}) a value of {_show(missing, 'arabic', step)} fits no band "
                f"(values in steps of {_show(step, 'arabic', step)})",
                expected=f"{upper.label} to start at {_show(lower_high + step, 'arabic', step)}",
                found=f"{lower.label} ends at {_show(lower_high, 'arabic', step)}, {upper.label} starts at "
                      f"{_show(upper_low, 'arabic', step)}"))
    return sorted(faults, key=lambda fault: fault.index)


def _order_faults(bands: list[Band], ranks: list[Decimal]) -> list[BandFault]:
    ascending = ranks[0] < ranks[-1]
    for n in range(1, len(ranks)):
        if (ranks[n] > ranks[n - 1]) != ascending:
            return [BandFault(
                "rubric.order", n, Severity.ERROR,
                f"ลำดับระดับไม่เรียงกัน: ระดับ {bands[n].label} อยู่หลังระดับ {bands[n - 1].label}",
                f"the bands are listed out of order: {bands[n].label} comes after {bands[n - 1].label}",
                expected=" ".join(band.label for _, band in sorted(zip(ranks, bands), key=lambda pair: pair[0],
                                                                    reverse=not ascending)),
                found=" ".join(band.label for band in bands))]
    return []


