"""The fast YAML reader (thaidoc.data._load_yaml, for large budgets) gives exactly what the
full PyYAML loader gives, and defers to it for what it does not build itself."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from thaidoc.data import _document_loader, _load_yaml, parse_data_text
from thaidoc.errors import DataError


def full(text):
    return yaml.load(text, Loader=_document_loader())


def same(a, b):
    """Equal, with NaN equal to itself and types compared too (1 is not True, '1' not 1)."""
    if isinstance(a, dict):
        return type(b) is dict and list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return type(b) is list and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    return type(a) is type(b) and a == b


# scalars that YAML 1.1 resolves to something other than text, and near misses that stay text
TRICKY = ["yes", "No", "ON", "off", "y", "~", "null", "", "0x1F", "0o17", "017", "0b101", "1_000", "1:30",
          "-1:30:00", ".5", "1e3", "1.5e+3", "+.inf", "-.INF", ".nan", "2024-02-30", "2024-01-01 10:00:00",
          "18300.50", "160,674,000", "๑๖๐,๖๗๔,๐๐๐", "8,780 หมู่บ้าน x 18,300 บาท", "3.1.1", "2.4", "-", "=",
          "<<", "x: y", "- a", "#not a comment", "'quoted'", "a\nb", " lead", "trail ", "ค่าวัสดุ"]

scalars = st.one_of(st.sampled_from(TRICKY), st.text(max_size=12), st.integers(-10**20, 10**20),
                    st.booleans(), st.none())
trees = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.one_of(st.sampled_from(TRICKY), st.text(max_size=6)), inner,
                                                 max_size=4)), max_leaves=25)


@settings(max_examples=300, deadline=None)
@given(trees, st.sampled_from([None, False, True]))
def test_fast_reader_agrees_with_pyyaml(tree, flow):
    text = yaml.safe_dump({"data": tree}, allow_unicode=True, default_flow_style=flow)
    assert same(_load_yaml(text), full(text))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(TRICKY), min_size=1, max_size=6))
def test_plain_unquoted_scalars_resolve_alike(values):
    """Written unquoted, as a person types them (safe_dump would quote the tricky ones)."""
    lines = "".join(f"k{i}: {v}\n" for i, v in enumerate(values) if "\n" not in v and ": " not in v
                    and not v.startswith(("'", "#", "- ", " ")) and not v.endswith(" "))
    try:
        expected = full(lines or "{}")
    except yaml.YAMLError:
        with pytest.raises(yaml.YAMLError):
            _load_yaml(lines)
        return
    assert same(_load_yaml(lines or "{}"), expected)


def test_figures_are_decimals_and_dates_text():
    data = _load_yaml("rate: 18300.50\ncount: 8780\ndate: 2024-02-30\nwords: หนึ่งบาทถ้วน\n")
    assert data == {"rate": Decimal("18300.50"), "count": 8780, "date": "2024-02-30", "words": "หนึ่งบาทถ้วน"}
    assert type(data["rate"]) is Decimal


@pytest.mark.parametrize("text", [
    "base: &b {name: x}\ncopy: *b\n",  # anchors and aliases
    "base: &b {name: x}\nmerged:\n  <<: *b\n  extra: 1\n",  # merge keys
    "tagged: !!str 123\nbinary: !!binary aGk=\n",  # explicit tags
    "? [a, b]\n: complex key\n",  # PyYAML refuses it, with its own message
    "a: 1\n---\nb: 2\n",  # two documents: PyYAML says so
])
def test_what_the_fast_reader_leaves_to_pyyaml_is_pyyamls(text):
    try:
        expected = full(text)
    except yaml.YAMLError as exc:
        with pytest.raises(type(exc)) as info:
            _load_yaml(text)
        assert str(info.value) == str(exc)
        return
    assert same(_load_yaml(text), expected)


def test_syntax_errors_still_name_the_line():
    with pytest.raises(DataError) as info:
        parse_data_text("a: 1\nb: [1, 2\nc: 3\n", source="x.yaml")
    assert info.value.location.startswith("line ")
