"""Figures of the imported table equal the figures of the same file analysed directly:
the engine runs the same queries over both."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from socialvalue.accounts.roles import Role
from socialvalue.domain.demo_dates import moved
from socialvalue.domain.fiscal import FinancialYear
from socialvalue.spend.selectors import spend_figures, unmatched_suppliers


def _analyse_file(path: Path) -> dict:
    out = io.StringIO()
    call_command("spend", "analyse", str(path), "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_imported_table_and_file_give_the_same_figures(demo):
    """The demo moves the file's payments (April 2024) forward into the latest complete
    financial year of the day it is loaded as (2025-26 on DEMO_TODAY) and copies them one
    year further on, up to that day (2026-27): each of those years has the file's figures."""
    from_file = _analyse_file(Path(settings.DEMO_SPEND_FILE))
    first = date.fromisoformat(from_file["first_date"])
    for years, label in ((1, "2025-26"), (2, "2026-27")):
        from_table = spend_figures(year=FinancialYear.parse(label))
        assert from_table.lines == from_file["lines"], label
        assert f"{from_table.total:.2f}" == from_file["total"], label
        assert from_table.negatives == from_file["negatives"], label
        assert from_table.first_date == moved(first, years), label
        assert [t.supplier for t in from_table.top_suppliers] == [
            t["supplier"] for t in from_file["top_suppliers"]
        ], label
    assert spend_figures().lines == 2 * from_file["lines"]


def test_unmatched_suppliers_are_listed_largest_spend_first(demo):
    unmatched = unmatched_suppliers()
    totals = [u.total for u in unmatched]
    assert totals == sorted(totals, reverse=True)
    assert len(unmatched) > 10


def test_figures_page_shows_the_total(client_for):
    total = spend_figures().total
    page = client_for(Role.VIEWER).get("/spend/").content.decode()
    assert f"£{total:,.2f}" in page


def test_figures_download_has_a_row_per_year(client_for):
    response = client_for(Role.VIEWER).get("/spend/figures.csv")
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("Financial year,Payments,Total spend (£)")
    assert "Force area (£)" in lines[0] and "VCSE (£)" in lines[0]
    # The demo's payments, moved into 2025-26 and copied into 2026-27 (DEMO_TODAY's years).
    assert lines[1].startswith("2025-26,") and lines[2].startswith("2026-27,")


def test_figures_page_has_charts_with_their_tables(client_for):
    import base64
    import re

    page = client_for(Role.VIEWER).get("/spend/").content.decode()
    charts = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', page)
    assert len(charts) == 3
    svg = base64.b64decode(charts[0]).decode()
    assert svg.startswith("<svg") and "Share of spend" in svg
    assert page.count("The table below gives the same figures") == 3
