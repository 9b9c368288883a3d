"""The pure rules behind the red flags, on both sides of each boundary."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

from socialvalue.domain.flags import (
    FlagCode,
    Part,
    Source,
    concentrated,
    delivery_short,
    fences,
    find_split,
    just_under,
    quartile,
    variation_over_limit,
)


def test_just_under_is_within_the_margin_below_the_threshold():
    assert just_under(D("90000"), D("100000"), D("0.10"))
    assert just_under(D("99999.99"), D("100000"), D("0.10"))
    assert not just_under(D("89999.99"), D("100000"), D("0.10"))
    assert not just_under(D("100000"), D("100000"), D("0.10"))


def _parts(*rows):
    return [
        Part(date(2026, 1, 1) + timedelta(days=d), D(a), f"p{i}") for i, (d, a) in enumerate(rows)
    ]


def test_split_needs_parts_under_the_threshold_that_together_reach_it():
    split = find_split(_parts((0, "60000"), (100, "40000")), D("100000"), 365)
    assert split is not None and split.total == D("100000")
    assert find_split(_parts((0, "60000"), (100, "39999.99")), D("100000"), 365) is None


def test_split_counts_only_parts_within_the_window():
    assert find_split(_parts((0, "60000"), (364, "40000")), D("100000"), 365) is not None
    assert find_split(_parts((0, "60000"), (365, "40000")), D("100000"), 365) is None


def test_a_part_over_the_threshold_on_its_own_is_no_split():
    assert find_split(_parts((0, "150000"), (10, "1")), D("100000"), 365) is None


def test_variation_limit_is_ten_percent_or_fifteen_for_works():
    limits = {"limit": D("0.10"), "works_limit": D("0.15")}
    assert not variation_over_limit(D("100000"), D("110000"), works=False, **limits)
    assert variation_over_limit(D("100000"), D("110000.01"), works=False, **limits)
    assert not variation_over_limit(D("100000"), D("115000"), works=True, **limits)
    assert variation_over_limit(D("100000"), D("115000.01"), works=True, **limits)
    assert not variation_over_limit(D("0"), D("5"), works=False, **limits)


def test_delivery_short_below_the_share():
    assert delivery_short(D("79.99"), D("100"), D("0.80"))
    assert not delivery_short(D("80"), D("100"), D("0.80"))
    assert not delivery_short(D("0"), D("0"), D("0.80"))


def test_concentrated_from_the_share():
    assert concentrated([D("75"), D("25")], D("0.75")) == D("0.75")
    assert concentrated([D("74.99"), D("25.01")], D("0.75")) is None
    assert concentrated([D("0")], D("0.75")) is None


def test_fences_as_tukey_and_none_for_too_few_values():
    values = [D(v) for v in ("1", "2", "3", "4", "5")]
    assert quartile(values, D("0.25")) == D("2")
    bounds = fences(values)
    assert bounds is not None and (bounds.lower, bounds.upper) == (D("-1"), D("7"))
    assert fences(values[:3]) is None


def test_every_code_has_a_label_and_a_source():
    assert FlagCode.R003.source == Source.CARDINAL
    assert FlagCode.SPLITTING.source == Source.PLATFORM
    assert all(code.label for code in FlagCode)
