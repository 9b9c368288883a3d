"""Commitments to the buyer's target measures that have no proxy value: scored in their own
units against the target (share of the target met, at most 1), in equal parts with the
commitments valued in pounds (docs/tender-scoring.md, "Measures without a proxy value")."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialvalue.domain.evaluation import (
    Commitment,
    InvalidTender,
    RelativeToBest,
    UnitResult,
    combined_fraction,
    evaluate,
    unit_measures,
    unit_results,
)

from .helpers import bid, model

PROXIES = {"VOL": D("17.50")}
TARGETS = {"APP": D("10"), "YP": D("200"), "VOL": D("400")}  # VOL has a proxy: pounds


def test_only_target_measures_without_a_proxy_are_scored_in_units():
    assert unit_measures(TARGETS, PROXIES) == {"APP": D("10"), "YP": D("200")}


def test_units_add_up_over_contract_years_and_a_measure_not_offered_counts_nothing():
    commitments = [
        Commitment("APP", D(3), year=1),
        Commitment("APP", D(4), year=2),
        Commitment("VOL", D(100)),
    ]
    results = unit_results(commitments, unit_measures(TARGETS, PROXIES))
    assert results == (UnitResult("APP", D(7), D(10)), UnitResult("YP", D(0), D(200)))
    assert [r.share for r in results] == [D("0.7"), D(0)]


@pytest.mark.parametrize(
    ("committed", "share"),
    [("0", "0"), ("9.99", "0.999"), ("10", "1"), ("10.01", "1"), ("1000", "1")],
)
def test_share_of_target_is_capped_at_the_target(committed, share):
    assert UnitResult("APP", D(committed), D(10)).share == D(share)


def test_parts_are_equal_pounds_first_then_each_unit_measure():
    units = (UnitResult("APP", D(5), D(10)), UnitResult("YP", D(200), D(200)))
    # (pounds 0.5 + APP 0.5 + YP 1) / 3 = 2 / 3
    assert combined_fraction(D("0.5"), units) == D(2) / D(3)
    assert combined_fraction(D("0.5"), ()) == D("0.5")  # no unit measures: as before


@given(
    pounds=st.decimals(min_value=0, max_value=1, places=4),
    committed=st.lists(st.decimals(min_value=0, max_value=10_000, places=2), max_size=5),
)
def test_combined_share_is_between_0_and_1(pounds, committed):
    units = tuple(UnitResult(f"M{i}", q, D(50)) for i, q in enumerate(committed))
    assert 0 <= combined_fraction(pounds, units) <= 1


def _sv2(result) -> D:
    return next(c.marks for c in result.criteria if c.code == "SV2")


def test_evaluate_scores_unit_commitments_against_the_target():
    # SV2 is worth 5 x 40 / 100 = 2 marks; relative to best in pounds.
    sv = model(sv_method=RelativeToBest())
    bids = [
        # 400 VOL hours = £7,000 (best in pounds: pounds part 1); 10 APP (target met: 1);
        # 100 of 200 YP (0.5): (1 + 1 + 0.5) / 3 x 2 = 1.6667
        bid(
            "A",
            "100000",
            3,
            3,
            3,
            [Commitment("VOL", D(400)), Commitment("APP", D(10)), Commitment("YP", D(100))],
        ),
        # nothing in pounds; 20 APP (capped at 1); YP nothing: (0 + 1 + 0) / 3 x 2 = 0.6667
        bid("B", "100000", 3, 3, 3, [Commitment("APP", D(20), year=2)]),
    ]
    results = {r.bidder: r for r in evaluate(sv, bids, PROXIES, targets=TARGETS).results}
    assert _sv2(results["A"]) == D("1.6667")
    assert _sv2(results["B"]) == D("0.6667")
    assert results["B"].social_value_pounds == D(0)  # units are never turned into pounds
    assert results["B"].units == (UnitResult("APP", D(20), D(10)), UnitResult("YP", D(0), D(200)))


def test_without_targets_scoring_is_unchanged():
    bids = [bid("A", "100000", 3, 3, 3, [Commitment("VOL", D(400))])]
    plain = evaluate(model(), bids, PROXIES)
    with_proxy_target = evaluate(model(), bids, PROXIES, targets={"VOL": D(1)})
    assert plain.results == with_proxy_target.results
    assert "pounds part" not in plain.formulas["SV2"]


def test_formula_names_the_parts():
    result = evaluate(model(), [], PROXIES, targets=TARGETS)
    assert result.formulas["SV2"].startswith(
        "SV2 marks = (pounds part + share of the target met for APP, YP, each at most 1) / 3 x 2"
    )


def test_a_target_must_be_more_than_nothing():
    with pytest.raises(InvalidTender) as caught:
        evaluate(model(), [], PROXIES, targets={"APP": D(0)})
    assert [str(e) for e in caught.value.errors] == ["target APP: the target 0 must be more than 0"]
