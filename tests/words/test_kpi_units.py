"""A KPI counted in units only (no proxy value) is shown in its units, never as £0.00."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

from socialvalue.accounts.roles import Role
from socialvalue.contracts import dashboard
from socialvalue.contracts.models import Contract
from socialvalue.domain.money import format_quantity
from tests.contracts.conftest import add_kpi, add_line


def _units_only_contract(make_contract, staff_user):
    contract = make_contract(title="Units only contract")
    kpi = add_kpi(contract, None, "100", title="Volunteers", unit="people", unit_value=None)
    add_line(kpi, 1, "140", staff_user)
    return contract


def _row_html(page: str, label: str) -> str:
    rows = re.findall(r"<tr class=\"govuk-table__row\">.*?</tr>", page, re.S)
    return next(row for row in rows if label in row)


def test_dashboard_shows_a_units_only_kpi_in_its_units(client_for, make_contract, staff_user):
    contract = _units_only_contract(make_contract, staff_user)
    row = next(
        r
        for t in dashboard.dashboard_tables(Contract.objects.filter(pk=contract.pk))
        if t.key == "contract"
        for r in t.rows
    )
    assert not row.valued and row.unit == "people"

    page = client_for(Role.ADMINISTRATOR).get("/contracts/dashboard/").content.decode()
    html = _row_html(page, str(contract))
    assert format_quantity(row.committed_units, "people") in html
    assert format_quantity(row.delivered_units, "people") in html
    assert "140 people" in html
    assert "£" not in html


def test_dashboard_download_leaves_pounds_blank_for_units_only(
    client_for, make_contract, staff_user
):
    contract = _units_only_contract(make_contract, staff_user)
    response = client_for(Role.ADMINISTRATOR).get("/contracts/dashboard/?format=csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    mine = next(r for r in rows if r["Grouping"] == "By contract" and r["Group"] == str(contract))
    assert mine["Committed (£)"] == "" and mine["Delivered, verified (£)"] == ""
    assert mine["Unit"] == "people" and Decimal(mine["Delivered (units)"]) == Decimal(140)


def test_contract_page_shows_no_pounds_for_a_units_only_kpi(client_for, make_contract, staff_user):
    contract = _units_only_contract(make_contract, staff_user)
    page = client_for(Role.ADMINISTRATOR).get(f"/contracts/{contract.pk}/").content.decode()
    table = page[page.index('id="kpi-table"') :]
    table = table[: table.index("</table>")]
    assert "100 people" in table and "140" in table
    assert "£0.00" not in table
