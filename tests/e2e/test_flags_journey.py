"""A board member reads the red flags; a procurement officer filters them, reads one's
evidence and dismisses it with a reason. The pages pass the accessibility scan."""

from __future__ import annotations

import os

from playwright.sync_api import expect

from socialvalue.accounts.roles import Role
from socialvalue.flags.models import Flag, FlagStatus
from tests.e2e.conftest import axe_violations


def test_officer_dismisses_a_flag_with_a_reason(demo, live_server, sign_in):
    page = sign_in(Role.VIEWER)
    page.goto(live_server.url + "/flags/")
    assert axe_violations(page) == []
    assert "Single bid received (R018)" in page.locator("main").inner_text()
    assert page.get_by_role("button", name="Compute the flags now").count() == 0

    page = sign_in(Role.PROCUREMENT_OFFICER)
    page.goto(live_server.url + "/flags/")
    if os.environ.get("FLAGS_SCREENSHOT"):
        page.screenshot(path=os.environ["FLAGS_SCREENSHOT"] + ".list.png", full_page=True)
    page.get_by_label("Kind of flag").select_option("R018")
    page.get_by_role("button", name="Filter").click()
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(1)  # count() would not wait for the filtered page
    rows.get_by_role("link").click()
    assert axe_violations(page) == []
    assert "Bids received" in page.locator("main").inner_text()
    if os.environ.get("FLAGS_SCREENSHOT"):
        page.screenshot(path=os.environ["FLAGS_SCREENSHOT"], full_page=True)
    page.get_by_label("Dismissed: there is a good explanation").check()
    page.fill("#id_reason", "One firm in the county does drainage surveys.")
    page.get_by_role("button", name="Save the decision").click()
    assert "Decision saved" in page.locator(".govuk-notification-banner").inner_text()
    flag = Flag.objects.get(code="R018")
    assert flag.status == FlagStatus.DISMISSED
