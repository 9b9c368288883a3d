"""Two-factor sign-in with django-otp: who must use it, setting it up, the code step at sign-in,
recovery codes, and removing or resetting it (docs/roles.md).

A person's second factor is an authenticator app (a confirmed ``TOTPDevice``) plus ten
single-use recovery codes (one ``StaticDevice``). django-otp keeps the devices, throttles
wrong codes on each device and marks a session verified (``otp_login``); this module is the
one place that decides what our pages do with them. Every action records one audit event.
"""

from __future__ import annotations

import math
import re
from base64 import b32encode
from dataclasses import dataclass
from datetime import datetime

import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from socialvalue.accounts.models import User
from socialvalue.accounts.predicates import has_two_factor_role
from socialvalue.audit.events import AuditEvent
from socialvalue.audit.services import event_record
from socialvalue.core.errors import DomainError, NotAllowed

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
CODES_DEVICE_NAME = "Recovery codes"
APP_CODE = re.compile(r"^[0-9]{6}$")
RECOVERY_CODE = re.compile(r"^[a-z2-7]{8}$")  # django-otp's StaticToken.random_token()


# --- Who must use it --------------------------------------------------------------------


def two_factor_required(user) -> bool:
    """Whether ``user`` must set up two-factor sign-in before opening any page.

    Only when ``MFA_REQUIRED`` is on: the roles in ``TWO_FACTOR_ROLES`` and anyone who may use
    the Django admin (staff, superusers). Someone who set it up by choice is asked for a code
    anyway (``has_two_factor``)."""
    if not settings.MFA_REQUIRED or not user.is_authenticated:
        return False
    return bool(user.is_superuser or user.is_staff or has_two_factor_role(user))


def has_two_factor(user) -> bool:
    """The user has a confirmed second factor, so every sign-in asks for a code."""
    return user.is_authenticated and user_has_device(user, confirmed=True)


def normalise_code(value: str) -> str:
    """What a person types, as the devices store it: no spaces or dashes, lower case."""
    return re.sub(r"[\s-]", "", value or "").lower()


# --- What the pages show ----------------------------------------------------------------


@dataclass(frozen=True)
class TwoFactorStatus:
    app: TOTPDevice | None  # the confirmed authenticator app, if any
    codes_left: int
    required: bool

    @property
    def is_on(self) -> bool:
        return self.app is not None


def status_of(user: User) -> TwoFactorStatus:
    app = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    codes_left = StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
    return TwoFactorStatus(app=app, codes_left=codes_left, required=two_factor_required(user))


def qr_code_svg(device: TOTPDevice) -> SafeString:
    """The device's set-up address as an inline SVG QR code (no image file, no JavaScript)."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=4, dark="#0b0c0c", light="#ffffff", svgclass="sv-qr-code"
    )
    label = 'role="img" aria-label="QR code to scan with your authenticator app" '
    return mark_safe(svg.replace("<svg ", "<svg " + label, 1))  # noqa: S308  (segno's own SVG)


def secret_key_text(device: TOTPDevice) -> str:
    """The secret key for typing into an app by hand: base32 in groups of four."""
    key = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


# --- Actions ----------------------------------------------------------------------------


def setup_start(*, user: User) -> TOTPDevice:
    """The not-yet-confirmed authenticator app whose key the set-up page shows.

    Made once and reused until it is confirmed, so reloading the page keeps the same QR code
    (and wrong codes typed during set-up are throttled like any other)."""
    if has_two_factor(user):
        raise DomainError(
            "Two-factor sign-in is already set up. Remove it first to start again.",
            code="two_factor.already_set_up",
        )
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def setup_confirm(*, user: User, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the app with a code it shows; returns the device and the new recovery codes,
    which are shown once and never again."""
    code = normalise_code(code)
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .order_by("pk")
            .first()
        )
        if device is None or has_two_factor(user):
            raise DomainError(
                "This set-up has expired. Scan the new QR code on this page, then enter the "
                "code the app shows.",
                field="code",
                code="two_factor.set_up_expired",
            )
        refusal = _check_code(device, code, user=user, what="authenticator app set-up")
        if refusal is None:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = _new_recovery_codes(user)
            event_record(actor=user, verb=AuditEvent.TWO_FACTOR_SET_UP, target=user)
    # Outside the transaction: the throttle count and the audit event of a refusal stay.
    if refusal is not None:
        raise DomainError(refusal, field="code", code="two_factor.code_refused")
    return device, codes


