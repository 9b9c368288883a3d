"""Policy pages: bad input answered with the error summary and nothing saved."""

from __future__ import annotations

from socialvalue.accounts.roles import Role
from socialvalue.policy.models import EvaluationRule, LocalArea, PlanPeriod, Threshold
from tests.conftest import assert_error


def test_plan_period_dates_in_the_wrong_order(client_for):
    client = client_for(Role.ADMINISTRATOR)
    before = PlanPeriod.objects.count()
    response = client.post(
        "/policy/plan-periods/new/",
        {"title": "Plan 2025 to 2029", "starts_on": "2029-03-31", "ends_on": "2025-04-01"},
    )
    assert_error(response, "ends_on", "The end date must be on or after the start date")
    assert PlanPeriod.objects.count() == before


def test_weighting_out_of_range(client_for):
    client = client_for(Role.ADMINISTRATOR)
    response = client.post(
        "/policy/evaluation-rule/new/",
        {"minimum_weighting_percent": "120", "basis": "quality", "effective_from": "2027-01-01"},
    )
    assert_error(response, "minimum_weighting_percent", "less than or equal to 100")
    assert EvaluationRule.objects.count() == 1


def test_local_area_with_a_code_that_is_not_a_district(client_for):
    client = client_for(Role.ADMINISTRATOR)
    response = client.post(
        "/policy/local-areas/new/",
        {
            "name": "Preston",
            "code": "preston",
            "order": "3",
            "district_codes": "E07000123\nPR1 2HE",
        },
    )
    assert_error(response, "district_codes", "PR1 2HE")
    assert not LocalArea.objects.filter(code="preston").exists()


def test_threshold_must_be_positive(client_for):
    client = client_for(Role.ADMINISTRATOR)
    before = Threshold.objects.count()
    response = client.post(
        "/policy/thresholds/new/",
        {
            "regime": "Test",
            "valid_from": "2027-01-01",
            "authority_type": "all",
            "contract_type": "works",
            "amount_inc_vat": "-1",
        },
    )
    assert_error(response, "amount_inc_vat", "greater than or equal to 0.01")
    assert Threshold.objects.count() == before


def test_overview_shows_the_rule_as_both_numbers(client_for):
    page = client_for(Role.VIEWER).get("/policy/").content.decode()
    # 2.5% of a 40% quality element is 1% of the total score.
    assert "2.50% of the quality element" in page
    assert "1.00%" in page
    assert "Protecting Local Policing" in page


def test_home_shows_administrator_tasks(client_for):
    page = client_for(Role.ADMINISTRATOR).get("/").content.decode()
    assert "Import a measures library" in page
    assert "Manage users and their roles" in page


def test_home_of_supplier_shows_no_policy_administration(client_for):
    page = client_for(Role.SUPPLIER).get("/").content.decode()
    assert "Read the measures library" in page
    assert "Import a measures library" not in page
