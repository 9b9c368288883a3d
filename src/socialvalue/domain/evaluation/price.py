"""Ways of turning bid prices into price scores.

Each method is a frozen dataclass with ``scores`` (marks for every bid still in the
competition) and ``formula`` (the sentence printed in the evaluation report). Scores are
rounded to 4 decimal places, half up, once, at the end of each formula.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, ClassVar, Protocol

if TYPE_CHECKING:
    from socialvalue.domain.evaluation.model import EvaluationModel

SCORE_PLACES = Decimal("0.0001")
SHOWN_PLACES = Decimal("0.01")
ZERO = Decimal(0)
HUNDRED = Decimal(100)


def q4(value: Decimal) -> Decimal:
    """A score as held internally: 4 decimal places, half up."""
    return value.quantize(SCORE_PLACES, rounding=ROUND_HALF_UP)


def q2(value: Decimal) -> Decimal:
    """A score as shown to people: 2 decimal places, half up."""
    return value.quantize(SHOWN_PLACES, rounding=ROUND_HALF_UP)


def n(value: Decimal) -> str:
    """A number without trailing zeros, for formulas ('60', '0.5')."""
    text = f"{value.normalize():f}"
    return text


class PriceMethod(Protocol):
    name: ClassVar[str]
    #: True for price per quality point, which ranks on price divided by quality instead
    #: of adding a price score to a quality score.
    divides_quality: ClassVar[bool]

    def scores(self, prices: Mapping[str, Decimal], max_marks: Decimal) -> dict[str, Decimal]:
        """Price score (0..max_marks) for every bid, keyed like ``prices``."""
        ...

    def formula(self, max_marks: Decimal) -> str: ...

    def problems(self, model: EvaluationModel) -> list[str]: ...


@dataclass(frozen=True)
class RelativeToLowest:
    """The lowest price gets full marks; others in proportion (lowest / price)."""

    name: ClassVar[str] = "relative to the lowest price"
    divides_quality: ClassVar[bool] = False

    def scores(self, prices: Mapping[str, Decimal], max_marks: Decimal) -> dict[str, Decimal]:
        lowest = min(prices.values(), default=ZERO)
        return {bid: q4(lowest / price * max_marks) for bid, price in prices.items()}

    def formula(self, max_marks: Decimal) -> str:
        return f"price score = lowest price / bid price x {n(max_marks)}"

    def problems(self, model: EvaluationModel) -> list[str]:
        return []


@dataclass(frozen=True)
class PriceDifference:
    """Marks are deducted in proportion to how far a price is above the lowest.

    ``deduction`` is the number of marks lost for a price 100% above the lowest; None means
    the full price weight (so a bid at twice the lowest price scores 0).
    """

    deduction: Decimal | None = None
    name: ClassVar[str] = "price difference"
    divides_quality: ClassVar[bool] = False

    def scores(self, prices: Mapping[str, Decimal], max_marks: Decimal) -> dict[str, Decimal]:
        lowest = min(prices.values(), default=ZERO)
        x = max_marks if self.deduction is None else self.deduction
        return {
            bid: q4(max(ZERO, max_marks - (price - lowest) / lowest * x))
            for bid, price in prices.items()
        }

    def formula(self, max_marks: Decimal) -> str:
        x = max_marks if self.deduction is None else self.deduction
        return (
            f"price score = {n(max_marks)} - ((bid price - lowest price) / lowest price) x "
            f"{n(x)}, and not below 0"
        )

    def problems(self, model: EvaluationModel) -> list[str]:
        if self.deduction is not None and self.deduction <= 0:
            return [f"the deduction {self.deduction} must be more than 0"]
        return []


@dataclass(frozen=True)
class SetPriceBand:
    """Scores against a band fixed before the tender: ``lowest`` or below gets full marks,
    ``highest`` or above gets 0, straight line between. Other bids do not matter."""

    lowest: Decimal
    highest: Decimal
    name: ClassVar[str] = "set price band"
    divides_quality: ClassVar[bool] = False

    def scores(self, prices: Mapping[str, Decimal], max_marks: Decimal) -> dict[str, Decimal]:
        width = self.highest - self.lowest
        return {
            bid: q4(min(max_marks, max(ZERO, max_marks * (self.highest - price) / width)))
            for bid, price in prices.items()
        }

    def formula(self, max_marks: Decimal) -> str:
        return (
            f"price score = {n(max_marks)} x ({n(self.highest)} - bid price) / "
            f"({n(self.highest)} - {n(self.lowest)}), kept between 0 and {n(max_marks)}"
        )

    def problems(self, model: EvaluationModel) -> list[str]:
        if not ZERO <= self.lowest < self.highest:
            return [
                f"the band's lowest price {self.lowest} must be 0 or more and below its "
                f"highest price {self.highest}"
            ]
        return []


@dataclass(frozen=True)
class PricePerQualityPoint:
    """Price divided by quality points; the lowest price per point wins.

    Quality points are the bid's quality score out of 100 (so the model must give price 0
    and quality 100: price is not weighted, it divides). To give a score and a ranking,
    each bid's total is ``100 x lowest PQP / bid PQP``: the best value bid gets 100, a bid
    paying twice as much per quality point gets 50. A bid with no quality points cannot be
    scored and is excluded.
    """

    name: ClassVar[str] = "price per quality point"
    divides_quality: ClassVar[bool] = True

    def scores(self, prices: Mapping[str, Decimal], max_marks: Decimal) -> dict[str, Decimal]:
        raise TypeError("price per quality point has no separate price score; use totals()")

    @staticmethod
    def per_point(price: Decimal, quality_points: Decimal) -> Decimal:
        """Pounds per quality point, 4 places."""
        return q4(price / quality_points)

    def totals(self, per_point: Mapping[str, Decimal]) -> dict[str, Decimal]:
        """Total out of 100 for each bid from its price per quality point."""
        lowest = min(per_point.values(), default=ZERO)
        return {bid: q4(HUNDRED * lowest / pqp) for bid, pqp in per_point.items()}

    def formula(self, max_marks: Decimal) -> str:
        return (
            "price per quality point = bid price / quality score; "
            "total = 100 x lowest price per quality point / bid's price per quality point"
        )

    def problems(self, model: EvaluationModel) -> list[str]:
        if model.price_weight != 0 or model.quality_weight != HUNDRED:
            return [
                "price per quality point divides price by quality points, so give price "
                "weight 0 and quality weight 100"
            ]
        return []
