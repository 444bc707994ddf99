"""The rendering engine: sandbox, strict undefined, escaping, emblem and font settings, threads."""

from __future__ import annotations

import io
import struct
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from lxml import etree

from thaidoc.errors import RenderError, TemplateError
from thaidoc.render import render as render_data
from thaidoc.render import render_to_file
from thaidoc.render.emblem import ENV_VAR, Emblem
from thaidoc.render.engine import PreparedTemplate

REPO = Path(__file__).resolve().parents[1]
ANNOUNCEMENT = REPO / "templates" / "letters" / "announcement.docx"


def render(data, **options):
    """These tests are about text its author wrote: its {{ }} are expanded (a mapping's are
    not by default; see tests/test_security.py)."""
    return render_data(data, text_templates=True, **options)


def announcement(**changes):
    data = {"kind": "announcement", "issuer": "จังหวัดเชียงราย", "subject": "ทดสอบ", "date": "2024-04-01",
            "body": ["ข้อความ"], "signer": {"name": "นายก ข", "position": "ผู้ว่าราชการจังหวัดเชียงราย"}}
    data.update(changes)
    return data


def with_body(text: str) -> bytes:
    """The announcement template with its document body replaced by one paragraph of ``text``."""
    source = zipfile.ZipFile(ANNOUNCEMENT)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                xml = data.decode()
                start, end = xml.index("<w:body>") + len("<w:body>"), xml.index("<w:sectPr>")
                data = (xml[:start] + f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'
                        + xml[end:]).encode()
            out.writestr(info, data)
    return buffer.getvalue()


def document_text(docx: bytes) -> str:
    xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml")
    return "".join(etree.fromstring(xml).itertext())  # parses: the XML is well formed


@pytest.mark.parametrize("attack", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ subject.__class__ }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ signer.__init__.__globals__ }}",
])
def test_user_templates_render_in_a_sandbox(attack):
    template = PreparedTemplate.from_bytes(with_body(attack), name="evil.docx")
    with pytest.raises(TemplateError) as info:
        template.render({"subject": "x", "signer": object(), "digits": "thai"})
    assert info.value.source == "evil.docx"
    assert "unsafe" in str(info.value)


@pytest.mark.parametrize("bomb", ["{{ 'x' * 10**9 }}", "{{ 2 ** 100000000 }}", "{{ [1] * 1000000 }}"])
def test_expressions_cannot_build_huge_values(bomb):
    with pytest.raises(TemplateError) as info:
        render(announcement(body=[bomb]))
    assert "unsafe" in str(info.value)


@pytest.mark.parametrize("bomb", ["{{ '%300000000d' % 1 }}", "{{ '%*d' % (300000000, 1) }}",
                                  "{{ '%.300000000f' % 1 }}", "{{ 'ab' | center(300000000) }}",
                                  "{{ 'ab' | indent(300000000, true) }}", "{{ '%300000000s' | format(1) }}",
                                  "{{ '{:>300000000}'.format(1) }}", "{{ 'x'.ljust(300000000) }}"])
def test_templates_cannot_pad_to_huge_widths(bomb):
    template = PreparedTemplate.from_bytes(with_body(bomb), name="wide.docx")
    with pytest.raises(TemplateError) as info:
        template.render({"digits": "thai", "secrecy_text": ""})
    assert "unsafe" in str(info.value) and "wide.docx" in str(info.value)


def test_templates_may_still_format_and_pad_modestly():
    template = PreparedTemplate.from_bytes(with_body("{{ '%05d' % 42 }}|{{ 'ab' | center(6) }}|"
                                                     "{{ '%s-%s' | format(1, 2) }}|{{ 7 % 3 }}"), name="t.docx")
    assert "00042|  ab  |1-2|1" in document_text(template.render({"digits": "thai", "secrecy_text": "", "motto_text": ""}))


