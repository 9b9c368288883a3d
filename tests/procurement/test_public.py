"""The public forward pipeline, interest registration, its CSV and guidance pages."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from socialvalue.accounts.roles import Role
from socialvalue.procurement.models import Guidance, InterestRegistration, Project
from socialvalue.procurement.selectors import public_value_band
from socialvalue.procurement.templatetags.procurement_tags import plain_text_page
from tests.conftest import assert_error


@pytest.mark.parametrize(
    ("value", "band"),
    [
        ("29999.99", "Under £30,000"),
        ("30000", "£30,000 to £100,000"),
        ("950000", "£500,000 to £1 million"),
        ("5000000", "£5 million or more"),
    ],
)
def test_public_value_band(value, band):
    assert public_value_band(Decimal(value)) == band


def test_pipeline_shows_bands_not_values_and_only_published_upcoming(demo, client):
    page = client.get("/opportunities/").content.decode()
    assert "Victim support services in Lancashire" in page
    assert "£500,000 to £1 million" in page
    assert "950,000" not in page and "950000" not in page
    assert "Custody healthcare" not in page  # at tender, not upcoming


def test_pipeline_csv(demo, client):
    response = client.get("/opportunities.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    titles = {row["title"]: row for row in rows}
    assert set(titles) == {
        "Fleet vehicle maintenance and tyres",
        "Victim support services in Lancashire",
        "Refurbishment of Preston custody suite",
        "Interpreting and translation services",  # at tender: still listed
    }
    assert titles["Fleet vehicle maintenance and tyres"]["value_band"] == "£1 million to £5 million"
    assert "estimated_value" not in rows[0]


def test_register_interest(demo, client):
    project = Project.objects.get(title="Victim support services in Lancashire")
    url = f"/opportunities/{project.pk}/interest/"
    data = {
        "name": "Sue",
        "organisation": "Lancashire Victim Care",
        "email": "sue@example.org",
        "postcode": "SW1A 1ZZZ",
        "size": "small",
        "legal_form": "charity",
    }
    assert_error(client.post(url, data), "postcode", "Enter a full UK postcode")
    assert not InterestRegistration.objects.exists()
    data["postcode"] = "BB1 7DS"
    assert client.post(url, data).status_code == 302
    assert InterestRegistration.objects.get().project == project


def test_no_interest_in_an_unpublished_project(demo, client):
    project = Project.objects.get(title="Custody healthcare and forensic medical services")
    assert client.get(f"/opportunities/{project.pk}/interest/").status_code == 404


def test_pipeline_keeps_a_project_at_tender_with_a_link_to_its_open_tender(demo, client):
    from socialvalue.tendering.models import Tender

    project = Project.objects.get(title="Interpreting and translation services")
    assert project.stage == "tender" and project.published
    tender = Tender.objects.get(reference="LC-2026-021")
    page = client.get("/opportunities/").content.decode()
    assert project.title in page
    assert f"/tenders/open/{tender.pk}/" in page
    assert f"/opportunities/{project.pk}/interest/" not in page  # past interest: bid now
    assert client.get(f"/opportunities/{project.pk}/interest/").status_code == 404
    summary = client.get(f"/tenders/open/{tender.pk}/").content.decode()
    assert "Police and Crime Commissioner" in summary or "Lancashire" in summary  # the buyer
    assert "£1 million to £5 million" in summary  # the band, never the estimate
    assert "1,350,000" not in summary and "1350000" not in summary
    assert "Register your organisation" in summary


def test_public_tender_list_and_unpublished_tenders(demo, client):
    from socialvalue.tendering.models import Tender

    page = client.get("/tenders/open/").content.decode()
    assert "Interpreting and translation services" in page
    draft = Tender.objects.get(reference="LC-2026-023")
    assert draft.title not in page
    assert client.get(f"/tenders/open/{draft.pk}/").status_code == 404


def test_guidance_is_rendered_safely():
    html = plain_text_page("## Steps\n\n- one\n- <b>two</b>\n\nA <script>x</script>\nline")
    assert '<h2 class="govuk-heading-m">Steps</h2>' in html
    assert "<li>&lt;b&gt;two&lt;/b&gt;</li>" in html
    assert '<p class="govuk-body">A &lt;script&gt;x&lt;/script&gt; line</p>' in html


def test_suppliers_see_only_supplier_guidance(client_for):
    page = client_for(Role.SUPPLIER).get("/guidance/").content.decode()
    assert "Social value: a guide for suppliers" in page
    assert "Assessing social value before a procurement" not in page


def test_guidance_bad_input(client_for):
    client = client_for(Role.ADMINISTRATOR)
    before = Guidance.objects.count()
    data = {
        "title": "Duplicate",
        "slug": "social-value-for-suppliers",
        "audience": "suppliers",
        "body": "",
        "order": "0",
    }
    response = client.post("/guidance/new/", data)
    assert_error(response, "slug", "already exists")
    assert_error(response, "body", "This field is required")
    assert Guidance.objects.count() == before


def test_value_band_bad_input(client_for):
    from socialvalue.procurement.models import ValueBand

    client = client_for(Role.ADMINISTRATOR)
    before = ValueBand.objects.count()
    data = {
        "min_value": "50000",
        "max_value": "10000",
        "weighting_percent": "101",
        "measure_count": "0",
    }
    response = client.post("/procurement/bands/new/", data)
    assert_error(response, "weighting_percent", "less than or equal to 100")
    assert_error(response, "measure_count", "greater than or equal to 1")
    assert ValueBand.objects.count() == before
    data.update(weighting_percent="5", measure_count="2")
    assert_error(client.post("/procurement/bands/new/", data), "max_value", "more than the lower")


def test_public_tender_shows_the_buyers_signed_off_measures_and_priorities(demo, client):
    from django.utils import timezone

    from socialvalue.policy.models import Measure, Priority
    from socialvalue.procurement.models import Assessment
    from socialvalue.tendering.models import TargetMeasure, Tender

    tender = Tender.objects.get(reference="LC-2026-021")
    assessment = tender.project.assessment  # signed off in the demo
    priority = (
        Priority.objects.exclude(pk__in=assessment.priorities.all()).order_by("number").first()
    )
    assessment.priorities.add(priority)
    Assessment.objects.filter(pk=assessment.pk).update(signed_off_at=None)
    url = f"/tenders/open/{tender.pk}/"
    assert priority.title not in client.get(url).content.decode()  # not before sign-off
    Assessment.objects.filter(pk=assessment.pk).update(signed_off_at=timezone.now())
    # The measures are the tender's own (prefilled from the assessment when it was created).
    measure = Measure.objects.filter(active=True).exclude(code__in=["TEI1", "TEI5", "WB3"])
    measure = measure.order_by("code").first()
    TargetMeasure.objects.create(tender=tender, measure=measure, target="17")
    page = client.get(url).content.decode()
    assert measure.title in page and priority.title in page
    assert 'id="buyer-measures"' in page and "17" in page
