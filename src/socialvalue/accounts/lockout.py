"""Sign-in lockout (django-axes), made to work behind the TLS proxy and against one password
tried across many usernames. docs/deployment.md "Sign-in lockout" explains the settings.

* ``client_ip_address``: the address a failure is counted against. Behind the proxy
  (``BEHIND_TLS_PROXY``) every request comes from the proxy's address, so the client's is
  the right-most address of X-Forwarded-For, the one the proxy appended; anything left of
  it was sent by the client and is not trusted. Without the proxy the header is ignored.
* ``LockoutHandler``: axes' database handler with a limit per lockout parameter set: the
  username+address pair locks at ``AXES_FAILURE_LIMIT``, the address alone (any username)
  at the higher ``AXES_ADDRESS_FAILURE_LIMIT``. Signing in successfully clears the pair's
  failures only, never the address's: an attacker with one good password cannot reset it.
* ``locked_out``: the page that says what happened and when to try again (status 429).
"""

from __future__ import annotations

import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off, get_failure_limit, get_lockout_parameters
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

ADDRESS = "ip_address"  # the lockout parameter set of the address alone


def client_ip_address(request: HttpRequest) -> str | None:
    """The client's address: behind the TLS proxy the one the proxy appended to
    X-Forwarded-For, else REMOTE_ADDR."""
    remote = request.META.get("REMOTE_ADDR")
    if not getattr(settings, "BEHIND_TLS_PROXY", False):
        return remote
    appended = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1].strip()
    try:
        return str(ipaddress.ip_address(appended))
    except ValueError:  # no header (a request that bypassed the proxy) or not an address
        return remote


def _own_limit(parameter, failure_limit: int) -> int:
    if parameter == ADDRESS:
        return int(getattr(settings, "AXES_ADDRESS_FAILURE_LIMIT", failure_limit))
    return failure_limit


class LockoutHandler(AxesDatabaseHandler):
    """Each lockout parameter set against its own limit (axes has one limit for all)."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        """The failures as axes compares them with AXES_FAILURE_LIMIT: each set's count
        scaled to that limit, so that the result reaches it when any set reaches its own."""
        limit = get_failure_limit(request, credentials)
        parameters = get_lockout_parameters(request, credentials)
        attempts_list = self.get_user_attempts(request, credentials)
        scaled = [0]
        for parameter, attempts in zip(parameters, attempts_list, strict=True):
            count = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            scaled.append(count * limit // _own_limit(parameter, limit))
        return max(scaled)

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        """After a successful sign-in: clear that username's failures from that address."""
        parameters = get_lockout_parameters(request, credentials)
        attempts_list = self.filter_user_attempts(request, credentials)
        count = 0
        for parameter, attempts in zip(parameters, attempts_list, strict=True):
            if parameter != ADDRESS:
                count += attempts.delete()[0]
        return count


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """What happened, and from when the user may try again (each try restarts the wait)."""
    cool_off = get_cool_off(request)
    minutes = round(cool_off.total_seconds() / 60) if cool_off else None
    until = timezone.localtime(timezone.now() + cool_off) if cool_off else None
    context = {"minutes": minutes, "until": until}
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, context, status=429)
