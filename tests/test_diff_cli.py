"""The ``thaidoc diff`` command: exit codes and outputs for .txt inputs, unwritable outputs."""

from __future__ import annotations

import io
import json
import zipfile

from click.testing import CliRunner

from thaidoc.cli import main

GENERATED = "ที่ ชร ๐๐๑๙/ว ๑\n\nขอให้อำเภอดำเนินการ ภายใน ๑๕ วัน\n"
ISSUED_SAME = "ที่ ชร 0019/ว 1\n\nขอให้อำเภอ\u200bดำเนินการ  ภายใน 15 วัน\n"
ISSUED_EDITED = "ที่ ชร ๐๐๑๙/ว ๑\n\nขอให้จังหวัดดำเนินการ ภายใน ๑๕ วัน\n"


def run(tmp_path, issued: str, *extra: str):
    (tmp_path / "generated.txt").write_text(GENERATED, encoding="utf-8")
    (tmp_path / "issued.txt").write_text(issued, encoding="utf-8")
    return CliRunner().invoke(main, ["diff", str(tmp_path / "generated.txt"), str(tmp_path / "issued.txt"), *extra])


def test_same_after_normalisation_exits_0(tmp_path) -> None:
    outcome = run(tmp_path, ISSUED_SAME)
    assert outcome.exit_code == 0
    assert "the documents are the same after normalisation" in outcome.output


def test_differences_exit_1_in_json(tmp_path) -> None:
    outcome = run(tmp_path, ISSUED_EDITED, "--json")
    assert outcome.exit_code == 1
    data = json.loads(outcome.output)
    assert [(w["old"], w["new"]) for c in data["changes"] for w in c["words"]] == [("อำเภอ", "จังหวัด")]
    assert data["changes"][0]["issued_at"]["line"] == 3


def test_tracked_docx_from_text_files(tmp_path) -> None:
    outcome = run(tmp_path, ISSUED_EDITED, "--docx", str(tmp_path / "out" / "tracked.docx"), "--author", "ผู้ตรวจ")
    assert outcome.exit_code == 1
    data = (tmp_path / "out" / "tracked.docx").read_bytes()
    assert "ผู้ตรวจ".encode() in zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")


def test_unwritable_output_exits_2_without_a_partial_file(tmp_path) -> None:
    (tmp_path / "taken").write_text("a file where a folder should be")
    outcome = run(tmp_path, ISSUED_EDITED, "--html", str(tmp_path / "taken" / "diff.html"))
    assert outcome.exit_code == 2
    assert "cannot write" in outcome.output


def test_unreadable_input_exits_2(tmp_path) -> None:
    (tmp_path / "generated.txt").write_bytes(b"\xff\xfe not utf-8")
    (tmp_path / "issued.txt").write_text(ISSUED_EDITED, encoding="utf-8")
    outcome = CliRunner().invoke(main, ["diff", str(tmp_path / "generated.txt"), str(tmp_path / "issued.txt")])
    assert outcome.exit_code == 2
    assert "UTF-8" in outcome.output


def test_help_lists_the_outputs() -> None:
    outcome = CliRunner().invoke(main, ["diff", "--help"])
    assert outcome.exit_code == 0
    for option in ("--json", "--html", "--docx", "--author"):
        assert option in outcome.output


def test_an_output_never_overwrites_an_input(tmp_path) -> None:
    for option in ("--docx", "--html"):
        outcome = run(tmp_path, ISSUED_EDITED, option, str(tmp_path / "issued.txt"))
        assert outcome.exit_code == 2 and "would overwrite an input" in outcome.output
        assert (tmp_path / "issued.txt").read_text(encoding="utf-8") == ISSUED_EDITED
