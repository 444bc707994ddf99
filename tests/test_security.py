"""Portal data is hostile (issue 12): each test here is an attack that once worked.

Anything a portal passes through ``thaidoc.render(data)``, ``render_many`` rows or a name
pattern may come from a stranger: it never names server files outside a granted folder, is
never run as a template, and cannot make thaidoc spend unbounded time or memory. Only
``ThaidocError`` escapes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import announcement_template

import thaidoc
from thaidoc.errors import DataError
from thaidoc.render.batch import NamePattern

REPO = Path(__file__).resolve().parents[1]
LETTER = REPO / "samples/batch/circular.yaml"
ROW = {"district": "เทิง", "recipient.name": "นายอำเภอเทิง", "amounts.allocation": "265,080"}


# -- 5. name patterns: field names and simple specs only ------------------------------------------

@pytest.mark.parametrize("pattern", [
    "{recipient.__init__.__globals__[re].enum.sys.modules[os].environ[HOME]}.docx",
    "{district.__class__}.docx",
    "{seq!r}.docx",
    "{seq:{district}}.docx",
])
def test_a_name_pattern_cannot_reach_python_attributes(pattern):
    with pytest.raises(DataError, match="--name"):
        NamePattern(pattern)
    with pytest.raises(DataError):
        list(thaidoc.render_many(LETTER, [ROW], key=pattern))


def test_a_name_pattern_cannot_pad_to_gigabytes():
    with pytest.raises(DataError, match="width of 1500000000"):
        list(thaidoc.render_many(LETTER, [ROW], key="{seq:>1500000000}"))


def test_name_patterns_keep_thai_fields_indexes_and_simple_specs():
    pattern = NamePattern("{seq:03d}-{อำเภอ}-{enclosures[0].title:.4}-{amount:>8}.docx")
    data = {"อำเภอ": "เชียงของ", "enclosures": [{"title": "แบบรายงาน"}], "amount": "1,000"}
    assert pattern.format(7, 8, data) == "007-เชียงของ-แบบร- 1,000.docx"  # spaces collapse in names


# -- 6. the data-text template cache is bounded by size, not by entries -------------------------

def test_the_data_text_cache_is_bounded_by_the_size_of_its_texts():
    from thaidoc.render import _TEXT_TEMPLATES as cache
    from thaidoc.render import prepare_context

    base = thaidoc.load_document(REPO / "samples/letters/memo-training-budget.yaml")
    for index in range(60):  # 60 different 100,000-character paragraphs: 6 million characters
        text = f"{index} " + "ก" * 100_000 + " {{ amounts.training | baht }}"
        document = base.model_copy(update={"subject": text})
        assert prepare_context(document)["subject"].endswith("๖,๓๐๐")
        assert cache.chars <= cache.max_chars
    assert cache.chars > 0  # texts of this size are still kept


# -- 1. files named by data stay in the granted folder; every read is bounded ---------------------

def announcement(**changes):
    data = {"kind": "announcement", "issuer": "จังหวัดเชียงราย", "subject": "ทดสอบ", "date": "2024-04-01",
            "body": ["ข้อความ"], "signer": {"name": "นายก ข", "position": "ผู้ว่าราชการจังหวัดเชียงราย"}}
    data.update(changes)
    return data


def tiny_png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 2, 3, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x00\x00" * 3))
            + chunk(b"IEND", b""))


@pytest.mark.parametrize("path", ["/etc/passwd", "/etc/no-such-file", "/dev/zero", "crest.png"])
def test_a_mapping_names_no_file_at_all(path):
    with pytest.raises(DataError, match="may not name files") as info:
        thaidoc.render(announcement(emblem=path))
    assert info.value.location == "emblem"


def test_data_names_files_only_inside_its_folder_and_cannot_probe_outside(tmp_path):
    folder = tmp_path / "letters"
    folder.mkdir()
    (folder / "crest.png").write_bytes(tiny_png())
    (tmp_path / "secret.png").write_bytes(tiny_png())
    (folder / "link.png").symlink_to(tmp_path / "secret.png")
    messages = set()
    for name in ["../secret.png", "../no-such.png", str(tmp_path / "secret.png"), "/etc/passwd", "/dev/zero",
                 "link.png", "sub/../../secret.png"]:
        letter = folder / "letter.yaml"
        letter.write_text(yaml_of(announcement(emblem=name)), encoding="utf-8")
        with pytest.raises(DataError) as info:
            thaidoc.render(letter)
        assert info.value.location == "emblem"
        messages.add(info.value.message)
    assert len(messages) == 1  # an existing and a missing file outside give the same answer
    letter.write_text(yaml_of(announcement(emblem="crest.png")), encoding="utf-8")
    assert thaidoc.render(letter)[:2] == b"PK"
    # the caller may grant a mapping a folder
    assert thaidoc.render(announcement(emblem="crest.png"), base_dir=folder)[:2] == b"PK"
    with pytest.raises(DataError, match="inside the data's folder"):
        thaidoc.render(announcement(emblem="../secret.png"), base_dir=folder)


def yaml_of(data):
    import json

    return json.dumps(data, ensure_ascii=False)  # JSON is YAML


def test_files_are_read_bounded_never_a_device_or_a_pipe(tmp_path):
    import os

    from thaidoc.errors import RenderError

    os.mkfifo(tmp_path / "pipe.png")
    for path in ["/dev/zero", tmp_path / "pipe.png"]:  # a pipe would block, /dev/zero never ends
        with pytest.raises(RenderError, match="not a regular file"):
            thaidoc.render(announcement(), emblem=path)
    letter = tmp_path / "letter.yaml"
    letter.write_text(yaml_of(announcement(emblem="pipe.png")), encoding="utf-8")
    with pytest.raises(RenderError, match="not a regular file"):
        thaidoc.render(letter)
    with pytest.raises(DataError, match="not a regular file"):
        thaidoc.render(tmp_path / "pipe.png")


def test_a_workbook_named_by_data_follows_the_same_rule(tmp_path):
    folder = tmp_path / "forms"
    folder.mkdir()
    form = folder / "sheet.yaml"
    form.write_text("kind: expense-sheet\nheading: x\nbudget: ../budget.xlsx\n", encoding="utf-8")
    with pytest.raises(DataError, match="inside the data's folder") as info:
        thaidoc.check(form)
    assert info.value.location == "budget"


# -- 2. a caller's data and a row are text; templates are bounded --------------------------------

def document_text(docx: bytes) -> str:
    import io
    import zipfile

    from lxml import etree

    xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml")
    return "".join(etree.fromstring(xml).itertext())


def test_a_callers_data_is_printed_as_given_unless_the_caller_opts_in():
    data = announcement(subject="นายอำเภอ{{ 6*7 }}", body=["{{ 7**64**64**64**64 }} {% if 1 %}x{% endif %}"])
    text = document_text(thaidoc.render(data))
    assert "นายอำเภอ{{ 6*7 }}" in text and "{{ 7**64**64**64**64 }} {% if 1 %}x{% endif %}" in text
    opted = document_text(thaidoc.render(announcement(subject="นายอำเภอ{{ 6*7 }}"), text_templates=True))
    assert "นายอำเภอ42" in opted
    document = thaidoc.load_document(data)
    assert not document.text_templates
    assert thaidoc.load_document(REPO / "samples/letters/memo-training-budget.yaml").text_templates


def test_a_row_is_printed_as_given_while_the_letters_own_text_is_expanded():
    row = {**ROW, "recipient.name": "นายอำเภอ{{ 6*7 }}", "district": "เทิง{{ 6*7 }}{% if 1 %}x{% endif %}"}
    [(_, docx)] = thaidoc.render_many(LETTER, [row])
    text = document_text(docx)
    assert "เรียน นายอำเภอ{{ ๖*๗ }}" in text  # the row's value as typed (digits in the letter's style)
    assert "ให้อำเภอเทิง{{ 6*7 }}{% if 1 %}x{% endif %}" in text  # a row-only field through the letter's {{ district }}
    assert "๒๖๕,๐๘๐" in text  # the letter's own {{ amounts.allocation | baht }}


def test_a_rows_braces_do_not_leak_into_errors():
    row = {**ROW, "amounts.allocation": "{{ 6*7 }}"}
    with pytest.raises(DataError) as info:
        list(thaidoc.render_many(LETTER, [row]))
    assert "{{ 6*7 }}" in str(info.value) and "\ufdd0" not in str(info.value)


def test_a_csv_cell_is_text_in_a_batch(tmp_path):
    import subprocess
    import sys
    import zipfile

    rows = tmp_path / "rows.csv"
    rows.write_text("district,recipient.name,amounts.allocation\nเทิง,นายอำเภอ{{ 6*7 }},\"1,000\"\n", encoding="utf-8")
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "thaidoc", "batch", str(LETTER), str(rows), "-o", str(out), "-q"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    (docx,) = out.glob("*.docx")
    xml = zipfile.ZipFile(docx).read("word/document.xml").decode()
    assert "นายอำเภอ{{ ๖*๗ }}" in xml


@pytest.mark.parametrize(("text", "says"), [
    ("{{ 7**64**64**64**64 }}", "2**1024"),
    ("{{ 2**64**64**64**64**64 }}", "2**1024"),
    ("{{ " + " * ".join(["2**60"] * 20) + " }}", "2**1024"),
    ("{{ ''.join }}", "function cannot be printed"),
    ("{{ amounts.x.as_tuple }}", "function cannot be printed"),
])
def test_data_text_its_author_wrote_is_bounded_too(text, says):
    from thaidoc.errors import TemplateError

    with pytest.raises(TemplateError, match=re.escape(says)) as info:
        thaidoc.render(announcement(amounts={"x": "1"}, body=[text]), text_templates=True)
    assert "0x" not in str(info.value)


import re  # noqa: E402


def template_with(text: str | bytes) -> bytes:
    """The bundled announcement template with its body replaced by one paragraph of ``text``."""
    return announcement_template(text if isinstance(text, bytes) else text.encode())


@pytest.mark.parametrize(("template", "says"), [
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "steps"),
    ("{% set ns = namespace(s='ab') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}", "~"),
    ("{% set ns = namespace(s='ab') %}{% for i in range(60) %}{% set ns.s = ns.s + ns.s %}{% endfor %}", "+"),
    ("{{ ('x' * 100000) | replace('', 'y' * 1000) }}", "replace"),
    ("{{ ('x' * 1000).replace('', 'y' * 1000) }}", "replace"),
    ("{{ ('y' * 50000).join('x' * 100) }}", "join"),
    ("{{ ('y' * 50000) | join('x' * 1000) }}", "join"),
    ("{% set a = ['x'] * 40000 %}{{ [a, a, a, a, a, a, a, a, a, a, a, a, a, a, a] | sum(start=[]) }}", "sum"),
    ("{{ 7**64**64**64**64 }}", "2**1024"),
    ("{{ ''.join }}", "function cannot be printed"),
    ("{{ range }}", "function cannot be printed"),
    ("{{ subject | attr('upper') }}", "function cannot be printed"),
    ("{{ 1/0 }}", "division by zero"),
    ("{% include 'other.xml' %}", "include, import or extend"),
    ("{% import 'other.xml' as x %}", "include, import or extend"),
    ("{% extends 'other.xml' %}", "include, import or extend"),
    ("{{ subject | tojson }}{{ signer | tojson }}", "JSON"),
    ("{{ ('ab ' * 30000) | wordwrap(1) }}", "wordwrap"),
    ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "recursion"),
    ("{{ range(10**9) | list }}", "Range too big"),
])
def test_user_templates_fail_cleanly_within_bounds(template, says):
    from thaidoc.errors import TemplateError
    from thaidoc.render.engine import PreparedTemplate

    with pytest.raises(TemplateError, match=re.escape(says)) as info:
        prepared = PreparedTemplate.from_bytes(template_with(template), name="evil.docx")
        prepared.render({"subject": "x", "signer": object(), "digits": "thai"})
    assert info.value.source == "evil.docx" and "0x" not in str(info.value)


def test_a_template_part_that_is_not_utf8_is_a_template_error():
    from thaidoc.errors import TemplateError
    from thaidoc.render.engine import PreparedTemplate

    data = template_with(b"\xff\xfe")
    with pytest.raises(TemplateError, match="not UTF-8"):
        PreparedTemplate.from_bytes(data, name="bad.docx")


def test_templates_still_loop_call_and_join_modestly():
    from thaidoc.render.engine import PreparedTemplate

    prepared = PreparedTemplate.from_bytes(template_with(
        "{% for i in range(3) %}{{ loop.index }}{{ loop.cycle('a', 'b') }}{% endfor %}|{{ [1, 2] | join(',') }}|"
        "{{ 'a b'.replace('a', 'c') }}|{{ subject.upper() }}|{{ 'x' ~ 2 }}|{{ 2**64 }}|{{ [1] + [2] }}"), name="ok.docx")
    text = document_text(prepared.render({"subject": "s", "digits": "thai", "secrecy_text": "", "motto_text": ""}))
    assert "1a2b3a|1,2|c b|S|x2|18446744073709551616|[1, 2]" in text


# -- 4. readers: workbooks that inflate, relationships that repeat ------------------------------

def rezipped(source, changes):
    """The zip at ``source`` with some entries replaced (name -> bytes)."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in original.infolist():
            out.writestr(info.filename, changes.get(info.filename, original.read(info)))
    return buffer.getvalue()


