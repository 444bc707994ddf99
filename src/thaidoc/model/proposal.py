"""The documents that carry a budget: แบบเสนอโครงการ, รายละเอียดค่าใช้จ่าย and งบหน้า.

Each is a :class:`~thaidoc.model.common.Document` kind with the budget tree of
:mod:`thaidoc.model.budget` at its top level (``activities:``), so that finding locations read
``activities[0].categories[1].items[0]`` in every kind. Every figure a template prints, and
every "(…บาทถ้วน)", is derived in :meth:`context` from the one computed total; nothing about a
total is typed twice.

A proposal with no data at all is the blank fill-in form of the seed, with dotted lines.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from thaidoc.model.budget import Activity, BudgetFields, LineItem, plain_quantity
from thaidoc.model.common import DataDate, Digits, Document, localise_digits, register_kind
from thaidoc.thai import bahttext, format_amount, thai_date

__all__ = ["Approval", "Certification", "Proposal", "ExpenseSheet", "BudgetSummary",
           "THAI_SECTION_NUMBERS", "SECTION_LAYOUTS"]

#: Section titles and order, and the field each prints. "example" follows the seed's worked
#: examples (and the issue's list); "fill-in" the seed's blank form แบบเสนอโครงการที่ใช้
#: งบประมาณของราชการ, where ๓. is ขั้นตอนและวิธีดำเนินงาน and งบประมาณ comes fifth.
#: None marks the budget section, printed from the computed total.
SECTION_LAYOUTS: dict[str, tuple[tuple[str, str | None], ...]] = {
    "example": (("หลักการและเหตุผล", "principle"), ("วัตถุประสงค์", "objectives"), ("กลุ่มเป้าหมาย", "target"),
                ("วิธีการดำเนินงาน", "method"), ("สถานที่ดำเนินการ", "place"),
                ("ระยะเวลาดำเนินการ", "period"), ("งบประมาณ", None),
                ("ผลที่คาดว่าจะได้รับ", "expected_results"), ("ตัวชี้วัดกิจกรรม", "indicators")),
    "fill-in": (("หลักการและเหตุผล", "principle"), ("วัตถุประสงค์", "objectives"),
                ("ขั้นตอนและวิธีดำเนินงาน", "method"), ("เป้าหมายการดำเนินงาน", "target"), ("งบประมาณ", None),
                ("สถานที่ดำเนินการ", "place"), ("ระยะเวลาดำเนินการ", "period"),
                ("ผลที่คาดว่าจะได้รับ", "expected_results"), ("ตัวชี้วัดกิจกรรม/โครงการ", "indicators")),
}

DOTS = "." * 60
SHORT_DOTS = "." * 25
# A blank to fill in that runs to the right margin: a tab to the template's right tab stop,
# whose dot leader draws the dotted line whatever the font's widths.
TO_MARGIN = "\t"
THAI_SECTION_NUMBERS = "๐๑๒๓๔๕๖๗๘๙"


def _lines(value: Any) -> Any:
    if isinstance(value, str):
        return [value]
    return value


class Approval(BaseModel):
    """One step of the approval chain; blank parts print as dotted lines to fill by hand."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str | None = None
    position: str | None = None
    date: DataDate | None = None


