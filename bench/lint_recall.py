"""Recall and false alarms of the lint on a planted set (issue 11).

The bases are letters thaidoc did not write (the seeds in ../shared/seeds, when present) and
the read-back of every sample letter thaidoc renders (samples/letters/*.yaml, rendered to .docx
and read back as text). Each plant changes one thing in one base, the way a tired writer
would (a deadline before the letter's date, a CE year, a skipped item number, a closing that
does not go with the salutation …); a plant whose pattern a base does not have is not made.
The unchanged bases are the controls.

Counted, per kind of fault:
- found: the planted fault's code is reported at a place the base did not already have it;
- false alarms: findings (errors and warnings) that the base did not have and that are not
  the planted code (controls: every error or warning on an unchanged generated letter; the
  seeds' own real faults are their baseline).

Run: .venv/bin/python bench/lint_recall.py [-v]
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable
from pathlib import Path

from thaidoc.checks.findings import Finding, Severity
from thaidoc.checks.text import lint
from thaidoc.read.extract import extract
from thaidoc.thai import find_thai_dates, thai_date

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"

Plant = Callable[[str], str | None]


def _letter_date(text: str) -> dt.date | None:
    for line in text.splitlines()[:30]:
        found = find_thai_dates(line)
        if found and found[0].date and line.strip() == found[0].text:
            return found[0].date
    return None


def _sub_once(pattern: str, replacement: str | Callable[[re.Match[str]], str]) -> Plant:
    def plant(text: str) -> str | None:
        changed, count = re.subn(pattern, replacement, text, count=1, flags=re.MULTILINE)
        return changed if count else None
    return plant


def _deadline_past(text: str) -> str | None:
    day = _letter_date(text)
    if day is None:
        return None
    early = thai_date(day - dt.timedelta(days=10))
    changed, count = re.subn(r"(ภายในวันที่\s*)(\S+ \S+ \S+)", lambda m: m[1] + early, text, count=1)
    return changed if count else None


def _insert_body(sentence: Callable[[dt.date], str]) -> Plant:
    def plant(text: str) -> str | None:
        day = _letter_date(text)
        match = re.search(r"^(จึงเรียนมา|จึงขอ|จึงแจ้ง)", text, flags=re.MULTILINE)
        if day is None or match is None:
            return None
        return text[: match.start()] + sentence(day) + "\n\n" + text[match.start():]
    return plant


def _era(text: str) -> str | None:
    """The first full date of the body with its Buddhist-era year written as the Christian one."""
    from thaidoc.thai import arabic_digits, thai_digits

    body = re.search(r"^(?:เรียน|กราบเรียน|ถึง)\s", text, flags=re.MULTILINE)
    if body is None:
        return None
    tail = text[body.end():]
    for match in find_thai_dates(tail):
        year = re.search(r"([0-9๐-๙]{4})$", match.text)
        if match.date is None or year is None:
            continue
        ce = int(arabic_digits(year[1])) - 543
        written = thai_digits(ce) if re.search("[๐-๙]", year[1]) else str(ce)
        at = body.end() + match.start + year.start(1)
        return text[:at] + written + text[at + 4:]
    return None


def _renumber(old: str, new: str) -> Plant:
    """The first item ``old`` of the body (after the salutation and the enclosures)."""
    def plant(text: str) -> str | None:
        start = re.search(r"^(?:ตามที่|ตามหนังสือ|ด้วย|บัดนี้|ในการนี้|เพื่อให้|ให้)", text, flags=re.MULTILINE)
        if start is None:
            return None
        head, tail = text[: start.start()], text[start.start():]
        changed, count = re.subn(rf"^{re.escape(old)}(?=\s)", new, tail, count=1, flags=re.MULTILINE)
        return head + changed if count else None
    return plant


def _not_circular(text: str) -> str | None:
    """A letter to many (เรียน … ทุก…) numbered without its ว."""
    if not re.search(r"^(?:เรียน|ถึง) .*ทุก", text, flags=re.MULTILINE):
        return None
    return _sub_once(r"^(ที่ [^\n]*?/)ว\s*", r"\1")(text)


def _signer(text: str) -> str | None:
    match = re.search(r"^ผู้ว่าราชการจังหวัด(\S+)\s*$", text, flags=re.MULTILINE)
    if match is None:
        return None
    other = "ลำปาง" if match[1] != "ลำปาง" else "ลำพูน"
    return text[: match.start(1)] + other + text[match.end(1):]


PLANTS: dict[str, tuple[str, Plant]] = {
    "deadline already past": ("date.deadline-past", _deadline_past),
    "body reference after the letter": ("date.reference-order", _insert_body(
        lambda d: f"ตามหนังสือกรมการพัฒนาชุมชน ที่ มท ๐๔๑๐.๒/ว ๑๒๓ ลงวันที่ {thai_date(d + dt.timedelta(days=20))} แจ้งว่า")),
    "CE year in a BE letter": ("date.era", _era),
    "fiscal quarter months": ("date.fiscal-quarter", _insert_body(
        lambda d: "ให้รายงานผลการดำเนินงานไตรมาสที่ ๒ (เดือนเมษายน - มิถุนายน) ตามแบบ")),
    "fiscal year period": ("date.fiscal-year", _insert_body(
        lambda d: f"ปีงบประมาณ พ.ศ. {thai_date(d).split()[-1]} (๑ ตุลาคม {thai_date(d).split()[-1]} - ๓๐ กันยายน "
                  f"{thai_date(d + dt.timedelta(days=366)).split()[-1]})")),
    "item number skipped": ("numbering.sequence", _renumber("๓.", "๔.")),
    "item style changed": ("numbering.style", _renumber("๒.", "๒)")),
    "sub-item under another item": ("numbering.parent", _renumber("๒.๑", "๓.๑")),
    "closing against salutation": ("letter.closing", _sub_once(r"^ขอแสดงความนับถือ\s*$", "ขอแสดงความนับถืออย่างยิ่ง")),
    "กราบเรียน to a district": ("letter.salutation", _sub_once(r"^เรียน (?=นายอำเภอ|ผู้ว่าราชการ|พัฒนาการ)", "กราบเรียน ")),
    "circular without ว": ("ref.circular", _not_circular),
    "signer of another province": ("signer.province", _signer),
    "ratio against its counts": ("arith.ratio", _insert_body(
        lambda d: "มีครูพี่เลี้ยง ๑๐ คน ผู้เข้าร่วม ๒๐๐ คน อัตราส่วน ๑ : ๒๕")),
    "table total": ("table.sum", _sub_once(r"^(2561\t16,512\t3,628\t)20,140", r"\g<1>20,104")),
    "percent against its counts": ("arith.percent", _insert_body(
        lambda d: "มีผู้เข้าร่วมโครงการ ๑๕๐ คน จากเป้าหมาย ๖๐๐ คน คิดเป็นร้อยละ ๓๐")),
}


def as_text(doc: object) -> str:
    """A document's blocks as the text a .txt export holds: paragraphs, tab-separated rows."""
    parts = []
    for block in getattr(doc, "blocks"):
        if block.kind == "table":
            parts.append("\n".join("\t".join(row) for row in block.rows))
        else:
            parts.append(block.text)
    return "\n\n".join(parts) + "\n"


