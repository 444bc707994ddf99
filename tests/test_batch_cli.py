"""``thaidoc batch`` end to end: the sample circular to the 18 districts of เชียงราย, failing
rows among good ones, hostile cell values, resuming, an interrupted run, zip and combined."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from thaidoc.files import TEMP_PREFIX

REPO = Path(__file__).resolve().parents[1]
LETTER = REPO / "samples/batch/circular.yaml"
DISTRICTS = REPO / "samples/batch/districts.csv"
DISTRICTS_XLSX = REPO / "samples/batch/districts.xlsx"


def thaidoc(*args: str | os.PathLike[str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "thaidoc", "batch", *map(str, args)], capture_output=True,
                          text=True, timeout=timeout, cwd=REPO)


def paragraphs(path_or_bytes) -> list[str]:
    from docx import Document

    source = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else str(path_or_bytes)
    return [p.text for p in Document(source).paragraphs]


def text(path_or_bytes) -> str:
    return "\n".join(paragraphs(path_or_bytes))


def write_rows(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def is_complete_docx(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.testzip() is None and "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def test_sample_circular_to_every_district(tmp_path):
    out = tmp_path / "letters"
    report = tmp_path / "report.json"
    result = thaidoc(LETTER, DISTRICTS, "-o", out, "--name", "{seq:03d}-{district}.docx", "--report", report,
                     "--jobs", "2")
    assert result.returncode == 0, result.stderr
    files = sorted(p.name for p in out.iterdir() if p.suffix == ".docx")
    assert len(files) == 18
    assert files[0] == "001-เมืองเชียงราย.docx" and files[-1] == "018-ดอยหลวง.docx"
    assert result.stderr == ""  # not a terminal: no progress bar
    assert "18 rows: 18 written" in result.stdout
    letter = text(out / "006-ป่าแดด.docx")
    assert "เรียน\tนายอำเภอป่าแดด" in letter or "นายอำเภอป่าแดด" in letter
    # figures and words both come from the one number in the register (97,350.50)
    assert "๙๗,๓๕๐.๕๐" in letter
    assert "เก้าหมื่นเจ็ดพันสามร้อยห้าสิบบาทห้าสิบสตางค์" in letter
    assert "ให้อำเภอป่าแดด" in letter
    assert "ทุกอำเภอ" not in letter
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["summary"]["written"] == 18 and data["summary"]["failed"] == 0
    assert [r["row"] for r in data["rows"]] == list(range(2, 20))
    assert data["rows"][5] == {"row": 7, "seq": 6, "file": "006-ป่าแดด.docx", "status": "written"}


def test_xlsx_gives_the_same_letters_as_csv(tmp_path):
    a, b = tmp_path / "csv", tmp_path / "xlsx"
    assert thaidoc(LETTER, DISTRICTS, "-o", a, "--jobs", "1").returncode == 0
    result = thaidoc(LETTER, DISTRICTS_XLSX, "-o", b, "--jobs", "1")
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in a.glob("*.docx"))
    assert names == sorted(p.name for p in b.glob("*.docx")) and len(names) == 18
    for name in names:
        assert paragraphs(a / name) == paragraphs(b / name)


def test_a_failing_row_is_reported_with_its_row_and_field_and_the_others_are_written(tmp_path):
    rows = write_rows(tmp_path / "rows.csv", [
        ["district", "recipient.name", "amounts.allocation"],
        ["เชียงของ", "นายอำเภอเชียงของ", "231,600"],
        ["เทิง", "นายอำเภอเทิง", "26x,080"],  # a typo in the amount
        ["พาน", "นายอำเภอพาน", "318,270"],
        ["แม่สาย", "นายอำเภอแม่สาย", "12.5.0"],
    ])
    out, report = tmp_path / "out", tmp_path / "report.json"
    result = thaidoc(LETTER, rows, "-o", out, "--name", "{district}.docx", "--report", report)
    assert result.returncode == 1
    assert sorted(p.name for p in out.glob("*.docx")) == ["พาน.docx", "เชียงของ.docx"]
    # the file, then the row as the spreadsheet shows it, then the field
    assert f"{rows}, row 3, amounts.allocation" in result.stderr
    assert f"{rows}, row 5, amounts.allocation" in result.stderr
    data = json.loads(report.read_text(encoding="utf-8"))
    failed = [r for r in data["rows"] if r["status"] == "failed"]
    assert [(r["row"], r["errors"][0]["field"]) for r in failed] == [(3, "amounts.allocation"),
                                                                     (5, "amounts.allocation")]
    assert "26x,080" in failed[0]["errors"][0]["found"]
    assert data["summary"] == {**data["summary"], "written": 2, "failed": 2, "total": 4}


def test_when_every_row_fails_the_rows_are_reported_and_no_empty_zip_or_combined_is_written(tmp_path):
    rows = write_rows(tmp_path / "rows.csv", [["district", "recipient.name", "amounts.allocation"],
                                              ["เทิง", "นายอำเภอเทิง", "26x,080"]])
    zipped, combined = tmp_path / "all.zip", tmp_path / "all.docx"
    result = thaidoc(LETTER, rows, "--zip", zipped, "--combined", combined)
    assert result.returncode == 1, result.stderr
    assert "row 2, amounts.allocation" in result.stderr and "26x,080" in result.stderr
    assert "1 failed" in result.stdout
    assert not zipped.exists() and not combined.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["rows.csv"]  # no scratch folder left either


def test_words_typed_in_a_row_that_disagree_with_the_figure_fail_that_row(tmp_path):
    # A register whose clerk typed the amount in words too: the letter prints the typed words.
    letter = tmp_path / "letter.yaml"
    letter.write_text(LETTER.read_text(encoding="utf-8").replace(
        "({{ amounts.allocation | bahttext }})", "({{ allocation_words }})"), encoding="utf-8")
    rows = write_rows(tmp_path / "rows.csv", [
        ["district", "recipient.name", "amounts.allocation", "allocation_words"],
        ["เทิง", "นายอำเภอเทิง", "265,080", "สองแสนหกหมื่นห้าพันแปดสิบบาทถ้วน"],
        ["พาน", "นายอำเภอพาน", "318,270", "สามแสนหนึ่งหมื่นแปดพันสองร้อยบาทถ้วน"],  # 70 baht short
    ])
    out, report = tmp_path / "out", tmp_path / "report.json"
    result = thaidoc(letter, rows, "-o", out, "--name", "{district}.docx", "--report", report)
    assert result.returncode == 1
    assert [p.name for p in out.glob("*.docx")] == ["เทิง.docx"]
    failed = json.loads(report.read_text(encoding="utf-8"))["rows"][1]
    assert failed["row"] == 3 and failed["status"] == "failed"
    finding = failed["findings"][0]
    assert finding["code"] == "amount.words"
    assert finding["expected"] == "สามแสนหนึ่งหมื่นแปดพันสองร้อยเจ็ดสิบบาทถ้วน"
    assert "row 3" in result.stderr and "amount.words" in result.stderr
    # --allow-inconsistent writes it anyway, the finding still in the report
    again = thaidoc(letter, rows, "-o", out, "--name", "{district}.docx", "--allow-inconsistent",
                    "--report", report)
    assert again.returncode == 0 and (out / "พาน.docx").exists()
    written = json.loads(report.read_text(encoding="utf-8"))["rows"][1]
    assert written["status"] == "written" and written["findings"][0]["code"] == "amount.words"


def test_missing_required_field_is_a_row_error(tmp_path):
    import yaml

    from thaidoc.data import load_data

    data = load_data(LETTER)
    del data["recipient"]  # every row must say who it is for
    letter = tmp_path / "letter.yaml"
    letter.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    rows = write_rows(tmp_path / "rows.csv", [["district", "recipient.name", "amounts.allocation"],
                                               ["เชียงของ", "นายอำเภอเชียงของ", "1"], ["เทิง", "", "2"]])
    result = thaidoc(letter, rows, "-o", tmp_path / "out", "--report", tmp_path / "r.json")
    assert result.returncode == 1
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert [r["status"] for r in report["rows"]] == ["written", "failed"]
    assert report["rows"][1]["row"] == 3
    assert report["rows"][1]["errors"][0]["field"] == "recipient"
    assert "row 3, recipient: ไม่ได้ระบุข้อมูลที่ต้องมี / Field required" in result.stderr


def test_thai_xml_special_characters_and_long_values_survive(tmp_path):
    hostile = 'สำนักงาน & <ตำบล> "ทุ่งก่อ" \'ก\' ]]> &amp;'
    long_name = "นายอำเภอ" + "เวียงป่าเป้า" * 400
    rows = write_rows(tmp_path / "rows.csv", [
        ["district", "recipient.name", "amounts.allocation", "subject"],
        ["a", hostile + "\x01\x0b", "1", "เรื่อง <b>ตัวหนา</b>"],
        ["b", long_name, "2", "x" * 3000],
    ])
    out = tmp_path / "out"
    result = thaidoc(LETTER, rows, "-o", out)
    assert result.returncode == 0, result.stderr
    first, second = sorted(out.glob("*.docx"))
    body = text(first)
    assert hostile in body  # escaped in the XML, intact in the document
    assert "\x01" not in body
    assert "เรื่อง <b>ตัวหนา</b>" in body
    assert long_name in text(second)


def test_rerun_skips_complete_letters_and_redoes_changed_ones(tmp_path):
    out = tmp_path / "out"
    rows = tmp_path / "rows.csv"
    original = list(csv.reader(DISTRICTS.open(encoding="utf-8-sig")))
    write_rows(rows, original)
    assert thaidoc(LETTER, rows, "-o", out, "--name", "{district}.docx").returncode == 0
    stamp = {p.name: p.stat().st_mtime_ns for p in out.glob("*.docx")}
    again = thaidoc(LETTER, rows, "-o", out, "--name", "{district}.docx")
    assert again.returncode == 0 and "0 written, 18 up to date" in again.stdout
    # change one allocation and damage one file by hand: exactly those two are redone
    original[3][2] = "999,999"
    write_rows(rows, original)
    (out / "พาน.docx").write_bytes(b"not a docx")
    third = thaidoc(LETTER, rows, "-o", out, "--name", "{district}.docx")
    assert "2 written, 16 up to date" in third.stdout
    changed = {p.name for p in out.glob("*.docx") if p.stat().st_mtime_ns != stamp[p.name]}
    assert changed == {"เชียงของ.docx", "พาน.docx"}
    assert "๙๙๙,๙๙๙" in text(out / "เชียงของ.docx")
    forced = thaidoc(LETTER, rows, "-o", out, "--name", "{district}.docx", "--force")
    assert "18 written, 0 up to date" in forced.stdout


def test_two_rows_with_the_same_file_name_stop_before_anything_is_written(tmp_path):
    rows = write_rows(tmp_path / "rows.csv", [["district", "amounts.allocation"], ["เทิง", "1"], ["พาน", "2"],
                                               ["เทิง", "3"]])
    result = thaidoc(LETTER, rows, "-o", tmp_path / "out", "--name", "{district}.docx")
    assert result.returncode == 2
    assert "rows 2 and 4 both give 'เทิง.docx'" in result.stderr
    assert not list((tmp_path / "out").glob("*.docx"))


def test_a_misspelt_column_is_caught_before_rendering(tmp_path):
    rows = write_rows(tmp_path / "rows.csv", [["recipent.name"], ["นายอำเภอเทิง"]])
    result = thaidoc(LETTER, rows, "-o", tmp_path / "out")
    assert result.returncode == 2
    assert "did you mean 'recipient'" in result.stderr


def many_rows(path: Path, count: int) -> Path:
    districts = [r[0] for r in list(csv.reader(DISTRICTS.open(encoding="utf-8-sig")))[1:]]
    rows = [["district", "recipient.name", "amounts.allocation"]]
    for i in range(count):
        district = f"{districts[i % len(districts)]} {i + 1}"
        rows.append([district, f"นายอำเภอ{district}", f"{(i * 7919) % 900000 + 1000:,}.{i % 100:02d}"])
    return write_rows(path, rows)


def test_an_interrupted_batch_leaves_complete_files_and_resumes(tmp_path):
    rows = many_rows(tmp_path / "rows.csv", 800)
    out = tmp_path / "out"
    journal = out / ".thaidoc-batch.jsonl"
    command = [sys.executable, "-m", "thaidoc", "batch", str(LETTER), str(rows), "-o", str(out), "--jobs", "2"]
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not journal.exists() or journal.read_bytes().count(b"\n") < 30):
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGKILL)  # the parent and its workers, mid-write
    process.wait()
    done = [p for p in out.glob("*.docx") if not p.name.startswith(TEMP_PREFIX)]
    assert 0 < len(done) < 800, "the batch should have been stopped part-way"
    assert all(is_complete_docx(p) for p in done)  # never a half-written .docx under its real name
    journalled = {json.loads(line)["name"] for line in journal.read_text(encoding="utf-8").splitlines()
                  if line.endswith("}")}

    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    files = sorted(p for p in out.iterdir() if p.suffix == ".docx")
    assert [p.name for p in files] == [f"{i:03d}.docx" for i in range(1, 801)]
    assert all(is_complete_docx(p) for p in files)
    assert not [p for p in out.iterdir() if p.name.startswith(TEMP_PREFIX)]  # leftovers removed
    # what was complete and journalled is not redone; the rest is
    assert f"{800 - len(journalled)} written, {len(journalled)} up to date" in result.stdout
    assert "นายอำเภอแม่สาย ๙" in text(out / "009.docx")  # digits in the letter are Thai


def test_ctrl_c_stops_cleanly_and_the_rerun_finishes(tmp_path):
    rows = many_rows(tmp_path / "rows.csv", 800)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "thaidoc", "batch", str(LETTER), str(rows), "-o", str(out), "--jobs", "2"]
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("[0-9]*.docx"))) < 50:
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C sends: the whole process group
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr
    assert not [p for p in out.iterdir() if p.name.startswith(TEMP_PREFIX)]
    done = list(out.glob("[0-9]*.docx"))
    assert 0 < len(done) < 800 and all(is_complete_docx(p) for p in done)
    journalled = (out / ".thaidoc-batch.jsonl").read_text(encoding="utf-8").count("\n")
    assert journalled == len(done)  # on Ctrl-C every complete letter is journalled
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert f"{800 - len(done)} written, {len(done)} up to date" in result.stdout
    assert len(list(out.glob("[0-9]*.docx"))) == 800


def test_zip_and_combined_without_an_output_folder(tmp_path):
    archive, combined = tmp_path / "letters.zip", tmp_path / "all.docx"
    result = thaidoc(LETTER, DISTRICTS, "--zip", archive, "--combined", combined, "--name", "{seq:02d}-{district}")
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(archive) as packed:
        names = packed.namelist()
        assert names[0] == "01-เมืองเชียงราย.docx" and len(names) == 18
        assert "นายอำเภอเชียงของ" in text(packed.read("03-เชียงของ.docx"))
    assert [p.name for p in tmp_path.iterdir()] == sorted(["letters.zip", "all.docx"]) or \
        sorted(p.name for p in tmp_path.iterdir()) == sorted(["letters.zip", "all.docx"])
    everything = text(combined)
    for district in ("เมืองเชียงราย", "ป่าแดด", "ดอยหลวง"):
        assert f"นายอำเภอ{district}" in everything
    from docx import Document

    assert len(Document(str(combined)).sections) == 18  # one section per letter, each on new pages


@pytest.mark.pdf
def test_combined_file_opens_in_libreoffice(tmp_path, soffice):
    combined = tmp_path / "all.docx"
    result = thaidoc(LETTER, DISTRICTS, "--combined", combined)
    assert result.returncode == 0, result.stderr
    profile = (tmp_path / "profile").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(combined)], capture_output=True, timeout=240, check=True)
    import re

    pdf = (tmp_path / "all.pdf").read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))
    assert pages >= 18  # every letter starts on its own page


def test_pdf_for_every_letter_in_the_folder_and_the_zip_and_a_missing_pdf_is_remade(tmp_path, soffice):
    rows = write_rows(tmp_path / "rows.csv", [["district", "recipient.name", "amounts.allocation"],
                                              ["เทิง", "นายอำเภอเทิง", "265,080"],
                                              ["พาน", "นายอำเภอพาน", "318,270"]])
    out, zipped = tmp_path / "out", tmp_path / "all.zip"
    command = (LETTER, rows, "-o", out, "--name", "{district}.docx", "--pdf", "--zip", zipped, "--jobs", "2")
    result = thaidoc(*command, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "2 PDFs" in result.stdout
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "พาน.docx", "พาน.pdf", "เทิง.docx", "เทิง.pdf"]
    assert all((out / name).read_bytes().startswith(b"%PDF") for name in ("พาน.pdf", "เทิง.pdf"))
    with zipfile.ZipFile(zipped) as archive:
        assert archive.namelist() == ["เทิง.docx", "เทิง.pdf", "พาน.docx", "พาน.pdf"]
    again = thaidoc(*command, timeout=300)
    assert "0 written, 2 up to date" in again.stdout and "PDFs" not in again.stdout
    (out / "พาน.pdf").unlink()
    remade = thaidoc(*command, timeout=300)
    assert remade.returncode == 0 and "1 PDFs" in remade.stdout and (out / "พาน.pdf").is_file()
