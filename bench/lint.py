"""Benchmark: linting a 10-page issued letter (.docx and .txt) after start-up.

The letter is generated here with python-docx: the head of a circular, 26 body paragraphs
carrying figures with Thai words, weekday dates and "X × Y เป็นเงิน Z" lines, and a 43-row
expense detail table, with four planted faults (all four must be found). LibreOffice lays it
out on 10 A4 pages at 16 pt; pass --pages to convert it and count them again.

Figures printed, best of 10 runs each:
- thaidoc: ``lint(extract(path))`` (guarded zip/XML reading with lxml, then every text check);
- the obvious alternative for the reading half: python-docx ``Document(path)`` walking
  paragraphs and tables, then the same lint over what it read;
- the same letter as .txt;
- the whole command, ``thaidoc check letter.docx``, in a fresh process (start-up included).
Target (issue 11): under 50 ms after start-up, with every rule of the checker's part two on.

Run: .venv/bin/python bench/lint.py [--pages]
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

from thaidoc.checks.text import lint
from thaidoc.read.extract import extract

TARGET_SECONDS = 0.05


def build_letter(path: Path) -> str:
    """Write the 10-page letter as .docx at ``path``; return the same letter as text."""
    import docx
    from docx.shared import Pt

    lines: list[str] = [
        "ที่ ชร ๐๐๑๙.๑/ว ๔๗",
        "ศาลากลางจังหวัดเชียงราย\nถนนแม่ฟ้าหลวง ชร ๕๗๑๐๐",
        "๒๐ กุมภาพันธ์ ๒๕๖๒",
        "เรื่อง การรายงานผลการดำเนินงานการพัฒนาเศรษฐกิจฐานรากและประชารัฐ ปี พ.ศ. ๒๕๖๒",
        "เรียน นายอำเภอ ทุกอำเภอ",
        "อ้างถึง หนังสือจังหวัดเชียงราย ที่ ชร ๐๐๑๙.๑/ว ๒๙๘๗ ลงวันที่ ๓๑ มกราคม ๒๕๖๒",
        "สิ่งที่ส่งมาด้วย ๑. แบบรายงาน จำนวน ๑ ฉบับ\n๒. คู่มือประกอบการรายงานผล จำนวน ๑ ชุด",
    ]
    from thaidoc.thai import thai_digits

    for n in range(1, 27):
        # three planted faults: a wrong weekday (10), a wrong product (20), wrong words (25)
        weekday = "พฤหัสบดี" if n == 10 else "ศุกร์"
        product = n * 1500 + (100 if n == 20 else 0)
        words = _words(n * 1000 + (1 if n == 25 else 0))
        lines.append(thai_digits(
            f"{n}. ขอให้อำเภอดำเนินการขับเคลื่อนการพัฒนาเศรษฐกิจฐานรากและประชารัฐ ตามสิ่งที่ส่งมาด้วย 1 "
            f"โดยใช้งบประมาณ {n * 1000:,} บาท ({words}) ประกอบด้วยค่าวัสดุ "
            f"{n} หมู่บ้าน X 1,500 บาท เป็นเงิน {product:,} บาท และรายงานผลภายในวัน{weekday}ที่ 24 มกราคม 2568 "
            "เพื่อให้การดำเนินงานเป็นไปอย่างมีประสิทธิภาพ ได้ข้อมูลผลการขับเคลื่อนอย่างครบถ้วน ถูกต้อง "
            "เป็นรูปธรรมและต่อเนื่อง สามารถนำไปใช้ในการวิเคราะห์ผลเพื่อประกอบการตัดสินใจในระดับนโยบายได้"
        ))
    lines += ["จึงเรียนมาเพื่อดำเนินการ", "ขอแสดงความนับถือ", "(นายภาสกร บุญญลักษม์)",
              "ผู้ว่าราชการจังหวัดเชียงราย", "สำนักงานพัฒนาชุมชนจังหวัด", "โทร. ๐ ๕๓๑๗ ๗๓๕๐",
              "รายละเอียดค่าใช้จ่าย", "กิจกรรมย่อยที่ 2.4.1 สนับสนุนการขับเคลื่อน"]
    rows = [("รายการ", "จำนวน × อัตรา", "เป็นเงิน (บาท)")]
    total = 0
    for c in range(1, 8):
        items = [(f"- รายการที่ {c}.{i}", f"{c + i} หมู่บ้าน X 1,000 บาท", (c + i) * 1000) for i in range(1, 6)]
        subtotal = sum(amount for _, _, amount in items)
        stated = subtotal + (500 if c == 5 else 0)  # a fourth planted fault: category 5's subtotal
        total += stated
        rows.append((f"{c}) หมวดที่ {c}", "", f"{stated:,}"))
        rows += [(a, b, f"{amount:,}") for a, b, amount in items]
    rows.append(("ค่าใช้จ่ายรวมทั้งสิ้น", "", f"{total:,}"))

    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "TH SarabunIT๙"
    style.font.size = Pt(16)
    for line in lines:
        document.add_paragraph(line)
    table = document.add_table(rows=len(rows), cols=3)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.save(str(path))
    return "\n\n".join(lines) + "\n\n" + "\n".join("\t".join(row) for row in rows) + "\n"


def _words(amount: int) -> str:
    from thaidoc.thai import bahttext

    return bahttext(amount)


def python_docx_extract(path: Path) -> SimpleNamespace:
    """The obvious alternative: python-docx's object model, paragraphs then tables."""
    import docx

    document = docx.Document(str(path))
    blocks = [SimpleNamespace(kind="paragraph", index=i, text=p.text, rows=(), line=None)
              for i, p in enumerate(document.paragraphs)]
    for table in document.tables:
        rows = tuple(tuple(cell.text for cell in row.cells) for row in table.rows)
        blocks.append(SimpleNamespace(kind="table", index=len(blocks), text="", rows=rows, line=None))
    return SimpleNamespace(source=str(path), blocks=blocks)


