"""Spend figures computed once, in the background, and read by every page.

Computing the figures means reading every counted payment (12.9 s at a million lines),
so no request does it: :func:`figures_compute` runs in the worker after each change that
moves them (``spend.services.figures_stale``), stores one :class:`FiguresSnapshot` per
choice of the figures page's filters (every year or one year; public bodies counted as
influenceable or not; every body together, each contracting authority with payments, and
the imports whose body is not stated when there are some) with its charts drawn, and every
page, download, API answer, annual review and the public page read those
(:func:`figures_snapshot`).
"""

from __future__ import annotations

import csv
import logging
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

import duckdb
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from socialvalue.analytics.engine import PAYMENT_COLUMNS, ClassifiedSuppliers, create_payments_table
from socialvalue.analytics.figures import SpendFigures
from socialvalue.analytics.figures_json import FiguresJsonError, from_json, to_json
from socialvalue.core.charts import share_trend_chart
from socialvalue.domain.fiscal import FinancialYear
from socialvalue.domain.geography import Place
from socialvalue.domain.money import share
from socialvalue.domain.organisation_type import OrganisationType
from socialvalue.domain.payment_times import (
    Compliance,
    PaymentGroup,
    compliance_by_period,
    compliance_from_dict,
    compliance_to_dict,
    days_to_pay,
)
from socialvalue.domain.supplier_size import SizeBand
from socialvalue.policy.models import ContractingAuthority
from socialvalue.spend.models import (
    FiguresSnapshot,
    FiguresState,
    ImportStatus,
    PayeeTotal,
    Payment,
    PaymentTimesSnapshot,
    TimesScope,
)

logger = logging.getLogger(__name__)

# The headline shares of influenceable spend, as the public page and the annual review
# name them (transparency.figures uses these).
SHARE_LABELS = {
    "force_area": "In the force area",
    "north_west": "In the North West",
    "sme": "With small and medium-sized enterprises",
    "vcse": "With voluntary, community and social enterprises",
}
__all__ = ["SHARE_LABELS", "Snapshot", "figures_snapshot", "share_rows"]
# Each breakdown of the figures page: chart key, caption, totals, the whole it is a share
# of, and the words for its keys.
BREAKDOWNS = (
    ("by_place", "By place (of influenceable spend)", "influenceable", Place),
    ("by_size", "By supplier size (of influenceable spend)", "influenceable", SizeBand),
    ("by_type", "By type of organisation (of all spend)", "total", OrganisationType),
)
TREND_CHART_TITLE = "Spend shares by financial year"
STATE_ID = 1


# --- Reading ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    """The stored figures for one choice of filters, and how current they are."""

    figures: SpendFigures | None  # None: not computed yet (or no longer readable)
    charts: dict[str, str] = field(default_factory=dict)
    computed_at: datetime | None = None
    out_of_date: bool = False  # something they rest on changed; new ones are due
    problem: str = ""  # why the last computation failed, if it did
    rests_on: dict[str, Any] = field(default_factory=dict)

    @property
    def being_computed(self) -> bool:
        return self.figures is None or self.out_of_date


def figures_state() -> FiguresState:
    state, _ = FiguresState.objects.get_or_create(pk=STATE_ID)
    return state


def figures_snapshot(
    *,
    year: FinancialYear | str | None = None,
    include_public_bodies: bool = False,
    body: Body | None = None,
) -> Snapshot:
    """The stored figures of a body (None: every body together): a few small queries, never
    a pass over the payments. A body with no row of its own for the filters (no payments in
    that year, or none at all, when they were computed) has figures with no payments, as of
    the computation of every body together."""
    body = body or Body()
    label = "" if year is None else str(year)
    state = FiguresState.objects.filter(pk=STATE_ID).first()
    out_of_date = state is None or state.out_of_date
    problem = state.problem if state else ""
    rows = FiguresSnapshot.objects.filter(year=label, include_public_bodies=include_public_bodies)
    if body.authority is not None:
        row = rows.filter(contracting_authority=body.authority).first()
    else:
        row = rows.filter(scope=body.scope, contracting_authority__isnull=True).first()
    if row is None:
        together = rows.filter(scope=TimesScope.ALL).first()
        if together is None or body.together:
            return Snapshot(None, out_of_date=True, problem=problem)
        return Snapshot(
            SpendFigures.no_payments(settings.SPEND_PLACE_UNKNOWN_LIMIT),
            computed_at=together.computed_at,
            out_of_date=out_of_date,
            problem=problem,
            rests_on=together.rests_on,
        )
    try:
        figures = from_json(SpendFigures, row.figures)
    except (FiguresJsonError, KeyError, TypeError, ValueError):
        # Stored by an older version whose figures lack a field: computed again soon.
        logger.warning("Spend figures snapshot %s cannot be read", row.pk, exc_info=True)
        return Snapshot(None, out_of_date=True, problem=problem)
    return Snapshot(
        figures,
        charts=row.charts,
        computed_at=row.computed_at,
        out_of_date=out_of_date,
        problem=problem,
        rests_on=row.rests_on,
    )


