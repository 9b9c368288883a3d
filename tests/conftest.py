"""Shared fixtures: the demo data, one signed-in client per role."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from socialvalue.accounts.models import User
from socialvalue.accounts.roles import Role

ROLE_USERNAMES: dict[Role, str] = {
    Role.ADMINISTRATOR: "admin",
    Role.PROCUREMENT_OFFICER: "officer",
    Role.EVALUATOR: "evaluator1",
    Role.CONTRACT_MANAGER: "manager",
    Role.SUPPLIER: "supplier1",
    Role.VIEWER: "viewer",
}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is the production hasher (tested in tests/config); tests need speed, not strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(db):
    """The Lancashire demo data, loaded exactly as `socialvalue demo` loads it."""
    call_command("demo", force=True, stdout=io.StringIO())


@pytest.fixture
def user_for(demo):
    def get(role: Role) -> User:
        return User.objects.get(username=ROLE_USERNAMES[role])

    return get


@pytest.fixture
def client_for(demo, client):
    """A test client signed in as the demo user of a role."""

    def sign_in(role: Role):
        client.force_login(User.objects.get(username=ROLE_USERNAMES[role]))
        return client

    return sign_in


def assert_error(response, field: str, text: str) -> None:
    """The page is the form again, with the GOV.UK error summary linking to the field."""
    page = response.content.decode()
    assert response.status_code == 200, response.status_code
    assert "There is a problem" in page
    assert f'href="#id_{field}"' in page, page[:4000]
    assert text in page, page[:6000]
