"""Two-factor sign-in (accounts/two_factor.py) through the real pages, with MFA_REQUIRED on.

Codes are computed from the device's own key with django-otp's TOTP function; sign-in goes
through the sign-in page (and django-axes), never force_login.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from socialvalue.accounts.roles import Role
from socialvalue.audit.models import Event
from tests.accounts.conftest import app_code, wrong_code
from tests.conftest import about, assert_error

SETUP = reverse("accounts:two_factor_setup")
VERIFY = reverse("accounts:two_factor_verify")
CODES = reverse("accounts:two_factor_codes")
HOME = reverse("core:home")


def _verbs(user) -> list[str]:
    return list(
        Event.objects.filter(**about(user), verb__startswith="two_factor.")
        .order_by("id")
        .values_list("verb", flat=True)
    )


def test_required_role_is_stopped_before_any_page_until_set_up(
    mfa_on, officer, client, sign_in_with_password
):
    response = sign_in_with_password(officer)
    assert response["Location"] == HOME
    for url in [
        HOME,
        reverse("procurement:project_list"),
        reverse("accounts:two_factor"),
        reverse("accounts:two_factor_verify"),
        CODES,
        reverse("api:token"),
        "/django-admin/",
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(SETUP + "?next="), url
    # The set-up page itself, sign-out and the public pages stay open; a public page treats
    # the half-signed-in session as a visitor (no menu, no sign-out button).
    page = client.get(SETUP)
    assert page.status_code == 200
    assert "Set up two-factor sign-in" in page.content.decode()
    assert "Your role needs a second step" in page.content.decode()
    public = client.get(reverse("transparency:headlines"))
    assert public.status_code == 200
    assert "Sign out (priya)" not in public.content.decode()
    assert client.post(reverse("accounts:logout")).status_code == 302
    # Signed out: home is the public home, and a signed-in page asks to sign in again.
    assert "Register your organisation" in client.get(HOME).content.decode()
    projects = client.get(reverse("procurement:project_list"))
    assert projects["Location"].startswith(reverse("accounts:login"))


def test_set_up_shows_a_qr_code_and_the_key_then_ten_recovery_codes_once(
    mfa_on, officer, client, sign_in_with_password
):
    sign_in_with_password(officer, next_url=reverse("procurement:project_list"))
    redirect_to_setup = client.get(reverse("procurement:project_list"))["Location"]
    page = client.get(redirect_to_setup).content.decode()
    assert '<svg role="img" aria-label="QR code to scan with your authenticator app"' in page
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    from base64 import b32encode

    key = b32encode(device.bin_key).decode()
    assert key[:4] + " " + key[4:8] in page  # the key, for typing in by hand
    assert "<script>" not in page.split("<main", 1)[1]  # no script of our own in the page

    wrong = client.post(redirect_to_setup, {"code": wrong_code(device)})
    assert_error(wrong, "code", "That code is not right")
    assert_error(client.post(redirect_to_setup, {"code": "12ab"}), "code", "must be 6 numbers")
    # A wrong code is throttled for a second: wait it out as a person would.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(minutes=1)
    )

    done = client.post(redirect_to_setup, {"code": app_code(device)})
    assert done.status_code == 302
    assert done["Location"].startswith(CODES + "?next=")
    # The codes come before any other page.
    assert client.get(HOME)["Location"].startswith(CODES)
    shown = client.get(done["Location"]).content.decode()
    codes = list(StaticToken.objects.filter(device__user=officer).values_list("token", flat=True))
    assert len(codes) == 10
    assert all(code in shown for code in codes)
    assert "This is the only time these codes are shown" in shown
    assert 'href="/procurement/"' in shown  # carry on to the page first asked for
    again = client.get(CODES).content.decode()
    assert not any(code in again for code in codes)
    assert "You have 10 recovery codes left" in again
    assert client.get(HOME).status_code == 200
    assert _verbs(officer) == ["two_factor.code_refused", "two_factor.set_up"]


def test_wrong_code_is_refused_with_a_clear_message(
    mfa_on, officer, with_app, client, sign_in_with_password
):
    device, _ = with_app(officer)
    sign_in_with_password(officer)
    assert client.get(HOME)["Location"] == f"{VERIFY}?next=%2F"
    response = client.post(VERIFY + "?next=/", {"code": wrong_code(device)})
    assert_error(response, "code", "That code is not right. Enter the 6-digit code")
    assert_error(client.post(VERIFY, {"code": ""}), "code", "Enter the code from your")
    assert_error(client.post(VERIFY, {"code": "12345"}), "code", "Enter a 6-digit code")
    assert client.get(HOME).status_code == 302
    event = Event.objects.get(verb="two_factor.code_refused")
    assert event.actor == officer
    assert event.data == {"device": "authenticator app", "failures": 1}


def test_right_app_code_lets_the_user_in(mfa_on, officer, with_app, client, sign_in_with_password):
    device, _ = with_app(officer)
    sign_in_with_password(officer, next_url="/procurement/")
    step = client.get("/procurement/")
    assert step["Location"] == f"{VERIFY}?next=%2Fprocurement%2F"
    session_before = client.session.session_key
    response = client.post(step["Location"], {"code": app_code(device, 1)})
    assert response.status_code == 302
    assert response["Location"] == "/procurement/"
    assert client.get("/procurement/").status_code == 200
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.session.session_key != session_before  # a new session id once verified
    # The same code cannot be used twice (a fresh sign-in replaying it is refused).
    client.post(reverse("accounts:logout"))
    sign_in_with_password(officer)
    replay = client.post(VERIFY, {"code": app_code(device)})
    assert_error(replay, "code", "That code is not right")


def test_recovery_code_works_once(mfa_on, officer, with_app, client, sign_in_with_password):
    _, codes = with_app(officer)
    sign_in_with_password(officer)
    response = client.post(VERIFY, {"code": codes[0].upper()[:4] + " " + codes[0][4:]})
    assert response.status_code == 302 and response["Location"] == HOME
    home = client.get(HOME).content.decode()
    assert "You signed in with a recovery code" in home and "You have 9" in home

    client.post(reverse("accounts:logout"))
    sign_in_with_password(officer)
    StaticDevice.objects.filter(user=officer).update(throttling_failure_timestamp=None)
    assert_error(client.post(VERIFY, {"code": codes[0]}), "code", "has been used already")
    StaticDevice.objects.filter(user=officer).update(
        throttling_failure_timestamp=timezone.now() - timedelta(minutes=1)
    )
    assert client.post(VERIFY, {"code": codes[1]})["Location"] == HOME
    assert _verbs(officer) == [
        "two_factor.set_up",
        "two_factor.recovery_code_used",
        "two_factor.code_refused",
        "two_factor.recovery_code_used",
    ]


def test_supplier_signs_in_without_two_factor_but_is_asked_once_set_up(
    mfa_on, supplier_user, with_app, client, sign_in_with_password
):
    sign_in_with_password(supplier_user)
    home = client.get(HOME)
    assert home.status_code == 200
    assert "Set up two-factor sign-in" in home.content.decode()  # offered, not forced
    assert client.get(reverse("accounts:two_factor")).status_code == 200

    device, _ = with_app(supplier_user)
    client.post(reverse("accounts:logout"))
    sign_in_with_password(supplier_user)
    assert client.get(HOME)["Location"].startswith(VERIFY)
    client.post(VERIFY, {"code": app_code(device, 1)})
    assert client.get(HOME).status_code == 200


def test_admin_site_refuses_an_unverified_superuser(
    mfa_on, db, django_user_model, with_app, client, sign_in_with_password
):
    root = django_user_model.objects.create_superuser(
        "root", "root@example.org", "a-long-password-for-tests-1"
    )
    sign_in_with_password(root)
    assert client.get("/django-admin/")["Location"].startswith(SETUP)
    assert client.get("/django-admin/accounts/user/")["Location"].startswith(SETUP)

    device, _ = with_app(root)
    assert client.get("/django-admin/")["Location"].startswith(VERIFY)
    # Having a device but no code does not open the set-up page (no second device that way).
    assert client.get(SETUP)["Location"].startswith(VERIFY)
    client.post(VERIFY, {"code": app_code(device, 1)})
    assert client.get("/django-admin/").status_code == 200


def test_repeated_wrong_codes_are_throttled_even_for_the_right_code(
    mfa_on, officer, with_app, client, sign_in_with_password
):
    mfa_on.OTP_TOTP_THROTTLE_FACTOR = 60  # a minute, doubling with each failure
    device, _ = with_app(officer)
    sign_in_with_password(officer)
    assert_error(client.post(VERIFY, {"code": wrong_code(device)}), "code", "not right")
    refused = client.post(VERIFY, {"code": app_code(device, 1)})
    assert_error(refused, "code", "Too many wrong codes in a row. Wait")
    assert client.get(HOME).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    assert _verbs(officer)[-2:] == ["two_factor.code_refused", "two_factor.throttled"]
    assert re.search(r"Wait (1 minute|[1-5]?[0-9] seconds) and try again", refused.content.decode())

    # Each further wrong code in a row doubles the wait: two minutes after the second.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(minutes=1, seconds=1)
    )
    assert_error(client.post(VERIFY, {"code": wrong_code(device)}), "code", "not right")
    device.refresh_from_db()
    assert device.throttling_failure_count == 2
    allowed, info = device.verify_is_allowed()
    assert not allowed
    assert info["locked_until"] - device.throttling_failure_timestamp == timedelta(minutes=2)
    assert_error(client.post(VERIFY, {"code": app_code(device, 1)}), "code", "Wait 2 minutes")

    # Once the wait is over the right code works and the count starts again.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(minutes=3)
    )
    assert client.post(VERIFY, {"code": app_code(device, 1)})["Location"] == HOME
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_new_recovery_codes_stop_the_old_ones(
    mfa_on, officer, with_app, client, sign_in_with_password
):
    device, old = with_app(officer)
    sign_in_with_password(officer)
    client.post(VERIFY, {"code": app_code(device, 1)})
    response = client.post(CODES)
    assert response["Location"] == CODES
    page = client.get(CODES).content.decode()
    new = list(StaticToken.objects.filter(device__user=officer).values_list("token", flat=True))
    assert len(new) == 10 and not set(new) & set(old)
    assert all(code in page for code in new)

    client.post(reverse("accounts:logout"))
    sign_in_with_password(officer)
    assert_error(client.post(VERIFY, {"code": old[0]}), "code", "not right")
    StaticDevice.objects.filter(user=officer).update(throttling_failure_timestamp=None)
    assert client.post(VERIFY, {"code": new[0]})["Location"] == HOME
    assert "two_factor.codes_regenerated" in _verbs(officer)


def test_removing_it_sends_a_required_role_back_to_set_up(
    mfa_on, officer, with_app, client, sign_in_with_password
):
    device, _ = with_app(officer)
    sign_in_with_password(officer)
    client.post(VERIFY, {"code": app_code(device, 1)})
    assert (
        "Remove two-factor sign-in"
        in client.get(reverse("accounts:two_factor_remove")).content.decode()
    )
    response = client.post(reverse("accounts:two_factor_remove"))
    assert response["Location"] == SETUP
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert not StaticDevice.objects.filter(user=officer).exists()
    assert client.get(HOME)["Location"].startswith(SETUP)
    assert "two_factor.removed" in _verbs(officer)


def test_administrator_resets_someone_who_must_then_set_up_again(
    mfa_on, officer, make_user, with_app, client, sign_in_with_password, django_user_model
):
    from django.test import Client

    admin = make_user("alex", Role.ADMINISTRATOR)
    admin_device, _ = with_app(admin)
    device, _ = with_app(officer)
    officer_client = Client()
    officer_client.post(
        reverse("accounts:login"), {"username": "priya", "password": "a-long-password-for-tests-1"}
    )
    officer_client.post(VERIFY, {"code": app_code(device, 1)})
    assert officer_client.get(HOME).status_code == 200

    sign_in_with_password(admin)
    client.post(VERIFY, {"code": app_code(admin_device, 1)})
    users = client.get(reverse("accounts:user_list")).content.decode()
    reset_url = reverse("accounts:user_two_factor_reset", args=[officer.pk])
    assert reset_url in users
    assert "has two-factor sign-in set up, with 10 recovery codes left" in (
        client.get(reset_url).content.decode()
    )
    assert_error(client.post(reset_url, {"reason": ""}), "reason", "Enter why you are resetting")
    response = client.post(reset_url, {"reason": "Lost phone, checked by telephone"})
    assert response["Location"] == reverse("accounts:user_list")
    event = Event.objects.get(verb="two_factor.reset")
    assert (event.actor, event.target_id, event.reason) == (
        admin,
        str(officer.pk),
        "Lost phone, checked by telephone",
    )
    # The officer's verified session no longer counts: set up again before any page.
    assert officer_client.get(HOME)["Location"].startswith(SETUP)
    # Only administrators may reset.
    assert officer_client.get(reset_url).status_code in (302, 403)


def test_only_administrators_open_the_reset_page(officer, make_user, client):
    viewer = make_user("vic", Role.VIEWER)
    client.force_login(viewer)
    url = reverse("accounts:user_two_factor_reset", args=[officer.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "x"}).status_code == 403


def test_next_never_leaves_the_site(mfa_on, officer, with_app, client, sign_in_with_password):
    device, _ = with_app(officer)
    sign_in_with_password(officer)
    response = client.post(
        VERIFY + "?next=https://evil.example.org/", {"code": app_code(device, 1)}
    )
    assert response["Location"] == HOME


def test_with_mfa_off_a_required_role_signs_in_with_the_password_alone(
    officer, client, sign_in_with_password, settings
):
    assert settings.MFA_REQUIRED is False  # the test settings' default
    sign_in_with_password(officer)
    assert client.get(HOME).status_code == 200


@pytest.mark.parametrize(("debug", "expected"), [("0", "True"), ("1", "False")])
def test_mfa_required_defaults_to_on_without_debug(tmp_path, debug, expected):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "MFA_REQUIRED", "DATABASE_URL"}
    }
    environment.update(
        DEBUG=debug,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="x.example.org",
        SOCIALVALUE_VAR_DIR=str(tmp_path),
    )
    code = "from django.conf import settings; print(settings.MFA_REQUIRED)"
    result = subprocess.run(
        [sys.executable, "-m", "socialvalue.cli", "shell", "--no-imports", "-c", code],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip().splitlines()[-1] == expected, result.stderr


def test_with_mfa_off_someone_who_set_it_up_is_still_asked_for_a_code(
    officer, with_app, client, sign_in_with_password
):
    device, _ = with_app(officer)
    sign_in_with_password(officer)
    assert client.get(HOME)["Location"].startswith(VERIFY)
    assert client.post(VERIFY, {"code": app_code(device, 1)})["Location"] == HOME
    assert client.get(HOME).status_code == 200


def test_devices_are_not_in_the_django_admin(db, django_user_model, client):
    from django.contrib import admin

    assert not admin.site.is_registered(TOTPDevice)
    assert not admin.site.is_registered(StaticDevice)
    root = django_user_model.objects.create_superuser("root", "root@example.org", "x" * 14)
    client.force_login(root)  # MFA_REQUIRED is off here: this is about the admin's contents
    assert client.get("/django-admin/otp_totp/totpdevice/").status_code == 404