NOT_STATED_KEY = "none"  # the filter's value for the imports whose body is not stated


@dataclass(frozen=True)
class Body:
    """Whose payments a figure counts: every body together (the default), one contracting
    authority, or the imports whose body is not stated (``not_stated``)."""

    authority: ContractingAuthority | None = None
    not_stated: bool = False

    @property
    def together(self) -> bool:
        return self.authority is None and not self.not_stated

    @property
    def key(self) -> str:
        """The filter's value: blank, the authority's id, or "none"."""
        if self.authority is not None:
            return str(self.authority.pk)
        return NOT_STATED_KEY if self.not_stated else ""

    @property
    def label(self) -> str:
        if self.authority is not None:
            return self.authority.name
        return TimesScope.NOT_STATED.label if self.not_stated else TimesScope.ALL.label

    @property
    def scope(self) -> str:
        if self.authority is not None:
            return TimesScope.AUTHORITY
        return TimesScope.NOT_STATED if self.not_stated else TimesScope.ALL


@dataclass(frozen=True)
class PaymentTimes:
    """The stored payments compliance figures of each reporting period, oldest first."""

    periods: list[Compliance]
    computed_at: datetime | None = None
    out_of_date: bool = False

    @property
    def being_computed(self) -> bool:
        return self.computed_at is None or self.out_of_date


def payment_times(body: Body | None = None) -> PaymentTimes:
    """The stored payment times of a body (None: every body together): a few small
    queries, never a pass over the payments. A body with no row of its own (no payments
    when they were computed) has no periods, as of the computation of every body."""
    body = body or Body()
    state = FiguresState.objects.filter(pk=STATE_ID).first()
    out_of_date = state is None or state.out_of_date
    rows = PaymentTimesSnapshot.objects.order_by("-pk")
    if body.authority is not None:
        row = rows.filter(contracting_authority=body.authority).first()
    else:
        row = rows.filter(scope=body.scope, contracting_authority__isnull=True).first()
    if row is None:
        together = rows.filter(scope=TimesScope.ALL).first()
        if together is None or body.together:
            return PaymentTimes([], out_of_date=True)
        return PaymentTimes([], computed_at=together.computed_at, out_of_date=out_of_date)
    try:
        periods = [compliance_from_dict(p) for p in row.periods]
    except (KeyError, TypeError, ValueError, ArithmeticError):
        logger.warning("Payment times snapshot %s cannot be read", row.pk, exc_info=True)
        return PaymentTimes([], out_of_date=True)
    return PaymentTimes(periods, computed_at=row.computed_at, out_of_date=out_of_date)


def snapshot_years() -> list[str]:
    """The financial years with stored figures (of every body together), latest first."""
    labels = (
        FiguresSnapshot.objects.filter(scope=TimesScope.ALL)
        .exclude(year="")
        .values_list("year", flat=True)
    )
    return sorted(set(labels), reverse=True)


def share_rows(figures: SpendFigures) -> list[dict[str, Any]]:
    """Each breakdown of the figures page as a table: ``key``, ``caption`` and ``rows``
    labelled with the enum's own words ("Rest of the UK", "VCSE")."""
    tables = []
    place_texts = figures.place_share_texts()
    for key, caption, whole_name, enum in BREAKDOWNS:
        amounts: dict[str, Decimal] = getattr(figures, key)
        whole: Decimal = getattr(figures, whole_name)
        rows = [
            {"label": enum(k).label, "amount": v, "share": share(v, whole)}
            for k, v in amounts.items()
        ]
        if enum is Place:  # a place share resting on too little is shown as its range
            for row, k in zip(rows, amounts, strict=True):
                row["text"] = place_texts[k]
        tables.append({"key": key, "caption": caption, "rows": rows})
    return tables


