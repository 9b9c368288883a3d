"""The spend figures follow the register: a payee added as an alias of a supplier counts
with the supplier's place and size, in the engine's figures and on the review page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from tests.factories import UserFactory

from socialvalue.accounts.roles import Role
from socialvalue.spend.selectors import register_review, spend_figures
from socialvalue.spend.services import spend_import_files
from socialvalue.spend.snapshots import figures_compute
from socialvalue.suppliers.services import SupplierDetails, supplier_aliases_add, supplier_create

pytestmark = pytest.mark.django_db

PAYMENTS = b"""Date,Supplier,Amount
01/05/2024,RED ROSE CLEANING LTD,600.00
02/05/2024,RED ROSE CLEANING (PRESTON),400.00
03/05/2024,NATIONAL WIDGETS PLC,1000.00
"""


@pytest.fixture
def officer():
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=Role.PROCUREMENT_OFFICER.value)[0])
    return user


def test_an_alias_moves_its_payments_to_the_suppliers_place_and_size(officer):
    spend_import_files(actor=None, named_contents=[("may.csv", PAYMENTS)], lenient=False)
    before = spend_figures()
    assert before.by_place["unknown"] == Decimal("2000.00")
    assert before.by_size["unknown"] == Decimal("2000.00")

    red_rose = supplier_create(
        actor=officer,
        details=SupplierDetails(
            name="Red Rose Cleaning Ltd", postcode="PR1 2HE", size_band="small"
        ),
    )
    middle = spend_figures()
    assert middle.by_place["force_area"] == Decimal("600.00")
    assert middle.by_size["small"] == Decimal("600.00")
    assert middle.by_place["unknown"] == Decimal("1400.00")

    supplier_aliases_add(actor=officer, supplier=red_rose, names=["RED ROSE CLEANING (PRESTON)"])
    after = spend_figures()
    assert after.by_place["force_area"] == Decimal("1000.00")
    assert after.by_size["small"] == Decimal("1000.00")
    assert after.by_place["unknown"] == after.by_size["unknown"] == Decimal("1000.00")
    assert after.shares(after.by_place)["force_area"] == "0.5000"
    # One supplier under two ledger names, not two suppliers.
    assert after.matched_suppliers == 1

    # The review reads the payee totals the background computation keeps with the figures.
    assert register_review().total == Decimal(0)
    figures_compute()
    review = register_review()
    assert review.matched == Decimal("1000.00") and review.total == Decimal("2000.00")
    assert review.matched_share == Decimal("0.5000")
    assert [u.name for u in review.unmatched] == ["NATIONAL WIDGETS PLC"]


def test_the_review_reads_the_computed_totals_and_the_register_as_it_is_now(officer, client):
    spend_import_files(actor=None, named_contents=[("may.csv", PAYMENTS)], lenient=False)
    figures_compute()
    review = register_review()
    assert not review.out_of_date and review.as_of is not None
    assert [(u.name, u.total, u.lines) for u in review.unmatched] == [
        ("NATIONAL WIDGETS PLC", Decimal("1000.00"), 1),
        ("RED ROSE CLEANING LTD", Decimal("600.00"), 1),
        ("RED ROSE CLEANING (PRESTON)", Decimal("400.00"), 1),
    ]
    # A supplier added to the register takes its names off the list before any recomputation.
    supplier_create(actor=officer, details=SupplierDetails(name="National Widgets PLC"))
    assert "NATIONAL WIDGETS PLC" not in {u.name for u in register_review().unmatched}

    # Payments imported since count once the figures are computed again; the page says so.
    more = b"Date,Supplier,Amount\n04/05/2024,NEW PAYEE LTD,50.00\n"
    spend_import_files(actor=None, named_contents=[("june.csv", more)], lenient=False)
    waiting = register_review()
    assert waiting.out_of_date and "NEW PAYEE LTD" not in {u.name for u in waiting.unmatched}
    client.force_login(officer)
    page = client.get("/spend/unmatched-suppliers/").content.decode()
    assert "counted once the figures are computed again" in page
    figures_compute()
    assert "NEW PAYEE LTD" in {u.name for u in register_review().unmatched}
