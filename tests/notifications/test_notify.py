"""``notifications.services.notify``: one row per person who wants it in the service, one
e-mail each (sent by the background task once the caller's transaction commits) to those
who want it by e-mail, with an absolute link; each person's choices honoured."""

from __future__ import annotations

import pytest
from django.core import mail

from socialvalue.accounts.roles import Role
from socialvalue.core.errors import DomainError, NotAllowed
from socialvalue.notifications import selectors, services
from socialvalue.notifications.models import (
    Notification,
    NotificationKind,
    NotificationPreference,
)
from socialvalue.notifications.tasks import send_notification_emails
from tests.conftest import about
from tests.factories import SupplierFactory
from tests.notifications.conftest import user_of

pytestmark = pytest.mark.django_db

KIND = NotificationKind.BID_RECEIPT


def _notify(users, **fields):
    return services.notify(
        kind=KIND,
        users=users,
        title="Bid received: T-1",
        body="We received your bid.",
        path="/tenders/bids/1/",
        **fields,
    )


def test_each_person_gets_it_the_ways_they_chose(site, run_tasks):
    supplier = SupplierFactory()
    both = user_of(Role.SUPPLIER, supplier)
    page_only = user_of(Role.SUPPLIER, supplier)
    email_only = user_of(Role.SUPPLIER, supplier)
    neither = user_of(Role.SUPPLIER, supplier)
    no_address = user_of(Role.SUPPLIER, supplier, email="")
    for user, by_email, in_service in (
        (page_only, False, True),
        (email_only, True, False),
        (neither, False, False),
    ):
        NotificationPreference.objects.create(
            user=user, kind=KIND, by_email=by_email, in_service=in_service
        )
    mail.outbox.clear()

    with run_tasks():
        rows = _notify([both, page_only, email_only, neither, no_address, both])

    assert sorted(r.user.username for r in rows) == sorted(
        u.username for u in (both, page_only, email_only, no_address)
    )  # each once; nothing at all for "neither"
    shown = {n.user_id for n in Notification.objects.filter(in_service=True)}
    assert shown == {both.pk, page_only.pk, no_address.pk}
    assert sorted(m.to for m in mail.outbox) == sorted([[both.email], [email_only.email]])
    for message in mail.outbox:
        assert message.subject == "Bid received: T-1"
        assert "https://socialvalue.example.org/tenders/bids/1/\n" in message.body
        assert "https://socialvalue.example.org/notifications/settings/" in message.body
    assert all(r.link == "https://socialvalue.example.org/tenders/bids/1/" for r in rows)
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 2


def test_only_active_people_who_may_receive_the_kind_are_told(site, run_tasks):
    supplier = SupplierFactory()
    bidder = user_of(Role.SUPPLIER, supplier)
    officer = user_of(Role.PROCUREMENT_OFFICER)  # a bid receipt is a bidder's
    gone = user_of(Role.SUPPLIER, supplier, is_active=False)
    mail.outbox.clear()
    with run_tasks():
        rows = _notify([bidder, officer, gone])
    assert [r.user for r in rows] == [bidder]
    assert [m.to for m in mail.outbox] == [[bidder.email]]


def test_no_email_before_the_callers_transaction_commits(site, django_capture_on_commit_callbacks):
    user = user_of(Role.SUPPLIER, SupplierFactory())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as queued:
        _notify([user])
    assert mail.outbox == [] and len(queued) == 1
    queued[0]()  # the commit: the task is enqueued (and run by the immediate backend)
    assert [m.to for m in mail.outbox] == [[user.email]]


def test_an_email_goes_once_even_if_the_task_runs_twice(site, run_tasks):
    user = user_of(Role.SUPPLIER, SupplierFactory())
    mail.outbox.clear()
    with run_tasks():
        [row] = _notify([user])
    result = send_notification_emails.enqueue([row.pk])
    assert result.return_value == 0
    assert len(mail.outbox) == 1


def test_mark_read_own_only_and_all(run_tasks):
    supplier = SupplierFactory()
    reader, other = user_of(Role.SUPPLIER, supplier), user_of(Role.SUPPLIER, supplier)
    with run_tasks():
        first, _ = _notify([reader, other])
        _notify([reader])
    assert selectors.unread_count(reader) == 2
    services.notification_read(actor=reader, notification=first)
    assert selectors.unread_count(reader) == 1
    theirs = Notification.objects.get(user=other)
    with pytest.raises(NotAllowed):
        services.notification_read(actor=reader, notification=theirs)
    assert services.notifications_read_all(actor=reader) == 1
    assert selectors.unread_count(reader) == 0 and selectors.unread_count(other) == 1


def test_preferences_offer_only_the_roles_kinds_and_are_audited():
    from socialvalue.audit.models import Event

    supplier_user = user_of(Role.SUPPLIER, SupplierFactory())
    manager = user_of(Role.CONTRACT_MANAGER)
    viewer = user_of(Role.VIEWER)
    assert NotificationKind.VARIATION_TO_APPROVE not in selectors.kinds_offered(supplier_user)
    assert NotificationKind.BID_RECEIPT in selectors.kinds_offered(supplier_user)
    assert selectors.kinds_offered(manager) == [NotificationKind.VARIATION_TO_APPROVE]
    assert selectors.kinds_offered(viewer) == []

    changed = services.preferences_save(
        actor=supplier_user,
        choices={
            NotificationKind.BID_RECEIPT: services.Channels(by_email=False, in_service=True),
            NotificationKind.OUTCOME: services.Channels(by_email=True, in_service=True),
        },
    )
    assert changed == [NotificationKind.BID_RECEIPT]  # the outcome was both already
    assert selectors.preferences_of(supplier_user)[NotificationKind.BID_RECEIPT] == (False, True)
    event = Event.objects.get(verb="notification.preferences_changed")
    assert event.data == {"bid_receipt": {"by_email": False, "in_service": True}}

    with pytest.raises(DomainError) as refused:
        services.preferences_save(
            actor=viewer,
            choices={NotificationKind.BID_RECEIPT: services.Channels(True, True)},
        )
    assert refused.value.problems[0].code == "notification.kind_not_offered"


def test_categories_of_interest_decide_who_hears_of_a_tender():
    from socialvalue.audit.models import Event
    from socialvalue.procurement.models import Category

    services_firm, works_firm, any_firm = SupplierFactory(), SupplierFactory(), SupplierFactory()
    services_user = user_of(Role.SUPPLIER, services_firm)
    works_user = user_of(Role.SUPPLIER, works_firm)
    any_user = user_of(Role.SUPPLIER, any_firm)
    services.categories_choose(actor=services_user, categories=[Category.SERVICES, Category.MIXED])
    services.categories_choose(actor=works_user, categories=[Category.WORKS])

    told = set(selectors.users_interested_in(Category.SERVICES))
    assert services_user in told and any_user in told and works_user not in told
    assert Event.objects.filter(verb="supplier.categories_chosen", **about(services_firm)).exists()

    with pytest.raises(DomainError) as refused:
        services.categories_choose(actor=works_user, categories=["space"])
    assert refused.value.problems[0].code == "categories.unknown"
    with pytest.raises(NotAllowed):
        services.categories_choose(actor=user_of(Role.PROCUREMENT_OFFICER), categories=[])
