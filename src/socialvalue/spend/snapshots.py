"""Spend figures computed once, in the background, and read by every page.

Computing the figures means reading every counted payment (12.9 s at a million lines),
so no request does it: :func:`figures_compute` runs in the worker after each change that
moves them (``spend.services.figures_stale``), stores one :class:`FiguresSnapshot` per
choice of the figures page's filters (every year or one year; public bodies counted as
influenceable or not) with its charts drawn, and every page, download, API answer, annual
review and the public page read those (:func:`figures_snapshot`).
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
from django.db import connection, transaction
from django.utils import timezone

from socialvalue.analytics.engine import PAYMENT_COLUMNS, create_payments_table
from socialvalue.analytics.figures import SpendFigures
from socialvalue.analytics.figures_json import FiguresJsonError, from_json, to_json
from socialvalue.core.charts import PLACE_SHARES, share_trend_chart
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
from socialvalue.spend.models import (
    FiguresSnapshot,
    FiguresState,
    ImportStatus,
    Payment,
    PaymentTimesSnapshot,
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
__all__ = ["PLACE_SHARES", "SHARE_LABELS", "Snapshot", "figures_snapshot", "share_rows"]
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
    *, year: FinancialYear | str | None = None, include_public_bodies: bool = False
) -> Snapshot:
    """The stored figures (two small queries; never a pass over the payments)."""
    label = "" if year is None else str(year)
    state = FiguresState.objects.filter(pk=STATE_ID).first()
    out_of_date = state is None or state.out_of_date
    problem = state.problem if state else ""
    row = FiguresSnapshot.objects.filter(
        year=label, include_public_bodies=include_public_bodies
    ).first()
    if row is None:
        return Snapshot(None, out_of_date=True, problem=problem)
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


@dataclass(frozen=True)
class PaymentTimes:
    """The stored payments compliance figures of each reporting period, oldest first."""

    periods: list[Compliance]
    computed_at: datetime | None = None
    out_of_date: bool = False

    @property
    def being_computed(self) -> bool:
        return self.computed_at is None or self.out_of_date


def payment_times() -> PaymentTimes:
    """The stored payment times (two small queries; never a pass over the payments)."""
    state = FiguresState.objects.filter(pk=STATE_ID).first()
    out_of_date = state is None or state.out_of_date
    row = PaymentTimesSnapshot.objects.order_by("-pk").first()
    if row is None:
        return PaymentTimes([], out_of_date=True)
    try:
        periods = [compliance_from_dict(p) for p in row.periods]
    except (KeyError, TypeError, ValueError, ArithmeticError):
        logger.warning("Payment times snapshot %s cannot be read", row.pk, exc_info=True)
        return PaymentTimes([], out_of_date=True)
    return PaymentTimes(periods, computed_at=row.computed_at, out_of_date=out_of_date)


def snapshot_years() -> list[str]:
    """The financial years with stored figures, latest first."""
    labels = FiguresSnapshot.objects.exclude(year="").values_list("year", flat=True)
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
        for year, public in _filter_choices(con):
            figures = run_analysis(con, register, analysis_options(year, public))
            rows.append(
                FiguresSnapshot(
                    year="" if year is None else year.label,
                    include_public_bodies=public,
                    figures=to_json(figures),
                    charts=_charts(figures, trend=year is None and not public),
                    computed_at=now,
                    rests_on=rests_on,
                )
            )
        times = PaymentTimesSnapshot(
            periods=[compliance_to_dict(c) for c in compliance_by_period(payment_groups(con))],
            computed_at=now,
        )
    return _store(rows, times, target=target, now=now)


def payment_groups(con: duckdb.DuckDBPyConnection) -> list[PaymentGroup]:
    """The payments as groups paid on one day after one invoice date (a few thousand for a
    million lines), for the payments compliance rule."""
    rows = con.execute(
        "SELECT payment_date, invoice_date, count(*), sum(amount) FROM payments "
        "GROUP BY payment_date, invoice_date"
    ).fetchall()
    return [
        PaymentGroup(
            paid_on, None if invoiced is None else days_to_pay(invoiced, paid_on), lines, value
        )
        for paid_on, invoiced, lines, value in rows
    ]


def _filter_choices(con: duckdb.DuckDBPyConnection) -> Iterator[tuple[FinancialYear | None, bool]]:
    """Every year, then each financial year with payments; public bodies counted or not."""
    from socialvalue.spend.selectors import analysis_options

    start_month = analysis_options(None, False).start_month
    months = con.execute("SELECT DISTINCT date_trunc('month', payment_date) FROM payments")
    years = {FinancialYear.of(m, start_month) for (m,) in months.fetchall() if m is not None}
    for year in [None, *sorted(years, key=lambda y: y.label)]:
        for public in (False, True):
            yield year, public


def _store(
    rows: list[FiguresSnapshot], times: PaymentTimesSnapshot, *, target: int, now: datetime
) -> bool:
    with transaction.atomic():
        state, _ = FiguresState.objects.select_for_update().get_or_create(pk=STATE_ID)
        if target < state.computed:
            return False
        FiguresSnapshot.objects.all().delete()
        FiguresSnapshot.objects.bulk_create(rows)
        PaymentTimesSnapshot.objects.all().delete()
        times.save()
        _save(state, computed=target, computed_at=now, computing_since=None, problem="")
    return True


def _save(state: FiguresState, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(state, name, value)
    state.save(update_fields=list(fields))


def _charts(figures: SpendFigures, *, trend: bool) -> dict[str, str]:
    from socialvalue.spend.charts import share_bar_chart

    if not figures.lines:
        return {}
    charts = {t["key"]: share_bar_chart(t["rows"], title=t["caption"]) for t in share_rows(figures)}
    if trend and figures.years:
        charts["trend"] = share_trend_chart(
            share_trend(figures), SHARE_LABELS, title=TREND_CHART_TITLE
        )
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


# Payments of finished imports, in the engine's columns (blank text is NULL there).
_COUNTED_SQL = """
SELECT p.source_file, p.sheet, p.row_number, p.payment_date, p.amount, p.supplier_name,
       p.category, p.supplier_postcode, p.supplier_company_number, p.invoice_date
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
    handle, path = tempfile.mkstemp(suffix=".csv", prefix="counted-payments-")
    try:
        with os.fdopen(handle, "wb") as out:
            _export_csv(sql, out)
        columns = "{" + ", ".join(f"'{c}': '{t}'" for c, t in PAYMENT_COLUMNS.items()) + "}"
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
