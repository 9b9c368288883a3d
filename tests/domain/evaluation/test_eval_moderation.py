"""The moderation helper used by the web layer, and the median consensus."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialvalue.domain.evaluation import (
    DEFAULT_SCALE,
    Scale,
    agreed_score,
    consensus_median,
    consensus_needs_reason,
    needs_moderation,
    score_range,
)


def test_two_points_apart_is_flagged_with_the_widest_pair():
    flag = needs_moderation({"Ann": D(3), "Bob": D(1), "Cat": D(2)}, DEFAULT_SCALE)
    assert flag is not None
    assert (flag.low_evaluator, flag.low_score, flag.high_evaluator, flag.high_score) == (
        "Bob",
        D(1),
        "Ann",
        D(3),
    )
    assert (
        flag.message == "Bob scored 1 and Ann scored 3: discuss before agreeing a consensus score"
    )


def test_one_point_apart_is_not_flagged():
    assert needs_moderation({"Ann": D(3), "Bob": D(4), "Cat": D(3)}, DEFAULT_SCALE) is None
    assert needs_moderation({"Ann": D(3)}, DEFAULT_SCALE) is None


def test_points_are_scale_steps():
    # On a 0-100 scale in steps of 10, 2 points apart means 20 marks apart.
    scale = Scale(maximum=D(100), step=D(10))
    assert needs_moderation({"Ann": D(50), "Bob": D(60)}, scale) is None
    assert needs_moderation({"Ann": D(50), "Bob": D(70)}, scale) is not None


def test_consensus_median_takes_the_lower_middle():
    assert consensus_median([D(1), D(5), D(3), D(4), D(2)]) == D(3)
    assert consensus_median([D(4), D(1), D(3), D(2)]) == D(2)  # lower of 2 and 3
    with pytest.raises(ValueError):
        consensus_median([])


# The consensus against the evaluators' range, and scores every evaluator agreed.


def test_a_consensus_inside_the_evaluators_range_needs_no_reason():

    for consensus in (D(2), D(3), D(4)):
        assert not consensus_needs_reason(consensus, [D(2), D(4), D(3)])


def test_a_consensus_outside_the_evaluators_range_needs_a_reason():

    assert consensus_needs_reason(D(1), [D(2), D(4)])
    assert consensus_needs_reason(D(5), [D(2), D(4)])
    assert consensus_needs_reason(D("3.5"), [D(3), D(3)])
    assert not consensus_needs_reason(D(5), [])  # nobody scored: no range to leave


def test_the_range_in_words():

    assert score_range([D(4), D("2.00"), D(3)]).label == "2 to 4"
    assert score_range([D(4), D(2)]).spread == D(2)
    assert score_range([D("3.00"), D(3)]).label == "3"
    assert score_range([]) is None


def test_an_agreed_score_only_when_every_evaluator_gave_it():

    assert agreed_score([D(3), D("3.00"), D(3)]) == D(3)
    assert agreed_score([D(3), D(4)]) is None
    assert agreed_score([D(2)]) == D(2)
    assert agreed_score([]) is None


@given(
    st.lists(st.integers(min_value=0, max_value=5).map(D), min_size=1, max_size=6),
    st.integers(min_value=0, max_value=5).map(D),
)
def test_the_range_rule_matches_min_and_max(scores, consensus):

    assert consensus_needs_reason(consensus, scores) == (
        consensus < min(scores) or consensus > max(scores)
    )
    agreed = agreed_score(scores)
    assert (agreed is not None) == (len(set(scores)) == 1)
    if agreed is not None:
        assert not consensus_needs_reason(agreed, scores)
