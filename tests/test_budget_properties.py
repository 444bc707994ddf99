"""Properties: budgets built consistent check clean, in every spelling of their figures; any
single perturbed figure is caught with the right code at the right location, and nothing else."""

from __future__ import annotations

import copy
from decimal import Decimal

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from thaidoc.api import check
from thaidoc.thai import bahttext, format_amount, to_decimal

UNITS = ["หมู่บ้าน", "คน", "มื้อ", "วัน", "ชุด", "ครั้ง"]

money = st.builds(lambda baht, satang: Decimal(baht) + Decimal(satang) / 100,
                  st.integers(0, 5_000_000), st.sampled_from([0, 0, 0, 50, 25, 1]))
counts = st.integers(1, 10_000)  # a count of 0 would make a changed factor invisible
rates = money.filter(lambda m: m > 0)


@st.composite
def spelled(draw, amount: Decimal):
    """The same amount as YAML/JSON/Excel may give it."""
    style = draw(st.sampled_from(["arabic", "thai", "plain", "number"]))
    if style == "number":
        return int(amount) if amount == amount.to_integral_value() else str(amount)
    if style == "plain":
        return str(amount)
    return format_amount(amount, digits=style, satang=None)


@st.composite
def budgets(draw):
    """(data, stated): a consistent budget and the places where it states a figure."""
    stated = []  # (path to the figure, code, location of the finding, path to words or None)
    activities = []
    grand = Decimal(0)
    for i in range(draw(st.integers(1, 3))):
        categories, total = [], Decimal(0)
        for j in range(draw(st.integers(1, 3))):
            items, subtotal = [], Decimal(0)
            for k in range(draw(st.integers(1, 3))):
                where = ("activities", i, "categories", j, "items", k)
                if draw(st.booleans()):
                    quantities = draw(st.lists(counts, min_size=1, max_size=3))
                    units = draw(st.lists(st.sampled_from(UNITS), min_size=len(quantities), max_size=len(quantities)))
                    rate = draw(rates)
                    amount = rate
                    for q in quantities:
                        amount *= q
                    factors = " x ".join([*(f"{q:,} {u}" for q, u in zip(quantities, units)), f"{rate:,} บาท"])
                    item = {"description": f"รายการ {k}", "factors": factors}
                    if draw(st.booleans()):
                        item["amount"] = draw(spelled(amount))
                        stated.append(((*where, "amount"), "budget.line-product",
                                       f"activities[{i}].categories[{j}].items[{k}].amount", None))
                else:
                    amount = draw(money)
                    item = {"description": f"รายการ {k}", "amount": draw(spelled(amount))}
                items.append(item)
                subtotal += amount
            category = {"name": f"หมวด {j}", "items": items}
            if draw(st.booleans()):
                category["subtotal"] = draw(spelled(subtotal))
                stated.append((("activities", i, "categories", j, "subtotal"), "budget.subtotal",
                               f"activities[{i}].categories[{j}].subtotal", None))
            categories.append(category)
            total += subtotal
        activity = {"code": f"{i + 1}.1", "title": f"กิจกรรม {i}", "categories": categories}
        if draw(st.booleans()):
            activity["heading_amount"] = draw(spelled(total))
            stated.append((("activities", i, "heading_amount"), "budget.total",
                           f"activities[{i}].heading_amount", None))
        if draw(st.booleans()):
            activity["total"] = {"amount": draw(spelled(total)), "words": bahttext(total)}
            stated.append((("activities", i, "total", "amount"), "budget.total",
                           f"activities[{i}].total.amount", ("activities", i, "total", "words")))
        if draw(st.booleans()):
            activity["stated"] = [{"amount": draw(spelled(total)), "words": bahttext(total)}]
            stated.append((("activities", i, "stated", 0, "amount"), "budget.stated-total",
                           f"activities[{i}].stated[0].amount", ("activities", i, "stated", 0, "words")))
        activities.append(activity)
        grand += total
    data = {"activities": activities}
    if draw(st.booleans()):
        data["total"] = {"amount": draw(spelled(grand)), "words": bahttext(grand)}
        stated.append((("total", "amount"), "budget.total", "total.amount", ("total", "words")))
    if draw(st.booleans()):
        data["stated"] = [{"amount": draw(spelled(grand))}]
        stated.append((("stated", 0, "amount"), "budget.stated-total", "stated[0].amount", None))
    return data, stated


def get(data, path):
    for key in path:
        data = data[key]
    return data


def put(data, path, value):
    get(data, path[:-1])[path[-1]] = value


def with_words_changed(built, draw):
    """A copy of a budget to change the words of one stated figure in: (copy, the figure, the
    path to its words, the location a finding about them has)."""
    data, stated = built
    with_words = [s for s in stated if s[3] is not None]
    assume(with_words)
    path, _, location, words_path = draw.draw(st.sampled_from(with_words))
    figure = to_decimal(str(get(data, path)))
    return copy.deepcopy(data), figure, words_path, location.rsplit(".", 1)[0] + ".words"


SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(budgets())
def test_consistent_budgets_check_clean(built):
    data, _ = built
    assert check(data) == []


deltas = st.sampled_from([Decimal("0.01"), Decimal(1), Decimal(400), Decimal(-400), Decimal(1_000_000)])


@SETTINGS
@given(budgets(), st.data(), deltas)
def test_one_perturbed_figure_is_caught_where_it_is(built, draw, delta):
    data, stated = built
    assume(stated)
    path, code, location, words_path = draw.draw(st.sampled_from(stated))
    old = get(data, path)
    old = to_decimal(old if not isinstance(old, int) else str(old))
    new = old + delta if old + delta >= 0 else old + abs(delta)
    changed = copy.deepcopy(data)
    put(changed, path, str(new))
    found = {(f.code, f.location) for f in check(changed)}
    expected = {(code, location)}
    if words_path is not None:  # the words beside the figure no longer say it either
        expected.add(("amount.words", location.rsplit(".", 1)[0] + ".words"))
    assert found == expected


@SETTINGS
@given(budgets(), st.data(), deltas)
def test_perturbed_words_are_caught(built, draw, delta):
    changed, figure, words_path, words_location = with_words_changed(built, draw)
    put(changed, words_path, bahttext(abs(figure + delta)))
    findings = check(changed)
    assert [(f.code, f.location) for f in findings] == [("amount.words", words_location)]


@SETTINGS
@given(budgets(), st.data())
def test_malformed_words_are_caught_where_they_are(built, draw):
    """Words that are not Thai amount wording at all (a stray บาท inside the number, as in the
    seed's 3.1.1 description) are amount.words-malformed at the words' location."""
    changed, figure, words_path, words_location = with_words_changed(built, draw)
    words = bahttext(figure)
    assume(words.startswith(("หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า", "สิบ", "ยี่สิบ")))
    put(changed, words_path, "บาท" + words)  # บาท before the number: never valid, never a number
    findings = check(changed)
    assert [(f.code, f.location) for f in findings] == [("amount.words-malformed", words_location)]


@SETTINGS
@given(budgets(), st.data(), st.integers(1, 50))
def test_any_changed_factor_is_reported_on_its_line_only(built, draw, bump):
    """Counts and the rate alike: the line's stated amount no longer matches its product."""
    data, stated = built
    lines = [s for s in stated if s[1] == "budget.line-product"]
    assume(lines)
    path, code, location, _ = draw.draw(st.sampled_from(lines))
    changed = copy.deepcopy(data)
    item = get(changed, path[:-1])
    factors = item["factors"].split(" x ")
    n = draw.draw(st.integers(0, len(factors) - 1))
    figure, unit = factors[n].split(" ", 1)
    factors[n] = f"{to_decimal(figure) + bump:,} {unit}"
    item["factors"] = " x ".join(factors)
    assert [(f.code, f.location) for f in check(changed)] == [(code, location)]


@SETTINGS
@given(budgets(), st.data(), deltas)
def test_a_changed_plain_line_amount_is_reported_by_the_nearest_stated_figure_above(built, draw, delta):
    """A line without factors states only itself, so changing it is caught by the first figure
    written above it: the category's subtotal when it states one (and then nothing else), else
    the activity's heading or total line, else what is stated about the activity or budget."""
    data, _ = built
    plain = [(i, j, k) for i, a in enumerate(data["activities"]) for j, c in enumerate(a["categories"])
             for k, item in enumerate(c["items"]) if "factors" not in item]
    assume(plain)
    i, j, k = draw.draw(st.sampled_from(plain))
    changed = copy.deepcopy(data)
    item = changed["activities"][i]["categories"][j]["items"][k]
    old = to_decimal(str(item["amount"]))
    item["amount"] = str(old + delta if old + delta >= 0 else old + abs(delta))
    findings = [(f.code, f.location) for f in check(changed)]
    activity, category = data["activities"][i], data["activities"][i]["categories"][j]
    if "subtotal" in category:
        assert findings == [("budget.subtotal", f"activities[{i}].categories[{j}].subtotal")]
        return
    above = {f"activities[{i}].heading_amount", f"activities[{i}].total.amount",
             f"activities[{i}].stated[0].amount", "total.amount", "stated[0].amount"}
    assert {location for _, location in findings} <= above
    assert all(code in ("budget.total", "budget.stated-total") for code, _ in findings)
    anything_stated = any(key in activity for key in ("heading_amount", "total", "stated")) or \
        any(key in data for key in ("total", "stated"))
    assert bool(findings) == anything_stated
