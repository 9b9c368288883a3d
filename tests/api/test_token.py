"""Personal API tokens (django-rest-knox): only a digest is stored, the token is shown once,
each expires, its last use is shown to its owner, and its owner revokes one or all. No page
or admin lists tokens. Each step is in the audit log."""

from __future__ import annotations

import importlib
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone
from knox.crypto import hash_token
from rest_framework.test import APIClient

from socialvalue.accounts.roles import Role
from socialvalue.accounts.services import user_create
from socialvalue.api.models import ApiToken
from socialvalue.audit.models import Event
from tests.api.conftest import new_token
from tests.conftest import assert_error


@pytest.fixture
def officer(db):
    return user_create(
        actor=None, username="olu", email="olu@example.org", role=Role.PROCUREMENT_OFFICER
    )


@pytest.fixture
def page(client, officer):
    client.force_login(officer)
    return client


def _key(response) -> str:
    text = response.content.decode()
    match = re.search(r'<code id="api-token">([0-9a-f]{64})</code>', text)
    assert match, text[:3000]
    return match.group(1)


def _status(key: str, url: str = "/api/tenders/") -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get(url).status_code


def _make(page, name: str) -> str:
    return _key(page.post("/api/token/", {"name": name}))


def _stored_text() -> str:
    """Everything the token table holds, as text."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {ApiToken._meta.db_table}")  # noqa: S608
        return repr(cursor.fetchall())


def test_only_a_digest_is_stored_and_the_token_is_shown_once(page, officer):
    key = _make(page, "Finance dashboard")
    assert _status(key, "/api/projects/") == 200
    token = ApiToken.objects.get(user=officer)
    assert token.digest == hash_token(key)
    assert key not in _stored_text()  # the attack: a copied table gives no usable token
    listed = page.get("/api/token/").content.decode()
    assert "Finance dashboard" in listed and key not in listed and token.digest not in listed


def test_each_token_expires_after_the_set_number_of_days(page, officer, settings):
    settings.API_TOKEN_TTL_DAYS = 30
    before = timezone.now()
    key = _make(page, "Short-lived")
    token = ApiToken.objects.get(user=officer)
    assert before + timedelta(days=30) <= token.expiry <= timezone.now() + timedelta(days=30)
    assert "works for 30 days" in page.get("/api/token/").content.decode()
    ApiToken.objects.filter(pk=token.pk).update(expiry=timezone.now() - timedelta(seconds=1))
    assert _status(key) == 401
    assert not ApiToken.objects.filter(pk=token.pk).exists()  # knox removes it


def test_last_use_is_shown_and_written_at_most_once_a_minute(page, officer):
    key = _make(page, "Nightly report")
    assert "Not used yet" in page.get("/api/token/").content.decode()
    assert _status(key) == 200
    first = ApiToken.objects.get(user=officer).last_used_at
    assert first is not None and timezone.now() - first < timedelta(seconds=30)
    assert _status(key) == 200
    assert ApiToken.objects.get(user=officer).last_used_at == first  # not written again
    earlier = timezone.now() - timedelta(minutes=2)
    ApiToken.objects.filter(user=officer).update(last_used_at=earlier)
    assert _status(key) == 200
    assert ApiToken.objects.get(user=officer).last_used_at > earlier + timedelta(minutes=1)
    shown = timezone.localtime(ApiToken.objects.get(user=officer).last_used_at)
    assert f"{shown:%H:%M}" in page.get("/api/token/").content.decode()


def test_revoke_one_then_all(page, officer):
    first, second, third = (_make(page, name) for name in ("One", "Two", "Three"))
    one = ApiToken.objects.get(user=officer, name="One")
    response = page.post("/api/token/", {"action": "revoke", "token": str(one.ref)})
    assert response.status_code == 302
    assert _status(first) == 401 and _status(second) == 200 and _status(third) == 200
    response = page.post("/api/token/", {"action": "revoke_all"})
    assert response.status_code == 302
    assert _status(second) == 401 and _status(third) == 401
    assert not ApiToken.objects.filter(user=officer).exists()
    assert "You do not have a token" in page.get("/api/token/").content.decode()
    verbs = list(
        Event.objects.filter(actor=officer, verb__startswith="api_token.")
        .order_by("pk")
        .values_list("verb", flat=True)
    )
    assert verbs == ["api_token.created"] * 3 + ["api_token.revoked", "api_token.revoked_all"]
    assert not any(first in str(e.data) for e in Event.objects.all())


def test_no_one_revokes_another_users_token(page, officer, django_user_model):
    other = user_create(actor=None, username="kim", email="kim@example.org", role=Role.VIEWER)
    key = new_token(other, "Kim's")
    ref = str(ApiToken.objects.get(user=other).ref)
    for data in ({"action": "revoke", "token": ref}, {"action": "revoke", "token": "x' OR 1"}):
        assert page.post("/api/token/", data).status_code == 302
    page.post("/api/token/", {"action": "revoke_all"})
    assert _status(key) == 200


def test_bad_names_are_refused_with_a_message(page, officer):
    assert_error(page.post("/api/token/", {"name": "  "}), "name", "Enter a name for the token")
    assert_error(page.post("/api/token/", {"name": "x" * 81}), "name", "80 characters or fewer")
    _make(page, "Dashboard")
    assert_error(
        page.post("/api/token/", {"name": "dashboard"}), "name", "already have a token called"
    )
    for n in range(9):
        _make(page, f"Token {n}")
    assert_error(page.post("/api/token/", {"name": "Eleventh"}), "name", "already have 10 tokens")
    assert ApiToken.objects.filter(user=officer).count() == 10


def test_a_suppliers_token_reads_what_its_pages_show(client_for):
    client = client_for(Role.SUPPLIER)
    key = _make(client, "Bids")
    assert _status(key, "/api/bids/") == 200
    assert _status(key, "/api/projects/") == 403


def test_no_token_without_a_role(db, client, django_user_model):
    nobody = django_user_model.objects.create_user("nobody", "nobody@example.org", "x" * 14)
    client.force_login(nobody)
    assert client.post("/api/token/", {"name": "Mine"}).status_code == 403
    assert not ApiToken.objects.filter(user=nobody).exists()


def test_signed_out_visitor_is_sent_to_sign_in(db, client):
    response = client.post("/api/token/", {"name": "Mine"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_no_admin_page_lists_tokens(db, client, django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@example.org", "x" * 14)
    new_token(root)
    client.force_login(root)
    for url in (
        "/django-admin/authtoken/tokenproxy/",  # Django REST Framework's plain tokens
        "/django-admin/authtoken/token/",
        "/django-admin/knox/authtoken/",
        "/django-admin/api/apitoken/",
    ):
        assert client.get(url).status_code == 404, url
    index = client.get("/django-admin/").content.decode().lower()
    assert "auth token" not in index and "api token" not in index and "/authtoken/" not in index


@pytest.mark.django_db(transaction=True)
def test_old_plain_tokens_are_dropped_by_the_migration():
    """Django REST Framework's plain tokens are not carried over: their table goes."""
    migration = importlib.import_module("socialvalue.api.migrations.0002_drop_plain_tokens")
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, user_id int)")
        cursor.execute("INSERT INTO authtoken_token VALUES ('0123456789abcdef', 1)")
    with connection.schema_editor() as editor:
        migration.drop_plain_tokens(apps, editor)
    assert "authtoken_token" not in connection.introspection.table_names()
