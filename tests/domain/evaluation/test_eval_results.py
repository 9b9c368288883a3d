"""Whole evaluations with answers worked by hand."""

from dataclasses import replace
from decimal import Decimal as D

import pytest

from socialvalue.domain.evaluation import (
    Commitment,
    FlagKind,
    FlagSettings,
    InvalidTender,
    PricePerQualityPoint,
    RelativeToBest,
    evaluate,
)

from .helpers import bid, model

PROXIES = {"APP": D("300.00"), "VOL": D("17.50")}


def by_name(evaluation):
    return {r.bidder: r for r in evaluation.results}


def test_hand_worked_three_bids():
    # Marks: Q1 50% of 40 = 20, Q2 16, SV1 2, SV2 2.
    bids = [
        bid("A", "200000", 4, 3, 3, [Commitment("APP", D(20)), Commitment("VOL", D(100))]),
        bid("B", "180000", 3, 4, 4, [Commitment("APP", D(30)), Commitment("VOL", D(400))]),
        bid("C", "250000", 5, 5, 5, [Commitment("APP", D(10))]),
    ]
    results = by_name(evaluate(model(), bids, PROXIES))
    a, b, c = results["A"], results["B"], results["C"]
    # A: price 180000/200000 x 60 = 54; quality 4x4 + 3x3.2 + 3x0.4 = 26.8;
    # SV 7750/200000 = 0.0388 per £ (0.03875 half up) -> 0.388 of 2 = 0.776.
    assert (a.price_score, a.quality_score, a.total) == (D("54"), D("27.576"), D("81.576"))
    # B: 60 + (12 + 12.8 + 1.6 + 16000/180000=0.0889 -> 1.778) = 88.178
    assert (b.price_score, b.social_value_score, b.total) == (D(60), D("3.378"), D("88.178"))
    # C: 180000/250000 x 60 = 43.2; 20 + 16 + 2 + 3000/250000 = 0.012 -> 0.24 = 81.44
    assert c.total == D("81.44")
    assert [r.rank for r in (b, a, c)] == [1, 2, 3]


def test_failing_a_pass_mark_excludes_the_bid_and_leaves_the_price_comparison():
    bids = [bid("Cheap", "100", 5, 1, 5), bid("Dear", "200", 5, 5, 5)]
    evaluation = evaluate(model(pass_mark="2"), bids, PROXIES)
    cheap, dear = by_name(evaluation)["Cheap"], by_name(evaluation)["Dear"]
    assert cheap.rank is None and cheap.total is None
    assert cheap.excluded_reason == "Q2 Staffing scored 1, below the pass mark of 2"
    # Dear is now the lowest remaining price, so it gets the full 60.
    assert dear.price_score == D(60) and dear.rank == 1
    assert evaluation.excluded == (cheap,)


def test_equal_on_everything_but_price_the_lower_price_wins_and_full_ties_share():
    # Price weight 0 so totals are the quality score alone. Marks per point out of 100:
    # Q1 10, Q2 8, SV1 1. Every bid: 4x10 + 5x8 + 0 = 80, no commitments.
    m = replace(model(), price_weight=D(0), quality_weight=D(100))
    bids = [bid("P", "100", 4, 5, 0), bid("Q", "100", 4, 5, 0), bid("R", "90", 4, 5, 0)]
    ranks = {r.bidder: r.rank for r in evaluate(m, bids, PROXIES).results}
    # R has the lower price so wins the tie; P and Q are equal on everything and share 2nd.
    assert ranks == {"R": 1, "P": 2, "Q": 2}


def test_equal_total_and_quality_broken_by_social_value():
    m = replace(model(), price_weight=D(0), quality_weight=D(100))
    # X: 4x10 + 5x8 + 0 = 80, social value 0.
    # Y: 3x10 + 5x8 + 5x1 + SV2 5 (one APP week = £300 on £100: capped at full marks) = 80,
    #    social value 10. Same price, same total and quality: Y wins on social value.
    bids = [bid("X", "100", 4, 5, 0), bid("Y", "100", 3, 5, 5, [Commitment("APP", D(1))])]
    results = by_name(evaluate(m, bids, PROXIES))
    assert results["X"].total == results["Y"].total == D(80)
    assert (results["Y"].rank, results["X"].rank) == (1, 2)


def test_tie_on_total_broken_by_quality():
    # X: price 100 (lowest) -> 60; quality Q1 1 (4 marks) = 4; total 64.
    # Y: price 120 -> 100/120 x 60 = 50; quality Q1 3 (12) + SV1 5 (2) = 14; total 64.
    # Equal totals; Y has more quality (14 > 4) so Y ranks first.
    bids = [bid("X", "100", 1, 0, 0), bid("Y", "120", 3, 0, 5)]
    results = by_name(evaluate(model(), bids, PROXIES))
    assert results["X"].total == results["Y"].total == D(64)
    assert (results["Y"].rank, results["X"].rank) == (1, 2)


