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
_SHOWN_NOTES: set[str] = set()


def thaidoc(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "thaidoc", *args]
    print("$ thaidoc " + " ".join(f'"{a}"' if " " in a else a for a in args), flush=True)
    result = subprocess.run(cmd, cwd=REPO, text=True, capture_output=True)
    if result.stdout:
        print(result.stdout.rstrip())
    if result.stderr:
        # a note every run prints (which font the PDF used) is shown once, not after each step
        lines = [line for line in result.stderr.rstrip().splitlines() if line not in _SHOWN_NOTES]
        _SHOWN_NOTES.update(line for line in lines if "ไม่พบฟอนต์" in line)
        if lines:
            print("\n".join(lines))
    if check and result.returncode not in (0, 1):
        sys.exit(f"demo step failed with exit code {result.returncode}")
    return result


def letters() -> None:
    """Render every letter sample to out/letters/ (PDF too with LibreOffice), with the real ครุฑ
    when ../shared is present (else the neutral placeholder); then show what bad data gets."""
    print("\n== Letters")
    folder = OUT / "letters"
    folder.mkdir(parents=True, exist_ok=True)
    pdf = ["--pdf"] if shutil.which("soffice") else []
    garuda = REPO.parent / "shared" / "assets" / "garuda.png"
    emblem = ["--emblem", str(garuda)] if garuda.is_file() else []
    for sample in sorted((REPO / "samples" / "letters").glob("*.yaml")):
        target = (folder / sample.with_suffix(".docx").name).relative_to(REPO)
        thaidoc("render", str(sample.relative_to(REPO)), "-o", str(target), *pdf, *emblem)
    bad = folder / "bad-letter.yaml"
    bad.write_text("kind: announcement\nissuer: จังหวัดเชียงราย\nsubject: ทดสอบ\ndate: 2024-04-01\n"
                   "body: [ข้อความ]\nsigner: {name: นายก ข}\n", encoding="utf-8")
    thaidoc("render", str(bad.relative_to(REPO)), check=False)  # exit 2, names signer.position


def forms_and_budgets() -> None:
    """Check the seed-faithful budget (shows its three faults), then render the corrected forms."""
    print("\n== Forms and budgets")
    thaidoc("check", "samples/forms/seed-chachoengsao-2563.yaml")
    thaidoc("check", "samples/forms/corrected/expense-sheet.yaml", "samples/forms/corrected/proposal-2.4.1.yaml",
            "samples/forms/corrected/budget-3.1.1.xlsx",
            "samples/forms/corrected/expense-sheet-3.1.1-from-excel.yaml")  # lines from the workbook
    pdf = ["--pdf"] if shutil.which("soffice") else []
    for sample, name in (("corrected/proposal-2.4.1.yaml", "proposal-2.4.1.docx"),
                         ("corrected/expense-sheet.yaml", "expense-sheet.docx"),
                         ("corrected/budget-summary.yaml", "budget-summary.docx"),
                         ("corrected/expense-sheet-3.1.1-from-excel.yaml", "expense-sheet-3.1.1.docx"),
                         ("proposal-blank.yaml", "proposal-blank.docx")):
        thaidoc("render", f"samples/forms/{sample}", "-o", str((OUT / name).relative_to(REPO)), *pdf)


def checking_issued_letters() -> None:
    """Lint two deliberately faulty issued letters, then a letter thaidoc rendered (clean)."""
    print("\n== Checking issued letters")
    thaidoc("check", "samples/issued/faulty-circular.txt")
    thaidoc("check", "samples/issued/faulty-report-request.txt")
    rendered = (OUT / "circular-chiang-rai-2562.docx").relative_to(REPO)
    if thaidoc("render", "samples/letters/circular-chiang-rai-2562.yaml", "-o", str(rendered)).returncode == 0:
        thaidoc("check", str(rendered))


def diff_letters() -> None:
    """Compare a rendered memo with the issued text (typed with Arabic digits, a decomposed
    sara am, a zero-width space and a wrapped paragraph, none of which count) in which a word
    was swapped, the amount changed and an expense line added."""
    print("\n== Diff")
    generated = str((OUT / "memo-generated.docx").relative_to(REPO))
    if thaidoc("render", "samples/letters/memo-training-budget.yaml", "-o", generated).returncode == 0:
        thaidoc(
            "diff", generated, "samples/diff/memo-issued.txt",
            "--html", "out/memo-diff.html", "--docx", "out/memo-tracked-changes.docx",
        )


def batch_letters() -> None:
    """The Chiang Rai circular to each of its 18 districts (CSV, then .xlsx), with a zip, one
    combined file for printing and a report; a rerun skips what is done; a register with
    typos fails only its bad rows (exit 1)."""
    print("\n== Batch")
    pdf = ["--pdf"] if shutil.which("soffice") else []
    command = ["batch", "samples/batch/circular.yaml", "samples/batch/districts.csv", "-o", "out/batch",
               "--name", "{seq:03d}-{district}.docx", "--zip", "out/batch.zip",
               "--combined", "out/batch-all.docx", "--report", "out/batch-report.json"]
    thaidoc(*command, *pdf)
    thaidoc(*command, *pdf)  # again: everything is complete and up to date, nothing is redone
    thaidoc("batch", "samples/batch/circular.yaml", "samples/batch/districts.xlsx", "-o", "out/batch-xlsx",
            "--name", "{seq:03d}-{district}.docx")
    thaidoc("batch", "samples/batch/circular.yaml", "samples/batch/districts-with-typos.csv",
            "-o", "out/batch-typos", "--name", "{district}.docx", "--report", "out/batch-typos-report.json")


def main() -> None:
    OUT.mkdir(exist_ok=True)
    print("== Thai numbers and dates")
    thaidoc("baht", "160674400")
    thaidoc("baht", "11.01")
    thaidoc("amount", "หนึ่งร้อยหกสิบล้านหกแสนเจ็ดหมื่นสี่พันสี่ร้อยบาทถ้วน")
    thaidoc("amount", "หนึ่งร้อยหกสิบสามแสนเจ็ดหมื่นสี่พันบาทถ้วน")
    thaidoc("date", "2024-04-17", "--style", "weekday")
    thaidoc("date", "--parse", "วันศุกร์ที่ ๒๕ มกราคม ๒๕๖๘")
    letters()
    forms_and_budgets()
    checking_issued_letters()
    diff_letters()
    batch_letters()
    print(f"\nOutput folder: {OUT}")
    if shutil.which("soffice") is None:
        print("(LibreOffice is not installed: PDFs are skipped)")


if __name__ == "__main__":
    main()
