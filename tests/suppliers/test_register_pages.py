"""The pages that build the register from the payments: the unmatched payees' review, a
payee added as a supplier or as another name of one, suggestions accepted in bulk, a
supplier's details edited. On the demo (one month of Hyndburn's payments)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from tests.conftest import about, assert_error

from socialvalue.accounts.roles import Role
from socialvalue.audit.models import Event
from socialvalue.spend.selectors import unmatched_suppliers
from socialvalue.suppliers.models import Supplier, SupplierAlias

REVIEW = "/spend/unmatched-suppliers/"
ALLIANCE = "Alliance Leisure Services Limited"  # the demo month's largest payee
CAPITA = "Capita  Business Services Ltd"


def _unmatched() -> list[str]:
    return [u.name for u in unmatched_suppliers(limit=None)]


def test_the_review_shows_coverage_largest_first_and_actions_for_officers(client_for):
    page = client_for(Role.PROCUREMENT_OFFICER).get(REVIEW).content.decode()
    assert "The register covers" in page and "of the spend" in page
    assert page.index(ALLIANCE) < page.index(CAPITA)
    assert f'name="payee" type="checkbox" value="{ALLIANCE}"' in page
    assert reverse("suppliers:supplier_create") + "?payee=Alliance%20Leisure" in page
    assert "Demo data:" in page  # the demo register's invented entries are labelled


def test_the_review_is_paginated(client_for):
    client = client_for(Role.VIEWER)
    first = client.get(REVIEW).content.decode()
    second = client.get(REVIEW + "?page=2").content.decode()
    names = _unmatched()
    assert len(names) > 25
    assert names[0] in first and names[0] not in second
    assert names[25] in second and names[25] not in first


def test_a_viewer_reads_the_review_but_gets_no_actions(client_for):
    page = client_for(Role.VIEWER).get(REVIEW).content.decode()
    assert ALLIANCE in page
    assert 'type="checkbox"' not in page and "Suggested supplier" not in page


def test_a_payee_is_added_as_a_new_supplier(client_for):
    client = client_for(Role.PROCUREMENT_OFFICER)
    url = reverse("suppliers:supplier_create") + "?" + urlencode({"payee": ALLIANCE})
    assert f'value="{ALLIANCE}"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "name": "Alliance Leisure Services Ltd",
            "postcode": "PR5 6AW",
            "size_band": "medium",
            "legal_form": "private_limited",
            "companies_house_number": "",
            "charity_number": "",
            "payee": ALLIANCE,
        },
    )
    assert response.status_code == 302 and response["Location"] == REVIEW
    supplier = Supplier.objects.get(name="Alliance Leisure Services Ltd")
    assert supplier.size_band == "medium" and supplier.postcode == "PR5 6AW"
    assert ALLIANCE not in _unmatched()
    assert Event.objects.filter(verb="supplier.created", **about(supplier)).exists()


def test_a_wrong_postcode_is_shown_on_its_field(client_for):
    url = reverse("suppliers:supplier_create")
    response = client_for(Role.ADMINISTRATOR).post(url, {"name": "Acme", "postcode": "PR1"})
    assert_error(response, "postcode", "is not a UK postcode")
    assert not Supplier.objects.filter(name="Acme").exists()


def test_several_payees_become_other_names_of_a_supplier_found_by_its_number(client_for):
    client = client_for(Role.PROCUREMENT_OFFICER)
    supplier = Supplier.objects.create(name="Capita plc", companies_house_number="02081330")
    payees = [CAPITA, "Aon Uk Limited"]
    url = reverse("suppliers:alias_add") + "?" + urlencode({"payee": payees}, doseq=True)
    page = client.get(url).content.decode()
    assert CAPITA in page and "Another supplier" in page
    response = client.post(url, {"payees": payees, "supplier": "other", "other": "2081330"})
    assert response.status_code == 302
    assert sorted(supplier.alias_list) == sorted(payees)
    assert not set(payees) & set(_unmatched())


def test_an_unknown_supplier_is_said_on_its_field(client_for):
    client = client_for(Role.PROCUREMENT_OFFICER)
    url = reverse("suppliers:alias_add") + "?" + urlencode({"payee": CAPITA})
    response = client.post(url, {"payees": [CAPITA], "supplier": "other", "other": "Nobody Ltd"})
    assert_error(response, "other", "No supplier in the register is called")
    response = client.post(url, {"payees": [CAPITA]})
    assert_error(response, "supplier", "Choose the supplier")
    assert not SupplierAlias.objects.filter(name=CAPITA).exists()


def test_suggestions_are_shown_and_accepted_in_bulk(client_for):
    client = client_for(Role.PROCUREMENT_OFFICER)
    supplier = Supplier.objects.create(name="Capita Business Service Ltd")
    review = client.get(REVIEW).content.decode()
    assert f"supplier={supplier.pk}" in review  # the row's suggestion links to the alias page
    page = client.get(reverse("suppliers:suggestions_accept")).content.decode()
    assert CAPITA in page and "Capita Business Service Ltd" in page
    response = client.post(reverse("suppliers:suggestions_accept"), {"min_score": "95"})
    assert response.status_code == 302
    assert CAPITA in supplier.alias_list
    assert Event.objects.filter(verb="supplier.suggestions_accepted").exists()


def test_a_score_out_of_range_is_refused_on_its_field(client_for):
    Supplier.objects.create(name="Capita Business Service Ltd")
    response = client_for(Role.PROCUREMENT_OFFICER).post(
        reverse("suppliers:suggestions_accept"), {"min_score": "40"}
    )
    assert_error(response, "min_score", "Enter a number from 80 to 100")


def test_a_supplier_is_edited_and_a_wrong_alias_removed(client_for):
    client = client_for(Role.ADMINISTRATOR)
    supplier = Supplier.objects.create(name="Aon UK Ltd")
    alias = SupplierAlias.objects.create(supplier=supplier, name="AON NORTH", key="AON NORTH")
    url = reverse("suppliers:supplier_edit", args=[supplier.pk])
    page = client.get(url).content.decode()
    assert "AON NORTH" in page and reverse("suppliers:alias_remove", args=[alias.pk]) in page
    response = client.post(
        url,
        {
            "name": "Aon UK Ltd",
            "postcode": "EC3V 4AN",
            "legal_form": "private_limited",
            "size_band": "large",
        },
    )
    assert response.status_code == 302
    supplier.refresh_from_db()
    assert (
        supplier.postcode == "EC3V 4AN"
        and supplier.get_legal_form_display() == "Private limited company"
    )
    assert client.post(reverse("suppliers:alias_remove", args=[alias.pk])).status_code == 302
    assert supplier.alias_list == []
    assert client.get(reverse("suppliers:alias_remove", args=[alias.pk])).status_code == 405


def test_the_register_list_links_each_supplier_to_its_page_for_officers_only(client_for):
    supplier = Supplier.objects.exclude(demo_data=True).first() or Supplier.objects.first()
    edit = reverse("suppliers:supplier_edit", args=[supplier.pk])
    assert edit in client_for(Role.PROCUREMENT_OFFICER).get("/suppliers/").content.decode()
    viewer_page = client_for(Role.VIEWER).get("/suppliers/").content.decode()
    assert edit not in viewer_page and "Demo data" in viewer_page


def test_the_figures_say_the_demo_register_is_invented_and_officers_are_asked_to_build_it(
    client_for,
):
    client = client_for(Role.PROCUREMENT_OFFICER)
    assert "Demo data: the place, size and type of" in client.get("/spend/").content.decode()
    assert "Add payees to the supplier register" in client.get("/").content.decode()
    assert (
        "Add payees to the supplier register"
        not in client_for(Role.VIEWER).get("/").content.decode()
    )
