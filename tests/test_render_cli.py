"""thaidoc render / templates / new, as a user runs them."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from thaidoc.cli import main
from thaidoc.model import KINDS

REPO = Path(__file__).resolve().parents[1]
LETTER_KINDS = ["external-letter", "memo", "stamped-letter", "order", "announcement"]


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_render_writes_a_docx(tmp_path):
    out = tmp_path / "letter.docx"
    result = run("render", str(REPO / "samples/letters/circular-chiang-rai-2562.yaml"), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert zipfile.ZipFile(out).testzip() is None
    assert [p.name for p in tmp_path.iterdir()] == ["letter.docx"]


BAD = {
    "missing-part.yaml": ("kind: memo\ndate: 2024-01-01\n", "department"),
    "unknown-kind.yaml": ("kind: letter\n", "expected one of"),
    "invalid-date.yaml": ('kind: announcement\ndate: "2024-02-30"\n', "date"),
    "impossible-date.yaml": ("kind: announcement\ndate: 2024-02-30\n", "2024-02-30"),
    "unreadable.yaml": ("kind: [memo\n", "line"),
    "nested.yaml": ("kind: announcement\nissuer: ก\nsubject: ข\ndate: 2024-01-01\nbody: [ค]\n"
                    "signer: {name: ง}\n", "signer.position"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_data_exits_2_naming_file_and_field_and_leaves_nothing(tmp_path, name):
    text, needle = BAD[name]
    data = tmp_path / name
    data.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["render", str(data), "-o", str(tmp_path / "out.docx"), "--pdf"])
    assert result.exit_code == 2
    assert name in result.output and needle in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_missing_data_file_exits_2(tmp_path):
    result = CliRunner().invoke(main, ["render", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert "nope.yaml" in result.output


def test_templates_lists_every_kind_with_its_required_fields():
    result = run("templates")
    assert result.exit_code == 0
    for kind in LETTER_KINDS:
        assert kind in result.output
    assert "* subject" in result.output and "* signer" in result.output
    assert "letters/external.docx" in result.output


@pytest.mark.parametrize("kind", LETTER_KINDS)
def test_new_writes_a_commented_starter_that_renders(tmp_path, kind):
    result = run("new", kind)
    assert result.exit_code == 0
    assert result.output.startswith("#") and f"kind: {kind}" in result.output
    data = tmp_path / "starter.yaml"
    data.write_text(result.output, encoding="utf-8")
    rendered = run("render", str(data), "-o", str(tmp_path / "starter.docx"))
    assert rendered.exit_code == 0, rendered.output
    # and checks clean: a starter must not teach a fault (the stamped letter's was addressed
    # to ทุกอำเภอ without the circular's ว, a ref.circular warning)
    checked = run("check", str(data))
    assert checked.exit_code == 0, checked.output


def test_new_unknown_kind_exits_2():
    result = CliRunner().invoke(main, ["new", "letter"])
    assert result.exit_code == 2 and "external-letter" in result.output


def test_every_registered_kind_has_a_starter():
    for kind in KINDS:
        assert f"kind: {kind}" in run("new", kind).output


def test_render_with_font_and_emblem_options(tmp_path, garuda_png):
    out = tmp_path / "memo.docx"
    result = run("render", str(REPO / "samples/letters/memo-training-budget.yaml"), "-o", str(out),
                 "--font", "TH SarabunPSK", "--emblem", str(garuda_png))
    assert result.exit_code == 0, result.output
    archive = zipfile.ZipFile(out)
    assert b"TH SarabunPSK" in archive.read("word/styles.xml")
    assert archive.read("word/media/emblem.png") == garuda_png.read_bytes()


def test_pdf_without_libreoffice_is_a_clear_error_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("THAIDOC_SOFFICE", str(tmp_path / "no-such-soffice"))
    result = CliRunner().invoke(main, ["render", str(REPO / "samples/letters/order-working-group.yaml"),
                                       "-o", str(tmp_path / "o.docx"), "--pdf"])
    assert result.exit_code == 2
    assert "LibreOffice" in result.output
    assert list(tmp_path.iterdir()) == []


def test_render_with_a_user_template(tmp_path):
    import io
    import zipfile as zf

    source = zf.ZipFile(REPO / "templates/letters/announcement.docx")
    buffer = io.BytesIO()
    with zf.ZipFile(buffer, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = data.replace("ประกาศ ณ วันที่".encode(), "ประกาศไว้ ณ วันที่".encode())
            out.writestr(info, data)
    template = tmp_path / "mine.docx"
    template.write_bytes(buffer.getvalue())
    out_path = tmp_path / "a.docx"
    result = run("render", str(REPO / "samples/letters/announcement-village-fund.yaml"), "-o", str(out_path),
                 "--template", str(template))
    assert result.exit_code == 0, result.output
    assert "ประกาศไว้ ณ วันที่ ๑๔ มิถุนายน พ.ศ. ๒๕๖๗".encode() in zf.ZipFile(out_path).read("word/document.xml")


def word_edited(template: Path) -> bytes:
    """``template`` as Word saves it after a user edits it: every {{ … }} tag split over runs
    (with revision ids, a proofing mark and a bookmark between them), the {{ itself split, and a
    line the user typed with Word's curly quotes inside a filter call."""
    import io
    import re

    source = zipfile.ZipFile(template)
    xml = source.read("word/document.xml").decode()

    def split(match: re.Match[str]) -> str:
        tag = match.group(0)
        middle = len(tag) // 2
        return (tag[:middle] + '</w:t></w:r><w:proofErr w:type="spellStart"/><w:bookmarkStart w:id="9" '
                'w:name="_GoBack"/><w:bookmarkEnd w:id="9"/><w:r w:rsidR="00AB12CD"><w:rPr><w:lang w:val="en-US"/>'
                '</w:rPr><w:t xml:space="preserve">' + tag[middle:])

    xml, count = re.subn(r"\{\{[^}<]*\}\}", split, xml)
    assert count > 10
    xml = xml.replace("{{ date_", "{</w:t></w:r><w:r><w:t>{ date_", 1)
    typed = ("<w:p><w:r><w:t xml:space=\"preserve\">พิมพ์เมื่อ {{ date | thai_date(\u2018weekday\u2019) }}"
             "</w:t></w:r></w:p>")
    xml = xml.replace("<w:sectPr>", typed + "<w:sectPr>", 1)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for info in source.infolist():
            data = xml.encode() if info.filename == "word/document.xml" else source.read(info)
            out.writestr(info, data)
    return buffer.getvalue()


def test_a_bundled_template_edited_in_word_still_renders(tmp_path):
    import docx

    template = tmp_path / "mine.docx"
    template.write_bytes(word_edited(REPO / "templates/letters/external.docx"))
    sample = REPO / "samples/letters/circular-chiang-rai-2562.yaml"
    mine, bundled = tmp_path / "mine-out.docx", tmp_path / "bundled-out.docx"
    assert run("render", str(sample), "-o", str(mine), "--template", str(template)).exit_code == 0
    assert run("render", str(sample), "-o", str(bundled)).exit_code == 0
    texts = [p.text for p in docx.Document(str(mine)).paragraphs]
    assert texts[:-1] == [p.text for p in docx.Document(str(bundled)).paragraphs]
    assert texts[-1] == "พิมพ์เมื่อ วันพุธที่ ๒๐ กุมภาพันธ์ ๒๕๖๒"
