"""A free font with TH Sarabun's widths, for PDFs made where TH Sarabun is not installed.

Letters are set in TH SarabunIT๙ (or PSK, or New). Where none of them is installed, LibreOffice
used to fall back to Laksaman, which is 1.5 times wider: an order ran to 2 pages, the circular to
3. Google's Sarabun (SIL Open Font License 1.1, on PyPI as ``fontpkg-sarabun``) is the same design
family drawn 1.51 times larger for the same point size (measured over the sample letters' text:
Thai 1.53, Latin 1.48). The OFL allows a modified copy under another name, so thaidoc makes one:
**Thaidoc Sarabun**, Sarabun's outlines with the em enlarged by that factor (``unitsPerEm``
1000 → 1510, every glyph and kerning value shrinks with it, no outline is touched), the space as
wide as TH Sarabun's (0.216 em) and TH Sarabun's line height (ascent 0.844 em, descent 0.457 em),
so lines and pages break as they do in TH Sarabun; it also draws U+200D and U+202F, which the PDF
copy uses to keep words whole (:mod:`thaidoc.render.pdf_layout`). It is written once to
``$XDG_DATA_HOME/thaidoc/fonts`` (``~/.local/share/thaidoc/fonts``), the folder thaidoc's
fontconfig file adds, by ``make setup`` and, failing that, by the first PDF conversion.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

from fontTools.ttLib import TTFont
from fontTools.ttLib.tables._g_l_y_f import Glyph

try:  # a declared dependency; a broken install still converts, with whatever fonts it has
    import fontpkg_sarabun
except ImportError:  # pragma: no cover
    fontpkg_sarabun = None

__all__ = ["FAMILY", "SCALE", "font_folder", "install_metric_font", "metric_font_files", "font_used", "document_font",
           "font_note"]

FAMILY = "Thaidoc Sarabun"
# Sarabun's advance widths over TH Sarabun New's, summed over the text of every sample letter
# and form: Thai 1.528, Latin 1.476 (letters are Thai text: the Thai figure, rounded)
SCALE = 1.53
# TH Sarabun New, in ems: the space's advance, and the line's ascent and descent (hhea)
SPACE = 0.216
ASCENT, DESCENT = 0.844, 0.457
_STYLES = {"Regular": "Sarabun-Regular.ttf", "Bold": "Sarabun-Bold.ttf"}
_VERSION = "3"  # bumped when the recipe changes, so an older copy is rebuilt


def font_folder() -> Path:
    """Where the metric font is written: ``$XDG_DATA_HOME/thaidoc/fonts`` (fontconfig reads it)."""
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "thaidoc" / "fonts"


def metric_font_files(folder: Path | None = None) -> list[Path]:
    folder = folder or font_folder()
    return [folder / f"ThaidocSarabun-{style}-v{_VERSION}.ttf" for style in _STYLES]


def _sarabun(file_name: str) -> bytes | None:
    if fontpkg_sarabun is None:
        return None
    try:
        return (Path(fontpkg_sarabun.ROOT) / "files" / file_name).read_bytes()
    except OSError:
        return None


def metric_font(sarabun: bytes, style: str) -> bytes:
    """Sarabun ``style`` made to TH Sarabun's widths and line height, named Thaidoc Sarabun."""
    font = TTFont(io.BytesIO(sarabun))
    old_em = font["head"].unitsPerEm
    em = round(old_em * SCALE)
    font["head"].unitsPerEm = em
    space = font.getBestCmap().get(0x20)
    if space is not None:
        _, side = font["hmtx"][space]
        font["hmtx"][space] = (round(SPACE * em), side)
    _add_layout_characters(font)
    ascent, descent = round(ASCENT * em), round(DESCENT * em)
    hhea, os2 = font["hhea"], font["OS/2"]
    hhea.ascent, hhea.descent, hhea.lineGap = ascent, -descent, 0
    os2.sTypoAscender, os2.sTypoDescender, os2.sTypoLineGap = ascent, -descent, 0
    os2.usWinAscent, os2.usWinDescent = ascent, descent
    if "DSIG" in font:  # a signature of the original no longer holds
        del font["DSIG"]
    postscript = f"ThaidocSarabun-{style}"
    names = {
        1: FAMILY, 2: style, 3: f"{postscript};thaidoc-{_VERSION}", 4: f"{FAMILY} {style}", 6: postscript,
        10: "Sarabun (SIL Open Font License 1.1) scaled by thaidoc to TH Sarabun's widths and line height",
    }
    table = font["name"]
    table.names = [record for record in table.names if record.nameID not in (*names, 16, 17, 21, 22)]
    for number, text in names.items():
        table.setName(text, number, 3, 1, 0x409)
        table.setName(text, number, 1, 0, 0)
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def _add_layout_characters(font: TTFont) -> None:
    """The characters thaidoc puts in a PDF copy for line breaking, which Sarabun lacks: U+200D
    ZERO WIDTH JOINER (an empty glyph of no width) and U+202F NARROW NO-BREAK SPACE (the space).
    Without them LibreOffice would draw them from another font, in the middle of a word."""
    cmap = font.getBestCmap()
    if 0x200D not in cmap:
        font.setGlyphOrder([*font.getGlyphOrder(), "uni200D"])
        font["glyf"]["uni200D"] = Glyph()
        font["hmtx"]["uni200D"] = (0, 0)
        _map(font, 0x200D, "uni200D")
    if 0x202F not in cmap and 0x20 in cmap:
        _map(font, 0x202F, cmap[0x20])


