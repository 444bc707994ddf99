"""Lint an issued letter's text: the errors a reviewer would otherwise find by hand.

:func:`lint` takes an extracted document (:class:`thaidoc.read.document.ExtractedDocument`,
laid out into letter parts by :mod:`thaidoc.read.layout`) and returns :class:`~thaidoc.checks.findings.Finding` objects with stable codes:

==========================  ===============================================================
``amount.words``            a figure and the Thai words in parentheses beside it disagree
``amount.words-malformed``  the words beside a figure are not valid Thai amount wording
``arith.product``           "8,780 หมู่บ้าน X 18,300 บาท … เป็นเงิน …" with a wrong product
``budget.subtotal``         a category of an expense detail whose items add up differently
``budget.total``            a รวมทั้งสิ้น (or the section's heading amount) that is not the sum
``budget.stated-total``     a budget stated elsewhere (งบประมาณ …) that differs from its detail
``date.weekday``            a weekday that the date does not fall on
``date.invalid``            a date that does not exist (๓๑ เมษายน)
``date.reference-order``    a letter referred to (อ้างถึง, or in the body) dated after this one
``ref.province-code``       an unknown code after ที่, or one contradicting the address
``address.province-code``   an unknown or contradicting province abbreviation in the address
``address.postcode``        a postcode not of five digits, or of another province
``address.phone-area``      (note) the owner office's landline area code is another province's
``enclosure.numbering``     enclosures not numbered 1..n, or a reference to a missing one
``digits.mixed``            (warning) Arabic and Thai digits mixed within the letter part
``table.sum``               a table's รวม column or รวม row that is not the sum it heads
``arith.percent``           a percentage that does not follow from its counts (rules_numbers)
``arith.ratio``             a ratio that does not follow from its two counts (rules_numbers)
``date.deadline-past``      a deadline before (or on) the letter's date (rules_dates)
``date.era``                a CE year, or a BE year 543 too far, among BE dates (rules_dates)
``date.fiscal-quarter``     months or years that are not the quarter's (rules_dates)
``date.fiscal-year``        a fiscal year's period written with dates outside it (rules_dates)
``numbering.sequence``      numbered items or a ลำดับ column that skip or repeat (rules_numbering)
``numbering.style``         (warning) an item going on with a list in another form
``numbering.parent``        a sub-item whose number does not begin with its item's
``letter.salutation``       (warning) a salutation that does not fit the recipient (rules_letter)
``letter.closing``          (warning) a closing not going with the salutation (rules_letter)
``ref.circular``            (warning) a letter to many numbered without ว (rules_letter)
``signer.province``         the signer's principal of another province (rules_letter)
==========================  ===============================================================

Every finding names where it is (``line 12 (ที่)`` for text files, ``paragraph 3`` or
``table 2 row 5`` for .docx), quotes the text, and says what was expected and found. The
rules lean towards silence: a checker that cries wolf stops being read.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from thaidoc.checks.amounts import check_amount_words as check
from thaidoc.checks.amounts import format_money, signed_difference
from thaidoc.checks.bands import RUBRIC_CODES
from thaidoc.checks.findings import Finding, Severity
from thaidoc.checks.rubric import lint_rubric_lines
from thaidoc.checks.rules_dates import (
    check_body_references,
    check_deadlines,
    check_era,
    check_fiscal_years,
    check_quarters,
    christian_year_in,
)
from thaidoc.checks.rules_letter import check_circular, check_salutation, check_signer_province
from thaidoc.checks.rules_numbering import check_numbering, check_table_numbering, without_covered_numbering
from thaidoc.checks.rules_numbers import check_percentages, check_ratios, check_table_percentages
from thaidoc.checks.schedule import SCHEDULE_CODES, lint_schedule_lines
from thaidoc.checks.tables import is_total_row, join_continued_tables
from thaidoc.errors import AmountError
from thaidoc.read.document import ExtractedDocument
from thaidoc.read.layout import (
    NUM,
    LetterLayout,
    Line,
    document_lines,
    parse_letter,
    to_int,
)
from thaidoc.thai import (
    WEEKDAYS,
    arabic_digits,
    find_thai_dates,
    parse_bahttext,
    province_by_abbreviation,
    provinces_by_postcode,
    suggest_provinces,
    thai_date,
    thai_digits,
    to_decimal,
)
from thaidoc.thai.provinces import MINISTRY_CODES

__all__ = ["lint", "amount_word_findings", "CODES"]

CODES = (
    "amount.words",
    "amount.words-malformed",
    "arith.product",
    "budget.subtotal",
    "budget.total",
    "budget.stated-total",
    "date.weekday",
    "date.invalid",
    "date.reference-order",
    "ref.province-code",
    "address.province-code",
    "address.postcode",
    "address.phone-area",
    "enclosure.numbering",
    "digits.mixed",
    "table.sum",
    "numbering.sequence",
    "numbering.style",
    "numbering.parent",
    "date.deadline-past",
    "date.era",
    "date.fiscal-quarter",
    "date.fiscal-year",
    "letter.salutation",
    "letter.closing",
    "ref.circular",
    "signer.province",
    "arith.percent",
    "arith.ratio",
    *RUBRIC_CODES,
    *SCHEDULE_CODES,
)

_QUOTE_LIMIT = 160


def lint(doc: ExtractedDocument, *, source: str | None = None) -> list[Finding]:
    """All findings for one issued document, in document order (errors and warnings)."""
    source = source if source is not None else getattr(doc, "source", None)
    lines = document_lines(doc)
    layout = parse_letter(lines)
    context = _Context(lines, layout, source)
    context.thai_looking_blocks = _thai_looking_blocks(doc)
    for check in _CHECKS:
        check(context)
    found = without_covered_numbering(context.found)
    # document order; within a line, the order the checks ran (sorted() is stable)
    return [finding for _, finding in sorted(found, key=lambda pair: pair[0])]


# ------------------------------------------------------------------------------------ plumbing


class _Context:
    def __init__(self, lines: list[Line], layout: LetterLayout, source: str | None) -> None:
        self.lines = lines
        self.layout = layout
        self.source = source
        self.found: list[tuple[int, Finding]] = []
        self.letter_year: int | None = layout.date.year + 543 if layout.date else None
        self.amount_columns = _amount_columns(lines)
        self.thai_looking_blocks: set[int] = set()
        self.parts = layout.parts_by_line()  # once: where() is asked for every line

    def where(self, index: int, part: str | None = None) -> str:
        line = self.lines[index]
        if part is None and index < self.layout.end:
            part = self.parts.get(index)
        return f"{line.where} ({part})" if part else line.where

    def add(self, index: int, code: str, message: str, *, severity: Severity = Severity.ERROR,
            quote: str | None = None, part: str | None = None, **fields: Any) -> None:
        line = self.lines[index]
        self.found.append((index, Finding(
            code=code, severity=severity, location=self.where(index, part), message=message,
            quote=_shorten(quote if quote is not None else line.plain), source=self.source, **fields,
        )))

    def add_finding(self, index: int, finding: Finding) -> None:
        self.found.append((index, finding))


_AMOUNT_HEADER = re.compile(r"^(?:เป็นเงิน|จำนวนเงิน|งบประมาณ)\s*(?:\(?\s*บาท\s*\)?)?$")


def _amount_columns(lines: list[Line]) -> dict[int, int]:
    """Table block -> the column headed เป็นเงิน (บาท) / จำนวนเงิน, for tables that put the
    amounts in a column of their own instead of writing "เป็นเงิน" on every row."""
    columns: dict[int, int] = {}
    for line in lines:
        if line.cells is None or line.block in columns:
            continue
        for column, cell in enumerate(line.cells):
            if _AMOUNT_HEADER.match(re.sub(r"\s+", " ", cell).strip()):
                columns[line.block] = column
                break
    return columns


def _column_amount(ctx: "_Context", line: Line) -> tuple[int, str] | None:
    """(column, figure or "-") of a row's amount cell, when its table has an amount column."""
    column = ctx.amount_columns.get(line.block)
    if column is None or line.cells is None or len(line.cells) <= column:
        return None
    cell = re.sub(r"\s*บาท\s*$", "", line.cells[column].strip())
    if cell == "-" or re.fullmatch(NUM, cell):
        return column, cell
    return None


