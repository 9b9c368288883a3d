"""Public pages: open without signing in, showing awards with their social value and the
year's headline figures, and leaking nothing sealed, personal or commercially confidential.

The leak scan reads every public page of the page table (and every OCDS package) for
strings that must never appear: planted secrets of a fully awarded procurement (losing bid,
scores, justifications, rationales, flag answers, narratives, the estimate), every user's
name and e-mail, every event and interest registrant's name and e-mail, unpublished
projects, and the bidders and bid count of a tender still open for bids."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from socialvalue.accounts.models import User
from socialvalue.procurement.models import EventRegistration, InterestRegistration, Project
from socialvalue.tendering.models import (
    Bid,
    BidResponse,
    BidStatus,
    Clarification,
    Tender,
    TenderStatus,
)
from socialvalue.transparency import ocds
from socialvalue.transparency.selectors import public_procurements
from tests.pages import PAGES
from tests.transparency.conftest import SECRETS

PUBLIC_PAGES = [page for page in PAGES if page.public]


def _forbidden() -> list[str]:
    """Every string no public page or package may contain, from the data as it is now."""
    words = list(SECRETS)
    for user in User.objects.all():
        words.append(user.email)
        full = f"{user.first_name} {user.last_name}".strip()
        if " " in full:
            words.append(full)
    for model in (EventRegistration, InterestRegistration):
        for registrant in model.objects.all():
            words += [registrant.email, registrant.name]
    for project in Project.objects.exclude(pk__in=public_procurements()):
        words.append(project.title)
    words += _sealed_tender_facts()
    for response in BidResponse.objects.exclude(text=""):
        words.append(response.text[:60])
    # A bidder's question as asked: public only as the officer reworded it, once answered.
    for question in Clarification.objects.all():
        if not question.is_answered or question.published_question != question.question:
            words.append(question.question[:60])
    return [w for w in words if w and len(w) >= 6]


def _sealed_tender_facts() -> list[str]:
    """Bidders of tenders whose deadline has not passed (unless the supplier is public
    anyway as the winner of another contract)."""
    from socialvalue.transparency.selectors import public_awards

    winners = {award.supplier for award in public_awards()}
    words = []
    for tender in Tender.objects.filter(deadline__gt=timezone.now()):
        for bid in tender.bids.select_related("supplier"):
            if bid.supplier.name not in winners:
                words.append(bid.supplier.name)
    return words


def _text(content: bytes) -> str:
    """A page or download as text; a spreadsheet (zip of XML) as the text of its parts."""
    if content.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(
                archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
            )
    return content.decode("utf-8", "replace")


def _public_texts(client) -> dict[str, str]:
    texts = {}
    for page in PUBLIC_PAGES:
        response = client.get(page.url())
        assert response.status_code == 200, page.name
        content = b"".join(response.streaming_content) if response.streaming else response.content
        texts[page.name] = _text(content)
    for project in public_procurements():
        package = ocds.release_package(project, uri="https://example.org/x.json")
        texts[f"OCDS {project.title}"] = json.dumps(package, ensure_ascii=False)
    return texts


@pytest.fixture
def open_tender_with_bid(awarded):
    """A tender still open for bids on a public project, with a submitted bid."""
    from socialvalue.suppliers.models import Supplier

    project = awarded.project
    project.published = True
    project.save()
    tender = Tender.objects.create(
        project=project,
        reference="ZX-2026-OPEN",
        title="Zebra crossing lighting",
        description="Lighting.",
        deadline=timezone.now() + timedelta(days=10),
        price_weight=Decimal("50"),
        quality_weight=Decimal("50"),
        status=TenderStatus.PUBLISHED,
        created_by=awarded.tender.created_by,
        published_at=timezone.now() - timedelta(days=1),
    )
    early = Supplier.objects.create(name="Early Bidder Quagga Ltd")
    Bid.objects.create(
        tender=tender,
        supplier=early,
        status=BidStatus.SUBMITTED,
        price=Decimal("123456.78"),
        submitted_at=timezone.now(),
    )
    return tender


def test_public_pages_leak_nothing(demo, awarded, open_tender_with_bid, client):
    forbidden = _forbidden() + ["Early Bidder Quagga Ltd", "123456.78", "123,456.78"]
    assert "Losing Bidder Zebra Ltd" in forbidden
    assert "asha@example.org" in forbidden  # a demo event registrant
    texts = _public_texts(client)
    assert any("Zebra crossing lighting" in t for t in texts.values())  # the open tender is public
    leaks = {(name, word) for name, text in texts.items() for word in forbidden if word in text}
    assert leaks == set()


def test_demo_public_pages_leak_nothing(demo, client):
    forbidden = _forbidden()
    leaks = {
        (name, word)
        for name, text in _public_texts(client).items()
        for word in forbidden
        if word in text
    }
    assert leaks == set()


def test_awarded_contracts_page_shows_commitments_and_delivery(demo, awarded, client):
    page = client.get("/transparency/contracts/").content.decode()
    assert "Zebra crossing maintenance" in page
    assert "Red Rose Facilities Ltd" in page or awarded.winner.supplier.name in page
    assert "£700,000.00" in page  # the winning value is public after award
    measure_code = awarded.contract.kpis.first().code
    assert measure_code in page
    assert "2.5" in page  # delivered and verified so far


def test_awarded_tender_not_yet_contracted_shows_the_winning_commitments(demo, awarded, client):
    awarded.contract.returns.all().delete()
    awarded.contract.kpis.all().delete()
    awarded.contract.delete()
    page = client.get("/transparency/contracts/").content.decode()
    assert "Awarded, contract not yet in place" in page
    assert "10 " in page  # the winning bid's committed quantity


def test_award_shows_nothing_before_the_tender_is_awarded(demo, awarded, client):
    Tender.objects.filter(pk=awarded.tender.pk).update(status=TenderStatus.RECOMMENDED)
    page = client.get("/transparency/contracts/").content.decode()
    assert "Zebra crossing maintenance" not in page
    assert "700,000" not in page


def test_headlines_show_the_years_figures(demo, awarded, client):
    from socialvalue.transparency.selectors import current_year

    year = current_year()
    response = client.get("/transparency/", {"year": year.label})
    page = response.content.decode()
    assert f"Social value in {year.label}" in page
    assert 'id="social-value-headlines"' in page
    assert "Spend shares by financial year" in page  # the trend over the years imported
    assert "<svg" in page


def test_headlines_spend_shares_for_an_imported_year(demo, client):
    from socialvalue.transparency.figures import spend_by_year

    imported = spend_by_year()
    assert imported
    page = client.get("/transparency/", {"year": imported[-1].year}).content.decode()
    assert 'id="spend-shares"' in page
    assert "In the force area" in page
    assert "How places were decided" in page
    assert "of influenceable spend is not known" in page  # the size


def test_headlines_bad_year_says_what_is_wrong(demo, client):
    page = client.get("/transparency/", {"year": "next year"}).content.decode()
    assert "There is a problem" in page
    assert "next year is not a financial year" in page


def test_pipeline_links_to_the_transparency_pages(demo, client):
    page = client.get("/opportunities/").content.decode()
    assert 'href="/transparency/contracts/"' in page
    assert 'href="/open-data/"' in page


def test_open_data_lists_only_public_procurements(demo, awarded, client):
    page = client.get("/open-data/").content.decode()
    for project in public_procurements():
        assert ocds.ocid_for(project) in page
    awarded.tender.published_at = None
    awarded.tender.save()
    page = client.get("/open-data/").content.decode()
    assert ocds.ocid_for(awarded.project) not in page
