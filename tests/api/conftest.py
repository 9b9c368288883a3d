"""API clients signed in with a personal token, one per role."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from socialvalue.accounts.models import User
from socialvalue.accounts.roles import Role
from socialvalue.api.models import ApiToken
from socialvalue.api.services import token_ttl
from tests.conftest import ROLE_USERNAMES


def new_token(user: User, name: str = "Tests") -> str:
    """A new hashed token of the user (knox); the token itself, as its owner is shown it."""
    _, key = ApiToken.objects.create(user=user, expiry=token_ttl(), name=name)
    return key


def token_client(user: User) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {new_token(user)}")
    return client


@pytest.fixture
def api_for(demo):
    """An API client authenticated with the token of the demo user of a role."""

    def client_for(role: Role) -> APIClient:
        return token_client(User.objects.get(username=ROLE_USERNAMES[role]))

    return client_for


@pytest.fixture
def api_as(demo):
    """An API client authenticated with the token of a demo user by username."""

    def client_for(username: str) -> APIClient:
        return token_client(User.objects.get(username=username))

    return client_for
