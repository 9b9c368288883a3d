"""Valuing a bidder's social value commitments and scoring them.

Commitments are quantities against measures of the library (for example 3 apprenticeship
weeks). Each is valued with the measure's proxy value as frozen when the tender was
published, so a later change to the library cannot change an evaluation already run.
Values are pence, rounded half up per commitment; there is no discounting by year (the
year records when the bidder promises to deliver).

A measure with no proxy value can still be committed to, in its own units (apprenticeships,
people, sessions), when the buyer named it with a target: it is scored by the share of the
target the bid commits to (see ``UnitResult`` and ``combined_fraction``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar, Protocol

from socialvalue.domain.evaluation.price import ZERO, n, q4
from socialvalue.domain.money import to_pounds

ONE = Decimal(1)


@dataclass(frozen=True)
class Commitment:
    """A promise to deliver ``quantity`` units of a library measure in a contract year."""

    measure: str
    quantity: Decimal
    year: int = 1


@dataclass(frozen=True)
class OwnProposal:
    """A bidder's idea outside the library. It counts in pounds only once the authority has
    agreed a unit value and recorded why (so nobody can invent value unchallenged)."""

    description: str
    quantity: Decimal
    agreed_unit_value: Decimal | None = None
    agreed_reason: str | None = None

    @property
    def is_agreed(self) -> bool:
        return self.agreed_unit_value is not None and bool(self.agreed_reason)


@dataclass(frozen=True)
class Valuation:
    """What a bid's commitments are worth, line by line."""

    lines: tuple[tuple[str, Decimal], ...]  # (label, pounds)
    awaiting_agreement: tuple[str, ...]  # own proposals not yet valued

    @property
    def total(self) -> Decimal:
        return sum((value for _, value in self.lines), ZERO)


def value_commitments(
    commitments: Sequence[Commitment],
    own_proposals: Sequence[OwnProposal],
    proxies: Mapping[str, Decimal],
) -> Valuation:
    """Value each commitment as quantity x frozen proxy (pence, half up) and add the agreed
    own proposals. Raises KeyError for a measure with no frozen proxy."""
    lines = [
        (f"{c.measure} year {c.year}", to_pounds(c.quantity * proxies[c.measure]))
        for c in commitments
    ]
    waiting = []
    for proposal in own_proposals:
        if proposal.is_agreed:
            assert proposal.agreed_unit_value is not None  # narrowed by is_agreed
            value = to_pounds(proposal.quantity * proposal.agreed_unit_value)
            lines.append((f"own proposal: {proposal.description}", value))
        else:
            waiting.append(proposal.description)
    return Valuation(tuple(lines), tuple(waiting))


@dataclass(frozen=True)
class UnitResult:
    """A bid's commitments to one of the buyer's target measures that has no proxy value,
    counted in the measure's own units over all contract years."""

    measure: str
    committed: Decimal
    target: Decimal

    @property
    def share(self) -> Decimal:
        """Share of the target met, between 0 and 1: more than the target earns no more."""
        return min(ONE, self.committed / self.target)


def unit_measures(
    targets: Mapping[str, Decimal], proxies: Mapping[str, Decimal]
) -> dict[str, Decimal]:
    """The target measures scored in their own units: those without a frozen proxy (a
    measure with a proxy is valued in pounds as usual, whatever its target)."""
    return {code: target for code, target in targets.items() if code not in proxies}


def unit_results(
    commitments: Sequence[Commitment], units: Mapping[str, Decimal]
) -> tuple[UnitResult, ...]:
    """For each unit measure (by code), what the commitments add up to against its target;
    a measure the bid did not commit to counts 0."""
    return tuple(
        UnitResult(
            code,
            sum((c.quantity for c in commitments if c.measure == code), ZERO),
            target,
        )
        for code, target in sorted(units.items())
    )


def combined_fraction(pounds: Decimal, units: Sequence[UnitResult]) -> Decimal:
    """The share (0..1) of the commitments criterion's marks a bid earns.

    The criterion is split into equal parts: one for the commitments valued in pounds
    (``pounds``, the share its social value method gives), and one for each target measure
    scored in units (the share of that target met, at most 1). With no unit measures this
    is the pounds share alone, as before."""
    return (pounds + sum((u.share for u in units), ZERO)) / (1 + len(units))


def per_pound(social_value: Decimal, price: Decimal) -> Decimal:
    """Social value per pound of price, 4 places (0.5000 = 50p per £1)."""
    return q4(social_value / price)


class SocialValueMethod(Protocol):
    name: ClassVar[str]

    def fractions(self, per_pound: Mapping[str, Decimal]) -> dict[str, Decimal]:
        """Share of the criterion's marks (0..1) each bid earns from its SV per pound."""
        ...

    def formula(self, marks: Decimal) -> str: ...

    def problems(self) -> list[str]: ...


@dataclass(frozen=True)
class RelativeToBest:
    """The bid offering most social value per pound of price gets full marks; others in
    proportion. If nobody offers anything, everybody scores 0."""

    name: ClassVar[str] = "relative to the best offer"

    def fractions(self, per_pound: Mapping[str, Decimal]) -> dict[str, Decimal]:
        best = max(per_pound.values(), default=ZERO)
        if best <= 0:
            return dict.fromkeys(per_pound, ZERO)
        return {bid: value / best for bid, value in per_pound.items()}

    def formula(self, marks: Decimal) -> str:
        return (
            "marks = (bid's social value per £1 of price / best social value "
            f"per £1 of price) x {n(marks)}"
        )

    def problems(self) -> list[str]:
        return []


@dataclass(frozen=True)
class AgainstTarget:
    """Full marks at ``target`` pounds of social value per pound of price (0.50 = 50p),
    pro rata below, capped at full marks above."""

    target: Decimal = Decimal("0.50")
    name: ClassVar[str] = "against a target"

    def fractions(self, per_pound: Mapping[str, Decimal]) -> dict[str, Decimal]:
        return {bid: min(ONE, value / self.target) for bid, value in per_pound.items()}

    def formula(self, marks: Decimal) -> str:
        pence = n(self.target * 100)
        return (
            f"marks = social value per £1 of price / £{self.target:.2f} ({pence}p)"
            f" x {n(marks)}, at most {n(marks)}"
        )

    def problems(self) -> list[str]:
        if self.target <= 0:
            return [f"the target {self.target} per £1 must be more than 0"]
        return []
