"""Do the Thai words beside a figure say the same amount?

Used for budgets (the "(…บาทถ้วน)" beside a total) and, by the READ area, for amounts found in
issued letters. Two codes:

- ``amount.words``: the words read as a different amount. When the words are not even
  well-formed, the lenient reading is what is compared, so the seed's
  "หนึ่งร้อยหกสิบสามแสนเจ็ดหมื่นสี่พันบาทถ้วน" beside 160,674,000 is reported as reading
  16,374,000.
- ``amount.words-malformed``: the words are not valid Thai amount wording, and either no
  amount can be read from them or the lenient reading happens to match the figure (the seed's
  "เจ็ดสิบเอ็ดล้านบาทหนึ่งแสนหนึ่งหมื่นแปดพันบาทถ้วน" beside 71,118,000).
"""

from __future__ import annotations

from decimal import Decimal

from thaidoc.checks.findings import Finding, Severity
from thaidoc.errors import AmountError
from thaidoc.thai import bahttext, format_amount, parse_bahttext, parse_bahttext_lenient

__all__ = ["check_amount_words", "format_money", "signed_difference"]


def format_money(amount: Decimal) -> str:
    """``160,674,000`` (satang only when there are some)."""
    return format_amount(amount, digits="arabic", satang=None)


def signed_difference(found: Decimal, expected: Decimal) -> str:
    """found − expected with its sign: ``+400``, ``-144,300,000``."""
    diff = found - expected
    return ("+" if diff > 0 else "-" if diff < 0 else "") + format_money(abs(diff))


def check_amount_words(amount: Decimal, words: str, *, location: str, quote: str | None = None,
                       source: str | None = None) -> list[Finding]:
    """Findings (none, or one) about ``words`` written for ``amount``.

    ``location`` says where the words are (a field path or a part of a letter); ``quote`` is
    the text to show the reader, left out when the words themselves are all there is to show.
    """
    amount = Decimal(amount)
    correct = bahttext(amount)
    extra: dict[str, object] = {"amount": amount}
    try:
        read = parse_bahttext(words)
    except AmountError as strict:
        reading = parse_bahttext_lenient(words)
        extra["parse_error"] = strict.message
        if strict.position is not None:
            extra["position"] = strict.position
        if reading.amount is not None and reading.amount != amount:
            extra["read_as"] = reading.amount
            return [Finding(
                code="amount.words", severity=Severity.ERROR, location=location,
                message=(f"คำอ่านจำนวนเงินไม่ตรงกับตัวเลข: อ่านได้ {format_money(reading.amount)} บาท "
                         f"แต่ตัวเลขคือ {format_money(amount)} บาท / the words are malformed "
                         f"({strict.message}) and, read leniently, say {format_money(reading.amount)} "
                         f"instead of {format_money(amount)}"),
                expected=correct, found=words,
                difference=signed_difference(reading.amount, amount),
                quote=quote, source=source, extra=extra)]
        if reading.amount is not None:
            extra["read_as"] = reading.amount
            tail = f"; read leniently they do say {format_money(reading.amount)}"
        else:
            tail = "; no amount can be read from them"
        return [Finding(
            code="amount.words-malformed", severity=Severity.ERROR, location=location,
            message=(f"คำอ่านจำนวนเงินเขียนไม่ถูกต้องตามหลัก / the amount in words is not valid "
                     f"Thai wording ({strict.message}){tail}"),
            expected=correct, found=words, quote=quote, source=source, extra=extra)]
    if read != amount:
        extra["read_as"] = read
        return [Finding(
            code="amount.words", severity=Severity.ERROR, location=location,
            message=(f"คำอ่านจำนวนเงินไม่ตรงกับตัวเลข: คำอ่านคือ {format_money(read)} บาท "
                     f"แต่ตัวเลขคือ {format_money(amount)} บาท / the words say {format_money(read)}, "
                     f"the figure {format_money(amount)}"),
            expected=correct, found=words, difference=signed_difference(read, amount),
            quote=quote, source=source, extra=extra)]
    return []
