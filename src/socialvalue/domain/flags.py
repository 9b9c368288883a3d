"""Red flags: which signs of risk the platform looks for, and the pure rules behind them.

Two families. The Open Contracting Partnership's Cardinal indicators (codes ``R003`` ...)
follow the definitions of the public ``open-contracting/cardinal-rs`` repository
(``docs/cli/indicators/``); they are computed in SQL over the platform's own OCDS data
(``flags/cardinal.py``). The platform's own flags read what only this platform holds:
social value committed and delivered, returns, evidence, direct awards, thresholds, spend.

Every threshold is policy data (``flags.FlagRule``, versioned by date); the defaults here
are what a new installation starts with. Nothing here imports Django.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum


class Source(StrEnum):
    CARDINAL = "Cardinal indicator (Open Contracting Partnership)"
    PLATFORM = "Platform data"


class FlagCode(StrEnum):
    R003 = "R003"
    R018 = "R018"
    R024 = "R024"
    R028 = "R028"
    R030 = "R030"
    R035 = "R035"
    R036 = "R036"
    R038 = "R038"
    R044 = "R044"
    R058 = "R058"
    DELIVERY_GAP = "delivery_gap"
    RETURN_OVERDUE = "return_overdue"
    NO_EVIDENCE = "no_evidence"
    ONE_PROXY = "one_proxy"
    DIRECT_AWARDS = "direct_awards"
    JUST_UNDER = "just_under"
    SPLITTING = "splitting"
    VARIATION = "variation"
    LATE_PAYMENT = "late_payment"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def source(self) -> Source:
        return Source.CARDINAL if self.value.startswith("R") else Source.PLATFORM

    @property
    def defaults(self) -> dict[str, str]:
        """The settings a new installation starts with (numbers as text: exact decimals)."""
        return dict(DEFAULTS.get(self, {}))


_LABELS: dict[FlagCode, str] = {
    FlagCode.R003: "Short time to bid (R003)",
    FlagCode.R018: "Single bid received (R018)",
    FlagCode.R024: "Runner-up's price close to the winning bid (R024)",
    FlagCode.R028: "Identical bid prices (R028)",
    FlagCode.R030: "Late bid won (R030)",
    FlagCode.R035: "All except the winning bid disqualified (R035)",
    FlagCode.R036: "Lowest bid disqualified (R036)",
    FlagCode.R038: "Many disqualified bids (R038)",
    FlagCode.R044: "Bidders share contact details (R044)",
    FlagCode.R058: "Heavily discounted winning bid (R058)",
    FlagCode.DELIVERY_GAP: "Social value delivered falls short of what was committed",
    FlagCode.RETURN_OVERDUE: "Delivery return overdue",
    FlagCode.NO_EVIDENCE: "Delivery claimed without evidence",
    FlagCode.ONE_PROXY: "Commitments rest on one proxy value",
    FlagCode.DIRECT_AWARDS: "Repeated direct awards to one supplier",
    FlagCode.JUST_UNDER: "Value just under a threshold",
    FlagCode.SPLITTING: "Possible splitting to stay under a threshold",
    FlagCode.VARIATION: "Contract value increased by more than the limit",
    FlagCode.LATE_PAYMENT: "Invoice paid after 30 days",
}

# Defaults: Cardinal's own where it has one (docs/cli/indicators/R/<code>.md), else ours.
# An empty fence ("") means Cardinal's outlier fence (quartiles of the data) decides.
DEFAULTS: dict[FlagCode, dict[str, str]] = {
    FlagCode.R003: {"minimum_days": "15"},
    FlagCode.R018: {},
    FlagCode.R024: {"fence": ""},
    FlagCode.R028: {},
    FlagCode.R030: {},
    FlagCode.R035: {"minimum_disqualified": "1"},
    FlagCode.R036: {},
    FlagCode.R038: {"fence": "", "minimum_submitted_bids": "2"},
    FlagCode.R044: {},
    FlagCode.R058: {"fence": ""},
    FlagCode.DELIVERY_GAP: {"delivered_share_below": "0.80", "minimum_due_value": "1000"},
    FlagCode.RETURN_OVERDUE: {"days_late_at_least": "1"},
    FlagCode.NO_EVIDENCE: {},
    FlagCode.ONE_PROXY: {"share_at_least": "0.75", "minimum_committed_value": "5000"},
    FlagCode.DIRECT_AWARDS: {"awards_at_least": "2", "window_days": "365"},
    FlagCode.JUST_UNDER: {"margin": "0.10"},
    FlagCode.SPLITTING: {"window_days": "365"},
    FlagCode.VARIATION: {"limit": "0.10", "works_limit": "0.15"},
    FlagCode.LATE_PAYMENT: {"days": "30"},
}

# What each setting means, for the administrator's form and docs.
SETTING_WORDS: dict[str, str] = {
    "minimum_days": "Fewest days between publication and the deadline",
    "fence": "Fixed limit (leave blank to use the data's outlier fence)",
    "minimum_disqualified": "Fewest other bidders disqualified",
    "minimum_submitted_bids": "Fewest bids a bidder must have made to be compared",
    "delivered_share_below": "Flag when the verified share delivered is below (0.80 = 80%)",
    "minimum_due_value": "Only when at least this much (£) was due",
    "days_late_at_least": "Days after the due date",
    "share_at_least": "Flag when one measure carries at least this share (0.75 = 75%)",
    "minimum_committed_value": "Only when at least this much (£) was committed",
    "awards_at_least": "Number of direct awards",
    "window_days": "Within this many days",
    "margin": "Just under: within this share below the threshold (0.10 = 10%)",
    "limit": "Limit of increase (0.10 = 10%)",
    "works_limit": "Limit of increase for works (0.15 = 15%)",
    "days": "Days from invoice to payment",
}


def setting_decimal(settings: dict[str, str], name: str) -> Decimal | None:
    """A setting as a Decimal; None when blank."""
    text = str(settings.get(name, "")).strip()
    return Decimal(text) if text else None


# --- Cardinal's outlier fences -------------------------------------------------------------


@dataclass(frozen=True)
class Fences:
    lower: Decimal
    upper: Decimal


def quartile(values: Sequence[Decimal], q: Decimal) -> Decimal:
    """The q-th quantile by linear interpolation between closest ranks (as DuckDB's
    ``quantile_cont``)."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


