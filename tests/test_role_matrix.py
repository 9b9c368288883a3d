"""For every page and every role: who may open it and who may not (and signed-out visitors)."""

from __future__ import annotations

import pytest

from socialvalue.accounts.roles import Role
from tests.pages import PAGES, Page


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_who_may_open_page(client_for, client, page: Page):
    """Every role that may open the page gets it; every other role gets 403; a signed-out
    visitor is sent to sign in unless the page is public. One demo load per page: the
    demo is the slow part, and the roles only read."""
    url = page.url()
    wrong = {}
    for role in Role:
        status = client_for(role).get(url).status_code
        # The sign-in page sends a signed-in user home instead of showing the form.
        allowed = 302 if page.name == "sign in" else 200
        expected = allowed if role in page.roles else 403
        if status != expected:
            wrong[role.label] = f"{status}, expected {expected}"
    assert wrong == {}, f"{page.name}: {wrong}"

    client.logout()
    response = client.get(url)
    if page.public:
        assert response.status_code == 200, f"{page.name} is public"
    else:
        assert response.status_code == 302, f"{page.name} must ask a visitor to sign in"
        assert response["Location"].startswith("/accounts/login/")


def test_user_without_role_opens_nothing_but_home(demo, client, django_user_model):
    nobody = django_user_model.objects.create_user("nobody", "nobody@example.org", "x" * 14)
    client.force_login(nobody)
    for page in PAGES:
        if page.public:
            continue
        status = client.get(page.url()).status_code
        assert status == (200 if page.name == "home" else 403), page.name
