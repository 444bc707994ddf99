"""Letter models: the registry, derived lines (salutations, numbering, dates), and data errors."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from thaidoc.errors import DataError
from thaidoc.model import KINDS, load_document
from thaidoc.model.common import SALUTATIONS, localise_digits

LETTER_KINDS = {"external-letter", "memo", "stamped-letter", "order", "announcement"}


def external(**changes):
    data = {
        "kind": "external-letter",
        "number": {"office": "ชร 0019.1", "number": 47, "circular": True},
        "sender": {"office": "ศาลากลางจังหวัดเชียงราย", "address": "ถนนแม่ฟ้าหลวง ชร 57100"},
        "date": "2019-02-20",
        "subject": "ทดสอบ",
        "recipient": "นายอำเภอ ทุกอำเภอ",
        "body": ["ข้อความ"],
        "signer": {"name": "นายภาสกร บุญญลักษม์", "position": "รองผู้ว่าราชการจังหวัด",
                   "acting": "ปฏิบัติราชการแทน", "principal": "ผู้ว่าราชการจังหวัดเชียงราย"},
    }
    data.update(changes)
    return data


def test_every_letter_kind_is_registered_with_a_template():
    assert LETTER_KINDS <= set(KINDS)
    for kind in LETTER_KINDS:
        assert KINDS[kind].template.startswith("letters/")
        assert KINDS[kind].model_fields["kind"].default == kind


def test_circular_number_date_and_sender_lines():
    context = load_document(external()).context()
    assert context["number_text"] == "ชร ๐๐๑๙.๑/ว ๔๗"
    assert context["date_text"] == "๒๐ กุมภาพันธ์ ๒๕๖๒"
    assert context["sender_lines"] == ["ศาลากลางจังหวัดเชียงราย", "ถนนแม่ฟ้าหลวง ชร ๕๗๑๐๐"]
    assert context["signer_lines"] == ["(นายภาสกร บุญญลักษม์)", "รองผู้ว่าราชการจังหวัด ปฏิบัติราชการแทน",
                                       "ผู้ว่าราชการจังหวัดเชียงราย"]


def test_non_circular_number_and_number_left_blank():
    assert load_document(external(number={"office": "มท 0808.2", "number": "12"})).context()["number_text"] \
        == "มท ๐๘๐๘.๒/๑๒"
    assert load_document(external(number={"office": "มท 0808.2", "circular": True})).context()["number_text"] \
        == "มท ๐๘๐๘.๒/ว"


@pytest.mark.parametrize("rank", sorted(SALUTATIONS))
def test_salutation_and_closing_follow_the_rank(rank):
    context = load_document(external(recipient={"name": "ผู้รับ", "rank": rank})).context()
    assert (context["salutation"], context["closing"]) == SALUTATIONS[rank]
    assert context["purpose_text"] == f"จึง{SALUTATIONS[rank][0]}มาเพื่อโปรดพิจารณา"


def test_rank_table_follows_the_regulation():
    assert SALUTATIONS["general"] == ("เรียน", "ขอแสดงความนับถือ")
    assert SALUTATIONS["highest"] == ("กราบเรียน", "ขอแสดงความนับถืออย่างยิ่ง")
    assert SALUTATIONS["monk"] == ("นมัสการ", "ขอนมัสการด้วยความเคารพ")


def test_salutation_override_wins_over_rank():
    recipient = {"name": "ผู้รับ", "rank": "highest", "salutation": "เรียน", "closing": "ขอแสดงความนับถือ"}
    context = load_document(external(recipient=recipient)).context()
    assert (context["salutation"], context["closing"]) == ("เรียน", "ขอแสดงความนับถือ")


def test_body_items_are_numbered_with_thai_digits():
    body = [{"text": "ดังนี้", "items": ["หนึ่ง", {"text": "สอง", "items": ["ก", {"text": "ข", "items": ["ค"]}]}]}]
    lines = load_document(external(body=body)).context()["body_lines"]
    assert [(line["level"], line["text"]) for line in lines] == [
        (0, "ดังนี้"), (1, "๑. หนึ่ง"), (1, "๒. สอง"), (2, "๒.๑ ก"), (2, "๒.๒ ข"), (3, "๒.๒.๑ ค")]


def test_references_and_enclosures():
    context = load_document(external(
        references=[{"text": "หนังสือจังหวัดฉะเชิงเทรา", "urgency": "ด่วนที่สุด", "number": "ฉช 0019/ว 325",
                     "date": "2020-01-17"}],
        enclosures=["งบหน้า", {"title": "แบบรายงาน", "quantity": 2, "unit": "ฉบับ"}, {"title": "แผนที่", "quantity": None}],
    )).context()
    assert context["reference_lines"] == [
        "หนังสือจังหวัดฉะเชิงเทรา ด่วนที่สุด ที่ ฉช ๐๐๑๙/ว ๓๒๕ ลงวันที่ ๑๗ มกราคม ๒๕๖๓"]
    rows = context["enclosure_rows"]
    assert [row["text"] for row in rows] == ["๑. งบหน้า", "๒. แบบรายงาน", "๓. แผนที่"]
    assert [row["quantity"].replace("\xa0", " ") for row in rows] == ["จำนวน ๑ ชุด", "จำนวน ๒ ฉบับ", ""]


def test_several_references_are_numbered_and_a_single_enclosure_is_not():
    ref = {"text": "หนังสือ", "number": "ก 1/2", "date": "2024-01-02"}
    context = load_document(external(references=[ref, ref], enclosures=["แผน"])).context()
    assert [line[:3] for line in context["reference_lines"]] == ["๑. ", "๒. "]
    assert context["enclosure_rows"][0]["text"] == "แผน"


def test_arabic_digits_setting():
    context = load_document(external(digits="arabic", body=["ภายใน ๗ วัน"])).context()
    assert context["number_text"] == "ชร 0019.1/ว 47"
    assert context["date_text"] == "20 กุมภาพันธ์ 2562"
    assert context["body_lines"][0]["text"] == "ภายใน 7 วัน"


def test_digits_inside_jinja_expressions_are_left_alone():
    assert localise_digits("ข้อ 2 {{ amounts.q2 | baht }} {% if 1 %}3{% endif %}") == \
        "ข้อ ๒ {{ amounts.q2 | baht }} {% if 1 %}๓{% endif %}"  # prose between tags is converted


def test_owner_lines_phone_and_fax():
    same = load_document(external(owner={"office": "สำนักงาน", "group": "กลุ่มงาน", "phone": "0 3851 1234",
                                         "fax": "0 3851 1234", "email": "a1@example.go.th"})).context()
    assert [line.replace("\xa0", " ") for line in same["owner_lines"]] == [
        "สำนักงาน", "กลุ่มงาน", "โทร./โทรสาร ๐ ๓๘๕๑ ๑๒๓๔", "ไปรษณีย์อิเล็กทรอนิกส์ a1@example.go.th"]


def test_order_and_announcement_dates_carry_pho_so():
    order = load_document({"kind": "order", "issuer": "จังหวัดเชียงราย", "number": 12, "date": "2024-04-01",
                           "subject": "แต่งตั้ง", "body": ["x"], "signer": {"name": "ก", "position": "ข"}})
    assert order.context()["number_text"] == "๑๒/๒๕๖๗"
    assert order.context()["date_text"] == "๑ เมษายน พ.ศ. ๒๕๖๗"


def test_amounts_are_decimals_and_computed_floats_are_refused():
    doc = load_document(external(amounts={"a": "160,674,400", "b": 18300, "c": "๑,๐๐๐.๕๐", "d": 18300.5}))
    assert doc.amounts == {"a": Decimal("160674400"), "b": Decimal(18300), "c": Decimal("1000.50"),
                           "d": Decimal("18300.5")}
    for bad in (0.1 + 0.2, "-5", "1.005"):
        with pytest.raises(DataError) as info:
            load_document(external(amounts={"a": bad}), source="x.yaml")
        assert info.value.location == "amounts.a"


def test_a_bad_amount_is_reported_once_with_what_was_expected():
    with pytest.raises(DataError) as info:
        load_document(external(amounts={"a": "318,27O"}), source="x.yaml")
    message = str(info.value)
    assert message == ("x.yaml: amounts.a: amount is not a number; expected a figure such as 160,674,000 "
                       "or ๑๖๐,๖๗๔,๐๐๐ (found '318,27O')")


MEMO = {"kind": "memo", "department": "สำนักงาน", "number": {"office": "ฉช 0019.2"}, "date": "2024-05-07",
        "subject": "ทดสอบ", "recipient": "พัฒนาการจังหวัด", "body": ["ข้อความ"], "signer": {"name": "ก", "position": "ข"}}


@pytest.mark.parametrize(("data", "location"), [
    (external(date="20/2/25x2"), "date"),
    (external(date="31/4/2567"), "date"),  # a Thai form that names no real day
    (external(references=[{"text": "ก", "number": "1", "date": "2020-13-01"}]), "references[0].date"),
    ({**MEMO, "date": "7 พ.ค. 2024"}, "date"),  # a Thai form's year is พ.ศ.
])
def test_a_bad_date_says_an_iso_date_is_expected(data, location):
    with pytest.raises(DataError) as info:
        load_document(data, source="x.yaml")
    assert info.value.location == location
    assert "ISO date" in info.value.expected


def test_salutation_and_closing_written_in_the_data_follow_the_digit_style():
    context = load_document(external(recipient={"name": "เจ้าคณะภาค 7", "rank": "monk",
                                                "closing": "ขอนมัสการด้วยความเคารพ 2"})).context()
    assert context["recipient_text"] == "เจ้าคณะภาค ๗"
    assert context["closing"] == "ขอนมัสการด้วยความเคารพ ๒"
    assert context["purpose_text"] == "จึงนมัสการมาเพื่อโปรดพิจารณา"


def test_acting_needs_a_principal():
    with pytest.raises(DataError) as info:
        load_document(external(signer={"name": "ก", "position": "ข", "acting": "รักษาราชการแทน"}), source="x.yaml")
    assert info.value.location == "signer"
    assert "principal" in str(info.value)


@pytest.mark.parametrize(("data", "location", "needle"), [
    ({"kind": "letter"}, "kind", "external-letter"),
    ({"subject": "x"}, "kind", "nothing"),
    (external(date="2019-02-30"), "date", "2019-02-30"),
    (external(urgency="ด่วนมากๆ"), "urgency", "ด่วนมากๆ"),
    (external(signer={"name": "ก"}), "signer.position", "รองผู้ว่าราชการจังหวัด"),
    (external(references=[{"text": "ก", "number": "1", "date": "2020-13-01"}]), "references[0].date", "2020-13-01"),
    (external(subjcet="typo"), "subjcet", "typo"),
])
def test_bad_data_names_the_file_and_the_field(data, location, needle):
    with pytest.raises(DataError) as info:
        load_document(data, source="letter.yaml")
    assert info.value.source == "letter.yaml"
    assert info.value.location == location
    assert needle in str(info.value)


def test_load_from_a_file_sets_the_source(tmp_path):
    path = tmp_path / "letter.yaml"
    path.write_text("kind: announcement\nissuer: จังหวัด\nsubject: ส\ndate: 2024-04-01\nbody: [ก]\n"
                    "signer: {name: ก, position: ข}\n", encoding="utf-8")
    doc = load_document(path)
    assert doc.source == str(path)
    assert doc.date == dt.date(2024, 4, 1)


def test_a_missing_part_in_a_file_is_reported_with_the_file(tmp_path):
    path = tmp_path / "memo.yaml"
    path.write_text("kind: memo\ndate: 2024-01-01\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_document(path)
    assert str(path) in str(info.value) and "department" in str(info.value)


def test_web_and_email_addresses_keep_their_digits():
    context = load_document(external(
        body=["แบบฟอร์ม 2 รายการ ที่ https://cdd.go.th/2567/form1.pdf หรือ saraban2@cdd.go.th ภายใน 7 วัน"],
        notes="ดาวน์โหลดได้ที่ www.cdd.go.th/2567")).context()
    assert context["body_lines"][0]["text"] == (
        "แบบฟอร์ม ๒ รายการ ที่ https://cdd.go.th/2567/form1.pdf หรือ saraban2@cdd.go.th ภายใน ๗ วัน")
    assert context["notes_text"] == "ดาวน์โหลดได้ที่ www.cdd.go.th/2567"


def test_several_problems_each_say_what_was_expected():
    with pytest.raises(DataError) as info:
        load_document({"kind": "memo", "date": "2024-05-07"}, source="memo.yaml")
    lines = str(info.value).splitlines()
    assert lines[0] == "memo.yaml: 6 problems:"
    assert "  subject: Field required (expected เรื่อง; found nothing)" in lines
    assert all("(expected " in line for line in lines[1:]), lines