# Quartiles of fewer values say nothing about what is usual: with one process, its own
# difference would be its fence. Cardinal has no minimum; the platform, with few tenders,
# needs one (docs/red-flags.md).
MINIMUM_FOR_FENCES = 4


def fences(values: Sequence[Decimal]) -> Fences | None:
    """Tukey's fences, as Cardinal uses them: Q1 - 1.5 IQR and Q3 + 1.5 IQR; None for fewer
    than ``MINIMUM_FOR_FENCES`` values."""
    if len(values) < MINIMUM_FOR_FENCES:
        return None
    q1 = quartile(values, Decimal("0.25"))
    q3 = quartile(values, Decimal("0.75"))
    iqr = q3 - q1
    return Fences(lower=q1 - Decimal("1.5") * iqr, upper=q3 + Decimal("1.5") * iqr)


# --- Thresholds ----------------------------------------------------------------------------


def just_under(value: Decimal, threshold: Decimal, margin: Decimal) -> bool:
    """True when ``value`` is below ``threshold`` by no more than ``margin`` of it
    (a margin of 0.10 flags £90,000 to £99,999.99 under £100,000)."""
    return threshold * (1 - margin) <= value < threshold


@dataclass(frozen=True)
class Part:
    """A payment or a contract: when, how much, and what names it."""

    day: date
    amount: Decimal
    label: str


@dataclass(frozen=True)
class Split:
    """Parts to one supplier within the window that together reach a threshold that each
    stays under."""

    parts: tuple[Part, ...]
    total: Decimal
    threshold: Decimal

    @property
    def first_day(self) -> date:
        return self.parts[0].day

    @property
    def last_day(self) -> date:
        return self.parts[-1].day


def find_split(parts: Sequence[Part], threshold: Decimal, window_days: int) -> Split | None:
    """The first run of parts, each under ``threshold``, whose sum within ``window_days``
    (first to last day inclusive) reaches it; None when there is none. A part at or above
    the threshold is not a split (it was over the threshold on its own), so it breaks a run."""
    ordered = sorted(parts, key=lambda p: (p.day, p.label))
    start = 0
    total = Decimal(0)
    for end, part in enumerate(ordered):
        if part.amount >= threshold:
            start, total = end + 1, Decimal(0)
            continue
        total += part.amount
        while part.day - ordered[start].day >= timedelta(days=window_days):
            total -= ordered[start].amount
            start += 1
        if total >= threshold and end > start:
            return Split(tuple(ordered[start : end + 1]), total, threshold)
    return None


# --- Contracts -----------------------------------------------------------------------------


def increase_share(original: Decimal, current: Decimal) -> Decimal | None:
    """How much the value grew, as a share of the original (0.12 = 12%); None from zero."""
    if original <= 0:
        return None
    return (current - original) / original


def variation_over_limit(
    original: Decimal, current: Decimal, *, works: bool, limit: Decimal, works_limit: Decimal
) -> bool:
    """True when the value rose by more than the limit (10%, or 15% for works, by default:
    the Procurement Act 2023's limits for a modification without a new procurement)."""
    share = increase_share(original, current)
    return share is not None and share > (works_limit if works else limit)


def delivery_short(delivered: Decimal, due: Decimal, share_below: Decimal) -> bool:
    """True when less than ``share_below`` of what was due was delivered and verified."""
    return due > 0 and delivered < due * share_below


def concentrated(values: Sequence[Decimal], share_at_least: Decimal) -> Decimal | None:
    """The largest part's share of the total when it reaches ``share_at_least``, else None."""
    total = sum(values, Decimal(0))
    if total <= 0:
        return None
    top = max(values) / total
    return top if top >= share_at_least else None
