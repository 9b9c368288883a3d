"""The whole journey in the browser, through the pages only once the demo is loaded (issue
#14): an officer builds a project, records its social value assessment and signs it off,
and finds the tender prefilled from it; a new supplier registers from the public home page,
asks a question, reads the answer and bids; the deadline is extended; two suppliers of the
demo bid and a third, whose person joins through the register's claim check, is refused as
late; two evaluators declare and score, blind to prices; the officer moderates one criterion
at a time, opens prices, answers the flags, reads the results and the report, recommends and
decides the award, records the contract award notice (UK6) as published and enters into the
contract once the standstill is over. Every e-mail is checked in the outbox at the step that
sends it (the background worker runs immediately in the tests: settings_test.TASKS).

The deadline for bids is given to the minute: it is set to the first whole minute at least ten
minutes ahead and extended by a minute (the least a later deadline can be). Then, instead of
waiting for it, the clock of this process (the live server's thread serves the pages from it)
is moved on to just after the new deadline and ticks on from there (freezegun); the browser's
own clock plays no part in what the service decides. The award notice is recorded
as published a month ago, a day the notices page accepts (any day not in the future), so
its standstill of 8 working days is over when the officer enters into the contract.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.utils import timezone
from freezegun import freeze_time
from playwright.sync_api import expect

from socialvalue.accounts.models import User
from socialvalue.contracts.models import Contract
from socialvalue.procurement.models import Assessment, Project, Stage, StageChange
from socialvalue.suppliers.models import Supplier
from socialvalue.tendering.models import Bid, BidStatus, CriterionKind, Tender
from tests.e2e.conftest import axe_violations
from tests.e2e.dates import fill_date

PASSWORD = "a long passphrase of words"
PROJECT = "Custody cleaning services"
REFERENCE = "LC-2027-E2E"
RED_ROSE, PENNINE = "Red Rose Facilities Ltd", "Pennine Youth Futures CIC"
RIBBLE, NORTHERN = "Ribble Valley Repairs Ltd", "Northern Fleet Services plc"
ASHA = "asha@ribble.example.org"  # the new supplier's person
NEIL = "neil@northernfleet.example.org"  # a person of a supplier already on the register
# The deadline is given to the minute: the first whole minute at least this long after the
# officer starts creating the tender. Everything up to the extension happens in it (creating
# and publishing the tender, the question, its answer and the new supplier's bid: about 7 s
# on a quiet machine, about three times that in CI beside the other worker). Nobody waits
# for it (the clock is moved on), so it can be generous.
BEFORE_EXTENSION = timedelta(minutes=10)


@pytest.fixture
def move_clock_to():
    """``move_clock_to(moment)``: this process's clock (every thread's, the live server's too) goes
    to ``moment`` and ticks on from there, until the end of the test. asyncio (Playwright's
    driver) and pytest (its timings) keep the real clock."""
    moved = []

    def move_to(moment: datetime) -> None:
        traveller = freeze_time(moment, tick=True, real_asyncio=True, ignore=["_pytest"])
        traveller.start()
        moved.append(traveller)

    yield move_to
    for traveller in reversed(moved):
        traveller.stop()


# E-mail ------------------------------------------------------------------------------------


def _sent(subject: str) -> dict[str, mail.EmailMessage]:
    """The e-mails sent so far with this subject, by recipient."""
    found = {}
    for message in mail.outbox:
        if message.subject == subject:
            [to] = message.to
            found[to] = message
    return found


def _link(message: mail.EmailMessage, url: str, path: str) -> str:
    """The absolute link to ``path`` in the e-mail (the link it must carry)."""
    match = re.search(re.escape(url + path) + r"\S*", message.body)
    assert match, message.body
    return match.group(0)


# Signing in ----------------------------------------------------------------------------------


def _as(page, client, url: str, username: str):
    """Sign the browser in as any user by giving it a real session cookie."""
    name = django_settings.SESSION_COOKIE_NAME
    page.context.clear_cookies()
    client.force_login(User.objects.get(username=username))
    page.context.add_cookies([{"name": name, "value": client.cookies[name].value, "url": url}])
    return page


def _sign_in_with_password(page, email: str) -> None:
    page.get_by_role("button", name="Sign in").click()  # the panel's sign-in button
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.locator("form").get_by_role("button", name="Sign in").click()
    assert page.locator("h1").inner_text() == "What you need to do"


# 1. The project, its assessment and the tender prefilled from it -----------------------------


def _move(page, stage_label: str, reason: str) -> None:
    page.get_by_role("link", name=f"Move to {stage_label}").click()
    page.fill("#id_reason", reason)
    page.get_by_role("button", name=f"Move to {stage_label}").click()


def _add_measure(page, code: str, target: str) -> None:
    page.get_by_role("link", name="Add a measure and its target").click()
    option = page.locator("#id_measure option", has_text=re.compile(rf"^{code} "))
    page.select_option("#id_measure", value=option.get_attribute("value"))
    page.fill("#id_target", target)
    page.get_by_role("button", name="Add measure").click()


def _project_with_signed_off_assessment(page, url: str) -> Project:
    page.goto(url + "/procurement/new/")
    page.fill("#id_title", PROJECT)
    page.fill("#id_description", "Cleaning of the custody suites in Preston and Blackpool.")
    page.fill("#id_requesting_department", "Custody and Criminal Justice")
    page.get_by_label("Services", exact=True).check()
    page.fill("#id_estimated_value", "420000")
    page.get_by_label("No, it excludes VAT").check()
    fill_date(page, "id_procurement_starts_on", "2027-02-01")
    fill_date(page, "id_contract_starts_on", "2027-06-01")
    fill_date(page, "id_contract_ends_on", "2030-05-31")
    page.get_by_role("button", name="Save").click()
    assert page.locator("h1").inner_text() == PROJECT
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
    page.get_by_role("link", name=PROJECT).click()

    _move(page, "pre-procurement", "Business case approved")
    assert page.locator("#project-stage").inner_text() == "Pre-procurement"
    # Tender is refused until the assessment is signed off, and the page says so.
    _move(page, "tender", "Trying too early")
    summary = page.locator(".govuk-error-summary")
    assert "social value assessment must be signed off" in summary.inner_text()
    page.get_by_role("link", name="Back").click()

    # The assessment: the suggested weighting (10% for £504,000 including VAT) and two
    # measures with their targets; signing off refuses what is missing, on its field.
    page.get_by_role("link", name="Social value assessment").click()
    assert "Suggested: " in page.locator("#suggestion").inner_text()
    _add_measure(page, "FCC1", "12")  # tonnes CO2e avoided, valued at the proxy
    _add_measure(page, "WB3", "40")  # young people reached, counted in people
    page.get_by_role("link", name="Change the assessment or sign it off").click()
    page.get_by_label("Yes", exact=True).check()
    assert page.locator("#id_weighting_percent").input_value() == "10.00"
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

    project = Project.objects.get(title=PROJECT)
    assert project.stage == Stage.TENDER
    assert Assessment.objects.get(project=project).engagements.count() == 1
    assert list(StageChange.objects.filter(project=project).values_list("to_stage", flat=True)) == [
        Stage.PRE_PROCUREMENT,
        Stage.TENDER,
    ]
    return project


def _minute_after(moment: datetime) -> datetime:
    """The first whole minute after ``moment`` (the deadline is given to the minute)."""
    return timezone.localtime(moment).replace(second=0, microsecond=0) + timedelta(minutes=1)


def _tender_prefilled_and_published(page, url: str, deadline: datetime) -> Tender:
    page.goto(url + "/tenders/")
    page.get_by_role("link", name=f"Create a tender for {PROJECT}").click()
    intro = page.locator("main").inner_text()
    assert "social value weighting 10% of the quality element" in intro
    assert "(SV1 method statement 5% and SV2 commitments 5%), 2 measures with targets" in intro
    assert page.locator("#id_title").input_value() == PROJECT
    assert page.locator("#id_estimated_value").input_value() == "420000.00"
    page.fill("#id_reference", REFERENCE)
    page.fill("#id_deadline", f"{deadline:%Y-%m-%dT%H:%M}")
    page.get_by_role("button", name="Save").click()
    banner = page.locator(".govuk-notification-banner").inner_text()
    assert "with its social value prefilled from the signed-off assessment" in banner
    assert "SV1 (5%) and SV2 (5%)" in page.locator("#prefilled").inner_text()
    measures = page.locator("#buyer-measures").inner_text()
    assert "12 tonnes CO2e" in measures and "40 people" in measures

    tender = Tender.objects.get(reference=REFERENCE)
    assert tender.prefilled_from == Assessment.objects.get(project__title=PROJECT)
    assert {c.code: (c.kind, c.weight) for c in tender.criteria.all()} == {
        "SV1": (CriterionKind.SV_QUALITATIVE, Decimal("5.00")),
        "SV2": (CriterionKind.SV_QUANTITATIVE, Decimal("5.00")),
    }
    assert {t.measure.code: t.target for t in tender.target_measures.all()} == {
        "FCC1": Decimal("12.00"),
        "WB3": Decimal("40.00"),
    }

    # The officer adds the quality question, then publishes.
    page.get_by_role("link", name="Add a criterion").click()
    page.fill("#id_code", "Q1")
    page.fill("#id_title", "Service and turnaround")
    page.fill("#id_question", "Describe your service and turnaround.")
    page.fill("#id_weight", "90")
    page.get_by_role("button", name="Save").click()
    assert page.locator("#problems").inner_text() == "The evaluation model is complete."
    page.get_by_role("link", name="Publish the tender").click()
    page.get_by_role("button", name="Publish").click()
    tender.refresh_from_db()
    assert tender.is_published
    return tender


# 2. A new supplier registers, asks a question, reads the answer and bids ---------------------


def _register(page, organisation: dict[str, str], first: str, last: str, email: str) -> None:
    page.locator("#register-link").click()
    assert page.locator("h1").inner_text() == "Register your organisation"
    page.fill("#id_first_name", first)
    page.fill("#id_last_name", last)
    page.fill("#id_email", email)
    page.fill("#id_password", PASSWORD)
    page.fill("#id_password_again", PASSWORD)
    page.fill("#id_organisation_name", organisation["name"])
    page.fill("#id_companies_house_number", organisation["number"])
    page.fill("#id_postcode", organisation["postcode"])
    page.fill("#id_employees", organisation["employees"])
    page.get_by_label(organisation["legal_form"]).check()


def _confirm_email(page, url: str, email: str) -> None:
    message = _sent("Confirm your email address to finish registering")[email]
    page.goto(_link(message, url, "/join/confirm/"))


def _new_supplier_registers(page, url: str) -> None:
    page.context.clear_cookies()
    page.goto(url + "/")
    assert page.locator("h1").inner_text() == "Selling to us and the social value we buy"
    assert page.get_by_role("link", name="Tenders open for bids").count() >= 1
    assert axe_violations(page) == []
    ribble = {
        "name": RIBBLE,
        "number": "01234567",
        "postcode": "BB7 2AA",
        "employees": "12",
        "legal_form": "Private limited company",
    }
    _register(page, ribble, "Asha", "Patel", ASHA)
    page.fill("#id_password_again", "not the same")
    page.get_by_role("button", name="Register").click()
    summary = page.locator(".govuk-error-summary")
    assert summary.get_by_role("link", name="The two passwords do not match").count() == 1
    assert axe_violations(page) == []
    page.fill("#id_password", PASSWORD)
    page.fill("#id_password_again", PASSWORD)
    page.get_by_role("button", name="Register").click()
    assert page.locator("h1").inner_text() == "Check your email"
    assert not User.objects.get(email=ASHA).is_active

    _confirm_email(page, url, ASHA)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Confirm my email address").click()
    assert "You have registered" in page.locator("h1").inner_text()
    supplier = Supplier.objects.get(name=RIBBLE)
    assert supplier.postcode == "BB7 2AA" and supplier.employees == 12
    _sign_in_with_password(page, ASHA)
    assert f"for {RIBBLE}" in page.locator("main").inner_text()
    assert page.get_by_role("link", name="Invite a colleague").count() == 1


def _asks_a_question(page, link: str, tender: Tender) -> None:
    """The new supplier follows the e-mail's link, finds the tender in the public list and
    asks a question."""
    page.goto(link)
    page.get_by_role("link", name="Tenders open for bids").click()  # the back link
    page.locator("#open-tenders").get_by_role("link", name=tender.title).click()
    assert page.locator("h1").inner_text() == tender.title
    page.get_by_role("button", name="Go to your bid").click()
    page.get_by_role("link", name="Ask a question about this tender").click()
    page.fill("#id_question", "We are Ribble Valley Repairs: may we bid for the Preston site only?")
    page.get_by_role("button", name="Send your question").click()
    assert "Waiting for an answer" in page.locator("#own-questions").inner_text()


def _officer_answers(page, url: str, tender: Tender) -> None:
    page.goto(f"{url}/tenders/{tender.pk}/")
    page.get_by_role("link", name="Questions from bidders").click()
    assert RIBBLE in page.locator("main").inner_text()  # officers see who asked
    page.get_by_role("link", name="Answer question 1").click()
    page.fill("#id_published_question", "May we bid for the Preston site only?")
    page.fill("#id_answer", "No: the contract covers both custody suites.")
    page.get_by_role("button", name="Publish the answer").click()
    banner = page.locator(".govuk-notification-banner").inner_text()
    assert "The answer is published to every bidder" in banner


def _bid(page, url: str, tender: Tender, price: str, answer: str, commitment: str = "") -> None:
    """Start a bid, add a commitment if given (``"FCC1 10"``: the measure and the quantity in
    its unit), give the price and answers, and submit."""
    page.goto(f"{url}/tenders/opportunities/{tender.pk}/")
    page.get_by_role("button", name="Start your bid").click()
    if commitment:
        code, quantity = commitment.split()
        page.get_by_role("link", name="Add a commitment").click()
        option = page.locator("#id_measure option", has_text=re.compile(rf"^{code} "))
        page.select_option("#id_measure", value=option.get_attribute("value"))
        page.fill("#id_quantity", quantity)
        page.get_by_role("button", name="Add commitment").click()
    page.get_by_role("link", name="Change the price and answers").click()
    page.fill("#id_price", price)
    for criterion in tender.criteria.all():
        page.fill(f"#id_response_{criterion.pk}", f"{answer} ({criterion.code})")
    page.get_by_role("button", name="Save and submit").click()
    assert "Your bid is submitted" in page.content()


# 3. The deadline is extended; the suppliers of the demo bid; a third is too late -------------


def _officer_extends(page, url: str, tender: Tender, new_deadline: datetime) -> None:
    page.goto(f"{url}/tenders/{tender.pk}/")
    page.get_by_role("link", name="Extend the deadline for bids").click()
    page.fill("#id_new_deadline", f"{new_deadline:%Y-%m-%dT%H:%M}")
    page.fill("#id_reason", "Bidders asked for time to visit both custody suites.")
    page.get_by_role("button", name="Extend the deadline").click()
    assert "Bidders asked for time" in page.locator("#deadline-extensions").inner_text()


def _person_claims_a_registered_supplier(page, client, url: str) -> None:
    """Northern Fleet is on the register without a user: its person registers, and an
    officer confirms the claim before they can bid."""
    page.context.clear_cookies()
    page.goto(url + "/")
    northern = {
        "name": NORTHERN,
        "number": "01000003",
        "postcode": "M1 1AE",
        "employees": "1450",
        "legal_form": "Public limited company",
    }
    _register(page, northern, "Neil", "Fleet", NEIL)
    page.get_by_role("button", name="Register").click()
    assert page.locator("h1").inner_text() == "Check your email"
    _confirm_email(page, url, NEIL)
    page.get_by_role("button", name="Confirm my email address").click()
    assert "an officer will check" in page.locator("#awaiting-officer").inner_text()

    _as(page, client, url, "officer")
    page.goto(url + "/join/claims/")
    page.get_by_role("link", name=re.compile(rf"Neil Fleet .* for {NORTHERN}")).click()
    page.get_by_label("Yes: confirm, they become a user of this supplier").check()
    page.fill("#id_reason", "Phoned the contact on our register, who confirmed.")
    page.get_by_role("button", name="Record the decision").click()
    [told] = _sent("You can now sign in and bid").values()
    assert told.to == [NEIL] and _link(told, url, "/accounts/login/")


# 4. Evaluation, award and contract ---------------------------------------------------------


def _score(page, url: str, tender: Tender, scores: dict[str, dict[str, int]]) -> None:
    page.goto(f"{url}/tenders/evaluations/")
    page.get_by_role("link", name="Declare your interests").click()
    page.get_by_label("No, I have no conflict of interest").check()
    page.get_by_role("button", name="Make the declaration").click()
    assert page.locator("h1").inner_text() == "Score the bids"
    scored = tender.criteria.exclude(kind=CriterionKind.SV_QUANTITATIVE)
    for supplier_name, by_code in scores.items():
        page.get_by_role("link", name=supplier_name).click()
        assert "£" not in page.locator("#price").inner_text()  # blind to price
        for criterion in scored:
            page.check(f'input[name="score_{criterion.pk}"][value="{by_code[criterion.code]}"]')
            page.fill(f"#id_justification_{criterion.pk}", f"{criterion.code} is well evidenced")
        page.get_by_role("button", name="Save scores").click()
    page.get_by_role("button", name="Submit your scores").click()
    assert "Your scores are submitted" in page.content()


def _bid_of(tender: Tender, supplier_name: str) -> Bid:
    return Bid.objects.get(tender=tender, supplier__name=supplier_name)


def _moderate(page, url: str, tender: Tender) -> None:
    """One page per criterion: Pennine's Q1 (3 and 1) is flagged; the scores every evaluator
    agreed are accepted together; a consensus outside the evaluators' scores needs a reason."""
    page.goto(f"{url}/tenders/{tender.pk}/moderation/")
    expect(page.get_by_text("Discuss", exact=True)).to_have_count(1)
    page.get_by_role("link", name="Moderate Q1").click()
    pennine_pk = _bid_of(tender, PENNINE).pk
    assert "Discuss" in page.locator(f"#bid-{pennine_pk}").inner_text()
    page.get_by_role("button", name="Accept agreed scores").click()  # Red Rose 4s, Ribble 3s
    assert "the consensus for 2 bids" in page.locator(".govuk-notification-banner").inner_text()
    page.fill(f"#id_score_{pennine_pk}", "4")  # outside 1 to 3: refused without a reason
    page.fill(f"#id_rationale_{pennine_pk}", "Agreed at the moderation meeting")
    page.get_by_role("button", name="Save the consensus scores").click()
    assert "outside the evaluators" in page.locator(".govuk-error-summary").inner_text()
    expect(page.locator(".govuk-warning-text")).to_have_count(1)
    assert axe_violations(page) == []
    # On a 390 px phone the table scrolls in its own box if need be; the page does not.
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator(".sv-table-scroll").get_attribute("role") == "region"
    page.set_viewport_size({"width": 1200, "height": 900})
    page.fill(f"#id_score_{pennine_pk}", "2")
    page.get_by_role("button", name="Save the consensus scores").click()
    page.get_by_role("link", name="Moderate SV1").click()
    page.get_by_role("button", name="Accept agreed scores").click()  # 3 and 3 for all
    assert "the consensus for 3 bids" in page.content()
    page.goto(f"{url}/tenders/{tender.pk}/moderation/")
    page.get_by_role("button", name="Complete moderation").click()
    assert "Quality moderation is complete" in page.content()


