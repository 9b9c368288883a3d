"""An officer whose role needs two-factor sign-in sets it up and signs in with it, in the
browser, with MFA_REQUIRED on; every step scans clean with axe."""

from __future__ import annotations

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from socialvalue.accounts.roles import Role
from socialvalue.accounts.services import user_create
from tests.e2e.conftest import axe_violations

PASSWORD = "a-long-password-for-tests-1"


def _code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    device.refresh_from_db()
    return str(
        totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead)
    ).zfill(6)


def _sign_in(page, live_server) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", "priya")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_officer_sets_up_and_signs_in_with_two_factor(db, live_server, page, settings):
    settings.MFA_REQUIRED = True
    user_create(
        actor=None,
        username="priya",
        email="priya@example.org",
        role=Role.PROCUREMENT_OFFICER,
        password=PASSWORD,
    )
    _sign_in(page, live_server)
    assert page.locator("h1").inner_text() == "Set up two-factor sign-in"
    assert page.locator("svg[role=img]").count() == 1
    assert axe_violations(page) == []

    page.fill("#id_code", "12ab")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    summary = page.locator(".govuk-error-summary")
    link = summary.get_by_role("link", name="The code must be 6 numbers, for example 123456")
    assert link.get_attribute("href") == "#id_code"
    assert axe_violations(page) == []

    device = TOTPDevice.objects.get(user__username="priya", confirmed=False)
    page.get_by_text("I cannot scan the QR code").click()
    typed_key = page.locator("#secret-key").inner_text().replace(" ", "")
    from base64 import b32encode

    assert typed_key == b32encode(device.bin_key).decode().rstrip("=")
    page.fill("#id_code", _code(device))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    assert page.locator("h1").inner_text() == "Your recovery codes"
    assert page.locator("#recovery-codes li").count() == 10
    assert axe_violations(page) == []
    page.get_by_role("button", name="I have saved my recovery codes").click()
    assert page.locator("h1").inner_text() == "What you need to do"

    page.get_by_role("button", name="Sign out (priya)").click()
    _sign_in(page, live_server)
    assert page.locator("h1").inner_text() == "Enter your sign-in code"
    assert axe_violations(page) == []
    page.fill("#id_code", _code(device, 1))
    page.get_by_role("button", name="Continue").click()
    assert page.locator("h1").inner_text() == "What you need to do"
    page.goto(live_server.url + "/accounts/two-factor/")
    assert "10 left" in page.locator(".govuk-summary-list").inner_text()
    assert axe_violations(page) == []
