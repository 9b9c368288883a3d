"""Demo suppliers (fictional organisations, real Lancashire postcode sectors)."""

from __future__ import annotations

from decimal import Decimal

from socialvalue.domain.organisation_type import LegalForm
from socialvalue.suppliers.models import Supplier

DEMO_SUPPLIERS = [
    {
        "name": "Red Rose Facilities Ltd",
        "companies_house_number": "09000001",
        "postcode": "PR1 2HE",
        "employees": 42,
        "turnover": Decimal("3100000.00"),
        "legal_form": LegalForm.PRIVATE_LIMITED,
        "aliases": "RED ROSE FACILITIES LIMITED",
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


def load(stdout) -> None:
    for fields in DEMO_SUPPLIERS:
        number = fields["companies_house_number"]
        Supplier.objects.update_or_create(companies_house_number=number, defaults=fields)
    stdout.write(f"Suppliers: {len(DEMO_SUPPLIERS)} demo suppliers.")
