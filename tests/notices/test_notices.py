"""Procurement Act notices of real procurements: due dates from the records, recording
publication (audited), UK9 ratings from the delivery records, UK10 from approved variations,
exemption, the officer's home page and the pages."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from socialvalue.accounts.roles import Role
from socialvalue.audit.models import Event
from socialvalue.contracts.models import ContractVariation, VariationKind, VariationStatus
from socialvalue.core.errors import DomainError, NotAllowed
from socialvalue.domain.notices import NoticeRegime, NoticeStatus, NoticeType, PerformanceRating
from socialvalue.notices import selectors, services
from socialvalue.notices.models import KpiRating, Notice
from socialvalue.policy.models import ContractingAuthority
from socialvalue.procurement.models import Project
from tests.conftest import DEMO_TODAY, about, assert_error


def _row(project, key_start):
    return next(r for r in selectors.notices_for(project).rows if r.key.startswith(key_start))


def _keys(project):
    return [r.key for r in selectors.notices_for(project).rows]


# --- Which notices, from the records ------------------------------------------------------


def test_awarded_procurement_lists_its_notices_with_due_dates_from_its_records(demo, awarded):
    notices = selectors.notices_for(awarded.project)
    assert notices.regime == NoticeRegime.ABOVE_THRESHOLD
    contract = awarded.contract
    rows = {r.key: r for r in notices.rows}
    assert rows["UK4"].required.due_on == timezone.localdate(awarded.tender.published_at)
    assert rows["UK6"].required.due_on == timezone.localdate(awarded.tender.awarded_at)
    uk7 = rows[f"UK7:{contract.reference}"]
    assert uk7.required.due_on == timezone.localdate(contract.awarded_at) + timedelta(days=29)
    assert uk7.status == NoticeStatus.OVERDUE  # awarded 320 days ago, nothing recorded
    # 30 days beginning with the day the contract ends: that day is the first of the 30.
    assert rows[f"UK11:{contract.reference}"].required.due_on == contract.ends_on + timedelta(
        days=29
    )
    # One KPI on a £700,000 contract: UK9 offered as voluntary, not owed.
    assert not rows[f"UK9:{contract.reference}:1"].required.required


def test_engagement_on_the_project_brings_uk2(demo):
    custody = Project.objects.get(title__icontains="custody healthcare")
    assert selectors.notices_for(custody).regime == NoticeRegime.LIGHT_TOUCH
    assert _keys(custody)[:2] == ["UK2", "UK4"]


def test_a_works_project_below_the_works_threshold_is_below_threshold(demo):
    works = Project.objects.get(title__icontains="refurbishment")
    assert selectors.notices_for(works).regime == NoticeRegime.BELOW_THRESHOLD
    assert _keys(works) == ["UK4"]


def test_an_exempt_procurement_needs_no_notice_and_the_change_is_audited(demo, user_for):
    custody = Project.objects.get(title__icontains="custody healthcare")
    services.notice_plan_save(
        actor=user_for(Role.PROCUREMENT_OFFICER),
        project=custody,
        exempt_reason="Schedule 2 paragraph 2: vertical arrangement",
    )
    assert selectors.notices_for(custody).regime == NoticeRegime.EXEMPT
    assert _keys(custody) == []
    assert Event.objects.filter(verb="notice.exemption_changed", **about(custody)).exists()


def test_a_big_variation_needs_a_change_notice_and_a_small_one_does_not(demo, awarded, user_for):
    contract = awarded.contract
    officer = user_for(Role.PROCUREMENT_OFFICER)
    for pk_value in ("735000.00", "840000.00"):  # +5% and +20% of £700,000
        ContractVariation.objects.create(
            contract=contract,
            kind=VariationKind.VALUE,
            old_values={"value": "700000.00"},
            new_values={"value": pk_value},
            reason="More crossings",
            status=VariationStatus.APPROVED,
            requested_by=officer,
            decided_by=user_for(Role.ADMINISTRATOR),
            decided_at=timezone.now(),
        )
    change = [r for r in selectors.notices_for(awarded.project).rows if r.type == NoticeType.UK10]
    assert len(change) == 1
    assert change[0].variation.new_values == {"value": "840000.00"}
    assert "20% (limit 10%)" in change[0].required.rule
    assert change[0].status == NoticeStatus.DUE  # due on the day it was approved


# --- Recording publication ----------------------------------------------------------------


def test_officer_records_a_notice_as_published_and_it_is_audited(demo, awarded, user_for):
    officer = user_for(Role.PROCUREMENT_OFFICER)
    today = timezone.localdate()
    notice = services.notice_publication_record(
        actor=officer,
        project=awarded.project,
        key="UK4",
        published_on=today - timedelta(days=1),
        reference="2025/S 000-123456",
    )
    assert notice.notice_type == "UK4"
    row = _row(awarded.project, "UK4")
    assert row.status == NoticeStatus.PUBLISHED
    assert row.published.reference == "2025/S 000-123456"
    event = Event.objects.get(verb="notice.published", **about(awarded.project))
    assert event.data["reference"] == "2025/S 000-123456"
    assert event.actor == officer


@pytest.mark.parametrize(
    ("key", "days_ago", "reference", "message"),
    [
        ("UK4", -1, "2025/S 000-1", "cannot be in the future"),
        ("UK4", 0, "  ", "Enter the Find a Tender notice reference"),
        ("UK2", 0, "2025/S 000-2", "does not need that notice"),  # no engagement recorded
        ("UK9:nope:1", 0, "2025/S 000-3", "does not need that notice"),
    ],
)
def test_bad_publication_is_refused_and_nothing_saved(
    demo, awarded, user_for, key, days_ago, reference, message
):
    with pytest.raises(DomainError, match=message):
        services.notice_publication_record(
            actor=user_for(Role.PROCUREMENT_OFFICER),
            project=awarded.project,
            key=key,
            published_on=timezone.localdate() - timedelta(days=days_ago),
            reference=reference,
        )
    assert not Notice.objects.filter(project=awarded.project).exists()


def test_a_notice_is_recorded_once_and_a_reference_is_not_reused(demo, awarded, user_for):
    officer = user_for(Role.PROCUREMENT_OFFICER)
    today = timezone.localdate()
    record = services.notice_publication_record
    record(actor=officer, project=awarded.project, key="UK4", published_on=today, reference="R-1")
    with pytest.raises(DomainError, match="already recorded"):
        record(
            actor=officer, project=awarded.project, key="UK4", published_on=today, reference="R-2"
        )
    with pytest.raises(DomainError, match="Another notice"):
        record(
            actor=officer, project=awarded.project, key="UK6", published_on=today, reference="r-1"
        )


@pytest.mark.parametrize(
    "role", [Role.VIEWER, Role.EVALUATOR, Role.CONTRACT_MANAGER, Role.SUPPLIER]
)
def test_only_officers_and_administrators_record_notices(demo, awarded, user_for, role):
    with pytest.raises(NotAllowed):
        services.notice_publication_record(
            actor=user_for(role),
            project=awarded.project,
            key="UK4",
            published_on=timezone.localdate(),
            reference="R-9",
        )


# --- UK9: ratings from the delivery records -------------------------------------------------


def test_uk9_rating_is_proposed_from_the_verified_delivery(demo, awarded):
    row = _row(awarded.project, "UK9")
    ratings = selectors.ratings_for(awarded.project, row)
    assert len(ratings) == 1
    status = ratings[0].kpi_status
    # 2.5 verified against 5 due by now: red at exactly half, so requires improvement (under
    # half would be inadequate).
    assert status.delivered == Decimal("2.5")
    assert status.share == Decimal("0.5")
    assert ratings[0].proposed == PerformanceRating.REQUIRES_IMPROVEMENT


def test_uk9_needs_confirmed_ratings_and_a_reason_to_differ(demo, awarded, user_for):
    officer = user_for(Role.PROCUREMENT_OFFICER)
    row = _row(awarded.project, "UK9")
    kpi = awarded.contract.kpis.get()
    with pytest.raises(DomainError, match="Confirm a rating for every KPI"):
        services.notice_publication_record(
            actor=officer,
            project=awarded.project,
            key=row.key,
            published_on=timezone.localdate(),
            reference="UK9-1",
        )
    with pytest.raises(DomainError, match="Say why"):
        services.kpi_ratings_confirm(
            actor=officer,
            project=awarded.project,
            key=row.key,
            ratings={kpi.pk: ("inadequate", "")},
        )
    services.kpi_ratings_confirm(
        actor=officer,
        project=awarded.project,
        key=row.key,
        ratings={kpi.pk: ("inadequate", "Two returns missed since the last one")},
    )
    rating = KpiRating.objects.get(key=row.key, kpi=kpi)
    assert (rating.proposed, rating.rating) == ("requires_improvement", "inadequate")
    services.notice_publication_record(
        actor=officer,
        project=awarded.project,
        key=row.key,
        published_on=timezone.localdate(),
        reference="UK9-1",
    )
    with pytest.raises(DomainError, match="published"):
        services.kpi_ratings_confirm(
            actor=officer, project=awarded.project, key=row.key, ratings={kpi.pk: ("good", "x")}
        )
    assert Event.objects.filter(verb="notice.ratings_confirmed").count() == 1


def test_ratings_page_refuses_a_different_rating_without_a_reason(demo, awarded, client_for):
    client = client_for(Role.PROCUREMENT_OFFICER)
    row = _row(awarded.project, "UK9")
    kpi = awarded.contract.kpis.get()
    url = f"/notices/procurement/{awarded.project.pk}/{row.slug}/ratings/"
    response = client.post(url, {f"kpi_{kpi.pk}": "good", f"note_{kpi.pk}": ""})
    assert_error(response, f"note_{kpi.pk}", "Say why")
    assert not KpiRating.objects.exists()
    response = client.post(url, {f"kpi_{kpi.pk}": "requires_improvement", f"note_{kpi.pk}": ""})
    assert response.status_code == 302
    assert KpiRating.objects.get().rating == "requires_improvement"


# --- UK6: the standstill the award notice starts -----------------------------------------------


def test_award_notice_page_shows_the_standstill_from_its_publication(demo, client_for):
    cleaning = Project.objects.get(title="Cleaning of police premises")
    row = _row(cleaning, "UK6")
    assert row.published is not None  # the demo records it
    page = client_for(Role.VIEWER).get(f"/notices/procurement/{cleaning.pk}/{row.slug}/")
    text = page.content.decode()
    from socialvalue.domain.working_days import standstill_ends

    end = standstill_ends(row.published.published_on)
    assert f"{end.day} {end:%B %Y} (8 working days)" in text
    assert "Record as published" not in text  # a viewer reads only


def test_tender_notice_is_prefilled_with_criteria_social_value_and_suitability(demo, client_for):
    cleaning = Project.objects.get(title="Cleaning of police premises")
    row = _row(cleaning, "UK4")
    text = client_for(Role.VIEWER).get(f"/notices/procurement/{cleaning.pk}/{row.slug}/")
    text = text.content.decode()
    assert "Social value weighting" in text
    assert "of the quality element" in text
    assert "Suitable for SMEs and VCSEs (proposed)" in text
    assert cleaning.contracting_authority.name in text


def test_publication_page_refuses_bad_input_with_a_linked_error(demo, awarded, client_for):
    client = client_for(Role.PROCUREMENT_OFFICER)
    url = f"/notices/procurement/{awarded.project.pk}/UK4/record/"
    future = timezone.localdate() + timedelta(days=3)
    response = client.post(
        url,
        {
            "published_on_0": str(future.day),
            "published_on_1": str(future.month),
            "published_on_2": str(future.year),
            "reference": "2026/S 000-9",
        },
    )
    assert_error(response, "published_on", "cannot be in the future")
    assert not Notice.objects.filter(project=awarded.project).exists()


# --- Home page and lists ---------------------------------------------------------------------


def test_officer_home_lists_overdue_and_due_notices(demo, awarded, client_for):
    page = client_for(Role.PROCUREMENT_OFFICER).get("/").content.decode()
    assert "Procurement Act notices" in page
    assert "for Zebra crossing maintenance" in page
    assert "Overdue: it was due by" in page
    viewer_home = client_for(Role.VIEWER).get("/").content.decode()
    assert "for Zebra crossing maintenance" not in viewer_home


def test_due_list_is_filtered_by_contracting_authority(demo, client_for):
    chief = ContractingAuthority.objects.get(name__startswith="Chief Constable")
    commissioner = ContractingAuthority.objects.get(name__startswith="Police and Crime")
    client = client_for(Role.VIEWER)
    both = client.get("/notices/").content.decode()
    assert "Cleaning of police premises" in both
    only_pcc = client.get(f"/notices/?authority={commissioner.pk}").content.decode()
    assert "Cleaning of police premises" not in only_pcc
    only_chief = client.get(f"/notices/?authority={chief.pk}").content.decode()
    assert "Cleaning of police premises" in only_chief


def test_project_list_filters_by_contracting_authority(demo, client_for):
    commissioner = ContractingAuthority.objects.get(name__startswith="Police and Crime")
    client = client_for(Role.VIEWER)
    page = client.get(f"/procurement/?authority={commissioner.pk}").content.decode()
    assert "Victim support services in Lancashire" in page
    assert "Fleet vehicle maintenance" not in page
    assert "Fleet vehicle maintenance" in client.get("/procurement/").content.decode()


def test_new_project_must_name_its_contracting_authority(demo, client_for, user_for):
    from tests.procurement.conftest import project_form

    data = project_form(owner=str(user_for(Role.PROCUREMENT_OFFICER).pk), contracting_authority="")
    before = Project.objects.count()
    response = client_for(Role.PROCUREMENT_OFFICER).post("/procurement/new/", data)
    assert_error(response, "contracting_authority", "This field is required")
    assert Project.objects.count() == before


def test_migration_gives_projects_without_a_body_the_first_one(demo):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "socialvalue.procurement.migrations.0003_project_contracting_authority"
    )
    project = Project.objects.get(title__icontains="fleet")
    Project.objects.filter(pk=project.pk).update(contracting_authority=None)
    migration.assign_first_authority(apps, None)
    project.refresh_from_db()
    assert project.contracting_authority == ContractingAuthority.objects.order_by("order").first()


# --- UK1 pipeline ---------------------------------------------------------------------------


def test_pipeline_lists_contracts_over_two_million_in_the_next_eighteen_months(demo, client_for):
    entries = selectors.pipeline_entries()
    titles = [e.project.title for e in entries]
    # £2.4 million of works from May 2027: on it. £1.25 million fleet: under £2 million.
    assert "Refurbishment of Preston custody suite" in titles
    assert "Fleet vehicle maintenance and tyres" not in titles
    assert all(e.value_inc_vat > Decimal("2000000") for e in entries)
    page = client_for(Role.VIEWER).get("/notices/pipeline/").content.decode()
    assert "Refurbishment of Preston custody suite" in page
    commissioner = ContractingAuthority.objects.get(name__startswith="Police and Crime")
    assert selectors.pipeline_entries(authority=commissioner) == []


def test_demo_twice_keeps_two_authorities_and_the_same_notices(demo):
    import io

    from django.core.management import call_command

    before = (ContractingAuthority.objects.count(), Notice.objects.count())
    call_command("demo", force=True, today=DEMO_TODAY, stdout=io.StringIO())
    assert (ContractingAuthority.objects.count(), Notice.objects.count()) == before == (2, 6)
    assert not Project.objects.filter(contracting_authority__isnull=True).exists()


def test_administrator_adds_a_contracting_authority(demo, client_for):
    response = client_for(Role.ADMINISTRATOR).post(
        "/policy/authorities/new/",
        {
            "name": "Lancashire Fire and Rescue Service",
            "identifier_scheme": "GB-PPON",
            "identifier": "PDEM-0003-LFRS",
            "street_address": "Garstang Road",
            "town": "Preston",
            "postcode": "PR2 3LH",
            "contact_name": "Procurement",
            "contact_email": "procurement@example.org",
            "order": "3",
        },
    )
    assert response.status_code == 302
    added = ContractingAuthority.objects.get(identifier="PDEM-0003-LFRS")
    assert added.organisation is not None
    assert added.party_id == "GB-PPON-PDEM-0003-LFRS"
    page = client_for(Role.VIEWER).get("/policy/").content.decode()
    assert "Lancashire Fire and Rescue Service" in page


def test_a_procurement_cancelled_before_its_tender_owes_no_notice(demo):
    from socialvalue.procurement.models import Stage

    fleet = Project.objects.get(title__icontains="fleet")
    assert _keys(fleet) == ["UK2", "UK4"]
    Project.objects.filter(pk=fleet.pk).update(stage=Stage.CANCELLED)
    fleet.refresh_from_db()
    assert _keys(fleet) == []
