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
def narrow(browser, live_server, client):
    from django.conf import settings

    from socialvalue.accounts.models import User
    from tests.conftest import ROLE_USERNAMES

    context = browser.new_context(viewport={"width": NARROW, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    client.force_login(User.objects.get(username=ROLE_USERNAMES[Role.ADMINISTRATOR]))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )
    yield page
    context.close()


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
