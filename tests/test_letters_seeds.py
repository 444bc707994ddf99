"""The seed samples reproduce the seed cover letters, part by part.

Each seed's letter (from its first line to the owner office's telephone line) is compared with
the paragraphs of the rendered sample after normalising whitespace and digits. The only
differences allowed are the corrections written in the sample's header comment, applied to
the seed text here, one by one, so that every deviation from the issued letter is explicit.
"""

from __future__ import annotations

import difflib
import io
import re
import zipfile
from pathlib import Path

import docx
import pytest

from thaidoc.render import render
from thaidoc.thai import MONTHS, arabic_digits

from conftest import SEED_ALLOCATION_CHACHOENGSAO, SEED_CIRCULAR_CHIANG_RAI, SEED_SUPERVISION_PLAN

REPO = Path(__file__).resolve().parents[1]

# sample file, seed file, corrections applied to the seed text (regex, replacement), motto lines
CASES = {
    "circular-chiang-rai-2562.yaml": (SEED_CIRCULAR_CHIANG_RAI, [
        (r"ขร", "ชร"),                      # no province has the code ขร; เชียงราย is ชร
        (r"ว(?=\d)", "ว "),                  # ว๒๙๘๗ → ว ๒๙๘๗
        (r"^หมายเหตุ\. ", "หมายเหตุ "),
        (r"^โทร\.0 - 5317 - 7350$", "โทร. 0 5317 7350"),
    ]),
    "allocation-chachoengsao-2563.yaml": (SEED_ALLOCATION_CHACHOENGSAO, [
        (r"^/3\. จัดทำแผน\.\.\.$", ""),      # the typewriter continuation cue, not text
        (r"^โทร ", "โทร. "),
    ]),
    "supervision-plan-2567.yaml": (SEED_SUPERVISION_PLAN, [
        (r"เชียงใหม่", "ฉะเชิงเทรา"),          # the letterhead is ฉะเชิงเทรา's (see the sample)
        (r"ฌข", "ฉช"),
        (r"\b25000\b", "24000"),
    ]),
}


def normalise(line: str) -> str:
    return " ".join(arabic_digits(line).split())


def seed_letter(text: str, corrections: list[tuple[str, str]]) -> list[str]:
    lines = []
    for raw in text.splitlines():
        line = normalise(raw)
        if not line:
            continue
        for pattern, replacement in corrections:
            line = re.sub(pattern, replacement, line)
        if line:
            lines.append(line)
        if line.startswith("โทร"):
            break  # the cover letter ends with the owner office's telephone line
    return lines


def rendered_letter(docx_bytes: bytes) -> list[tuple[str, str]]:
    """(style, text) of each printed line, text as typed (not normalised)."""
    document = docx.Document(io.BytesIO(docx_bytes))
    lines = []
    for paragraph in document.paragraphs:
        style = paragraph.style.style_id if paragraph.style is not None else ""
        text = paragraph.text
        if style == "SenderHead":  # "ที่ …<tab>office": two parts side by side on one line
            lines.extend((style, part) for part in text.split("\t", 1))
        else:
            lines.append((style, text))
    return [(style, text) for style, text in lines if normalise(text)]


_DATE_LINE = re.compile(r"^\d{1,2} (%s) \d{4}$" % "|".join(MONTHS))


def seed_parts(lines: list[str]) -> list[str]:
    """The part each line of a seed letter is, read from the letter's own structure (the
    typing standard's order of parts), as the style thaidoc must print it in."""
    parts: list[str] = []
    for line in lines:
        previous = parts[-1] if parts else None
        if previous is None and line.startswith("ด่วน"):
            part = "Urgency"
        elif line.startswith("ที่ ") or (previous == "SenderHead" and parts.count("SenderHead") == 1):
            part = "SenderHead"  # ที่ and, beside it, the sending office
        elif previous in ("SenderHead", "Sender") and not _DATE_LINE.match(line):
            part = "Sender"
        elif _DATE_LINE.match(line):
            part = "Date"
        elif line.startswith("เรื่อง "):
            part = "Heading"
        elif line.startswith(("เรียน ", "กราบเรียน ")):
            part = "Salutation"
        elif line.startswith("อ้างถึง "):
            part = "Reference"
        elif line.startswith("สิ่งที่ส่งมาด้วย ") or (previous == "Enclosure" and re.match(r"\d+\. ", line)):
            part = "Enclosure"
        elif line.startswith("ขอแสดงความนับถือ"):
            part = "Closing"
        elif previous == "Closing":
            part = "SignatureName"
        elif previous == "SignatureName" or (previous == "Signature" and parts[-2] == "SignatureName"
                                             and lines[len(parts) - 1].endswith("ราชการแทน")):
            part = "Signature"  # the position, and the principal after ปฏิบัติ/รักษาราชการแทน
        elif line.startswith("หมายเหตุ"):
            part = "Notes"
        elif previous in ("Signature", "Notes"):
            part = "OwnerFirst"
        elif previous in ("OwnerFirst", "Owner"):
            part = "Owner"
        elif re.match(r"\d+\.\d+ ", line):
            part = "BodySubItem"
        else:
            part = "Body"  # paragraphs, items ๑. ๒. and the purpose line
        parts.append(part)
    return parts


@pytest.mark.seeds
@pytest.mark.parametrize("sample", sorted(CASES))
def test_seed_sample_matches_the_seed_letter(sample, seed_text):
    seed_name, corrections = CASES[sample]
    expected = seed_letter(seed_text(seed_name), corrections)
    rendered = rendered_letter(render(REPO / "samples" / "letters" / sample, attachments=False))
    produced = [normalise(text) for _, text in rendered]
    if produced != expected:
        diff = "\n".join(difflib.unified_diff(expected, produced, "seed", "rendered", lineterm="", n=1))
        pytest.fail(f"{sample} differs from {seed_name}:\n{diff}")
    # each line is printed as the part it is in the seed (the date as the date line, …)
    wrong = [(line, style, part) for line, (style, _), part in zip(expected, rendered, seed_parts(expected))
             if style != part]
    assert not wrong, "\n".join(f"{part} printed as {style}: {line[:60]}" for line, style, part in wrong)
    # normalising digits above must not hide Arabic digits: the letter is written in Thai digits
    arabic = [text for _, text in rendered if re.search(r"[0-9]", text)]
    assert not arabic, arabic


@pytest.mark.seeds
@pytest.mark.parametrize("sample", ["circular-chiang-rai-2562.yaml", "supervision-plan-2567.yaml"])
def test_seed_sample_motto_matches(sample, seed_text):
    seed_name, corrections = CASES[sample]
    archive = zipfile.ZipFile(io.BytesIO(render(REPO / "samples" / "letters" / sample, attachments=False)))
    footer = normalise(re.sub(r"<[^>]+>", " ", archive.read("word/footer_first.xml").decode()))
    seed = normalise(seed_text(seed_name))
    for pattern, replacement in corrections:
        seed = re.sub(pattern, replacement, seed)
    assert footer, "the motto is printed in the first page's footer"
    assert footer in seed