def _results_flags_recommendation_report(page, url: str, tender: Tender) -> None:
    """Prices open; the results rank the bids and flag Pennine's price (below 80% of the
    £420,000 estimate and of the others' mean); the flags are answered; the award is
    recommended; the report has every justification."""
    page.goto(f"{url}/tenders/{tender.pk}/evaluation/")
    page.get_by_role("button", name="Open prices").click()
    assert "Prices are open" in page.locator(".govuk-notification-banner").inner_text()
    page.get_by_role("link", name="Results, flags and the award recommendation").click()
    rows = page.locator("#results-table tbody tr")
    expect(rows).to_have_count(3)  # count() would not wait for the page the link opens
    assert RED_ROSE in rows.nth(0).inner_text()
    flags = page.locator("#flags").inner_text()
    assert "abnormally low price" in flags.lower() and "Not answered" in flags
    answer_links = page.get_by_role("link", name=re.compile(r"^Answer for "))
    for _ in range(answer_links.count()):  # the demo adds a past-delivery flag for Red Rose
        answer_links.first.click()
        page.fill("#id_answer", "Raised with the bidder; its explanation was checked.")
        page.get_by_role("button", name="Save the answer").click()
    assert "Not answered" not in page.locator("#flags").inner_text()

    page.get_by_role("link", name="Recommend the award").click()
    page.get_by_role("button", name="Recommend the award").click()
    assert RED_ROSE in page.locator("#recommendation").inner_text()
    tender.refresh_from_db()
    assert tender.status == "recommended" and tender.recommended_bid.supplier.name == RED_ROSE
    page.get_by_role("link", name="Evaluation report").click()
    assert "Q1 is well evidenced" in page.content()
    assert "Agreed at the moderation meeting" in page.content()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the report (PDF)").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
    assert axe_violations(page) == []


