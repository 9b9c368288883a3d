"""Reads of imported spend: the same DuckDB queries as `socialvalue spend analyse`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import duckdb
from django.conf import settings
from django.db.models import Count, Max, Min, Sum

from socialvalue.analytics.engine import AnalysisOptions, analyse
from socialvalue.analytics.figures import SpendFigures
from socialvalue.domain.fiscal import FinancialYear
from socialvalue.domain.geography import LocalArea, default_lookup, lancashire_force_area
from socialvalue.domain.payment_times import (
    Period,
    quarter_of,
    significant_payment,
    significant_payment_floor,
)
from socialvalue.domain.supplier_names import SupplierRegister
from socialvalue.policy.selectors import local_area_list, organisation_get
from socialvalue.spend.models import Payment
from socialvalue.spend.snapshots import PaymentTimes, Snapshot
from socialvalue.suppliers import selectors as suppliers_selectors


def supplier_register() -> SupplierRegister:
    """The supplier register in the form the spend engine matches names against (with
    every supplier's aliases: suppliers/selectors.py)."""
    return suppliers_selectors.supplier_register()


def local_area() -> LocalArea:
    """The most local area of the policy data (the force area in the demo)."""
    area = local_area_list().first()
    if area is None:
        return lancashire_force_area()
    return default_lookup().local_area(area.name, frozenset(area.district_codes))


def analysis_options(year: FinancialYear | None, include_public_bodies: bool) -> AnalysisOptions:
    """The engine's options for the organisation, a year (None: every year) and whether
    spend with public bodies counts as influenceable."""
    organisation = organisation_get()
    return AnalysisOptions(
        area=local_area(),
        exclude_public_bodies=not include_public_bodies,
        year=year,
        start_month=organisation.financial_year_start_month if organisation else 4,
        place_unknown_limit=settings.SPEND_PLACE_UNKNOWN_LIMIT,
    )


def run_analysis(
    con: duckdb.DuckDBPyConnection, register: SupplierRegister, options: AnalysisOptions
) -> SpendFigures:
    """The engine's figures over the ``payments`` table already filled in ``con``."""
    return analyse(con, register, options)


def spend_figures(
    *, year: FinancialYear | None = None, include_public_bodies: bool = False
) -> SpendFigures:
    """All figures computed now over every counted payment: for the background computation
    and checks only. Pages read the stored snapshot (:func:`figures_snapshot`)."""
    from socialvalue.spend.snapshots import payments_database, payments_into_duckdb

    with payments_database() as con:
        payments_into_duckdb(con)
        return run_analysis(con, supplier_register(), analysis_options(year, include_public_bodies))


def figures_snapshot(
    *, year: FinancialYear | str | None = None, include_public_bodies: bool = False
) -> Snapshot:
    """The stored spend figures for the filters, with when they were computed."""
    from socialvalue.spend.snapshots import figures_snapshot as stored

    return stored(year=year, include_public_bodies=include_public_bodies)


@dataclass(frozen=True)
class UnmatchedSupplier:
    name: str
    total: Decimal
    lines: int


def unmatched_suppliers(limit: int | None = 200) -> list[UnmatchedSupplier]:
    """Ledger names not in the supplier register, largest spend first (all with None)."""
    unmatched = register_review().unmatched
    return unmatched if limit is None else unmatched[:limit]


@dataclass(frozen=True)
class RegisterReview:
    """How much of the spend the register covers, and the payees it does not know."""

    total: Decimal
    matched: Decimal
    unmatched: list[UnmatchedSupplier]

    @property
    def matched_share(self) -> Decimal | None:
        """The part of all spend paid to names the register knows (None with no spend)."""
        from socialvalue.domain.money import share

        return share(self.matched, self.total)


def register_review() -> RegisterReview:
    """One database aggregate per payee name (thousands of rows, not every payment),
    matched against the register by name or alias."""
    register = supplier_register()
    totals = (
        Payment.objects.counted()
        .values("supplier_name")
        .annotate(total=Sum("amount"), lines=Count("id"))
        .order_by("-total", "supplier_name")
    )
    total = matched = Decimal(0)
    unmatched = []
    for row in totals:
        total += row["total"]
        if register.match(row["supplier_name"]).matched:
            matched += row["total"]
        else:
            unmatched.append(UnmatchedSupplier(row["supplier_name"], row["total"], row["lines"]))
    return RegisterReview(total=total, matched=matched, unmatched=unmatched)


def financial_years_imported() -> list[FinancialYear]:
    """The financial years with figures computed, latest first (from the snapshot, not a
    pass over the payments)."""
    from socialvalue.spend.snapshots import snapshot_years

    organisation = organisation_get()
    start_month = organisation.financial_year_start_month if organisation else 4
    return [FinancialYear.parse(label, start_month) for label in snapshot_years()]


def own_body_names() -> tuple[str, ...]:
    """The organisation's names, to tell its payments files from another body's."""
    organisation = organisation_get()
    if organisation is None:
        return ()
    return tuple(n for n in (organisation.name, organisation.short_name) if n)


def payment_times() -> PaymentTimes:
    """The stored payments compliance figures of each reporting period (s.69), computed in
    the background with the spend figures."""
    from socialvalue.spend.snapshots import payment_times as stored

    return stored()


def payment_quarters() -> list[Period]:
    """The quarters from the first payment to the last, latest first (two index reads)."""
    span = Payment.objects.counted().aggregate(first=Min("payment_date"), last=Max("payment_date"))
    if span["first"] is None:
        return []
    quarters = [quarter_of(span["first"])]
    while quarters[-1].end < span["last"]:
        quarters.append(quarter_of(quarters[-1].end + timedelta(days=1)))
    return quarters[::-1]


def significant_payments(quarter: Period) -> list[Payment]:
    """The payments of more than £30,000 including VAT made in a quarter (s.70), in the
    order paid. The database keeps the quarter's large lines; the rule decides."""
    candidates = (
        Payment.objects.counted()
        .filter(
            payment_date__range=(quarter.start, quarter.end),
            amount__gt=significant_payment_floor(),
        )
        .order_by("payment_date", "supplier_name", "pk")
    )
    return [p for p in candidates if significant_payment(p.amount)]
