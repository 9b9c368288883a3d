"""Browser tests: Playwright driving Debian's chromium against pytest-django's live server.

Playwright's own browser download cannot run here, so the tests use /usr/bin/chromium
(`apt-get install chromium`; `make test` installs it). axe-core is injected from the copy in
tests/e2e/vendor (refreshed by scripts/update-frontend.sh).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from socialvalue.accounts.models import User
from tests.conftest import ROLE_USERNAMES

# Playwright's sync API runs an event loop; the live server and the ORM are called from the
# test thread, which Django would otherwise refuse as "async context".
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE_JS = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run `make test` or apt-get install chromium"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    # Chromium reports what the Content-Security-Policy blocked on the console.
    blocked: list[str] = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    context.close()
    assert blocked == [], "the Content-Security-Policy blocked something on a page"


@pytest.fixture
def sign_in(page, live_server, client):
    """Sign a demo user of a role in by giving the browser a real session cookie."""

    def sign_in_as(role):
        client.force_login(User.objects.get(username=ROLE_USERNAMES[role]))
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
        )
        return page

    return sign_in_as


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core on the page and return the violations of the given impacts."""
    # Evaluated through DevTools, not added as an inline <script> (which the CSP refuses).
    page.evaluate(AXE_JS)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in impacts
    ]