class Certification(BaseModel):
    """สำเนาถูกต้อง: who certifies the copy, under the sheet."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str = "สำเนาถูกต้อง"
    name: str | None = None
    position: str | None = None
    date: DataDate | None = None


class _BudgetDocument(Document, BudgetFields):
    digits: Digits = Field("thai", description="digits in the output: thai (๐-๙) or arabic (0-9)")

    def money(self, amount: Decimal | None) -> str:
        if amount is None:
            return SHORT_DOTS
        return format_amount(amount, digits=self.digits, satang=None)

    def words(self, amount: Decimal | None) -> str:
        return SHORT_DOTS + "บาทถ้วน" if amount is None else bahttext(amount)

    def count(self, value: Decimal) -> str:
        return localise_digits(plain_quantity(value), self.digits)

    def factors(self, item: LineItem) -> str:
        return " X ".join(f"{self.count(f.quantity)} {f.unit}" for f in item.factors or ())

    def date_text(self, day: dt.date | None) -> str:
        if day is None:
            return f"{SHORT_DOTS}/{SHORT_DOTS[:10]}/{SHORT_DOTS[:10]}"

        return thai_date(day, style="full", digits=self.digits)


# ---------------------------------------------------------------------------------------------


@register_kind("proposal")
class Proposal(_BudgetDocument):
    """แบบเสนอโครงการที่ใช้งบประมาณ (หมวด ๓๐๐), with the approval chain ๑๐.–๑๒.

    Leave any field out and the form prints a dotted line for it; ``kind: proposal`` alone is
    the blank form.
    """

    template: ClassVar[str] = "forms/proposal.docx"
    title: ClassVar[str] = "แบบเสนอโครงการที่ใช้งบประมาณ"

    kind: Literal["proposal"] = "proposal"
    heading: str = "แบบเสนอโครงการที่ใช้งบประมาณ"
    layout: Literal["example", "fill-in"] = Field(
        "example", description="sections as the seed's examples (example) or as its blank form (fill-in)")
    number: str | None = Field(None, description="project number before the year, e.g. '๑๒'")
    fiscal_year: int | None = Field(None, description="Buddhist-era fiscal year, e.g. 2563")
    name: str | None = Field(None, description="ชื่อโครงการ")
    office: str | None = Field(None, description="หน่วยงานที่รับผิดชอบ")
    principle: list[str] = Field(default_factory=list, description="หลักการและเหตุผล (paragraphs; sections are numbered by layout)")
    objectives: list[str] = Field(default_factory=list, description="วัตถุประสงค์")
    target: list[str] = Field(default_factory=list, description="กลุ่มเป้าหมาย (fill-in layout: เป้าหมายการดำเนินงาน)")
    method: list[str] = Field(default_factory=list, description="วิธีการดำเนินงาน (fill-in layout: ขั้นตอนและวิธีดำเนินงาน)")
    place: list[str] = Field(default_factory=list, description="สถานที่ดำเนินการ")
    period: list[str] = Field(default_factory=list, description="ระยะเวลาดำเนินการ")
    expected_results: list[str] = Field(default_factory=list, description="ผลที่คาดว่าจะได้รับ")
    indicators: list[str] = Field(default_factory=list, description="ตัวชี้วัดกิจกรรม (fill-in layout: ตัวชี้วัดกิจกรรม/โครงการ)")
    proposer: Approval = Field(default_factory=lambda: Approval(position="พัฒนาการอำเภอ"),
                               description="๑๐. ผู้เสนอโครงการ: name, position, date")
    endorser: Approval = Field(default_factory=lambda: Approval(position="นายอำเภอ"),
                               description="๑๑. ผู้ให้ความเห็นชอบโครงการ: name, position, date")
    approver: Approval = Field(default_factory=Approval, description="๑๒. ผู้อนุมัติโครงการ: name, position, date")
    activities: list[Activity] = Field(default_factory=list, description="the budget (empty: blank form)")

    _to_lines = field_validator("principle", "objectives", "target", "method", "place", "period",
                                "expected_results", "indicators", mode="before")(_lines)

    @property
    def budget_amount(self) -> Decimal | None:
        return self.computed_total if self.activities else None

    def context(self) -> dict[str, Any]:
        amount = self.budget_amount
        figure, words = self.money(amount), self.words(amount)
        year = localise_digits(str(self.fiscal_year), self.digits) if self.fiscal_year else SHORT_DOTS[:8]
        number = self.text(self.number) if self.number else SHORT_DOTS[:15]
        name = self.text(self.name) if self.name else TO_MARGIN
        budget_line = [f"จำนวน {figure} บาท ({words})"]
        sections = [(title, budget_line if name is None else getattr(self, name))
                    for title, name in SECTION_LAYOUTS[self.layout]]
        chain = [
            ("ผู้เสนอโครงการ", self.proposer, []),
            ("ผู้ให้ความเห็นชอบโครงการ", self.endorser, ["เห็นชอบ", "ไม่เห็นชอบ"]),
            ("ผู้อนุมัติโครงการ", self.approver, ["อนุมัติ", "ไม่อนุมัติ"]),
        ]
        return {
            **super().context(),
            "heading": self.heading,
            "number_line": f"เลขที่โครงการ {number}/{year}",
            "name_line": f"ชื่อโครงการ {name}",
            "office_line": f"หน่วยงานที่รับผิดชอบ {self.text(self.office) if self.office else TO_MARGIN}",
            "budget_figure": figure,
            "budget_words": words,
            "sections": [
                {"heading": f"{self._section_number(n)}. {title}",
                 "paragraphs": [self.text(p) for p in paragraphs] or [TO_MARGIN, TO_MARGIN]}
                for n, (title, paragraphs) in enumerate(sections, start=1)
            ],
            "approvals": [
                {"heading": f"{self._section_number(n)}. {role} {self.text(self.name) if self.name else DOTS}",
                 "budget_line": f"งบประมาณ {figure} บาท ({words})",
                 "choices": [f"☐ {choice}" for choice in choices],
                 # signature lines sit between the centre line and the margin: 45 dots fit
                 "signature": f"(ลงชื่อ){DOTS[:45]}",
                 "name": f"({self.text(person.name)})" if person.name else f"({DOTS[:45]})",
                 "position": f"ตำแหน่ง {self.text(person.position)}" if person.position else f"ตำแหน่ง {DOTS[:45]}",
                 "date": f"วันที่ {self.date_text(person.date)}"}
                for n, (role, person, choices) in enumerate(chain, start=10)
            ],
        }

    def _section_number(self, n: int) -> str:
        return localise_digits(str(n), self.digits)


# The expense sheet's columns are sized to what they hold: จำนวน × อัตรา to its longest line of
# factors, เป็นเงิน to its widest figure (or its heading), รายการ takes the rest of the 16 cm.
# Widths are estimated from TH Sarabun's advances at 16 pt, in ems by kind of character (Thai
# letters 0.41 on average, digits 0.36, Thai digits 0.45, the narrow ones below, marks above and
# below none); "8,780 หมู่บ้าน X 18,300 บาท" comes to 4.5 cm, as in the PDF.
TEXT_WIDTH_CM = 16.0
_CM_PER_EM = 16 * 2.54 / 72
_CELL_MARGINS_CM = 0.3 + 0.15  # the cell's left and right margins, and room to spare
_EMS = {" ": 0.22, ",": 0.16, ".": 0.16, "(": 0.19, ")": 0.19, "เ": 0.2, "แ": 0.38, "โ": 0.24, "ใ": 0.24, "ไ": 0.24,
        "า": 0.32, "ะ": 0.36, "ำ": 0.32}
_MARKS = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")


def estimated_width_cm(text: str, *, bold: bool = False) -> float:
    """About how wide ``text`` is in TH Sarabun 16 pt (bold 6 % wider).

    >>> round(estimated_width_cm("8,780 หมู่บ้าน X 18,300 บาท"), 1)
    4.5
    """
    ems = 0.0
    for ch in text:
        if ch in _MARKS:
            continue
        ems += _EMS.get(ch) or (0.36 if ch.isascii() and ch.isdigit() else 0.45 if "๐" <= ch <= "๙" else 0.41)
    return ems * _CM_PER_EM * (1.06 if bold else 1.0)


def column_widths(factors: list[str], figures: list[str]) -> list[int]:
    """รายการ, จำนวน × อัตรา and เป็นเงิน widths in twips for a sheet with these cells."""
    factor = min(max(3.0, max((estimated_width_cm(f) for f in factors), default=0.0) + _CELL_MARGINS_CM), 6.0)
    figure = min(max(estimated_width_cm("เป็นเงิน (บาท)", bold=True),
                     *(estimated_width_cm(f, bold=True) for f in figures)) + _CELL_MARGINS_CM, 4.5)
    widths = [TEXT_WIDTH_CM - factor - figure, factor, figure]
    return [round(w * 567) for w in widths]


@register_kind("expense-sheet")
class ExpenseSheet(_BudgetDocument):
    """รายละเอียดค่าใช้จ่าย: one page per activity, with categories, lines, total and words."""

    template: ClassVar[str] = "forms/expense-sheet.docx"
    title: ClassVar[str] = "รายละเอียดค่าใช้จ่าย"

    kind: Literal["expense-sheet"] = "expense-sheet"
    heading: str = Field(description="e.g. 'รายละเอียดค่าใช้จ่ายในการดำเนินโครงการ… ประจำปีงบประมาณ พ.ศ. 2563'")
    notes: list[str] = Field(default_factory=list, description="หมายเหตุ lines under each sheet")
    certification: Certification | None = Field(None, description="สำเนาถูกต้อง: name, position, date")

    _to_lines = field_validator("notes", mode="before")(_lines)

    def rows(self, activity: Activity) -> list[dict[str, Any]]:
        """Table rows: each category with its subtotal, then its lines (description, details)."""
        rows: list[dict[str, Any]] = []
        for n, category in enumerate(activity.categories, start=1):
            rows.append({"lines": [f"{self.count(Decimal(n))}) {self.text(category.name)}"], "factors": "",
                         "amount": self.money(category.computed_subtotal), "bold": True})
            for item in category.items:
                rows.append({"lines": [f"- {self.text(item.description)}", *(self.text(d) for d in item.details)],
                             "factors": self.factors(item), "amount": self.money(item.computed_amount),
                             "bold": False})
        return rows

    def context(self) -> dict[str, Any]:
        certification = self.certification
        return {
            **super().context(),
            "heading": self.text(self.heading),
            "sheets": [
                {"headings": [self.text(h) for h in activity.headings],
                 "activity_line": self.text(f"{activity.section or 'กิจกรรมย่อยที่'} {activity.code} {activity.title}"),
                 "activity_amount": self.money(activity.computed_total),
                 "rows": (rows := self.rows(activity)),
                 "widths": column_widths([row["factors"] for row in rows],
                                         [self.money(activity.computed_total), *(row["amount"] for row in rows)]),
                 "total_label": f"ค่าใช้จ่ายรวมทั้งสิ้น ({self.words(activity.computed_total)})",
                 "total_amount": self.money(activity.computed_total)}
                for activity in self.activities
            ],
            "grand_total": self.money(self.computed_total),
            "grand_words": self.words(self.computed_total),
            "note_lines": [self.text(n) for n in self.notes],
            "certification": None if certification is None else {
                "text": certification.text,
                "signature": f"(ลงชื่อ){DOTS[:40]}",
                "name": f"({self.text(certification.name)})" if certification.name else f"({DOTS[:40]})",
                "position": self.text(certification.position or ""),
                "date": self.date_text(certification.date) if certification.date else "",
            },
        }


@register_kind("budget-summary")
class BudgetSummary(_BudgetDocument):
    """งบหน้า: every activity's total (and its categories) with the grand total in words."""

    template: ClassVar[str] = "forms/budget-summary.docx"
    title: ClassVar[str] = "งบหน้าการจัดสรรงบประมาณ"

    kind: Literal["budget-summary"] = "budget-summary"
    heading: str = Field("งบหน้าการจัดสรรงบประมาณ", description="title line")
    subheading: str | None = Field(None, description="e.g. 'ประจำปีงบประมาณ พ.ศ. ๒๕๖๓'")
    notes: list[str] = Field(default_factory=list, description="หมายเหตุ lines under the table")

    _to_lines = field_validator("notes", mode="before")(_lines)

    def context(self) -> dict[str, Any]:
        rows: list[dict[str, Any]] = []
        for n, activity in enumerate(self.activities, start=1):
            rows.append({"number": self.count(Decimal(n)),
                         "text": self.text(f"{activity.code} {activity.title}"),
                         "amount": self.money(activity.computed_total), "bold": True})
            rows.extend({"number": "", "text": f"   {self.text(c.name)}",
                         "amount": self.money(c.computed_subtotal), "bold": False}
                        for c in activity.categories)
        return {
            **super().context(),
            "heading": self.text(self.heading),
            "subheading": self.text(self.subheading or ""),
            "rows": rows,
            "grand_total": self.money(self.computed_total),
            "grand_words": self.words(self.computed_total),
            "note_lines": [self.text(n) for n in self.notes],
        }
