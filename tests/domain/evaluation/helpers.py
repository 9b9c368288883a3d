"""Small builders shared by the evaluation tests (imported as a sibling module)."""

from __future__ import annotations

from decimal import Decimal

from socialvalue.domain.evaluation import (
    AgainstTarget,
    Bid,
    Criterion,
    CriterionKind,
    EvaluationModel,
    PriceMethod,
    RelativeToLowest,
)

D = Decimal


def model(
    price_method: PriceMethod | None = None,
    price: str = "60",
    quality: str = "40",
    sv_method=None,
    pass_mark: str | None = None,
) -> EvaluationModel:
    """Price 60 / quality 40; Q1 50%, Q2 40%, SV1 5% (method statement), SV2 5% (commitments)."""
    return EvaluationModel(
        price_weight=D(price),
        quality_weight=D(quality),
        price_method=price_method or RelativeToLowest(),
        criteria=(
            Criterion("Q1", "Service delivery", D(50)),
            Criterion(
                "Q2",
                "Staffing",
                D(40),
                pass_mark=None if pass_mark is None else D(pass_mark),
            ),
            Criterion("SV1", "Method statement", D(5), CriterionKind.SV_QUALITATIVE),
            Criterion(
                "SV2",
                "Commitments",
                D(5),
                CriterionKind.SV_QUANTITATIVE,
                sv_method=sv_method or AgainstTarget(D("0.10")),
            ),
        ),
    )


def bid(name: str, price: str, q1: int, q2: int, sv1: int, commitments=()) -> Bid:
    return Bid(
        name,
        D(price),
        {"Q1": D(q1), "Q2": D(q2), "SV1": D(sv1)},
        commitments=tuple(commitments),
    )
