"""Fixtures for the two-factor sign-in tests: users of each kind without the (slow) demo data,
the real sign-in page, and codes computed with django-otp's own TOTP function."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from socialvalue.accounts.models import User
from socialvalue.accounts.roles import Role
from socialvalue.accounts.services import user_create
from socialvalue.accounts.two_factor import setup_confirm, setup_start

PASSWORD = "a-long-password-for-tests-1"


@pytest.fixture
def mfa_on(settings):
    settings.MFA_REQUIRED = True
    return settings


@pytest.fixture
def make_user(db):
    def make(username: str, role: Role, supplier=None) -> User:
        return user_create(
            actor=None,
            username=username,
            email=f"{username}@example.org",
            role=role,
            supplier=supplier,
            password=PASSWORD,
        )

    return make


@pytest.fixture
def officer(make_user) -> User:
    return make_user("priya", Role.PROCUREMENT_OFFICER)


@pytest.fixture
def supplier_user(make_user) -> User:
    from socialvalue.suppliers.models import Supplier

    return make_user("sam", Role.SUPPLIER, Supplier.objects.create(name="Ribble Valley Ltd"))


def app_code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the person's app shows now (or ``steps_ahead`` 30-second steps later)."""
    device.refresh_from_db()
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead)
    return str(code).zfill(device.digits)


def wrong_code(device: TOTPDevice) -> str:
    """A 6-digit code that none of the steps the device accepts would show."""
    accepted = {app_code(device, step) for step in (-1, 0, 1, 2)}
    return next(c for c in ("000000", "111111", "222222", "333333", "444444") if c not in accepted)


@pytest.fixture
def with_app():
    """Give a user a confirmed authenticator app and recovery codes, as the set-up page does."""

    def set_up(user: User) -> tuple[TOTPDevice, list[str]]:
        device = setup_start(user=user)
        return setup_confirm(user=user, code=app_code(device))

    return set_up


@pytest.fixture
def sign_in_with_password(client):
    def sign_in(user: User, next_url: str = ""):
        url = reverse("accounts:login") + (f"?next={next_url}" if next_url else "")
        response = client.post(url, {"username": user.username, "password": PASSWORD})
        assert response.status_code == 302, response.content.decode()[:2000]
        return response

    return sign_in
