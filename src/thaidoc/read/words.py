"""Thai words, cut with pythainlp's ``newmm`` and its dictionary, ready fast.

Reading a PDF (how wide is a line's first word?) and the diff (Thai is compared word by word)
both cut Thai text into words. pythainlp builds a trie of its 62,000 words on first use,
0.3 s of CPU in every process that cuts a word; held in a set the same words are ready in
0.06 s, and a lookup costs a little more per character, which a letter never notices (a
page-long paragraph of 80 KB: about 0.3 s). The words found are the same.

>>> segment("ขอให้อำเภอดำเนินการ ดังนี้")
['ขอให้', 'อำเภอ', 'ดำเนินการ', ' ', 'ดังนี้']
"""

from __future__ import annotations

import functools

__all__ = ["segment"]


class _Dictionary:
    """The words newmm asks for (those that start at a position), from a set."""

    def __init__(self, words: frozenset[str]) -> None:
        self.words = words
        self.lengths = sorted({len(word) for word in words})

    def __len__(self) -> int:
        return len(self.words)

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        found = []
        end = len(text)
        for length in self.lengths:
            stop = start + length
            if stop > end:
                break
            piece = text[start:stop]
            if piece in self.words:
                found.append(piece)
        return found


@functools.lru_cache(maxsize=1)
def _dictionary() -> _Dictionary:
    from pythainlp.corpus.common import thai_words  # 0.2 s of imports: only when words are cut

    return _Dictionary(frozenset(thai_words()))


def segment(text: str) -> list[str]:
    """``text`` cut into words, whitespace kept as tokens of its own (pythainlp newmm)."""
    from pythainlp.tokenize import word_tokenize  # see _dictionary

    # newmm only asks its dictionary for prefixes(), which the set answers (duck-typed Trie)
    words: list[str] = word_tokenize(
        text, engine="newmm", keep_whitespace=True, custom_dict=_dictionary()  # type: ignore[arg-type]
    )
    return words
