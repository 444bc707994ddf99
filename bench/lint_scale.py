"""Benchmark: the lint stays linear in the size of the document (issue 11).

Times (CPU time, best of 5: the machine may be shared) ``lint(extract(text))`` on each input at 1x and at 4x its size and prints the ratio
(4.0 is linear; the quadratic amount-pair scan this replaced gave about 14 on the repeated line):
- the 10-page letter of bench/lint.py, its body paragraphs and expense rows repeated;
- one line repeating "๑,๐๐๐ บาท (หนึ่งพันบาทถ้วน)" (144 KB and 576 KB: the case of the issue);
- many lines of numbered items, dates and percentages (every part-two rule at work);
- many short lines (the location of each line was found by walking the body: quadratic).

Run: .venv/bin/python bench/lint_scale.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from thaidoc.checks.text import lint
from thaidoc.read.extract import extract

sys.path.insert(0, str(Path(__file__).parent))
from lint import build_letter  # noqa: E402


def seconds(text: str, repeat: int = 5) -> float:
    data = text.encode("utf-8")
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        lint(extract(data, name="letter.txt"))
        best = min(best, time.process_time() - start)
    return best


def ten_pages(times: int) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        text = build_letter(Path(tmp) / "letter.docx")
    head, _, rest = text.partition("\n\n๑. ")
    body, _, tail = rest.partition("\n\nจึงเรียนมา")
    table_head, _, rows = tail.partition("เป็นเงิน (บาท)\n")
    return (head + "\n\n๑. " + "\n\n".join([body] * times) + "\n\nจึงเรียนมา" + table_head
            + "เป็นเงิน (บาท)\n" + rows * times)


def amount_line(kilobytes: int) -> str:
    unit = "๑,๐๐๐ บาท (หนึ่งพันบาทถ้วน) "
    return unit * (kilobytes * 1024 // len(unit.encode("utf-8")))


def items(count: int) -> str:
    lines = [f"{n}. ขอให้รายงานภายในวันที่ {n % 28 + 1} มีนาคม 2562 มีผู้เข้าร่วม 150 คน จากเป้าหมาย 600 คน "
             f"คิดเป็นร้อยละ 25 ไตรมาสที่ 2 (มกราคม - มีนาคม 2562)" for n in range(1, count + 1)]
    return "ที่ ชร 0019.1/ว 47\n\n20 กุมภาพันธ์ 2562\n\nเรื่อง ทดสอบ\n\nเรียน นายอำเภอ ทุกอำเภอ\n\n" + \
        "\n".join(lines) + "\n\nขอแสดงความนับถือ\n"


def short_lines(count: int) -> str:
    return "ที่ ชร 0019.1/ว 47\n\n20 กุมภาพันธ์ 2562\n\nเรื่อง ทดสอบ\n\nเรียน นายอำเภอ ทุกอำเภอ\n\n" + \
        "\n".join(f"{n}. ข้อ" for n in range(1, count + 1)) + "\n\nขอแสดงความนับถือ\n"


def main() -> int:
    cases = [
        ("10-page letter", ten_pages(1), ten_pages(4)),
        ("one line of figure-word pairs", amount_line(144), amount_line(576)),
        ("numbered items with dates and percentages", items(500), items(2000)),
        # each line's location once cost the body's length (8 s at 30,000 lines, 130 s at 120,000)
        ("short lines (7,500 and 30,000)", short_lines(7500), short_lines(30000)),
    ]
    print(f"{'input':<42} {'1x size':>9} {'1x time':>9} {'4x time':>9} {'ratio':>6}")
    for name, small, large in cases:
        one, four = seconds(small), seconds(large)
        print(f"{name:<42} {len(small.encode()) // 1024:>6} KB {one * 1000:>6.1f} ms {four * 1000:>6.1f} ms "
              f"{four / one:>6.1f}")
    print("linear: the 4x time is about 4 times the 1x time")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