def code_verify(*, user: User, code: str) -> TOTPDevice | StaticDevice:
    """The sign-in step: a 6-digit code from the app, or a recovery code (which then stops
    working). Returns the device that accepted it, for ``django_otp.login``."""
    code = normalise_code(code)
    is_recovery = RECOVERY_CODE.match(code) is not None
    model = StaticDevice if is_recovery else TOTPDevice
    what = "recovery code" if is_recovery else "authenticator app"
    with transaction.atomic():
        device = (
            model.objects.select_for_update()
            .filter(user=user, confirmed=True)
            .order_by("pk")
            .first()
        )
        if device is None:
            refusal = (
                "You have no recovery codes left. Enter the code from your authenticator app."
                if is_recovery
                else "Enter a recovery code: you have no authenticator app set up."
            )
            event_record(
                actor=user,
                verb=AuditEvent.TWO_FACTOR_CODE_REFUSED,
                target=user,
                data={"device": what},
            )
        else:
            refusal = _check_code(device, code, user=user, what=what)
        if refusal is None and is_recovery:
            left = device.token_set.count()
            event_record(
                actor=user,
                verb=AuditEvent.TWO_FACTOR_RECOVERY_CODE_USED,
                target=user,
                data={"codes_left": left},
            )
    if refusal is not None:
        raise DomainError(refusal, field="code", code="two_factor.code_refused")
    return device


@transaction.atomic
def recovery_codes_regenerate(*, user: User) -> list[str]:
    """New recovery codes for the user; the old ones stop working at once."""
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise DomainError("Set up two-factor sign-in first.", code="two_factor.not_set_up")
    codes = _new_recovery_codes(user)
    event_record(actor=user, verb=AuditEvent.TWO_FACTOR_CODES_REGENERATED, target=user)
    return codes


@transaction.atomic
def two_factor_remove(*, user: User) -> None:
    """The user removes their own app and recovery codes (to set up a new phone, say)."""
    removed = _delete_devices(user)
    if not removed:
        raise DomainError(
            "You do not have two-factor sign-in set up.", code="two_factor.not_set_up"
        )
    event_record(
        actor=user, verb=AuditEvent.TWO_FACTOR_REMOVED, target=user, data={"devices": removed}
    )


@transaction.atomic
def two_factor_reset(*, actor: User, user: User, reason: str) -> None:
    """An administrator removes someone's second factor (a lost phone): they must set it up
    again at their next page if their role requires it."""
    if not actor.has_perm("accounts.manage_users"):
        raise NotAllowed("Only an administrator can reset someone's two-factor sign-in.")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            "Enter why you are resetting two-factor sign-in",
            field="reason",
            code="two_factor.reset_reason_missing",
        )
    removed = _delete_devices(user)
    event_record(
        actor=actor,
        verb=AuditEvent.TWO_FACTOR_RESET,
        target=user,
        reason=reason,
        data={"devices": removed},
    )


def devices_out_of_django_admin() -> None:
    """django-otp's plugins list the devices in the Django admin, where changing one would go
    round the audited reset above: take them out (called once the admin has loaded)."""
    from django.contrib import admin

    for model in (TOTPDevice, StaticDevice):
        if admin.site.is_registered(model):
            admin.site.unregister(model)


# --- Helpers ----------------------------------------------------------------------------


def _check_code(device, code: str, *, user: User, what: str) -> str | None:
    """None when the device accepts ``code``; otherwise the message for the person, after
    auditing the refusal. django-otp counts the failure and makes the next try wait."""
    allowed, info = device.verify_is_allowed()
    if not allowed:
        event_record(
            actor=user,
            verb=AuditEvent.TWO_FACTOR_THROTTLED,
            target=user,
            data={"device": what, "failures": device.throttling_failure_count},
        )
        return _wait_message((info or {}).get("locked_until"))
    if device.verify_token(code):
        return None
    event_record(
        actor=user,
        verb=AuditEvent.TWO_FACTOR_CODE_REFUSED,
        target=user,
        data={"device": what, "failures": device.throttling_failure_count},
    )
    if what == "recovery code":
        return "That recovery code is not right, or it has been used already."
    return (
        "That code is not right. Enter the 6-digit code your authenticator app shows now "
        "(codes change every 30 seconds)."
    )


def _wait_message(until: datetime | None) -> str:
    seconds = max(1, math.ceil((until - timezone.now()).total_seconds())) if until else 1
    if seconds < 60:
        wait = f"{seconds} second{'s' if seconds != 1 else ''}"
    else:
        minutes = math.ceil(seconds / 60)
        wait = f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"Too many wrong codes in a row. Wait {wait} and try again."


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=CODES_DEVICE_NAME, confirmed=True)
    codes: set[str] = set()
    while len(codes) < RECOVERY_CODE_COUNT:
        codes.add(StaticToken.random_token())
    ordered = sorted(codes)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in ordered)
    return ordered


def _delete_devices(user: User) -> int:
    """Delete all the user's devices; returns how many confirmed ones there were."""
    confirmed = 0
    for model in (TOTPDevice, StaticDevice):
        devices = model.objects.filter(user=user)
        confirmed += devices.filter(confirmed=True).count()
        devices.delete()
    return confirmed
