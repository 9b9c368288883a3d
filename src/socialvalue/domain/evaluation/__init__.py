"""Tender evaluation: price, quality and social value scores, ranking and award flags.

Pure domain code (no Django). Start with ``evaluate(model, bids, proxies)``; the web, the
``socialvalue tender score`` command and the benchmark all call it.
"""

from socialvalue.domain.evaluation.flags import Flag, FlagKind, FlagSettings
from socialvalue.domain.evaluation.model import (
    DEFAULT_SCALE,
    PERCENT_SCALE,
    Criterion,
    CriterionKind,
    EvaluationModel,
    ModelError,
    RuleBasis,
    Scale,
    SocialValueRule,
    validate_model,
)
from socialvalue.domain.evaluation.price import (
    PriceDifference,
    PriceMethod,
    PricePerQualityPoint,
    RelativeToLowest,
    SetPriceBand,
    q2,
    q4,
)
from socialvalue.domain.evaluation.quality import (
    ModerationFlag,
    consensus_median,
    needs_moderation,
)
from socialvalue.domain.evaluation.results import (
    Bid,
    BidResult,
    CriterionResult,
    Evaluation,
    InvalidTender,
    evaluate,
    validate_bids,
)
from socialvalue.domain.evaluation.social_value import (
    AgainstTarget,
    Commitment,
    OwnProposal,
    RelativeToBest,
    SocialValueMethod,
    UnitResult,
    Valuation,
    combined_fraction,
    unit_measures,
    unit_results,
    value_commitments,
)

__all__ = [
    "DEFAULT_SCALE",
    "PERCENT_SCALE",
    "AgainstTarget",
    "Bid",
    "BidResult",
    "Commitment",
    "Criterion",
    "CriterionKind",
    "CriterionResult",
    "Evaluation",
    "EvaluationModel",
    "Flag",
    "FlagKind",
    "FlagSettings",
    "InvalidTender",
    "ModelError",
    "ModerationFlag",
    "OwnProposal",
    "PriceDifference",
    "PriceMethod",
    "PricePerQualityPoint",
    "RelativeToBest",
    "RelativeToLowest",
    "RuleBasis",
    "Scale",
    "SetPriceBand",
    "SocialValueMethod",
    "SocialValueRule",
    "UnitResult",
    "Valuation",
    "combined_fraction",
    "consensus_median",
    "evaluate",
    "needs_moderation",
    "q2",
    "q4",
    "unit_measures",
    "unit_results",
    "validate_bids",
    "validate_model",
    "value_commitments",
]
