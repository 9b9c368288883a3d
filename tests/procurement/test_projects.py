"""Projects: creating, editing, lots and the stages they move through."""

from __future__ import annotations

from decimal import Decimal

import pytest

from socialvalue.accounts.roles import Role
from socialvalue.audit.models import Event
from socialvalue.core.errors import DomainError
from socialvalue.procurement import services
from socialvalue.procurement.models import Assessment, Lot, Project, Stage, StageChange
from tests.conftest import DEMO_TODAY, about, assert_error
from tests.procurement.conftest import project_form


def test_officer_creates_a_project(client_for, user_for):
    client = client_for(Role.PROCUREMENT_OFFICER)
    officer = user_for(Role.PROCUREMENT_OFFICER)
    response = client.post("/procurement/new/", project_form(owner=str(officer.pk)))
    project = Project.objects.get(title="Cleaning of police stations in East Lancashire")
    assert response.status_code == 302
    assert response["Location"] == f"/procurement/{project.pk}/"
    assert project.stage == Stage.PIPELINE
    assert project.estimated_value == Decimal("180000.00")
    assert project.value_includes_vat is False
    assert Event.objects.filter(verb="project.created", **about(project)).exists()
    assert project.history.count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required"),
        ({"category": ""}, "category", "This field is required"),
        ({"estimated_value": "0"}, "estimated_value", "greater than or equal to 0.01"),
        ({"estimated_value": "lots"}, "estimated_value", "Enter a number"),
        (
            {"contract_starts_on": "2027-01-01"},
            "contract_starts_on",
            "The contract must start on or after the procurement starts",
        ),
        ({"contract_ends_on": "2027-05-31"}, "contract_ends_on", "The contract must end after"),
    ],
)
def test_bad_project_input_is_refused_and_nothing_saved(
    client_for, user_for, changes, field, message
):
    client = client_for(Role.PROCUREMENT_OFFICER)
    before = Project.objects.count()
    data = project_form(owner=str(user_for(Role.PROCUREMENT_OFFICER).pk), **changes)
    assert_error(client.post("/procurement/new/", data), field, message)
    assert Project.objects.count() == before


def test_lot_with_a_negative_value_is_refused(client_for, make_project):
    project = make_project()
    client = client_for(Role.PROCUREMENT_OFFICER)
    response = client.post(
        f"/procurement/{project.pk}/lots/new/", {"title": "North", "value": "-5"}
    )
    assert_error(response, "value", "greater than or equal to 0.01")
    assert not Lot.objects.filter(project=project).exists()
    client.post(f"/procurement/{project.pk}/lots/new/", {"title": "North", "value": "90000"})
    assert project.lots.get().value == Decimal("90000.00")


def test_a_move_is_recorded_with_who_when_and_why(user_for, make_project):
    officer = user_for(Role.PROCUREMENT_OFFICER)
    project = make_project()
    change = services.project_move(
        actor=officer, project=project, to_stage=Stage.PRE_PROCUREMENT, reason="Approved"
    )
    project.refresh_from_db()
    assert project.stage == Stage.PRE_PROCUREMENT
    assert (change.from_stage, change.to_stage) == (Stage.PIPELINE, Stage.PRE_PROCUREMENT)
    assert change.changed_by == officer and change.reason == "Approved"
    assert change.changed_at is not None
    event = Event.objects.get(verb="project.stage_changed", **about(project))
    assert event.reason == "Approved"
    assert event.data == {"from": "pipeline", "to": "pre_procurement"}


