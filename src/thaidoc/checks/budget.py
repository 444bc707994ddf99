"""Does a budget add up, and do the figures a document states agree with it?

One pass over the tree computes every line, subtotal and total once (bottom up) and compares
each *stated* figure with the computed one:

- ``budget.line-product``: a line's factors do not multiply to the amount written beside it;
- ``budget.subtotal``: a category's stated subtotal differs from the sum of its lines;
- ``budget.total``: an activity's (or the whole budget's) stated total differs from the sum of
  its parts;
- ``budget.stated-total``: a figure stated elsewhere (an activity description, a summary, a
  proposal section) differs from the computed total;
- ``amount.words`` / ``amount.words-malformed``: words beside a figure (see
  :mod:`thaidoc.checks.amounts`).

Locations are field paths into the data (``activities[0].categories[1].items[0].amount``) so
that a finding points at the line to fix.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

from thaidoc.checks.amounts import check_amount_words, format_money, signed_difference
from thaidoc.checks.findings import Finding, Severity
from thaidoc.checks.rubric import check_rubric
from thaidoc.checks.schedule import check_schedule
from thaidoc.model.budget import Activity, BudgetFields, Stated
from thaidoc.model.rubric import Rubric
from thaidoc.model.schedule import Schedule

__all__ = ["check_budget", "check_document", "BUDGET_CODES"]

BUDGET_CODES = (
    "budget.line-product",
    "budget.subtotal",
    "budget.total",
    "budget.stated-total",
    "amount.words",
    "amount.words-malformed",
)


def _mismatch(code: str, location: str, expected: Decimal, found: Decimal, message: str,
              source: str | None, **extra: Any) -> Finding:
    return Finding(code=code, severity=Severity.ERROR, location=location, message=message,
                   expected=format_money(expected), found=format_money(found),
                   difference=signed_difference(found, expected), source=source,
                   extra={"expected": expected, "found": found, **extra})


def _differs(stated: Decimal | None, computed: Decimal, written: Decimal) -> bool:
    """A stated figure is reported when it disagrees with the computed value, unless it agrees
    with the figures written beneath it: then a lower finding already explains the difference
    (one fault in a sheet, one finding, not one per level above it)."""
    return stated is not None and stated != computed and stated != written


def _check_stated(stated: Stated, computed: Decimal, written: Decimal, location: str, *, code: str,
                  thai: str, english: str, source: str | None) -> list[Finding]:
    findings: list[Finding] = []
    where = f" ({stated.label})" if stated.label else ""
    if stated.amount is not None and _differs(stated.amount, computed, written):
        findings.append(_mismatch(
            code, f"{location}.amount", computed, stated.amount,
            f"{thai}{where} ระบุ {format_money(stated.amount)} บาท แต่คำนวณได้ {format_money(computed)} บาท"
            f" / {english} is stated as {format_money(stated.amount)} but its items add up to "
            f"{format_money(computed)}", source, label=stated.label))
    if stated.words:
        figure = stated.amount if stated.amount is not None else computed
        findings.extend(check_amount_words(figure, stated.words, location=f"{location}.words",
                                           source=source))
    return findings


def _check_activity(activity: Activity, path: str, source: str | None) -> tuple[Decimal, Decimal, list[Finding]]:
    """The computed total, the total as the sheet writes it, and the findings."""
    findings: list[Finding] = []
    total = written_total = Decimal(0)
    for j, category in enumerate(activity.categories):
        cpath = f"{path}.categories[{j}]"
        subtotal = written_subtotal = Decimal(0)
        for k, item in enumerate(category.items):
            computed = item.computed_amount
            subtotal += computed
            written_subtotal += computed if item.amount is None else item.amount
            if item.factors and item.amount is not None and item.amount != computed:
                findings.append(_mismatch(
                    "budget.line-product", f"{cpath}.items[{k}].amount", computed, item.amount,
                    f"{item.factor_text('×')} = {format_money(computed)} บาท ไม่ใช่ "
                    f"{format_money(item.amount)} บาท / the factors multiply to "
                    f"{format_money(computed)}, not the {format_money(item.amount)} written beside them",
                    source, factors=item.factor_text("×")))
        if _differs(category.subtotal, subtotal, written_subtotal):
            assert category.subtotal is not None
            findings.append(_mismatch(
                "budget.subtotal", f"{cpath}.subtotal", subtotal, category.subtotal,
                f"ยอดรวม{category.name} ระบุ {format_money(category.subtotal)} บาท แต่รายการรวมได้ "
                f"{format_money(subtotal)} บาท / the subtotal of {category.name} is stated as "
                f"{format_money(category.subtotal)} but its lines add up to {format_money(subtotal)}",
                source))
        total += subtotal
        written_total += written_subtotal if category.subtotal is None else category.subtotal
    label = f"กิจกรรม {activity.code}"
    if _differs(activity.heading_amount, total, written_total):
        assert activity.heading_amount is not None
        findings.append(_mismatch(
            "budget.total", f"{path}.heading_amount", total, activity.heading_amount,
            f"{label}: เป็นเงิน {format_money(activity.heading_amount)} บาท แต่หมวดรวมได้ "
            f"{format_money(total)} บาท / the activity heading states {format_money(activity.heading_amount)}"
            f" but its categories add up to {format_money(total)}", source))
    if activity.total is not None:
        findings.extend(_check_stated(activity.total, total, written_total, f"{path}.total",
                                      code="budget.total", thai=f"{label}: ค่าใช้จ่ายรวมทั้งสิ้น",
                                      english=f"the total of activity {activity.code}", source=source))
    # what the sheet itself says the activity costs, which a description elsewhere may repeat
    for figure in (activity.total.amount if activity.total else None, activity.heading_amount):
        if figure is not None:
            written_total = figure
            break
    for n, stated in enumerate(activity.stated):
        findings.extend(_check_stated(stated, total, written_total, f"{path}.stated[{n}]",
                                      code="budget.stated-total", thai=f"{label}: งบประมาณ",
                                      english=f"the budget of activity {activity.code}", source=source))
    return total, written_total, findings


def check_budget(budget: BudgetFields, *, source: str | None = None) -> list[Finding]:
    """Every inconsistency in ``budget``, in document order.

    Each figure a document writes is compared with the value computed from the factors and
    amounts beneath it; a line item without a stated amount, or a category without a stated
    subtotal, has nothing to disagree with. A stated figure that agrees with the figures
    written directly beneath it is not reported again when only a lower finding makes it
    differ from the computed value.
    """
    findings: list[Finding] = []
    grand = written_grand = Decimal(0)
    for i, activity in enumerate(budget.activities):
        total, written, found = _check_activity(activity, f"activities[{i}]", source)
        grand += total
        written_grand += written
        findings.extend(found)
    if budget.total is not None:
        findings.extend(_check_stated(budget.total, grand, written_grand, "total", code="budget.total",
                                      thai="รวมทั้งสิ้น", english="the grand total", source=source))
        if budget.total.amount is not None:
            written_grand = budget.total.amount
    for n, stated in enumerate(budget.stated):
        findings.extend(_check_stated(stated, grand, written_grand, f"stated[{n}]", code="budget.stated-total",
                                      thai="งบประมาณรวม", english="the total budget", source=source))
    if budget.origins:  # read from a spreadsheet: say which cell as well
        findings = [_with_cell(f, budget.origin_of(f.location)) for f in findings]
    return findings


def _with_cell(finding: Finding, cell: str | None) -> Finding:
    if cell is None:
        return finding
    return dataclasses.replace(finding, extra={**finding.extra, "cell": cell})


def check_document(document: Any, *, source: str | None = None) -> list[Finding]:
    """The model checks for any document: budget checks for documents with a budget, none else.

    ``thaidoc.render`` calls this before producing a form so that an inconsistent budget is
    refused; documents without a budget (letters) return no findings here.
    """
    if isinstance(document, BudgetFields):
        return check_budget(document, source=source)
    if isinstance(document, Schedule):
        return check_schedule(document, source=source)
    if isinstance(document, Rubric):
        return check_rubric(document, source=source)
    return []
