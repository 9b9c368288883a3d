"""The social value assessment: the proportionate suggestion, completeness and sign-off."""

from __future__ import annotations

from decimal import Decimal

from socialvalue.accounts.roles import Role
from socialvalue.policy.models import Measure, Priority
from socialvalue.procurement import selectors
from socialvalue.procurement.models import (
    Assessment,
    AssessmentMeasure,
    Category,
    EngagementKind,
    EngagementRecord,
    Stage,
    ValueBand,
)
from tests.conftest import assert_error


def _complete_form(project, **changes) -> dict:
    record = EngagementRecord.objects.create(
        project=project, title="Market day", kind=EngagementKind.MARKET, held_on="2026-11-02"
    )
    data = {
        "relevant": "True",
        "not_relevant_rationale": "",
        "priorities": [str(Priority.objects.get(number=4).pk)],
        "weighting_percent": "5",
        "market_input": "Providers can offer apprenticeships.",
        "community_input": "Residents want local jobs.",
        "engagements": [str(record.pk)],
    }
    data.update(changes)
    return data


def test_suggestion_comes_from_the_value_band(make_project):
    # £180,000 ex VAT is £216,000 with VAT: the demo band from £200,000 proposes 10% and 3.
    project = make_project()
    suggestion = selectors.proportionality_suggestion(project)
    assert suggestion.weighting == Decimal("10.00")
    assert suggestion.measure_count == 3
    assert len(suggestion.measures) == 3
    assert suggestion.reason.startswith("£216,000.00 falls in the band from £200,000.00")


def test_suggestion_never_below_the_policy_minimum(client_for, make_project):
    ValueBand.objects.update(weighting_percent=Decimal("1.00"))
    project = make_project(estimated_value=Decimal("10000"))
    suggestion = selectors.proportionality_suggestion(project)
    assert suggestion.weighting == Decimal("2.50")
    assert "raised to the policy minimum of 2.5%" in suggestion.reason
    page = client_for(Role.VIEWER).get(f"/procurement/{project.pk}/assessment/").content.decode()
    assert "raised to the policy minimum" in page


def test_category_band_beats_the_general_one(make_project):
    ValueBand.objects.create(
        min_value=Decimal("0"),
        max_value=None,
        weighting_percent=Decimal("20"),
        measure_count=2,
        categories=[Category.WORKS],
    )
    works = make_project(category=Category.WORKS)
    assert selectors.proportionality_suggestion(works).weighting == Decimal("20")
    assert selectors.proportionality_suggestion(make_project()).weighting == Decimal("10.00")


def test_sign_off_refused_with_field_errors_and_nothing_saved(client_for, make_project):
    project = make_project(Stage.PRE_PROCUREMENT)
    client = client_for(Role.PROCUREMENT_OFFICER)
    response = client.post(
        f"/procurement/{project.pk}/assessment/edit/",
        _complete_form(project, priorities=[], market_input="", sign_off="Save and sign off"),
    )
    assert_error(response, "priorities", "Link at least one Police and Crime Plan priority")
    assert_error(response, "market_input", "Say what the market told you")
    assert "Add at least one measure with a target before signing off" in response.content.decode()
    assert not Assessment.objects.filter(project=project).exists()


def test_not_relevant_needs_a_rationale(client_for, make_project):
    project = make_project(Stage.PRE_PROCUREMENT)
    client = client_for(Role.PROCUREMENT_OFFICER)
    url = f"/procurement/{project.pk}/assessment/edit/"
    data = {"relevant": "False", "not_relevant_rationale": "", "sign_off": "1"}
    assert_error(client.post(url, data), "not_relevant_rationale", "Explain why")
    assert not Assessment.objects.filter(project=project).exists()
    data["not_relevant_rationale"] = "A one-off purchase of licences from the only provider."
    assert client.post(url, data).status_code == 302
    assert Assessment.objects.get(project=project).is_signed_off


def test_weighting_out_of_range_and_below_the_minimum(client_for, make_project):
    project = make_project(Stage.PRE_PROCUREMENT)
    client = client_for(Role.PROCUREMENT_OFFICER)
    url = f"/procurement/{project.pk}/assessment/edit/"
    assert_error(
        client.post(url, _complete_form(project, weighting_percent="120")),
        "weighting_percent",
        "less than or equal to 100",
    )
    assert_error(
        client.post(url, _complete_form(project, weighting_percent="1", sign_off="1")),
        "weighting_percent",
        "at least the policy minimum of 2.5%",
    )
    assert not Assessment.objects.filter(project=project).exists()


def test_complete_assessment_is_signed_off_and_project_moves_to_tender(
    client_for, user_for, make_project
):
    project = make_project(Stage.PRE_PROCUREMENT)
    client = client_for(Role.PROCUREMENT_OFFICER)
    measure = Measure.objects.get(code="TEI1")
    bad = client.post(
        f"/procurement/{project.pk}/assessment/measures/new/",
        {"measure": measure.pk, "target": "-3"},
    )
    assert_error(bad, "target", "greater than or equal to 0.01")
    client.post(
        f"/procurement/{project.pk}/assessment/measures/new/",
        {"measure": measure.pk, "target": "26.5"},
    )
    assert AssessmentMeasure.objects.get(assessment__project=project).target == Decimal("26.50")
    response = client.post(
        f"/procurement/{project.pk}/assessment/edit/", _complete_form(project, sign_off="1")
    )
    assert response.status_code == 302
    assessment = Assessment.objects.get(project=project)
    assert assessment.signed_off_by == user_for(Role.PROCUREMENT_OFFICER)
    assert assessment.signed_off_at is not None
    client.post(f"/procurement/{project.pk}/move/tender/", {"reason": "Tender published"})
    project.refresh_from_db()
    assert project.stage == Stage.TENDER


def test_changing_a_signed_off_assessment_withdraws_the_sign_off(client_for, demo):
    assessment = Assessment.objects.filter(signed_off_at__isnull=False).order_by("pk").first()
    client = client_for(Role.PROCUREMENT_OFFICER)
    item = assessment.measures.first()
    client.post(f"/procurement/{assessment.project_id}/assessment/measures/{item.pk}/remove/")
    assessment.refresh_from_db()
    assert not assessment.is_signed_off
