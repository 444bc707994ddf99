"""Budgets as typed data: project → activities → expense categories → line items.

Totals are **computed, never typed**: a line item is either a plain amount or a product of
factors with units (``8,780 หมู่บ้าน × 18,300 บาท``; ``30 คน × 2 มื้อ × 35 บาท × 3 วัน``), a
category's subtotal is the sum of its lines, an activity's total the sum of its categories.
What a document *claims* (the "เป็นเงิน" beside a line, a category subtotal, the
"ค่าใช้จ่ายรวมทั้งสิ้น" line with its words, "งบประมาณ 160,674,400 บาท (…บาทถ้วน)" in an
activity description) is kept separately as *stated* figures, so that
:mod:`thaidoc.checks.budget` can compare each claim with the computed value.

Money is :class:`~decimal.Decimal`. Inputs accept ``"160,674,000"``, ``160674000``,
``"๑๖๐,๖๗๔,๐๐๐"`` and ``Decimal``. Floats (YAML reads ``18300.50`` as a float, and Excel
stores every number as one) are accepted only when they carry at most 15 significant digits:
every decimal number with 15 or fewer significant digits survives the trip through a binary
double unchanged and Python's ``repr`` gives back exactly those digits, so ``repr(value)`` is
the figure the person typed. A float with more digits (``0.1 + 0.2`` →
``0.30000000000000004``) was computed, not typed, and is refused with an error naming the
field and asking for a quoted string.

>>> item = LineItem.model_validate({"description": "ค่าวัสดุ", "factors": "8,780 หมู่บ้าน x 18,300 บาท"})
>>> item.computed_amount
Decimal('160674000')
>>> item.factor_text()
'8,780 หมู่บ้าน X 18,300 บาท'
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    field_validator,
    model_validator,
)

from thaidoc.data import granted_file
from thaidoc.errors import AmountError, DataError
from thaidoc.thai import check_magnitude, to_decimal
from thaidoc.thai.digits import TOO_LARGE

__all__ = [
    "Money",
    "Quantity",
    "Factor",
    "LineItem",
    "Category",
    "Stated",
    "Activity",
    "Budget",
    "BudgetFields",
    "KNOWN_UNITS",
    "RATE_UNIT",
    "to_money",
    "to_quantity",
    "parse_factors",
    "split_factors",
    "plain_quantity",
    "unknown_unit_message",
]

RATE_UNIT = "บาท"

#: Counting units (ลักษณนาม) a factor may carry. A budget may add its own with ``units:``.
KNOWN_UNITS: frozenset[str] = frozenset(
    """
    หมู่บ้าน ชุมชน ตำบล อำเภอ จังหวัด ศูนย์ แห่ง ครัวเรือน ครอบครัว กลุ่ม องค์กร เครือข่าย
    คน ท่าน ราย คณะ รุ่น ทีม
    มื้อ วัน คืน ชั่วโมง ครั้ง เดือน ปี ไตรมาส ภาคเรียน สัปดาห์
    ชุด เล่ม ฉบับ แผ่น ป้าย ผืน ชิ้น อัน ใบ ด้าม กล่อง รีม ขวด ถุง ห่อ แพ็ค ม้วน หลอด ตลับ
    เครื่อง คัน หลัง ห้อง ต้น ตัว คู่ เรื่อง รายการ โครงการ กิจกรรม หน่วย งาน เที่ยว
    กิโลกรัม กรัม ลิตร เมตร ตารางเมตร กิโลเมตร
    """.split()
)

_RATE_PREFIXES = (RATE_UNIT + "/", RATE_UNIT + "ต่อ")  # บาท/คน, บาทต่อวัน
_MAX_EXACT_FLOAT_DIGITS = 15
# "160,674,000" / "18300.50": Arabic digits, separators exactly every three places
_PLAIN_FIGURES = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?")
_NUMBER_RE = re.compile(r"^[+-]?[0-9๐-๙][0-9๐-๙,]*(?:\.[0-9๐-๙]+)?")
_TIMES_RE = re.compile(r"\s*(?:×|✕|\*|(?<![A-Za-z])[xX](?![A-Za-z]))\s*")


# --------------------------------------------------------------------------------------------
# numbers


def _float_to_decimal(value: float, what: str) -> Decimal:
    if not math.isfinite(value):
        raise AmountError(f"{what} must be a finite number", found=repr(value))
    text = repr(value)
    digits = Decimal(text).normalize().as_tuple().digits
    if len(digits) > _MAX_EXACT_FLOAT_DIGITS:
        raise AmountError(
            f"{what} is a floating-point number with more digits than were typed; "
            f"write it as a quoted string",
            expected="a figure such as \"18,300.50\"", found=text)
    return Decimal(text)


def _to_decimal(value: Any, what: str) -> Decimal:
    # the common cases first, by exact type: this runs for every figure of a 10,000-line budget
    if type(value) is str and _PLAIN_FIGURES.fullmatch(value):
        return Decimal(value.replace(",", ""))  # 7x faster than the general reader
    if type(value) is int:
        return Decimal(value)
    if type(value) is Decimal and value.is_finite():
        return value
    if isinstance(value, bool):
        raise AmountError(f"{what} must be a number", found=repr(value))
    if isinstance(value, float):
        return _float_to_decimal(value, what)
    if isinstance(value, str) and not value.strip():
        raise AmountError(f"{what} is empty", expected="a figure such as 18,300")
    try:
        number = to_decimal(value)
    except AmountError as exc:  # its message only repeats the value (unless the value is too large)
        if exc.message == TOO_LARGE:
            raise
        raise AmountError(f"{what} is not a number", found=repr(value),
                          expected="a figure such as 160,674,000 or ๑๖๐,๖๗๔,๐๐๐") from exc
    if not number.is_finite():
        raise AmountError(f"{what} must be a finite number", found=repr(value))
    return number


def to_money(value: Any) -> Decimal:
    """An amount of baht: not negative, at most two decimal places (satang).

    >>> to_money("๑๖๐,๖๗๔,๐๐๐")
    Decimal('160674000')
    >>> to_money(18300.5)
    Decimal('18300.5')
    >>> to_money(0.1 + 0.2)
    Traceback (most recent call last):
    ...
    thaidoc.errors.AmountError: amount is a floating-point number with more digits than were typed; write it as a quoted string (expected a figure such as "18,300.50"; found 0.30000000000000004)
    """
    number = check_magnitude(_to_decimal(value, "amount"))
    if number < 0:
        raise AmountError("amount must not be negative", found=str(value))
    if number != number.quantize(Decimal("0.01"), rounding="ROUND_DOWN"):
        raise AmountError("amount has more than two decimal places (satang)", found=str(value))
    return number


def to_quantity(value: Any) -> Decimal:
    """A count or measure (8,780 หมู่บ้าน, 0.5 วัน): a number that is not negative.

    >>> to_quantity("8,780")
    Decimal('8780')
    """
    number = check_magnitude(_to_decimal(value, "quantity"))
    if number < 0:
        raise AmountError("quantity must not be negative", found=str(value))
    return number


# an AmountError is a ValueError: pydantic reports it against the field, and
# thaidoc.data.validation_error keeps its message and what it expected
Money = Annotated[Decimal, BeforeValidator(to_money)]
Quantity = Annotated[Decimal, BeforeValidator(to_quantity)]


def plain_quantity(value: Decimal) -> str:
    """A count as the form prints it: ``8,780``, ``0.5`` (no trailing zeros).

    >>> plain_quantity(Decimal("8780.00")), plain_quantity(Decimal("0.50"))
    ('8,780', '0.5')
    """
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


def split_factors(text: str) -> list[str]:
    """The factor texts of ``"30 คน x 2 มื้อ × 35 บาท"`` (× ✕ * or a free-standing x between).

    >>> split_factors(" 30 คน x 2 มื้อ×35 บาท ")
    ['30 คน', '2 มื้อ', '35 บาท']
    """
    return [part for part in _TIMES_RE.split(text.strip()) if part]


# --------------------------------------------------------------------------------------------
# the tree


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False, str_strip_whitespace=True)


class Factor(_Strict):
    """One factor of a line: ``8,780 หมู่บ้าน`` or the rate ``18,300 บาท``."""

    quantity: Quantity
    unit: str = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if isinstance(value, str):
            return _parse_factor_text(value)
        return value

    @property
    def is_rate(self) -> bool:
        return self.unit == RATE_UNIT or self.unit.startswith(_RATE_PREFIXES)

    def text(self) -> str:
        return f"{plain_quantity(self.quantity)} {self.unit}"


def _parse_factor_text(text: str) -> dict[str, str]:
    match = _NUMBER_RE.match(text.strip())
    if match is None:
        raise ValueError(f"a factor is a number and a unit such as '8,780 หมู่บ้าน', found {text!r}")
    unit = text.strip()[match.end():].strip()
    if not unit:
        raise ValueError(f"the factor {text!r} has no unit (such as หมู่บ้าน, คน or บาท)")
    return {"quantity": match.group(0), "unit": unit}


def parse_factors(text: str) -> list[Factor]:
    """Read ``"30 คน × 2 มื้อ × 35 บาท × 3 วัน"`` (× or x or *) into factors.

    >>> [f.text() for f in parse_factors("30 คน x 2 มื้อ × 35 บาท * 3 วัน")]
    ['30 คน', '2 มื้อ', '35 บาท', '3 วัน']
    """
    parts = split_factors(text)
    if not parts:
        raise ValueError("no factors given")
    return [Factor.model_validate(p) for p in parts]


class LineItem(_Strict):
    """A line of an expense sheet.

    Either ``factors`` (the amount is their product; ``amount`` is then what the sheet *states*
    in its "เป็นเงิน" column, checked against the product) or ``amount`` alone. ``quantity``,
    ``unit`` and ``rate`` (the spreadsheet columns) are accepted as a short form of two factors.
    """

    description: str = Field(min_length=1)
    details: list[str] = Field(default_factory=list)
    factors: list[Factor] | None = None
    amount: Money | None = None

    @model_validator(mode="before")
    @classmethod
    def _short_forms(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        data = dict(value)
        if isinstance(data.get("factors"), str):
            data["factors"] = split_factors(data["factors"])
        if "quantity" in data or "unit" in data or "rate" in data:
            if data.get("factors"):
                raise ValueError("give either factors or quantity/unit/rate, not both")
            quantity, unit, rate = data.pop("quantity", None), data.pop("unit", None), data.pop("rate", None)
            if rate is None:
                raise ValueError("missing rate: a line with a quantity needs its rate in บาท "
                                 "(rate: 18300) or a plain amount without quantity")
            if quantity is None:
                raise ValueError("missing quantity: a line with a rate needs its quantity "
                                 "(quantity: 8780, unit: หมู่บ้าน)")
            if not unit:
                raise ValueError("missing unit: say what the quantity counts (unit: หมู่บ้าน)")
            data["factors"] = [{"quantity": quantity, "unit": unit}, {"quantity": rate, "unit": RATE_UNIT}]
        return data

    @field_validator("factors")
    @classmethod
    def _one_rate(cls, factors: list[Factor] | None) -> list[Factor] | None:
        # a field validator, so that an error points at the line's factors, not the whole line
        if factors:
            rates = [f for f in factors if f.is_rate]
            if not rates:
                raise ValueError("missing rate: one factor must be the rate in บาท (e.g. 18,300 บาท)")
            if len(rates) > 1:
                raise ValueError("only one factor may be in บาท (the rate); the others count things")
            if rates[0].quantity != rates[0].quantity.quantize(Decimal("0.01"), rounding="ROUND_DOWN"):
                raise ValueError("the rate has more than two decimal places (satang)")
        return factors

    @model_validator(mode="after")
    def _amount_or_factors(self) -> LineItem:
        if not self.factors and self.amount is None:
            raise ValueError("a line item needs an amount or factors (e.g. 8,780 หมู่บ้าน x 18,300 บาท)")
        return self

    @property
    def computed_amount(self) -> Decimal:
        if self.factors:
            product = Decimal(1)
            for factor in self.factors:
                product *= factor.quantity
            return product
        assert self.amount is not None
        return self.amount

    def factor_text(self, times: str = "X") -> str:
        return f" {times} ".join(f.text() for f in self.factors or ())


class Category(_Strict):
    """An expense category (ค่าตอบแทน, ค่าใช้สอย, ค่าวัสดุ …) and its lines.

    ``subtotal`` is what the sheet states in the "เป็นเงิน" column beside the category.
    """

    name: str = Field(min_length=1)
    items: list[LineItem] = Field(min_length=1)
    subtotal: Money | None = None

    @property
    def computed_subtotal(self) -> Decimal:
        return sum((item.computed_amount for item in self.items), Decimal(0))


class Stated(_Strict):
    """A figure a document writes, with or without its words: ``160,674,400 บาท (…บาทถ้วน)``.

    ``label`` says where it is written (``รายละเอียดการดำเนินงาน: งบประมาณ``) so a finding can
    point a reviewer at it.
    """

    amount: Money | None = None
    words: str | None = None
    label: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _bare_amount(cls, value: Any) -> Any:
        if isinstance(value, (int, float, str, Decimal)) and not isinstance(value, bool):
            return {"amount": value}
        return value

    @model_validator(mode="after")
    def _something(self) -> Stated:
        if self.amount is None and not self.words:
            raise ValueError("a stated figure needs an amount, words or both")
        return self


class Activity(_Strict):
    """An activity (กิจกรรมย่อยที่ 2.4.1 …) with its expense categories.

    ``headings`` are the lines above it on a sheet (กิจกรรมหลัก …, กิจกรรมย่อยที่ 2 …);
    ``heading_amount`` the "เป็นเงิน" a sheet may write on the activity's own heading row;
    ``total`` the sheet's "ค่าใช้จ่ายรวมทั้งสิ้น" line with its words; ``stated`` the figures
    written about this activity elsewhere (its description, an allocation register).
    """

    code: str = Field(min_length=1)
    title: str = Field(min_length=1)
    headings: list[str] = Field(default_factory=list)
    section: str | None = None
    categories: list[Category] = Field(min_length=1)
    heading_amount: Money | None = None
    total: Stated | None = None
    stated: list[Stated] = Field(default_factory=list)

    @field_validator("code", mode="before")
    @classmethod
    def _code_text(cls, value: Any) -> Any:
        if isinstance(value, bool) or isinstance(value, float):
            raise ValueError(f"write the activity code in quotes (code: \"{value}\"): YAML reads "
                             f"{value!r} as a number and would drop digits such as a trailing zero")
        if isinstance(value, int):
            return str(value)
        return value

    @property
    def computed_total(self) -> Decimal:
        return sum((c.computed_subtotal for c in self.categories), Decimal(0))


class BudgetFields(BaseModel):
    """The budget part of any document: activities, and what the document states about them.

    Shared by :class:`Budget` and the form kinds of :mod:`thaidoc.model.proposal`, so finding
    locations read ``activities[0].categories[1].items[0]`` in all of them.
    """

    model_config = ConfigDict(extra="forbid")

    units: list[str] = Field(default_factory=list, description="extra counting units used by factors")
    activities: list[Activity] = Field(
        min_length=1, description="code, title, categories: [name, items: [description, factors or amount]]")
    budget: str | None = Field(
        None, description="an .xlsx workbook holding the activities instead (path relative to this file)")
    # where lines, subtotals and totals came from when read from a spreadsheet
    _origins: dict[str, str] = PrivateAttr(default_factory=dict)
    total: Stated | None = Field(None, description="a stated grand total across activities (with words)")
    stated: list[Stated] = Field(default_factory=list, description="figures stated elsewhere about the total")

    @model_validator(mode="wrap")
    @classmethod
    def _activities_from_workbook(cls, data: Any, handler: ValidatorFunctionWrapHandler,
                                  info: ValidationInfo) -> Any:
        """``budget: budget.xlsx``: staff keep the lines in Excel and the form's text in YAML.

        The path is relative to the data file's folder (``context={"base_dir": ...}``, given
        by the loaders) and must stay inside it (:func:`thaidoc.data.granted_file`). Data
        without a folder (a mapping a portal passes) may not name files: its author could
        otherwise have the server print any workbook it can read. Errors in
        the workbook name its sheet, row and column; findings about its figures carry the cell.
        """
        workbook = data.get("budget") if isinstance(data, dict) else None
        if not workbook:
            return handler(data)
        if data.get("activities"):
            raise DataError("give the activities in the data or in the workbook, not both",
                            location="budget", found=f"budget: {workbook} and activities:")
        path = granted_file(workbook, base_dir=(info.context or {}).get("base_dir"), location="budget")
        if path.suffix.lower() != ".xlsx":
            raise DataError("the budget workbook must be an .xlsx file", location="budget",
                            found=str(workbook), expected="a path such as budget.xlsx")
        from thaidoc.model.xlsx import read_budget_xlsx  # here: the workbook reader builds on this module

        read = read_budget_xlsx(path, units=data.get("units") or ())
        model = handler({**data, "activities": read.activities})
        model._origins = {location: f"{path.name}: {cell}" for location, cell in read.origins.items()}
        return model

    @model_validator(mode="after")
    def _known_units(self) -> Any:
        check_units(self)
        return self

    @property
    def computed_total(self) -> Decimal:
        return sum((a.computed_total for a in self.activities), Decimal(0))

    @property
    def origins(self) -> dict[str, str]:
        """Field path -> spreadsheet cell (``activities[0].categories[1].items[0]`` ->
        ``sheet '3.1.1', row 7, column F``) for budgets read from .xlsx; empty otherwise."""
        return self._origins

    def origin_of(self, location: str) -> str | None:
        """The spreadsheet cell behind a finding's location, if the budget came from one."""
        path = location
        while path:
            if path in self._origins:
                return self._origins[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return None

    def iter_items(self) -> Iterator[tuple[str, LineItem]]:
        for i, activity in enumerate(self.activities):
            for j, category in enumerate(activity.categories):
                for k, item in enumerate(category.items):
                    yield f"activities[{i}].categories[{j}].items[{k}]", item


class Budget(BudgetFields):
    """The budget tree on its own (``kind: budget``), as kept in YAML/JSON or an .xlsx sheet."""

    kind: Literal["budget"] = "budget"
    title: str | None = None
    project: str | None = None
    fiscal_year: int | None = None


UNKNOWN_UNIT_EXPECTED = "a counting unit such as หมู่บ้าน, คน, มื้อ, วัน or บาท for the rate"


def unknown_unit_message(unit: str, allowed: frozenset[str] | set[str]) -> str | None:
    """Why ``unit`` is refused (with a did-you-mean), or None when it is known.

    Refusing undeclared units matters: a typo (หมุ่บ้าน) would otherwise print on the form.

    >>> unknown_unit_message("หมุ่บ้าน", KNOWN_UNITS)
    "unknown unit 'หมุ่บ้าน'; did you mean หมู่บ้าน? (add it to the budget's units: list if it is right)"
    """
    if unit in allowed:
        return None
    close = difflib.get_close_matches(unit, sorted(allowed), n=2, cutoff=0.7)
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    return f"unknown unit {unit!r}{hint} (add it to the budget's units: list if it is right)"


def check_units(budget: BudgetFields) -> None:
    """Refuse factor units that are neither known nor declared in the budget's ``units:``."""
    allowed = KNOWN_UNITS | set(budget.units)
    for path, item in budget.iter_items():
        for n, factor in enumerate(item.factors or ()):
            problem = None if factor.is_rate else unknown_unit_message(factor.unit, allowed)
            if problem:
                raise DataError(problem, location=f"{path}.factors[{n}].unit", found=factor.unit,
                                expected=UNKNOWN_UNIT_EXPECTED)