@pytest.mark.parametrize(("text", "word"), [
    ("{% for i in range(9) %}x{% endfor %}", "loops"),
    ("{% for a in 'xy' %}{% for b in 'xy' %}.{% endfor %}{% endfor %}", "loops"),
    ("{{ lipsum(9) }}", "calls"),
    ("{{ ('x' * 999).replace('', 'y' * 999) }}", "calls"),
    ("{% set x = 1 %}{{ x }}", "assignments"),
    ("{{ 'ab' | center(80) }}", "filter 'center'"),
    ("{{ '-' * 5000 }}", "repetition"),
])
def test_data_text_is_expressions_only(text, word):
    """Data text comes from whoever fills in the form (a portal's users): no loops, calls or
    assignments, so rendering it takes time and memory bounded by its length."""
    with pytest.raises(TemplateError) as info:
        render(announcement(body=[text]))
    assert info.value.location == "body[0]" and word in str(info.value)


def test_data_text_keeps_expressions_conditions_and_arithmetic():
    docx = render(announcement(amounts={"a": "1000"}, body=[
        "{{ (amounts.a * 2) | baht }} {{ 'มาก' if amounts.a > 500 else 'น้อย' }} {{ amounts.a | bahttext }}"
        " {% if amounts.a %}มี{% else %}ไม่มี{% endif %} {{ '-' * 3 }} {{ date | thai_date('weekday') }}"]))
    assert "๒,๐๐๐ มาก หนึ่งพันบาทถ้วน มี --- วันจันทร์ที่ ๑ เมษายน ๒๕๖๗" in document_text(docx)


def test_expressions_in_data_text_render_in_the_sandbox_too():
    with pytest.raises(TemplateError) as info:
        render(announcement(body=["{{ amounts.__class__.__mro__ }}"]))
    assert "body" in str(info.value)


def test_a_missing_field_is_an_error_naming_the_field_and_the_template():
    template = PreparedTemplate.from_bytes(with_body("{{ signer_title }}"), name="mine.docx")
    with pytest.raises(TemplateError) as info:
        template.render({"digits": "thai"})
    assert "signer_title" in str(info.value) and "mine.docx" in str(info.value)
    nested = PreparedTemplate.from_bytes(with_body("{{ owner.fax }}"), name="mine.docx")
    with pytest.raises(TemplateError) as info:
        nested.render({"owner": {}, "digits": "thai"})
    assert "'owner.fax'" in str(info.value)  # the field as the template writes it


def test_a_missing_field_in_data_text_names_the_text():
    with pytest.raises(TemplateError) as info:
        render(announcement(body=["งบประมาณ {{ amounts.nosuch | baht }} บาท"]))
    assert "body[0]" in str(info.value) and "'amounts.nosuch'" in str(info.value)


def test_an_error_in_data_text_names_the_field_of_the_data():
    """Where the user wrote the text (body[1].items[0]), not the template's flattened line."""
    with pytest.raises(TemplateError) as info:
        render(announcement(body=["ก", {"text": "ข", "items": ["ค", {"text": "ง", "items": ["{{ nosuch }}"]}]}]))
    assert info.value.location == "body[1].items[1].items[0]"
    with pytest.raises(TemplateError) as info:
        render(announcement(subject="เรื่อง {{ nosuch }}"))
    assert info.value.location == "subject"


def test_docxtpl_literal_braces_in_a_template_and_braces_in_values():
    template = PreparedTemplate.from_bytes(with_body("{_{ literal }_} {{ subject }}"), name="t.docx")
    text = document_text(template.render({"subject": "%_} {_{", "digits": "thai", "secrecy_text": "",
                                          "motto_text": ""}))
    assert "{{ literal }} %_} {_{" in text


def test_a_broken_user_template_is_reported_not_raised_raw():
    with pytest.raises(TemplateError) as info:
        PreparedTemplate.from_bytes(with_body("{% for x in %}"), name="broken.docx")
    assert "broken.docx" in str(info.value)
    with pytest.raises(TemplateError):
        PreparedTemplate.from_bytes(b"not a zip at all", name="x.docx")


