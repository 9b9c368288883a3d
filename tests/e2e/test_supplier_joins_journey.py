"""A small firm finds the service signed out, registers its organisation from the public
home page, confirms its e-mail address with the link from the e-mail, and signs in: in the
browser, each step scanned with axe."""

from __future__ import annotations

import re

from django.core import mail

from socialvalue.accounts.models import User
from socialvalue.suppliers.models import Supplier
from tests.e2e.conftest import axe_violations

PASSWORD = "a long passphrase of words"


def test_supplier_registers_from_the_public_home_and_signs_in(db, live_server, page, settings):
    settings.SITE_URL = live_server.url
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "Selling to us and the social value we buy"
    assert page.get_by_role("link", name="Tenders open for bids").count() >= 1
    assert axe_violations(page) == []

    page.locator("#register-link").click()
    assert page.locator("h1").inner_text() == "Register your organisation"
    page.fill("#id_first_name", "Asha")
    page.fill("#id_last_name", "Patel")
    page.fill("#id_email", "asha@ribble.example.org")
    page.fill("#id_password", PASSWORD)
    page.fill("#id_password_again", "not the same")
    page.fill("#id_organisation_name", "Ribble Valley Repairs Ltd")
    page.fill("#id_companies_house_number", "01234567")
    page.fill("#id_postcode", "BB7 2AA")
    page.fill("#id_employees", "12")
    page.get_by_label("Private limited company").check()
    page.get_by_role("button", name="Register").click()
    summary = page.locator(".govuk-error-summary")
    assert summary.get_by_role("link", name="The two passwords do not match").count() == 1
    assert axe_violations(page) == []
    page.fill("#id_password", PASSWORD)
    page.fill("#id_password_again", PASSWORD)
    page.get_by_role("button", name="Register").click()
    assert page.locator("h1").inner_text() == "Check your email"
    assert not User.objects.get(email="asha@ribble.example.org").is_active

    [message] = mail.outbox
    link = re.search(re.escape(live_server.url) + r"/join/confirm/\S+", message.body).group(0)
    page.goto(link)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Confirm my email address").click()
    assert "You have registered" in page.locator("h1").inner_text()
    supplier = Supplier.objects.get(name="Ribble Valley Repairs Ltd")
    assert supplier.postcode == "BB7 2AA" and supplier.employees == 12

    page.get_by_role("button", name="Sign in").click()  # the panel's sign-in button
    page.fill("#id_username", "asha@ribble.example.org")
    page.fill("#id_password", PASSWORD)
    page.locator("form").get_by_role("button", name="Sign in").click()
    assert page.locator("h1").inner_text() == "What you need to do"
    assert "for Ribble Valley Repairs Ltd" in page.locator("main").inner_text()
    assert page.get_by_role("link", name="Invite a colleague").count() == 1
