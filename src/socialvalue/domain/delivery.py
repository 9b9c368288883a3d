"""Delivery of social value commitments: reporting periods, pro-rata targets, delivered
share, red/amber/green status and overdue returns. Pure rules, no Django.

* A contract reports every ``months`` months (3, quarterly, by default; 1, 6 and 12 are
  allowed), in periods aligned to the contract's start date: a contract starting on
  15 May reports for 15 May to 14 August, 15 August to 14 November, and so on. The last
  period stops at the contract's end date.
* A KPI's target is either a quantity per contract year (as bids commit) or per period.
  A period's target is its share of the year (``months / 12``), scaled down by days when
  the period is cut short by the end of the contract. A target may apply to one contract
  year only (a bid can commit 10 in year 1 and 12 in year 2).
* The pro-rata target at a date is the sum of the targets of the periods whose return
  deadline (period end + grace days) has passed; a period still running, or within its
  grace days, is not yet counted.
* The delivered share is delivered / target; the status is green at or above the green
  threshold, amber at or above the amber threshold, red below. Thresholds are the
  organisation's policy data (percentages), passed in here.
"""

from __future__ import annotations

import calendar
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

ALLOWED_MONTHS = (1, 3, 6, 12)
QUANTITY = Decimal("0.01")
SHARE = Decimal("0.0001")


class DeliveryError(ValueError):
    """Contract dates or a reporting frequency the rules cannot work with."""


class Basis(enum.StrEnum):
    PER_YEAR = "per_year"
    PER_PERIOD = "per_period"


class Rag(enum.StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NOT_DUE = "not_due"  # nothing due yet: no status

    @property
    def label(self) -> str:
        """The one wording of a delivery status: staff pages, the public pages, the annual
        review, downloads and the API. The colour and what it means, so that it reads
        without the colour and matches the policy's green/amber/red thresholds."""
        return RAG_LABELS[self]


RAG_LABELS: dict[Rag, str] = {
    Rag.GREEN: "Green: on track",
    Rag.AMBER: "Amber: slightly behind",
    Rag.RED: "Red: behind",
    Rag.NOT_DUE: "Nothing due yet",
}


@dataclass(frozen=True)
class Period:
    """A reporting period: ``number`` counts from 1; ``start`` and ``end`` are inclusive."""

    number: int
    start: date
    end: date
    full_days: int  # days of the period had it not been cut short by the contract's end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def fraction(self) -> Decimal:
        """1 for a whole period, less for a last period cut short."""
        return Decimal(self.days) / Decimal(self.full_days)

    def contract_year(self, months: int) -> int:
        """The contract year (from 1) this period falls in."""
        return (self.number - 1) * months // 12 + 1

    def due_on(self, grace_days: int) -> date:
        return self.end + timedelta(days=grace_days)


@dataclass(frozen=True)
class Thresholds:
    """Delivered shares as percentages: green from ``green``, amber from ``amber``."""

    green: Decimal
    amber: Decimal

    def __post_init__(self) -> None:
        if not Decimal(0) <= self.amber <= self.green:
            raise DeliveryError("The amber threshold must be between 0 and the green threshold")


@dataclass(frozen=True)
class Target:
    """What a KPI commits: ``quantity`` per year or per period, in every contract year
    (``year`` None) or in one."""

    quantity: Decimal
    basis: Basis = Basis.PER_YEAR
    year: int | None = None


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def reporting_periods(start: date, end: date, months: int = 3) -> list[Period]:
    """The periods of a contract from ``start`` to ``end`` (both inclusive)."""
    if months not in ALLOWED_MONTHS:
        raise DeliveryError(f"Report every 1, 3, 6 or 12 months, not every {months}")
    if end < start:
        raise DeliveryError("The contract must end on or after it starts")
    periods: list[Period] = []
    number = 1
    while True:
        # Counted from the contract start each time, so 31 January stays the month end.
        period_start = add_months(start, (number - 1) * months)
        if period_start > end:
            return periods
        full_end = add_months(start, number * months) - timedelta(days=1)
        period = Period(
            number=number,
            start=period_start,
            end=min(full_end, end),
            full_days=(full_end - period_start).days + 1,
        )
        periods.append(period)
        number += 1


def contract_years(start: date, end: date) -> int:
    """How many contract years (whole or part) run from ``start`` to ``end``."""
    return reporting_periods(start, end, 12)[-1].number


def period_target(target: Target, period: Period, months: int) -> Decimal:
    """The quantity due for one period."""
    if target.year is not None and period.contract_year(months) != target.year:
        return Decimal(0)
    share = Decimal(months) / Decimal(12) if target.basis == Basis.PER_YEAR else Decimal(1)
    return _quantity(Decimal(target.quantity) * share * period.fraction)


def total_target(target: Target, periods: Sequence[Period], months: int) -> Decimal:
    """The quantity committed over the whole contract."""
    return sum((period_target(target, p, months) for p in periods), Decimal(0))


def periods_due(periods: Iterable[Period], as_of: date, grace_days: int) -> list[Period]:
    """The periods whose return deadline has passed by ``as_of``."""
    return [p for p in periods if p.due_on(grace_days) < as_of]


def pro_rata_target(
    target: Target, periods: Sequence[Period], months: int, as_of: date, grace_days: int
) -> Decimal:
    """The quantity due by ``as_of``: the targets of the periods whose deadline passed."""
    return sum(
        (period_target(target, p, months) for p in periods_due(periods, as_of, grace_days)),
        Decimal(0),
    )


def delivered_share(delivered: Decimal, target: Decimal) -> Decimal | None:
    """Delivered as a share of the target (1 = all of it); None when nothing is due."""
    if target <= 0:
        return None
    return (Decimal(delivered) / Decimal(target)).quantize(SHARE, rounding=ROUND_HALF_UP)


def rag(share: Decimal | None, thresholds: Thresholds) -> Rag:
    """The status of a delivered share against the policy's thresholds."""
    if share is None:
        return Rag.NOT_DUE
    percent = share * 100
    if percent >= thresholds.green:
        return Rag.GREEN
    if percent >= thresholds.amber:
        return Rag.AMBER
    return Rag.RED


def is_overdue(period: Period, grace_days: int, submitted: bool, today: date) -> bool:
    """A return not submitted by the end of the period plus the grace days."""
    return not submitted and today > period.due_on(grace_days)


def capped_share(pairs: Iterable[tuple[Decimal, Decimal]]) -> Decimal | None:
    """Share of (delivered, due) pairs taken together, each delivery counted up to what was
    due, so over-delivery on one commitment does not hide a shortfall on another."""
    delivered = due = Decimal(0)
    for done, owed in pairs:
        if owed <= 0:
            continue
        delivered += min(Decimal(done), Decimal(owed))
        due += Decimal(owed)
    return delivered_share(delivered, due)


def _quantity(value: Decimal) -> Decimal:
    return value.quantize(QUANTITY, rounding=ROUND_HALF_UP)
