import pytest

from socialvalue.domain.supplier_names import (
    RegisteredSupplier,
    SupplierRegister,
    normalise_name,
    split_aliases,
)


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("LANCASHIRE COUNTY COUNCIL (200398)", "LANCASHIRE COUNTY COUNCIL"),
        ("Lancashire County Council", "LANCASHIRE COUNTY COUNCIL"),
        ("Acme Ltd.", "ACME"),
        ("ACME LIMITED", "ACME"),
        ("The Acme plc", "ACME"),
        ("acme  llp", "ACME"),
        ("ASSURED AUTOMOBILE ASSESSORS LTD [205138]", "ASSURED AUTOMOBILE ASSESSORS"),
        ("M&S Ltd", "M AND S"),
        ("M and S Limited", "M AND S"),
        ("Café Nero Ltd", "CAFE NERO"),
        ("SONIC COMMUNICATIONS (INTERNATIONAL) LTD", "SONIC COMMUNICATIONS INTERNATIONAL"),
        ("", ""),
        (None, ""),
    ],
)
def test_spellings_of_one_supplier_share_a_key(raw, key):
    assert normalise_name(raw) == key


def test_a_different_supplier_keeps_a_different_key():
    assert normalise_name("Acme UK Ltd") != normalise_name("Acme Ltd")
    assert normalise_name("LIMITED EDITIONS LTD") == "LIMITED EDITIONS"


def test_square_bracket_aliases_are_split_off_but_ids_are_not_aliases():
    assert split_aliases("BIDFOOD [3663 FIRST FOR FOODSERVICE]") == (
        "BIDFOOD",
        ["3663 FIRST FOR FOODSERVICE"],
    )
    assert split_aliases("ASSURED LTD [205138]") == ("ASSURED LTD", [])


def test_register_matches_by_name_alias_and_bracketed_alias():
    register = SupplierRegister(
        [
            RegisteredSupplier("Bidfood Ltd", aliases=("3663 First for Foodservice",)),
            RegisteredSupplier("Lancashire County Council"),
        ]
    )
    matched, unmatched = register.match_all(
        [
            "BIDFOOD",
            "3663 FIRST FOR FOODSERVICE LIMITED",
            "LANCASHIRE COUNTY COUNCIL (200398)",
            "SOMEONE ELSE [BIDFOOD]",
            "NOBODY LTD",
        ]
    )
    assert [m.supplier.name for m in matched] == [
        "Bidfood Ltd",
        "Bidfood Ltd",
        "Lancashire County Council",
        "Bidfood Ltd",
    ]
    assert [m.raw_name for m in unmatched] == ["NOBODY LTD"]
    assert unmatched[0].key == "NOBODY"


def test_first_supplier_keeps_a_contested_name():
    register = SupplierRegister(
        [RegisteredSupplier("Acme Ltd"), RegisteredSupplier("Other", aliases=("Acme",))]
    )
    assert register.match("ACME LIMITED").supplier.name == "Acme Ltd"