def share_trend(figures: SpendFigures) -> list[dict[str, Any]]:
    """The headline shares of each financial year, oldest first."""
    return [
        {
            "year": period.year,
            "shares": {k: share(getattr(period, k), period.influenceable) for k in SHARE_LABELS},
            "place_reliable": period.place_coverage.reliable,
            "size_reliable": period.size_coverage.reliable,
        }
        for period in sorted(figures.years, key=lambda p: p.year)
    ]


# --- Computing ----------------------------------------------------------------------------


def figures_compute_due() -> str:
    """The worker's side: compute the figures if they are out of date; record a failure.

    Returns what happened, for the task's result.
    """
    with transaction.atomic():
        state = FiguresState.objects.select_for_update().filter(pk=STATE_ID).first()
        if state is None or not state.out_of_date:
            if state is not None:
                _save(state, queued_at=None)
            return "up to date"
        # Cleared before computing: a change made while it runs queues the next one.
        _save(state, queued_at=None, computing_since=timezone.now())
        target = state.requested
    try:
        stored = figures_compute(target=target)
    except Exception as error:
        logger.exception("Spend figures could not be computed")
        FiguresState.objects.filter(pk=STATE_ID).update(
            computing_since=None,
            problem=f"The figures could not be computed ({type(error).__name__}: {error}).",
        )
        return "failed"
    return "computed" if stored else "superseded"


def figures_compute(*, target: int | None = None) -> bool:
    """Compute and store every snapshot now, over every counted payment.

    ``target`` is the state's ``requested`` count this computation answers (read before the
    payments, so that a change during it leaves the figures marked out of date). Returns
    False when a computation that started later has stored its figures already.
    """
    from socialvalue.spend.selectors import analysis_options, run_analysis, supplier_register

    state = figures_state()
    target = state.requested if target is None else target
    now = timezone.now()
    register = supplier_register()
    with payments_database() as con:
        rests_on = payments_into_duckdb(con)
        rests_on.update(
            suppliers_in_register=len(register.suppliers), request=target, reason=state.reason
        )
        rows = []
        together: dict[tuple[str, bool], FiguresSnapshot] = {}
        drawn: dict[tuple[Any, ...], str] = {}  # each chart drawn once for the same rows
        known: ClassifiedSuppliers = {}  # each supplier classified once per set of rules
        for scope, authority_id, relation, every_payment in _bodies(con):
            for year, public in _filter_choices(con, relation):
                key = ("" if year is None else year.label, public)
                if every_payment and key in together:
                    # The one body that made every payment: the same figures, not computed
                    # again (the usual case while a single body's files are imported).
                    stored, charts = together[key].figures, together[key].charts
                else:
                    options = analysis_options(year, public)
                    figures = run_analysis(con, register, options, relation=relation, known=known)
                    trend = year is None and not public
                    stored, charts = to_json(figures), _charts(figures, trend=trend, drawn=drawn)
                row = FiguresSnapshot(
                    year=key[0],
                    include_public_bodies=public,
                    scope=scope,
                    contracting_authority_id=authority_id,
                    figures=stored,
                    charts=charts,
                    computed_at=now,
                    rests_on=rests_on,
                )
                rows.append(row)
                if scope == TimesScope.ALL:
                    together[key] = row
        times = payment_times_rows(payment_groups(con), now=now)
        payees = payee_totals(con)
    return _store(rows, times, payees, target=target, now=now)


def payee_totals(con: duckdb.DuckDBPyConnection) -> list[PayeeTotal]:
    """What was paid to each name as the ledgers write it (the register review's list)."""
    rows = con.execute(
        "SELECT supplier_name, sum(amount), count(*) FROM payments GROUP BY supplier_name"
    ).fetchall()
    return [PayeeTotal(name=name, total=total, lines=lines) for name, total, lines in rows]


def payment_groups(con: duckdb.DuckDBPyConnection) -> dict[int | None, list[PaymentGroup]]:
    """The payments of each contracting authority's imports (None: body not stated) as
    groups paid on one day after one invoice date (a few thousand for a million lines), for
    the payments compliance rule."""
    rows = con.execute(
        f"SELECT {BODY_COLUMN}, payment_date, invoice_date, count(*), sum(amount) "  # noqa: S608
        "FROM payments GROUP BY ALL"
    ).fetchall()
    groups: dict[int | None, list[PaymentGroup]] = {}
    for body, paid_on, invoiced, lines, value in rows:
        days = None if invoiced is None else days_to_pay(invoiced, paid_on)
        groups.setdefault(body, []).append(PaymentGroup(paid_on, days, lines, value))
    return groups


