"""Pages on a 390 px phone screen: wide tables scroll in their own box, the page does not."""

from __future__ import annotations

import pytest

from socialvalue.accounts.roles import Role
from tests.pages import PAGES

NARROW = 390
# The widest tables: the evaluation results, the delivery dashboard, spend, the audit log.
WIDE_PAGES = ["results", "delivery dashboard", "spend figures", "audit log"]


def _page(name: str):
    return next(p for p in PAGES if p.name == name)


@pytest.fixture
def narrow_as(browser, live_server, client):
    """A 390 px wide browser page signed in as the demo user of a role."""
    from django.conf import settings

    from socialvalue.accounts.models import User
    from tests.conftest import ROLE_USERNAMES

    context = browser.new_context(viewport={"width": NARROW, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)

    def sign_in(role: Role):
        context.clear_cookies()
        client.force_login(User.objects.get(username=ROLE_USERNAMES[role]))
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
        )
        return page

    yield sign_in
    context.close()


@pytest.fixture
def narrow(narrow_as):
    return narrow_as(Role.ADMINISTRATOR)


def _scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_results_page_fits_390_px(demo, live_server, narrow):
    narrow.goto(live_server.url + _page("results").url())
    table = narrow.locator("#results-table")
    assert table.is_visible()
    assert _scroll_width(narrow) <= NARROW
    # The table itself is wider than the screen and scrolls inside its labelled box.
    box = narrow.locator(".sv-table-scroll", has=table)
    assert box.get_attribute("role") == "region"
    assert box.get_attribute("aria-label") == "Scores and ranking of the bids"
    assert box.get_attribute("tabindex") == "0"
    assert box.evaluate("e => e.scrollWidth > e.clientWidth")
    box.focus()
    narrow.keyboard.press("ArrowRight")  # a keyboard user scrolls the focused box
    narrow.wait_for_function(
        "() => document.querySelector('.sv-table-scroll:has(#results-table)').scrollLeft > 0"
    )


@pytest.mark.parametrize("name", WIDE_PAGES[1:])
def test_wide_pages_fit_390_px(demo, live_server, narrow, name):
    narrow.goto(live_server.url + _page(name).url())
    assert narrow.locator(".sv-table-scroll").count() > 0
    assert _scroll_width(narrow) <= NARROW, name


def test_every_page_fits_390_px(demo, live_server, narrow_as):
    """Every page of the role matrix, opened by one role that may see it."""
    order = [Role.ADMINISTRATOR, Role.SUPPLIER, Role.EVALUATOR, Role.CONTRACT_MANAGER]
    too_wide = {}
    for role in order:
        page = narrow_as(role)
        for listed in PAGES:
            if not listed.html or next((r for r in order if r in listed.roles), None) != role:
                continue
            page.goto(live_server.url + listed.url())
            if _scroll_width(page) > NARROW:
                too_wide[listed.name] = _scroll_width(page)
    assert too_wide == {}
