"""Red/amber/green status from the policy's thresholds, recovery plans for red KPIs,
overdue returns and the reminders sent about them."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command

from socialvalue.accounts.models import User
from socialvalue.accounts.roles import Role
from socialvalue.audit.models import Event
from socialvalue.contracts import selectors, services
from socialvalue.contracts.models import ReturnReminder
from socialvalue.contracts.tasks import send_return_reminders
from socialvalue.domain.delivery import Rag
from socialvalue.policy.models import DeliveryStatusRule
from socialvalue.suppliers.models import Supplier
from tests.conftest import assert_error
from tests.contracts.conftest import add_kpi, add_line

# Quarterly from 1 April 2026; Q1's return is due 30 July, Q2's 30 October (30 days).
AFTER_Q1 = date(2026, 8, 1)


@pytest.fixture
def rule(db):
    DeliveryStatusRule.objects.all().delete()
    return DeliveryStatusRule.objects.create(
        green_from_percent=Decimal("90"),
        amber_from_percent=Decimal("70"),
        return_due_days=30,
        effective_from=date(2025, 4, 1),
    )


@pytest.mark.parametrize(
    ("delivered", "expected"),
    [("10", Rag.GREEN), ("9", Rag.GREEN), ("8.99", Rag.AMBER), ("7", Rag.AMBER), ("6.99", Rag.RED)],
)
def test_kpi_status_at_the_threshold_boundaries(
    rule, make_contract, measure, staff_user, delivered, expected
):
    contract = make_contract()
    kpi = add_kpi(contract, measure, "40")  # 10 due after Q1
    add_line(kpi, 1, delivered, staff_user)

    status = selectors.contract_status_get(contract, as_of=AFTER_Q1).kpis[0]

    assert status.due == Decimal("10.00")
    assert status.rag == expected
    assert status.needs_recovery_plan == (expected == Rag.RED)


def test_a_new_rule_changes_the_status_from_its_date(rule, make_contract, measure, staff_user):
    contract = make_contract()
    add_line(add_kpi(contract, measure, "40"), 1, "8", staff_user)  # 80%
    DeliveryStatusRule.objects.create(
        green_from_percent=Decimal("80"),
        amber_from_percent=Decimal("60"),
        return_due_days=30,
        effective_from=date(2026, 9, 1),
    )

    before = selectors.contract_status_get(contract, as_of=date(2026, 8, 31))
    after = selectors.contract_status_get(contract, as_of=date(2026, 9, 1))

    assert before.kpis[0].rag == Rag.AMBER
    assert after.kpis[0].rag == Rag.GREEN
    assert rule.history.count() == 1  # the old rule is kept, not edited


def test_policy_page_adds_a_rule_with_history(client_for):
    client = client_for(Role.ADMINISTRATOR)
    response = client.post(
        "/policy/delivery-status/new/",
        {
            "green_from_percent": "70",
            "amber_from_percent": "80",
            "return_due_days": "20",
            "effective_from": "2027-01-01",
        },
    )
    assert "Amber must start at or below where green starts" in response.content.decode()

    client.post(
        "/policy/delivery-status/new/",
        {
            "green_from_percent": "95",
            "amber_from_percent": "75",
            "return_due_days": "20",
            "effective_from": "2025-06-01",
        },
    )
    rule = selectors.delivery_rule_current(date(2025, 6, 1))
    assert (rule.green_from_percent, rule.return_due_days) == (Decimal("95.00"), 20)
    assert selectors.delivery_rule_current(date(2025, 5, 31)).green_from_percent == 90
    assert "<strong>green</strong> from 95%" in client.get("/policy/").content.decode()


def test_unverified_and_rejected_lines_do_not_count(rule, make_contract, measure, staff_user):
    contract = make_contract()
    kpi = add_kpi(contract, measure, "40")
    add_line(kpi, 1, "10", staff_user, status="rejected")

    status = selectors.contract_status_get(contract, as_of=AFTER_Q1).kpis[0]

    assert (status.delivered, status.rag) == (Decimal(0), Rag.RED)


def test_recovery_plan_clears_the_need(rule, make_contract, measure, staff_user):
    contract = make_contract()
    kpi = add_kpi(contract, measure, "40")
    manager = User.objects.create(username="m", email="m@example.org")
    manager.groups.add(Group.objects.get_or_create(name=Role.CONTRACT_MANAGER)[0])
    status = selectors.contract_status_get(contract, as_of=AFTER_Q1).kpis[0]
    assert status.rag == Rag.RED and status.needs_recovery_plan

    services.recovery_plan_record(
        actor=manager, kpi=kpi, actions="Two more apprentices", recover_by=date(2099, 1, 1)
    )

    status = selectors.contract_status_get(contract, as_of=AFTER_Q1).kpis[0]
    assert status.rag == Rag.RED and not status.needs_recovery_plan
    assert Event.objects.filter(verb="delivery.recovery_plan_recorded").exists()


def test_recovery_plan_page_needs_actions(client_for, make_contract, measure):
    contract = make_contract()
    kpi = add_kpi(contract, measure, "40")
    client = client_for(Role.CONTRACT_MANAGER)
    response = client.post(f"/contracts/kpis/{kpi.pk}/recovery-plan/", {"recover_by": "2099-01-01"})
    assert_error(response, "actions", "This field is required")


def _supplier_with_users(*emails: str) -> Supplier:
    supplier = Supplier.objects.create(name="Late Reporting Ltd")
    group, _ = Group.objects.get_or_create(name=Role.SUPPLIER)
    for n, email in enumerate(emails):
        User.objects.create(username=f"late{n}", email=email, supplier=supplier).groups.add(group)
    return supplier


def test_overdue_returns_are_flagged_and_reminded_once_a_day(
    rule, make_contract, measure, staff_user, django_capture_on_commit_callbacks
):
    supplier = _supplier_with_users("a@late.example", "b@late.example")
    contract = make_contract(supplier=supplier)
    kpi = add_kpi(contract, measure, "40")
    add_line(kpi, 1, "10", staff_user)  # Q1 submitted; Q2 not
    mail.outbox.clear()

    overdue = [
        (c.reference, s.period.number) for c, s in selectors.returns_overdue(date(2026, 10, 31))
    ]
    assert (contract.reference, 2) in overdue and (contract.reference, 1) not in overdue
    assert (contract.reference, 2) not in [
        (c.reference, s.period.number) for c, s in selectors.returns_overdue(date(2026, 10, 30))
    ]

    # The e-mails go from the background task once the reminder's transaction commits:
    # one to each of the supplier's users.
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.reminders_send(today=date(2026, 10, 31))
    ours = [m for m in mail.outbox if contract.reference in m.subject]
    assert sorted(m.to[0] for m in ours) == ["a@late.example", "b@late.example"]
    assert all(len(m.to) == 1 and "30 October 2026" in m.body for m in ours)
    assert [r.period_number for r in sent if r.contract == contract] == [2]

    with django_capture_on_commit_callbacks(execute=True):
        services.reminders_send(today=date(2026, 10, 31))  # same day: nothing more
    assert len([m for m in mail.outbox if contract.reference in m.subject]) == 2
    with django_capture_on_commit_callbacks(execute=True):
        services.reminders_send(today=date(2026, 11, 1))  # the next day: reminded again
    assert len([m for m in mail.outbox if contract.reference in m.subject]) == 4
    assert ReturnReminder.objects.filter(contract=contract).count() == 2


def test_remind_command_and_task(rule, make_contract, measure, django_capture_on_commit_callbacks):
    contract = make_contract(supplier=_supplier_with_users("c@late.example"))
    add_kpi(contract, measure, "40")
    mail.outbox.clear()
    out = io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("contracts", "remind", "--today", "2026-08-01", stdout=out)

    assert f"{contract.reference} return 1: reminded c@late.example" in out.getvalue()
    assert [m.to for m in mail.outbox if contract.reference in m.subject] == [["c@late.example"]]
    result = send_return_reminders.enqueue()  # the immediate backend in tests
    assert result.return_value >= 0
