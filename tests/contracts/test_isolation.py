"""A supplier's users see only their own organisation's contracts, returns, evidence and
messages. supplier2 tries every contracts route with supplier1's objects and gets nothing.

The table is the place to add routes (the API adds its own): each names how to build the
URL from supplier1's demo objects, the method, and whether supplier1 itself may open it
(the positive control that the URL is right)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from socialvalue.accounts.models import User
from socialvalue.contracts.models import (
    Contract,
    ContractMessage,
    ContractVariation,
    EvidenceFile,
    LineStatus,
    ReturnLine,
)
from tests.pages_contracts import DEMO_CONTRACT


@dataclass(frozen=True)
class Route:
    name: str
    url: Callable[[dict], str]  # from the objects of supplier1's demo contract
    method: str = "get"
    owner_may: bool = True  # supplier1 opens it (200, or 302 after a POST)
    data: dict | None = None


def _objects() -> dict:
    contract = Contract.objects.get(reference=DEMO_CONTRACT)
    lines = ReturnLine.objects.filter(delivery_return__contract=contract)
    return {
        "contract": contract,
        "rejected": lines.filter(status=LineStatus.REJECTED).first(),
        "verified": lines.filter(status=LineStatus.VERIFIED).first(),
        "evidence": EvidenceFile.objects.filter(line__delivery_return__contract=contract).first(),
        "kpi": contract.kpis.first(),
        "variation": ContractVariation.objects.filter(contract=contract).first(),
    }


def _r(name: str, *args: Callable[[dict], object]) -> Callable[[dict], str]:
    return lambda o: reverse(name, args=[a(o) for a in args])


def _contract(o):
    return o["contract"].pk


ROUTES: list[Route] = [
    Route("contract", _r("contracts:contract_detail", _contract)),
    Route("return", _r("contracts:return_detail", _contract, lambda o: 1)),
    Route("return submit", _r("contracts:return_submit", _contract, lambda o: 3)),
    Route(
        "return submit POST",
        _r("contracts:return_submit", _contract, lambda o: 3),
        method="post",
        owner_may=False,  # an empty form: 200 with errors for the owner
        data={},
    ),
    Route("line correct", _r("contracts:line_correct", lambda o: o["rejected"].pk)),
    Route(
        "line correct POST",
        _r("contracts:line_correct", lambda o: o["rejected"].pk),
        method="post",
        owner_may=False,
        data={"quantity": "1", "narrative": "taken over"},
    ),
    Route("line check", _r("contracts:line_review", lambda o: o["verified"].pk), owner_may=False),
    Route("evidence", _r("contracts:evidence_download", lambda o: o["evidence"].pk)),
    Route("messages", _r("contracts:messages", _contract)),
    Route(
        "messages POST",
        _r("contracts:messages", _contract),
        method="post",
        owner_may=False,
        data={"body": "Hello from the wrong supplier"},
    ),
    Route("KPI add", _r("contracts:kpi_create", _contract), owner_may=False),
    Route("recovery plan", _r("contracts:recovery_plan", lambda o: o["kpi"].pk), owner_may=False),
    Route(
        "variation add",
        _r("contracts:variation_create", _contract, lambda o: "value"),
        owner_may=False,
    ),
    Route(
        "variation decide",
        _r("contracts:variation_decide", lambda o: o["variation"].pk),
        owner_may=False,
    ),
    Route(
        "supplier record",
        _r("contracts:supplier_record", lambda o: o["contract"].supplier_id),
        owner_may=False,
    ),
    Route("dashboard", _r("contracts:dashboard"), owner_may=False),
    Route(
        "dashboard CSV", lambda o: reverse("contracts:dashboard") + "?format=csv", owner_may=False
    ),
]


def _call(client, route: Route, objects: dict):
    url = route.url(objects)
    if route.method == "post":
        return client.post(url, route.data or {})
    return client.get(url)


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_other_supplier_gets_nothing(demo, client, route: Route):
    objects = _objects()
    messages_before = ContractMessage.objects.count()
    client.force_login(User.objects.get(username="supplier2"))

    response = _call(client, route, objects)

    assert response.status_code in (403, 404), response.status_code
    assert DEMO_CONTRACT.encode() not in b"".join(
        getattr(response, "streaming_content", [response.content])
    )
    assert ContractMessage.objects.count() == messages_before
    rejected = objects["rejected"]
    rejected.refresh_from_db()
    assert rejected.status == LineStatus.REJECTED and rejected.version == 1


@pytest.mark.parametrize("route", [r for r in ROUTES if r.owner_may], ids=lambda r: r.name)
def test_owner_opens_it(demo, client, route: Route):
    client.force_login(User.objects.get(username="supplier1"))
    assert _call(client, route, _objects()).status_code == 200


def test_lists_and_home_show_only_own_contracts(demo, client):
    client.force_login(User.objects.get(username="supplier2"))
    for url in ("/contracts/", "/", "/contracts/?q=LC-C"):
        page = client.get(url).content.decode()
        assert DEMO_CONTRACT not in page, url
        assert "Vehicle recovery and storage" not in page, url
    client.force_login(User.objects.get(username="supplier1"))
    assert DEMO_CONTRACT in client.get("/contracts/").content.decode()
