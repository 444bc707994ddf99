"""Portal data is hostile (issue 12): each test here is an attack that once worked.

Anything a portal passes through ``thaidoc.render(data)``, ``render_many`` rows or a name
pattern may come from a stranger: it never names server files outside a granted folder, is
never run as a template, and cannot make thaidoc spend unbounded time or memory. Only
``ThaidocError`` escapes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import thaidoc
from thaidoc.errors import DataError
from thaidoc.render.batch import NamePattern

REPO = Path(__file__).resolve().parents[1]
LETTER = REPO / "samples/batch/circular.yaml"
ROW = {"district": "เทิง", "recipient.name": "นายอำเภอเทิง", "amounts.allocation": "265,080"}


# -- 5. name patterns: field names and simple specs only ------------------------------------------

@pytest.mark.parametrize("pattern", [
    "{recipient.__init__.__globals__[re].enum.sys.modules[os].environ[HOME]}.docx",
    "{district.__class__}.docx",
    "{seq!r}.docx",
    "{seq:{district}}.docx",
])
def test_a_name_pattern_cannot_reach_python_attributes(pattern):
    with pytest.raises(DataError, match="--name"):
        NamePattern(pattern)
    with pytest.raises(DataError):
        list(thaidoc.render_many(LETTER, [ROW], key=pattern))


def test_a_name_pattern_cannot_pad_to_gigabytes():
    with pytest.raises(DataError, match="width of 1500000000"):
        list(thaidoc.render_many(LETTER, [ROW], key="{seq:>1500000000}"))


def test_name_patterns_keep_thai_fields_indexes_and_simple_specs():
    pattern = NamePattern("{seq:03d}-{อำเภอ}-{enclosures[0].title:.4}-{amount:>8}.docx")
    data = {"อำเภอ": "เชียงของ", "enclosures": [{"title": "แบบรายงาน"}], "amount": "1,000"}
    assert pattern.format(7, 8, data) == "007-เชียงของ-แบบร- 1,000.docx"  # spaces collapse in names


# -- 6. the data-text template cache is bounded by size, not by entries -------------------------

def test_the_data_text_cache_is_bounded_by_the_size_of_its_texts():
    from thaidoc.render import _TEXT_TEMPLATES as cache
    from thaidoc.render import prepare_context

    base = thaidoc.load_document(REPO / "samples/letters/memo-training-budget.yaml")
    for index in range(60):  # 60 different 100,000-character paragraphs: 6 million characters
        text = f"{index} " + "ก" * 100_000 + " {{ amounts.training | baht }}"
        document = base.model_copy(update={"subject": text})
        assert prepare_context(document)["subject"].endswith("๖,๓๐๐")
        assert cache.chars <= cache.max_chars
    assert cache.chars > 0  # texts of this size are still kept
