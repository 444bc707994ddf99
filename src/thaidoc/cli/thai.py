"""`thaidoc baht`, `amount`, `date`, `digits`: the Thai language rules on the command line.

Imports only click and thaidoc.thai, so these commands start as fast as ``--help``.
Exit codes: 0 fine, 1 a problem found in the input (malformed words, a wrong weekday, a
date that does not exist), 2 bad usage or unreadable input.
"""

from __future__ import annotations

import sys
from datetime import date as Date

import click

from thaidoc.cli.common import EXIT_PROBLEM, fail, reports_errors
from thaidoc.thai import (
    DATE_STYLES,
    WEEKDAYS,
    DateStyle,
    Digits,
    arabic_digits,
    bahttext,
    fiscal_quarter,
    fiscal_year,
    format_amount,
    parse_bahttext,
    parse_bahttext_lenient,
    parse_thai_date,
    read_date,
    thai_date,
    thai_digits,
)

__all__ = ["baht", "amount", "date", "digits"]

# Not strftime("%A"): that follows the user's locale.
_ENGLISH_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Negative amounts ("-5") must reach the argument, not be taken for an option.
_ARGS_MAY_START_WITH_DASH = {"ignore_unknown_options": True}


@click.command(
    short_help="Write an amount in Thai words: thaidoc baht 160674400",
    context_settings=_ARGS_MAY_START_WITH_DASH,
    epilog="""\b
Examples:
  thaidoc baht 160674400
      หนึ่งร้อยหกสิบล้านหกแสนเจ็ดหมื่นสี่พันสี่ร้อยบาทถ้วน
  thaidoc baht ๑๑.๐๑ 21,000,000
      สิบเอ็ดบาทหนึ่งสตางค์
      ยี่สิบเอ็ดล้านบาทถ้วน
""",
)
@click.argument("amounts", nargs=-1, required=True)
@reports_errors
def baht(amounts: tuple[str, ...]) -> None:
    """Write AMOUNTS in Thai words (…บาทถ้วน), one per line.

    Figures may use Thai or Arabic digits and thousands separators; satang are rounded
    half-up to two places.
    """
    for text in amounts:
        click.echo(bahttext(text))


@click.command(
    epilog="""\b
Examples:
  thaidoc amount "หนึ่งร้อยหกสิบล้านหกแสนเจ็ดหมื่นสี่พันสี่ร้อยบาทถ้วน"
      160,674,400.00
  thaidoc amount --thai "สิบเอ็ดบาทหนึ่งสตางค์"
      ๑๑.๐๑
  thaidoc amount "หนึ่งร้อยหกสิบสามแสนเจ็ดหมื่นสี่พันบาทถ้วน"
      exit 1: แสน cannot follow สิบ …; probably meant 16,374,000.00
""",
)
@click.argument("words", nargs=-1, required=True)
@click.option("--thai", "thai", is_flag=True, help="Print Thai digits (๐-๙).")
@reports_errors
def amount(words: tuple[str, ...], thai: bool) -> None:
    """Read an amount in Thai WORDS back into figures, strictly.

    Malformed wording exits 1 with where it breaks and what it probably meant.
    """
    text = " ".join(words).strip()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1]  # pasted from a letter: "๑๐๐ บาท (หนึ่งร้อยบาทถ้วน)"
    digits: Digits = "thai" if thai else "arabic"
    try:
        value = parse_bahttext(text)
    except ValueError as exc:  # AmountError
        reading = parse_bahttext_lenient(text)
        click.echo(f"thaidoc: {exc}", err=True)
        if reading.amount is not None:
            meant = format_amount(reading.amount, digits=digits, satang=True)
            click.echo(f"probably meant: {meant} ({bahttext(reading.amount)})", err=True)
        else:
            click.echo("cannot tell what amount was meant", err=True)
        sys.exit(EXIT_PROBLEM)
    click.echo(format_amount(value, digits=digits, satang=True))


