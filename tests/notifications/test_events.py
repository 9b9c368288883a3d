"""The events wired to notifications: a tender published (to the suppliers registered for
its category), a bid's receipt with its fingerprint (to the bidder's users only), returns
due and overdue (the daily task), a return line rejected, a variation to approve. Each
produces its notification and e-mail, with an absolute link, to the right people only."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from socialvalue.accounts.models import User
from socialvalue.accounts.roles import Role
from socialvalue.audit.models import Event
from socialvalue.contracts import services as contracts
from socialvalue.contracts.models import DeliveryReturn, LineStatus, ReturnLine, VariationKind
from socialvalue.contracts.tasks import send_return_reminders
from socialvalue.notifications import services as notifications
from socialvalue.notifications.models import Notification, NotificationKind
from socialvalue.policy.models import DeliveryStatusRule
from socialvalue.procurement.models import Category
from socialvalue.tendering import services as tendering
from socialvalue.tendering.selectors import bid_fingerprint
from tests.conftest import about
from tests.factories import ContractFactory, KpiFactory, MeasureFactory, SupplierFactory
from tests.notifications.conftest import user_of
from tests.tendering.test_tenders_factory import complete_bid, draft_tender

pytestmark = pytest.mark.django_db
SITE = "https://socialvalue.example.org"


def _told(kind: NotificationKind) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("user__username", flat=True))


def _mailed_to(subject_part: str) -> list[str]:
    return sorted(m.to[0] for m in mail.outbox if subject_part in m.subject)


# Tenders and bids -----------------------------------------------------------------------------


def test_publishing_tells_the_suppliers_registered_for_the_category(site, run_tasks, user_for):
    officer = user_for(Role.PROCUREMENT_OFFICER)
    tender = draft_tender(officer)
    category = tender.project.category
    other = next(c for c in Category.values if c != category)
    chose_it = user_of(Role.SUPPLIER, SupplierFactory())
    chose_other = user_of(Role.SUPPLIER, SupplierFactory())
    notifications.categories_choose(actor=chose_it, categories=[category])
    notifications.categories_choose(actor=chose_other, categories=[other])
    mail.outbox.clear()

    with run_tasks():
        tendering.tender_publish(
            actor=officer, tender=tender, now=tender.deadline - timedelta(days=1)
        )

    told = _told(NotificationKind.TENDER_PUBLISHED)
    # supplier1's organisation chose no category: it hears of every tender; supplier2's
    # chose services and light-touch services (the demo), this tender's category.
    assert category == Category.LIGHT_TOUCH
    assert told == {chose_it.username, "supplier1", "supplier2"}
    assert chose_other.username not in _mailed_to(tender.reference)
    assert len(_mailed_to("New tender")) == 3
    link = f"{SITE}{reverse('tendering:public_detail', args=[tender.pk])}"
    assert all(link in m.body for m in mail.outbox)
    assert not User.objects.filter(username__in=told, supplier__isnull=True).exists()  # no staff


def test_a_bid_receipt_goes_to_the_bidders_users_only_with_its_fingerprint(
    site, run_tasks, user_for
):
    officer = user_for(Role.PROCUREMENT_OFFICER)
    tender = tendering.tender_publish(actor=officer, tender=draft_tender(officer))
    supplier1 = user_for(Role.SUPPLIER)
    colleague = user_of(Role.SUPPLIER, supplier1.supplier)
    mail.outbox.clear()

    with run_tasks():
        bid = complete_bid(tender, supplier1, price="123456.78", text="Our secret method")

    fingerprint = bid_fingerprint(bid)
    assert len(fingerprint) == 64
    receipts = Notification.objects.filter(kind=NotificationKind.BID_RECEIPT)
    assert {n.user.username for n in receipts} == {"supplier1", colleague.username}
    assert _mailed_to("Bid received") == sorted([supplier1.email, colleague.email])
    for message in [m for m in mail.outbox if "Bid received" in m.subject]:
        assert fingerprint in message.body
        assert f"{SITE}{reverse('tendering:bid_detail', args=[bid.pk])}" in message.body
        assert "123" not in message.body.replace(fingerprint, "")  # no price
        assert "secret" not in message.body  # no answer
    event = Event.objects.get(verb="bid.submitted", **about(bid))
    assert event.data == {"fingerprint": fingerprint}

    # supplier2 bids too: supplier1's people get nothing of it.
    mail.outbox.clear()
    with run_tasks():
        complete_bid(tender, User.objects.get(username="supplier2"))
    assert _mailed_to("Bid received") == [User.objects.get(username="supplier2").email]
    assert receipts.filter(user=supplier1).count() == 1


def test_the_bidders_of_a_tender_for_clarifications_and_deadlines(user_for):
    from socialvalue.notifications.selectors import users_bidding_on

    officer = user_for(Role.PROCUREMENT_OFFICER)
    tender = tendering.tender_publish(actor=officer, tender=draft_tender(officer))
    assert list(users_bidding_on(tender)) == []
    complete_bid(tender, user_for(Role.SUPPLIER), submit=False)  # a draft counts
    assert {u.username for u in users_bidding_on(tender)} == set(
        user_for(Role.SUPPLIER)
        .supplier.users.filter(is_active=True)
        .values_list("username", flat=True)
    )


def test_the_fingerprint_follows_the_content(user_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    officer = user_for(Role.PROCUREMENT_OFFICER)
    tender = tendering.tender_publish(actor=officer, tender=draft_tender(officer))
    supplier1 = user_for(Role.SUPPLIER)
    bid = complete_bid(tender, supplier1, submit=False)
    first = bid_fingerprint(bid)
    assert bid_fingerprint(bid) == first  # the same content, the same fingerprint
    before = tender.deadline - timedelta(hours=1)
    tendering.bid_save(
        actor=supplier1,
        bid=bid,
        price_text="100000.01",
        responses={c.pk: f"Our answer to {c.code}" for c in tender.criteria.all()},
        now=before,
    )
    bid.refresh_from_db()
    second = bid_fingerprint(bid)
    assert second != first  # a penny changes it

    criterion = tender.criteria.order_by("pk").first()
    for content in (b"%PDF-1.4 one", b"%PDF-1.4 two"):
        attachment = tendering.attachment_add(
            actor=supplier1,
            bid=bid,
            criterion=criterion,
            upload=SimpleUploadedFile("method.pdf", content),
            media_type="application/pdf",
            now=before,
        )
        changed = bid_fingerprint(bid)
        assert changed != second  # a file, and a file's bytes, change it
        second = changed
        if content.endswith(b"one"):
            tendering.attachment_remove(actor=supplier1, bid=bid, attachment=attachment, now=before)


# Delivery returns and variations ------------------------------------------------------------


@pytest.fixture
def contract(user_for):
    """supplier1's organisation's contract from 1 April 2026, quarterly, returns due in 30
    days: Q1's is due on 30 July 2026."""
    DeliveryStatusRule.objects.create(
        green_from_percent=Decimal("90"),
        amber_from_percent=Decimal("70"),
        return_due_days=30,
        effective_from=date(2000, 4, 1),
    )
    contract = ContractFactory(
        supplier=user_for(Role.SUPPLIER).supplier, awarded_by=user_for(Role.PROCUREMENT_OFFICER)
    )
    KpiFactory(contract=contract, measure=MeasureFactory(), quantity=Decimal("40"))
    return contract


