"""Reminder e-mails carry the full address of the page to submit the return on (SITE_URL),
not a path that a mail program cannot open."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from socialvalue.accounts.models import User
from socialvalue.accounts.roles import Role
from socialvalue.policy.models import DeliveryStatusRule
from socialvalue.suppliers.models import Supplier
from tests.contracts.conftest import add_kpi


def test_remind_command_mails_the_absolute_return_link(
    settings, make_contract, measure, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://socialvalue.example.org"
    DeliveryStatusRule.objects.all().delete()
    DeliveryStatusRule.objects.create(
        green_from_percent=Decimal("90"),
        amber_from_percent=Decimal("70"),
        return_due_days=30,
        effective_from=date(2025, 4, 1),
    )
    supplier = Supplier.objects.create(name="Link Checking Ltd")
    user = User.objects.create(username="link-user", email="d@late.example", supplier=supplier)
    user.groups.add(Group.objects.get_or_create(name=Role.SUPPLIER)[0])
    contract = make_contract(supplier=supplier)
    add_kpi(contract, measure, "40")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):  # e-mailed by the background task
        call_command("contracts", "remind", "--today", "2026-08-01", stdout=io.StringIO())

    [message] = [m for m in mail.outbox if contract.reference in m.subject]
    path = reverse("contracts:return_submit", args=[contract.pk, 1])
    assert f"https://socialvalue.example.org{path}\n" in message.body
    assert f" {path}" not in message.body  # no bare path left
