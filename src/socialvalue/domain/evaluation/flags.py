"""Warnings the evaluation panel must answer before award. Flags never change a score."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from socialvalue.domain.money import format_gbp, to_pounds


class FlagKind(StrEnum):
    ABNORMALLY_LOW = "abnormally low price"
    UNREALISTIC_COMMITMENTS = "commitments worth a large share of the price"
    PAST_DELIVERY = "past social value delivery fell short"
    UNVALUED_PROPOSAL = "own proposal without an agreed value"


@dataclass(frozen=True)
class FlagSettings:
    """Thresholds for the flags; each is a share (0.80 = 80%)."""

    abnormally_low_share: Decimal = Decimal("0.80")  # of the mean of the other bids
    pre_tender_estimate: Decimal | None = None  # also compared at abnormally_low_share
    commitments_share: Decimal = Decimal("0.50")  # social value worth more than this of price
    past_delivery_threshold: Decimal = Decimal("0.80")  # delivered share below this


@dataclass(frozen=True)
class Flag:
    bidder: str
    kind: FlagKind
    message: str


@dataclass(frozen=True)
class PricedBid:
    """What the flags need to know about a bid still in the competition."""

    bidder: str
    price: Decimal
    social_value: Decimal
    awaiting_agreement: tuple[str, ...] = ()


def _percent(share: Decimal) -> str:
    return f"{(share * 100).normalize():f}%"


def abnormally_low(bids: Sequence[PricedBid], settings: FlagSettings) -> list[Flag]:
    """Prices below the set share of the mean of the OTHER bids (a bid is not compared with
    itself, or one very low bid would drag the mean down and hide itself), or of the
    pre-tender estimate."""
    flags = []
    total = sum((b.price for b in bids), Decimal(0))
    share = settings.abnormally_low_share
    for bid in bids:
        reasons = []
        if len(bids) > 1:
            others = total - bid.price
            mean_others = to_pounds(others / (len(bids) - 1))  # shown only
            # Compared exactly (price x count < share x sum) so pence rounding cannot decide.
            if bid.price * (len(bids) - 1) < share * others:
                reasons.append(
                    f"below {_percent(share)} of {format_gbp(mean_others)}, the mean of the "
                    "other bids"
                )
        estimate = settings.pre_tender_estimate
        if estimate is not None and bid.price < share * estimate:
            reasons.append(
                f"below {_percent(share)} of the pre-tender estimate of {format_gbp(estimate)}"
            )
        if reasons:
            message = f"The price of {format_gbp(bid.price)} is " + " and ".join(reasons)
            flags.append(
                Flag(
                    bid.bidder,
                    FlagKind.ABNORMALLY_LOW,
                    message + ": ask the bidder to explain it before award.",
                )
            )
    return flags


def unrealistic_commitments(bids: Sequence[PricedBid], settings: FlagSettings) -> list[Flag]:
    """Commitments worth more than the set share of the price: social value is meant to come
    at no extra cost, so that much needs evidence it can be delivered."""
    flags = []
    for bid in bids:
        if bid.social_value > settings.commitments_share * bid.price:
            flags.append(
                Flag(
                    bid.bidder,
                    FlagKind.UNREALISTIC_COMMITMENTS,
                    f"Commitments worth {format_gbp(bid.social_value)} are more than "
                    f"{_percent(settings.commitments_share)} of the price of "
                    f"{format_gbp(bid.price)}: check they can be delivered at no extra cost.",
                )
            )
    return flags


def past_delivery(
    bids: Sequence[PricedBid], delivered: Mapping[str, Decimal], settings: FlagSettings
) -> list[Flag]:
    """Bidders whose delivered share of past social value commitments on our contracts is
    below the threshold. Bidders with no history are not flagged."""
    flags = []
    for bid in bids:
        share = delivered.get(bid.bidder)
        if share is not None and share < settings.past_delivery_threshold:
            flags.append(
                Flag(
                    bid.bidder,
                    FlagKind.PAST_DELIVERY,
                    f"Delivered {_percent(share)} of past social value commitments on our "
                    f"contracts, below {_percent(settings.past_delivery_threshold)}: ask how "
                    "this contract will be different.",
                )
            )
    return flags


def unvalued_proposals(bids: Sequence[PricedBid]) -> list[Flag]:
    """Own proposals still counting £0 because no unit value has been agreed."""
    return [
        Flag(
            bid.bidder,
            FlagKind.UNVALUED_PROPOSAL,
            f"'{description}' counts £0 until a unit value is agreed and the reason recorded.",
        )
        for bid in bids
        for description in bid.awaiting_agreement
    ]


def all_flags(
    bids: Sequence[PricedBid], delivered: Mapping[str, Decimal], settings: FlagSettings
) -> list[Flag]:
    """Every flag, grouped by kind, in bid order within a kind."""
    return [
        *abnormally_low(bids, settings),
        *unrealistic_commitments(bids, settings),
        *past_delivery(bids, delivered, settings),
        *unvalued_proposals(bids),
    ]
