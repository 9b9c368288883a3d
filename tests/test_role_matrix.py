"""For every page and every role: who may open it and who may not (and signed-out visitors)."""

from __future__ import annotations

import pytest

from socialvalue.accounts.roles import Role
from tests.pages import PAGES, Page


def _cases():
    for page in PAGES:
        for role in Role:
            yield pytest.param(page, role, id=f"{page.name}-{role.name.lower()}")


@pytest.mark.parametrize(("page", "role"), list(_cases()))
def test_role_may_or_may_not_open_page(client_for, page: Page, role: Role):
    client = client_for(role)
    response = client.get(page.url())
    if role in page.roles:
        # The sign-in page sends a signed-in user home instead of showing the form.
        expected = 302 if page.name == "sign in" else 200
        assert response.status_code == expected, f"{role.label} should open {page.name}"
    else:
        assert response.status_code == 403, f"{role.label} must not open {page.name}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_signed_out_visitor_is_sent_to_sign_in(demo, client, page: Page):
    response = client.get(page.url())
    if page.public:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_user_without_role_opens_nothing_but_home(demo, client, django_user_model):
    nobody = django_user_model.objects.create_user("nobody", "nobody@example.org", "x" * 14)
    client.force_login(nobody)
    for page in PAGES:
        if page.public:
            continue
        status = client.get(page.url()).status_code
        assert status == (200 if page.name == "home" else 403), page.name