def payment_times_rows(
    groups: dict[int | None, list[PaymentGroup]], *, now: datetime
) -> list[PaymentTimesSnapshot]:
    """The stored payment times: every body together, each contracting authority (those
    without payments too, with no periods) and, when some imports do not state it, the
    payments whose body is not stated."""

    def row(scope: str, found: list[PaymentGroup], authority_id: int | None = None):
        periods = [compliance_to_dict(c) for c in compliance_by_period(found)]
        return PaymentTimesSnapshot(
            scope=scope, contracting_authority_id=authority_id, periods=periods, computed_at=now
        )

    every = [group for found in groups.values() for group in found]
    rows = [row(TimesScope.ALL, every)]
    for authority_id in ContractingAuthority.objects.order_by("pk").values_list("pk", flat=True):
        rows.append(row(TimesScope.AUTHORITY, groups.get(authority_id, []), authority_id))
    if None in groups:
        rows.append(row(TimesScope.NOT_STATED, groups[None]))
    return rows


def _bodies(con: duckdb.DuckDBPyConnection) -> Iterator[tuple[str, int | None, str, bool]]:
    """Whose figures are stored, each with the relation the engine reads for it and whether
    it holds every payment: every body together (the ``payments`` table), then each
    contracting authority with payments and, when some payments' import does not state it,
    those (a view of the table each)."""
    found = con.execute(
        f"SELECT {BODY_COLUMN}, count(*) FROM payments GROUP BY ALL"  # noqa: S608
    ).fetchall()
    lines: dict[int | None, int] = dict(found)
    everything = sum(lines.values())
    yield TimesScope.ALL, None, "payments", True
    for authority_id in sorted(i for i in lines if i is not None):
        view = f"payments_of_authority_{int(authority_id)}"
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW {view} AS "  # noqa: S608
            f"SELECT * FROM payments WHERE {BODY_COLUMN} = {int(authority_id)}"
        )
        yield TimesScope.AUTHORITY, int(authority_id), view, lines[authority_id] == everything
    if None in lines:
        view = "payments_of_no_stated_body"
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW {view} AS "  # noqa: S608
            f"SELECT * FROM payments WHERE {BODY_COLUMN} IS NULL"
        )
        yield TimesScope.NOT_STATED, None, view, lines[None] == everything


def _filter_choices(
    con: duckdb.DuckDBPyConnection, relation: str = "payments"
) -> Iterator[tuple[FinancialYear | None, bool]]:
    """Every year, then each financial year with payments in the relation; public bodies
    counted or not."""
    from socialvalue.spend.selectors import analysis_options

    start_month = analysis_options(None, False).start_month
    months = con.execute(
        f"SELECT DISTINCT date_trunc('month', payment_date) FROM {relation}"  # noqa: S608
    )
    years = {FinancialYear.of(m, start_month) for (m,) in months.fetchall() if m is not None}
    for year in [None, *sorted(years, key=lambda y: y.label)]:
        for public in (False, True):
            yield year, public


def _store(
    rows: list[FiguresSnapshot],
    times: list[PaymentTimesSnapshot],
    payees: list[PayeeTotal],
    *,
    target: int,
    now: datetime,
) -> bool:
    with transaction.atomic():
        state, _ = FiguresState.objects.select_for_update().get_or_create(pk=STATE_ID)
        if target < state.computed:
            return False
        # An authority deleted during the computation has no row to keep.
        known = set(ContractingAuthority.objects.values_list("pk", flat=True))
        FiguresSnapshot.objects.all().delete()
        FiguresSnapshot.objects.bulk_create(
            r for r in rows if r.contracting_authority_id in known | {None}
        )
        PaymentTimesSnapshot.objects.all().delete()
        PaymentTimesSnapshot.objects.bulk_create(
            t for t in times if t.contracting_authority_id in known | {None}
        )
        PayeeTotal.objects.all().delete()
        PayeeTotal.objects.bulk_create(payees, batch_size=2000)
        _save(state, computed=target, computed_at=now, computing_since=None, problem="")
    return True