def test_ampersand_angle_brackets_and_control_characters_survive():
    subject = "R&D <ทดสอบ> \"quoted\" 'x'\x0bline\x07two\x00\x1f"
    docx = render(announcement(subject=subject, body=["A & B < C > D\tE"]))
    text = document_text(docx)
    assert "R&D <ทดสอบ> \"quoted\" 'x'" in text
    assert "linetwo" in text  # the bell and NUL are gone, the document still opens
    assert "A & B < C > D" in text
    xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode()
    assert "<w:br/>" in xml  # Word's pasted line break (\x0b) became a line break
    assert "<w:tab/>" in xml


def test_amounts_in_text_come_from_one_number():
    docx = render(announcement(amounts={"award": "160674400"},
                               body=["งบประมาณ {{ amounts.award | baht }} บาท ({{ amounts.award | bahttext }})"]))
    assert "งบประมาณ ๑๖๐,๖๗๔,๔๐๐ บาท (หนึ่งร้อยหกสิบล้านหกแสนเจ็ดหมื่นสี่พันสี่ร้อยบาทถ้วน)" in document_text(docx)


def test_date_filters_in_text():
    docx = render(announcement(dates={"due": "2025-01-24"}, body=["ภายใน{{ dates.due | thai_date('weekday') }} "
                                                                 "ปีงบประมาณ {{ dates.due | fiscal_year }}"]))
    assert "ภายในวันศุกร์ที่ ๒๔ มกราคม ๒๕๖๘ ปีงบประมาณ ๒๕๖๘" in document_text(docx)


def test_rendering_is_thread_safe_and_deterministic():
    documents = [announcement(subject=f"เรื่องที่ {n}") for n in range(24)]
    expected = [render(d) for d in documents]
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(render, documents * 4))
    assert results == expected * 4
    assert len(set(results)) == len(documents)
    assert all(zipfile.ZipFile(io.BytesIO(r)).testzip() is None for r in results)  # CRCs intact


def test_static_parts_are_built_once_per_emblem_and_font(tmp_path):
    template = PreparedTemplate.from_path(ANNOUNCEMENT)
    context = {"digits": "thai", "secrecy_text": "", "motto_text": "", "urgency_text": "", "issuer_text": "ก",
               "subject_text": "ข", "body_lines": [], "date_text": "ค", "signer_lines": []}
    first = template.render(context)
    assert template.render(context, font="TH SarabunPSK") != first
    assert template.render(context) == first
    (tmp_path / "e.jpg").write_bytes(tiny_jpeg(10, 10))
    with_emblem = template.render(context, emblem=Emblem.from_path(tmp_path / "e.jpg"))
    assert "word/media/emblem.jpeg" in zipfile.ZipFile(io.BytesIO(with_emblem)).namelist()
    assert template.render(context) == first


def test_prepared_template_renders_many_without_rereading(tmp_path):
    path = tmp_path / "t.docx"
    path.write_bytes(with_body("{{ subject }}"))
    template = PreparedTemplate.from_path(path)
    path.unlink()  # everything it needs is in memory
    context = {"subject": "ก & ข", "digits": "thai", "secrecy_text": "", "motto_text": ""}
    assert "ก & ข" in document_text(template.render(context))


@pytest.mark.parametrize(("font", "name"), [("psk", "TH SarabunPSK"), ("TH Sarabun New", "TH Sarabun New"),
                                            (None, "TH SarabunIT๙")])
def test_font_setting_changes_the_styles(font, name):
    styles = zipfile.ZipFile(io.BytesIO(render(announcement(), font=font))).read("word/styles.xml").decode()
    assert f'w:ascii="{name}" w:hAnsi="{name}" w:eastAsia="{name}" w:cs="{name}"' in styles
    if name != "TH SarabunIT๙":
        assert "SarabunIT" not in styles


def test_unknown_font_is_refused():
    with pytest.raises(RenderError) as info:
        render(announcement(), font="Angsana")
    assert "TH SarabunPSK" in str(info.value)


def tiny_jpeg(width: int, height: int) -> bytes:
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + b"\xff\xe0" + struct.pack(">H", 4) + b"\x00\x00" + sof + b"\xff\xd9"


