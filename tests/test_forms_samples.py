"""The seed-faithful sample reports exactly the seed's faults; the corrected copies check clean
and render; the committed form templates are what the build script makes."""

from __future__ import annotations

import importlib
import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from thaidoc.api import check
from thaidoc.errors import RenderError

REPO = Path(__file__).resolve().parents[1]
SEED_ALLOCATION_CHACHOENGSAO = "001_6fcf3ae44a638f05.txt"
FORMS = REPO / "samples" / "forms"
SEED_SAMPLE = FORMS / "seed-chachoengsao-2563.yaml"
CORRECTED = sorted((FORMS / "corrected").glob("*.yaml")) + sorted((FORMS / "corrected").glob("*.xlsx"))

SEED_FAULTS = [
    ("amount.words", "activities[0].total.words", "หนึ่งร้อยหกสิบล้านหกแสนเจ็ดหมื่นสี่พันบาทถ้วน",
     "หนึ่งร้อยหกสิบสามแสนเจ็ดหมื่นสี่พันบาทถ้วน", "-144,300,000"),
    ("budget.stated-total", "activities[0].stated[0].amount", "160,674,000", "160,674,400", "+400"),
    ("amount.words-malformed", "activities[1].stated[0].words", "เจ็ดสิบเอ็ดล้านหนึ่งแสนหนึ่งหมื่นแปดพันบาทถ้วน",
     "เจ็ดสิบเอ็ดล้านบาทหนึ่งแสนหนึ่งหมื่นแปดพันบาทถ้วน", None),
]


