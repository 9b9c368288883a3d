"""No administrator can act as a supplier alone (issue #11, item 2).

The penetration test: on /accounts/users/8/ an administrator gave a user the Supplier role for
Red Rose with a password they chose, signed in as that user and read Red Rose's sealed bid.
Now tying a user to a supplier, or a supplier user's new password or e-mail address, waits for
a second administrator; the supplier's users are told by e-mail; every step is audited.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from socialvalue.accounts.models import ChangeStatus, User, UserChange
from socialvalue.accounts.roles import Role
from socialvalue.accounts.services import (
    user_change_approve,
    user_change_refuse,
    user_create,
    user_role,
    user_set_role,
)
from socialvalue.audit.models import Event
from socialvalue.core.errors import DomainError
from tests.conftest import about, assert_error
from tests.tendering.test_tenders_factory import complete_bid, published_tender

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-new-password-4471"
MARKER = "SECRET-ANSWER-5521"
PRICE = "777777.77"


def _form(user: User, **changes) -> dict:
    role = user_role(user)
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "job_title": user.job_title,
        "role": role.value if role else "",
        "supplier": user.supplier_id or "",
        "password": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def second_admin(demo) -> User:
    return user_create(
        actor=None,
        username="admin2",
        email="admin2@example.org",
        first_name="Sam",
        last_name="Second",
        role=Role.ADMINISTRATOR,
    )


@pytest.fixture
def red_rose(user_for):
    return user_for(Role.SUPPLIER).supplier


def _signs_in(client, username: str, password: str) -> bool:
    response = client.post("/accounts/login/", {"username": username, "password": password})
    return response.status_code == 302


def test_the_penetration_test_attack_waits_for_a_second_administrator(
    client, client_for, user_for, red_rose, mailoutbox
):
    tender = published_tender(user_for(Role.PROCUREMENT_OFFICER))
    bid = complete_bid(tender, user_for(Role.SUPPLIER), price=PRICE, text=MARKER)
    victim = User.objects.get(username="viewer")
    admin = client_for(Role.ADMINISTRATOR)
    response = admin.post(
        f"/accounts/users/{victim.pk}/",
        _form(victim, role=Role.SUPPLIER.value, supplier=red_rose.pk, password=NEW_PASSWORD),
    )
    change = UserChange.objects.get(user=victim)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/changes/{change.pk}/"
    # Nothing that lets them act for Red Rose has happened.
    victim.refresh_from_db()
    assert user_role(victim) == Role.VIEWER and victim.supplier_id is None
    assert not victim.check_password(NEW_PASSWORD)
    assert change.status == ChangeStatus.PENDING
    assert NEW_PASSWORD not in change.password  # only its hash is kept
    # The administrator cannot sign in with the password they chose...
    admin.logout()
    assert not _signs_in(client, victim.username, NEW_PASSWORD)
    # ...and even signed in as that user, the bid stays unreadable.
    client.force_login(victim)
    page = client.get(f"/tenders/bids/{bid.pk}/")
    assert page.status_code in (403, 404)
    assert MARKER not in page.content.decode() and PRICE not in page.content.decode()
    client.force_login(user_for(Role.SUPPLIER))  # the page does show the bid to its bidder
    assert MARKER in client.get(f"/tenders/bids/{bid.pk}/").content.decode()
    # Red Rose's existing users were told.
    told = [m for m in mailoutbox if "supplier1@example.org" in m.to]
    assert len(told) == 1
    assert victim.username in told[0].body and "Red Rose" in told[0].body
    assert Event.objects.filter(verb="user.change_requested", **about(victim)).exists()


def test_the_administrator_who_asked_cannot_approve(client_for, user_for, red_rose):
    victim = User.objects.get(username="viewer")
    admin = client_for(Role.ADMINISTRATOR)
    admin.post(
        f"/accounts/users/{victim.pk}/",
        _form(victim, role=Role.SUPPLIER.value, supplier=red_rose.pk),
    )
    change = UserChange.objects.get(user=victim)
    edit_page = admin.get(f"/accounts/users/{victim.pk}/").content.decode()
    assert "Waiting for a second administrator: Give the role Supplier" in edit_page
    page = admin.get(f"/accounts/changes/{change.pk}/").content.decode()
    assert "A second administrator must decide" in page
    assert 'name="decision"' not in page
    response = admin.post(f"/accounts/changes/{change.pk}/", {"decision": "approve"})
    assert response.status_code == 200
    assert "you asked for this change" in response.content.decode()
    with pytest.raises(DomainError):
        user_change_approve(actor=user_for(Role.ADMINISTRATOR), change=change)
    victim.refresh_from_db()
    assert user_role(victim) == Role.VIEWER
    # Nor can a user who is not an administrator, whatever their Django flags.
    officer = user_for(Role.PROCUREMENT_OFFICER)
    officer.is_superuser = True
    officer.save()
    with pytest.raises(DomainError):
        user_change_approve(actor=officer, change=change)


def test_a_second_administrator_approves_and_the_change_is_made(
    client, client_for, second_admin, red_rose, mailoutbox
):
    victim = User.objects.get(username="viewer")
    client_for(Role.ADMINISTRATOR).post(
        f"/accounts/users/{victim.pk}/",
        _form(victim, role=Role.SUPPLIER.value, supplier=red_rose.pk, password=NEW_PASSWORD),
    )
    change = UserChange.objects.get(user=victim)
    client.force_login(second_admin)
    assert 'name="decision"' in client.get(f"/accounts/changes/{change.pk}/").content.decode()
    response = client.post(
        f"/accounts/changes/{change.pk}/",
        {"decision": "approve", "reason": "Confirmed by phone with Red Rose's director"},
    )
    assert response.status_code == 302
    victim.refresh_from_db()
    change.refresh_from_db()
    assert user_role(victim) == Role.SUPPLIER and victim.supplier == red_rose
    assert victim.check_password(NEW_PASSWORD)
    assert change.status == ChangeStatus.APPROVED and change.decided_by == second_admin
    approved = Event.objects.get(verb="user.change_approved", **about(victim))
    assert approved.actor == second_admin and "phone" in approved.reason
    assert len([m for m in mailoutbox if "supplier1@example.org" in m.to]) == 2
    listing = client.get("/accounts/changes/").content.decode()
    assert victim.username in listing and "Approved and made" in listing


def test_refusing_needs_a_reason_and_changes_nothing(client, client_for, second_admin, red_rose):
    victim = User.objects.get(username="viewer")
    client_for(Role.ADMINISTRATOR).post(
        f"/accounts/users/{victim.pk}/",
        _form(victim, role=Role.SUPPLIER.value, supplier=red_rose.pk),
    )
    change = UserChange.objects.get(user=victim)
    client.force_login(second_admin)
    response = client.post(f"/accounts/changes/{change.pk}/", {"decision": "refuse"})
    assert_error(response, "reason", "Say why you refuse this change")
    response = client.post(
        f"/accounts/changes/{change.pk}/",
        {"decision": "refuse", "reason": "Red Rose does not know this person"},
    )
    assert response.status_code == 302
    change.refresh_from_db()
    victim.refresh_from_db()
    assert change.status == ChangeStatus.REFUSED
    assert user_role(victim) == Role.VIEWER and victim.supplier_id is None
    assert Event.objects.filter(verb="user.change_refused", reason__contains="Red Rose").exists()
    with pytest.raises(DomainError):
        user_change_refuse(actor=second_admin, change=change, reason="again")


def test_a_supplier_users_password_and_email_wait_but_their_name_does_not(
    client_for, user_for, mailoutbox
):
    supplier_user = user_for(Role.SUPPLIER)
    admin = client_for(Role.ADMINISTRATOR)
    admin.post(
        f"/accounts/users/{supplier_user.pk}/",
        _form(
            supplier_user,
            first_name="Samantha",
            email="attacker@example.net",
            password=NEW_PASSWORD,
        ),
    )
    supplier_user.refresh_from_db()
    assert supplier_user.first_name == "Samantha"
    assert supplier_user.email == "supplier1@example.org"
    assert not supplier_user.check_password(NEW_PASSWORD)
    change = UserChange.objects.get(user=supplier_user)
    assert change.email == "attacker@example.net" and change.password and not change.role
    # The user is told at the address they have now, not the new one.
    assert any("supplier1@example.org" in m.to for m in mailoutbox)
    assert not any("attacker@example.net" in m.to for m in mailoutbox)


def test_a_staff_users_password_and_email_change_at_once(client_for, user_for):
    officer = user_for(Role.PROCUREMENT_OFFICER)
    client_for(Role.ADMINISTRATOR).post(
        f"/accounts/users/{officer.pk}/",
        _form(officer, email="officer2@example.org", password=NEW_PASSWORD),
    )
    officer.refresh_from_db()
    assert officer.email == "officer2@example.org" and officer.check_password(NEW_PASSWORD)
    assert not UserChange.objects.exists()


def test_adding_a_supplier_user_waits_for_a_second_administrator(client_for, red_rose, mailoutbox):
    response = client_for(Role.ADMINISTRATOR).post(
        "/accounts/users/new/",
        {
            "username": "newbidder",
            "first_name": "New",
            "last_name": "Bidder",
            "email": "newbidder@example.org",
            "role": Role.SUPPLIER.value,
            "supplier": red_rose.pk,
            "password": NEW_PASSWORD,
        },
    )
    user = User.objects.get(username="newbidder")
    change = UserChange.objects.get(user=user)
    assert response["Location"] == f"/accounts/changes/{change.pk}/"
    assert user_role(user) is None and user.supplier_id is None
    assert not user.has_usable_password()
    assert any("supplier1@example.org" in m.to for m in mailoutbox)


def test_a_person_cannot_tie_a_user_to_a_supplier_directly(user_for, red_rose):
    viewer = user_for(Role.VIEWER)
    with pytest.raises(DomainError):
        user_set_role(
            actor=user_for(Role.ADMINISTRATOR), user=viewer, role=Role.SUPPLIER, supplier=red_rose
        )
    assert user_role(viewer) == Role.VIEWER


def test_superuser_status_gives_no_role(user_for, client):
    admin = user_for(Role.ADMINISTRATOR)
    admin.is_superuser = True
    admin.save()
    assert not admin.has_perm("tendering.bid")  # the supplier's permission
    root = User.objects.create(username="root", email="root@example.org", is_superuser=True)
    client.force_login(root)
    assert client.get("/accounts/users/").status_code == 403
    assert client.get("/tenders/").status_code == 403


def test_create_administrator_makes_the_first_administrator_only(db, monkeypatch):
    monkeypatch.setenv("ADMINISTRATOR_PASSWORD", NEW_PASSWORD)
    out = io.StringIO()
    call_command(
        "create_administrator",
        "--username",
        "first",
        "--email",
        "f@example.org",
        "--no-input",
        stdout=out,
    )
    first = User.objects.get(username="first")
    assert user_role(first) == Role.ADMINISTRATOR
    assert first.is_staff and first.is_superuser and first.check_password(NEW_PASSWORD)
    with pytest.raises(CommandError, match="already exists"):
        call_command(
            "create_administrator",
            "--username",
            "second",
            "--email",
            "s@example.org",
            "--no-input",
        )


def test_create_administrator_refuses_a_weak_password(db, monkeypatch):
    monkeypatch.setenv("ADMINISTRATOR_PASSWORD", "short")
    with pytest.raises(CommandError, match="too weak"):
        call_command(
            "create_administrator",
            "--username",
            "first",
            "--email",
            "f@example.org",
            "--no-input",
        )
    assert not User.objects.exists()


def test_createsuperuser_points_to_create_administrator(db):
    with pytest.raises(CommandError, match="create_administrator"):
        call_command("createsuperuser", "--username", "x", "--email", "x@example.org", "--no-input")
    assert not User.objects.exists()


def test_the_other_administrators_home_page_asks_for_a_decision(
    client, client_for, second_admin, red_rose
):
    victim = User.objects.get(username="viewer")
    admin = client_for(Role.ADMINISTRATOR)
    admin.post(
        f"/accounts/users/{victim.pk}/",
        _form(victim, role=Role.SUPPLIER.value, supplier=red_rose.pk),
    )
    assert "Approve or refuse changes" not in admin.get("/").content.decode()
    client.force_login(second_admin)
    assert "Approve or refuse changes" in client.get("/").content.decode()


def test_one_administrator_cannot_take_over_or_make_a_second_one(
    client_for, user_for, second_admin
):
    """The way round the rule found when the threat model was written: set a second
    administrator's password (or make a viewer, or a new user, an administrator), sign in as
    them and approve your own request. Each of those now waits for another administrator."""
    admin = user_for(Role.ADMINISTRATOR)
    page = client_for(Role.ADMINISTRATOR)
    response = page.post(
        f"/accounts/users/{second_admin.pk}/", _form(second_admin, password=NEW_PASSWORD)
    )
    assert response.status_code == 302
    second_admin.refresh_from_db()
    assert not second_admin.check_password(NEW_PASSWORD)
    assert UserChange.objects.filter(user=second_admin, status=ChangeStatus.PENDING).exists()

    viewer = user_for(Role.VIEWER)
    response = page.post(
        f"/accounts/users/{viewer.pk}/", _form(viewer, role=Role.ADMINISTRATOR.value)
    )
    assert response.status_code == 302
    assert user_role(viewer) == Role.VIEWER
    change = UserChange.objects.get(user=viewer, status=ChangeStatus.PENDING)
    with pytest.raises(DomainError):
        user_change_approve(actor=admin, change=change)

    created = user_create(
        actor=admin,
        username="admin3",
        email="admin3@example.org",
        role=Role.ADMINISTRATOR,
        password=NEW_PASSWORD,
    )
    assert user_role(created) is None
    assert not _signs_in(Client(), "admin3", NEW_PASSWORD)  # nobody signed in yet
    with pytest.raises(DomainError):
        user_set_role(actor=admin, user=viewer, role=Role.ADMINISTRATOR)

    # A second, untouched administrator decides; then the change is made.
    user_change_approve(actor=second_admin, change=change)
    assert user_role(viewer) == Role.ADMINISTRATOR


def test_an_administrator_changes_their_own_password_at_once(client_for, user_for):
    admin = user_for(Role.ADMINISTRATOR)
    response = client_for(Role.ADMINISTRATOR).post(
        f"/accounts/users/{admin.pk}/", _form(admin, password=NEW_PASSWORD)
    )
    assert response.status_code == 302
    admin.refresh_from_db()
    assert admin.check_password(NEW_PASSWORD)