def test_returns_due_then_overdue_from_the_daily_task(site, run_tasks, contract):
    supplier_people = {"supplier1"} | set(
        contract.supplier.users.values_list("username", flat=True)
    )
    mail.outbox.clear()
    with run_tasks():
        due = contracts.due_notices_send(today=date(2026, 6, 30))  # Q1 not ended yet
    assert [n for n in due if n.contract == contract] == []

    with run_tasks():
        due = contracts.due_notices_send(today=date(2026, 7, 1))
        contracts.due_notices_send(today=date(2026, 7, 2))  # once only
    assert [(n.period_number, n.due_on) for n in due if n.contract == contract] == [
        (1, date(2026, 7, 30))
    ]
    mine = Notification.objects.filter(kind=NotificationKind.RETURN_DUE, target_id=contract.pk)
    assert {n.user.username for n in mine} == supplier_people
    assert mine.count() == len(supplier_people)
    [message, *_] = [m for m in mail.outbox if contract.reference in m.subject]
    assert "is due by 30 July 2026" in message.body
    path = reverse("contracts:return_submit", args=[contract.pk, 1])
    assert f"{SITE}{path}\n" in message.body

    mail.outbox.clear()
    with run_tasks():
        contracts.reminders_send(today=date(2026, 7, 31))
    overdue = Notification.objects.filter(
        kind=NotificationKind.RETURN_OVERDUE, target_id=contract.pk
    )
    assert {n.user.username for n in overdue} == supplier_people
    assert _mailed_to(f"overdue: {contract.reference}") == sorted(
        User.objects.filter(username__in=supplier_people).values_list("email", flat=True)
    )


