"""A cover letter with its attached schedule or rubric: one document, or separate files."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner

import thaidoc
from thaidoc.cli import main
from thaidoc.errors import DataError
from thaidoc.read.extract import extract
from thaidoc.render import render, render_parts

REPO = Path(__file__).resolve().parents[1]
LETTERS = REPO / "samples" / "letters"
PLAN_LETTER = LETTERS / "supervision-plan-2567.yaml"
RUBRIC_LETTER = LETTERS / "rubric-circular-2567.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def sections(data: bytes) -> list:
    return docx.Document(io.BytesIO(data)).sections


@pytest.mark.parametrize("letter, first_line", [
    (PLAN_LETTER, "แผนการลงพื้นที่นิเทศ ติดตาม ส่งเสริม และสนับสนุนการดำเนินงานระดับอำเภอ"),
    (RUBRIC_LETTER, "เกณฑ์การให้คะแนนการประเมินผลการปฏิบัติงานของสำนักงานพัฒนาชุมชนอำเภอ")])
def test_the_letter_then_its_attachment_on_a_new_page(letter: Path, first_line: str) -> None:
    combined = render(letter)
    alone = render(letter, attachments=False)
    text = [block.text for block in extract(combined, name="c.docx").blocks if block.text.strip()]
    letter_text = [block.text for block in extract(alone, name="a.docx").blocks if block.text.strip()]
    assert text[:len(letter_text)] == letter_text           # the letter as it is alone
    assert text[len(letter_text):len(letter_text) + 2] == ["สิ่งที่ส่งมาด้วย ๑", first_line]
    parts = sections(combined)
    assert len(parts) == 2                                    # its own section: a new page
    letter_section, attachment = parts
    assert letter_section.different_first_page_header_footer  # the letter keeps its first-page motto
    assert not attachment.different_first_page_header_footer
    assert not attachment.header.is_linked_to_previous and not attachment.footer.is_linked_to_previous
    assert [p.text for p in attachment.header.paragraphs if p.text] == []   # no "- ๒ -" of the letter
    assert [p.text for p in attachment.footer.paragraphs if p.text] == []   # no motto
    assert attachment.start_type == 2  # WD_SECTION.NEW_PAGE


def test_separate_files(tmp_path: Path) -> None:
    parts = render_parts(PLAN_LETTER)
    assert [number for number, _ in parts] == [0, 1]
    assert extract(parts[1][1], name="p.docx").blocks[0].text == "สิ่งที่ส่งมาด้วย ๑"
    result = CliRunner().invoke(main, ["render", str(PLAN_LETTER), "-o", str(tmp_path / "plan.docx"), "--separate"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan-enclosure-1.docx", "plan.docx"]


def copy_letter(tmp_path: Path, change=None) -> Path:
    folder = tmp_path / "letter"
    (folder / "enclosures").mkdir(parents=True)
    shutil.copy(LETTERS / "enclosures" / "supervision-plan-2567.yaml", folder / "enclosures" / "plan.yaml")
    data = yaml.safe_load(PLAN_LETTER.read_text(encoding="utf-8"))
    data["enclosures"][0]["file"] = "enclosures/plan.yaml"
    if change:
        change(data, folder)
    path = folder / "letter.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_check_of_the_letter_checks_its_attachments(tmp_path: Path) -> None:
    path = copy_letter(tmp_path)
    assert thaidoc.check(path) == []
    plan = path.parent / "enclosures" / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("2024-04-30", "2024-05-02"), encoding="utf-8")
    found = thaidoc.check(path)
    assert [(f.code, f.location, f.source) for f in found] == [
        ("schedule.outside-period", "rows[10].date", str(plan))]
    with pytest.raises(thaidoc.InconsistentDocumentError):
        render(path)


@pytest.mark.parametrize("file, message", [
    ("../outside.yaml", "inside the data's folder"),
    ("/etc/passwd", "inside the data's folder"),
    ("enclosures/missing.yaml", "no such schedule or rubric data file"),
])
def test_an_enclosure_file_stays_in_the_letters_folder(tmp_path: Path, file: str, message: str) -> None:
    (tmp_path / "outside.yaml").write_text("kind: rubric\n", encoding="utf-8")
    path = copy_letter(tmp_path, lambda data, folder: data["enclosures"][0].update(file=file))
    with pytest.raises(DataError) as err:
        render(path)
    assert err.value.location == "enclosures[0].file" and message in str(err.value)


def test_data_without_a_folder_may_not_name_files() -> None:
    data = yaml.safe_load(PLAN_LETTER.read_text(encoding="utf-8"))
    with pytest.raises(DataError) as err:
        render(data)
    assert err.value.location == "enclosures[0].file"
    data["enclosures"][0].pop("file")
    assert render(data)[:2] == b"PK"


def test_only_schedules_and_rubrics_are_attached(tmp_path: Path) -> None:
    def letter_as_enclosure(data: dict, folder: Path) -> None:
        shutil.copy(LETTERS / "memo-training-budget.yaml", folder / "enclosures" / "memo.yaml")
        data["enclosures"][0]["file"] = "enclosures/memo.yaml"

    with pytest.raises(DataError) as err:
        render(copy_letter(tmp_path, letter_as_enclosure))
    assert "schedule or a rubric" in str(err.value)
