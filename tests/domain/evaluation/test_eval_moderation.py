"""The moderation helper used by the web layer, and the median consensus."""

from decimal import Decimal as D

import pytest

from socialvalue.domain.evaluation import DEFAULT_SCALE, Scale, consensus_median, needs_moderation


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
