"""Benchmark: checking a budget of 10,000 line items (issue 4: well under a second).

Builds a budget of 20 activities × 5 categories × 100 lines (every line with factors and a
stated amount, every category and activity with a stated subtotal/total and its words, one
perturbed figure so there is something to find), writes it as YAML, and times:

- ``thaidoc.check`` on the data already in memory (a portal's case): validate the model, check;
- ``thaidoc.check`` on the file: read the YAML, validate the model, check (what a user waits
  for; most of it is PyYAML building 70,000 Python objects);
- the check alone on the validated model (thaidoc.checks.budget.check_budget: one bottom-up pass);
- the obvious alternative for the check: recompute each stated figure by walking everything
  beneath it again (a product for each line, a fresh sum of all lines for each subtotal and of
  all categories' lines for each total), as a per-cell spreadsheet formula would.

Both check implementations must report the same perturbed figure, so a fast but wrong one
cannot pass. Each timing is the best of three.

Run: .venv/bin/python bench/check_budget.py [LINES]
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from thaidoc import bahttext, check
from thaidoc.api import load_checkable
from thaidoc.checks.budget import check_budget

TARGET_SECONDS = 1.0


def build(lines: int) -> dict[str, Any]:
    per_category, categories = 100, 5
    activities_count = max(1, lines // (per_category * categories))
    activities = []
    for a in range(activities_count):
        cats = []
        activity_total = Decimal(0)
        for c in range(categories):
            items = []
            subtotal = Decimal(0)
            for i in range(per_category):
                count, rate = 10 + (a * 7 + c * 3 + i) % 8780, Decimal(100 + i * 5) + Decimal("0.50")
                amount = count * rate
                items.append({"description": f"รายการ {a}.{c}.{i}",
                              "factors": f"{count:,} หมู่บ้าน x {rate:,} บาท", "amount": f"{amount:,}"})
                subtotal += amount
            cats.append({"name": f"หมวด {c}", "subtotal": f"{subtotal:,}", "items": items})
            activity_total += subtotal
        activities.append({"code": f"{a + 1}.1.1", "title": f"กิจกรรม {a}", "categories": cats,
                           "total": {"amount": f"{activity_total:,}", "words": bahttext(activity_total)}})
    activities[-1]["categories"][-1]["items"][-1]["amount"] = "1"  # the one fault to find
    return {"activities": activities}


def naive_check(budget: Any) -> list[tuple[str, str]]:
    """Each stated figure recomputed from scratch from everything beneath it."""
    def line(item: Any) -> Decimal:
        product = Decimal(1)
        for factor in item.factors:
            product *= factor.quantity
        return product

    found = []
    for i, activity in enumerate(budget.activities):
        for j, category in enumerate(activity.categories):
            for k, item in enumerate(category.items):
                if item.amount is not None and item.amount != line(item):
                    found.append(("budget.line-product", f"activities[{i}].categories[{j}].items[{k}].amount"))
            written = sum((it.amount if it.amount is not None else line(it) for it in category.items), Decimal(0))
            if category.subtotal not in (None, sum((line(it) for it in category.items), Decimal(0)), written):
                found.append(("budget.subtotal", f"activities[{i}].categories[{j}].subtotal"))
        computed = sum((line(it) for c in activity.categories for it in c.items), Decimal(0))
        written = sum((c.subtotal for c in activity.categories), Decimal(0))
        if activity.total is not None and activity.total.amount not in (computed, written):
            found.append(("budget.total", f"activities[{i}].total.amount"))
    return found


def best(func: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    lines = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    data = build(lines)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "budget.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        size = path.stat().st_size
        end_to_end, findings = best(lambda: check(path))
        budget = load_checkable(path)
    in_memory, _ = best(lambda: check(data))
    items = sum(len(c.items) for a in budget.activities for c in a.categories)
    check_time, ours = best(lambda: check_budget(budget))
    naive_time, theirs = best(lambda: naive_check(budget))
    ours_found = [(f.code, f.location) for f in ours]
    assert ours_found == theirs == [(f.code, f.location) for f in findings], (ours_found, theirs)
    assert len(ours_found) == 1 and ours_found[0][0] == "budget.line-product"

    print(f"budget: {items:,} line items in {len(budget.activities)} activities ({size / 1e6:.1f} MB of YAML)")
    print(f"  thaidoc.check(file), read + validate + check: {end_to_end * 1000:8.1f} ms")
    print(f"  thaidoc.check(data), validate + check:        {in_memory * 1000:8.1f} ms")
    print(f"  check only, one bottom-up pass:               {check_time * 1000:8.1f} ms"
          f"  ({check_time / items * 1e6:.2f} µs per line)")
    print(f"  check only, naive recompute per figure:       {naive_time * 1000:8.1f} ms"
          f"  ({naive_time / check_time:.1f}x the one-pass time)")
    print(f"  found: {ours_found[0][0]} at {ours_found[0][1]}")
    verdict = "OK" if in_memory < TARGET_SECONDS else "SLOWER THAN TARGET"
    print(f"target: validating and checking {items:,} lines under {TARGET_SECONDS:.0f} s -> {verdict}"
          f" (with YAML reading: {'OK' if end_to_end < TARGET_SECONDS else 'over'})")


if __name__ == "__main__":
    main()
