"""The budget model: money inputs, computed totals, and bad data refused with its location."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pytest

from thaidoc.api import load_checkable
from thaidoc.data import parse_data_text
from thaidoc.errors import DataError
from thaidoc.model.budget import Budget, LineItem, parse_factors, to_money


def budget(**item):
    item.setdefault("description", "ค่าวัสดุ")
    return {"activities": [{"code": "2.4.1", "title": "t", "categories": [
        {"name": "ค่าวัสดุ", "items": [item]}]}]}


@pytest.mark.parametrize("value", ["160,674,000", 160674000, "๑๖๐,๖๗๔,๐๐๐", Decimal("160674000"),
                                   " 160,674,000 ", 160674000.0])
def test_money_accepts_figures_in_every_spelling(value):
    assert to_money(value) == Decimal("160674000")


def test_yaml_float_with_satang_is_the_typed_figure():
    data = parse_data_text("activities:\n- code: '1'\n  title: t\n  categories:\n  - name: c\n    items:\n"
                           "    - description: d\n      amount: 18300.50\n")
    # the loader never makes a float of a typed figure: it arrives as the exact Decimal
    assert data["activities"][0]["categories"][0]["items"][0]["amount"] == Decimal("18300.50")
    assert isinstance(data["activities"][0]["categories"][0]["items"][0]["amount"], Decimal)
    model = Budget.model_validate(data)
    assert model.computed_total == Decimal("18300.50")


def test_computed_float_is_refused_naming_the_field():
    with pytest.raises(DataError) as info:
        load_checkable(budget(amount=0.1 + 0.2))
    assert info.value.location == "activities[0].categories[0].items[0].amount"
    assert "quoted string" in str(info.value)


def test_products_of_factors_are_exact():
    item = LineItem.model_validate({"description": "อาหาร", "factors": "30 คน × 2 มื้อ × 35 บาท × 3 วัน"})
    assert item.computed_amount == 6300
    assert item.factor_text("×") == "30 คน × 2 มื้อ × 35 บาท × 3 วัน"
    short = LineItem.model_validate({"description": "x", "quantity": "8,780", "unit": "หมู่บ้าน", "rate": "18,300"})
    assert short.computed_amount == Decimal("160674000")
    assert [f.text() for f in parse_factors("๘,๗๘๐ หมู่บ้าน X ๑๘,๓๐๐ บาท")] == ["8,780 หมู่บ้าน", "18,300 บาท"]


def test_totals_roll_up():
    model = Budget.model_validate({"activities": [
        {"code": "3.1.1", "title": "t", "categories": [
            {"name": "ค่าใช้สอย", "items": [{"description": "a", "factors": "8,780 หมู่บ้าน x 1,500 บาท"}]},
            {"name": "ค่าวัสดุ", "items": [{"description": "b", "factors": "8,780 หมู่บ้าน x 1,000 บาท"},
                                           {"description": "c", "amount": "49,168,000"}]}]}]})
    assert [c.computed_subtotal for c in model.activities[0].categories] == [13_170_000, 57_948_000]
    assert model.computed_total == 71_118_000


@pytest.mark.parametrize(("item", "location", "words"), [
    ({"amount": "abc"}, "activities[0].categories[0].items[0].amount", "not a number"),
    ({"amount": "-5"}, "activities[0].categories[0].items[0].amount", "negative"),
    ({"factors": "-3 คน x 10 บาท"}, "activities[0].categories[0].items[0].factors[0].quantity", "negative"),
    ({"factors": "3 หมุ่บ้าน x 10 บาท"}, "activities[0].categories[0].items[0].factors[0].unit", "หมู่บ้าน"),
    ({"factors": "3 คน x 2 วัน"}, "activities[0].categories[0].items[0].factors", "missing rate"),
    ({"quantity": 3, "unit": "คน"}, "activities[0].categories[0].items[0]", "missing rate"),
    ({"factors": "3 คน x 10 บาท x 2 บาท"}, "activities[0].categories[0].items[0].factors", "only one factor"),
    ({}, "activities[0].categories[0].items[0]", "needs an amount or factors"),
    ({"amount": "1.005"}, "activities[0].categories[0].items[0].amount", "two decimal places"),
    ({"amount": 5, "colour": "red"}, "activities[0].categories[0].items[0].colour", "Extra inputs"),
])
def test_bad_data_names_its_location(item, location, words):
    with pytest.raises(DataError) as info:
        load_checkable(budget(**item), name="budget.yaml")
    assert info.value.location == location
    assert words in str(info.value)
    assert str(info.value).startswith("budget.yaml: ")


def test_declared_units_are_allowed():
    data = budget(factors="3 กระถาง x 10 บาท")
    data["units"] = ["กระถาง"]
    assert load_checkable(data).computed_total == 30


def test_activity_code_as_yaml_number_is_refused():
    data = budget(amount=1)
    data["activities"][0]["code"] = 2.4
    with pytest.raises(DataError) as info:
        load_checkable(data)
    assert info.value.location == "activities[0].code"


def test_cli_exits_2_on_bad_data_and_names_the_field(tmp_path):
    bad = tmp_path / "budget.yaml"
    bad.write_text("activities:\n- code: '1'\n  title: t\n  categories:\n  - name: c\n    items:\n"
                   "    - description: d\n      factors: 3 คน x 2 วัน\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "thaidoc", "check", str(bad)], capture_output=True, text=True)
    assert result.returncode == 2
    assert "activities[0].categories[0].items[0]" in result.stderr
    assert "missing rate" in result.stderr
    assert result.stdout == ""


BAD_LINES = {
    "non-numeric amount": ("amount: สิบบาท", "items[1].amount", "amount is not a number"),
    "negative quantity": ("factors: -5 คน x 100 บาท", "items[1].factors[0].quantity", "must not be negative"),
    "unknown unit": ("factors: 5 หมุ่บ้าน x 100 บาท", "items[1].factors[0].unit", "did you mean หมู่บ้าน"),
    "missing rate": ("factors: 5 คน x 3 วัน", "items[1].factors", "missing rate"),
    "missing rate (short form)": ("quantity: 5\n      unit: คน", "items[1]", "missing rate"),
}


@pytest.mark.parametrize("kind", sorted(BAD_LINES))
def test_bad_data_exits_2_naming_file_and_field_and_writes_nothing(tmp_path, kind):
    line, where, words = BAD_LINES[kind]
    data = tmp_path / "sheet.yaml"
    data.write_text("kind: expense-sheet\nheading: t\nactivities:\n- code: '1'\n  title: t\n  categories:\n"
                    "  - name: ค่าวัสดุ\n    items:\n    - description: ok\n      factors: 10 คน x 100 บาท\n"
                    f"    - description: bad\n      {line}\n", encoding="utf-8")
    location = f"activities[0].categories[0].{where}"
    for command in (["check", str(data)], ["check", "--json", str(data)],
                    ["render", str(data), "-o", str(tmp_path / "out.docx")]):
        result = subprocess.run([sys.executable, "-m", "thaidoc", *command], capture_output=True, text=True)
        assert result.returncode == 2, (command, result.stderr)
        assert f"{data}: {location}: " in result.stderr and words in result.stderr
        assert "Value error" not in result.stderr  # pydantic's prefix is not for users
        if "--json" in command:
            import json

            errors = json.loads(result.stdout)["errors"]
            assert [(e["file"], e["location"]) for e in errors] == [(str(data), location)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sheet.yaml"]  # nothing half-written
