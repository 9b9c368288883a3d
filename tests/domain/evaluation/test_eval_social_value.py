"""Valuing commitments with frozen proxies and scoring them."""

from decimal import Decimal as D

from socialvalue.domain.evaluation import (
    AgainstTarget,
    Commitment,
    OwnProposal,
    RelativeToBest,
    value_commitments,
)

PROXIES = {"APP": D("300.00"), "VOL": D("17.555")}


def test_quantity_times_proxy_rounded_half_up_per_line():
    # 3 x 17.555 = 52.665 -> 52.67 (half up; banker's rounding would give 52.66).
    v = value_commitments([Commitment("VOL", D(3)), Commitment("APP", D(2), year=2)], [], PROXIES)
    assert v.lines == (("VOL year 1", D("52.67")), ("APP year 2", D("600.00")))
    assert v.total == D("652.67")


def test_own_proposal_counts_only_with_agreed_value_and_reason():
    proposals = [
        OwnProposal("Workshops", D(12), D("150"), "comparable workshop cost"),
        OwnProposal("Litter picks", D(5)),
        OwnProposal("Mentoring", D(4), D("99"), None),  # value but no reason: not agreed
    ]
    v = value_commitments([], proposals, PROXIES)
    assert v.total == D("1800.00")  # 12 x 150
    assert v.awaiting_agreement == ("Litter picks", "Mentoring")


def test_relative_to_best_gives_the_best_full_marks():
    fractions = RelativeToBest().fractions({"A": D("0.05"), "B": D("0.10"), "C": D(0)})
    assert fractions == {"A": D("0.5"), "B": D(1), "C": D(0)}


def test_relative_to_best_when_nobody_offers_anything():
    assert RelativeToBest().fractions({"A": D(0), "B": D(0)}) == {"A": D(0), "B": D(0)}


def test_target_is_pro_rata_and_capped():
    # 50p target: 25p -> half marks, 75p -> capped at full marks.
    fractions = AgainstTarget().fractions({"A": D("0.25"), "B": D("0.75")})
    assert fractions == {"A": D("0.5"), "B": D(1)}
    assert AgainstTarget().formula(D(2)) == (
        "marks = social value per £1 of price / £0.50 (50p) x 2, at most 2"
    )
