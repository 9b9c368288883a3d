"""Validation of the evaluation model: each error names the criterion and the problem."""

from dataclasses import replace
from decimal import Decimal as D

from socialvalue.domain.evaluation import (
    Criterion,
    CriterionKind,
    PricePerQualityPoint,
    RelativeToBest,
    RuleBasis,
    Scale,
    SetPriceBand,
    SocialValueRule,
    validate_model,
)

from .helpers import model


def messages(m):
    return [str(e) for e in validate_model(m)]


def test_a_sound_model_has_no_errors():
    assert validate_model(model()) == []


def test_weights_must_add_up_to_100():
    assert messages(model(price="70")) == ["weights: price 70 + quality 40 = 110, not 100"]


def test_social_value_shares_of_quality_and_of_total():
    m = model()
    # SV1 5 + SV2 5 = 10% of quality; 10% of a 40% quality element = 4% of the total.
    assert m.social_value_share_of_quality == D(10)
    assert m.social_value_share_of_total == D(4)


def test_policy_minimum_on_the_quality_basis():
    m = replace(model(), rule=SocialValueRule(minimum=D(12)))
    assert messages(m) == [
        "social value: social value is 10% of the quality element; the policy asks for at "
        "least 12% of the quality element"
    ]


def test_policy_minimum_on_the_total_basis():
    # 4% of the total passes a 4% rule and fails a 5% rule.
    assert validate_model(replace(model(), rule=SocialValueRule(D(4), RuleBasis.TOTAL))) == []
    m = replace(model(), rule=SocialValueRule(D(5), RuleBasis.TOTAL))
    assert messages(m) == [
        "social value: social value is 4% of the total score; the policy asks for at least "
        "5% of the total score"
    ]


def test_rule_not_checked_when_social_value_is_not_relevant():
    m = replace(model(), rule=SocialValueRule(D(50)), social_value_relevant=False)
    assert validate_model(m) == []


def test_criterion_problems_name_the_criterion():
    base = model()
    bad = (
        replace(base.criteria[0], weight=D(0)),
        replace(base.criteria[1], pass_mark=D("2.5"), weight=D(90)),
        base.criteria[2],
        replace(base.criteria[3], sv_method=None),
    )
    assert messages(replace(base, criteria=bad)) == [
        "Q1: the weight 0 must be more than 0",
        "Q2: the pass mark 2.5 is not a point on the 0-5 scale",
        "SV2: a commitments criterion needs a social value method",
    ]


def test_criteria_weights_must_add_up_to_100_and_codes_be_unique():
    base = model()
    twice = (*base.criteria, replace(base.criteria[0], weight=D(10)))
    assert messages(replace(base, criteria=twice)) == [
        "Q1: the code is used by more than one criterion",
        "criteria: the criterion weights add up to 110, not 100",
    ]


def test_only_one_commitments_criterion():
    base = model()
    second = Criterion(
        "SV3", "More", D(5), CriterionKind.SV_QUANTITATIVE, sv_method=RelativeToBest()
    )
    criteria = (replace(base.criteria[0], weight=D(45)), *base.criteria[1:], second)
    assert messages(replace(base, criteria=criteria)) == [
        "social value: SV2, SV3: commitments are valued once, so use one commitments criterion"
    ]


def test_scale_and_price_method_problems():
    base = model(price_method=SetPriceBand(D(100), D(50)))
    criteria = (
        replace(base.criteria[0], scale=Scale(minimum=D(5), maximum=D(5))),
        *base.criteria[1:],
    )
    assert messages(replace(base, criteria=criteria)) == [
        "Q1: the scale 5-5 must run upwards from 0 or more",
        "price method: the band's lowest price 100 must be 0 or more and below its highest "
        "price 50",
    ]


def test_price_per_quality_point_needs_quality_100():
    assert messages(model(price_method=PricePerQualityPoint())) == [
        "price method: price per quality point divides price by quality points, so give price "
        "weight 0 and quality weight 100"
    ]
    assert validate_model(model(PricePerQualityPoint(), price="0", quality="100")) == []


def test_custom_scale_allows_only_its_points():
    scale = Scale(minimum=D(0), maximum=D(100), step=D(10))
    assert scale.allows(D(70))
    assert not scale.allows(D(75))
    assert not scale.allows(D(110))
