"""Under the Content-Security-Policy, GOV.UK Frontend still starts from the static files that
replaced base.html's inline scripts (the page fixture fails on anything the policy blocks)."""

from __future__ import annotations

from socialvalue.accounts.roles import Role


def test_govuk_frontend_starts_under_the_policy(demo, live_server, sign_in):
    page = sign_in(Role.PROCUREMENT_OFFICER)
    response = page.goto(live_server.url + "/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    body_classes = page.evaluate("document.body.className").split()
    assert {"js-enabled", "govuk-frontend-supported"} <= set(body_classes)
    # initAll() marks each component it starts.
    page.wait_for_selector(".govuk-skip-link[data-govuk-skip-link-init]", state="attached")
    assert page.locator("[data-govuk-service-navigation-init]").count() == 1
