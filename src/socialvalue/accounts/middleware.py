"""Holds a signed-in session at the two-factor step it still owes (docs/roles.md).

After the password, a person who has two-factor sign-in set up must enter a code
(``accounts:two_factor_verify``); a person whose role requires it and who has not set it up
must do so (``accounts:two_factor_setup``); just after setting up, the recovery codes are shown
once (``accounts:two_factor_codes``). Until then every other page, the Django admin and the
session-signed API included, sends them to that step. Sign-in, sign-out, static files,
/healthz and the public pages stay open; public pages treat such a session as a visitor.
API requests signed with a token carry no session and are not affected.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import reverse

from socialvalue.accounts.two_factor import has_two_factor, two_factor_required

NEW_CODES_SESSION_KEY = "two_factor_new_codes"

STEP_VIEWS = {
    "verify": "accounts:two_factor_verify",
    "setup": "accounts:two_factor_setup",
    "codes": "accounts:two_factor_codes",
}
ALWAYS_OPEN = frozenset({"accounts:login", "accounts:logout"})
# Pages anyone may open without signing in (the public pages of tests/pages*.py).
PUBLIC_VIEWS = frozenset(
    {
        "procurement:pipeline",
        "procurement:pipeline_csv",
        "procurement:interest",
        "procurement:event_register",
        "procurement:event_list",
        "tendering:public_list",
        "tendering:public_detail",
        "joining:signup",
        "joining:signup_sent",
        "joining:confirm_email",
        "joining:invitation_accept",
        "joining:password_reset",
        "joining:password_reset_sent",
        "joining:password_reset_confirm",
        "joining:password_reset_done",
        "procurement:guidance_list",
        "procurement:guidance_detail",
        "api:docs",
        "api:schema",
    }
)
PUBLIC_NAMESPACES = frozenset({"transparency"})
OPEN_PATH_PREFIXES = ("/healthz",)


def step_owed(request) -> str | None:
    """The two-factor step this session must go through before other pages, or None."""
    user = request.user
    if not user.is_authenticated:
        return None
    if user.is_verified():
        return "codes" if NEW_CODES_SESSION_KEY in request.session else None
    if has_two_factor(user):
        return "verify"
    if two_factor_required(user):
        return "setup"
    return None


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith((settings.STATIC_URL, *OPEN_PATH_PREFIXES)):
            return None
        match = request.resolver_match
        view_name = match.view_name if match else ""
        if view_name in ALWAYS_OPEN or not request.user.is_authenticated:
            return None
        step = step_owed(request)
        if step is None or view_name == STEP_VIEWS[step]:
            return None
        if view_name in PUBLIC_VIEWS or (match and match.namespace in PUBLIC_NAMESPACES):
            request.user = AnonymousUser()  # a visitor until the second step is done
            return None
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse(STEP_VIEWS[step])}?{query}")