def _shorten(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= _QUOTE_LIMIT else text[: _QUOTE_LIMIT - 1] + "…"


def _amount(text: str) -> Decimal:
    return to_decimal(text)


def _money(amount: Decimal) -> str:
    return format_money(amount)


def _difference(found: Decimal, expected: Decimal) -> str:
    return signed_difference(found, expected)


# --------------------------------------------------------------------------- amount in words

_NUMBER_WORD = re.compile(r"หนึ่ง|สอง|สาม|สี่|ห้า|หก|เจ็ด|แปด|เก้า|สิบ|ยี่|เอ็ด|ร้อย|พัน|หมื่น|แสน|ล้าน")
_WORDS = r"\(\s*+(?P<words>[^()0-9๐-๙]{0,200}?(?:บาท|สตางค์)[^()0-9๐-๙]{0,200}?)\s*\)"
# a rate keeps its words after the unit it is per: "๕๐๐ บาท/คน/วัน (ห้าร้อยบาทถ้วน)"
_PER_UNIT = r"(?:\s*+/\s*+[\u0e01-\u0e4e]{1,12}+){0,3}+"
_FIGURE_THEN_WORDS = re.compile(
    rf"(?<![0-9๐-๙.,])(?P<figure>{NUM})\s*+(?:\.-)?\s*+(?:บาท{_PER_UNIT})?\s*+(?:\.-)?\s*+{_WORDS}"
)
_WORDS_THEN_FIGURE = re.compile(rf"{_WORDS}\s*(?P<figure>{NUM})\s*บาท")


def _real_words(words: str) -> bool:
    """Words worth checking: Thai amount words, not a blank to fill in (.....บาทถ้วน)."""
    return "." not in words and bool(_NUMBER_WORD.search(words))


def amount_word_findings(text: str, *, location: str, source: str | None = None,
                         missing_thuan: Severity = Severity.WARNING) -> list[Finding]:
    """Findings about every amount written in Thai words beside its figure in ``text``.

    The one scanner for "figure บาท (words)" and "(words) figure บาท", shared by :func:`lint`
    (each line, paragraph or table row of an issued letter) and the batch renderer (each text
    of a row's letter). It takes "1,000.- บาท", a rate's unit ("๕๐๐ บาท/คน (…)"), dashes guarding
    the words ("(-หนึ่งพันบาทถ้วน-)"), and skips blanks to fill in ("(.....บาทถ้วน)"). Words that
    disagree with the figure, or are not valid Thai amount wording, are errors
    (:func:`thaidoc.checks.amounts.check_amount_words`); words right but for a missing ถ้วน are
    ``amount.words-malformed`` with the severity ``missing_thuan`` (a warning in an issued letter;
    the batch, about to print the letter, makes it an error).
    ``location`` is put on every finding as it is; each quotes the figure and its words.

    >>> [f.code for f in amount_word_findings("งบประมาณ ๑,๕๐๐ บาท (หนึ่งพันหกร้อยบาทถ้วน)", location="x")]
    ['amount.words']
    >>> [f.severity.value for f in amount_word_findings("๕๐๐ บาท/คน (ห้าร้อยบาท)", location="x")]
    ['warning']
    >>> amount_word_findings("จำนวน ๑,๐๐๐ บาท (.....บาทถ้วน)", location="x")
    []
    """
    if "บาท" not in text or "(" not in text:
        return []
    findings: list[Finding] = []
    # spans of the first pattern's matches, in order and not overlapping (finditer), so the
    # second pattern's overlap test is a bisection: linear overall, not quadratic
    taken: list[tuple[int, int]] = []
    for pattern in (_FIGURE_THEN_WORDS, _WORDS_THEN_FIGURE):
        for match in pattern.finditer(text):
            if pattern is _WORDS_THEN_FIGURE and _overlaps(taken, match.span()):
                continue
            # "(-หนึ่งพันบาทถ้วน-)": dashes guard the words against additions, not part of them
            words = re.sub(r"\s+", "", match["words"]).strip("-–—")
            if not _real_words(words):
                continue
            if pattern is _FIGURE_THEN_WORDS:
                taken.append(match.span())
            amount = _amount(match["figure"])
            quote = _shorten(match.group(0))
            if _only_missing_thuan(amount, words):
                findings.append(Finding(
                    code="amount.words-malformed", severity=missing_thuan, location=location,
                    message=("คำอ่านจำนวนเงินขาดคำว่า ถ้วน / the words end in บาท without ถ้วน "
                             "(a whole-baht amount is written …บาทถ้วน)"),
                    quote=quote, source=source, expected=f"{words}ถ้วน", found=words))
                continue
            findings.extend(check(amount, words, location=location, quote=quote, source=source))
    return findings


def _overlaps(spans: list[tuple[int, int]], span: tuple[int, int]) -> bool:
    """Whether ``span`` overlaps one of ``spans`` (sorted, not overlapping each other)."""
    start, end = span
    at = bisect.bisect_right(spans, (end,))  # spans starting before ``end``
    return at > 0 and spans[at - 1][1] > start


def check_amount_words(ctx: _Context) -> None:
    for index, line in enumerate(ctx.lines):
        for finding in amount_word_findings(line.text, location=ctx.where(index), source=ctx.source):
            ctx.add_finding(index, finding)


def _only_missing_thuan(amount: Decimal, words: str) -> bool:
    """True when the words are right but for the closing ถ้วน ("หนึ่งพันบาท" for 1,000)."""
    if not words.endswith("บาท"):
        return False
    try:
        return parse_bahttext(words + "ถ้วน") == amount
    except AmountError:
        return False


# ------------------------------------------------------------------------------- arithmetic

# Possessive quantifiers (Python 3.11) keep these linear: a crafted line of thousands of
# "1 ก x" factors or of spaces must not make the checker hang.
_UNIT = r"(?:\s*+(?!เป็นเงิน|รวม)[\u0e01-\u0e4f.]++){0,2}"
_TIMES = r"\s*+(?:[×*]|(?<=[\s\u0e01-\u0e4f])[xX](?=\s))\s*+"
# a chain of factors, taken whole ("8,780 หมู่บ้าน X 18,300 บาท", "30 คน * 50 บาท * 2 มื้อ")
_CHAIN = re.compile(rf"(?<![0-9๐-๙.,])(?P<chain>(?:{NUM}){_UNIT}(?:{_TIMES}(?:{NUM}){_UNIT})++)")
# what follows a chain on the same line: "… เป็นเงิน 160,674,000", "= 3,000"
_RESULT = re.compile(rf"[^0-9๐-๙]{{0,80}}?(?:เป็นเงิน|=|รวม)\s*+(?P<result>{NUM}|-)")
_FACTOR = re.compile(NUM)
# a cell holding one figure, perhaps with its unit: an อัตรา column ("200", "200 บาท")
_RATE_CELL = re.compile(rf"\s*(?P<n>{NUM})\s*(?:บาท)?\s*")


def _rates_after(cells: Sequence[str], at: int) -> tuple[Decimal, ...]:
    """The figures in the cells after a row's counts and before its amount: an อัตรา column
    ("26 คน x 2 มื้อ | 200 | 10,400" is 26 × 2 × 200)."""
    return tuple(_amount(rate["n"]) for rate in map(_RATE_CELL.fullmatch, cells[at + 1 :]) if rate)


def _products_in(text: str) -> list[tuple[str, str, str]]:
    """(chain, stated result, quoted text) for each "A × B … เป็นเงิน C" on a line."""
    found = []
    for chain in _CHAIN.finditer(text):
        result = _RESULT.match(text, chain.end())
        if result is not None:
            found.append((chain["chain"], result["result"], text[chain.start() : result.end()]))
    return found


def _product_of(chain: str) -> tuple[Decimal, list[Decimal]] | None:
    parts = re.split(_TIMES, chain)
    factors = []
    for part in parts:
        match = _FACTOR.search(part)
        if match is None:
            return None
        factors.append(_amount(match.group(0)))
    product = Decimal(1)
    for factor in factors:
        product *= factor
    return product, factors


def _report_product(
    ctx: _Context, index: int, chain: str, result: str, quote: str, rates: tuple[Decimal, ...] = ()
) -> None:
    computed = _product_of(chain)
    if computed is None or result == "-":
        return
    product, _ = computed
    for rate in rates:  # an อัตรา column between the counts and the amount
        product *= rate
        chain = f"{chain} X {_money(rate)}"
    stated = _amount(result)
    if product != stated:
        ctx.add(index, "arith.product",
                f"ผลคูณไม่ถูกต้อง / the product is wrong: {_shorten(chain)} = "
                f"{_money(product)}, not {_money(stated)}",
                quote=quote, expected=_money(product), found=_money(stated),
                difference=_difference(stated, product))


def check_products(ctx: _Context) -> None:
    for index, line in enumerate(ctx.lines):
        text = line.text
        if not re.search(r"[×*xX]", text):
            continue
        in_column = _column_amount(ctx, line)
        if in_column is not None and "เป็นเงิน" not in text:
            column, result = in_column
            cells = (line.cells or ())[:column]
            for at, cell in enumerate(cells):
                whole = _CHAIN.fullmatch(cell.strip())
                if whole:
                    # "26 คน x 2 มื้อ | 200 | 10,400": the rate has a column of its own
                    rates = _rates_after(cells, at)
                    _report_product(ctx, index, whole["chain"], result, f"{cell.strip()} … {result}", rates)
            continue
        for chain, stated, quote in _products_in(text):
            _report_product(ctx, index, chain, stated, quote)


# ------------------------------------------------------------------------- budget sections

_AMOUNT_AFTER = re.compile(rf"เป็นเงิน\s*(?P<amount>{NUM}|-)")
_TOTAL_WORD = re.compile(r"รวม(?:เป็นเงิน)?ทั้งสิ้น|^รวม(?:เป็นเงิน)?(?:\s|$)")
_CATEGORY_MARK = re.compile(r"^\(?[0-9๐-๙]{1,2}\)\s*\S|^[0-9๐-๙]{1,2}\.\s+\S")
_ITEM_MARK = re.compile(r"^[-–•·]\s*\S")
_TRAILING_AMOUNT = re.compile(rf"(?P<amount>{NUM})\s*บาท\s*$")
_ACTIVITY_ID = re.compile(r"กิจกรรมย่อยที่\s*(?P<id>[0-9๐-๙]+(?:\.[0-9๐-๙]+)*)")
_DOTTED_HEAD = re.compile(r"^(?:กิจกรรมย่อยที่\s*)?(?P<id>[0-9๐-๙]+(?:\.[0-9๐-๙]+)+)\s+\S")
_STATED = re.compile(rf"งบประมาณ\s*(?:จำนวน\s*)?(?:เงิน\s*)?(?P<amount>{NUM})\s*บาท")
_SECTION_GAP = 12  # non-amount lines that end an expense section without a total


@dataclass
class _AmountLine:
    index: int
    kind: str  # "total", "category", "item", "product", "other"
    amount: Decimal
    computed: Decimal | None = None  # the product written on the same row, if any

    @property
    def value(self) -> Decimal:
        """What the row is worth to its category: the product when the row shows one (a wrong
        product is reported once, by arith.product, not again as a wrong subtotal)."""
        return self.computed if self.computed is not None else self.amount


@dataclass
class _Section:
    rows: list[_AmountLine]
    activity: str | None
    start: int
    end: int  # last line index
    computed: Decimal | None = None


def _normal_id(text: str) -> str:
    return arabic_digits(text)


def _amount_line(ctx: _Context, index: int, line: Line) -> _AmountLine | None:
    text = line.plain
    first = next((cell.strip() for cell in (line.cells or (line.text,)) if cell.strip()), "")
    is_total = bool(_TOTAL_WORD.search(first))
    amounts = list(_AMOUNT_AFTER.finditer(text))
    match = amounts[-1] if amounts else None  # the row's own amount is its last เป็นเงิน
    in_column = _column_amount(ctx, line)
    if match is None and in_column is not None:
        value = in_column[1]
    elif match is None:
        trailing = _TRAILING_AMOUNT.search(text) if is_total else None
        if trailing is None:
            return None
        value = trailing["amount"]
    else:
        value = match["amount"]
    amount = Decimal(0) if value == "-" else _amount(value)
    if is_total:
        kind = "total"
    elif _ITEM_MARK.match(first):
        kind = "item"
    elif _CATEGORY_MARK.match(first):
        kind = "category"
    elif _products_in(text) or (in_column is not None and _CHAIN.search(text)):
        kind = "product"
    else:
        kind = "other"
    chain = _CHAIN.search(line.text) if kind in ("item", "product") else None
    product = _product_of(chain["chain"]) if chain else None
    if product is not None and in_column is not None and line.cells:
        cells = line.cells[: in_column[0]]
        at = next((k for k, cell in enumerate(cells) if _CHAIN.fullmatch(cell.strip())), None)
        for rate in _rates_after(cells, at) if at is not None else ():
            product = (product[0] * rate, product[1])
    return _AmountLine(index, kind, amount, product[0] if product else None)


def _sections(ctx: _Context, start: int) -> list[_Section]:
    lines = ctx.lines
    sections: list[_Section] = []
    current: list[_AmountLine] = []
    gap = 0
    previous_end = start - 1

    def close(end: int) -> None:
        nonlocal previous_end
        if current:
            first = current[0].index
            activity = None
            for k in range(max(previous_end + 1, first - 8), first + 1):
                found = _ACTIVITY_ID.search(lines[k].plain)
                if found:
                    activity = _normal_id(found["id"])
            sections.append(_Section(list(current), activity, first, end))
            previous_end = end
            current.clear()

    for index in range(start, len(lines)):
        row = _amount_line(ctx, index, lines[index])
        if row is None:
            if current:
                gap += 1
                if gap > _SECTION_GAP:
                    close(current[-1].index)
            continue
        gap = 0
        current.append(row)
        if row.kind == "total":
            close(index)
    close(current[-1].index if current else start)
    return sections


def _check_section(ctx: _Context, section: _Section) -> None:
    rows = section.rows
    categories: list[tuple[_AmountLine, list[_AmountLine], list[_AmountLine]]] = []
    loose_items: list[_AmountLine] = []
    loose_products: list[_AmountLine] = []
    heading: list[_AmountLine] = []
    totals = [row for row in rows if row.kind == "total"]
    for row in rows:
        if row.kind == "category":
            categories.append((row, [], []))
        elif row.kind in ("item", "product"):
            bucket = (categories[-1][1] if row.kind == "item" else categories[-1][2]) if categories else (
                loose_items if row.kind == "item" else loose_products)
            bucket.append(row)
        elif row.kind == "other" and not categories and not loose_items and not loose_products:
            heading.append(row)
    # categories against their items (the item lines, or the computations when there are none)
    for category, items, products in categories:
        detail = items or products
        if not detail:
            continue
        subtotal = sum((row.value for row in detail), Decimal(0))
        as_written = sum((row.amount for row in detail), Decimal(0))
        # A wrong product is arith.product's finding; the category may follow either the
        # amounts as written or the products, and is only wrong when it matches neither.
        if category.amount not in (subtotal, as_written):
            ctx.add(category.index, "budget.subtotal",
                    f"ยอดรวมหมวดไม่เท่ากับผลรวมของรายการ / the category states {_money(category.amount)} "
                    f"but its {len(detail)} item(s) add up to {_money(subtotal)}",
                    expected=_money(subtotal), found=_money(category.amount),
                    difference=_difference(category.amount, subtotal))
    if categories:
        computed = sum((category.amount for category, _, _ in categories), Decimal(0))
        basis = f"its {len(categories)} categories"
    elif loose_items or loose_products:
        detail = loose_items or loose_products
        computed = sum((row.value for row in detail), Decimal(0))
        written = sum((row.amount for row in detail), Decimal(0))
        if written != computed and any(row.amount == written for row in totals):
            computed = written  # the total follows the amounts as written; the product is the fault
        basis = f"its {len(detail)} item(s)"
    else:
        return
    section.computed = computed
    for row in [*heading, *totals]:
        if row.amount != computed:
            what = "รวมทั้งสิ้น" if row.kind == "total" else "the section heading"
            ctx.add(row.index, "budget.total",
                    f"ยอดรวมไม่เท่ากับผลรวมรายละเอียด / {what} states {_money(row.amount)} "
                    f"but {basis} add up to {_money(computed)}",
                    expected=_money(computed), found=_money(row.amount),
                    difference=_difference(row.amount, computed))


def check_budgets(ctx: _Context) -> None:
    lines = ctx.lines
    sections = _sections(ctx, ctx.layout.end)
    for section in sections:
        _check_section(ctx, section)
    by_activity = {s.activity: s for s in sections if s.activity and s.computed is not None}
    if not by_activity:
        return
    inside = {k for s in sections for k in range(s.start, s.end + 1)}
    for index in range(ctx.layout.end, len(lines)):
        if index in inside:
            continue
        match = _STATED.search(lines[index].plain)
        if match is None:
            continue
        detail = _activity_before(lines, index, by_activity, inside)
        if detail is None or detail.computed is None:
            continue
        stated = _amount(match["amount"])
        if stated != detail.computed:
            ctx.add(index, "budget.stated-total",
                    f"งบประมาณที่ระบุไม่ตรงกับรายละเอียดค่าใช้จ่าย / the budget stated here is "
                    f"{_money(stated)} but the expense detail of กิจกรรมย่อยที่ {detail.activity} "
                    f"({ctx.lines[detail.start].where}) adds up to {_money(detail.computed)}",
                    quote=match.group(0), expected=_money(detail.computed), found=_money(stated),
                    difference=_difference(stated, detail.computed))


def _activity_before(lines: list[Line], index: int, by_activity: dict[str, _Section],
                     inside: set[int]) -> _Section | None:
    """The expense section of the activity a stated budget belongs to: the nearest heading
    above it naming one of the sections' activities (2.4.1 …), not crossing another section
    or a new กิจกรรมหลัก."""
    for k in range(index, -1, -1):
        if k in inside:
            return None
        text = lines[k].plain
        found = _ACTIVITY_ID.search(text) or _DOTTED_HEAD.match(text)
        if found and _normal_id(found["id"]) in by_activity:
            return by_activity[_normal_id(found["id"])]
        if k != index and text.startswith("กิจกรรมหลัก"):
            return None
    return None


# ------------------------------------------------------------------------------------ dates


def check_dates(ctx: _Context) -> None:
    for index, line in enumerate(ctx.lines):
        for cell in line.cells or (line.text,):
            if not cell or not re.search(r"[0-9๐-๙]", cell):
                continue
            for match in find_thai_dates(cell, reference_year=ctx.letter_year):
                written = _shorten(match.text)  # a date may be spread over a run of blanks
                if match.error is not None and christian_year_in(match.text):
                    continue  # date.era says what is wrong with it
                if match.error is not None:
                    ctx.add(index, "date.invalid", f"วันที่ไม่มีอยู่จริง / {_shorten(match.error)}",
                            quote=written, expected="a date that exists", found=written)
                elif not match.weekday_ok and match.date is not None and match.stated_weekday is not None:
                    actual = WEEKDAYS[match.date.weekday()]
                    stated = WEEKDAYS[match.stated_weekday]
                    ctx.add(index, "date.weekday",
                            f"วันในสัปดาห์ไม่ตรงกับวันที่ / {written} is a {actual} (วัน{actual}), "
                            f"not วัน{stated}",
                            quote=written, expected=f"วัน{actual}", found=f"วัน{stated}")
    _check_weekdays_across_lines(ctx)


def _check_weekdays_across_lines(ctx: _Context) -> None:
    """A weekday at the end of one line and its date at the start of the next (a wrapped
    text file: "…ภายในวันศุกร์ที่" / "๒๕ มกราคม ๒๕๖๘ …") are checked together."""
    for index in range(len(ctx.lines) - 1):
        line, following = ctx.lines[index], ctx.lines[index + 1]
        if line.cells is not None or following.cells is not None or "วัน" not in line.text[-30:]:
            continue
        tail, head = line.text[-30:], following.text[:40]
        for match in find_thai_dates(f"{tail} {head}", reference_year=ctx.letter_year):
            if not match.start < len(tail) < match.end or match.date is None or match.stated_weekday is None:
                continue
            if not match.weekday_ok:
                actual, stated = WEEKDAYS[match.date.weekday()], WEEKDAYS[match.stated_weekday]
                written = _shorten(match.text)
                ctx.add(index, "date.weekday",
                        f"วันในสัปดาห์ไม่ตรงกับวันที่ / {written} is a {actual} (วัน{actual}), not วัน{stated}",
                        quote=written, expected=f"วัน{actual}", found=f"วัน{stated}")


def check_reference_order(ctx: _Context) -> None:
    letter_date = ctx.layout.date
    if letter_date is None:
        return
    for reference in ctx.layout.references:
        if reference.date is not None and reference.date > letter_date:
            ctx.add(reference.line, "date.reference-order",
                    f"หนังสือที่อ้างถึงลงวันที่หลังหนังสือฉบับนี้ / the referenced letter is dated "
                    f"{reference.date_text}, after this letter's date {thai_date(letter_date)}",
                    quote=reference.text, expected=f"on or before {thai_date(letter_date)}",
                    found=reference.date_text)


# ------------------------------------------------------------------------ codes and address


def _describe(province: Any) -> str:
    return f"{province.abbreviation} ({province.name})"


def _code_finding(ctx: _Context, index: int, code_name: str, code: str, what: str) -> None:
    province = ctx.layout.province
    part = "ที่อยู่" if code_name.startswith("address.") else None
    known = province_by_abbreviation(code)
    if known is None and code in MINISTRY_CODES:
        return
    if known is None:
        suggestions = suggest_provinces(code)
        if province is not None:
            suggestions = [province]  # the address says which province the office is in
        hint = ", ".join(_describe(p) for p in suggestions[:3])
        # A provincial office (its address names the province) must use a province code; other
        # bodies may have codes this list does not know, so there it is only a warning.
        severity = Severity.ERROR if province is not None else Severity.WARNING
        ctx.add(index, code_name, severity=severity, part=part, message=(
                f"ไม่รู้จักรหัส '{code}' / unknown province code '{code}' {what}"
                + (f"; did you mean {hint}?" if hint else "")),
                expected=_describe(suggestions[0]) if suggestions else "a province or ministry code",
                found=code, extra={"suggestions": [p.abbreviation for p in suggestions[:3]]})
    elif province is not None and known != province:
        ctx.add(index, code_name, part=part, message=
                f"รหัส '{code}' เป็นของจังหวัด{known.name} แต่ที่อยู่ระบุจังหวัด{province.name} / "
                f"the code '{code}' {what} is {known.name}'s, but the address names {province.name}",
                expected=_describe(province), found=_describe(known))


def check_province_codes(ctx: _Context) -> None:
    layout = ctx.layout
    if layout.number is not None:
        _code_finding(ctx, layout.number.line, "ref.province-code", layout.number.code, "after ที่")
    if layout.address_code is not None:
        index, code = layout.address_code
        _code_finding(ctx, index, "address.province-code", code, "in the address")
    for n, reference in enumerate(layout.references, start=1):
        number = reference.number
        if number is None:
            continue

        if province_by_abbreviation(number.code) is None and number.code not in MINISTRY_CODES:
            # the referenced letter may come from another office: only unknown codes are errors
            _code_finding(ctx, reference.line, "ref.province-code", number.code,
                          f"in the number of referenced letter {n}")


def check_postcode(ctx: _Context) -> None:
    layout = ctx.layout
    if layout.postcode is None:
        return
    index, written = layout.postcode
    digits = arabic_digits(written)
    if len(digits) != 5:
        ctx.add(index, "address.postcode", part="ที่อยู่", message=
                f"รหัสไปรษณีย์ต้องมี ๕ หลัก / the postcode '{written}' has {len(digits)} digits, not 5",
                expected="5 digits", found=written)
        return
    owners = provinces_by_postcode(digits)
    province = layout.province
    if province is None and layout.address_code is not None:
        province = province_by_abbreviation(layout.address_code[1])
    if not owners:
        ctx.add(index, "address.postcode", part="ที่อยู่", message=
                f"รหัสไปรษณีย์ไม่ตรงกับจังหวัดใด / no province has postcodes starting {digits[:2]}",
                expected=f"a postcode starting {province.postcode_prefix}" if province else "a Thai postcode",
                found=written)
    elif province is not None and province not in owners:
        names = ", ".join(p.name for p in owners)
        ctx.add(index, "address.postcode", part="ที่อยู่", message=
                f"รหัสไปรษณีย์ {written} เป็นของจังหวัด{names} แต่ที่อยู่ระบุจังหวัด{province.name} / "
                f"postcodes starting {digits[:2]} belong to {names}, but the address names {province.name} "
                f"({province.postcode_prefix}xxx)",
                expected=f"{province.postcode_prefix}xxx ({province.name})",
                found=f"{written} ({names})")


# Landline area codes (the first digits after 0) and their provinces. A weak signal, so a
# mismatch is only a note: the owner office's telephone belonging to another area often
# shows a letter copied from another province's.
_AREA_CODES = {
    "2": "กรุงเทพมหานคร นนทบุรี ปทุมธานี สมุทรปราการ",
    "32": "เพชรบุรี ประจวบคีรีขันธ์ ราชบุรี",
    "34": "กาญจนบุรี นครปฐม สมุทรสาคร สมุทรสงคราม",
    "35": "พระนครศรีอยุธยา อ่างทอง สุพรรณบุรี",
    "36": "ลพบุรี สระบุรี สิงห์บุรี",
    "37": "นครนายก ปราจีนบุรี สระแก้ว",
    "38": "ฉะเชิงเทรา ชลบุรี ระยอง",
    "39": "จันทบุรี ตราด",
    "42": "เลย มุกดาหาร นครพนม หนองคาย สกลนคร อุดรธานี บึงกาฬ หนองบัวลำภู",
    "43": "กาฬสินธุ์ ขอนแก่น มหาสารคาม ร้อยเอ็ด",
    "44": "บุรีรัมย์ ชัยภูมิ นครราชสีมา สุรินทร์",
    "45": "อำนาจเจริญ ศรีสะเกษ อุบลราชธานี ยโสธร",
    "53": "เชียงใหม่ เชียงราย ลำพูน แม่ฮ่องสอน",
    "54": "ลำปาง น่าน พะเยา แพร่",
    "55": "กำแพงเพชร พิษณุโลก สุโขทัย ตาก อุตรดิตถ์",
    "56": "ชัยนาท นครสวรรค์ เพชรบูรณ์ พิจิตร อุทัยธานี",
    "73": "นราธิวาส ปัตตานี ยะลา",
    "74": "พัทลุง สตูล สงขลา",
    "75": "กระบี่ นครศรีธรรมราช ตรัง",
    "76": "พังงา ภูเก็ต",
    "77": "ชุมพร ระนอง สุราษฎร์ธานี",
}
_PHONE = re.compile(r"โทร(?:ศัพท์)?\.?(?:\s*/\s*โทรสาร)?\s*:?\s*(?P<number>[0-9๐-๙][0-9๐-๙ \-\u00a0]{6,16}[0-9๐-๙])")


def check_phone_area(ctx: _Context) -> None:
    province = ctx.layout.province
    if province is None:
        return
    indexes = [*ctx.layout.owner, *([ctx.layout.department] if ctx.layout.department is not None else [])]
    for index in indexes:
        match = _PHONE.search(ctx.lines[index].plain)
        if match is None:
            continue
        digits = re.sub(r"\D", "", arabic_digits(match["number"]))
        if len(digits) != 9 or not digits.startswith("0"):
            continue  # not a landline (mobiles have 10 digits)
        area = "2" if digits[1] == "2" else digits[1:3]
        provinces = _AREA_CODES.get(area)
        if provinces is None or province.name in provinces.split():
            continue
        ctx.add(index, "address.phone-area",
                f"หมายเลขโทรศัพท์ขึ้นต้น 0{area} เป็นของ{provinces} ไม่ใช่จังหวัด{province.name} / the telephone's "
                f"area code 0{area} is for {provinces}, not {province.name} (a letter copied from another "
                f"province's?)",
                severity=Severity.NOTE, expected=f"an area code of {province.name}", found=f"0{area}")


# ------------------------------------------------------------------------------- enclosures

_ENCLOSURE_REF = re.compile(
    r"สิ่งที่ส่งมาด้วย\s*(?:ข้อ|ลำดับที่)?\s*(?P<numbers>[0-9๐-๙]+(?:\s*(?:,|และ|หรือ|ถึง|-|–)\s*[0-9๐-๙]+)*)"
)


def check_enclosures(ctx: _Context) -> None:
    layout = ctx.layout
    items = layout.enclosures
    labels = [item.label for item in items]
    if len(items) > 1 or any(label not in (None, 1) for label in labels):
        for position, item in enumerate(items, start=1):
            if item.label != position:
                ctx.add(item.line, "enclosure.numbering",
                        f"ลำดับสิ่งที่ส่งมาด้วยไม่ต่อเนื่อง / enclosure {position} of {len(items)} is "
                        f"numbered {item.label if item.label is not None else 'without a number'}",
                        expected=str(position), found=str(item.label) if item.label is not None else "no number")
    count = len(items)
    for index in layout.body + layout.notes:
        text = ctx.lines[index].plain
        for match in _ENCLOSURE_REF.finditer(text):
            for number in re.findall(r"[0-9๐-๙]+", match["numbers"]):
                value = to_int(number)
                if value > count or value < 1:
                    ctx.add(index, "enclosure.numbering",
                            f"อ้างถึงสิ่งที่ส่งมาด้วย {number} แต่มีเพียง {count} รายการ / the text refers to "
                            f"enclosure {number} but the letter lists {count}",
                            quote=match.group(0), expected=f"1..{count}" if count else "no enclosure reference",
                            found=number)


# ----------------------------------------------------------------------------------- digits

_THAI_DIGIT = re.compile("[๐-๙]")
_ARABIC_DIGIT = re.compile("[0-9]")
# Digits that belong to Latin text keep Arabic digits in any letter: e-mails, web addresses,
# "COVID-19", "Thailand 4.0", "ISO 9001".
_LATIN_CONTEXT = re.compile(
    # a token with a Latin letter in it (e-mail, web address, COVID-19, ISO9001), taken whole;
    # the look-ahead only runs at token starts, so a long token costs linear time
    r"(?<![A-Za-z0-9._@:/%+-])(?=[A-Za-z0-9._@:/%+-]*?[A-Za-z])[A-Za-z0-9._@:/%+-]++"
    # a number right after a Latin word: "Thailand 4.0", "ISO 9001"
    r"|(?<=[A-Za-z])[ \t]++[0-9]++(?:\.[0-9]++)?"
)


_THAI_DIGIT_FONT = re.compile(r"IT\s*(?:๙|9)", re.IGNORECASE)


def _thai_looking_blocks(doc: Any) -> set[int]:
    """Blocks whose Arabic digits are all in a TH Sarabun IT๙-style font, which draws 0-9 as
    Thai digits: on paper they are Thai digits, so they are not "mixed"."""
    blocks = set()
    for block in getattr(doc, "blocks", ()):
        with_digits = [run for run in getattr(block, "runs", ()) if _ARABIC_DIGIT.search(run.text)]
        if with_digits and all(run.font and _THAI_DIGIT_FONT.search(run.font) for run in with_digits):
            blocks.add(block.index)
    return blocks


def check_digits(ctx: _Context) -> None:
    layout = ctx.layout
    if not layout.found or layout.end == 0:
        return
    counts = {"thai": 0, "arabic": 0}
    per_line: list[tuple[int, str, str]] = []
    for index in range(layout.end):
        line = ctx.lines[index]
        text = _LATIN_CONTEXT.sub(" ", line.text)
        if line.block in ctx.thai_looking_blocks:
            text = thai_digits(text)
        thai = len(_THAI_DIGIT.findall(text))
        arabic = len(_ARABIC_DIGIT.findall(text))
        counts["thai"] += thai
        counts["arabic"] += arabic
        if thai or arabic:
            per_line.append((index, text, "thai" if thai >= arabic else "arabic"))
    if not counts["thai"] or not counts["arabic"]:
        return
    major = "thai" if counts["thai"] >= counts["arabic"] else "arabic"
    minor_pattern = _ARABIC_DIGIT if major == "thai" else _THAI_DIGIT
    names = {"thai": "เลขไทย / Thai digits", "arabic": "เลขอารบิก / Arabic digits"}
    for index, text, _ in per_line:
        runs = re.findall(r"[0-9][0-9,./:-]*" if major == "thai" else r"[๐-๙][๐-๙,./:-]*", text)
        if minor_pattern.search(text) and runs:
            ctx.add(index, "digits.mixed",
                    f"ใช้ตัวเลขปนกัน / {', '.join(runs[:3])} in {names['arabic' if major == 'thai' else 'thai']}, "
                    f"while the letter is written in {names[major]}",
                    severity=Severity.WARNING, expected=names[major], found=", ".join(runs[:3]))


# ------------------------------------------------------------------------------ table sums

_CELL_NUMBER = re.compile(rf"^(?:{NUM})$")
_NIL = {"-", "–", ""}


def _cell_value(cell: str) -> Decimal | None:
    """A cell's number ("16,512", "-" or blank for nothing); None for anything else."""
    text = cell.strip()
    if text in _NIL:
        return Decimal(0)
    return _amount(text) if _CELL_NUMBER.match(text) else None


def _all_values(cells: Sequence[str]) -> list[Decimal] | None:
    """The numbers of ``cells``, or None when one of them is not a number."""
    values = [_cell_value(cell) for cell in cells]
    return None if any(v is None for v in values) else [v for v in values if v is not None]


def check_table_sums(ctx: _Context) -> None:
    """Tables with a column headed รวม… (the sum of the columns between the labels and it) or a
    row labelled รวม… (the sum of the rows above it). Expense sheets with a เป็นเงิน column are
    the budget checks' business."""
    by_block: dict[int, list[int]] = {}
    for index, line in enumerate(ctx.lines):
        if line.cells is not None and line.block not in ctx.amount_columns:
            by_block.setdefault(line.block, []).append(index)
    for indexes in join_continued_tables(ctx.lines, list(by_block.values())):
        _check_one_table(ctx, indexes)


# a column of rates, shares or averages: its รวม is no sum of the rows
_NOT_SUMMED = re.compile(r"ร้อยละ|%|เฉลี่ย|อัตรา|สัดส่วน|เปอร์เซ็นต์")


def _check_one_table(ctx: _Context, indexes: list[int]) -> None:
    rows = [ctx.lines[i].cells or () for i in indexes]
    width = max(len(row) for row in rows)
    # header rows come before the first row with a figure after its label
    first_data = next((r for r, row in enumerate(rows)
                       if any(_CELL_NUMBER.match(cell.strip()) for cell in row[1:])), None)
    if first_data is None or first_data == 0:
        return
    total_column = next((c for row in rows[:first_data] for c, cell in enumerate(row)
                         if c >= 3 and cell.strip().startswith("รวม")), None)
    data = [(indexes[r], row) for r, row in enumerate(rows[first_data:], start=first_data)]
    not_summed = {c for row in rows[:first_data] for c, cell in enumerate(row) if _NOT_SUMMED.search(cell)}
    recomputed: dict[int, Decimal] = {}  # line -> the row's own sum, where it has a รวม cell
    if total_column is not None:
        for index, row in data:
            if len(row) <= total_column or is_total_row(row) or not_summed & set(range(1, total_column)):
                continue
            values = _all_values(row[1:total_column])
            stated = _cell_value(row[total_column])
            if stated is None or values is None or not row[total_column].strip():
                continue
            total = sum(values, Decimal(0))
            recomputed[index] = total
            if total != stated:
                ctx.add(index, "table.sum",
                        f"ผลรวมในแถวไม่ถูกต้อง / the row's รวม is {_money(stated)} but its "
                        f"{total_column - 1} columns add up to {_money(total)}",
                        quote="\t".join(row), expected=_money(total), found=_money(stated),
                        difference=_difference(stated, total))
    body: list[tuple[int, tuple[str, ...]]] = []
    for index, row in data:
        if row and is_total_row(row):
            for column in range(1, min(len(row), width)):
                if column in not_summed:
                    continue
                stated = _cell_value(row[column]) if row[column].strip() else None
                values = _all_values([r[column] if column < len(r) else "?" for _, r in body])
                if stated is None or not values:
                    continue
                total = sum(values, Decimal(0))
                accepted = {total}
                if column == total_column and all(i in recomputed for i, _ in body):
                    # a wrong row total is its own finding: the grand total may follow the rows' sums
                    accepted.add(sum((recomputed[i] for i, _ in body), Decimal(0)))
                if stated not in accepted:
                    ctx.add(index, "table.sum",
                            f"ผลรวมในคอลัมน์ไม่ถูกต้อง / the รวม of column {column + 1} is {_money(stated)} "
                            f"but the {len(values)} rows above add up to {_money(total)}",
                            quote="\t".join(row), expected=_money(total), found=_money(stated),
                            difference=_difference(stated, total))
            body = []
        else:
            body.append((index, row))


def check_rubrics(ctx: _Context) -> None:
    """Score bands and their numbered conditions (thaidoc.checks.rubric, shared with the data check)."""
    for index, finding in lint_rubric_lines(ctx.lines, ctx.where, source=ctx.source):
        ctx.add_finding(index, finding)


def check_schedules(ctx: _Context) -> None:
    """Visits on days off, outside the stated month, two at one time (thaidoc.checks.schedule)."""
    for index, finding in lint_schedule_lines(ctx.lines, ctx.where, source=ctx.source,
                                              reference_year=ctx.letter_year):
        ctx.add_finding(index, finding)


_CHECKS: tuple[Callable[[_Context], None], ...] = (
    check_province_codes,
    check_postcode,
    check_phone_area,
    check_reference_order,
    check_enclosures,
    check_digits,
    check_dates,
    check_amount_words,
    check_products,
    check_budgets,
    check_table_sums,
    check_numbering,
    check_table_numbering,
    check_deadlines,
    check_body_references,
    check_era,
    check_quarters,
    check_fiscal_years,
    check_salutation,
    check_circular,
    check_signer_province,
    check_percentages,
    check_table_percentages,
    check_ratios,
    check_rubrics,
    check_schedules,
)