WORKBOOK = REPO / "samples/forms/corrected/budget-3.1.1.xlsx"
ROWS_XLSX = REPO / "samples/batch/districts.xlsx"


def first_sheet(path) -> str:
    import zipfile

    return next(n for n in zipfile.ZipFile(path).namelist() if n.startswith("xl/worksheets/sheet"))


def test_a_workbook_that_inflates_is_refused_before_it_is_parsed(tmp_path):
    import zipfile

    from thaidoc.render.batch import read_rows

    sheet = first_sheet(ROWS_XLSX)
    xml = zipfile.ZipFile(ROWS_XLSX).read(sheet)
    padded = xml.replace(b"<sheetData>", b"<sheetData>" + b" " * 20_000_000)  # 20 MB that deflate to 20 KB
    bomb = tmp_path / "rows.xlsx"
    bomb.write_bytes(rezipped(ROWS_XLSX, {sheet: padded}))
    with pytest.raises(DataError, match="zip bomb"):
        list(read_rows(bomb))
    budget = tmp_path / "budget.xlsx"
    sheet = first_sheet(WORKBOOK)
    xml = zipfile.ZipFile(WORKBOOK).read(sheet)
    budget.write_bytes(rezipped(WORKBOOK, {sheet: xml.replace(b"<sheetData>", b"<sheetData>" + b" " * 20_000_000)}))
    with pytest.raises(DataError, match="zip bomb"):
        thaidoc.check(budget)