def _map(font: TTFont, codepoint: int, glyph: str) -> None:
    for table in font["cmap"].tables:
        if table.isUnicode() and (codepoint <= 0xFFFF or table.format in (12, 13)):
            table.cmap[codepoint] = glyph


def install_metric_font(folder: Path | None = None) -> list[Path]:
    """Write Thaidoc Sarabun (regular and bold) to ``folder`` unless it is there already.

    Returns the font files, or [] when Sarabun (``fontpkg-sarabun``) is not installed or the
    folder cannot be written (a read-only home): PDFs are then made with whatever font the
    machine has, and ``thaidoc render --pdf`` says which.
    """
    files = metric_font_files(folder)
    if all(path.is_file() for path in files):
        return files
    try:
        files[0].parent.mkdir(parents=True, exist_ok=True)
        for older in files[0].parent.glob("ThaidocSarabun-*.ttf"):  # one family, one version
            if older not in files:
                older.unlink()
        for style, path in zip(_STYLES, files):
            sarabun = _sarabun(_STYLES[style])
            if sarabun is None:
                return []
            temporary = path.with_name(path.name + f".{os.getpid()}.part")
            temporary.write_bytes(metric_font(sarabun, style))
            temporary.replace(path)
    except OSError:
        return []
    return files


def font_used(family: str, fontconfig: Path, *, env: dict[str, str] | None = None) -> str | None:
    """The family fontconfig (with ``fontconfig``, as LibreOffice runs) draws ``family`` with, or
    None when that cannot be told (no fc-match)."""
    exe = shutil.which("fc-match")
    if exe is None:
        return None
    environment = {**(env if env is not None else os.environ), "FONTCONFIG_FILE": str(fontconfig)}
    try:
        found = subprocess.run([exe, "-f", "%{family}", family], capture_output=True, text=True, timeout=30,
                               env=environment, stdin=subprocess.DEVNULL, check=False).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    return found.split(",")[0].strip() or None


_CS_FONT = re.compile(rb"<w:rFonts\b[^>]*\bw:cs=\"([^\"]+)\"")


def document_font(docx: bytes) -> str | None:
    """The font a .docx's text is set in (its default complex-script font, which Thai uses)."""
    try:
        styles = zipfile.ZipFile(io.BytesIO(docx)).read("word/styles.xml")
    except (zipfile.BadZipFile, KeyError):
        return None
    found = _CS_FONT.search(styles)
    return found.group(1).decode("utf-8", "replace") if found else None


def font_note(docx: bytes, fontconfig: Path) -> str | None:
    """Thai and English: which font a PDF of ``docx`` is drawn with when the document's own font
    is not installed, and whether lines break as in Word; None when the font is there (or when
    fontconfig cannot be asked)."""
    wanted = document_font(docx)
    used = font_used(wanted, fontconfig) if wanted else None
    if wanted is None or used is None or used == wanted:
        return None
    if used.startswith("TH Sarabun"):
        return (f"ไม่พบฟอนต์ {wanted} ในเครื่องนี้ PDF ใช้ฟอนต์ {used} แทน ซึ่งกว้างเท่ากัน บรรทัดและหน้าจึงตัดเหมือนใน Word / "
                f"the font {wanted} is not installed: the PDF uses {used}, which has the same widths, "
                "so lines and pages break as in Word")
    if used == FAMILY:
        return (f"ไม่พบฟอนต์ {wanted} ในเครื่องนี้ PDF ใช้ฟอนต์ {FAMILY} แทน (Sarabun ที่ปรับขนาดให้กว้างใกล้เคียง "
                f"TH Sarabun) หน้าจึงตัดเหมือนใน Word เกือบทุกครั้ง / the font {wanted} is not installed: the PDF uses "
                f"{FAMILY} (Sarabun scaled to TH Sarabun's widths), so pages almost always break as in Word")
    return (f"ไม่พบฟอนต์ {wanted} ในเครื่องนี้ PDF ใช้ฟอนต์ {used} แทน ซึ่งกว้างกว่า บรรทัดและหน้าอาจตัดต่างจาก Word "
            f"(ติดตั้ง {wanted} หรือ pip install fontpkg-sarabun) / the font {wanted} is not installed: the PDF uses "
            f"{used}, which is wider, so lines and pages may break differently from Word "
            f"(install {wanted}, or pip install fontpkg-sarabun for {FAMILY})")


if __name__ == "__main__":  # python -m thaidoc.render.fonts: what make setup runs
    made = install_metric_font()
    print("\n".join(map(str, made)) if made else
          "ไม่ได้สร้าง Thaidoc Sarabun (ไม่มี fontpkg-sarabun หรือเขียนโฟลเดอร์ไม่ได้) / "
          f"{FAMILY} not made (fontpkg-sarabun missing, or {font_folder()} not writable)")
