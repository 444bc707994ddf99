"""Command-line conventions: - for stdin and stdout, --encoding for text saved by Thai Windows,
and the ครุฑ setting treated alike by letters and forms."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from click.testing import CliRunner

from thaidoc.cli import main

REPO = Path(__file__).resolve().parents[1]
MEMO = REPO / "src/thaidoc/render/starters/memo.yaml"
ISSUED = REPO / "samples/issued/faulty-circular.txt"


def paragraphs(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


def test_render_reads_stdin_and_writes_stdout():
    result = CliRunner().invoke(main, ["render", "-", "-o", "-"], input=MEMO.read_bytes())
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes[:2] == b"PK"
    assert any("ขออนุมัติค่าใช้จ่ายในการฝึกอบรม" in text for text in paragraphs(result.stdout_bytes))


def test_render_stdin_defaults_to_stdout_and_refuses_pdf_there():
    result = CliRunner().invoke(main, ["render", "-"], input=MEMO.read_bytes())
    assert result.exit_code == 0 and zipfile.ZipFile(io.BytesIO(result.stdout_bytes)).testzip() is None
    refused = CliRunner().invoke(main, ["render", "-", "--pdf"], input=MEMO.read_bytes())
    assert refused.exit_code == 2 and "--pdf" in refused.output


def test_render_reads_a_cp874_file_with_encoding(tmp_path):
    data = tmp_path / "memo.yaml"
    data.write_bytes(MEMO.read_text(encoding="utf-8").encode("cp874"))
    plain = CliRunner().invoke(main, ["render", str(data)])
    assert plain.exit_code == 2 and "--encoding" in plain.output
    result = CliRunner().invoke(main, ["render", str(data), "--encoding", "cp874"])
    assert result.exit_code == 0, result.output
    assert any("ขออนุมัติค่าใช้จ่ายในการฝึกอบรม" in t for t in paragraphs((tmp_path / "memo.docx").read_bytes()))
    piped = CliRunner().invoke(main, ["render", "-", "--encoding", "cp874", "-o", str(tmp_path / "p.docx")],
                               input=data.read_bytes())
    assert piped.exit_code == 0, piped.output


def test_check_and_diff_read_stdin_and_other_encodings(tmp_path):
    text = ISSUED.read_text(encoding="utf-8")
    piped = CliRunner().invoke(main, ["check", "-"], input=text.encode("utf-8"))
    on_disk = CliRunner().invoke(main, ["check", str(ISSUED)])
    assert piped.exit_code == on_disk.exit_code == 1
    assert piped.output.splitlines()[-1] == on_disk.output.splitlines()[-1]  # "10 findings: …"
    saved = tmp_path / "issued.txt"
    saved.write_bytes(text.replace("\u200b", "").encode("cp874"))
    # a letter's .txt in cp874 is recognised as such; --encoding says so outright
    assert CliRunner().invoke(main, ["check", str(saved)]).exit_code == 1
    assert CliRunner().invoke(main, ["check", str(saved), "--encoding", "cp874"]).exit_code == 1
    wrong = CliRunner().invoke(main, ["check", str(saved), "--encoding", "ascii"])
    assert wrong.exit_code == 2 and "ascii" in wrong.output
    data = CliRunner().invoke(main, ["check", "-"], input=MEMO.read_bytes())
    assert data.exit_code == 0, data.output
    same = CliRunner().invoke(main, ["diff", str(saved), "-", "--encoding", "cp874"], input=saved.read_bytes())
    assert same.exit_code == 0, same.output


def test_emblem_on_a_form_is_a_note_not_a_refusal(tmp_path):
    emblem = tmp_path / "emblem.png"
    emblem.write_bytes(zipfile.ZipFile(REPO / "templates/letters/external.docx").read("word/media/emblem.png"))
    form = tmp_path / "proposal.yaml"
    form.write_text(CliRunner().invoke(main, ["new", "proposal"]).output, encoding="utf-8")
    result = CliRunner().invoke(main, ["render", str(form), "--emblem", str(emblem)])
    assert result.exit_code == 0, result.output
    assert "ไม่มีตำแหน่งตราครุฑ" in result.output and (tmp_path / "proposal.docx").is_file()
    listing = CliRunner().invoke(main, ["templates", "proposal"]).output
    assert "emblem" not in listing
    assert "emblem" in CliRunner().invoke(main, ["templates", "memo"]).output