def _save(state: FiguresState, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(state, name, value)
    state.save(update_fields=list(fields))


def _charts(
    figures: SpendFigures, *, trend: bool, drawn: dict[tuple[Any, ...], str] | None = None
) -> dict[str, str]:
    """The charts of the figures. ``drawn`` keeps the charts already drawn in this
    computation by what they show: drawing is most of the cost of a snapshot, and the same
    shares come back (every year and the only year; a body and every body together)."""
    from socialvalue.spend.charts import share_bar_chart

    drawn = {} if drawn is None else drawn
    if not figures.lines:
        return {}
    charts = {}
    for table in share_rows(figures):
        key = (table["caption"], *((r["label"], r["share"]) for r in table["rows"]))
        if key not in drawn:
            drawn[key] = share_bar_chart(table["rows"], title=table["caption"])
        charts[table["key"]] = drawn[key]
    if trend and figures.years:
        shares = share_trend(figures)
        key = ("trend", repr(shares))
        if key not in drawn:
            drawn[key] = share_trend_chart(shares, SHARE_LABELS, title=TREND_CHART_TITLE)
        charts["trend"] = drawn[key]
    return charts


# DuckDB keeps the payments in a file and spills to disk beyond this: 10 million lines do not
# fit in memory as a table.
DUCKDB_MEMORY_LIMIT = "512MB"


@contextmanager
def payments_database() -> Iterator[duckdb.DuckDBPyConnection]:
    """A DuckDB database in a temporary file, deleted afterwards, with bounded memory."""
    with tempfile.TemporaryDirectory(prefix="spend-figures-") as work:
        con = duckdb.connect(os.path.join(work, "figures.duckdb"))
        try:
            con.execute(f"SET memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
            yield con
        finally:
            con.close()


# Payments of finished imports, in the engine's columns (blank text is NULL there), then the
# contracting authority of their import (the engine reads only its own columns).
BODY_COLUMN = "contracting_authority_id"
_COUNTED_SQL = """
SELECT p.source_file, p.sheet, p.row_number, p.payment_date, p.amount, p.supplier_name,
       p.category, p.supplier_postcode, p.supplier_company_number, p.invoice_date,
       i.contracting_authority_id
FROM {payment} p JOIN {spend_import} i ON i.id = p.spend_import_id
WHERE i.status = '{done}'
"""
FETCH_ROWS = 50_000


def payments_into_duckdb(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Fill the engine's ``payments`` table with every counted payment, streamed through a
    temporary CSV file (PostgreSQL's COPY writes it; from SQLite, rows in batches), so
    memory stays flat at any size. Returns what the figures rest on."""
    from socialvalue.spend.models import SpendImport

    sql = _COUNTED_SQL.format(
        payment=Payment._meta.db_table,
        spend_import=SpendImport._meta.db_table,
        done=ImportStatus.DONE.value,
    )
    create_payments_table(con)
    con.execute(f"ALTER TABLE payments ADD COLUMN {BODY_COLUMN} BIGINT")
    handle, path = tempfile.mkstemp(suffix=".csv", prefix="counted-payments-")
    try:
        with os.fdopen(handle, "wb") as out:
            _export_csv(sql, out)
        types = {**PAYMENT_COLUMNS, BODY_COLUMN: "BIGINT"}
        columns = "{" + ", ".join(f"'{c}': '{t}'" for c, t in types.items()) + "}"
        con.execute(
            "INSERT INTO payments SELECT * FROM read_csv(?, header=false, "  # noqa: S608
            f"columns={columns}, quote='\"', escape='\"', nullstr='')",
            [path],
        )
    finally:
        os.unlink(path)
    counted = con.execute("SELECT count(*), coalesce(sum(amount), 0) FROM payments").fetchone()
    lines, total = counted if counted is not None else (0, 0)  # an aggregate has its one row
    imports = list(
        SpendImport.objects.filter(status=ImportStatus.DONE)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return {"payments": lines, "total": str(total), "imports": imports}


def _export_csv(sql: str, out) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The server writes the CSV; nothing passes through Python objects.
            with cursor.cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)") as copy:
                for chunk in copy:
                    out.write(chunk)
            return
        cursor.execute(sql)
        import io

        text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
        writer = csv.writer(text)
        while rows := cursor.fetchmany(FETCH_ROWS):
            writer.writerows(rows)
        text.flush()
        text.detach()
