"""Benchmark: reading Thai number words stays linear in the length of the text.

Issue 12: ``parse_bahttext`` and the lenient reading took 11 s on 1.2 MB of repeated ล้าน
(each ล้าน multiplied an ever larger integer: quadratic). Each input below is timed at 1x
(300,000 characters) and 4x (1.2 MB); near-linear means the 4x time is about 4 times the 1x
time, not 16. pythainlp's ``thaiword_to_num`` (the nearest library that reads Thai number
words back; the ``bahttext`` package and num2words only write them) reads the same bare
number words in the same run. Best of five runs each.

Run: .venv/bin/python bench/words_parsing.py [CHARACTERS]
"""

from __future__ import annotations

import gc
import os
import sys
import time
from collections.abc import Callable

from pythainlp.util import thaiword_to_num

from thaidoc import parse_bahttext, parse_bahttext_lenient, parse_numbertext
from thaidoc.errors import ThaidocError


def best_time(func: Callable[[str], object], text: str, repeat: int = 5) -> float:
    # as timeit does: the cyclic garbage collector off while timing, or its passes over a
    # growing heap (every token is an object) add a superlinear term that is not the reader's
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        start = time.perf_counter()
        try:
            func(text)
        except (ThaidocError, ValueError):
            pass  # refusing is an answer too: what is timed is reaching it
        finally:
            elapsed = time.perf_counter() - start
            gc.enable()
        best = min(best, elapsed)
    return best


def inputs(characters: int) -> dict[str, str]:
    million = "ล้าน" * (characters // 4)
    return {
        "repeated ล้าน, baht": "หนึ่ง" + million + "บาทถ้วน",
        "repeated ล้าน, bare number": "หนึ่ง" + million,
        "digit words, no places": "สองสาม" * (characters // 7),
        "words in parentheses, spaced": "(" + "หนึ่งร้อย " * (characters // 10) + "บาทถ้วน)",
        "not words at all": "x" * characters,
    }


def main() -> int:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 300_000
    contenders: list[tuple[str, Callable[[str], object], set[str]]] = [
        ("parse_bahttext", parse_bahttext, set()),
        ("parse_bahttext_lenient", parse_bahttext_lenient, set()),
        ("parse_numbertext", parse_numbertext, set()),
        # pythainlp took 77 ms on 40,000 characters of ล้าน and grows quadratically: it is
        # given the bare-number input only, and at 1/10 of the size so that the run ends
        ("pythainlp thaiword_to_num (1/10 size)", thaiword_to_num, {"repeated ล้าน, bare number"}),
    ]
    small, large = inputs(size), inputs(4 * size)
    tenth_small, tenth_large = inputs(size // 10), inputs(4 * size // 10)
    print(f"1x = {size:,} characters, 4x = {4 * size:,}; best of 5; load average {os.getloadavg()[0]:.1f}")
    print(f"  {'reader':<40} {'input':<30} {'1x':>9} {'4x':>9} {'4x/1x':>6}")
    worst = 0.0
    for name, func, only in contenders:
        for label in small:
            if only and label not in only:
                continue
            a, b = (small[label], large[label]) if not only else (tenth_small[label], tenth_large[label])
            t1, t4 = best_time(func, a), best_time(func, b)
            ratio = t4 / t1 if t1 else float("inf")
            if not only:
                worst = max(worst, ratio)
            print(f"  {name:<40} {label:<30} {t1:8.3f}s {t4:8.3f}s {ratio:6.1f}")
    # on a shared machine one pair of timings can be off by half: a ratio up to 8 is noise
    # around 4; quadratic reading gives 16 (pythainlp above), the old ล้าน reading 15
    verdict = "near-linear" if worst < 8 else "NOT linear"
    print(f"thaidoc's worst 4x/1x ratio: {worst:.1f} (linear is 4, quadratic 16): {verdict}")
    return 0 if worst < 8 else 1


if __name__ == "__main__":
    sys.exit(main())
