"""`thaidoc check` on issued letters (.txt/.docx) end to end: findings, JSON, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from thaidoc.cli import main

from conftest import SEED_CIRCULAR_CHIANG_RAI


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.mark.seeds
def test_check_seed_lists_the_unknown_code_and_exits_1(seeds_dir: Path):
    result = invoke("check", str(seeds_dir / SEED_CIRCULAR_CHIANG_RAI))
    assert result.exit_code == 1
    assert "ref.province-code" in result.output
    assert "ขร" in result.output and "ชร (เชียงราย)" in result.output


def test_check_json_of_a_faulty_text_letter(tmp_path: Path):
    path = tmp_path / "issued.txt"
    path.write_text("ที่ ชร ๐๐๑๙.๑/ว ๔๗\n\nเรื่อง ประชุม\n\nเรียน นายอำเภอ\n\n"
                    "ขอเชิญประชุมวันศุกร์ที่ ๒๕ มกราคม ๒๕๖๘\n\nขอแสดงความนับถือ\n", encoding="utf-8")
    result = invoke("check", "--json", str(path))
    assert result.exit_code == 1
    data = json.loads(result.output)
    findings = data["findings"] if isinstance(data, dict) else data
    assert [(f["code"], f["expected"], f["found"]) for f in findings] == [("date.weekday", "วันเสาร์", "วันศุกร์")]


def test_check_clean_rendered_letter_exits_0(tmp_path: Path, repo: Path):
    from thaidoc.model import load_document
    from thaidoc.render import render

    path = tmp_path / "letter.docx"
    path.write_bytes(render(load_document(repo / "samples" / "letters" / "circular-chiang-rai-2562.yaml")))
    result = invoke("check", str(path))
    assert result.exit_code == 0, result.output


def test_check_unreadable_docx_exits_2(tmp_path: Path):
    path = tmp_path / "broken.docx"
    path.write_text("not a zip", encoding="utf-8")
    result = invoke("check", str(path))
    assert result.exit_code == 2
    assert "not a zip archive" in result.output


def test_notes_alone_do_not_fail_the_check_but_a_warning_does(tmp_path):
    """A date read as พ.ศ. is a note: shown, exit 0; a wrong weekday is an error: exit 1."""
    from click.testing import CliRunner

    from thaidoc.cli import main

    runner = CliRunner()
    sample = Path(__file__).resolve().parents[1] / "samples" / "letters" / "memo-buddhist-era-dates.yaml"
    noted = runner.invoke(main, ["check", str(sample)])
    assert noted.exit_code == 0 and "date.read-as" in noted.output
    letter = tmp_path / "letter.txt"
    letter.write_text("กำหนดส่งภายในวันศุกร์ที่ ๒๕ มกราคม ๒๕๖๘\n", encoding="utf-8")
    faulty = runner.invoke(main, ["check", str(letter)])
    assert faulty.exit_code == 1 and "date.weekday" in faulty.output
