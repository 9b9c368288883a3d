"""Contract variations: value, dates and KPI targets change only when someone other than
the requester approves, with the reason and the old values kept."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from socialvalue.accounts.roles import Role
from socialvalue.audit.models import Event
from socialvalue.contracts import services
from socialvalue.contracts.models import ContractVariation, VariationKind, VariationStatus
from socialvalue.core.errors import DomainError, NotAllowed
from tests.conftest import assert_error
from tests.contracts.conftest import add_kpi, add_line


def test_value_variation_applies_only_once_approved_by_someone_else(
    client_for, user_for, make_contract
):
    contract = make_contract()
    officer = client_for(Role.PROCUREMENT_OFFICER)
    url = f"/contracts/{contract.pk}/variations/new/value/"
    assert_error(officer.post(url, {"value": "120000"}), "reason", "This field is required")
    officer.post(url, {"value": "120000", "reason": "Two more sites"})

    variation = ContractVariation.objects.get(contract=contract)
    contract.refresh_from_db()
    assert contract.value == Decimal("100000.00")  # nothing changes yet
    assert (variation.old_values, variation.new_values) == (
        {"value": "100000.00"},
        {"value": "120000.00"},
    )

    decide = f"/contracts/variations/{variation.pk}/"
    response = officer.post(decide, {"decision": "approve"})
    assert "Someone other than the person who asked must decide" in response.content.decode()

    manager = client_for(Role.CONTRACT_MANAGER)
    manager.post(decide, {"decision": "approve", "note": "Budget agreed"})
    contract.refresh_from_db()
    variation.refresh_from_db()
    assert contract.value == Decimal("120000.00")
    assert variation.status == VariationStatus.APPROVED
    assert variation.decided_by == user_for(Role.CONTRACT_MANAGER)
    values = [h.value for h in contract.history.order_by("history_date", "history_id")]
    assert values == [Decimal("100000.00"), Decimal("120000.00")]
    assert Event.objects.filter(verb="contract.variation_approved").exists()


def test_refusal_needs_a_reason_and_changes_nothing(user_for, make_contract):
    contract = make_contract()
    variation = services.variation_request(
        actor=user_for(Role.PROCUREMENT_OFFICER),
        contract=contract,
        kind=VariationKind.DATES,
        new_values={"starts_on": date(2026, 4, 1), "ends_on": date(2029, 3, 31)},
        reason="Extension taken",
    )
    manager = user_for(Role.CONTRACT_MANAGER)
    with pytest.raises(DomainError, match="Say why"):
        services.variation_decide(actor=manager, variation=variation, approve=False)
    services.variation_decide(actor=manager, variation=variation, approve=False, note="No budget")
    contract.refresh_from_db()
    assert contract.ends_on == date(2028, 3, 31)
    with pytest.raises(DomainError, match="already been decided"):
        services.variation_decide(actor=manager, variation=variation, approve=True)


def test_dates_and_kpi_variations(user_for, make_contract, measure, staff_user):
    contract = make_contract()
    kpi = add_kpi(contract, measure, "40")
    add_line(kpi, 1, "10", staff_user)
    officer, manager = user_for(Role.PROCUREMENT_OFFICER), user_for(Role.CONTRACT_MANAGER)

    dates = services.variation_request(
        actor=officer,
        contract=contract,
        kind=VariationKind.DATES,
        new_values={"starts_on": date(2026, 4, 1), "ends_on": date(2029, 3, 31)},
        reason="First extension",
    )
    services.variation_decide(actor=manager, variation=dates, approve=True)
    target = services.variation_request(
        actor=officer,
        contract=contract,
        kind=VariationKind.KPI,
        kpi=kpi,
        new_values={"quantity": Decimal("50"), "basis": "per_year"},
        reason="More apprentices",
    )
    services.variation_decide(actor=manager, variation=target, approve=True)

    contract.refresh_from_db()
    kpi.refresh_from_db()
    assert contract.ends_on == date(2029, 3, 31) and len(contract.periods()) == 12
    assert kpi.quantity == Decimal("50.00")
    assert [h.quantity for h in kpi.history.order_by("history_date", "history_id")] == [
        Decimal("40.00"),
        Decimal("50.00"),
    ]
    assert target.old_values == {"quantity": "40.00", "basis": "per_year"}


def test_moving_the_start_under_a_reported_period_is_refused(user_for, make_contract, measure):
    contract = make_contract()
    add_line(add_kpi(contract, measure, "40"), 1, "10", user_for(Role.SUPPLIER))
    variation = services.variation_request(
        actor=user_for(Role.PROCUREMENT_OFFICER),
        contract=contract,
        kind=VariationKind.DATES,
        new_values={"starts_on": date(2026, 5, 1), "ends_on": date(2028, 3, 31)},
        reason="Late start",
    )
    with pytest.raises(DomainError, match="periods already reported"):
        services.variation_decide(
            actor=user_for(Role.CONTRACT_MANAGER), variation=variation, approve=True
        )
    variation.refresh_from_db()
    contract.refresh_from_db()
    assert variation.status == VariationStatus.REQUESTED  # all or nothing
    assert contract.starts_on == date(2026, 4, 1)


def test_same_values_or_another_contracts_kpi_refused(user_for, make_contract, measure):
    contract, other = make_contract(), make_contract()
    officer = user_for(Role.PROCUREMENT_OFFICER)
    with pytest.raises(DomainError, match="same as the current"):
        services.variation_request(
            actor=officer,
            contract=contract,
            kind=VariationKind.VALUE,
            new_values={"value": Decimal("100000.00")},
            reason="x",
        )
    with pytest.raises(DomainError, match="Choose the KPI"):
        services.variation_request(
            actor=officer,
            contract=contract,
            kind=VariationKind.KPI,
            kpi=add_kpi(other, measure, "1"),
            new_values={"quantity": 2, "basis": "per_year"},
            reason="x",
        )
    with pytest.raises(NotAllowed):
        variation = services.variation_request(
            actor=officer,
            contract=contract,
            kind=VariationKind.VALUE,
            new_values={"value": 5},
            reason="x",
        )
        services.variation_decide(actor=officer, variation=variation, approve=True)
