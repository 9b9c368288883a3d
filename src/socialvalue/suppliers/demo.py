"""Demo suppliers: three fictional organisations that bid in the demo tenders (real
Lancashire postcode sectors), and a register for the payees of the demo spend.

The demo spend is the PCC's real published payments (spend/demo.py), whose payees no
register knew: ``data/suppliers/demo-register.csv`` gives the largest of them (about 85% of
the spend; the redacted "third party" payees cannot be registered) a postcode, a legal form
and a size so that the demo's figures mean something. Those details are invented for the
demonstration (illustrative head-office postcodes, sizes guessed): every entry is marked
``demo_data`` and the pages that show one say so.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from importlib import resources

from socialvalue.domain.organisation_type import LegalForm
from socialvalue.domain.supplier_names import normalise_name
from socialvalue.suppliers.models import Supplier, SupplierAlias

DEMO_SUPPLIERS = [
    {
        "name": "Red Rose Facilities Ltd",
        "companies_house_number": "09000001",
        "postcode": "PR1 2HE",
        "employees": 42,
        "turnover": Decimal("3100000.00"),
        "legal_form": LegalForm.PRIVATE_LIMITED,
    },
    {
        "name": "Pennine Youth Futures CIC",
        "companies_house_number": "12000002",
        "postcode": "BB11 1AA",
        "employees": 8,
        "turnover": Decimal("380000.00"),
        "legal_form": LegalForm.CIC,
    },
    {
        "name": "Northern Fleet Services plc",
        "companies_house_number": "01000003",
        "postcode": "M1 1AE",
        "employees": 1450,
        "turnover": Decimal("210000000.00"),
        "legal_form": LegalForm.PUBLIC_LIMITED,
    },
]


DEMO_ALIASES = {"09000001": ["RED ROSE FACILITIES (PRESTON)"]}


def load(stdout) -> None:
    for fields in DEMO_SUPPLIERS:
        number = str(fields["companies_house_number"])
        supplier, _ = Supplier.objects.update_or_create(
            companies_house_number=number, defaults={**fields, "demo_data": True}
        )
        _aliases(supplier, DEMO_ALIASES.get(number, []))
    payees = _payee_register()
    stdout.write(
        f"Suppliers: {len(DEMO_SUPPLIERS)} demo suppliers and {payees} demo register entries "
        "for the payees of the demo spend (invented details, marked as demo data)."
    )


def _payee_register() -> int:
    path = resources.files("socialvalue") / "data" / "suppliers" / "demo-register.csv"
    rows = list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))
    for row in rows:
        supplier, _ = Supplier.objects.update_or_create(
            name=row["name"],
            defaults={
                "postcode": row["postcode"],
                "legal_form": row["legal_form"],
                "size_band": row["size"],
                "demo_data": True,
            },
        )
        _aliases(supplier, [a for a in row["aliases"].split("|") if a.strip()])
    return len(rows)


def _aliases(supplier: Supplier, names: list[str]) -> None:
    for name in names:
        SupplierAlias.objects.get_or_create(
            key=normalise_name(name), defaults={"supplier": supplier, "name": name.strip()}
        )
