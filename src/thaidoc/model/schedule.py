"""Schedules (แผนการลงพื้นที่, กำหนดการ, ปฏิทินการรายงาน): rows of date, time and place.

Dates are data (ISO, or a Thai date such as ``๑๗ เมษายน ๒๕๖๗``); the weekday printed beside
each ("พุธ ๑๗ เม.ย. ๖๗") is derived from the date through :func:`thaidoc.thai.thai_date`'s
``table`` style, so it cannot disagree with it. Times are validated (``08:30``, ``๐๘.๓๐ น.``)
and printed ``๐๘.๓๐ น.``. A schedule can also be generated: a list of places and a start date,
one visit per time slot, skipping weekends, Thai public holidays and the office's own days off.

    >>> plan = load_schedule({"kind": "schedule", "heading": "แผนการลงพื้นที่",
    ...     "period": {"month": "2024-04"},
    ...     "generate": {"start": "2024-04-11", "places": ["คลองเขื่อน", "บางคล้า"]}})
    >>> [(row["date"], row["time"], row["place"]) for row in plan.context()["rows"]]
    [('พฤหัสบดี ๑๑ เม.ย. ๖๗', '๐๘.๓๐ น.', 'คลองเขื่อน'), ('พุธ ๑๗ เม.ย. ๖๗', '๐๘.๓๐ น.', 'บางคล้า')]
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BeforeValidator, Field, field_validator, model_validator

from thaidoc.errors import DateError
from thaidoc.model.common import DataDate, Digits, Document, Part, TextLines, localise_digits, register_kind
from thaidoc.thai import MONTHS, arabic_digits, parse_thai_date, thai_date
from thaidoc.thai.times import TimeError, parse_thai_time, thai_time
from thaidoc.thai.workdays import working_days

__all__ = ["Schedule", "ScheduleRow", "Period", "Generate", "NoteItem", "note_lines", "load_schedule",
           "ScheduleDate", "ClockTime"]

_ISO = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")


def _weekday_as_stated(value: Any) -> Any:
    """A Thai date typed with its weekday (พุธ ๑๗ เม.ย. ๖๗) must name the date's own weekday:
    the schedule prints the derived one, so a wrong one typed in would silently change."""
    if isinstance(value, str) and not _ISO.match(arabic_digits(value.strip())):
        try:
            parsed = parse_thai_date(value)
        except DateError:
            return value  # the data-date rule below says what is wrong with it
        if not parsed.weekday_ok:
            raise ValueError(f"{value!r}: {parsed.date.isoformat()} is a {parsed.actual_weekday_name}, "
                             f"not the weekday written")
    return value


def _time(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        # YAML 1.1 reads 08:30 as a number of minutes (sexagesimal): 8 * 60 + 30
        if 0 <= value < 24 * 60:
            return dt.time(value // 60, value % 60)
    if isinstance(value, str):
        try:
            return parse_thai_time(value)
        except TimeError as exc:
            raise ValueError(str(exc)) from None
    return value


#: A date by the data-date rule (ISO, a year from 2400 being พ.ศ., or a Thai form such as
#: ๑๗ เมษายน ๒๕๖๗), and a weekday typed with it must be the date's.
ScheduleDate = Annotated[DataDate, BeforeValidator(_weekday_as_stated)]
#: A clock time: 08:30, 8.30, ๐๘.๓๐ น.
ClockTime = Annotated[dt.time, BeforeValidator(_time)]


class ScheduleRow(Part):
    """One visit or event: its date, start (and end) time, place and the team that goes."""

    date: ScheduleDate = Field(description="ISO date (a year from 2400 is พ.ศ.) or Thai date, e.g. 2024-04-17; "
                                           "printed พุธ ๑๗ เม.ย. ๖๗")
    time: ClockTime | None = Field(None, description="start time, e.g. '08:30'; printed ๐๘.๓๐ น.")
    end: ClockTime | None = Field(None, description="end time, e.g. '12:00'")
    place: str = Field(description="the อำเภอ or สถานที่")
    team: str | None = Field(None, description="who goes (คณะที่ ๑); rows without one share the plan's team")
    note: str | None = Field(None, description="printed under the place")

    @model_validator(mode="after")
    def _end_after_start(self) -> "ScheduleRow":
        if self.end is not None and (self.time is None or self.end <= self.time):
            raise ValueError("'end' must come after 'time' (the start) on the same day")
        return self


class Period(Part):
    """The period the plan states: a month (``2024-04``), a fiscal year (``2567``) or dates."""

    month: str | None = Field(None, description="YYYY-MM, e.g. '2024-04' or '2567-04' (printed เดือนเมษายน ๒๕๖๗)")
    fiscal_year: int | None = Field(None, description="Buddhist-era fiscal year, e.g. 2567 (1 Oct 2566 - 30 Sep 2567)")
    start: ScheduleDate | None = None
    end: ScheduleDate | None = None

    @field_validator("month", mode="before")
    @classmethod
    def _month(cls, value: Any) -> Any:
        if isinstance(value, (dt.date,)):
            return f"{value.year:04d}-{value.month:02d}"
        if isinstance(value, str):
            text = arabic_digits(value.strip())
            match = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
            if not match or not 1 <= int(match.group(2)) <= 12:
                raise ValueError(f"expected a month written YYYY-MM, e.g. 2024-04 or 2567-04 (found {value!r})")
            year = int(match.group(1))
            if year >= 2400:  # พ.ศ., as for dates in data
                year -= 543
            return f"{year:04d}-{int(match.group(2)):02d}"
        return value

    @field_validator("fiscal_year")
    @classmethod
    def _buddhist(cls, value: int | None) -> int | None:
        if value is not None and not 2400 <= value <= 2700:
            raise ValueError(f"expected a Buddhist-era year such as 2567 (found {value})")
        return value

    @model_validator(mode="after")
    def _one_kind(self) -> "Period":
        given = [name for name in ("month", "fiscal_year") if getattr(self, name) is not None]
        if self.start is not None or self.end is not None:
            given.append("start/end")
            if self.start is None or self.end is None or self.end < self.start:
                raise ValueError("a period by dates needs 'start' and 'end', the end not before the start")
        if len(given) != 1:
            raise ValueError("give one of 'month', 'fiscal_year' or 'start' and 'end'")
        return self

    def bounds(self) -> tuple[dt.date, dt.date]:
        """The first and last day of the period."""
        if self.month is not None:
            year, month = (int(part) for part in self.month.split("-"))
            return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
        if self.fiscal_year is not None:
            year = self.fiscal_year - 543
            return dt.date(year - 1, 10, 1), dt.date(year, 9, 30)
        assert self.start is not None and self.end is not None
        return self.start, self.end

    def text(self, digits: Digits = "thai") -> str:
        """เดือนเมษายน ๒๕๖๗ / ประจำปีงบประมาณ พ.ศ. ๒๕๖๗ / ระหว่างวันที่ … ถึงวันที่ …"""
        if self.month is not None:
            year, month = (int(part) for part in self.month.split("-"))
            text = f"เดือน{MONTHS[month - 1]} {year + 543}"
        elif self.fiscal_year is not None:
            text = f"ประจำปีงบประมาณ พ.ศ. {self.fiscal_year}"
        else:
            start, end = self.bounds()
            return f"ระหว่างวันที่ {thai_date(start, digits=digits)} ถึงวันที่ {thai_date(end, digits=digits)}"
        return localise_digits(text, digits)


class Generate(Part):
    """Rows made from a list of places: one per time slot, working days from ``start`` on."""

    start: ScheduleDate = Field(description="the first day (skipped too if it is a day off)")
    places: list[str] = Field(min_length=1, description="in visiting order")
    times: list[ClockTime] = Field(default_factory=lambda: [dt.time(8, 30)], min_length=1,
                                   description="the time slots of a day, e.g. ['08:30', '13:30']")
    team: str | None = None

    @field_validator("times", mode="before")
    @classmethod
    def _one_time(cls, value: Any) -> Any:
        return [value] if isinstance(value, (str, int)) else value


class NoteItem(Part):
    """A numbered note; ``numbering`` says how its sub-items are numbered."""

    text: str
    items: list["NoteItem"] = Field(default_factory=list)
    numbering: Literal["n)", "p.n)", "n."] = Field(
        "n)", description="sub-items as ๑) ๒) (default), ๒.๑) ๒.๒) under item ๒, or ๑. ๒.")

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value


def note_lines(notes: list[NoteItem], digits: Digits, numbering: str = "n.") -> list[dict[str, Any]]:
    """Notes flattened to ``{"label", "text", "level"}``: ๑. at the top, ๑) or ๒.๑) below."""
    rows: list[dict[str, Any]] = []

    def walk(items: list[NoteItem], style: str, parent: str, level: int) -> None:
        for number, item in enumerate(items, start=1):
            if style == "p.n)":
                label = f"{parent}.{number})"
            elif style == "n)":
                label = f"{number})"
            else:
                label = f"{number}."
            rows.append({"label": localise_digits(label, digits), "text": localise_digits(item.text.strip(), digits),
                         "level": level})
            walk(item.items, item.numbering, str(number) if style != "p.n)" else f"{parent}.{number}", level + 1)

    walk(notes, numbering, "", 0)
    return rows


@register_kind("schedule")
class Schedule(Document):
    """A plan of visits: a heading, a table ลำดับที่ | วันที่ | เวลา | อำเภอ, then หมายเหตุ."""

    template: ClassVar[str] = "forms/schedule.docx"
    title: ClassVar[str] = "แผนการลงพื้นที่ / กำหนดการ"

    kind: Literal["schedule"] = "schedule"
    heading: TextLines = Field(min_length=1, description="the title lines, e.g. แผนการลงพื้นที่…, the office")
    period: Period | None = Field(None, description="month: 2024-04, fiscal_year: 2567, or start/end; "
                                                    "printed as the last heading line and checked against every date")
    place_label: str = Field("อำเภอ", description="the heading of the place column: อำเภอ, สถานที่ …")
    rows: list[ScheduleRow] = Field(default_factory=list, description="the visits, in order")
    generate: Generate | None = Field(None, description="make the rows: start, places, times")
    days_off: dict[ScheduleDate, str] = Field(
        default_factory=dict, description="the office's own days off besides weekends and public holidays, "
                                          "date: reason (or a list of dates)")
    notes: list[NoteItem] = Field(default_factory=list, description="หมายเหตุ: numbered ๑. with sub-items ๑)")

    @field_validator("days_off", mode="before")
    @classmethod
    def _days_off_list(cls, value: Any) -> Any:
        return {day: "" for day in value} if isinstance(value, list) else value

    @model_validator(mode="after")
    def _rows(self) -> "Schedule":
        if self.generate is not None:
            if self.rows:
                raise ValueError("give either 'rows' or 'generate', not both")
            plan = self.generate
            slots = len(plan.times)
            days = working_days(plan.start, -(-len(plan.places) // slots), self.days_off)
            rows = [ScheduleRow(date=days[n // slots], time=plan.times[n % slots], end=None, place=place, team=plan.team,
                                note=None)
                    for n, place in enumerate(plan.places)]
            object.__setattr__(self, "rows", rows)  # derived once, at validation
        if not self.rows:
            raise ValueError("a schedule needs 'rows' (or 'generate' to make them)")
        return self

    def context(self) -> dict[str, Any]:
        heading = [self.text(line) for line in self.heading]
        if self.period is not None:
            heading.append(self.period.text(self.digits))
        rows = []
        for number, row in enumerate(self.rows, start=1):
            time = ""
            if row.time is not None:
                time = thai_time(row.time, self.digits)
                if row.end is not None:
                    time = time.removesuffix(" น.") + " - " + thai_time(row.end, self.digits)
            place = [self.text(row.place)] + [self.text(extra) for extra in (row.team, row.note) if extra]
            rows.append({"number": localise_digits(str(number), self.digits),
                         "date": thai_date(row.date, "table", self.digits), "time": time,
                         "place": "\n".join(place)})
        return {
            **super().context(),
            "heading_lines": heading,
            "place_label": self.text(self.place_label),
            "rows": rows,
            "note_lines": note_lines(self.notes, self.digits),
            "enclosure_label": "",
        }


def load_schedule(data: dict[str, Any]) -> Schedule:
    """A schedule from a mapping (for doctests and callers that know the kind)."""
    return Schedule.model_validate(data)
