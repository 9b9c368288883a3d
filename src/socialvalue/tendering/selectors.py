"""Reads of tenders, and the bridge from rows to the scoring rules in
``socialvalue.domain.evaluation`` (which the web, the CLI and the benchmark share)."""

from __future__ import annotations

from decimal import Decimal

from socialvalue.domain import evaluation as ev
from socialvalue.tendering.models import (
    Criterion,
    CriterionKind,
    PriceMethod,
    RuleBasis,
    SocialValueMethod,
    Tender,
)

_KINDS = {
    CriterionKind.QUALITY: ev.CriterionKind.QUALITY,
    CriterionKind.SV_QUALITATIVE: ev.CriterionKind.SV_QUALITATIVE,
    CriterionKind.SV_QUANTITATIVE: ev.CriterionKind.SV_QUANTITATIVE,
}


def tender_model(tender: Tender) -> ev.EvaluationModel:
    """The tender's evaluation model as the scoring rules take it."""
    return ev.EvaluationModel(
        price_weight=tender.price_weight,
        quality_weight=tender.quality_weight,
        price_method=_price_method(tender),
        criteria=tuple(criterion_rule(c) for c in tender.criteria.all()),
        social_value_relevant=tender.social_value_relevant,
        rule=ev.SocialValueRule(
            minimum=tender.rule_minimum_percent,
            basis=ev.RuleBasis.QUALITY
            if tender.rule_basis == RuleBasis.QUALITY
            else ev.RuleBasis.TOTAL,
        ),
    )


def criterion_rule(criterion: Criterion) -> ev.Criterion:
    """One criterion row as the scoring rules take it."""
    return ev.Criterion(
        code=criterion.code,
        title=criterion.title,
        weight=criterion.weight,
        kind=_KINDS[CriterionKind(criterion.kind)],
        scale=criterion_scale(criterion),
        pass_mark=criterion.pass_mark,
        sv_method=_sv_method(criterion),
    )


def criterion_scale(criterion: Criterion) -> ev.Scale:
    descriptors = tuple((Decimal(str(score)), text) for score, text in criterion.descriptors)
    return ev.Scale(
        minimum=criterion.scale_minimum,
        maximum=criterion.scale_maximum,
        step=criterion.scale_step,
        descriptors=descriptors,
    )


def tender_proxies(tender: Tender) -> dict[str, Decimal]:
    """Measure code -> proxy value per unit, as frozen when the tender was published."""
    return {p.code: p.proxy_value for p in tender.proxies.all()}


def _price_method(tender: Tender) -> ev.PriceMethod:
    method = PriceMethod(tender.price_method)
    if method == PriceMethod.PRICE_DIFFERENCE:
        return ev.PriceDifference(deduction=tender.price_difference_deduction)
    if method == PriceMethod.SET_PRICE_BAND:
        return ev.SetPriceBand(
            lowest=tender.price_band_lowest or Decimal(0),
            highest=tender.price_band_highest or Decimal(0),
        )
    if method == PriceMethod.PRICE_PER_QUALITY_POINT:
        return ev.PricePerQualityPoint()
    return ev.RelativeToLowest()


def _sv_method(criterion: Criterion) -> ev.SocialValueMethod | None:
    if criterion.kind != CriterionKind.SV_QUANTITATIVE or not criterion.sv_method:
        return None
    if criterion.sv_method == SocialValueMethod.AGAINST_TARGET:
        return ev.AgainstTarget(target=criterion.sv_target or Decimal("0.50"))
    return ev.RelativeToBest()
