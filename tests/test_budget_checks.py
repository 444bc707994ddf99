"""One table test per finding code, the amount-words check, and the reports."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from rich.console import Console

from thaidoc.api import check
from thaidoc.checks.amounts import check_amount_words
from thaidoc.checks.findings import Severity
from thaidoc.checks.report import JSON_KEYS, print_report, report_json

REPO_SEED_SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "forms" / "seed-chachoengsao-2563.yaml"


def base():
    return {"activities": [
        {"code": "3.1.1", "title": "ประชุมเชิงปฏิบัติการ", "heading_amount": "71,118,000",
         "categories": [
             {"name": "ค่าใช้สอย", "subtotal": "13,170,000", "items": [
                 {"description": "ค่าผลิตเอกสาร", "factors": "8,780 หมู่บ้าน x 1,500 บาท", "amount": "13,170,000"}]},
             {"name": "ค่าวัสดุ", "subtotal": "57,948,000", "items": [
                 {"description": "ค่าวัสดุสำนักงาน", "factors": "8,780 หมู่บ้าน x 1,000 บาท", "amount": "8,780,000"},
                 {"description": "ค่าวัสดุฝึกปฏิบัติ", "factors": "8,780 หมู่บ้าน x 5,600 บาท", "amount": "49,168,000"}]}],
         "total": {"amount": "71,118,000", "words": "เจ็ดสิบเอ็ดล้านหนึ่งแสนหนึ่งหมื่นแปดพันบาทถ้วน"},
         "stated": [{"amount": "71,118,000", "words": "เจ็ดสิบเอ็ดล้านหนึ่งแสนหนึ่งหมื่นแปดพันบาทถ้วน"}]}],
        "total": {"amount": "71,118,000"},
        "stated": [{"label": "หนังสือจัดสรร", "amount": "71,118,000"}]}


def test_consistent_budget_is_clean():
    assert check(base()) == []


def set_path(data, path, value):
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


A = ("activities", 0)
CASES = [
    # (path to change, new value, code, location, expected, found, difference)
    ((*A, "categories", 1, "items", 0, "amount"), "8,780,100", "budget.line-product",
     "activities[0].categories[1].items[0].amount", "8,780,000", "8,780,100", "+100"),
    ((*A, "categories", 1, "items", 1, "factors"), "8,780 หมู่บ้าน x 5,700 บาท", "budget.line-product",
     "activities[0].categories[1].items[1].amount", "50,046,000", "49,168,000", "-878,000"),
    ((*A, "categories", 0, "subtotal"), "13,170,001", "budget.subtotal",
     "activities[0].categories[0].subtotal", "13,170,000", "13,170,001", "+1"),
    ((*A, "heading_amount"), "71,181,000", "budget.total", "activities[0].heading_amount",
     "71,118,000", "71,181,000", "+63,000"),
    ((*A, "total", "amount"), "71,118,000.50", "budget.total", "activities[0].total.amount",
     "71,118,000", "71,118,000.50", "+0.50"),
    (("total", "amount"), "71,000,000", "budget.total", "total.amount", "71,118,000", "71,000,000", "-118,000"),
    ((*A, "stated", 0, "amount"), "71,118,400", "budget.stated-total", "activities[0].stated[0].amount",
     "71,118,000", "71,118,400", "+400"),
    (("stated", 0, "amount"), "๗๑,๑๑๘,๔๐๐", "budget.stated-total", "stated[0].amount",
     "71,118,000", "71,118,400", "+400"),
]


@pytest.mark.parametrize(("path", "value", "code", "location", "expected", "found", "difference"), CASES)
def test_each_figure_code(path, value, code, location, expected, found, difference):
    data = base()
    set_path(data, path, value)
    if code == "budget.stated-total" and path[0] == "activities":
        data["activities"][0]["stated"][0].pop("words")  # the words would (rightly) disagree too
    if path[-1] == "amount" and path[:2] == ("activities", 0) and "total" in path:
        data["activities"][0]["total"].pop("words")
    findings = check(data)
    assert [(f.code, f.location, f.expected, f.found, f.difference) for f in findings] == [
        (code, location, expected, found, difference)]
    assert findings[0].severity is Severity.ERROR
    assert "/" in findings[0].message  # Thai / English


def test_one_fault_one_finding():
    """A wrong factor makes every figure above it differ from the computed value, but those
    figures agree with what is written beneath them: only the line is reported."""
    data = base()
    data["activities"][0]["categories"][1]["items"][1]["factors"] = "8,780 หมู่บ้าน x 5,700 บาท"
    assert [f.code for f in check(data)] == ["budget.line-product"]
    data = base()
    data["activities"][0]["categories"][0]["subtotal"] = "13,000,000"
    data["activities"][0]["total"]["amount"] = "70,948,000"  # follows the wrong subtotal
    data["activities"][0]["total"].pop("words")
    assert [(f.code, f.location) for f in check(data)] == [("budget.subtotal", "activities[0].categories[0].subtotal")]


def test_words_codes_in_a_budget():
    data = base()
    data["activities"][0]["total"]["words"] = "เจ็ดสิบล้านหนึ่งแสนหนึ่งหมื่นแปดพันบาทถ้วน"
    data["activities"][0]["stated"][0]["words"] = "เจ็ดสิบเอ็ดล้านบาทหนึ่งแสนหนึ่งหมื่นแปดพันบาทถ้วน"
    findings = check(data)
    assert [(f.code, f.location, f.difference) for f in findings] == [
        ("amount.words", "activities[0].total.words", "-1,000,000"),
        ("amount.words-malformed", "activities[0].stated[0].words", None)]


def test_words_alone_are_checked_against_the_computed_total():
    data = base()
    data["activities"][0]["stated"] = [{"words": "เจ็ดสิบเอ็ดล้านบาทถ้วน"}]
    [finding] = check(data)
    assert (finding.code, finding.location) == ("amount.words", "activities[0].stated[0].words")


@pytest.mark.parametrize(("amount", "words", "code", "read_as", "difference"), [
    ("160674000", "หนึ่งร้อยหกสิบล้านหกแสนเจ็ดหมื่นสี่พันบาทถ้วน", None, None, None),
    ("160674000", "หนึ่งร้อยหกสิบสามแสนเจ็ดหมื่นสี่พันบาทถ้วน", "amount.words", "16374000", "-144,300,000"),
    ("71118000", "เจ็ดสิบเอ็ดล้านบาทหนึ่งแสนหนึ่งหมื่นแปดพันบาทถ้วน", "amount.words-malformed", "71118000", None),
    ("160674000", "หนึ่งร้อยหกสิบล้านหกแสนเจ็ดหมื่นสี่พันสี่ร้อยบาทถ้วน", "amount.words", "160674400", "+400"),
    ("100", "สวัสดีครับ", "amount.words-malformed", None, None),
    ("11.01", "สิบเอ็ดบาทหนึ่งสตางค์", None, None, None),
])
def test_check_amount_words(amount, words, code, read_as, difference):
    findings = check_amount_words(Decimal(amount), words, location="body[3]", quote="งบประมาณ …")
    if code is None:
        assert findings == []
        return
    [finding] = findings
    assert (finding.code, finding.location, finding.quote, finding.found) == (code, "body[3]", "งบประมาณ …", words)
    assert finding.difference == difference
    read = finding.extra.get("read_as")
    assert (None if read is None else Decimal(read)) == (None if read_as is None else Decimal(read_as))
    if code == "amount.words-malformed":
        assert "position" in finding.extra or read_as is None


def test_report_json_and_terminal():
    data = base()
    data["activities"][0]["stated"][0]["amount"] = "71,118,400"
    data["activities"][0]["stated"][0].pop("words")
    findings = check(data, name="budget.yaml")
    payload = json.loads(report_json(findings))
    assert payload["summary"] == {"total": 1, "error": 1, "warning": 0, "note": 0}
    assert payload["findings"][0]["source"] == "budget.yaml"
    assert payload["findings"][0]["extra"]["found"] == "71118400"
    out = io.StringIO()
    print_report(findings, console=Console(file=out, width=120, color_system=None))
    text = out.getvalue()
    assert "budget.stated-total" in text and "1 finding: 1 error" in text
    # the figures are right-aligned: found and expected end in the same column
    row = next(line for line in text.splitlines() if "activities[0].stated[0].amount" in line)
    assert row.rstrip().endswith("+400")
    # written to a file or a pipe, no line carries trailing padding
    assert all(line == line.rstrip() for line in text.splitlines())
    out = io.StringIO()
    print_report([], console=Console(file=out, width=80), checked=["b.yaml"])
    assert "b.yaml: no findings" in out.getvalue()


def test_json_findings_carry_every_key():
    """A malformed-words finding has no difference; the key is still there (null)."""
    findings = check(REPO_SEED_SAMPLE)
    payload = json.loads(report_json(findings))
    for entry in payload["findings"]:
        assert list(entry) == list(JSON_KEYS)
    malformed = next(e for e in payload["findings"] if e["code"] == "amount.words-malformed")
    assert malformed["difference"] is None and malformed["expected"] and malformed["found"]
    assert payload["errors"] == []


def test_terminal_report_fits_80_columns_with_hanging_indent():
    from rich.cells import cell_len

    out = io.StringIO()
    print_report(check(REPO_SEED_SAMPLE), console=Console(file=out, width=80, color_system=None))
    lines = out.getvalue().splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("1. คำอ่านจำนวนเงินไม่ตรง"))
    continuation = lines[start + 1]  # the message wraps under itself, not at column 0
    assert continuation.startswith("     ") and continuation.strip()
    # figures right-aligned under their headings, the 400 in the difference column
    header = next(line for line in lines if "difference" in line and "160" not in line
                  and lines.index(line) > lines.index(next(x for x in lines if "stated-total" in x)))
    row = next(line for line in lines if "activities[0].stated[0].amount" in line)
    assert row.rstrip().endswith("+400") and len(row.rstrip()) == len(header.rstrip())