def best(func: Callable[[], object], repeat: int = 10) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return min(times), result


def count_pages(path: Path) -> int | None:
    soffice, pdfinfo = shutil.which("soffice"), shutil.which("pdfinfo")
    if soffice is None or pdfinfo is None:
        return None
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([soffice, f"-env:UserInstallation=file://{out}/profile", "--headless",
                        "--convert-to", "pdf", "--outdir", out, str(path)], check=True, capture_output=True)
        info = subprocess.run([pdfinfo, str(Path(out) / (path.stem + ".pdf"))], capture_output=True, text=True)
        pages = [line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages:")]
        return int(pages[0]) if pages else None


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        docx_path = Path(tmp) / "letter.docx"
        text = build_letter(docx_path)
        txt_path = Path(tmp) / "letter.txt"
        txt_path.write_text(text, encoding="utf-8")
        if "--pages" in sys.argv:
            print(f"pages (LibreOffice): {count_pages(docx_path)}")

        lint(extract(txt_path))  # warm up: imports and compiled patterns are start-up, not lint
        ours, findings = best(lambda: lint(extract(docx_path)))
        extract_only, _ = best(lambda: extract(docx_path))
        alternative, alt_findings = best(lambda: lint(python_docx_extract(docx_path)))
        alt_extract, _ = best(lambda: python_docx_extract(docx_path))
        as_text, _ = best(lambda: lint(extract(txt_path)))

        start = time.perf_counter()
        command = subprocess.run([sys.executable, "-m", "thaidoc", "check", str(docx_path)], capture_output=True)
        whole = time.perf_counter() - start

    codes = sorted(f.code for f in findings)  # type: ignore[attr-defined]
    print(f"10-page letter: {len(text):,} characters of text; findings {codes} "
          f"(4 planted; python-docx route: {len(alt_findings)})")  # type: ignore[arg-type]
    if len(codes) != 4:
        print("the four planted faults were not all found")
        return 1
    print("best of 10 runs, after start-up:")
    print(f"  thaidoc lint(extract(.docx))             {ours * 1000:7.1f} ms  (reading {extract_only * 1000:.1f} ms)")
    print(f"  python-docx Document() + the same lint   {alternative * 1000:7.1f} ms  (reading {alt_extract * 1000:.1f} ms)")
    print(f"  thaidoc lint(extract(.txt))              {as_text * 1000:7.1f} ms")
    print(f"  `thaidoc check letter.docx`, new process {whole * 1000:7.1f} ms  (start-up included, exit {command.returncode})")
    verdict = "met" if ours < TARGET_SECONDS else "NOT met"
    print(f"target: under {TARGET_SECONDS * 1000:.0f} ms after start-up: {verdict} ({ours * 1000:.1f} ms)")
    return 0 if ours < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
