"""The evaluation model of a tender (or lot): weights, criteria, scales and the policy rule.

Conventions (the rest of the package relies on them):

* price weight + quality weight = 100 (marks of the total score);
* quality criterion weights are percentages OF THE QUALITY ELEMENT and add up to 100, so a
  criterion weighted 10 in a 40% quality element is worth 4 marks of the total;
* social value criteria sit inside the quality element: ``SV_QUALITATIVE`` (a method
  statement scored on the scale) and ``SV_QUANTITATIVE`` (commitments valued in pounds,
  scored by a social value method; at most one per model so no commitment counts twice).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from socialvalue.domain.evaluation.price import PriceMethod
    from socialvalue.domain.evaluation.social_value import SocialValueMethod

HUNDRED = Decimal(100)


class CriterionKind(StrEnum):
    QUALITY = "quality"
    SV_QUALITATIVE = "social value (method statement)"
    SV_QUANTITATIVE = "social value (commitments)"


class RuleBasis(StrEnum):
    """What the policy's minimum social value weighting is a percentage of."""

    QUALITY = "of the quality element"
    TOTAL = "of the total score"


@dataclass(frozen=True)
class Scale:
    """A scoring scale: whole steps from ``minimum`` to ``maximum`` with descriptors.

    A score is worth ``score / maximum`` of the criterion's marks, so on the default 0-5
    scale a 3 earns 60% of the marks.
    """

    minimum: Decimal = Decimal(0)
    maximum: Decimal = Decimal(5)
    step: Decimal = Decimal(1)
    descriptors: tuple[tuple[Decimal, str], ...] = ()

    def allows(self, score: Decimal) -> bool:
        """True when the score is a point of this scale."""
        return self.minimum <= score <= self.maximum and (score - self.minimum) % self.step == 0

    def describe(self, score: Decimal) -> str | None:
        """The descriptor for a score, if the scale has one."""
        return next((text for value, text in self.descriptors if value == score), None)

    @property
    def label(self) -> str:
        return f"{self.minimum.normalize():f}-{self.maximum.normalize():f}"


DEFAULT_SCALE = Scale(
    descriptors=(
        (Decimal(0), "Unacceptable: no response, or the response does not meet the requirement"),
        (Decimal(1), "Poor: significant gaps or weaknesses"),
        (Decimal(2), "Weak: meets some of the requirement, with reservations"),
        (Decimal(3), "Satisfactory: meets the requirement"),
        (Decimal(4), "Good: meets the requirement with some added value"),
        (Decimal(5), "Excellent: exceeds the requirement, fully evidenced"),
    )
)

PERCENT_SCALE = Scale(
    maximum=Decimal(100),
    descriptors=((Decimal(0), "No evidence"), (Decimal(100), "Fully meets and exceeds")),
)


@dataclass(frozen=True)
class Criterion:
    """One quality or social value question."""

    code: str
    title: str
    weight: Decimal  # percent of the quality element
    kind: CriterionKind = CriterionKind.QUALITY
    scale: Scale = DEFAULT_SCALE
    pass_mark: Decimal | None = None  # a consensus score below this excludes the bid
    sv_method: SocialValueMethod | None = None  # only for SV_QUANTITATIVE

    @property
    def is_social_value(self) -> bool:
        return self.kind != CriterionKind.QUALITY

    @property
    def is_scored_on_scale(self) -> bool:
        return self.kind != CriterionKind.SV_QUANTITATIVE


@dataclass(frozen=True)
class SocialValueRule:
    """The policy's minimum social value weighting (2.5% of the quality element by default)."""

    minimum: Decimal = Decimal("2.5")
    basis: RuleBasis = RuleBasis.QUALITY