def test_a_workbook_that_would_unpack_past_the_limit_is_refused(tmp_path, monkeypatch):
    import thaidoc.model.xlsx as xlsx
    from thaidoc.render.batch import read_rows

    monkeypatch.setattr(xlsx, "MAX_UNPACKED_BYTES", 20_000)  # the sample unpacks to 22,729 bytes
    with pytest.raises(DataError, match="unpack to too much"):
        list(read_rows(ROWS_XLSX))


def test_a_truncated_or_damaged_sheet_is_a_data_error(tmp_path):
    import zipfile

    from thaidoc.render.batch import read_rows

    sheet = first_sheet(ROWS_XLSX)
    xml = zipfile.ZipFile(ROWS_XLSX).read(sheet)
    broken = tmp_path / "rows.xlsx"
    broken.write_bytes(rezipped(ROWS_XLSX, {sheet: xml[: len(xml) // 2]}))
    with pytest.raises(DataError, match="damaged"):
        list(read_rows(broken))
    sheet = first_sheet(WORKBOOK)
    xml = zipfile.ZipFile(WORKBOOK).read(sheet)
    budget = tmp_path / "budget.xlsx"
    budget.write_bytes(rezipped(WORKBOOK, {sheet: xml[: len(xml) // 2]}))
    with pytest.raises(DataError, match="damaged"):
        thaidoc.check(budget)


def docx_with_headers(references: int) -> bytes:
    """A letter whose main part points ``references`` times at one header part."""
    import io
    import zipfile

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    header_type = r + "/header"
    rels = "".join(f'<Relationship Id="rId{i}" Type="{header_type}" Target="header1.xml"/>' for i in range(references))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        out.writestr("word/document.xml", f'<w:document xmlns:w="{w}"><w:body><w:p><w:r><w:t>ที่ ชร ๐๐๑๙/๑</w:t>'
                                          "</w:r></w:p></w:body></w:document>")
        out.writestr("word/_rels/document.xml.rels",
                     f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}'
                     "</Relationships>")
        out.writestr("word/header1.xml", f'<w:hdr xmlns:w="{w}">' + "<w:p><w:r><w:t>หัวกระดาษ</w:t></w:r></w:p>" * 2000
                     + "</w:hdr>")
    return buffer.getvalue()


def test_each_part_of_a_docx_is_read_once_however_often_it_is_referenced():
    from thaidoc.read.extract import extract

    document = extract(docx_with_headers(1_900), name="many.docx")
    assert len(document.headers) == 1


def corrupt_deflate(docx: bytes, part: str) -> bytes:
    """The .docx with the deflate stream of ``part`` damaged (its sizes and name intact)."""
    import io
    import zipfile

    info = zipfile.ZipFile(io.BytesIO(docx)).getinfo(part)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data = bytearray(docx)
    for offset in range(start + 2, start + min(info.compress_size, 40)):
        data[offset] ^= 0x5A
    return bytes(data)


def test_a_docx_with_a_corrupt_deflate_stream_is_a_read_error(tmp_path):
    import subprocess
    import sys

    from thaidoc.errors import ReadError, TemplateError
    from thaidoc.read.extract import extract
    from thaidoc.render.engine import PreparedTemplate

    letter = thaidoc.render(REPO / "samples/letters/memo-training-budget.yaml")
    broken = corrupt_deflate(letter, "word/document.xml")
    with pytest.raises(ReadError):
        extract(broken, name="broken.docx")
    with pytest.raises(TemplateError, match="damaged|not a .docx"):
        PreparedTemplate.from_bytes(broken, name="broken.docx")
    path = tmp_path / "broken.docx"
    path.write_bytes(broken)
    result = subprocess.run([sys.executable, "-m", "thaidoc", "check", str(path)], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


# -- crashes that are now clean errors ----------------------------------------------------------

@pytest.mark.parametrize(("text", "suffix", "says"), [
    ("[" * 100_000 + "]" * 100_000, ".json", "nests too deeply"),
    ('{"kind": ' + "[" * 200 + "]" * 200 + "}", ".json", "nests too deeply"),
    ('{"a": ' + "1" * 5000 + "}", ".json", "4300 digits"),
    ("a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)), ".yaml", "alias bomb"),
    ("a: &a [*a]\n", ".yaml", "refers to itself"),
])
def test_hostile_data_files_are_data_errors(tmp_path, text, suffix, says):
    path = tmp_path / f"data{suffix}"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=re.escape(says)):
        thaidoc.load_document(path)


def test_yaml_aliases_in_moderation_still_load():
    from thaidoc.data import parse_data_text

    assert parse_data_text("a: &s {name: ก}\nb: *s\nc: [*s, *s]\n") == {
        "a": {"name": "ก"}, "b": {"name": "ก"}, "c": [{"name": "ก"}, {"name": "ก"}]}


def test_a_size_refusal_states_the_size_exactly(tmp_path):
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:
        handle.truncate(21_000_000)
    with pytest.raises(DataError) as info:
        thaidoc.load_document(path)
    assert info.value.expected == "at most 20 MiB" and info.value.found == "21,000,000 bytes (20.03 MiB)"


def test_two_hundred_thousand_unknown_keys_give_a_short_message():
    data = {**announcement(), **{f"k{i}": i for i in range(200_000)}}
    with pytest.raises(DataError) as info:
        thaidoc.load_document(data)
    lines = str(info.value).splitlines()
    assert len(lines) <= 12 and "200,000 problems" in lines[0] and "and 199,990 more" in lines[-1]


def test_an_unwritable_output_is_one_line_and_exit_2(tmp_path):
    import subprocess
    import sys

    target = tmp_path / "no-such-folder-file"
    target.write_text("x")  # a file where the output's folder should be
    result = subprocess.run([sys.executable, "-m", "thaidoc", "render", str(REPO / "samples/letters/memo-training-budget.yaml"),
                             "-o", str(target / "out.docx")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "cannot read or write" in result.stderr


def test_a_full_disk_is_one_line_and_exit_2(tmp_path, monkeypatch):
    import errno

    from click.testing import CliRunner

    import thaidoc.files
    from thaidoc.cli import main

    def no_space(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(thaidoc.files.os, "fsync", no_space)
    target = tmp_path / "memo.docx"
    result = CliRunner().invoke(main, ["render", str(REPO / "samples/letters/memo-training-budget.yaml"),
                                       "-o", str(target)])
    assert result.exit_code == 2, result.output
    assert "No space left on device" in result.output and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []  # nothing half-written


def test_an_issued_text_over_the_limit_states_its_size_exactly():
    from thaidoc.errors import ReadError
    from thaidoc.read.extract import extract

    with pytest.raises(ReadError) as info:
        extract("ก".encode() * 7_000_000, name="big.txt")  # 21,000,000 bytes of text, limit 20 MiB
    assert info.value.expected == "at most 20 MiB" and info.value.found == "21,000,000 bytes (20.03 MiB)"


def test_a_template_is_read_bounded_too():
    from thaidoc.errors import TemplateError

    with pytest.raises(TemplateError, match="not a regular file"):
        thaidoc.render(announcement(), template="/dev/zero")


def test_checking_a_data_file_checks_its_text_as_printed(tmp_path):
    letter = tmp_path / "letter.yaml"
    letter.write_text(yaml_of(announcement(amounts={"a": "1000"},
                                           body=["เป็นเงิน {{ amounts.a | baht }} บาท (หนึ่งร้อยบาทถ้วน)"])), encoding="utf-8")
    assert [f.code for f in thaidoc.check(letter)] == ["amount.words"]


def test_a_template_that_inflates_is_refused_before_it_is_read():
    from thaidoc.errors import TemplateError
    from thaidoc.render.engine import PreparedTemplate

    bomb = template_with(b" " * 30_000_000)  # 30 MB of spaces in the body: about 30 KB deflated
    with pytest.raises(TemplateError, match="zip bomb"):
        PreparedTemplate.from_bytes(bomb, name="bomb.docx")


def test_a_refused_emblem_names_the_data_file(tmp_path):
    letter = tmp_path / "letter.yaml"
    letter.write_text(yaml_of(announcement(emblem="/etc/passwd")), encoding="utf-8")
    with pytest.raises(DataError) as info:
        thaidoc.render(letter)
    assert str(info.value).startswith(f"{letter}: emblem: ไฟล์")


def test_a_callers_mapping_nested_too_deeply_is_a_data_error():
    deep: object = "ก"
    for _ in range(100_000):
        deep = [deep]
    for data in (announcement(body=deep), {**announcement(), "extra": deep}):
        with pytest.raises(DataError, match="nests too deeply"):
            thaidoc.render(data)
        with pytest.raises(DataError, match="nests too deeply"):
            thaidoc.check(data)


@pytest.mark.parametrize("field", ["signer.position", "signer.name"])
def test_a_blank_signer_is_a_data_error_not_a_crash(field):
    # found by tests/test_fuzz.py: a row with an empty signer.position crashed (IndexError) on a
    # letter signed ปฏิบัติราชการแทน
    with pytest.raises(DataError) as info:
        list(thaidoc.render_many(LETTER, [{**ROW, field: " "}]))
    assert info.value.location == f"row 1, {field}"


def test_an_enclosure_file_follows_the_one_rule_for_files_named_by_data(tmp_path):
    from thaidoc.data import load_data

    letter = load_data(REPO / "samples/letters/circular-chiang-rai-2562.yaml")
    letter["enclosures"] = [{"title": "แผน", "file": "../plan.yaml"}]
    with pytest.raises(DataError, match="may not name files") as info:
        thaidoc.load_document(letter)
    assert info.value.location == "enclosures[0].file"
    with pytest.raises(DataError, match="inside the data's folder") as info:
        thaidoc.load_document(letter, base_dir=tmp_path)
    assert str(tmp_path) not in str(info.value)  # the server's folder is not told
