"""Spend figures are computed once in the background and every reader takes the stored
snapshot: a change to what they rest on (an import done or deleted, the supplier register)
queues one computation; until it is done the pages say so, and never compute themselves."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from socialvalue.accounts.roles import Role
from socialvalue.analytics.figures import PeriodFigures, SpendFigures
from socialvalue.analytics.figures_json import FiguresJsonError, from_json, to_json
from socialvalue.policy.models import ContractingAuthority
from socialvalue.spend import selectors, snapshots
from socialvalue.spend.models import (
    FiguresSnapshot,
    FiguresState,
    ImportStatus,
    Payment,
    TimesScope,
)
from socialvalue.spend.services import figures_stale, spend_import_delete, spend_import_files
from socialvalue.suppliers.services import suppliers_import

FIXTURES = Path(__file__).parents[1] / "fixtures" / "spend"
MAY = FIXTURES / "hyndburn" / "hyndburn-spend-over-250-May-24.csv"  # not in the demo data


def _state() -> FiguresState:
    return FiguresState.objects.get(pk=snapshots.STATE_ID)


def test_demo_has_figures_computed_at_load_with_charts(demo):
    snapshot = selectors.figures_snapshot()
    assert not snapshot.being_computed
    assert snapshot.figures.lines == Payment.objects.counted().count()
    assert snapshot.figures.total == selectors.spend_figures().total
    assert {"by_place", "by_size", "by_type", "trend"} <= set(snapshot.charts)
    assert snapshot.rests_on["payments"] == snapshot.figures.lines
    # One per filter choice: every year and each year, public bodies counted or not, for
    # every body together and for each body that paid (the demo's payments are all the
    # Commissioner's, so the same years).
    years = selectors.financial_years_imported()
    paid = set(
        Payment.objects.counted().values_list("spend_import__contracting_authority", flat=True)
    )
    assert len(paid) == 1 and None not in paid
    assert FiguresSnapshot.objects.count() == 2 * (1 + len(years)) * (1 + len(paid))


def test_stored_figures_read_back_exactly(demo):
    figures = selectors.spend_figures()
    assert from_json(SpendFigures, to_json(figures)) == figures
    by_year = selectors.spend_figures(year=selectors.financial_years_imported()[0])
    assert from_json(SpendFigures, to_json(by_year)) == by_year


def test_a_field_added_to_the_figures_is_stored_and_read_back():
    @dataclasses.dataclass(frozen=True)
    class WithCoverage(PeriodFigures):
        sector_estimated: Decimal = Decimal("0.00")

    period = WithCoverage(
        "2024-25", None, None, 1, *[Decimal("1.10")] * 9, 3, sector_estimated=Decimal("0.25")
    )
    assert to_json(period)["sector_estimated"] == "0.25"
    assert from_json(WithCoverage, to_json(period)) == period
    stored_before = to_json(period)
    del stored_before["total"]
    with pytest.raises(FiguresJsonError, match="total is missing"):
        from_json(WithCoverage, stored_before)


def test_place_coverage_fields_are_stored_and_read_back():
    """What the place shares rest on (each basis, the limit) survives the snapshot, so the
    pages, downloads and API show the same ranges from it as from the figures computed."""
    period = PeriodFigures(
        "2024-25",
        None,
        None,
        4,
        *[Decimal("100.00"), Decimal("100.00"), Decimal("10.00"), Decimal("12.00")],
        *[Decimal("0.00"), Decimal("60.00"), Decimal("5.00"), Decimal("1.00"), Decimal("2.00")],
        3,
        placed_by_postcode=Decimal("30.00"),
        placed_by_country=Decimal("0.00"),
        estimated_by_sector=Decimal("6.00"),
        estimated_by_district=Decimal("4.00"),
        place_unknown_limit=Decimal("0.25"),
    )
    figures = SpendFigures(
        lines=4,
        total=Decimal("100.00"),
        influenceable=Decimal("100.00"),
        negatives=0,
        first_date=None,
        last_date=None,
        suppliers=3,
        matched_suppliers=1,
        by_place={"force_area": Decimal("10.00"), "unknown": Decimal("60.00")},
        by_size={},
        by_type={},
        years=[period],
        by_place_basis={
            "postcode": Decimal("30.00"),
            "sector": Decimal("6.00"),
            "district": Decimal("4.00"),
            "unknown": Decimal("60.00"),
        },
        place_unknown_limit=Decimal("0.25"),
    )
    stored = to_json(figures)
    assert stored["by_place_basis"]["sector"] == "6.00"
    assert stored["place_unknown_limit"] == "0.25"
    assert stored["years"][0]["estimated_by_district"] == "4.00"
    back = from_json(SpendFigures, stored)
    assert back == figures
    assert back.place_coverage() == figures.place_coverage()
    assert back.place_share_texts()["force_area"] == "Not known: between 10.0% and 70.0%"
    assert back.years[0].place_coverage == period.place_coverage
    assert back.years[0].force_area_share_text == "Not known: between 10.0% and 70.0%"
    assert back.to_dict() == figures.to_dict()


def test_repeated_changes_queue_one_computation(demo, django_capture_on_commit_callbacks):
    before = _state().requested
    with django_capture_on_commit_callbacks() as queued:
        figures_stale(reason="one")
        figures_stale(reason="two")
        figures_stale(reason="three")
    assert len(queued) == 1
    state = _state()
    assert state.requested == before + 3 and state.out_of_date and state.reason == "three"


def test_a_computation_lost_with_its_worker_is_queued_again(
    demo, django_capture_on_commit_callbacks
):
    figures_stale(reason="first")
    FiguresState.objects.filter(pk=1).update(queued_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks() as queued:
        figures_stale(reason="second")
    assert len(queued) == 1


def test_pages_keep_the_stored_figures_until_computed_again(
    client_for, django_capture_on_commit_callbacks
):
    shown = selectors.figures_snapshot().figures.total
    done = Payment.objects.counted().first()
    # A payment added behind the services' back: no page may count it before a computation.
    Payment.objects.create(
        spend_import=done.spend_import,
        source_file="x.csv",
        row_number=99999,
        payment_date=done.payment_date,
        amount=Decimal("1000000.00"),
        supplier_name="NOT COUNTED YET LTD",
        fingerprint="f" * 40,
    )
    viewer = client_for(Role.VIEWER)
    page = viewer.get("/spend/").content.decode()
    assert f"£{shown:,.2f}" in page and "Spend figures computed at" in page
    assert "New figures are being computed" not in page
    with django_capture_on_commit_callbacks(execute=True):
        figures_stale(reason="test")
    page = viewer.get("/spend/").content.decode()
    assert f"£{shown + Decimal('1000000.00'):,.2f}" in page
    assert not _state().out_of_date


def test_import_done_and_deleted_make_the_figures_due(demo, django_capture_on_commit_callbacks):
    before = selectors.figures_snapshot().figures
    with django_capture_on_commit_callbacks(execute=True):
        (added,) = spend_import_files(
            actor=None, named_contents=[(MAY.name, MAY.read_bytes())], lenient=False
        )
    assert added.status == ImportStatus.DONE
    after = selectors.figures_snapshot()
    assert not after.out_of_date
    assert after.figures.lines == before.lines + added.lines_added
    assert after.figures.total == before.total + added.total_added
    assert added.pk in after.rests_on["imports"]
    requested = _state().requested
    with django_capture_on_commit_callbacks() as queued:
        spend_import_delete(actor=None, spend_import=added, reason="wrong file")
    assert _state().requested == requested + 1 and len(queued) == 1
    assert selectors.figures_snapshot().out_of_date


def test_a_supplier_register_import_makes_the_figures_due(demo):
    requested = _state().requested
    suppliers_import(actor=None, content=b"name,postcode\nNew Ltd,PR1 1AA\n", filename="r.csv")
    assert _state().requested == requested + 1


def test_while_computing_every_reader_says_so_and_computes_nothing(client_for, client):
    FiguresSnapshot.objects.all().delete()
    figures_stale(reason="test")
    page = client_for(Role.VIEWER).get("/spend/").content.decode()
    assert "The spend figures are being computed" in page
    assert "No payments imported yet" not in page
    download = client_for(Role.VIEWER).get("/spend/figures.csv")
    assert download.status_code == 503 and download["Retry-After"] == "60"
    api = client_for(Role.VIEWER).get("/api/spend/figures/")
    assert api.status_code == 503 and "being computed" in api.json()["detail"]
    public = client.get("/transparency/").content.decode()
    assert "The spend figures are being computed" in public
    assert "No payments are imported" not in public


def test_api_says_when_the_figures_were_computed(client_for):
    data = client_for(Role.VIEWER).get("/api/spend/figures/").json()
    snapshot = selectors.figures_snapshot()
    assert data["total"] == str(snapshot.figures.total)
    assert data["computed_at"] and data["being_computed"] is False


def test_a_computation_that_started_before_a_change_leaves_the_figures_due(demo):
    figures_stale(reason="first change")
    target = _state().requested
    figures_stale(reason="made while computing")
    assert snapshots.figures_compute(target=target)
    assert _state().computed == target and selectors.figures_snapshot().out_of_date
    # An older computation finishing last does not overwrite newer figures.
    assert snapshots.figures_compute(target=target + 1)
    assert not snapshots.figures_compute(target=target)
    assert _state().computed == target + 1 and not selectors.figures_snapshot().out_of_date


def test_a_failed_computation_is_recorded_and_shown_to_staff_only(client_for, client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    figures_stale(reason="test")
    monkeypatch.setattr(selectors, "run_analysis", broken)
    assert snapshots.figures_compute_due() == "failed"
    state = _state()
    assert state.out_of_date and state.computing_since is None and "disk full" in state.problem
    staff = client_for(Role.VIEWER).get("/spend/").content.decode()
    assert "The last attempt failed" in staff and "disk full" in staff
    public = client.get("/transparency/").content.decode()
    assert "disk full" not in public and "New figures are being computed" in public


def test_public_page_trend_chart_is_the_stored_one(demo, client):
    chart = selectors.figures_snapshot().charts["trend"]
    assert chart.startswith("<svg")
    FiguresSnapshot.objects.filter(year="", include_public_bodies=False).update(
        charts={"trend": "<svg id='stored-chart'></svg>"}
    )
    assert "<svg id='stored-chart'></svg>" in client.get("/transparency/").content.decode()


def test_the_one_body_that_made_every_payment_has_the_figures_of_every_body(demo):
    """The demo's payments are all the Commissioner's: its figures are those of every body
    together, stored without computing them twice."""
    commissioner = ContractingAuthority.objects.order_by("order", "name").first()
    together = FiguresSnapshot.objects.get(
        scope=TimesScope.ALL, year="", include_public_bodies=False
    )
    mine = FiguresSnapshot.objects.get(
        contracting_authority=commissioner, year="", include_public_bodies=False
    )
    assert mine.figures == together.figures and mine.charts == together.charts
    assert {"by_place", "by_size", "by_type", "trend"} <= set(mine.charts)
