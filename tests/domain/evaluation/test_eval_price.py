"""Price methods against answers worked by hand (each comment shows the arithmetic)."""

from decimal import Decimal as D

import pytest

from socialvalue.domain.evaluation import (
    PriceDifference,
    PricePerQualityPoint,
    RelativeToLowest,
    SetPriceBand,
)

PRICES = {"A": D("10000"), "B": D("15000"), "C": D("30000")}


def test_relative_to_lowest_matches_ccs_example():
    # CCS Digital Marketplace example: 10,000 / 15,000 = 0.6667 of the marks.
    scores = RelativeToLowest().scores(PRICES, D(60))
    assert scores == {"A": D("60.0000"), "B": D("40.0000"), "C": D("20.0000")}
    # 10000/15000 x 100 = 66.6666... -> 66.6667 (4 places, half up)
    assert RelativeToLowest().scores(PRICES, D(100))["B"] == D("66.6667")


def test_price_difference_default_deducts_the_full_weight_per_100_percent():
    # B is 50% above the lowest: 60 - 0.5 x 60 = 30; C is 200% above: 60 - 2 x 60 < 0 -> 0.
    scores = PriceDifference().scores(PRICES, D(60))
    assert scores == {"A": D("60.0000"), "B": D("30.0000"), "C": D("0.0000")}


def test_price_difference_with_a_set_deduction():
    # X = 20 marks per 100% above: B 60 - 0.5 x 20 = 50; C 60 - 2 x 20 = 20.
    scores = PriceDifference(D(20)).scores(PRICES, D(60))
    assert scores == {"A": D("60.0000"), "B": D("50.0000"), "C": D("20.0000")}


def test_set_price_band_is_clamped_and_ignores_other_bids():
    band = SetPriceBand(lowest=D("12000"), highest=D("20000"))
    # A below the band: full marks; B: 60 x (20000-15000)/8000 = 37.5; C above: 0.
    assert band.scores(PRICES, D(60)) == {"A": D("60.0000"), "B": D("37.5000"), "C": D("0")}
    # B's score is the same when it is the only bid: the band does not look at others.
    assert band.scores({"B": D("15000")}, D(60)) == {"B": D("37.5000")}


def test_price_per_quality_point_totals():
    method = PricePerQualityPoint()
    # A: 10000 / 50 points = 200 per point; B: 15000 / 100 = 150 (best).
    per_point = {
        "A": method.per_point(D("10000"), D(50)),
        "B": method.per_point(D("15000"), D(100)),
    }
    assert per_point == {"A": D("200.0000"), "B": D("150.0000")}
    # Totals: B 100; A 100 x 150 / 200 = 75.
    assert method.totals(per_point) == {"A": D("75.0000"), "B": D("100.0000")}
    with pytest.raises(TypeError):
        method.scores(PRICES, D(60))


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        (RelativeToLowest(), "price score = lowest price / bid price x 60"),
        (
            PriceDifference(D(30)),
            "price score = 60 - ((bid price - lowest price) / lowest price) x 30, and not below 0",
        ),
        (
            SetPriceBand(D("12000"), D("20000")),
            "price score = 60 x (20000 - bid price) / (20000 - 12000), kept between 0 and 60",
        ),
    ],
)
def test_formulas_read_as_the_report_prints_them(method, expected):
    assert method.formula(D(60)) == expected
