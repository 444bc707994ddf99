"""The package's own promises: errors read well, output is written atomically, data loading
reports the file and the place, and the CLI starts without heavy imports."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from thaidoc.data import load_data, parse_data_text
from thaidoc.errors import DataError, ThaidocError
from thaidoc.files import TEMP_PREFIX, write_atomic


def test_error_message_names_file_location_expected_found():
    err = ThaidocError("bad", source="a.yaml", location="x", expected="E", found="F")
    assert str(err) == "a.yaml: x: bad (expected E; found F)"
    err2 = ThaidocError("bad", location="date").with_context(source="b.yaml", location="references[1]")
    assert str(err2) == "b.yaml: references[1].date: bad"


def test_write_atomic_leaves_no_temp_file_on_failure(tmp_path):
    target = tmp_path / "out.docx"
    target.write_bytes(b"old")

    class Boom(Exception):
        pass

    from thaidoc.files import atomic_output

    with pytest.raises(Boom):
        with atomic_output(target) as handle:
            handle.write(b"half")
            raise Boom
    assert target.read_bytes() == b"old"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(TEMP_PREFIX)]
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"


def test_yaml_syntax_error_names_file_and_line(tmp_path):
    bad = tmp_path / "letter.yaml"
    bad.write_text("subject: ok\nsigner: [unclosed\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_data(bad)
    assert str(bad) in str(info.value)
    assert "line" in (info.value.location or "")


def test_top_level_must_be_mapping():
    with pytest.raises(DataError, match="mapping"):
        parse_data_text("- a\n- b\n")
    with pytest.raises(DataError, match="JSON"):
        parse_data_text("{bad", suffix=".json")
    assert parse_data_text(json.dumps({"a": 1}), suffix=".json") == {"a": 1}


def test_cli_help_does_not_import_heavy_modules():
    code = (
        "import sys\n"
        "from thaidoc.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('pythainlp', 'docx', 'docxtpl', 'lxml', 'openpyxl') if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "Commands" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "HEAVY="


def test_cli_version():
    result = subprocess.run([sys.executable, "-m", "thaidoc", "--version"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "thaidoc" in result.stdout


def test_yaml_figures_arrive_as_decimal_and_dates_as_text():
    from decimal import Decimal

    data = parse_data_text("rate: 18300.50\ndue: 2024-02-30\nok: 2024-04-17\ncount: 8780\n")
    assert data == {"rate": Decimal("18300.50"), "due": "2024-02-30", "ok": "2024-04-17", "count": 8780}
    assert parse_data_text('{"rate": 0.1}', suffix=".json") == {"rate": Decimal("0.1")}


def test_impossible_date_in_yaml_is_reported_against_its_field(tmp_path):
    from thaidoc.model import load_document

    letter = tmp_path / "memo.yaml"
    starter = subprocess.run(
        [sys.executable, "-m", "thaidoc", "new", "memo"], check=True, capture_output=True, text=True
    ).stdout
    import re

    letter.write_text(re.sub(r"(?m)^date: .*$", "date: 2024-02-30", starter), encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_document(letter)
    assert info.value.location == "date"
    assert str(letter) in str(info.value)


@pytest.mark.parametrize("text, suffix, where", [
    ("subject: a\nbody: [x]\nsubject: b\n", ".yaml", "line 3"),
    ("signer:\n  name: a\n  name: b\n", ".yaml", "line 3"),
    ('{"subject": "a", "subject": "b"}', ".json", None),
])
def test_a_key_typed_twice_is_refused_not_silently_replaced(text, suffix, where):
    with pytest.raises(DataError, match="twice") as info:
        parse_data_text(text, source="letter" + suffix, suffix=suffix)
    assert info.value.location == where
    assert "letter" + suffix in str(info.value)


@pytest.mark.parametrize("text", ["", "\n", "# only a comment\n"])
def test_an_empty_file_says_so(text):
    with pytest.raises(DataError, match="the file is empty"):
        parse_data_text(text)


@pytest.mark.parametrize("value, message", [
    ("2024-02-30", "no such date: February 2024 has 29 days"),
    ("2023-02-29", "no such date: February 2023 has 28 days"),
    ("2024-04-31", "no such date: April 2024 has 30 days"),
    ("2024-13-01", "no such date: there is no month 13"),
    ("2567-02-30", "no such date: February 2024 has 29 days"),  # a พ.ศ. year: the calendar of 2024
    ("20/2/25x2", "not a date"),
])
def test_an_impossible_date_is_explained_in_plain_words(value, message):
    from thaidoc.model import load_document

    letter = {"kind": "memo", "department": "สำนักงาน", "number": {"office": "ฉช 0019.2"}, "date": value,
              "subject": "ทดสอบ", "recipient": "พัฒนาการจังหวัด", "body": ["ข้อความ"],
              "signer": {"name": "ก", "position": "ข"}}
    with pytest.raises(DataError) as info:
        load_document(letter, source="memo.yaml")
    assert info.value.location == "date"
    thai, english = info.value.message.split(" / ")  # Thai first, then English
    assert english == message and thai.startswith("ไม่")
    assert "ISO date" in (info.value.expected or "")