def _award(page, url: str, tender: Tender) -> None:
    """The award decision; the contract award notice recorded as published a month ago (so
    its standstill of 8 working days is over); the bidders told; the contract entered."""
    page.goto(f"{url}/tenders/{tender.pk}/results/")
    page.locator("#award-link").click()  # Award the contract
    page.fill("#id_decision", "Highest scoring bid; approved by the Chief Finance Officer.")
    page.get_by_role("button", name="Confirm the award decision").click()
    assert "publish the contract award notice" in page.content()
    assert _sent(f"Outcome: {REFERENCE} {tender.title}") == {}  # not before the notice

    assert page.locator("#award-link").inner_text() == (
        "Record the contract award notice as published"
    )
    page.locator("#award-link").click()
    page.locator("#notices").get_by_role("link", name=re.compile("UK6")).click()
    page.get_by_role("button", name="Record as published").click()
    published_on = timezone.localdate() - timedelta(days=30)
    fill_date(page, "id_published_on", published_on)
    page.fill("#id_reference", "2027/S 000-099999")
    page.get_by_role("button", name="Record as published").click()

    # Each bidder is told its own outcome, with the link to its own assessment summary.
    outcome = _sent(f"Outcome: {REFERENCE} {tender.title}")
    assert set(outcome) == {"supplier1@example.org", "supplier2@example.org", ASHA}
    for to, name, words in (
        ("supplier1@example.org", RED_ROSE, "Your bid was successful"),
        (ASHA, RIBBLE, "Your bid was not successful"),
        ("supplier2@example.org", PENNINE, "Your bid was not successful"),
    ):
        assert words in outcome[to].body
        summary = f"/tenders/{tender.pk}/assessment-summary/{_bid_of(tender, name).pk}/"
        _link(outcome[to], url, summary)

    page.goto(f"{url}/tenders/{tender.pk}/results/")
    assert "The standstill ended on" in page.locator("#award-step").inner_text()
    assert page.locator("#award-link").inner_text() == "Enter into the contract"
    page.locator("#award-link").click()
    page.fill("#id_reference", "LC-C-E2E-2")
    page.get_by_role("button", name="Enter into the contract").click()
    banner = page.locator(".govuk-notification-banner").inner_text()
    assert "Contract LC-C-E2E-2 entered into" in banner
    contract = Contract.objects.get(reference="LC-C-E2E-2")
    assert contract.supplier.name == RED_ROSE
    tender.refresh_from_db()
    assert tender.status == "awarded"
    assert Project.objects.get(title=PROJECT).stage == Stage.AWARDED
    assert [k.measure.code for k in contract.kpis.all()] == ["FCC1"]  # Red Rose's commitment


