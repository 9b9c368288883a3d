from __future__ import annotations

from decimal import Decimal

import pytest

from socialvalue.suppliers.models import Supplier
from socialvalue.suppliers.services import SupplierImportError, suppliers_import

HEADER = "name,aliases,companies_house_number,postcode,employees,turnover,legal_form,local_branch\n"


def test_register_import_adds_and_updates(db):
    content = (
        HEADER
        + "Acme Cleaning Ltd,ACME CLEANING LIMITED|ACME,01234567,pr1 2he,12,"
        + '"£1,200,000",Private limited company,no\n'
        + "Lancashire Women,,,BB1 1AA,30,,cio,yes\n"
    ).encode()
    assert suppliers_import(actor=None, content=content, filename="register.csv") == (2, 0)
    acme = Supplier.objects.get(companies_house_number="01234567")
    assert acme.postcode == "PR1 2HE"
    assert acme.turnover == Decimal("1200000.00")
    # "ACME CLEANING LIMITED" is the name itself once normalised: only ACME is another name.
    assert acme.alias_list == ["ACME"]
    assert Supplier.objects.get(name="Lancashire Women").local_branch is True
    again = content.replace(b",12,", b",14,")
    assert suppliers_import(actor=None, content=again, filename="register.csv") == (0, 2)
    assert Supplier.objects.get(companies_house_number="01234567").employees == 14


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("Acme,,,NOT A POSTCODE,,,,", "postcode"),
        ("Acme,,,,twelve,,,", "employees"),
        ("Acme,,,,,lots,,", "turnover"),
        ("Acme,,,,,,Limited-ish,", "legal_form"),
        (",,,PR1 2HE,,,,", "name"),
    ],
)
def test_bad_row_is_named_and_nothing_saved(db, row, column):
    content = (HEADER + "Good Supplier Ltd,,,,,,,\n" + row + "\n").encode()
    with pytest.raises(SupplierImportError) as caught:
        suppliers_import(actor=None, content=content, filename="register.csv")
    assert [(p.row, p.column) for p in caught.value.problems] == [(3, column)]
    assert not Supplier.objects.filter(name="Good Supplier Ltd").exists()


def test_a_register_file_states_sizes_and_refuses_an_unknown_one(db):
    content = b"name,size\nAcme Ltd,Small\nBig Ltd,\n"
    assert suppliers_import(actor=None, content=content, filename="register.csv") == (2, 0)
    assert Supplier.objects.get(name="Acme Ltd").get_size_band_display() == "Small"
    with pytest.raises(SupplierImportError) as refused:
        suppliers_import(actor=None, content=b"name,size\nOther,huge\n", filename="r.csv")
    assert str(refused.value.problems[0]).startswith("Row 2, column size: 'huge' is not a size")


def test_an_alias_another_supplier_answers_to_imports_nothing(db):
    Supplier.objects.create(name="Acme North Ltd")
    content = b"name,aliases\nNew Ltd,NEW TRADING|ACME NORTH LIMITED\n"
    with pytest.raises(SupplierImportError) as refused:
        suppliers_import(actor=None, content=content, filename="register.csv")
    assert "'ACME NORTH LIMITED' is already a name of Acme North Ltd" in str(
        refused.value.problems[0]
    )
    assert not Supplier.objects.filter(name="New Ltd").exists()
