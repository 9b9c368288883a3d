"""The annual review: the demo year's page and PDF with every section and its charts,
conclusions saved with the review, publishing, and a published report kept as published."""

from __future__ import annotations

import subprocess
from datetime import date
from decimal import Decimal

import pytest

from socialvalue.accounts.roles import Role
from socialvalue.audit.models import Event
from socialvalue.core.errors import DomainError
from socialvalue.procurement.models import EngagementKind, EngagementRecord
from socialvalue.reviews import services
from socialvalue.reviews.figures import review_figures
from socialvalue.reviews.models import AnnualReview, ReviewStatus, Section
from socialvalue.transparency.selectors import current_year
from tests.conftest import assert_error


@pytest.fixture
def year():
    return current_year()


def _url(year, suffix: str = "") -> str:
    return f"/reviews/{year.label}/{suffix}"


def test_demo_year_page_has_every_section(client_for, year):
    page = client_for(Role.VIEWER).get(_url(year)).content.decode()
    for section in Section:
        assert section.label in page, section
    # The policy's aims and objectives, each with the evidence the service holds.
    assert "Aim 3.2.2: Promote the local economy" in page
    assert "Objective 3.3.3: At least 2.5% of the quality element" in page
    assert "tenders weighted social value" in page
    # The demo's draft conclusions are shown with their sections.
    assert "Every tender weighted social value at or above the policy minimum." in page
    assert "Not written yet." in page  # sections without conclusions say so
    assert "<svg" in page  # charts inline
    assert "Draft: the figures follow the data" in page


def test_figures_of_the_demo_year(demo, year):
    figures = review_figures(year)
    assert [a["reference"] for a in figures["aims"]][:3] == ["3.2.1", "3.2.2", "3.2.3"]
    assert all(a["evidence"] for a in figures["aims"])  # every demo statement has evidence
    weighting = figures["weighting"]
    assert weighting["count"] >= 1
    assert weighting["weighted"] <= weighting["count"]
    assert {t["minimum"] for t in weighting["tenders"]} == {"2.50"}
    engagement = figures["engagement"]
    assert engagement["records"] >= 1
    assert figures["spend"]["trend"], "the spend imported gives a trend"


def test_viewer_reads_but_writes_nothing(client_for, year):
    client = client_for(Role.VIEWER)
    page = client.get(_url(year)).content.decode()
    assert "Write conclusions" not in page and ">Publish<" not in page
    assert client.post(_url(year, "conclusions/"), {"overall": "x"}).status_code == 403
    assert client.post(_url(year, "publish/"), {"confirm": "on"}).status_code == 403


def test_officer_saves_conclusions(client_for, year):
    client = client_for(Role.PROCUREMENT_OFFICER)
    response = client.post(
        _url(year, "conclusions/"),
        {"overall": "  A good year for local spend.  ", "spend": "More local SMEs."},
    )
    assert response.status_code == 302
    review = AnnualReview.objects.get(start_year=year.start_year)
    assert review.conclusions == {
        "overall": "A good year for local spend.",
        "spend": "More local SMEs.",
    }
    assert Event.objects.filter(verb="review.conclusions_saved").exists()
    assert "A good year for local spend." in client.get(_url(year)).content.decode()


def test_publish_needs_the_overall_conclusions(client_for, year):
    response = client_for(Role.ADMINISTRATOR).post(_url(year, "publish/"), {"confirm": "on"})
    assert_error(response, "confirm", "Write the overall conclusions before publishing")
    assert AnnualReview.objects.get(start_year=year.start_year).status == ReviewStatus.DRAFT


def test_publish_needs_confirmation(client_for, year):
    response = client_for(Role.ADMINISTRATOR).post(_url(year, "publish/"), {})
    assert_error(response, "confirm", "Confirm that the report is ready to publish")


