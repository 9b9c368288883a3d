"""The Local Multiplier 3 (LM3): how much of a body's spend stays in its local area.

LM3 = (round 1 + round 2 + round 3) / round 1, where round 1 is the spend, round 2 the
part of it received by local suppliers, and round 3 what those local suppliers re-spend
locally (on local staff and local suppliers). Round 3 comes from suppliers' answers to a
re-spend survey; where a supplier has not answered we use a default share, and every
result says how much of round 3 rests on that assumption.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from socialvalue.domain.money import ZERO, to_pounds

# ASSUMPTION, not evidence: the share of a local supplier's income it re-spends locally
# when it has not answered the survey. 0.25 sits in the lower half of published LM3
# studies of local authority suppliers (NEF's method; studies report roughly 20%-40%);
# each body should replace it with its own survey results.
DEFAULT_LOCAL_RESPEND_SHARE = Decimal("0.25")


@dataclass(frozen=True)
class LocalSpend:
    """Round-2 spend with one local supplier and its survey answer, if any."""

    amount: Decimal
    respend_share: Decimal | None = None  # of the supplier's income re-spent locally, 0..1


@dataclass(frozen=True)
class Lm3Result:
    round1: Decimal
    round2: Decimal
    round3: Decimal
    lm3: Decimal | None  # None when round 1 is zero
    round3_from_assumption: Decimal  # the part of round 3 that uses the default share
    default_share: Decimal

    @property
    def assumption_note(self) -> str:
        return (
            f"Round 3 uses an assumed local re-spend share of {self.default_share} "
            f"for suppliers without a survey answer ({self.round3_from_assumption} of "
            f"{self.round3})."
        )


def lm3_ratio(round1: Decimal, round2: Decimal, round3: Decimal) -> Decimal | None:
    """(round1 + round2 + round3) / round1 to 2 places; None when round 1 is zero."""
    if not round1:
        return None
    return ((round1 + round2 + round3) / round1).quantize(Decimal("0.01"), ROUND_HALF_UP)


def local_multiplier(
    total_spend: Decimal,
    local_spend: Iterable[LocalSpend],
    default_share: Decimal = DEFAULT_LOCAL_RESPEND_SHARE,
) -> Lm3Result:
    """LM3 for a body's spend given what went to each local supplier."""
    round2 = ZERO
    round3 = ZERO
    assumed = ZERO
    for item in local_spend:
        share = item.respend_share if item.respend_share is not None else default_share
        if not Decimal(0) <= share <= Decimal(1):
            raise ValueError(f"a re-spend share must be between 0 and 1, not {share}")
        respent = to_pounds(item.amount * share)
        round2 += item.amount
        round3 += respent
        if item.respend_share is None:
            assumed += respent
    return Lm3Result(
        round1=to_pounds(total_spend),
        round2=to_pounds(round2),
        round3=to_pounds(round3),
        lm3=lm3_ratio(total_spend, round2, round3),
        round3_from_assumption=to_pounds(assumed),
        default_share=default_share,
    )
