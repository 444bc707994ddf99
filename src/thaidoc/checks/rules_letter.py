"""The parts of an issued letter read against each other: salutation, closing and the
recipient's rank; a circular's ว; the signer's principal against the sending office.

- ``letter.closing`` (warning): a closing that does not go with the salutation (เรียน …
  ขอแสดงความนับถืออย่างยิ่ง); the pairs are those of
  :data:`thaidoc.thai.letters.SALUTATIONS`, the one table the renderer prints from and the
  reader reads back with (:func:`~thaidoc.thai.letters.rank_of`).
- ``letter.salutation`` (warning): a salutation that does not fit the recipient: กราบเรียน to
  anyone but the highest offices, เรียน to one of them, or to a monk (นมัสการ), นมัสการ to a layman.
- ``ref.circular`` (warning): a letter addressed to many (ทุกอำเภอ, ทุกจังหวัด, ทุกหน่วยงาน,
  ตามบัญชีรายชื่อแนบท้าย …) whose ที่ has no ว.
- ``signer.province`` (error): the province named in the signer block (the principal after
  ปฏิบัติราชการแทน / รักษาราชการแทน, or any จังหวัด… there) that is not the sending office's.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from thaidoc.checks.findings import Severity
from thaidoc.thai import PROVINCES, SALUTATION_WORDS, SALUTATIONS, rank_of

if TYPE_CHECKING:
    from thaidoc.checks.text import _Context
    from thaidoc.thai import Province
    from thaidoc.thai.letters import Rank

__all__ = ["check_salutation", "check_circular", "check_signer_province", "recipient_rank"]

# ระเบียบงานสารบรรณ ภาคผนวก ๒: the offices written to with กราบเรียน … ขอแสดงความนับถืออย่างยิ่ง
_HIGHEST = re.compile(
    r"^(?:ฯพณฯ\s*)?(?:ประธานองคมนตรี|นายกรัฐมนตรี|ประธานรัฐสภา|ประธานสภาผู้แทนราษฎร|ประธานวุฒิสภา"
    r"|ประธานศาลฎีกา|ประธานศาลรัฐธรรมนูญ|ประธานศาลปกครองสูงสุด|รัฐบุรุษ|ประธานกรรมการการเลือกตั้ง"
    r"|ประธานผู้ตรวจการแผ่นดิน|ผู้ตรวจการแผ่นดิน|ประธานกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ|ประธานกรรมการตรวจเงินแผ่นดิน"
    r"|ประธานกรรมการสิทธิมนุษยชนแห่งชาติ)"
)
# a monk is written to with นมัสการ: by title (พระครู…, เจ้าอาวาส…, สมเด็จพระ… but not the King)
_MONK = re.compile(
    r"^(?:พระครู|พระมหา|พระอธิการ|พระปลัด|พระสมุห์|พระใบฎีกา|พระราชาคณะ|พระภิกษุ|เจ้าอาวาส|เจ้าคณะ"
    r"|สมเด็จพระสังฆราช|สมเด็จพระราชาคณะ|พระธรรม|พระราชเวที|พระเทพ|พระพรหม)"
)


def recipient_rank(name: str) -> "Rank":
    """The rank of a recipient as written after the salutation (``general``, ``highest``,
    ``monk``), by office or title; what cannot be told is ``general``.

    >>> recipient_rank("นายกรัฐมนตรี"), recipient_rank("เจ้าอาวาสวัดพระสิงห์"), recipient_rank("นายอำเภอ ทุกอำเภอ")
    ('highest', 'monk', 'general')
    """
    name = name.strip()
    if _HIGHEST.match(name):
        return "highest"
    if _MONK.match(name):
        return "monk"
    return "general"


def check_salutation(ctx: "_Context") -> None:
    layout = ctx.layout
    if layout.salutation is None or layout.kind not in ("external-letter", "memo"):
        return
    text = ctx.lines[layout.salutation].plain
    word, _, name = text.partition(" ")
    if word not in SALUTATION_WORDS:
        return  # ถึง (a stamped letter), or a salutation the table does not know
    rank = recipient_rank(name)
    # the ranks the word is written to (นมัสการ: monk, monk-senior, monk-highest), from the table
    fits = any(r.split("-")[0] == rank for r, (s, _) in SALUTATIONS.items() if s == word)
    if not fits:
        expected = SALUTATIONS[rank][0]
        reason = {"highest": f"{name} is one of the highest offices",
                  "monk": f"{name} is a monk",
                  "general": f"{word} is for {'the highest offices' if word == 'กราบเรียน' else 'monks'} only"}[rank]
        ctx.add(layout.salutation, "letter.salutation",
                f"คำขึ้นต้นไม่เหมาะกับผู้รับ / the salutation {word} does not fit the recipient: {reason}",
                severity=Severity.WARNING, quote=text, expected=f"{expected} {name}".strip(), found=word)
    if layout.closing is None or layout.kind == "memo":
        return
    closing = ctx.lines[layout.closing].plain
    if rank_of(word, closing) is not None:
        return  # the pair is one of the table's
    if not fits and any(rank_of(s, closing) is not None and r.split("-")[0] == rank
                        for r, (s, _) in SALUTATIONS.items()):
        return  # the closing is right for the recipient: the salutation alone is wrong
    closings = [c for s, c in SALUTATIONS.values() if s == word]
    # a warning, not an error: ระเบียบงานสารบรรณ pairs them, but an office may close a letter to
    # a minister with ขอแสดงความนับถืออย่างยิ่ง on purpose, and a generated letter whose data
    # overrides the closing must still render
    ctx.add(layout.closing, "letter.closing",
            f"คำลงท้ายไม่เข้ากับคำขึ้นต้น / the closing {closing} does not go with the salutation "
            f"{word} ({ctx.lines[layout.salutation].where}), which closes with {' or '.join(closings)}",
            severity=Severity.WARNING, quote=closing, expected=" / ".join(closings), found=closing)


_MANY = re.compile(
    r"ทุก(?:อำเภอ|จังหวัด|หน่วยงาน|ส่วนราชการ|ตำบล|แห่ง|ท่าน|โรงเรียน|กรม|กระทรวง|องค์กร|สำนัก)"
    r"|ตามบัญชี|ตามรายชื่อ|รายชื่อแนบท้าย|บัญชีแนบท้าย|แนบท้าย"
)


def check_circular(ctx: "_Context") -> None:
    layout = ctx.layout
    number = layout.number
    if number is None or layout.kind not in ("external-letter", "stamped-letter") or layout.salutation is None:
        return
    to = ctx.lines[layout.salutation].plain
    if _MANY.search(to) and not number.circular:
        ctx.add(number.line, "ref.circular",
                f"หนังสือถึงผู้รับหลายรายแต่เลขที่ไม่มี ว / the letter is addressed to many ({to}) but its "
                f"number {number.raw} has no ว: a circular is numbered …/ว …",
                severity=Severity.WARNING, quote=number.raw, expected=f"{number.office}/ว …",
                found=number.raw)
    # The reverse (a ว on a letter to one named recipient) is not reported: a circular is
    # often sent as one copy per recipient, each addressed by name ("เรียน นายอำเภอพาน"), which
    # is what `thaidoc batch` prints; a note there would be a note on every copy.


_ACTING = re.compile(r"(?:ปฏิบัติราชการแทน|รักษาราชการแทน|ราชการแทน)")
_PROVINCE_WORD = re.compile(r"จังหวัด\s*(?P<rest>[ก-๙]{2,}(?:\s[ก-๙]+)?)")


def _province_in(text: str) -> "tuple[Province, str] | None":
    """The province named after จังหวัด in ``text`` (the longest known name that starts
    there), with the words as written."""
    for match in _PROVINCE_WORD.finditer(text):
        rest = match["rest"].replace(" ", "")
        best = max((p for p in PROVINCES if rest.startswith(p.name)), key=lambda p: len(p.name), default=None)
        if best is not None:
            return best, match.group(0)[: len("จังหวัด") + len(best.name) + 1].strip()
    return None


def check_signer_province(ctx: "_Context") -> None:
    layout = ctx.layout
    province = layout.province
    if province is None and layout.title is not None:
        # an order or announcement names its issuer in the title: คำสั่งจังหวัดฉะเชิงเทรา
        named = _province_in(ctx.lines[layout.title].plain)
        province = named[0] if named else None
    if province is None or not layout.signer:
        return
    for index in layout.signer[1:]:  # the first line is the signer's name
        text = ctx.lines[index].plain
        found = _province_in(text)
        if found is None or found[0] == province:
            continue
        other, written = found
        acting = any(_ACTING.search(ctx.lines[k].plain) for k in layout.signer)
        role = "the principal the signer acts for" if acting else "the signer's office"
        ctx.add(index, "signer.province",
                f"จังหวัดในตำแหน่งผู้ลงนามไม่ตรงกับส่วนราชการเจ้าของหนังสือ / {role} names "
                f"{other.name}, but the letter is sent from {province.name}",
                quote=text, expected=f"จังหวัด{province.name}", found=written)
