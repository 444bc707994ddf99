"""Benchmark: how long `thaidoc --help` (and `thaidoc baht`) take to start.

Compared in the same run with `python -c pass` (the floor no Python CLI can beat), each
as a fresh subprocess, several runs, min and median. Also reports which heavy packages the
commands import: `--help` must import neither pythainlp nor docx (issue 2), because
commands are loaded lazily. Target: `thaidoc --help` under 0.3 s.

Run: .venv/bin/python bench/startup.py [RUNS]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

TARGET_SECONDS = 0.3
HEAVY = ("pythainlp", "docx", "docxtpl", "num2words", "jinja2", "lxml", "openpyxl", "pydantic", "rich")

# Runs the real entry point in-process after recording nothing but the modules it imported.
_PROBE = """
import sys
from thaidoc.cli import main
try:
    main({args!r})
except SystemExit:
    pass
heavy = [name for name in {heavy!r} if name in sys.modules]
print("IMPORTED:" + ",".join(heavy), file=sys.stderr)
"""


def timed(cmd: list[str], runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def heavy_imports(args: list[str]) -> list[str]:
    probe = _PROBE.format(args=args, heavy=HEAVY)
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    line = next(ln for ln in result.stderr.splitlines() if ln.startswith("IMPORTED:"))
    return [name for name in line.removeprefix("IMPORTED:").split(",") if name]


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    python = sys.executable
    cases = [
        ("python -c pass", [python, "-c", "pass"]),
        ("thaidoc --help", [python, "-m", "thaidoc", "--help"]),
        ("thaidoc baht 160674400", [python, "-m", "thaidoc", "baht", "160674400"]),
        ("thaidoc date --parse …", [python, "-m", "thaidoc", "date", "--parse", "๑๗ เมษายน ๒๕๖๗"]),
    ]
    print(f"start-up, {runs} runs each (fresh subprocess)")
    results = {}
    for name, cmd in cases:
        best, median = timed(cmd, runs)
        results[name] = median
        print(f"  {name:<26} min {best:6.3f} s   median {median:6.3f} s")
    help_median = results["thaidoc --help"]
    overhead = help_median - results["python -c pass"]
    verdict = "met" if help_median < TARGET_SECONDS else "NOT met"
    print(
        f"thaidoc --help median {help_median:.3f} s ({overhead:.3f} s over bare Python); "
        f"target < {TARGET_SECONDS} s: {verdict}"
    )

    failed = False
    for args in (["--help"], ["baht", "160674400"]):
        imported = heavy_imports(args)
        forbidden = [name for name in imported if name in ("pythainlp", "docx")]
        shown = ", ".join(imported) if imported else "none"
        status = "FAIL" if forbidden else "ok"
        print(f"  thaidoc {' '.join(args)}: heavy modules imported: {shown} [{status}]")
        failed = failed or bool(forbidden)
    print("pythainlp/docx imported by --help: " + ("YES (must not be)" if failed else "no"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