@dataclass(frozen=True)
class EvaluationModel:
    """How one tender or lot will be scored."""

    price_weight: Decimal
    quality_weight: Decimal
    price_method: PriceMethod
    criteria: tuple[Criterion, ...]
    social_value_relevant: bool = True
    rule: SocialValueRule = field(default_factory=SocialValueRule)

    def criterion(self, code: str) -> Criterion:
        return next(c for c in self.criteria if c.code == code)

    @property
    def social_value_share_of_quality(self) -> Decimal:
        """Percent of the quality element given to social value criteria."""
        return sum((c.weight for c in self.criteria if c.is_social_value), Decimal(0))

    @property
    def social_value_share_of_total(self) -> Decimal:
        """Percent of the total score given to social value criteria."""
        return self.social_value_share_of_quality * self.quality_weight / HUNDRED

    def marks(self, criterion: Criterion) -> Decimal:
        """Marks of the total score a criterion is worth (weight x quality weight / 100)."""
        return criterion.weight * self.quality_weight / HUNDRED


@dataclass(frozen=True)
class ModelError:
    """A problem with the model: ``where`` is a criterion code or 'weights', 'price method'..."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def validate_model(model: EvaluationModel) -> list[ModelError]:
    """Every problem that would stop the model being used, as a list (empty when sound)."""
    errors = _check_weights(model)
    errors += _check_criteria(model)
    errors += _check_social_value(model)
    errors += [ModelError("price method", m) for m in model.price_method.problems(model)]
    return errors


def _check_weights(model: EvaluationModel) -> list[ModelError]:
    errors = []
    for name, weight in (("price", model.price_weight), ("quality", model.quality_weight)):
        if weight < 0:
            errors.append(ModelError("weights", f"the {name} weight {weight} is negative"))
    total = model.price_weight + model.quality_weight
    if total != HUNDRED:
        errors.append(
            ModelError(
                "weights",
                f"price {model.price_weight} + quality {model.quality_weight} = {total}, not 100",
            )
        )
    return errors


def _check_criteria(model: EvaluationModel) -> list[ModelError]:
    errors: list[ModelError] = []
    if not model.criteria:
        return [ModelError("criteria", "there are no quality criteria")]
    seen: set[str] = set()
    for c in model.criteria:
        if c.code in seen:
            errors.append(ModelError(c.code, "the code is used by more than one criterion"))
        seen.add(c.code)
        errors += [ModelError(c.code, message) for message in _criterion_problems(c)]
    total = sum((c.weight for c in model.criteria), Decimal(0))
    if total != HUNDRED:
        errors.append(ModelError("criteria", f"the criterion weights add up to {total}, not 100"))
    return errors


def _criterion_problems(c: Criterion) -> list[str]:
    problems = []
    if c.weight <= 0:
        problems.append(f"the weight {c.weight} must be more than 0")
    if not 0 <= c.scale.minimum < c.scale.maximum:
        problems.append(f"the scale {c.scale.label} must run upwards from 0 or more")
    if c.scale.step <= 0:
        problems.append(f"the scale step {c.scale.step} must be more than 0")
    if c.kind == CriterionKind.SV_QUANTITATIVE:
        if c.sv_method is None:
            problems.append("a commitments criterion needs a social value method")
        else:
            problems += c.sv_method.problems()
        if c.pass_mark is not None:
            problems.append("a commitments criterion cannot have a pass mark")
    elif c.sv_method is not None:
        problems.append("only a commitments criterion takes a social value method")
    if c.pass_mark is not None and c.is_scored_on_scale and not c.scale.allows(c.pass_mark):
        problems.append(f"the pass mark {c.pass_mark} is not a point on the {c.scale.label} scale")
    return problems


def _check_social_value(model: EvaluationModel) -> list[ModelError]:
    errors = []
    quantitative = [c for c in model.criteria if c.kind == CriterionKind.SV_QUANTITATIVE]
    if len(quantitative) > 1:
        codes = ", ".join(c.code for c in quantitative)
        errors.append(
            ModelError(
                "social value",
                f"{codes}: commitments are valued once, so use one commitments criterion",
            )
        )
    if not model.social_value_relevant:
        return errors
    rule = model.rule
    share = (
        model.social_value_share_of_quality
        if rule.basis == RuleBasis.QUALITY
        else model.social_value_share_of_total
    )
    if share < rule.minimum:
        errors.append(
            ModelError(
                "social value",
                f"social value is {share.normalize():f}% {rule.basis}; the policy asks for at "
                f"least {rule.minimum.normalize():f}% {rule.basis}",
            )
        )
    return errors
