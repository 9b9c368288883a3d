"""Organisation types in the spend figures, over the real Lancashire PCC workbooks.

The suppliers here are the ones an independent supplier register found misclassified:
public bodies missed by name (so counted as influenceable) and charities a "POLICE" in
the name took out of VCSE.
"""

from __future__ import annotations

from decimal import Decimal

import duckdb
import openpyxl
import pytest

from socialvalue.analytics.engine import AnalysisOptions, analyse, load_files
from socialvalue.domain.supplier_names import RegisteredSupplier, SupplierRegister

from .conftest import PCC_FILES

PUBLIC_BY_NAME = {
    "PCC FOR DYFED-POWYS": "police",
    "COLLEGE OF POLICING": "police",
    "NATIONAL CRIME AGENCY": "central_government",
    "BLACKPOOL COUNCIL": "council",
}
CHARITIES = [
    "VICTIM SUPPORT LANCASHIRE",
    "THE POLICE TREATMENT CENTRES",
    "NORTH WEST POLICE BENEVOLENT FUND",
]


def _totals_by_supplier() -> dict[str, Decimal]:
    """Each supplier's total, read straight from the workbooks (not through the engine)."""
    totals: dict[str, Decimal] = {}
    books = [openpyxl.load_workbook(p, read_only=True, data_only=True) for p in PCC_FILES]
    for sheet in (sheet for book in books for sheet in book.worksheets):
        rows = sheet.iter_rows(values_only=True)
        header = [str(c or "").upper() for c in next(rows)]
        name_at = next(i for i, c in enumerate(header) if "SUPPLIER" in c)
        amount_at = next(i for i, c in enumerate(header) if "TOTAL" in c)
        for row in rows:
            if row[name_at] and isinstance(row[amount_at], (int, float)):
                name = str(row[name_at]).strip()
                amount = Decimal(str(row[amount_at])).quantize(Decimal("0.01"))
                totals[name] = totals.get(name, Decimal(0)) + amount
    return totals


@pytest.fixture(scope="module")
def totals() -> dict[str, Decimal]:
    return _totals_by_supplier()


def _classes(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str | None, bool]]:
    rows = con.execute(
        "SELECT supplier_name, org_type, public_body_kind, influenceable FROM supplier_classes"
    ).fetchall()
    return {name.strip(): (kind, body, infl) for name, kind, body, infl in rows}


def test_public_bodies_found_by_name_leave_influenceable_spend(totals):
    assert all(totals.get(name) for name in PUBLIC_BY_NAME)  # they are in the real file
    con = duckdb.connect()
    load_files(con, PCC_FILES)
    with_them = analyse(con, options=AnalysisOptions(exclude_public_bodies=False))
    without = analyse(con)
    classes = _classes(con)
    for name, kind in PUBLIC_BY_NAME.items():
        assert classes[name] == ("public_body", kind, False), name
    left_out = with_them.influenceable - without.influenceable
    assert left_out >= sum(totals[name] for name in PUBLIC_BY_NAME)


def test_a_registers_charity_form_makes_police_named_charities_vcse(totals):
    register = SupplierRegister(
        [
            RegisteredSupplier("Victim Support Lancashire", legal_form="charity"),
            RegisteredSupplier("The Police Treatment Centres", legal_form="Registered charity"),
            # a made-up number: any charity number is evidence
            RegisteredSupplier("North West Police Benevolent Fund", charity_number="1033392"),
        ]
    )
    con = duckdb.connect()
    load_files(con, PCC_FILES)
    before = analyse(con)
    after = analyse(con, register)
    classes = _classes(con)
    for name in CHARITIES:
        assert classes[name] == ("vcse", None, True), name
    gained = after.by_type["vcse"] - before.by_type["vcse"]
    # Victim Support was private by name, the other two police bodies by name.
    assert gained == sum(totals[name] for name in CHARITIES)
    assert all(totals.get(name) for name in CHARITIES)  # they are in the real files
