"""Word-level diff of one paragraph against another, for Thai text.

Thai is written without spaces between words, so a character diff shows nonsense
("อำเภอ" -> "จังหวัด" as a scatter of vowels), and a diff on spaces shows a whole clause.
The paragraph is cut into words with pythainlp's ``newmm`` tokeniser (whitespace kept as
tokens), the two word sequences are compared with :class:`difflib.SequenceMatcher`, and the
result is mapped back onto the *original* text of each side through the offset map of
:func:`thaidoc.diff.normalise.normalise_mapped`, so that every fragment can be shown,
formatted and tracked exactly as it was written.

No fragment ever starts with a vowel or tone mark that belongs to the character before it,
or ends with a leading vowel (เ แ โ ใ ไ) that belongs to the one after it: a reviewer must
never see an orphaned "้" or "ำ".
"""

from __future__ import annotations

import bisect
import difflib
import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from thaidoc.diff.normalise import normalise_mapped
from thaidoc.read.words import segment

__all__ = [
    "WordOp", "tokenize", "word_diff", "starts_cluster", "cluster_bounds", "similarity", "sequence_opcodes",
    "shared_fraction",
]

OpKind = Literal["equal", "insert", "delete", "replace"]

#: Thai characters that attach to the character before them (above/below vowels, tone
#: marks, and the following vowels ะ า ำ ๅ, which are spacing but never start a syllable).
_FOLLOWING = frozenset("\u0e30\u0e32\u0e33\u0e45")
#: Leading vowels, written before the consonant they are pronounced after.
_LEADING = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44")


def starts_cluster(fragment: str) -> bool:
    """True when ``fragment`` does not begin with a mark that belongs to a previous character.

    >>> starts_cluster("น้ำ"), starts_cluster("้ำ"), starts_cluster("ำ"), starts_cluster("")
    (True, False, False, True)
    """
    if not fragment:
        return True
    first = fragment[0]
    return not (unicodedata.category(first) in ("Mn", "Mc", "Me") or first in _FOLLOWING)


def _ends_cluster(fragment: str) -> bool:
    return not fragment or fragment[-1] not in _LEADING


def _is_boundary(text: str, position: int) -> bool:
    if position <= 0 or position >= len(text):
        return True
    return starts_cluster(text[position:]) and text[position - 1] not in _LEADING


