"""`make demo`: run thaidoc on the bundled samples and say where the output went.

Each step runs the real CLI, as a user would, so the demo exercises what users get.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "out"


def thaidoc(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "thaidoc", *args]
    print("$ thaidoc " + " ".join(f'"{a}"' if " " in a else a for a in args), flush=True)
    result = subprocess.run(cmd, cwd=REPO, text=True, capture_output=True)
    if result.stdout:
        print(result.stdout.rstrip())
    if result.stderr:
        print(result.stderr.rstrip())
    if check and result.returncode not in (0, 1):
        sys.exit(f"demo step failed with exit code {result.returncode}")
    return result


def main() -> None:
    OUT.mkdir(exist_ok=True)
    print("== Thai numbers and dates")
    thaidoc("baht", "160674400")
    thaidoc("baht", "11.01")
    thaidoc("amount", "หนึ่งร้อยหกสิบล้านหกแสนเจ็ดหมื่นสี่พันสี่ร้อยบาทถ้วน")
    thaidoc("amount", "หนึ่งร้อยหกสิบสามแสนเจ็ดหมื่นสี่พันบาทถ้วน")
    thaidoc("date", "2024-04-17", "--style", "weekday")
    thaidoc("date", "--parse", "วันศุกร์ที่ ๒๕ มกราคม ๒๕๖๘")
    print(f"\nOutput folder: {OUT}")
    if shutil.which("soffice") is None:
        print("(LibreOffice is not installed: PDFs are skipped)")


if __name__ == "__main__":
    main()
