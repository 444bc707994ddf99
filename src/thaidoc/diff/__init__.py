"""Comparing a generated letter with the issued one: ``thaidoc.diff_documents(a, b)``.

The function is called :func:`diff` inside this package and exported from ``thaidoc`` as
``diff_documents`` (``thaidoc.diff`` is this package, so it cannot also be the function).

>>> from thaidoc.diff import diff_documents
>>> result = diff_documents("ขอให้อำเภอดำเนินการ\\n".encode(), "ขอให้จังหวัดดำเนินการ\\n".encode(),
...                         generated_name="generated.txt", issued_name="issued.txt")
>>> [(op.old, op.new) for change in result.changes for op in change.changed_words]
[('อำเภอ', 'จังหวัด')]
"""

from __future__ import annotations

from thaidoc.diff.core import diff
from thaidoc.diff.model import Change, DiffResult, FormatDifference, Row, Side
from thaidoc.diff.normalise import comparison_key, normalise
from thaidoc.diff.words import WordOp, word_diff

diff_documents = diff

__all__ = [
    "diff",
    "diff_documents",
    "DiffResult",
    "Change",
    "FormatDifference",
    "Row",
    "Side",
    "WordOp",
    "word_diff",
    "normalise",
    "comparison_key",
]
