"""Quality scores: consensus from several evaluators, moderation, marks per criterion."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from statistics import median_low

from socialvalue.domain.evaluation.model import Criterion, EvaluationModel, Scale
from socialvalue.domain.evaluation.price import n, q4


@dataclass(frozen=True)
class ModerationFlag:
    """Two evaluators far enough apart that the panel must discuss the score."""

    low_evaluator: str
    low_score: Decimal
    high_evaluator: str
    high_score: Decimal

    @property
    def message(self) -> str:
        return (
            f"{self.low_evaluator} scored {n(self.low_score)} and {self.high_evaluator} scored "
            f"{n(self.high_score)}: discuss before agreeing a consensus score"
        )


def needs_moderation(
    scores: Mapping[str, Decimal], scale: Scale, points: int = 2
) -> ModerationFlag | None:
    """Flag the widest pair of evaluators when they are ``points`` scale steps apart or more
    (2 points on the default 0-5 scale); None when the scores are close enough."""
    if len(scores) < 2:
        return None
    # Sort by score then name so the same scores always give the same flag.
    ordered = sorted(scores.items(), key=lambda item: (item[1], item[0]))
    (low_name, low), (high_name, high) = ordered[0], ordered[-1]
    if high - low >= points * scale.step:
        return ModerationFlag(low_name, low, high_name, high)
    return None


def consensus_median(scores: Sequence[Decimal]) -> Decimal:
    """A starting consensus: the median, taking the lower middle score when there is an even
    number of evaluators, so the result is always a score someone gave (and on the scale)."""
    if not scores:
        raise ValueError("no evaluator scores to take a consensus from")
    return median_low(scores)


@dataclass(frozen=True)
class ScoreRange:
    """The lowest and highest of the evaluators' scores of one bid against one criterion."""

    low: Decimal
    high: Decimal

    @property
    def spread(self) -> Decimal:
        return self.high - self.low

    @property
    def label(self) -> str:
        """'3' when every evaluator gave 3, else '2 to 4'."""
        return n(self.low) if self.low == self.high else f"{n(self.low)} to {n(self.high)}"

    def contains(self, score: Decimal) -> bool:
        return self.low <= score <= self.high


def score_range(scores: Sequence[Decimal]) -> ScoreRange | None:
    """The range of the evaluators' scores; None when nobody has scored."""
    if not scores:
        return None
    return ScoreRange(min(scores), max(scores))


def agreed_score(scores: Sequence[Decimal]) -> Decimal | None:
    """The evaluators' common score when every one of them gave the same; None when they
    differ or nobody has scored. Such a score may be accepted as the consensus without a
    discussion."""
    found = score_range(scores)
    if found is None or found.spread != 0:
        return None
    return found.low


def consensus_needs_reason(consensus: Decimal, scores: Sequence[Decimal]) -> bool:
    """Whether a consensus score lies outside the evaluators' own scores. The panel may agree
    one (a point every evaluator missed in the response), but must then say why: otherwise
    moderation could quietly override the evaluation."""
    found = score_range(scores)
    return found is not None and not found.contains(consensus)


def criterion_marks(model: EvaluationModel, criterion: Criterion, score: Decimal) -> Decimal:
    """Marks of the total earned by a scale score: criterion marks x score / scale maximum."""
    return q4(model.marks(criterion) * score / criterion.scale.maximum)


def criterion_marks_from_fraction(
    model: EvaluationModel, criterion: Criterion, fraction: Decimal
) -> Decimal:
    """Marks of the total earned from a share (0..1) of a criterion, e.g. commitments."""
    return q4(model.marks(criterion) * fraction)
