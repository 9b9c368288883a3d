"""Sign-in lockout behind the TLS proxy: the client's address is the one the proxy appended
to X-Forwarded-For; one address trying many usernames is locked too (a per-address limit);
the locked-out page says what happened and when to try again, with status 429."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from socialvalue.accounts.lockout import client_ip_address
from socialvalue.accounts.models import User

PROXY = "10.0.0.2"  # REMOTE_ADDR of every request that comes through the proxy
PASSWORD = "a-long-password-1"


@pytest.fixture
def users(db):
    return [
        User.objects.create_user(f"user{n}", f"user{n}@example.org", PASSWORD) for n in range(3)
    ]


@pytest.fixture
def behind_proxy(settings):
    settings.BEHIND_TLS_PROXY = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_ADDRESS_FAILURE_LIMIT = 6
    return settings


def _client(forwarded: str | None = None) -> Client:
    headers = {"REMOTE_ADDR": PROXY}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return Client(**headers)


def _sign_in(client: Client, username: str, password: str = "wrong-password"):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_many_usernames_from_one_forwarded_address_get_locked(behind_proxy, users):
    # Password spraying: one wrong password for many usernames, never 3 for any one of them.
    sprayer = _client("203.0.113.7")
    for n in range(6):
        response = _sign_in(sprayer, f"someone{n}")
        assert response.status_code == (200 if n < 5 else 429), n
    # The address is locked, even for a real user with the right password...
    response = _sign_in(sprayer, "user0", PASSWORD)
    assert response.status_code == 429
    # ...while a colleague elsewhere signs in.
    assert _sign_in(_client("198.51.100.20"), "user0", PASSWORD).status_code == 302


def test_two_forwarded_addresses_are_independent(behind_proxy, users):
    first, second = _client("203.0.113.7"), _client("203.0.113.8")
    for _ in range(3):
        _sign_in(first, "user1")
    assert _sign_in(first, "user1", PASSWORD).status_code == 429
    assert _sign_in(second, "user1", PASSWORD).status_code == 302


def test_the_address_is_the_one_the_proxy_appended(behind_proxy, users):
    # The client sends its own X-Forwarded-For; the proxy appends the address it saw.
    for forged in ("1.1.1.1", "2.2.2.2", "3.3.3.3"):
        _sign_in(_client(f"{forged}, 203.0.113.9"), "user2")
    assert _sign_in(_client("203.0.113.9"), "user2", PASSWORD).status_code == 429
    request = _client("9.9.9.9, 203.0.113.9").get("/").wsgi_request
    assert client_ip_address(request) == "203.0.113.9"
    assert client_ip_address(_client("not-an-address").get("/").wsgi_request) == PROXY


def test_a_signed_in_user_does_not_clear_the_address_count(behind_proxy, users):
    sprayer = _client("203.0.113.7")
    for n in range(5):
        _sign_in(sprayer, f"someone{n}")
    # The attacker signs in with one account they have: the address's count stays.
    assert _sign_in(_client("203.0.113.7"), "user0", PASSWORD).status_code == 302
    assert _sign_in(sprayer, "someone9").status_code == 429


def test_without_the_proxy_a_forged_forwarded_address_is_ignored(settings, users):
    settings.BEHIND_TLS_PROXY = False
    settings.AXES_FAILURE_LIMIT = 3
    # Each try claims a new address; all come from the same REMOTE_ADDR, which is counted.
    for n in range(3):
        _sign_in(_client(f"203.0.113.{n + 1}"), "user1")
    assert _sign_in(_client("198.51.100.1"), "user1", PASSWORD).status_code == 429
    request = _client("203.0.113.1").get("/").wsgi_request
    assert client_ip_address(request) == PROXY


def test_the_locked_out_page_says_what_happened_and_when_to_try_again(behind_proxy, users):
    behind_proxy.AXES_COOLOFF_TIME = 0.5  # hours
    client = _client("203.0.113.7")
    for _ in range(3):
        _sign_in(client, "user0")
    before = timezone.localtime()
    response = _sign_in(client, "user0", PASSWORD)
    page = response.content.decode()
    assert response.status_code == 429
    assert "too many failed attempts to sign in" in page
    assert "30 minutes from now" in page
    until = timezone.localtime(before + timezone.timedelta(minutes=30))
    later = timezone.localtime(timezone.now() + timezone.timedelta(minutes=30))
    assert f"{until:%H:%M}" in page or f"{later:%H:%M}" in page
