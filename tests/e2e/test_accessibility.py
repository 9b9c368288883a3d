"""Every page, opened by a role that may see it, has no serious or critical axe violation."""

from __future__ import annotations

import pytest

from socialvalue.accounts.roles import Role
from tests.e2e.conftest import axe_violations
from tests.e2e.dates import fill_date
from tests.pages import PAGES

# One role per page is enough for the scan; the role matrix test covers who may open what.
SCAN_ROLE_ORDER = [
    Role.ADMINISTRATOR,
    Role.VIEWER,
    Role.SUPPLIER,
    Role.PROCUREMENT_OFFICER,
    Role.EVALUATOR,
    Role.CONTRACT_MANAGER,
]


def _pages_by_role() -> dict[Role, list]:
    grouped: dict[Role, list] = {}
    for page in PAGES:
        if not page.html:
            continue
        role = next(r for r in SCAN_ROLE_ORDER if r in page.roles)
        grouped.setdefault(role, []).append(page)
    return grouped


# Pages scanned by one test: the administrator alone opens about 200, which would make one
# test of two minutes that pytest-xdist cannot share between its workers.
BATCH = 25


def _batches() -> list[tuple[Role, int]]:
    return [
        (role, start)
        for role, pages in _pages_by_role().items()
        for start in range(0, len(pages), BATCH)
    ]


def test_the_batches_cover_every_page_once():
    scanned = [
        page.name
        for role, start in _batches()
        for page in _pages_by_role()[role][start : start + BATCH]
    ]
    assert sorted(scanned) == sorted(page.name for page in PAGES if page.html)


@pytest.mark.parametrize(
    ("role", "start"), _batches(), ids=lambda v: v.name.lower() if isinstance(v, Role) else str(v)
)
def test_pages_have_no_serious_accessibility_violations(demo, live_server, sign_in, role, start):
    browser_page = sign_in(role)
    failures = {}
    for page in _pages_by_role()[role][start : start + BATCH]:
        if page.public:
            browser_page.context.clear_cookies()
        browser_page.goto(live_server.url + page.url())
        assert browser_page.locator("h1").count() == 1, f"{page.name} needs exactly one h1"
        violations = axe_violations(browser_page)
        if violations:
            failures[page.name] = violations
        if page.public:
            sign_in(role)
    assert failures == {}


def test_role_home_pages_scan_clean(demo, live_server, sign_in):
    for role in Role:
        browser_page = sign_in(role)
        browser_page.goto(live_server.url + "/")
        assert axe_violations(browser_page) == [], role


def test_form_errors_scan_clean_and_link_to_the_field(demo, live_server, sign_in):
    browser_page = sign_in(Role.ADMINISTRATOR)
    browser_page.goto(live_server.url + "/policy/plan-periods/new/")
    browser_page.fill("#id_title", "Plan 2029")
    fill_date(browser_page, "id_starts_on", "2029-03-31")
    fill_date(browser_page, "id_ends_on", "2025-04-01")
    browser_page.get_by_role("button", name="Save").click()
    summary = browser_page.locator(".govuk-error-summary")
    assert summary.is_visible()
    link = summary.get_by_role("link", name="The end date must be on or after the start date")
    assert link.get_attribute("href") == "#id_ends_on"
    assert axe_violations(browser_page) == []


def test_the_scan_does_catch_a_violation(page):
    # Guards the harness itself: a form field with no label must be reported.
    page.set_content(
        '<html lang="en"><head><title>t</title></head><body><main><h1>x</h1>'
        '<input type="text"></main></body></html>'
    )
    assert [v["id"] for v in axe_violations(page)] == ["label"]
