"""The whole tender in the browser: the officer publishes it, two suppliers bid, a third is
refused as late, two evaluators declare and score, the officer moderates, opens prices,
answers the flags, reads the results and the report, and recommends the award.

The draft tender and its criteria are built with the ORM (the set-up pages have their own
tests); everything after that goes through the pages.
"""

from __future__ import annotations

import re
import time
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from socialvalue.accounts.models import User
from socialvalue.accounts.roles import Role
from socialvalue.accounts.services import user_set_role
from socialvalue.domain.evaluation import DEFAULT_SCALE
from socialvalue.procurement.models import Project
from socialvalue.suppliers.models import Supplier
from socialvalue.tendering.models import Bid, BidStatus, Criterion, CriterionKind, Tender
from tests.e2e.conftest import axe_violations

DESCRIPTORS = [[str(score), text] for score, text in DEFAULT_SCALE.descriptors]


def _bid_of(tender: Tender, supplier_name: str) -> Bid:
    return Bid.objects.get(tender=tender, supplier__name=supplier_name)


def _draft_tender(officer: User) -> Tender:
    tender = Tender.objects.create(
        project=Project.objects.get(title="Custody healthcare and forensic medical services"),
        reference="LC-2026-E2E",
        title="Custody suite laundry",
        description="Laundry of custody bedding and clothing.",
        deadline=timezone.now() + timedelta(minutes=5),
        estimated_value=Decimal("150000.00"),
        price_weight=Decimal(40),
        quality_weight=Decimal(60),
        created_by=officer,
    )
    for position, (code, title, weight, kind) in enumerate(
        [
            ("Q1", "Service and turnaround", "90", CriterionKind.QUALITY),
            ("SV1", "Social value delivery", "10", CriterionKind.SV_QUALITATIVE),
        ]
    ):
        Criterion.objects.create(
            tender=tender,
            code=code,
            title=title,
            question=f"Describe your {title.lower()}.",
            weight=Decimal(weight),
            kind=kind,
            descriptors=DESCRIPTORS,
            position=position,
        )
    return tender


def _as(page, live_server, client, username: str):
    """Sign the browser in as any user (the fixture knows one user per role)."""
    page.context.clear_cookies()
    client.force_login(User.objects.get(username=username))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )
    return page


def _bid(page, url: str, tender: Tender, price: str, answer: str) -> None:
    page.goto(f"{url}/tenders/opportunities/{tender.pk}/")
    page.get_by_role("button", name="Start your bid").click()
    page.get_by_role("link", name="Change the price and answers").click()
    page.fill("#id_price", price)
    for criterion in tender.criteria.all():
        page.fill(f"#id_response_{criterion.pk}", f"{answer} ({criterion.code})")
    page.get_by_role("button", name="Save and submit").click()
    assert "Your bid is submitted" in page.content()


def _score(page, url: str, tender: Tender, scores: dict[str, dict[str, int]]) -> None:
    page.goto(f"{url}/tenders/evaluations/")
    page.get_by_role("link", name="Declare your interests").click()
    page.get_by_label("No, I have no conflict of interest").check()
    page.get_by_role("button", name="Make the declaration").click()
    assert page.locator("h1").inner_text() == "Score the bids"
    for supplier_name, by_code in scores.items():
        page.get_by_role("link", name=supplier_name).click()
        assert "£" not in page.locator("#price").inner_text()  # blind to price
        for criterion in tender.criteria.all():
            page.check(f'input[name="score_{criterion.pk}"][value="{by_code[criterion.code]}"]')
            page.fill(f"#id_justification_{criterion.pk}", f"{criterion.code} is well evidenced")
        page.get_by_role("button", name="Save scores").click()
    page.get_by_role("button", name="Submit your scores").click()
    assert "Your scores are submitted" in page.content()


