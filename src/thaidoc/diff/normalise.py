"""Text normalisation for comparing a generated letter with the issued one.

Two letters that a reader cannot tell apart on paper must compare equal. The differences
that are invisible (or irrelevant) in print, and that Thai offices produce all the time:

* Thai digits (๐-๙) against Arabic digits (0-9). Many offices type Arabic digits in the
  font TH SarabunIT๙, which *draws* them as Thai digits: the file says "2567", the paper
  says "๒๕๖๗". Both sides are compared with Arabic digits.
* Whitespace: runs of spaces, tabs, non-breaking spaces, and line breaks from a text
  extractor that wrapped a paragraph. Whitespace is collapsed here; the diff additionally
  treats a change that is *only* whitespace as no change (see :func:`comparison_key`).
* Zero-width characters (U+200B/200C/200D/2060/FEFF) and the soft hyphen, which Word and
  web copy-paste leave inside Thai words.
* Unicode forms: NFC, and the decomposed sara am. "ำ" (U+0E33) is often typed as nikhahit
  + sara aa ("ํา"), with the tone mark before or between them: "น้ำ" arrives as
  น + ํ + ้ + า or น + ้ + ํ + า. All become น + ้ + ำ. Likewise two sara e ("เเ"), typed
  for sara ae ("แ"), look identical in print and become "แ".

:func:`normalise_mapped` also returns, for every character of the result, the index of the
character of the input it came from, so that a difference found on normalised text can be
shown, formatted and tracked on the original text.

>>> normalise("น\\u0e4d\\u0e49\\u0e32  ๑๖๐,๖๗๔\\n บาท\\u200b")
'น้ำ 160,674 บาท'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

__all__ = [
    "normalise",
    "normalise_mapped",
    "comparison_key",
    "canonical_list_mark",
    "ZERO_WIDTH",
    "THAI_DIGITS",
]

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")

#: Characters that print as nothing: zero-width space, non-joiner, joiner, word joiner,
#: byte-order mark (also used as zero-width no-break space) and soft hyphen.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_ZERO_WIDTH_RE = re.compile(f"[{ZERO_WIDTH}]+")

_NIKHAHIT = "\u0e4d"
_SARA_AA = "\u0e32"
_SARA_AM = "\u0e33"
_TONES = "\u0e48\u0e49\u0e4a\u0e4b"
# nikhahit (tone) sara aa, or tone nikhahit sara aa -> (tone) sara am; sara e sara e -> sara ae
_THAI_FORMS_RE = re.compile(
    f"{_NIKHAHIT}([{_TONES}]?){_SARA_AA}|([{_TONES}]){_NIKHAHIT}{_SARA_AA}|\u0e40\u0e40"
)
_WHITESPACE_RE = re.compile(r"\s+")
#: A list item's number at the start of a paragraph, in any of the styles offices type or
#: Word prints: "๑." "1)" "(1)" "๒.๑" "2.1." "ก." "(ก)". Compared by value, written "1." / "2.1." / "ก.".
_LIST_MARK_RE = re.compile(
    r"^(\s*)(?:\(([0-9๐-๙]{1,3}|[ก-ฮ])\)|([0-9๐-๙]{1,3}(?:\.[0-9๐-๙]{1,3})+)[.)]?|([0-9๐-๙]{1,3}|[ก-ฮ])[.)])(?![0-9๐-๙.,])"
)

Mapped = tuple[str, list[int]]


def _thai_form(match: re.Match[str]) -> str:
    if match.group(0) == "\u0e40\u0e40":
        return "\u0e41"
    tone = match.group(1) or match.group(2) or ""
    return tone + _SARA_AM


def _sub_mapped(pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str], text: str) -> Mapped:
    """``pattern.sub`` that also returns where each output character came from."""
    out: list[str] = []
    where: list[int] = []
    last = 0
    for match in pattern.finditer(text):
        start, end = match.span()
        out.append(text[last:start])
        where.extend(range(last, start))
        replacement = repl(match)
        out.append(replacement)
        where.extend([start] * len(replacement))
        last = end
    out.append(text[last:])
    where.extend(range(last, len(text)))
    return "".join(out), where


def _nfc_mapped(text: str) -> Mapped:
    if unicodedata.is_normalized("NFC", text):
        return text, list(range(len(text)))
    # Composition and reordering happen within a starter and the marks after it, so each
    # such segment is normalised on its own and its output mapped to the segment's start.
    out: list[str] = []
    where: list[int] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or unicodedata.combining(text[i]) == 0:
            piece = unicodedata.normalize("NFC", text[start:i])
            out.append(piece)
            where.extend([start] * len(piece))
            start = i
    result = "".join(out)
    if not unicodedata.is_normalized("NFC", result):  # rare: composition across starters
        whole = unicodedata.normalize("NFC", text)
        scale = len(text) / max(len(whole), 1)
        return whole, [min(int(i * scale), max(len(text) - 1, 0)) for i in range(len(whole))]
    return result, where


def _list_mark(match: re.Match[str]) -> str:
    number = match.group(2) or match.group(3) or match.group(4) or ""
    return match.group(1) + number.translate(_TO_ARABIC) + "."


def _list_mark_mapped(text: str) -> Mapped:
    """:func:`canonical_list_mark` with the offset map: each digit to its digit, the final
    dot to the mark's last character, so that a changed number is shown on the original."""
    match = _LIST_MARK_RE.match(text)
    if match is None:
        return text, list(range(len(text)))
    group = next(g for g in (2, 3, 4) if match.group(g))
    start = match.start(group)
    number = match.group(group).translate(_TO_ARABIC)
    lead = match.group(1)
    where = list(range(len(lead))) + [start + i for i in range(len(number))] + [match.end() - 1]
    rest = text[match.end():]
    return lead + number + "." + rest, where + list(range(match.end(), len(text)))


