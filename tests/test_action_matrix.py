"""Every action (tests/actions.py) posted by every role that may not take it: refused (403,
or 404 for a bid that is not the supplier's own), with nothing changed and nothing audited;
a signed-out visitor is sent to sign in. A GET never acts."""

from __future__ import annotations

import pytest

from socialvalue.accounts.models import User
from socialvalue.accounts.roles import Role
from socialvalue.audit.models import Event
from tests.actions import ACTIONS, Action


def _refused(status: int) -> bool:
    return status in (403, 404)


@pytest.mark.parametrize("action", ACTIONS, ids=lambda a: a.name)
def test_action_refused_to_other_roles(client_for, client, action: Action):
    url = action.url()
    events = Event.objects.count()
    wrong = {}
    for role in Role:
        if role in action.roles:
            continue
        status = client_for(role).post(url).status_code
        if not _refused(status):
            wrong[role.label] = status
    assert wrong == {}, f"{action.name}: taken by roles that may not: {wrong}"
    assert Event.objects.count() == events, f"{action.name}: a refused action was audited"

    client.logout()
    response = client.post(url)
    assert response.status_code == 302, f"{action.name} must ask a visitor to sign in"
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("action", [a for a in ACTIONS if a.own_bid], ids=lambda a: a.name)
def test_bid_action_refused_to_another_supplier(demo, client, action: Action):
    """supplier2 belongs to another firm: supplier1's bid is not theirs to touch."""
    url = action.url()
    other = User.objects.get(username="supplier2")
    assert other.supplier_id != User.objects.get(username="supplier1").supplier_id
    client.force_login(other)
    events = Event.objects.count()
    assert _refused(client.post(url).status_code)
    assert Event.objects.count() == events


@pytest.mark.parametrize("action", ACTIONS, ids=lambda a: a.name)
def test_get_never_acts(client_for, action: Action):
    url = action.url()
    events = Event.objects.count()
    for role in action.roles:
        status = client_for(role).get(url).status_code
        # Refused, or sent back to the page the action belongs to; never taken.
        assert status in (302, 403, 404, 405), f"{action.name}: GET as {role.label} gave {status}"
    assert Event.objects.count() == events
