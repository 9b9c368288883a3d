"""Security headers (issue 11, item 9): a Content-Security-Policy with no inline script or
style, a Permissions-Policy, and HSTS preload/includeSubDomains only when asked for."""

from __future__ import annotations

import secrets
from html.parser import HTMLParser

import pytest

from socialvalue.accounts.models import User
from socialvalue.accounts.roles import Role
from tests.config.test_settings import _run
from tests.conftest import ROLE_USERNAMES
from tests.pages import PAGES

CSP_DIRECTIVES = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
}


def _directives(header: str) -> set[str]:
    return {part.strip() for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("signed_in", [False, True])
def test_pages_carry_the_csp_and_permissions_policy(client_for, client, signed_in):
    url = "/accounts/login/"  # the page a visitor signs in on
    if signed_in:
        client, url = client_for(Role.PROCUREMENT_OFFICER), "/"
    response = client.get(url)
    assert response.status_code == 200
    csp = _directives(response["Content-Security-Policy"])
    assert csp >= CSP_DIRECTIVES
    assert not any("unsafe-inline" in d or "unsafe-eval" in d for d in csp)
    policy = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_downloads_carry_the_headers_too(demo, client):
    response = client.get("/opportunities.csv")
    assert response.status_code == 200
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]


class _Inline(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' would block."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        if tag == "script" and "src" not in names:
            types = {value for name, value in attrs if name == "type"}
            if not types & {"application/json", "application/ld+json"}:
                self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style>")
        if "style" in names:
            self.found.append(f"style= on <{tag}>")
        self.found += [f"{name}= on <{tag}>" for name in names if name.startswith("on")]
        if any(
            name in {"href", "src", "action"} and (value or "").lower().startswith("javascript:")
            for name, value in attrs
        ):
            self.found.append(f"javascript: URL on <{tag}>")


def test_no_page_of_the_role_matrix_has_inline_script_or_style(demo, client):
    """Every HTML page of the page tables, opened by a role that may see it: nothing a CSP
    without 'unsafe-inline' would block."""
    pages = [page for page in PAGES if page.html]
    assert len(pages) > 100
    found = {}
    for page in pages:
        url = page.url()
        if page.public:
            client.logout()
        else:
            role = Role.ADMINISTRATOR if Role.ADMINISTRATOR in page.roles else min(page.roles)
            client.force_login(User.objects.get(username=ROLE_USERNAMES[role]))
        response = client.get(url)
        if response.status_code == 302:  # the sign-in page sends a signed-in user home
            continue
        assert response.status_code == 200, (page.name, response.status_code)
        parser = _Inline()
        parser.feed(response.content.decode())
        if parser.found:
            found[page.name] = sorted(set(parser.found))
    assert found == {}


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "False False"),
        ({"SECURE_HSTS_PRELOAD": "1", "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1"}, "True True"),
    ],
)
def test_hsts_preload_and_subdomains_are_off_unless_asked_for(tmp_path, env, expected):
    code = (
        "from django.conf import settings; "
        "print(settings.SECURE_HSTS_PRELOAD, settings.SECURE_HSTS_INCLUDE_SUBDOMAINS)"
    )
    result = _run(
        "shell",
        "--no-imports",
        "-c",
        code,
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="x.example.org",
        SOCIALVALUE_VAR_DIR=str(tmp_path),
        **env,
    )
    assert result.stdout.strip().splitlines()[-1] == expected, result.stderr