def test_the_whole_journey_in_the_browser(demo, live_server, page, client, settings, move_clock_to):
    settings.SITE_URL = url = live_server.url  # the e-mails' links are absolute

    # 1. The officer builds the project and signs off its assessment.
    _as(page, client, url, "officer")
    _project_with_signed_off_assessment(page, url)

    # 2a. A small firm registers from the public home page, signed out.
    _new_supplier_registers(page, url)

    # 1b. The officer creates the tender from the assessment and publishes it; the suppliers
    # registered for services (or for every category) are told.
    _as(page, client, url, "officer")
    deadline = _minute_after(timezone.now() + BEFORE_EXTENSION)
    tender = _tender_prefilled_and_published(page, url, deadline)
    told = _sent(f"New tender: {tender.title}")
    assert set(told) == {"supplier1@example.org", "supplier2@example.org", ASHA}
    public_page = f"/tenders/open/{tender.pk}/"
    assert all(_link(message, url, public_page) for message in told.values())
    link = _link(told[ASHA], url, public_page)

    # 2b. The new supplier asks a question; the officer answers it for every bidder.
    _as(page, client, url, ASHA)
    _asks_a_question(page, link, tender)
    _as(page, client, url, "officer")
    _officer_answers(page, url, tender)
    answered = _sent(f"Question answered: {REFERENCE} {tender.title}")
    assert set(answered) == {ASHA}  # the only supplier with an interest so far
    _link(answered[ASHA], url, public_page)

    # The supplier reads the answer and bids (with a commitment); the receipt is e-mailed.
    _as(page, client, url, ASHA)
    page.goto(f"{url}/tenders/opportunities/{tender.pk}/")
    assert "both custody suites" in page.locator("#published-answers").inner_text()
    assert "Answered" in page.locator("#own-questions").inner_text()
    _bid(page, url, tender, "360000", "Ribble answers", commitment="FCC1 5")
    [receipt] = _sent(f"Bid received: {REFERENCE} {tender.title}").values()
    assert receipt.to == [ASHA] and "Fingerprint" in receipt.body
    _link(receipt, url, f"/tenders/bids/{_bid_of(tender, RIBBLE).pk}/")

    # 3. The officer extends the deadline by a minute; the suppliers are told why.
    _as(page, client, url, "officer")
    new_deadline = deadline + timedelta(minutes=1)
    assert timezone.now() < deadline, "too slow to extend in time: raise BEFORE_EXTENSION"
    _officer_extends(page, url, tender, new_deadline)
    extended = _sent(f"New deadline: {REFERENCE} {tender.title}")
    assert set(extended) == {"supplier1@example.org", "supplier2@example.org", ASHA}
    for message in extended.values():
        assert "Why: Bidders asked for time" in message.body
        _link(message, url, public_page)

    # Two suppliers of the demo bid before the new deadline; another bidder reads the
    # answer without the name of who asked.
    _as(page, client, url, "supplier1")
    page.goto(f"{url}/tenders/opportunities/{tender.pk}/")
    answers = page.locator("#published-answers").inner_text()
    assert "May we bid for the Preston site only?" in answers
    assert "Ribble" not in page.locator("main").inner_text()
    assert "Asha" not in page.locator("main").inner_text()
    assert "Bidders asked for time" in page.locator("#deadline-extensions").inner_text()
    _bid(page, url, tender, "380000", "Red Rose answers", commitment="FCC1 10")
    _as(page, client, url, "supplier2")
    _bid(page, url, tender, "250000", "Pennine answers")
    receipts = _sent(f"Bid received: {REFERENCE} {tender.title}")
    assert set(receipts) == {ASHA, "supplier1@example.org", "supplier2@example.org"}
    for to, name in (("supplier1@example.org", RED_ROSE), ("supplier2@example.org", PENNINE)):
        _link(receipts[to], url, f"/tenders/bids/{_bid_of(tender, name).pk}/")

    # While bids come in, the officer puts two evaluators on the panel.
    _as(page, client, url, "officer")
    for name in ("Evan Evaluator", "Erin Evaluator"):
        page.goto(f"{url}/tenders/{tender.pk}/evaluation/")
        page.get_by_role("link", name="Add an evaluator to the panel").click()
        page.select_option("#id_evaluator", label=name)
        page.get_by_role("button", name="Add to the panel").click()
    assert page.locator("#panel").inner_text().count("Not declared") == 2

    # Northern Fleet's person joins and starts a bid, but does not submit it in time.
    _person_claims_a_registered_supplier(page, client, url)
    _as(page, client, url, NEIL)
    page.goto(f"{url}/tenders/opportunities/{tender.pk}/")
    page.get_by_role("button", name="Start your bid").click()
    page.get_by_role("link", name="Change the price and answers").click()
    move_clock_to(new_deadline + timedelta(seconds=1))  # the deadline passes while she types
    assert timezone.now() > new_deadline
    page.fill("#id_price", "90000")
    page.get_by_role("button", name="Save and submit").click()
    assert "The deadline for bids was" in page.locator(".govuk-error-summary").inner_text()
    assert _bid_of(tender, NORTHERN).status == BidStatus.DRAFT

    # 4. Each evaluator declares no conflict and scores alone, blind to prices.
    _as(page, client, url, "evaluator1")
    _score(
        page,
        url,
        tender,
        {
            RED_ROSE: {"Q1": 4, "SV1": 3},
            PENNINE: {"Q1": 3, "SV1": 3},
            RIBBLE: {"Q1": 3, "SV1": 3},
        },
    )
    _as(page, client, url, "evaluator2")
    _score(
        page,
        url,
        tender,
        {
            RED_ROSE: {"Q1": 4, "SV1": 3},
            PENNINE: {"Q1": 1, "SV1": 3},
            RIBBLE: {"Q1": 3, "SV1": 3},
        },
    )

    _as(page, client, url, "officer")
    _moderate(page, url, tender)
    _results_flags_recommendation_report(page, url, tender)
    _award(page, url, tender)

    # Every e-mail sent was checked at its step above; nothing else went.
    demo_suppliers = ["supplier1@example.org", "supplier2@example.org"]
    assert sorted((m.subject, *m.to) for m in mail.outbox) == sorted(
        [
            ("Confirm your email address to finish registering", ASHA),
            *[(f"New tender: {tender.title}", to) for to in [ASHA, *demo_suppliers]],
            (f"Question answered: {REFERENCE} {tender.title}", ASHA),
            *[(f"New deadline: {REFERENCE} {tender.title}", to) for to in [ASHA, *demo_suppliers]],
            *[(f"Bid received: {REFERENCE} {tender.title}", to) for to in [ASHA, *demo_suppliers]],
            ("Confirm your email address to finish registering", NEIL),
            ("You can now sign in and bid", NEIL),
            *[(f"Outcome: {REFERENCE} {tender.title}", to) for to in [ASHA, *demo_suppliers]],
        ]
    )
