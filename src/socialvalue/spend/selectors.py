"""Reads of imported spend: the same DuckDB queries as `socialvalue spend analyse`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

import duckdb
from django.conf import settings
from django.db.models import Max, Min

from socialvalue.analytics.engine import AnalysisOptions, ClassifiedSuppliers, analyse
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
from socialvalue.policy.models import ContractingAuthority
from socialvalue.policy.selectors import (
    contracting_authority_list,
    local_area_list,
    organisation_get,
)
from socialvalue.spend.models import ImportStatus, PayeeTotal, Payment, PaymentQuerySet, SpendImport
from socialvalue.spend.snapshots import (
    NOT_STATED_KEY,
    Body,
    PaymentTimes,
    Snapshot,
    figures_state,
)
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
    con: duckdb.DuckDBPyConnection,
    register: SupplierRegister,
    options: AnalysisOptions,
    *,
    relation: str = "payments",
    known: ClassifiedSuppliers | None = None,
) -> SpendFigures:
    """The engine's figures over the ``payments`` table already filled in ``con`` (or a
    view of some of its lines: one body's payments). ``known``: suppliers classified by
    earlier analyses with this register, kept for the next."""
    return analyse(con, register, options, relation=relation, known=known)


def spend_figures(
    *, year: FinancialYear | None = None, include_public_bodies: bool = False
) -> SpendFigures:
    """All figures computed now over every counted payment: for the background computation
    and checks only. Pages read the stored snapshot (:func:`figures_snapshot`)."""
    with counted_payments_in_duckdb() as con:
        return run_analysis(con, supplier_register(), analysis_options(year, include_public_bodies))


@contextmanager
def counted_payments_in_duckdb() -> Iterator[duckdb.DuckDBPyConnection]:
    """A temporary DuckDB database whose ``payments`` table (the engine's columns) holds
    every counted payment, streamed in as the figures are: for background work over all
    payments (the red flags), never for a request."""
    from socialvalue.spend.snapshots import payments_database, payments_into_duckdb

    with payments_database() as con:
        payments_into_duckdb(con)
        yield con


def figures_snapshot(
    *,
    year: FinancialYear | str | None = None,
    include_public_bodies: bool = False,
    body: Body | None = None,
) -> Snapshot:
    """The stored spend figures for the filters and a body (None: every body together, as
    the public page and the annual review show them), with when they were computed."""
    from socialvalue.spend.snapshots import figures_snapshot as stored

    return stored(year=year, include_public_bodies=include_public_bodies, body=body)


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
    as_of: datetime | None = None  # when the figures it rests on were computed
    out_of_date: bool = False  # payments or the register changed since

    @property
    def matched_share(self) -> Decimal | None:
        """The part of all spend paid to names the register knows (None with no spend)."""
        from socialvalue.domain.money import share

        return share(self.matched, self.total)


def register_review() -> RegisterReview:
    """The payee names of the last figures computation (``PayeeTotal``: thousands of rows,
    not every payment), matched against the register as it is now, by name or alias: a name
    added to the register leaves the list at once; payments imported since appear once the
    figures are computed again (``as_of`` and ``out_of_date`` say which figures it rests on)."""
    register = supplier_register()
    total = matched = Decimal(0)
    unmatched = []
    for payee in PayeeTotal.objects.order_by("-total", "name"):
        total += payee.total
        if register.match(payee.name).matched:
            matched += payee.total
        else:
            unmatched.append(UnmatchedSupplier(payee.name, payee.total, payee.lines))
    state = figures_state()
    return RegisterReview(
        total=total,
        matched=matched,
        unmatched=unmatched,
        as_of=state.computed_at,
        out_of_date=state.out_of_date,
    )


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


def payment_times(body: Body | None = None) -> PaymentTimes:
    """The stored payments compliance figures of each reporting period (s.69) of a body
    (None: every body together), computed in the background with the spend figures."""
    from socialvalue.spend.snapshots import payment_times as stored

    return stored(body)


# --- Whose payments: the contracting authority of each import ---------------------------


def authorities() -> list[ContractingAuthority]:
    return list(contracting_authority_list())


def implied_authority() -> ContractingAuthority | None:
    """The body of a new import when none is chosen: the only one, when there is one."""
    found = list(contracting_authority_list()[:2])
    return found[0] if len(found) == 1 else None


class UnknownBody(ValueError):
    """A body filter that names no contracting authority (the message says which values
    do)."""


def body_named(value: str | None) -> Body:
    """The body a filter names: blank for every body together, "none" for the imports whose
    body is not stated, or a contracting authority's id; anything else is
    :class:`UnknownBody`."""
    value = (value or "").strip()
    if not value:
        return Body()
    if value == NOT_STATED_KEY:
        return Body(not_stated=True)
    authority = None
    if value.isascii() and value.isdigit() and len(value) <= 18:
        authority = contracting_authority_list().filter(pk=int(value)).first()
    if authority is None:
        known = ", ".join(f"{a.pk} ({a.name})" for a in contracting_authority_list())
        raise UnknownBody(
            f"No contracting authority {value!r}: use "
            + (f"{known}, " if known else "")
            + f"{NOT_STATED_KEY!r} for the payments whose body is not stated, or leave it "
            "blank for every body together"
        )
    return Body(authority)


def unknown_body_message(value: str | None) -> str:
    """What a page filtered by body says when the filter names no contracting authority
    (it then shows every body together); "" when it names one, or none is asked for."""
    try:
        body_named(value)
    except UnknownBody:
        return f"There is no contracting authority {value!r}: showing all of them together."
    return ""


def body_from(value: str | None) -> Body:
    """The body a filter names: an authority's id, "none" (imports whose body is not
    stated) or anything else for every body together."""
    try:
        return body_named(value)
    except UnknownBody:
        return Body()


def unstated_imports() -> int:
    """Finished imports whose body is not stated: their payments are in no body's figures."""
    return SpendImport.objects.filter(
        status=ImportStatus.DONE, contracting_authority__isnull=True
    ).count()


