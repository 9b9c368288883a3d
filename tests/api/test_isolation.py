"""A supplier's users never see another supplier's bids, contracts or delivery returns
through any API route (tests/api_routes.py marks the supplier-scoped ones)."""

from __future__ import annotations

from socialvalue.accounts.models import User
from tests.api.builders import SUPPLIER1, bid_of, opened_tender, sealed_tender
from tests.api.conftest import token_client
from tests.api_routes import ROUTES

SCOPED = [route for route in ROUTES if route.supplier_scoped]


def _records(client, url: str) -> list[dict]:
    answer = client.get(url)
    assert answer.status_code == 200, (url, answer.content)
    return answer.json()["results"]


def test_there_are_supplier_scoped_routes():
    assert {route.name for route in SCOPED} >= {"bids", "contracts", "delivery returns"}


def test_each_supplier_sees_only_its_own_records_on_every_scoped_route(demo):
    sealed_tender()
    opened_tender()
    supplier1 = User.objects.get(username="supplier1")
    for route in SCOPED:
        # supplier1 has records on every scoped route in the demo: a leak would show.
        assert _records(token_client(supplier1), route.url()), route.name
        for username in ("supplier1", "supplier2"):
            user = User.objects.get(username=username)
            for record in _records(token_client(user), route.url()):
                assert record["supplier"]["id"] == user.supplier_id, (username, route.name)


def test_supplier2_cannot_open_supplier1s_records(demo):
    tenders = [sealed_tender(), opened_tender()]
    supplier1 = token_client(User.objects.get(username="supplier1"))
    supplier2 = token_client(User.objects.get(username="supplier2"))
    for tender in tenders:
        url = f"/api/bids/{bid_of(tender, SUPPLIER1).pk}/"
        assert supplier1.get(url).status_code == 200
        assert supplier2.get(url).status_code == 404
    for route in SCOPED:
        for record in _records(supplier1, route.url()):
            detail = f"{route.url()}{record['id']}/"
            assert supplier2.get(detail).status_code == 404, detail
