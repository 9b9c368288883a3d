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

    review = register_review()
    assert review.matched == Decimal("1000.00") and review.total == Decimal("2000.00")
    assert review.matched_share == Decimal("0.5000")
    assert [u.name for u in review.unmatched] == ["NATIONAL WIDGETS PLC"]