@click.command(
    short_help="Write a date the Thai way, or check a Thai date (--parse).",
    epilog="""\b
Examples:
  thaidoc date 2024-04-17 --style weekday
      วันพุธที่ ๑๗ เมษายน ๒๕๖๗
  thaidoc date 2024-04-17 --style table --arabic
      พุธ 17 เม.ย. 67
  thaidoc date --parse "วันศุกร์ที่ ๒๕ มกราคม ๒๕๖๘"
      2025-01-25, and exit 1: that day is a Saturday (วันเสาร์)
  thaidoc date 2019-10-01 --fiscal
      ปีงบประมาณ ๒๕๖๓ ไตรมาส ๑
""",
)
@click.argument("day", required=False)
@click.option(
    "--style",
    type=click.Choice(DATE_STYLES),
    default="full",
    show_default=True,
    help="full ๒๐ กุมภาพันธ์ ๒๕๖๒ | weekday วันพุธที่ ๑๗ เมษายน ๒๕๖๗ | short ๑๗ เม.ย. ๖๗ | table พุธ ๑๗ เม.ย. ๖๗ "
    "| formal ๑ เมษายน พ.ศ. ๒๕๖๗",
)
@click.option("--arabic", is_flag=True, help="Arabic digits (0-9) instead of Thai digits.")
@click.option("--parse", "parse_text", metavar="TEXT", help="Read a Thai date and print it as YYYY-MM-DD.")
@click.option(
    "--century",
    type=click.IntRange(24, 29),
    help="Buddhist-era century for 2-digit years with --parse (25 reads ๖๗ as ๒๕๖๗); "
    "default: the year within 50 years of this year.",
)
@click.option("--fiscal", is_flag=True, help="Print the fiscal year (BE) and quarter instead.")
@reports_errors
def date(
    day: str | None, style: str, arabic: bool, parse_text: str | None, century: int | None, fiscal: bool
) -> None:
    """Write DAY (YYYY-MM-DD, a year from 2400 is พ.ศ.; default today) the Thai way, or check a
    Thai date (--parse).

    With --parse, a stated weekday that is not the date's weekday exits 1.
    """
    digits: Digits = "arabic" if arabic else "thai"
    if parse_text is not None:
        if day is not None:
            fail("give either DAY or --parse TEXT, not both")
        parsed = parse_thai_date(parse_text, century=century)  # a date that does not exist exits 1
        click.echo(parsed.date.isoformat())
        if not parsed.weekday_ok:
            assert parsed.stated_weekday is not None
            fail(
                f"{parse_text.strip()}: {parsed.date.isoformat()} is a "
                f"{_ENGLISH_WEEKDAYS[parsed.date.weekday()]} (วัน{WEEKDAYS[parsed.date.weekday()]}), "
                f"not วัน{WEEKDAYS[parsed.stated_weekday]}",
                EXIT_PROBLEM,
            )
        return
    when = _read_iso(day) if day is not None else Date.today()
    if fiscal:
        text = f"ปีงบประมาณ {fiscal_year(when)} ไตรมาส {fiscal_quarter(when)}"
        click.echo(text if arabic else thai_digits(text))
        return
    chosen: DateStyle = style  # type: ignore[assignment]  # click.Choice(DATE_STYLES) checked it
    click.echo(thai_date(when, chosen, digits))


def _read_iso(text: str) -> Date:
    # the rule for dates in data files: 2567-04-17 is พ.ศ., "17/04/2567" is read as Thai
    return read_date(text).date


@click.command(
    short_help="Convert digits between Thai (๐-๙) and Arabic (0-9).",
    epilog="""\b
Examples:
  thaidoc digits --thai "ที่ ฉช 0019/ว 2215"
      ที่ ฉช ๐๐๑๙/ว ๒๒๑๕
  thaidoc digits --arabic "๑๖๐,๖๗๔,๔๐๐"
      160,674,400
  thaidoc digits --thai < letter.txt
""",
)
@click.argument("text", nargs=-1)
@click.option("--thai/--arabic", "to_thai", default=True, show_default=True, help="Target digits.")
def digits(text: tuple[str, ...], to_thai: bool) -> None:
    """Convert the digits in TEXT (or standard input) to Thai ๐-๙ or Arabic 0-9."""
    convert = thai_digits if to_thai else arabic_digits
    if text:
        click.echo(convert(" ".join(text)))
        return
    for line in sys.stdin:
        click.echo(convert(line), nl=False)
