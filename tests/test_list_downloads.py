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
from tests.conftest import ROLE_USERNAMES


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


# Formula injection (issue 11, item 7; issue 13): every download of the service, through the
# one writer in core/exports.py. One text value in each row of the demo data is planted with
# each dangerous start in turn; no cell of any CSV or XLSX may start a formula.

PLANTS = {
    "=": "=EQ",
    "+": "+PLUS",
    "-": "-MINUS",
    "@": "@AT",
    "tab": "\tTAB",
    "CR": "\rCR",
    "control then =": "\x01=CTRL",
}
# What each plant reads in a download: quoted, the control character gone.
PLANTED_READS = {name: "'" + value.lstrip("\x01") for name, value in PLANTS.items()}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Fields whose text is code, not wording (keys, hashes, file names, lookups); everything
# else of type char/text without choices and not unique gets a plant.
# Rows the platform computes itself (the figures snapshot: its year and filter are keys that
# pages look up, not text anyone typed); the payments it is computed from are planted.
_NOT_PLANTED_MODELS = {"spend.figuressnapshot", "spend.figuresstate"}
_NOT_PLANTED = {
    "password",
    "username",
    "email",
    "sha256",
    "fingerprint",
    "content_type",
    "upload",
    "file",
    "slug",
    "code",
    "reference",
    "postcode",
    "supplier_postcode",
    "companies_house_number",
    "supplier_company_number",
    "charity_number",
    "verb",
    "target_id",
    "kind",
    "published_html",
    "recipients",
    "aliases",
    "sheet",
    "source_file",
    "history_change_reason",
}
# Downloads whose cells hold no free text (only numbers and dates from the data): checked
# for formulas like the rest, but nothing can be planted in them.
_NO_TEXT = {
    "spend figures CSV",
    "spend figures XLSX",
    "annual reviews CSV",
    "annual reviews XLSX",
    "value bands download CSV",
    "value bands download XLSX",
    "payments compliance notices download CSV",
    "payments compliance notices download XLSX",
}


def _plant_everywhere() -> None:
    from django.apps import apps
    from django.db import models

    plants = list(PLANTS.values())
    for model in apps.get_models():
        if not model.__module__.startswith("socialvalue") or model._meta.proxy:
            continue
        if model._meta.label_lower in _NOT_PLANTED_MODELS:
            continue
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
            and not f.choices
            and not f.unique
            and f.name not in _NOT_PLANTED
        ]
        if not fields:
            continue
        rows = list(model._base_manager.order_by("pk"))
        for i, row in enumerate(rows):
            for j, name in enumerate(fields):
                setattr(row, name, plants[(i + j) % len(plants)] + " " + getattr(row, name))
        model._base_manager.bulk_update(rows, fields, batch_size=500)


def _download_pages():
    from tests.pages import PAGES

    return [p for p in PAGES if not p.html and p.name.endswith(("CSV", "XLSX"))]


def _cells(response) -> list[tuple[str, object]]:
    """(data type, value) of every cell: 'f' is a formula in an XLSX file."""
    if response["Content-Type"].startswith("text/csv"):
        text = response.content.decode("utf-8")
        assert text.startswith("\ufeff")
        return [
            ("s", cell) for row in csv.reader(io.StringIO(text[1:], newline="")) for cell in row
        ]
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [(cell.data_type, cell.value) for row in sheet.iter_rows() for cell in row]


def test_no_download_starts_a_formula_in_any_cell(demo, client):
    pages = _download_pages()
    assert len(pages) >= 40  # every list download, the measures, bids, report, figures, pipeline
    urls = {page.name: page.url() for page in pages}  # before the plants: some look up titles
    _plant_everywhere()
    formulas, unplanted, seen = {}, [], set()
    for page in pages:
        role = Role.ADMINISTRATOR if Role.ADMINISTRATOR in page.roles else min(page.roles)
        client.force_login(User.objects.get(username=ROLE_USERNAMES[role]))
        response = client.get(urls[page.name])
        assert response.status_code == 200, (page.name, response.status_code)
        cells = _cells(response)
        bad = [
            value
            for kind, value in cells
            if kind == "f" or (isinstance(value, str) and value.startswith(FORMULA_STARTS))
        ]
        if bad:
            formulas[page.name] = bad[:3]
        texts = [v for _, v in cells if isinstance(v, str)]
        planted = {n for n, read in PLANTED_READS.items() if any(read in t for t in texts)}
        seen |= planted
        if not planted:
            unplanted.append(page.name)
    assert formulas == {}
    # Every download carries at least one planted value, except those without free text.
    assert set(unplanted) == _NO_TEXT
    assert seen == set(PLANTS)  # and every kind of plant reaches some download
