"""Rubric faults, in a ``kind: rubric`` file and in the rubric tables of issued text.

Both read their bands into :class:`thaidoc.checks.bands.Band` and report what
:func:`thaidoc.checks.bands.band_faults` finds, so a fault has the same code, message, expected
and found whether it is in the data (located by field path, ``tasks[0].bands[3].range``) or
in an issued document (located by line or table row, with the row quoted).

Issued text is read as conservatively as the other lint rules: a rubric is a run of rows or
lines that each start with a band label (A–D, ก–ง, points such as ๑๐๐ / ๗๕, "ระดับ …"), in a
table whose heading names ระดับ, คะแนน or เกณฑ์, or in prose ("ระดับ A หมายถึง …"). A band's
range is read only from a phrase that says it is one (ตั้งแต่ … ขึ้นไป, ระหว่าง … - …,
ร้อยละ … - …, มากกว่า / ต่ำกว่า / ไม่เกิน …), and bands are compared only when each has
exactly one such phrase in the same unit: anything less certain is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from thaidoc.checks.bands import Band, BandFault, band_faults, label_rank, mentions_average
from thaidoc.checks.findings import Finding, Severity
from thaidoc.checks.numbering import first_break
from thaidoc.model.rubric import Rubric, typed_number
from thaidoc.read.layout import Line
from thaidoc.thai import arabic_digits, thai_digits

__all__ = ["check_rubric", "lint_rubric_lines", "read_range"]


# -------------------------------------------------------------------------------- the data


def check_rubric(rubric: Rubric, *, source: str | None = None) -> list[Finding]:
    """The band faults of every task, located by field path."""
    findings: list[Finding] = []
    for t, task in enumerate(rubric.tasks):
        bands = [Band(band.label.strip(),
                      band.range.low if band.range else None,
                      band.range is None or band.range.above is None,
                      band.range.high if band.range else None,
                      band.range is None or band.range.below is None) for band in task.bands]
        printed = [line for band in task.bands for line in rubric.band_lines(task, band)]
        averaged = task.scale.averaged or mentions_average(printed)
        faults = band_faults(bands, task.scale.precision, averaged=averaged, digits=rubric.digits)
        for fault in faults:
            band = task.bands[fault.index]
            part = "label" if fault.code == "rubric.order" and label_rank(band.label) is not None else "range"
            quote = " ".join(rubric.band_lines(task, band)) if part == "range" else rubric.text(band.label)
            findings.append(_finding(fault, f"tasks[{t}].bands[{fault.index}].{part}", quote, source))
        for b, band in enumerate(task.bands):
            numbers = band.typed_numbers
            if numbers is None:
                continue
            fault_at = first_break(numbers)
            if fault_at is not None:
                position, expected, found = fault_at
                findings.append(_numbering(band.label, expected, found, numbers,
                                           f"tasks[{t}].bands[{b}].conditions[{position}]",
                                           band.conditions[position], source))
    return findings


def _finding(fault: BandFault, location: str, quote: str, source: str | None) -> Finding:
    return Finding(code=fault.code, severity=fault.severity, location=location, message=fault.message,
                   expected=fault.expected, found=fault.found, quote=_shorten(quote), source=source)


def _numbering(label: str, expected: int, found: int, numbers: Sequence[int], location: str, quote: str,
               source: str | None) -> Finding:
    run = " ".join(f"{n})" for n in numbers)
    return Finding(
        code="rubric.numbering", severity=Severity.ERROR, location=location,
        message=f"เงื่อนไขของระดับ {label} ลำดับเลขไม่ต่อเนื่อง: {thai_digits(run)} (ข้อที่ {thai_digits(str(expected))} "
                f"เป็น {thai_digits(str(found))}) / the conditions of band {label} are numbered {run}: "
                f"{found}) where {expected}) should be",
        expected=f"{expected})", found=f"{found})", quote=_shorten(quote), source=source)


def _shorten(text: str, limit: int = 160) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ------------------------------------------------------------------------------ issued text

_N = r"(\d+(?:\.\d+)?)"
_UNIT = r"(คะแนน|ครั้ง|เรื่อง|แห่ง|คน|วัน|%)?"
# phrases that state a range; the text is in Arabic digits by then. Each gives (low, low
# inclusive, high, high inclusive, unit) from its match
_PHRASES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], tuple[Any, ...]]]] = [
    (re.compile(rf"ร้อยละ\s*{_N}\s*(?:-|–|ถึง)\s*(?:ร้อยละ\s*)?{_N}"),
     lambda m: (m[1], True, m[2], True, "ร้อยละ")),
    (re.compile(rf"(?:ระหว่าง|ตั้งแต่)\s*(?:ร้อยละ\s*)?{_N}\s*{_UNIT}\s*(?:-|–|ถึง)\s*(?:ร้อยละ\s*)?{_N}\s*{_UNIT}"),
     lambda m: (m[1], True, m[3], True, m[2] or m[4] or ("ร้อยละ" if "ร้อยละ" in m[0] else ""))),
    (re.compile(rf"(ตั้งแต่|มากกว่า|ไม่น้อยกว่า)\s*(ร้อยละ\s*)?{_N}\s*{_UNIT}\s*(?:แต่|และ)?\s*"
                rf"(ต่ำกว่า|น้อยกว่า|ไม่เกิน|ไม่ถึง)\s*(?:ร้อยละ\s*)?{_N}\s*{_UNIT}"),
     lambda m: (m[3], m[1] != "มากกว่า", m[6], m[5] == "ไม่เกิน", "ร้อยละ" if m[2] else (m[4] or m[7] or ""))),
    (re.compile(rf"(?<![\d.]){_N}\s*(?:-|–)\s*{_N}\s*(คะแนน)"),
     lambda m: (m[1], True, m[2], True, m[3])),
    (re.compile(rf"(?:ตั้งแต่\s*)?(ร้อยละ\s*)?{_N}\s*{_UNIT}\s*ขึ้นไป"),
     lambda m: (m[2], True, None, True, "ร้อยละ" if m[1] else (m[3] or ""))),
    (re.compile(rf"(มากกว่าหรือเท่ากับ|ไม่น้อยกว่า|มากกว่า)\s*(ร้อยละ\s*)?{_N}\s*{_UNIT}"),
     lambda m: (m[3], m[1] != "มากกว่า", None, True, "ร้อยละ" if m[2] else (m[4] or ""))),
    (re.compile(rf"(น้อยกว่าหรือเท่ากับ|ไม่เกิน|ต่ำกว่า|น้อยกว่า|ไม่ถึง)\s*(ร้อยละ\s*)?{_N}\s*{_UNIT}"),
     lambda m: (None, True, m[3], m[1] in ("น้อยกว่าหรือเท่ากับ", "ไม่เกิน"), "ร้อยละ" if m[2] else (m[4] or ""))),
]


@dataclass(frozen=True, slots=True)
class _Range:
    low: Decimal | None
    low_inclusive: bool
    high: Decimal | None
    high_inclusive: bool
    unit: str


def read_range(text: str) -> list[_Range]:
    """Every range phrase in ``text`` (Thai or Arabic digits), each read once.

    >>> [(r.low, r.high, r.unit) for r in read_range("เฉลี่ยระหว่าง ๗๐ - ๗๙ คะแนน")]
    [(Decimal('70'), Decimal('79'), 'คะแนน')]
    >>> [(r.low, r.low_inclusive, r.unit) for r in read_range("มากกว่าร้อยละ 15")]
    [(Decimal('15'), False, 'ร้อยละ')]
    """
    plain = re.sub(r"[\s\u00a0]+", " ", arabic_digits(text)).replace(",", "")
    found: list[_Range] = []
    taken: list[tuple[int, int]] = []
    for pattern, read in _PHRASES:
        for match in pattern.finditer(plain):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            low, low_inc, high, high_inc, unit = read(match)
            taken.append((match.start(), match.end()))
            found.append(_Range(Decimal(low) if low is not None else None, low_inc,
                                Decimal(high) if high is not None else None, high_inc,
                                "ร้อยละ" if unit == "%" else unit))
    return found


# a band label alone in a cell, or at the start of a prose line
_LABEL = (r"(?:ระดับ(?:คะแนน)?\s*)?(?:[A-E]|[ก-จ](?![ก-ฮ\u0e30-\u0e4e])|\d{1,3}(?:\s*คะแนน)?"
          r"|ดีเยี่ยม|ดีมาก|ดี|พอใช้|ปานกลาง|ต้องปรับปรุงเร่งด่วน|ต้องปรับปรุง|ควรปรับปรุง|ปรับปรุง)")
_CELL_LABEL = re.compile(rf"^\s*(?:ระดับ(?:คะแนน)?|ค่าคะแนน)?\s*({_LABEL})\s*$")
_PROSE_LABEL = re.compile(
    rf"^\s*[-•]?\s*(?:(?:ระดับ(?:คะแนน)?|ค่าคะแนน)\s*([A-E]|\d{{1,3}})\s*(?:คะแนน)?\s*(?:=|:|หมายถึง)?"
    rf"|([A-E]|\d{{1,3}}\s*คะแนน)\s*(?:=|:|หมายถึง))\s*(.*)$")
_HEAD_WORDS = ("ระดับ", "คะแนน", "เกณฑ์")
# a range cut by a line break: the line ends where the next number should follow
_DANGLING = re.compile(r"(?:-|–|ถึง|ตั้งแต่|ระหว่าง|ร้อยละ|มากกว่า|ต่ำกว่า|น้อยกว่า|ไม่เกิน|ไม่น้อยกว่า)\s*$")
_CONDITION = re.compile(r"(?:(?<=\s)|^)(\d{1,2})\)\s")


@dataclass
class _BandText:
    label: str
    index: int          # the line where the band starts
    text: list[str] = field(default_factory=list)
    conditions: list[tuple[int, int, str]] = field(default_factory=list)  # (line, number, text)


def _label_of(cell: str) -> str | None:
    match = _CELL_LABEL.match(arabic_digits(cell))
    if not match:
        return None
    label = re.sub(r"\s*คะแนน$", "", match.group(1)).strip()
    label = re.sub(r"^ระดับ(?:คะแนน)?\s*", "", label)
    return label if label_rank(label) is not None else None


def _conditions(text: str, index: int) -> list[tuple[int, int, str]]:
    plain = arabic_digits(text)
    out = []
    for piece in plain.split("\n"):
        for match in _CONDITION.finditer(piece):
            if match.start() > 0 and piece[match.start() - 1] not in " \t":
                continue
            out.append((index, int(match.group(1)), piece[match.start():].strip()))
    return out


def _table_rubrics(lines: Sequence[Line]) -> list[list[_BandText]]:
    by_block: dict[int, list[int]] = {}
    for index, line in enumerate(lines):
        if line.cells is not None:
            by_block.setdefault(line.block, []).append(index)
    groups = []
    for indexes in by_block.values():
        head = [i for i in indexes if _label_of((lines[i].cells or ("",))[0]) is None]
        if not any(word in cell for i in head[:2] for cell in (lines[i].cells or ()) for word in _HEAD_WORDS):
            continue
        bands: list[_BandText] = []
        for i in indexes:
            cells = lines[i].cells or ()
            label = _label_of(cells[0]) if cells else None
            if label is None or len(cells) < 2:
                continue
            rest = "\n".join(cells[1:])
            bands.append(_BandText(label, i, [rest], _conditions(rest, i)))
        if len(bands) >= 2:
            groups.append(bands)
    return groups


def _prose_rubrics(lines: Sequence[Line]) -> list[list[_BandText]]:
    groups: list[list[_BandText]] = []
    current: list[_BandText] = []
    for index, line in enumerate(lines):
        if line.cells is not None:
            text = None
        else:
            text = arabic_digits(line.text)
        match = _PROSE_LABEL.match(text) if text is not None else None
        if match:
            label = re.sub(r"\s*คะแนน$", "", (match.group(1) or match.group(2)).strip())
            if label_rank(label) is not None:
                rest = match.group(3)
                current.append(_BandText(label, index, [rest], _conditions(rest, index)))
                continue
        wrapped = bool(current) and _DANGLING.search(current[-1].text[-1]) is not None
        if current and text is not None and (wrapped or re.match(r"^\s*\d{1,2}\)\s", text) or read_range(text)):
            current[-1].text.append(text)
            current[-1].conditions.extend(_conditions(text, index))
            continue
        if len(current) >= 2:
            groups.append(current)
        current = []
    if len(current) >= 2:
        groups.append(current)
    return groups


def lint_rubric_lines(lines: Sequence[Line], where: Callable[[int], str], *,
                      source: str | None = None) -> list[tuple[int, Finding]]:
    """Rubric faults in issued text: ``(line index, finding)`` pairs. ``where(index)`` names
    the line as the other lint rules do (``line 12``, ``table 2 row 3``)."""
    found: list[tuple[int, Finding]] = []
    for bands in _table_rubrics(lines) + _prose_rubrics(lines):
        found.extend(_check_group(bands, lines, where, source))
    return found


def _is_sequence_column(bands: list[_BandText]) -> bool:
    """Labels 1, 2, 3 … in order: a ลำดับ column, each row its own item, not score bands."""
    numbers = [arabic_digits(band.label) for band in bands]
    return all(n.isdigit() for n in numbers) and [int(n) for n in numbers] == list(range(1, len(bands) + 1))


def _check_group(bands: list[_BandText], lines: Sequence[Any], where: Callable[[int], str],
                 source: str | None) -> list[tuple[int, Finding]]:
    found: list[tuple[int, Finding]] = []
    if _is_sequence_column(bands):
        return found
    for band in bands:
        numbers = [number for _, number, _ in band.conditions]
        fault_at = first_break(numbers) if len(numbers) > 1 else None
        if fault_at is not None:
            position, expected, number = fault_at
            line, _, text = band.conditions[position]
            found.append((line, _numbering(band.label, expected, number, numbers, where(line), text, source)))
    # ranges: one phrase per band, all in one unit
    ranges = [read_range("\n".join(band.text)) for band in bands]
    units = {r.unit for found_ranges in ranges for r in found_ranges}
    if len(units) != 1 or any(len(r) != 1 for r in ranges):
        return found
    averaged = mentions_average(part for band in bands for part in band.text)
    described = [Band(band.label, r[0].low, r[0].low_inclusive, r[0].high, r[0].high_inclusive)
                 for band, r in zip(bands, ranges)]
    for fault in band_faults(described, averaged=averaged):
        index = bands[fault.index].index
        found.append((index, _finding(fault, where(index), lines[index].text.replace("\t", " "), source)))
    return found
