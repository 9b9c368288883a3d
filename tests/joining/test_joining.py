"""Suppliers joining: registering an organisation, confirming the e-mail address, claims on
register entries confirmed by an officer, colleague invitations, password reset and the
throttle of the public forms. Real database, e-mails read from Django's outbox."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from socialvalue.accounts.models import User
from socialvalue.accounts.roles import Role
from socialvalue.accounts.services import user_create, user_role
from socialvalue.audit.models import Event
from socialvalue.joining import services
from socialvalue.joining.models import Invitation, Signup, SignupStatus
from socialvalue.suppliers.models import Supplier
from tests.conftest import assert_error

SITE = "https://sv.example.org"
PASSWORD = "a long passphrase of words"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE
    return settings


def _form(**changes) -> dict:
    data = {
        "first_name": "Asha",
        "last_name": "Patel",
        "email": "Asha@Example.org",
        "password": PASSWORD,
        "password_again": PASSWORD,
        "organisation_name": "Ribble Valley Repairs Ltd",
        "companies_house_number": "1234567",
        "charity_number": "",
        "postcode": "bb7 2aa",
        "employees": "12",
        "legal_form": "private_limited",
    }
    data.update(changes)
    return data


def _link(message, path_start: str) -> str:
    """The site path of the first link to this site in an e-mail (absolute, from SITE_URL)."""
    match = re.search(re.escape(SITE) + r"(" + re.escape(path_start) + r"\S*)", message.body)
    assert match, message.body
    return match.group(1)


def _sign_in(client, username: str, password: str = PASSWORD):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_a_new_organisation_registers_confirms_and_signs_in(db, client):
    response = client.post(reverse("joining:signup"), _form())
    assert response["Location"] == reverse("joining:signup_sent")
    user = User.objects.get(email="asha@example.org")
    assert not user.is_active and user.username == "asha@example.org"
    assert _sign_in(client, "asha@example.org").status_code == 200  # not yet: switched off

    [message] = mail.outbox
    assert message.to == ["asha@example.org"]
    path = _link(message, "/join/confirm/")
    page = client.get(path).content.decode()
    assert "Confirm my email address" in page
    assert User.objects.get(pk=user.pk).is_active is False  # opening the link alone: nothing

    page = client.post(path).content.decode()
    assert "You have registered" in page
    supplier = Supplier.objects.get(name="Ribble Valley Repairs Ltd")
    assert supplier.companies_house_number == "01234567"
    assert (supplier.postcode, supplier.employees, supplier.legal_form) == (
        "BB7 2AA",
        12,
        "private_limited",
    )
    assert supplier.contact_email == "asha@example.org"
    user.refresh_from_db()
    assert user.is_active and user.supplier == supplier and user_role(user) == Role.SUPPLIER
    verbs = set(Event.objects.values_list("verb", flat=True))
    assert {"signup.started", "signup.email_confirmed", "supplier.self_registered"} <= verbs

    assert client.post(path).status_code == 200  # the link again: nothing more made
    assert Supplier.objects.filter(name="Ribble Valley Repairs Ltd").count() == 1
    assert _sign_in(client, "asha@example.org")["Location"] == reverse("core:home")
    home = client.get(reverse("core:home")).content.decode()
    assert "Invite a colleague" in home


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"postcode": "PR7"}, "postcode", "Enter a full UK postcode"),
        ({"companies_house_number": "ABC"}, "companies_house_number", "8 characters"),
        ({"password_again": "something else"}, "password_again", "do not match"),
        ({"password": "short", "password_again": "short"}, "password", "too short"),
        ({"employees": "-1"}, "employees", "greater than or equal to 0"),
        ({"legal_form": ""}, "legal_form", "Choose what kind of organisation"),
        ({"email": "not an address"}, "email", "Enter a valid email address"),
    ],
)
def test_bad_registration_says_what_and_stores_nothing(db, client, changes, field, message):
    response = client.post(reverse("joining:signup"), _form(**changes))
    assert_error(response, field, message)
    assert not User.objects.exists() and not Signup.objects.exists() and not mail.outbox


def test_an_address_with_an_account_is_told_not_joined(db, client):
    owner = User.objects.create_user("existing", "asha@example.org", "x" * 14)
    response = client.post(reverse("joining:signup"), _form())
    assert response["Location"] == reverse("joining:signup_sent")  # the same page
    assert User.objects.count() == 1 and not Signup.objects.exists()
    [message] = mail.outbox
    assert message.to == [owner.email]
    assert "already has an account" in message.body
    assert f"{SITE}/accounts/password-reset/" in message.body


def test_an_unconfirmed_registration_is_replaced_by_a_new_one(db, client):
    client.post(reverse("joining:signup"), _form())
    client.post(reverse("joining:signup"), _form(organisation_name="Ribble Repairs CIC"))
    signup = Signup.objects.get()
    assert signup.organisation_name == "Ribble Repairs CIC"
    assert len(mail.outbox) == 2 and "/join/confirm/" in mail.outbox[1].body


def test_an_expired_or_altered_link_says_so(db, client):
    client.post(reverse("joining:signup"), _form())
    path = _link(mail.outbox[0], "/join/confirm/")
    altered = client.get(path[:-3] + "abc/").content.decode()
    assert "This link is not valid" in altered
    with freeze_time(timezone.now() + timedelta(days=4)):
        page = client.post(path).content.decode()
    assert "This link has expired" in page
    assert not User.objects.get().is_active and not Supplier.objects.exists()


@pytest.fixture
def known(db):
    """A firm already on the register (from payments), with one supplier user."""
    supplier = Supplier.objects.create(
        name="Ribble Valley Repairs", companies_house_number="01234567"
    )
    user_create(
        actor=None,
        username="first",
        email="first@ribble.example.org",
        role=Role.SUPPLIER,
        supplier=supplier,
        password=PASSWORD,
    )
    return supplier


@pytest.fixture
def officer(db):
    return user_create(
        actor=None,
        username="officer",
        email="officer@example.org",
        role=Role.PROCUREMENT_OFFICER,
        password=PASSWORD,
    )


def _claim(client) -> Signup:
    client.post(reverse("joining:signup"), _form())
    client.post(_link(mail.outbox[-1], "/join/confirm/"))
    return Signup.objects.get()


def test_a_claim_on_a_known_organisation_waits_for_an_officer(client, known, officer):
    signup = _claim(client)
    assert signup.status == SignupStatus.AWAITING_OFFICER and signup.supplier == known
    assert Supplier.objects.count() == 1  # never a second entry for the same company
    assert not signup.user.is_active  # never silently joined to another firm's account
    told = [m for m in mail.outbox if "first@ribble.example.org" in m.to]
    assert told and "asked to act for your organisation" in told[0].subject

    client.force_login(officer)
    assert "Confirm who acts for" in client.get(reverse("core:home")).content.decode()
    url = reverse("joining:claim_detail", args=[signup.pk])
    assert_error(client.post(url, {"decision": "refuse", "reason": ""}), "reason", "Say why")
    response = client.post(url, {"decision": "confirm", "reason": "Phoned the known contact"})
    assert response.status_code == 302
    signup.refresh_from_db()
    user = signup.user
    assert signup.status == SignupStatus.JOINED and signup.decided_by == officer
    assert user.is_active and user.supplier == known and user_role(user) == Role.SUPPLIER
    assert Event.objects.filter(verb="signup.claim_confirmed", actor=officer).exists()
    assert any("now acts for" in m.body and "first@ribble.example.org" in m.to for m in mail.outbox)
    assert any(m.to == ["asha@example.org"] and "Sign in" in m.body for m in mail.outbox)


def test_a_refused_claim_keeps_the_account_switched_off(client, known, officer):
    signup = _claim(client)
    services.signup_claim_refuse(actor=officer, signup=signup, reason="Firm does not know her")
    signup.refresh_from_db()
    assert signup.status == SignupStatus.REFUSED and not signup.user.is_active
    assert "Firm does not know her" in mail.outbox[-1].body
    with pytest.raises(Exception, match="already been decided"):
        services.signup_claim_confirm(actor=officer, signup=signup)


def test_only_officers_decide_claims(client, known):
    signup = _claim(client)
    supplier_user = User.objects.get(username="first")
    client.force_login(supplier_user)
    url = reverse("joining:claim_detail", args=[signup.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"decision": "confirm", "reason": ""}).status_code == 403
    with pytest.raises(Exception, match="Only a procurement officer"):
        services.signup_claim_confirm(actor=supplier_user, signup=signup)
    assert not User.objects.get(pk=signup.user_id).is_active


def test_a_supplier_user_invites_a_colleague(client, known):
    inviter = User.objects.get(username="first")
    client.force_login(inviter)
    assert_error(
        client.post(reverse("joining:colleagues"), {"email": "first@ribble.example.org"}),
        "email",
        "already has an account",
    )
    client.post(reverse("joining:colleagues"), {"email": "Colleague@Ribble.example.org"})
    message = mail.outbox[-1]
    assert message.to == ["colleague@ribble.example.org"]
    path = _link(message, "/join/invitation/")
    assert Invitation.objects.get().token_hash not in message.body  # only the hash is kept
    client.logout()

    form = {
        "first_name": "Col",
        "last_name": "League",
        "password": PASSWORD,
        "password_again": PASSWORD,
    }
    assert "Join Ribble Valley Repairs" in client.get(path).content.decode()
    assert client.post(path, form)["Location"] == reverse("accounts:login")
    colleague = User.objects.get(email="colleague@ribble.example.org")
    assert colleague.supplier == known and user_role(colleague) == Role.SUPPLIER
    assert Event.objects.filter(verb="supplier.invitation_accepted", actor=colleague).exists()
    assert Event.objects.filter(verb="supplier.colleague_invited", actor=inviter).exists()
    assert "already been used" in client.get(path).content.decode()
    assert User.objects.filter(supplier=known).count() == 2


def test_an_invitation_expires(client, known):
    invitation = services.invitation_create(
        actor=User.objects.get(username="first"), email="late@ribble.example.org"
    )
    path = _link(mail.outbox[-1], "/join/invitation/")
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)
    with freeze_time(invitation.expires_at + timedelta(minutes=1)):
        assert "This invitation has expired" in client.get(path).content.decode()
    assert not User.objects.filter(email="late@ribble.example.org").exists()


def test_staff_cannot_send_invitations(db, officer):
    with pytest.raises(Exception, match="Only a supplier's user"):
        services.invitation_create(actor=officer, email="x@example.org")


def test_registration_is_throttled_per_address(db, client, settings):
    settings.JOINING_ATTEMPTS_PER_HOUR = 2
    for n in range(2):
        client.post(reverse("joining:signup"), _form(email=f"p{n}@example.org"))
    response = client.post(reverse("joining:signup"), _form(email="p3@example.org"))
    assert "too many tries from your network" in response.content.decode()
    assert not User.objects.filter(email="p3@example.org").exists()
    with freeze_time(timezone.now() + timedelta(hours=1, minutes=1)):
        client.post(reverse("joining:signup"), _form(email="p3@example.org"))
    assert User.objects.filter(email="p3@example.org").exists()


def test_password_reset_by_email(db, client):
    user = User.objects.create_user("asha@example.org", "asha@example.org", "old password 1234")
    off = User.objects.create_user("off", "off@example.org", "old password 1234", is_active=False)
    response = client.post(reverse("joining:password_reset"), {"email": off.email})
    assert response["Location"] == reverse("joining:password_reset_sent")
    assert not mail.outbox  # a switched-off account gets no link
    client.post(reverse("joining:password_reset"), {"email": "ASHA@example.org"})
    [message] = mail.outbox
    path = _link(message, "/accounts/password-reset/")
    form_page = client.get(path, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    data = {"new_password1": PASSWORD, "new_password2": PASSWORD}
    assert client.post(set_url, data)["Location"] == reverse("joining:password_reset_done")
    assert _sign_in(client, user.username)["Location"] == reverse("core:home")
    client.logout()
    assert "cannot be used" in client.get(path, follow=True).content.decode()  # used once


def test_signed_out_home_is_the_way_in(db, client):
    page = client.get(reverse("core:home")).content.decode()
    for name in (
        "tendering:public_list",
        "procurement:pipeline",
        "procurement:event_list",
        "procurement:guidance_list",
        "transparency:headlines",
        "joining:signup",
        "accounts:login",
    ):
        assert f'href="{reverse(name)}"' in page, name
    assert "What you need to do" not in page


def test_an_organisation_sends_at_most_20_invitations_a_day(client, known):
    inviter = User.objects.get(username="first")
    for n in range(services.INVITATIONS_PER_DAY):
        services.invitation_create(actor=inviter, email=f"c{n}@ribble.example.org")
    with pytest.raises(Exception, match="20 invitations today"):
        services.invitation_create(actor=inviter, email="one-more@ribble.example.org")
    with freeze_time(timezone.now() + timedelta(days=1, minutes=1)):
        services.invitation_create(actor=inviter, email="one-more@ribble.example.org")
    assert Invitation.objects.count() == services.INVITATIONS_PER_DAY + 1


def test_password_reset_requests_are_throttled_per_address(db, client, settings):
    settings.JOINING_ATTEMPTS_PER_HOUR = 1
    User.objects.create_user("asha", "asha@example.org", "old password 1234")
    client.post(reverse("joining:password_reset"), {"email": "asha@example.org"})
    response = client.post(reverse("joining:password_reset"), {"email": "asha@example.org"})
    assert "too many tries from your network" in response.content.decode()
    assert len(mail.outbox) == 1