def test_published_report_is_kept_as_published(client_for, user_for, year):
    officer = user_for(Role.PROCUREMENT_OFFICER)
    services.review_conclusions_save(
        actor=officer, year=year, conclusions={"overall": "Kept as written."}
    )
    client = client_for(Role.PROCUREMENT_OFFICER)
    assert client.post(_url(year, "publish/"), {"confirm": "on"}).status_code == 302
    review = AnnualReview.objects.get(start_year=year.start_year)
    assert review.status == ReviewStatus.PUBLISHED
    assert review.published_by == officer
    assert review.published_figures["year"] == year.label
    records_then = review.published_figures["engagement"]["records"]
    before = client.get(_url(year)).content.decode()
    body_before = before[before.index('<div class="sv-report">') :]

    # The data changes after publishing: a new consultation in the year.
    EngagementRecord.objects.create(
        title="Late consultation",
        kind=EngagementKind.CONSULTATION,
        held_on=max(year.start, min(year.end, date.today())),
        local_count=500,
    )
    assert review_figures(year)["engagement"]["records"] == records_then + 1
    after = client.get(_url(year)).content.decode()
    assert after[after.index('<div class="sv-report">') :] == body_before
    assert "Published" in after and "Write conclusions" not in after

    # Conclusions and publishing are refused from now on.
    with pytest.raises(DomainError, match="kept as it was published"):
        services.review_conclusions_save(actor=officer, year=year, conclusions={"overall": "New"})
    with pytest.raises(DomainError):
        services.review_publish(actor=officer, year=year)
    response = client.post(_url(year, "conclusions/"), {"overall": "Changed"})
    assert response.status_code == 302
    assert AnnualReview.objects.get(pk=review.pk).conclusions == {"overall": "Kept as written."}
    pdf_text = _pdf_text(client.get(_url(year, "pdf/")).content)
    assert "Kept as written." in pdf_text


def test_unknown_year_is_not_found(client_for):
    assert client_for(Role.VIEWER).get("/reviews/next-year/").status_code == 404


def _pdf_text(pdf: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return result.stdout.decode()


def test_pdf_has_the_sections_and_the_charts_as_vectors(client_for, year):
    response = client_for(Role.VIEWER).get(_url(year, "pdf/"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    text = _pdf_text(pdf)
    for section in Section:
        assert section.label in text, section
    # Words that exist only inside the SVG chart (its title and axis), drawn as text.
    assert "Spend shares by financial year" in text
    assert "Share of influenceable spend (%)" in text


def test_money_in_figures_is_exact_text(demo, year):
    figures = review_figures(year)
    Decimal(figures["social_value"]["committed"])  # strings, never floats
    assert isinstance(figures["social_value"]["delivered"], str)


def test_home_asks_officers_for_conclusions_and_viewers_to_read(client_for, year):
    officer_home = client_for(Role.PROCUREMENT_OFFICER).get("/").content.decode()
    assert f"Write the conclusions of the annual review {year.label}" in officer_home
    viewer_home = client_for(Role.VIEWER).get("/").content.decode()
    assert f"Read the annual review {year.label}" in viewer_home
    assert "Write the conclusions" not in viewer_home


def test_meet_the_buyer_counts_reach_the_review(client_for, year):
    """The counts an officer enters for an event (walk-ins included) appear in the review's
    engagement figures, its table and the evidence for the policy's engagement aims."""
    EngagementRecord.objects.create(
        title="Counted meet the buyer",
        kind=EngagementKind.MEET_THE_BUYER,
        held_on=year.start,
        local_count=12,
        sme_count=9,
        vcse_count=2,
    )
    counted = review_figures(year)["engagement"]["events_counted"]
    assert counted["events"] >= 1 and counted["local"] >= 12 and counted["sme"] >= 9
    page = client_for(Role.VIEWER).get(_url(year)).content.decode()
    assert 'id="events-counted"' in page
    assert f"officers counted {counted['local']} local participants" in page