def cluster_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``text[start:end]`` to whole character clusters (start back, end forward).

    >>> word = "เรื่อง"
    >>> cluster_bounds(word, 2, 3), cluster_bounds(word, 1, 2)
    ((0, 4), (0, 4))
    """
    while not _is_boundary(text, start):
        start -= 1
    while not _is_boundary(text, end):
        end += 1
    return start, end


_SPACES = re.compile(r"(\s+)")


def _words(text: str) -> list[str]:
    """newmm's words, found between spaces piece by piece: the cost stays linear in the
    length of a page-long paragraph, and a piece the two letters share is cut once."""
    out: list[str] = []
    for piece in _SPACES.split(text):
        if not piece:
            continue
        if piece[0].isspace():
            out.append(piece)
        elif len(piece) > 2000:
            out.extend(segment(piece))
        else:
            out.extend(_piece_words(piece))
    return out


@functools.lru_cache(maxsize=65536)
def _piece_words(piece: str) -> tuple[str, ...]:
    return tuple(segment(piece))


def tokenize(text: str) -> list[str]:
    """Cut normalised ``text`` into words and whitespace; never inside a character cluster.

    >>> tokenize("ขอให้อำเภอดำเนินการ ดังนี้")
    ['ขอให้', 'อำเภอ', 'ดำเนินการ', ' ', 'ดังนี้']
    """
    if not text:
        return []
    tokens: list[str] = []
    for token in _words(text):
        if not token:
            continue
        if tokens and (not starts_cluster(token) or not _ends_cluster(tokens[-1])):
            tokens[-1] += token
        else:
            tokens.append(token)
    return tokens


@dataclass(frozen=True)
class WordOp:
    """One step of a word diff: ``old`` became ``new`` (both original text, not normalised).

    ``old_span`` and ``new_span`` are character offsets into the original paragraph texts.
    """

    kind: OpKind
    old: str
    new: str
    old_span: tuple[int, int]
    new_span: tuple[int, int]

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "old": self.old,
            "new": self.new,
            "old_span": list(self.old_span),
            "new_span": list(self.new_span),
        }


def _boundaries(tokens: Sequence[str]) -> list[int]:
    edges = [0]
    for token in tokens:
        edges.append(edges[-1] + len(token))
    return edges


def _to_original(position: int, where: list[int], original_length: int) -> int:
    """Offset in the original text of a token boundary in the normalised text."""
    if position == 0:
        return 0
    if position >= len(where):
        return original_length
    return where[position]


def _is_whitespace_only_change(old: str, new: str) -> bool:
    return old.replace(" ", "") == new.replace(" ", "")


#: Up to this many token comparisons (len(a) * len(b)) difflib runs as it is; above it the
#: sequences are first cut at words that occur once on each side (patience diff), which keeps
#: a paragraph of 80 KB near-linear.
_DIRECT_LIMIT = 250_000

Opcode = tuple[str, int, int, int, int]


def sequence_opcodes(a: Sequence[str], b: Sequence[str]) -> list[Opcode]:
    """difflib-style opcodes turning ``a`` into ``b``, in near-linear time for long inputs.

    Common ends are taken off first; what remains is matched directly when small, else cut at
    anchors, the tokens that occur exactly once in each side, in the longest increasing run
    of their positions (patience diff), and each stretch between anchors is matched again the
    same way. A stretch without anchors that is still large is matched with difflib's junk
    heuristic (popular tokens ignored), which bounds its cost.

    >>> sequence_opcodes(list("abcd"), list("abxd"))
    [('equal', 0, 2, 0, 2), ('replace', 2, 3, 2, 3), ('equal', 3, 4, 3, 4)]
    """
    out: list[Opcode] = []
    _opcodes_into(a, b, 0, len(a), 0, len(b), out)
    merged: list[Opcode] = []
    for tag, i1, i2, j1, j2 in out:
        if i1 == i2 and j1 == j2:
            continue
        if merged and merged[-1][0] == tag:
            merged[-1] = (tag, merged[-1][1], i2, merged[-1][3], j2)
        elif merged and tag != "equal" and merged[-1][0] != "equal":
            merged[-1] = ("replace", merged[-1][1], i2, merged[-1][3], j2)
        else:
            merged.append((tag, i1, i2, j1, j2))
    return [
        (("replace" if i1 < i2 and j1 < j2 else "delete" if i1 < i2 else "insert") if tag != "equal" else tag,
         i1, i2, j1, j2)
        for tag, i1, i2, j1, j2 in merged
    ]


def _opcodes_into(a: Sequence[str], b: Sequence[str], i1: int, i2: int, j1: int, j2: int, out: list[Opcode]) -> None:
    # common prefix and suffix
    start_i, start_j = i1, j1
    while i1 < i2 and j1 < j2 and a[i1] == b[j1]:
        i1, j1 = i1 + 1, j1 + 1
    if i1 > start_i:
        out.append(("equal", start_i, i1, start_j, j1))
    end_i, end_j = i2, j2
    while i2 > i1 and j2 > j1 and a[i2 - 1] == b[j2 - 1]:
        i2, j2 = i2 - 1, j2 - 1
    tail = ("equal", i2, end_i, j2, end_j) if i2 < end_i else None
    if i1 == i2 or j1 == j2:
        if i1 < i2 or j1 < j2:
            out.append(("replace", i1, i2, j1, j2))
    elif (i2 - i1) * (j2 - j1) <= _DIRECT_LIMIT:
        matcher = difflib.SequenceMatcher(None, a[i1:i2], b[j1:j2], autojunk=False)
        out.extend((t, i1 + p1, i1 + p2, j1 + q1, j1 + q2) for t, p1, p2, q1, q2 in matcher.get_opcodes())
    else:
        anchors = _anchors(a, b, i1, i2, j1, j2)
        if anchors:
            previous_i, previous_j = i1, j1
            for ai, bj in anchors:
                _opcodes_into(a, b, previous_i, ai, previous_j, bj, out)
                out.append(("equal", ai, ai + 1, bj, bj + 1))
                previous_i, previous_j = ai + 1, bj + 1
            _opcodes_into(a, b, previous_i, i2, previous_j, j2, out)
        else:
            matcher = difflib.SequenceMatcher(None, a[i1:i2], b[j1:j2], autojunk=True)
            out.extend((t, i1 + p1, i1 + p2, j1 + q1, j1 + q2) for t, p1, p2, q1, q2 in matcher.get_opcodes())
    if tail is not None:
        out.append(tail)


def _anchors(a: Sequence[str], b: Sequence[str], i1: int, i2: int, j1: int, j2: int) -> list[tuple[int, int]]:
    """Positions of tokens unique on both sides, in the longest run increasing on both."""
    counts: dict[str, list[int]] = {}
    for i in range(i1, i2):
        entry = counts.setdefault(a[i], [0, 0, i])
        entry[0] += 1
    for j in range(j1, j2):
        seen = counts.get(b[j])
        if seen is not None:
            seen[1] += 1
            if seen[1] == 1:
                seen.append(j)
    pairs = sorted((entry[2], entry[3]) for entry in counts.values() if entry[0] == 1 and entry[1] == 1)
    # longest increasing subsequence of the b positions (patience sorting), O(n log n)
    tops: list[int] = []
    top_index: list[int] = []
    back: list[int] = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        position = bisect.bisect_left(tops, j)
        if position == len(tops):
            tops.append(j)
            top_index.append(k)
        else:
            tops[position] = j
            top_index[position] = k
        back[k] = top_index[position - 1] if position > 0 else -1
    chain: list[tuple[int, int]] = []
    k = top_index[-1] if top_index else -1
    while k >= 0:
        chain.append(pairs[k])
        k = back[k]
    return chain[::-1]


def _token_opcodes(tokens_old: Sequence[str], tokens_new: Sequence[str]) -> list[tuple[str, int, int, int, int]]:
    """difflib opcodes over the tokens, matched on the words alone.

    Whitespace tokens are left out of the matching: as tokens of their own they anchor
    matches between unrelated words ("โทร. ๐ ๕๓๑๗" against "โทร.๐ - ๕๓๑๗" read as ๐
    inserted and ๐ replaced by "-", instead of "-" inserted). Each opcode then covers the
    whitespace after its words, so the opcodes still cover every token; inside a changed
    stretch the whitespace is matched again, so that two changes a tab or space apart (two
    table cells) stay two changes with the separator unchanged between them.
    """
    words_old = [i for i, token in enumerate(tokens_old) if token.strip()]
    words_new = [j for j, token in enumerate(tokens_new) if token.strip()]
    opcodes = sequence_opcodes([tokens_old[i] for i in words_old], [tokens_new[j] for j in words_new])

    def token_at(words: list[int], k: int, length: int) -> int:
        return words[k] if k < len(words) else length

    out: list[tuple[str, int, int, int, int]] = []
    for number, (tag, a1, a2, b1, b2) in enumerate(opcodes):
        first, last = number == 0, number == len(opcodes) - 1
        i1 = 0 if first else token_at(words_old, a1, len(tokens_old))
        j1 = 0 if first else token_at(words_new, b1, len(tokens_new))
        i2 = len(tokens_old) if last else token_at(words_old, a2, len(tokens_old))
        j2 = len(tokens_new) if last else token_at(words_new, b2, len(tokens_new))
        if tag == "equal":
            out.append((tag, i1, i2, j1, j2))
            continue
        inner = sequence_opcodes(tokens_old[i1:i2], tokens_new[j1:j2])
        out.extend((t, i1 + p1, i1 + p2, j1 + q1, j1 + q2) for t, p1, p2, q1, q2 in inner)
    if not opcodes and (tokens_old or tokens_new):  # whitespace only on both sides
        out.append(("equal" if not tokens_old or not tokens_new else "replace", 0, len(tokens_old), 0, len(tokens_new)))
    return out


def word_diff(old: str, new: str) -> list[WordOp]:
    """The word-level differences between two paragraphs, covering both texts completely.

    Changes that are only whitespace, digit script, zero-width characters or Unicode form
    are reported as ``equal``.

    >>> [(op.kind, op.old, op.new) for op in word_diff("ขอให้อำเภอดำเนินการ", "ขอให้จังหวัดดำเนินการ")]
    [('equal', 'ขอให้', 'ขอให้'), ('replace', 'อำเภอ', 'จังหวัด'), ('equal', 'ดำเนินการ', 'ดำเนินการ')]
    """
    norm_old, where_old = normalise_mapped(old)
    norm_new, where_new = normalise_mapped(new)
    tokens_old, tokens_new = tokenize(norm_old), tokenize(norm_new)
    edges_old, edges_new = _boundaries(tokens_old), _boundaries(tokens_new)

    merged: list[list[Any]] = []  # [kind, i1, i2, j1, j2] over tokens
    for tag, i1, i2, j1, j2 in _token_opcodes(tokens_old, tokens_new):
        kind = tag
        if tag != "equal":
            changed_old = "".join(tokens_old[i1:i2])
            changed_new = "".join(tokens_new[j1:j2])
            if _is_whitespace_only_change(changed_old, changed_new):
                kind = "equal"
        if merged and (merged[-1][0] == kind or (kind != "equal" and merged[-1][0] != "equal")):
            merged[-1][0] = kind if merged[-1][0] == kind else "replace"
            merged[-1][2], merged[-1][4] = i2, j2
        else:
            merged.append([kind, i1, i2, j1, j2])

    # spaces and line breaks at the edges of a change belong to the unchanged text around it
    trimmed: list[list[Any]] = []
    for kind, i1, i2, j1, j2 in merged:
        if kind == "equal":
            pieces = [[kind, i1, i2, j1, j2]]
        else:
            a1, a2, b1, b2 = i1, i2, j1, j2
            while a1 < a2 and not tokens_old[a1].strip():
                a1 += 1
            while b1 < b2 and not tokens_new[b1].strip():
                b1 += 1
            while a2 > a1 and not tokens_old[a2 - 1].strip():
                a2 -= 1
            while b2 > b1 and not tokens_new[b2 - 1].strip():
                b2 -= 1
            pieces = [["equal", i1, a1, j1, b1], [kind, a1, a2, b1, b2], ["equal", a2, i2, b2, j2]]
        for piece in pieces:
            if piece[1] == piece[2] and piece[3] == piece[4]:
                continue
            if trimmed and trimmed[-1][0] == piece[0] == "equal":
                trimmed[-1][2], trimmed[-1][4] = piece[2], piece[4]
            else:
                trimmed.append(piece)

    ops: list[WordOp] = []
    for kind, i1, i2, j1, j2 in trimmed:
        o1 = _to_original(edges_old[i1], where_old, len(old))
        o2 = _to_original(edges_old[i2], where_old, len(old))
        n1 = _to_original(edges_new[j1], where_new, len(new))
        n2 = _to_original(edges_new[j2], where_new, len(new))
        op_kind: OpKind = "equal"
        if kind != "equal":
            op_kind = "replace" if i1 < i2 and j1 < j2 else ("delete" if i1 < i2 else "insert")
        ops.append(WordOp(op_kind, old[o1:o2], new[n1:n2], (o1, o2), (n1, n2)))
    if not ops:
        return [WordOp("equal", old, new, (0, len(old)), (0, len(new)))] if (old or new) else []
    # whitespace stripped by normalisation at either end belongs to the first/last op
    first, last = ops[0], ops[-1]
    ops[0] = WordOp(first.kind, old[: first.old_span[1]], new[: first.new_span[1]], (0, first.old_span[1]), (0, first.new_span[1]))
    last = ops[-1]
    ops[-1] = WordOp(last.kind, old[last.old_span[0] :], new[last.new_span[0] :], (last.old_span[0], len(old)), (last.new_span[0], len(new)))
    return ops


#: Keys longer than this are compared by their three-character pieces, in linear time.
_LONG_KEY = 3000


def _trigrams(key: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for i in range(len(key) - 2):
        piece = key[i : i + 3]
        counts[piece] = counts.get(piece, 0) + 1
    return counts


def shared_fraction(short: str, long_: str) -> float:
    """How much of ``short`` (by three-character pieces) also occurs in ``long_``; linear."""
    if len(short) < 3:
        return 1.0 if short in long_ else 0.0
    mine, theirs = _trigrams(short), _trigrams(long_)
    common = sum(min(count, theirs.get(piece, 0)) for piece, count in mine.items())
    return common / max(len(short) - 2, 1)


def similarity(old_key: str, new_key: str) -> float:
    """How alike two comparison keys are (0..1), on characters; cheap bounds first.

    Long keys (a whole page in one paragraph) are compared by their three-character pieces
    (the Dice coefficient), which is linear where difflib's ratio is quadratic.
    """
    if not old_key and not new_key:
        return 1.0
    if len(old_key) > _LONG_KEY or len(new_key) > _LONG_KEY:
        a, b = _trigrams(old_key), _trigrams(new_key)
        common = sum(min(count, b.get(piece, 0)) for piece, count in a.items())
        return 2 * common / max(len(old_key) + len(new_key) - 4, 1)
    matcher = difflib.SequenceMatcher(None, old_key, new_key, autojunk=False)
    if matcher.real_quick_ratio() < 0.5 or matcher.quick_ratio() < 0.5:
        return matcher.quick_ratio()
    return matcher.ratio()
