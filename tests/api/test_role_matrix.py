"""For every API route and every role: who may read it, by token and by session, and
signed-out callers. The same roles as the pages (tests/api_routes.py)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from socialvalue.accounts.models import User
from socialvalue.accounts.roles import Role
from tests.api.conftest import token_client
from tests.api_routes import ROUTES, ApiRoute
from tests.conftest import ROLE_USERNAMES


def _session_client(user: User) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_route_roles(demo, route: ApiRoute):
    url = route.url()
    # Each role, signed in by its token and by a session: the page's permission decides.
    for role in Role:
        user = User.objects.get(username=ROLE_USERNAMES[role])
        expected = 200 if role in route.roles else 403
        for how, client in (("token", token_client(user)), ("session", _session_client(user))):
            response = client.get(url)
            assert response.status_code == expected, (role.label, how, response.content[:300])
    # Signed out: public routes answer, the others ask for a token.
    response = APIClient().get(url)
    if route.public:
        assert response.status_code == 200
    else:
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Token"
    # A wrong token is refused, even where no token is needed.
    wrong = APIClient()
    wrong.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert wrong.get(url).status_code == 401


def test_user_without_role_reads_nothing_but_public_routes(demo, django_user_model):
    nobody = django_user_model.objects.create_user("nobody", "nobody@example.org", "x" * 14)
    client = token_client(nobody)
    for route in ROUTES:
        status = client.get(route.url()).status_code
        assert status == (200 if route.public else 403), route.name


def test_inactive_user_token_no_longer_works(demo):
    officer = User.objects.get(username="officer")
    client = token_client(officer)
    assert client.get("/api/projects/").status_code == 200
    officer.is_active = False
    officer.save()
    assert client.get("/api/projects/").status_code == 401


def test_every_api_operation_is_in_the_route_table(demo):
    """A new endpoint must be added to tests/api_routes.py with its roles."""
    schema = APIClient().get("/api/schema/?format=json").json()
    listed = {route.url() for route in ROUTES}
    for path in schema["paths"]:
        if "{id}" in path:
            prefix = path.split("{id}")[0]
            assert any(u.startswith(prefix) and u != prefix for u in listed), path
        else:
            assert path in listed, f"{path} is not in tests/api_routes.py"
