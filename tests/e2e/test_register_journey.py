"""An officer builds the supplier register from the payments in a browser: ticks two payees
on the review, gives them to a supplier found by its number, and sees the register's
coverage grow. The register's pages scan clean and fit a 390 px screen."""

from __future__ import annotations

from socialvalue.accounts.roles import Role
from socialvalue.suppliers.models import Supplier
from tests.e2e.conftest import axe_violations
from tests.pages import PAGES

REGISTER_PAGES = [
    "unmatched suppliers",
    "supplier register",
    "supplier add from a payee",
    "supplier edit",
    "payee as a supplier's alias",
    "accept suggested suppliers",
]


def _covered(page) -> str:
    return page.locator("#register-coverage").inner_text()


def test_officer_gives_two_payees_to_one_supplier(demo, live_server, sign_in):
    supplier = Supplier.objects.create(name="Capita plc", companies_house_number="02081330")
    page = sign_in(Role.PROCUREMENT_OFFICER)
    page.goto(live_server.url + "/spend/unmatched-suppliers/")
    before = _covered(page)
    page.get_by_label("Select Capita  Business Services Ltd").check()
    page.get_by_label("Select Aon Uk Limited").check()
    page.get_by_role("button", name="Add the selected names to one supplier").click()
    assert page.locator("h1").inner_text() == "Add payees as another name of a supplier"
    assert axe_violations(page) == []
    page.get_by_label("Another supplier", exact=True).check()
    page.get_by_label("Another supplier: its name").fill("02081330")
    page.get_by_role("button", name="Add as another name of this supplier").click()
    assert "now count for Capita plc" in page.locator(".govuk-notification-banner").inner_text()
    assert _covered(page) != before
    assert sorted(supplier.alias_list) == ["Aon Uk Limited", "Capita  Business Services Ltd"]


def test_register_pages_scan_clean_and_fit_a_phone(demo, live_server, sign_in):
    page = sign_in(Role.ADMINISTRATOR)
    failures, too_wide = {}, {}
    for listed in (p for p in PAGES if p.name in REGISTER_PAGES):
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(live_server.url + listed.url())
            assert page.locator("h1").count() == 1, listed.name
            if width == 390:
                scroll = page.evaluate("document.documentElement.scrollWidth")
                if scroll > 390:
                    too_wide[listed.name] = scroll
            elif violations := axe_violations(page):
                failures[listed.name] = violations
    assert failures == {} and too_wide == {}
    assert len([p for p in PAGES if p.name in REGISTER_PAGES]) == len(REGISTER_PAGES)
