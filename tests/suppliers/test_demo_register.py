"""The demo register covers the demo spend (the PCC's 2023-24 payments) well enough for
meaningful figures: the numbers docs/spend-analysis.md gives, checked on the real file."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from importlib import resources

import duckdb

from socialvalue.analytics.engine import AnalysisOptions, analyse, load_files
from socialvalue.domain.supplier_names import RegisteredSupplier, SupplierRegister


def _demo_register() -> tuple[SupplierRegister, list[dict[str, str]]]:
    path = resources.files("socialvalue") / "data" / "suppliers" / "demo-register.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    register = SupplierRegister(
        [
            RegisteredSupplier(
                name=r["name"],
                aliases=tuple(a for a in r["aliases"].split("|") if a),
                postcode=r["postcode"],
                legal_form=r["legal_form"] or None,
                size_band=r["size"],
                reference=str(n),
            )
            for n, r in enumerate(rows)
        ]
    )
    return register, rows


def test_the_demo_register_covers_over_80_percent_of_the_demo_spend_and_each_entry_is_paid():
    register, rows = _demo_register()
    spend = resources.files("socialvalue") / "data" / "spend" / "pcc-2023-24.xlsx"
    con = duckdb.connect()
    load_files(con, [str(spend)], lenient=True)
    total = matched = Decimal(0)
    paid = set()
    for name, amount in con.execute(
        "SELECT supplier_name, sum(amount) FROM payments GROUP BY 1"
    ).fetchall():
        total += amount
        found = register.match(name)
        if found.matched:
            matched += amount
            paid.add(found.supplier.name)
    assert (total, matched) == (Decimal("104322773.62"), Decimal("84989302.90"))
    assert len(rows) == 123 and paid == {r["name"] for r in rows}
    figures = analyse(con, register, AnalysisOptions())
    shares = figures.shares(figures.by_place)
    assert (shares["force_area"], shares["unknown"]) == ("0.1447", "0.2467")