def bases() -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if SEEDS.is_dir():
        found += [(f"seed {p.name[:3]}", p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]
    from thaidoc.model import load_document
    from thaidoc.render import render

    for sample in sorted((ROOT / "samples" / "letters").glob("*.yaml")):
        document = load_document(sample)
        data = render(document, allow_inconsistent=True)
        found.append((f"sample {sample.stem}", as_text(extract(data, name=f"{sample.stem}.docx"))))
    return found


def _key(finding: Finding) -> tuple[str, str | None]:
    return finding.code, finding.found


def _loud(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is not Severity.NOTE]


def main() -> int:
    verbose = "-v" in sys.argv
    rows: list[tuple[str, int, int, int]] = []
    controls = 0
    control_alarms: list[str] = []
    all_bases = bases()
    baseline = {}
    for name, text in all_bases:
        findings = lint(extract(text.encode("utf-8"), name=f"{name}.txt"))
        baseline[name] = {_key(f) for f in findings}
        controls += 1
        if name.startswith("sample"):
            control_alarms += [f"{name}: {f}" for f in _loud(findings)]
    for kind, (code, plant) in PLANTS.items():
        planted = found = alarms = 0
        for name, text in all_bases:
            changed = plant(text)
            if changed is None or changed == text:
                continue
            planted += 1
            findings = lint(extract(changed.encode("utf-8"), name=f"{name}.txt"))
            new = [f for f in findings if _key(f) not in baseline[name]]
            hit = any(f.code == code for f in new)
            found += hit
            extra = [f for f in _loud(new) if f.code != code and not f.code.startswith(code.split(".")[0] + ".")]
            alarms += len(extra)
            if verbose and (not hit or extra):
                print(f"  {kind} in {name}: {'found' if hit else 'MISSED'}; extra {[str(f) for f in extra]}")
        rows.append((kind, planted, found, alarms))
    width = max(len(kind) for kind, *_ in rows)
    print(f"{len(all_bases)} bases ({sum(1 for n, _ in all_bases if n.startswith('seed'))} seeds, "
          f"{sum(1 for n, _ in all_bases if n.startswith('sample'))} generated letters read back)")
    print(f"{'planted fault':<{width}}  planted  found  false alarms")
    for kind, planted, found, alarms in rows:
        print(f"{kind:<{width}}  {planted:>7}  {found:>5}  {alarms:>12}")
    total_planted = sum(r[1] for r in rows)
    total_found = sum(r[2] for r in rows)
    total_alarms = sum(r[3] for r in rows)
    print(f"{'total':<{width}}  {total_planted:>7}  {total_found:>5}  {total_alarms:>12}")
    print(f"recall {total_found}/{total_planted}; false alarms on planted files {total_alarms}; "
          f"errors or warnings on the {controls - sum(1 for n, _ in all_bases if n.startswith('seed'))} unplanted "
          f"generated letters: {len(control_alarms)}")
    for alarm in control_alarms:
        print("  control:", alarm)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
