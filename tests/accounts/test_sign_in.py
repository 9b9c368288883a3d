from __future__ import annotations

import pytest
from django.urls import reverse

from socialvalue.accounts.models import User


@pytest.fixture
def officer(db):
    return User.objects.create_user("priya", "priya@example.org", "a-long-password-1")


def test_sign_in_and_out(client, officer):
    response = client.post(
        reverse("accounts:login"), {"username": "priya", "password": "a-long-password-1"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert client.get(reverse("core:home")).status_code == 200
    client.post(reverse("accounts:logout"))
    signed_out = client.get(reverse("core:home")).content.decode()  # the public home
    assert "Register your organisation" in signed_out and "Sign out" not in signed_out


def test_wrong_password_shows_error_summary(client, officer):
    response = client.post(reverse("accounts:login"), {"username": "priya", "password": "wrong"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter a correct username and password" in page


def test_repeated_failures_lock_the_account_even_with_the_right_password(client, officer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "priya", "password": "wrong"})
    response = client.post(
        reverse("accounts:login"), {"username": "priya", "password": "a-long-password-1"}
    )
    assert response.status_code == 429
    assert "Sign in paused" in response.content.decode()
    assert client.get(reverse("procurement:project_list")).status_code == 302  # not signed in


def test_failures_below_the_limit_do_not_lock(client, officer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(reverse("accounts:login"), {"username": "priya", "password": "wrong"})
    response = client.post(
        reverse("accounts:login"), {"username": "priya", "password": "a-long-password-1"}
    )
    assert response.status_code == 302