def docx_text(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_seed_sample_reports_exactly_the_seed_faults():
    findings = check(SEED_SAMPLE)
    assert [(f.code, f.location, f.expected, f.found, f.difference) for f in findings] == SEED_FAULTS
    words = findings[0]
    assert words.extra["read_as"] == 16_374_000  # the lenient reading of the wrong words


def test_seed_sample_cli_json_and_exit_code():
    result = subprocess.run([sys.executable, "-m", "thaidoc", "check", str(SEED_SAMPLE), "--json"],
                            capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 1
    payload = json.loads(result.stdout)
    assert [(f["code"], f["location"]) for f in payload["findings"]] == [(c, loc) for c, loc, *_ in SEED_FAULTS]
    assert payload["summary"]["total"] == 3


def test_seed_sample_terminal_report_shows_the_400():
    result = subprocess.run([sys.executable, "-m", "thaidoc", "check", str(SEED_SAMPLE)],
                            capture_output=True, text=True, cwd=REPO, env={"COLUMNS": "120", "PATH": ""})
    assert result.returncode == 1
    assert "160,674,400" in result.stdout and "+400" in result.stdout and "16,374,000" in result.stdout


@pytest.mark.seeds
def test_seed_sample_states_what_the_seed_states(seed_text):
    """The sample's stated figures and words are copied from the issued document."""
    seed = " ".join(seed_text(SEED_ALLOCATION_CHACHOENGSAO).split())
    for phrase in ("160,674,400 บาท (หนึ่งร้อยหกสิบล้านหกแสนเจ็ดหมื่นสี่พันสี่ร้อยบาทถ้วน)",
                   "ค่าใช้จ่ายรวมทั้งสิ้น (หนึ่งร้อยหกสิบสามแสนเจ็ดหมื่นสี่พันบาทถ้วน) 160,674,000 บาท",
                   "71,118,000 บาท (เจ็ดสิบเอ็ดล้านบาทหนึ่งแสนหนึ่งหมื่นแปดพันบาทถ้วน)",
                   "ค่าใช้จ่ายรวมทั้งสิ้น (เจ็ดสิบเอ็ดล้านหนึ่งแสนหนึ่งหมื่นแปดพันบาทถ้วน) 71,118,000 บาท",
                   "8,780 หมู่บ้าน X 18,300 บาท", "8,780 หมู่บ้าน X 1,500 บาท เป็นเงิน 13,170,000 บาท",
                   "2) ค่าวัสดุ เป็นเงิน 57,948,000 บาท", "8,780 หมู่บ้าน X 5,600 บาท เป็นเงิน 49,168,000 บาท"):
        assert phrase in seed
    sample = SEED_SAMPLE.read_text(encoding="utf-8")
    for figure in ("160,674,400", "หนึ่งร้อยหกสิบสามแสนเจ็ดหมื่นสี่พันบาทถ้วน",
                   "เจ็ดสิบเอ็ดล้านบาทหนึ่งแสนหนึ่งหมื่นแปดพันบาทถ้วน", "57,948,000", "13,170,000"):
        assert figure in sample


@pytest.mark.parametrize("path", CORRECTED, ids=lambda p: p.name)
def test_corrected_copies_check_clean(path):
    assert check(path) == []
    result = subprocess.run([sys.executable, "-m", "thaidoc", "check", str(path)], capture_output=True,
                            text=True, cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr


def test_render_refuses_the_seed_sample_and_allows_an_override():
    from thaidoc.render import render

    with pytest.raises(RenderError) as info:
        render(SEED_SAMPLE)
    assert "160,674,400" in str(info.value)
    assert [f.code for f in info.value.findings] == [c for c, *_ in SEED_FAULTS]
    text = docx_text(render(SEED_SAMPLE, allow_inconsistent=True))
    # what is printed is still computed: the sheet cannot repeat the seed's wrong words
    assert "หนึ่งร้อยหกสิบล้านหกแสนเจ็ดหมื่นสี่พันบาทถ้วน" in text
    assert "สามแสน" not in text and "160,674,400" not in text


def test_corrected_sheet_renders_the_computed_figures():
    from thaidoc.render import render

    text = docx_text(render(FORMS / "corrected" / "expense-sheet.yaml"))
    for expected in ("160,674,000", "8,780 หมู่บ้าน X 18,300 บาท", "13,170,000", "57,948,000", "49,168,000",
                     "ค่าใช้จ่ายรวมทั้งสิ้น (เจ็ดสิบเอ็ดล้านหนึ่งแสนหนึ่งหมื่นแปดพันบาทถ้วน)", "สำเนาถูกต้อง",
                     "(นางสาวมนทิรา เข็มทอง)", "กิจกรรมย่อยที่ 3.1 การจัดการความรู้และประเมินผลการพัฒนาหมู่บ้านเศรษฐกิจพอเพียง"):
        assert expected in text


def test_proposal_prints_the_one_total_everywhere():
    from thaidoc.render import render

    text = docx_text(render(FORMS / "corrected" / "proposal-2.4.1.yaml"))
    line = "งบประมาณ ๑๖๐,๖๗๔,๐๐๐ บาท (หนึ่งร้อยหกสิบล้านหกแสนเจ็ดหมื่นสี่พันบาทถ้วน)"
    assert text.count(line) == 3  # ๑๐. ผู้เสนอ, ๑๑. ผู้ให้ความเห็นชอบ, ๑๒. ผู้อนุมัติ
    assert "จำนวน ๑๖๐,๖๗๔,๐๐๐ บาท (หนึ่งร้อยหกสิบล้านหกแสนเจ็ดหมื่นสี่พันบาทถ้วน)" in text  # ๗. งบประมาณ
    for heading in ("๑. หลักการและเหตุผล", "๗. งบประมาณ", "๙. ตัวชี้วัดกิจกรรม", "๑๐. ผู้เสนอโครงการ",
                    "๑๑. ผู้ให้ความเห็นชอบโครงการ", "๑๒. ผู้อนุมัติโครงการ", "☐ เห็นชอบ", "☐ ไม่อนุมัติ",
                    "เลขที่โครงการ", "/๒๕๖๓", "ตำแหน่ง พัฒนาการอำเภอ", "ตำแหน่ง นายอำเภอ"):
        assert heading in text


def test_blank_proposal_is_dotted_lines():
    from thaidoc.render import render

    text = docx_text(render(FORMS / "proposal-blank.yaml"))
    assert "งบประมาณ ....." in text and "บาทถ้วน)" in text and "(ลงชื่อ)....." in text
    assert not re.search(r"[๐-๙0-9],[๐-๙0-9]", text)  # no amount anywhere: nothing was computed
    assert "บาท (หนึ่ง" not in text


BLANK_FORM_HEADINGS = ["แบบเสนอโครงการที่ใช้งบประมาณของราชการ", "๑. หลักการและเหตุผล", "๒. วัตถุประสงค์",
                       "๓. ขั้นตอนและวิธีดำเนินงาน", "๔. เป้าหมายการดำเนินงาน", "๕. งบประมาณ",
                       "๖. สถานที่ดำเนินการ", "๗. ระยะเวลาดำเนินการ", "๘. ผลที่คาดว่าจะได้รับ",
                       "๙. ตัวชี้วัดกิจกรรม/โครงการ", "๑๐. ผู้เสนอโครงการ", "๑๑. ผู้ให้ความเห็นชอบโครงการ",
                       "๑๒. ผู้อนุมัติโครงการ"]


def test_blank_proposal_has_the_seeds_fill_in_headings_in_order():
    from thaidoc.render import render

    lines = [line.strip() for line in docx_text(render(FORMS / "proposal-blank.yaml")).splitlines()]
    found = [next(i for i, line in enumerate(lines) if line.startswith(h)) for h in BLANK_FORM_HEADINGS]
    assert found == sorted(found)


@pytest.mark.seeds
def test_blank_form_headings_are_the_seeds(seed_text):
    seed = seed_text(SEED_ALLOCATION_CHACHOENGSAO)
    blank = seed[seed.index("แบบเสนอโครงการที่ใช้งบประมาณของราชการ"):seed.index("-ตัวอย่าง-")]
    positions = [blank.index(heading) for heading in BLANK_FORM_HEADINGS]
    assert positions == sorted(positions)


def test_budget_summary_renders_totals_and_words():
    from thaidoc.render import render

    text = docx_text(render(FORMS / "corrected" / "budget-summary.yaml"))
    assert "รวมทั้งสิ้น (สองร้อยสามสิบเอ็ดล้านเจ็ดแสนเก้าหมื่นสองพันบาทถ้วน)" in text
    assert "๒๓๑,๗๙๒,๐๐๐" in text and "๗๑,๑๑๘,๐๐๐" in text and "๑๖๐,๖๗๔,๐๐๐" in text


@pytest.mark.parametrize("script", ["build_form_templates", "build_attachment_templates"])
def test_committed_form_templates_are_built_by_the_script(script):
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        build = importlib.import_module(script)
    finally:
        sys.path.pop(0)
    for name, make in build.TEMPLATES.items():
        committed = zipfile.ZipFile(REPO / "templates" / "forms" / name)
        fresh = zipfile.ZipFile(io.BytesIO(make().to_bytes()))
        assert sorted(committed.namelist()) == sorted(fresh.namelist()), name
        for part in fresh.namelist():
            assert committed.read(part) == fresh.read(part), f"{name}:{part} is stale; run scripts/{script}.py"


@pytest.mark.pdf
def test_forms_convert_to_pdf(soffice):
    from thaidoc.render import render
    from thaidoc.render.pdf import to_pdf

    pdf = to_pdf(render(FORMS / "corrected" / "proposal-2.4.1.yaml"))
    assert pdf.startswith(b"%PDF")


def test_render_cli_refuses_then_overrides_loudly(tmp_path):
    target = tmp_path / "seed.docx"
    refused = subprocess.run([sys.executable, "-m", "thaidoc", "render", str(SEED_SAMPLE), "-o", str(target)],
                             capture_output=True, text=True, cwd=REPO)
    assert refused.returncode == 1  # a problem found in the input, not unreadable input
    assert "budget.stated-total" in refused.stderr and "+400" in refused.stderr
    assert refused.stderr.count("budget.stated-total") == 1  # the report once, not again in the error
    assert not target.exists() and list(tmp_path.iterdir()) == []  # nothing half-written
    allowed = subprocess.run([sys.executable, "-m", "thaidoc", "render", str(SEED_SAMPLE), "-o", str(target),
                              "--allow-inconsistent"], capture_output=True, text=True, cwd=REPO)
    assert allowed.returncode == 0 and target.exists()
    assert "budget.stated-total" in allowed.stderr and "rendered anyway" in allowed.stderr


@pytest.mark.parametrize("sample", ["corrected/expense-sheet.yaml", "corrected/proposal-2.4.1.yaml",
                                    "corrected/budget-summary.yaml", "seed-chachoengsao-2563.yaml"])
def test_rendered_forms_pass_the_issued_letter_checks(sample, tmp_path):
    """What thaidoc renders is consistent by construction, even from the faulty seed data
    (rendered with --allow-inconsistent): the printed figures and words are the computed ones."""
    from thaidoc.render import render

    path = tmp_path / "form.docx"
    path.write_bytes(render(FORMS / sample, allow_inconsistent=True))
    assert check(path) == []


def test_typed_dates_and_amounts_in_free_text_are_checked_as_printed():
    findings = check({"kind": "proposal", "name": "ทดสอบ",
                      "principle": ["ให้ส่งภายในวันศุกร์ที่ ๒๕ มกราคม ๒๕๖๘ งบประมาณ 1,000 บาท (หนึ่งร้อยบาทถ้วน)"]})
    assert sorted(f.code for f in findings) == ["amount.words", "date.weekday"]
    assert all(f.extra["checked"] == "printed text" for f in findings)
