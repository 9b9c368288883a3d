"""API clients signed in with a personal token, one per role."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from socialvalue.accounts.models import User
from socialvalue.accounts.roles import Role
from tests.conftest import ROLE_USERNAMES


def token_client(user: User) -> APIClient:
    token, _ = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
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
