"""The API token page: create, replace and remove a personal token, each audited."""

from __future__ import annotations

import re

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from socialvalue.accounts.roles import Role
from socialvalue.audit.models import Event


def _key(page: str) -> str:
    match = re.search(r'<code id="api-token">([0-9a-f]{40})</code>', page)
    assert match, page[:3000]
    return match.group(1)


def _api_status(key: str, url: str = "/api/tenders/") -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get(url).status_code


def test_create_replace_and_remove_a_token(client_for, user_for):
    client = client_for(Role.PROCUREMENT_OFFICER)
    officer = user_for(Role.PROCUREMENT_OFFICER)
    assert "You do not have a token" in client.get("/api/token/").content.decode()

    first = _key(client.post("/api/token/", {"action": "create"}).content.decode())
    assert _api_status(first, "/api/projects/") == 200
    page = client.get("/api/token/").content.decode()
    assert "You have a token" in page and first not in page  # shown once only

    second = _key(client.post("/api/token/", {"action": "create"}).content.decode())
    assert second != first
    assert _api_status(first) == 401 and _api_status(second) == 200

    response = client.post("/api/token/", {"action": "revoke"})
    assert response.status_code == 302
    assert not Token.objects.filter(user=officer).exists()
    assert _api_status(second) == 401

    verbs = list(
        Event.objects.filter(actor=officer, verb__startswith="api_token.")
        .order_by("pk")
        .values_list("verb", flat=True)
    )
    assert verbs == ["api_token.created", "api_token.replaced", "api_token.revoked"]


def test_a_suppliers_token_reads_what_its_pages_show(client_for):
    client = client_for(Role.SUPPLIER)
    key = _key(client.post("/api/token/", {"action": "create"}).content.decode())
    assert _api_status(key, "/api/bids/") == 200
    assert _api_status(key, "/api/projects/") == 403


def test_no_token_without_a_role(demo, client, django_user_model):
    nobody = django_user_model.objects.create_user("nobody", "nobody@example.org", "x" * 14)
    client.force_login(nobody)
    assert client.post("/api/token/", {"action": "create"}).status_code == 403
    assert not Token.objects.filter(user=nobody).exists()


def test_signed_out_visitor_is_sent_to_sign_in(demo, client):
    response = client.post("/api/token/", {"action": "create"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
