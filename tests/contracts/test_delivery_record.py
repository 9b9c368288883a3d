"""The supplier delivery record the evaluation uses to flag bidders who fell short."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from socialvalue.contracts.models import LineStatus
from socialvalue.contracts.selectors import supplier_delivery_record
from tests.contracts.conftest import add_kpi, add_line

# Quarterly from 1 April 2026: Q1 ends 30 June, due 30 July (30 days' grace by default).
AFTER_Q2_DUE = date(2026, 11, 1)


def test_share_of_what_was_due_verified_lines_only(make_contract, measure, staff_user):
    contract = make_contract()
    kpi = add_kpi(contract, measure, "40")  # 40 a year: 10 a quarter
    add_line(kpi, 1, "10", staff_user)
    add_line(kpi, 2, "5", staff_user, status=LineStatus.SUBMITTED)  # not verified: counts 0

    record = supplier_delivery_record([contract.supplier_id], as_of=AFTER_Q2_DUE)

    assert record == {contract.supplier_id: Decimal("0.5000")}


def test_across_contracts_weighted_by_pounds_and_capped_per_kpi(make_contract, measure, staff_user):
    first = make_contract()
    second = make_contract(supplier=first.supplier)
    over = add_kpi(first, measure, "40")  # owes 20 by Q2, delivers 30: counts 20
    short = add_kpi(second, measure, "40", unit_value=Decimal("300.00"))  # owes 20, delivers 0
    add_line(over, 1, "15", staff_user)
    add_line(over, 2, "15", staff_user)
    add_line(short, 1, "0", staff_user)

    record = supplier_delivery_record([first.supplier_id], as_of=AFTER_Q2_DUE)

    # £2,000 of £2,000 + £0 of £6,000 = 25%
    assert record[first.supplier_id] == Decimal("0.2500")


def test_nothing_due_yet_or_no_contract_is_absent(make_contract, measure, staff_user):
    young = make_contract()
    add_kpi(young, measure, "40")
    idle = make_contract()  # no KPIs
    before_first_due = date(2026, 7, 30)

    record = supplier_delivery_record(
        [young.supplier_id, idle.supplier_id, 999999], as_of=before_first_due
    )

    assert record == {}
    assert supplier_delivery_record([], as_of=before_first_due) == {}


def test_due_once_grace_days_pass(make_contract, measure):
    contract = make_contract()
    add_kpi(contract, measure, "40")

    assert supplier_delivery_record([contract.supplier_id], as_of=date(2026, 7, 30)) == {}
    record = supplier_delivery_record([contract.supplier_id], as_of=date(2026, 7, 31))
    assert record == {contract.supplier_id: Decimal("0")}
