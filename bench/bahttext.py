"""Benchmark: thaidoc.bahttext against pythainlp's bahttext and num2words (lang="th").

All three write the same 100,000 random amounts (Decimal with satang, from 0.01 to about
10^11 baht, spread over every magnitude) in one run. pythainlp only takes floats, so it gets
the same amounts converted to float beforehand (conversion not timed). Each contender runs
three times; the best time counts. Target (issue 2): thaidoc at least 3x the fastest other.

Also checks that the words agree with num2words (the same rule; see tests/test_thai_bahttext.py
for where pythainlp differs), so a fast but wrong implementation cannot pass.

Run: .venv/bin/python bench/bahttext.py [COUNT]
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable, Sequence
from decimal import Decimal

from num2words import num2words
from pythainlp.util import bahttext as pythainlp_bahttext

from thaidoc import bahttext

TARGET = 3.0


def amounts(count: int, seed: int = 2568) -> list[Decimal]:
    rng = random.Random(seed)
    return [Decimal(rng.randint(1, 10 ** rng.randint(1, 13))).scaleb(-2) for _ in range(count)]


def best_time(func: Callable[[object], str], values: Sequence[object], repeat: int = 3) -> tuple[float, list[str]]:
    best = float("inf")
    out: list[str] = []
    for _ in range(repeat):
        start = time.perf_counter()
        out = [func(v) for v in values]
        best = min(best, time.perf_counter() - start)
    return best, out


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    values = amounts(count)
    floats = [float(v) for v in values]

    ours, our_words = best_time(bahttext, values)
    theirs_pythainlp, _ = best_time(pythainlp_bahttext, floats)  # type: ignore[arg-type]
    theirs_num2words, n2w_words = best_time(lambda v: num2words(v, lang="th", to="currency"), values)

    disagreements = sum(a != b for a, b in zip(our_words, n2w_words, strict=True))
    rows = [
        ("thaidoc.bahttext (Decimal)", ours),
        ("pythainlp.util.bahttext (float)", theirs_pythainlp),
        ('num2words(lang="th", to="currency")', theirs_num2words),
    ]
    print(f"{count:,} random amounts, best of 3 runs")
    for name, seconds in rows:
        print(f"  {name:<38} {seconds:8.3f} s  {seconds / count * 1e6:7.2f} µs/amount  {seconds / ours:6.1f}x thaidoc")
    fastest_other = min(theirs_pythainlp, theirs_num2words)
    ratio = fastest_other / ours
    verdict = "met" if ratio >= TARGET else "NOT met"
    print(f"thaidoc is {ratio:.1f}x the fastest other (target {TARGET:.0f}x): {verdict}")
    print(f"words differing from num2words: {disagreements}")
    return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
