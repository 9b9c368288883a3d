"""Proportionate suggestions: weighting, number of measures and which measures."""

from decimal import Decimal as D

from socialvalue.domain.proportionality import (
    Band,
    MeasureOption,
    find_band,
    pick_measures,
    suggest,
)

BANDS = [
    Band(D(0), D("30000"), D(5), 1),
    Band(D("30000"), D("214904"), D(10), 2),
    Band(D("214904"), None, D(15), 4),
    Band(D("214904"), None, D(20), 5, frozenset({"works"})),
]

MEASURES = [
    MeasureOption("TEI1", "Apprenticeship weeks", frozenset(), "jobs"),
    MeasureOption("ENV1", "Fleet emissions saved", frozenset({"services", "works"}), "climate"),
    MeasureOption("SAF1", "Hours of youth diversion work", frozenset({"services"}), "safety"),
    MeasureOption("WRK1", "Site visits for schools", frozenset({"works"}), None),
    MeasureOption("GEN1", "Volunteering hours", frozenset(), None),
]


def test_band_edges_follow_from_inclusive_to_exclusive():
    assert find_band(BANDS, D("29999.99"), "services") is BANDS[0]
    assert find_band(BANDS, D("30000"), "services") is BANDS[1]
    assert find_band(BANDS, D("214904"), "services") is BANDS[2]


def test_category_specific_band_wins():
    assert find_band(BANDS, D("500000"), "works") is BANDS[3]
    assert find_band(BANDS, D("500000"), "services") is BANDS[2]


def test_measures_for_priorities_come_first_and_unsuitable_ones_are_left_out():
    chosen = pick_measures(MEASURES, "services", ["safety", "jobs"], 3)
    # SAF1 (priority 1), TEI1 (priority 2), then the rest by code: ENV1 before GEN1.
    assert [m.code for m in chosen] == ["SAF1", "TEI1", "ENV1"]
    assert "WRK1" not in [m.code for m in pick_measures(MEASURES, "services", [], 10)]


def test_suggestion_from_a_band_with_reason():
    s = suggest(
        value=D("100000"),
        category="services",
        bands=BANDS,
        measures=MEASURES,
        policy_minimum=D("2.5"),
        priorities=["climate"],
    )
    assert (s.weighting, s.measure_count) == (D(10), 2)
    assert [m.code for m in s.measures] == ["ENV1", "GEN1"]
    assert s.reason == (
        "£100,000.00 falls in the band from £30,000.00 below £214,904.00, which proposes 10% "
        "and 2 measures."
    )


def test_never_below_the_policy_minimum():
    s = suggest(
        value=D("1000"),
        category="supplies",
        bands=BANDS,
        measures=MEASURES,
        policy_minimum=D(10),
    )
    assert s.weighting == D(10)
    assert s.reason.endswith(
        "which proposes 5% and 1 measure; the weighting is raised to the policy minimum of 10%."
    )


def test_no_band_falls_back_to_the_minimum_and_says_so():
    s = suggest(
        value=D("1000"),
        category="services",
        bands=[Band(D("5000"), None, D(10), 3)],
        measures=MEASURES,
        policy_minimum=D("2.5"),
    )
    assert (s.weighting, s.measure_count, s.band) == (D("2.5"), 1, None)
    assert s.reason.startswith("No value band covers £1,000.00 for services")


def test_says_when_the_library_has_too_few_measures():
    s = suggest(
        value=D("900000"),
        category="works",
        bands=BANDS,
        measures=MEASURES,
        policy_minimum=D(10),
    )
    # Works band asks 5; only TEI1, ENV1, WRK1, GEN1 suit works.
    assert (s.weighting, s.measure_count, len(s.measures)) == (D(20), 5, 4)
    assert s.reason.endswith("only 4 measures in the library suit works.")
