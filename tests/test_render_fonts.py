"""Thaidoc Sarabun: the free Sarabun made to TH Sarabun's widths, for PDFs where TH Sarabun is
not installed; and the note that names the font a PDF was drawn with."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from thaidoc.render import fonts, render

REPO = Path(__file__).resolve().parents[1]


def sarabun(style: str = "Regular") -> bytes:
    pytest.importorskip("fontpkg_sarabun")
    data = fonts._sarabun(f"Sarabun-{style}.ttf")
    assert data is not None
    return data


def advance(font: TTFont, text: str) -> float:
    """The width of ``text`` in ems (advances only: Thai marks have none in either font)."""
    cmap, metrics, em = font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm
    return sum(metrics[cmap[ord(ch)]][0] for ch in text) / em


SAMPLE_TEXT = "".join(
    line for path in sorted(REPO.glob("samples/letters/*.yaml"))
    for line in path.read_text(encoding="utf-8").splitlines() if not line.lstrip().startswith("#"))
THAI_TEXT = "".join(ch for ch in SAMPLE_TEXT if "\u0e01" <= ch <= "\u0e5b" or ch == " ")


def test_the_metric_font_is_sarabun_renamed_with_th_sarabun_proportions():
    made = TTFont(io.BytesIO(fonts.metric_font(sarabun(), "Regular")))
    original = TTFont(io.BytesIO(sarabun()))
    assert made["name"].getDebugName(1) == fonts.FAMILY
    assert made["name"].getDebugName(6) == "ThaidocSarabun-Regular"
    assert "Sarabun (SIL Open Font License 1.1)" in made["name"].getDebugName(10)
    assert made["name"].getDebugName(13) == original["name"].getDebugName(13)  # the OFL travels with it
    em = made["head"].unitsPerEm
    assert em == round(original["head"].unitsPerEm * fonts.SCALE)
    ko_kai = made.getBestCmap()[ord("ก")]
    assert list(made["glyf"][ko_kai].coordinates) == list(original["glyf"][ko_kai].coordinates)  # not redrawn
    # every glyph but the space keeps its advance in font units: it shrinks by SCALE in ems
    thai = "การพัฒนาเศรษฐกิจฐานราก"
    assert advance(made, thai) == pytest.approx(advance(original, thai) / fonts.SCALE)
    assert advance(made, " ") == pytest.approx(fonts.SPACE, abs=0.001)
    # TH Sarabun's line: ascent 0.844 em, descent 0.457 em, no gap, in every table that sets it
    assert (made["hhea"].ascent / em, -made["hhea"].descent / em, made["hhea"].lineGap) == pytest.approx(
        (fonts.ASCENT, fonts.DESCENT, 0), abs=0.001)
    assert (made["OS/2"].usWinAscent, made["OS/2"].usWinDescent) == (made["hhea"].ascent, -made["hhea"].descent)
    assert (made["OS/2"].sTypoAscender, made["OS/2"].sTypoDescender) == (made["hhea"].ascent, made["hhea"].descent)
    # the characters of the PDF copy's line breaking: a joiner of no width, a no-break space
    cmap = made.getBestCmap()
    assert made["hmtx"][cmap[0x200D]][0] == 0 and made["glyf"][cmap[0x200D]].numberOfContours == 0
    assert cmap[0x202F] == cmap[0x20]


def test_thai_text_is_as_wide_as_in_th_sarabun(sarabun_font):
    """Measured against the real TH Sarabun New (../shared): the letters' Thai text, spaces
    included, within 1 %, so lines and pages break where they do in Word."""
    made = TTFont(io.BytesIO(fonts.metric_font(sarabun(), "Regular")))
    reference = TTFont(str(sarabun_font))
    assert len(THAI_TEXT) > 2000
    ratio = advance(made, THAI_TEXT) / advance(reference, THAI_TEXT)
    assert ratio == pytest.approx(1.0, abs=0.01)
    line = (reference["hhea"].ascent - reference["hhea"].descent) / reference["head"].unitsPerEm
    assert (made["hhea"].ascent - made["hhea"].descent) / made["head"].unitsPerEm == pytest.approx(line, abs=0.002)


def test_installed_once_into_the_folder(tmp_path):
    pytest.importorskip("fontpkg_sarabun")
    (tmp_path / "ThaidocSarabun-Regular-v0.ttf").write_bytes(b"an older recipe")
    files = fonts.install_metric_font(tmp_path)
    assert [f.name for f in files] == [f.name for f in fonts.metric_font_files(tmp_path)]
    assert all(TTFont(str(f))["name"].getDebugName(1) == fonts.FAMILY for f in files)
    assert TTFont(str(files[1]))["name"].getDebugName(2) == "Bold"
    stamps = [f.stat().st_mtime_ns for f in files]
    assert fonts.install_metric_font(tmp_path) == files
    assert [f.stat().st_mtime_ns for f in files] == stamps  # not rebuilt
    assert not list(tmp_path.glob("*.part"))
    assert sorted(tmp_path.iterdir()) == sorted(files)  # the older version is gone: one family, one version


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root writes anywhere")
def test_a_read_only_home_is_not_an_error(tmp_path):
    folder = tmp_path / "fonts"
    tmp_path.chmod(0o500)
    try:
        assert fonts.install_metric_font(folder) == []
    finally:
        tmp_path.chmod(0o700)


def test_a_missing_sarabun_package_means_no_font(tmp_path, monkeypatch):
    monkeypatch.setattr(fonts, "_sarabun", lambda name: None)
    assert fonts.install_metric_font(tmp_path) == []


def test_the_folder_follows_xdg_data_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert fonts.font_folder() == tmp_path / "thaidoc" / "fonts"
    # thaidoc's fontconfig file reads that folder
    assert '<dir prefix="xdg">thaidoc/fonts</dir>' in Path(fonts.__file__).with_name("fonts.py").parent.joinpath(
        "..", "fontconfig", "fonts.conf").resolve().read_text(encoding="utf-8")


@pytest.mark.parametrize(("used", "says"), [
    (None, None),
    ("TH SarabunIT๙", None),
    ("TH Sarabun New", "same widths"),
    (fonts.FAMILY, "Sarabun scaled to TH Sarabun's widths"),
    ("Laksaman", "wider"),
])
def test_the_note_names_the_font_the_pdf_uses(monkeypatch, used, says):
    docx = render(REPO / "samples/letters/order-working-group.yaml")
    assert fonts.document_font(docx) == "TH SarabunIT๙"
    monkeypatch.setattr(fonts, "font_used", lambda family, config: used)
    note = fonts.font_note(docx, Path("fonts.conf"))
    if says is None:
        assert note is None
        return
    assert note is not None and says in note
    thai, english = note.split(" / ", 1)
    assert "ไม่พบฟอนต์ TH SarabunIT๙" in thai and used in thai
    assert english.startswith("the font TH SarabunIT๙ is not installed: the PDF uses " + used)


def test_the_font_of_a_document_in_another_font():
    docx = render(REPO / "samples/letters/order-working-group.yaml", font="TH Sarabun New")
    assert fonts.document_font(docx) == "TH Sarabun New"
    assert fonts.document_font(b"not a docx") is None


def test_render_pdf_names_the_font_it_used(tmp_path, monkeypatch):
    """`thaidoc render --pdf` says, Thai then English, which font the PDF was drawn with when
    the letter's own font is not installed; nothing when it is."""
    from click.testing import CliRunner

    import thaidoc.cli.render as cli_render
    from thaidoc.cli import main

    monkeypatch.setattr(cli_render, "to_pdf", lambda docx: b"%PDF-1.4 stand-in")
    for used, said in (("Laksaman", True), ("TH SarabunIT๙", False)):
        monkeypatch.setattr(fonts, "font_used", lambda family, config, used=used: used)
        result = CliRunner().invoke(main, ["render", str(REPO / "samples/letters/order-working-group.yaml"),
                                           "-o", str(tmp_path / "order.docx"), "--pdf"])
        assert result.exit_code == 0, result.output
        assert (tmp_path / "order.pdf").read_bytes() == b"%PDF-1.4 stand-in"
        note = [line for line in result.output.splitlines() if "ไม่พบฟอนต์" in line]
        assert bool(note) == said, result.output
        if said:
            assert note[0].startswith("thaidoc: ไม่พบฟอนต์ TH SarabunIT๙") and "the PDF uses Laksaman" in note[0]
