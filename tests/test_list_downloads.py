"""Downloads of the list pages (issue 7): the rows are the page's own, for that user."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from socialvalue.accounts.models import User
from socialvalue.accounts.roles import Role
from socialvalue.contracts.models import Contract
from socialvalue.tendering import sealing
from socialvalue.tendering.models import Bid, Tender


def _csv(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def _xlsx(response) -> list[list[object]]:
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_contracts_download_of_a_supplier_holds_only_its_own_contracts(client_for, user_for):
    supplier = user_for(Role.SUPPLIER).supplier
    assert Contract.objects.exclude(supplier=supplier).exists()
    rows = _csv(client_for(Role.SUPPLIER).get(reverse("contracts:contract_list") + "?format=csv"))
    own = set(Contract.objects.filter(supplier=supplier).values_list("reference", flat=True))
    assert rows and {row["Reference"] for row in rows} == own
    assert {row["Supplier"] for row in rows} == {supplier.name}


def test_users_xlsx_has_a_header_row_and_no_password(client_for):
    table = _xlsx(
        client_for(Role.ADMINISTRATOR).get(reverse("accounts:user_list") + "?format=xlsx")
    )
    assert table[0] == [
        "Name",
        "Username",
        "E-mail",
        "Role",
        "Supplier",
        "Active",
        "Last sign-in",
    ]
    assert len(table) - 1 == User.objects.count()
    hashes = set(User.objects.values_list("password", flat=True))
    assert not any(cell in hashes for row in table for cell in row if cell)


def test_your_bids_of_supplier2_hold_none_of_supplier1s(demo, client):
    supplier2 = User.objects.get(username="supplier2")
    client.force_login(supplier2)
    rows = _csv(client.get(reverse("tendering:your_bids") + "?format=csv"))
    own = Bid.objects.filter(supplier_id=supplier2.supplier_id)
    assert len(rows) == own.count()
    assert {row["Reference"] for row in rows} == set(
        own.values_list("tender__reference", flat=True)
    )
    others_only = set(
        Bid.objects.exclude(supplier_id=supplier2.supplier_id).values_list(
            "tender__reference", flat=True
        )
    ) - set(own.values_list("tender__reference", flat=True))
    assert others_only and not others_only & {row["Reference"] for row in rows}


def test_bids_xlsx_keeps_the_seal(client_for, user_for):
    client = client_for(Role.PROCUREMENT_OFFICER)
    open_tender = Tender.objects.get(reference="LC-2026-021")
    url = reverse("tendering:tender_bids_csv", args=[open_tender.pk]) + "?format=xlsx"
    assert client.get(url).status_code == 403

    closed = Tender.objects.get(reference="LC-2026-014")
    url = reverse("tendering:tender_bids_csv", args=[closed.pk]) + "?format=xlsx"
    table = _xlsx(client.get(url))
    assert table[0][:5] == ["bid", "supplier", "submitted_at", "how", "price"]
    officer = user_for(Role.PROCUREMENT_OFFICER)
    bids = {b.pk: b for b in sealing.readable_bids(officer, closed)}
    assert bids and {row[0] for row in table[1:]} == set(bids)
    for row in table[1:]:
        bid = bids[row[0]]
        if sealing.price_visible(officer, bid):
            assert row[4] == pytest.approx(float(bid.price))
        else:
            assert row[4] in (None, "")