def test_price_per_quality_point_ranking():
    m = model(PricePerQualityPoint(), price="0", quality="100")
    # A: quality 5x10 + 5x8 + 5x1 + 0 SV2 = 95 points; 9500/95 = 100 per point.
    # B: 3x10 + 3x8 + 3x1 = 57 points; 6840/57 = 120 per point.
    bids = [bid("A", "9500", 5, 5, 5), bid("B", "6840", 3, 3, 3)]
    results = by_name(evaluate(m, bids, PROXIES))
    assert results["A"].price_per_quality_point == D(100)
    assert results["B"].price_per_quality_point == D(120)
    # Totals: A 100; B 100 x 100 / 120 = 83.3333
    assert (results["A"].total, results["B"].total) == (D(100), D("83.3333"))
    assert results["A"].price_score is None


def test_price_per_quality_point_excludes_a_bid_with_no_quality_points():
    m = model(PricePerQualityPoint(), price="0", quality="100")
    results = by_name(evaluate(m, [bid("Z", "100", 0, 0, 0), bid("A", "100", 1, 0, 0)], PROXIES))
    assert (
        results["Z"].excluded_reason == "no quality points, so there is no price per quality point"
    )
    assert results["A"].rank == 1


def test_relative_to_best_uses_only_bids_still_in_the_competition():
    m = model(sv_method=RelativeToBest(), pass_mark="2")
    bids = [
        bid("Out", "1000", 5, 0, 5, [Commitment("APP", D(3))]),  # 0.9 per £, fails Q2
        bid("In1", "1000", 5, 5, 5, [Commitment("APP", D(1))]),  # 0.3 per £ (best remaining)
        bid("In2", "1000", 5, 5, 5, [Commitment("VOL", D(6))]),  # 105/1000 = 0.105 per £
    ]
    results = by_name(evaluate(m, bids, PROXIES))
    sv2 = {name: r.criteria[-1].marks for name, r in results.items()}
    # In1 full 2 marks; In2 0.105 / 0.3 x 2 = 0.7; Out is not compared (0).
    assert sv2 == {"Out": D(0), "In1": D(2), "In2": D("0.7")}


def test_flags():
    settings = FlagSettings(pre_tender_estimate=D("1000"), commitments_share=D("0.5"))
    bids = [
        bid("Low", "700", 3, 3, 3),  # others' mean 1000: 700 < 800 -> abnormally low
        bid("Mid", "900", 3, 3, 3, [Commitment("APP", D(2))]),  # £600 > 50% of 900
        bid("High", "1100", 3, 3, 3),
    ]
    evaluation = evaluate(
        model(), bids, PROXIES, settings=settings, past_delivery={"High": D("0.5")}
    )
    found = {(f.bidder, f.kind) for f in evaluation.flags}
    assert found == {
        ("Low", FlagKind.ABNORMALLY_LOW),
        ("Mid", FlagKind.UNREALISTIC_COMMITMENTS),
        ("High", FlagKind.PAST_DELIVERY),
    }
    low = next(f for f in evaluation.flags if f.bidder == "Low")
    # Mean of the others (900 + 1100) / 2 = 1000; the estimate 1000: both reasons given.
    assert "80% of £1,000.00, the mean of the other bids" in low.message
    assert "80% of the pre-tender estimate of £1,000.00" in low.message


def test_abnormally_low_is_strictly_below_the_share():
    # Others' mean 1000 x 0.8 = 800 exactly: not flagged; 799.99 is.
    at = evaluate(model(), [bid("A", "800", 3, 3, 3), bid("B", "1000", 3, 3, 3)], PROXIES)
    below = evaluate(model(), [bid("A", "799.99", 3, 3, 3), bid("B", "1000", 3, 3, 3)], PROXIES)
    assert not at.flags
    assert [f.bidder for f in below.flags] == ["A"]


def test_invalid_bids_list_every_problem():
    bad = [
        bid("A", "0", 4, 3, 3, [Commitment("NOPE", D(1))]),
        replace(bid("B", "10", 4, 3, 3), scores={"Q1": D(6), "SV2": D(1), "Q9": D(1)}),
    ]
    with pytest.raises(InvalidTender) as caught:
        evaluate(model(), bad, PROXIES)
    assert [str(e) for e in caught.value.errors] == [
        "bid A: the price 0 must be more than 0",
        "bid A: measure NOPE has no frozen proxy value and no target",
        "bid B, Q1: 6 is not on the 0-5 scale",
        "bid B, Q2: no consensus score",
        "bid B, SV1: no consensus score",
        "bid B, Q9: there is no criterion with this code",
        "bid B, SV2: commitments are scored from their value",
    ]
