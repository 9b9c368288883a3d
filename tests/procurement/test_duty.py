"""The duty check page uses the organisation, the project and the thresholds in the database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from socialvalue.accounts.roles import Role
from socialvalue.procurement import selectors
from socialvalue.procurement.models import Category


def test_services_above_the_sub_central_threshold(client_for, make_project):
    # £180,000 + 20% VAT = £216,000, above the £207,720 sub-central threshold from 1 Jan 2026.
    project = make_project(
        estimated_value=Decimal("180000"), procurement_starts_on=date(2027, 2, 1)
    )
    decision = selectors.duty_check(project).decision
    assert decision.applies is True
    assert decision.value_inc_vat == Decimal("216000.00")
    assert decision.threshold.amount_inc_vat == Decimal("207720.00")
    page = client_for(Role.VIEWER).get(f"/procurement/{project.pk}/duty/").content.decode()
    assert "The duty applies" in page
    assert decision.explanation in page.replace("&#x27;", "'")
    assert "applies to every contract" in page


def test_services_below_the_threshold(make_project):
    project = make_project(estimated_value=Decimal("170000"))  # £204,000 with VAT
    decision = selectors.duty_check(project).decision
    assert decision.applies is False
    assert "below the £207,720.00" in decision.explanation


def test_value_including_vat_is_not_grossed_up(make_project):
    project = make_project(estimated_value=Decimal("210000"), value_includes_vat=True)
    assert selectors.duty_check(project).decision.value_inc_vat == Decimal("210000.00")


def test_pure_supplies_are_outside_the_act_but_the_policy_applies(client_for, make_project):
    project = make_project(category=Category.SUPPLIES, estimated_value=Decimal("900000"))
    page = client_for(Role.EVALUATOR).get(f"/procurement/{project.pk}/duty/").content.decode()
    assert "The duty does not apply" in page
    assert "pure supplies contract" in page
    assert "applies to every contract" in page


def test_no_threshold_row_for_the_date(client_for, make_project):
    project = make_project(
        procurement_starts_on=date(2019, 1, 1),
        contract_starts_on=date(2019, 6, 1),
        contract_ends_on=date(2020, 1, 1),
    )
    check = selectors.duty_check(project)
    assert check.decision is None
    assert "no row for a procurement starting on 01 January 2019" in check.problem