def test_the_whole_tender_in_the_browser(demo, live_server, page, client):
    url = live_server.url
    officer = User.objects.get(username="officer")
    third = Supplier.objects.get(companies_house_number="01000003")
    late_user = User.objects.create_user("supplier3", "supplier3@example.org", "x" * 14)
    user_set_role(actor=None, user=late_user, role=Role.SUPPLIER, supplier=third)
    tender = _draft_tender(officer)

    # The officer publishes the tender.
    _as(page, live_server, client, "officer")
    page.goto(f"{url}/tenders/{tender.pk}/publish/")
    page.get_by_role("button", name="Publish").click()
    tender.refresh_from_db()
    assert tender.is_published

    # Two suppliers bid; the third starts a bid but does not submit in time.
    _as(page, live_server, client, "supplier1")
    _bid(page, url, tender, "120000", "Red Rose answers")
    _as(page, live_server, client, "supplier2")
    _bid(page, url, tender, "100000", "Pennine answers")
    _as(page, live_server, client, "supplier3")
    page.goto(f"{url}/tenders/opportunities/{tender.pk}/")
    page.get_by_role("button", name="Start your bid").click()
    page.get_by_role("link", name="Change the price and answers").click()

    # The deadline passes (brought forward to a moment from now, then waited for).
    Tender.objects.filter(pk=tender.pk).update(deadline=timezone.now() + timedelta(seconds=1))
    time.sleep(1.5)
    page.fill("#id_price", "90000")
    page.get_by_role("button", name="Save and submit").click()
    assert "The deadline for bids was" in page.locator(".govuk-error-summary").inner_text()
    assert Bid.objects.get(tender=tender, supplier=third).status == BidStatus.DRAFT

    # The officer puts two evaluators on the panel.
    _as(page, live_server, client, "officer")
    for name in ("Evan Evaluator", "Erin Evaluator"):
        page.goto(f"{url}/tenders/{tender.pk}/evaluation/")
        page.get_by_role("link", name="Add an evaluator to the panel").click()
        page.select_option("#id_evaluator", label=name)
        page.get_by_role("button", name="Add to the panel").click()
    assert page.locator("#panel").inner_text().count("Not declared") == 2

    # Each evaluator declares no conflict and scores alone, blind to prices.
    red_rose, pennine = "Red Rose Facilities Ltd", "Pennine Youth Futures CIC"
    _as(page, live_server, client, "evaluator1")
    _score(page, url, tender, {red_rose: {"Q1": 4, "SV1": 3}, pennine: {"Q1": 3, "SV1": 3}})
    _as(page, live_server, client, "evaluator2")
    _score(page, url, tender, {red_rose: {"Q1": 4, "SV1": 3}, pennine: {"Q1": 1, "SV1": 3}})

    # Moderation, one page per criterion: Pennine's Q1 (3 and 1) is flagged; the scores
    # every evaluator agreed are accepted together; a consensus outside the evaluators' scores
    # needs a reason.
    _as(page, live_server, client, "officer")
    page.goto(f"{url}/tenders/{tender.pk}/moderation/")
    assert page.get_by_text("Discuss", exact=True).count() == 1
    page.get_by_role("link", name="Moderate Q1").click()
    assert "Discuss" in page.locator(f"#bid-{_bid_of(tender, pennine).pk}").inner_text()
    page.get_by_role("button", name="Accept agreed scores").click()  # Red Rose: 4 and 4
    assert "the consensus for 1 bid" in page.locator(".govuk-notification-banner").inner_text()
    pennine_pk = _bid_of(tender, pennine).pk
    page.fill(f"#id_score_{pennine_pk}", "4")  # outside 1 to 3: refused without a reason
    page.fill(f"#id_rationale_{pennine_pk}", "Agreed at the moderation meeting")
    page.get_by_role("button", name="Save the consensus scores").click()
    assert "outside the evaluators" in page.locator(".govuk-error-summary").inner_text()
    assert page.locator(".govuk-warning-text").count() == 1
    assert axe_violations(page) == []
    # On a 390 px phone the table scrolls in its own box if need be; the page does not.
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator(".sv-table-scroll").get_attribute("role") == "region"
    page.set_viewport_size({"width": 1200, "height": 900})
    page.fill(f"#id_score_{pennine_pk}", "2")
    page.get_by_role("button", name="Save the consensus scores").click()
    page.get_by_role("link", name="Moderate SV1").click()
    page.get_by_role("button", name="Accept agreed scores").click()  # 3 and 3 for both
    assert "the consensus for 2 bids" in page.content()
    page.goto(f"{url}/tenders/{tender.pk}/moderation/")
    page.get_by_role("button", name="Complete moderation").click()
    assert "Quality moderation is complete" in page.content()

    # Prices open; the results rank the bids and flag Pennine's price (below 80% of the
    # £150,000 estimate).
    page.goto(f"{url}/tenders/{tender.pk}/evaluation/")
    page.get_by_role("button", name="Open prices").click()
    page.get_by_role("link", name="Results, flags and the award recommendation").click()
    rows = page.locator("#results-table tbody tr")
    assert rows.count() == 2
    assert red_rose in rows.nth(0).inner_text()
    flags = page.locator("#flags").inner_text()
    assert "abnormally low price" in flags.lower() and "Not answered" in flags
    answer_links = page.get_by_role("link", name=re.compile(r"^Answer for "))
    for _ in range(answer_links.count()):  # the demo adds a past-delivery flag for Red Rose
        answer_links.first.click()
        page.fill("#id_answer", "Raised with the bidder; its explanation was checked.")
        page.get_by_role("button", name="Save the answer").click()
    assert "Not answered" not in page.locator("#flags").inner_text()

    # The award recommendation (the top-ranked bid), then the report.
    page.get_by_role("link", name="Recommend the award").click()
    page.get_by_role("button", name="Recommend the award").click()
    assert red_rose in page.locator("#recommendation").inner_text()
    tender.refresh_from_db()
    assert tender.status == "recommended" and tender.recommended_bid.supplier.name == red_rose
    page.get_by_role("link", name="Evaluation report").click()
    assert "Q1 is well evidenced" in page.content()
    assert "Agreed at the moderation meeting" in page.content()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the report (PDF)").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
    assert axe_violations(page) == []
