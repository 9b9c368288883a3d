"""The delivery dashboard and a supplier's delivery record: committed against delivered,
in units and pounds, by contract, supplier, theme, outcome and priority."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

from socialvalue.accounts.roles import Role
from socialvalue.contracts import dashboard
from socialvalue.contracts.models import Contract, LineStatus
from socialvalue.policy.models import PlanPeriod, Priority
from tests.contracts.conftest import add_kpi, add_line

AFTER_Q2 = date(2026, 11, 1)


def _tables(contracts):
    return {t.key: t for t in dashboard.dashboard_tables(contracts, as_of=AFTER_Q2)}


def test_committed_due_and_delivered_by_grouping(make_contract, measure, staff_user):
    period = PlanPeriod.objects.create(title="Plan", starts_on=date(2025, 1, 1))
    measure.priorities.add(
        Priority.objects.create(plan_period=period, number=1, title="Safer streets"),
        Priority.objects.create(plan_period=period, number=2, title="Victims first"),
    )
    contract = make_contract()
    kpi = add_kpi(contract, measure, "40")  # £100 a week: £8,000 committed over two years
    own = add_kpi(contract, None, "4", unit_value=Decimal("250"))  # 1 a quarter at £250
    add_line(kpi, 1, "10", staff_user)
    add_line(kpi, 2, "5", staff_user)
    add_line(own, 1, "1", staff_user)
    add_line(own, 2, "1", staff_user, status=LineStatus.SUBMITTED)  # not yet verified

    tables = _tables(Contract.objects.filter(pk=contract.pk))

    row = tables["contract"].rows[0]
    assert (row.committed_value, row.due_value, row.delivered_value) == (
        Decimal("10000.00"),
        Decimal("2500.00"),  # 20 weeks x £100 + 2 events x £250
        Decimal("1750.00"),
    )
    assert row.share_percent == Decimal("70.0")
    assert [r.label for r in tables["theme"].rows] == ["Test theme", dashboard.OWN]
    assert [r.label for r in tables["priority"].rows] == [
        "1. Safer streets",
        "2. Victims first",
        dashboard.OWN,
    ]
    weeks = tables["measure"].rows[0]
    assert (weeks.unit, weeks.committed_units, weeks.delivered_units) == (
        "weeks",
        Decimal(80),
        Decimal(15),
    )
    assert tables["supplier"].rows[0].label == contract.supplier.name
    assert dashboard.delivery_chart(tables["contract"]).startswith("data:image/svg+xml;base64,")


def test_dashboard_page_csv_and_supplier_record(client_for, make_contract, measure, user_for):
    client = client_for(Role.CONTRACT_MANAGER)
    page = client.get("/contracts/dashboard/").content.decode()
    assert "By Police and Crime Plan priority" in page and "data:image/svg+xml" in page
    assert "LC-C-2025-031" in page  # the demo contract

    response = client.get("/contracts/dashboard/?format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:6] == [
        "Grouping",
        "Group",
        "Committed (£)",
        "Due so far (£)",
        "Delivered, verified (£)",
        "Delivered share of due (%)",
    ]
    assert any(r[0] == "By contract" and r[1].startswith("LC-C-2025-031") for r in rows)

    supplier = user_for(Role.SUPPLIER).supplier
    record = client.get(f"/contracts/suppliers/{supplier.pk}/").content.decode()
    assert "Vehicle recovery and storage" in record and "%" in record
