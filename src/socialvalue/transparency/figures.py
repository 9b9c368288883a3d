"""A financial year's headline figures: spend shares (with the trend over every year
imported) and social value committed and delivered. Totals only, safe to publish; the
annual review builds on the same figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from socialvalue.domain.fiscal import FinancialYear
from socialvalue.domain.money import share

# The headline shares' words live with the spend figures, which draw the trend chart once.
from socialvalue.spend.snapshots import SHARE_LABELS, Snapshot

__all__ = ["SHARE_LABELS", "Headlines", "SpendYear", "headlines", "spend_by_year"]


@dataclass
class SpendYear:
    year: str
    total: Decimal
    influenceable: Decimal
    shares: dict[str, Decimal | None]  # key of SHARE_LABELS -> fraction of influenceable
    place_unknown: Decimal | None = None  # fractions of influenceable spend not placed
    size_unknown: Decimal | None = None  # or not sized (no postcode, not in the register)
    # Each share as shown: '38.2%', or a place or SME share's range when too much has no
    # known place or size (domain.place_coverage); and what the place shares rest on
    # (PlaceCoverage.to_dict).
    share_texts: dict[str, str] = field(default_factory=dict)
    place_coverage: dict[str, object] | None = None

    size_reliable: bool = True  # false: the SME share is only known as a range

    @property
    def place_reliable(self) -> bool:
        return bool(self.place_coverage is None or self.place_coverage["reliable"])


@dataclass
class SocialValueYear:
    contracts_awarded: int = 0
    awarded_value: Decimal = Decimal("0.00")
    committed_value: Decimal = Decimal("0.00")  # by the contracts awarded in the year
    delivered_value: Decimal = Decimal("0.00")  # verified, for periods ending in the year


@dataclass
class Headlines:
    year: FinancialYear
    spend: SpendYear | None  # None: no payments imported for the year
    spend_trend: list[SpendYear] = field(default_factory=list)
    social_value: SocialValueYear = field(default_factory=SocialValueYear)
    spend_snapshot: Snapshot | None = None  # when the spend figures were computed


def spend_by_year(snapshot: Snapshot | None = None) -> list[SpendYear]:
    """Every financial year imported, oldest first, from the stored spend figures (none
    while they are being computed)."""
    from socialvalue.spend.selectors import figures_snapshot

    figures = (snapshot or figures_snapshot()).figures
    if figures is None:
        return []
    years = []
    for period in sorted(figures.years, key=lambda p: p.year):
        years.append(
            SpendYear(
                year=period.year,
                total=period.total,
                influenceable=period.influenceable,
                shares={
                    key: share(getattr(period, key), period.influenceable) for key in SHARE_LABELS
                },
                place_unknown=share(period.place_unknown, period.influenceable),
                size_unknown=share(period.size_unknown, period.influenceable),
                share_texts={key: period.share_text(key) for key in SHARE_LABELS},
                place_coverage=period.place_coverage.to_dict(),
                size_reliable=period.size_coverage.reliable,
            )
        )
    return years


def social_value_in(year: FinancialYear) -> SocialValueYear:
    """Contracts awarded in the year with what they committed, and what all contracts
    delivered (verified) in reporting periods ending in the year."""
    from socialvalue.contracts.models import Contract
    from socialvalue.contracts.selectors import contract_status, verified_lines_ending_between

    result = SocialValueYear()
    awarded = Contract.objects.filter(
        awarded_at__date__gte=year.start, awarded_at__date__lte=year.end
    ).prefetch_related("kpis", "returns__lines")
    for contract in awarded:
        result.contracts_awarded += 1
        result.awarded_value += contract.value
        result.committed_value += contract_status(contract).committed_value
    for line in verified_lines_ending_between(year.start, year.end):
        result.delivered_value += line.kpi.value_of(line.quantity)
    return result


def headlines(year: FinancialYear) -> Headlines:
    from socialvalue.spend.selectors import figures_snapshot

    snapshot = figures_snapshot()
    trend = spend_by_year(snapshot)
    this_year = next((y for y in trend if y.year == year.label), None)
    return Headlines(
        year=year,
        spend=this_year,
        spend_trend=trend,
        social_value=social_value_in(year),
        spend_snapshot=snapshot,
    )
