"""A batch row is refused for what its printed text says, as ``thaidoc render`` refuses a
letter: a wrong weekday typed in a cell, or in the letter's own text (then every row)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import thaidoc
from thaidoc.render.batch import letter as batch_letter
from thaidoc.render.batch.letter import InconsistentRow

REPO = Path(__file__).resolve().parents[1]
CIRCULAR = REPO / "samples" / "batch" / "circular.yaml"
WRONG = "ส่งภายในวันศุกร์ที่ ๒๕ มกราคม ๒๕๖๘"  # a Saturday
RIGHT = "ส่งภายในวันศุกร์ที่ ๒๔ มกราคม ๒๕๖๘"


def row(district: str, notes: str | None = None) -> dict[str, str]:
    values = {"district": district, "recipient.name": f"นายอำเภอ{district}", "amounts.allocation": "10,000"}
    if notes is not None:
        values["notes"] = notes
    return values


def test_a_wrong_weekday_typed_in_a_cell_refuses_that_row_only():
    rows = [row("ก", RIGHT), row("ข", WRONG), row("ค")]
    written = [key for key, _ in thaidoc.render_many(CIRCULAR, rows, errors="skip")]
    assert written == [1, 3]
    with pytest.raises(InconsistentRow) as caught:
        list(thaidoc.render_many(CIRCULAR, rows))
    assert caught.value.location.startswith("row 2, notes")  # the second mapping; its field
    assert {f.code for f in caught.value.findings if f.severity.value == "error"} == {"date.weekday"}
    # the same text when the caller allows it: written, as render(allow_inconsistent=True)
    assert len(list(thaidoc.render_many(CIRCULAR, rows, allow_inconsistent=True))) == 3


def test_a_wrong_weekday_in_the_letters_own_text_refuses_every_row(tmp_path):
    letter = yaml.safe_load(CIRCULAR.read_text(encoding="utf-8"))
    letter["notes"] = WRONG
    path = tmp_path / "circular.yaml"
    path.write_text(yaml.safe_dump(letter, allow_unicode=True), encoding="utf-8")
    rows = [row(d) for d in ("ก", "ข", "ค")]
    assert list(thaidoc.render_many(path, rows, errors="skip")) == []


def test_only_the_first_row_and_rows_with_dates_or_amounts_are_read_back(monkeypatch):
    """Reading a letter back costs three times rendering it: rows of names and figures are not."""
    calls = []
    original = batch_letter.printed_text_findings

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(batch_letter, "printed_text_findings", counting)
    rows = [row(f"อำเภอ{n}") for n in range(6)] + [row("ง", RIGHT), row("จ", "งบ 1,000 บาท")]
    assert len(list(thaidoc.render_many(CIRCULAR, rows))) == 8
    assert len(calls) == 3