def test_jpeg_emblem_gets_a_jpeg_part_and_its_own_aspect(tmp_path):
    path = tmp_path / "emblem.jpg"
    path.write_bytes(tiny_jpeg(200, 100))
    docx = render(announcement(), emblem=path)
    archive = zipfile.ZipFile(io.BytesIO(docx))
    assert archive.read("word/media/emblem.jpeg") == path.read_bytes()
    assert "word/media/emblem.png" not in archive.namelist()
    assert b'Target="media/emblem.jpeg"' in archive.read("word/_rels/document.xml.rels")
    xml = archive.read("word/document.xml").decode()
    assert f'cx="{2 * 1080000}" cy="1080000"' in xml


def test_emblem_from_data_relative_to_the_data_file_and_from_the_environment(tmp_path, monkeypatch):
    (tmp_path / "crest.jpg").write_bytes(tiny_jpeg(90, 100))
    data = tmp_path / "a.yaml"
    data.write_text("kind: announcement\nissuer: จ\nsubject: ส\ndate: 2024-04-01\nbody: [ก]\n"
                    "signer: {name: ก, position: ข}\nemblem: crest.jpg\n", encoding="utf-8")
    assert "word/media/emblem.jpeg" in zipfile.ZipFile(io.BytesIO(render(data))).namelist()
    (tmp_path / "env.jpg").write_bytes(tiny_jpeg(50, 100))
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "env.jpg"))
    xml = zipfile.ZipFile(io.BytesIO(render(announcement()))).read("word/document.xml").decode()
    assert 'cx="540000" cy="1080000"' in xml


def test_emblem_that_is_not_an_image_is_refused(tmp_path):
    path = tmp_path / "x.png"
    path.write_text("hello")
    with pytest.raises(RenderError):
        render(announcement(), emblem=path)
    assert Emblem.from_bytes(tiny_jpeg(3, 4)).width == 3


def test_render_to_file_leaves_nothing_on_error(tmp_path):
    target = tmp_path / "out.docx"
    with pytest.raises(TemplateError):
        render_to_file(announcement(body=["{{ nosuch }}"]), target, text_templates=True)
    assert list(tmp_path.iterdir()) == []
    render_to_file(announcement(), target)
    assert zipfile.ZipFile(target).testzip() is None


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PREPARED = PreparedTemplate.from_bytes(with_body("[{{ subject }}]"), name="property.docx")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_any_text_value_yields_a_readable_document_with_that_text(value):
    from thaidoc.render.engine import clean_text

    docx = _PREPARED.render({"subject": value, "digits": "thai", "secrecy_text": "", "motto_text": ""})
    xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml")
    root = etree.fromstring(xml)  # well-formed whatever the value held
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    text = "".join(t.text or "" for t in root.iter(f"{W}t"))
    # tabs and line breaks become <w:tab/> and <w:br/> elements, the rest is kept as typed
    expected = clean_text(value).replace("\t", "").replace("\n", "")
    assert f"[{expected}]" in text


def test_the_portal_api_type_checks_strictly(tmp_path):
    """``thaidoc.render(data) -> bytes`` as a portal's type checker sees it (mypy --strict)."""
    api = pytest.importorskip("mypy.api")
    portal = tmp_path / "portal.py"
    portal.write_text(
        "import thaidoc\n"
        "from thaidoc.render.engine import PreparedTemplate\n\n"
        "def letter(data: dict[str, object]) -> bytes:\n"
        "    return thaidoc.render(data, font='new')\n\n"
        "def many(template: PreparedTemplate, context: dict[str, object]) -> bytes:\n"
        "    return template.render(context)\n\n"
        "def wrong() -> str:\n"
        "    return thaidoc.render({})\n", encoding="utf-8")
    out, _, status = api.run(["--strict", "--follow-imports=silent", "--cache-dir", str(tmp_path / "cache"),
                              str(portal)])
    errors = [line for line in out.splitlines() if "error:" in line]
    # exactly the deliberate mistake: bytes returned where str is declared
    assert len(errors) == 1 and "portal.py:11" in errors[0] and '"bytes"' in errors[0], out
