"""Rubrics (เกณฑ์การให้คะแนน / การจัดระดับ): for each task a table of bands and their conditions.

A band has a label (A–D, or the points ๑๐๐ / ๗๕ / ๕๐ / ๒๕), numbered conditions and an
optional range of scores given as data (``at_least``, ``above``, ``at_most``, ``below``); the
range's wording ("เฉลี่ยตั้งแต่ ๘๐ คะแนนขึ้นไป", "ร้อยละ ๑๐.๐๐ - ๑๔.๙๙", "ต่ำกว่า ๖๐ คะแนน")
is derived from those numbers, and ``thaidoc check`` tests the bands with the same rules the
lint applies to issued rubrics (:mod:`thaidoc.checks.bands`). A task's formula
(สูตรการคิดคะแนน) is printed as a Word equation with a real fraction.

    >>> rubric = Rubric.model_validate({"kind": "rubric", "heading": "เกณฑ์การให้คะแนน", "tasks": [
    ...     {"name": "ภารกิจเรื่อง ก", "scale": {"measure": "เฉลี่ย"}, "bands": [
    ...         {"label": "A", "range": {"at_least": 80}}, {"label": "B", "range": {"below": 80}}]}]})
    >>> [row["lines"] for row in rubric.context()["tasks"][0]["rows"]]
    [['เฉลี่ยตั้งแต่ ๘๐ คะแนนขึ้นไป'], ['เฉลี่ยต่ำกว่า ๘๐ คะแนน']]
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BeforeValidator, Field, field_validator, model_validator

from thaidoc.model.common import Digits, Document, Part, TextLines, localise_digits, register_kind
from thaidoc.thai import arabic_digits

__all__ = ["Rubric", "Task", "RubricBand", "ScoreRange", "Scale", "Formula", "typed_number"]


def _score(value: Any) -> Any:
    """A bound as typed: 80, "14.99", "๑๔.๙๙" (a YAML float is taken as its shortest repr)."""
    if isinstance(value, bool):
        raise ValueError("expected a number such as 80 or '14.99'")
    if isinstance(value, float):
        value = repr(value)
    if isinstance(value, (int, str)):
        try:
            number = Decimal(arabic_digits(str(value)).replace(",", "").strip())
        except InvalidOperation:
            raise ValueError(f"expected a number such as 80 or '14.99' (found {value!r})") from None
        if not number.is_finite():
            raise ValueError(f"expected a finite number (found {value!r})")
        return number
    return value


#: A score or percentage as typed (its decimals are kept: '10.00' prints ๑๐.๐๐).
Score = Annotated[Decimal, BeforeValidator(_score)]

# a condition typed with its own number: "๑) …", "2. …"
_TYPED_NUMBER = re.compile(r"^\s*([0-9๐-๙]{1,3})\s*[).]\s*")


def typed_number(text: str) -> int | None:
    """The number a condition was typed with (``๒) …`` -> 2), or None."""
    match = _TYPED_NUMBER.match(text)
    return int(arabic_digits(match.group(1))) if match else None


def _number(value: Decimal, digits: Digits) -> str:
    return localise_digits(format(value, "f"), digits)


class ScoreRange(Part):
    """The scores of a band: a lower bound (at_least ≥ / above >) and/or an upper one
    (at_most ≤ / below <)."""

    at_least: Score | None = Field(None, description="ตั้งแต่ … (≥)")
    above: Score | None = Field(None, description="มากกว่า … (>)")
    at_most: Score | None = Field(None, description="ไม่เกิน … (≤); with at_least: ระหว่าง a - b")
    below: Score | None = Field(None, description="ต่ำกว่า … (<)")

    @model_validator(mode="after")
    def _bounds(self) -> "ScoreRange":
        if self.at_least is not None and self.above is not None:
            raise ValueError("give 'at_least' or 'above' for the lower bound, not both")
        if self.at_most is not None and self.below is not None:
            raise ValueError("give 'at_most' or 'below' for the upper bound, not both")
        if self.low is None and self.high is None:
            raise ValueError("a range needs a bound: at_least, above, at_most or below")
        if self.low is not None and self.high is not None and self.high < self.low:
            raise ValueError(f"the upper bound {self.high} is below the lower bound {self.low}")
        return self

    @property
    def low(self) -> Decimal | None:
        return self.at_least if self.at_least is not None else self.above

    @property
    def high(self) -> Decimal | None:
        return self.at_most if self.at_most is not None else self.below


class Scale(Part):
    """What the ranges measure and how finely."""

    measure: str = Field("", description="printed before the range, e.g. 'เฉลี่ย', 'ผลการดำเนินงาน'")
    unit: str = Field("คะแนน", description="คะแนน, ครั้ง …; 'ร้อยละ' writes ร้อยละ before the numbers")
    precision: Score | None = Field(None, description="the step between scores, e.g. 0.01; default: "
                                                      "the bounds' decimals (a hundredth of that when averaged)")
    averaged: bool = Field(False, description="the score is an average (of whole scores): finer than the bounds")

    @property
    def percent(self) -> bool:
        return self.unit.strip() in ("ร้อยละ", "%")

    def range_text(self, band: ScoreRange, digits: Digits) -> str:
        """The range as the document writes it, from its numbers."""
        measure = self.measure.strip()
        unit = "" if self.percent else f" {self.unit.strip()}"
        pct = "ร้อยละ " if self.percent else ""

        def n(value: Decimal) -> str:
            return _number(value, digits)

        def bound(word: str, value: Decimal) -> str:
            return f"{word}{pct}{n(value)}" if self.percent else f"{word} {n(value)}"

        if band.at_least is not None and band.at_most is not None:
            text = f"{pct}{n(band.at_least)} - {n(band.at_most)}" if self.percent \
                else f"ระหว่าง {n(band.at_least)} - {n(band.at_most)}{unit}"
        elif band.low is not None and band.high is not None:
            low = bound("ตั้งแต่" if band.at_least is not None else "มากกว่า", band.low)
            high = bound("ไม่เกิน" if band.at_most is not None else "ต่ำกว่า", band.high)
            text = f"{low} แต่{high}{unit}"
        elif band.at_least is not None:
            text = f"{bound('ตั้งแต่', band.at_least)}{unit}ขึ้นไป" if not self.percent \
                else f"{bound('ตั้งแต่', band.at_least)} ขึ้นไป"
        elif band.above is not None:
            text = bound("มากกว่า", band.above) + unit
        elif band.at_most is not None:
            text = bound("ไม่เกิน", band.at_most) + unit
        else:
            assert band.below is not None
            text = bound("ต่ำกว่า", band.below) + unit
        text = re.sub(r"\s+", " ", text).strip()
        return localise_digits(f"{measure}{text}" if measure else text, digits)


class RubricBand(Part):
    """One row of the table: the label, its conditions and its range of scores."""

    label: str = Field(description="A, B, C, D or the points (100, 75 …)")
    conditions: list[str] = Field(default_factory=list, description="numbered ๑) ๒) … when more than one")
    range: ScoreRange | None = Field(None, description="at_least/above and/or at_most/below")

    @field_validator("label", mode="before")
    @classmethod
    def _label_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("conditions", mode="before")
    @classmethod
    def _one_condition(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @model_validator(mode="after")
    def _something(self) -> "RubricBand":
        if not self.conditions and self.range is None:
            raise ValueError("a band needs 'conditions' or a 'range'")
        typed = [typed_number(text) is not None for text in self.conditions]
        if len(typed) > 1 and any(typed) and not all(typed):
            raise ValueError("number every condition ('๑) …', '๒) …') or none of them (thaidoc numbers them)")
        return self

    @property
    def typed_numbers(self) -> list[int] | None:
        """The numbers the conditions were typed with, when every one has one."""
        numbers = [typed_number(text) for text in self.conditions]
        if len(self.conditions) > 1 and all(n is not None for n in numbers):
            return [n for n in numbers if n is not None]
        return None


class Formula(Part):
    """สูตรการคิดคะแนน: result = numerator / denominator × factor, printed as a fraction."""

    result: str = Field(description="e.g. 'ร้อยละของครัวเรือนที่ผ่านเกณฑ์'")
    numerator: str = Field(description="above the line")
    denominator: str = Field(description="below the line")
    factor: Score | None = Field(None, description="multiplied after the fraction, e.g. 100")


class Task(Part):
    """ภารกิจเรื่อง …: its bands, then คำอธิบายเพิ่มเติม, สูตรการคิดคะแนน, ช่องทางการรายงาน."""

    name: str = Field(description="e.g. 'ภารกิจเรื่อง การจัดเก็บข้อมูลความจำเป็นพื้นฐาน (จปฐ.)'")
    label_heading: str = Field("ระดับ", description="heading of the label column (ระดับ, ค่าคะแนน)")
    criteria_heading: str = Field("เกณฑ์การพิจารณา", description="heading of the conditions column")
    scale: Scale = Field(default_factory=lambda: Scale.model_validate({}))
    bands: list[RubricBand] = Field(min_length=2)
    explanation: list[str] = Field(default_factory=list, description="คำอธิบายเพิ่มเติม")
    formula: Formula | None = Field(None, description="สูตรการคิดคะแนน")
    reporting: list[str] = Field(default_factory=list, description="ช่องทางการรายงาน")

    @field_validator("explanation", "reporting", mode="before")
    @classmethod
    def _lines(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("bands")
    @classmethod
    def _labels_unique(cls, bands: list[RubricBand]) -> list[RubricBand]:
        seen: set[str] = set()
        for band in bands:
            if band.label.strip() in seen:
                raise ValueError(f"the label {band.label!r} is used twice")
            seen.add(band.label.strip())
        return bands


@register_kind("rubric")
class Rubric(Document):
    """เกณฑ์การให้คะแนน: a heading, then each task's table of bands and its notes."""

    template: ClassVar[str] = "forms/rubric.docx"
    title: ClassVar[str] = "เกณฑ์การให้คะแนน"

    kind: Literal["rubric"] = "rubric"
    heading: TextLines = Field(min_length=1, description="the title lines")
    tasks: list[Task] = Field(min_length=1, description="each ภารกิจ with its bands")

    def band_lines(self, task: Task, band: RubricBand) -> list[str]:
        """The conditions cell: ๑) … ๒) … (as typed when typed with numbers), then the range."""
        lines = []
        numbered = len(band.conditions) > 1 and band.typed_numbers is None
        for number, condition in enumerate(band.conditions, start=1):
            text = condition.strip()
            lines.append(self.text(f"{number}) {text}" if numbered else text))
        if band.range is not None:
            lines.append(task.scale.range_text(band.range, self.digits))
        return lines

    def context(self) -> dict[str, Any]:
        tasks = []
        for number, task in enumerate(self.tasks, start=1):
            formula = None
            if task.formula is not None:
                factor = task.formula.factor
                formula = {"result": self.text(task.formula.result),
                           "numerator": self.text(task.formula.numerator),
                           "denominator": self.text(task.formula.denominator),
                           "factor": f" × {_number(factor, self.digits)}" if factor is not None else ""}
            tasks.append({
                "heading": self.text(f"{number}. {task.name.strip()}") if len(self.tasks) > 1 else self.text(task.name),
                "label_heading": self.text(task.label_heading),
                "criteria_heading": self.text(task.criteria_heading),
                "rows": [{"label": self.text(band.label), "lines": self.band_lines(task, band)}
                         for band in task.bands],
                "explanation": [self.text(line) for line in task.explanation],
                "formula": formula,
                "reporting": [self.text(line) for line in task.reporting],
            })
        return {
            **super().context(),
            "heading_lines": [self.text(line) for line in self.heading],
            "tasks": tasks,
            "enclosure_label": "",
        }