def test_tender_needs_a_signed_off_assessment(user_for, make_project):
    officer = user_for(Role.PROCUREMENT_OFFICER)
    project = make_project(Stage.PRE_PROCUREMENT)
    with pytest.raises(DomainError) as refused:
        services.project_move(actor=officer, project=project, to_stage=Stage.TENDER, reason="Go")
    assert refused.value.message == (
        "The social value assessment must be signed off before the project moves to tender"
    )
    project.refresh_from_db()
    assert project.stage == Stage.PRE_PROCUREMENT
    assert not StageChange.objects.filter(project=project).exists()
    Assessment.objects.create(
        project=project, signed_off_by=officer, signed_off_at="2027-01-05T10:00Z"
    )
    services.project_move(actor=officer, project=project, to_stage=Stage.TENDER, reason="Go")
    project.refresh_from_db()
    assert project.stage == Stage.TENDER


def test_stages_cannot_be_skipped(user_for, make_project):
    officer = user_for(Role.PROCUREMENT_OFFICER)
    project = make_project()
    with pytest.raises(DomainError, match="at pipeline cannot move to awarded"):
        services.project_move(actor=officer, project=project, to_stage=Stage.AWARDED, reason="x")


def test_cancel_from_an_open_stage_but_not_from_closed(user_for, make_project):
    officer = user_for(Role.PROCUREMENT_OFFICER)
    live = make_project(Stage.EVALUATION)
    services.project_move(actor=officer, project=live, to_stage=Stage.CANCELLED, reason="No bids")
    live.refresh_from_db()
    assert live.stage == Stage.CANCELLED
    closed = make_project(Stage.CLOSED, title="Old")
    with pytest.raises(DomainError, match="cannot move to cancelled"):
        services.project_move(actor=officer, project=closed, to_stage=Stage.CANCELLED, reason="x")


def test_move_page_needs_a_reason_and_shows_what_is_missing(client_for, make_project):
    project = make_project(Stage.PRE_PROCUREMENT)
    client = client_for(Role.PROCUREMENT_OFFICER)
    url = f"/procurement/{project.pk}/move/tender/"
    assert_error(client.post(url, {"reason": ""}), "reason", "This field is required")
    assert_error(
        client.post(url, {"reason": "Ready"}),
        "reason",
        "The social value assessment must be signed off before the project moves to tender",
    )
    project.refresh_from_db()
    assert project.stage == Stage.PRE_PROCUREMENT


def test_viewer_reads_but_cannot_move(client_for, make_project):
    project = make_project()
    client = client_for(Role.VIEWER)
    assert client.get(f"/procurement/{project.pk}/").status_code == 200
    response = client.post(f"/procurement/{project.pk}/move/pre_procurement/", {"reason": "x"})
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.stage == Stage.PIPELINE


def test_demo_has_projects_at_different_stages(demo):
    stages = set(Project.objects.values_list("stage", flat=True))
    assert {Stage.PIPELINE, Stage.PRE_PROCUREMENT, Stage.TENDER} <= stages
    # Custody (procurement demo) and interpreting (tendering demo: its draft BSL tender is
    # prefilled from it).
    signed_off = Assessment.objects.filter(signed_off_at__isnull=False)
    assert set(signed_off.values_list("project__title", flat=True)) == {
        "Custody healthcare and forensic medical services",
        "Interpreting and translation services",
        "Domestic abuse support services",  # last year's, contracted
    }


def test_demo_loads_twice_without_copies(demo):
    import io

    from django.core.management import call_command

    from socialvalue.procurement.models import EngagementRecord, EventRegistration, ValueBand

    counts = [m.objects.count() for m in (Project, ValueBand, EngagementRecord, EventRegistration)]
    call_command("demo", force=True, today=DEMO_TODAY, stdout=io.StringIO())
    again = [m.objects.count() for m in (Project, ValueBand, EngagementRecord, EventRegistration)]
    assert again == counts


def test_officer_home_lists_the_assessment_to_sign_off(client_for):
    page = client_for(Role.PROCUREMENT_OFFICER).get("/").content.decode()
    assert "sign off the social value assessment for Fleet vehicle maintenance and tyres" in page
    assert "Start a procurement project" in page
    assert "Start a procurement project" not in client_for(Role.VIEWER).get("/").content.decode()