def test_the_daily_task_sends_both(site, run_tasks, contract):
    with run_tasks():
        result = send_return_reminders.enqueue()  # today: Q1 of 2026 long overdue
    assert result.return_value >= 1
    assert Notification.objects.filter(
        kind=NotificationKind.RETURN_OVERDUE, target_id=contract.pk
    ).exists()


def test_a_rejected_line_is_told_to_the_contracts_supplier_only(
    site, run_tasks, contract, user_for
):
    supplier1 = user_for(Role.SUPPLIER)
    other_firm = user_of(Role.SUPPLIER, SupplierFactory())
    delivery_return = DeliveryReturn.objects.create(
        contract=contract,
        period_number=1,
        period_start=date(2026, 4, 1),
        period_end=date(2026, 6, 30),
        submitted_at=timezone.now(),
        submitted_by=supplier1,
    )
    line = ReturnLine.objects.create(
        delivery_return=delivery_return,
        kpi=contract.kpis.get(),
        quantity=Decimal("9"),
        narrative="Nine weeks",
        status=LineStatus.SUBMITTED,
        submitted_by=supplier1,
        submitted_at=timezone.now(),
    )
    mail.outbox.clear()
    with run_tasks():
        contracts.line_reject(
            actor=user_for(Role.CONTRACT_MANAGER), line=line, reason="No timesheets attached"
        )
    told = _told(NotificationKind.RETURN_REJECTED)
    assert "supplier1" in told and other_firm.username not in told
    assert told <= set(contract.supplier.users.values_list("username", flat=True))
    [message] = [m for m in mail.outbox if m.to == [supplier1.email]]
    assert "No timesheets attached" in message.body
    assert f"{SITE}{reverse('contracts:line_correct', args=[line.pk])}" in message.body


def test_a_variation_to_approve_is_told_to_those_who_may_decide_it(
    site, run_tasks, contract, user_for
):
    officer = user_for(Role.PROCUREMENT_OFFICER)
    mail.outbox.clear()
    with run_tasks():
        variation = contracts.variation_request(
            actor=officer,
            contract=contract,
            kind=VariationKind.VALUE,
            new_values={"value": "120000"},
            reason="Two more sites",
        )
    told = _told(NotificationKind.VARIATION_TO_APPROVE)
    assert {"manager", "admin"} <= told
    assert not told & {"officer", "viewer", "evaluator1", "supplier1", "supplier2"}
    link = f"{SITE}{reverse('contracts:variation_decide', args=[variation.pk])}"
    assert _mailed_to("Variation to approve") == sorted(
        User.objects.filter(username__in=told).values_list("email", flat=True)
    )
    assert all(link in m.body for m in mail.outbox if "Variation" in m.subject)
