"""An officer takes a project from idea to tender in the browser: creates it, checks the
duty, records engagement, completes and signs off the assessment, and moves it to tender."""

from __future__ import annotations

from socialvalue.accounts.roles import Role
from socialvalue.procurement.models import Assessment, Project, Stage, StageChange
from tests.e2e.conftest import axe_violations
from tests.e2e.dates import fill_date


def _move(page, stage_label: str, reason: str) -> None:
    page.get_by_role("link", name=f"Move to {stage_label}").click()
    page.fill("#id_reason", reason)
    page.get_by_role("button", name=f"Move to {stage_label}").click()


def test_officer_takes_a_project_to_tender(demo, live_server, sign_in):
    page = sign_in(Role.PROCUREMENT_OFFICER)
    page.goto(live_server.url + "/procurement/new/")
    page.fill("#id_title", "Custody cleaning services")
    page.fill("#id_description", "Cleaning of the custody suites in Preston and Blackpool.")
    page.fill("#id_requesting_department", "Custody and Criminal Justice")
    page.get_by_label("Services", exact=True).check()
    page.fill("#id_estimated_value", "420000")
    page.get_by_label("No, it excludes VAT").check()
    fill_date(page, "id_procurement_starts_on", "2027-02-01")
    fill_date(page, "id_contract_starts_on", "2027-06-01")
    fill_date(page, "id_contract_ends_on", "2030-05-31")
    page.get_by_role("button", name="Save").click()
    assert page.locator("h1").inner_text() == "Custody cleaning services"
    assert page.locator("#project-stage").inner_text() == "Pipeline"

    page.get_by_role("link", name="Check the Social Value Act duty").click()
    assert (
        page.locator("#duty-explanation")
        .inner_text()
        .startswith("The Social Value Act duty applies")
    )
    assert "every contract" in page.locator("#policy-note").inner_text()
    page.get_by_role("link", name="Back to the project").click()

    page.get_by_role("link", name="Record engagement").click()
    page.fill("#id_title", "Cleaning market day")
    page.get_by_label("Market engagement with providers").check()
    fill_date(page, "id_held_on", "2026-11-20")
    page.fill("#id_sme_count", "6")
    page.fill("#id_learned", "Local cleaners could bid if the contract is split by site.")
    page.get_by_role("button", name="Save").click()
    assert page.locator("h1").inner_text() == "Cleaning market day"
    page.get_by_role("link", name="Custody cleaning services").click()

    _move(page, "pre-procurement", "Business case approved")
    assert page.locator("#project-stage").inner_text() == "Pre-procurement"
    # Tender is refused until the assessment is signed off, and the page says so.
    _move(page, "tender", "Trying too early")
    summary = page.locator(".govuk-error-summary")
    assert "social value assessment must be signed off" in summary.inner_text()
    page.get_by_role("link", name="Back").click()

    page.get_by_role("link", name="Social value assessment").click()
    assert "Suggested: " in page.locator("#suggestion").inner_text()
    page.get_by_role("link", name="Add a measure and its target").click()
    page.select_option("#id_measure", label=page.locator("#id_measure option").nth(2).inner_text())
    page.fill("#id_target", "4")
    page.get_by_role("button", name="Add measure").click()

    page.get_by_role("link", name="Change the assessment or sign it off").click()
    page.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Save and sign off").click()
    summary = page.locator(".govuk-error-summary")
    assert "Link at least one Police and Crime Plan priority" in summary.inner_text()
    assert axe_violations(page) == []

    page.get_by_label("Developing Safe and Confident Communities").check()
    page.fill("#id_market_input", "Cleaners asked for lots by site.")
    page.fill("#id_community_input", "Detainee advocates asked for trained staff.")
    page.get_by_label("Cleaning market day").check()
    page.get_by_role("button", name="Save and sign off").click()
    assert "Signed off by Priya Officer" in page.locator("#sign-off").inner_text()

    page.get_by_role("link", name="Back to the project").click()
    _move(page, "tender", "Assessment signed off; tender published")
    assert page.locator("#project-stage").inner_text() == "Tender"

    project = Project.objects.get(title="Custody cleaning services")
    assert project.stage == Stage.TENDER
    assert Assessment.objects.get(project=project).engagements.count() == 1
    assert list(StageChange.objects.filter(project=project).values_list("to_stage", flat=True)) == [
        Stage.PRE_PROCUREMENT,
        Stage.TENDER,
    ]
