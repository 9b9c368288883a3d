"""Award of a recommended tender: the contract, its KPIs from the winning bid, the tender
locked and the project moved to awarded, all or nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from socialvalue.accounts.roles import Role
from socialvalue.audit.models import Event
from socialvalue.contracts import selectors, services
from socialvalue.contracts.models import Contract, Frequency, KpiSource, Route
from socialvalue.core.errors import DomainError
from socialvalue.procurement.models import Stage, StageChange
from socialvalue.suppliers.models import Supplier
from socialvalue.tendering.models import Tender, TenderStatus
from tests.conftest import about, assert_error
from tests.contracts.conftest import (
    AFTER_STANDSTILL,
    add_kpi,
    add_line,
    award_terms,
    enter,
    in_standstill,
    recommended_tender,
)


@pytest.fixture
def officer(user_for):
    return user_for(Role.PROCUREMENT_OFFICER)


def test_award_makes_the_contract_with_kpis_from_the_winning_bid(officer, measure):
    tender, bid = recommended_tender(officer, measure)

    contract = enter(officer, tender)

    assert contract.supplier == bid.supplier
    assert contract.value == Decimal("250000.00")  # the winning price when none is given
    assert contract.route == Route.TENDERED and contract.awarded_bid == bid
    assert contract.reporting_months == Frequency.QUARTERLY
    assert contract.standstill_ends_on == date(2026, 3, 11)  # from the award notice
    kpis = list(contract.kpis.order_by("position"))
    assert [(k.source, k.contract_year, k.quantity, k.unit_value) for k in kpis] == [
        (KpiSource.COMMITMENT, 1, Decimal("40.00"), Decimal("120.00")),  # frozen, not £100
        (KpiSource.COMMITMENT, 2, Decimal("48.00"), Decimal("120.00")),
        (KpiSource.OWN_PROPOSAL, 1, Decimal("4.00"), Decimal("250.00")),
        (KpiSource.OWN_PROPOSAL, 1, Decimal("2.00"), None),  # no agreed value: units only
    ]
    assert kpis[2].measure is None and kpis[2].unit == "events"
    status = selectors.contract_status_get(contract, as_of=date(2026, 1, 1))
    # 40 + 48 at £120, 4 events at £250; the talks count in units only.
    assert [k.committed for k in status.kpis] == [Decimal(40), Decimal(48), Decimal(4), Decimal(2)]
    assert status.committed_value == Decimal("11560.00")


def test_award_splits_a_year_into_quarters(officer, measure):
    tender, _ = recommended_tender(officer, measure)
    contract = enter(officer, tender)

    year_one = contract.kpis.get(contract_year=1, measure=measure)
    status = selectors.contract_status_get(contract, as_of=date(2026, 8, 1))  # Q1 due

    line = next(k for k in status.kpis if k.kpi == year_one)
    assert line.due == Decimal("10.00")
    assert line.due_value == Decimal("1200.00")


def test_award_locks_the_tender_and_moves_the_project(officer, measure):
    tender, _ = recommended_tender(officer, measure, stage=Stage.TENDER)

    contract = enter(officer, tender)

    tender.refresh_from_db()
    assert tender.status == TenderStatus.AWARDED
    assert tender.awarded_at is not None and tender.scores_locked
    assert tender.project.stage == Stage.AWARDED
    moves = StageChange.objects.filter(project=tender.project).order_by("pk")
    assert [m.to_stage for m in moves] == [Stage.EVALUATION, Stage.AWARDED]
    event = Event.objects.get(verb="contract.awarded", **about(contract))
    assert event.actor == officer and event.data["tender"] == tender.reference
    assert contract.history.count() == 1


def test_award_refused_twice_and_for_a_tender_not_recommended(officer, measure):
    tender, _ = recommended_tender(officer, measure)
    with pytest.raises(DomainError, match="Decide the award first") as refused:
        services.contract_award(
            actor=officer, tender=tender, terms=award_terms(), today=AFTER_STANDSTILL
        )
    assert refused.value.code == "award.not_decided"
    enter(officer, tender)

    with pytest.raises(DomainError, match="already been awarded"):
        services.contract_award(
            actor=officer,
            tender=tender,
            terms=award_terms(reference="LC-C-TEST-2"),
            today=AFTER_STANDSTILL,
        )


def test_award_is_all_or_nothing(officer, measure):
    tender, _ = recommended_tender(officer, measure)
    in_standstill(officer, tender)
    # A contract of one year cannot carry the bid's year-2 commitment.
    short = award_terms(ends_on=date(2027, 3, 31))

    with pytest.raises(DomainError, match="contract year 2") as refused:
        services.contract_award(actor=officer, tender=tender, terms=short, today=AFTER_STANDSTILL)

    assert refused.value.field == "ends_on"
    tender.refresh_from_db()
    assert tender.status == TenderStatus.STANDSTILL and tender.awarded_at is None
    assert tender.project.stage == Stage.EVALUATION
    assert not Contract.objects.filter(tender=tender).exists()
    assert not Event.objects.filter(verb="contract.awarded", data__tender=tender.reference)


def test_project_at_an_earlier_stage_refuses_the_award(officer, measure):
    tender, _ = recommended_tender(officer, measure, stage=Stage.PIPELINE)

    with pytest.raises(DomainError, match="cannot be moved to awarded"):
        enter(officer, tender)

    assert not Contract.objects.filter(tender=tender).exists()


def test_award_pages_decision_then_contract(client_for, officer, measure):
    tender, bid = recommended_tender(officer, measure)
    client = client_for(Role.PROCUREMENT_OFFICER)
    results = client.get(f"/tenders/{tender.pk}/results/").content.decode()
    assert "Award the contract" in results and f"/contracts/award/{tender.pk}/decision/" in results

    url = f"/contracts/award/{tender.pk}/decision/"
    assert_error(client.post(url, {"decision": " "}), "decision", "Record the award decision")
    response = client.post(url, {"decision": "Approved by the CFO"})
    assert response.status_code == 302
    tender.refresh_from_db()
    assert tender.status == TenderStatus.AWARD_DECIDED and tender.scores_locked
    assert Event.objects.get(verb="award.decided", **about(tender)).actor == officer

    # Entering into the contract is refused until the standstill has started and ended.
    url = f"/contracts/award/{tender.pk}/"
    page = client.get(url).content.decode()
    assert "Publish the contract award notice" in page
    form = {
        "reference": "LC-C-TEST-9",
        "title": "Cleaning of police premises",
        "value": "250000.00",
        "starts_on": "2026-04-01",
        "ends_on": "2028-03-31",
        "reporting_months": "3",
    }
    assert "The standstill has not started" in client.post(url, form).content.decode()
    services.award_outcome_release(actor=officer, tender=tender, notice_published_on=date.today())
    assert "the contract may be entered into from" in client.post(url, form).content.decode()
    assert not Contract.objects.filter(reference="LC-C-TEST-9").exists()

    # The standstill over: as if the notice had been published in March.
    Tender.objects.filter(pk=tender.pk).update(
        standstill_starts_on=date(2026, 3, 2), standstill_ends_on=date(2026, 3, 11)
    )
    response = client.post(url, form)
    contract = Contract.objects.get(reference="LC-C-TEST-9")
    assert response.status_code == 302
    assert response["Location"] == f"/contracts/{contract.pk}/"
    assert contract.kpis.count() == 4
    assert contract.award_decision == "Approved by the CFO"
    assert contract.standstill_ends_on == date(2026, 3, 11)


def test_direct_award_with_agreed_kpis(client_for, measure):
    client = client_for(Role.PROCUREMENT_OFFICER)
    supplier = Supplier.objects.create(name="Direct Award Ltd")
    response = client.post(
        "/contracts/new/",
        {
            "supplier": supplier.pk,
            "route": Route.DIRECT_AWARD,
            "reference": "LC-DA-1",
            "title": "Emergency boarding-up",
            "value": "45000",
            "starts_on": "2026-04-01",
            "ends_on": "2027-03-31",
            "reporting_months": "6",
        },
    )
    contract = Contract.objects.get(reference="LC-DA-1")
    assert response["Location"] == f"/contracts/{contract.pk}/kpis/new/"
    assert contract.route == Route.DIRECT_AWARD and contract.tender is None

    client.post(
        f"/contracts/{contract.pk}/kpis/new/",
        {"measure": measure.pk, "quantity": "10", "basis": "per_year"},
    )
    client.post(
        f"/contracts/{contract.pk}/kpis/new/",
        {
            "title": "Youth diversion sessions",
            "unit": "sessions",
            "quantity": "3",
            "basis": "per_period",
            "unit_value": "80",
        },
    )
    first, second = contract.kpis.order_by("position")
    assert (first.measure, first.unit_value, first.source) == (
        measure,
        Decimal("100.00"),  # the measure's proxy, frozen on the KPI
        KpiSource.AGREED,
    )
    assert (second.title, second.unit_value) == ("Youth diversion sessions", Decimal("80.00"))
    status = selectors.contract_status_get(contract, as_of=date(2026, 1, 1))
    # 10 a year at £100, and 3 per half-year for two half-years at £80.
    assert status.committed_value == Decimal("1480.00")
    measure.proxy_value = Decimal("1.00")
    measure.save()
    first.refresh_from_db()
    assert first.unit_value == Decimal("100.00")


def test_kpi_needs_a_measure_or_a_description_and_is_fixed_after_a_return(
    client_for, officer, make_contract, measure
):
    client = client_for(Role.PROCUREMENT_OFFICER)
    contract = make_contract()
    url = f"/contracts/{contract.pk}/kpis/new/"

    response = client.post(url, {"quantity": "3", "basis": "per_year"})
    assert_error(response, "measure", "Choose a measure, or describe the KPI and its unit")

    kpi = add_kpi(contract, measure, "40")
    add_line(kpi, 1, "10", officer)
    response = client.post(url, {"measure": measure.pk, "quantity": "3", "basis": "per_year"})
    assert "change the KPIs through a contract variation" in response.content.decode()
    assert contract.kpis.count() == 1


def test_contract_refused_on_the_8th_working_day_and_entered_into_the_day_after(officer, measure):
    tender, _ = recommended_tender(officer, measure)
    # Published Monday 16 March 2026: St Patrick's Day (Northern Ireland) is not counted, so
    # the 8th working day is Thursday 26 March, not the 25th.
    in_standstill(officer, tender, notice_on=date(2026, 3, 16))
    tender.refresh_from_db()
    assert tender.standstill_ends_on == date(2026, 3, 26)
    assert tender.display_status in (
        "Standstill (until 26 March 2026)",
        "Standstill ended 26 March 2026: the contract may be entered into",
    )

    with pytest.raises(DomainError, match="may be entered into from 27 March 2026") as refused:
        services.contract_award(
            actor=officer, tender=tender, terms=award_terms(), today=date(2026, 3, 26)
        )
    assert refused.value.code == "award.standstill_not_over"
    assert not Contract.objects.filter(tender=tender).exists()

    contract = services.contract_award(
        actor=officer, tender=tender, terms=award_terms(), today=date(2026, 3, 27)
    )
    assert contract.standstill_starts_on == date(2026, 3, 16)
    tender.refresh_from_db()
    assert tender.status == TenderStatus.AWARDED and tender.display_status == "Awarded"


def test_an_exemption_lets_the_contract_be_entered_into_at_once(officer, measure):
    tender, _ = recommended_tender(officer, measure)
    services.award_decide(actor=officer, tender=tender, decision="Call-off, mini-competition")
    with pytest.raises(DomainError, match="Choose a reason") as refused:
        services.award_outcome_release(actor=officer, tender=tender, exemption="because")
    assert refused.value.code == "award.exemption_unknown"

    services.award_outcome_release(
        actor=officer, tender=tender, exemption="framework", note="Framework RM6232, lot 1"
    )
    tender.refresh_from_db()
    assert tender.display_status == "No standstill: call-off under a framework"
    event = Event.objects.get(verb="award.outcome_released", **about(tender))
    assert event.data["exemption"] == "Call-off under a framework"
    # A call-off above threshold still owes its award notice (s.50): the summaries wait for it.
    assert tender.summaries_released_at is None
    contract = services.contract_award(
        actor=officer, tender=tender, terms=award_terms(), today=date(2026, 3, 2)
    )
    assert contract.standstill_ends_on is None


def test_recording_the_award_notice_starts_the_standstill_and_releases_summaries(officer, measure):
    from socialvalue.notices.services import notice_publication_record

    tender, _ = recommended_tender(officer, measure)
    # Before the award decision no award notice is due, so none can be recorded.
    with pytest.raises(DomainError, match="does not need") as refused:
        notice_publication_record(
            actor=officer,
            project=tender.project,
            key="UK6",
            published_on=date(2026, 3, 2),
            reference="2026/S 000-000006",
        )
    assert refused.value.code == "notice.not_needed"
    services.award_decide(actor=officer, tender=tender, decision="Approved")
    notice_publication_record(
        actor=officer,
        project=tender.project,
        key="UK6",
        published_on=date(2026, 3, 2),
        reference="2026/S 000-000006",
    )
    tender.refresh_from_db()
    assert tender.status == TenderStatus.STANDSTILL
    assert (tender.standstill_starts_on, tender.standstill_ends_on) == (
        date(2026, 3, 2),
        date(2026, 3, 11),
    )
    assert tender.summaries_released_at is not None
    assert Event.objects.filter(verb="award.outcome_released", **about(tender)).count() == 1


def test_the_award_decision_locks_the_recommendation_and_is_refused_twice(officer, measure):
    tender, _ = recommended_tender(officer, measure, stage=Stage.TENDER)
    with pytest.raises(DomainError, match="Record the award decision") as refused:
        services.award_decide(actor=officer, tender=tender, decision="  ")
    assert refused.value.field == "decision"
    services.award_decide(actor=officer, tender=tender, decision="Approved")
    tender.refresh_from_db()
    assert tender.project.stage == Stage.EVALUATION
    with pytest.raises(DomainError, match="decided"):
        services.award_decide(actor=officer, tender=tender, decision="Again")
    # The standstill has not started: no contract.
    with pytest.raises(DomainError, match="standstill has not started") as refused:
        services.contract_award(
            actor=officer, tender=tender, terms=award_terms(), today=date(2027, 1, 1)
        )
    assert refused.value.code == "award.standstill_not_started"


def test_home_page_and_contract_list_say_the_next_step_of_the_award(client_for, officer, measure):
    tender, _ = recommended_tender(officer, measure)
    client = client_for(Role.PROCUREMENT_OFFICER)
    home = client.get("/").content.decode()
    assert f"Confirm the award decision: {tender}" in home
    services.award_decide(actor=officer, tender=tender, decision="Approved")
    home = client.get("/").content.decode()
    assert f"Record the contract award notice as published: {tender}" in home
    listing = client.get("/contracts/").content.decode()
    assert "Award decided (award notice to publish)" in listing
    assert f"/contracts/award/{tender.pk}/" not in listing  # no contract before the standstill
    services.award_outcome_release(actor=officer, tender=tender, notice_published_on=date.today())
    home = client.get("/").content.decode()
    assert str(tender) not in home  # nothing to do while the standstill runs
    assert "Standstill (until" in client.get("/contracts/").content.decode()
