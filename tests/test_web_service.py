"""The README's FastAPI service, run in-process with FastAPI's TestClient.

The code is taken from the README itself (the block under "Using thaidoc in a web service"),
so the example a portal developer copies is the one tested.
"""

from __future__ import annotations

import json
import re
import shutil
import types
from pathlib import Path

import pytest
import yaml

fastapi = pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
STARTER = REPO / "src/thaidoc/render/starters/memo.yaml"


def service_code() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Using thaidoc in a web service", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match, "the README has no service example"
    return match.group(1)


@pytest.fixture(scope="module")
def client():
    module = types.ModuleType("service")
    exec(compile(service_code(), "README.md (service)", "exec"), module.__dict__)
    with TestClient(module.app) as client:
        yield client
    module.converter.close()


def letter() -> dict:
    """The memo starter as a portal receives it: JSON (dates as text)."""
    return json.loads(json.dumps(yaml.safe_load(STARTER.read_text(encoding="utf-8")), default=str))


def test_a_valid_letter_comes_back_as_a_docx(client):
    response = client.post("/letters.docx", json=letter())
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"


def test_an_invalid_letter_is_a_json_error_each_field_in_thai_and_english(client):
    data = letter()
    data["subjet"] = data.pop("subject")
    data["date"] = "2024-02-30"
    response = client.post("/letters.docx", json=data)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "data.invalid" and body["message_th"]
    by_location = {problem["location"]: problem for problem in body["problems"]}
    assert by_location["subject"]["code"] == "data.missing"
    assert by_location["subjet"]["suggestions"] == ["subject"]
    assert "หรือหมายถึง subject" in by_location["subjet"]["message_th"]
    assert by_location["date"]["found"] == "'2024-02-30'" and by_location["date"]["message_th"]


def test_an_unknown_kind_and_its_schema(client):
    response = client.post("/letters.docx", json={"kind": "meno"})
    assert response.status_code == 422
    assert response.json()["problems"][0]["suggestions"] == ["memo"]
    schema = client.get("/kinds/memo/schema")
    assert schema.status_code == 200 and "subject" in schema.json()["required"]
    assert client.get("/kinds/meno/schema").status_code == 422


def test_check_returns_findings(client):
    data = letter()
    data["body"].append("เป็นเงิน 1,000 บาท (หนึ่งร้อยบาทถ้วน)")
    response = client.post("/letters/check", json=data)
    assert response.status_code == 200
    assert "amount.words" in {finding["code"] for finding in response.json()}


def test_a_letter_whose_printed_text_is_wrong_is_refused_with_its_findings(client):
    data = letter()
    data["body"].append("เป็นเงิน 1,000 บาท (หนึ่งร้อยบาทถ้วน)")
    response = client.post("/letters.docx", json=data)
    assert response.status_code == 422
    assert "amount.words" in {finding["code"] for finding in response.json()["findings"]}


@pytest.mark.pdf
def test_the_pdf_endpoint_converts_through_the_warm_converter(client):
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    first = client.post("/letters.pdf", json=letter())
    assert first.status_code == 200, first.text
    assert first.headers["content-type"] == "application/pdf" and first.content.startswith(b"%PDF")
    second = client.post("/letters.pdf", json={**letter(), "subject": "เรื่องที่สอง"})
    assert second.status_code == 200 and second.content.startswith(b"%PDF")
