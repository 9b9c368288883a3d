"""Every API answer that shows bids' content is in the audit log: who read which bid,
through which endpoint, and whether with a token (which one) or a signed-in session."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from rest_framework.test import APIClient

from socialvalue.accounts.models import User
from socialvalue.audit.models import Event
from socialvalue.tendering.models import Bid
from tests.api.builders import SUPPLIER1, bid_of, opened_tender, sealed_tender
from tests.api.conftest import new_token

VERB = "bid.read_through_api"


def _reads(user: User) -> list[Event]:
    return list(Event.objects.filter(verb=VERB, actor=user).order_by("pk"))


def _bid_ids(events: list[Event]) -> set[int]:
    assert {e.target_type for e in events} <= {ContentType.objects.get_for_model(Bid)}
    return {int(e.target_id) for e in events}


def test_a_token_reading_bids_is_audited(demo):
    tender = opened_tender()
    officer = User.objects.get(username="officer")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {new_token(officer, 'Copied token')}")
    listed = client.get("/api/bids/?page=1").json()["results"]
    shown = {bid["id"] for bid in listed}
    assert {bid.pk for bid in tender.bids.all()} <= shown
    events = _reads(officer)
    assert _bid_ids(events) == shown and len(events) == len(shown)
    assert {e.data["endpoint"] for e in events} == {"GET /api/bids/?page=1"}
    assert {e.data["via"] for e in events} == {"token"}
    assert {e.data["token"] for e in events} == {"Copied token"}

    bid = bid_of(tender, SUPPLIER1)
    client.get(f"/api/bids/{bid.pk}/")
    last = _reads(officer)[-1]
    assert (last.target_id, last.data["endpoint"]) == (str(bid.pk), f"GET /api/bids/{bid.pk}/")
    assert last.actor_label == str(officer)


def test_a_session_reading_a_bid_is_audited(demo):
    tender = opened_tender()
    supplier = User.objects.get(username="supplier1")
    client = APIClient()
    client.force_login(supplier)
    bid = bid_of(tender, SUPPLIER1)
    assert client.get(f"/api/bids/{bid.pk}/").status_code == 200
    [event] = _reads(supplier)
    assert event.target_id == str(bid.pk)
    assert event.data == {"endpoint": f"GET /api/bids/{bid.pk}/", "via": "session"}


def test_refused_and_sealed_reads_record_no_bid(demo):
    tender = sealed_tender()
    officer = User.objects.get(username="officer")
    client = APIClient()
    client.force_login(officer)
    assert client.get(f"/api/bids/{tender.bids.first().pk}/").status_code in (403, 404)
    assert not _reads(officer)
    manager = User.objects.get(username="manager")
    client.force_login(manager)
    assert client.get("/api/bids/").status_code == 403
    assert not _reads(manager)


def test_evaluation_results_are_audited_as_reads_of_their_bids(demo):
    officer = User.objects.get(username="officer")
    client = APIClient()
    client.force_login(officer)
    results = client.get("/api/evaluations/").json()["results"]
    shown = {row["bid"] for tender in results for row in tender["results"]}
    assert shown, "the demo has a tender with its prices open"
    assert _bid_ids(_reads(officer)) == shown