def body_choices() -> list[tuple[str, str]]:
    """The filter's options: every body together, each authority, and the payments whose
    body is not stated when there are some."""
    choices = [("", Body().label)] + [(str(a.pk), a.name) for a in contracting_authority_list()]
    if unstated_imports():
        choices.append((NOT_STATED_KEY, Body(not_stated=True).label))
    return choices


def of_body(payments: PaymentQuerySet, body: Body) -> PaymentQuerySet:
    if body.authority is not None:
        return payments.filter(spend_import__contracting_authority=body.authority)
    if body.not_stated:
        return payments.filter(spend_import__contracting_authority__isnull=True)
    return payments


def payment_quarters() -> list[Period]:
    """The quarters from the first payment to the last, latest first (two index reads)."""
    span = Payment.objects.counted().aggregate(first=Min("payment_date"), last=Max("payment_date"))
    if span["first"] is None:
        return []
    quarters = [quarter_of(span["first"])]
    while quarters[-1].end < span["last"]:
        quarters.append(quarter_of(quarters[-1].end + timedelta(days=1)))
    return quarters[::-1]


def significant_payments(quarter: Period, body: Body | None = None) -> list[Payment]:
    """The payments of more than £30,000 including VAT a body (None: every body) made in a
    quarter (s.70), in the order paid. The database keeps the quarter's large lines; the
    rule decides."""
    candidates = (
        of_body(Payment.objects.counted(), body or Body())
        .select_related("spend_import__contracting_authority")
        .filter(
            payment_date__range=(quarter.start, quarter.end),
            amount__gt=significant_payment_floor(),
        )
        .order_by("payment_date", "supplier_name", "pk")
    )
    return [p for p in candidates if significant_payment(p.amount)]
