"""Properties that must hold for any tender (hypothesis)."""

from dataclasses import replace
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from socialvalue.domain.evaluation import (
    AgainstTarget,
    Bid,
    Commitment,
    PriceDifference,
    PricePerQualityPoint,
    RelativeToBest,
    RelativeToLowest,
    SetPriceBand,
    evaluate,
)
from socialvalue.domain.money import to_pounds

from .helpers import model

PROXIES = {"APP": D("300.00"), "VOL": D("17.50")}

prices = st.decimals(min_value=D("1.00"), max_value=D("5000000"), places=2)
scores = st.integers(min_value=0, max_value=5).map(D)
commitments = st.lists(
    st.builds(
        Commitment,
        st.sampled_from(sorted(PROXIES)),
        st.integers(min_value=0, max_value=500).map(D),
    ),
    max_size=3,
)


@st.composite
def bids(draw):
    n = draw(st.integers(min_value=1, max_value=8))
    return [
        Bid(
            f"Bidder {i}",
            draw(prices),
            {"Q1": draw(scores), "Q2": draw(scores), "SV1": draw(scores)},
            tuple(draw(commitments)),
        )
        for i in range(n)
    ]


price_methods = st.sampled_from(
    [
        RelativeToLowest(),
        PriceDifference(),
        PriceDifference(D(25)),
        SetPriceBand(D("1000"), D("1000000")),
    ]
)
sv_methods = st.sampled_from([RelativeToBest(), AgainstTarget(), AgainstTarget(D("0.05"))])
pass_marks = st.sampled_from([None, "2"])


@settings(max_examples=150, deadline=None)
@given(bids(), price_methods, sv_methods, pass_marks)
def test_scores_stay_in_range(bid_list, price_method, sv_method, pass_mark):
    m = model(price_method, sv_method=sv_method, pass_mark=pass_mark)
    for r in evaluate(m, bid_list, PROXIES).results:
        assert 0 <= r.social_value_score <= r.quality_score <= m.quality_weight
        if r.rank is not None:
            assert 0 <= r.price_score <= m.price_weight
            assert r.total == r.price_score + r.quality_score <= 100


@settings(max_examples=150, deadline=None)
@given(bids(), price_methods, sv_methods, st.randoms(use_true_random=False))
def test_ranking_does_not_depend_on_listing_order(bid_list, price_method, sv_method, rnd):
    m = model(price_method, sv_method=sv_method)
    shuffled = list(bid_list)
    rnd.shuffle(shuffled)
    first = evaluate(m, bid_list, PROXIES)
    second = evaluate(m, shuffled, PROXIES)
    assert first.results == second.results
    assert first.flags == second.flags


@settings(max_examples=150, deadline=None)
@given(bids(), price_methods, st.data())
def test_a_lower_price_never_lowers_a_price_score(bid_list, price_method, data):
    m = model(price_method)
    i = data.draw(st.integers(min_value=0, max_value=len(bid_list) - 1))
    # Prices are at least £1.00, so there is always room to cut by a penny or more.
    top = bid_list[i].price - D("0.01")
    cut = data.draw(st.decimals(min_value=D("0.01"), max_value=top, places=2))
    cheaper = list(bid_list)
    cheaper[i] = replace(bid_list[i], price=bid_list[i].price - cut)
    before = {r.bidder: r for r in evaluate(m, bid_list, PROXIES).results}
    after = {r.bidder: r for r in evaluate(m, cheaper, PROXIES).results}
    name = bid_list[i].bidder
    assert after[name].price_score >= before[name].price_score


@settings(max_examples=150, deadline=None)
@given(bids(), price_methods, sv_methods, pass_marks, st.data())
def test_raising_a_consensus_score_never_lowers_a_total(
    bid_list, price_method, sv_method, pass_mark, data
):
    m = model(price_method, sv_method=sv_method, pass_mark=pass_mark)
    i = data.draw(st.integers(min_value=0, max_value=len(bid_list) - 1))
    code = data.draw(st.sampled_from(["Q1", "Q2", "SV1"]))
    old = bid_list[i].scores[code]
    new = data.draw(st.integers(min_value=int(old), max_value=5).map(D))
    raised = list(bid_list)
    raised[i] = replace(bid_list[i], scores={**bid_list[i].scores, code: new})
    name = bid_list[i].bidder
    before = next(r for r in evaluate(m, bid_list, PROXIES).results if r.bidder == name)
    after = next(r for r in evaluate(m, raised, PROXIES).results if r.bidder == name)
    if before.total is not None:  # an excluded bid has no total to lower
        assert after.total is not None and after.total >= before.total


@settings(max_examples=100, deadline=None)
@given(bids(), st.data())
def test_price_per_quality_point_lower_price_never_lowers_the_total(bid_list, data):
    m = model(PricePerQualityPoint(), price="0", quality="100")
    i = data.draw(st.integers(min_value=0, max_value=len(bid_list) - 1))
    factor = data.draw(st.decimals(min_value=D("0.10"), max_value=D("1.00"), places=2))
    cheaper = list(bid_list)
    cheaper[i] = replace(bid_list[i], price=max(D("0.01"), to_pounds(bid_list[i].price * factor)))
    name = bid_list[i].bidder
    before = next(r for r in evaluate(m, bid_list, PROXIES).results if r.bidder == name)
    after = next(r for r in evaluate(m, cheaper, PROXIES).results if r.bidder == name)
    if before.total is not None:
        assert after.total >= before.total
        # A tiny share of the best value rounds to 0.0000 at 4 places: still in range.
        assert 0 <= after.total <= 100