def canonical_list_mark(text: str) -> str:
    """``text`` with its leading list number written one way, so that numbering style is
    not a difference: "๑." = "1)" = "(1)" = Word's automatic "1.".

    >>> [canonical_list_mark(t) for t in ("๑. ก", "1) ก", "(1) ก", "๒.๑ ก", "(ก) ข", "2567 ปี")]
    ['1. ก', '1. ก', '1. ก', '2.1. ก', 'ก. ข', '2567 ปี']
    """
    return _LIST_MARK_RE.sub(_list_mark, text, count=1)


def _compose(first: list[int], second: list[int]) -> list[int]:
    return [first[i] for i in second]


def _pass(text: str) -> Mapped:
    text_a, map_a = _sub_mapped(_ZERO_WIDTH_RE, lambda m: "", text)
    text_b, map_b = _nfc_mapped(text_a)
    text_c, map_c = _sub_mapped(_THAI_FORMS_RE, _thai_form, text_b)
    text_d, map_d = _nfc_mapped(text_c)  # removing a nikhahit can bring marks together
    text_m, map_m = _list_mark_mapped(text_d)
    text_e, map_e = _sub_mapped(_WHITESPACE_RE, lambda m: " ", text_m.translate(_TO_ARABIC))
    where = _compose(_compose(_compose(_compose(_compose(map_a, map_b), map_c), map_d), map_m), map_e)
    # strip, keeping the map aligned
    lead = len(text_e) - len(text_e.lstrip(" "))
    stripped = text_e.strip(" ")
    return stripped, where[lead : lead + len(stripped)]


def _pass_plain(text: str) -> str:
    """:func:`_pass` without the offset map: the same result, at C speed (keys, comparisons)."""
    text = _ZERO_WIDTH_RE.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = _THAI_FORMS_RE.sub(_thai_form, text)
    text = unicodedata.normalize("NFC", text)
    text = _LIST_MARK_RE.sub(_list_mark, text, count=1)
    return _WHITESPACE_RE.sub(" ", text.translate(_TO_ARABIC)).strip(" ")


def normalise_mapped(text: str) -> Mapped:
    """Normalise ``text`` and map every result character to its index in ``text``.

    >>> normalise_mapped(" ก\\u200bข ")
    ('กข', [1, 3])
    """
    result, where = _pass(text)
    # One pass is stable for all real text; a second pass settles pathological inputs
    # (for instance a sara e whose partner only appears after a zero-width space is removed).
    again, where_again = _pass(result)
    if again != result:
        return again, _compose(where, where_again)
    return result, where


def normalise(text: str) -> str:
    """The text a reader sees: NFC, Arabic digits, no zero-width characters, single spaces.

    >>> normalise("ที่ ขร ๐๐๑๙.๑/ว ๔๗") == normalise("ที่ ขร 0019.1/ว 47")
    True
    >>> normalise("เเละ") == "และ"
    True
    """
    once = _pass_plain(text)
    again = _pass_plain(once)
    return again


def comparison_key(text: str) -> str:
    """What two paragraphs must share to count as the same: normalised text without spaces.

    Spaces are dropped because wrapping, justification and a text extractor's line breaks
    move them around (a Thai line may wrap inside a run of words with no space at all),
    while the words themselves are what a reviewer compares.

    >>> comparison_key("ศาลากลางจังหวัด\\nเชียงราย") == comparison_key("ศาลากลางจังหวัดเชียงราย")
    True
    """
    # spaces go first, so that what they separated is joined the same way on both sides
    # ("เ\nเเ" and "เเเ" both read "แเ")
    return normalise(_WHITESPACE_RE.sub("", canonical_list_mark(_ZERO_WIDTH_RE.sub("", text))))
