"""No bid content or price before the deadline through the API, whoever asks (administrators
and Django superusers included); prices only once opened; evaluators only on their panel."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from socialvalue.accounts.models import User
from socialvalue.accounts.roles import Role
from tests.api.builders import (
    BIDS,
    SUPPLIER1,
    SUPPLIER2,
    bid_of,
    on_panel,
    opened_tender,
    sealed_tender,
)
from tests.api.conftest import token_client
from tests.api_routes import ROUTES
from tests.conftest import ROLE_USERNAMES

STAFF_ROLES = [role for role in Role if role != Role.SUPPLIER]
SECRETS = [str(price) for price, _ in BIDS.values()] + [text for _, text in BIDS.values()]


def _every_answer(client, extra_urls: list[str]) -> str:
    """Every API route's answer and the given URLs', as one text to search."""
    bodies = [client.get(route.url()).content.decode() for route in ROUTES]
    bodies += [client.get(url).content.decode() for url in extra_urls]
    return "\n".join(bodies)


@pytest.fixture
def superuser(demo, django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", "x" * 14)


@pytest.mark.parametrize("role", STAFF_ROLES, ids=lambda r: r.name.lower())
def test_staff_read_nothing_of_a_sealed_bid(demo, role):
    tender = sealed_tender()
    on_panel(tender, "evaluator1")
    client = token_client(User.objects.get(username=ROLE_USERNAMES[role]))
    urls = [f"/api/bids/{bid.pk}/" for bid in tender.bids.all()]
    text = _every_answer(client, urls)
    for secret in SECRETS:
        assert secret not in text, f"{role.label} read {secret!r} before the deadline"
    for url in urls:
        assert client.get(url).status_code in (403, 404)
    listed = client.get("/api/bids/")
    if listed.status_code == 200:
        assert tender.pk not in {bid["tender"] for bid in listed.json()["results"]}


def test_superuser_reads_nothing_of_a_sealed_bid(superuser):
    tender = sealed_tender()
    client = token_client(superuser)
    urls = [f"/api/bids/{bid.pk}/" for bid in tender.bids.all()]
    text = _every_answer(client, urls)
    for secret in SECRETS:
        assert secret not in text


def test_supplier_reads_its_own_sealed_bid_and_only_its_own(demo):
    tender = sealed_tender()
    own, other = bid_of(tender, SUPPLIER1), bid_of(tender, SUPPLIER2)
    client = token_client(User.objects.get(username="supplier1"))
    answer = client.get(f"/api/bids/{own.pk}/").json()
    assert answer["price"] == "123456.78"
    assert answer["responses"][0]["text"].startswith("Zebra-umbrella")
    assert client.get(f"/api/bids/{other.pk}/").status_code == 404
    text = _every_answer(client, [])
    assert "234567.89" not in text and "Walrus-lantern" not in text


def test_after_the_deadline_staff_read_content_but_not_prices_until_opened(demo):
    tender = opened_tender()
    bid = bid_of(tender, SUPPLIER2)
    officer = token_client(User.objects.get(username="officer"))
    answer = officer.get(f"/api/bids/{bid.pk}/").json()
    assert answer["responses"][0]["text"].startswith("Walrus-lantern")
    assert answer["price"] is None
    assert "234567.89" not in _every_answer(officer, [f"/api/bids/{bid.pk}/"])

    tender.prices_opened_at = timezone.now()
    tender.save()
    assert Decimal(officer.get(f"/api/bids/{bid.pk}/").json()["price"]) == Decimal("234567.89")


def test_evaluators_read_bids_only_on_their_panel_without_a_conflict(demo):
    tender = opened_tender()
    bid = bid_of(tender, SUPPLIER1)
    url = f"/api/bids/{bid.pk}/"
    evaluator1 = token_client(User.objects.get(username="evaluator1"))
    evaluator2 = token_client(User.objects.get(username="evaluator2"))
    assert evaluator1.get(url).status_code == 404  # not on the panel
    on_panel(tender, "evaluator1")
    on_panel(tender, "evaluator2", conflict=True)
    assert evaluator1.get(url).json()["responses"][0]["text"].startswith("Zebra-umbrella")
    assert evaluator2.get(url).status_code == 404
    assert tender.pk not in {b["tender"] for b in evaluator2.get("/api/bids/").json()["results"]}


def test_contract_managers_never_read_bids(demo):
    tender = opened_tender()
    manager = token_client(User.objects.get(username="manager"))
    assert manager.get("/api/bids/").status_code == 403
    assert manager.get(f"/api/bids/{bid_of(tender, SUPPLIER1).pk}/").status_code == 403


def test_suppliers_see_published_tenders_without_the_estimate(demo):
    tender = opened_tender()
    draft = sealed_tender()
    # Set-up only: a row put back to draft (a status no move returns to).
    type(draft).objects.filter(pk=draft.pk).update(published_at=None, status="draft")
    supplier = token_client(User.objects.get(username="supplier1"))
    references = {t["reference"]: t for t in supplier.get("/api/tenders/").json()["results"]}
    assert tender.reference in references and draft.reference not in references
    assert references[tender.reference]["estimated_value"] is None
    assert supplier.get(f"/api/tenders/{draft.pk}/").status_code == 404
    officer = token_client(User.objects.get(username="officer"))
    assert officer.get(f"/api/tenders/{tender.pk}/").json()["estimated_value"] == "987654.32"
