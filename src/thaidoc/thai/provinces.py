"""The 77 provinces: name, letter abbreviation (ที่ ชร …) and postcode prefix; and the
ministry codes that may stand after ที่ in place of a province's.

From the official correspondence notes (letter-format.md). Look-ups return ``None`` (or an
empty list) for unknown input rather than raising: callers are checkers that turn "unknown"
into a finding, usually with ``suggest_provinces`` as the did-you-mean.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from thaidoc.thai.digits import arabic_digits

__all__ = [
    "MINISTRY_CODES",
    "Province",
    "PROVINCES",
    "province_by_name",
    "province_by_abbreviation",
    "provinces_by_postcode",
    "suggest_provinces",
]


@dataclass(frozen=True, slots=True)
class Province:
    name: str
    abbreviation: str
    postcode_prefix: str


_TABLE = """
กรุงเทพมหานคร กท 10 | สมุทรปราการ สป 10 | นนทบุรี นบ 11 | ปทุมธานี ปท 12 | พระนครศรีอยุธยา อย 13
อ่างทอง อท 14 | ลพบุรี ลบ 15 | สิงห์บุรี สห 16 | ชัยนาท ชน 17 | สระบุรี สบ 18
ชลบุรี ชบ 20 | ระยอง รย 21 | จันทบุรี จบ 22 | ตราด ตร 23 | ฉะเชิงเทรา ฉช 24 | ปราจีนบุรี ปจ 25
นครนายก นย 26 | สระแก้ว สก 27
นครราชสีมา นม 30 | บุรีรัมย์ บร 31 | สุรินทร์ สร 32 | ศรีสะเกษ ศก 33 | อุบลราชธานี อบ 34
ยโสธร ยส 35 | ชัยภูมิ ชย 36 | อำนาจเจริญ อจ 37 | บึงกาฬ บก 38 | หนองบัวลำภู นภ 39
ขอนแก่น ขก 40 | อุดรธานี อด 41 | เลย ลย 42 | หนองคาย นค 43 | มหาสารคาม มค 44 | ร้อยเอ็ด รอ 45
กาฬสินธุ์ กส 46 | สกลนคร สน 47 | นครพนม นพ 48 | มุกดาหาร มห 49
เชียงใหม่ ชม 50 | ลำพูน ลพ 51 | ลำปาง ลป 52 | อุตรดิตถ์ อต 53 | แพร่ พร 54 | น่าน นน 55
พะเยา พย 56 | เชียงราย ชร 57 | แม่ฮ่องสอน มส 58
นครสวรรค์ นว 60 | อุทัยธานี อน 61 | กำแพงเพชร กพ 62 | ตาก ตก 63 | สุโขทัย สท 64 | พิษณุโลก พล 65
พิจิตร พจ 66 | เพชรบูรณ์ พช 67
ราชบุรี รบ 70 | กาญจนบุรี กจ 71 | สุพรรณบุรี สพ 72 | นครปฐม นฐ 73 | สมุทรสาคร สค 74
สมุทรสงคราม สส 75 | เพชรบุรี พบ 76 | ประจวบคีรีขันธ์ ปข 77
นครศรีธรรมราช นศ 80 | กระบี่ กบ 81 | พังงา พง 82 | ภูเก็ต ภก 83 | สุราษฎร์ธานี สฎ 84 | ระนอง รน 85
ชุมพร ชพ 86
สงขลา สข 90 | สตูล สต 91 | ตรัง ตง 92 | พัทลุง พท 93 | ปัตตานี ปน 94 | ยะลา ยล 95 | นราธิวาส นธ 96
"""

PROVINCES: tuple[Province, ...] = tuple(
    Province(*entry.split())
    for line in _TABLE.strip().splitlines()
    for entry in line.split("|")
)

#: Ministry (กระทรวง) and equivalent codes that may follow ที่ instead of a province code.
MINISTRY_CODES = {
    "นร": "สำนักนายกรัฐมนตรี", "กห": "กระทรวงกลาโหม", "กค": "กระทรวงการคลัง",
    "กต": "กระทรวงการต่างประเทศ", "กก": "กระทรวงการท่องเที่ยวและกีฬา",
    "พม": "กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์", "อว": "กระทรวงการอุดมศึกษาฯ",
    "กษ": "กระทรวงเกษตรและสหกรณ์", "คค": "กระทรวงคมนาคม", "ทส": "กระทรวงทรัพยากรธรรมชาติฯ",
    "ดศ": "กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม", "พน": "กระทรวงพลังงาน", "พณ": "กระทรวงพาณิชย์",
    "มท": "กระทรวงมหาดไทย", "ยธ": "กระทรวงยุติธรรม", "รง": "กระทรวงแรงงาน", "วธ": "กระทรวงวัฒนธรรม",
    "ศธ": "กระทรวงศึกษาธิการ", "สธ": "กระทรวงสาธารณสุข", "อก": "กระทรวงอุตสาหกรรม",
    "ตช": "สำนักงานตำรวจแห่งชาติ",
}  # fmt: skip

_BY_NAME = {p.name: p for p in PROVINCES}
_BY_ABBREVIATION = {p.abbreviation: p for p in PROVINCES}
_BY_PREFIX: dict[str, list[Province]] = {}
for _p in PROVINCES:
    _BY_PREFIX.setdefault(_p.postcode_prefix, []).append(_p)

# Names people write for Bangkok besides the official one.
_ALIASES = {"กรุงเทพฯ": "กรุงเทพมหานคร", "กรุงเทพ": "กรุงเทพมหานคร", "กทม": "กรุงเทพมหานคร", "กทม.": "กรุงเทพมหานคร"}


def _clean_name(name: str) -> str:
    name = "".join(name.split())
    for prefix in ("จังหวัด", "จ."):
        if name.startswith(prefix) and len(name) > len(prefix):
            name = name[len(prefix) :]
            break
    return _ALIASES.get(name, name)


def province_by_name(name: str) -> Province | None:
    """The province with this name ("จังหวัด"/"จ." and spaces ignored), or None.

    >>> province_by_name("จังหวัดเชียงราย")
    Province(name='เชียงราย', abbreviation='ชร', postcode_prefix='57')
    >>> province_by_name("กรุงเทพฯ").abbreviation
    'กท'
    """
    return _BY_NAME.get(_clean_name(name))


def province_by_abbreviation(code: str) -> Province | None:
    """The province whose letter abbreviation this is ("ชร" or "ชร."), or None.

    >>> province_by_abbreviation("ฉช").name
    'ฉะเชิงเทรา'
    >>> province_by_abbreviation("ขร") is None
    True
    """
    return _BY_ABBREVIATION.get("".join(code.split()).replace(".", ""))


def provinces_by_postcode(postcode: str | int) -> list[Province]:
    """The provinces a postcode can belong to (two share the prefix 10), or [].

    >>> [p.name for p in provinces_by_postcode("๕๗๐๐๐")]
    ['เชียงราย']
    >>> [p.abbreviation for p in provinces_by_postcode(10200)]
    ['กท', 'สป']
    """
    digits = arabic_digits(str(postcode)).strip()
    if len(digits) != 5 or not digits.isascii() or not digits.isdigit():
        return []
    return list(_BY_PREFIX.get(digits[:2], ()))


# Letters that are easy to mistype for each other (look alike or sit next to each other on
# the Kedmanee keyboard); a substitution between them ranks first among suggestions.
_CONFUSABLE = [
    set(group) for group in ("ขชฃซ", "คฅศ", "บปษ", "ดต", "ผฝพฟ", "ทฑ", "ภถ", "สศษ", "นม", "รฐ", "ยษ", "อฮ", "ลส")
]


def _confusable(a: str, b: str) -> bool:
    return any(a in group and b in group for group in _CONFUSABLE)


def suggest_provinces(code: str, limit: int = 5) -> list[Province]:
    """Did-you-mean for an unknown abbreviation or province name, best first.

    Two-letter codes are matched on one changed letter or two swapped letters; look-alike
    letters (ข/ช, ด/ต …) rank first. Longer text is matched against province names.

    >>> [p.abbreviation for p in suggest_provinces("ขร")][:1]
    ['ชร']
    >>> [p.abbreviation for p in suggest_provinces("รช")][:1]
    ['ชร']
    >>> [p.name for p in suggest_provinces("เชียงรา")]
    ['เชียงราย', 'เชียงใหม่']
    """
    cleaned = "".join(code.split()).replace(".", "")
    if not cleaned:
        return []
    if len(cleaned) > 2 or _clean_name(cleaned) in _BY_NAME:
        name = _clean_name(cleaned)
        if name in _BY_NAME:
            return [_BY_NAME[name]]
        close = difflib.get_close_matches(name, list(_BY_NAME), n=limit, cutoff=0.6)
        return [_BY_NAME[n] for n in close]
    if cleaned in _BY_ABBREVIATION:
        return [_BY_ABBREVIATION[cleaned]]
    ranked: list[tuple[int, str, Province]] = []
    for p in PROVINCES:
        abbr = p.abbreviation
        if len(cleaned) == 2 and abbr == cleaned[::-1]:
            ranked.append((0, p.name, p))
            continue
        if len(cleaned) != len(abbr):
            continue
        differing = [(x, y) for x, y in zip(cleaned, abbr, strict=True) if x != y]
        if len(differing) == 1:
            x, y = differing[0]
            ranked.append((1 if _confusable(x, y) else 2, p.name, p))
    ranked.sort(key=lambda item: (item[0], item[1]))
    return [p for _, _, p in ranked[:limit]]
